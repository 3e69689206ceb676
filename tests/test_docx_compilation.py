"""The compilation .docx (issue 14, deliver 3 and 6): each proposer's changes are Word revisions by that proposer,
and accepting one author's marks alone (rejecting every other author's) gives exactly that proposer's text."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from compile_fixtures import WHEN, proposer_texts, write_proposals
from docx_xml_helpers import (
    W,
    body_paragraphs,
    style_of,
    validated_docx,  # noqa: F401  (autouse: every .docx built is validated)
    xml,
)
from lxml import etree

from cop_drafter.core.compilation import CONFLICT, ProposerText, compile_proposals
from cop_drafter.core.draft import wording
from cop_drafter.core.rules import normalise
from cop_drafter.docx.compilation import CompilationExporter
from cop_drafter.formats.proposal_reader import read_proposal

CLAUSE_STYLES = {"Normal", "enumlev1", "enumlev2", "enumlev3"}
PROPOSERS = ("APT", "CEPT", "CITEL")


def _author_text(node: etree._Element, author: str) -> str:
    """The text of `node` once `author`'s revisions are accepted and everyone else's rejected."""
    out = []
    for child in node:
        tag = etree.QName(child).localname
        if tag in ("ins", "moveTo", "del", "moveFrom"):
            mine = child.get(f"{W}author") == author
            inserted = tag in ("ins", "moveTo")
            if mine != inserted:  # my deletion or another's insertion: gone
                continue
            out.append(_author_text(child, author))
        elif tag in ("t", "delText"):
            out.append(child.text or "")
        elif tag == "tab":
            out.append("\t")
        elif tag == "noBreakHyphen":
            out.append("-")
        elif tag in ("pPr", "rPr"):
            continue
        else:
            out.append(_author_text(child, author))
    return "".join(out)


def _mark_survives(paragraph: etree._Element, author: str) -> bool:
    """Whether the paragraph mark survives: an inserted mark only if inserted by `author`, a deleted one only if
    deleted by someone else."""
    rpr = paragraph.find(f"{W}pPr/{W}rPr")
    if rpr is None:
        return True
    for mark in rpr:
        tag = etree.QName(mark).localname
        if tag in ("ins", "moveTo") and mark.get(f"{W}author") != author:
            return False
        if tag in ("del", "moveFrom") and mark.get(f"{W}author") == author:
            return False
    return True


def author_view(document: etree._Element, author: str) -> list[tuple[str, str]]:
    """(style, text) of the body paragraphs after accepting `author` alone; a removed paragraph mark joins the
    paragraph's remaining text to the next paragraph, as Word does."""
    out: list[tuple[str, str]] = []
    carry = ""
    for paragraph in body_paragraphs(document):
        text = carry + _author_text(paragraph, author)
        if _mark_survives(paragraph, author):
            out.append((style_of(paragraph), text))
            carry = ""
        else:
            carry = text
    assert carry == "", "text left over after the last paragraph"
    return out


def _clauses(view: list[tuple[str, str]]) -> list[str]:
    """Wordings of the clause paragraphs (label dropped) between the conference line and the table heading."""
    styles = [s for s, _t in view]
    start = styles.index("Normalaftertitle") + 1
    end = styles.index("Headingb", start) if "Headingb" in styles[start:] else len(view)
    return [wording(t.split("\t", 1)[-1]) for s, t in view[start:end] if s in CLAUSE_STYLES]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("compile")
    base, paths = write_proposals(folder)
    read = [read_proposal(path) for path in paths.values()]  # as `cop-drafter compile` reads them
    assert [r.proposer for r in read] == list(PROPOSERS)
    proposals = [ProposerText(r.proposer, r.proposed, r.reasons) for r in read]
    compilation = compile_proposals(base, proposals)
    return base, compilation


@pytest.fixture
def document(compiled):
    _base, compilation = compiled
    data = CompilationExporter(compilation, date=WHEN).to_bytes()
    return data, xml(data)


def test_each_author_alone_gives_that_proposers_text(compiled, document):
    _base, proposals = proposer_texts()
    _data, root = document
    for name in PROPOSERS:
        view = author_view(root, name)
        expected = [wording(c.text) for _s, c in normalise(proposals[name]).clauses()]
        got = _clauses(view)
        if name == "APT":  # 2017 -> 2022 moves clauses between sections: the compilation keeps base order
            assert sorted(got) == sorted(expected)
        else:
            assert got == expected, name
        heading = next(t for s, t in view if s == "ResNo")
        assert heading == normalise(proposals[name]).header.heading()


def test_rejecting_every_mark_of_a_clause_touched_by_one_proposer_gives_the_base(compiled, document):
    base, compilation = compiled
    _data, root = document
    nobody = _clauses(author_view(root, "nobody"))
    one_or_none = [wording(r.base_text or "") for r in compilation.clause_rows()
                   if r.base_text is not None and len(r.changers()) <= 1]
    assert [w for w in nobody] == one_or_none
    assert len(one_or_none) < len(list(base.clauses()))  # the contested clauses are in the table instead


def test_every_proposer_is_a_revision_author(document):
    _data, root = document
    authors = {node.get(f"{W}author") for node in root.iter(f"{W}ins", f"{W}del")}
    assert authors == set(PROPOSERS)
    ids = [node.get(f"{W}id") for node in root.iter(f"{W}ins", f"{W}del")]
    assert len(ids) == len(set(ids))


def _cell_text(cell: etree._Element) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in cell.iter(f"{W}p"))


def test_synoptic_table_has_base_and_each_proposer_for_every_conflict(compiled, document):
    _base, compilation = compiled
    _data, root = document
    tables = list(root.find(f"{W}body").iterchildren(f"{W}tbl"))
    assert len(tables) == 1
    rows = list(tables[0].iterchildren(f"{W}tr"))
    assert [_cell_text(c) for c in rows[0].iterchildren(f"{W}tc")] == ["Text in force", *PROPOSERS]
    conflicts = [r for r in compilation.clause_rows() if r.category == CONFLICT]
    assert len(rows) - 1 == len(conflicts) > 0
    assert list(root.iter(f"{W}ins"))  # and the table itself carries no revision marks:
    assert not [n for t in tables for n in t.iter(f"{W}ins", f"{W}del")]
    cells = next(cells for cells in ([_cell_text(c) for c in r.iterchildren(f"{W}tc")] for r in rows[1:])
                 if "Resolution 1306" in cells[0] and "(Rev. 2023)" in cells[2])
    assert "Resolution 1306 adopted by the ITU Council" in cells[0]
    assert cells[3].endswith("NOC")


def test_counts_are_printed_on_the_first_page(compiled, document):
    _base, compilation = compiled
    _data, root = document
    counts = compilation.counts()
    first = "".join(t.text or "" for t in body_paragraphs(root)[1].iter(f"{W}t"))
    assert f"{counts['conflict']} in conflict" in first and f"{counts['agreed']} agreed" in first


@pytest.mark.libreoffice
def test_libreoffice_opens_the_compilation(document, tmp_path):
    data, _root = document
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "LibreOffice is needed (tools/system-deps.sh --office)"
    source = tmp_path / "compilation.docx"
    source.write_bytes(data)
    result = subprocess.run([office, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "compilation.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000


def test_footnotes_are_kept(document):
    data, root = document
    notes = xml(data, "word/footnotes.xml")
    texts = ["".join(t.text or "" for t in note.iter(f"{W}t")) for note in notes.iter(f"{W}footnote")]
    assert any("least developed countries" in text for text in texts)
    assert list(root.iter(f"{W}footnoteReference"))
