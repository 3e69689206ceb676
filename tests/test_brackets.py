"""Square brackets and alternatives left in a negotiated text (issue 14 deliver 5): listed by the checks, and a
clean export refuses to hand them in silently."""

from __future__ import annotations

import pytest
from docx_xml_helpers import view, xml

from cop_drafter.cli.main import main
from cop_drafter.core.brackets import open_brackets, query_text
from cop_drafter.core.checks import run_checks
from cop_drafter.core.draft import Draft
from cop_drafter.formats.project import save_project
from cop_drafter.formats.reader import read_resolution


def _draft(seed_path, edits: dict[int, str]) -> Draft:
    draft = Draft.revision_of(read_resolution(seed_path("003")))
    clauses = [c for _s, c in draft.current.clauses()]
    for index, text in edits.items():
        clauses[index].text = text
    return draft


def test_brackets_alternatives_and_an_unclosed_bracket_are_found_where_they_are(seed_path):
    draft = _draft(seed_path, {
        2: "that children [and young people] [APT] are at risk online;",
        5: "[Alt 1: to invite Member States] [Alt 2: to encourage Member States] to cooperate;",
        7: "to report [to Council on progress;",
    })
    found = open_brackets(draft.current)
    clauses = [c for _s, c in draft.current.clauses()]
    kinds = {(item.uid, item.kind) for item in found}
    assert (clauses[2].uid, "brackets") in kinds
    assert (clauses[5].uid, "alternatives") in kinds
    assert (clauses[7].uid, "unclosed") in kinds
    texts = [item.text for item in found if item.uid == clauses[2].uid]
    assert texts == ["[and young people]", "[APT]"]
    codes = {item.code for item in run_checks(draft.current)}
    assert {"square-brackets", "alternatives", "unclosed-bracket"} <= codes


def test_the_seeds_own_ellipses_and_plain_texts_raise_nothing(seed_path):
    for key in ("000", "001", "002", "003", "004"):
        resolution = read_resolution(seed_path(key))
        assert open_brackets(resolution) == [], key  # "[…]" in the 2014 text is an ellipsis, not a bracket


def test_clean_export_refuses_brackets_then_writes_them_on_request(seed_path, tmp_path, capsys):
    project = tmp_path / "neg.copdraft"
    save_project(_draft(seed_path, {2: "that children [and young people] are at risk online;"}), project)
    out = tmp_path / "clean.docx"
    assert main(["export", str(project), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "[and young people]" in err and "--keep-brackets" in err
    assert not out.exists()
    assert main(["export", str(project), "-o", str(out), "--keep-brackets"]) == 0
    assert out.exists()


@pytest.mark.parametrize("text", ["[", "]", "[[[[", "a [b [c] d] e", "[" * 5000 + "x"])
def test_odd_bracket_shapes_never_raise(text, seed_path):
    draft = _draft(seed_path, {1: text})
    open_brackets(draft.current)  # no exception, whatever the shape


def test_a_proposal_keeps_its_brackets_and_says_so(seed_path, tmp_path, capsys):
    project = tmp_path / "neg.copdraft"
    draft = _draft(seed_path, {2: "that children [and young people] are at risk online;"})
    draft.meta.source, draft.meta.source_code = "Asia-Pacific Telecommunity", "APT"
    save_project(draft, project)
    out = tmp_path / "proposal.docx"
    assert main(["propose", str(project), "-o", str(out), "--draft-cover"]) == 0
    assert "[and young people]" in capsys.readouterr().err
    accepted = view(xml(out), "accept")
    assert any("[and young people]" in text for _style, text in accepted)


@pytest.mark.parametrize(("typed", "looked_up"), [
    ("that children [and young people] [APT] are at risk online;", "that children and young people are at risk online;"),
    ("[Alt 1 (APT, CITEL): to invite Member States] [Alt 2 (CEPT): to encourage States];", "to invite Member States"),
    ("to report [to Council on progress;", "to report to Council on progress;"),
    ("to assist [Alt 1 (APT): all Member States] [Alt 2 (CEPT): the least developed countries] in raising awareness;",
     "to assist all Member States in raising awareness;"),  # a merge's alternatives for a few words
    ("no brackets at all;", "no brackets at all;"),
    ("that children [APT, CITEL: and young people] are at risk;", "that children and young people are at risk;"),
])
def test_precedents_look_up_the_words_of_a_bracketed_clause(typed, looked_up):
    assert query_text(typed) == looked_up
