#!/usr/bin/env bash
# Runs every test: Rust unit and integration tests on SQLite and PostgreSQL,
# clippy (ssr and hydrate, warnings as errors), the browser suite and the
# short crash harness. The browser suite and the harness run the release
# wasm against the debug server `cargo test` builds: the same code as the
# release server, which compiling again would add a quarter hour to a fresh
# checkout's run (scripts/run.sh and scripts/bench.sh build it).
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
# --workspace like the SQLite run, so cargo resolves the same features and
# compiles nothing again (the app's own tests run twice, in about a second).
CONSENT_MODEL_CASES=${CONSENT_MODEL_CASES_PG:-500} LOGGED_VIEWS=${LOGGED_VIEWS_PG:-2000} \
  cargo test --workspace --no-fail-fast
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

step "site build (release wasm)"
scripts/build.sh site
# The server binary the integration tests were built with (CARGO_BIN_EXE).
export RTW_BINARY=target/debug/rtw-portal

step "browser tests"
node end2end/run.mjs

step "crash harness (short mode; scripts/crash.sh full for the long one)"
scripts/crash.sh short
step "done"
