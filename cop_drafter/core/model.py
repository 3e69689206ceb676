"""The resolution document model: Resolution -> Section -> Clause, with header, footnotes and warnings.

Plain dataclasses so every layer (parsers, precedent engine, docx writers, the GUI's Qt models) can share
them without importing each other. Clause labels are stored as read; `rules.relabel` recomputes them.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


def new_uid() -> str:
    """A stable identity for a clause or section, kept across edits, saves and undo."""
    return uuid.uuid4().hex[:12]


class SectionKind(StrEnum):
    """Whether a call word opens preambular (lettered) or operative (numbered) clauses."""

    PREAMBLE = "preamble"
    OPERATIVE = "operative"


@dataclass
class FootnoteRef:
    """A footnote reference inside a clause: which footnote, and the character offset it follows."""

    id: str
    offset: int


@dataclass
class Footnote:
    id: str
    text: str


@dataclass
class ParseWarning:
    """Something odd in the source that we kept as it was and report instead of fixing.

    `code` is a stable machine-readable kind (e.g. ``duplicate-label``); `where` names the place
    (``"instructs the Director of the ... 8"``) and `line` the 1-based source line when known.
    """

    code: str
    message: str
    where: str = ""
    line: int | None = None

    def __str__(self) -> str:
        loc = f" (line {self.line})" if self.line else ""
        return f"{self.code}: {self.message}{loc}"


@dataclass
class Clause:
    text: str
    label: str = ""
    children: list[Clause] = field(default_factory=list)
    footnotes: list[FootnoteRef] = field(default_factory=list)
    uid: str = field(default_factory=new_uid)

    @property
    def footnote_ids(self) -> list[str]:
        return [ref.id for ref in self.footnotes]

    def walk(self) -> Iterator[Clause]:
        """This clause and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Section:
    call: str
    kind: SectionKind
    clauses: list[Clause] = field(default_factory=list)
    uid: str = field(default_factory=new_uid)

    def walk(self) -> Iterator[Clause]:
        for clause in self.clauses:
            yield from clause.walk()


def revision_reference(place: str, year: int | None, revision: bool = False) -> str:
    """`(Rev. Kigali, 2022)`, `(Guadalajara, 2010)`, `(2022)`; empty when place and year are unknown.

    The one spelling of a resolution's revision: headings, provenance lines, checks and the library use it.
    """
    parts = ", ".join(p for p in (str(place or "").strip(), str(year) if year else "") if p)
    return f"({'Rev. ' if revision else ''}{parts})" if parts else ""


def short_reference(number: str, place: str = "", year: int | None = None, revision: bool = False, *,
                    document: str = "", word: str = "Res") -> str:
    """`Res 67 (Rev. Kigali, 2022)` (`word="Resolution"` for prose); without a number, `document` (else `Res ?`)."""
    number = str(number or "").strip()
    name = f"{word} {number}" if number else (document or f"{word} ?")
    reference = revision_reference(place, year, revision)
    return f"{name} {reference}" if reference else name


@dataclass
class Header:
    """The heading block of a resolution.

    `conference_line` is kept as written ("The World Telecommunication Development Conference (Kigali, 2022),");
    the other fields are what we could read from it and from the RESOLUTION line.
    """

    number: str = ""
    revision: bool = False
    place: str = ""
    year: int | None = None
    title: str = ""
    body: str = ""
    conference_line: str = ""
    doc_type: str = "RESOLUTION"

    def reference(self) -> str:
        """`(Rev. Kigali, 2022)` / `(Guadalajara, 2010)` / empty when place and year are unknown."""
        return revision_reference(self.place, self.year, self.revision)

    def heading(self) -> str:
        """`RESOLUTION 67 (Rev. Kigali, 2022)`, the Res_No line."""
        return " ".join(p for p in (self.doc_type, self.number, self.reference()) if p)

    def short_name(self) -> str:
        """`Res 67 (Rev. Buenos Aires, 2017)`, for provenance lines in the UI."""
        return short_reference(self.number, self.place, self.year, self.revision)


@dataclass
class Resolution:
    header: Header = field(default_factory=Header)
    sections: list[Section] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    source: str = ""

    def clauses(self) -> Iterator[tuple[Section, Clause]]:
        """Every clause (sub-clauses included) with its section, in document order."""
        for section in self.sections:
            for clause in section.walk():
                yield section, clause

    def footnote(self, footnote_id: str) -> Footnote | None:
        return next((f for f in self.footnotes if f.id == footnote_id), None)

    def find_clause(self, uid: str) -> tuple[Section, Clause] | None:
        return next(((s, c) for s, c in self.clauses() if c.uid == uid), None)

    def find_section(self, call: str) -> Section | None:
        """The first section whose call words match, case- and space-insensitive."""
        wanted = " ".join(call.lower().split())
        return next((s for s in self.sections if " ".join(s.call.lower().split()) == wanted), None)

    def find_by_label(self, call: str, label: str) -> Clause | None:
        section = self.find_section(call)
        if section is None:
            return None
        wanted = label.strip().rstrip(".").lower()
        return next((c for c in section.walk() if c.label.rstrip(".").lower() == wanted), None)

    def copy(self) -> Resolution:
        """A deep copy that keeps uids (a draft's base and current texts share clause identities)."""
        return copy.deepcopy(self)


class ParseError(Exception):
    """The input cannot be read as a resolution. The message is one line, fit to show a delegate."""
