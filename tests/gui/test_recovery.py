"""Never lose a word: autosave to a recovery copy, restore after a crash, ask before dropping changes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from cop_drafter.core.draft import ClauseStatus, Draft
from cop_drafter.formats.project import save_project
from cop_drafter.gui.document import DraftDocument

DRIVER = Path(__file__).with_name("crash_driver.py")


def test_killed_app_is_restored_on_next_start(make_window, tmp_path, qtbot):
    home = tmp_path / "home"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_RUNTIME_DIR=str(tmp_path / "run"))
    (tmp_path / "run").mkdir(mode=0o700)
    typed = "that children deserve a safer Internet, typed before the crash"
    proc = subprocess.Popen([sys.executable, str(DRIVER), typed], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("AUTOSAVED "), f"the app did not autosave (exit {proc.poll()})"
        recovery_file = Path(line.split(" ", 1)[1].strip())
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert recovery_file.is_file()
    assert str(recovery_file).startswith(str(home / "data")), "recovery lives in the user's data folder"
    assert not list(tmp_path.glob("*.copdraft")), "autosave never writes a project file of its own"

    window = make_window(data_dir=recovery_file.parent.parent)
    assert window.offer_recovery()
    assert window.dialogs.asked_restore == 1
    doc = window.doc
    first = next(c for _s, c in doc.resolution.clauses())
    assert first.text == typed
    assert doc.status(first.uid) is ClauseStatus.MOD
    assert doc.modified, "a restored draft is unsaved until the delegate saves it"
    assert doc.draft.base is not None and doc.draft.base.header.place == "Kigali"


def test_autosave_goes_beside_the_user_data_never_over_the_project(make_window, tmp_path, qtbot):
    project = tmp_path / "mine.copdraft"
    draft = Draft.new_resolution()
    save_project(draft, project)
    before = project.read_bytes()
    window = make_window(autosave_ms=100)
    assert window.open_path(project)
    uid = next(c for _s, c in window.doc.resolution.clauses()).uid
    window.doc.set_text(uid, "that an edit was made;")
    qtbot.waitUntil(lambda: window.doc.session.recovery_file.exists(), timeout=5000)
    assert project.read_bytes() == before
    copies = window.recovery.entries()
    assert [e.project for e in copies] == [project] and copies[0].in_use, "the open session's own copy"

    window.dialogs.save_to = ""
    assert window.save()  # the draft has a path: Save writes it, then drops the recovery copy
    assert not window.doc.session.recovery_file.exists()
    assert window.recovery.entries() == []


def test_focus_loss_autosaves(make_window, qtbot):
    window = make_window(autosave_ms=3_600_000)
    window.new_revision()
    uid = window.current_clause_uid()
    window.doc.set_text(uid, "typed just before switching to the mail client")
    window._app_state(0)  # Qt.ApplicationState.ApplicationInactive
    pending = window.recovery.entries()
    assert len(pending) == 1 and pending[0].project is None
    restored = pending[0].load()
    assert restored.current.find_clause(uid)[1].text == "typed just before switching to the mail client"


def test_recovery_older_than_its_project_is_not_offered(make_window, tmp_path):
    window = make_window()
    project = tmp_path / "saved.copdraft"
    doc = DraftDocument(Draft.new_resolution(), project)
    window.recovery.write(window.recovery.key_for(project), doc.draft, project, "saved.copdraft")
    save_project(doc.draft, project)  # saved after the autosave
    os.utime(project, (project.stat().st_mtime + 5, project.stat().st_mtime + 5))
    assert not window.offer_recovery()
    assert window.dialogs.asked_restore == 0


def test_autosaved_edits_survive_a_project_clock_running_ahead(make_window, tmp_path):
    """A project on a share whose clock runs ahead must not make us throw away edits it does not hold."""
    window = make_window()
    project = tmp_path / "on-a-share.copdraft"
    doc = DraftDocument(Draft.new_resolution(), project)
    save_project(doc.draft, project)
    edited = Draft.new_resolution()
    edited.current.sections[0].clauses[0].text = "that the autosave holds words the project does not;"
    window.recovery.write(window.recovery.key_for(project), edited, project, "on-a-share.copdraft")
    os.utime(project, (project.stat().st_mtime + 3600, project.stat().st_mtime + 3600))
    pending = window.recovery.pending()
    assert [p.project for p in pending] == [project]
    restored = pending[0].load()
    assert restored.current.sections[0].clauses[0].text == "that the autosave holds words the project does not;"


def test_closing_with_unsaved_changes_asks(make_window, qtbot):
    window = make_window()
    window.new_revision()
    window.doc.set_text(window.current_clause_uid(), "unsaved words")
    window.dialogs.save_answer = "cancel"
    assert not window.close()
    assert window.isVisible() and window.dialogs.asked_save == 1
    window.dialogs.save_answer = "discard"
    assert window.close()
    assert window.dialogs.asked_save == 2
    assert window.recovery.pending() == [], "a deliberate discard leaves no recovery copy behind"



def test_an_odd_recovery_file_does_not_hide_the_good_copy(make_window, tmp_path):
    """Repro 5: a `project_path` a newer version wrote as a number (or a dangling link) made the list raise."""
    data = tmp_path / "data"
    window = make_window(data_dir=data)
    edited = Draft.new_resolution()
    edited.current.sections[0].clauses[0].text = "that the crash copy holds these words;"
    window.recovery.write(window.recovery.key_for(None), edited, None, "Untitled draft")
    folder = window.recovery.folder
    (folder / "newer.recovery.json").write_text(
        '{"format": "cop-drafter-recovery", "project_path": 42, "project": "{}"}', encoding="utf-8")
    (folder / "object.recovery.json").write_text(
        '{"format": "cop-drafter-recovery", "project_path": {"volume": 2}, "project": "{}"}', encoding="utf-8")
    (folder / "gone.recovery.json").symlink_to(tmp_path / "nowhere")
    assert window.offer_recovery()
    assert window.dialogs.asked_restore == 1
    first = next(c for _s, c in window.doc.resolution.clauses())
    assert first.text == "that the crash copy holds these words;"


def _block_recovery_folder(window) -> None:
    """A recovery folder nobody can change, root included: a regular file in its place."""
    folder = window.recovery.folder
    if folder.is_dir():
        for file in folder.iterdir():
            file.unlink()
        folder.rmdir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")


def test_open_and_new_revision_work_with_a_broken_recovery_folder(make_window, tmp_path, qtbot):
    """Repro 7: removing the old recovery copy failed with something other than "not found" and File > Open and
    New revision stopped without a word."""
    project = tmp_path / "mine.copdraft"
    saved = Draft.new_resolution()
    saved.current.sections[0].clauses[0].text = "that this project opens;"
    save_project(saved, project)
    window = make_window(autosave_ms=3_600_000)
    window.new_revision()
    _block_recovery_folder(window)
    assert window.open_path(project)
    assert next(c for _s, c in window.doc.resolution.clauses()).text == "that this project opens;"
    window.new_revision()
    assert window.doc.path is None and window.doc.draft.base is not None
    qtbot.waitUntil(lambda: "could not remove the recovery copy" in window.statusBar().currentMessage())
    window.doc.set_text(window.current_clause_uid(), "typed with no recovery folder")
    assert not window.autosave()
    assert "Autosave failed: cannot create the recovery folder" in window.statusBar().currentMessage()
    window.dialogs.save_answer = "discard"
    assert window.close()


def test_a_data_folder_that_cannot_be_created_still_gives_a_window(make_window, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    window = make_window(data_dir=blocker / "data", autosave_ms=3_600_000)
    assert not window.offer_recovery()
    window.new_revision()
    window.doc.set_text(window.current_clause_uid(), "typed with no data folder")
    assert not window.autosave()
    assert "cannot create the recovery folder" in window.statusBar().currentMessage()
    window.dialogs.save_answer = "discard"
    assert window.close()
