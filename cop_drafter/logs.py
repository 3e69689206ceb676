"""Where the app writes what went wrong: a rotating log file in the platform's log folder.

Every failure the app catches and turns into a one-line message for the delegate is also logged here with its
traceback (`log.exception` / `exc_info=True`), so "it said export failed" can be diagnosed afterwards. The app
prints nothing to stdout itself; the log never goes to the console. Folders:
Linux `$XDG_STATE_HOME/cop-drafter/log` (default `~/.local/state/cop-drafter/log`),
Windows `%LOCALAPPDATA%\\cop-drafter\\Logs`, macOS `~/Library/Logs/cop-drafter`.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path
from types import TracebackType

APP_NAME = "cop-drafter"
LOG_FILE = "cop-drafter.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(process)d %(threadName)s %(levelname)s %(name)s: %(message)s"

log = logging.getLogger(__name__)
_handler: logging.Handler | None = None


def log_folder() -> Path:
    """The platform's folder for this app's logs (not created here)."""
    home = Path.home()
    if sys.platform.startswith("win"):
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / APP_NAME / "Logs"
    if sys.platform == "darwin":
        return home / "Library" / "Logs" / APP_NAME
    state = os.environ.get("XDG_STATE_HOME")
    base = Path(state) if state and os.path.isabs(state) else home / ".local" / "state"
    return base / APP_NAME / "log"


def log_file() -> Path:
    return log_folder() / LOG_FILE


def setup_logging(program: str, level: int = logging.INFO) -> Path | None:
    """Send the `cop_drafter` loggers to the rotating file; the file's path, or None when it cannot be written.

    Called once by each entry point (CLI main, GUI start). A folder that cannot be created leaves logging off
    rather than stopping the app: a delegate's work matters more than its log.
    """
    global _handler
    root = logging.getLogger("cop_drafter")
    target = log_file()
    if _handler is not None:
        if getattr(_handler, "baseFilename", None) == str(target):
            return target
        root.removeHandler(_handler)
        _handler.close()
        _handler = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(target, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                       encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level)  # a handler here means Python's last-resort console handler is never used for ours
    _handler = handler
    log.info("%s started (pid %d, Python %s)", program, os.getpid(), sys.version.split()[0])
    return target


def log_uncaught(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """sys.excepthook for the GUI: an exception no handler caught still reaches the log."""
    logging.getLogger("cop_drafter").critical("uncaught exception", exc_info=(kind, value, tb))
    sys.__excepthook__(kind, value, tb)
