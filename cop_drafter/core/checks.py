"""Checks a delegate must clear before submitting: pure functions over a Resolution, no Qt.

Each check yields `CheckItem`s naming the clause (or section) by uid, so the GUI's checks panel can jump to it,
and an optional `Fix` (the clause's corrected text) when the repair is mechanical. Call `run_checks` on the text
as it will be submitted (`Draft.revised()`), so suppressed clauses are neither checked nor counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cop_drafter.core.calls import is_known_call
from cop_drafter.core.draft import wording
from cop_drafter.core.model import Resolution
from cop_drafter.core.rules import end_mark_of, expected_marks, with_end_mark

# Acronyms every ITU reader knows; flagging them would drown the real findings.
COMMON_ACRONYMS = frozenset({"ITU", "UN", "ICT", "ICTS", "UNESCO", "UNICEF", "WSIS", "ITU-D", "ITU-T", "ITU-R"})

_CITATION = re.compile(
    r"\bResolution\s+(\d+[A-Z]?)\s*\(\s*(Rev\.\s*)?([^,()]+?),\s*(\d{4})\s*\)",
)
_ACRONYM = re.compile(r"(?<![\w-])([A-Z][A-Z0-9]{1,}(?:-[A-Z])?)s?(?![\w-])")
_DEFINED = re.compile(r"\(\s*([A-Z][A-Z0-9]{1,}(?:-[A-Z])?)s?\s*\)")


@dataclass(frozen=True)
class Fix:
    """A mechanical repair: replace the clause's text with `text`."""

    description: str
    text: str


@dataclass(frozen=True)
class CheckItem:
    code: str  # stable kind: empty-clause, end-punctuation, unknown-call, duplicate-clause, old-revision, acronym
    uid: str  # the clause (or, for a call word, the section) to show
    message: str
    fix: Fix | None = None


@dataclass(frozen=True)
class KnownRevision:
    """A text the library holds, for the older-revision check: Resolution `number` (place, year)."""

    number: str
    place: str
    year: int
    revision: bool = True

    def reference(self) -> str:
        return f"Resolution {self.number} ({'Rev. ' if self.revision else ''}{self.place}, {self.year})"


def check_empty(resolution: Resolution) -> list[CheckItem]:
    return [
        CheckItem("empty-clause", clause.uid, f"{_where(section.call, clause.label)}: the clause is empty")
        for section, clause in resolution.clauses()
        if not clause.text.strip() and not clause.children
    ]


def check_punctuation(resolution: Resolution) -> list[CheckItem]:
    """Wrong or missing end mark (';' / ',' / '.' / ':'), fixable by the rules."""
    marks = expected_marks(resolution)
    items = []
    for section, clause in resolution.clauses():
        want = marks.get(clause.uid)
        if not want or not clause.text.strip():
            continue
        have = end_mark_of(clause.text)
        if have != want:
            found = f"ends with '{have}'" if have else "has no end mark"
            items.append(
                CheckItem(
                    "end-punctuation",
                    clause.uid,
                    f"{_where(section.call, clause.label)}: {found}, should end with '{want}'",
                    Fix(f"end with '{want}'", with_end_mark(clause.text, want)),
                )
            )
    return items


def check_calls(resolution: Resolution) -> list[CheckItem]:
    return [
        CheckItem("unknown-call", section.uid, f"'{section.call}' is not a standard ITU call")
        for section in resolution.sections
        if not is_known_call(section.call)
    ]


def check_duplicates(resolution: Resolution) -> list[CheckItem]:
    seen: dict[str, str] = {}
    items = []
    for section, clause in resolution.clauses():
        key = wording(clause.text).casefold()
        if not key:
            continue
        where = _where(section.call, clause.label)
        if key in seen:
            items.append(CheckItem("duplicate-clause", clause.uid, f"{where} repeats {seen[key]}"))
        else:
            seen[key] = where
    return items


def check_citations(resolution: Resolution, known: Iterable[KnownRevision]) -> list[CheckItem]:
    """A resolution cited with an older revision than the newest one the library holds."""
    newest: dict[str, KnownRevision] = {}
    for rev in known:
        if rev.number not in newest or rev.year > newest[rev.number].year:
            newest[rev.number] = rev
    items = []
    for section, clause in resolution.clauses():
        for match in _CITATION.finditer(clause.text):
            number, year = match.group(1), int(match.group(4))
            latest = newest.get(number)
            if latest is not None and latest.year > year:
                items.append(
                    CheckItem(
                        "old-revision",
                        clause.uid,
                        f"{_where(section.call, clause.label)}: cites {match.group(0)}, "
                        f"the library holds {latest.reference()}",
                    )
                )
    return items


def check_acronyms(resolution: Resolution, common: frozenset[str] = COMMON_ACRONYMS) -> list[CheckItem]:
    """An acronym used before the clause that spells it out, e.g. 'CHI' before '... International (CHI)'."""
    texts = [(None, resolution.header.title)] + [(c.uid, c.text) for _s, c in resolution.clauses()]
    defined_at: dict[str, int] = {}
    for i, (_uid, text) in enumerate(texts):
        for match in _DEFINED.finditer(text):
            defined_at.setdefault(match.group(1), i)
    items = []
    reported: set[str] = set()
    for i, (uid, text) in enumerate(texts):
        defined_here = {m.start(1) for m in _DEFINED.finditer(text)}
        for match in _ACRONYM.finditer(text):
            acronym = match.group(1)
            if acronym in common or acronym in reported or match.start(1) in defined_here or uid is None:
                continue
            first = defined_at.get(acronym)
            if first is not None and first > i:
                reported.add(acronym)
                where = _where_uid(resolution, uid)
                items.append(
                    CheckItem("acronym", uid, f"{where}: '{acronym}' is used before it is spelled out")
                )
    return items


def run_checks(resolution: Resolution, known: Iterable[KnownRevision] = ()) -> list[CheckItem]:
    """Every check, in the order the panel lists them."""
    return (
        check_empty(resolution)
        + check_punctuation(resolution)
        + check_calls(resolution)
        + check_duplicates(resolution)
        + check_citations(resolution, known)
        + check_acronyms(resolution)
    )


def _where(call: str, label: str) -> str:
    return f"{call} {label}".strip()


def _where_uid(resolution: Resolution, uid: str) -> str:
    found = resolution.find_clause(uid)
    return _where(found[0].call, found[1].label) if found else "clause"
