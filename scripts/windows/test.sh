#!/usr/bin/env bash
# `make test-windows`: the Windows build tested under Wine, on this Linux machine.
#  1. one cross-build (debug, no debuginfo) of what is tested: the core's tests, the CLI and its
#     tests, the shell's mock-runtime tests, and the two binaries the installer packs;
#  2. those tests run under Wine, in a private prefix in target/windows/wine-base that has a
#     test-only stand-in for bcryptprimitives.dll (Wine 8 lacks it; Windows 10/11 have it);
#  3. the setup .exe built from the debug binaries, installed silently into a fresh prefix as an
#     older version first, then upgraded; the installed CLI run through init → import of a
#     GB18030 sheet → backup → reminders; the app started (no WebView2 under Wine: it must say
#     so, not panic); uninstalled; the data must still be there.
# Timings per step are printed; the test counts too.
set -euo pipefail
source "$(dirname "$0")/env.sh"
source "$(dirname "$0")/wine-tests.sh"
cd "$ROOT"

# No debuginfo for the Windows test build: it is only run here, and linking is most of its time.
export CARGO_PROFILE_DEV_DEBUG=false
BASE="$CARGO_TARGET_DIR/wine-base"
INSTALL_PREFIX="$CARGO_TARGET_DIR/wine-install"
DEBUG_DIR="$WIN_OUT/debug"
STAGE="$CARGO_TARGET_DIR/stage-debug"
LOG="$CARGO_TARGET_DIR/test-windows.log"
TOTAL=$(date +%s)
step_start=0
step() { step_start=$(date +%s); echo; echo "== windows: $* =="; }
step_done() { echo "== windows: $1 took $(since "$step_start") s"; }
fail() { echo "test-windows: FAILED: $*" >&2; exit 1; }

toolchain_banner

# --- 1. build ------------------------------------------------------------------------------
# One invocation, so tauri is compiled once with the feature set the tests need; --lib --bins
# --tests leaves out the examples (a Linux tray host) and the benches.
TEST_TARGETS=(--workspace --lib --bins --tests)
# WINDOWS_SKIP_TESTS="a b": integration tests (tests/<name>.rs) neither built nor run here. .ci/run
# names the ones that test only platform-neutral logic (SQL, parsers, the source itself), which
# `make test` runs on Linux in the same CI, to keep the CI under 30 minutes; a plain
# `make test-windows` runs them all.
if [ -n "${WINDOWS_SKIP_TESTS:-}" ]; then
  # Not --bins either: the two binaries have no unit tests, and each test-mode build of them is
  # one more link of the whole app (the binaries themselves are built for the integration tests).
  TEST_TARGETS=(--workspace --lib)
  for f in tests/*.rs src-tauri/tests/*.rs; do
    name=$(basename "$f" .rs)
    if [[ " $WINDOWS_SKIP_TESTS " == *" $name "* ]]; then
      echo "not run under Wine: tests/$name.rs (platform-neutral; make test runs it on Linux)"
    else
      TEST_TARGETS+=(--test "$name")
    fi
  done
fi
step "build (debug, cross)"
BUILD_LOG="$CARGO_TARGET_DIR/build-windows.log"
ARTIFACTS="$CARGO_TARGET_DIR/test-artifacts.json"
if ! wcargo test --locked "${TEST_TARGETS[@]}" --no-run --message-format=json-render-diagnostics \
  >"$ARTIFACTS" 2>"$BUILD_LOG"; then
  tail -60 "$BUILD_LOG"
  fail "the cross-build failed (log: $BUILD_LOG)"
fi
grep -E '^(warning|error)|Finished' "$BUILD_LOG" | tail -5 || true
for exe in poskeeper.exe poskeeper-app.exe; do
  [ -f "$DEBUG_DIR/$exe" ] || fail "$DEBUG_DIR/$exe was not built"
done
loader=$(find "$DEBUG_DIR" -name WebView2Loader.dll -path '*x64*' -print -quit)
[ -n "$loader" ] || loader=$(find "$DEBUG_DIR" -name WebView2Loader.dll -print -quit)
[ -n "$loader" ] || fail "WebView2Loader.dll not found under $DEBUG_DIR (webview2-com-sys ships it)"
step_done build

# --- 2. Wine prefix and the tests ---------------------------------------------------------
step "Wine prefix (private, with the test-only bcryptprimitives.dll)"
if [ ! -f "$BASE/.poskeeper-ready" ]; then
  rm -rf "$BASE"
  WINEPREFIX="$BASE" wineboot -i >/dev/null 2>&1 || true
  WINEPREFIX="$BASE" wineserver -w
  x86_64-w64-mingw32-gcc -O2 -shared -o "$BASE/drive_c/windows/system32/bcryptprimitives.dll" \
    scripts/windows/bcryptprimitives.c -ladvapi32
  touch "$BASE/.poskeeper-ready"
fi
step_done "Wine prefix"

step "tests under Wine"
# The shell's test exes load WebView2Loader.dll (linked by webview2-com); it is found on WINEPATH.
export WINEPREFIX="$BASE"
export WINEPATH="$(WINEPREFIX="$BASE" winepath -w "$(dirname "$loader")" 2>/dev/null)"
set +e
run_wine_tests "$ARTIFACTS" "$LOG"
rc=$?
set -e
wineserver -k 2>/dev/null || true
# The summary: each binary's result, what Windows skips and why, and every failure with the
# two lines after its panic (the message).
awk '/^test result:|^     Running|ignored, |FAILED/ && !/^test .* ok$/ { print; next }
  /panicked/ { print; n = 2; next }
  n > 0 { print; n-- }' "$LOG"
read -r passed failed ignored < <(awk '/^test result:/ {
  for (i = 1; i <= NF; i++) { if ($i ~ /^passed;?$/) p += $(i-1); if ($i ~ /^failed;?$/) f += $(i-1); if ($i ~ /^ignored;?$/) g += $(i-1) }
} END { print p+0, f+0, g+0 }' "$LOG")
echo "Windows tests under Wine: $passed passed, $failed failed, $ignored ignored (skipped on Windows, reasons above); log: $LOG"
step_done "tests under Wine"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ] || fail "tests under Wine (exit $rc, $failed failed): see $LOG"

# --- 3. the installer, installed and used -------------------------------------------------
step "setup .exe (debug binaries, uncompressed) as 0.0.1 and as $(poskeeper_version)"
rm -rf "$STAGE" && mkdir -p "$STAGE"
cp "$DEBUG_DIR/poskeeper.exe" "$DEBUG_DIR/poskeeper-app.exe" "$loader" "$STAGE/"
OLD_SETUP="$CARGO_TARGET_DIR/PosKeeper-0.0.1-test-setup.exe"
NEW_SETUP="$CARGO_TARGET_DIR/PosKeeper-$(poskeeper_version)-test-setup.exe"
POSKEEPER_VERSION=0.0.1 scripts/windows/installer.sh "$STAGE" "$OLD_SETUP" none
scripts/windows/installer.sh "$STAGE" "$NEW_SETUP" none
step_done "setup .exe"

step "install, use, upgrade, uninstall (fresh prefix)"
scripts/windows/installed.sh "$BASE" "$INSTALL_PREFIX" "$OLD_SETUP" "$NEW_SETUP"
step_done "install, use, upgrade, uninstall"

echo
echo "test-windows: all passed in $(since "$TOTAL") s ($passed tests passed under Wine, $ignored skipped on Windows)"
