# Sourced by the run and test scripts: tool paths and the Leptos settings the
# server binary reads when it is started without cargo-leptos.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/end2end/node_modules/binaryen/bin:$HOME/.cargo/bin:$PATH"
export LEPTOS_OUTPUT_NAME=rtw-portal
export LEPTOS_SITE_ROOT="$ROOT/target/site"
export LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_ENV=PROD
export LEPTOS_HASH_FILES=true
