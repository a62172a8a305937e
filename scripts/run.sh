#!/usr/bin/env bash
# Builds the release site and serves the portal with the demo case on
# http://localhost:3000 (data in ./data; delete it to start over).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
scripts/build.sh
export LEPTOS_SITE_ADDR="${RTW_ADDR:-127.0.0.1:3000}"
export RTW_DEMO="${RTW_DEMO:-1}"
export RTW_DATA_DIR="${RTW_DATA_DIR:-$ROOT/data}"
exec target/release/rtw-portal
