#!/usr/bin/env bash
# Prints the figures of docs/PERFORMANCE.md: brotli sizes of what a phone
# downloads before the first page, and the server time of the case overview.
# Usage: scripts/bench.sh [requests]   (after a release build; run.sh/test.sh make one)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
N=${1:-300}
[ -x target/release/rtw-portal ] || { echo "no release build: run cargo leptos build --release" >&2; exit 1; }

# Lighthouse from npm, installed once under target/ (not a test dependency).
# Three runs per page; medians, since one run on a shared machine is noisy.
# LH_THROTTLING=devtools applies the slow network in Chromium instead of
# Lighthouse's default simulation.
LIGHTHOUSE=target/tools/lighthouse/node_modules/.bin/lighthouse
LH_THROTTLING=${LH_THROTTLING:-simulate}
lighthouse_pages() {
  local url=$1 session=$2; shift 2
  [ -x "$LIGHTHOUSE" ] || npm install --silent --prefix target/tools/lighthouse lighthouse@12.8.2 >/dev/null
  for p in "$@"; do
    # Signed in, / would redirect to /case: measure the sign-in page as a
    # newcomer sees it.
    local cookie="{\"Cookie\":\"__Host-rtw-session=$session\"}"
    [ "$p" = / ] && cookie="{}"
    outs=()
    for run in 1 2 3; do
      outs+=("$(mktemp)")
      CHROME_PATH=/usr/bin/chromium "$LIGHTHOUSE" "$url$p" --quiet --throttling-method="$LH_THROTTLING" --output=json --output-path="${outs[-1]}" \
        --only-categories=performance,accessibility --extra-headers="$cookie" \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
    done
    node -e '
      const [page, ...files] = process.argv.slice(1);
      const runs = files.map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
      const med = (f) => runs.map(f).sort((a, b) => a - b)[1];
      console.log(page.padEnd(24), "performance", Math.round(med((r) => r.categories.performance.score) * 100),
        " accessibility", Math.round(med((r) => r.categories.accessibility.score) * 100),
        " FCP", (med((r) => r.audits["first-contentful-paint"].numericValue) / 1000).toFixed(1), "s",
        " LCP", (med((r) => r.audits["largest-contentful-paint"].numericValue) / 1000).toFixed(1), "s",
        " TBT", Math.round(med((r) => r.audits["total-blocking-time"].numericValue)), "ms  (median of 3)");' "$p" "${outs[@]}"
    rm -f "${outs[@]}"
  done
}

bench() {
data=$(mktemp -d)
log=$data/server.log
LEPTOS_SITE_ADDR=127.0.0.1:0 RTW_DEMO=1 RTW_DATA_DIR=$data RUST_LOG=warn target/release/rtw-portal >"$log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.1; done
url=$(grep -o 'listening on http://[0-9.:]*' "$log" | awk '{print $3}')

if [ "$1" = sqlite ]; then
  echo "== the site's files (brotli, as served; names carry a content hash)"
  for ext in wasm js css; do
    f=$(cd target/site/pkg && ls rtw-portal.*."$ext")
    raw=$(stat -c %s "target/site/pkg/$f")
    br=$(curl -s -H 'Accept-Encoding: br' "$url/pkg/$f" | wc -c)
    printf '%-6s %8d raw %8d brotli\n' "$ext" "$raw" "$br"
  done
  echo "== bytes on the wire page by page, in Chromium at phone size (end2end/first-load.mjs)"
  node end2end/first-load.mjs
fi

# Sign in as the demo worker through the real code flow.
curl -s -o /dev/null -d 'email=sanna@example.com' "$url/api/sign-in/request-code"
sleep 0.3
code=$(curl -s "$url/dev/mailbox" | grep -o 'code is [0-9]\{6\}' | head -1 | awk '{print $3}')
session=$(curl -s -D - -o /dev/null -H 'Cookie: __Host-rtw-sign-in=sanna@example.com' -d "code=$code" \
  "$url/api/sign-in/verify-code" | grep -o '__Host-rtw-session=[^;]*' | cut -d= -f2)
[ -n "$session" ] || { echo "sign-in failed" >&2; exit 1; }

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f ms (p90 %.2f ms, n=%d)\n", m*1000, a[int(NR*0.9)]*1000, NR}'; }
timed() { for _ in $(seq "$N"); do curl -s -o /dev/null -w '%{time_total}\n' "$@"; done; }

echo "== server time on $1, median of $N sequential requests on loopback"
printf '%-40s ' "GET /case (SSR, signed in)"
timed -H 'Accept: text/html' -H "Cookie: __Host-rtw-session=$session" "$url/case" | median
printf '%-40s ' "POST /api/case/mine (server function)"
timed -X POST -H "Cookie: __Host-rtw-session=$session" "$url/api/case/mine" | median
printf '%-40s ' "GET / (sign-in page)"
timed -H 'Accept: text/html' "$url/" | median

# Saving a draft (what the Work page's island does after a pause in typing),
# rewriting one draft; and the employer's page of the demo case.
draft_form="case_id=1&kind=phased_return&help=Two+half+days&benefit=&from=&until="
draft=$(curl -s -H "Cookie: __Host-rtw-session=$session" -d "$draft_form&adjustment_id=" "$url/api/work/write" | tr -d '"')
printf '%-40s ' "POST /api/work/write (save a draft)"
timed -H "Cookie: __Host-rtw-session=$session" -d "$draft_form&adjustment_id=$draft" "$url/api/work/write" | median
curl -s -o /dev/null -d 'email=pekka.makinen@example.com' "$url/api/sign-in/request-code"
sleep 0.3
boss_code=$(curl -s "$url/dev/mailbox" | grep -o 'code is [0-9]\{6\}' | head -1 | awk '{print $3}')
boss=$(curl -s -D - -o /dev/null -H 'Cookie: __Host-rtw-sign-in=pekka.makinen@example.com' -d "code=$boss_code" \
  "$url/api/sign-in/verify-code" | grep -o '__Host-rtw-session=[^;]*' | cut -d= -f2)
printf '%-40s ' "GET /shared/1 (the employer's page)"
timed -H 'Accept: text/html' -H "Cookie: __Host-rtw-session=$boss" "$url/shared/1" | median
# The employer cannot tell "not sent to me" from "not there" (nor, below,
# from "the grant was stopped"): same status and body, and these timings.
step="case_id=1&step=agreed&start=2026-12-01&review="
printf '%-40s ' "agree: a draft never sent to them"
timed -H "Cookie: __Host-rtw-session=$boss" -d "$step&adjustment_id=$draft" "$url/api/work/step" | median
printf '%-40s ' "agree: an adjustment that does not exist"
timed -H "Cookie: __Host-rtw-session=$boss" -d "$step&adjustment_id=999999" "$url/api/work/step" | median

# Grant and revoke: the one-tap preset and "stop all", alternating, on the
# occupational physician of the demo case.
ids=$(curl -s -H 'Accept: text/html' -H "Cookie: __Host-rtw-session=$session" "$url/case" \
  | grep -o '/case/[0-9]*/sharing/[0-9]*' | sed -n 3p)
case_id=$(echo "$ids" | cut -d/ -f3); pid=$(echo "$ids" | cut -d/ -f5)
grant_times=$(mktemp); revoke_times=$(mktemp)
for _ in $(seq "$N"); do
  curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: __Host-rtw-session=$session" \
    -d "case_id=$case_id&participant_id=$pid" "$url/api/sharing/preset" >>"$grant_times"
  curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: __Host-rtw-session=$session" \
    -d "case_id=$case_id&participant_id=$pid&category=&purpose=" "$url/api/sharing/revoke" >>"$revoke_times"
done
printf '%-40s ' "POST /api/sharing/preset (grant)"; median <"$grant_times"
printf '%-40s ' "POST /api/sharing/revoke (stop all)"; median <"$revoke_times"
rm -f "$grant_times" "$revoke_times"

# Concurrent load: 16 connections for LOAD_SECONDS each on loopback (wrk
# from Debian's packages, installed once), each page beside /healthz of the
# same binary in the same run. Every page view appends its access-log rows
# in a durable transaction before it answers.
if ! command -v wrk >/dev/null; then
  apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
fi
echo "== 16 concurrent connections, ${LOAD_SECONDS:-8} s each, on $1 (wrk)"
healthz_rps=
load() {
  local name=$1 out rps; shift
  out=$(wrk -t2 -c16 -d"${LOAD_SECONDS:-8}s" --latency "$@")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  [ -n "$healthz_rps" ] || healthz_rps=$rps
  awk -v name="$name" -v rps="$rps" -v base="$healthz_rps" '
    $1 == "50%" {p50 = $2} $1 == "99%" {p99 = $2} /Non-2xx/ {bad = "  non-2xx: " $NF}
    END {printf "%-40s %9.0f req/s  %5.1f %% of /healthz  p50 %8s  p99 %8s%s\n", name, rps, 100 * rps / base, p50, p99, bad}' <<<"$out"
}
load "GET /healthz" "$url/healthz"
load "GET / (sign-in page)" "$url/"
load "GET /case (the worker)" -H "Cookie: __Host-rtw-session=$session" "$url/case"
load "GET /shared/1 (the employer)" -H "Cookie: __Host-rtw-session=$boss" "$url/shared/1"

if [ "$1" = sqlite ]; then
  echo "== Lighthouse (mobile, slow 4G, throttling: $LH_THROTTLING), signed in as the demo worker"
  lighthouse_pages "$url" "$session" / /case "/case/$case_id/sharing/$pid" "/case/$case_id/history" "/case/$case_id/activity"
fi

echo "== the authorization check alone on $1 (in process, release build)"
cargo run -q --release -p server --example bench_authz -- 2000
echo "== the first page of the access log, short and long logs, on $1 (in process)"
cargo run -q --release -p server --example bench_activity -- 300
kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$data"
}

unset DATABASE_URL
bench sqlite

# The same on a throwaway PostgreSQL cluster, when PostgreSQL is installed.
source scripts/postgres.sh
if [ -n "$(pg_bin)" ]; then
  trap pg_down EXIT
  pg_up >/dev/null
  for db in bench_http bench_authz; do psql -q "$RTW_TEST_POSTGRES" -c "CREATE DATABASE $db"; done
  DATABASE_URL=${RTW_TEST_POSTGRES%/*}/bench_http BENCH_AUTHZ_URL=${RTW_TEST_POSTGRES%/*}/bench_authz bench postgresql
else
  echo "(PostgreSQL not installed: scripts/setup.sh --browser installs it)"
fi
