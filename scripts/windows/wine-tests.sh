#!/usr/bin/env bash
# Runs the cross-built test executables under Wine, two at a time, longest first; sourced by
# test.sh after env.sh, with WINEPREFIX and WINEPATH set.
#   run_wine_tests ARTIFACTS_JSON LOG
# ARTIFACTS_JSON: cargo's `--no-run --message-format=json-render-diagnostics` output.
# LOG gets each executable's output in turn under a cargo-like "Running" line. Returns non-zero
# when one failed, timed out or could not start.
#
# Why not `cargo test` with a runner: cargo runs test binaries one after another, and under Wine
# a binary spends most of its time waiting on process start-up and the wineserver, so two at a
# time take about half the wall time on two cores.

# The slowest binaries under Wine (measured), started first so that no long one starts last.
WINE_SLOW_FIRST="files_crash safety_restore ipc safety_damaged files_import_lock cli_reminders files_import"
# One binary may not hang the CI: each gets this many seconds.
WINE_TEST_TIMEOUT="${WINE_TEST_TIMEOUT:-900}"

# NAME<TAB>EXE for every test executable in the artefacts, slow ones first.
wine_test_list() {
  python3 - "$1" "$WINE_SLOW_FIRST" <<'PY'
import json, sys
slow = sys.argv[2].split()
found = []
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.startswith("{"):
        continue
    m = json.loads(line)
    if m.get("reason") != "compiler-artifact" or not m.get("executable") or not m["profile"]["test"]:
        continue
    t = m["target"]
    name = t["name"] if t["kind"] == ["test"] else f"unittests-{t['kind'][0]}-{t['name']}"
    found.append((name, m["executable"]))
rank = lambda nx: slow.index(nx[0]) if nx[0] in slow else len(slow)
for name, exe in sorted(found, key=rank):
    print(f"{name}\t{exe}")
PY
}

# One executable: its output in DIR/NAME.log, its exit code in DIR/NAME.rc.
wine_test_one() {
  local dir="$1" name="$2" exe="$3" rc=0
  timeout --kill-after=10 "$WINE_TEST_TIMEOUT" wine "$exe" --test-threads=2 >"$dir/$name.log" 2>&1 || rc=$?
  [ "$rc" -eq 124 ] && echo "TIMED OUT after $WINE_TEST_TIMEOUT s" >>"$dir/$name.log"
  echo "$rc" >"$dir/$name.rc"
}

run_wine_tests() {
  local json="$1" log="$2" dir list failed=0 name exe rc
  dir="$(dirname "$log")/wine-tests"
  rm -rf "$dir" && mkdir -p "$dir"
  list="$(wine_test_list "$json")"
  [ -n "$list" ] || { echo "no test executables in $json" >"$log"; return 1; }
  export -f wine_test_one
  export WINE_TEST_TIMEOUT
  # xargs keeps two running; each line is NAME<TAB>EXE.
  printf '%s\n' "$list" | tr '\t' '\n' | xargs -d '\n' -n 2 -P 2 bash -c 'wine_test_one "$0" "$1" "$2"' "$dir"
  : >"$log"
  while IFS=$'\t' read -r name exe; do
    rc="$(cat "$dir/$name.rc" 2>/dev/null || echo "did not run")"
    printf '     Running %s (%s)\n' "$name" "$exe" >>"$log"
    cat "$dir/$name.log" >>"$log" 2>/dev/null || true
    if [ "$rc" != 0 ]; then
      echo "$name: FAILED (exit $rc)" >>"$log"
      failed=1
    fi
  done <<<"$list"
  return "$failed"
}
