"""Reading a resolution from the plain text or markdown a delegate actually has.

The texts come from PDFs (a line break every 80 characters, blank lines between lines, a page-break footnote in
the middle of a clause), from Word (tabs after labels, bookmarks, `[footnoteRef:1]`), or from markdown (emphasis
round labels, headings of any level). The parser works line by line:

1. clean each line (artefacts, markdown marks, odd spaces) without touching the wording;
2. classify it: header, call words, a clause label, a footnote separator or footnote, a page footer, or text;
3. build sections and clauses, joining text lines to the open clause.

Clause boundaries are labels, not blank lines (PDF texts have blank lines everywhere). A label that continues an
inline enumeration (`... to prevent a) the inducement ...` followed by a line starting `b) the exploitative use`)
stays inside its clause. Anything odd is kept as written and reported as a ParseWarning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cop_drafter.core.calls import STANDARD_CALLS, call_kind, normalise_call
from cop_drafter.core.model import (
    Clause,
    Footnote,
    FootnoteRef,
    Header,
    ParseError,
    ParseWarning,
    Resolution,
    Section,
    SectionKind,
)
from cop_drafter.core.rules import letter_label
from cop_drafter.formats.decoding import decode_with_warnings

# Private-use characters that stand for a footnote reference while lines are joined.
_FN_OPEN, _FN_CLOSE = "\ue000", "\ue001"
_FN_MARK = re.compile(f"{_FN_OPEN}([^{_FN_CLOSE}]*){_FN_CLOSE}")

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_FOOTNOTE_REF = re.compile(r"\[footnoteRef:\s*(\w+)\]")
_FOOTNOTE_DEF = re.compile(r"\[(\d{1,3}):\s*(.*?)\]\s*(?=$|\s)")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_EMPHASIS = re.compile(r"(\*{1,3}|(?<![\w_])_{1,2})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_FOOTER = re.compile(
    r"^[\s\u2022\u00b7\-–—|]*(https?://\S+|www\.\S+|page\s+\d+(\s+of\s+\d+)?|-\s*\d+\s*-)[\s\u2022\u00b7\-–—|]*$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^_{5,}$")
_PDF_FOOTNOTE = re.compile(r"^(\d{1,2})\s+(\S.*)$")

# Labels: a) b)bis (a) aa) | 1 1. 1.1 1.2. — followed by a tab, spaces or the end of the line.
_LABEL = re.compile(
    r"^(?:\((?P<paren>[a-z]{1,2})\)|(?P<letter>[a-z]{1,2})\)|(?P<number>\d{1,3}(?:\.\d{1,3})*)\.?)"
    r"(?P<suffix>bis|ter|quater)?(?=\s|$)\s*(?P<rest>.*)$"
)
_INLINE_MARKER = re.compile(r"(?:^|[\s;:(])\(?([a-z])\)(?=\s)")
_RES_LINE = re.compile(
    r"^(?P<kind>(?:DRAFT\s+(?:NEW\s+|REVISED\s+)?)?RESOLUTION)\s*(?P<number>[\w/.\-\[\]]*)?\s*"
    r"(?:\((?P<rev>Rev\.?\s*)?(?P<place>[^()]*?),?\s*(?P<year>\d{4})\))?\s*$",
    re.IGNORECASE,
)
_CONFERENCE = re.compile(r"^The\s+(?P<body>.+?)\s*(?:\((?P<place>[^()]*?),?\s*(?P<year>\d{4})\))?\s*[,:]?\s*$")
_BODY_WORDS = ("conference", "assembly", "council", "summit", "meeting", "plenipotentiary")

# Words that may legitimately start a preambular or operative clause with a capital letter.
_CAPITAL_OPENERS = {
    "resolution", "resolutions", "article", "articles", "recommendation", "recommendations", "decision",
    "decisions", "opinion", "report", "the", "that", "council", "itu", "itu-d", "itu-t", "itu-r", "united",
    "wsis", "rec.", "general", "committee", "convention", "declaration", "tunis", "geneva", "plenipotentiary",
    "world", "member", "sector", "study", "this", "these", "its", "all", "in", "at", "by", "on", "with", "for",
    "a", "an", "to", "as", "un", "unicef", "action", "annex", "document", "question", "questions", "no.",
}


@dataclass
class _Line:
    number: int
    text: str


@dataclass
class _Builder:
    """Mutable state while walking the lines."""

    warnings: list[ParseWarning] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)
    clause: Clause | None = None  # the clause text lines join to
    top: Clause | None = None  # the current top-level clause of the section
    last_line_ended: bool = True  # did the previous content line end a sentence or clause?

    def warn(self, code: str, message: str, line: int | None = None, where: str = "") -> None:
        self.warnings.append(ParseWarning(code, message, where, line))

    @property
    def section(self) -> Section | None:
        return self.sections[-1] if self.sections else None


def clean_line(raw: str, footnotes: dict[str, str], seen: set[str]) -> str:
    """One line without Word artefacts, markdown marks or odd spaces; footnote refs become private markers."""
    line = raw
    if _BOOKMARK.search(line):
        line = _BOOKMARK.sub("", line)
        seen.add("bookmark")
    for match in _FOOTNOTE_DEF.finditer(line):
        footnotes[match.group(1)] = _collapse(_INVISIBLE.sub("", match.group(2)))
    line = _FOOTNOTE_DEF.sub("", line)
    line = _FOOTNOTE_REF.sub(lambda m: f"{_FN_OPEN}{m.group(1)}{_FN_CLOSE}", line)
    if _SEPARATOR.match(line.strip()):
        return line.strip()
    if _HEADING.match(line):
        line = _HEADING.sub("", line)
        seen.add("markdown")
    before = line
    for _ in range(3):  # nested emphasis: ***a***, *_a_*
        line = _EMPHASIS.sub(r"\2", line)
    if line != before:
        seen.add("markdown")
    line = _INVISIBLE.sub("", line).replace("\u2011", "-")
    return _collapse(line)


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _label_of(match: re.Match[str]) -> str:
    if match.group("number"):
        base = match.group("number")
    else:
        base = f"{match.group('paren') or match.group('letter')})"
    return base + (match.group("suffix") or "")


def _letter_index(label: str) -> int | None:
    m = re.fullmatch(r"([a-z])\1*\)(?:bis|ter|quater)?", label)
    if not m:
        return None
    return (len(label.split(")")[0]) - 1) * 26 + ord(m.group(1)) - ord("a")


def _number_parts(label: str) -> list[int] | None:
    m = re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*(?:bis|ter|quater)?", label)
    if not m:
        return None
    return [int(p) for p in re.sub(r"(bis|ter|quater)$", "", label).split(".")]


def _inline_next(text: str) -> str | None:
    """If the clause text holds an inline a) b) enumeration, the label that would continue it."""
    markers = _INLINE_MARKER.findall(text)
    if not markers:
        return None
    return f"{chr(ord(markers[-1]) + 1)})" if markers[-1] < "z" else None


def _is_call(text: str, previous_ended: bool, was_heading: bool) -> SectionKind | None:
    """Call words on their own line. A call that is not exactly a standard one is only believed when the previous
    line closed its clause, so a PDF line break that happens to start with 'invites ...' is not taken for a call."""
    stripped = text.strip()
    if not stripped or stripped[-1] in ";." or ";" in stripped:
        return None
    if stripped[-1] in ",:" and len(stripped.split()) > 6:
        return None
    kind = call_kind(stripped)
    if kind is None:
        return None
    norm = normalise_call(stripped)
    standard = any(norm == c.lower() for c in STANDARD_CALLS)
    if standard or was_heading or previous_ended:
        return kind
    return None


def _ends_clause(text: str) -> bool:
    return bool(text) and text.rstrip()[-1] in ";,.:"


class _HeaderReader:
    """Collects the lines before the first call word into a Header."""

    def __init__(self) -> None:
        self.lines: list[_Line] = []

    def add(self, line: _Line) -> None:
        self.lines.append(line)

    def build(self, builder: _Builder) -> Header:
        header = Header()
        title_parts: list[str] = []
        res_place = res_year = None
        found_res = False
        for line in self.lines:
            text = line.text
            res = _RES_LINE.match(text)
            if res and not found_res:
                found_res = True
                header.doc_type = " ".join(res.group("kind").upper().split())
                header.number = res.group("number") or ""
                header.revision = bool(res.group("rev"))
                res_place = (res.group("place") or "").strip()
                res_year = int(res.group("year")) if res.group("year") else None
                continue
            conf = _CONFERENCE.match(text)
            if conf and not header.conference_line and (
                conf.group("year") or any(w in conf.group("body").lower() for w in _BODY_WORDS)
            ):
                header.conference_line = text
                header.body = conf.group("body").strip().rstrip(",")
                if conf.group("year"):
                    header.place = (conf.group("place") or "").strip()
                    header.year = int(conf.group("year"))
                continue
            title_parts.append(text)
        header.title = " ".join(title_parts)
        if found_res:
            if res_place:
                if header.place and header.place != res_place:
                    builder.warn(
                        "header-mismatch",
                        f"the heading names {res_place}, {res_year} but the conference line {header.place}, "
                        f"{header.year}",
                    )
                header.place = res_place
            if res_year:
                header.year = res_year
        else:
            first = self.lines[0] if self.lines else None
            truncated = bool(first and first.text[:1].islower())
            builder.warn(
                "truncated-heading" if truncated else "missing-heading",
                "the heading is cut off: no RESOLUTION line"
                + (f", and the title starts mid-sentence ({first.text!r})" if truncated and first else ""),
                first.number if first else None,
            )
        if not header.conference_line:
            builder.warn("missing-conference-line", "no conference line ('The ... Conference (place, year),')")
        elif not header.conference_line.rstrip().endswith(","):
            builder.warn("conference-line-punctuation", "the conference line does not end with a comma")
        if header.conference_line and re.search(r"\([^,()]+\s\d{4}\)", header.conference_line):
            builder.warn("conference-line-punctuation", "the conference line lacks the comma before the year")
        return header


def parse_text(text: str, source: str = "") -> Resolution:
    """Parse the text of a resolution. Raises ParseError when it is not one."""
    if not text.strip():
        raise ParseError(f"{source or 'the text'} is empty")
    builder = _Builder()
    header_reader = _HeaderReader()
    seen: set[str] = set()
    in_footnote_zone = False
    footnote_id: str | None = None
    pdf_footnotes: list[tuple[str, Section | None]] = []
    dropped_footer = False
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    for number, raw in enumerate(lines, start=1):
        was_heading = bool(_HEADING.match(raw))
        line_text = clean_line(raw, builder.footnotes, seen)
        if not line_text:
            continue
        line = _Line(number, line_text)
        if _FOOTER.match(line_text) and (builder.sections or "http" in line_text or "www." in line_text):
            dropped_footer = True
            continue
        if _SEPARATOR.match(line_text):
            in_footnote_zone = True
            footnote_id = None
            continue

        label_match = _LABEL.match(line_text)
        if in_footnote_zone:
            expected = _expected_next(builder)
            if label_match and _label_of(label_match) in expected and footnote_id is not None:
                in_footnote_zone = False  # the clause text resumes after the page-break footnote
            elif _is_call(line_text, True, was_heading) and footnote_id is not None:
                in_footnote_zone = False
            else:
                fn = _PDF_FOOTNOTE.match(line_text)
                if fn and (footnote_id is None or fn.group(1) not in builder.footnotes):
                    footnote_id = fn.group(1)
                    builder.footnotes[footnote_id] = fn.group(2)
                    pdf_footnotes.append((footnote_id, builder.section))
                elif footnote_id is not None:
                    builder.footnotes[footnote_id] += " " + line_text
                continue

        kind = None if label_match else _is_call(line_text, builder.last_line_ended, was_heading)
        if kind is not None:
            builder.sections.append(Section(call=_call_text(line_text), kind=kind))
            builder.clause = builder.top = None
            builder.last_line_ended = True
            continue
        if builder.section is None:
            header_reader.add(line)
            continue
        if label_match and _starts_clause(builder, label_match, line):
            builder.last_line_ended = _ends_clause(line_text)
            continue
        if label_match and label_match.group("number") and not label_match.group("rest"):
            dropped_footer = True  # a lone figure that is not the next clause number: a PDF page number
            continue
        _continue_clause(builder, line)
        builder.last_line_ended = _ends_clause(line_text)

    if not builder.sections:
        raise ParseError(
            f"{source or 'the text'} does not look like a resolution: no call words "
            "(considering, recalling, resolves, instructs ...) on a line of their own"
        )
    header = header_reader.build(builder)
    _finish(builder, pdf_footnotes)
    if "bookmark" in seen:
        builder.warn("word-artefact", "removed Word bookmark artefacts ([bookmark: ...])")
    if "markdown" in seen:
        builder.warn("markdown", "removed markdown marks (headings, emphasis)")
    if dropped_footer:
        builder.warn("page-footer", "dropped page footer or page-number lines")
    resolution = Resolution(
        header=header,
        sections=builder.sections,
        footnotes=[Footnote(fid, text) for fid, text in builder.footnotes.items()],
        warnings=builder.warnings,
        source=source,
    )
    if not any(c.text for _s, c in resolution.clauses()):
        raise ParseError(f"{source or 'the text'} has call words but no clauses: it is not a resolution")
    return resolution


def _call_text(line: str) -> str:
    """The call words as they should stand: no trailing punctuation, spaces folded, case kept."""
    return " ".join(line.strip(" ,:").split())


def _expected_next(builder: _Builder) -> set[str]:
    """Labels that would naturally come next in the current section (top level)."""
    section = builder.section
    if section is None:
        return set()
    count = len(section.clauses)
    top = builder.top
    expected: set[str] = set()
    if top is not None:
        parts = _number_parts(top.label)
        index = _letter_index(top.label)
        if parts:
            expected.add(str(parts[0] + 1))
        elif index is not None:
            expected.add(letter_label(index + 1))
    expected.add(str(count + 1))
    expected.add(letter_label(count))
    return expected


def _starts_clause(builder: _Builder, match: re.Match[str], line: _Line) -> bool:
    """Open a new clause (or sub-clause) for a labelled line; False when the label is really text."""
    section = builder.section
    assert section is not None
    label = _label_of(match)
    rest = match.group("rest")
    parts = _number_parts(label)
    index = _letter_index(label)
    where = f"{section.call} {label}"

    # A letter that continues the open clause's inline enumeration is text, not a new clause.
    if index is not None and builder.clause is not None:
        inline = _inline_next(builder.clause.text)
        if inline == label and label not in _expected_next(builder):
            return False

    if parts and len(parts) > 1:
        parent = builder.top
        if parent is None:
            builder.warn("orphan-subclause", f"sub-clause {label} has no parent clause", line.number, where)
            parent = Clause("")
            section.clauses.append(parent)
            builder.top = parent
        child = Clause(rest, label)
        parent.children.append(child)
        builder.clause = child
        return True

    top_parts = _number_parts(builder.top.label) if builder.top is not None else None
    top_is_letter = builder.top is not None and _letter_index(builder.top.label) is not None
    # A number inside lettered clauses is a PDF line that starts with a figure ("20 November 1959 ..."),
    # unless this section is itself numbered and the figure is the next number.
    numbered_next = bool(parts and top_parts and parts[0] in (top_parts[0], top_parts[0] + 1))
    if parts and section.kind is SectionKind.PREAMBLE and section.clauses and not numbered_next:
        return False
    if index is not None and section.kind is SectionKind.OPERATIVE and builder.top is not None and not top_is_letter:
        # Lettered items under a numbered clause are its sub-items (enumlev1).
        child = Clause(rest, label)
        builder.top.children.append(child)
        builder.clause = child
        return True
    if parts and section.kind is SectionKind.OPERATIVE and builder.top is not None:
        top_parts = _number_parts(builder.top.label) or [len(section.clauses)]
        if parts[0] > top_parts[0] + 3 or parts[0] == 0:
            return False  # "2030 Agenda" at the start of a PDF line, not clause 2030

    clause = Clause(rest, label)
    _check_sequence(builder, label, line.number, where)
    section.clauses.append(clause)
    builder.top = builder.clause = clause
    return True


def _check_sequence(builder: _Builder, label: str, line: int, where: str) -> None:
    section = builder.section
    assert section is not None
    labels = [c.label for c in section.clauses]
    if label in labels:
        builder.warn("duplicate-label", f"{section.call}: label {label} appears twice (both clauses kept)", line, where)
        return
    expected = _expected_next(builder)
    if section.clauses and label not in expected:
        builder.warn(
            "label-sequence",
            f"{section.call}: {label} follows {section.clauses[-1].label or '(no label)'}",
            line,
            where,
        )


def _continue_clause(builder: _Builder, line: _Line) -> None:
    section = builder.section
    assert section is not None
    if builder.clause is None:
        clause = Clause(line.text, "")
        section.clauses.append(clause)
        builder.top = builder.clause = clause
        return
    builder.clause.text = f"{builder.clause.text} {line.text}".strip()


def _finish(builder: _Builder, pdf_footnotes: list[tuple[str, Section | None]]) -> None:
    """Drop empty clauses, attach footnotes, flag unlabelled and damaged clauses."""
    for fid, section in pdf_footnotes:
        _anchor_pdf_footnote(builder, fid, section)
    for section in builder.sections:
        for clause in section.walk():
            _extract_markers(clause, builder)
        kept = []
        for clause in section.clauses:
            clause.children = [c for c in clause.children if c.text or c.children]
            if clause.text or clause.children:
                kept.append(clause)
            else:
                builder.warn(
                    "empty-clause", f"{section.call} {clause.label}: the clause is empty (dropped)",
                    where=f"{section.call} {clause.label}",
                )
        section.clauses = kept
        if not section.clauses:
            builder.warn("empty-section", f"{section.call}: no clause under these call words", where=section.call)
        if len(section.clauses) > 1:
            for position, clause in enumerate(section.clauses, start=1):
                if not clause.label:
                    builder.warn(
                        "missing-label",
                        f"{section.call}: clause {position} has no label ('{clause.text[:40]}...')",
                        where=f"{section.call} #{position}",
                    )
        for clause in section.walk():
            _check_damaged(builder, section, clause)


def _extract_markers(clause: Clause, builder: _Builder) -> None:
    """Turn the private footnote markers into FootnoteRefs at their offsets, removing them from the text."""
    if _FN_OPEN not in clause.text:
        return
    text = clause.text
    while True:
        m = _FN_MARK.search(text)
        if not m:
            break
        clause.footnotes.append(FootnoteRef(m.group(1), m.start()))
        text = text[: m.start()] + text[m.end():]
    clause.text = " ".join(text.split())
    for fid in clause.footnote_ids:
        if fid in builder.footnotes:
            builder.warn("footnote", f"footnote {fid} read from a Word footnote marker", where=clause.label)


def _anchor_pdf_footnote(builder: _Builder, fid: str, section: Section | None) -> None:
    """A PDF footnote's reference is a bare figure glued to a word ('developing1'): find it and detach it."""
    pattern = re.compile(rf"(?<=[A-Za-z\)\u201d\"']){re.escape(fid)}(?=[\s,;.:]|$)")
    sections = builder.sections
    order = sections[: sections.index(section) + 1] if section in sections else sections
    for sec in reversed(order):
        for clause in reversed(list(sec.walk())):
            m = pattern.search(clause.text)
            if m:
                clause.text = clause.text[: m.start()] + clause.text[m.end():]
                clause.footnotes.append(FootnoteRef(fid, m.start()))
                builder.warn(
                    "footnote",
                    f"footnote {fid} moved out of the page break; its reference is on {sec.call} {clause.label}",
                    where=f"{sec.call} {clause.label}",
                )
                return
    builder.warn("footnote-unreferenced", f"footnote {fid} has no reference in the text")


def _check_damaged(builder: _Builder, section: Section, clause: Clause) -> None:
    first = clause.text.split(" ", 1)[0] if clause.text else ""
    if not first or not first[:1].isupper():
        return
    if first.lower().strip("“\"'(") in _CAPITAL_OPENERS or first.isupper() or first[:1] in "“\"'(":
        return
    builder.warn(
        "damaged-clause",
        f"{section.call} {clause.label}: starts mid-sentence ({clause.text[:50]!r}): kept as written, please check "
        "against the original",
        where=f"{section.call} {clause.label}",
    )


def parse_bytes(raw: bytes, source: str = "") -> Resolution:
    """Decode (any encoding a delegate's file comes in) and parse; stray control bytes dropped and warned."""
    text, stray = decode_with_warnings(raw, source or "the file")
    resolution = parse_text(text, source)
    resolution.warnings[:0] = stray
    return resolution
