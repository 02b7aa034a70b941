#!/usr/bin/env bash
# Runs inside bench-app's Xvfb display and D-Bus session (see run.sh).
set -euo pipefail
dunst >/dev/null 2>&1 &
DUNST=$!

# PSS in KiB of a process and all its descendants.
pss_tree() {
  local root=$1 total=0 pids=("$1") p kids
  local i=0
  while [ $i -lt ${#pids[@]} ]; do
    p=${pids[$i]}
    kids=$(ps -o pid= --ppid "$p" 2>/dev/null || true)
    for k in $kids; do pids+=("$k"); done
    i=$((i + 1))
  done
  for p in "${pids[@]}"; do
    v=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

# launch CLASS BIN [VAR=VALUE…] (the window class is the binary's name) → "map_ms pss_kib"
launch() {
  local title=$1 bin=$2 home
  shift 2
  home=$(mktemp -d "$WORK/home.XXXXXX")
  mkdir -p "$home/data" "$home/config" "$home/cache"
  local start end pid
  start=$(date +%s%N)
  env "$@" XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_CACHE_HOME=$home/cache \
    POSKEEPER_DB=$WORK/bench.db POSKEEPER_NO_SINGLE_INSTANCE=1 LANG=zh_CN.UTF-8 \
    "$bin" >"$home/out.log" 2>&1 &
  pid=$!
  for _ in $(seq 3000); do
    if xdotool search --onlyvisible --class "^$title\$" >/dev/null 2>&1; then break; fi
    sleep 0.005
  done
  end=$(date +%s%N)
  sleep 3
  local pss
  pss=$(pss_tree "$pid")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$(( (end - start) / 1000000 )) $pss"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

: >"$WORK/app.txt"
: >"$WORK/empty.txt"
: >"$WORK/painted.txt"
launch "empty-tauri-app" "$EMPTY" >/dev/null # warm the page cache once for both
launch "poskeeper-app" "$APP" >/dev/null
for _ in $(seq "$RUNS"); do
  launch "empty-tauri-app" "$EMPTY" >>"$WORK/empty.txt"
  launch "empty-tauri-app" "$EMPTY" EMPTY_APP_SHOW=after-load >>"$WORK/painted.txt"
  launch "poskeeper-app" "$APP" >>"$WORK/app.txt"
done
kill $DUNST 2>/dev/null || true

col() { cut -d' ' -f"$2" "$WORK/$1.txt" | tr '\n' ' '; }
med() { cut -d' ' -f"$2" "$WORK/$1.txt" | median; }
echo "$PROFILE builds; runs: $RUNS each, alternating; PosKeeper on a demo database of $TERMINALS terminals"
echo "PosKeeper, first interactive screen (its window is shown then) ms: $(col app 1)  PSS KiB: $(col app 2)"
echo "empty app, window shown at once (blank) ms:                       $(col empty 1)  PSS KiB: $(col empty 2)"
echo "empty app, window shown once its page has loaded ms:              $(col painted 1)"
awk -v am="$(med app 1)" -v em="$(med empty 1)" -v pm="$(med painted 1)" -v ap="$(med app 2)" -v ep="$(med empty 2)" 'BEGIN {
  printf "median first interactive screen: %d ms (budget 1000 ms)\n", am;
  printf "  = %.2fx the empty app'"'"'s window shown after its page loaded, %d ms (budget 1.5x)\n", am / pm, pm;
  printf "  = %.2fx the empty app'"'"'s blank window, %d ms (no page drawn yet)\n", am / em, em;
  printf "median PSS with the window open: %.0f MiB vs %.0f MiB empty = %.2fx (budget 1.25x)\n", ap / 1024, ep / 1024, ap / ep;
}'
