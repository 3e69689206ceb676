"""A clause's lineage: its earlier wordings across the library's older texts, oldest first.

Each step back aligns the whole text with each candidate older text (align.align_resolutions, a global
assignment), so two clauses never claim the same ancestor; the newest older revision with a match wins.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from cop_drafter.core.model import Clause, Resolution, Section
from cop_drafter.core.textdiff import DiffPiece, readable_diff
from cop_drafter.formats.document_kind import DRAFT
from cop_drafter.precedents.results import LibraryError, LineageStep, Source
from cop_drafter.precedents.scoring import scoring_form
from cop_drafter.precedents.store import DocumentInfo, content_key

if TYPE_CHECKING:
    from cop_drafter.precedents.library import PrecedentLibrary

log = logging.getLogger(__name__)

CANDIDATE_DOCS = 10  # older texts per year aligned with the current one at each step back


def _candidate_docs(library: PrecedentLibrary, text: str, before: int | None, exclude: set[str]) -> dict[int, list[str]]:
    """Documents older than `before` that have a clause like `text`, by year."""
    by_year: dict[int, list[str]] = {}
    for _score, row in library.ranked_unlocked(text, 200):
        if row.year is None or row.doc_id in exclude:
            continue
        if before is not None and row.year >= before:
            continue
        docs = by_year.setdefault(row.year, [])
        if row.doc_id not in docs and len(docs) < CANDIDATE_DOCS:
            docs.append(row.doc_id)
    return by_year


def _step_back(library: PrecedentLibrary, current_res: Resolution, current_clause: Clause, year: int | None,
               exclude: set[str]) -> tuple[float, DocumentInfo, Resolution, Section, Clause] | None:
    from cop_drafter.precedents.align import align_resolutions

    candidates = _candidate_docs(library, current_clause.text, year, exclude)
    for cand_year in sorted(candidates, reverse=True):
        best: tuple[float, DocumentInfo, Resolution, Section, Clause] | None = None
        for doc_id in candidates[cand_year]:
            loaded = library.doc_source(doc_id)
            if loaded is None:
                continue
            info, older = loaded
            for row in align_resolutions(older, current_res):
                if (row.new is current_clause and row.old is not None and row.old_section is not None
                        and (best is None or row.score > best[0])):
                    best = (row.score, info, older, row.old_section, row.old)
        if best is not None:
            return best
    return None


def _own_source(library: PrecedentLibrary, resolution: Resolution, section: Section, clause: Clause) -> Source:
    """The text's own step: described as the library stores it when it is one of the library's texts."""
    header = resolution.header
    for doc_id in sorted(library.doc_ids_with_key(content_key(resolution))):
        loaded = library.doc_source(doc_id)
        if loaded is not None:
            info = loaded[0]
            return Source(info.document, info.number, info.place, info.year, section.call, clause.label, info.body,
                          info.revision, info.id, info.bundled, info.kind)
    return Source(header.heading() or "this text", header.number, header.place, header.year, section.call,
                  clause.label, header.body, header.revision)


def lineage(library: PrecedentLibrary, resolution: Resolution, clause: Clause,
            base: Resolution | None = None) -> list[LineageStep]:
    """The clause's ancestors, oldest first, ending with the clause itself (call under the library's lock).

    With `base` (the draft's text in force), a clause that started as a copy of a base clause is anchored on
    it whatever its wording now: the base clause's lineage, then the draft clause."""
    section = next((s for s, c in resolution.clauses() if c is clause or c.uid == clause.uid), None)
    if section is None:
        raise LibraryError("the clause is not part of the given text")
    anchor = next((c for _s, c in base.clauses() if c.uid == clause.uid), None) if base is not None else None
    if base is None or anchor is None:
        return _lineage(library, resolution, section, clause)
    steps = _lineage(library, base, next(s for s, c in base.clauses() if c is anchor), anchor)
    header = resolution.header
    own = Source(f"draft of {header.heading()}" if header.heading() else "this draft", header.number, header.place,
                 header.year, section.call, clause.label, header.body, header.revision, kind=DRAFT)
    score = fuzz.ratio(scoring_form(anchor.text), scoring_form(clause.text), processor=None)
    steps.append(LineageStep(own, clause.text, readable_diff(anchor.text, clause.text), score))
    return steps


def _lineage(library: PrecedentLibrary, resolution: Resolution, section: Section, clause: Clause) -> list[LineageStep]:
    own = _own_source(library, resolution, section, clause)
    header = resolution.header
    chain: list[tuple[Source, Clause, float | None]] = [(own, clause, None)]
    current_res, current_clause, year = resolution, clause, header.year
    own_key = content_key(resolution)
    exclude = library.doc_ids_with_key(own_key)
    while True:
        step = _step_back(library, current_res, current_clause, year, exclude)
        if step is None:
            break
        # The score goes on the newer side: "similarity with the previous (older) step".
        score, info, older, old_section, old_clause = step
        source = Source(info.document, info.number, info.place, info.year, old_section.call,
                        old_clause.label, info.body, info.revision, info.id, info.bundled, info.kind)
        chain[-1] = (chain[-1][0], chain[-1][1], score)
        chain.append((source, old_clause, None))
        exclude.add(info.id)
        current_res, current_clause, year = older, old_clause, info.year
    chain.reverse()
    steps: list[LineageStep] = []
    previous: str | None = None
    for source, step_clause, score in chain:
        text = step_clause.text
        diff = readable_diff(previous, text) if previous is not None else [DiffPiece("equal", text)]
        steps.append(LineageStep(source, text, diff, score))
        previous = text
    return steps
