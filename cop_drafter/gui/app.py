"""`cop-drafter-gui`: start the desktop app.

`--sample` opens a revision of Resolution 67 (Rev. Kigali, 2022) from the bundled corpus, so a first-time user
sees a real document at once; a positional path opens a saved .copdraft draft. User data (recovery copies,
imported texts) lives under QStandardPaths' AppDataLocation, settings in QSettings.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

from cop_drafter.logs import log_uncaught, setup_logging

log = logging.getLogger(__name__)

APP_NAME = "cop-drafter"  # folder names: ~/.local/share/cop-drafter, ~/.config/cop-drafter/gui.ini
DISPLAY_NAME = "COP Drafter"


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cop-drafter-gui", description="COP Drafter desktop app")
    parser.add_argument("project", nargs="?", help="a .copdraft draft to open")
    parser.add_argument("--sample", action="store_true",
                        help="open a sample revision of Resolution 67 (Rev. Kigali, 2022)")
    parser.add_argument("--smoke-test", action="store_true",
                        help="open the sample, show the window, quit with status 0 (for installers and CI)")
    return parser.parse_known_args(argv)[0]


def ensure_data_dir(folder: Path) -> tuple[Path, str]:
    """The user data folder, created; when it cannot be, a private temporary one and the reason to tell the
    delegate (autosave copies there do not outlive the machine's temp cleaning), never a traceback."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if folder.is_dir():
            return folder, ""
        raise NotADirectoryError(f"{folder} is not a folder")
    except OSError as exc:
        fallback = Path(tempfile.mkdtemp(prefix="cop-drafter-data-"))
        log.warning("data folder %s unusable (%s); using %s", folder, exc, fallback)
        return fallback, (f"Your data folder {folder} cannot be created ({exc.strerror or exc}). For this session "
                          f"autosave copies and imported texts go to {fallback}, which the system may clean.")


def data_dir() -> tuple[Path, str]:
    from PySide6.QtCore import QStandardPaths

    return ensure_data_dir(Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)))


def make_settings():
    from PySide6.QtCore import QSettings

    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, "gui")


def _application(argv: list[str]):
    """The QApplication, passing macOS "open this file" events (double-click on a .copdraft) to `on_file`."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    class Application(QApplication):
        on_file = None

        def event(self, event):  # noqa: ANN001 - Qt override
            if event.type() == QEvent.Type.FileOpen and self.on_file is not None:
                self.on_file(Path(event.file()))
                return True
            return super().event(event)

    return QApplication.instance() or Application(argv)


def _smoke_test(app, window) -> None:
    """Quit with 0 once the window is up and shows the sample's clauses, 1 otherwise (checked by the packager)."""
    clauses = sum(1 for _ in window.doc.resolution.clauses()) if window.doc else 0
    ok = window.isVisible() and clauses > 0
    print(f"smoke test {'ok' if ok else 'FAILED'}: window shown, {clauses} clauses", flush=True)
    app.exit(0 if ok else 1)


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtCore import QTimer

    from cop_drafter.gui.mainwindow import MainWindow

    argv = list(sys.argv if argv is None else argv)
    args = _parse(argv[1:])
    setup_logging("cop-drafter-gui")
    sys.excepthook = log_uncaught
    app = _application(argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(DISPLAY_NAME)
    folder, problem = data_dir()
    window = MainWindow(make_settings(), folder)
    if hasattr(app, "on_file"):
        app.on_file = window.open_path
    if args.project:
        window.open_path(Path(args.project))
    elif args.sample or args.smoke_test:
        window.new_revision()
    window.show()
    if problem:
        QTimer.singleShot(0, lambda: window.prompter.error("Data folder unavailable", problem))
    if args.smoke_test:
        QTimer.singleShot(300, lambda: _smoke_test(app, window))
    else:
        QTimer.singleShot(0, window.offer_recovery)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
