#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages COP Drafter needs beyond python3, when they are missing:
# python3-venv (to create .venv), the shared libraries Qt loads even offscreen, and with --office
# LibreOffice + poppler (the tests' second, independent reader of our .docx files) and Xvfb.
# Runs apt-get only as root (CI, containers); otherwise prints the command to run.
set -u
want=()
python3 -c 'import ensurepip, venv' 2>/dev/null || want+=(python3-venv)
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libEGL.so.1' || want+=(libegl1)
have_lib 'libGL.so.1' || want+=(libgl1)
have_lib 'libxkbcommon.so.0' || want+=(libxkbcommon0)
have_lib 'libfontconfig.so.1' || want+=(libfontconfig1)
have_lib 'libdbus-1.so.3' || want+=(libdbus-1-3)
have_lib 'libxkbcommon-x11.so.0' || want+=(libxkbcommon-x11-0)
have_lib 'libxcb-cursor.so.0' || want+=(libxcb-cursor0)
fc-list 2>/dev/null | grep -qi 'Liberation Serif' || want+=(fonts-liberation)
if [ "${1:-}" = "--office" ]; then
  command -v soffice >/dev/null || want+=(libreoffice-writer-nogui)
  command -v pdftotext >/dev/null || want+=(poppler-utils)
  command -v Xvfb >/dev/null || want+=(xvfb)
fi
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${want[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
else
  echo "Missing system packages: ${want[*]}"
  echo "Install them with: sudo apt-get install ${want[*]}"
  # Only python3-venv is fatal: without it there is no .venv to install into.
  case " ${want[*]} " in *" python3-venv "*) exit 1 ;; esac
fi
exit 0
