"""`cop-drafter-gui`: start the desktop app.

`--sample` opens a revision of Resolution 67 (Rev. Kigali, 2022) from the bundled corpus, so a first-time user
sees a real document at once; a positional path opens a saved .copdraft draft. User data (recovery copies,
imported texts) lives under QStandardPaths' AppDataLocation, settings in QSettings.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

APP_NAME = "cop-drafter"  # folder names: ~/.local/share/cop-drafter, ~/.config/cop-drafter/gui.ini
DISPLAY_NAME = "COP Drafter"


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cop-drafter-gui", description="COP Drafter desktop app")
    parser.add_argument("project", nargs="?", help="a .copdraft draft to open")
    parser.add_argument("--sample", action="store_true",
                        help="open a sample revision of Resolution 67 (Rev. Kigali, 2022)")
    return parser.parse_known_args(argv)[0]


def data_dir() -> Path:
    from PySide6.QtCore import QStandardPaths

    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def make_settings():
    from PySide6.QtCore import QSettings

    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, "gui")


def main(argv: list[str] | None = None) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from cop_drafter.gui.mainwindow import MainWindow

    argv = list(sys.argv if argv is None else argv)
    args = _parse(argv[1:])
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(DISPLAY_NAME)
    window = MainWindow(make_settings(), data_dir())
    if args.project:
        window.open_path(Path(args.project))
    elif args.sample:
        window.new_revision()
    window.show()
    QTimer.singleShot(0, window.offer_recovery)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
