"""Aligning two revisions by content: hand-checked pairs from the seeds, and the assignment's optimality."""

from __future__ import annotations

import functools
import itertools
import random

import pytest

from cop_drafter.core.draft import ClauseStatus
from cop_drafter.corpus import corpus_text
from cop_drafter.precedents.align import align_resolutions, draft_from_revisions, hungarian

DUBAI, BUENOS_AIRES, KIGALI = "wtdc-res67-rev-dubai-2014", "wtdc-res67-rev-buenos-aires-2017", "wtdc-res67-rev-kigali-2022"
TDB_2017 = "instructs the Director of the Telecommunication Development Bureau"
TDB_2022 = "resolves to instruct the Director of the Telecommunication Development Bureau"


@functools.cache
def pairs(old_id: str, new_id: str) -> dict[tuple[str, str] | None, tuple[str, str] | None]:
    rows = align_resolutions(corpus_text(old_id).resolution, corpus_text(new_id).resolution)
    out: dict = {}
    for row in rows:
        old = (row.old_section.call, row.old.label) if row.old else None
        new = (row.new_section.call, row.new.label) if row.new else None
        if old:
            out[old] = new
    return out


def test_every_clause_of_both_texts_appears_once():
    old, new = corpus_text(BUENOS_AIRES).resolution, corpus_text(KIGALI).resolution
    rows = align_resolutions(old, new)
    assert sorted(id(r.old) for r in rows if r.old) == sorted(id(c) for _s, c in old.clauses())
    assert sorted(id(r.new) for r in rows if r.new) == sorted(id(c) for _s, c in new.clauses())
    assert [r.new.uid for r in rows if r.new] == [c.uid for _s, c in new.clauses()]  # the newer order


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (("recalling", "c)"), ("recalling", "d)")),  # Resolution 179 moved down one letter
        (("recalling", "d)"), ("recalling", "c)")),  # and the CWG-COP outcomes moved up
        (("recalling", "i)"), ("recalling", "k)")),
        (("taking into account", "e)"), ("taking into account", "g)")),
        ((TDB_2017, "1"), (TDB_2022, "1")),  # the call words changed, the clause did not move
        ((TDB_2017, "14"), (TDB_2022, "12")),
        (("invites Member States", "6"), ("invites Member States", "1")),
        (("invites Member States", "1"), ("invites Member States and Sector Members", "1")),
        ((TDB_2017, "7"), None),  # "to disseminate these guiding principles" was suppressed
    ],
)
def test_buenos_aires_2017_to_kigali_2022(old, new):
    assert pairs(BUENOS_AIRES, KIGALI)[old] == new


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (("recalling", "d)"), ("recalling", "e)")),
        (("recalling", "g)"), ("recalling", "i)")),  # the Tunis paragraph was cut down
        (("taking into account", "c)"), ("taking into account", "a)")),
        (("instructs the Director of the Telecommunication Development Bureau", "5"),
         ("instructs the Director of the Telecommunication Development Bureau", "14")),
        (("taking into account", "a)"), None),
        (("invites Sector Members", "2"), None),  # "to draft guidelines for smartphones"
    ],
)
def test_dubai_2014_to_buenos_aires_2017(old, new):
    assert pairs(DUBAI, BUENOS_AIRES)[old] == new


def test_draft_from_revisions_gives_statuses():
    old, new = corpus_text(BUENOS_AIRES).resolution, corpus_text(KIGALI).resolution
    draft = draft_from_revisions(old, new)
    statuses = draft.statuses()
    recalling = draft.current.find_section("recalling")
    assert statuses[recalling.clauses[0].uid] is ClauseStatus.NOC  # memorandum of understanding
    assert statuses[recalling.clauses[3].uid] is ClauseStatus.MOD  # Res 179 Busan 2014 -> Dubai 2018
    assert statuses[recalling.clauses[8].uid] is ClauseStatus.ADD  # Human Rights Council 20/8
    removed = [c.text for _s, c in draft.removed_base_clauses()]
    assert any(t.startswith("to disseminate these guiding principles") for t in removed)
    counted = sum(1 for s in statuses.values() if s is not ClauseStatus.ADD) + len(removed)
    assert counted == sum(1 for _ in old.clauses())
    assert len({c.uid for _s, c in draft.current.clauses()}) == len(statuses)


def test_same_text_aligns_to_itself_without_shared_identities():
    text = corpus_text(KIGALI).resolution
    draft = draft_from_revisions(text, text.copy())
    assert set(draft.statuses().values()) == {ClauseStatus.NOC}
    assert draft.removed_base_clauses() == []


def test_hungarian_is_optimal_on_random_matrices():
    rng = random.Random(7)
    for _ in range(60):
        n, m = rng.randint(1, 6), rng.randint(6, 7)
        cost = [[rng.randint(0, 50) for _ in range(m)] for _ in range(n)]
        assignment = hungarian(cost)
        assert len(set(assignment)) == n
        best = min(sum(cost[i][p[i]] for i in range(n)) for p in itertools.permutations(range(m), n))
        assert sum(cost[i][assignment[i]] for i in range(n)) == best
