#!/usr/bin/env bash
# Installs whatever this machine lacks to build rtw-portal; a no-op when all
# is there. Usage: scripts/setup.sh [--browser]   (--browser: also Chromium,
# and the PostgreSQL server the tests run a throwaway cluster of)
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
# Must equal the exact wasm-bindgen version pinned in Cargo.toml.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

# The tools run a few seconds per build: they need no fat LTO or single
# codegen unit, which their own release profiles ask for and which made
# installing cargo-leptos take most of a fresh machine's first run. Both
# install side by side.
fast_install() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=2 cargo install "$@"
}
pids=()
if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  # 0.3.11 needs a newer rustc than these machines have; no_downloads makes a
  # missing tool an error instead of a download that hangs offline.
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (several minutes, once)"
  fast_install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads &
  pids+=($!)
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  # Not --locked: one locked dependency version is missing from the registry.
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  fast_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force &
  pids+=($!)
fi
for p in "${pids[@]}"; do wait "$p"; done

# Node packages: wasm-opt (binaryen), Playwright driver, axe-core.
if [ ! -f end2end/node_modules/.installed ] || [ end2end/package-lock.json -nt end2end/node_modules/.installed ]; then
  say "installing node packages"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  touch end2end/node_modules/.installed
fi

if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null; then
  say "installing Chromium from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# The crash harness reads the SQLite file directly after each kill.
if [ "${1:-}" = "--browser" ] && ! command -v sqlite3 >/dev/null; then
  say "installing the sqlite3 command from Debian (the crash harness's checks)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null
fi

if [ "${1:-}" = "--browser" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  say "installing PostgreSQL from Debian (tests start their own throwaway cluster)"
  # No default cluster: the tests make their own in a temporary directory.
  mkdir -p /etc/postgresql-common
  grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf \
    || echo 'create_main_cluster = false' >>/etc/postgresql-common/createcluster.conf
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
