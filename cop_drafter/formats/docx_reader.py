"""Reading a Word file into a Resolution: ITU-styled files, plain ones, and our own exports.

The .docx is turned into the text a delegate would see, one line per paragraph: Word's automatic
numbering becomes the label it displays, `label<TAB>text` stays as written, footnote references become
`[footnoteRef:N]` markers, tracked changes are read as accepted (with a warning). That text goes to the
one resolution parser, `text_parser.parse_text`, so a .docx and a .txt of the same resolution give the
same model; the footnote texts are then taken verbatim from footnotes.xml. Paragraphs styled `Call` that
the parser did not take as call words are reported.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from lxml import etree

from cop_drafter.core.calls import normalise_call
from cop_drafter.core.model import ParseError, ParseWarning, Resolution
from cop_drafter.core.rules import letter_label
from cop_drafter.formats.docx_package import DocxPackage, w
from cop_drafter.formats.text_parser import parse_text

_SKIP = {w("del"), w("moveFrom"), w("txbxContent"), w("pPr"), w("rPr"), w("instrText"), w("delText"),
         w("footnote"), w("endnote")}
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@dataclass
class _Paragraph:
    style: str  # style name as Word shows it ("Call", "Normal"), lower case
    text: str
    mark_deleted: bool = False
    numbering: tuple[str, int] | None = None  # (numId, ilvl)


@dataclass
class _State:
    tracked: bool = False
    footnote_refs: list[str] = field(default_factory=list)
    skip_mark: bool = False  # a custom footnote mark follows: its text is not part of the wording


def _small_int(value: str | None, default: int) -> int:
    """An integer attribute of a hostile file, kept small: a counter starting at 10**9 must not cost memory."""
    return min(int(value), 999) if value is not None and value.isdigit() else default


def _roman(n: int) -> str:
    out = ""
    for value, digits in _ROMAN:
        while n >= value:
            out += digits
            n -= value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = letter_label(n - 1).rstrip(")")
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class _Numbering:
    """Word automatic numbering -> the label Word displays ('a)', '1', '1.1')."""

    def __init__(self, root: etree._Element | None) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iter(w("abstractNum")):
            levels = {}
            for lvl in node.iter(w("lvl")):
                fmt = lvl.find(w("numFmt"))
                text = lvl.find(w("lvlText"))
                start = lvl.find(w("start"))
                levels[_small_int(lvl.get(w("ilvl")), 0)] = (
                    fmt.get(w("val"), "decimal") if fmt is not None else "decimal",
                    text.get(w("val"), "")[:40] if text is not None else "",
                    _small_int(start.get(w("val")) if start is not None else None, 1),
                )
            abstract[node.get(w("abstractNumId"), "")] = levels
        for num in root.iter(w("num")):
            ref = num.find(w("abstractNumId"))
            if ref is not None:
                self.levels[num.get(w("numId"), "")] = abstract.get(ref.get(w("val"), ""), {})

    def label(self, num_id: str, level: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or num_id == "0":
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = levels.get(level, ("decimal", "", 1))[2]
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        fmt, text, _start = levels.get(level, ("decimal", f"%{level + 1}", 1))
        for index in range(level, -1, -1):
            value = counters.get(index, levels.get(index, ("decimal", "", 1))[2])
            text = text.replace(f"%{index + 1}", _format_number(value, levels.get(index, (fmt, "", 1))[0]))
        return text.strip()


def _collect(node: etree._Element, out: list[str], state: _State) -> None:
    for child in node:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag in (w("del"), w("moveFrom"), w("ins"), w("moveTo")):
            state.tracked = True
        if tag in _SKIP:
            continue
        if tag == w("t"):
            if state.skip_mark:
                state.skip_mark = False
                continue
            out.append(child.text or "")
        elif tag == w("tab"):
            out.append("\t")
        elif tag in (w("br"), w("cr")):
            out.append("\n")
        elif tag == w("noBreakHyphen"):
            out.append("-")
        elif tag == w("footnoteReference"):
            note_id = child.get(w("id"), "")
            state.footnote_refs.append(note_id)
            out.append(f"[footnoteRef:{note_id}]")
            state.skip_mark = child.get(w("customMarkFollows")) in ("1", "true", "on")
        else:
            _collect(child, out, state)


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
    return num.find(w("numId")).get(w("val"), ""), _small_int(ilvl.get(w("val")) if ilvl is not None else None, 0)


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


def _footnotes(package: DocxPackage, rels: dict[str, tuple[str, str]]) -> dict[str, str]:
    target = next((t for kind, t in rels.values() if kind == "footnotes"), "")
    if not target or not package.has(target):
        return {}
    notes = {}
    for note in package.xml(target).iter(w("footnote")):
        if note.get(w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        parts: list[str] = []
        for para in note.iter(w("p")):
            out: list[str] = []
            _collect(para, out, _State())
            parts.append("".join(out))
        notes[note.get(w("id"), "")] = " ".join(" ".join(parts).split())
    return notes


def _paragraphs(body: etree._Element, styles: _Styles, state: _State) -> list[_Paragraph]:
    """Body paragraphs in order (content controls opened, tables skipped: a resolution is not a table)."""
    out: list[_Paragraph] = []

    def visit(node: etree._Element) -> None:
        for child in node:
            if child.tag == w("p"):
                ppr = child.find(w("pPr"))
                pstyle = ppr.find(w("pStyle")) if ppr is not None else None
                style_id = pstyle.get(w("val"), "") if pstyle is not None else ""
                numbering = _num_pr(ppr) or styles.numbering.get(style_id)
                deleted = False
                mark = ppr.find(w("rPr")) if ppr is not None else None
                if mark is not None and (mark.find(w("del")) is not None or mark.find(w("moveFrom")) is not None):
                    deleted = state.tracked = True
                if mark is not None and mark.find(w("ins")) is not None:
                    state.tracked = True
                text: list[str] = []
                _collect(child, text, state)
                out.append(_Paragraph(styles.name(style_id), "".join(text), deleted, numbering))
            elif child.tag in (w("sdt"), w("sdtContent"), w("customXml"), w("ins"), w("moveTo")):
                visit(child)

    visit(body)
    return out


_FOOTNOTE_MARKER = re.compile(r"\[footnoteRef:([^\]]*)\]")
_HEADING_STYLES = ("res_no", "resno")
# The Res_ref line repeats the heading's reference; Proposal and Reasons lines frame a proposal's text.
_DROPPED_STYLES = ("res_ref", "resref", "proposal", "reasons")


def _resolution_part(paragraphs: list[_Paragraph], warnings: list[ParseWarning]) -> list[_Paragraph]:
    """In an ITU-styled file the resolution starts at its Res_No line: drop the cover and foreword before it,
    and the Res_ref line (the reference is part of the heading). Footnotes on heading lines cannot be kept."""
    start = next((i for i, p in enumerate(paragraphs) if p.style in _HEADING_STYLES and p.text.strip()), None)
    if start is None:
        return paragraphs
    if any(p.text.strip() for p in paragraphs[:start]):
        warnings.append(ParseWarning("skipped-front-matter", "skipped the text before the RESOLUTION line"))
    kept = [p for p in paragraphs[start:] if p.style not in _DROPPED_STYLES]
    for para in kept:
        if para.style == "call":
            break
        if "[footnoteRef:" in para.text:
            para.text = _FOOTNOTE_MARKER.sub("", para.text)
            warnings.append(ParseWarning("header-footnote", "dropped a footnote on the heading lines"))
    return kept


def _lines(paragraphs: list[_Paragraph], numbering: _Numbering) -> list[str]:
    """One text line per paragraph as accepted: a deleted paragraph mark joins it to the next one."""
    lines: list[str] = []
    pending = ""
    for para in paragraphs:
        text = pending + para.text
        pending = ""
        if para.mark_deleted:
            pending = text
            continue
        if para.numbering is not None and not para.style.startswith(("heading", "title")):
            label = numbering.label(*para.numbering)
            if label:
                text = f"{label}\t{text.lstrip()}"
        lines.append(text)
    if pending:
        lines.append(pending)
    return lines


def read_docx(path: str | os.PathLike[str]) -> Resolution:
    """Read a .docx into a Resolution; ParseError (one line) for anything that is not a readable resolution."""
    try:
        return _read(path)
    except (ValueError, KeyError, IndexError, AttributeError, TypeError, RecursionError) as exc:
        # Well-formed XML with impossible content: report it like any damaged file, never as a traceback.
        raise ParseError(f"{os.path.basename(path)} is damaged: its Word content is not what Word writes") from exc


def _read(path: str | os.PathLike[str]) -> Resolution:
    with DocxPackage(path) as package:
        main = package.main_document()
        rels = package.relationships(main)
        root = package.xml(main)
        body = root.find(w("body"))
        if body is None:
            raise ParseError(f"{package.name} is not a Word document: it has no body")
        styles = _styles(package, rels)
        notes = _footnotes(package, rels)
        numbering_part = next((t for kind, t in rels.values() if kind == "numbering"), "")
        numbering = _Numbering(package.xml(numbering_part) if numbering_part and package.has(numbering_part)
                               else None)
        state = _State()
        warnings: list[ParseWarning] = []
        paragraphs = _resolution_part(_paragraphs(body, styles, state), warnings)
        name = package.name
    lines = _lines(paragraphs, numbering)
    # Footnotes are numbered as Word shows them (1, 2, ... in order of reference), not by their XML ids,
    # which every program assigns its own way.
    shown = [n for n in dict.fromkeys(state.footnote_refs) if n in notes and any(
        f"[footnoteRef:{n}]" in line for line in lines)]
    number = {xml_id: str(i) for i, xml_id in enumerate(shown, start=1)}
    lines = [_FOOTNOTE_MARKER.sub(lambda m: f"[footnoteRef:{number[m.group(1)]}]" if m.group(1) in number else "",
                                  line) for line in lines]
    # The parser takes footnote definitions as `[N: text]`; the real texts replace the placeholders below.
    lines.extend(f"[{n}: -]" for n in number.values())
    resolution = parse_text("\n".join(lines), name)
    texts = {number[xml_id]: notes[xml_id] for xml_id in shown}
    for footnote in resolution.footnotes:
        if footnote.id in texts:
            footnote.text = texts[footnote.id]
    resolution.warnings.extend(warnings)
    if state.tracked:
        resolution.warnings.append(ParseWarning(
            "tracked-changes", "the file has tracked changes: read as if all of them were accepted"))
    calls = {normalise_call(s.call) for s in resolution.sections}
    for para in paragraphs:
        if para.style == "call" and para.text.strip() and normalise_call(para.text) not in calls:
            resolution.warnings.append(ParseWarning(
                "unknown-call", f"'{para.text.strip()[:60]}' is styled as call words but was not read as a call",
                where=para.text.strip()[:60]))
    return resolution
