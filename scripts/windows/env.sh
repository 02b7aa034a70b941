# Sourced by the Windows scripts: the cross-build and Wine environment, for these commands only.
# Debian's Rust (/usr/bin, first on PATH here only) rebuilds std for the Windows target offline
# (-Zbuild-std, hence RUSTC_BOOTSTRAP); its own target dir, since its rustc differs from rustup's
# and sharing target/ would rebuild everything each time one or the other runs.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export WIN_TARGET=x86_64-pc-windows-gnu
export PATH="/usr/bin:$PATH"
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${WIN_TARGET_DIR:-$ROOT/target/windows}"
# A fresh clone has no target/ yet: the scripts write their logs here before cargo creates it.
mkdir -p "$CARGO_TARGET_DIR"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
export WINEDEBUG="${WINEDEBUG:--all}"
# No Mono/Gecko prompts; no Linux menu entries or desktop files for the shortcuts the setup makes.
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=;winemenubuilder.exe=d}"
# Where the built .exe files are: target/windows/x86_64-pc-windows-gnu/{debug,release}.
WIN_OUT="$CARGO_TARGET_DIR/$WIN_TARGET"
# cargo SUBCOMMAND ARGS… with std rebuilt for Windows (the flags go before any `--`).
wcargo() {
  local sub="$1"
  shift
  /usr/bin/cargo "$sub" -Zbuild-std=std,panic_abort --target "$WIN_TARGET" "$@"
}
# The package version (the installer's name and its registry entry).
poskeeper_version() {
  sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -1
}
# Seconds since $1 (a `date +%s`).
since() { echo $(($(date +%s) - $1)); }
toolchain_banner() {
  echo "Windows toolchain: $(/usr/bin/rustc -V) · $(/usr/bin/cargo -V) · $(x86_64-w64-mingw32-gcc -dumpversion) mingw-w64 gcc · $(wine --version 2>/dev/null) · makensis $(makensis -VERSION 2>/dev/null)"
}
