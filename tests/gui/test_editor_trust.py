"""Issue 9, reproductions 1 and 2: one undo history, and no keystroke lands outside the draft.

Driven with key events through the window (shortcuts included), the real precedent engine behind it.
"""

from __future__ import annotations

from conftest import revision_on_first_clause
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier




def _focused():
    return QApplication.focusWidget()


def _clause_count(doc) -> int:
    return sum(1 for _ in doc.resolution.clauses())


def _all_text(doc) -> str:
    return " ".join(c.text for _s, c in doc.resolution.clauses())


def test_undo_of_a_new_clause_from_the_outline_leaves_the_editor_on_a_clause_of_the_draft(make_window, qtbot):
    window, first = revision_on_first_clause(make_window, qtbot)
    doc = window.doc
    count = _clause_count(doc)
    qtbot.keyClick(window.editor.clause_page.text, Qt.Key.Key_Return, CTRL)
    assert _clause_count(doc) == count + 1
    qtbot.keyClick(window.editor.clause_page.text, Qt.Key.Key_L, CTRL)
    assert _focused() is window.outline
    qtbot.keyClick(window.outline, Qt.Key.Key_Z, CTRL)
    assert _clause_count(doc) == count
    page = window.editor.clause_page
    assert window.current_clause_uid() == first, "the selection goes back to the clause the new one followed"
    assert page.uid == first and doc.clause(page.uid) is not None
    qtbot.keyClick(window.outline, Qt.Key.Key_T, CTRL)
    qtbot.keyClicks(_focused(), " zzqx")
    assert "zzqx" in doc.clause(first).text, "what is typed lands in the draft"


def test_toolbar_undo_of_an_inserted_suggestion_never_leaves_a_dead_editor(make_window, qtbot):
    window, first = revision_on_first_clause(make_window, qtbot)
    doc = window.doc
    editor = window.editor.clause_page.text
    editor.setFocus()
    qtbot.keyClicks(editor, " online")
    panel = window.precedents
    qtbot.waitUntil(lambda: len(panel.suggestions) >= 2, timeout=10_000)
    count = _clause_count(doc)
    qtbot.keyClick(editor, Qt.Key.Key_2, ALT | SHIFT)
    assert _clause_count(doc) == count + 1
    inserted = window.current_clause_uid()
    assert inserted != first
    window.undo_action.trigger()  # the toolbar's Undo
    assert _clause_count(doc) == count
    page = window.editor.clause_page
    assert doc.clause(page.uid) is not None, "the editor is bound to a clause of the draft"
    assert window.current_clause_uid() == page.uid
    page.text.setFocus()
    qtbot.keyClicks(page.text, " qqxz")
    assert "qqxz" in _all_text(doc)


def test_deleting_the_shown_clause_elsewhere_disables_the_editor_with_a_reason(make_window, qtbot):
    """A clause removed while the editor shows it (here: straight through the document, as a drop or a
    second view would) never keeps a live editor: the page follows the selection or says why it is off."""
    window, first = revision_on_first_clause(make_window, qtbot)
    doc = window.doc
    new = doc.add_clause_after(first, "a new clause")
    window.outline.select_uid(new)
    qtbot.waitUntil(lambda: window.editor.clause_page.uid == new)
    page = window.editor.clause_page
    page.show_clause(new)
    doc.delete_clause(new)
    assert doc.clause(page.uid) is not None or not page.text.isEnabled()
    if not page.text.isEnabled():
        assert page.unavailable.text()


def test_ctrl_z_in_the_editor_undoes_the_draft_not_the_text_box(make_window, qtbot):
    window, first = revision_on_first_clause(make_window, qtbot)
    doc = window.doc
    count = _clause_count(doc)
    editor = window.editor.clause_page.text
    qtbot.keyClick(editor, Qt.Key.Key_Return, CTRL)
    new = window.current_clause_uid()
    assert _clause_count(doc) == count + 1
    editor = window.editor.clause_page.text
    assert _focused() is editor
    for _ in range(5):
        qtbot.keyClick(_focused(), Qt.Key.Key_Z, CTRL)
    assert _clause_count(doc) == count, "Ctrl+Z in the editor undid the new clause"
    assert doc.clause(new) is None


def test_type_undo_in_editor_then_redo_from_the_outline_brings_the_text_back(make_window, qtbot):
    window, first = revision_on_first_clause(make_window, qtbot)
    doc = window.doc
    before = doc.clause(first).text
    editor = window.editor.clause_page.text
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, " and more")
    assert doc.clause(first).text == before + " and more"
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)
    assert doc.clause(first).text == before
    assert editor.toPlainText() == before
    assert window.redo_action.isEnabled(), "the toolbar knows there is something to redo"
    qtbot.keyClick(editor, Qt.Key.Key_L, CTRL)
    qtbot.keyClick(window.outline, Qt.Key.Key_Z, CTRL | SHIFT)
    assert doc.clause(first).text == before + " and more"
    assert window.editor.clause_page.text.toPlainText() == before + " and more"
    assert not window.redo_action.isEnabled()
    window.undo_action.trigger()
    assert doc.clause(first).text == before, "toolbar Undo undoes the visible step, nothing hidden"


def test_the_text_box_keeps_no_undo_history_of_its_own(make_window, qtbot):
    window, _first = revision_on_first_clause(make_window, qtbot)
    editor = window.editor.clause_page.text
    assert not editor.isUndoRedoEnabled()
    assert not window.editor.clause_page.reasons.isUndoRedoEnabled()
