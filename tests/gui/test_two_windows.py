"""Issue 9, reproduction 4: two windows (or processes) on one draft never save over each other silently, and each
keeps its own crash protection. Also the file changed on disk by another program since it was opened."""

from __future__ import annotations

import json

from cop_drafter.core.draft import Draft
from cop_drafter.core.session import lock_path_for
from cop_drafter.formats.project import load_project, save_project


def _project(tmp_path):
    project = tmp_path / "res67.copdraft"
    save_project(Draft.new_resolution(), project)
    return project


def test_a_second_window_is_told_and_opens_read_only(make_window, tmp_path):
    project = _project(tmp_path)
    first = make_window(data_dir=tmp_path / "data")
    assert first.open_path(project)
    holder = json.loads(lock_path_for(project).read_text())
    assert holder["pid"] and holder["host"], "the lock names who holds the draft"
    second = make_window(data_dir=tmp_path / "data")
    second.dialogs.locked_answer = "read-only"
    assert second.open_path(project)
    assert "Draft open elsewhere" in second.dialogs.questions
    assert second.doc.session.read_only and "(read-only)" in second.windowTitle()
    uid = second.current_clause_uid() or next(c for _s, c in second.doc.resolution.clauses()).uid
    second.doc.set_text(uid, "the second window's words")
    second.dialogs.errors.clear()
    assert not second.save(), "a read-only draft is never written over"
    assert second.dialogs.errors and "read-only" in second.dialogs.errors[-1][1]
    first.doc.set_text(next(c for _s, c in first.doc.resolution.clauses()).uid, "the first window's words")
    assert first.save()
    assert next(c for _s, c in load_project(project).current.clauses()).text == "the first window's words"


def test_open_a_copy_gives_an_untitled_draft_with_the_same_text(make_window, tmp_path):
    project = _project(tmp_path)
    first = make_window(data_dir=tmp_path / "data")
    assert first.open_path(project)
    second = make_window(data_dir=tmp_path / "data")
    second.dialogs.locked_answer = "copy"
    assert second.open_path(project)
    assert second.doc.path is None
    assert [c.text for _s, c in second.doc.resolution.clauses()] == [c.text for _s, c in first.doc.resolution.clauses()]


def test_two_windows_never_share_a_recovery_copy(make_window, tmp_path):
    project = _project(tmp_path)
    first = make_window(data_dir=tmp_path / "data")
    assert first.open_path(project)
    second = make_window(data_dir=tmp_path / "data")
    second.dialogs.locked_answer = "copy"
    assert second.open_path(project)
    for window, words in ((first, "first"), (second, "second")):
        window.doc.set_text(next(c for _s, c in window.doc.resolution.clauses()).uid, f"the {words} window's words")
        window._autosave_pending = True
        assert window.autosave()
    assert first.doc.session.recovery_file != second.doc.session.recovery_file
    assert first.save()  # the first window's save drops only its own copy
    assert not first.doc.session.recovery_file.exists()
    assert second.doc.session.recovery_file.exists(), "the other window's crash protection is kept"


def test_saving_over_a_file_changed_on_disk_asks_first(make_window, tmp_path):
    project = _project(tmp_path)
    window = make_window(data_dir=tmp_path / "data")
    assert window.open_path(project)
    other = Draft.new_resolution()
    other.current.sections[0].clauses[0].text = "written by another program"
    save_project(other, project)
    window.doc.set_text(next(c for _s, c in window.doc.resolution.clauses()).uid, "mine")
    assert not window.save()
    assert "File changed on disk" in window.dialogs.questions
    assert next(c for _s, c in load_project(project).current.clauses()).text == "written by another program"
    window.dialogs.overwrite_answer = True
    assert window.save()
    assert next(c for _s, c in load_project(project).current.clauses()).text == "mine"


def test_a_declined_recovery_copy_survives_opening_its_project_typing_and_quitting(make_window, tmp_path):
    """Reproduction 3: No at the restore prompt keeps the copy aside until the delegate discards it."""
    project = _project(tmp_path)
    first = make_window(data_dir=tmp_path / "data")
    assert first.open_path(project)
    first.doc.set_text(next(c for _s, c in first.doc.resolution.clauses()).uid, "words only in the crash copy")
    first._autosave_pending = True
    assert first.autosave()
    crash_copy = first.doc.session.recovery_file
    kept = crash_copy.read_bytes()
    from cop_drafter.core.recovery import LIVE_SESSIONS

    LIVE_SESSIONS.discard(first.doc.session.session_id)  # the first app dies without closing
    lock_path_for(project).unlink()
    first.doc.undo_stack.setClean()
    first.hide()

    second = make_window(data_dir=tmp_path / "data")
    second.dialogs.restore_answer = False
    assert not second.offer_recovery()
    assert second.open_path(project)  # File > Open of that very project
    second.doc.set_text(next(c for _s, c in second.doc.resolution.clauses()).uid, "one typed word")
    second._autosave_pending = True
    assert second.autosave()
    second.dialogs.save_answer = "discard"
    assert second.close()
    aside = [e for e in second.recovery.entries() if e.declined]
    assert len(aside) == 1 and aside[0].file.read_bytes() == kept, "the declined copy is kept, unchanged"
