"""Issue 14 deliver 4 (first part): three administrations' proposals negotiated in the app, scripted as a chair
would: open them, see a conflict side by side, take one proposer's wording, bracket alternatives, undo, export.

The proposals are real .docx files with each proposer's revision marks (tests/compile_fixtures.py), read by the
product's proposal reader and compiled by the product's compiler; the dialogs are answered at QMessageBox.exec.
"""

from __future__ import annotations

from compile_fixtures import write_proposals
from docx_xml_helpers import view, xml
from PySide6.QtCore import QPoint, Qt

from cop_drafter.core.brackets import open_brackets
from cop_drafter.core.draft import wording

CTRL = Qt.KeyboardModifier.ControlModifier


def _negotiation(make_window, tmp_path):
    base, paths = write_proposals(tmp_path)
    window = make_window()
    window.dialogs.open_paths = [str(paths[name]) for name in ("APT", "CEPT", "CITEL")]
    window.negotiate_dialog()
    assert window.doc.compilation is not None, window.dialogs.errors
    return window, base


def _front_tab(window) -> str:
    """The tab in front among the right-hand panes (Precedents, Preview, Proposals), as the delegate sees it."""
    from PySide6.QtWidgets import QTabBar

    bar = next(b for b in window.findChildren(QTabBar) if "Proposals" in [b.tabText(i) for i in range(b.count())])
    return bar.tabText(bar.currentIndex())


def _select(window, qtbot, call: str, label: str) -> str:
    clause = window.doc.resolution.find_by_label(call, label)
    window.outline.select_uid(clause.uid)
    qtbot.waitUntil(lambda: window.negotiation.uid == clause.uid)
    return clause.uid


def _take(window, qtbot, call: str, label: str, proposer: str) -> str:
    """Select the clause and press Take wording with `proposer` chosen in the Proposals pane."""
    uid = _select(window, qtbot, call, label)
    window.negotiation.proposer_box.setCurrentText(proposer)
    window.negotiation.take_button.click()
    return uid


def test_a_conflict_shows_every_proposer_and_taking_one_wording_is_one_undo_step(make_window, qtbot, tmp_path):
    window, base = _negotiation(make_window, tmp_path)
    assert window.doc.draft.base.header.heading() == base.header.heading()
    assert window.negotiation_dock.isVisible()
    uid = _select(window, qtbot, "recalling", "b)")
    panel = window.negotiation
    assert "in conflict" in panel.summary.text()
    shown = panel.versions.toPlainText()
    for name in ("APT", "CEPT", "CITEL"):
        assert name in shown
    assert "(Rev. 2023) of the ITU Council" in shown  # CEPT's wording, its changes marked
    cept = panel.row().version("CEPT").text
    panel.proposer_box.setCurrentText("CEPT")
    panel.take_button.click()
    assert wording(window.doc.clause(uid).text) == wording(cept)
    assert window.doc.status(uid).value == "MOD"
    qtbot.keyClick(window.outline, Qt.Key.Key_Z, CTRL)
    assert wording(window.doc.clause(uid).text) == wording(panel.row().base_text)


def test_alternatives_in_brackets_name_their_proposers_and_block_a_clean_export(make_window, qtbot, tmp_path):
    window, _base = _negotiation(make_window, tmp_path)
    uid = _select(window, qtbot, "recalling", "b)")
    window.negotiation.brackets_button.click()
    text = window.doc.clause(uid).text
    assert text.startswith("[Alt 1 (") and "[Alt 2 (" in text and "CEPT" in text and "APT" in text
    assert {item.kind for item in open_brackets(window.doc.draft.current)} == {"alternatives"}
    # the precedents are looked up by the first alternative's words, not by "[Alt 1 (APT): ..."
    qtbot.waitUntil(lambda: window.precedents.sent_query.startswith("Resolution 1306 adopted"), timeout=10_000)
    qtbot.waitUntil(lambda: bool(window.precedents.suggestions), timeout=20_000)
    qtbot.waitUntil(lambda: any(i.code == "alternatives" for i in window.checks.items))
    target = tmp_path / "clean.docx"
    window.dialogs.save_to = str(target)
    window.export_dialog("clean")
    assert "Text not yet agreed" in window.dialogs.questions and not target.exists()


def test_the_negotiated_text_exports_as_a_mod_of_the_text_in_force_with_the_agreed_changes_only(
        make_window, qtbot, tmp_path):
    window, base = _negotiation(make_window, tmp_path)
    uid = _take(window, qtbot, "recalling", "b)", "APT")
    taken = window.doc.clause(uid).text
    suppressed = _take(window, qtbot, "taking into account", "h)", "CITEL")
    assert suppressed in window.doc.draft.suppressed
    target = tmp_path / "negotiated.docx"
    window.start_export("proposal", target)
    qtbot.waitUntil(lambda: window.last_export == str(target), timeout=30_000)
    document = xml(target)
    rejected = " ".join(text for _s, text in view(document, "reject"))
    accepted = " ".join(text for _s, text in view(document, "accept"))
    assert wording(base.find_by_label("recalling", "b)").text)[:60] in rejected
    assert wording(taken)[:40] in accepted
    # nothing that was not taken: CEPT's instructs 12 wording is not in the negotiated proposal
    assert "in particular the least developed countries," not in accepted


def test_a_file_that_is_no_proposal_is_named_and_nothing_opens(make_window, tmp_path):
    window = make_window()
    bad = tmp_path / "notes.docx"
    bad.write_text("not a Word file", encoding="utf-8")
    before = window.doc
    assert not window.negotiate([bad])
    assert window.doc is before
    title, message = window.dialogs.errors[-1]
    assert title == "Cannot negotiate these proposals" and "notes.docx" in message


def _select_words(page, words: str) -> None:
    from PySide6.QtGui import QTextCursor

    text = page.text.toPlainText()
    start = text.index(words)
    cursor = page.text.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), QTextCursor.MoveMode.KeepAnchor)
    page.text.setTextCursor(cursor)


def test_square_brackets_around_a_selection_name_the_proposers_behind_it(make_window, qtbot, tmp_path):
    window, _base = _negotiation(make_window, tmp_path)
    uid = _take(window, qtbot, "recalling", "b)", "APT")
    page = window.editor.clause_page
    words = "the Council Working Group on Child Online Protection (CWG-COP)"
    _select_words(page, words)
    qtbot.keyClick(page.text, Qt.Key.Key_B, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert f"[APT: {words}]" in window.doc.clause(uid).text
    qtbot.keyClick(page.text, Qt.Key.Key_Z, CTRL)
    assert f"[APT: {words}]" not in window.doc.clause(uid).text and words in window.doc.clause(uid).text


def test_square_brackets_outside_a_negotiation_are_plain(make_window, qtbot):
    window = make_window()
    window.new_revision()
    clause = window.doc.resolution.sections[0].clauses[0]
    window.outline.select_uid(clause.uid)
    qtbot.waitUntil(lambda: window.editor.clause_page.uid == clause.uid)
    page = window.editor.clause_page
    words = clause.text.split()[1]
    _select_words(page, words)
    qtbot.keyClick(page.text, Qt.Key.Key_B, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert f"[{words}]" in window.doc.clause(clause.uid).text


def test_a_comment_on_a_clause_is_one_undo_step_and_reaches_the_proposal_as_a_word_comment(
        make_window, qtbot, tmp_path):
    from cop_drafter.formats.proposal_reader import read_proposal

    window, _base = _negotiation(make_window, tmp_path)
    uid = _take(window, qtbot, "recalling", "b)", "CEPT")
    box = window.negotiation.comment
    box.setFocus()
    qtbot.keyClicks(box, "APT to confirm")
    assert window.doc.draft.comments[uid] == "APT to confirm"
    _select(window, qtbot, "recalling", "a)")
    assert box.toPlainText() == ""  # each clause its own comment
    _select(window, qtbot, "recalling", "b)")
    assert box.toPlainText() == "APT to confirm"
    target = tmp_path / "negotiated.docx"
    window.start_export("proposal", target)
    qtbot.waitUntil(lambda: window.last_export == str(target), timeout=30_000)
    assert "APT to confirm" in read_proposal(target).comments.values()
    qtbot.keyClick(box, Qt.Key.Key_Z, CTRL)
    assert uid not in window.doc.draft.comments  # the typing was one step


def test_the_proposals_pane_comes_back_when_the_saved_negotiation_is_reopened(make_window, qtbot, tmp_path):
    window, _base = _negotiation(make_window, tmp_path)
    uid = _take(window, qtbot, "recalling", "b)", "CEPT")
    taken = window.doc.clause(uid).text
    summary, shown = window.negotiation.summary.text(), window.negotiation.versions.toPlainText()
    project = tmp_path / "négociation 67.copdraft"
    window.dialogs.save_to = str(project)
    assert window.save_as()
    window.preview_dock.raise_()  # the delegate last looked at the preview
    qtbot.waitUntil(lambda: _front_tab(window) == "Preview")
    window.close()

    again = make_window()
    again.preview_dock.raise_()
    qtbot.waitUntil(lambda: _front_tab(again) == "Preview")
    assert again.open_path(project)
    qtbot.waitUntil(lambda: _front_tab(again) == "Proposals")  # the negotiation brings its pane to the front
    assert _select(again, qtbot, "recalling", "b)") == uid
    panel = again.negotiation
    assert panel.summary.text() == summary and panel.versions.toPlainText() == shown
    assert [panel.proposer_box.itemText(i) for i in range(panel.proposer_box.count())] == ["APT", "CEPT", "CITEL"]
    assert again.doc.clause(uid).text == taken
    panel.proposer_box.setCurrentText("APT")
    panel.take_button.click()
    assert wording(again.doc.clause(uid).text) == wording(panel.row().version("APT").text)


def _inserted(row, proposer: str) -> list[str]:
    """The words a proposer adds to the clause, as the pane marks them."""
    return [p.text.strip() for p in row.version(proposer).diff if p.op == "insert"]


def _check(panel, qtbot, names: list[str]) -> None:
    for box in panel.merge_boxes:
        if box.isChecked() != (box.text() in names):
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))  # on its box
    assert [box.text() for box in panel.merge_boxes if box.isChecked()] == names


def test_merging_two_proposers_takes_both_their_words_in_one_undo_step(make_window, qtbot, tmp_path):
    window, _base = _negotiation(make_window, tmp_path)
    uid = _select(window, qtbot, "recalling", "b)")
    panel = window.negotiation
    assert [box.text() for box in panel.merge_boxes] == ["APT", "CEPT", "CITEL"]
    _check(panel, qtbot, ["APT", "CEPT"])
    qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
    text = window.doc.clause(uid).text
    row = panel.row()
    for name in ("APT", "CEPT"):
        for words in _inserted(row, name):
            assert words in text, (name, words)
    assert window.editor.clause_page.text.toPlainText() == text  # the editor shows the merged clause
    assert window.doc.status(uid).value == "MOD" and not open_brackets(window.doc.draft.current)
    assert "Merged APT, CEPT" in window.statusBar().currentMessage()
    steps = window.doc.undo_stack.count()
    panel.merge_button.click()  # again: the clause already reads so, and nothing is added to undo
    assert window.doc.undo_stack.count() == steps and "already reads" in window.statusBar().currentMessage()
    qtbot.keyClick(window.outline, Qt.Key.Key_Z, CTRL)  # one step back to the text in force
    assert window.doc.clause(uid).text == row.base_text


def test_proposers_who_reword_the_same_words_differently_are_merged_as_named_alternatives(
        make_window, qtbot, tmp_path):
    _base, paths = write_proposals(tmp_path, rcc=True)
    window = make_window()
    window.dialogs.open_paths = [str(paths[name]) for name in ("APT", "CEPT", "CITEL", "RCC")]
    window.negotiate_dialog()
    uid = _select(window, qtbot, "recalling", "b)")
    panel = window.negotiation
    _check(panel, qtbot, ["APT", "CEPT", "RCC"])
    panel.merge_button.click()
    text = window.doc.clause(uid).text
    found = open_brackets(window.doc.draft.current)
    assert [item.kind for item in found] == ["alternatives", "alternatives"]
    assert found[0].text.startswith("[Alt 1 (CEPT): ") and found[1].text.startswith("[Alt 2 (RCC): ")
    assert all(words in text for words in _inserted(panel.row(), "APT"))  # nobody else touches APT's words
    assert "alternatives" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: [i.code for i in window.checks.items if i.uid == uid] == ["alternatives"])
    listed = next(i.message for i in window.checks.items if i.uid == uid)
    assert "CEPT" in listed and "RCC" in listed
    # the precedents are asked for the clause with its first alternative's words
    qtbot.waitUntil(lambda: "(Rev. 2023) of the ITU Council" in window.precedents.sent_query, timeout=10_000)
    window.doc.undo_stack.undo()
    assert window.doc.clause(uid).text == panel.row().base_text


def test_merging_into_a_suppressed_clause_brings_it_back_and_one_undo_suppresses_it_again(
        make_window, qtbot, tmp_path):
    window, _base = _negotiation(make_window, tmp_path)
    uid = _select(window, qtbot, "taking into account", "h)")
    panel = window.negotiation
    panel.proposer_box.setCurrentText("CITEL")
    panel.take_button.click()
    assert window.doc.status(uid).value == "SUP"
    _check(panel, qtbot, ["APT", "CEPT", "CITEL"])
    assert panel.checked() == ["APT"]  # the only one with words of its own: CEPT keeps the clause, CITEL drops it
    assert "suppresses this clause: nothing to merge" in panel.merge_boxes[2].toolTip()
    panel.merge_button.click()
    assert window.doc.status(uid).value == "MOD"
    assert all(words in window.doc.clause(uid).text for words in _inserted(panel.row(), "APT"))
    qtbot.keyClick(window.outline, Qt.Key.Key_Z, CTRL)
    assert window.doc.status(uid).value == "SUP"
