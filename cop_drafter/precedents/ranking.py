"""From scored clauses to the suggestions a delegate sees: the order at equal score, and near-identical wordings
grouped under the text that should be shown (the text in force before a proposal or draft, then the newest).
"""

from __future__ import annotations

import logging

from rapidfuzz import fuzz

from cop_drafter.core.textdiff import DiffPiece
from cop_drafter.formats.document_kind import KIND_RANK
from cop_drafter.precedents.results import Source, Suggestion
from cop_drafter.precedents.scoring import scoring_form
from cop_drafter.precedents.store import ClauseRow

log = logging.getLogger(__name__)

GROUP_SIMILARITY = 95.0  # fuzz.ratio on normalised text at or above which two precedents are "the same wording"


def kind_rank(row: ClauseRow) -> int:
    """0 for the text in force, higher for drafts and proposals (formats.document_kind.KIND_RANK)."""
    return KIND_RANK.get(row.doc_kind, 0)


CALL_BONUS = 6.0  # ranking points (not shown) for a precedent under the same call words as the clause drafted;
# 4+2 -> 6+3: predecessor top 3 at 0 typos 0.862 -> 0.897 on 2014 -> 2017 (tuned), 0.863 -> 0.902 on 2017 -> 2022;
# 8+4 up to 12+6 change nothing more on these pairs (bench/quality.py predecessor sweep)
POSITION_BONUS = 3.0  # ... and more when it also has the same label


def context_bonus(row: ClauseRow, context: tuple[str, str] | None) -> float:
    """What the draft knows besides the words: a precedent under the same call (and at the same position) is
    more likely the clause being revised. Used to order, never added to the score shown."""
    if not context or not context[0] or _call_key(row.call) != _call_key(context[0]):
        return 0.0
    return CALL_BONUS + (POSITION_BONUS if context[1] and row.label == context[1] else 0.0)


ANCHOR_BONUS = 16.0  # ranking points for a precedent worded as the clause the draft's clause replaces (its
# base), scaled from 0 at ANCHOR_FROM (fuzz.ratio) to all of it at 100: that clause and its own predecessors.
# bench/quality.py, predecessor top 3 with anchors from the aligner / from the copy, 0 and 4 typos:
# 12: 2017->2022 0.961 0.954 / 0.941 0.941, 2014->2017 0.966 0.966 / 0.966 0.966;
# 16: 2017->2022 0.961 0.961 / 0.961 0.961, 2014->2017 0.966 0.966 / 1.000 1.000; 20: aligner at 4 typos 0.948
ANCHOR_FROM = 60.0


def anchor_bonus(norm: str, anchor: str) -> float:
    """Points for a precedent (normalised text) near the anchor (normalised base text; "" when none): the
    clause being rewritten is most likely revising that clause, whatever the delegate's new wording."""
    if not anchor or not norm:
        return 0.0
    similarity = fuzz.ratio(norm, anchor, processor=None, score_cutoff=ANCHOR_FROM)
    return ANCHOR_BONUS * (similarity - ANCHOR_FROM) / (100.0 - ANCHOR_FROM) if similarity else 0.0


def bonus(row: ClauseRow, context: tuple[str, str] | None, anchor: str = "") -> float:
    """All the ranking points a precedent gets besides its score (never shown)."""
    return context_bonus(row, context) + anchor_bonus(scoring_form(row.text), anchor)


def order(ranked: list[tuple[float, ClauseRow]], context: tuple[str, str] | None = None, anchor: str = ""
          ) -> list[tuple[float, ClauseRow]]:
    """Best first (score, plus the context and anchor bonus); at equal score the text in force before
    proposals and drafts, then the newer text."""
    return sorted(ranked, key=lambda item: (-(item[0] + bonus(item[1], context, anchor)), kind_rank(item[1]),
                                            -(item[1].year or 0)))


def group(ranked: list[tuple[float, ClauseRow]], typed: str, limit: int,
          context: tuple[str, str] | None = None, anchor: str = "") -> list[Suggestion]:
    """Near-identical wordings as one suggestion each, best first (see `order`)."""
    groups: list[list[tuple[float, ClauseRow, str]]] = []
    for score, row in ranked:
        norm = scoring_form(row.text)
        for members in groups:
            other = members[0][2]
            # ratio >= 95 needs lengths within ~10% (ratio <= 200 min / (min + max)): skip the others cheaply.
            if min(len(norm), len(other)) * 2.2 < max(len(norm), len(other)) * 1.9:
                continue
            if fuzz.ratio(norm, other, processor=None, score_cutoff=GROUP_SIMILARITY):
                members.append((score, row, norm))
                break
        else:
            groups.append([(score, row, norm)])
    suggestions = []
    points: dict[int, float] = {}
    for members in groups:
        members.sort(key=lambda item: (kind_rank(item[1]), item[1].year is None, -(item[1].year or 0), -item[0]))
        score, row, _norm = members[0]
        lift = max(anchor_bonus(n, anchor) for _s, _r, n in members)
        suggestions.append(Suggestion(score, row.text, Source.from_row(row),
                                      [Source.from_row(r) for _s, r, _n in members[1:]], typed, lift > 0))
        points[id(suggestions[-1])] = lift + max(context_bonus(r, context) for _s, r, _n in members)
    suggestions.sort(key=lambda s: (s.rank_key[0] - points[id(s)], *s.rank_key[1:]))
    return suggestions[:limit]


# Suggestions under this score are "weaker matches", hidden until asked for. Measured (bench/quality.py,
# "score floor"): over the gold pairs 2014 -> 2017 -> 2022 with 0-5 typos, a predecessor found in the top 3
# never scored below 47.2 (with the call and position bonus 6+3; 49.2 with 4+2): 47 hides none.
SCORE_FLOOR = 47.0


def shared_wording(spans: list[DiffPiece]) -> float:
    """Share (0-100) of the typed words that the precedent has, in order (the diff's "equal" words)."""
    def words(op: str) -> int:
        return sum(len(p.text.split()) for p in spans if p.op == op)

    typed = words("equal") + words("delete")
    return 100.0 * words("equal") / typed if typed else 0.0


def _call_key(call: str) -> str:
    # "resolves to instruct the Director" (WTDC) and "instructs the Director" (older texts) are one call.
    return " ".join(call.lower().replace("resolves to instruct", "instructs").split())


def reason(spans: list[DiffPiece], source_call: str, source_label: str, call: str = "", label: str = "",
           near_anchor: bool = False) -> str:
    """Why a suggestion ranks: 'shared wording 84%, same call, same position, like the text in force' (call
    and label are those of the clause being drafted, left out when unknown; `near_anchor`: worded like the
    clause of the text in force being modified)."""
    parts = [f"shared wording {shared_wording(spans):.0f}%"]
    if call and _call_key(call) == _call_key(source_call):
        parts.append("same call")
        if label and label == source_label:
            parts.append("same position")
    if near_anchor:
        parts.append("like the text in force")
    return ", ".join(parts)
