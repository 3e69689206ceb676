"""The candidate index: exact against a full scan on small data, and the score ceilings it relies on."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from cop_drafter.precedents.bitsets import bit_positions, bits_from_positions
from cop_drafter.precedents.index import TokenIndex
from cop_drafter.precedents.scoring import precedent_ratio, scoring_form
from cop_drafter.precedents.scoring import score_ceiling as _ceiling

WORDS = ["child", "online", "protection", "member", "states", "resolution", "conference", "council", "union", "the", "of", "and", "to", "in", "telecommunication", "development", "bureau", "study", "group", "question", "regional", "offices", "guidelines"]


def test_bitset_round_trip():
    positions = [0, 1, 7, 8, 63, 64, 1000, 4097]
    bits = bits_from_positions(positions, 5000)
    assert bit_positions(bits) == positions
    assert bit_positions(bits, limit=3) == positions[:3]
    assert bit_positions(0) == []


def _library(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 40))) for _ in range(n)]


def test_top_matches_the_full_scan_when_candidates_cover_everything():
    texts = _library(1, 400)
    index = TokenIndex(min_dense=16)
    index.add_many(texts[:300])
    for text in texts[300:]:
        index.add(text)  # the incremental path too
    rng = random.Random(2)
    for _ in range(40):
        words = rng.choice(texts).split()
        query = scoring_form(" ".join(words[: max(2, len(words) // 2)]))
        for scorer in ("precedent", "wratio"):
            ours = [s for _p, s in index.top(query, 5, 10_000, scorer)]
            ref = [s for _p, s in index.full_scan(query, 5, scorer)]
            assert ours == ref


def test_removed_positions_are_never_suggested():
    index = TokenIndex()
    index.add_many(["alpha beta gamma", "alpha beta delta", "epsilon"])
    index.remove([0])
    assert [p for p, _s in index.top("alpha beta gamma", 5, 100)] == [1]
    assert len(index) == 2


def test_unknown_words_expand_to_prefixes_and_close_spellings():
    index = TokenIndex()
    index.add_many(["the protection of children online", "the promotion of standards"])
    assert index.top("protection of chil", 1, 100)[0][0] == 0  # half-typed last word
    assert index.top("the protecton of children", 1, 100)[0][0] == 0  # typo


text_strategy = st.text(alphabet="abc de", min_size=1, max_size=120).map(scoring_form).filter(bool)


@settings(max_examples=300, deadline=None)
@given(text_strategy, text_strategy)
def test_scores_never_exceed_the_length_ceiling(query, choice):
    n = len(query)
    assert precedent_ratio(query, choice) <= _ceiling(len(choice), n, "precedent") + 1e-9
    assert fuzz.WRatio(query, choice, processor=None) <= _ceiling(len(choice), n, "wratio") + 1e-9


@settings(max_examples=300, deadline=None)
@given(text_strategy, text_strategy)
def test_the_lcs_bound_is_above_partial_ratio(query, choice):
    from rapidfuzz.distance import Indel

    short, long_ = sorted((query, choice), key=len)
    lcs = (len(short) + len(long_) - Indel.distance(short, long_)) / 2
    assert fuzz.partial_ratio(short, long_, processor=None) <= 200 * lcs / (len(short) + lcs) + 1e-9
