"""Lines -> paragraphs: styles, label + tab + text, revision marks and footnotes.

The layout (indents, spacing) comes from the paragraph styles alone, as in ITU's files: direct formatting
would survive the secretariat's template.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from cop_drafter.docx.crossrefs import italic_spans
from cop_drafter.docx.footnotes import Footnotes
from cop_drafter.docx.lines import Line, Side
from cop_drafter.docx.ooxml import PLAIN, RunFormat
from cop_drafter.docx.revisions import Anchor, Emphasised, Mark, Revisions

_ITALIC = RunFormat(italic=True)
# Inside the brackets of "RESOLUTION 67 (Rev. Kigali, 2022)": the words with lower-case letters.
_MIXED_CASE = re.compile(r"Rev\.|[A-Z]?[a-z][\w.'’-]*(?:\s+[A-Z]?[a-z][\w'’-]*)*")


def _note_anchors(footnotes: Footnotes, revisions: Revisions, side: Side, mark_of) -> tuple[Anchor, ...]:
    anchors = []
    for note in side.notes:
        mark = mark_of(note)
        anchors.append(Anchor(note.offset, mark,
                              lambda text=note.text, mark=mark: footnotes.reference(text, mark, revisions)))
    return tuple(anchors)


def _label_runs(revisions: Revisions, old: str, new: str, fmt: RunFormat = PLAIN) -> list[OxmlElement]:
    """The label (italic for preambular clauses, as ITU sets `a)`) and its tab, upright."""
    if old == new:
        return revisions.text("equal", new, fmt) + revisions.text("equal", "\t") if new else []
    runs = revisions.text("delete", old, fmt) + revisions.text("insert", new, fmt)
    tab_mark: Mark = "equal" if old and new else ("insert" if new else "delete")
    return runs + revisions.text(tab_mark, "\t")


def _runs(line: Line, revisions: Revisions, footnotes: Footnotes) -> list[OxmlElement]:
    mark = line.mark
    if mark != "equal":
        side = line.new if mark == "insert" else line.old
        assert side is not None
        label = _label_runs(revisions, side.label if mark == "delete" else "", side.label if mark == "insert" else "",
                            _label_format(line))
        anchors = _note_anchors(footnotes, revisions, side, lambda _note: mark)
        return label + revisions.whole(mark, _emphasised(line, side), anchors=anchors)
    old, new = line.old, line.new
    assert old is not None and new is not None
    old_keys = {n.key for n in old.notes}
    new_keys = {n.key for n in new.notes}
    kept_or_added = _note_anchors(footnotes, revisions, new, lambda n: "equal" if n.key in old_keys else "insert")
    gone = Side(old.text, old.label, [n for n in old.notes if n.key not in new_keys])
    removed = _note_anchors(footnotes, revisions, gone, lambda _n: "delete")
    return _label_runs(revisions, old.label, new.label, _label_format(line)) + revisions.diff(
        _emphasised(line, old), _emphasised(line, new), anchors=kept_or_added, old_anchors=removed
    )


def _label_format(line: Line) -> RunFormat:
    return _ITALIC if line.preamble else PLAIN


def _emphasised(line: Line, side: Side) -> Emphasised:
    """Clause text with its cross-references ("considering e)") in italics; in the Res_No heading, "Rev." and
    the place with caps off, so the caps style prints "RESOLUTION 67 (Rev. Kigali, 2022)" as ITU does."""
    if line.kind == "heading":
        start = side.text.find("(")
        spans = () if start < 0 else tuple((start + m.start(), start + m.end())
                                           for m in _MIXED_CASE.finditer(side.text[start:]))
        return Emphasised(side.text, caps_off=spans)
    return Emphasised(side.text, tuple(italic_spans(side.text)) if line.kind == "clause" else ())


def _insertions_first(runs: list[OxmlElement], at_end: bool) -> list[OxmlElement]:
    """Reorder the run of revision marks at one end of a paragraph so insertions precede deletions.

    LibreOffice's Reject All joins a kept paragraph ending in "<del>,</del><ins>;</ins>" with the paragraph after
    the inserted ones that follow it, and leaves an empty paragraph when a kept paragraph after inserted ones
    starts with "<del>5</del><ins>6</ins>"; with the insertion first it restores both exactly (Word either way).
    """
    marks = (qn("w:ins"), qn("w:del"))
    edge = runs[::-1] if at_end else runs
    count = next((i for i, run in enumerate(edge) if run.tag not in marks), len(edge))
    group = edge[:count][::-1] if at_end else edge[:count]
    ordered = [r for r in group if r.tag == marks[0]] + [r for r in group if r.tag == marks[1]]
    return runs[: len(runs) - count] + ordered if at_end else ordered + runs[count:]


def append_paragraph(document) -> Paragraph:
    """A new empty paragraph at the end of the body, before its section properties, in constant time.

    python-docx's `add_paragraph` looks for the body's w:sectPr among all its children, so a text of 100,000
    clauses cost 100,000 scans of a growing body (quadratic: the 100k export did not finish in 15 minutes)."""
    body = document.element.body
    p = OxmlElement("w:p")
    try:
        last = body[-1]
    except IndexError:
        last = None
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(p)
    else:
        body.append(p)
    return Paragraph(p, document._body)


def write_lines(document, lines: list[Line], revisions: Revisions, footnotes: Footnotes,
                comments: Mapping[str, str] | None = None) -> None:
    """Append one paragraph per line to the document body; `comments` (clause uid -> text) become Word comments
    by the revisions' author, anchored on the whole paragraph of their clause."""
    for index, line in enumerate(lines):
        paragraph = append_paragraph(document)
        paragraph._p.style = line.style
        runs = _runs(line, revisions, footnotes)
        if line.mark == "equal":
            if index + 1 < len(lines) and lines[index + 1].mark == "insert":
                runs = _insertions_first(runs, at_end=True)
            if index > 0 and lines[index - 1].mark == "insert":
                runs = _insertions_first(runs, at_end=False)
        for run in runs:
            paragraph._p.append(run)
        revisions.mark_paragraph(paragraph, line.mark)
        if line.move:
            _as_move(paragraph._p, line, revisions)
        note = (comments or {}).get(line.uid, "").strip() if line.kind == "clause" else ""
        if note and (line.new is not None or not any(
                other.uid == line.uid and other.new is not None for other in lines)):
            _comment(document, paragraph._p, note, revisions.author)


def _comment(document, p: OxmlElement, text: str, author: str) -> None:
    """A Word comment on the whole paragraph: range start after its properties, range end and the reference run
    at its end (the markup Word itself writes)."""
    comment = document.comments.add_comment(text=text, author=author,
                                            initials="".join(w[0] for w in author.split())[:4])
    cid = str(comment.comment_id)
    start, end = OxmlElement("w:commentRangeStart"), OxmlElement("w:commentRangeEnd")
    start.set(qn("w:id"), cid)
    end.set(qn("w:id"), cid)
    _enclose(p, start, end)
    run, reference = OxmlElement("w:r"), OxmlElement("w:commentReference")
    reference.set(qn("w:id"), cid)
    run.append(reference)
    p.append(run)


def _as_move(p: OxmlElement, line: Line, revisions: Revisions) -> None:
    """Turn a wholly removed / added paragraph into the two halves of a Word move: its w:del / w:ins (runs and
    paragraph mark) become w:moveFrom / w:moveTo, inside a named move range."""
    tag = "moveFrom" if line.mark == "delete" else "moveTo"
    old = qn("w:del") if line.mark == "delete" else qn("w:ins")
    for node in list(p.iter(old)):
        node.tag = qn(f"w:{tag}")
    _enclose(p, *revisions.move_range(tag, line.move))


def _enclose(p: OxmlElement, start: OxmlElement, end: OxmlElement) -> None:
    """A range (move, comment) around the paragraph's whole content: start after its properties, end last."""
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)
