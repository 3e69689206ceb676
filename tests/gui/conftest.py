"""GUI test fixtures: a main window on temp user folders, with a scripted Prompter instead of modal dialogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication

from cop_drafter.gui.mainwindow import MainWindow
from cop_drafter.gui.precedents import EngineSource, engine_available
from cop_drafter.gui.prompter import Prompter


class ScriptedPrompter(Prompter):
    """Answers every question from attributes the test sets, and records what the user was told."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.save_answer = "discard"
        self.restore_answer = True
        self.save_to = ""
        self.open_paths: list[str] = []
        self.folder = ""
        self.pick: str | None = None
        self.meta = None
        self.errors: list[tuple[str, str]] = []
        self.exports: list[str] = []
        self.asked_save = 0
        self.asked_restore = 0

    def ask_save(self, title: str) -> str:
        self.asked_save += 1
        return self.save_answer

    def ask_restore(self, title: str, saved_at: str) -> bool:
        self.asked_restore += 1
        return self.restore_answer

    def error(self, title: str, message: str) -> None:
        self.errors.append((title, message))

    def open_path(self, caption: str, filters: str, many: bool = False) -> list[str]:
        return list(self.open_paths)

    def open_folder(self, caption: str) -> str:
        return self.folder

    def save_path(self, caption: str, suggested: str, filters: str) -> str:
        return self.save_to

    def pick_text(self, dialog) -> str | None:
        if self.pick is None:
            return None
        assert dialog.select_id(self.pick), f"{self.pick} is not offered in the New revision dialog"
        return dialog.selected_id()

    def proposal_meta(self, dialog):
        if self.meta is not None:
            for name, value in vars(self.meta).items():
                edit = dialog.edits.get(name)
                if edit is not None:
                    (edit.setText if hasattr(edit, "setText") else edit.setPlainText)(value)
        return dialog.meta()

    def exported(self, path: str) -> None:
        self.exports.append(path)


@pytest.fixture(autouse=True)
def _qt_test_paths(qapp):
    QStandardPaths.setTestModeEnabled(True)
    yield


@pytest.fixture
def make_window(qtbot, tmp_path):
    """make_window(data_dir=None, **kwargs) -> a shown MainWindow on temp folders with a ScriptedPrompter."""

    def make(data_dir: Path | None = None, **kwargs) -> MainWindow:
        folder = Path(data_dir or tmp_path / "data")
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        prompter = kwargs.pop("prompter", None) or ScriptedPrompter()
        kwargs.setdefault("source_factory", precedent_source)
        window = MainWindow(settings, folder, prompter=prompter, **kwargs)
        prompter.parent = window
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        return window

    return make


class CorpusSource:
    """Test double of the precedent engine (used only while `cop_drafter.precedents` has no library):
    partial_ratio over every clause of the bundled corpus, same interface as EngineSource."""

    def __init__(self) -> None:
        from cop_drafter.corpus import load_corpus

        self.rows = [(c.text, f"{t.resolution.header.short_name()}, {s.call} {c.label}".strip())
                     for t in load_corpus() for s, c in t.resolution.clauses() if c.text.strip()]

    def suggest(self, text: str, limit: int):
        from rapidfuzz import fuzz

        from cop_drafter.gui.precedents import SuggestionView

        scored = sorted(((fuzz.partial_ratio(text.lower(), t.lower()), t, s) for t, s in self.rows), reverse=True)
        return [SuggestionView(score, t, s) for score, t, s in scored[:limit]]

    def search(self, phrase: str, limit: int):
        from cop_drafter.gui.precedents import ConcordanceHit

        return [ConcordanceHit(t, s) for t, s in self.rows if phrase.lower() in t.lower()][:limit]

    def lineage(self, resolution, clause):
        return []

    def add_file(self, path: str) -> str:
        return path


def precedent_source():
    """The real engine once it exists, else the corpus double."""
    return EngineSource.open(None) if engine_available() else CorpusSource()
