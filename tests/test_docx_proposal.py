"""The proposal .docx: accepting every revision gives the revised text, rejecting every one gives the base."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from docx_xml_helpers import (
    W,
    between,
    expected_paragraphs,
    run_texts,
    validated_docx,  # noqa: F401  (autouse: every .docx built is validated)
    view,
    xml,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cop_drafter.cli.main import main
from cop_drafter.core.draft import Draft, ProposalMeta
from cop_drafter.core.model import Clause, Footnote, FootnoteRef, Header, Resolution, Section, SectionKind
from cop_drafter.core.rules import normalise
from cop_drafter.corpus import load_corpus
from cop_drafter.docx.exporters import ProposalExporter

WHEN = datetime(2025, 5, 1, 9, 30, tzinfo=UTC)
NOTE = "These include the least developed countries, small island developing states, landlocked developing " \
       "countries and countries with economies in transition."


def base_resolution() -> Resolution:
    return Resolution(
        header=Header(number="67", revision=True, place="Buenos Aires", year=2017,
                      title="The role of ITU-D in child online protection",
                      body="World Telecommunication Development Conference",
                      conference_line="The World Telecommunication Development Conference (Buenos Aires, 2017),"),
        sections=[
            Section("recognizing", SectionKind.PREAMBLE, [
                Clause("that children use the Internet more and more;", "a)"),
                Clause("that risks grow with use;", "b)"),
                Clause("that helplines exist in many countries,", "c)"),
            ]),
            Section("noting", SectionKind.PREAMBLE, [Clause("the work of CWG-COP.", "")]),
            Section("resolves", SectionKind.OPERATIVE, [
                Clause("to continue the COP initiative;", "1"),
                Clause("to assist developing countries in their strategies:", "2",
                       children=[Clause("by training;", "2.1"), Clause("by guidelines;", "2.2")],
                       footnotes=[FootnoteRef("1", 31)]),
                Clause("to report to the next conference.", "3"),
            ]),
        ],
        footnotes=[Footnote("1", NOTE)],
    )


def revised_draft() -> Draft:
    draft = Draft.revision_of(base_resolution())
    cur = draft.current
    cur.header.place, cur.header.year = "Kigali", 2022
    cur.header.conference_line = "The World Telecommunication Development Conference (Kigali, 2022),"
    recognizing, noting, resolves = cur.sections
    recognizing.clauses[0].text = "that children use the Internet and mobile devices more and more;"
    recognizing.clauses.insert(1, Clause("that the Convention on the Rights of the Child applies online;"))
    del recognizing.clauses[2]  # "that risks grow with use" removed outright
    cur.sections.remove(noting)  # a whole section gone
    cur.sections.insert(2, Section("resolves to instruct the Director of the Telecommunication Development "
                                   "Bureau", SectionKind.OPERATIVE, [Clause("to support Member States.")]))
    draft.suppressed.add(resolves.clauses[0].uid)  # suppressed, kept in the draft
    resolves.clauses[1].children[1].text = "by guidelines and training materials;"
    draft.meta = ProposalMeta(source="EUR", conference="World Telecommunication Development Conference 2025",
                              document="Addendum 17 to Document WTDC-25/23-E", date="1 May 2025",
                              summary="Updates Resolution 67.", reasons="To reflect the work since 2017.")
    return draft


def export(draft: Draft) -> bytes:
    return ProposalExporter(draft, date=WHEN).to_bytes()


def test_accept_all_gives_the_revised_text_and_reject_all_the_base():
    draft = revised_draft()
    doc = xml(export(draft))
    accepted = between(view(doc, "accept"), "Proposal", "Reasons")
    rejected = between(view(doc, "reject"), "Proposal", "Reasons")
    assert accepted == expected_paragraphs(normalise(draft.revised()))
    assert rejected == expected_paragraphs(normalise(draft.base))


def test_revisions_have_author_date_and_unique_ids():
    doc = xml(export(revised_draft()))
    marks = [n for n in doc.iter(f"{W}ins", f"{W}del")]
    assert len(marks) > 10
    ids = [n.get(f"{W}id") for n in marks]
    assert len(ids) == len(set(ids))
    assert {n.get(f"{W}author") for n in marks} == {"EUR"}
    assert {n.get(f"{W}date") for n in marks} == {"2025-05-01T09:30:00Z"}
    assert all(t.getparent().getparent().tag == f"{W}del" for t in doc.iter(f"{W}delText"))


def test_changed_clause_is_marked_word_by_word_and_removed_clauses_whole():
    doc = xml(export(revised_draft()))
    paragraphs = list(doc.find(f"{W}body").iterchildren(f"{W}p"))
    texts = ["".join(p.itertext()) for p in paragraphs]
    changed = paragraphs[next(i for i, t in enumerate(texts) if "mobile devices" in t)]
    inserted = "".join("".join(n.itertext()) for n in changed.iter(f"{W}ins"))
    assert inserted.strip() == "and mobile devices"
    assert changed.find(f"{W}pPr/{W}rPr") is None  # the paragraph itself stays
    removed = paragraphs[next(i for i, t in enumerate(texts) if "risks grow" in t)]
    assert removed.find(f"{W}pPr/{W}rPr/{W}del") is not None
    assert not list(removed.iter(f"{W}t"))  # every character is deleted text
    # The removed clause stands where it stood in the base: right after the clause it followed.
    first = next(i for i, t in enumerate(texts) if "mobile devices" in t)
    assert "risks grow" in texts[first + 1] and "Convention" in texts[first + 2] and "helplines" in texts[first + 3]


def test_heading_and_conference_line_are_revised():
    doc = xml(export(revised_draft()))
    accepted = view(doc, "accept")
    rejected = view(doc, "reject")
    assert ("ResNo", "RESOLUTION 67 (Rev. Kigali, 2022)") in accepted
    assert ("ResNo", "RESOLUTION 67 (Rev. Buenos Aires, 2017)") in rejected
    assert ("Normalaftertitle", "The World Telecommunication Development Conference (Kigali, 2022),") in accepted


def test_proposal_line_cover_and_reasons():
    doc = xml(export(revised_draft()))
    paragraphs = view(doc, "accept")
    proposal = [t for s, t in paragraphs if s == "Proposal"]
    assert proposal == ["MOD\tEUR/23A17/1"]
    assert [t for s, t in paragraphs if s == "Reasons"] == ["Reasons:\tTo reflect the work since 2017."]
    cover = "".join(run_texts(r) for r in doc.find(f"{W}body").iter(f"{W}r"))
    for text in ("PLENARY MEETING", "Addendum 17 to Document WTDC-25/23-E", "1 May 2025", "Original: English",
                 "Updates Resolution 67."):
        assert text in cover
    sources = [p for p in doc.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None
               and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Source"]
    assert [run_texts(p) for p in sources] == ["EUR"]


def test_footnote_kept_in_the_proposal():
    data = export(revised_draft())
    notes = xml(data, "word/footnotes.xml")
    texts = ["".join(n.itertext()).strip() for n in notes.iter(f"{W}footnote") if n.get(f"{W}type") is None]
    assert texts == [NOTE]
    refs = [r.get(f"{W}id") for r in xml(data).iter(f"{W}footnoteReference")]
    assert refs == ["1"]


def test_new_resolution_is_an_add_proposal_without_marks():
    draft = Draft(current=normalise(base_resolution()), meta=ProposalMeta(source="EUR", reasons="New topic."))
    doc = xml(export(draft))
    assert not list(doc.iter(f"{W}ins")) and not list(doc.iter(f"{W}del"))
    paragraphs = view(doc, "accept")
    assert [t for s, t in paragraphs if s == "Proposal"] == ["ADD\tEUR/DOC/1"]
    assert [t for s, t in paragraphs if s == "ResNo"] == ["DRAFT NEW RESOLUTION [EUR-1]"]
    body = between(paragraphs, "Proposal", "Reasons")
    assert body[1:] == expected_paragraphs(normalise(base_resolution()))[1:]


def test_suppressed_resolution_is_a_sup_proposal():
    draft = Draft.revision_of(base_resolution())
    draft.suppressed.update(c.uid for _s, c in draft.current.clauses())
    doc = xml(export(draft))
    paragraphs = view(doc, "accept")
    assert [t for s, t in paragraphs if s == "Proposal"] == ["SUP\tSRC/DOC/1"]
    body = between(paragraphs, "Proposal", "Reasons")
    assert body == ["RESOLUTION 67 (Rev. Buenos Aires, 2017)", "The role of ITU-D in child online protection"]


def _corpus(text_id: str) -> Resolution:
    return next(t.resolution for t in load_corpus() if t.id == text_id)


def test_propose_buenos_aires_2017_to_kigali_2022_end_to_end(tmp_path, capsys, seed_path):
    out = tmp_path / "proposal.docx"
    code = main(["propose", "--base", str(seed_path("001")), "--revised", str(seed_path("003")), "-o", str(out),
                 "--source", "EUR", "--document", "Addendum 17 to Document WTDC-25/23-E", "--conference", "WTDC-25",
                 "--reasons", "Aligns with Kigali."])
    assert code == 0, capsys.readouterr().err
    assert "MOD proposal" in capsys.readouterr().out
    doc = xml(out)
    kigali = normalise(_corpus("wtdc-res67-rev-kigali-2022"))
    buenos_aires = normalise(_corpus("wtdc-res67-rev-buenos-aires-2017"))
    accepted = between(view(doc, "accept"), "Proposal", "Reasons")
    rejected = between(view(doc, "reject"), "Proposal", "Reasons")
    assert accepted == expected_paragraphs(kigali)
    assert rejected == expected_paragraphs(buenos_aires)
    assert accepted[0] == "RESOLUTION 67 (Rev. Kigali, 2022)"
    assert rejected[0] == "RESOLUTION 67 (Rev. Buenos Aires, 2017)"


@pytest.mark.parametrize("target", ["missing-folder/out.docx", "."])
def test_unwritable_output_is_a_clear_error_and_leaves_nothing(tmp_path, capsys, seed_path, target):
    code = main(["propose", "--base", str(seed_path("001")), "--revised", str(seed_path("003")),
                 "-o", str(tmp_path / target), "--draft-cover"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("cop-drafter: ") and "Traceback" not in err
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".docx", ".tmp")] == []


def test_footnote_of_a_removed_clause_is_deleted_with_it():
    draft = Draft.revision_of(base_resolution())
    del draft.current.sections[2].clauses[1]  # the clause carrying the developing-countries footnote
    data = export(draft)
    own = [n for n in xml(data, "word/footnotes.xml").iter(f"{W}footnote") if n.get(f"{W}type") is None]
    assert len(own) == 1
    assert own[0].find(f"{W}p/{W}pPr/{W}rPr/{W}del") is not None
    assert not list(own[0].iter(f"{W}t")) and NOTE in "".join(t.text for t in own[0].iter(f"{W}delText"))
    (ref,) = list(xml(data).iter(f"{W}footnoteReference"))
    assert ref.getparent().getparent().tag == f"{W}del"


EDIT_WORDS = st.lists(st.sampled_from(["children", "online", "the", "Member States", "ITU-D", "(COP)", "2022,"]),
                      min_size=1, max_size=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_edit_round_trips_through_accept_and_reject(data):
    """Reword, suppress, delete, insert and move clauses, move a section: Word's accept/reject gives each text."""
    draft = Draft.revision_of(base_resolution())
    clauses = [c for _s, c in draft.current.clauses()]
    for clause in clauses:
        action = data.draw(st.sampled_from(["keep", "keep", "reword", "suppress", "delete", "insert-after", "move"]))
        section = next((s for s in draft.current.sections if any(c is clause for c in s.walk())), None)
        if section is None:
            continue  # its parent was deleted with it
        siblings = next(lst for lst in [section.clauses, *[c.children for c in section.walk()]]
                        if any(c is clause for c in lst))
        if action == "reword":
            words = clause.text.split()
            at = data.draw(st.integers(0, len(words)))
            words[at:at + data.draw(st.integers(0, 2))] = data.draw(EDIT_WORDS)
            clause.text = " ".join(words)
        elif action == "suppress":
            draft.suppressed.add(clause.uid)
        elif action == "delete":
            siblings.remove(clause)
        elif action == "insert-after":
            siblings.insert(siblings.index(clause) + 1, Clause(" ".join(data.draw(EDIT_WORDS))))
        elif action == "move":
            siblings.remove(clause)
            siblings.insert(data.draw(st.integers(0, len(siblings))), clause)
    if data.draw(st.booleans()):
        sections = draft.current.sections
        sections.insert(data.draw(st.integers(0, len(sections) - 1)), sections.pop())
    if not any(True for _ in draft.revised().clauses()):
        return  # everything gone: a SUP proposal, covered above
    doc = xml(export(draft))
    assert between(view(doc, "accept"), "Proposal", "Reasons") == expected_paragraphs(normalise(draft.revised()))
    assert between(view(doc, "reject"), "Proposal", "Reasons") == expected_paragraphs(normalise(draft.base))


def test_moved_clause_is_moved_from_where_it_was_to_where_it_goes():
    draft = Draft.revision_of(base_resolution())
    clauses = draft.current.sections[0].clauses
    clauses.append(clauses.pop(0))  # a) becomes the last clause
    doc = xml(export(draft))
    assert between(view(doc, "reject"), "Proposal", "Reasons") == expected_paragraphs(normalise(draft.base))
    assert between(view(doc, "accept"), "Proposal", "Reasons") == expected_paragraphs(normalise(draft.revised()))
    texts = [("".join(p.itertext()), p.find(f"{W}pPr/{W}rPr")) for p in doc.find(f"{W}body").iter(f"{W}p")]
    moved = [mark[0].tag.split("}")[1] for text, mark in texts if "use the Internet" in text and mark is not None]
    assert moved == ["moveFrom", "moveTo"]  # a Word move (see test_docx_moves.py)


def test_clause_turned_sub_clause_keeps_each_side_styled():
    draft = Draft.revision_of(base_resolution())
    resolves = draft.current.sections[2]
    last = resolves.clauses.pop()
    resolves.clauses[-1].children.append(last)  # operative 3 becomes 2.3
    doc = xml(export(draft))
    rejected = [(s, t) for s, t in view(doc, "reject") if "next conference" in t]
    accepted = [(s, t) for s, t in view(doc, "accept") if "next conference" in t]
    assert rejected == [("Normal", "3\tto report to the next conference.")]
    assert accepted == [("enumlev1", "2.3\tto report to the next conference.")]


def test_reworded_call_keeps_its_clauses_as_changes_in_place():
    draft = Draft.revision_of(base_resolution())
    old_section = draft.current.sections[2]
    draft.current.sections[2] = Section("resolves to instruct the Secretary-General", SectionKind.OPERATIVE,
                                        old_section.clauses)  # a new section object: its uid is not the base's
    doc = xml(export(draft))
    paragraphs = list(doc.find(f"{W}body").iterchildren(f"{W}p"))
    calls = [p for p in paragraphs if p.find(f"{W}pPr/{W}pStyle") is not None
             and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Call"]
    changed = [p for p in calls if list(p.iter(f"{W}ins"))]
    assert len(changed) == 1 and changed[0].find(f"{W}pPr/{W}rPr") is None  # reworded, not removed + added
    inserted = "".join(t.text for ins in changed[0].iter(f"{W}ins") for t in ins.iter(f"{W}t"))
    assert inserted.strip() == "to instruct the Secretary-General"
    continue_clause = next(p for p in paragraphs if "continue the COP initiative" in "".join(p.itertext()))
    assert continue_clause.find(f"{W}pPr/{W}rPr") is None
    assert between(view(doc, "reject"), "Proposal", "Reasons") == expected_paragraphs(normalise(draft.base))
