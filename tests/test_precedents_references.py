"""References a precedent would bring into a draft that the text in force does not make (issue 13, Deliver 4)."""

from __future__ import annotations

from cop_drafter.corpus import corpus_text
from cop_drafter.precedents.references import brought_in, not_in_force, references

DUBAI, KIGALI = "wtdc-res67-rev-dubai-2014", "wtdc-res67-rev-kigali-2022"
INSTRUCTS = "instructs the Director of the Telecommunication Development Bureau"


def texts(doc_id: str) -> list[str]:
    return [c.text for _s, c in corpus_text(doc_id).resolution.clauses()]


def test_the_dubai_2014_clause_brings_programme_2_and_question_22_into_a_kigali_based_draft():
    dubai = corpus_text(DUBAI).resolution.find_by_label(INSTRUCTS, "1").text
    refs = not_in_force(dubai, texts(KIGALI))
    assert [r.text for r in refs] == ["Programme 2", "Question 22-2/1", "Study Group 1"]
    assert brought_in(refs, 2014) == "brought in from 2014: Programme 2, Question 22-2/1 of Study Group 1"
    assert all(dubai[r.start:r.end] == r.text for r in refs)  # offsets for highlighting


def test_references_the_text_in_force_makes_are_not_flagged():
    kigali = texts(KIGALI)
    for text in kigali:
        assert not_in_force(text, kigali) == []
    assert not_in_force("the work under way in Question 3/2 of ITU-D Study Group 2", kigali) == []
    assert not_in_force("Resolution 1306 adopted by the ITU Council", kigali) == []


def test_an_older_revision_of_a_cited_resolution_is_flagged_with_its_year_kept_inside():
    refs = not_in_force("Resolution 179 (Rev. Busan, 2014) of the Plenipotentiary Conference", texts(KIGALI))
    assert [(r.kind, r.text) for r in refs] == [("resolution", "Resolution 179 (Rev. Busan, 2014)")]
    assert [r.kind for r in references("at its 2009 session, Resolution 45 (Rev. Kigali, 2022)")] == [
        "year", "resolution"]
    assert brought_in([], 2014) == ""
