"""The parse loop: source lines in, a Resolution out, with all the loop's state in one `Builder`.

Each cleaned line is a page footer, a footnote separator or PDF footnote, call words, a heading line, a clause
label, or text that joins the open clause. Clause boundaries are labels, not blank lines (PDF texts have blank
lines everywhere). A label that continues an inline enumeration (`... to prevent a) the inducement ...` followed
by a line starting `b) the exploitative use`) stays inside its clause, and so does a figure at the start of a PDF
line ("20 November 1959"); both are reported, never merged silently.

Every step costs constant time per line (the labels seen in a section are a set, the open clause's text is
joined once when the clause closes), so the loop is linear in the size of the text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from cop_drafter.core.calls import STANDARD_CALLS, call_kind, normalise_call
from cop_drafter.core.model import (
    Clause,
    Footnote,
    FootnoteRef,
    ParseError,
    ParseWarning,
    Resolution,
    Section,
    SectionKind,
)
from cop_drafter.formats.parsing.checks import check_section
from cop_drafter.formats.parsing.footnotes import anchor_pdf_footnote
from cop_drafter.formats.parsing.header import HeaderReader, Line
from cop_drafter.formats.parsing.labels import (
    LABEL,
    inline_last,
    inline_next,
    label_of,
    letter_index,
    next_labels,
    number_parts,
)
from cop_drafter.formats.parsing.lines import HEADING, SEPARATOR, SourceLine, clean_line

logger = logging.getLogger(__name__)

_FOOTER = re.compile(
    r"^[\s\u2022\u00b7\-–—|]*(https?://\S+|www\.\S+|page\s+\d+(\s+of\s+\d+)?|-\s*\d+\s*-)[\s\u2022\u00b7\-–—|]*$",
    re.IGNORECASE,
)
_PDF_FOOTNOTE = re.compile(r"^(\d{1,2})\s+(\S.*)$")


@dataclass
class Builder:
    """Everything the loop knows: sections so far, the open clause and its text parts, footnotes, what was seen."""

    warnings: list[ParseWarning] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)
    header: HeaderReader = field(default_factory=HeaderReader)
    seen: set[str] = field(default_factory=set)  # artefacts removed: "bookmark", "markdown", "footer", ...
    clause: Clause | None = None  # the clause text lines join to
    top: Clause | None = None  # the current top-level clause of the section
    last_line_ended: bool = True  # did the previous content line end a sentence or clause?
    labels: set[str] = field(default_factory=set)  # top-level labels of the current section
    in_footnote_zone: bool = False
    footnote_id: str | None = None
    pdf_footnotes: list[tuple[str, Section | None]] = field(default_factory=list)
    _parts: list[str] = field(default_factory=list)  # the open clause's text, joined when it closes
    _length: int = 0
    _inline: str | None = None  # last inline enumeration letter in the open clause

    def warn(self, code: str, message: str, line: int | None = None, where: str = "") -> None:
        self.warnings.append(ParseWarning(code, message, where, line))

    @property
    def section(self) -> Section | None:
        return self.sections[-1] if self.sections else None

    # -- the open clause ------------------------------------------------------------------------------------

    def open_clause(self, clause: Clause, text: str, refs: Iterable[tuple[int, str]] = ()) -> None:
        self.close_clause()
        self.clause, self._parts, self._length, self._inline = clause, [], 0, None
        self.append(text, refs)

    def append(self, text: str, refs: Iterable[tuple[int, str]] = ()) -> None:
        """Join a line's text to the open clause, its references moved to their place in the joined text."""
        assert self.clause is not None
        base = self._length + 1 if self._length and text else self._length
        self.clause.footnotes.extend(FootnoteRef(fid, base + offset) for offset, fid in refs)
        if text:
            self._parts.append(text)
            self._length = base + len(text)
            self._inline = inline_last(text) or self._inline

    def close_clause(self) -> None:
        if self.clause is not None:
            self.clause.text = " ".join(self._parts)
        self.clause = None

    def new_section(self, section: Section) -> None:
        self.close_clause()
        self.sections.append(section)
        self.top = None
        self.labels = set()
        self.last_line_ended = True

    def expected_next(self) -> set[str]:
        section = self.section
        if section is None:
            return set()
        return next_labels(self.top.label if self.top is not None else None, len(section.clauses))

    # -- one line -------------------------------------------------------------------------------------------

    def feed(self, number: int, source: SourceLine, placeholders: bool) -> None:
        was_heading = bool(HEADING.match(source.text))
        cleaned = clean_line(source, self.footnotes, self.seen, placeholders=placeholders)
        text = cleaned.text
        if not text:
            if cleaned.footnote_refs and self.clause is not None:
                self.append("", cleaned.footnote_refs)
            return
        if _FOOTER.match(text) and (self.sections or "http" in text or "www." in text):
            self.seen.add("footer")
            return
        if SEPARATOR.match(text):
            self.in_footnote_zone, self.footnote_id = True, None
            return
        label_match = LABEL.match(text)
        if self.in_footnote_zone and self._footnote_line(text, label_match, was_heading):
            return
        kind = None if label_match else _is_call(text, self.last_line_ended, was_heading)
        if kind is not None:
            self._dropped_refs(cleaned, f"the call words '{_call_text(text)}'", number)
            self.new_section(Section(call=_call_text(text), kind=kind))
            return
        if self.section is None:
            self._dropped_refs(cleaned, "the heading lines", number)
            self.header.add(Line(number, text))
            return
        if label_match and self._starts_clause(label_match, cleaned, number):
            self.last_line_ended = _ends_clause(text)
            return
        if label_match and label_match.group("number") and not label_match.group("rest"):
            self.seen.add("footer")  # a lone figure that is not the next clause number: a PDF page number
            return
        if self.clause is None:
            clause = Clause("", "")
            self.section.clauses.append(clause)
            self.labels.add("")
            self.top = clause
            self.open_clause(clause, text, cleaned.footnote_refs)
        else:
            self.append(text, cleaned.footnote_refs)
        self.last_line_ended = _ends_clause(text)

    def _dropped_refs(self, line: SourceLine, where: str, number: int) -> None:
        if line.footnote_refs:
            self.warn("header-footnote", f"dropped a footnote on {where}", number)

    def _footnote_line(self, text: str, label_match: re.Match[str] | None, was_heading: bool) -> bool:
        """In the zone after a PDF footnote separator: True when the line was footnote text."""
        if self.footnote_id is not None and (
            (label_match and label_of(label_match) in self.expected_next()) or _is_call(text, True, was_heading)
        ):
            self.in_footnote_zone = False  # the clause text resumes after the page-break footnote
            return False
        fn = _PDF_FOOTNOTE.match(text)
        if fn and (self.footnote_id is None or fn.group(1) not in self.footnotes):
            self.footnote_id = fn.group(1)
            self.footnotes[self.footnote_id] = fn.group(2)
            self.pdf_footnotes.append((self.footnote_id, self.section))
        elif self.footnote_id is not None:
            self.footnotes[self.footnote_id] += " " + text
        return True

    def _as_text(self, match: re.Match[str], number: int, why: str) -> bool:
        """A labelled line kept as text of the open clause: said, never silent (a lone figure is a page number)."""
        section = self.section
        assert section is not None
        label = match.string[: match.start("rest")].strip()  # as written: 'a.', '(a)', '2030'
        if match.group("number") and not match.group("rest"):
            return False
        owner = self.clause.label if self.clause is not None and self.clause.label else "the clause before it"
        self.warn("label-as-text", f"{section.call}: '{label}' at the start of a line was kept inside {owner} "
                  f"({why}), please check", number, f"{section.call} {owner}")
        return False

    def _starts_clause(self, match: re.Match[str], line: SourceLine, number: int) -> bool:
        """Open a new clause (or sub-clause) for a labelled line; False when the label is really text."""
        section = self.section
        assert section is not None
        label = label_of(match)
        rest = match.group("rest")
        shift = match.start("rest")
        refs = [(max(0, offset - shift), fid) for offset, fid in line.footnote_refs]
        parts = number_parts(label)
        index = letter_index(label)
        where = f"{section.call} {label}"
        if match.group("dot") and section.clauses and label not in self.expected_next():
            return self._as_text(match, number, f"'{match.group('dot')}.' does not continue the section's labels")
        if match.group("dot") and "label-style" not in self.seen:
            self.seen.add("label-style")
            self.warn("label-style", f"{section.call}: '{match.group('dot')}.' style labels read as "
                      f"{label} style", number, where)

        if index is not None and self.clause is not None and inline_next(self._inline) == label \
                and label not in self.expected_next():
            return self._as_text(match, number, "it continues an inline a), b) enumeration")

        if parts and len(parts) > 1:
            parent = self.top
            if parent is None:
                self.warn("orphan-subclause", f"sub-clause {label} has no parent clause", number, where)
                parent = Clause("")
                section.clauses.append(parent)
                self.labels.add("")
                self.top = parent
            child = Clause("", label)
            parent.children.append(child)
            self.open_clause(child, rest, refs)
            return True

        top_parts = number_parts(self.top.label) if self.top is not None else None
        top_is_letter = self.top is not None and letter_index(self.top.label) is not None
        # A number inside lettered clauses is a PDF line that starts with a figure ("20 November 1959 ..."),
        # unless this section is itself numbered and the figure is the next number.
        numbered_next = bool(parts and top_parts and parts[0] in (top_parts[0], top_parts[0] + 1))
        if parts and section.kind is SectionKind.PREAMBLE and section.clauses and not numbered_next:
            return self._as_text(match, number, "a figure inside lettered clauses")
        if index is not None and section.kind is SectionKind.OPERATIVE and self.top is not None and not top_is_letter:
            child = Clause("", label)  # lettered items under a numbered clause are its sub-items (enumlev1)
            self.top.children.append(child)
            self.open_clause(child, rest, refs)
            return True
        if parts and section.kind is SectionKind.OPERATIVE and self.top is not None:
            top_number = (number_parts(self.top.label) or [len(section.clauses)])[0]
            if parts[0] > top_number + 3 or parts[0] == 0:
                return self._as_text(match, number, f"too far from {self.top.label or 'the clause before'}")

        self._check_sequence(label, number, where)
        clause = Clause("", label)
        section.clauses.append(clause)
        self.labels.add(label)
        self.top = clause
        self.open_clause(clause, rest, refs)
        return True

    def _check_sequence(self, label: str, number: int, where: str) -> None:
        section = self.section
        assert section is not None
        if label in self.labels:
            self.warn("duplicate-label", f"{section.call}: label {label} appears twice (both clauses kept)",
                      number, where)
            return
        if section.clauses and label not in self.expected_next():
            self.warn("label-sequence", f"{section.call}: {label} follows {section.clauses[-1].label or '(no label)'}",
                      number, where)

    # -- the end --------------------------------------------------------------------------------------------

    def finish(self, source: str, footnotes: dict[str, str] | None) -> Resolution:
        self.close_clause()
        if not self.sections:
            raise ParseError(
                f"{source or 'the text'} does not look like a resolution: no call words "
                "(considering, recalling, resolves, instructs ...) on a line of their own"
            )
        header = self.header.build(self.warn)
        for fid, section in self.pdf_footnotes:
            anchor_pdf_footnote(self.sections, fid, section, self.warn)
        notes = self._renumber(footnotes) if footnotes is not None else self.footnotes
        for section in self.sections:
            for clause in section.walk():
                for fid in dict.fromkeys(r.id for r in clause.footnotes if r.id in notes):
                    if fid not in {f for f, _s in self.pdf_footnotes}:
                        self.warn("footnote", f"footnote {fid} read from a Word footnote marker", where=clause.label)
            check_section(section, self.warn)
        for seen, code, message in (
            ("bookmark", "word-artefact", "removed Word bookmark artefacts ([bookmark: ...])"),
            ("markdown", "markdown", "removed markdown marks (headings, emphasis)"),
            ("footer", "page-footer", "dropped page footer or page-number lines"),
        ):
            if seen in self.seen:
                self.warn(code, message)
        resolution = Resolution(
            header=header,
            sections=self.sections,
            footnotes=[Footnote(fid, text) for fid, text in notes.items()],
            warnings=self.warnings,
            source=source,
        )
        if not any(c.text for _s, c in resolution.clauses()):
            raise ParseError(f"{source or 'the text'} has call words but no clauses: it is not a resolution")
        return resolution

    def _renumber(self, footnotes: dict[str, str]) -> dict[str, str]:
        """Word footnotes numbered as Word shows them (1, 2, ... in order of reference), not by their XML ids."""
        number: dict[str, str] = {}
        for section in self.sections:
            for clause in section.walk():
                kept = [r for r in clause.footnotes if r.id in footnotes]
                for ref in kept:
                    number.setdefault(ref.id, str(len(number) + 1))
                clause.footnotes = [FootnoteRef(number[r.id], r.offset) for r in kept]
        return {shown: footnotes[xml_id] for xml_id, shown in number.items()}


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


def _call_text(line: str) -> str:
    """The call words as they should stand: no trailing punctuation, spaces folded, case kept."""
    return " ".join(line.strip(" ,:").split())


def parse_lines(lines: Iterable[SourceLine], source: str = "", *, footnotes: dict[str, str] | None = None,
                placeholders: bool = False) -> Resolution:
    """Parse structured source lines. `footnotes` (Word): texts by the ids the lines' references use; they are
    renumbered in order of reference. `placeholders` (text files): read `[footnoteRef:N]` / `[N: text]`."""
    builder = Builder()
    for number, line in enumerate(lines, start=1):
        builder.feed(number, line, placeholders)
    return builder.finish(source, footnotes)
