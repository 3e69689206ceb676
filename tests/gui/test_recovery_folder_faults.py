"""Issue 9, reproduction 7: a recovery folder that cannot be written never blocks opening or starting a draft,
and a data folder that cannot be created does not end the app."""

from __future__ import annotations

from cop_drafter.corpus import SAMPLE_TEXT_ID
from cop_drafter.formats.project import save_project
from cop_drafter.gui.app import ensure_data_dir
from cop_drafter.gui.document import DraftDocument


def _unusable_recovery(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "recovery").write_text("not a folder")  # as a read-only or broken folder would: nothing can go in
    return data


def test_open_and_new_revision_work_when_the_recovery_folder_is_unusable(make_window, qtbot, tmp_path):
    window = make_window(data_dir=_unusable_recovery(tmp_path))
    window.dialogs.pick = SAMPLE_TEXT_ID
    window.new_revision_dialog()
    assert window.doc.draft.base is not None, "New revision of... still starts the revision"
    project = tmp_path / "mine.copdraft"
    save_project(window.doc.draft, project)
    window.doc.undo_stack.setClean()
    assert window.open_path(project)
    assert window.doc.path == project, "File > Open still opens the draft"
    first = window.doc.resolution.sections[0].clauses[0]
    window.doc.set_text(first.uid, first.text + " more")
    assert not window.autosave()
    assert "Autosave failed" in window.statusBar().currentMessage()
    window.dialogs.save_answer = "discard"
    window.new_resolution()
    assert window.doc.path is None


def test_a_data_folder_that_cannot_be_created_gives_a_usable_folder_and_a_reason(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the data folder should be")
    folder, problem = ensure_data_dir(blocker / "cop-drafter")
    assert folder.is_dir()
    assert problem and str(blocker / "cop-drafter") in problem
    ok_folder, no_problem = ensure_data_dir(tmp_path / "fine")
    assert ok_folder == tmp_path / "fine" and ok_folder.is_dir() and no_problem == ""


def test_the_window_says_when_autosave_cannot_work(make_window, qtbot, tmp_path):
    window = make_window(data_dir=_unusable_recovery(tmp_path))
    doc = DraftDocument(window.doc.draft)
    window.set_document(doc)
    doc.set_header("title", "typed")
    window.autosave()
    assert "Autosave failed" in window.statusBar().currentMessage()
