"""The clause tree operations in core (no Qt): take a clause out and put it back, and what to select after."""

from __future__ import annotations

from cop_drafter.core.clause_tree import Place, neighbour, place_of, put_clause, section_neighbour, take_clause
from cop_drafter.corpus import SAMPLE_TEXT_ID, corpus_text


def test_take_and_put_back_restore_the_tree_and_the_neighbour_is_in_it():
    res = corpus_text(SAMPLE_TEXT_ID).resolution
    section = res.find_section("recalling")
    before = [c.uid for c in section.clauses]
    clause, place = take_clause(res, before[3])
    assert place == Place(section.uid, None, 3) and clause.uid == before[3]
    assert neighbour(res, place) == before[2], "the clause before it"
    put_clause(res, clause, place)
    assert [c.uid for c in section.clauses] == before and place_of(res, before[3]) == place
    first, first_place = take_clause(res, before[0])
    assert neighbour(res, first_place) == before[1], "the first clause hands over to the one now first"
    put_clause(res, first, first_place)


def test_the_last_clause_of_a_call_hands_over_to_its_call_and_sections_to_a_neighbour():
    res = corpus_text(SAMPLE_TEXT_ID).resolution
    lone = next(s for s in res.sections if len(s.clauses) == 2)
    a, pa = take_clause(res, lone.clauses[0].uid)
    b, pb = take_clause(res, lone.clauses[0].uid)
    assert neighbour(res, pb) == lone.uid
    index = res.sections.index(lone)
    res.sections.remove(lone)
    assert section_neighbour(res, index) == res.sections[index - 1].uid
    res.sections.clear()
    assert section_neighbour(res, 0) == "header"
