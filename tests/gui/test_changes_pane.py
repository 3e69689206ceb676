"""Issue 9 reproduction 11: typing in a long modified clause. The keystroke lands at once, the changes pane catches
up after a pause (on a worker, the newest text only), and a very long diff is shown in part, saying so."""

from __future__ import annotations

from conftest import revision_on_first_clause
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from cop_drafter.gui.changes_pane import SHOWN_LIMIT, SYNC_LIMIT


def _long_modified(base: str, kb: int) -> str:
    words = []
    while len(" ".join(words)) < kb * 1024:
        words.extend(base.split())
    return " ".join(w + "s" if i % 7 == 0 else w for i, w in enumerate(words))




def test_typing_in_a_40_kb_clause_lands_at_once_and_the_changes_follow_the_final_text(make_window, qtbot):
    window, uid = revision_on_first_clause(make_window, qtbot)
    page = window.editor.clause_page
    window.doc.set_text(uid, _long_modified(window.doc.base_text(uid), 40))
    qtbot.waitUntil(lambda: not page.diff.busy(), timeout=20_000)
    page.text.setFocus()
    page.text.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClicks(page.text, "Zebra ")
    assert window.doc.clause(uid).text.startswith("Zebra "), "every key is in the draft at once"
    assert page.diff.busy(), "a long clause is not diffed inside the keystroke"
    qtbot.waitUntil(lambda: not page.diff.busy(), timeout=20_000)
    shown = page.diff.toPlainText()
    assert "Zebra " in shown, "the pane shows the diff of the text as typed last, not an older one"


def test_a_very_long_diff_is_shown_in_part_and_says_how_much_is_left(make_window, qtbot):
    window, uid = revision_on_first_clause(make_window, qtbot)
    page = window.editor.clause_page
    window.doc.set_text(uid, _long_modified(window.doc.base_text(uid), 40))
    qtbot.waitUntil(lambda: not page.diff.busy(), timeout=20_000)
    shown = page.diff.toPlainText()
    assert len(shown) < SHOWN_LIMIT + 400
    assert "more changes" in shown and "Preview pane" in shown


def test_a_short_clause_shows_its_changes_with_the_keystroke(make_window, qtbot):
    window, uid = revision_on_first_clause(make_window, qtbot)
    page = window.editor.clause_page
    assert len(window.doc.base_text(uid)) * 2 < SYNC_LIMIT
    page.text.setFocus()
    page.text.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(page.text, " online")
    assert not page.diff.busy() and "online" in page.diff.toPlainText()
    qtbot.keyClick(page.text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "online" not in window.doc.clause(uid).text


def test_a_40_kb_clause_asks_the_precedents_with_its_first_words_only(make_window, qtbot):
    from cop_drafter.gui.precedents_panel import MAX_QUERY_CHARS

    window, uid = revision_on_first_clause(make_window, qtbot)
    text = _long_modified(window.doc.base_text(uid), 40)
    window.doc.set_text(uid, text)
    window.outline.select_uid(window.doc.resolution.sections[0].clauses[1].uid)
    window.outline.select_uid(uid)
    qtbot.waitUntil(lambda: window.precedents.sent_query.startswith(text[:50]), timeout=10_000)
    assert len(window.precedents.sent_query) <= MAX_QUERY_CHARS
    qtbot.waitUntil(lambda: window.precedents.shown_query == window.precedents.sent_query, timeout=20_000)
