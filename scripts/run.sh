#!/usr/bin/env bash
# Builds the release site and serves the portal with the demo case on
# http://localhost:3000 (data in ./data; delete it to start over).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
scripts/build.sh
export LEPTOS_SITE_ADDR="${RTW_ADDR:-127.0.0.1:3000}"
export RTW_DEMO="${RTW_DEMO:-1}"
export RTW_DATA_DIR="${RTW_DATA_DIR:-$ROOT/data}"

# The demo's identity provider: the tests' own OpenID Connect provider
# (end2end/oidc-provider.mjs) on a free loopback port, so "Sign in with Demo
# eID" works too. Its login page takes the part of a demo address before the
# @ (sanna, pekka.makinen, ...). Not with a provider of your own configured.
if [ "$RTW_DEMO" = 1 ] && [ -z "${RTW_OIDC_ISSUER:-}" ] && [ "${LEPTOS_SITE_ADDR##*:}" != 0 ]; then
  mkdir -p "$RTW_DATA_DIR"
  public="${RTW_PUBLIC_URL:-http://localhost:${LEPTOS_SITE_ADDR##*:}}"
  accounts='{'
  for email in sanna@example.com pekka.makinen@example.com mark.devries@example.com jukka.niemi@example.com \
      anna.jansen@example.com eva.lind@example.com liisa.korhonen@example.com; do
    accounts+="\"${email%@*}\": {\"email\": \"$email\", \"email_verified\": true},"
  done
  accounts="${accounts%,}}"
  secret="demo-only-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  coproc PROVIDER { OIDC_REDIRECT_URIS="${public%/}/api/sign-in/oidc/callback" OIDC_CLIENT_SECRET="$secret" \
    OIDC_ACCOUNTS="$accounts" exec node end2end/oidc-provider.mjs 2>"$RTW_DATA_DIR/demo-provider.log"; }
  provider=$PROVIDER_PID
  if read -r _ issuer <&"${PROVIDER[0]}"; then
    export RTW_OIDC_ISSUER="$issuer" RTW_OIDC_CLIENT_ID=rtw-portal RTW_OIDC_CLIENT_SECRET="$secret" \
      RTW_OIDC_NAME="Demo eID"
  else
    echo "The demo's identity provider did not start (see $RTW_DATA_DIR/demo-provider.log): e-mail codes only." >&2
  fi
  # Both stop together, however this script is stopped.
  target/release/rtw-portal &
  portal=$!
  trap 'kill "$portal" "$provider" 2>/dev/null || true' INT TERM EXIT
  wait "$portal"
else
  exec target/release/rtw-portal
fi
