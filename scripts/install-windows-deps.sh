#!/usr/bin/env bash
# The Debian 12 packages the Windows cross-build and its Wine tests need, installed when missing:
# Debian's own Rust (rustc-web, cargo-web) with the standard library's source (rust-web-src), so
# `-Zbuild-std` builds std for x86_64-pc-windows-gnu offline (rustup cannot fetch that target here);
# mingw-w64 (linker, and the C compiler for the bundled SQLite and the test-only DLL stand-in);
# Wine to run the tests and the installer; makensis for the setup .exe. Used by `make windows`,
# `make test-windows`, `make dist-windows` and .ci/run; does nothing when everything is there.
set -euo pipefail

APT_PKGS=(
  rustc-web cargo-web rust-web-src
  gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64
  wine wine64
  nsis
  xvfb xauth
  locales
)
need_apt=()
for pkg in "${APT_PKGS[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing system packages for Windows: ${need_apt[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# Wine gives a Windows program the language of the Unix locale it starts in, and only of a locale
# that exists: the tests pick zh-CN, zh-TW or English that way (the app and the CLI ask Windows
# for the user's language; LANG itself means nothing there).
need_locales=()
for l in zh_CN.UTF-8 zh_TW.UTF-8 en_US.UTF-8; do
  locale -a 2>/dev/null | grep -qix "${l%.UTF-8}.utf8" || need_locales+=("$l")
done
if [ ${#need_locales[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Generating locales for the Wine tests: ${need_locales[*]}"
  for l in "${need_locales[@]}"; do
    $sudo sed -i "s/^# *\(${l//./\\.} UTF-8\)/\1/" /etc/locale.gen
    grep -qx "${l} UTF-8" /etc/locale.gen || echo "${l} UTF-8" | $sudo tee -a /etc/locale.gen >/dev/null
  done
  $sudo locale-gen >/dev/null
fi
