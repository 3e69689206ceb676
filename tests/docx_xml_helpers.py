"""Reading our .docx output the way Word would after "accept all" or "reject all" revisions.

Independent of the writer's code on purpose: the tests check the XML against the model, not the writer
against itself.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from cop_drafter.core.model import Resolution
from cop_drafter.core.rules import with_end_mark

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def parts(source: bytes | Path) -> dict[str, bytes]:
    data = source.read_bytes() if isinstance(source, Path) else source
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def xml(source: bytes | Path, name: str = "word/document.xml") -> etree._Element:
    return etree.fromstring(parts(source)[name])


def _mark(paragraph: etree._Element) -> str:
    rpr = paragraph.find(f"{W}pPr/{W}rPr")
    if rpr is not None and (rpr.find(f"{W}ins") is not None or rpr.find(f"{W}moveTo") is not None):
        return "insert"
    if rpr is not None and (rpr.find(f"{W}del") is not None or rpr.find(f"{W}moveFrom") is not None):
        return "delete"
    return ""


def _text(node: etree._Element, view: str) -> str:
    out = []
    for child in node:
        tag = child.tag
        if tag in (f"{W}ins", f"{W}moveTo") and view == "reject" or tag in (f"{W}del", f"{W}moveFrom") and \
                view == "accept":
            continue
        if tag in (f"{W}t", f"{W}delText"):
            out.append(child.text or "")
        elif tag == f"{W}tab":
            out.append("\t")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        elif tag == f"{W}br":
            out.append("\n")
        elif tag in (f"{W}pPr", f"{W}rPr"):
            continue
        else:
            out.append(_text(child, view))
    return "".join(out)


def style_of(paragraph: etree._Element) -> str:
    node = paragraph.find(f"{W}pPr/{W}pStyle")
    return node.get(f"{W}val") if node is not None else "Normal"


def body_paragraphs(document: etree._Element) -> list[etree._Element]:
    return list(document.find(f"{W}body").iterchildren(f"{W}p"))


def view(document: etree._Element, mode: str) -> list[tuple[str, str]]:
    """(style id, text) of each body paragraph after accepting ("accept") or rejecting ("reject") all."""
    gone = "delete" if mode == "accept" else "insert"
    return [(style_of(p), _text(p, mode)) for p in body_paragraphs(document) if _mark(p) != gone]


def between(paragraphs: list[tuple[str, str]], start_style: str, end_style: str) -> list[str]:
    """Texts after the first `start_style` paragraph and before the next `end_style` one."""
    styles = [s for s, _t in paragraphs]
    start = styles.index(start_style) + 1
    end = styles.index(end_style, start)
    return [t for _s, t in paragraphs[start:end]]


def expected_paragraphs(resolution: Resolution) -> list[str]:
    """The paragraphs an ITU editor expects for a (normalised) resolution, from the model alone."""
    header = resolution.header
    out = [header.heading()]
    if header.title:
        out.append(header.title)
    if header.conference_line:
        out.append(with_end_mark(header.conference_line, ","))
    for section in resolution.sections:
        out.append(section.call)
        for clause in section.walk():
            out.append(f"{clause.label}\t{clause.text}" if clause.label else clause.text)
    return out


def run_texts(run: etree._Element) -> str:
    """The text one run prints (tabs as \\t, non-breaking hyphens as -)."""
    return _text(run, "accept")


_PROPS = ("sz", "b", "i", "caps", "before", "after", "left", "hanging", "firstLine", "jc", "keepNext",
          "keepLines", "position")


def _own_props(style: etree._Element) -> tuple[dict[str, str], list[tuple[str, str]]]:
    props: dict[str, str] = {}
    ppr, rpr = style.find(f"{W}pPr"), style.find(f"{W}rPr")
    if rpr is not None:
        for tag in ("sz", "b", "i", "caps", "position"):
            node = rpr.find(f"{W}{tag}")
            if node is not None:
                props[tag] = node.get(f"{W}val", "1").replace("true", "1").replace("false", "0")
    tabs: list[tuple[str, str]] = []
    if ppr is not None:
        for tag in ("keepNext", "keepLines"):
            node = ppr.find(f"{W}{tag}")
            if node is not None:
                props[tag] = node.get(f"{W}val", "1")
        for tag, names in (("spacing", ("before", "after")), ("ind", ("left", "hanging", "firstLine"))):
            node = ppr.find(f"{W}{tag}")
            for name in names if node is not None else ():
                if node.get(f"{W}{name}") is not None:
                    props[name] = node.get(f"{W}{name}")
        jc = ppr.find(f"{W}jc")
        if jc is not None:
            props["jc"] = jc.get(f"{W}val")
        tabs = [(t.get(f"{W}val"), t.get(f"{W}pos")) for t in ppr.iter(f"{W}tab")]
    return props, tabs


def resolved_style(styles_xml: bytes, style_id: str) -> dict[str, object]:
    """What a style prints with, following its basedOn chain: font size, bold, italic, caps, spacing,
    indents, alignment, keep options and the tab stops left after clears ("0" and absence are equal)."""
    root = etree.fromstring(styles_xml)
    by_id = {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")}
    chain = []
    node = by_id.get(style_id)
    while node is not None:
        chain.insert(0, node)
        based = node.find(f"{W}basedOn")
        node = by_id.get(based.get(f"{W}val")) if based is not None else None
    props: dict[str, str] = {}
    tabs: dict[str, str] = {}
    for style in chain:
        own, own_tabs = _own_props(style)
        props.update(own)
        for val, pos in own_tabs:
            if val == "clear":
                tabs.pop(pos, None)
            else:
                tabs[pos] = val
    out: dict[str, object] = {k: v for k, v in props.items() if v not in ("0",) or k in ("before", "after")}
    out.setdefault("before", "0")
    out.setdefault("after", "0")
    out["tabs"] = sorted(tabs.items(), key=lambda item: int(item[0]))
    out["found"] = bool(chain)
    return out


# --- OOXML validation -------------------------------------------------------------------------------------------
# Every .docx a docx test builds is checked by openxml-audit (a port of Microsoft's Open XML SDK validator)
# under the Word 2010 and Microsoft 365 profiles; any error fails the test that built it.

def ooxml_errors(data: bytes) -> list[str]:
    """The validator's errors for one .docx, prefixed by the profile that found them."""
    import tempfile

    from openxml_audit import FileFormat, OpenXmlValidator

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "checked.docx"
        path.write_bytes(data)
        errors = []
        for profile in (FileFormat.OFFICE_2010, FileFormat.MICROSOFT_365):
            result = OpenXmlValidator(file_format=profile).validate(path)
            errors += [f"{profile.value}: {error}" for error in result.errors]
    return errors


@pytest.fixture(autouse=True)
def validated_docx(monkeypatch):
    """Validate every document the test's exporters build (to_bytes is what export() writes too)."""
    from cop_drafter.docx.exporters import Exporter

    built: list[bytes] = []
    original = Exporter.to_bytes

    def checked(self) -> bytes:
        data = original(self)
        built.append(data)
        return data

    monkeypatch.setattr(Exporter, "to_bytes", checked)
    yield built
    problems = [error for data in built for error in ooxml_errors(data)]
    assert problems == [], problems[:10]
