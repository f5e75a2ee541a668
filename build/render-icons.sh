#!/bin/sh
# Renders build/icon.svg to the PNG icons electron-builder packs (icon.png, icons/<n>x<n>.png)
# with headless Chromium. Run from the repository root: sh build/render-icons.sh [chromium]
set -eu
CHROMIUM="${1:-chromium}"
ROOT="$(pwd)"
PAGE="$(mktemp -d)/icon.html"
printf '<html><body style="margin:0;background:transparent"><img src="file://%s/build/icon.svg" style="width:100vw;height:100vh;display:block"></body></html>' "$ROOT" > "$PAGE"
mkdir -p build/icons
for size in 1024 512 256 128 64 48 32 16; do
  out="build/icons/${size}x${size}.png"
  [ "$size" = 1024 ] && out="build/icon.png"
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
    --window-size="$size,$size" --screenshot="$ROOT/$out" "file://$PAGE" >/dev/null 2>&1
done
echo "icons written to build/"
