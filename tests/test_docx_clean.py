"""The clean ITU-style export: styles, layout, footnotes, page set-up, and reading it back unchanged."""

from __future__ import annotations

import pytest
from docx import Document
from docx.shared import Pt, Twips
from docx_xml_helpers import (
    W,
    expected_paragraphs,
    parts,
    validated_docx,  # noqa: F401  (autouse: every .docx built is validated)
    view,
    xml,
)

from cop_drafter.cli.main import main
from cop_drafter.core.draft import Draft
from cop_drafter.core.model import Clause, Footnote, FootnoteRef, Header, Resolution, Section, SectionKind
from cop_drafter.core.rules import normalise, with_end_mark
from cop_drafter.core.serialize import resolution_to_dict
from cop_drafter.corpus import load_corpus
from cop_drafter.docx.exporters import CleanResolutionExporter, ProposalExporter
from cop_drafter.formats.docx_reader import read_docx
from cop_drafter.formats.project import save_project

NOTE = "These include the least developed countries, small island developing states, landlocked developing " \
       "countries and countries with economies in transition."


def handmade() -> Resolution:
    """Labels and punctuation deliberately wrong: the export must recompute them."""
    return Resolution(
        header=Header(number="179", revision=True, place="Dubai", year=2018, title="ITU's role in child online protection",
                      body="Plenipotentiary Conference of the International Telecommunication Union",
                      conference_line="The Plenipotentiary Conference of the International Telecommunication Union "
                                      "(Dubai, 2018)"),
        sections=[
            Section("considering", SectionKind.PREAMBLE, [
                Clause("that children use ICTs", "b)"),
                Clause("that developing countries need support.", "b)", footnotes=[FootnoteRef("1", 25)]),
            ]),
            Section("recognizing", SectionKind.PREAMBLE, [Clause("the work of CWG-COP;", "a)")]),
            Section("instructs the Secretary-General", SectionKind.OPERATIVE, [
                Clause("to continue the initiative", "1", children=[Clause("with partners", "1.1"),
                                                                     Clause("with Member States", "1.2")]),
                Clause("to report to the Council;", "3"),
            ]),
        ],
        footnotes=[Footnote("1", NOTE)],
    )


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    path = tmp_path_factory.mktemp("clean") / "res179.docx"
    CleanResolutionExporter(handmade()).export(path)
    return path


def test_paragraph_styles_and_text(exported):
    paragraphs = view(xml(exported), "accept")
    assert paragraphs == [
        ("ResNo", "RESOLUTION 179 (Rev. Dubai, 2018)"),
        ("Restitle", "ITU's role in child online protection"),
        ("Normalaftertitle", "The Plenipotentiary Conference of the International Telecommunication Union "
                             "(Dubai, 2018),"),
        ("Call", "considering"),
        ("Normal", "a)\tthat children use ICTs;"),
        ("Normal", "b)\tthat developing countries need support,"),
        ("Call", "recognizing"),
        ("Normal", "the work of CWG-COP,"),
        ("Call", "instructs the Secretary-General"),
        ("Normal", "1\tto continue the initiative:"),
        ("enumlev1", "1.1\twith partners;"),
        ("enumlev1", "1.2\twith Member States;"),
        ("Normal", "2\tto report to the Council."),
    ]
    assert not list(xml(exported).iter(f"{W}ins")) and not list(xml(exported).iter(f"{W}del"))


def test_fonts_indents_and_call_italics(exported):
    document = Document(str(exported))
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(12)
    assert document.styles["Call"].font.italic is True
    assert document.styles["Call"].paragraph_format.left_indent == Twips(794)
    assert document.styles["Res_title"].font.bold is True and document.styles["Res_title"].font.size == Pt(14)
    assert document.styles["Res_No"].font.all_caps is True
    level1 = document.styles["enumlev1"].paragraph_format
    assert (level1.left_indent, level1.first_line_indent) == (Twips(794), -Twips(794))
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Normal" and "\t" in paragraph.text:
            fmt = paragraph.paragraph_format  # layout from the style alone, as in ITU's files
            assert (fmt.left_indent, fmt.first_line_indent) == (None, None), paragraph.text
        if paragraph.style.name == "Call":
            assert paragraph.text == paragraph.text.strip() and paragraph.text[-1].isalpha()
    # Every run of the body is in Times New Roman (no run overrides the font).
    assert not list(xml(exported).iter(f"{W}rFonts"))


def test_real_footnote_part_and_reference(exported):
    notes = xml(exported, "word/footnotes.xml")
    own = [n for n in notes.iter(f"{W}footnote") if n.get(f"{W}type") is None]
    assert [("".join(n.itertext()).strip()) for n in own] == [NOTE]
    document = xml(exported)
    (ref,) = list(document.iter(f"{W}footnoteReference"))
    assert ref.get(f"{W}id") == own[0].get(f"{W}id")
    # The reference follows "developing countries" (offset 25 of the clause text) and precedes " need".
    paragraph = next(p for p in document.iter(f"{W}p") if ref in p.iter())
    before, after = [], []
    for node in paragraph.iter(f"{W}t", f"{W}footnoteReference"):
        if node is ref:
            before, after = after, []
        else:
            after.append(node.text)
    assert "".join(before).endswith("developing countries") and "".join(after).startswith(" need support")
    rels = xml(exported, "word/_rels/document.xml.rels")
    assert any(r.get("Type", "").endswith("/footnotes") for r in rels)
    types = xml(exported, "[Content_Types].xml")
    assert any(o.get("PartName") == "/word/footnotes.xml" for o in types)


def test_a4_margins_and_page_number_from_page_two(exported):
    document = Document(str(exported))
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (Twips(11907), Twips(16834))
    assert (section.left_margin, section.top_margin) == (Twips(1134), Twips(1418))
    assert section.different_first_page_header_footer is True
    assert "".join(p.text for p in section.first_page_header.paragraphs).strip() == ""
    header_xml = section.header._element
    assert any(" PAGE " in (f.get(f"{W}instr") or "") for f in header_xml.iter(f"{W}fldSimple"))
    assert "RESOLUTION 179 (Rev. Dubai, 2018)" in "".join(header_xml.itertext())


def _comparable(resolution: Resolution) -> dict:
    data = resolution_to_dict(resolution)
    data.pop("warnings")
    data.pop("source")
    return data


def _expected_after_export(resolution: Resolution) -> Resolution:
    expected = normalise(resolution)
    if expected.header.conference_line:
        expected.header.conference_line = with_end_mark(expected.header.conference_line, ",")
    return expected


@pytest.mark.parametrize("text_id", [t.id for t in load_corpus()])
def test_every_seed_round_trips_through_docx(tmp_path, text_id):
    resolution = next(t.resolution for t in load_corpus() if t.id == text_id)
    path = tmp_path / "out.docx"
    CleanResolutionExporter(resolution).export(path)
    assert _comparable(read_docx(path)) == _comparable(_expected_after_export(resolution))


def test_handmade_round_trips_with_footnote_offset(exported):
    back = read_docx(exported)
    assert _comparable(back) == _comparable(_expected_after_export(handmade()))
    clause = back.sections[0].clauses[1]
    assert clause.footnotes[0].offset == 25 and back.footnotes[0].text == NOTE


def test_export_cli_reads_text_docx_and_saved_draft(tmp_path, capsys, seed_path):
    first = tmp_path / "kigali.docx"
    assert main(["export", str(seed_path("003")), "-o", str(first)]) == 0
    assert "RESOLUTION 67 (Rev. Kigali, 2022)" in capsys.readouterr().out
    again = tmp_path / "again.docx"
    assert main(["export", str(first), "-o", str(again)]) == 0
    capsys.readouterr()
    assert view(xml(again), "accept") == view(xml(first), "accept")
    draft = Draft.revision_of(handmade())
    draft.suppressed.add(draft.current.sections[0].clauses[0].uid)
    project = tmp_path / "draft.copdraft"
    save_project(draft, project)
    from_draft = tmp_path / "draft.docx"
    assert main(["export", str(project), "-o", str(from_draft)]) == 0
    texts = [t for _s, t in view(xml(from_draft), "accept")]
    assert texts == expected_paragraphs(_expected_after_export(draft.revised()))
    assert not any("children use ICTs" in t for t in texts)


def test_export_of_unreadable_input_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text("hello world\n")
    assert main(["export", str(bad), "-o", str(tmp_path / "out.docx")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cop-drafter: ") and err.count("\n") == 1
    assert not (tmp_path / "out.docx").exists()


def test_no_leftovers_from_the_python_docx_template(exported):
    names = set(parts(exported))
    assert "docProps/thumbnail.jpeg" not in names and "word/stylesWithEffects.xml" not in names
    core = xml(exported, "docProps/core.xml")
    assert "python-docx" not in "".join(core.itertext())


def _italic_texts(document) -> list[str]:
    out = []
    for run in document.iter(f"{W}r"):
        rpr = run.find(f"{W}rPr")
        if rpr is not None and rpr.find(f"{W}i") is not None:
            out.append("".join(t.text for t in run.iter(f"{W}t", f"{W}delText")))
    return out


def test_cross_references_are_italic_and_prose_is_not(tmp_path):
    resolution = handmade()
    resolution.sections[2].clauses[1].text = "to report to the Council on considering a) and resolves 2, considering that"
    path = tmp_path / "xref.docx"
    CleanResolutionExporter(resolution).export(path)
    assert _italic_texts(xml(path)) == ["a)", "b)", "considering a)", "resolves 2"]  # preamble labels too
    assert "to report to the Council on considering a) and resolves 2, considering that." in [
        t for _s, t in view(xml(path), "accept")][-1]


def test_cross_reference_italics_survive_revision_marks():
    draft = Draft.revision_of(handmade())
    draft.current.sections[1].clauses[0].text = "the work of CWG-COP under recognizing b);"
    doc = xml(ProposalExporter(draft).to_bytes())
    assert "recognizing b)" in "".join(_italic_texts(doc))
