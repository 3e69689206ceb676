"""Reading .docx files: ITU-styled, plain, numbered, tracked — and hostile ones, which must fail cleanly."""

from __future__ import annotations

import io
import json
import struct
import zipfile

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx_xml_helpers import validated_docx  # noqa: F401  (autouse: every .docx built is validated)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cop_drafter.cli.main import main
from cop_drafter.core.draft import Draft
from cop_drafter.core.model import ParseError
from cop_drafter.core.rules import normalise
from cop_drafter.core.serialize import resolution_to_dict
from cop_drafter.docx.exporters import ProposalExporter
from cop_drafter.formats.docx_reader import read_docx
from cop_drafter.formats.reader import read_resolution

REFERENCE = "tests/fixtures/reference/wtsa-res1-hammamet-2016.docx"


def test_real_itu_resolution(request):
    resolution = read_docx(request.config.rootpath / REFERENCE)
    header = resolution.header
    assert header.heading() == "RESOLUTION 1 (Rev. Hammamet, 2016)"
    assert header.title == "Rules of procedure of the ITU Telecommunication Standardization Sector"
    assert header.conference_line == "The World Telecommunication Standardization Assembly (Hammamet, 2016),"
    considering = resolution.sections[0]
    assert considering.call == "considering"
    assert [c.label for c in considering.clauses[:4]] == ["a)", "b)", "b)bis", "c)"]
    assert considering.clauses[0].text.startswith("that the functions, duties and organization of the ITU")
    assert resolution.footnotes and all(f.text for f in resolution.footnotes)
    referenced = {ref.id for _s, c in resolution.clauses() for ref in c.footnotes}
    assert referenced and referenced <= {f.id for f in resolution.footnotes}
    assert any(w.code == "skipped-front-matter" for w in resolution.warnings)  # the foreword is not the text


def _plain_document() -> Document:
    document = Document()
    for text in ("RESOLUTION 99 (Rev. Dubai, 2018)", "Protecting children online",
                 "The Plenipotentiary Conference of the International Telecommunication Union (Dubai, 2018),",
                 "considering"):
        document.add_paragraph(text)
    return document


def _numbering(document: Document, num_id: int, fmt: str, text: str) -> None:
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{num_id + 40}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        f'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>'
        "</w:abstractNum>"))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{num_id + 40}"/></w:num>'))


def _numbered(document: Document, text: str, num_id: int, level: int = 0) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def test_plain_file_with_word_automatic_numbering(tmp_path):
    document = _plain_document()
    _numbering(document, 71, "lowerLetter", "%1)")
    _numbering(document, 72, "decimal", "%1")
    _numbered(document, "that children use ICTs;", 71)
    _numbered(document, "that risks grow,", 71)
    document.add_paragraph("resolves")
    _numbered(document, "to act:", 72)
    _numbered(document, "with partners;", 72, level=1)
    _numbered(document, "with Member States;", 72, level=1)
    _numbered(document, "to report.", 72)
    path = tmp_path / "plain.docx"
    document.save(str(path))
    resolution = read_docx(path)
    assert resolution.header.heading() == "RESOLUTION 99 (Rev. Dubai, 2018)"
    assert resolution.header.title == "Protecting children online"
    considering, resolves = resolution.sections
    assert [(c.label, c.text) for c in considering.clauses] == [("a)", "that children use ICTs;"),
                                                               ("b)", "that risks grow,")]
    assert [c.label for c in resolves.clauses] == ["1", "2"]
    assert [(c.label, c.text) for c in resolves.clauses[0].children] == [("1.1", "with partners;"),
                                                                        ("1.2", "with Member States;")]


def test_pasted_text_in_one_paragraph_with_line_breaks(tmp_path):
    document = Document()
    paragraph = document.add_paragraph()
    lines = ["RESOLUTION 67 (Rev. Kigali, 2022)", "Child online protection",
             "The World Telecommunication Development Conference (Kigali, 2022),", "recognizing",
             "a) that children are online;", "b) that risks exist,", "resolves", "to act."]
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        if i < len(lines) - 1:
            run.add_break()
    path = tmp_path / "pasted.docx"
    document.save(str(path))
    resolution = read_docx(path)
    assert [s.call for s in resolution.sections] == ["recognizing", "resolves"]
    assert [(c.label, c.text) for c in resolution.sections[0].clauses] == [("a)", "that children are online;"),
                                                                          ("b)", "that risks exist,")]


def test_tracked_changes_are_read_as_accepted_with_a_warning(tmp_path):
    from test_docx_proposal import revised_draft

    draft: Draft = revised_draft()
    path = tmp_path / "proposal.docx"
    ProposalExporter(draft).export(path)
    resolution = read_docx(path)
    expected = normalise(draft.revised())
    got, want = resolution_to_dict(resolution), resolution_to_dict(expected)
    assert got["sections"] == want["sections"]
    assert resolution.header.heading() == "RESOLUTION 67 (Rev. Kigali, 2022)"
    assert any(w.code == "tracked-changes" for w in resolution.warnings)


def test_parse_json_reads_docx(tmp_path, capsys, request):
    assert main(["parse", str(request.config.rootpath / REFERENCE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["header"]["number"] == "1" and data["sections"][0]["call"] == "considering"


# --- hostile and broken files -------------------------------------------------------------------------------

def _zip(entries: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _minimal(document_xml: bytes) -> dict[str, bytes]:
    return {"[Content_Types].xml": b"<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'/>",
            "word/document.xml": document_xml}


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>
<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>
<w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"""


def _lying_sizes(data: bytes, declared: int) -> bytes:
    """Patch every local and central header of a one-entry zip to declare a tiny uncompressed size."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := out.find(signature, start)) != -1:
            out[start + offset:start + offset + 4] = struct.pack("<I", declared)
            start += 4
    return bytes(out)


HOSTILE = {
    "not-a-zip": lambda: b"This is plain text with a .docx name\n" * 10,
    "empty": lambda: b"",
    "truncated": lambda: _zip(_minimal(b"<w:document/>" * 2000))[:300],
    "declared-bomb": lambda: _zip(_minimal(b"\0" * (60 * 1024 * 1024))),
    "lying-bomb": lambda: _lying_sizes(_zip({"word/document.xml": b"<a>" + b" " * (4 * 1024 * 1024) + b"</a>"}), 100),
    "billion-laughs": lambda: _zip(_minimal(BILLION_LAUGHS)),
    "external-entity": lambda: _zip(_minimal(EXTERNAL_ENTITY)),
    "no-document": lambda: _zip({"hello.txt": b"hi"}),
    "malformed-xml": lambda: _zip(_minimal(b"<w:document><w:body><w:p>")),
    "no-resolution": lambda: _zip(_minimal(
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
        b"<w:t>Shopping list</w:t></w:r></w:p></w:body></w:document>")),
}


REASON = {
    "not-a-zip": "not a Word document", "empty": "not a Word document", "truncated": "not a Word document",
    "declared-bomb": "too large", "lying-bomb": "damaged", "billion-laughs": "DTD", "external-entity": "DTD",
    "no-document": "no main document", "malformed-xml": "not well-formed", "no-resolution": "not look like a resolution",
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_docx_gives_parse_error(tmp_path, kind):
    path = tmp_path / f"{kind}.docx"
    path.write_bytes(HOSTILE[kind]())
    with pytest.raises(ParseError) as caught:
        read_docx(path)
    message = str(caught.value)
    assert REASON[kind] in message
    assert "\n" not in message and "passwd" not in message and "lollol" not in message


def test_200_mb_file_is_refused_before_reading(tmp_path, capsys):
    path = tmp_path / "huge.docx"
    with path.open("wb") as handle:  # sparse: costs no disk, but stat() says 200 MB
        handle.write(b"PK\x03\x04")
        handle.truncate(200 * 1024 * 1024)
    with pytest.raises(ParseError, match="too large"):
        read_docx(path)
    with pytest.raises(ParseError, match="too large"):
        read_resolution(path)
    assert main(["parse", str(path)]) == 2
    assert "too large" in capsys.readouterr().err


def test_numbering_from_a_list_style(tmp_path):
    document = _plain_document()
    document.add_paragraph("that children use ICTs,")
    document.add_paragraph("resolves")
    for text in ("to act;", "to cooperate;", "to report."):
        document.add_paragraph(text, style="List Number")
    path = tmp_path / "list-style.docx"
    document.save(str(path))
    resolves = read_docx(path).sections[-1]
    assert [(c.label, c.text) for c in resolves.clauses] == [("1", "to act;"), ("2", "to cooperate;"),
                                                             ("3", "to report.")]


@pytest.fixture(scope="module")
def exported_parts(tmp_path_factory) -> dict[str, bytes]:
    from test_docx_clean import handmade

    from cop_drafter.docx.exporters import CleanResolutionExporter

    data = CleanResolutionExporter(handmade()).to_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(part=st.sampled_from(["word/document.xml", "word/styles.xml", "word/footnotes.xml", "word/settings.xml",
                             "word/_rels/document.xml.rels", "[Content_Types].xml"]),
       cut=st.floats(0, 1), garbage=st.binary(max_size=40))
def test_damaged_parts_give_parse_error_or_a_resolution(tmp_path, exported_parts, part, cut, garbage):
    entries = dict(exported_parts)
    data = entries[part]
    at = int(len(data) * cut)
    entries[part] = data[:at] + garbage + data[at + len(garbage):]
    path = tmp_path / "damaged.docx"
    path.write_bytes(_zip(entries))
    try:
        read_docx(path)
    except ParseError as exc:
        assert str(exc) and "\n" not in str(exc)


def test_absurd_numbering_start_costs_nothing(tmp_path):
    document = _plain_document()
    _numbering(document, 73, "lowerLetter", "%1)")
    numbering = document.part.numbering_part.element
    for start in numbering.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}start"):
        start.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val", "999999999999")
    _numbered(document, "that children use ICTs,", 73)
    document.add_paragraph("resolves")
    document.add_paragraph("to act.")
    path = tmp_path / "absurd.docx"
    document.save(str(path))
    label = read_docx(path).sections[0].clauses[0].label
    assert len(label) < 60
