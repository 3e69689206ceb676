"""tools/system-deps.sh maps what Qt's xcb plugin fails to find (ldd "not found") to Debian packages by soname.

The full loop (remove libxcb-icccm4, the script detects and installs it, the X11 test passes again) was run by
hand as root; this checks the soname -> package mapping every run, without touching the system.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "tools" / "system-deps.sh"


def package_of(soname: str) -> str:
    program = f'eval "$(sed -n "/^package_of()/,/^}}/p" {SCRIPT})"; package_of "$1"'
    return subprocess.run(["bash", "-c", program, "bash", soname], capture_output=True, text=True,
                          check=True).stdout.strip()


@pytest.mark.parametrize(("soname", "package"), [
    ("libxcb-icccm.so.4", "libxcb-icccm4"),  # issue 9 repro 12: what Qt 6.5+ needs and its message does not name
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libEGL.so.1", "libegl1"),
    ("libdbus-1.so.3", "libdbus-1-3"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
    ("libz.so.1", "zlib1g"),
])
def test_soname_to_debian_package(soname, package):
    assert package_of(soname) == package


def test_script_is_valid_bash():
    assert subprocess.run(["bash", "-n", str(SCRIPT)]).returncode == 0
