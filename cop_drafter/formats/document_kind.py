"""Is a file the text in force, or somebody's proposal or draft of a change to it?

A delegate's archive mixes adopted resolutions with proposals (their own exports included) and drafts. All of
them are worth searching, but a proposal's wording is not the text in force: the library stores what each file
is, so suggestions can say so and rank it below the adopted text at equal score.

- draft: a COP Drafter project (.copdraft);
- proposal: revision marks (Word tracked changes `w:ins`/`w:del`), conference marks on a line of their own
  ("MOD  EUR/23A1/1", "ADD", "SUP"), or a cover page ("Original: English", "Agenda item 4",
  "Addendum 17 to Document WTDC-25/23-E");
- adopted: anything else.

Detection looks at the file's bytes only (bounded, no parsing): the reader parses once, this sniffs once.
"""

from __future__ import annotations

import logging
import os
import re
import zipfile
from pathlib import Path

from cop_drafter.core.model import ParseError
from cop_drafter.formats.decoding import ZIP_MAGIC, decode_text

log = logging.getLogger(__name__)

ADOPTED, PROPOSAL, DRAFT = "adopted", "proposal", "draft"
KINDS = (ADOPTED, PROPOSAL, DRAFT)
KIND_RANK = {ADOPTED: 0, DRAFT: 1, PROPOSAL: 2}  # lower ranks first at equal score

MAX_SNIFF_BYTES = 16 * 1024 * 1024
_MARK = r"(?:MOD|ADD|SUP)(?:[ \t]+[A-Z][A-Za-z0-9]*/\S*)?"  # "MOD", "MOD EUR/23A1/1"
_COVER = (r"Original:[ \t]*(?:English|French|Spanish|Arabic|Chinese|Russian)"
          r"|Agenda item[ \t]+\S+|Addendum[ \t]+\d+[ \t]+to[ \t]+Document\b")
_TEXT_MARKS = re.compile(rf"^[ \t]*(?:{_MARK}|{_COVER})[ \t]*$", re.MULTILINE)
_PARA = re.compile(rb"<w:p[ >].*?</w:p>", re.DOTALL)
_RUN_TEXT = re.compile(rb"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:tab/>")
_TRACKED = re.compile(rb"<w:(?:ins|del)\b")


def kind_of_text(text: str) -> str:
    """The kind of a plain text (a .txt, a paste, the paragraphs of a Word file joined by newlines)."""
    return PROPOSAL if _TEXT_MARKS.search(text) else ADOPTED


def _docx_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as package:
            info = package.getinfo("word/document.xml")
            if info.file_size > MAX_SNIFF_BYTES:
                return ADOPTED
            xml = package.read(info)
    except (KeyError, OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError):
        return ADOPTED  # the reader says what is wrong with the file; kind detection never refuses one
    if _TRACKED.search(xml):
        return PROPOSAL
    lines = []
    for para in _PARA.findall(xml):
        lines.append(b"".join(m.group(1) if m.group(1) is not None else b"\t"
                              for m in _RUN_TEXT.finditer(para)).decode("utf-8", "replace"))
    return kind_of_text("\n".join(lines))


def document_kind(path: str | os.PathLike[str]) -> str:
    """adopted, proposal or draft (see the module doc); `adopted` when the file cannot be sniffed."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(MAX_SNIFF_BYTES)
    except OSError as exc:
        log.debug("cannot sniff %s: %s", path, exc)
        return ADOPTED
    if head.startswith(ZIP_MAGIC):
        return _docx_kind(path)
    if head.lstrip()[:1] == b"{" and b'"cop-drafter-project"' in head[:4096]:
        return DRAFT
    try:
        return kind_of_text(decode_text(head, path.name))
    except ParseError:  # binary: the reader refuses it with its own message
        return ADOPTED
