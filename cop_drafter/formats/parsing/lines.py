"""One source line, cleaned of artefacts without touching its wording, with its footnote references as data.

A line comes from a text file (where Word's footnote references survive as `[footnoteRef:N]` placeholders and the
footnotes as `[N: text]`) or from a Word paragraph (where references are XML elements, never text). Both become a
`SourceLine`: the text a delegate reads, and `(offset, id)` pairs saying after which character each reference
stands. Only a text file's placeholders are read as footnotes, so "the list [1: draft] was agreed" in a Word
paragraph keeps its words.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

logger = logging.getLogger(__name__)

# While a line is cleaned, a reference travels inside it as a private-use marker, so the cleaning steps move it
# with the words around it; the markers are taken out again before the line leaves this module.
_FN_OPEN, _FN_CLOSE = "\ue000", "\ue001"
_FN_MARK = re.compile(f"{_FN_OPEN}([^{_FN_CLOSE}]*){_FN_CLOSE}")
_PRIVATE = re.compile(f"[{_FN_OPEN}{_FN_CLOSE}]")

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_FOOTNOTE_REF = re.compile(r"\[footnoteRef:\s*(\w+)\]")
_FOOTNOTE_DEF = re.compile(r"\[(\d{1,3}):\s*(.*?)\]\s*(?=$|\s)")
HEADING = re.compile(r"^\s*#{1,6}\s+")
_EMPHASIS = re.compile(r"(\*{1,3}|(?<![\w_])_{1,2})(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
SEPARATOR = re.compile(r"^_{5,}$")


@dataclass(frozen=True)
class SourceLine:
    """A line of the source and the footnote references in it: (offset in `text`, footnote id)."""

    text: str
    footnote_refs: tuple[tuple[int, str], ...] = ()


def split_text(text: str) -> list[SourceLine]:
    """A text file's lines (any line ending), references still as placeholders in the text."""
    return [SourceLine(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _with_markers(line: SourceLine) -> str:
    """The line's text with its structural references put in as markers (any stray private marker dropped)."""
    if not line.footnote_refs:
        return _PRIVATE.sub("", line.text) if _FN_OPEN in line.text or _FN_CLOSE in line.text else line.text
    out, start = [], 0
    for offset, fid in sorted(line.footnote_refs, key=lambda ref: ref[0]):
        offset = max(start, min(offset, len(line.text)))
        out.append(_PRIVATE.sub("", line.text[start:offset]))
        out.append(f"{_FN_OPEN}{_PRIVATE.sub('', fid)}{_FN_CLOSE}")
        start = offset
    out.append(_PRIVATE.sub("", line.text[start:]))
    return "".join(out)


def _take_markers(text: str) -> SourceLine:
    """Markers out, offsets in: a marker between two spaces leaves one space, so offsets match the final text."""
    if _FN_OPEN not in text:
        return SourceLine(text)
    out: list[str] = []
    refs: list[tuple[int, str]] = []
    length = position = 0
    for match in _FN_MARK.finditer(text):
        segment = text[position:match.start()]
        following = text[match.end():match.end() + 1]
        if segment.endswith(" ") and following in (" ", ""):
            segment = segment[:-1]
        if length == 0:
            segment = segment.lstrip()
        out.append(segment)
        length += len(segment)
        refs.append((length, match.group(1)))
        position = match.end()
    tail = text[position:]
    if length == 0:
        tail = tail.lstrip()
    out.append(tail)
    joined = "".join(out)
    stripped = joined.rstrip()
    return SourceLine(stripped, tuple((min(offset, len(stripped)), fid) for offset, fid in refs))


def clean_line(line: SourceLine, footnotes: dict[str, str], seen: set[str], *, placeholders: bool) -> SourceLine:
    """The line without Word artefacts, markdown marks or odd spaces, references kept at their words.

    `placeholders` (text files only): read `[footnoteRef:N]` and `[N: text]` as footnotes, drop `[bookmark: ...]`.
    """
    text = _with_markers(line)
    if placeholders and "[" in text:
        if _BOOKMARK.search(text):
            text = _BOOKMARK.sub("", text)
            seen.add("bookmark")
        for match in _FOOTNOTE_DEF.finditer(text):
            footnotes[match.group(1)] = collapse(_INVISIBLE.sub("", _PRIVATE.sub("", match.group(2))))
        text = _FOOTNOTE_DEF.sub("", text)
        text = _FOOTNOTE_REF.sub(lambda m: f"{_FN_OPEN}{m.group(1)}{_FN_CLOSE}", text)
    if SEPARATOR.match(text.strip()):
        return SourceLine(text.strip())
    if "#" in text and HEADING.match(text):
        text = HEADING.sub("", text)
        seen.add("markdown")
    if "*" in text or "_" in text:
        before = text
        for _ in range(3):  # nested emphasis: ***a***, *_a_*
            text = _EMPHASIS.sub(r"\2", text)
        if text != before:
            seen.add("markdown")
    text = _INVISIBLE.sub("", text).replace("\u2011", "-")
    return _take_markers(collapse(text))
