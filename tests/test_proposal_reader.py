"""Reading a proposal: base (every change rejected), proposed (every change accepted), proposer, Reasons, and
the text in force it modifies — from our exports, from a Word-like file, after LibreOffice, and hostile files."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from word_like import WordWriter, word_proposal

from cop_drafter.core.draft import ProposalMeta, wording
from cop_drafter.core.model import ParseError, Resolution
from cop_drafter.core.rules import normalise
from cop_drafter.corpus import load_corpus
from cop_drafter.docx.exporters import ProposalExporter
from cop_drafter.formats.docx_reader import read_docx
from cop_drafter.formats.in_force import find_in_force
from cop_drafter.formats.proposal_reader import match_in_force, read_proposal
from cop_drafter.precedents.align import draft_from_revisions

CORPUS = {t.id: t.resolution for t in load_corpus()}
Y2014, Y2017, Y2022 = "wtdc-res67-rev-dubai-2014", "wtdc-res67-rev-buenos-aires-2017", "wtdc-res67-rev-kigali-2022"
APT = "Asia-Pacific Telecommunity Member States"


def clauses(resolution: Resolution) -> list[tuple[str, str, str]]:
    """(call, label, wording) of every clause: what a delegate compares (end punctuation is recomputed on export)."""
    return [(" ".join(s.call.split()), c.label, wording(c.text)) for s, c in resolution.clauses()]


def seed(text_id: str) -> list[tuple[str, str, str]]:
    return clauses(normalise(CORPUS[text_id]))


def our_proposal(tmp_path: Path, old: str = Y2017, new: str = Y2022, name: str = "apt.docx") -> tuple[Path, dict]:
    """Shape (a): our exporter, author APT, with a reason on three clauses (by the labels they carry in 2022)."""
    draft = draft_from_revisions(CORPUS[old], CORPUS[new])
    draft.meta = ProposalMeta(source=APT, source_code="APT", conference="WTDC-25",
                              document="Addendum 1 to Document WTDC-25/23-E")
    wanted = {}
    for section, clause in draft.current.clauses():
        key = (" ".join(section.call.split()), clause.label)
        if key in (("recognizing", "b)"), ("invites Member States and Sector Members", "2"),
                   ("invites Member States", "3")):
            draft.reasons[clause.uid] = f"Reason for {key[0]} {key[1]}."
            wanted[key] = f"Reason for {key[0]} {key[1]}."
    path = tmp_path / name
    ProposalExporter(draft, author="APT").export(path)
    return path, wanted


def reasons_by_label(proposal) -> dict[tuple[str, str], str]:
    out = {}
    for uid, text in proposal.reasons.items():
        section, clause = proposal.proposed.find_clause(uid)
        out[(" ".join(section.call.split()), clause.label)] = text
    return out


def test_our_proposal_reads_as_its_base_and_its_proposed_text(tmp_path):
    path, wanted = our_proposal(tmp_path)
    proposal = read_proposal(path)
    assert len(wanted) == 3
    assert clauses(proposal.base) == seed(Y2017)
    assert clauses(proposal.proposed) == seed(Y2022)
    assert proposal.base.header.heading() == "RESOLUTION 67 (Rev. Buenos Aires, 2017)"
    assert proposal.proposed.header.heading() == "RESOLUTION 67 (Rev. Kigali, 2022)"
    assert (proposal.proposer, proposal.proposer_from) == (APT, "cover")
    assert proposal.references == ["MOD APT/23A1/1"]
    assert proposal.authors == ["APT"]
    assert reasons_by_label(proposal) == wanted
    assert "recognizing b): Reason for recognizing b)." in proposal.reasons_text
    assert not any("Reasons" in text or "APT/23A1" in text for _c, _l, text in clauses(proposal.proposed))
    assert not any(w.code == "no-tracked-changes" for w in proposal.warnings)


def test_the_docx_reader_gives_either_view(tmp_path):
    path, _ = our_proposal(tmp_path)
    rejected = read_docx(path, view="rejected")
    assert clauses(rejected) == seed(Y2017)
    assert clauses(read_docx(path)) == seed(Y2022)
    assert any(w.code == "tracked-changes" and "rejected" in w.message for w in rejected.warnings)


def test_match_in_force_picks_the_text_the_proposal_modifies(tmp_path):
    for old, new in ((Y2017, Y2022), (Y2014, Y2017), (Y2014, Y2022)):
        proposal = read_proposal(our_proposal(tmp_path, old, new, f"{old}-{new}.docx")[0])
        found = match_in_force(proposal, CORPUS.items())
        assert found is not None and found[0] == old, (old, new, found)
        assert 0.9 <= found[1] <= 1.0


def test_match_in_force_by_content_when_the_heading_says_nothing(tmp_path):
    proposal = read_proposal(our_proposal(tmp_path)[0])
    proposal.base.header.place, proposal.base.header.year = "", None
    found = match_in_force(proposal, CORPUS.items())
    assert found is not None and found[0] == Y2017


def test_no_text_in_force_is_none_with_a_reason(tmp_path):
    proposal = read_proposal(our_proposal(tmp_path)[0])
    others = [(k, v) for k, v in CORPUS.items() if v.header.number != "67"]
    assert match_in_force(proposal, others) is None
    found = find_in_force(proposal.base, others)
    assert found.id is None and "RESOLUTION 67 (Rev. Buenos Aires, 2017)" in found.reason
    assert match_in_force(proposal, []) is None


def word_file(tmp_path: Path, name: str = "cept.docx", **kwargs) -> Path:
    path = tmp_path / name
    path.write_bytes(word_proposal(normalise(CORPUS[Y2017]), normalise(CORPUS[Y2022]), **kwargs))
    return path


def test_word_like_proposal_from_another_administration(tmp_path):
    path = word_file(tmp_path, reasons=["General update.", "invites Member States 3: Stronger wording."])
    proposal = read_proposal(path)
    assert clauses(proposal.base) == seed(Y2017)
    assert clauses(proposal.proposed) == seed(Y2022)
    assert (proposal.proposer, proposal.proposer_from) == ("CEPT", "proposal-line")
    assert proposal.references == ["MOD CEPT/12A2/1"]
    assert proposal.authors == ["CEPT"]
    assert reasons_by_label(proposal) == {("invites Member States", "3"): "Stronger wording."}
    assert proposal.reasons_text == "General update.\ninvites Member States 3: Stronger wording."
    found = match_in_force(proposal, CORPUS.items())
    assert found is not None and found[0] == Y2017


def test_word_like_file_without_proposal_line_names_the_revision_author(tmp_path):
    proposal = read_proposal(word_file(tmp_path, proposal_line=None))
    assert (proposal.proposer, proposal.proposer_from) == ("CEPT", "author")
    assert proposal.references == []
    assert clauses(proposal.base) == seed(Y2017)


def test_word_like_cover_source_line_names_the_proposer(tmp_path):
    writer = WordWriter("Jane Doe")
    data = word_proposal(normalise(CORPUS[Y2017]), normalise(CORPUS[Y2022]), author="Jane Doe",
                         proposal_line="MOD\tCEPT/12A2/1")
    path = tmp_path / "cover.docx"
    path.write_bytes(data)
    _prepend(path, [writer.paragraph(t, t) for t in ("WTDC-25", "Source: Member States of the CEPT",
                                                      "Proposals for the work of the conference")])
    proposal = read_proposal(path)
    assert (proposal.proposer, proposal.proposer_from) == ("Member States of the CEPT", "cover")
    assert proposal.authors == ["Jane Doe"]
    assert clauses(proposal.proposed) == seed(Y2022)


def _prepend(path: Path, paragraphs) -> None:
    from docx import Document

    document = Document(str(path))
    first = document.element.body[0]
    for paragraph in paragraphs:
        first.addprevious(paragraph)
    document.save(str(path))


def test_file_without_anything_names_the_file(tmp_path):
    data = word_proposal(normalise(CORPUS[Y2017]), normalise(CORPUS[Y2017]), author="", proposal_line=None)
    path = tmp_path / "from-a-delegate.docx"
    path.write_bytes(data)
    proposal = read_proposal(path)
    assert (proposal.proposer, proposal.proposer_from) == ("from-a-delegate", "file")
    assert clauses(proposal.base) == clauses(proposal.proposed) == seed(Y2017)
    assert [w.code for w in proposal.warnings if w.code == "no-tracked-changes"] == ["no-tracked-changes"]


def _soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed here; CI has it")
    return found


@pytest.mark.libreoffice
@pytest.mark.slow
def test_proposals_saved_again_by_libreoffice_read_the_same(tmp_path):
    soffice = _soffice()
    sources = tmp_path / "in"
    sources.mkdir()
    ours, wanted = our_proposal(sources)
    word = word_file(sources, reasons=["invites Member States 3: Stronger wording."])
    out = tmp_path / "out"
    result = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                             "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(ours), str(word)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    again = read_proposal(out / ours.name)
    assert clauses(again.base) == seed(Y2017)
    assert clauses(again.proposed) == seed(Y2022)
    assert (again.proposer, again.proposer_from) == (APT, "cover")
    assert again.references == ["MOD APT/23A1/1"]
    assert reasons_by_label(again) == wanted
    assert "APT" in again.authors
    found = match_in_force(again, CORPUS.items())
    assert found is not None and found[0] == Y2017
    word_again = read_proposal(out / word.name)
    assert clauses(word_again.base) == seed(Y2017)
    assert clauses(word_again.proposed) == seed(Y2022)
    assert (word_again.proposer, word_again.proposer_from) == ("CEPT", "proposal-line")
    assert reasons_by_label(word_again) == {("invites Member States", "3"): "Stronger wording."}


def _zip(path: Path, parts: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.document.main+xml"/></Types>')
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _document(body: str) -> dict[str, str]:
    return {"[Content_Types].xml": _TYPES, "word/document.xml": f'<w:document {_W}>{body}</w:document>'}


def _nested(depth: int) -> str:
    opening = "".join(f'<w:ins w:id="{i}" w:author="X">' for i in range(depth))
    return (f'<w:body><w:p><w:r><w:t>RESOLUTION 67 (Rev. Kigali, 2022)</w:t></w:r></w:p><w:p><w:r><w:t>resolves'
            f'</w:t></w:r></w:p><w:p>{opening}<w:r><w:t>to act deep</w:t></w:r>{"</w:ins>" * depth}</w:p></w:body>')


@pytest.mark.parametrize("kind", ["text", "zip", "no-body", "empty-body", "too-deep", "zero"])
def test_hostile_files_are_one_clear_parse_error(tmp_path, kind):
    path = tmp_path / f"{kind}.docx"
    if kind == "text":
        path.write_text("RESOLUTION 67\nresolves\n1 to act.\n", encoding="utf-8")
    elif kind == "zip":
        _zip(path, {"readme.txt": "not a Word file"})
    elif kind == "no-body":
        _zip(path, _document(""))
    elif kind == "empty-body":
        _zip(path, _document("<w:body/>"))
    elif kind == "too-deep":
        _zip(path, _document(_nested(300)))
    else:
        path.write_bytes(b"")
    with pytest.raises(ParseError) as error:
        read_proposal(path)
    message = str(error.value)
    assert path.name in message and "\n" not in message and "Traceback" not in message


def test_tracked_change_nested_200_deep_is_read(tmp_path):
    proposal = read_proposal(_zip(tmp_path / "deep.docx", _document(_nested(200))))
    assert [c.text for _s, c in proposal.proposed.clauses()] == ["to act deep"]
    assert list(proposal.base.clauses()) == []
    assert proposal.authors == ["X"]
