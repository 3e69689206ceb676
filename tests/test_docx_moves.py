"""Moved clauses are Word moves (w:moveFrom / w:moveTo inside named move ranges), not a deletion plus an insertion."""

from __future__ import annotations

from docx_xml_helpers import (
    W,
    between,
    body_paragraphs,
    expected_paragraphs,
    validated_docx,  # noqa: F401  (autouse: every .docx built is validated)
    view,
    xml,
)

from cop_drafter.core.draft import Draft
from cop_drafter.core.model import Clause, Header, Resolution, Section, SectionKind
from cop_drafter.core.rules import normalise
from cop_drafter.corpus import load_corpus
from cop_drafter.docx.exporters import ProposalExporter
from cop_drafter.precedents.align import draft_from_revisions

CORPUS = {t.id: t.resolution for t in load_corpus()}


def _base() -> Resolution:
    return Resolution(
        header=Header(number="67", revision=True, place="Buenos Aires", year=2017, title="COP",
                      body="World Telecommunication Development Conference",
                      conference_line="The World Telecommunication Development Conference (Buenos Aires, 2017),"),
        sections=[Section("resolves", SectionKind.OPERATIVE, [
            Clause("to act first;", "1"), Clause("to act second;", "2"), Clause("to act third.", "3")])],
    )


def _moved() -> Draft:
    draft = Draft.revision_of(_base())
    clauses = draft.current.sections[0].clauses
    clauses.insert(0, clauses.pop(2))  # "third" moves to the top
    return draft


def _marks(paragraph, tag: str) -> list:
    return [n for n in paragraph.iter(f"{W}{tag}") if n.getparent().tag != f"{W}rPr"]


def test_a_moved_clause_is_written_as_a_word_move():
    doc = xml(ProposalExporter(_moved()).to_bytes())
    paragraphs = body_paragraphs(doc)
    to = [p for p in paragraphs if p.find(f"{W}moveToRangeStart") is not None]
    frm = [p for p in paragraphs if p.find(f"{W}moveFromRangeStart") is not None]
    assert len(to) == len(frm) == 1
    assert to[0].find(f"{W}moveToRangeStart").get(f"{W}name") == frm[0].find(f"{W}moveFromRangeStart").get(f"{W}name")
    assert "to act third" in "".join(to[0].itertext()) and "to act third" in "".join(frm[0].itertext())
    for paragraph, tag in ((to[0], "moveTo"), (frm[0], "moveFrom")):
        assert _marks(paragraph, "ins") == [] and _marks(paragraph, "del") == []
        assert _marks(paragraph, tag)
        assert paragraph.find(f"{W}pPr/{W}rPr/{W}{tag}") is not None  # the paragraph mark moves too
        assert paragraph.find(f"{W}{tag}RangeEnd").get(f"{W}id") == paragraph.find(f"{W}{tag}RangeStart").get(f"{W}id")
    assert paragraphs.index(to[0]) < paragraphs.index(frm[0])


def test_accepting_or_rejecting_moves_gives_the_two_texts():
    draft = _moved()
    doc = xml(ProposalExporter(draft).to_bytes())
    assert between(view(doc, "accept"), "Proposal", "Reasons") == expected_paragraphs(normalise(draft.revised()))
    assert between(view(doc, "reject"), "Proposal", "Reasons") == expected_paragraphs(normalise(draft.base))


def test_seed_proposal_moves_its_moved_clauses():
    """2014 -> 2017: clauses that changed place (same uid in both texts) come out as moves."""
    draft = draft_from_revisions(CORPUS["wtdc-res67-rev-dubai-2014"], CORPUS["wtdc-res67-rev-buenos-aires-2017"])
    doc = xml(ProposalExporter(draft).to_bytes())
    names_from = {n.get(f"{W}name") for n in doc.iter(f"{W}moveFromRangeStart")}
    names_to = {n.get(f"{W}name") for n in doc.iter(f"{W}moveToRangeStart")}
    assert names_from and names_from == names_to
    assert between(view(doc, "accept"), "Proposal", "Reasons") == expected_paragraphs(normalise(draft.revised()))
    assert between(view(doc, "reject"), "Proposal", "Reasons") == expected_paragraphs(normalise(draft.base))


def test_a_clause_moved_and_reworded_stays_a_deletion_and_an_insertion():
    draft = _moved()
    draft.current.sections[0].clauses[0].text = "to act third and last."
    doc = xml(ProposalExporter(draft).to_bytes())
    assert list(doc.iter(f"{W}moveFromRangeStart")) == [] and list(doc.iter(f"{W}moveToRangeStart")) == []
    assert between(view(doc, "accept"), "Proposal", "Reasons") == expected_paragraphs(normalise(draft.revised()))
    assert between(view(doc, "reject"), "Proposal", "Reasons") == expected_paragraphs(normalise(draft.base))
