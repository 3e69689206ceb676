"""File > Recovered drafts... and the restore prompt, answered only by patching QDialog.exec / QMessageBox.exec."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QMessageBox

from cop_drafter.core.draft import Draft
from cop_drafter.core.recovery import RecoveryStore
from cop_drafter.core.session import DraftSession
from cop_drafter.formats.project import save_project
from cop_drafter.gui import recovery as gui_recovery
from cop_drafter.gui.recovery import RecoveredDraftsDialog, ask_restore, show_recovered_drafts


def _draft(text: str) -> Draft:
    draft = Draft.new_resolution()
    draft.current.sections[0].clauses[0].text = text
    return draft


def _crash_copy(store: RecoveryStore, project: Path | None, draft: Draft) -> Path:
    """What a killed session leaves: its recovery file, written under a session id no open session has."""
    session = "crashed" + uuid.uuid4().hex[:6]
    name = project.name if project else "Untitled draft"
    return store.write(store.key_for(project, session), draft, project, name, session=session)


@pytest.fixture
def store(tmp_path) -> RecoveryStore:
    store = RecoveryStore(tmp_path / "data")
    project = tmp_path / "Res67.copdraft"
    save_project(_draft("that the file says this;"), project)
    _crash_copy(store, project, _draft("that only the autosave holds this;"))
    store.decline(store.pending()[0])
    _crash_copy(store, None, _draft("that an untitled draft was typed;"))
    (store.folder / "newer.recovery.json").write_text(json.dumps(
        {"format": "cop-drafter-recovery", "project_path": {"volume": 2}, "project": "{}"}))
    (store.folder / "gone.recovery.json").symlink_to(tmp_path / "nowhere")
    return store


def _rows(dialog: RecoveredDraftsDialog) -> list[list[str]]:
    table = dialog.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_lists_good_and_damaged_copies(qtbot, store):
    dialog = RecoveredDraftsDialog(store)
    qtbot.addWidget(dialog)
    rows = _rows(dialog)
    assert len(rows) == 4
    names = [r[0] for r in rows[:2]]
    assert sorted(names) == ["Res67.copdraft", "Untitled draft"]
    states = {r[0]: r[3] for r in rows}
    assert states["Res67.copdraft"] == "Kept aside"
    assert states["Untitled draft"] == "Not restored yet"
    assert states["newer.recovery.json"].startswith("Damaged: its project path is not a file name (dict")
    assert "nowhere, which does not exist" in states["gone.recovery.json"]
    assert all(r[2] == str(sum(1 for _ in _draft("").current.clauses())) for r in rows[:2])
    dialog.select_file(store.folder / "newer.recovery.json")
    assert not dialog.open_button.isEnabled() and dialog.discard_button.isEnabled()


def test_open_returns_the_chosen_copy(qtbot, store, monkeypatch):
    kept = next(e for e in store.entries() if e.declined)

    def choose(dialog: QDialog) -> int:
        qtbot.addWidget(dialog)
        assert dialog.select_file(kept.file)
        dialog.open_button.click()
        return dialog.result()

    monkeypatch.setattr(QDialog, "exec", choose)
    chosen = show_recovered_drafts(None, store)
    assert chosen == kept.file
    entry = store.entry_for(chosen)
    session, draft = DraftSession.restore(entry, store)
    assert draft.current.sections[0].clauses[0].text == "that only the autosave holds this;"
    session.release()


def test_close_returns_none_and_removes_nothing(qtbot, store, monkeypatch):
    before = sorted(p.name for p in store.folder.iterdir())

    def close(dialog: QDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.reject()
        return dialog.result()

    monkeypatch.setattr(QDialog, "exec", close)
    assert show_recovered_drafts(None, store) is None
    assert sorted(p.name for p in store.folder.iterdir()) == before


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard])
def test_discard_asks_first(qtbot, store, monkeypatch, answer):
    asked: list[str] = []

    def reply(box: QMessageBox) -> int:
        asked.append(box.text())
        return answer.value

    monkeypatch.setattr(QMessageBox, "exec", reply)
    dialog = RecoveredDraftsDialog(store)
    qtbot.addWidget(dialog)
    kept = next(e for e in dialog.entries if e.declined)
    dialog.select_file(kept.file)
    dialog.discard_button.click()
    assert len(asked) == 1 and "Res67.copdraft" in asked[0] and "cannot be brought back" in asked[0]
    assert kept.file.exists() is (answer == QMessageBox.StandardButton.Cancel)
    assert len(dialog.entries) == (4 if answer == QMessageBox.StandardButton.Cancel else 3)


def test_discarding_a_damaged_entry_and_a_failed_removal_is_shown(qtbot, store, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Discard.value)
    dialog = RecoveredDraftsDialog(store)
    qtbot.addWidget(dialog)
    dialog.select_file(store.folder / "gone.recovery.json")
    dialog.discard_button.click()
    assert not os.path.lexists(store.folder / "gone.recovery.json")
    (store.folder / "folder.recovery.json").mkdir()  # a folder under our name cannot be unlinked
    dialog.refresh()
    dialog.select_file(store.folder / "folder.recovery.json")
    assert not dialog.discard_selected()
    assert "is a folder" in dialog.note.text()


def test_a_copy_of_a_running_window_cannot_be_opened_or_discarded(qtbot, tmp_path):
    import subprocess
    import sys

    store = RecoveryStore(tmp_path)
    code = ("import sys, time; from pathlib import Path; from cop_drafter.core.draft import Draft; "
            "from cop_drafter.core.recovery import RecoveryStore; s = RecoveryStore(Path(sys.argv[1])); "
            "print(s.write(s.key_for(None), Draft.new_resolution(), None, 'other'), flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        proc.stdout.readline()
        dialog = RecoveredDraftsDialog(store)
        qtbot.addWidget(dialog)
        assert _rows(dialog)[0][3] == "In use by an open COP Drafter window"
        assert not dialog.open_button.isEnabled() and not dialog.discard_button.isEnabled()
        assert "still open" in dialog.note.text()
    finally:
        proc.kill()
        proc.wait()


def test_show_folder_opens_the_recovery_folder(qtbot, store, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog = RecoveredDraftsDialog(store)
    qtbot.addWidget(dialog)
    dialog.folder_button.click()
    assert [Path(p) for p in opened] == [store.folder]


def test_empty_and_unreadable_folders_say_so(qtbot, tmp_path):
    dialog = RecoveredDraftsDialog(RecoveryStore(tmp_path / "none"))
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0 and dialog.note.text() == "No recovered drafts."
    assert not dialog.open_button.isEnabled()
    (tmp_path / "file").write_text("x")
    dialog = RecoveredDraftsDialog(RecoveryStore(tmp_path / "file"))  # its "recovery" folder is under a file
    qtbot.addWidget(dialog)
    dialog.store.folder = tmp_path / "file"  # a file where the folder should be
    dialog.refresh()
    assert "cannot read the recovery folder" in dialog.note.text()


@pytest.mark.parametrize("button, restored", [("&Restore", True), ("&Keep aside", False)])
def test_restore_prompt(qtbot, store, monkeypatch, button, restored):
    entry = next(e for e in store.entries() if not e.damaged and not e.declined)
    seen: list[str] = []

    def click(box: QMessageBox) -> int:
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == button).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click)
    assert ask_restore(None, entry) is restored
    assert "Untitled draft" in seen[0] and "File > Recovered drafts..." in seen[0]
    assert gui_recovery.state_of(entry) == "Not restored yet"


def _answer_prompts(monkeypatch, answers: list[str]) -> list[str]:
    """Click the named button of each QMessageBox in turn; returns the texts shown."""
    shown: list[str] = []

    def click(box: QMessageBox) -> int:
        shown.append(box.text())
        wanted = answers.pop(0)
        button = next(b for b in box.buttons() if b.text().replace("&", "") == wanted)
        button.click()
        return box.standardButton(button).value

    monkeypatch.setattr(QMessageBox, "exec", click)
    return shown


def test_offer_restore_keeps_a_declined_copy_and_restores_the_next(qtbot, tmp_path, monkeypatch):
    store = RecoveryStore(tmp_path / "data")
    project = tmp_path / "Res67.copdraft"
    save_project(_draft("that the file says this;"), project)
    _crash_copy(store, project, _draft("that the older crash copy holds this;"))
    older = store.entries()[0].file
    os.utime(older, (1, 1))
    _crash_copy(store, None, _draft("that the newest crash copy holds this;"))
    shown = _answer_prompts(monkeypatch, ["Keep aside", "Restore"])
    session, draft = gui_recovery.offer_restore(None, store)
    assert "Untitled draft" in shown[0] and "Res67.copdraft" in shown[1]
    assert draft.current.sections[0].clauses[0].text == "that the older crash copy holds this;"
    assert session.path == project and session.holds_lock()
    (kept,) = [e for e in store.entries() if e.declined]
    assert kept.load().current.sections[0].clauses[0].text == "that the newest crash copy holds this;"
    assert gui_recovery.offer_restore(None, store) is None, "a copy kept aside is not asked about again"
    session.release()
    assert [e.file for e in store.entries()] == [kept.file]


def test_restoring_a_copy_whose_project_is_open_elsewhere_gives_an_untitled_copy(qtbot, tmp_path, monkeypatch):
    store = RecoveryStore(tmp_path / "data")
    project = tmp_path / "Res67.copdraft"
    save_project(_draft("that the file says this;"), project)
    holder, _ = DraftSession.open(project, store)
    _crash_copy(store, project, _draft("that the crash copy holds this;"))
    shown = _answer_prompts(monkeypatch, ["Restore", "OK"])
    session, draft = gui_recovery.offer_restore(None, store)
    assert "is already open" in shown[1] and "untitled copy" in shown[1]
    assert session.path is None and draft.current.sections[0].clauses[0].text == "that the crash copy holds this;"
    session.release()
    holder.release()


def test_a_copy_damaged_after_listing_is_reported_and_kept(qtbot, tmp_path, monkeypatch):
    store = RecoveryStore(tmp_path / "data")
    written = _crash_copy(store, None, _draft("that this copy gets damaged;"))
    (entry,) = store.entries()
    written.write_text('{"format": "cop-drafter-recovery", "proj', encoding="utf-8")  # truncated meanwhile
    shown = _answer_prompts(monkeypatch, ["OK"])
    assert gui_recovery.restore_entry(None, store, entry) is None
    assert "damaged" in shown[0] and "stays in File > Recovered drafts" in shown[0]
    assert written.exists()
