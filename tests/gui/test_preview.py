"""The in-app preview (issue 12, Deliver 6): the resolution as it will be submitted, read off the Qt document
the delegate sees, over a real DraftDocument of the Kigali 2022 seed."""

from __future__ import annotations

import io

from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextDocument

from cop_drafter.core.draft import Draft
from cop_drafter.corpus import SAMPLE_TEXT_ID, corpus_text
from cop_drafter.docx import styles
from cop_drafter.docx.exporters import CleanResolutionExporter, ProposalExporter
from cop_drafter.gui.document import DraftDocument
from cop_drafter.gui.preview import DEBOUNCE_MS, PreviewPane, fill_document, update_document
from cop_drafter.gui.preview_model import Paragraph, Run

OLD_PHRASE = "to support the coordination of"
NEW_PHRASE = "to collaborate closely with"
SUPERSCRIPT = QTextCharFormat.VerticalAlignment.AlignSuperScript


def _kigali() -> DraftDocument:
    return DraftDocument(Draft.revision_of(corpus_text(SAMPLE_TEXT_ID).resolution))


def _pane(qtbot, doc: DraftDocument) -> PreviewPane:
    pane = PreviewPane(doc)
    qtbot.addWidget(pane)
    pane.resize(900, 700)
    pane.show()
    qtbot.waitExposed(pane)
    pane.refresh_if_due()
    return pane


def _clause(doc: DraftDocument, call: str, label: str):
    return next(c for c in doc.resolution.find_section(call).walk() if c.label == label)


def _fragments(pane: PreviewPane):
    """(block number, text, char format) of every fragment the browser shows."""
    out = []
    block = pane.browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            out.append((block.blockNumber(), fragment.text(), fragment.charFormat()))
            it += 1
        block = block.next()
    return out


def _shown_paragraphs(pane: PreviewPane) -> list[str]:
    """The body paragraphs as shown (footnote numbers left out), up to the footnote separator."""
    texts: dict[int, str] = {}
    count = pane.browser.document().blockCount()
    for number, text, fmt in _fragments(pane):
        if fmt.verticalAlignment() != SUPERSCRIPT:
            texts[number] = texts.get(number, "") + text.replace("\u2028", "\n")  # a line break
    paragraphs = [texts.get(i, "") for i in range(count)]
    return paragraphs[:paragraphs.index("_" * 20)] if "_" * 20 in paragraphs else paragraphs


def _docx_paragraphs(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def _edited(doc: DraftDocument) -> tuple[str, str, str]:
    """A MOD, an ADD and a SUP, as a delegate would make them; returns their uids."""
    section = "resolves to instruct the Director of the Telecommunication Development Bureau"
    mod = _clause(doc, section, "2")
    doc.set_text(mod.uid, mod.text.replace(OLD_PHRASE, NEW_PHRASE))
    added = doc.add_clause_after(mod.uid, "to report yearly on the tool to CWG-COP;")
    sup = _clause(doc, "recalling", "c)")
    doc.toggle_suppressed(sup.uid)
    return mod.uid, added, sup.uid


def test_clean_preview_reads_exactly_as_the_clean_export(qtbot):
    doc = _kigali()
    _edited(doc)
    pane = _pane(qtbot, doc)
    assert not pane.marked
    exported = _docx_paragraphs(CleanResolutionExporter(doc.draft.revised()).to_bytes())
    assert _shown_paragraphs(pane) == exported
    assert any(p.startswith("3\tto report yearly on the tool") for p in exported), "the ADD is in, relabelled"
    assert "RESOLUTION 67 (Rev. Kigali, 2022)" in exported[0]


def test_marked_preview_strikes_and_underlines_a_mod_as_the_proposal_does(qtbot):
    doc = _kigali()
    mod, _added, sup = _edited(doc)
    pane = _pane(qtbot, doc)
    pane.set_marked(True)
    runs = [(n, text, fmt) for n, text, fmt in _fragments(pane) if fmt.fontStrikeOut() or fmt.fontUnderline()]
    struck = [text for _n, text, fmt in runs if fmt.fontStrikeOut()]
    underlined = [text for _n, text, fmt in runs if fmt.fontUnderline()]
    assert "support the coordination of" in struck and "collaborate closely with" in underlined
    block = next(n for n, text, _f in runs if text == "support the coordination of")
    in_block = [(text, fmt.fontStrikeOut()) for n, text, fmt in runs if n == block]
    assert in_block == [("support the coordination of", True), ("collaborate closely with", False)], \
        "one struck run and one inserted run, not interleaved words"
    assert any(text.startswith("3\tto report yearly") for text in underlined), "the ADD clause is underlined"
    suppressed = doc.clause(sup).text.rstrip(";,.")
    assert any(text.startswith(f"c)\t{suppressed[:40]}") for text in struck), "the SUP clause is struck"
    # The same paragraphs as the proposal's revision marks, in the same order (accept all = the clean text).
    proposal = _docx_paragraphs(ProposalExporter(doc.draft).to_bytes())
    shown = _shown_paragraphs(pane)
    assert shown[0] in proposal and proposal.index(shown[-1]) - proposal.index(shown[0]) == len(shown) - 1


def test_a_moved_clause_shows_as_moved(qtbot):
    doc = _kigali()
    moving = _clause(doc, "recognizing", "d)")
    text = moving.text.rstrip(";,.")
    for _ in range(3):
        assert doc.move_clause(moving.uid, -1)
    pane = _pane(qtbot, doc)
    pane.set_marked(True)
    runs = [(n, t, f) for n, t, f in _fragments(pane) if text[:40] in t]
    assert len(runs) == 2, "shown where it stood and where it now stands"
    (first, _t1, to_fmt), (second, _t2, from_fmt) = runs
    assert first < second and to_fmt.fontUnderline() and from_fmt.fontStrikeOut()
    assert to_fmt.foreground().color() == from_fmt.foreground().color() != Qt.GlobalColor.black
    assert "1 moved" in pane.summary.text()


def _click_on(qtbot, pane: PreviewPane, text: str) -> None:
    document = pane.browser.document()
    found = document.find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(document)
    cursor.setPosition(found.selectionStart() + 2)
    pane.browser.ensureCursorVisible()
    qtbot.mouseClick(pane.browser.viewport(), Qt.MouseButton.LeftButton, pos=pane.browser.cursorRect(cursor).center())


def test_clicking_a_clause_emits_its_uid(qtbot):
    doc = _kigali()
    target = _clause(doc, "recalling", "e)")
    pane = _pane(qtbot, doc)
    pane.show_clause(target.uid)
    with qtbot.waitSignal(pane.clause_activated, timeout=2000) as signal:
        _click_on(qtbot, pane, target.text[3:40])
    assert signal.args == [target.uid]
    pane.browser.verticalScrollBar().setValue(0)
    with qtbot.waitSignal(pane.node_activated, timeout=2000) as signal:
        _click_on(qtbot, pane, "The role of the ITU")
    assert signal.args == ["header"]
    with qtbot.waitSignal(pane.node_activated, timeout=2000) as signal:
        _click_on(qtbot, pane, "recognizing")
    assert signal.args == [doc.resolution.find_section("recognizing").uid]


def test_editing_a_clause_updates_the_preview(qtbot):
    doc = _kigali()
    pane = _pane(qtbot, doc)
    target = _clause(doc, "recalling", "c)")
    doc.set_text(target.uid, "the outcomes of the work accomplished by CWG-COP and its youth group;")
    qtbot.waitUntil(lambda: "and its youth group" in pane.browser.toPlainText(), timeout=3000)
    doc.undo_stack.undo()
    qtbot.waitUntil(lambda: "and its youth group" not in pane.browser.toPlainText(), timeout=3000)


def test_layout_is_itu_label_tab_text_italic_calls_and_footnotes(qtbot):
    doc = _kigali()
    pane = _pane(qtbot, doc)
    fragments = _fragments(pane)
    shown = _shown_paragraphs(pane)
    heading = pane.browser.document().findBlockByNumber(0)
    assert heading.blockFormat().alignment() & Qt.AlignmentFlag.AlignHCenter
    title = next(f for n, _t, f in fragments if n == 1)
    assert title.fontWeight() >= 700
    call = shown.index("recognizing")
    assert all(f.fontItalic() for n, _t, f in fragments if n == call)
    clause = pane.browser.document().findBlockByNumber(call + 1)
    assert clause.text().startswith("a)\t")
    fmt = clause.blockFormat()
    assert fmt.leftMargin() > 0 and fmt.textIndent() == -fmt.leftMargin(), "hanging indent"
    assert {f.fontFamilies()[0] for _n, _t, f in fragments} == {"Times New Roman"}
    notes = [t for _n, t, f in fragments if f.verticalAlignment() == SUPERSCRIPT]
    assert notes and notes[0] == "1", "the footnote number is shown"
    footnote = corpus_text(SAMPLE_TEXT_ID).resolution.footnotes[0].text
    assert footnote[:30] in pane.browser.toPlainText()


def _picture(pane: PreviewPane) -> list[tuple]:
    """Everything the browser shows, fragment by fragment: text, marks, link and paragraph layout."""
    document = pane.browser.document()
    out = []
    for number, text, fmt in _fragments(pane):
        block = document.findBlockByNumber(number).blockFormat()
        out.append((number, text, fmt.fontStrikeOut(), fmt.fontUnderline(), fmt.fontItalic(), fmt.anchorHref(),
                    fmt.verticalAlignment(), block.leftMargin(), block.textIndent(), int(block.alignment())))
    return out + [("blocks", document.blockCount())]


def test_partial_updates_show_what_a_fresh_preview_shows(qtbot):
    doc = _kigali()
    pane = _pane(qtbot, doc)
    pane.set_marked(True)
    first = doc.resolution.sections[0].clauses[0].uid
    steps = [
        lambda: doc.set_text(first, doc.clause(first).text.replace("relevant", "most relevant")),
        lambda: doc.add_clause_after(first, "that a new clause is added;"),
        lambda: doc.toggle_suppressed(doc.resolution.sections[1].clauses[2].uid),
        lambda: doc.move_clause(doc.resolution.sections[2].clauses[1].uid, -1),
        lambda: doc.set_header("year", 2025),
        lambda: doc.delete_section(doc.resolution.sections[-1].uid),
        doc.undo_stack.undo,
        doc.undo_stack.undo,
        lambda: pane.set_marked(False),
        lambda: doc.set_text(first, "that the first clause is rewritten;"),
        lambda: doc.delete_clause(doc.resolution.sections[0].clauses[1].uid),
    ]
    for step in steps:
        step()
        pane.refresh()
        fresh = PreviewPane(doc)
        qtbot.addWidget(fresh)
        fresh.set_marked(pane.marked)
        fresh.refresh()
        assert _picture(pane) == _picture(fresh)
    assert pane.written < len(pane._blocks), "the last edit rewrote only what changed"


def test_the_selected_clause_is_shaded_and_scrolled_to(qtbot):
    doc = _kigali()
    pane = _pane(qtbot, doc)
    target = _clause(doc, "invites Sector Members", "2")
    pane.show_clause(target.uid)
    assert _shaded(pane) == [f"2\t{target.text}"]
    assert pane.browser.verticalScrollBar().value() > 0, "the last clause is scrolled into view"
    doc.set_text(target.uid, "to keep Member States informed;")
    pane.refresh()
    assert _shaded(pane) == ["2\tto keep Member States informed."]
    pane.show_clause(None)
    assert _shaded(pane) == []


def _shaded(pane: PreviewPane) -> list[str]:
    out, block = [], pane.browser.document().begin()
    while block.isValid():
        if block.blockFormat().background().style() != Qt.BrushStyle.NoBrush:
            out.append(block.text())
        block = block.next()
    return out


def test_a_new_resolution_previews_without_marks(qtbot):
    doc = DraftDocument(Draft.new_resolution())
    pane = _pane(qtbot, doc)
    pane.set_marked(True)
    assert "no text in force" in pane.summary.toolTip() and pane.summary.text() == "New text: no marks"
    clause = doc.resolution.sections[0].clauses[0]
    doc.set_text(clause.uid, "that delegates need a drafting tool")
    qtbot.waitUntil(lambda: "that delegates need a drafting tool." in pane.text_blocks(), timeout=3000)
    assert not [f for _n, _t, f in _fragments(pane) if f.fontStrikeOut() or f.fontUnderline()]


POOL = [Paragraph(styles.CALL, [Run("recognizing")]),
        Paragraph(styles.NORMAL, [Run("a)\tthat children "), Run("are", "delete"), Run("were", "insert")], uid="u1",
                  kind="clause", left=794, hanging=794),
        Paragraph(styles.NORMAL, [Run("b)\tthe Internet;")], uid="u2", kind="clause", left=794, hanging=794),
        Paragraph(styles.RES_TITLE, [Run("The role of ITU")]),
        Paragraph(styles.ENUMLEV1, [Run("i)\t"), Run("a sub-clause", "moved_to", italic=True)], uid="u3"),
        Paragraph(styles.NORMAL, [])]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(range(len(POOL))), min_size=1, max_size=8), min_size=1, max_size=6))
def test_partial_updates_always_end_as_a_full_fill(qapp, versions):
    """Any sequence of texts, rewritten one after the other in place, shows what a fresh document shows."""
    shown, fresh = QTextDocument(), QTextDocument()
    previous: list[Paragraph] = []
    for version in versions:
        blocks = [POOL[i] for i in version]
        update_document(shown, previous, blocks)
        fill_document(fresh, blocks)
        previous = blocks
        assert _layout(shown) == _layout(fresh)


def _layout(document: QTextDocument) -> list[tuple]:
    out, block = [], document.begin()
    while block.isValid():
        fmt = block.blockFormat()
        runs, it = [], block.begin()
        while not it.atEnd():
            f = it.fragment().charFormat()
            runs.append((it.fragment().text(), f.fontStrikeOut(), f.fontUnderline(), f.fontItalic(), f.anchorHref()))
            it += 1
        out.append((block.text(), fmt.leftMargin(), fmt.textIndent(), int(fmt.alignment()), fmt.topMargin(), runs))
        block = block.next()
    return out


def test_the_pane_follows_another_open_draft(qtbot):
    first = _kigali()
    pane = _pane(qtbot, first)
    second = DraftDocument(Draft.new_resolution())
    pane.set_document(second)
    assert pane.text_blocks()[0] == "DRAFT NEW RESOLUTION"
    first.set_text(first.resolution.sections[0].clauses[0].uid, "that the old draft no longer shows;")
    qtbot.wait(DEBOUNCE_MS + 100)
    assert "no longer shows" not in pane.browser.toPlainText()


def test_a_line_break_in_a_clause_stays_inside_its_paragraph(qtbot):
    doc = _kigali()
    target = _clause(doc, "recalling", "c)")
    doc.set_text(target.uid, "the outcomes of the work\naccomplished by CWG-COP\x07;")
    pane = _pane(qtbot, doc)
    exported = _docx_paragraphs(CleanResolutionExporter(doc.draft.revised()).to_bytes())
    assert "c)\tthe outcomes of the work\naccomplished by CWG-COP;" in exported
    assert _shown_paragraphs(pane) == exported
    assert pane.browser.document().blockCount() == len(pane._blocks)
