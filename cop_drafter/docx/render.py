"""Lines -> paragraphs: styles, the label + tab + hanging indent layout, revision marks and footnotes."""

from __future__ import annotations

from docx.oxml import OxmlElement

from cop_drafter.docx import styles
from cop_drafter.docx.crossrefs import italic_spans
from cop_drafter.docx.footnotes import Footnotes
from cop_drafter.docx.lines import Line, Side
from cop_drafter.docx.ooxml import set_indent
from cop_drafter.docx.revisions import Anchor, Emphasised, Mark, Revisions


def _note_anchors(footnotes: Footnotes, revisions: Revisions, side: Side, mark_of) -> tuple[Anchor, ...]:
    anchors = []
    for note in side.notes:
        mark = mark_of(note)
        anchors.append(Anchor(note.offset, mark,
                              lambda text=note.text, mark=mark: footnotes.reference(text, mark, revisions)))
    return tuple(anchors)


def _label_runs(revisions: Revisions, old: str, new: str) -> list[OxmlElement]:
    if old == new:
        return revisions.text("equal", f"{new}\t") if new else []
    runs = revisions.text("delete", old) + revisions.text("insert", new)
    tab_mark: Mark = "equal" if old and new else ("insert" if new else "delete")
    return runs + revisions.text(tab_mark, "\t")


def _runs(line: Line, revisions: Revisions, footnotes: Footnotes) -> list[OxmlElement]:
    mark = line.mark
    if mark != "equal":
        side = line.new if mark == "insert" else line.old
        assert side is not None
        prefix = f"{side.label}\t" if side.label else ""
        anchors = _note_anchors(footnotes, revisions, side, lambda _note: mark)
        return revisions.text(mark, prefix) + revisions.whole(mark, _emphasised(line, side), anchors=anchors)
    old, new = line.old, line.new
    assert old is not None and new is not None
    old_keys = {n.key for n in old.notes}
    new_keys = {n.key for n in new.notes}
    kept_or_added = _note_anchors(footnotes, revisions, new, lambda n: "equal" if n.key in old_keys else "insert")
    gone = Side(old.text, old.label, [n for n in old.notes if n.key not in new_keys])
    removed = _note_anchors(footnotes, revisions, gone, lambda _n: "delete")
    return _label_runs(revisions, old.label, new.label) + revisions.diff(
        _emphasised(line, old), _emphasised(line, new), anchors=kept_or_added, old_anchors=removed
    )


def _emphasised(line: Line, side: Side) -> Emphasised:
    """Clause text with its cross-references ("considering e)") in italics."""
    return Emphasised(side.text, tuple(italic_spans(side.text)) if line.kind == "clause" else ())


def write_lines(document, lines: list[Line], revisions: Revisions, footnotes: Footnotes) -> None:
    """Append one paragraph per line to the document body."""
    for line in lines:
        paragraph = document.add_paragraph()
        paragraph._p.style = line.style
        labelled = any(side is not None and side.label for side in (line.old, line.new))
        if line.kind == "clause" and line.depth == 0 and labelled:
            set_indent(paragraph, styles.CLAUSE_INDENT, styles.CLAUSE_INDENT)
        for run in _runs(line, revisions, footnotes):
            paragraph._p.append(run)
        revisions.mark_paragraph(paragraph, line.mark)
