"""One session of the real app under X11: window shown, a clause typed with real key events, Ctrl+S, Ctrl+Q.

Real key events: xdotool's XTEST input, the same path a keyboard takes, into the process started like
`cop-drafter-gui` (QT_QPA_PLATFORM=xcb). A missing Qt system library (libxcb-icccm4, libxcb-keysyms1...) makes the
app exit before a window appears, and this test fails with Qt's message.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cop_drafter.core.draft import Draft
from cop_drafter.formats.project import load_project, save_project
from cop_drafter.formats.text_parser import parse_text

pytestmark = pytest.mark.x11
SEED = Path(__file__).resolve().parents[2] / "resources" / "corpus" / "003_17374c786128507d.txt"
TYPED = "to report on the protection of children online to the next conference;"


def xdotool(display: str, *args: str, timeout: float = 20) -> str:
    done = subprocess.run(["xdotool", *args], env=dict(os.environ, DISPLAY=display), capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"xdotool {' '.join(args)}: {done.stderr.strip()}"
    return done.stdout.strip()


def wait_for_window(display: str, app: subprocess.Popen, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if app.poll() is not None:
            pytest.fail(f"the app exited with {app.returncode} before showing a window (a missing Qt library?):\n"
                        f"{app.stderr.read()[-2000:]}")
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "COP Drafter"],
                               env=dict(os.environ, DISPLAY=display), capture_output=True, text=True)
        if found.returncode == 0 and found.stdout.strip():
            return found.stdout.split()[0]
        time.sleep(0.2)
    pytest.fail("no COP Drafter window appeared within a minute")


def test_real_window_takes_typed_clause_and_quits(xvfb_display, tmp_path):
    project = save_project(Draft.revision_of(parse_text(SEED.read_text(encoding="utf-8"), SEED.name)),
                           tmp_path / "Projet 67.copdraft")
    env = dict(os.environ, DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb", XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), COP_DRAFTER_LIBRARY=str(tmp_path / "library.sqlite3"))
    env.pop("WAYLAND_DISPLAY", None)
    app = subprocess.Popen([sys.executable, "-m", "cop_drafter.gui.app", str(project)], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        window = wait_for_window(xvfb_display, app)
        xdotool(xvfb_display, "windowfocus", "--sync", window)
        time.sleep(0.5)  # let Qt take the focus-in before the first key
        xdotool(xvfb_display, "key", "--clearmodifiers", "ctrl+Return")
        time.sleep(0.5)
        xdotool(xvfb_display, "type", "--delay", "15", TYPED)
        time.sleep(0.5)
        xdotool(xvfb_display, "key", "--clearmodifiers", "ctrl+s")
        time.sleep(0.5)
        xdotool(xvfb_display, "key", "--clearmodifiers", "ctrl+q")
        code = app.wait(30)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    out, err = app.communicate()
    assert code == 0, err[-2000:]
    assert out == "", "the app printed to stdout"
    texts = [clause.text for _s, clause in load_project(project).current.clauses()]
    assert TYPED in texts, "the typed clause did not reach the saved draft"
