#!/usr/bin/env bash
# A web scanner (wapiti 3.2.3, from PyPI into target/tools/wapiti) over every
# page of every demo person, signed in as each in turn, against the demo
# server (RTW_BINARY, else the release build); then the server's log must
# hold no panic and no error. Loopback only, each person's scan bounded.
# Usage: scripts/scan.sh [SECONDS_PER_PERSON]   (default 120)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
per=${1:-120}
SERVER=${RTW_BINARY:-target/release/rtw-portal}
WAPITI=target/tools/wapiti/bin/wapiti
if [ ! -x "$WAPITI" ]; then
  python3 -m venv target/tools/wapiti
  target/tools/wapiti/bin/pip install -q "wapiti3==3.2.3"
fi
data=$(mktemp -d)
LOG=$data/server.log
LEPTOS_SITE_ADDR=127.0.0.1:0 RTW_DEMO=1 RTW_DATA_DIR=$data RUST_LOG=info,sqlx=warn "$SERVER" >"$LOG" 2>&1 &
PID=$!
# The script's own status survives the clean-up (the killed server's, which
# errexit would take, does not).
trap 'status=$?; kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -rf "$data"; exit $status' EXIT
for _ in $(seq 300); do grep -q "listening on" "$LOG" && break; sleep 0.1; done
URL=$(grep -o 'listening on http://[0-9.:]*' "$LOG" | awk '{print $3}')

# session EMAIL: signs in through the code flow (the demo's mailbox page).
session() {
  local email=$1 cookies code
  cookies=$(curl -s -D - -o /dev/null -d "email=$email" "$URL/api/sign-in/request-code" \
    | grep -io '^set-cookie: __Host-rtw-[a-z-]*=[^;]*' | cut -d' ' -f2 | paste -sd';' -)
  for _ in $(seq 50); do
    code=$(curl -s "$URL/dev/mailbox" | awk -v RS='<li' -v to="mail-to\">$email<" '
      index($0, to) { b = substr($0, index($0, "mail-body"));
        if (match(b, /[0-9][0-9][0-9][0-9][0-9][0-9]/)) { print substr(b, RSTART, 6); exit } }')
    [ -n "$code" ] && break
    sleep 0.1
  done
  curl -s -D - -o /dev/null -H "Cookie: $cookies" -d "code=$code" "$URL/api/sign-in/verify-code" \
    | grep -o '__Host-rtw-session=[^;]*'
}

for email in sanna@example.com pekka.makinen@example.com mark.devries@example.com jukka.niemi@example.com \
  anna.jansen@example.com eva.lind@example.com liisa.korhonen@example.com; do
  start=/shared; [ "$email" = sanna@example.com ] && start=/case
  cookie=$(session "$email")
  [ -n "$cookie" ] || { echo "sign-in as $email failed" >&2; exit 1; }
  echo "== $email: wapiti over $URL$start for at most ${per}s"
  "$WAPITI" -u "$URL$start" --scope folder -H "Cookie: $cookie" -x "$URL/api/sign-in/sign-out" \
    -m "all,-nikto,-wapp,-buster,-ssl,-takeover,-network_device,-brute_login_form" \
    --max-scan-time "$per" -f json -o "$data/$email.json" --flush-session >"$data/$email.out" 2>&1 || true
  found=$(node -e 'const r = require(process.argv[1]); const n = Object.values(r.vulnerabilities || {}).reduce((a, v) => a + v.length, 0);
    const kinds = Object.entries(r.vulnerabilities || {}).filter(([, v]) => v.length).map(([k, v]) => `${k}: ${v.map((x) => x.info).join("; ")}`);
    console.log(`${r.infos?.crawled_pages_nbr ?? "?"} pages crawled, ${n} findings${kinds.length ? "\n     " + kinds.join("\n     ") : ""}`)' "$data/$email.json" 2>/dev/null || echo "no report")
  echo "   $found"
done
sleep 2
bad=$(sed 's/\x1b\[[0-9;]*m//g' "$LOG" | grep -E 'panicked|\bERROR\b' || true)
echo "server log: $(wc -l <"$LOG") lines, $(printf '%s' "$bad" | grep -c . || true) panics or errors"
if [ -n "$bad" ]; then
  printf '%s\n' "$bad" | cut -c1-300 | sort | uniq -c | sort -rn | head -20
  exit 1
fi
