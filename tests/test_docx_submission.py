"""Several proposals in one submission: after one cover, MOD Res. 67, ADD a draft new resolution and SUP the
Council Res. 1306 draft, numbered EUR/23A17/1, /2, /3, each with its Reasons; from Python and the CLI."""

from __future__ import annotations

import json

from docx_xml_helpers import (
    W,
    body_paragraphs,
    expected_paragraphs,
    run_texts,
    style_of,
    validated_docx,  # noqa: F401  (autouse: every .docx built is validated)
    view,
    xml,
)

from cop_drafter.cli.main import main
from cop_drafter.core.draft import Draft, ProposalMeta
from cop_drafter.core.model import Clause, Header, Resolution, Section, SectionKind
from cop_drafter.core.rules import normalise
from cop_drafter.corpus import load_corpus
from cop_drafter.docx.submission import SubmissionExporter
from cop_drafter.formats.project import save_project
from cop_drafter.precedents.align import draft_from_revisions

CORPUS = {t.id: t.resolution for t in load_corpus()}
META = ProposalMeta(source="EUR", conference="World Telecommunication Development Conference 2025 (WTDC-25)",
                    document="Addendum 17 to Document WTDC-25/23-E", date="1 May 2025")


def _new_resolution() -> Resolution:
    return Resolution(
        header=Header(doc_type="DRAFT NEW RESOLUTION", number="", title="Test new resolution"),
        sections=[Section("considering", SectionKind.PREAMBLE, [Clause("that a test is needed,", "a)")]),
                  Section("resolves", SectionKind.OPERATIVE, [Clause("to test.", "")])],
    )


def three_drafts() -> list[Draft]:
    mod = draft_from_revisions(CORPUS["wtdc-res67-rev-buenos-aires-2017"], CORPUS["wtdc-res67-rev-kigali-2022"])
    mod.meta = ProposalMeta(reasons="Aligns with Kigali.")
    add = Draft(current=_new_resolution(), meta=ProposalMeta(reasons="A new subject."))
    sup = Draft.revision_of(CORPUS["council-res1306-draft"])
    sup.suppressed.update(c.uid for _s, c in sup.current.clauses())
    sup.meta = ProposalMeta(reasons="Overtaken by Resolution 179.")
    return [mod, add, sup]


def _paragraphs(data: bytes) -> list[tuple[str, str]]:
    return [(style_of(p), run_texts(p)) for p in body_paragraphs(xml(data))]


def test_three_proposals_in_sequence_each_with_its_reasons():
    drafts = three_drafts()
    data = SubmissionExporter(drafts, META).to_bytes()
    paragraphs = _paragraphs(data)
    assert [t for s, t in paragraphs if s == "Proposal"] == ["MOD\tEUR/23A17/1", "ADD\tEUR/23A17/2",
                                                            "SUP\tEUR/23A17/3"]
    assert [t for s, t in paragraphs if s == "Reasons"] == [
        "Reasons:\tAligns with Kigali.", "Reasons:\tA new subject.", "Reasons:\tOvertaken by Resolution 179."]
    headings = [t for s, t in view(xml(data), "accept") if s == "ResNo"]
    assert headings == ["RESOLUTION 67 (Rev. Kigali, 2022)", "DRAFT NEW RESOLUTION [EUR-1]",
                        normalise(CORPUS["council-res1306-draft"]).header.heading()]
    assert len(list(xml(data).find(f"{W}body").iter(f"{W}tbl"))) == 1  # one cover


def test_accept_and_reject_give_each_proposals_texts():
    drafts = three_drafts()
    doc = xml(SubmissionExporter(drafts, META).to_bytes())
    for mode, pick in (("accept", lambda d: d.revised()), ("reject", lambda d: d.base)):
        paragraphs = view(doc, mode)
        styles = [s for s, _t in paragraphs]
        first = styles.index("Proposal")
        reasons = styles.index("Reasons")
        assert [t for _s, t in paragraphs[first + 1:reasons]] == expected_paragraphs(normalise(pick(drafts[0])))
    add = [t for s, t in view(doc, "accept")]
    assert "that a test is needed," in add and "to test." in add


def test_footnotes_and_revision_ids_are_unique_across_proposals():
    drafts = three_drafts()
    drafts.append(draft_from_revisions(CORPUS["wtdc-res67-rev-dubai-2014"], CORPUS["wtdc-res67-rev-buenos-aires-2017"]))
    doc = xml(SubmissionExporter(drafts, META).to_bytes())
    ids = [n.get(f"{W}id") for n in doc.iter(f"{W}ins", f"{W}del", f"{W}moveFrom", f"{W}moveTo")]
    assert len(ids) == len(set(ids)) > 10
    refs = [n.get(f"{W}id") for n in doc.iter(f"{W}footnoteReference")]
    assert len(refs) == len(set(refs)) >= 2


def test_cli_submission_file(tmp_path, capsys):
    drafts = three_drafts()
    names = []
    for i, draft in enumerate(drafts):
        names.append(f"draft{i}.copdraft")
        save_project(draft, tmp_path / names[-1])
    spec = {"cover": {"source": "EUR", "conference": META.conference, "document": META.document,
                      "date": "1 May 2025", "conference_place": "Baku, Azerbaijan"},
            "proposals": [{"draft": n} for n in names]}
    spec["proposals"][1]["reasons"] = "Overridden reason."
    (tmp_path / "submission.json").write_text(json.dumps(spec), encoding="utf-8")
    out = tmp_path / "out.docx"
    assert main(["propose", "--submission", str(tmp_path / "submission.json"), "-o", str(out)]) == 0, \
        capsys.readouterr().err
    assert "3 proposals" in capsys.readouterr().out
    paragraphs = _paragraphs(out.read_bytes())
    assert [t for s, t in paragraphs if s == "Proposal"] == ["MOD\tEUR/23A17/1", "ADD\tEUR/23A17/2",
                                                            "SUP\tEUR/23A17/3"]
    assert "Reasons:\tOverridden reason." in [t for s, t in paragraphs]


def test_cli_submission_bad_files_are_one_line(tmp_path, capsys):
    out = tmp_path / "out.docx"
    cases = {
        "not json": "{",
        "no proposals": json.dumps({"cover": {}, "proposals": []}),
        "missing draft": json.dumps({"cover": {"source": "EUR", "conference": "C", "document": "Document 1"},
                                     "proposals": [{"draft": "nowhere.copdraft"}]}),
        "bad entry": json.dumps({"cover": {}, "proposals": [42]}),
        "bad cover field": json.dumps({"cover": {"colour": "red"}, "proposals": [{"draft": "x"}]}),
        "incomplete cover": json.dumps({"cover": {"source": "EUR"}, "proposals": [{"suppress": "x.txt"}]}),
    }
    for label, text in cases.items():
        (tmp_path / "s.json").write_text(text, encoding="utf-8")
        code = main(["propose", "--submission", str(tmp_path / "s.json"), "-o", str(out)])
        err = capsys.readouterr().err.strip()
        assert code == 2 and err.startswith("cop-drafter: ") and "\n" not in err and "Traceback" not in err, label
        assert not out.exists(), label
    assert main(["propose", "--submission", str(tmp_path / "missing.json"), "-o", str(out)]) == 2
    assert main(["propose", "-o", str(out)]) == 2  # neither a submission nor --base/--revised
    capsys.readouterr()
