#!/usr/bin/env bash
# The system packages PosKeeper builds and tests with, installed when missing (Debian 12).
# Used by `make run`, `make test` and .ci/run; does nothing when everything is there.
set -euo pipefail

# Build tools, the Tauri build dependencies (WebKitGTK, GTK, tray, …), and what the end-to-end
# tests drive the window with (Xvfb, WebKitWebDriver, a notification server, a window manager and
# wmctrl to close windows as a user does, ImageMagick, CJK fonts),
# the independent iCalendar reader the export tests check the .ics feed with, and GNU time, which
# the hostile-input tests read a child's peak memory (its maximum resident set) with.
# libfaketime shifts the real app's clock in the end-to-end test that crosses the end of quiet hours.
APT_PKGS=(
  build-essential pkg-config file curl
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libssl-dev libxdo-dev
  xvfb xauth x11-utils xdotool dunst dbus-x11 webkit2gtk-driver imagemagick libnotify-bin fonts-wqy-microhei
  openbox wmctrl
  faketime libfaketime
  nodejs npm
  python3-icalendar
  time
)
need_apt=()
for pkg in "${APT_PKGS[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
# Node may come from elsewhere (nvm, NodeSource): only ask apt for it when there is none.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${need_apt[@]}"; do [[ $p == nodejs || $p == npm ]] || filtered+=("$p"); done
  need_apt=("${filtered[@]}")
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing system packages: ${need_apt[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi
if command -v rustup >/dev/null; then rustup component add rustfmt clippy >/dev/null 2>&1 || true; fi
