#!/usr/bin/env bash
# Builds the site and the server with cargo and the wasm-bindgen CLI alone.
# Usage: scripts/build.sh [site]
#   (none) the site, and the release server target/release/rtw-portal
#   site   the site only: the test command serves it from the debug server
#          that `cargo test` builds
# The site, in target/site: the islands' wasm (profile wasm-release, then
# wasm-opt -Oz), its JS glue and the stylesheet under content-hashed names
# (`rtw-portal.<hash>.<ext>`, kept by browsers for a year), and the files of
# public/. `hash.txt` beside each server binary names the three (the format
# app/src/site.rs reads).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
what=${1:-all}
case "$what" in all | site) ;; *) echo "usage: scripts/build.sh [site]" >&2; exit 2 ;; esac
say() { printf '\033[1m[build]\033[0m %s\n' "$*"; }

# The wasm has its own target directory, so the server builds beside it on
# the other core; its last step (fat LTO in one codegen unit) is serial.
wasm_build() {
  cargo build -p app --lib --target wasm32-unknown-unknown --profile wasm-release \
    --no-default-features --features hydrate --target-dir target/front
}
if [ "$what" = all ]; then
  say "the wasm and the release server, side by side"
  wasm_build &
  wasm_pid=$!
  server_status=0
  cargo build -p server --bin rtw-portal --release || server_status=$?
  wasm_status=0
  wait "$wasm_pid" || wasm_status=$?
  [ "$server_status" = 0 ] && [ "$wasm_status" = 0 ] || { echo "build failed" >&2; exit 1; }
else
  say "the wasm"
  wasm_build
fi

say "wasm-bindgen, wasm-opt and the site's files"
new=target/site.new
rm -rf "$new"
mkdir -p "$new/$LEPTOS_SITE_PKG_DIR"
pkg="$new/$LEPTOS_SITE_PKG_DIR"
wasm-bindgen --target web --no-typescript --out-name "$LEPTOS_OUTPUT_NAME" --out-dir "$pkg" \
  target/front/wasm32-unknown-unknown/wasm-release/app.wasm
if [ -d "$pkg/snippets" ]; then
  # JS snippets would need names the wasm knows: not handled here.
  echo "wasm-bindgen wrote JS snippets ($pkg/snippets): the site build does not serve them" >&2
  exit 1
fi
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  "$pkg/${LEPTOS_OUTPUT_NAME}_bg.wasm" -o "$pkg/$LEPTOS_OUTPUT_NAME.wasm"
rm "$pkg/${LEPTOS_OUTPUT_NAME}_bg.wasm"
cp style/main.css "$pkg/$LEPTOS_OUTPUT_NAME.css"
cp -R public/. "$new/"

hashes=""
for ext in js wasm css; do
  file="$pkg/$LEPTOS_OUTPUT_NAME.$ext"
  hash=$(sha256sum "$file" | cut -c1-20)
  mv "$file" "$pkg/$LEPTOS_OUTPUT_NAME.$hash.$ext"
  hashes+="$ext: $hash"$'\n'
done
rm -rf target/site
mv "$new" target/site
for dir in target/release target/debug; do
  mkdir -p "$dir"
  printf '%s' "$hashes" >"$dir/hash.txt"
done
say "done: $(ls target/site/"$LEPTOS_SITE_PKG_DIR" | tr '\n' ' ')"
