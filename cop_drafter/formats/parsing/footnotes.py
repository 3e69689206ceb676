"""Footnotes in a clause: references kept as (offset, id) while lines join, and PDF footnotes re-anchored.

A PDF prints a footnote at the page foot, often in the middle of a clause, and its reference is a bare figure
glued to a word ('developing1'). The parser collects those footnotes and, once all clauses are read, finds the
glued figure, takes it out of the text and records the reference at that place.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from cop_drafter.core.model import Clause, FootnoteRef, Section

logger = logging.getLogger(__name__)

Warn = Callable[..., None]


def remove_span(clause: Clause, start: int, end: int) -> None:
    """Cut text[start:end] out of a clause, moving the references after it back."""
    clause.text = clause.text[:start] + clause.text[end:]
    width = end - start
    clause.footnotes = [FootnoteRef(r.id, r.offset - width if r.offset >= end else min(r.offset, start))
                        for r in clause.footnotes]


def anchor_pdf_footnote(sections: list[Section], fid: str, section: Section | None, warn: Warn) -> None:
    """Find the figure `fid` glued to a word in the clauses up to `section` (latest first) and detach it."""
    pattern = re.compile(rf"(?<=[A-Za-z\)\u201d\"']){re.escape(fid)}(?=[\s,;.:]|$)")
    order = sections[: sections.index(section) + 1] if section in sections else sections
    for sec in reversed(order):
        for clause in reversed(list(sec.walk())):
            m = pattern.search(clause.text)
            if m:
                remove_span(clause, m.start(), m.end())
                clause.footnotes.append(FootnoteRef(fid, m.start()))
                clause.footnotes.sort(key=lambda ref: ref.offset)
                warn(
                    "footnote",
                    f"footnote {fid} moved out of the page break; its reference is on {sec.call} {clause.label}",
                    where=f"{sec.call} {clause.label}",
                )
                return
    warn("footnote-unreferenced", f"footnote {fid} has no reference in the text")
