"""References inside a clause (resolution citations, Questions, study groups, programmes, years), and which of
a precedent's references the text in force does not have: taking a 2014 clause into a 2025 draft must not bring
in "Programme 2" or "Question 22-2/1 of Study Group 1" unnoticed (issue 13). Pure functions, no Qt.

A reference is compared by a key that ignores spacing and letter case (and, for a study group, the sector
prefix: "ITU-D Study Group 2" and "Study Group 2" are the same group in a WTDC text). A year counts only outside
a citation: "Resolution 179 (Rev. Dubai, 2018)" is one reference, not also "2018".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

log = logging.getLogger(__name__)

RESOLUTION, QUESTION, STUDY_GROUP, PROGRAMME, YEAR = "resolution", "question", "study group", "programme", "year"

_PATTERNS = [
    (RESOLUTION, re.compile(r"\bResolutions?\s+(\d+[A-Z]?)(?:\s*\((?:Rev\.\s*)?([^()]{0,60}?\d{4})\))?")),
    (QUESTION, re.compile(r"\bQuestions?\s+(\d+(?:-\d+)?/\d+)")),
    (STUDY_GROUP, re.compile(r"\b(?:ITU-[DTR]\s+)?Study\s+Groups?\s+(\d+)", re.IGNORECASE)),
    (PROGRAMME, re.compile(r"\bProgramme\s+(\d+)", re.IGNORECASE)),
    (YEAR, re.compile(r"(?<![\d/.-])((?:19|20)\d{2})(?![\d/])")),
]


@dataclass(frozen=True)
class Reference:
    kind: str  # one of RESOLUTION, QUESTION, STUDY_GROUP, PROGRAMME, YEAR
    text: str  # as written in the clause
    key: str  # what two references are compared by
    start: int
    end: int


def _key(kind: str, match: re.Match[str]) -> str:
    if kind == RESOLUTION:
        place = " ".join((match.group(2) or "").lower().replace(",", " ").split())
        return f"resolution {match.group(1).lower()}" + (f" ({place})" if place else "")
    return f"{kind} {match.group(1).lower()}"


def references(text: str) -> list[Reference]:
    """Every reference in `text`, in order; an inner year of a citation is not a reference of its own."""
    found: list[Reference] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(a <= start < b or a < end <= b for a, b in taken):
                continue
            taken.append((start, end))
            found.append(Reference(kind, match.group(0), _key(kind, match), start, end))
    found.sort(key=lambda r: r.start)
    return found


def _matches(ref: Reference, known: set[str]) -> bool:
    if ref.key in known:
        return True
    if ref.kind == RESOLUTION and "(" not in ref.key:
        # "Resolution 1306" without its revision matches any revision of it in the text in force.
        return any(k.startswith(ref.key + " (") for k in known)
    return False


def not_in_force(suggestion: str, in_force: Iterable[str]) -> list[Reference]:
    """The suggestion's references that the text in force (its clauses' texts) never makes, in order, once
    each."""
    known = {ref.key for text in in_force for ref in references(text)}
    out: list[Reference] = []
    seen: set[str] = set()
    for ref in references(suggestion):
        if ref.key not in seen and not _matches(ref, known):
            seen.add(ref.key)
            out.append(ref)
    return out


def brought_in(refs: list[Reference], year: int | None) -> str:
    """'brought in from 2014: Programme 2, Question 22-2/1 of Study Group 1' ('' when there is nothing)."""
    if not refs:
        return ""
    def joined(question: Reference, group: Reference | None) -> bool:
        # "Question 22-2/1 of Study Group 1" reads as one reference
        return group is not None and question.kind == QUESTION and group.kind == STUDY_GROUP \
            and 0 <= group.start - question.end <= 5

    names: list[str] = []
    for i, ref in enumerate(refs):
        if joined(ref, refs[i + 1] if i + 1 < len(refs) else None):
            continue
        previous = refs[i - 1] if i else None
        if previous is not None and joined(previous, ref):
            names.append(f"{' '.join(previous.text.split())} of {' '.join(ref.text.split())}")
        else:
            names.append(" ".join(ref.text.split()))
    origin = f"from {year}" if year else "from the precedent"
    return f"brought in {origin}: {', '.join(names)}"
