#!/usr/bin/env bash
# The crash harness (end2end/crash/run.mjs): the server (RTW_BINARY, else
# the release build) under
# concurrent writes, killed with SIGKILL at random moments; PostgreSQL
# crashed under load; two instances with one killed; a full disk. After each
# kill every acknowledged write must be there, every other write whole or
# absent, the access-log chain must verify.
# Usage: scripts/crash.sh [short|full]
#   short (the test command runs it, about a minute): 5 kills on SQLite,
#         2 on PostgreSQL, 1 PostgreSQL crash, 1 kill of one of two
#         instances, a full disk;
#   full: 200 kills on SQLite, 50 on PostgreSQL, 10 PostgreSQL crashes,
#         10 kills of one of two instances, a full disk.
# Uses the PostgreSQL cluster of the caller (RTW_TEST_POSTGRES, as test.sh
# starts one) or starts a throwaway one. The full disk needs root (tmpfs).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-short}
case "$mode" in
  short) sqlite=5 pg=2 pg_crashes=1 pair=1 ;;
  full) sqlite=200 pg=50 pg_crashes=10 pair=10 ;;
  *) echo "usage: scripts/crash.sh [short|full]" >&2; exit 2 ;;
esac
if [ ! -x "${RTW_BINARY:-target/release/rtw-portal}" ] || [ ! -d end2end/node_modules ]; then
  scripts/setup.sh --browser
  [ -x "${RTW_BINARY:-target/release/rtw-portal}" ] || scripts/build.sh
fi
source scripts/env.sh
source scripts/postgres.sh
if [ -z "${RTW_TEST_POSTGRES:-}" ]; then
  trap pg_down EXIT
  pg_up
fi
PG_CTL="$(pg_bin)/pg_ctl"
export PG_CTL
disk=()
[ "$(id -u)" = 0 ] && disk=(--disk-full) || echo "not root: the full-disk phase is left out (it mounts a small tmpfs)" >&2
node end2end/crash/run.mjs --kills "$sqlite" "${disk[@]}"
node end2end/crash/run.mjs --backend postgres --kills "$pg" --pg-restarts "$pg_crashes" --two-instances "$pair"
