"""Reading a resolution from the plain text or markdown a delegate actually has.

The texts come from PDFs (a line break every 80 characters, blank lines between lines, a page-break footnote in
the middle of a clause), from Word (tabs after labels, bookmarks, `[footnoteRef:1]`), or from markdown (emphasis
round labels, headings of any level). The work is done in `formats.parsing` (cleaning, labels, heading,
footnotes, the parse loop); this module is the public door every reader uses:

- `parse_text(text, source)`: a text file's content, Word placeholders read as footnotes;
- `parse_bytes(raw, source)`: the same from bytes in any encoding a delegate's file comes in;
- `parse_lines(lines, source, footnotes=...)`: structured lines (`SourceLine`: text and footnote references as
  data), for readers that have the structure (Word), so no wording is ever read as a placeholder.

Anything odd is kept as written and reported as a ParseWarning.
"""

from __future__ import annotations

import logging

from cop_drafter.core.model import ParseError, Resolution
from cop_drafter.formats.decoding import decode_with_warnings
from cop_drafter.formats.parsing.builder import parse_lines
from cop_drafter.formats.parsing.lines import SourceLine, split_text

logger = logging.getLogger(__name__)

__all__ = ["SourceLine", "parse_bytes", "parse_lines", "parse_text"]


def parse_text(text: str, source: str = "") -> Resolution:
    """Parse the text of a resolution. Raises ParseError when it is not one."""
    if not text.strip():
        raise ParseError(f"{source or 'the text'} is empty")
    return parse_lines(split_text(text), source, placeholders=True)


def parse_bytes(raw: bytes, source: str = "") -> Resolution:
    """Decode (any encoding a delegate's file comes in) and parse; stray control bytes dropped and warned."""
    text, stray = decode_with_warnings(raw, source or "the file")
    resolution = parse_text(text, source)
    resolution.warnings[:0] = stray
    return resolution
