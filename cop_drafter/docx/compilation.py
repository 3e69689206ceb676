"""The compilation .docx: the whole resolution with each proposer's changes as Word revisions by that proposer,
then a synoptic table (text in force | each proposer) of the clauses in conflict.

Word colours each author and can accept or reject one author's marks, so the chair can see any one region's text
by accepting that author alone. Design (docs/negotiation.md), per clause:

- nobody changes it: the text in force, unmarked;
- one proposer changes it: the text in force with that proposer's word-level marks (or the whole paragraph
  deleted / inserted for SUP / ADD), exactly as in that proposer's own proposal;
- two or more change it: one paragraph per proposer, inserted by that proposer: its wording, or the text in
  force when it proposes no change; nothing for a SUP. A single piece of text can only carry one author's
  deletion, so no mark on one shared paragraph can be undone by two authors: accepting A alone would keep B's
  deleted words. Separate versions are the only layout in which every author alone gives its own text; the
  text in force of such a clause is in the synoptic table (rejecting every mark leaves it out of the body).
"""

from __future__ import annotations

import logging
from datetime import datetime

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from cop_drafter.core.compilation import AGREED, CONFLICT, ONE, UNCHANGED, Compilation, Row, Version
from cop_drafter.core.model import short_reference
from cop_drafter.docx import styles
from cop_drafter.docx.document import new_document
from cop_drafter.docx.exporters import Exporter
from cop_drafter.docx.footnotes import Footnotes
from cop_drafter.docx.lines import Line, Note, Side, clause_style
from cop_drafter.docx.ooxml import PLAIN, RunFormat, clean_text, make_run
from cop_drafter.docx.render import write_lines
from cop_drafter.docx.revisions import Revisions

log = logging.getLogger(__name__)

_HEADER_STYLES = {"heading": styles.RES_NO, "title": styles.RES_TITLE, "conference": styles.AFTER_TITLE}
_TABLE_SIZE = 20  # half-points: 10 pt in the synoptic table
_LABELS = {UNCHANGED: "unchanged", AGREED: "agreed", ONE: "proposed by one", CONFLICT: "in conflict"}


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class CompilationExporter(Exporter):
    """One compilation document: summary, the tracked text (one revision author per proposer), synoptic table."""

    def __init__(self, compilation: Compilation, *, date: datetime | None = None, synoptic: bool = True) -> None:
        self.compilation = compilation
        self.date = date
        self.synoptic = synoptic
        self.revision_count = 0

    def build(self):
        compilation = self.compilation
        header = compilation.base.header
        name = short_reference(header.number, header.place, header.year, header.revision, word="Resolution",
                               document="Resolution")
        document = new_document(f"Compilation of proposals on {name}", f"Compilation – {name}")
        root = Revisions("COP Drafter", self.date)
        authors = {proposer: root.by(proposer) for proposer in compilation.proposers}
        _summary(document, compilation, name)
        _tracked_text(document, compilation, authors, Footnotes(document))
        if self.synoptic:
            _synoptic(document, compilation)
        self.revision_count = sum(r.count for r in authors.values())
        log.info("compilation of %s: %d revision marks", ", ".join(compilation.proposers), self.revision_count)
        return document


def _plain(document, style: str, text: str, fmt: RunFormat = PLAIN) -> None:
    paragraph = document.add_paragraph()
    paragraph._p.style = style
    paragraph._p.append(make_run(text, fmt))


def _summary(document, compilation: Compilation, name: str) -> None:
    """What this is, the counts, and how to read the marks."""
    _plain(document, styles.SOURCE, f"Compilation of proposals on {name}")
    counts = compilation.counts()
    total = sum(counts.values())
    parts = ", ".join(f"{counts[k]} {_LABELS[k]}" for k in (UNCHANGED, AGREED, ONE, CONFLICT))
    _plain(document, styles.NOTE, f"{total} clauses: {parts}.")
    for proposer in compilation.proposers:
        statuses = [r.version(proposer).status for r in compilation.clause_rows()]
        done = ", ".join(f"{statuses.count(s)} {s}" for s in ("MOD", "ADD", "SUP") if statuses.count(s))
        _plain(document, styles.NOTE, f"{proposer}: {done or 'no change'}; revision marks by {proposer}.")
    _plain(document, styles.NOTE, "Each proposer's changes are Word revisions by that proposer: accepting one "
                                  "author's revisions and rejecting the others gives that proposer's text. A clause "
                                  "changed by two or more proposers appears once per proposer, each version "
                                  "inserted by its proposer; its text in force is in the synoptic table at the end.")
    for warning in compilation.warnings:
        _plain(document, styles.NOTE, f"Note: {warning}")


def _side(text: str, label: str = "", notes: list[tuple[str, int, str]] | None = None) -> Side:
    return Side(text, label, [Note(*note) for note in notes or []])


def _row_lines(row: Row, authors: dict[str, Revisions]) -> list[tuple[Line, Revisions | None]]:
    """The paragraphs of one row, each with the author whose marks it carries (None: unmarked)."""
    style = _HEADER_STYLES.get(row.kind) or clause_style(row.depth)

    def line(old: Side | None, new: Side | None) -> Line:
        return Line(style, old, new, row.kind, row.depth, row.preamble)

    changers = row.changers()
    base = _side(row.base_text, row.base_label, row.base_notes) if row.base_text is not None else None
    if not changers:
        return [(line(base, base), None)]
    if len(changers) == 1:
        version = changers[0]
        mine = authors[version.proposer]
        if version.status == "SUP":
            return [(line(base, None), mine)]
        if version.status == "ADD" or base is None:
            return [(line(None, _side(version.text, version.label, version.notes)), mine)]
        return [(line(base, _side(version.text, row.base_label, version.notes)), mine)]
    out: list[tuple[Line, Revisions | None]] = []
    for version in row.versions:
        if version.status in ("SUP", ""):
            continue
        text, notes = (version.text, version.notes) if version.text else (row.base_text or "", row.base_notes)
        out.append((line(None, _side(text, version.label or row.base_label, notes)), authors[version.proposer]))
    return out


def _tracked_text(document, compilation: Compilation, authors: dict[str, Revisions], footnotes: Footnotes) -> None:
    """The resolution, row by row; an added clause under call words the base does not have at that place gets
    its proposer's call line, inserted by that proposer."""
    plain = Revisions("COP Drafter")
    base_call: str | None = None
    inserted_call: tuple[str, tuple[str, ...]] | None = None
    for row in compilation.rows:
        if row.kind == "clause" and row.base_text is not None and row.call != base_call:
            write_lines(document, [Line(styles.CALL, _side(row.call), _side(row.call), "call")], plain, footnotes)
            base_call, inserted_call = row.call, None
        elif row.kind == "clause" and row.base_text is None and row.call != base_call:
            adders = tuple(v.proposer for v in row.versions if v.status == "ADD")
            if inserted_call != (row.call, adders):
                for proposer in adders:
                    write_lines(document, [Line(styles.CALL, None, _side(row.call), "call")], authors[proposer],
                                footnotes)
                inserted_call = (row.call, adders)
        for line, revisions in _row_lines(row, authors):
            write_lines(document, [line], revisions or plain, footnotes)


# -- the synoptic table ------------------------------------------------------------------------------------------

def _run(text: str, *, bold: bool = False, italic: bool = False, strike: bool = False,
         underline: bool = False) -> OxmlElement:
    """A 10 pt run; struck and underlined are direct formatting here, not revisions: the table is a reading aid
    that accepting or rejecting marks must leave alone."""
    run = make_run(text)
    rpr = OxmlElement("w:rPr")
    for flag, tag in ((bold, "w:b"), (bold, "w:bCs"), (italic, "w:i"), (italic, "w:iCs"), (strike, "w:strike")):
        if flag:
            rpr.append(OxmlElement(tag))
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), str(_TABLE_SIZE))
        rpr.append(size)
    if underline:
        mark = OxmlElement("w:u")
        mark.set(qn("w:val"), "single")
        rpr.append(mark)
    run.insert(0, rpr)
    return run


def _cell_paragraph(cell, runs: list[OxmlElement], first: bool) -> None:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph._p.style = styles.NORMAL
    for run in runs:
        paragraph._p.append(run)


def _version_runs(row: Row, version: Version) -> list[OxmlElement]:
    if version.status in ("NOC", "SUP"):
        return [_run(version.status, italic=True)]
    if version.status == "":
        return [_run("–")]
    label = f"{version.label} " if version.label else ""
    runs = [_run(label, italic=row.preamble)] if label else []
    for piece in version.diff:
        runs.append(_run(clean_text(piece.text), strike=piece.op == "delete", underline=piece.op == "insert"))
    return runs


_BORDERS = ("<w:tblBorders {ns}>" + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                                            for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
            + "</w:tblBorders>")


def _synoptic(document, compilation: Compilation) -> None:
    """Clauses in conflict, on landscape pages: the text in force, then each proposer's version with its word
    differences (struck / underlined) and Reasons."""
    rows = [r for r in compilation.clause_rows() if r.category == CONFLICT]
    section = document.add_section(WD_SECTION.NEW_PAGE)
    document.element.body.findall(qn("w:p"))[-1].style = styles.NOTE  # the paragraph carrying the break
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Twips(styles.PAGE_HEIGHT), Twips(styles.PAGE_WIDTH)
    _plain(document, styles.HEADING_B, f"Clauses in conflict ({len(rows)}): text in force and each proposal")
    width = styles.PAGE_HEIGHT - styles.MARGIN_LEFT - styles.MARGIN_RIGHT
    columns = 1 + len(compilation.proposers)
    table = document.add_table(rows=1 + len(rows), cols=columns)
    tbl_pr = table._tbl.tblPr
    tbl_pr.find(qn("w:tblLook")).addprevious(parse_xml(_BORDERS.format(ns=nsdecls("w"))))
    header_pr = table.rows[0]._tr.get_or_add_trPr()
    header_pr.append(OxmlElement("w:tblHeader"))  # repeated on every page
    for column in range(columns):
        for cell in table.columns[column].cells:
            cell.width = Twips(width // columns)
    titles = ["Text in force", *compilation.proposers]
    for cell, title in zip(table.rows[0].cells, titles, strict=True):
        _cell_paragraph(cell, [_run(title, bold=True)], True)
    for table_row, row in zip(table.rows[1:], rows, strict=True):
        cells = table_row.cells
        where = f"{row.call} {row.base_label}".strip()
        base = row.base_text if row.base_text is not None else "(new clause)"
        _cell_paragraph(cells[0], [_run(where, italic=True)], True)
        _cell_paragraph(cells[0], [_run(base)], False)
        for cell, version in zip(cells[1:], row.versions, strict=True):
            _cell_paragraph(cell, _version_runs(row, version), True)
            if version.reasons:
                _cell_paragraph(cell, [_run("Reasons: ", bold=True), _run(version.reasons)], False)
