"""Issue 9, reproduction 6: a save that fails is always shown, and the window never closes after one."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cop_drafter.corpus import SAMPLE_TEXT_ID

CTRL = Qt.KeyboardModifier.ControlModifier


def _draft_with_lone_surrogate(make_window, qtbot, tmp_path):
    window = make_window()
    window.dialogs.pick = SAMPLE_TEXT_ID
    window.new_revision_dialog()
    target = tmp_path / "res67.copdraft"
    window.dialogs.save_to = str(target)
    assert window.save()
    first = window.doc.resolution.sections[0].clauses[0]
    window.doc.set_text(first.uid, first.text + " pasted from a web tool \ud800")  # as JavaScript tools write
    return window, target


def test_ctrl_s_with_an_unwritable_character_says_why_and_keeps_the_file(make_window, qtbot, tmp_path):
    window, target = _draft_with_lone_surrogate(make_window, qtbot, tmp_path)
    before = target.read_bytes()
    window.dialogs.errors.clear()
    qtbot.keyClick(window.editor.clause_page.text, Qt.Key.Key_S, CTRL)
    assert window.dialogs.errors, "a failed save is never silent"
    title, message = window.dialogs.errors[-1]
    assert title == "Cannot save"
    assert "U+D800" in message and "recognizing" in message, message
    assert target.read_bytes() == before, "the file on disk is the last good save"
    assert window.doc.modified


def test_quit_then_save_that_fails_keeps_the_window_open(make_window, qtbot, tmp_path):
    window, _target = _draft_with_lone_surrogate(make_window, qtbot, tmp_path)
    window.dialogs.save_answer = "save"
    window.close()
    assert window.isVisible(), "the window stays open after a failed save"
    assert window.doc.modified
    window.dialogs.save_answer = "discard"  # only an explicit Discard closes it
    window.close()
    assert not window.isVisible()


def test_autosave_keeps_the_words_a_save_cannot_write(make_window, qtbot, tmp_path):
    """The crash copy escapes the character, so every other word is protected while Save says what to fix."""
    window, _target = _draft_with_lone_surrogate(make_window, qtbot, tmp_path)
    window._autosave_pending = True
    assert window.autosave()
    copy = window.doc.session.recovery_file.read_text(encoding="utf-8")
    assert "pasted from a web tool" in copy


def test_any_unexpected_error_in_save_is_shown(make_window, qtbot, tmp_path, monkeypatch):
    window = make_window()
    window.dialogs.save_to = str(tmp_path / "x.copdraft")
    window.doc.set_header("title", "Something")

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk controller on fire")

    monkeypatch.setattr("cop_drafter.core.session.write_bytes_atomic", broken)
    assert not window.save()
    assert window.dialogs.errors and "disk controller on fire" in window.dialogs.errors[-1][1]
