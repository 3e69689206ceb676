"""Files that hold several resolutions: a conference's final acts or report, a Word or text file of several.

A resolution starts at its heading line, `RESOLUTION 67 (Rev. Kigali, 2022)` in capitals on a line of its own
(ITU's house style). A file with two or more headings each followed by call words is a compilation: it is cut
at the headings into one text per resolution, each read on its own (its header, its footnotes), with its
provenance: the file and the page (PDF) or line range it came from. What stands before the first heading (a
cover, a table of contents) belongs to no resolution and is left out, and said so.

One heading or none: the file is one resolution and nothing is cut or dropped.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from cop_drafter.core.calls import call_kind
from cop_drafter.core.model import ParseError, ParseWarning, Resolution
from cop_drafter.formats.shapes import parse_shaped

log = logging.getLogger(__name__)

_HEADING = re.compile(r"^[#\s]*(?:DRAFT\s+(?:NEW\s+|REVISED\s+)?)?RESOLUTION\s+[\w/.\-\[\]]+(?:\s*\([^()]*\))?\s*$")


class CompilationError(ParseError):
    """A single resolution was asked for, but the file holds several."""

    def __init__(self, message: str, count: int) -> None:
        super().__init__(message)
        self.count = count


@dataclass
class Part:
    """One resolution's lines in a compilation, and where they stand in the file."""

    lines: list[str]
    first_line: int  # 1-based, in the whole file's lines
    last_line: int
    first_page: int | None
    last_page: int | None

    def provenance(self, source: str) -> dict[str, Any]:
        where: dict[str, Any] = {"source_file": source, "lines": f"{self.first_line}-{self.last_line}"}
        if self.first_page is not None:
            where["pages"] = (f"{self.first_page}" if self.first_page == self.last_page
                              else f"{self.first_page}-{self.last_page}")
        return where


def heading_line(text: str) -> bool:
    """Is this line a resolution's heading (`RESOLUTION 67 (Rev. Kigali, 2022)`, in capitals)?"""
    return bool(_HEADING.match(text))


def lines_have_call(lines: list[str]) -> bool:
    return any(call_kind(line.strip(" \t,:*_#")) is not None for line in lines if 0 < len(line.strip()) <= 100)


def split(lines: list[tuple[int | None, str]]) -> tuple[list[Part], int]:
    """The resolutions in a file's (page, text) lines, and how many lines before the first one were left out.

    A single part (and 0) when the file holds one resolution or none recognisable."""
    texts = [text for _page, text in lines]
    starts = [i for i, text in enumerate(texts) if heading_line(text)]
    # A heading without call words before the next one is not a resolution's start (a table of contents line).
    real = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(texts)
        if lines_have_call(texts[start:end]):
            real.append(start)
    if len(real) < 2:
        return [_part(lines, 0, len(lines))], 0
    parts = [_part(lines, start, real[n + 1] if n + 1 < len(real) else len(lines)) for n, start in enumerate(real)]
    return parts, sum(1 for text in texts[: real[0]] if text.strip())


def _part(lines: list[tuple[int | None, str]], start: int, end: int) -> Part:
    pages = [page for page, text in lines[start:end] if page is not None and text.strip()]
    return Part([text for _p, text in lines[start:end]], start + 1, end,
                min(pages) if pages else None, max(pages) if pages else None)


def read_parts(lines: list[tuple[int | None, str]], source: str,
               warnings: list[ParseWarning] | None = None) -> list[tuple[Resolution, dict[str, Any]]]:
    """Every resolution in the lines, parsed, with its provenance (empty for a file of one resolution)."""
    parts, front = split(lines)
    if len(parts) == 1:
        resolution = parse_shaped("\n".join(parts[0].lines), source)
        resolution.warnings[:0] = list(warnings or [])
        return [(resolution, {})]
    results = []
    for number, part in enumerate(parts, 1):
        where = part.provenance(source)
        place = f"pages {where['pages']}" if "pages" in where else f"lines {where['lines']}"
        try:
            resolution = parse_shaped("\n".join(part.lines), f"{source} ({place})")
        except ParseError as exc:
            raise ParseError(f"{source}: resolution {number} of {len(parts)} ({place}) cannot be read: {exc}") from exc
        resolution.source = source
        resolution.warnings[:0] = [ParseWarning("compilation", f"resolution {number} of {len(parts)} in {source}, "
                                                f"{place}")] + list(warnings or [])
        if front and number == 1:
            resolution.warnings.insert(1, ParseWarning(
                "skipped-front-matter", f"left out {front} line(s) before the first resolution (cover, contents)"))
        results.append((resolution, {**where, "part": number, "parts": len(parts)}))
    log.info("%s holds %d resolutions", source, len(parts))
    return results


def refuse_several(source: str, results: list[tuple[Resolution, dict[str, Any]]]) -> None:
    """The one line `parse` (or opening the file) gives for a compilation."""
    if len(results) > 1:
        names = ", ".join(r.header.heading() for r, _where in results[:3]) + (", ..." if len(results) > 3 else "")
        raise CompilationError(f"{source} holds {len(results)} resolutions ({names}): read them one by one with "
                               f"`cop-drafter split {source}`, or import the file into the library", len(results))
