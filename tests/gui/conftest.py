"""GUI test fixtures: a main window on temp user folders, its dialogs answered at QMessageBox.exec / QDialog.exec."""

from __future__ import annotations

from pathlib import Path

import pytest
from dialog_script import DialogScript
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication

from cop_drafter.gui.mainwindow import MainWindow
from cop_drafter.gui.precedents import EngineSource


@pytest.fixture(autouse=True)
def _qt_test_paths(qapp):
    QStandardPaths.setTestModeEnabled(True)
    yield


@pytest.fixture
def dialogs(monkeypatch) -> DialogScript:
    """The answers every dialog of the test gets (see DialogScript)."""
    script = DialogScript()
    script.install(monkeypatch)
    return script


@pytest.fixture
def make_window(qtbot, tmp_path, dialogs):
    """make_window(data_dir=None, **kwargs) -> a shown MainWindow on temp folders; `window.dialogs` answers."""

    windows: list[MainWindow] = []

    def make(data_dir: Path | None = None, **kwargs) -> MainWindow:
        folder = Path(data_dir or tmp_path / "data")
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        kwargs.setdefault("source_factory", precedent_source)
        window = MainWindow(settings, folder, **kwargs)
        window.dialogs = dialogs
        windows.append(window)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        return window

    yield make
    # Close while the dialogs are still answered here: qtbot closes its widgets after monkeypatch is undone,
    # and a real modal "Unsaved changes" box then would block or abort the run.
    dialogs.save_answer = "discard"
    for window in windows:
        if window.isVisible():
            window.close()


def precedent_source():
    """The real precedent engine over the bundled corpus and the test's library (never a stand-in)."""
    return EngineSource.open(None)


def revision_on_first_clause(make_window, qtbot):
    """A window on a new revision of the sample text (picked in the New revision dialog), its first clause
    selected and in the editor: (window, that clause's uid)."""
    from cop_drafter.corpus import SAMPLE_TEXT_ID

    window = make_window()
    window.dialogs.pick = SAMPLE_TEXT_ID
    window.new_revision_dialog()
    first = window.doc.resolution.sections[0].clauses[0]
    window.outline.select_uid(first.uid)
    qtbot.waitUntil(lambda: window.editor.clause_page.uid == first.uid)
    return window, first.uid
