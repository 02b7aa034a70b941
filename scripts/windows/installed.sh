#!/usr/bin/env bash
# The setup .exe as a shop owner meets it, under Wine (called by test.sh):
#   installed.sh BASE_PREFIX PREFIX OLD_SETUP NEW_SETUP
# PREFIX is made anew from BASE_PREFIX (a booted prefix whose only addition is the test-only
# bcryptprimitives.dll). The older version is installed silently, the CLI it put on PATH runs
# init → import of a GB18030 sheet (a path with Chinese characters and spaces) → backup →
# reminders, the newer version is installed over it (data kept), the app is started (no WebView2
# under Wine: it must say what to install, not panic), then it is uninstalled: the program goes,
# the data stays.
set -euo pipefail
source "$(dirname "$0")/env.sh"
base="$1" prefix="$2" old_setup="$3" new_setup="$4"
fail() { echo "installed: FAILED: $*" >&2; exit 1; }
ok() { echo "  ok: $*"; }

rm -rf "$prefix"
cp -a "$base" "$prefix"
export WINEPREFIX="$prefix"
user_dir="$prefix/drive_c/users/$(id -un)"
inst="$user_dir/AppData/Local/Programs/PosKeeper"
data="$user_dir/AppData/Roaming/com.poskeeper.app"
start_lnk="$user_dir/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/POS管家.lnk"
desktop_lnk="$user_dir/Desktop/POS管家.lnk"
win_user='C:\users\'"$(id -un)"
uninst_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\PosKeeper'

# wine, waiting for every process of the prefix (the setup and the uninstaller start others).
run() { wine "$@"; local rc=$?; wineserver -w; return $rc; }
reg_value() { wine reg query "$1" /v "$2" 2>/dev/null | tr -d '\r' | awk -v v="$2" '$1 == v { $1 = ""; $2 = ""; sub(/^ +/, ""); print }'; }
# Runs "$@" (a Wine command line) and waits for the prefix's processes to end, so the next
# command never meets a file the last one still holds; prints the output with "(exit N)" after it
# when it failed. A failed command is run once more, its first output printed as "retried:" (one
# CI run had a backup fail here, once, with nothing printed, and pass when run again): a command
# that fails for a reason of its own fails twice.
once() { local out rc=0; out=$("$@" 2>&1) || rc=$?; wineserver -w; printf '%s\n' "$out" | tr -d '\r'; [ "$rc" -eq 0 ] || echo "(exit $rc)"; return "$rc"; }
again() {
  local out
  out=$(once "$@") && { printf '%s\n' "$out"; return 0; }
  printf 'retried: %s\n' "$*" "$out" | sed 's/^/  /' >&2
  sleep 2
  once "$@"
}
# The installed CLI on a Chinese Windows (Wine takes the OS language from the Unix locale).
cli() { again env -u LC_ALL LANG=zh_CN.UTF-8 wine "$inst/poskeeper.exe" "$@"; }
# …and as a user types it in a new command prompt: found through the user's PATH. Windows sets
# no LANG; one set to English in the prompt must not win over the OS language (Chinese).
prompt() { again env -u LC_ALL LANG=zh_CN.UTF-8 wine cmd /c "set LANG=en_US.UTF-8&& poskeeper $*"; }

echo "-- install 0.0.1 silently"
run "$old_setup" /S || fail "setup /S exited $?"
for f in poskeeper-app.exe poskeeper.exe WebView2Loader.dll uninstall.exe; do
  [ -f "$inst/$f" ] || fail "$inst/$f missing after install"
done
[ -f "$start_lnk" ] || fail "no Start-menu shortcut $start_lnk"
[ -f "$desktop_lnk" ] || fail "no desktop shortcut $desktop_lnk"
[ "$(reg_value "$uninst_key" DisplayVersion)" = "0.0.1" ] || fail "Apps & features entry: $(reg_value "$uninst_key" DisplayVersion)"
reg_value 'HKCU\Environment' Path | grep -qF 'AppData\Local\Programs\PosKeeper' || fail "install folder not on the user's PATH"
[ "$(reg_value 'HKCU\Software\Classes\AppUserModelId\com.poskeeper.app' IconUri)" = "$win_user"'\AppData\Local\Programs\PosKeeper\poskeeper.png' ] ||
  fail "toast registration (AppUserModelId\\com.poskeeper.app) missing"
iconv -f UTF-16LE -t UTF-8 "$inst/install.log" | tr -d '\r' | sed 's/^/  install.log: /'
ok "installed per user under %LOCALAPPDATA%\\Programs\\PosKeeper: Start menu, desktop, PATH, uninstall entry, toast ID"

echo "-- the installed CLI"
out=$(prompt --version) || fail "poskeeper --version in a new prompt: $out"
echo "$out" | grep -qF "poskeeper $(poskeeper_version)" || fail "poskeeper not found through PATH in a new prompt: $out"
ok "a new command prompt finds poskeeper through the user's PATH"
out=$(cli init) || fail "init: $out"
echo "$out" | grep -qF "$win_user"'\AppData\Roaming\com.poskeeper.app\poskeeper.db' || fail "init: $out"
[ -f "$data/poskeeper.db" ] || fail "no database in %APPDATA%\\com.poskeeper.app"
ok "init: the database is in %APPDATA%\\com.poskeeper.app"

# Under C:\ itself: Wine links Documents and Desktop to the Unix home, which must stay clean.
sheet_dir="$prefix/drive_c/POS 数据/门店 资料"
mkdir -p "$sheet_dir"
cp "$ROOT/tests/fixtures/provider-gb18030.csv" "$sheet_dir/邮储 机具 清单.csv"
out=$(cli import 'C:\POS 数据\门店 资料\邮储 机具 清单.csv') || fail "import: $out"
echo "$out" | sed 's/^/  /'
echo "$out" | grep -qE '新增 *[1-9]' || fail "import of the GB18030 sheet did not add terminals (nor say so in Chinese)"
out=$(cli terminal list --json) || fail "terminal list: $out"
n=$(echo "$out" | grep -o '"sn"' | wc -l)
[ "$n" -ge 5 ] || fail "terminal list after import: $n terminals"
out=$(cli terminal list --search 朝阳) || fail "terminal list --search: $out"
echo "$out" | grep -qF PAX00010001 || fail "search by a Chinese store name: $out"
ok "import of a GB18030 sheet from a folder with Chinese characters and spaces: $n terminals, in Chinese"

mkdir -p "$prefix/drive_c/POS 数据/备份 文件夹"
out=$(cli backup --out 'C:\POS 数据\备份 文件夹\POS管家 备份.db') || fail "backup: $out"
[ -s "$prefix/drive_c/POS 数据/备份 文件夹/POS管家 备份.db" ] || fail "backup: $out"
ls "$data/backups/" | grep -q . || fail "no automatic backup (before the import) in %APPDATA%\\com.poskeeper.app\\backups"
ok "backup to a path with Chinese characters and spaces; automatic backups in the data folder"

out=$(prompt reminders --as-of 2026-11-22) || fail "reminders: $out"
echo "$out" | head -5 | sed 's/^/  /'
echo "$out" | grep -qF '流量卡' || fail "reminders are not in Chinese (the OS language) or name no SIM card"
json=$(cli reminders --as-of 2026-11-22 --json) || fail "reminders --json: $json"
echo "$json" | grep -q '"key"' || fail "reminders --json: $json"
ok "reminders: listed, in the OS's language (LANG=en_US set in the prompt is not what counts on Windows)"
before=$(cli terminal list --json) || fail "terminal list: $before"
before=$(echo "$before" | md5sum)
db_sum=$(md5sum <"$data/poskeeper.db")

echo "-- upgrade: $(basename "$new_setup") over 0.0.1"
run "$new_setup" /S || fail "upgrade setup /S exited $?"
[ "$(reg_value "$uninst_key" DisplayVersion)" = "$(poskeeper_version)" ] || fail "after upgrade: version $(reg_value "$uninst_key" DisplayVersion)"
after=$(cli terminal list --json) || fail "terminal list after the upgrade: $after"
[ "$(echo "$after" | md5sum)" = "$before" ] || fail "the data changed across the upgrade"
[ "$(reg_value 'HKCU\Environment' Path | grep -o 'Programs\\PosKeeper' | wc -l)" -eq 1 ] || fail "PATH holds the folder more than once"
ok "upgraded to $(poskeeper_version): same data, PATH entry once"

echo "-- the app without WebView2 (as on an old Windows 10)"
set +e
env -u LC_ALL LANG=zh_CN.UTF-8 timeout 60 wine "$inst/poskeeper-app.exe" >"$prefix/app.out" 2>&1
app_rc=$?
set -e
wineserver -k 2>/dev/null || true
sed 's/^/  app: /' "$prefix/app.out" | head -12
grep -q "panicked" "$prefix/app.out" && fail "the app panicked without WebView2"
grep -qF "需要 Microsoft Edge WebView2 运行时" "$prefix/app.out" || fail "the app did not say in Chinese that WebView2 is missing (exit $app_rc)"
grep -qF "developer.microsoft.com/microsoft-edge/webview2" "$prefix/app.out" || fail "the app did not say where to get WebView2"
ok "the app says in Chinese what to install and where (exit $app_rc; 124 = still showing its message box)"

echo "-- uninstall silently"
run "$inst/uninstall.exe" /S || fail "uninstall /S exited $?"
[ ! -e "$inst/poskeeper-app.exe" ] && [ ! -e "$inst/poskeeper.exe" ] || fail "program files left in $inst"
[ ! -e "$start_lnk" ] && [ ! -e "$desktop_lnk" ] || fail "shortcuts left behind"
[ -z "$(reg_value "$uninst_key" DisplayVersion)" ] || fail "Apps & features entry left behind"
reg_value 'HKCU\Environment' Path | grep -qF 'Programs\PosKeeper' && fail "install folder left on PATH"
[ "$(md5sum <"$data/poskeeper.db")" = "$db_sum" ] || fail "the database was changed or removed by the uninstaller"
ls "$data/backups/" | grep -q . || fail "the backups were removed"
ok "uninstalled: program, shortcuts, PATH entry and registry entries gone; database and backups kept"
