"""The cover page of a proposal and the proposal numbers (`MOD	EUR/23A17/1`)."""

from __future__ import annotations

import re

from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Twips

from cop_drafter.core.draft import ProposalMeta
from cop_drafter.docx import styles
from cop_drafter.docx.ooxml import PLAIN, RunFormat, make_run

BOLD = RunFormat(bold=True)


def source_code(meta: ProposalMeta) -> str:
    """The source part of proposal numbers: given, a short source name itself ("EUR"), the acronym in its
    last brackets ("Member States of the ... (CEPT)" -> "CEPT"), else "SRC" for the secretariat to fill."""
    if meta.source_code.strip():
        return meta.source_code.strip()
    source = meta.source.strip()
    if source and len(source) <= 8 and re.fullmatch(r"[A-Za-z0-9-]+", source):
        return source.upper()
    acronym = re.search(r"\(([A-Z][A-Z0-9-]{1,9})\)\s*$", source)
    return acronym.group(1) if acronym else "SRC"


def document_code(meta: ProposalMeta) -> str:
    """`Addendum 17 to Document WTDC-25/23-E` -> `23A17`; `Document 23` -> `23`; else "DOC"."""
    if meta.document_code.strip():
        return meta.document_code.strip()
    text = meta.document
    addendum = re.search(r"Addendum\s+(\d+)\s+to\s+Document\s+(?:[\w-]+/)?(\d+)", text, re.I)
    if addendum:
        return f"{addendum.group(2)}A{addendum.group(1)}"
    plain = re.search(r"Document\s+(?:[\w-]+/)?(\d+)", text, re.I)
    return plain.group(1) if plain else "DOC"


class ProposalNumbers:
    """Hands out `SRC/DOC/n`, unique within one document."""

    def __init__(self, meta: ProposalMeta) -> None:
        self.prefix = f"{source_code(meta)}/{document_code(meta)}"
        self._next = 1

    def next(self) -> str:
        number = f"{self.prefix}/{self._next}"
        self._next += 1
        return number


def _paragraph(document, style: str, text: str = "", fmt: RunFormat = PLAIN):
    paragraph = document.add_paragraph()
    paragraph._p.style = style
    if text:
        paragraph._p.append(make_run(text, fmt))
    return paragraph


def _no_borders(table) -> None:
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    if borders is not None:
        table._tbl.tblPr.remove(borders)


def write_cover(document, meta: ProposalMeta, title: str) -> None:
    """Conference and document block, source, title and summary; the proposals start on the next page."""
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Twips(6379), Twips(3260)
    left.paragraphs[0]._p.style = styles.NORMAL
    if meta.conference.strip():  # empty means empty: no stand-in word on a delegate's cover
        left.paragraphs[0]._p.append(make_run(meta.conference, BOLD))
    right_lines = [(meta.meeting, BOLD), (meta.document, BOLD), (meta.date, RunFormat()),
                   (f"Original: {meta.original_language}" if meta.original_language else "", RunFormat())]
    first = True
    for text, fmt in right_lines:
        if not text:
            continue
        paragraph = right.paragraphs[0] if first else right.add_paragraph()
        paragraph._p.style = styles.NORMAL
        paragraph._p.append(make_run(text, fmt))
        first = False
    if meta.source:
        _paragraph(document, styles.SOURCE, meta.source)
    _paragraph(document, styles.TITLE1, meta.title or title)
    for heading, text in (("Summary:", meta.summary), ("Expected results:", meta.expected_results),
                          ("References:", meta.references)):
        if text:
            _paragraph(document, styles.NORMAL, heading, BOLD).paragraph_format.keep_with_next = True
            _paragraph(document, styles.NORMAL, text)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
