"""Compiling several administrations' proposals on one base text, clause by clause (issue 14, deliver 2)."""

from __future__ import annotations

from cop_drafter.core.compilation import (
    AGREED,
    CONFLICT,
    ONE,
    UNCHANGED,
    ProposerText,
    compile_proposals,
)
from cop_drafter.core.model import Clause, Header, Resolution, Section, SectionKind


def base() -> Resolution:
    return Resolution(
        header=Header(number="67", revision=True, place="Buenos Aires", year=2017, title="Child online protection",
                      conference_line="The World Telecommunication Development Conference (Buenos Aires, 2017),"),
        sections=[
            Section("recognizing", SectionKind.PREAMBLE, [
                Clause("that children use the Internet more and more every year;", "a)"),
                Clause("that online risks grow with the use of mobile devices by children;", "b)"),
                Clause("that child helplines exist in many countries of every region,", "c)"),
            ]),
            Section("resolves", SectionKind.OPERATIVE, [
                Clause("to continue the child online protection initiative with all partners;", "1"),
                Clause("to assist developing countries in drawing up national strategies;", "2"),
                Clause("to report on the implementation of this resolution to the next conference.", "3"),
            ]),
        ],
    )


def _edit(resolution: Resolution, call: str, label: str, text: str) -> None:
    clause = resolution.find_by_label(call, label)
    assert clause is not None
    clause.text = text


def constructed() -> tuple[Resolution, list[ProposerText]]:
    """A: rewords b) and 2; B: rewords b) like A, rewords 1, suppresses 3; C: rewords b) otherwise, 2 like A."""
    a, b, c = base().copy(), base().copy(), base().copy()
    _edit(a, "recognizing", "b)", "that online risks grow quickly with the use of mobile devices by children;")
    _edit(a, "resolves", "2", "to assist developing countries in drawing up and implementing national strategies;")
    _edit(b, "recognizing", "b)", "that online risks grow quickly with the use of mobile devices by children;")
    _edit(b, "resolves", "1", "to continue the child online protection initiative with all its partners;")
    b.find_section("resolves").clauses.pop(2)  # type: ignore[union-attr]
    _edit(c, "recognizing", "b)", "that online risks to children grow with the use of mobile devices;")
    _edit(c, "resolves", "2", "to assist developing countries in drawing up and implementing national strategies;")
    return base(), [ProposerText("A", a, {}), ProposerText("B", b, {}), ProposerText("C", c, {})]


def _row(compilation, text_start: str):
    return next(r for r in compilation.rows if (r.base_text or r.versions[0].text or "").startswith(text_start)
                or any(v.text.startswith(text_start) for v in r.versions))


def test_categories_and_counts_of_a_constructed_case():
    old, proposals = constructed()
    compilation = compile_proposals(old, proposals)
    assert compilation.proposers == ["A", "B", "C"]
    assert _row(compilation, "that children use").category == UNCHANGED
    assert _row(compilation, "that online risks grow with").category == CONFLICT  # A = B, C differs
    assert _row(compilation, "to assist developing").category == AGREED  # A and C, same words; B no change
    assert _row(compilation, "to continue the child").category == ONE  # only B
    suppressed = _row(compilation, "to report on")
    assert suppressed.category == ONE
    assert [v.status for v in suppressed.versions] == ["NOC", "SUP", "NOC"]
    clause_counts = compilation.counts()
    assert clause_counts == {UNCHANGED: 2, AGREED: 1, ONE: 2, CONFLICT: 1}
    assert [r.base_text[:12] for r in compilation.clause_rows()] == [
        r.base_text[:12] for r in compilation.clause_rows() if r.base_text]  # no added row here
    assert len(compilation.clause_rows()) == 6


def test_word_differences_per_proposer():
    old, proposals = constructed()
    row = _row(compilation := compile_proposals(old, proposals), "to assist developing")
    a = row.version("A")
    assert a.status == "MOD"
    assert [(p.op, p.text) for p in a.diff if p.op != "equal"] == [("insert", "and implementing ")]
    assert row.version("B").status == "NOC" and row.version("B").diff == []
    assert compilation.to_dict()["counts"] == {"unchanged": 2, "agreed": 1, "one": 2, "conflict": 1}


def test_added_clause_placed_where_its_proposer_put_it_and_renumbering_lines_up():
    old = base()
    moved = base().copy()
    resolves = moved.find_section("resolves")
    assert resolves is not None
    # Insert a new clause after 1, renumber 2 -> 3 and 3 -> 4, and move recognizing c) before a).
    resolves.clauses.insert(1, Clause("to set up a regional centre for child helplines in every region;", "2"))
    for clause, label in zip(resolves.clauses, "1234", strict=True):
        clause.label = label
    recognizing = moved.sections[0]
    recognizing.clauses.insert(0, recognizing.clauses.pop(2))
    compilation = compile_proposals(old, [ProposerText("CITEL", moved, {"x": "unused"})])
    texts = [(r.base_text or "")[:15] for r in compilation.clause_rows()]
    assert texts == ["that children u", "that online ris", "that child help", "to continue the", "",
                     "to assist devel", "to report on th"]
    added = compilation.clause_rows()[4]
    assert added.category == ONE and added.version("CITEL").status == "ADD"
    assert added.call == "resolves"
    statuses = [r.version("CITEL").status for r in compilation.clause_rows()]
    assert statuses == ["NOC", "NOC", "NOC", "NOC", "ADD", "NOC", "NOC"]


def test_two_proposers_adding_the_same_clause_share_one_row():
    old = base()
    a, b = base().copy(), base().copy()
    for text in (a, b):
        text.find_section("resolves").clauses.append(  # type: ignore[union-attr]
            Clause("to invite Member States to designate a national child online protection focal point;", "4"))
    compilation = compile_proposals(old, [ProposerText("A", a, {}), ProposerText("B", b, {})])
    added = [r for r in compilation.clause_rows() if r.base_text is None]
    assert len(added) == 1 and added[0].category == AGREED


def test_reasons_follow_the_clause():
    old = base()
    a = base().copy()
    clause = a.find_by_label("resolves", "1")
    assert clause is not None
    clause.text = "to continue and strengthen the child online protection initiative with all partners;"
    compilation = compile_proposals(old, [ProposerText("APT", a, {clause.uid: "Stronger mandate."})])
    assert _row(compilation, "to continue").version("APT").reasons == "Stronger mandate."


def test_header_rows_compare_heading_and_conference_line():
    old = base()
    a = base().copy()
    a.header.place, a.header.year = "Kigali", 2022
    compilation = compile_proposals(old, [ProposerText("APT", a, {})])
    heading = compilation.rows[0]
    assert heading.kind == "heading" and heading.version("APT").status == "MOD"
    assert heading.version("APT").text == "RESOLUTION 67 (Rev. Kigali, 2022)"
