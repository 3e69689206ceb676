"""Checks once every clause is read: empty clauses and sections, missing labels, clauses starting mid-sentence.

Nothing is repaired: an empty clause is dropped (there is nothing to lose), everything else is kept as written and
reported as a ParseWarning.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from cop_drafter.core.model import Clause, Section

logger = logging.getLogger(__name__)

Warn = Callable[..., None]

# Words that may legitimately start a preambular or operative clause with a capital letter.
_CAPITAL_OPENERS = {
    "resolution", "resolutions", "article", "articles", "recommendation", "recommendations", "decision",
    "decisions", "opinion", "report", "the", "that", "council", "itu", "itu-d", "itu-t", "itu-r", "united",
    "wsis", "rec.", "general", "committee", "convention", "declaration", "tunis", "geneva", "plenipotentiary",
    "world", "member", "sector", "study", "this", "these", "its", "all", "in", "at", "by", "on", "with", "for",
    "a", "an", "to", "as", "un", "unicef", "action", "annex", "document", "question", "questions", "no.",
}


def check_section(section: Section, warn: Warn) -> None:
    """Drop empty clauses (warned), flag unlabelled clauses and clauses that start mid-sentence."""
    kept = []
    for clause in section.clauses:
        clause.children = [c for c in clause.children if c.text or c.children]
        if clause.text or clause.children:
            kept.append(clause)
        else:
            warn("empty-clause", f"{section.call} {clause.label}: the clause is empty (dropped)",
                 where=f"{section.call} {clause.label}")
    section.clauses = kept
    if not section.clauses:
        warn("empty-section", f"{section.call}: no clause under these call words", where=section.call)
    if len(section.clauses) > 1:
        for position, clause in enumerate(section.clauses, start=1):
            if not clause.label:
                warn("missing-label", f"{section.call}: clause {position} has no label ('{clause.text[:40]}...')",
                     where=f"{section.call} #{position}")
    for clause in section.walk():
        _check_damaged(section, clause, warn)


def _check_damaged(section: Section, clause: Clause, warn: Warn) -> None:
    first = clause.text.split(" ", 1)[0] if clause.text else ""
    if not first or not first[:1].isupper():
        return
    if first.lower().strip("“\"'(") in _CAPITAL_OPENERS or first.isupper() or first[:1] in "“\"'(":
        return
    warn(
        "damaged-clause",
        f"{section.call} {clause.label}: starts mid-sentence ({clause.text[:50]!r}): kept as written, please check "
        "against the original",
        where=f"{section.call} {clause.label}",
    )
