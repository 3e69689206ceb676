"""One proposal for one project, whichever way it leaves the app (issue 10 repro 5, issue 9 repro 10).

A project with one rewritten (MOD) and one suppressed (SUP) clause, each with its reason: `cop-drafter propose`
must count what the outline shows and print both reasons, one paragraph each, and give the same document.xml
as the GUI's export.
"""

from __future__ import annotations

import json
import re

import pytest
from docx_xml_helpers import between, parts, view, xml

from cop_drafter.cli.main import main
from cop_drafter.core.draft import Draft, ProposalMeta
from cop_drafter.core.proposal import build_proposal, clause_reasons, missing_cover_fields
from cop_drafter.formats.project import save_project
from cop_drafter.formats.reader import read_resolution

REWRITTEN = "that every Member State should name one national contact point for child online protection;"
META = ProposalMeta(source="Member States of the CEPT", source_code="EUR",
                    conference="World Telecommunication Development Conference 2025 (WTDC-25)",
                    document="Addendum 17 to Document WTDC-25/23-E", date="15 September 2025")


def one_mod_one_sup(seed_path) -> tuple[Draft, str, str]:
    """Kigali 2022 with recognizing a) rewritten and recognizing b) suppressed, a reason on each."""
    draft = Draft.revision_of(read_resolution(seed_path("003")), "003")
    recognizing = next(s for s in draft.current.sections if s.call.startswith("recognizing"))
    modified, suppressed = recognizing.clauses[0], recognizing.clauses[1]
    modified.text = REWRITTEN
    draft.suppressed.add(suppressed.uid)
    draft.reasons[suppressed.uid] = "Covered by the new a)."
    draft.reasons[modified.uid] = "One contact point per State makes cooperation faster."
    draft.meta = ProposalMeta(**vars(META))
    return draft, modified.uid, suppressed.uid


@pytest.fixture
def project(tmp_path, seed_path):
    draft, _mod, _sup = one_mod_one_sup(seed_path)
    return save_project(draft, tmp_path / "Res 67 EUR.copdraft")


def propose_json(args: list[str], capsys) -> dict:
    code = main(["propose", *args, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def reasons_of(path) -> list[str]:
    """The paragraphs from "Reasons:" to the end of the document, as Word shows them."""
    paragraphs = [text for _style, text in view(xml(path), "accept")]
    start = next(i for i, text in enumerate(paragraphs) if text.startswith("Reasons:"))
    return [text for text in paragraphs[start:] if text.strip()]


def test_builder_counts_what_the_outline_shows_and_keeps_each_reason(seed_path):
    draft, modified, suppressed = one_mod_one_sup(seed_path)
    proposal = build_proposal(draft)
    assert proposal.action == "MOD"
    assert {k: v for k, v in proposal.counts.items() if k != "NOC"} == {"MOD": 1, "ADD": 0, "SUP": 1}
    assert proposal.reasons == ["recognizing a): One contact point per State makes cooperation faster.",
                                "recognizing b): Covered by the new a)."]
    assert proposal.draft is not draft and proposal.missing_cover == []


def test_the_delegates_own_reasons_text_replaces_the_clause_reasons(seed_path):
    draft, _mod, _sup = one_mod_one_sup(seed_path)
    draft.meta.reasons = "  Aligns Resolution 67 with the 2025 Guidelines.  "
    assert build_proposal(draft).reasons == ["Aligns Resolution 67 with the 2025 Guidelines."]


def test_reasons_name_the_clause_as_printed_after_relabelling(seed_path):
    """A clause inserted before a) shifts the labels: the reason names the label the proposal prints."""
    draft, modified, _sup = one_mod_one_sup(seed_path)
    recognizing = next(s for s in draft.current.sections if s.call.startswith("recognizing"))
    from cop_drafter.core.model import Clause

    recognizing.clauses.insert(0, Clause("that a new clause comes first;", "a)"))
    assert clause_reasons(draft)[0].startswith("recognizing b): One contact point")


def test_cover_fields_left_empty_are_named():
    assert missing_cover_fields(ProposalMeta()) == ["conference", "document", "source"]
    assert missing_cover_fields(ProposalMeta(conference="WTDC-25", source=" ")) == ["document", "source"]


# -- repro 5: the CLI flattened the project, 1 MOD + 1 SUP became "1 ADD and 2 SUP" ------------------------------
def test_propose_with_the_project_as_revised_counts_one_mod_and_one_sup(project, tmp_path, capsys, seed_path):
    summary = propose_json(["--base", str(seed_path("003")), "--revised", str(project),
                            "-o", str(tmp_path / "out.docx")], capsys)
    assert {k: summary["clauses"][k] for k in ("MOD", "ADD", "SUP")} == {"MOD": 1, "ADD": 0, "SUP": 1}


def test_propose_project_keeps_the_per_clause_reasons_one_paragraph_each(project, tmp_path, capsys):
    out = tmp_path / "proposal.docx"
    summary = propose_json([str(project), "-o", str(out)], capsys)
    assert summary["action"] == "MOD"
    assert {k: summary["clauses"][k] for k in ("MOD", "ADD", "SUP")} == {"MOD": 1, "ADD": 0, "SUP": 1}
    assert reasons_of(out) == ["Reasons:\trecognizing a): One contact point per State makes cooperation faster.",
                               "\trecognizing b): Covered by the new a)."]
    accepted = between(view(xml(out), "accept"), "Proposal", "Reasons")
    assert "a)\t" + REWRITTEN in accepted


def test_propose_names_the_empty_cover_fields(project, tmp_path, capsys, seed_path):
    """Issue 12: a cover missing conference, document or source is refused in one line unless --draft-cover."""
    code = main(["propose", "--base", str(seed_path("001")), "--revised", str(seed_path("003")),
                 "-o", str(tmp_path / "r.docx"), "--source", "EUR"])
    err = capsys.readouterr().err
    assert code == 2 and "no conference, document" in err and "--draft-cover" in err
    assert not (tmp_path / "r.docx").exists()
    summary = propose_json(["--base", str(seed_path("001")), "--revised", str(seed_path("003")),
                            "-o", str(tmp_path / "p.docx"), "--source", "EUR", "--draft-cover"], capsys)
    assert summary["cover_missing"] == ["conference", "document"]
    code = main(["propose", "--base", str(seed_path("001")), "--revised", str(seed_path("003")),
                 "-o", str(tmp_path / "q.docx"), "--draft-cover"])
    assert code == 0 and "note: the cover has no conference, document or source" in capsys.readouterr().err


def test_propose_prints_the_counts_in_words(project, tmp_path, capsys):
    assert main(["propose", str(project), "-o", str(tmp_path / "p.docx")]) == 0
    line = capsys.readouterr().out
    assert "MOD proposal" in line and "1 MOD, 0 ADD, 1 SUP" in line


def test_propose_without_a_project_or_base_says_what_it_needs(tmp_path, capsys, seed_path):
    code = main(["propose", str(seed_path("003")), "-o", str(tmp_path / "p.docx")])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("cop-drafter: ") and "--base" in err and "Traceback" not in err
    assert not (tmp_path / "p.docx").exists()


def test_export_of_a_project_leaves_the_suppressed_clause_out(project, tmp_path, capsys):
    out = tmp_path / "clean.docx"
    assert main(["export", str(project), "-o", str(out)]) == 0, capsys.readouterr().err
    text = "\n".join(t for _s, t in view(xml(out), "accept"))
    assert REWRITTEN.rstrip(";") in text
    assert "Covered by" not in text  # a clean resolution has no Reasons


# -- Deliver 4: the CLI and the GUI write the same proposal ---------------------------------------------------
_DATES = re.compile(rb'\sw:date="[^"]*"')


def test_cli_and_gui_write_the_same_proposal(project, tmp_path, capsys):
    from cop_drafter.formats.reader import read_draft
    from cop_drafter.gui.export import PROPOSAL, export_draft

    by_cli, by_gui = tmp_path / "cli.docx", tmp_path / "gui.docx"
    assert main(["propose", str(project), "-o", str(by_cli)]) == 0, capsys.readouterr().err
    export_draft(read_draft(project), PROPOSAL, by_gui)
    cli_xml, gui_xml = (_DATES.sub(b"", parts(p)["word/document.xml"]) for p in (by_cli, by_gui))
    assert b"w:del " in cli_xml and b"Covered by the new a)." in cli_xml  # a real proposal, not two empty ones
    assert cli_xml == gui_xml


def test_a_check_names_the_cover_fields_still_empty(seed_path):
    from cop_drafter.core.checks import run_checks

    draft, _mod, _sup = one_mod_one_sup(seed_path)
    assert not [i for i in run_checks(draft.revised(), meta=draft.meta) if i.code == "cover-missing"]
    draft.meta.conference = draft.meta.source = ""
    (item,) = [i for i in run_checks(draft.revised(), meta=draft.meta) if i.code == "cover-missing"]
    assert item.message.startswith("proposal cover: no conference or source")


def test_propose_refuses_a_base_the_project_does_not_revise(project, tmp_path, capsys, seed_path):
    out = tmp_path / "p.docx"
    code = main(["propose", str(project), "--base", str(seed_path("001")), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "revises another text" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_propose_refuses_a_project_as_the_text_in_force(project, tmp_path, capsys, seed_path):
    code = main(["propose", "--base", str(project), "--revised", str(seed_path("003")), "-o", str(tmp_path / "p.docx")])
    err = capsys.readouterr().err
    assert code == 2 and "is a draft project, not a text" in err


def test_propose_options_replace_the_projects_cover_fields(project, tmp_path, capsys):
    out = tmp_path / "p.docx"
    propose_json([str(project), "-o", str(out), "--source-code", "ACP", "--reasons", "Our own reasons."], capsys)
    paragraphs = [t for _s, t in view(xml(out), "accept")]
    assert "MOD\tACP/23A17/1" in paragraphs  # the project's document, the option's source code
    assert reasons_of(out) == ["Reasons:\tOur own reasons."]


# -- issue 10 Deliver 9: one spelling of "Res 67 (Rev. Kigali, 2022)" -------------------------------------------
@pytest.mark.parametrize(("number", "place", "year", "revision", "short"), [
    ("67", "Kigali", 2022, True, "Res 67 (Rev. Kigali, 2022)"),
    ("179", "Guadalajara", 2010, False, "Res 179 (Guadalajara, 2010)"),
    ("67", "", 2022, True, "Res 67 (Rev. 2022)"),
    ("67", "", None, False, "Res 67"),
])
def test_every_layer_names_a_revision_the_same_way(number, place, year, revision, short):
    from cop_drafter.core.checks import KnownRevision
    from cop_drafter.core.model import Header
    from cop_drafter.precedents.library import Source

    header = Header(number=number, place=place, year=year, revision=revision)
    source = Source("doc", number, place, year, "recognizing", "a)", revision=revision)
    assert header.short_name() == short
    assert source.describe() == f"{short}, recognizing a)"
    if year:  # the library's texts always have a year
        assert KnownRevision(number, place, year, revision).reference() == short.replace("Res ", "Resolution ")
