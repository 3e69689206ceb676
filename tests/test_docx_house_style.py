"""House-style details an ITU editor would otherwise fix by hand, checked in the XML against ITU's own files
(tests/fixtures/reference/: the ITU-R format template and WTSA Resolution 1 as ITU published it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx_xml_helpers import (
    W,
    body_paragraphs,
    parts,
    resolved_style,
    run_texts,
    validated_docx,  # noqa: F401  (autouse: every .docx built is validated)
    view,
    xml,
)

from cop_drafter.core.draft import Draft, ProposalMeta
from cop_drafter.core.model import Clause, Footnote, FootnoteRef, Header, Resolution, Section, SectionKind
from cop_drafter.corpus import load_corpus
from cop_drafter.docx.exporters import CleanResolutionExporter, ProposalExporter
from cop_drafter.precedents.align import draft_from_revisions

REFERENCE = Path(__file__).parent / "fixtures" / "reference"
TEMPLATE = REFERENCE / "itu-r-format-template.docx"
ITU_FILE = REFERENCE / "wtsa-res1-hammamet-2016.docx"
CORPUS = {t.id: t.resolution for t in load_corpus()}


def _resolution() -> Resolution:
    return Resolution(
        header=Header(number="67", revision=True, place="Kigali", year=2022, title="The role of ITU-D in COP",
                      body="World Telecommunication Development Conference",
                      conference_line="The World Telecommunication Development Conference (Kigali, 2022),"),
        sections=[
            Section("considering", SectionKind.PREAMBLE, [Clause("that CWG-COP meets;", "a)"),
                                                          Clause("that ITU-D helps;", "b)")]),
            Section("resolves", SectionKind.OPERATIVE, [
                Clause("to act as set out in considering e), f), g) and h), inter alia by training;", "1"),
                Clause("to report.", "2")]),
        ],
    )


@pytest.fixture(scope="module")
def clean() -> bytes:
    return CleanResolutionExporter(_resolution()).to_bytes()


def _rpr_has(run, tag: str, val: str | None = None) -> bool:
    node = run.find(f"{W}rPr/{W}{tag}")
    return node is not None and (val is None or node.get(f"{W}val") == val)


def test_res_no_turns_caps_off_on_rev_and_the_place(clean):
    heading = body_paragraphs(xml(clean))[0]
    runs = list(heading.iter(f"{W}r"))
    assert "".join(run_texts(r) for r in runs) == "RESOLUTION 67 (Rev. Kigali, 2022)"
    assert [run_texts(r) for r in runs if _rpr_has(r, "caps", "0")] == ["Rev.", "Kigali"]


def test_preamble_labels_are_italic_operative_numbers_upright(clean):
    paragraphs = body_paragraphs(xml(clean))
    labels = {}
    for p in paragraphs:
        runs = list(p.iter(f"{W}r"))
        if runs and run_texts(runs[0]) in ("a)", "b)", "1"):
            labels[run_texts(runs[0])] = _rpr_has(runs[0], "i") and _rpr_has(runs[0], "iCs")
    assert labels == {"a)": True, "b)": True, "1": False}


def test_each_cross_reference_label_and_inter_alia_are_italic(clean):
    operative = [p for p in body_paragraphs(xml(clean)) if "inter alia" in "".join(p.itertext())][0]
    italic = [run_texts(r) for r in operative.iter(f"{W}r") if _rpr_has(r, "i")]
    assert italic == ["considering e)", "f)", "g)", "h)", "inter alia"]


def test_acronym_hyphens_do_not_break(clean):
    document = xml(clean)
    hyphens = list(document.iter(f"{W}noBreakHyphen"))
    assert len(hyphens) == 3  # CWG-COP, ITU-D (clause) and ITU-D (title)
    texts = dict(view(document, "accept"))
    assert texts["Restitle"] == "The role of ITU-D in COP"
    assert "".join(parts(clean)["word/document.xml"].decode().split("CWG")[1:2])[:1] == "<"  # no literal hyphen


def test_clauses_take_their_layout_from_the_style(clean):
    document = xml(clean)
    assert [p for p in body_paragraphs(document) if p.find(f"{W}pPr/{W}ind") is not None] == []


def _ours(data: bytes) -> bytes:
    return parts(data)["word/styles.xml"]


@pytest.mark.parametrize("style_id", ["Normal", "Restitle", "Normalaftertitle", "Call", "enumlev1", "enumlev2",
                                      "enumlev3", "Note", "FootnoteText", "FootnoteReference", "Header", "Source",
                                      "Title1", "Reasons", "Headingb"])
def test_style_values_are_the_templates(clean, style_id):
    assert resolved_style(_ours(clean), style_id) == resolved_style(parts(TEMPLATE)["word/styles.xml"], style_id)


def test_res_no_is_the_one_itu_published(clean):
    assert resolved_style(_ours(clean), "ResNo") == resolved_style(parts(ITU_FILE)["word/styles.xml"], "ResNo")


def test_style_names_are_itus(clean):
    from lxml import etree
    ours = etree.fromstring(_ours(clean))
    template = etree.fromstring(parts(TEMPLATE)["word/styles.xml"])
    names = {s.get(f"{W}styleId"): s.find(f"{W}name").get(f"{W}val") for s in template.iter(f"{W}style")}
    mine = {s.get(f"{W}styleId"): s.find(f"{W}name").get(f"{W}val") for s in ours.iter(f"{W}style")}
    assert {k: v for k, v in mine.items() if k in names} == {k: names[k] for k in mine if k in names}
    assert len(mine) <= 25 and ours.find(f"{W}latentStyles") is None and "Footer" not in mine
    assert not [k for k in mine if k.startswith(("Heading", "Light", "Medium", "Dark", "Colorful"))
                and k != "Headingb"]


def test_no_python_docx_template_leftovers(clean):
    files = parts(clean)
    assert not [name for name in files if name.startswith(("customXml", "docProps/thumbnail"))]
    assert b"proofState" not in files["word/settings.xml"]
    assert b"rsid" not in files["word/settings.xml"] and b"rsid" not in files["word/document.xml"]
    app = files["docProps/app.xml"].decode()
    assert "Macintosh" not in app and "<Application>COP Drafter" in app
    assert b"python-docx" not in files["docProps/core.xml"]
    from lxml import etree
    core = etree.fromstring(files["docProps/core.xml"])
    assert sorted(etree.QName(c).localname for c in core) == ["created", "creator", "lastModifiedBy", "modified",
                                                             "revision", "title"]
    assert re.findall(rb'<a:latin typeface="([^"]*)"', files["word/theme/theme1.xml"]) == [b"Times New Roman"] * 2
    assert re.findall(rb'w:font w:name="([^"]*)"', files["word/fontTable.xml"]) == [b"Times New Roman"]
    rels = files["word/_rels/document.xml.rels"].decode()
    assert "customXml" not in rels and "numbering" not in rels


def _proposal_with_deleted_footnote() -> Draft:
    old = CORPUS["wtdc-res67-rev-buenos-aires-2017"]
    new = CORPUS["wtdc-res67-rev-kigali-2022"]
    draft = draft_from_revisions(old, new)
    draft.meta = ProposalMeta(source="EUR", conference="WTDC-25", document="Addendum 17 to Document WTDC-25/23-E")
    return draft


def test_footnote_separator_is_a_line_of_underscores_as_in_itus_files():
    files = parts(ProposalExporter(_proposal_with_deleted_footnote()).to_bytes())
    from lxml import etree
    notes = etree.fromstring(files["word/footnotes.xml"])
    separator = [n for n in notes.iter(f"{W}footnote") if n.get(f"{W}type") == "separator"][0]
    assert "".join(separator.itertext()) == "_" * 20


def test_each_revision_wraps_one_run_so_libreoffice_sees_deleted_footnotes():
    files = parts(ProposalExporter(_proposal_with_deleted_footnote()).to_bytes())
    from lxml import etree
    for name in ("word/document.xml", "word/footnotes.xml"):
        root = etree.fromstring(files[name])
        wrappers = [n for n in root.iter(f"{W}ins", f"{W}del") if n.getparent().tag != f"{W}rPr"]
        assert wrappers and all(len(n) == 1 and n[0].tag == f"{W}r" for n in wrappers), name


def test_kept_paragraphs_next_to_inserted_ones_put_the_insertion_first():
    """LibreOffice's Reject All joined "...a key consideration," with "taking into account" (2014 -> 2017) when
    the kept paragraph ended in <del>,</del><ins>;</ins> before inserted paragraphs."""
    draft = draft_from_revisions(CORPUS["wtdc-res67-rev-dubai-2014"], CORPUS["wtdc-res67-rev-buenos-aires-2017"])
    paragraphs = body_paragraphs(xml(ProposalExporter(draft).to_bytes()))
    inserted = [p.find(f"{W}pPr/{W}rPr/{W}ins") is not None for p in paragraphs]
    checked = 0
    for i, p in enumerate(paragraphs):
        if inserted[i]:
            continue
        marks = [c.tag for c in p if c.tag in (f"{W}ins", f"{W}del", f"{W}r")]
        if i + 1 < len(paragraphs) and inserted[i + 1] and marks[-2:] == [f"{W}ins", f"{W}del"]:
            checked += 1
        if i + 1 < len(paragraphs) and inserted[i + 1]:
            assert marks[-2:] != [f"{W}del", f"{W}ins"], "".join(p.itertext())
        if i > 0 and inserted[i - 1]:
            assert marks[:2] != [f"{W}del", f"{W}ins"], "".join(p.itertext())
    assert checked >= 1
    assert "a key consideration," in "".join(t for _s, t in view(xml(ProposalExporter(draft).to_bytes()), "reject"))


def test_every_style_defined_is_used():
    """Only the styles we use: each one styles a paragraph or run of a clean export or a submission (with a
    sub-sub-sub-clause), or is the base of one that does."""
    from lxml import etree

    from cop_drafter.docx.submission import SubmissionExporter

    resolution = _resolution()
    resolution.sections[1].clauses[0].children = [Clause("deep;", "1.1", children=[
        Clause("deeper;", "a)", children=[Clause("deepest;", "i)")])])]
    resolution.sections[0].clauses[1].footnotes = [FootnoteRef("1", 6)]
    resolution.footnotes = [Footnote("1", "A note.")]
    draft = Draft.revision_of(resolution)
    draft.current.sections[0].clauses[0].text = "that CWG-COP meets often;"
    meta = ProposalMeta(source="EUR", conference="WTDC-25", document="Document 1", summary="S.")
    used: set[str] = set()
    for data in (CleanResolutionExporter(resolution).to_bytes(), SubmissionExporter([draft], meta).to_bytes()):
        for name, content in parts(data).items():
            if name.startswith("word/") and name.endswith(".xml") and "styles" not in name:
                root = etree.fromstring(content)
                used |= {n.get(f"{W}val") for n in root.iter(f"{W}pStyle", f"{W}rStyle")}
        defined = etree.fromstring(parts(data)["word/styles.xml"])
    based = {s.get(f"{W}styleId"): s.find(f"{W}basedOn").get(f"{W}val") for s in defined.iter(f"{W}style")
             if s.find(f"{W}basedOn") is not None}
    closure = set(used)
    for style in list(used):
        while style in based:
            style = based[style]
            closure.add(style)
    ids = {s.get(f"{W}styleId") for s in defined.iter(f"{W}style")} - {"Normal", "DefaultParagraphFont", "TableNormal"}
    assert sorted(ids - closure) == []
