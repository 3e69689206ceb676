"""The candidate stage for half-typed queries, ties broken on letters, and the full scan every recall figure is
measured against (used by index.TokenIndex).

A library holds near-duplicates by the thousand: the same clause with a phrase moved, two words dropped, a typo
left in. On words they tie, so which of them is the clause being typed is decided on letters, cheaply: the
typed text against each clause's start (a delegate types a clause from its beginning).
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from cop_drafter.precedents.bitsets import select
from cop_drafter.precedents.scoring import SCORERS

PRESCORE = 4  # half-typed queries: a pool of PRESCORE x candidates by coverage, cut by the start's letters
TIE_BREAK = 24  # clauses tied at the cut, compared on letters (partial_ratio, ~70 us each past 64 characters)


def partial_candidates(strings: Sequence[str], query: str, planes: list[int], total: int, mask: int,
                       candidates: int, memo: dict[int, int], seen: set[int]) -> list[int]:
    """Candidates among clauses 1.5x+ longer than the query (it is half typed): the best `candidates` by word
    coverage, then half as many again among the next PRESCORE x candidates: those whose start reads most like
    the typed text, letter by letter (fuzz.ratio on the first len(query) + 8 characters, ~2 us a clause).

    Near-duplicates tie on coverage by the thousand, and then the first by position were taken. Held-out 100k,
    the source of a half-typed query found where a WRatio scan finds it: 0.743 by coverage alone, 0.829 with
    the pool cut by LCS over the whole clause, 0.957 cut by the start (and scoring.PREFIX_FROM)."""
    core = [p for p in select(planes, total, mask, candidates, memo) if p not in seen]
    taken = set(core)
    pool = [p for p in select(planes, total, mask, PRESCORE * candidates, memo) if p not in seen and p not in taken]
    room = candidates // 2
    if len(pool) > room:
        n = len(query) + 8
        best = process.extract(query, [strings[p][:n] for p in pool], scorer=fuzz.ratio, processor=None,
                               limit=room)
        pool = [pool[i] for _t, _s, i in best]
    return core + pool


def break_ties(query: str, best: list[tuple[int, float]], scored: list[tuple[float, int]],
               strings: Sequence[str]) -> list[tuple[int, float]]:
    """`best` (position, score), best first, with the clauses tied at its last score chosen again: among all
    `scored` (score, position) at exactly that score, those closest to the query on letters (partial_ratio)
    win, then the lower position. Scores never change, only which of equal-scoring clauses are shown: on
    words a typo costs a whole word, and hundreds of copies of a clause can tie with the one being typed."""
    if not best:
        return best
    cut = best[-1][1]
    tied = sorted({p for score, p in scored if score == cut})
    places = sum(1 for _p, score in best if score == cut)
    if len(tied) <= places:
        return best
    if len(tied) > TIE_BREAK:  # the closest starts first (cheap), then the letters of the whole clause
        n = len(query) + 8
        tied = sorted(p for _t, _s, p in process.extract(query, {p: strings[p][:n] for p in tied},
                                                         scorer=fuzz.ratio, processor=None, limit=TIE_BREAK))
    closest = sorted(tied, key=lambda p: (-fuzz.partial_ratio(query, strings[p], processor=None), p))
    return [item for item in best if item[1] != cut] + [(p, cut) for p in closest[:places]]


def full_scan(strings: Sequence[str], live: set[int] | None, query: str, limit: int,
              scorer: str = "precedent") -> list[tuple[int, float]]:
    """The exact reference: the scorer against every live clause (`live` None: all), best `limit`."""
    choices: Sequence[str] | dict[int, str] = strings
    if live is not None:
        choices = {p: s for p, s in enumerate(strings) if p in live}
    if scorer == "wratio":
        found = process.extract(query, choices, scorer=fuzz.WRatio, processor=None, limit=limit)
        return [(key, score) for _text, score, key in found]
    score_fn = SCORERS[scorer]
    items = choices.items() if isinstance(choices, dict) else enumerate(choices)
    best: list[tuple[float, int]] = []
    cutoff = 0.0
    for key, text in items:
        score = score_fn(query, text, cutoff)
        if score and score >= cutoff:
            best.append((score, key))
            if len(best) >= 4 * limit:
                best.sort(key=lambda item: (-item[0], item[1]))
                del best[limit:]
                cutoff = best[-1][0]
    best.sort(key=lambda item: (-item[0], item[1]))
    return [(key, score) for score, key in best[:limit]]
