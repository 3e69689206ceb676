"""The heading block: RESOLUTION line, title, conference line, and what is odd about them.

Everything before the first call words is heading. The RESOLUTION line and the conference line are recognised by
shape; the lines left are the title. A missing or cut-off heading, or a conference line without its comma, is
reported, never repaired.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from cop_drafter.core.model import Header

logger = logging.getLogger(__name__)

_RES_LINE = re.compile(
    r"^(?P<kind>(?:DRAFT\s+(?:NEW\s+|REVISED\s+)?)?RESOLUTION)\s*(?P<number>[\w/.\-\[\]]*)?\s*"
    r"(?:\((?P<rev>Rev\.?\s*)?(?P<place>[^()]*?),?\s*(?P<year>\d{4})\))?\s*$",
    re.IGNORECASE,
)
_CONFERENCE = re.compile(r"^The\s+(?P<body>.+?)\s*(?:\((?P<place>[^()]*?),?\s*(?P<year>\d{4})\))?\s*[,:]?\s*$")
_BODY_WORDS = ("conference", "assembly", "council", "summit", "meeting", "plenipotentiary")

Warn = Callable[..., None]


@dataclass
class Line:
    number: int
    text: str


class HeaderReader:
    """Collects the lines before the first call word into a Header."""

    def __init__(self) -> None:
        self.lines: list[Line] = []

    def add(self, line: Line) -> None:
        self.lines.append(line)

    def build(self, warn: Warn) -> Header:
        header = Header()
        title_parts: list[str] = []
        res_place = res_year = None
        found_res = False
        for line in self.lines:
            text = line.text
            res = _RES_LINE.match(text)
            if res and not found_res:
                found_res = True
                header.doc_type = " ".join(res.group("kind").upper().split())
                header.number = res.group("number") or ""
                header.revision = bool(res.group("rev"))
                res_place = (res.group("place") or "").strip()
                res_year = int(res.group("year")) if res.group("year") else None
                continue
            conf = _CONFERENCE.match(text)
            if conf and not header.conference_line and (
                conf.group("year") or any(w in conf.group("body").lower() for w in _BODY_WORDS)
            ):
                header.conference_line = text
                header.body = conf.group("body").strip().rstrip(",")
                if conf.group("year"):
                    header.place = (conf.group("place") or "").strip()
                    header.year = int(conf.group("year"))
                continue
            title_parts.append(text)
        header.title = " ".join(title_parts)
        if found_res:
            if res_place:
                if header.place and header.place != res_place:
                    warn(
                        "header-mismatch",
                        f"the heading names {res_place}, {res_year} but the conference line {header.place}, "
                        f"{header.year}",
                    )
                header.place = res_place
            if res_year:
                header.year = res_year
        else:
            first = self.lines[0] if self.lines else None
            truncated = bool(first and first.text[:1].islower())
            warn(
                "truncated-heading" if truncated else "missing-heading",
                "the heading is cut off: no RESOLUTION line"
                + (f", and the title starts mid-sentence ({first.text!r})" if truncated and first else ""),
                first.number if first else None,
            )
        if not header.conference_line:
            warn("missing-conference-line", "no conference line ('The ... Conference (place, year),')")
        elif not header.conference_line.rstrip().endswith(","):
            warn("conference-line-punctuation", "the conference line does not end with a comma")
        if header.conference_line and re.search(r"\([^,()]+\s\d{4}\)", header.conference_line):
            warn("conference-line-punctuation", "the conference line lacks the comma before the year")
        return header
