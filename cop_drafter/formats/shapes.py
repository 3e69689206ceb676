"""Undoing the layout a resolution picks up on the way to a delegate, before the text parser sees it.

The same resolution arrives as a bulleted copy of a web page (`  • recognizing` / `    • a) that ...`), as PDF
text whose labels are glued to their words (`a)that the purposes ...`), or with page breaks in the middle of a
clause (`- 2 -`, a running header `Res. 67 (Rev. Kigali, 2022)` repeated on every page). This module works line
by line and only removes layout: bullet marks, the missing space after a label, page numbers and running
headers or footers. It never changes a word; what it removed is reported as ParseWarnings.

Removed lines are blanked, not deleted, so the parser's line numbers still point into the delegate's file.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from cop_drafter.core.calls import call_kind
from cop_drafter.core.model import ParseWarning, Resolution
from cop_drafter.formats.text_parser import parse_text

log = logging.getLogger(__name__)

# A bullet mark that is never wording, followed by a space: web copies and Word lists.
_BULLET = re.compile(r"^(?P<indent>[ \t\u00a0]*)(?P<mark>[\u2022\u25e6\u25aa\u25ab\u25cf\u25cb\u25a0\u25a1\u2023"
                     r"\u2043\u00b7\u2219\uf0b7\uf0a7\u27a2\u25ba\u2013\u2014*\-+>])[ \t\u00a0]+(?P<rest>\S.*)$")
# Marks that may also be wording or markdown: only taken for bullets before a call or a label.
_AMBIGUOUS = {"*", "-", "+", ">", "\u2013", "\u2014"}
_LABEL_START = re.compile(r"^(?:\(?[a-z]{1,2}\)|\d{1,3}(?:\.\d{1,3})*\.?)(?=\s|$|[A-Za-z\u201c\"'])")
# "a)that", "(b)the", "bis)that" is not a thing; "1to" (PDF) but not "1st", "2nd", "3rd", "4th".
_SUFFIX = r"(?:bis|ter|quater)"  # "5bis", "a)bis": part of the label, never glued text
_GLUED_LETTER = re.compile(rf"^(?P<label>\(?[a-z]{{1,2}}\){_SUFFIX}?)(?!{_SUFFIX}\b)(?P<rest>[A-Za-z\u201c\"'].*)$")
_GLUED_NUMBER = re.compile(rf"^(?P<label>\d{{1,3}}(?:\.\d{{1,3}})*\.?{_SUFFIX}?)"
                           rf"(?P<rest>(?!(?:st|nd|rd|th|{_SUFFIX[3:-1]})\b)[a-z]{{2,}}\b.*)$")
# Page numbers as they stand alone on a line: "- 2 -", "2", "Page 2", "Page 2 of 9", "2/9".
PAGE_NUMBER = re.compile(r"^[\s\-\u2013\u2014]*(?:(?:page|p\.)\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[\s\-\u2013\u2014]*$",
                          re.IGNORECASE)
_PAGE_MARK = re.compile(r"^\s*[\-\u2013\u2014]\s*\d{1,4}\s*[\-\u2013\u2014]\s*$|^\s*page\s+\d{1,4}(?:\s+of\s+\d{1,4})?\s*$",
                        re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
RUNNING_WINDOW = 3  # a running header or footer stands within this many lines of a page break


@dataclass
class ShapeReport:
    """What the normaliser removed, counted, for the warnings."""

    bullets: int = 0
    glued: int = 0
    page_numbers: int = 0
    running: Counter[str] = field(default_factory=Counter)
    form_feeds: int = 0

    def warnings(self) -> list[ParseWarning]:
        found = []
        if self.bullets:
            found.append(ParseWarning("layout-bullets", f"removed {self.bullets} bullet mark(s) of a web or list copy"))
        if self.glued:
            found.append(ParseWarning("layout-glued-label",
                                      f"separated {self.glued} label(s) glued to their text (as in 'a)that')"))
        if self.page_numbers or self.form_feeds:
            found.append(ParseWarning("page-footer", f"removed {self.page_numbers} page number line(s) and "
                                      f"{self.form_feeds} page break(s)"))
        for text, count in self.running.items():
            found.append(ParseWarning("running-header", f"removed the running header or footer {text!r} "
                                      f"({count} time{'s' * (count != 1)})"))
        return found


def _strip_bullet(line: str, report: ShapeReport) -> str:
    m = _BULLET.match(line)
    if not m:
        return line
    rest = m.group("rest")
    if m.group("mark") in _AMBIGUOUS and not (_LABEL_START.match(rest) or call_kind(rest.strip(" ,:")) is not None):
        return line
    if m.group("mark") in "-\u2013\u2014" and PAGE_NUMBER.match(line):
        return line  # "- 2 -" is a page number, handled below
    report.bullets += 1
    return m.group("indent") + rest


def _unglue(line: str, report: ShapeReport) -> str:
    stripped = line.lstrip(" \t\u00a0")
    indent = line[: len(line) - len(stripped)]
    m = _GLUED_LETTER.match(stripped) or _GLUED_NUMBER.match(stripped)
    if not m:
        return line
    report.glued += 1
    return f"{indent}{m.group('label')} {m.group('rest')}"


def _page_breaks(lines: list[str]) -> list[int]:
    """Indexes of page-break lines: a form feed, or a page number standing between two text lines."""
    breaks = []
    for i, line in enumerate(lines):
        if "\f" in line or _PAGE_MARK.match(line):
            breaks.append(i)
    return breaks


def _near_break(index: int, breaks: list[int]) -> bool:
    return any(abs(index - b) <= RUNNING_WINDOW for b in breaks)


def _nearest(breaks: list[int], index: int) -> int:
    """The page break closest to a line (which page's header or footer it would be)."""
    return min(breaks, key=lambda b: abs(b - index))


def _running_key(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split())).lower()


def _drop_page_furniture(lines: list[str], report: ShapeReport) -> list[str]:
    """Blank page numbers and the running headers/footers repeated at two or more page breaks."""
    breaks = _page_breaks(lines)
    if not breaks:
        return lines
    near: dict[str, set[int]] = {}
    for i, line in enumerate(lines):
        if line.strip() and _near_break(i, breaks) and not _PAGE_MARK.match(line) and len(line.strip()) <= 120:
            near.setdefault(_running_key(line), set()).add(i)
    running = {key: idx for key, idx in near.items() if len({_nearest(breaks, i) for i in idx}) >= 2}
    out = list(lines)
    for indexes in running.values():
        if call_kind(lines[min(indexes)].strip(" ,:")) is not None or _LABEL_START.match(lines[min(indexes)].strip()):
            continue  # a call or a label repeated next to page breaks is the text itself
        for i in indexes:
            out[i] = ""
        report.running[" ".join(lines[min(indexes)].split())] += len(indexes)
    for b in breaks:
        line = out[b]
        if "\f" in line:
            report.form_feeds += line.count("\f")
            out[b] = line.replace("\f", "")
        if _PAGE_MARK.match(out[b]):
            report.page_numbers += 1
            out[b] = ""
    return out


def normalise_shapes(text: str) -> tuple[str, list[ParseWarning]]:
    """The text without its layout artefacts, and a warning for each kind removed. Wording is never touched."""
    report = ShapeReport()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # A form feed in the middle of a line is a page break there: give it a line of its own.
    if any("\f" in line for line in lines):
        lines = "\n".join(lines).replace("\f", "\n\f\n").split("\n")
    lines = [_unglue(_strip_bullet(line, report), report) for line in lines]
    lines = _drop_page_furniture(lines, report)
    warnings = report.warnings()
    if warnings:
        log.debug("layout removed: %s", "; ".join(str(w) for w in warnings))
    return "\n".join(lines), warnings


def parse_shaped(text: str, source: str = "") -> Resolution:
    """`parse_text` on a text of any shape (.txt, .md, a paste, PDF or web text): layout removed first."""
    clean, warnings = normalise_shapes(text)
    resolution = parse_text(clean, source)
    resolution.warnings[:0] = warnings
    return resolution
