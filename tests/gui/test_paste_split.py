"""Issue 9, reproduction 8: a paste of several labelled paragraphs asks once, splits into clauses in one undo
step with labels recomputed, and a clause that kept such a paste is flagged by the checks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cop_drafter.core.checks import run_checks
from cop_drafter.core.rules import normalise
from cop_drafter.corpus import SAMPLE_TEXT_ID, corpus_text

CTRL = Qt.KeyboardModifier.ControlModifier


def _five_clauses() -> list[str]:
    """Five recalling clauses of Res 67 (Kigali, 2022), as they come out of Word: label, tab, text."""
    res = corpus_text(SAMPLE_TEXT_ID).resolution
    return [c.text for c in res.find_section("recalling").clauses[:5]]


def _paste_over_clause(window, qtbot, text: str):
    doc = window.doc
    target = doc.resolution.find_section("taking into account").clauses[0]
    window.outline.select_uid(target.uid)
    qtbot.waitUntil(lambda: window.editor.clause_page.uid == target.uid)
    editor = window.editor.clause_page.text
    editor.setFocus()
    QApplication.clipboard().setText(text)
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(editor, Qt.Key.Key_V, CTRL)
    return target


def _window(make_window):
    window = make_window()
    window.dialogs.pick = SAMPLE_TEXT_ID
    window.new_revision_dialog()
    return window


def test_pasting_five_labelled_paragraphs_splits_into_five_clauses(make_window, qtbot):
    window = _window(make_window)
    doc = window.doc
    section = doc.resolution.find_section("taking into account")
    before = [(c.uid, c.text) for c in section.clauses]
    clauses = _five_clauses()
    pasted = "\n".join(f"{chr(ord('a') + n)})\t{text}" for n, text in enumerate(clauses))
    target = _paste_over_clause(window, qtbot, pasted)
    assert window.dialogs.questions.count("Paste several clauses") == 1
    texts = [c.text for c in section.clauses]
    assert texts[:5] == clauses, "each pasted paragraph is its own clause, wording kept, labels gone"
    assert section.clauses[0].uid == target.uid
    assert [c.label for c in section.clauses[:5]] == ["a)", "b)", "c)", "d)", "e)"]
    exported = " ".join(c.text for _s, c in normalise(doc.draft.revised()).clauses())
    assert "a) that" not in exported and "b) that" not in exported
    assert not [i for i in run_checks(doc.resolution) if i.code == "pasted-list"]
    doc.undo_stack.undo()  # one step takes the whole paste back
    assert [(c.uid, c.text) for c in section.clauses] == before


def test_keep_as_one_pastes_the_text_and_the_checks_flag_it(make_window, qtbot):
    window = _window(make_window)
    window.dialogs.paste_answer = "keep"
    clauses = _five_clauses()
    pasted = "\n".join(f"{chr(ord('a') + n)}) {text}" for n, text in enumerate(clauses))
    target = _paste_over_clause(window, qtbot, pasted)
    assert window.doc.clause(target.uid).text == pasted
    flagged = [i for i in run_checks(window.doc.resolution) if i.code == "pasted-list"]
    assert [i.uid for i in flagged] == [target.uid]
    assert "labelled items (5" in flagged[0].message


def test_cancel_pastes_nothing(make_window, qtbot):
    window = _window(make_window)
    window.dialogs.paste_answer = "cancel"
    section = window.doc.resolution.find_section("taking into account")
    before = [c.text for c in section.clauses]
    _paste_over_clause(window, qtbot, "a) one thing;\nb) another thing;")
    assert [c.text for c in section.clauses] == before


def test_pasting_one_clause_never_asks(make_window, qtbot):
    window = _window(make_window)
    target = _paste_over_clause(window, qtbot, "that children are among the most active\nusers of the Internet;")
    assert "Paste several clauses" not in window.dialogs.questions
    assert window.doc.clause(target.uid).text == "that children are among the most active\nusers of the Internet;"

