"""Negotiating a compilation in the app (issue 14 deliver 4): the draft, and the wordings a delegate can take.

The negotiated text is a revision of the compilation's base, so the proposal it exports is a MOD against the
text in force whose revision marks are the changes the group agreed (and nothing a proposer wanted that was not
taken). Each clause of the draft keeps its base clause's uid, which is how the panel finds its row.
"""

from __future__ import annotations

from cop_drafter.core.compilation import Compilation, Row
from cop_drafter.core.draft import Draft, wording
from cop_drafter.core.rules import end_mark_of, strip_end_punctuation
from cop_drafter.core.word_merge import Merge, merge_wordings


def negotiation_draft(compilation: Compilation) -> Draft:
    """A new revision of the base, every clause NOC until the group settles it."""
    draft = Draft.revision_of(compilation.base, base_source="compilation of " + ", ".join(compilation.proposers))
    draft.compilation = compilation
    return draft


def row_for(compilation: Compilation, uid: str) -> Row | None:
    """The compilation row of a base clause (None for a clause the negotiation added, or a heading)."""
    return next((row for row in compilation.clause_rows() if row.base_uid == uid), None)


def wordings(row: Row) -> list[tuple[str, list[str]]]:
    """The distinct wordings on the table for a row, each with who proposes it, in proposer order: the base's own
    (for those who keep it) and each changed one. A suppression is not a wording."""
    grouped: dict[str, tuple[str, list[str]]] = {}
    for version in row.versions:
        if version.status in ("", "SUP"):
            continue
        text = row.base_text if version.status == "NOC" and row.base_text is not None else version.text
        key = wording(text)
        grouped.setdefault(key, (text, []))[1].append(version.proposer)
    return list(grouped.values())


def alternatives_text(row: Row) -> str:
    """`[Alt 1 (APT, CITEL): ...] [Alt 2 (CEPT): ...];`: every wording on the table as a bracketed alternative
    naming its proposers (the form the checks list until one is kept); the clause's end mark stands after the
    last bracket, where the punctuation rules look for it."""
    mark = end_mark_of(row.base_text or "") or next((end_mark_of(t) for t, _n in wordings(row) if end_mark_of(t)), "")
    return " ".join(f"[Alt {n} ({', '.join(names)}): {strip_end_punctuation(text)}]"
                    for n, (text, names) in enumerate(wordings(row), 1)) + mark


def suppressed_by(row: Row) -> list[str]:
    return [v.proposer for v in row.versions if v.status == "SUP"]


def proposers_of(row: Row | None, passage: str) -> list[str]:
    """Who stands behind a passage: those whose version has it when the text in force does not (they add it), or
    those whose version drops it when the text in force has it (they delete it)."""
    if row is None or not passage.strip():
        return []
    in_force = passage in (row.base_text or "")
    return [v.proposer for v in row.versions
            if v.status in ("MOD", "ADD", "SUP") and ((passage in v.text) != in_force or v.status == "SUP" and in_force)]


def bracket_passage(text: str, start: int, end: int, names: list[str]) -> str:
    """`text` with text[start:end] in square brackets, led by the proposers' names when known:
    "that children [APT: and young people] are ..."."""
    start, end = sorted((max(0, start), min(len(text), end)))
    lead = f"{', '.join(names)}: " if names else ""
    return f"{text[:start]}[{lead}{text[start:end]}]{text[end:]}"


def merge_proposers(row: Row, proposers: list[str]) -> Merge:
    """The text in force with the word changes of every named proposer who modifies the clause (one who keeps it
    adds nothing; a suppression is no wording to merge), clashes as bracketed alternatives."""
    chosen = [v for v in row.versions if v.proposer in proposers and v.status in ("MOD", "ADD")]
    return merge_wordings(row.base_text or "", [(v.proposer, v.text) for v in chosen])
