"""Small WordprocessingML builders shared by the writers: runs, text with tabs, paragraph properties.

python-docx covers paragraphs and styles but not revisions or footnotes, so the writers build runs as
lxml elements; keeping the element plumbing here lets the other modules speak in "a run of this text".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# XML 1.0 forbids most control characters; a pasted form feed or NUL must not make the file unreadable.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The hyphen of an acronym compound (ITU-D, CWG-COP, WTDC-25) never breaks a line in ITU texts: Word's
# non-breaking hyphen. A hyphen between words ("Secretary-General") stays a normal one.
_PIECES = re.compile(r"(\t|\n|(?<=[A-Z0-9])-(?=[A-Z0-9]))")


def element(tag: str, **attrs: str) -> OxmlElement:
    """`element("w:ind", left="794")` -> <w:ind w:left="794"/> (attribute names take the tag's prefix)."""
    node = OxmlElement(tag)
    prefix = tag.split(":")[0]
    for key, value in attrs.items():
        node.set(qn(f"{prefix}:{key}"), str(value))
    return node


@dataclass(frozen=True)
class RunFormat:
    """Direct run formatting a writer needs beyond the paragraph style."""

    italic: bool = False
    bold: bool = False
    style: str = ""  # a character style id, e.g. "FootnoteReference"
    caps_off: bool = False  # "Rev." and the place inside a caps Res_No heading, as ITU sets them

    def rpr(self) -> OxmlElement | None:
        if not (self.italic or self.bold or self.style or self.caps_off):
            return None
        rpr = OxmlElement("w:rPr")
        if self.style:
            rpr.append(element("w:rStyle", val=self.style))
        if self.bold:
            rpr.append(OxmlElement("w:b"))
            rpr.append(OxmlElement("w:bCs"))
        if self.italic:
            rpr.append(OxmlElement("w:i"))
            rpr.append(OxmlElement("w:iCs"))
        if self.caps_off:
            rpr.append(element("w:caps", val="0"))
        return rpr


PLAIN = RunFormat()


def clean_text(text: str) -> str:
    return _FORBIDDEN.sub("", text)


def make_run(text: str, fmt: RunFormat = PLAIN, *, deleted: bool = False) -> OxmlElement:
    """A w:r holding `text`; tabs become w:tab, newlines w:br, deleted text goes in w:delText."""
    run = OxmlElement("w:r")
    rpr = fmt.rpr()
    if rpr is not None:
        run.append(rpr)
    text_tag = "w:delText" if deleted else "w:t"
    for piece in _PIECES.split(clean_text(text)):
        if piece == "\t":
            run.append(OxmlElement("w:tab"))
        elif piece == "-":
            run.append(OxmlElement("w:noBreakHyphen"))
        elif piece == "\n":
            run.append(OxmlElement("w:br"))
        elif piece:
            node = OxmlElement(text_tag)
            node.text = piece
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.append(node)
    return run


def paragraph_properties(paragraph) -> OxmlElement:
    """The paragraph's w:pPr, created when missing (python-docx's get_or_add keeps schema order)."""
    return paragraph._p.get_or_add_pPr()

