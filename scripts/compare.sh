#!/usr/bin/env bash
# Before and after, side by side: the same pages under the same load on two
# release builds of the server, in alternating runs so the shared machine's
# drift hits both alike. Prints per page the median requests per second and
# the server's CPU time per request (utime + stime from /proc over the run,
# which the load generator's own CPU does not enter) of each build, and the
# ratio after/before of the CPU per request: above 1.10 means more than 10 %
# slower.
#
# Usage: scripts/compare.sh BEFORE AFTER [ROUNDS]
#   BEFORE, AFTER  release binaries built by scripts/build.sh (each with its
#                  hash.txt beside it and its site in ../site)
#   ROUNDS         alternating runs per page and build (default 5)
# Environment: SECONDS_PER_RUN (default 8), CONNECTIONS (default 16),
#   ONLY (a pattern: only the pages whose label matches it).
# Each build serves its own demo case (a fresh data directory, demo mode),
# so a page shows what that build's demo holds; with SAME_DATA=1 the after
# build serves a copy of the before build's database instead (migrated on
# start), so both render the same data and only the code differs.
# Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=$(realpath "$1") AFTER=$(realpath "$2") ROUNDS=${3:-5}
RUN=${SECONDS_PER_RUN:-8} CONN=${CONNECTIONS:-16}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
TICK=$(getconf CLK_TCK)

# start NAME BINARY [DATA]: the build in demo mode on a free port (URL_name,
# PID_name), on a copy of DATA's database if given, else on a new one.
start() {
  local name=$1 bin=$2 data log url
  data=$(mktemp -d); log=$data/server.log
  if [ -n "${3:-}" ]; then cp -r "$3"/. "$data"/; rm -f "$log"; fi
  LEPTOS_OUTPUT_NAME=rtw-portal LEPTOS_SITE_ROOT=$(dirname "$bin")/../site LEPTOS_SITE_PKG_DIR=pkg \
    LEPTOS_ENV=PROD LEPTOS_HASH_FILES=true LEPTOS_SITE_ADDR=127.0.0.1:0 RTW_DEMO=1 RTW_DATA_DIR=$data \
    RUST_LOG=warn "$bin" >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 300); do grep -q "listening on" "$log" && break; sleep 0.1; done
  url=$(grep -o 'listening on http://[0-9.:]*' "$log" | awk '{print $3}')
  [ -n "$url" ] || { cat "$log" >&2; exit 1; }
  printf -v "URL_$name" '%s' "$url"; printf -v "PID_$name" '%s' "$pid"; printf -v "DATA_$name" '%s' "$data"
}

# session URL EMAIL: a session token through the demo mailbox's code.
session() {
  local url=$1 email=$2 code cookies
  # The code belongs to the browser that asked: keep the cookies the
  # request sets (the sign-in and device cookies) for the answer.
  cookies=$(curl -s -D - -o /dev/null -d "email=$email" "$url/api/sign-in/request-code" \
    | awk 'tolower($1) == "set-cookie:" { sub(/;.*/, "", $2); printf "%s; ", $2 }')
  for _ in $(seq 50); do
    code=$(curl -s "$url/dev/mailbox" | awk -v RS='<li' -v to="mail-to\">$email<" '
      index($0, to) { b = substr($0, index($0, "mail-body"));
        if (match(b, /[0-9][0-9][0-9][0-9][0-9][0-9]/)) { print substr(b, RSTART, 6); exit } }')
    [ -n "$code" ] && break; sleep 0.1
  done
  curl -s -D - -o /dev/null -H "Cookie: ${cookies:-__Host-rtw-sign-in=$email}" -d "code=$code" "$url/api/sign-in/verify-code" \
    | grep -o '__Host-rtw-session=[^;]*' | cut -d= -f2
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# run NAME PATH TOKEN: one load; prints "req/s cpu_ms_per_request".
run() {
  local name=$1 path=$2 token=$3 url pid t0 t1 out requests rps
  url=URL_$name; pid=PID_$name
  t0=$(cpu_ticks "${!pid}")
  out=$(wrk -t1 -c"$CONN" -d"${RUN}s" ${token:+-H "Cookie: __Host-rtw-session=$token"} "${!url}$path")
  t1=$(cpu_ticks "${!pid}")
  requests=$(awk '/requests in/ { print $1 }' <<<"$out")
  rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
  if grep -q 'Non-2xx' <<<"$out"; then echo "$name $path: answers that were not 2xx" >&2; fi
  awk -v r="$rps" -v n="$requests" -v t=$((t1 - t0)) -v tick="$TICK" 'BEGIN { printf "%.0f %.4f\n", r, 1000 * t / tick / n }'
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

start before "$BEFORE"
if [ -n "${SAME_DATA:-}" ]; then
  # A consistent copy: the before build stops (its WAL checkpointed) first.
  kill "$PID_before"; wait "$PID_before" 2>/dev/null || true
  seeded=$DATA_before; start after "$AFTER" "$seeded"; start before "$BEFORE" "$seeded"; rm -rf "$seeded"
else
  start after "$AFTER"
fi
trap 'kill $PID_before $PID_after 2>/dev/null; rm -rf "$DATA_before" "$DATA_after"' EXIT
declare -A TOKEN
for b in before after; do
  url=URL_$b
  for who in sanna@example.com mark.devries@example.com pekka.makinen@example.com; do
    TOKEN[$b,$who]=$(session "${!url}" "$who")
  done
done

# page label|path|who (who: empty for no session)
PAGES=(
  "/healthz|/healthz|"
  "the sign-in page|/|"
  "My case (the worker)|/case|sanna@example.com"
  "a clinician's case page|/shared/1|mark.devries@example.com"
  "the employer's page|/shared/1|pekka.makinen@example.com"
  "Work (the worker)|/case/1/work|sanna@example.com"
  "Sharing (the worker)|/case/1/sharing|sanna@example.com"
  "Activity (the worker)|/case/1/activity|sanna@example.com"
  "Your passkeys (a clinician)|/passkeys|mark.devries@example.com"
)
echo "compare: $ROUNDS alternating runs of ${RUN}s at $CONN connections per page and build; $(nproc) cores"
echo "  before: $BEFORE"
echo "  after:  $AFTER"
printf '%-28s %22s %22s %8s\n' page "before req/s, CPU/req" "after req/s, CPU/req" "CPU x"
for p in "${PAGES[@]}"; do
  IFS='|' read -r label path who <<<"$p"
  [[ -z "${ONLY:-}" || "$label" =~ $ONLY ]] || continue
  declare -a rb=() cb=() ra=() ca=()
  for _ in $(seq "$ROUNDS"); do
    read -r r c < <(run before "$path" "${who:+${TOKEN[before,$who]}}"); rb+=("$r"); cb+=("$c")
    read -r r c < <(run after "$path" "${who:+${TOKEN[after,$who]}}"); ra+=("$r"); ca+=("$c")
  done
  mrb=$(printf '%s\n' "${rb[@]}" | median); mcb=$(printf '%s\n' "${cb[@]}" | median)
  mra=$(printf '%s\n' "${ra[@]}" | median); mca=$(printf '%s\n' "${ca[@]}" | median)
  printf '%-28s %10s %8.3f ms %10s %8.3f ms %8.2f\n' "$label" "$mrb" "$mcb" "$mra" "$mca" \
    "$(awk -v a="$mca" -v b="$mcb" 'BEGIN { print a / b }')"
done
