"""Which text in force a proposal modifies: its base matched against the library's texts by heading and content.

Three revisions of one resolution share most clauses, so content alone barely tells them apart, and a heading
alone can be wrong or missing (a Word file whose heading was not revised, a base copied from a later text).
Both count: the heading (doc type and number must agree when both are known; revision place and year) and the
clause wordings (each base clause against its best match in the candidate, and the other way round, so that a
candidate with many clauses the base lacks scores lower). Wordings are compared as `core.draft.wording` gives
them (end punctuation and spacing ignored): our exporter recomputes punctuation, the library keeps the text as
it was found.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from cop_drafter.core.draft import wording
from cop_drafter.core.model import Header, Resolution

logger = logging.getLogger(__name__)

HEADING_WEIGHT = 0.35
MIN_CONTENT = 0.5  # below this, a candidate shares too little wording to be the text in force


@dataclass
class InForce:
    """The best candidate (id None when none fits), its score in [0, 1], and why (for the delegate)."""

    id: str | None
    score: float
    reason: str
    heading: float | None = None  # the heading's part of the score (None: nothing to compare)
    content: float = 0.0


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _doc_kind(header: Header) -> str:
    """RESOLUTION / DECISION / ...: the last word of the doc type ("DRAFT NEW RESOLUTION" -> "RESOLUTION")."""
    words = header.doc_type.upper().split()
    return words[-1] if words else ""


def heading_score(base: Header, candidate: Header) -> float | None:
    """1.0 when number, place and year agree; None when the two headings have nothing to compare; 0.0 when the
    doc type or number differ (another resolution)."""
    if base.number and candidate.number and not _same(base.number, candidate.number):
        return 0.0
    if _doc_kind(base) and _doc_kind(candidate) and _doc_kind(base) != _doc_kind(candidate):
        return 0.0
    parts: list[tuple[float, float]] = []  # (weight, agreement)
    if base.number and candidate.number:
        parts.append((2.0, 1.0))
    if base.year and candidate.year:
        parts.append((1.0, 1.0 if base.year == candidate.year else 0.0))
    if base.place and candidate.place:
        parts.append((1.0, 1.0 if _same(base.place, candidate.place) else 0.0))
    if not parts:
        return None
    return sum(weight * agree for weight, agree in parts) / sum(weight for weight, _a in parts)


def _wordings(resolution: Resolution) -> list[str]:
    return [w for _s, clause in resolution.clauses() if (w := wording(clause.text).casefold())]


def _best_average(texts: list[str], choices: list[str]) -> float:
    """The mean, over `texts`, of each one's best similarity to a choice (0-1); exact matches cost nothing."""
    exact = set(choices)
    total = 0.0
    for text in texts:
        if text in exact:
            total += 1.0
            continue
        found = process.extractOne(text, choices, scorer=fuzz.ratio)
        total += found[1] / 100 if found else 0.0
    return total / len(texts)


def content_score(base: Resolution, candidate: Resolution) -> float:
    """How much wording the two texts share, in [0, 1]: the harmonic mean of each side's best-match average."""
    ours, theirs = _wordings(base), _wordings(candidate)
    if not ours or not theirs:
        return 0.0
    recall = _best_average(ours, theirs)
    precision = _best_average(theirs, ours)
    return 2 * recall * precision / (recall + precision) if recall + precision else 0.0


def find_in_force(base: Resolution, candidates: Iterable[tuple[str, Resolution]]) -> InForce:
    """The candidate `base` is most likely a copy of; the first one listed wins a tie (bundled before user)."""
    best: InForce | None = None
    others = 0
    for doc_id, candidate in candidates:
        others += 1
        heading = heading_score(base.header, candidate.header)
        if heading == 0.0:
            logger.debug("%s: another resolution (%s)", doc_id, candidate.header.heading())
            continue
        content = content_score(base, candidate)
        if content < MIN_CONTENT:
            logger.debug("%s: too little shared wording (%.2f)", doc_id, content)
            continue
        score = content if heading is None else HEADING_WEIGHT * heading + (1 - HEADING_WEIGHT) * content
        if best is None or score > best.score:
            best = InForce(doc_id, score, f"{candidate.header.heading() or doc_id}: heading "
                           f"{'not compared' if heading is None else f'{heading:.2f}'}, content {content:.2f}",
                           heading, content)
    if best is not None:
        return best
    wanted = base.header.heading() or "the proposal's base"
    if not others:
        return InForce(None, 0.0, "the library has no texts to compare with")
    return InForce(None, 0.0, f"no text in the library ({others} compared) is {wanted}: none has its number and "
                   f"at least {MIN_CONTENT:.0%} of its wording")
