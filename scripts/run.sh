#!/usr/bin/env bash
# Builds the site and serves the portal with the demo case on
# http://127.0.0.1:3000 (data in ./data; delete it to start over).
# Usage: scripts/run.sh [--release]
#   The debug server by default: the same code as the release server in a
#   third of a fresh machine's compile, and the one `scripts/test.sh` builds.
#   The site (wasm, JS, CSS) is the release build either way. --release
#   serves the optimized server (the benchmark's; for a deployment).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=debug
case "${1:-}" in
  "") ;;
  --release) profile=release ;;
  *) echo "usage: scripts/run.sh [--release]" >&2; exit 2 ;;
esac
scripts/setup.sh
source scripts/env.sh
scripts/build.sh "$([ "$profile" = release ] && echo all || echo debug)"
export LEPTOS_SITE_ADDR="${RTW_ADDR:-127.0.0.1:3000}"
export RTW_DEMO="${RTW_DEMO:-1}"
export RTW_DATA_DIR="${RTW_DATA_DIR:-$ROOT/data}"
exec "target/$profile/rtw-portal"
