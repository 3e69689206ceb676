"""LibreOffice, an independent reader, on the compilation .docx (issue 14, deliver 3): accepting one proposer's
tracked changes alone and rejecting every other author's, change by change through LibreOffice's own Accept / Reject
Tracked Change commands (tests/docx_lo_uno.py accept-author), gives exactly that proposer's text."""

from __future__ import annotations

import json
import subprocess

import pytest
from compile_fixtures import WHEN, proposer_texts
from docx_xml_helpers import ooxml_errors
from test_docx_compilation import PROPOSERS, compiled  # noqa: F401  (the module fixture: the three proposals read)
from test_docx_lo_revisions import SCRIPT, _uno_python

from cop_drafter.core.draft import wording
from cop_drafter.core.rules import normalise
from cop_drafter.docx.compilation import CompilationExporter

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

# LibreOffice's names for our paragraph styles (Word's Normal is LibreOffice's Standard)
CLAUSE_STYLES = {"Standard", "enumlev1", "enumlev2", "enumlev3"}


@pytest.fixture(scope="module")
def office_authors(compiled, tmp_path_factory):  # noqa: F811
    """LibreOffice's text of the compilation with each proposer alone accepted: one LibreOffice for all three."""
    _base, compilation = compiled
    folder = tmp_path_factory.mktemp("lo-compilation")
    data = CompilationExporter(compilation, date=WHEN).to_bytes()
    assert ooxml_errors(data) == []
    path = folder / "compilation.docx"
    path.write_bytes(data)
    result = subprocess.run([_uno_python(), str(SCRIPT), str(folder / "profile"), "accept-author", ",".join(PROPOSERS),
                             str(path)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)[str(path)]


def _clauses(styled: list[list[str]]) -> list[str]:
    """Wordings of the clause paragraphs (label dropped) between the conference line and the table heading."""
    styles = [s for s, _t in styled]
    start = styles.index("Normal_after_title") + 1
    end = styles.index("Heading_b", start) if "Heading_b" in styles[start:] else len(styled)
    return [wording(t.replace("\u2011", "-").split("\t", 1)[-1]) for s, t in styled[start:end] if s in CLAUSE_STYLES]


@pytest.mark.parametrize("name", PROPOSERS)
def test_libreoffice_accepting_one_author_alone_gives_that_proposers_text(office_authors, name):
    _base, proposals = proposer_texts()
    view = office_authors[name]
    assert view["redlines"] == 0  # every tracked change accepted or rejected
    expected = [wording(c.text) for _s, c in normalise(proposals[name]).clauses()]
    got = [w for w in _clauses(view["styled"]) if w]  # the empty paragraph LibreOffice leaves: pinned below
    if name == "APT":  # 2017 -> 2022 moves clauses between sections: the compilation keeps base order
        assert sorted(got) == sorted(expected)
    else:
        assert got == expected, name
    heading = next(t for s, t in view["styled"] if s == "Res_No")
    assert heading.replace("\u2011", "-") == normalise(proposals[name]).header.heading()


# LibreOffice 7.4 quirk, found by this test: rejecting an inserted paragraph (its mark inserted, w:pPr/w:rPr/w:ins)
# that holds an inserted footnote reference, when the next paragraph is unchanged, leaves an empty paragraph (Reject
# All does it too). Without the footnote reference, or with the insertion marked on the preceding paragraph's mark
# (how Word itself records a new paragraph), LibreOffice removes it. APT's instructs 5 (2022) is that shape, so the
# empty paragraph appears when APT is rejected (CEPT, CITEL). Strict: when it stops, drop the xfail.
@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(
    n != "APT", strict=True, reason="LibreOffice leaves an empty paragraph for a rejected inserted paragraph with a "
    "footnote reference")) for n in PROPOSERS])
def test_libreoffice_leaves_no_empty_clause_paragraph(office_authors, name):
    assert "" not in _clauses(office_authors[name]["styled"])
