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

# launch CLASS BIN (the window class is the binary's name) → "map_ms pss_kib"
launch() {
  local title=$1 bin=$2 home
  home=$(mktemp -d "$WORK/home.XXXXXX")
  mkdir -p "$home/data" "$home/config" "$home/cache"
  local start end pid
  start=$(date +%s%N)
  XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_CACHE_HOME=$home/cache \
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
launch "empty-tauri-app" "$EMPTY" >/dev/null # warm the page cache once for both
launch "poskeeper-app" "$APP" >/dev/null
for _ in $(seq "$RUNS"); do
  launch "empty-tauri-app" "$EMPTY" >>"$WORK/empty.txt"
  launch "poskeeper-app" "$APP" >>"$WORK/app.txt"
done
kill $DUNST 2>/dev/null || true

am=$(cut -d' ' -f1 "$WORK/app.txt" | median)
em=$(cut -d' ' -f1 "$WORK/empty.txt" | median)
ap=$(cut -d' ' -f2 "$WORK/app.txt" | median)
ep=$(cut -d' ' -f2 "$WORK/empty.txt" | median)
echo "$PROFILE builds; runs: $RUNS each, alternating; PosKeeper on a demo database of $TERMINALS terminals"
echo "PosKeeper  map/first-interactive ms: $(cut -d' ' -f1 "$WORK/app.txt" | tr '\n' ' ')  PSS KiB: $(cut -d' ' -f2 "$WORK/app.txt" | tr '\n' ' ')"
echo "empty app  window-map ms:            $(cut -d' ' -f1 "$WORK/empty.txt" | tr '\n' ' ')  PSS KiB: $(cut -d' ' -f2 "$WORK/empty.txt" | tr '\n' ' ')"
awk -v am="$am" -v em="$em" -v ap="$ap" -v ep="$ep" 'BEGIN {
  printf "median first interactive screen: %d ms (budget 1000 ms; %.2fx the empty app'"'"'s %d ms window map, budget 1.5x)\n", am, am / em, em;
  printf "median PSS with the window open: %.0f MiB vs %.0f MiB empty = %.2fx (budget 1.25x)\n", ap / 1024, ep / 1024, ap / ep;
}'
