"""The whole drafting workflow a delegate does, driven through the window with keystrokes.

New revision of Kigali 2022 -> type half a clause -> take the top suggestion -> add a clause -> move it ->
suppress one -> undo/redo -> save -> reopen -> export both .docx -> check them.
"""

from __future__ import annotations

import zipfile

from docx import Document
from docx_xml_helpers import view, xml
from PySide6.QtCore import Qt

from cop_drafter.core.draft import ClauseStatus
from cop_drafter.core.rules import normalise, strip_end_punctuation
from cop_drafter.corpus import SAMPLE_TEXT_ID, corpus_text
from cop_drafter.formats.project import load_project

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _words(text: str) -> str:
    return " ".join(strip_end_punctuation(text).lower().split())


def _select(window, qtbot, uid: str) -> None:
    window.outline.select_uid(uid)
    qtbot.waitUntil(lambda: window.editor.clause_page.uid == uid)


def test_delegate_workflow(make_window, qtbot, tmp_path):
    window = make_window()
    prompter = window.dialogs
    prompter.pick = SAMPLE_TEXT_ID
    window.new_revision_dialog()
    doc = window.doc
    assert doc.draft.base is not None and doc.draft.base.header.place == "Kigali"
    assert set(doc.draft.statuses().values()) == {ClauseStatus.NOC}

    # Type half of a clause another text has (Guadalajara 2010, considering c)) over recognizing a).
    recognizing = doc.resolution.find_section("recognizing")
    target = recognizing.clauses[0]
    source = corpus_text("pp10-wgpl7-guadalajara-2010").resolution.find_by_label("considering", "d)").text
    half = " ".join(source.split()[: max(3, len(source.split()) // 2)])
    _select(window, qtbot, target.uid)
    editor = window.editor.clause_page.text
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClicks(editor, half)
    assert doc.clause(target.uid).text == half
    panel = window.precedents
    qtbot.waitUntil(lambda: panel.shown_query == half and bool(panel.suggestions), timeout=10_000)
    top = panel.suggestions[0]
    assert _words(top.text).startswith(_words(half)), "the top suggestion continues what was typed"
    assert top.source and 0 <= top.score <= 100

    qtbot.keyClick(editor, Qt.Key.Key_1, ALT)
    taken = doc.clause(target.uid).text
    assert _words(taken) == _words(top.text)
    assert taken.endswith(doc.expected_mark(target.uid)), "the end mark the rules expect is set"
    assert doc.status(target.uid) is ClauseStatus.MOD
    assert "line-through" in window.editor.clause_page.diff.toHtml()

    # Add a clause after it, type it, move it up above recognizing a).
    qtbot.keyClick(editor, Qt.Key.Key_Return, CTRL)
    new_uid = window.current_clause_uid()
    assert new_uid != target.uid and doc.status(new_uid) is ClauseStatus.ADD
    qtbot.keyClicks(window.editor.clause_page.text, "that delegates need a drafting tool;")
    assert doc.clause(new_uid).label == "b)"
    qtbot.keyClick(window.editor.clause_page.text, Qt.Key.Key_Up, ALT | SHIFT)
    assert recognizing.clauses[0].uid == new_uid
    assert doc.clause(new_uid).label == "a)" and doc.clause(target.uid).label == "b)"

    # Suppress the last clause of recognizing (Ctrl+D), then undo and redo.
    last = recognizing.clauses[-1]
    _select(window, qtbot, last.uid)
    qtbot.keyClick(window.outline, Qt.Key.Key_D, CTRL)
    assert doc.status(last.uid) is ClauseStatus.SUP
    assert window.outline_model.index_of(last.uid).data(Qt.ItemDataRole.FontRole).strikeOut()
    qtbot.keyClick(window.outline, Qt.Key.Key_Z, CTRL)
    assert doc.status(last.uid) is ClauseStatus.NOC
    qtbot.keyClick(window.outline, Qt.Key.Key_Z, CTRL)  # undo the move
    assert recognizing.clauses[1].uid == new_uid
    qtbot.keyClick(window.outline, Qt.Key.Key_Z, CTRL | SHIFT)
    qtbot.keyClick(window.outline, Qt.Key.Key_Z, CTRL | SHIFT)
    assert recognizing.clauses[0].uid == new_uid
    assert doc.status(last.uid) is ClauseStatus.SUP
    statuses = doc.draft.statuses()

    # Save (Ctrl+S asks for a name the first time), reopen in a fresh window.
    project = tmp_path / "res67.copdraft"
    prompter.save_to = str(project)
    qtbot.keyClick(window.outline, Qt.Key.Key_S, CTRL)
    assert project.exists() and not doc.modified
    assert window.recent_files()[0] == str(project)
    reopened = load_project(project)
    assert reopened.statuses() == statuses
    assert [c.text for _s, c in reopened.current.clauses()] == [c.text for _s, c in doc.resolution.clauses()]

    assert window.close(), "saved: the window closes without a question"
    second = make_window(data_dir=tmp_path / "data2")
    assert second.open_path(project)
    assert second.doc.draft.statuses() == statuses
    assert second.doc.resolution.find_section("recognizing").clauses[0].text == doc.clause(new_uid).text

    # Export both .docx on the worker thread and read them back.
    clean, proposal = tmp_path / "clean.docx", tmp_path / "proposal.docx"
    second.start_export("clean", clean)
    qtbot.waitUntil(lambda: second.last_export == str(clean), timeout=30_000)
    second.start_export("proposal", proposal)
    qtbot.waitUntil(lambda: second.last_export == str(proposal), timeout=30_000)
    assert second.dialogs.exports == [str(clean), str(proposal)]
    assert not second.progress.isVisible()

    text = "\n".join(p.text for p in Document(str(clean)).paragraphs)
    assert "that delegates need a drafting tool" in text
    assert strip_end_punctuation(last.text) not in text, "a suppressed clause is not in the clean text"
    assert _words(top.text)[:40] in text.lower()

    revised = normalise(second.doc.draft.revised())
    accepted = [t for _style, t in view(xml(proposal), "accept")]
    rejected = [t for _style, t in view(xml(proposal), "reject")]
    assert any(t.startswith("MOD\t") for t in accepted)
    new_clause = revised.find_clause(new_uid)[1]
    assert f"{new_clause.label}\t{new_clause.text}" in accepted
    assert f"{new_clause.label}\t{new_clause.text}" not in rejected
    assert any(strip_end_punctuation(last.text) in t for t in rejected)
    assert not any(strip_end_punctuation(last.text) in t for t in accepted)
    with zipfile.ZipFile(proposal) as archive:
        body = archive.read("word/document.xml").decode()
    assert "<w:ins " in body and "<w:del " in body
