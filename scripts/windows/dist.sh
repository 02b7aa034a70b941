#!/usr/bin/env bash
# `make dist-windows`: release binaries and target/windows/dist/PosKeeper-<version>-x64-setup.exe.
# SPEC §7: the setup is at most 15 MB.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
t0=$(date +%s)
scripts/windows/build.sh release
rel="$WIN_OUT/release"
loader=$(find "$rel" -name WebView2Loader.dll -path '*x64*' -print -quit)
[ -n "$loader" ] || loader=$(find "$rel" -name WebView2Loader.dll -print -quit)
[ -n "$loader" ] || { echo "WebView2Loader.dll not found under $rel" >&2; exit 1; }
stage="$CARGO_TARGET_DIR/stage-release"
rm -rf "$stage" && mkdir -p "$stage"
cp "$rel/poskeeper.exe" "$rel/poskeeper-app.exe" "$loader" "$stage/"
out="$CARGO_TARGET_DIR/dist/PosKeeper-$(poskeeper_version)-x64-setup.exe"
t1=$(date +%s)
scripts/windows/installer.sh "$stage" "$out" lzma
echo "windows: installer packed in $(since "$t1") s"
size=$(stat -c %s "$out")
ls -l "$stage"
echo "windows: $out is $size bytes ($((size / 1024)) KiB); dist-windows took $(since "$t0") s"
[ "$size" -le $((15 * 1024 * 1024)) ] || { echo "the setup is over 15 MB (SPEC §7)" >&2; exit 1; }
