#!/usr/bin/env bash
# End-to-end tests of the real PosKeeper window: a private X server (Xvfb), a private D-Bus
# session with a notification server (dunst) and a recorder of every Notify call (dbus-monitor),
# then the node tests, which start tauri-driver (→ WebKitWebDriver → the app) per scenario.
# Usage: e2e/run.sh [test files…]   (from anywhere; `make e2e` builds what it needs first)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export POSKEEPER_APP=${POSKEEPER_APP:-$ROOT/target/debug/poskeeper-app}
export POSKEEPER_CLI=${POSKEEPER_CLI:-$ROOT/target/debug/poskeeper}
export TAURI_DRIVER=${TAURI_DRIVER:-$ROOT/target/tools/bin/tauri-driver}
export TRAY_PROBE=${TRAY_PROBE:-$ROOT/target/debug/examples/tray_probe}
export E2E_ARTIFACTS=${E2E_ARTIFACTS:-$ROOT/artifacts}
for f in "$POSKEEPER_APP" "$POSKEEPER_CLI" "$TAURI_DRIVER" "$TRAY_PROBE"; do
  [ -x "$f" ] || { echo "e2e: missing $f (run: make e2e)" >&2; exit 1; }
done
command -v WebKitWebDriver >/dev/null || { echo "e2e: WebKitWebDriver missing (apt: webkit2gtk-driver)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/poskeeper-e2e.XXXXXX)
export E2E_WORK=$WORK
mkdir -p "$E2E_ARTIFACTS"

# A free display number.
n=90
while [ -e /tmp/.X$n-lock ] || [ -e /tmp/.X11-unix/X$n ]; do n=$((n + 1)); done
export DISPLAY=:$n
Xvfb "$DISPLAY" -screen 0 1280x800x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
XVFB=$!
cleanup() {
  kill "$XVFB" 2>/dev/null || true
  wait "$XVFB" 2>/dev/null || true
  if [ "${E2E_KEEP:-0}" != 1 ]; then rm -rf "$WORK"; else echo "e2e: kept $WORK"; fi
}
trap cleanup EXIT
# Up to 60 s: in CI the Windows build runs beside this, and Xvfb once took over 10 s to answer.
for _ in $(seq 600); do
  xdpyinfo >/dev/null 2>&1 && break
  kill -0 "$XVFB" 2>/dev/null || break
  sleep 0.1
done
xdpyinfo >/dev/null 2>&1 || { echo "e2e: Xvfb did not start" >&2; cat "$WORK/xvfb.log" >&2; exit 1; }

cd "$ROOT/e2e"
files=("$@")
# The test files themselves: Node 22+ no longer takes a directory after --test.
[ ${#files[@]} -gt 0 ] || files=(tests/*.test.js)
# Inside a private session bus: dunst shows notifications, dbus-monitor records every Notify call.
dbus-run-session -- bash -c '
  set -euo pipefail
  dunst >"$E2E_WORK/dunst.log" 2>&1 &
  DUNST=$!
  dbus-monitor --session "interface='"'"'org.freedesktop.Notifications'"'"',member='"'"'Notify'"'"'" >"$E2E_WORK/notify.log" 2>&1 &
  MON=$!
  export E2E_NOTIFY_LOG=$E2E_WORK/notify.log
  # Both must be on the bus before the first scenario: dunst owning the notification name, the
  # monitor listening (it logs its own NameAcquired first).
  for _ in $(seq 100); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q "boolean true" \
      && grep -q NameAcquired "$E2E_NOTIFY_LOG" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  grep -q NameAcquired "$E2E_NOTIFY_LOG" 2>/dev/null || { echo "e2e: dbus-monitor did not start" >&2; exit 1; }
  rc=0
  node --test --test-concurrency=1 --test-reporter=spec "$@" || rc=$?
  if [ $rc -ne 0 ]; then
    # What the failed scenarios left behind, for a run nobody can repeat.
    for f in "$E2E_WORK"/*/data/com.poskeeper.app/logs/*.log "$E2E_WORK"/*/tauri-driver-*.log "$E2E_WORK"/dunst.log; do
      [ -s "$f" ] && { echo "=== ${f#"$E2E_WORK"/}"; tail -n 25 "$f"; }
    done
    echo "=== Notify calls"; grep -c "member=Notify" "$E2E_NOTIFY_LOG" || true
  fi
  kill $MON $DUNST 2>/dev/null || true
  exit $rc
' bash "${files[@]}"
