#!/usr/bin/env bash
# Proof that every page query uses an index at scale: seeds a throwaway
# database (the scale seeder, server/examples/seed_scale), then prints each query of
# scripts/plans.sql with its plan and a verdict (server/examples/plans.rs),
# and exits non-zero if any query scans a table.
#
#   scripts/plans.sh                      SQLite, 10,000 workers, 1,000,000 log rows
#   scripts/plans.sh --postgres           the same on a throwaway PostgreSQL cluster
#   scripts/plans.sh --workers 2000 --log-rows 200000
#   scripts/plans.sh --keep               keep the SQLite directory (its path is printed)
#   DATABASE_URL=... scripts/plans.sh     plan an existing database, without seeding
#
# The list of queries is scripts/plans.sql; its header says how to keep it
# current. Builds the seeder and the planner (release examples; no site needed).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

postgres=0 keep=0 workers=10000 rows=1000000
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) postgres=1 ;;
    --keep) keep=1 ;;
    --workers) workers=$2; shift ;;
    --log-rows) rows=$2; shift ;;
    *) echo "usage: scripts/plans.sh [--postgres] [--workers N] [--log-rows M] [--keep]" >&2; exit 2 ;;
  esac
  shift
done

cargo build -p server --release --example seed_scale --example plans
# A throwaway database: its chain under a throwaway key (the seeder, like the
# server, refuses to run without one outside demo mode).
export RTW_SECRET_KEY=${RTW_SECRET_KEY:-plans-only-0123456789abcdef0123456789abcdef}
seeder=${CARGO_TARGET_DIR:-target}/release/examples/seed_scale
plans=${CARGO_TARGET_DIR:-target}/release/examples/plans

if [ -n "${DATABASE_URL:-}" ]; then
  exec "$plans" scripts/plans.sql
fi

if [ "$postgres" = 1 ]; then
  source scripts/postgres.sh
  pg_up
  trap pg_down EXIT
  psql -q "$RTW_TEST_POSTGRES" -c "CREATE DATABASE plans"
  export DATABASE_URL="${RTW_TEST_POSTGRES%/*}/plans"
else
  RTW_DATA_DIR=$(mktemp -d /tmp/rtw-plans.XXXXXX)
  export RTW_DATA_DIR
  if [ "$keep" = 1 ]; then
    echo "database kept in $RTW_DATA_DIR"
  else
    trap 'rm -rf "$RTW_DATA_DIR"' EXIT
  fi
fi

"$seeder" --workers "$workers" --log-rows "$rows"
echo
"$plans" scripts/plans.sql
