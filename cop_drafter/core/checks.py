"""Checks a delegate must clear before submitting: pure functions over a Resolution, no Qt.

Each check yields `CheckItem`s naming the clause (or section) by uid, so the GUI's checks panel can jump to it,
and an optional `Fix` (the clause's corrected text) when the repair is mechanical. Call `run_checks` on the text
as it will be submitted (`Draft.revised()`), so suppressed clauses are neither checked nor counted.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cop_drafter.core.calls import is_known_call
from cop_drafter.core.draft import ProposalMeta, wording
from cop_drafter.core.model import Header, Resolution, short_reference
from cop_drafter.core.proposal import listed, missing_cover_fields
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
        return short_reference(self.number, self.place, self.year, self.revision, word="Resolution")


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


def check_pasted_lists(resolution: Resolution) -> list[CheckItem]:
    from cop_drafter.core.paste import check_pasted_lists as pasted

    return pasted(resolution)


def _shortened(text: str, room: int = 70) -> str:
    """A long bracketed passage quoted by its start and its closing bracket."""
    return text if len(text) <= room else text[:room - 2].rstrip() + "…" + text[-1]


def check_brackets(resolution: Resolution) -> list[CheckItem]:
    """Text not yet agreed: one item per clause and kind, quoting the passages (negotiation, issue 14)."""
    from cop_drafter.core.brackets import open_brackets

    grouped: dict[tuple[str, str], list[str]] = {}
    where: dict[str, str] = {}
    for item in open_brackets(resolution):
        grouped.setdefault((item.uid, item.kind), []).append(item.text)
        where[item.uid] = item.where
    items = []
    for (uid, kind), texts in grouped.items():
        quoted = ", ".join(f"“{_shortened(text)}”" for text in texts[:3]) + (f" and {len(texts) - 3} more" if len(texts) > 3 else "")
        if kind == "alternatives":
            items.append(CheckItem("alternatives", uid, f"{where[uid]}: {len(texts)} alternative(s) still open "
                                                        f"({quoted}): keep one before the text is final"))
        elif kind == "unclosed":
            items.append(CheckItem("unclosed-bracket", uid, f"{where[uid]}: a square bracket is not closed "
                                                            f"({quoted})"))
        else:
            items.append(CheckItem("square-brackets", uid, f"{where[uid]}: text still in square brackets "
                                                           f"({quoted}): not yet agreed"))
    return items


def run_checks(resolution: Resolution, known: Iterable[KnownRevision] = (),
               meta: ProposalMeta | None = None) -> list[CheckItem]:
    """Every check, in the order the panel lists them (`meta`: the proposal's cover details, when known)."""
    return (
        check_header(resolution)
        + check_cover(resolution, meta)
        + check_cover_missing(meta)
        + check_empty(resolution)
        + check_punctuation(resolution)
        + check_calls(resolution)
        + check_duplicates(resolution)
        + check_citations(resolution, known)
        + check_acronyms(resolution)
        + check_pasted_lists(resolution)
        + check_brackets(resolution)
    )


def _where(call: str, label: str) -> str:
    return f"{call} {label}".strip()


def _where_uid(resolution: Resolution, uid: str) -> str:
    found = resolution.find_clause(uid)
    return _where(found[0].call, found[1].label) if found else "clause"


# -- the heading block: conference line, heading and cover agree (issue 9) -------------------------------------
# The heading (`RESOLUTION 67 (Rev. Baku, 2025)`) is always derived from number, place and year. The conference
# line is derived too while it still reads as derived: `conference_line_after` carries it along when body, place
# or year change. A hand-written one is kept as the delegate wrote it, never rewritten, and `check_header` flags
# it when it no longer names the heading's body, place and year, or lacks its commas.
HEADER_UID = "header"  # the outline's row for the heading block
COVER_UID = "cover"  # the proposal's cover fields (Export > Proposal), not a row of the outline
CONFERENCE_FIELDS = frozenset({"body", "place", "year"})  # what the conference line is derived from
_PLACE_YEAR = re.compile(r"\(\s*([^()]*?)\s*(,?)\s*(\d{4})\s*\)")
_RESOLUTION_NUMBER = re.compile(r"\bResolution\s+(\d+[A-Z]?|[A-Z]+/\d+)\b", re.IGNORECASE)
_CONFERENCE_YEAR = re.compile(r"\b((?:19|20)\d{2})\b|-(\d{2})\)")


def derived_conference_line(header: Header) -> str:
    """`The <body> (<place>, <year>),` from the header's fields; empty without a body."""
    body = " ".join(header.body.split())
    if not body:
        return ""
    article = "" if body.lower().startswith("the ") else "The "
    where = ", ".join(p for p in (header.place.strip(), str(header.year) if header.year else "") if p)
    return f"{article}{body}{f' ({where})' if where else ''},"


def _folded(line: str) -> str:
    return re.sub(r"[\s,]+", "", line).casefold()


def reads_as_derived(header: Header) -> bool:
    """Empty, or the derived line up to spaces and commas (so the published "(Kigali 2022)," counts)."""
    return not header.conference_line.strip() or _folded(header.conference_line) == _folded(
        derived_conference_line(header))


def conference_line_after(header: Header, **changes: Any) -> str:
    """The conference line once `changes` (body, place, year...) apply: derived if it was, else kept as written."""
    if not reads_as_derived(header):
        return header.conference_line
    changed = dataclasses.replace(header, **changes)
    return derived_conference_line(changed) or header.conference_line


def check_header(resolution: Resolution) -> list[CheckItem]:
    """A conference line naming another body, place or year than the heading, or missing a comma."""
    header = resolution.header
    line = " ".join(header.conference_line.split())
    if not line:
        return []
    items = []
    found = list(_PLACE_YEAR.finditer(line))
    said = found[-1] if found else None
    heading = header.reference() or "no place and year"
    disagrees = []
    if header.body.strip() and _folded(header.body) not in _folded(line):
        disagrees.append(f'does not name the body "{header.body.strip()}"')
    if header.year and said is not None and (int(said.group(3)) != header.year or
                                             _folded(said.group(1)) != _folded(header.place)):
        disagrees.append(f"says {said.group(0)} but the heading says {heading}")
    elif header.year and said is None and not (str(header.year) in line and header.place.strip() in line):
        disagrees.append(f"does not name {header.place or '?'} {header.year} as the heading does {heading}")
    if disagrees:
        items.append(CheckItem("header-mismatch", HEADER_UID, f"the conference line {'; '.join(disagrees)}"))
    if said is not None and not said.group(2) and said.group(1):
        items.append(CheckItem("conference-line-comma", HEADER_UID,
                               f"the conference line writes {said.group(0)} without the comma: "
                               f"({said.group(1)}, {said.group(3)})"))
    if not line.endswith(","):
        items.append(CheckItem("conference-line-comma", HEADER_UID, "the conference line should end with ','"))
    return items


def _cover_year(conference: str) -> int | None:
    match = _CONFERENCE_YEAR.search(conference)
    if match is None:
        return None
    return int(match.group(1)) if match.group(1) else 2000 + int(match.group(2))


def check_cover(resolution: Resolution, meta: ProposalMeta | None) -> list[CheckItem]:
    """The cover's conference year and the resolution number in its title against the heading."""
    if meta is None:
        return []
    header = resolution.header
    items = []
    year = _cover_year(meta.conference)
    if year and header.year and year != header.year:
        items.append(CheckItem("cover-mismatch", HEADER_UID,
                               f"the cover is for {meta.conference.strip()} ({year}) but the heading says "
                               f"{header.reference()}: set Place and Year to the revising conference"))
    cited = _RESOLUTION_NUMBER.search(meta.title)
    if cited and header.number and cited.group(1).upper() != header.number.upper():
        items.append(CheckItem("cover-mismatch", HEADER_UID,
                               f"the cover title names Resolution {cited.group(1)}, the heading is {header.heading()}"))
    return items


def check_cover_missing(meta: ProposalMeta | None) -> list[CheckItem]:
    """The cover fields a submission needs (conference, document, source) that are still empty (issue 9)."""
    if meta is None:
        return []
    missing = missing_cover_fields(meta)
    if not missing:
        return []
    return [CheckItem("cover-missing", COVER_UID,
                      f"proposal cover: no {listed(missing)} (Export > Proposal to fill them in)")]
