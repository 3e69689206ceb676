"""Where the user's precedent library lives, computed without Qt (the CLI must not need a display)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_FOLDER = "cop-drafter"  # the GUI's QStandardPaths folder (app name "cop-drafter"): one data folder for both
LIBRARY_ENV = "COP_DRAFTER_LIBRARY"
LIBRARY_FILE = "library.sqlite3"


def user_data_dir() -> Path:
    """The platform's per-user data folder for the app, the one QStandardPaths.AppDataLocation gives the GUI.

    Linux: $XDG_DATA_HOME or ~/.local/share; Windows: %APPDATA%; macOS: ~/Library/Application Support; then
    `cop-drafter`.
    """
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / DATA_FOLDER


def default_library_path() -> Path:
    """$COP_DRAFTER_LIBRARY when set, else library.sqlite3 in the user data folder."""
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / LIBRARY_FILE
