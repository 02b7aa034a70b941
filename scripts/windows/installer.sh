#!/usr/bin/env bash
# Builds the setup .exe with Debian's makensis from packaging/windows/poskeeper.nsi.
# Usage: installer.sh BIN_DIR OUT_EXE [COMPRESSOR]   (BIN_DIR holds poskeeper-app.exe,
# poskeeper.exe and WebView2Loader.dll; COMPRESSOR lzma (default, releases), zlib, or none (the
# tests: compressing 170 MB of debug binaries twice took half a minute of CI)).
set -euo pipefail
source "$(dirname "$0")/env.sh"
bin="$1" out="$2" compressor="${3:-lzma}"
version="${POSKEEPER_VERSION:-$(poskeeper_version)}"
mkdir -p "$(dirname "$out")"
makensis -V2 -INPUTCHARSET UTF8 \
  -DVERSION="$version" -DSRCDIR="$bin" -DOUTFILE="$out" -DCOMPRESSOR="$compressor" \
  -DICON="$ROOT/src-tauri/icons/icon.ico" -DPNG="$ROOT/src-tauri/icons/128x128.png" \
  "$ROOT/packaging/windows/poskeeper.nsi"
echo "installer: $out ($(stat -c %s "$out") bytes, version $version)"
