#!/usr/bin/env bash
# Runs every test: Rust unit and integration tests, clippy (ssr and hydrate,
# warnings as errors), and the browser suite against a fresh release build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
source scripts/env.sh
start=$(date +%s)
step() { printf '\n\033[1m== %s (%ss)\033[0m\n' "$*" "$(( $(date +%s) - start ))"; }

step "formatting (rustfmt.toml)"
cargo fmt --all --check || { echo "run cargo fmt --all" >&2; exit 1; }

step "Rust tests (SQLite)"
cargo test --workspace --no-fail-fast

# The same store, service and authorization tests on PostgreSQL, against a
# throwaway cluster that is removed on every exit, pass or fail. It stays up
# for the two-instance browser test below.
step "Rust tests (PostgreSQL)"
source scripts/postgres.sh
trap pg_down EXIT
pg_up
pg_started=$(date +%s)
# Fewer model cases here: every step is a round trip to the server (the
# SQLite run above does the full 10,000).
CONSENT_MODEL_CASES=${CONSENT_MODEL_CASES_PG:-500} LOGGED_VIEWS=${LOGGED_VIEWS_PG:-2000} \
  cargo test -p server --no-fail-fast
echo "PostgreSQL tests took $(( $(date +%s) - pg_started ))s"

step "clippy (server side)"
cargo clippy --workspace --all-targets -- -D warnings
step "clippy (browser side)"
cargo clippy -p app --lib --no-default-features --features hydrate --target wasm32-unknown-unknown -- -D warnings
step "no server crates in the wasm build"
if cargo tree --target wasm32-unknown-unknown -p app --no-default-features --features hydrate -e normal \
   | grep -E '^.* (tokio|sqlx|axum|leptos_axum) v' ; then
  echo "server-only crates leak into the wasm build" >&2; exit 1
fi

step "release build"
cargo leptos build --release

step "browser tests"
node end2end/run.mjs

step "crash harness (short mode; scripts/crash.sh full for the long one)"
scripts/crash.sh short
step "done"
