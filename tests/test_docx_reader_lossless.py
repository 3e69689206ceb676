"""Word content is read from its XML structure, never lost silently (issue 10, reproduction 6).

The .docx files are built here with python-docx and our own exporter, then edited as raw XML, from the seed
texts' wording: a clause whose words look like a placeholder, two footnote references in one clause, clauses in a
Word table, an embedded document (altChunk), an object and a text box, and XML nested 500 levels deep.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from cop_drafter.core.model import Footnote, FootnoteRef, ParseError
from cop_drafter.docx.exporters import CleanResolutionExporter
from cop_drafter.formats.docx_reader import read_docx
from cop_drafter.formats.text_parser import parse_text
from tests.docx_xml_helpers import parts

VML = 'xmlns:v="urn:schemas-microsoft-com:vml"'
CORPUS = Path(__file__).resolve().parent.parent / "resources" / "corpus"


@pytest.fixture(scope="module")
def kigali():
    return parse_text((CORPUS / "003_17374c786128507d.txt").read_text(encoding="utf-8"))


def _with_document(data: bytes, edit) -> bytes:
    """The same .docx with word/document.xml passed through `edit` (a str -> str function)."""
    files = parts(data)
    files["word/document.xml"] = edit(files["word/document.xml"].decode("utf-8")).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def _write(tmp_path, data: bytes, name: str = "draft.docx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def codes(resolution) -> list[str]:
    return [w.code for w in resolution.warnings]


def test_words_that_look_like_a_placeholder_are_kept_as_words(tmp_path, kigali):
    clause = kigali.sections[0].clauses[0]
    clause.text, clause.footnotes = "that the list [1: draft] was agreed;", []
    kigali.footnotes = []
    path = _write(tmp_path, CleanResolutionExporter(kigali).to_bytes())
    resolution = read_docx(path)
    assert resolution.sections[0].clauses[0].text == "that the list [1: draft] was agreed;"
    assert resolution.footnotes == []
    assert resolution.sections[0].clauses[0].footnotes == []


def test_two_footnote_references_in_one_clause_stay_at_their_words(tmp_path, kigali):
    text = "that the needs of least developed countries and of small island developing states be met;"
    clause = kigali.sections[0].clauses[0]
    clause.text = text
    clause.footnotes = [FootnoteRef("1", text.index(" and of")), FootnoteRef("2", text.index(" be met"))]
    kigali.footnotes = [Footnote("1", "Least developed countries."), Footnote("2", "Small island developing states.")]
    # A delegate typed a space before the first reference mark, as Word users often do.
    data = _with_document(CleanResolutionExporter(kigali).to_bytes(),
                          lambda xml: xml.replace("least developed countries</w:t>", "least developed countries </w:t>"))
    resolution = read_docx(_write(tmp_path, data))
    read = resolution.sections[0].clauses[0]
    assert read.text == text
    assert [read.text[ref.offset - 9: ref.offset + 4] for ref in read.footnotes] == ["countries and", "ng states be "]
    notes = {f.id: f.text for f in resolution.footnotes}
    assert [notes[ref.id] for ref in read.footnotes] == ["Least developed countries.",
                                                         "Small island developing states."]


def _plain(kigali) -> Document:
    document = Document()
    for text in ("RESOLUTION 67 (Rev. Kigali, 2022)", kigali.header.title, kigali.header.conference_line,
                 "considering", f"a)\t{kigali.sections[0].clauses[0].text}", "resolves"):
        document.add_paragraph(text)
    return document


def _operative(kigali) -> list[str]:
    section = next(s for s in kigali.sections if s.kind.name == "OPERATIVE")
    return [c.text for c in section.clauses[:3]]


def test_clauses_in_a_label_text_table_are_read_and_reported(tmp_path, kigali):
    document = _plain(kigali)
    texts = _operative(kigali)
    table = document.add_table(rows=3, cols=2)
    for row, (number, text) in zip(table.rows, enumerate(texts, start=1), strict=True):
        row.cells[0].text, row.cells[1].text = str(number), text
    buffer = io.BytesIO()
    document.save(buffer)
    resolution = read_docx(_write(tmp_path, buffer.getvalue()))
    assert [(c.label, c.text) for c in resolution.sections[1].clauses] == [
        ("1", texts[0]), ("2", texts[1]), ("3", texts[2])]
    tables = [w for w in resolution.warnings if w.code == "word-table"]
    assert tables and "3" in tables[0].message


def test_one_clause_per_table_row_is_read(tmp_path, kigali):
    document = _plain(kigali)
    texts = _operative(kigali)
    table = document.add_table(rows=3, cols=1)
    for row, (number, text) in zip(table.rows, enumerate(texts, start=1), strict=True):
        row.cells[0].text = f"{number}\t{text}"
    buffer = io.BytesIO()
    document.save(buffer)
    resolution = read_docx(_write(tmp_path, buffer.getvalue()))
    assert [c.text for c in resolution.sections[1].clauses] == texts
    assert "word-table" in codes(resolution)


def _skipped(kigali, fragment: str) -> bytes:
    document = _plain(kigali)
    paragraph = document.add_paragraph(f"1\t{_operative(kigali)[0]}")
    paragraph._p.append(parse_xml(fragment))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("fragment", "named"), [
    (f'<w:r {nsdecls("w")} {VML}><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>'
     "<w:t>2 to hide a clause in a text box;</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>",
     "text box"),
    (f'<w:r {nsdecls("w")}><w:object w:dxaOrig="100" w:dyaOrig="100"/></w:r>', "embedded object"),
    (f'<w:r {nsdecls("w", "a")}><w:drawing><a:graphic><a:graphicData><a:p><a:r><a:t>2 to act</a:t></a:r></a:p>'
     "</a:graphicData></a:graphic></w:drawing></w:r>", "a drawing with text"),
])
def test_skipped_objects_are_named_in_a_warning(tmp_path, kigali, fragment, named):
    resolution = read_docx(_write(tmp_path, _skipped(kigali, fragment)))
    skipped = [w.message for w in resolution.warnings if w.code == "skipped-content"]
    assert skipped and named in skipped[0]
    assert resolution.sections[1].clauses[0].text == _operative(kigali)[0]


def test_a_picture_without_text_is_not_reported(tmp_path, kigali):
    resolution = read_docx(_write(tmp_path, _skipped(kigali, f'<w:r {nsdecls("w")}><w:drawing/></w:r>')))
    assert "skipped-content" not in codes(resolution)


def test_an_embedded_document_is_named_in_a_warning(tmp_path, kigali):
    document = _plain(kigali)
    document.add_paragraph(f"1\t{_operative(kigali)[0]}")
    document.element.body.append(parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="rId99"/>'))
    buffer = io.BytesIO()
    document.save(buffer)
    resolution = read_docx(_write(tmp_path, buffer.getvalue()))
    skipped = [w.message for w in resolution.warnings if w.code == "skipped-content"]
    assert skipped and "altChunk" in skipped[0]


def test_500_levels_of_nesting_get_a_clear_message(tmp_path, kigali):
    buffer = io.BytesIO()
    _plain(kigali).save(buffer)
    deep = "<w:sdt><w:sdtContent>" * 250, "</w:sdtContent></w:sdt>" * 250
    data = _with_document(buffer.getvalue(), lambda xml: xml.replace("<w:body>", "<w:body>" + deep[0], 1)
                          .replace("<w:sectPr", deep[1] + "<w:sectPr", 1))
    with pytest.raises(ParseError) as caught:
        read_docx(_write(tmp_path, data))
    message = str(caught.value)
    assert "nested" in message and "levels" in message and "not well-formed" not in message
    assert "\n" not in message
