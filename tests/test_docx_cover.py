"""The cover page of a proposal looks like a real ITU one, the page header carries the short document
reference, empty fields print nothing, and `propose` refuses an incomplete cover unless --draft-cover."""

from __future__ import annotations

import pytest
from docx_xml_helpers import (
    W,
    parts,
    run_texts,
    validated_docx,  # noqa: F401  (autouse: every .docx built is validated)
    xml,
)
from lxml import etree

from cop_drafter.cli.main import main
from cop_drafter.core.draft import Draft, ProposalMeta
from cop_drafter.corpus import load_corpus
from cop_drafter.docx.cover import short_document_reference
from cop_drafter.docx.exporters import ProposalExporter

CORPUS = {t.id: t.resolution for t in load_corpus()}
META = ProposalMeta(source="Member States of the European Conference of Postal and Telecommunications "
                           "Administrations (CEPT)", source_code="EUR",
                    conference="World Telecommunication Development Conference 2025 (WTDC-25)",
                    conference_place="Baku, Azerbaijan, 17-28 November 2025",
                    document="Addendum 17 to Document WTDC-25/23-E", date="1 May 2025",
                    summary="Updates Resolution 67.", expected_results="Adoption.", references="Resolution 179")


def _proposal(meta: ProposalMeta = META) -> bytes:
    draft = Draft.revision_of(CORPUS["wtdc-res67-rev-kigali-2022"])
    draft.current.sections[0].clauses[0].text += " more"
    draft.meta = meta
    return ProposalExporter(draft).to_bytes()


def _cells(table) -> list[list[str]]:
    rows = []
    for row in table.iter(f"{W}tr"):
        rows.append(["\n".join("".join(run_texts(r) for r in p.iter(f"{W}r")) for p in cell.iter(f"{W}p"))
                     for cell in row.iter(f"{W}tc")])
    return rows


def test_cover_is_one_table_like_an_itu_proposal():
    doc = xml(_proposal())
    tables = list(doc.find(f"{W}body").iter(f"{W}tbl"))
    assert len(tables) == 1
    rows = _cells(tables[0])
    assert rows[0] == ["World Telecommunication Development Conference 2025 (WTDC-25)\n"
                       "Baku, Azerbaijan, 17-28 November 2025", ""]  # the logo cell stays empty
    assert rows[1] == ["PLENARY MEETING", "Addendum 17 to Document WTDC-25/23-E"]
    assert rows[2] == ["", "1 May 2025"]
    assert rows[3] == ["", "Original: English"]
    assert rows[4] == [META.source]
    assert rows[5][0].startswith("Proposed revision of Resolution 67 (Rev. Kigali, 2022)")


def test_cover_styles_title_bold_not_caps_and_headings():
    doc = xml(_proposal())
    table = next(doc.find(f"{W}body").iter(f"{W}tbl"))
    styles = {p.find(f"{W}pPr/{W}pStyle").get(f"{W}val"): p for p in table.iter(f"{W}p")
              if p.find(f"{W}pPr/{W}pStyle") is not None}
    assert "Source" in styles and "Title1" in styles
    title_runs = list(styles["Title1"].iter(f"{W}r"))
    assert all(r.find(f"{W}rPr/{W}b") is not None for r in title_runs)
    assert all(r.find(f"{W}rPr/{W}caps").get(f"{W}val") == "0" for r in title_runs)
    headings = [("".join(p.itertext())) for p in doc.iter(f"{W}p")
                if p.find(f"{W}pPr/{W}pStyle") is not None and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Headingb"]
    assert headings == ["Summary:", "Expected results:", "References:"]


def test_cover_grid_matches_cell_widths():
    table = next(xml(_proposal()).find(f"{W}body").iter(f"{W}tbl"))
    grid = [int(c.get(f"{W}w")) for c in table.iter(f"{W}gridCol")]
    assert grid == [6379, 3260]
    for row in table.iter(f"{W}tr"):
        widths = [int(c.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) for c in row.iter(f"{W}tc")]
        spans = [int(c.find(f"{W}tcPr/{W}gridSpan").get(f"{W}val")) if c.find(f"{W}tcPr/{W}gridSpan") is not None
                 else 1 for c in row.iter(f"{W}tc")]
        column, expected = 0, []
        for span in spans:
            expected.append(sum(grid[column:column + span]))
            column += span
        assert widths == expected


def test_page_header_carries_the_short_document_reference():
    files = parts(_proposal())
    headers = [run_texts(etree.fromstring(v)) for k, v in files.items() if k.startswith("word/header")]
    assert any("WTDC-25/23(Add.17)-E" in h for h in headers)
    assert not any("Addendum 17" in h or "RESOLUTION" in h for h in headers)


@pytest.mark.parametrize(("document", "short"), [
    ("Addendum 17 to Document WTDC-25/23-E", "WTDC-25/23(Add.17)-E"),
    ("Document WTDC-25/23-E", "WTDC-25/23-E"),
    ("Revision 1 to Document PP-22/65-E", "PP-22/65(Rev.1)-E"),
    ("Corrigendum 2 to Document C24/12-E", "C24/12(Corr.2)-E"),
    ("", ""),
])
def test_short_reference(document, short):
    assert short_document_reference(document) == short


def test_empty_fields_print_nothing():
    doc = xml(_proposal(ProposalMeta()))
    table = next(doc.find(f"{W}body").iter(f"{W}tbl"))
    text = " ".join(" ".join(row) for row in _cells(table))
    for placeholder in ("Conference", "SRC/DOC", "Original: \n", "None"):
        assert placeholder not in text
    headers = [run_texts(etree.fromstring(v)) for k, v in parts(_proposal(ProposalMeta())).items()
               if k.startswith("word/header")]
    assert not any("RESOLUTION" in h for h in headers)


def test_propose_refuses_an_incomplete_cover_unless_draft_cover(tmp_path, capsys, seed_path):
    out = tmp_path / "p.docx"
    args = ["propose", "--base", str(seed_path("001")), "--revised", str(seed_path("003")), "-o", str(out)]
    assert main(args + ["--source", "EUR"]) != 0
    err = capsys.readouterr().err.strip()
    assert "conference" in err and "document" in err and "--draft-cover" in err and "\n" not in err
    assert not out.exists()
    assert main(args + ["--source", "EUR", "--draft-cover"]) == 0
    assert out.exists()
    out.unlink()
    assert main(args + ["--source", "EUR", "--conference", "WTDC-25", "--document",
                        "Addendum 17 to Document WTDC-25/23-E"]) == 0
    assert out.exists()
