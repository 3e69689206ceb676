"""Every export opens in LibreOffice: it converts to PDF without error and the PDF text holds the clauses in order.

LibreOffice takes seconds to start, so all files are converted in one `soffice` call (a private profile, so
parallel runs never fight over a profile lock) and the PDFs are shared by the tests of this module.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from docx_xml_helpers import ooxml_errors
from test_docx_submission import META as SUBMISSION_META
from test_docx_submission import three_drafts

from cop_drafter.core.draft import Draft, ProposalMeta
from cop_drafter.core.rules import normalise
from cop_drafter.core.serialize import resolution_to_dict
from cop_drafter.corpus import load_corpus
from cop_drafter.docx.exporters import CleanResolutionExporter, ProposalExporter
from cop_drafter.docx.submission import SubmissionExporter
from cop_drafter.formats.docx_reader import read_docx
from cop_drafter.precedents.align import draft_from_revisions

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

CORPUS = {t.id: t.resolution for t in load_corpus()}


def moves_and_deleted_footnote() -> Draft:
    """Kigali 2022 with operative 8 and 9 moved up and the footnote on "developing countries" dropped."""
    draft = Draft.revision_of(CORPUS["wtdc-res67-rev-kigali-2022"])
    clauses = draft.current.sections[3].clauses
    clauses.insert(1, clauses.pop(7))
    clauses.insert(2, clauses.pop(8))
    next(c for c in clauses if c.footnotes).footnotes = []
    draft.meta = ProposalMeta(source="EUR", conference="WTDC-25", document="Addendum 17 to Document WTDC-25/23-E")
    return draft


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    folder = tmp_path_factory.mktemp("lo")
    files = {}
    for text_id, resolution in CORPUS.items():
        files[text_id] = CleanResolutionExporter(resolution).export(folder / f"{text_id}.docx")
    draft = draft_from_revisions(CORPUS["wtdc-res67-rev-buenos-aires-2017"], CORPUS["wtdc-res67-rev-kigali-2022"])
    draft.meta = ProposalMeta(source="EUR", conference="World Telecommunication Development Conference 2025",
                              document="Addendum 17 to Document WTDC-25/23-E", reasons="Aligns with Kigali.")
    files["proposal"] = ProposalExporter(draft).export(folder / "proposal.docx")
    new = Draft(current=CORPUS["council-res1306-draft"], meta=ProposalMeta(source="ARB"))
    files["add"] = ProposalExporter(new).export(folder / "add.docx")
    files["moves"] = ProposalExporter(moves_and_deleted_footnote()).export(folder / "moves.docx")
    files["submission"] = SubmissionExporter(three_drafts(), SUBMISSION_META).export(folder / "submission.docx")
    for path in files.values():
        assert ooxml_errors(path.read_bytes()) == [], path.name
    profile = (folder / "profile").as_uri()
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(folder), *[str(p) for p in files.values()]],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    out = {}
    for key, path in files.items():
        pdf = path.with_suffix(".pdf")
        assert pdf.exists() and pdf.stat().st_size > 1000, f"LibreOffice did not convert {path.name}"
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        out[key] = (pdf, text)
    return out


def _in_order(haystack: str, needles: list[str]) -> list[str]:
    """The needles not found in order (empty when all are)."""
    missing, position = [], 0
    flat = _words(haystack)
    for needle in needles:
        found = flat.find(needle, position)
        if found < 0:
            missing.append(needle)
        else:
            position = found + len(needle)
    return missing


def _openings(text: str, words: int = 6) -> str:
    return " ".join(_words(text).split(" ")[:words])


@pytest.mark.parametrize("text_id", sorted(CORPUS))
def test_clean_export_converts_with_clauses_in_order(pdfs, text_id):
    resolution = normalise(CORPUS[text_id])
    _pdf, text = pdfs[text_id]
    needles = [resolution.header.heading(), _openings(resolution.header.title)]  # "(Rev. Kigali, 2022)": caps off
    for section in resolution.sections:
        needles.append(section.call)
        needles.extend(_openings(c.text) for c in section.walk())
    assert _in_order(text, needles) == []


def test_pages_after_the_first_carry_the_page_number(pdfs):
    pdf, _text = pdfs["wtdc-res67-rev-kigali-2022"]
    first = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True).stdout
    second = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "2", str(pdf), "-"], capture_output=True, text=True).stdout
    assert re.search(r"-\s*2\s*-", second) and "RESOLUTION 67 (Rev. Kigali, 2022)" in second
    assert not re.search(r"^\s*-\s*1\s*-", first, re.M)


def test_footnote_is_printed_at_the_foot_of_the_page(pdfs):
    _pdf, text = pdfs["wtdc-res67-rev-kigali-2022"]
    assert "These include the least developed countries" in _words(text)


def test_proposal_converts_with_cover_marks_and_reasons(pdfs):
    _pdf, text = pdfs["proposal"]
    kigali = normalise(CORPUS["wtdc-res67-rev-kigali-2022"])
    needles = ["PLENARY MEETING", "Addendum 17 to Document WTDC-25/23-E", "MOD EUR/23A17/1"]
    needles += [s.call for s in kigali.sections] + ["Reasons: Aligns with Kigali."]
    assert _in_order(text, needles) == []


def test_files_saved_again_by_libreoffice_read_back_the_same(pdfs, tmp_path):
    """A delegate opens our export in LibreOffice and saves it: importing it gives the same model."""
    folder = next(iter(pdfs.values()))[0].parent
    sources = [folder / "wtdc-res67-rev-kigali-2022.docx", folder / "proposal.docx"]
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to",
         "docx:MS Word 2007 XML", "--outdir", str(tmp_path), *map(str, sources)],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    for source in sources:
        ours, theirs = read_docx(source), read_docx(tmp_path / source.name)
        assert resolution_to_dict(theirs)["sections"] == resolution_to_dict(ours)["sections"]
        assert theirs.header == ours.header and theirs.footnotes == ours.footnotes


def test_add_proposal_converts(pdfs):
    _pdf, text = pdfs["add"]
    council = normalise(CORPUS["council-res1306-draft"])
    needles = ["ADD ARB/DOC/1", "DRAFT NEW RESOLUTION [ARB-1]"]
    needles += [_openings(c.text) for _s, c in council.clauses()]
    assert _in_order(text, needles) == []


def _page(pdf: Path, number: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_res_no_prints_rev_and_place_in_lower_case(pdfs):
    _pdf, text = pdfs["wtdc-res67-rev-kigali-2022"]
    assert "RESOLUTION 67 (Rev. Kigali, 2022)" in text and "(REV. KIGALI" not in text




def test_cover_and_short_header(pdfs):
    pdf, _text = pdfs["proposal"]
    cover = _words(_page(pdf, 1))
    assert "World Telecommunication Development Conference 2025" in cover and "Conference Conference" not in cover
    assert re.search(r"PLENARY MEETING +Addendum 17 to Document", _page(pdf, 1))  # one row
    assert "WTDC-25/23(Add.17)-E" in _page(pdf, 2) and "Addendum" not in _page(pdf, 2)


def test_submission_prints_three_numbered_proposals(pdfs):
    _pdf, text = pdfs["submission"]
    assert _in_order(text, ["Proposals for the work of the conference", "MOD EUR/23A17/1", "RESOLUTION 67",
                            "Reasons: Aligns with Kigali.", "ADD EUR/23A17/2", "DRAFT NEW RESOLUTION [EUR-1]",
                            "Reasons: A new subject.", "SUP EUR/23A17/3", "RESOLUTION 1306",
                            "Reasons: Overtaken by Resolution 179."]) == []


@pytest.fixture(scope="module")
def html(pdfs, tmp_path_factory) -> dict[str, str]:
    """LibreOffice's own reading of the run formatting: the files exported to HTML by soffice."""
    folder = tmp_path_factory.mktemp("lo-html")
    source = next(iter(pdfs.values()))[0].parent
    names = ["wtdc-res67-rev-kigali-2022", "moves"]
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--convert-to",
         "html", "--outdir", str(folder), *[str(source / f"{n}.docx") for n in names]],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return {n: (folder / f"{n}.html").read_text(encoding="utf-8", errors="replace") for n in names}


def test_libreoffice_sees_italic_labels_and_cross_references(html):
    page = html["wtdc-res67-rev-kigali-2022"]
    assert re.search(r"<i>a\)</i>", page)  # preamble label
    assert re.search(r"<i>inter alia</i>", page)
    assert not re.search(r"<i>1</i>", page)  # operative numbers stay upright


def test_libreoffice_reads_acronym_hyphens_as_non_breaking(html):
    page = html["wtdc-res67-rev-kigali-2022"]
    assert re.search("CWG(\u2011|&#8209;|&#x2011;)COP", page) and "CWG-COP" not in page


def test_libreoffice_sees_no_direct_indent_on_clauses(html):
    page = html["wtdc-res67-rev-kigali-2022"]
    clause = re.search(r"<p[^>]*>(?:(?!</p>).)*?that children(?:(?!</p>).)*</p>", page, re.S).group(0)
    assert "margin-left" not in clause and "text-indent" not in clause


def test_moves_and_deleted_footnote_render(pdfs):
    pdf, text = pdfs["moves"]
    assert "These include the least developed countries" in _words(text)  # shown struck, not dropped
    assert _in_order(text, ["to investigate suitable ways", "to coordinate with the ITU regional offices"]) == []
