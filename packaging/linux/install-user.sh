#!/usr/bin/env bash
# Install the PyInstaller build (dist/cop-drafter) for the current user only: no admin rights needed.
# Puts the app in ~/.local/opt/cop-drafter, commands in ~/.local/bin, and registers the icon, the
# .desktop entry and the .copdraft file type. Uninstall: install-user.sh --uninstall
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bundle="${BUNDLE:-$here/../../dist/cop-drafter}"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
opt="$HOME/.local/opt/cop-drafter"
bin="$HOME/.local/bin"
if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$opt" "$bin/cop-drafter" "$bin/cop-drafter-gui" "$data/applications/cop-drafter.desktop" \
    "$data/mime/packages/cop-drafter-mime.xml" "$data/icons/hicolor/256x256/apps/cop-drafter.png" \
    "$data/icons/hicolor/scalable/apps/cop-drafter.svg"
else
  [ -x "$bundle/cop-drafter-gui" ] || { echo "no build at $bundle: run make package first" >&2; exit 1; }
  mkdir -p "$opt" "$bin" "$data/applications" "$data/mime/packages" \
    "$data/icons/hicolor/256x256/apps" "$data/icons/hicolor/scalable/apps"
  rm -rf "$opt" && cp -a "$bundle" "$opt"
  ln -sf "$opt/cop-drafter" "$bin/cop-drafter"
  ln -sf "$opt/cop-drafter-gui" "$bin/cop-drafter-gui"
  sed "s|^Exec=cop-drafter-gui|Exec=$opt/cop-drafter-gui|" "$here/cop-drafter.desktop" > "$data/applications/cop-drafter.desktop"
  cp "$here/cop-drafter-mime.xml" "$data/mime/packages/"
  cp "$here/../icons/cop-drafter-256.png" "$data/icons/hicolor/256x256/apps/cop-drafter.png"
  cp "$here/../icons/cop-drafter.svg" "$data/icons/hicolor/scalable/apps/cop-drafter.svg"
fi
command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
echo "done"
