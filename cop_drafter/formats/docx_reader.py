"""Reading a Word file into a Resolution: ITU-styled files, plain ones, and our own exports.

The model is built from the XML, never from text with placeholders: each paragraph becomes a `SourceLine` (the
text a delegate sees, footnote references as (offset, id) data), Word's automatic numbering becomes the label it
displays, `label<TAB>text` stays as written, tracked changes are read as accepted (with a warning) or, for a
proposal's base (`formats.proposal_reader`), as rejected: one XML walk with the view as its parameter. The lines go
to the one resolution parser (`text_parser.parse_lines`), so a .docx and a .txt of the same resolution give the
same model, and words that look like a placeholder ("the list [1: draft]") stay words. Clauses in a Word table
are read (a label | text row, or one clause per row) and reported; what cannot be read (an embedded document, an
object, a text box, an equation) is named in a warning. Paragraphs styled `Call` that the parser did not take as
call words are reported.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

from cop_drafter.core.calls import normalise_call
from cop_drafter.core.model import ParseError, ParseWarning, Resolution
from cop_drafter.formats.docx_numbering import Numbering, small_int
from cop_drafter.formats.docx_package import DocxPackage, w
from cop_drafter.formats.parsing.labels import LABEL
from cop_drafter.formats.text_parser import SourceLine, parse_lines

logger = logging.getLogger(__name__)

View = Literal["accepted", "rejected"]  # every tracked change accepted, or every one rejected
_ALWAYS_SKIP = {w("pPr"), w("rPr"), w("instrText"), w("delInstrText"), w("footnote"), w("endnote")}
# What each view leaves out: the deleted content when accepting, the inserted content when rejecting.
_SKIP: dict[View, set[str]] = {"accepted": _ALWAYS_SKIP | {w("del"), w("moveFrom"), w("delText")},
                               "rejected": _ALWAYS_SKIP | {w("ins"), w("moveTo")}}
_GONE_MARK: dict[View, tuple[str, str]] = {"accepted": (w("del"), w("moveFrom")), "rejected": (w("ins"), w("moveTo"))}
_KEPT_BLOCKS: dict[View, tuple[str, str]] = {"accepted": (w("ins"), w("moveTo")),
                                             "rejected": (w("del"), w("moveFrom"))}
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
# Content the reader does not read, by what a delegate would call it.
_UNREAD = {w("object"): "an embedded object", w("drawing"): "a drawing", w("pict"): "a picture",
           f"{{{_MC}}}AlternateContent": "a drawing", w("txbxContent"): "a text box", w("subDoc"): "a subdocument",
           f"{{{_MATH}}}oMath": "an equation", f"{{{_MATH}}}oMathPara": "an equation",
           w("altChunk"): "an embedded document (altChunk)"}


@dataclass
class DocxParagraph:
    """One body paragraph in one view: its style name and its text as the delegate sees it."""

    style: str  # style name as Word shows it ("Call", "Normal"), lower case
    line: SourceLine
    mark_deleted: bool = False  # its paragraph mark is gone in this view: it joins the next paragraph
    numbering: tuple[str, int] | None = None  # (numId, ilvl)
    table_row: int | None = None  # which table row it came from (counted over the document)
    unread: Counter[str] = field(default_factory=Counter)  # what in it was not read, by name

    @property
    def text(self) -> str:
        return self.line.text


@dataclass
class _State:
    view: View = "accepted"
    tracked: bool = False
    skip_mark: bool = False  # a custom footnote mark follows: its text is not part of the wording
    rows: int = 0  # table rows seen


@dataclass
class _Run:
    """The text of one paragraph as it is collected, and its footnote references at their offsets."""

    state: _State
    parts: list[str] = field(default_factory=list)
    length: int = 0
    refs: list[tuple[int, str]] = field(default_factory=list)
    unread: Counter[str] = field(default_factory=Counter)

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def line(self) -> SourceLine:
        return SourceLine("".join(self.parts), tuple(self.refs))


_DRAWING_TEXT = "{http://schemas.openxmlformats.org/drawingml/2006/main}t"


def _unread_name(node: etree._Element) -> str | None:
    """What a delegate would call the skipped element; None for a picture with no text (no words lost)."""
    name = _UNREAD[node.tag]
    if name in ("a drawing", "a picture"):
        if next(node.iter(w("txbxContent")), None) is not None:
            return "a text box"
        if next(node.iter(_DRAWING_TEXT, w("t")), None) is not None:
            return f"{name} with text"
        logger.debug("picture without text skipped")
        return None
    return name


def _count_unread(unread: Counter[str], node: etree._Element) -> None:
    name = _unread_name(node)
    if name is not None:
        unread[name] += 1


_T, _TAB, _BREAKS, _HYPHEN, _REF = w("t"), w("tab"), (w("br"), w("cr")), w("noBreakHyphen"), w("footnoteReference")
_TRACKED = (w("del"), w("moveFrom"), w("ins"), w("moveTo"))
_REF_ID, _CUSTOM_MARK, _DEL_T = w("id"), w("customMarkFollows"), w("delText")


def _collect(node: etree._Element, run: _Run) -> None:
    """The paragraph's text as Word shows it in the view; footnote references recorded at their offsets."""
    state = run.state
    skip = _SKIP[state.view]
    for child in node:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag in _TRACKED:
            state.tracked = True
        if tag in skip:
            continue
        if tag in (_T, _DEL_T):
            if state.skip_mark:
                state.skip_mark = False
                continue
            run.add(child.text or "")
        elif tag in _UNREAD:
            _count_unread(run.unread, child)
        elif tag == _TAB:
            run.add("\t")
        elif tag in _BREAKS:
            run.add("\n")
        elif tag == _HYPHEN:
            run.add("-")
        elif tag == _REF:
            run.refs.append((run.length, child.get(_REF_ID, "")))
            state.skip_mark = child.get(_CUSTOM_MARK) in ("1", "true", "on")
        else:
            _collect(child, run)


@dataclass
class _Styles:
    """Paragraph style names by id, and the automatic numbering a list style ("List Number") carries."""

    names: dict[str, str] = field(default_factory=dict)
    numbering: dict[str, tuple[str, int]] = field(default_factory=dict)

    def name(self, style_id: str) -> str:
        return self.names.get(style_id, style_id.lower())


def _num_pr(ppr: etree._Element | None) -> tuple[str, int] | None:
    num = ppr.find(w("numPr")) if ppr is not None else None
    if num is None or num.find(w("numId")) is None:
        return None
    ilvl = num.find(w("ilvl"))
    return num.find(w("numId")).get(w("val"), ""), small_int(ilvl.get(w("val")) if ilvl is not None else None, 0)


def _styles(package: DocxPackage, rels: dict[str, tuple[str, str]]) -> _Styles:
    target = next((t for kind, t in rels.values() if kind == "styles"), "")
    found = _Styles()
    if not target or not package.has(target):
        return found
    based_on: dict[str, str] = {}
    for style in package.xml(target).iter(w("style")):
        style_id = style.get(w("styleId"), "")
        name = style.find(w("name"))
        found.names[style_id] = (name.get(w("val"), "") if name is not None else "").lower()
        parent = style.find(w("basedOn"))
        if parent is not None:
            based_on[style_id] = parent.get(w("val"), "")
        numbering = _num_pr(style.find(w("pPr")))
        if numbering is not None:
            found.numbering[style_id] = numbering
    for style_id in list(found.names):  # a style based on a list style numbers too (a few levels at most)
        parent, depth = based_on.get(style_id), 0
        while style_id not in found.numbering and parent and depth < 10:
            if parent in found.numbering:
                found.numbering[style_id] = found.numbering[parent]
            parent, depth = based_on.get(parent), depth + 1
    return found


def _footnotes(package: DocxPackage, rels: dict[str, tuple[str, str]], view: View) -> dict[str, str]:
    target = next((t for kind, t in rels.values() if kind == "footnotes"), "")
    if not target or not package.has(target):
        return {}
    notes = {}
    for note in package.xml(target).iter(w("footnote")):
        if note.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        parts: list[str] = []
        for para in note.iter(w("p")):
            run = _Run(_State(view))
            _collect(para, run)
            parts.append("".join(run.parts))
        notes[note.get(w("id"), "")] = " ".join(" ".join(parts).split())
    return notes


def _paragraph(node: etree._Element, styles: _Styles, state: _State, row: int | None) -> DocxParagraph:
    ppr = node.find(w("pPr"))
    pstyle = ppr.find(w("pStyle")) if ppr is not None else None
    style_id = pstyle.get(w("val"), "") if pstyle is not None else ""
    numbering = _num_pr(ppr) or styles.numbering.get(style_id)
    deleted = False
    mark = ppr.find(w("rPr")) if ppr is not None else None
    if mark is not None and any(mark.find(tag) is not None for tag in _TRACKED):
        state.tracked = True
        deleted = any(mark.find(tag) is not None for tag in _GONE_MARK[state.view])
    run = _Run(state)
    _collect(node, run)
    return DocxParagraph(styles.name(style_id), run.line(), deleted, numbering, row, run.unread)


def _joined(paragraphs: list[DocxParagraph]) -> SourceLine:
    """Several cell paragraphs as one line of text (a clause's text split over paragraphs of one cell)."""
    parts: list[str] = []
    refs: list[tuple[int, str]] = []
    length = 0
    for para in paragraphs:
        text = para.text.strip()
        if not text:
            continue
        base = length + 1 if length else 0
        lead = len(para.text) - len(para.text.lstrip())
        refs.extend((base + max(0, offset - lead), fid) for offset, fid in para.line.footnote_refs)
        parts.append(text)
        length = base + len(text)
    return SourceLine(" ".join(parts), tuple(refs))


def _paragraphs(body: etree._Element, styles: _Styles, state: _State) -> list[DocxParagraph]:
    """Body paragraphs in order: content controls opened, table rows read as clauses, the rest named."""
    out: list[DocxParagraph] = []

    def visit(node: etree._Element, row: int | None = None) -> None:
        for child in node:
            if child.tag == w("p"):
                out.append(_paragraph(child, styles, state, row))
            elif child.tag in (w("sdt"), w("sdtContent"), w("customXml")) or child.tag in _KEPT_BLOCKS[state.view]:
                state.tracked = state.tracked or child.tag in _TRACKED
                visit(child, row)
            elif child.tag in _TRACKED:  # a block of paragraphs inserted or deleted as a whole, gone in this view
                state.tracked = True
            elif child.tag == w("tbl"):
                for tr in child.iter(w("tr")):
                    if tr.getparent() is not None and _table_of(tr) is child:
                        table_row(tr)
            elif isinstance(child.tag, str) and child.tag in _UNREAD:  # where it stood, for the warning
                para = DocxParagraph("", SourceLine(""))
                _count_unread(para.unread, child)
                out.append(para)

    def table_row(tr: etree._Element) -> None:
        """A label | text row becomes `label<TAB>text`; any other row's paragraphs are lines of their own."""
        state.rows += 1
        cells = [tc for tc in tr.iter(w("tc")) if _table_of(tc) is _table_of(tr)]
        cell_paragraphs = []
        for tc in cells:
            found: list[DocxParagraph] = []
            start = len(out)
            visit(tc, state.rows)
            found, out[start:] = out[start:], []
            cell_paragraphs.append(found)
        first = " ".join(p.text.strip() for p in cell_paragraphs[0]).strip() if cell_paragraphs else ""
        label = LABEL.match(first) if first else None
        if len(cells) >= 2 and label is not None and not label.group("rest"):
            text = _joined([p for paras in cell_paragraphs[1:] for p in paras])
            line = SourceLine(f"{first}\t{text.text}", tuple((off + len(first) + 1, fid)
                                                              for off, fid in text.footnote_refs))
            template = cell_paragraphs[1][0] if cell_paragraphs[1] else cell_paragraphs[0][0]
            out.append(DocxParagraph(template.style, line, False, None, state.rows))
        else:
            for paras in cell_paragraphs:
                out.extend(paras)

    visit(body)
    return out


def _table_of(node: etree._Element) -> etree._Element | None:
    """The nearest enclosing w:tbl (rows and cells of nested tables belong to their own table)."""
    parent = node.getparent()
    while parent is not None and parent.tag != w("tbl"):
        parent = parent.getparent()
    return parent


_HEADING_STYLES = ("res_no", "resno")
# The Res_ref line repeats the heading's reference; Proposal and Reasons lines frame a proposal's text.
_DROPPED_STYLES = ("res_ref", "resref", "proposal", "reasons")


def _resolution_part(paragraphs: list[DocxParagraph], warnings: list[ParseWarning]) -> list[DocxParagraph]:
    """In an ITU-styled file the resolution starts at its Res_No line: drop the cover and foreword before it,
    and the Res_ref line (the reference is part of the heading)."""
    start = next((i for i, p in enumerate(paragraphs) if p.style in _HEADING_STYLES and p.text.strip()), None)
    if start is None:
        return paragraphs
    if any(p.text.strip() for p in paragraphs[:start]):
        warnings.append(ParseWarning("skipped-front-matter", "skipped the text before the RESOLUTION line"))
    return [p for p in paragraphs[start:] if p.style not in _DROPPED_STYLES]


def _shifted(line: SourceLine, prefix: str, strip_left: bool = False) -> SourceLine:
    """`prefix` + the line (left-stripped if asked), its references moved with the words."""
    text = line.text.lstrip() if strip_left else line.text
    shift = len(prefix) - (len(line.text) - len(text))
    return SourceLine(prefix + text, tuple((max(0, off + shift), fid) for off, fid in line.footnote_refs))


def _split_breaks(line: SourceLine) -> list[SourceLine]:
    """A paragraph with manual line breaks is several lines (pasted text), references kept on theirs."""
    if "\n" not in line.text:
        return [line]
    out, start = [], 0
    for piece in line.text.split("\n"):
        end = start + len(piece)
        refs = tuple((off - start, fid) for off, fid in line.footnote_refs if start <= off <= end)
        out.append(SourceLine(piece, refs))
        start = end + 1
    return out


def _lines(paragraphs: list[DocxParagraph], numbering: Numbering) -> list[SourceLine]:
    """One line per paragraph as accepted: a deleted paragraph mark joins it to the next one."""
    lines: list[SourceLine] = []
    pending: SourceLine | None = None
    for para in paragraphs:
        line = _shifted(para.line, pending.text) if pending is not None else para.line
        if pending is not None:
            line = SourceLine(line.text, pending.footnote_refs + line.footnote_refs)
        pending = None
        if para.mark_deleted:
            pending = line
            continue
        if para.numbering is not None and not para.style.startswith(("heading", "title")):
            label = numbering.label(*para.numbering)
            if label:
                line = _shifted(line, f"{label}\t", strip_left=True)
        lines.extend(_split_breaks(line))
    if pending is not None:
        lines.extend(_split_breaks(pending))
    return lines


def _skipped_warnings(paragraphs: list[DocxParagraph]) -> list[ParseWarning]:
    """What the delegate must check: table rows read as lines, and content not read (in the resolution part)."""
    out = []
    unread: Counter[str] = Counter()
    for para in paragraphs:
        unread.update(para.unread)
    rows = {p.table_row for p in paragraphs if p.table_row is not None and p.text.strip()}
    if rows:
        out.append(ParseWarning("word-table", f"read {len(rows)} rows of a Word table as lines of the resolution: "
                                "please check the clauses they gave"))
    if unread:
        named = ", ".join(f"{name} ({count})" if count > 1 else name for name, count in unread.items())
        out.append(ParseWarning("skipped-content", f"not read (please check against the original): {named}"))
    return out


@dataclass
class DocxBody:
    """One view of a .docx body before parsing, for readers that first frame the resolution in it (a proposal's
    cover, proposal line and Reasons are not clauses)."""

    name: str
    view: View
    paragraphs: list[DocxParagraph]
    notes: dict[str, str]
    numbering: Numbering
    tracked: bool  # the file has tracked changes (of any kind)
    authors: list[str]  # revision authors, in order of first appearance


@contextmanager
def damaged_as_parse_error(path: str | os.PathLike[str]) -> Iterator[None]:
    """Well-formed XML with impossible content is reported like any damaged file, never as a traceback."""
    try:
        yield
    except (ValueError, KeyError, IndexError, AttributeError, TypeError, RecursionError) as exc:
        logger.info("damaged Word content in %s", path, exc_info=True)
        raise ParseError(f"{os.path.basename(path)} is damaged: its Word content is not what Word writes") from exc


def read_docx(path: str | os.PathLike[str], view: View = "accepted") -> Resolution:
    """Read a .docx into a Resolution, tracked changes accepted (or rejected: `view`); ParseError (one line) for
    anything that is not a readable resolution."""
    with damaged_as_parse_error(path):
        with DocxPackage(path) as package:
            body = read_body(package, view)
        return body_resolution(body)


def revision_authors(root: etree._Element) -> list[str]:
    """The authors of the tracked changes in a part, in order of first appearance."""
    seen: dict[str, None] = {}
    author = w("author")
    for node in root.iter(*_TRACKED, w("rPrChange"), w("pPrChange"), w("sectPrChange"), w("tblPrChange")):
        name = " ".join((node.get(author) or "").split())
        if name:
            seen.setdefault(name, None)
    return list(seen)


def read_body(package: DocxPackage, view: View = "accepted") -> DocxBody:
    """The body paragraphs of an open package as `view` shows them, with its footnotes and numbering."""
    main = package.main_document()
    rels = package.relationships(main)
    root = package.xml(main)
    body = root.find(w("body"))
    if body is None:
        raise ParseError(f"{package.name} is not a Word document: it has no body")
    styles = _styles(package, rels)
    notes = _footnotes(package, rels, view)
    numbering_part = next((t for kind, t in rels.values() if kind == "numbering"), "")
    numbering = Numbering(package.xml(numbering_part) if numbering_part and package.has(numbering_part) else None)
    state = _State(view)
    paragraphs = _paragraphs(body, styles, state)
    return DocxBody(package.name, view, paragraphs, notes, numbering, state.tracked, revision_authors(body))


_VIEW_WORDS: dict[View, str] = {"accepted": "accepted", "rejected": "rejected"}


def body_resolution(body: DocxBody, paragraphs: list[DocxParagraph] | None = None) -> Resolution:
    """Parse the body's paragraphs (or the part of them given) with the one resolution parser."""
    warnings: list[ParseWarning] = []
    paragraphs = _resolution_part(body.paragraphs if paragraphs is None else paragraphs, warnings)
    resolution = parse_lines(_lines(paragraphs, body.numbering), body.name, footnotes=body.notes)
    resolution.warnings.extend(warnings)
    resolution.warnings.extend(_skipped_warnings(paragraphs))
    if body.tracked:
        resolution.warnings.append(ParseWarning(
            "tracked-changes", f"the file has tracked changes: read as if all of them were {_VIEW_WORDS[body.view]}"))
    calls = {normalise_call(s.call) for s in resolution.sections}
    for para in paragraphs:
        if para.style == "call" and para.text.strip() and normalise_call(para.text) not in calls:
            resolution.warnings.append(ParseWarning(
                "unknown-call", f"'{para.text.strip()[:60]}' is styled as call words but was not read as a call",
                where=para.text.strip()[:60]))
    return resolution
