#!/usr/bin/env bash
# `make windows`: the CLI and the desktop app cross-built for Windows x64.
# Usage: build.sh [debug|release]. The .exe files land in target/windows/x86_64-pc-windows-gnu/<profile>/.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
profile="${1:-debug}"
flags=()
[ "$profile" = release ] && flags+=(--release)
toolchain_banner
t0=$(date +%s)
wcargo build --locked "${flags[@]}" -p poskeeper --bin poskeeper
echo "windows: CLI ($profile) built in $(since "$t0") s"
t1=$(date +%s)
wcargo build --locked "${flags[@]}" -p poskeeper-app --bin poskeeper-app
echo "windows: app ($profile) built in $(since "$t1") s"
ls -l "$WIN_OUT/$profile/poskeeper.exe" "$WIN_OUT/$profile/poskeeper-app.exe"
