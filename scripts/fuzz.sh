#!/usr/bin/env bash
# The long fuzzing pass: every cargo-fuzz target in fuzz/ (the parsers of
# outside input that need no database), coverage-guided by libFuzzer, for N
# seconds each (default 60), without a sanitizer (the address sanitizer
# needs a nightly compiler). Installs cargo-fuzz when missing. Fails when a
# target finds a crash; the input that crashed stays in
# fuzz/artifacts/<target>/ (`cargo fuzz fmt <target> <file>` shows it), and
# the corpus grows in fuzz/corpus/<target>/ from run to run.
# Usage: scripts/fuzz.sh [seconds-per-target]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
PER_TARGET=${1:-60}
cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked
cargo fuzz build --sanitizer none
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
failed=()
for t in $(cargo fuzz list); do
  echo "== $t: $PER_TARGET s"
  if ! cargo fuzz run "$t" --sanitizer none -- -max_total_time="$PER_TARGET" -timeout=10 \
    -dict="$PWD/fuzz/parsers.dict" -print_final_stats=1 >"$logs/$t" 2>&1; then
    failed+=("$t")
    tail -n 40 "$logs/$t"
  fi
done
printf '\n%-16s %12s %8s %10s\n' target executions seconds exec/s
for t in $(cargo fuzz list); do
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t" | tail -1)
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$logs/$t" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$logs/$t" | tail -1)
  printf '%-16s %12s %8s %10s\n' "$t" "${runs:--}" "${secs:--}" "${rate:--}"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "crashed: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
echo "no crash"
