"""core.negotiation: the wordings on the table for a clause, and their bracketed alternatives (no Qt)."""

from __future__ import annotations

from compile_fixtures import INSTRUCTS, proposer_texts

from cop_drafter.core.brackets import open_brackets
from cop_drafter.core.compilation import ProposerText, compile_proposals
from cop_drafter.core.model import Clause, Resolution, Section, SectionKind
from cop_drafter.core.negotiation import alternatives_text, negotiation_draft, row_for, suppressed_by, wordings


def _compilation():
    base, texts = proposer_texts()
    return base, compile_proposals(base, [ProposerText(name, text) for name, text in texts.items()])


def test_every_base_clause_of_the_negotiation_draft_finds_its_row():
    base, compilation = _compilation()
    draft = negotiation_draft(compilation)
    for _section, clause in draft.current.clauses():
        row = row_for(compilation, clause.uid)
        assert row is not None and row.base_text == clause.text
    assert draft.base is not None and draft.base.header.heading() == base.header.heading()


def test_a_conflict_has_one_wording_per_camp_and_alternatives_name_them():
    _base, compilation = _compilation()
    draft = negotiation_draft(compilation)
    recalling_b = draft.current.find_by_label("recalling", "b)")
    row = row_for(compilation, recalling_b.uid)
    camps = wordings(row)
    assert sorted(names for _text, names in camps) == [["APT"], ["CEPT"], ["CITEL"]]
    text = alternatives_text(row)
    assert text.count("[Alt ") == 3 and "(CITEL): " + row.base_text.rstrip(";") + "]" in text
    clause_res = Resolution(sections=[Section("recalling", SectionKind.PREAMBLE, [Clause(text, "b)")])])
    assert [item.kind for item in open_brackets(clause_res)] == ["alternatives"] * 3


def test_a_suppression_is_no_wording_but_is_named():
    _base, compilation = _compilation()
    draft = negotiation_draft(compilation)
    h = draft.current.find_by_label("taking into account", "h)")
    row = row_for(compilation, h.uid)
    assert suppressed_by(row) == ["CITEL"]
    assert all("CITEL" not in names for _t, names in wordings(row))
    twelve = draft.current.find_by_label(INSTRUCTS, "12")
    assert row_for(compilation, twelve.uid).category in ("one", "conflict")


def test_alternatives_keep_the_clause_end_mark_after_the_last_bracket():
    from cop_drafter.core.checks import run_checks

    _base, compilation = _compilation()
    draft = negotiation_draft(compilation)
    clause = draft.current.find_by_label("recalling", "b)")
    clause.text = alternatives_text(row_for(compilation, clause.uid))
    assert clause.text.endswith("];") and ";]" not in clause.text
    items = [i for i in run_checks(draft.current) if i.uid == clause.uid]
    assert [i.code for i in items] == ["alternatives"], items  # no punctuation finding
    assert len(items[0].message) < 400


def test_the_names_behind_a_passage_are_who_adds_it_or_who_deletes_it():
    from cop_drafter.core.negotiation import bracket_passage, proposers_of

    _base, compilation = _compilation()
    draft = negotiation_draft(compilation)
    row = row_for(compilation, draft.current.find_by_label("recalling", "b)").uid)
    assert proposers_of(row, "(Rev. 2023) of the ITU Council") == ["CEPT"]
    assert proposers_of(row, "with the participation of Member States and Sector Members") == ["APT"]
    assert proposers_of(row, "the secretariat of the Union") == []
    assert bracket_passage("a b c", 2, 3, ["CEPT"]) == "a [CEPT: b] c"
    assert bracket_passage("a b c", 3, 2, []) == "a [b] c"
