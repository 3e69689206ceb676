"""The cover page of a proposal and the proposal numbers (`MOD	EUR/23A17/1`)."""

from __future__ import annotations

import re

from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from cop_drafter.core.draft import ProposalMeta
from cop_drafter.docx import styles
from cop_drafter.docx.ooxml import PLAIN, RunFormat, element, make_run

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


# Text width of the A4 page between 2 cm margins, split as in ITU's proposal covers.
COVER_COLUMNS = (6379, 3260)
REQUIRED = (("conference", "--conference"), ("document", "--document"), ("source", "--source"))
_TITLE = RunFormat(bold=True, caps_off=True)


class CoverIncomplete(ValueError):
    """A proposal cover without the fields the secretariat files it by."""


def missing_fields(meta: ProposalMeta) -> list[str]:
    """The options naming the cover fields left empty: conference, document number, source."""
    return [option for field, option in REQUIRED if not getattr(meta, field).strip()]


def require_complete(meta: ProposalMeta, draft_cover: bool) -> None:
    """Refuse to write a submission whose cover lacks conference, document or source (one-line reason),
    unless the delegate asked for a draft cover."""
    missing = missing_fields(meta)
    if missing and not draft_cover:
        names = ", ".join(m.lstrip("-") for m in missing)
        raise CoverIncomplete(f"the cover page has no {names}: give {' '.join(missing)}, or --draft-cover to "
                              "write it anyway")


_REFERENCE = re.compile(r"^\s*(?:(Addendum|Revision|Corrigendum)\s+(\d+)\s+to\s+)?Document\s+(\S+?)(-[A-Z])?\s*$",
                        re.IGNORECASE)
_SHORT = {"addendum": "Add.", "revision": "Rev.", "corrigendum": "Corr."}


def short_document_reference(document: str) -> str:
    """`Addendum 17 to Document WTDC-25/23-E` -> `WTDC-25/23(Add.17)-E`, as ITU's page headers print it; a
    text of another shape is kept as written."""
    match = _REFERENCE.match(document)
    if not match:
        return document.strip()
    kind, number, doc, language = match.groups()
    part = f"({_SHORT[kind.lower()]}{number})" if kind else ""
    return f"{doc}{part}{language or ''}"


def _p(style: str, lines: list[tuple[str, RunFormat]]) -> OxmlElement:
    paragraph = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    ppr.append(element("w:pStyle", val=style))
    paragraph.append(ppr)
    for i, (text, fmt) in enumerate(line for line in lines if line[0]):
        if i:
            paragraph.append(make_run("\n", fmt))
        paragraph.append(make_run(text, fmt))
    return paragraph


def _cell(width: int, span: int, paragraphs: list[OxmlElement]) -> OxmlElement:
    cell = OxmlElement("w:tc")
    pr = OxmlElement("w:tcPr")
    pr.append(element("w:tcW", w=str(width), type="dxa"))
    if span > 1:
        pr.append(element("w:gridSpan", val=str(span)))
    cell.append(pr)
    for paragraph in paragraphs or [_p(styles.NORMAL, [])]:
        cell.append(paragraph)
    return cell


def _row(*cells: OxmlElement) -> OxmlElement:
    row = OxmlElement("w:tr")
    row.append(parse_xml(f'<w:trPr {nsdecls("w")}><w:cantSplit/></w:trPr>'))
    for cell in cells:
        row.append(cell)
    return row


def cover_table(meta: ProposalMeta, title: str) -> OxmlElement:
    """One table as on ITU's proposal covers: conference, place and dates | logo (left empty for the
    secretariat); meeting | document number; date; original language; the source; the title in bold."""
    left, right = COVER_COLUMNS
    table = parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{left + right}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="0"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{left}"/><w:gridCol w:w="{right}"/></w:tblGrid></w:tbl>')
    conference = [(meta.conference.strip(), BOLD), (meta.conference_place.strip(), PLAIN)]
    if any(text for text, _fmt in conference):
        table.append(_row(_cell(left, 1, [_p(styles.NORMAL, conference)]), _cell(right, 1, [])))
    if meta.meeting.strip() or meta.document.strip():
        table.append(_row(_cell(left, 1, [_p(styles.NORMAL, [(meta.meeting.strip(), BOLD)])]),
                          _cell(right, 1, [_p(styles.NORMAL, [(meta.document.strip(), BOLD)])])))
    original = f"Original: {meta.original_language.strip()}" if meta.original_language.strip() else ""
    for text in (meta.date.strip(), original):
        if text:
            table.append(_row(_cell(left, 1, []), _cell(right, 1, [_p(styles.NORMAL, [(text, PLAIN)])])))
    if meta.source.strip():
        table.append(_row(_cell(left + right, 2, [_p(styles.SOURCE, [(meta.source.strip(), PLAIN)])])))
    table.append(_row(_cell(left + right, 2, [_p(styles.TITLE1, [(title.strip(), _TITLE)])])))
    return table


def write_cover(document, meta: ProposalMeta, title: str) -> None:
    """The cover table, then Summary / Expected results / References (Heading_b + text); the proposals start
    on the next page. A field left empty prints nothing."""
    body = document.element.body
    end = body.find(qn("w:sectPr"))
    blocks = [cover_table(meta, meta.title or title)]
    for heading, text in (("Summary:", meta.summary), ("Expected results:", meta.expected_results),
                          ("References:", meta.references)):
        if text.strip():
            blocks += [_p(styles.HEADING_B, [(heading, PLAIN)]), _p(styles.NORMAL, [(text.strip(), PLAIN)])]
    for block in blocks:
        end.addprevious(block) if end is not None else body.append(block)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
