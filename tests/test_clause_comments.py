"""Comments on a clause (issue 14 deliver 4): kept in the project, exported as Word comments (w:comment) anchored
on the clause's paragraph, and read back from a proposal .docx -- ours, and after LibreOffice has rewritten it."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import pytest
from docx_xml_helpers import ooxml_errors
from lxml import etree

from cop_drafter.core.draft import Draft, ProposalMeta
from cop_drafter.docx.exporters import ProposalExporter
from cop_drafter.formats.project import load_project, save_project
from cop_drafter.formats.proposal_reader import read_proposal
from cop_drafter.formats.reader import read_resolution

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOTE = "CEPT could accept this if 'in particular' stays; to be discussed in the drafting group"


def _draft(seed_path) -> tuple[Draft, str]:
    draft = Draft.revision_of(read_resolution(seed_path("003")))
    clause = draft.current.sections[0].clauses[1]
    clause.text = clause.text.replace("high", "very high", 1)
    draft.comments[clause.uid] = NOTE
    draft.meta = ProposalMeta(source="APT", source_code="APT", conference="WTDC-25", document="Document 23")
    return draft, clause.uid


def _comment_texts(path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/comments.xml"))
    return ["".join(c.itertext()) for c in root.iter(f"{W}comment")]


def test_a_comment_survives_save_and_reopen(seed_path, tmp_path):
    draft, uid = _draft(seed_path)
    save_project(draft, tmp_path / "d.copdraft")
    assert load_project(tmp_path / "d.copdraft").comments == {uid: NOTE}


def test_a_comment_is_a_word_comment_on_its_clause_and_reads_back(seed_path, tmp_path):
    draft, uid = _draft(seed_path)
    out = tmp_path / "proposal.docx"
    ProposalExporter(draft, author="APT").export(out)
    assert _comment_texts(out) == [NOTE]
    assert ooxml_errors(out.read_bytes()) == []  # the Open XML validator reads the comment markup as Word's
    with zipfile.ZipFile(out) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    anchored = [p for p in body.iter(f"{W}p") if p.find(f"{W}commentRangeStart") is not None]
    assert len(anchored) == 1 and "very high" in "".join(t.text or "" for t in anchored[0].iter(f"{W}t"))
    read = read_proposal(out)
    commented = [c for _s, c in read.proposed.clauses() if c.uid in read.comments]
    assert len(commented) == 1 and "very high" in commented[0].text
    assert read.comments[commented[0].uid] == NOTE


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice is installed by tools/system-deps.sh in CI")
def test_a_comment_still_reads_back_after_libreoffice_rewrote_the_file(seed_path, tmp_path):
    draft, _uid = _draft(seed_path)
    ours = tmp_path / "ours" / "proposal.docx"
    ours.parent.mkdir()
    ProposalExporter(draft, author="APT").export(ours)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([office, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "docx",
                    "--outdir", str(tmp_path), str(ours)], check=True, capture_output=True, timeout=180)
    read = read_proposal(tmp_path / "proposal.docx")
    assert NOTE in read.comments.values()
