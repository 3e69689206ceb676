"""A proposal written the way Word writes revisions, not the way our exporter does (for the proposal reader).

No ITU styles and no cover page: every paragraph is Normal, labels are typed (`a)<TAB>text`). Word's habits are
imitated: `w:rsid*` attributes on paragraphs and runs, runs split in the middle of words (Word splits a run at
every editing session), deleted text in `w:delText` runs marked `w:rsidDel`, a removed paragraph as its runs
in `w:del` plus its deleted paragraph mark (`w:pPr/w:rPr/w:del`), an added one as runs in `w:ins` plus an
inserted mark. Independent of `cop_drafter/docx/revisions.py` on purpose; the paragraphs (old and new side
by side) come from `docx.lines.resolution_lines`, the one place that says which paragraph a clause is.
"""

from __future__ import annotations

import difflib
import io
import itertools
import re
from pathlib import Path

from docx import Document
from lxml import etree

from cop_drafter.core.rules import normalise
from cop_drafter.docx.lines import resolution_lines
from cop_drafter.precedents.align import draft_from_revisions

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
DATE = "2025-03-14T09:12:00Z"
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


class WordWriter:
    def __init__(self, author: str) -> None:
        self.author = author
        self._ids = itertools.count(100)
        self._rsids = itertools.cycle(["00A1B2C3", "00D4E5F6", "0071C0DE", "004B1D2E"])

    def _mark(self, tag: str) -> etree._Element:
        node = etree.Element(f"{W}{tag}")
        node.set(f"{W}id", str(next(self._ids)))
        node.set(f"{W}author", self.author)
        node.set(f"{W}date", DATE)
        return node

    def _runs(self, text: str, deleted: bool = False, split: bool = True) -> list[etree._Element]:
        """The text as runs, split mid-word like Word's editing sessions leave it; tabs as `w:tab`."""
        pieces = [text]
        if split and len(text) > 6:
            middle = len(text) // 2
            pieces = [text[:middle], text[middle:]]
        runs = []
        for piece in pieces:
            run = etree.Element(f"{W}r")
            run.set(f"{W}rsidDel" if deleted else f"{W}rsidR", next(self._rsids))
            rpr = etree.SubElement(run, f"{W}rPr")
            etree.SubElement(rpr, f"{W}lang").set(f"{W}val", "en-GB")
            for i, chunk in enumerate(piece.split("\t")):
                if i:
                    etree.SubElement(run, f"{W}tab")
                if chunk:
                    t = etree.SubElement(run, f"{W}delText" if deleted else f"{W}t")
                    t.text = chunk
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            runs.append(run)
        return runs

    def paragraph(self, old: str | None, new: str | None) -> etree._Element:
        p = etree.Element(f"{W}p")
        for name in ("rsidR", "rsidRDefault", "rsidP"):
            p.set(f"{W}{name}", next(self._rsids))
        ppr = etree.SubElement(p, f"{W}pPr")
        if old is None or new is None:  # a whole paragraph added or removed: its mark too
            rpr = etree.SubElement(ppr, f"{W}rPr")
            rpr.append(self._mark("ins" if old is None else "del"))
            wrapper = self._mark("ins" if old is None else "del")
            wrapper.extend(self._runs(new if old is None else old, deleted=new is None))  # type: ignore[arg-type]
            p.append(wrapper)
            return p
        a, b = _TOKENS.findall(old), _TOKENS.findall(new)
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op == "equal":
                p.extend(self._runs("".join(a[i1:i2])))
                continue
            if i2 > i1:
                deletion = self._mark("del")
                deletion.extend(self._runs("".join(a[i1:i2]), deleted=True, split=False))
                p.append(deletion)
            if j2 > j1:
                insertion = self._mark("ins")
                insertion.extend(self._runs("".join(b[j1:j2]), split=False))
                p.append(insertion)
        return p


def _side_text(side, kind: str) -> str:
    return f"{side.label}\t{side.text}" if side.label else side.text


def word_proposal(old, new, author: str = "CEPT", proposal_line: str | None = "MOD\tCEPT/12A2/1",
                  reasons: list[str] | None = None, extra: list[etree._Element] | None = None) -> bytes:
    """A .docx proposing `new` against `old` (Resolutions) as Word would save it, with the given framing."""
    draft = draft_from_revisions(old, new)
    writer = WordWriter(author)
    paragraphs = []
    if proposal_line:
        paragraphs.append(writer.paragraph(proposal_line, proposal_line))
    for line in resolution_lines(normalise(draft.base), normalise(draft.revised())):
        paragraphs.append(writer.paragraph(_side_text(line.old, line.kind) if line.old else None,
                                           _side_text(line.new, line.kind) if line.new else None))
    paragraphs.extend(extra or [])
    for i, reason in enumerate(reasons or []):
        text = f"Reasons:\t{reason}" if i == 0 else reason
        paragraphs.append(writer.paragraph(text, text))
    document = Document()
    body = document.element.body
    for child in list(body):
        if child.tag != f"{W}sectPr":
            body.remove(child)
    end = body.find(f"{W}sectPr")
    for paragraph in paragraphs:
        end.addprevious(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
