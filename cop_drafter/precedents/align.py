"""Aligning two revisions of a resolution clause by clause, by content, with one global assignment.

Clauses move between sections and change letters between revisions (Buenos Aires 2017 recalling c) became Kigali
2022 recalling d)), so labels cannot pair them. Every clause of the newer text is scored against every clause of the
older one; the pairing that maximises the total score is found with the Hungarian algorithm (a greedy "best pair
first" pass gets crossings wrong when one old clause is the best match of two new ones). Pairs below
`MIN_SCORE` are not pairs: the new clause is new (ADD) and the old one was suppressed (SUP).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from cop_drafter.core.draft import Draft
from cop_drafter.core.model import Clause, Resolution, Section, new_uid

MIN_SCORE = 58.0  # below this two clauses share stock phrases, not a lineage (bench/quality.py: 55 -> 0.893, 58 -> 0.911 on Dubai->BA, BA->Kigali stays 1.0)
SAME_CALL_BONUS = 4.0  # a tie-breaker: equal wording under the same call words is the likelier predecessor
SAME_KIND_BONUS = 2.0
CROSS_KIND_PENALTY = 10.0  # an operative clause rarely becomes a preambular one: demand closer wording


@dataclass
class Alignment:
    """One row: a clause of the newer text and its predecessor, or a clause on one side only."""

    old_section: Section | None
    old: Clause | None
    new_section: Section | None
    new: Clause | None
    score: float  # 0-100 content similarity; 0 when one side is missing


def _content_score(a: str, b: str) -> float:
    """Similarity of two normalised wordings: edit ratio, forgiving reordered phrases a little, and a clause that
    was cut down or extended (one wording mostly inside the other) when both are of comparable length."""
    if not a and not b:
        return 100.0
    score = max(fuzz.ratio(a, b), 0.95 * fuzz.token_sort_ratio(a, b))
    shorter, longer = sorted((len(a), len(b)))
    if longer and shorter / longer >= 0.3:
        score = max(score, 0.85 * fuzz.partial_ratio(a, b))
    return score


def pair_score(old: str, new: str) -> float:
    """How alike two clause wordings are, 0-100 (see _content_score)."""
    return _content_score(default_process(old), default_process(new))


def _items(resolution: Resolution) -> list[tuple[Section, Clause]]:
    return [(section, clause) for section, clause in resolution.clauses()]


def hungarian(cost: list[list[float]]) -> list[int]:
    """Minimum-cost assignment for a rows <= cols matrix: result[row] = assigned column.

    The O(n^2 m) shortest augmenting path form (Jonker-Volgenant style potentials). A resolution has at most a
    few hundred clauses, so pure Python is fast enough (about 10 ms for 60 x 60).
    """
    n, m = len(cost), len(cost[0]) if cost else 0
    if n == 0:
        return []
    if n > m:
        raise ValueError("hungarian() needs rows <= columns")
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    match_col = [0] * (m + 1)  # match_col[j] = row (1-based) assigned to column j
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        match_col[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = match_col[j0]
            delta = inf
            j1 = 0
            row = cost[i0 - 1]
            ui0 = u[i0]
            for j in range(1, m + 1):
                if not used[j]:
                    cur = row[j - 1] - ui0 - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[match_col[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if match_col[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            match_col[j0] = match_col[j1]
            j0 = j1
    result = [-1] * n
    for j in range(1, m + 1):
        if match_col[j]:
            result[match_col[j] - 1] = j - 1
    return result


def _score_matrix(old_items: list[tuple[Section, Clause]], new_items: list[tuple[Section, Clause]]) -> list[list[float]]:
    old_texts = [default_process(c.text) for _s, c in old_items]
    new_texts = [default_process(c.text) for _s, c in new_items]
    matrix: list[list[float]] = []
    for new_text, (new_section, _new) in zip(new_texts, new_items, strict=True):
        row = []
        for old_text, (old_section, _old) in zip(old_texts, old_items, strict=True):
            score = _content_score(old_text, new_text)
            if old_section.kind != new_section.kind:
                score -= CROSS_KIND_PENALTY
            elif score >= MIN_SCORE:
                score += SAME_CALL_BONUS if old_section.call.lower() == new_section.call.lower() else SAME_KIND_BONUS
            row.append(score)
        matrix.append(row)
    return matrix


def match_clauses(old: Resolution, new: Resolution) -> dict[int, tuple[int, float]]:
    """new item index -> (old item index, content score) for every pair at or above MIN_SCORE."""
    old_items, new_items = _items(old), _items(new)
    if not old_items or not new_items:
        return {}
    scores = _score_matrix(old_items, new_items)
    # Square the problem: a dummy column per new clause stands for "no predecessor" at the threshold cost.
    n, m = len(new_items), len(old_items)
    big = 1000.0
    cost = []
    for i in range(n):
        row = [big - s if s >= MIN_SCORE else big * 2 for s in scores[i]]
        row.extend(big - MIN_SCORE + 1e-6 if k == i else big * 2 for k in range(n))
        cost.append(row)
    assignment = hungarian(cost)
    pairs: dict[int, tuple[int, float]] = {}
    for i, j in enumerate(assignment):
        if 0 <= j < m and scores[i][j] >= MIN_SCORE:
            pairs[i] = (j, pair_score(old_items[j][1].text, new_items[i][1].text))
    return pairs


def align_resolutions(old: Resolution, new: Resolution) -> list[Alignment]:
    """Every clause of both texts, in the newer text's order; a suppressed old clause comes right after the row of
    the old clause it followed, so a reader sees it where it stood."""
    old_items, new_items = _items(old), _items(new)
    pairs = match_clauses(old, new)
    matched_old = {j for j, _score in pairs.values()}
    rows: list[Alignment] = []
    row_of_old: dict[int, int] = {}
    for i, (new_section, new_clause) in enumerate(new_items):
        if i in pairs:
            j, score = pairs[i]
            old_section, old_clause = old_items[j]
            row_of_old[j] = len(rows)
            rows.append(Alignment(old_section, old_clause, new_section, new_clause, round(score, 1)))
        else:
            rows.append(Alignment(None, None, new_section, new_clause, 0.0))
    # Insert suppressed clauses after their nearest preceding surviving neighbour (or first).
    inserts: list[tuple[int, int, Alignment]] = []
    for j, (old_section, old_clause) in enumerate(old_items):
        if j in matched_old:
            continue
        previous = max((k for k in row_of_old if k < j), default=None)
        position = row_of_old[previous] + 1 if previous is not None else 0
        inserts.append((position, j, Alignment(old_section, old_clause, None, None, 0.0)))
    for position, _j, row in sorted(inserts, key=lambda t: (t[0], t[1]), reverse=True):
        rows.insert(position, row)
    return rows


def draft_from_revisions(old: Resolution, new: Resolution) -> Draft:
    """A Draft whose base is `old` and whose current text is `new`, with each matched new clause carrying the uid of
    its predecessor: Draft.statuses() then says NOC/MOD/ADD, and unmatched old clauses are
    Draft.removed_base_clauses() (suppressed)."""
    base, current = old.copy(), new.copy()
    base_items, current_items = _items(base), _items(current)
    for _section, clause in current_items:
        clause.uid = new_uid()  # no accidental identity with the base (new may be a copy of old)
    for i, (j, _score) in match_clauses(base, current).items():
        current_items[i][1].uid = base_items[j][1].uid
    return Draft(current=current, base=base, base_source=old.source)
