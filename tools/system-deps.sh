#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages COP Drafter needs beyond python3, when they are missing:
# python3-venv (to create .venv), the shared libraries Qt loads even offscreen, the libraries the installed Qt
# platform plugins actually link (found with ldd once .venv holds PySide6, so a fresh machine shows a window:
# e.g. libxcb-icccm4 and libxcb-keysyms1, which Qt's own error message does not name), and with --office
# LibreOffice + poppler (the tests' second, independent reader of our .docx files), Xvfb and xdotool.
# Runs apt-get only as root (CI, containers); otherwise prints the command to run.
# Run it again after the venv exists (the Makefile does): before that there is no Qt plugin to inspect.
set -u
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
want=()
add() { case " ${want[*]-} " in *" $1 "*) ;; *) want+=("$1") ;; esac; }
python3 -c 'import ensurepip, venv' 2>/dev/null || add python3-venv
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libEGL.so.1' || add libegl1
have_lib 'libGL.so.1' || add libgl1
have_lib 'libxkbcommon.so.0' || add libxkbcommon0
have_lib 'libfontconfig.so.1' || add libfontconfig1
have_lib 'libdbus-1.so.3' || add libdbus-1-3
fc-list 2>/dev/null | grep -qi 'Liberation Serif' || add fonts-liberation

# The Qt plugins that must load for a window on X11 (and GL inside it), as installed in the venv.
qt_plugins() {
  local dir
  for dir in "$VENV"/lib/python3*/site-packages/PySide6/Qt/plugins; do
    [ -d "$dir" ] || continue
    ls "$dir"/platforms/libqxcb.so "$dir"/xcbglintegrations/*.so 2>/dev/null
  done
}

# Debian package of a shared library, by soname. Debian's policy names a library package after its soname
# (libxcb-icccm.so.4 -> libxcb-icccm4, libxkbcommon-x11.so.0 -> libxkbcommon-x11-0); the table holds the exceptions.
package_of() {
  case "$1" in
    libglib-2.0.so.*|libgthread-2.0.so.*|libgobject-2.0.so.*|libgio-2.0.so.*) echo libglib2.0-0 ;;
    libz.so.1) echo zlib1g ;;
    libGLdispatch.so.*) echo libglvnd0 ;;
    libbrotlidec.so.*|libbrotlicommon.so.*) echo libbrotli1 ;;
    libstdc++.so.6) echo libstdc++6 ;;
    libgcc_s.so.1) echo libgcc-s1 ;;
    libc.so.6|libm.so.6|libdl.so.2|libpthread.so.0|librt.so.1) echo libc6 ;;
    libudev.so.1) echo libudev1 ;;
    libxcb-util.so.0) echo libxcb-util0 ;;
    *.so.*)
      local stem="${1%%.so.*}" version="${1##*.so.}"
      stem="$(printf '%s' "$stem" | tr '[:upper:]' '[:lower:]')"
      case "$stem" in *[0-9]) echo "${stem}-${version}" ;; *) echo "${stem}${version}" ;; esac ;;
  esac
}

missing_qt_libs() {
  local plugin
  for plugin in $(qt_plugins); do
    ldd "$plugin" 2>/dev/null | awk '/=> not found/ {print $1}'
  done | sort -u
}

for soname in $(missing_qt_libs); do
  pkg="$(package_of "$soname")"
  if [ -n "$pkg" ] && { ! command -v apt-cache >/dev/null || apt-cache show "$pkg" >/dev/null 2>&1 ||
                        ! apt-cache stats >/dev/null 2>&1; }; then
    add "$pkg"
  else
    echo "Qt needs $soname, and no Debian package named $pkg is known: install the package that provides it." >&2
  fi
done
if [ -z "$(qt_plugins)" ]; then
  # No venv yet: the libraries every Qt 6 xcb plugin so far has needed; the ldd pass after pip install
  # catches anything a newer Qt adds.
  for soname in libxkbcommon-x11.so.0 libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1; do
    have_lib "$soname" || add "$(package_of "$soname")"
  done
fi
if [ "${1:-}" = "--office" ]; then
  command -v soffice >/dev/null || add libreoffice-writer-nogui
  command -v pdftotext >/dev/null || add poppler-utils
  /usr/bin/python3 -c "import uno" 2>/dev/null || add python3-uno  # LibreOffice's UNO bridge: its own Accept/Reject All in tests
  command -v Xvfb >/dev/null || add xvfb
  command -v xdotool >/dev/null || add xdotool
fi
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${want[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null; }
  still="$(missing_qt_libs | tr '\n' ' ')"
  if [ -n "${still// /}" ]; then
    echo "The Qt window plugin still cannot load; missing libraries: $still" >&2
    exit 1
  fi
else
  echo "Missing system packages: ${want[*]}"
  echo "Install them with: sudo apt-get install ${want[*]}"
  [ -n "$(missing_qt_libs)" ] && echo "Until then the app cannot show a window (Qt's xcb plugin does not load)."
  # Only python3-venv is fatal: without it there is no .venv to install into.
  case " ${want[*]} " in *" python3-venv "*) exit 1 ;; esac
fi
exit 0
