"""Run by test_recovery in a subprocess: the real app window, a delegate typing, autosave, then it waits to die.

Prints "AUTOSAVED <recovery file>" once the autosave timer has written the recovery copy.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from cop_drafter.gui import app as gui_app
from cop_drafter.gui.mainwindow import MainWindow


def main() -> int:
    typed = sys.argv[1]
    app = QApplication([sys.argv[0]])
    app.setApplicationName(gui_app.APP_NAME)
    window = MainWindow(gui_app.make_settings(), gui_app.data_dir()[0], autosave_ms=200)
    window.new_revision()
    window.show()
    editor = window.editor.clause_page.text
    editor.setFocus()
    editor.selectAll()
    QTest.keyClicks(editor, typed)

    def poll() -> None:
        files = list(window.recovery.folder.glob("*.recovery.json"))
        if files and not window._autosave_pending:
            print("AUTOSAVED", files[0], flush=True)
        else:
            QTimer.singleShot(50, poll)

    QTimer.singleShot(50, poll)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
