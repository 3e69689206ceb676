"""The suggestion score and its bounds: what a clause can score against a query, computed or bounded cheaply.

`precedent_ratio` is the exact score every suggestion shows; `ceiling` bounds it from the two lengths alone, so
the index (index.py) can skip whole length classes that cannot beat the suggestions it already has.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel
from rapidfuzz.utils import default_process


def precedent_ratio(query: str, choice: str, score_cutoff: float = 0.0,
                    respelt: tuple[str, list[str], float] | None = None) -> float:
    """The suggestion score, 0-100, on normalised strings: rapidfuzz WRatio without its partial_token_set term.

    WRatio takes the max of ratio, token ratios and, when one string is 1.5x longer, partial ratios scaled by
    0.9 (0.6 past 8x). Its partial_token_set_ratio is 100 as soon as the two texts share one word, so every
    clause of a suitable length scores 85.5 against a half-typed query ("the" is enough) and a typed clause
    with typos (partial_ratio 86 -> 77) ranks below unrelated clauses. Dropping that term keeps WRatio's
    behaviour for half-typed text (partial_ratio) and for reordered words in texts of similar length (token
    ratios). Partial token-sort ratio is left out too: it costs as much as partial_ratio and rarely changed the
    top results on the gold queries (bench/quality.py). A precedent 1.5x shorter than the typed text does not
    complete it, so it gets the plain ratio, not a partial one (which costs ~0.5 ms on long text). For typed text
    longer than 64 characters the partial ratio is taken over words instead of characters (see below).

    On words a misspelt word matches nothing, so `respelt` = (the query as the library spells it, its words,
    closeness 0-1 of the typed text to that spelling) adds the respelt query's score times the closeness: a
    typo still counts, a little less than the right spelling (see TokenIndex.corrected). Only its plain ratio
    is taken for a clause of about the query's length (WRatio's token ratios cost too much to run twice).
    """
    n, m = len(query), len(choice)
    if not n or not m:
        return 0.0
    r = n / m if n > m else m / n
    if r < 1.5:
        best = fuzz.WRatio(query, choice, processor=None, score_cutoff=score_cutoff)
        if respelt is not None:
            text, _words_, closeness = respelt
            need = _needed(max(best, score_cutoff), closeness)
            if need <= 100:
                best = max(best, closeness * fuzz.ratio(text, choice, processor=None, score_cutoff=need))
        return best
    if m < n:
        return fuzz.ratio(query, choice, processor=None, score_cutoff=score_cutoff)
    scale = 0.9 if r < 8 else 0.6
    best = fuzz.ratio(query, choice, processor=None)
    need = _needed(max(best, score_cutoff), scale)
    if need > 100:
        return best if best >= score_cutoff else 0.0
    if n <= CHAR_PARTIAL_MAX:
        a, b = query, choice
    else:
        # Past 64 characters rapidfuzz's char-level partial_ratio leaves its bit-parallel fast path (~70 us a
        # clause); on words the typed text is short again (~10 us), and a long text is judged well by its words.
        # On words a typo costs the whole word, and thousands of near-duplicates tie: the typed text is also
        # compared letter by letter with the clause's start (~3 us; one of partial_ratio's windows, so never
        # above it): a delegate types a clause from its beginning.
        best = max(best, scale * _start(query, choice, max(need, PREFIX_FROM)))
        need = _needed(max(best, score_cutoff), scale)
        if need > 100:
            return best if best >= score_cutoff else 0.0
        a, b = _words(query), choice.split()
    # partial_ratio <= 200 L / (len(a) + L), L = longest common subsequence of the query and the whole clause
    # (any window's LCS is <= L and 2x / (n + x) grows with x): a ~2 us bit-parallel bound that skips most
    # partial_ratio calls that cannot beat the current cut-off.
    best = max(best, scale * _partial(a, b, need))
    if respelt is not None and n > CHAR_PARTIAL_MAX:
        _text, words, closeness = respelt
        need = _needed(max(best, score_cutoff), (scale * closeness))
        if need <= 100:
            best = max(best, scale * closeness * _partial(words, b, need))
    return best if best >= score_cutoff else 0.0


def _needed(score: float, factor: float) -> float:
    """What a term scaled by `factor` must reach to give `score`, a hair under it: 90 / 0.9 is 100.00000000000001
    in floating point, so without it a clause scoring exactly the cut-off was dropped, and of hundreds of clauses
    tied at the cut the ones kept were those scored first, not the first by position as in a full scan."""
    return score / factor - 1e-9


def _start(query: str, choice: str, need: float) -> float:
    """How the typed text reads as the clause's start, letter by letter (0 under `need`): partial_ratio over
    the first len(query) + 4 characters, so a typed letter too many or too few does not shift the window. It
    costs ~50 us on unrelated text and ~5 us on a near-duplicate, so a plain ratio on the first len(query)
    characters (~1 us) decides first whether it can come near."""
    n = len(query)
    if fuzz.ratio(query, choice[:n], processor=None) < need - _START_SLACK:
        return 0.0
    return fuzz.partial_ratio(query, choice[: n + 4], processor=None, score_cutoff=need)


_START_SLACK = 6.0  # 3 letters too many or too few in 100 typed shift a plain ratio by about 6


def _partial(a: str | list[str], b: str | list[str], need: float) -> float:
    """partial_ratio, skipped (0) when a cheap bound shows it cannot reach `need`."""
    na = len(a)
    lcs = (na + len(b) - Indel.distance(a, b)) / 2
    if na and 200 * lcs / (na + lcs) >= need:
        return fuzz.partial_ratio(a, b, processor=None, score_cutoff=need)
    return 0.0


PREFIX_FROM = 85.0  # fuzz.ratio of the typed text and the clause's start counted from here: near-duplicates only
CHAR_PARTIAL_MAX = 64  # 96: gold recall@3 1.000 (vs 0.967) but bundled p95 6.1 ms (vs 4.6)
_last_words: tuple[str, list[str]] = ("", [])


def _words(query: str) -> list[str]:
    """query.split(), cached for the query being scored against many clauses (one tuple: thread-safe swap)."""
    global _last_words
    cached = _last_words
    if cached[0] == query:
        return cached[1]
    words = query.split()
    _last_words = (query, words)
    return words


def with_respelling(text: str, closeness: float) -> Callable[[str, str, float], float]:
    """precedent_ratio with the respelt query bound (see its `respelt`)."""
    respelt = (text, text.split(), closeness)

    def score(query: str, choice: str, score_cutoff: float = 0.0) -> float:
        return precedent_ratio(query, choice, score_cutoff, respelt)

    return score


def wratio(query: str, choice: str, score_cutoff: float = 0.0) -> float:
    return fuzz.WRatio(query, choice, processor=None, score_cutoff=score_cutoff)


SCORERS = {"precedent": precedent_ratio, "wratio": wratio}


def scoring_form(text: str) -> str:
    """The form every score is computed on: lower case, punctuation to spaces (rapidfuzz default_process)."""
    return default_process(text)


_BUCKETS_PER_DOUBLING = 8


def length_bucket(length: int) -> int:
    """Geometric length classes (x1.09 wide), so WRatio's length-ratio brackets are unions of classes."""
    return int(_BUCKETS_PER_DOUBLING * math.log2(length)) if length > 0 else -1


def bucket_range(bucket: int) -> tuple[float, float]:
    if bucket < 0:
        return (0.0, 1.0)
    return (2 ** (bucket / _BUCKETS_PER_DOUBLING), 2 ** ((bucket + 1) / _BUCKETS_PER_DOUBLING))


def score_ceiling(length: float, n: int, scorer: str) -> float:
    """Upper bound of the score of any clause of `length` characters against a query of n characters.

    Bracket edges (r = 1.5, r = 8) count on both sides: rapidfuzz's own float rounding decides there."""
    low, high = min(length, n), max(length, n)
    if low <= 0:
        return 0.0
    r = high / low
    ratio_bound = 200 * low / (low + high)
    ceiling = 0.0
    if r <= 1.5 + 1e-9:
        ceiling = max(ratio_bound, 95.0)
    if scorer == "precedent" and length < n and r >= 1.5 - 1e-9:
        return max(ceiling, ratio_bound)
    if 1.5 - 1e-9 <= r <= 8 + 1e-9:
        ceiling = max(ceiling, 90.0)
    if r >= 8 - 1e-9:
        ceiling = max(ceiling, 60.0)
    return ceiling
