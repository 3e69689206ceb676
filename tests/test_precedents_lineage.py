"""Lineage anchored on the text in force (issue 13, Deliver 5): a rewritten draft clause keeps the clause it
modifies, so its lineage is the text in force's clause and that clause's ancestors, then the draft."""

from __future__ import annotations

from cop_drafter.core.draft import Draft
from cop_drafter.core.textdiff import new_text, old_text
from cop_drafter.corpus import corpus_text
from cop_drafter.precedents import PrecedentLibrary

KIGALI = "wtdc-res67-rev-kigali-2022"
REWRITE = ("the importance of empowering children to use the Internet with confidence, through digital literacy "
           "taught at school and at home, so that they stay safe online;")


def test_lineage_of_a_rewritten_clause_starts_at_the_text_in_force():
    # A new revision keeps the heading of the text in force until the delegate edits it (as in the GUI): the
    # wording-based lineage then skipped Kigali 2022 ("not older than the draft") and showed Dubai -> draft.
    draft = Draft.revision_of(corpus_text(KIGALI).resolution, KIGALI)
    clause = draft.current.find_by_label("taking into account", "d)")
    clause.text = REWRITE
    with PrecedentLibrary.in_memory() as library:
        steps = library.lineage(draft.current, clause, base=draft.base)
    where = [(s.source.place, s.source.year, s.source.label, s.source.kind) for s in steps]
    # The text in force, then the draft (whatever its wording now); older ancestors before the text in force.
    assert where[-2:] == [("Kigali", 2022, "d)", "adopted"), ("Kigali", 2022, "d)", "draft")], where
    assert steps[-2].source.bundled and steps[-2].source.doc_id == KIGALI
    assert [y for _p, y, _l, _k in where] == sorted(y for _p, y, _l, _k in where)
    assert steps[-1].text == REWRITE
    assert old_text(steps[-1].diff) == steps[-2].text and new_text(steps[-1].diff) == REWRITE
    assert ("Dubai", 2014, "d)", "adopted") in where  # the text in force's own ancestor
    assert steps[-1].source.describe().startswith("Res 67 (Rev. Kigali, 2022) [draft]")


def test_a_clause_added_by_the_draft_has_no_anchor_and_is_traced_by_its_wording():
    draft = Draft.revision_of(corpus_text(KIGALI).resolution, KIGALI)
    kigali = corpus_text(KIGALI).resolution
    section = next(s for s in draft.current.sections if s.call == "recalling")
    added = type(section.clauses[0])(kigali.find_by_label("recalling", "a)").text, "p)")
    section.clauses.append(added)
    with PrecedentLibrary.in_memory() as library:
        steps = library.lineage(draft.current, added, base=draft.base)
    assert steps[-1].text == added.text and len(steps) >= 2
