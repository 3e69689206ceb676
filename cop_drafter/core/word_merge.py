"""Merge words from several proposers into one clause (issue 14 deliver 4: "merge words from several").

A group often agrees on APT's new name for the working group *and* CEPT's reference to the revised Council
resolution: taking one wording and retyping the other loses the second proposer's exact words. Here each chosen
proposer's wording is read as changes to the text in force (the one diff function, so a change is the run the
pane marks), every change that touches words nobody else changes is applied, and where two of them change the
same words differently their wordings of that stretch stand side by side as alternatives naming them, in the
shape `negotiation.alternatives_text` gives a whole clause: `[Alt 1 (APT): ...] [Alt 2 (CEPT): ...]`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cop_drafter.core.rules import end_mark_of, strip_end_punctuation
from cop_drafter.core.textdiff import readable_diff


@dataclass(frozen=True)
class Change:
    """base[start:end] becomes `text` (start == end: an insertion), as `proposers` propose it."""

    start: int
    end: int
    text: str
    proposers: tuple[str, ...]


@dataclass(frozen=True)
class Merge:
    text: str
    conflicts: int  # stretches left as bracketed alternatives


def changes(base: str, text: str) -> list[tuple[int, int, str]]:
    """The runs of `readable_diff(base, text)` as (start, end, replacement) over the base, in order."""
    out: list[tuple[int, int, str]] = []
    pos, start, inserted = 0, -1, ""
    for piece in readable_diff(base, text):
        if piece.op == "equal":
            if start >= 0:
                out.append((start, pos, inserted))
                start, inserted = -1, ""
            pos += len(piece.text)
            continue
        if start < 0:
            start = pos
        if piece.op == "delete":
            pos += len(piece.text)
        else:
            inserted += piece.text
    if start >= 0:
        out.append((start, pos, inserted))
    return out


def _clusters(found: list[Change]) -> list[list[Change]]:
    """Changes grouped where they touch the same words: overlapping stretches, or two insertions at one place
    (an insertion next to another change is no conflict: both are applied)."""
    groups: list[list[Change]] = []
    end = -1
    for change in sorted(found, key=lambda c: (c.start, c.end)):
        last = groups[-1] if groups else None
        inserted_here = last is not None and any(c.start == c.end == change.start for c in last)
        if last is not None and (change.start < end or (change.start == change.end and inserted_here)):
            last.append(change)
            end = max(end, change.end)
        else:
            groups.append([change])
            end = change.end
    return groups


def _apply(base: str, start: int, end: int, chosen: list[Change]) -> str:
    out, pos = [], start
    for change in sorted(chosen, key=lambda c: (c.start, c.end)):
        out.append(base[pos:change.start])
        out.append(change.text)
        pos = change.end
    out.append(base[pos:end])
    return "".join(out)


_LAST_WORD = re.compile(r"\S+\s*$")
_FIRST_WORD = re.compile(r"^\s*\S+")


def _camps(base: str, start: int, end: int, group: list[Change], order: Sequence[str]) -> dict[str, list[str]]:
    """Each distinct wording of base[start:end] (spaces folded) with the proposers who give it, in the
    proposers' order."""
    names = [name for name in order if any(name in change.proposers for change in group)]
    camps: dict[str, list[str]] = {}
    for name in names:
        wording = " ".join(_apply(base, start, end, [c for c in group if name in c.proposers]).split())
        camps.setdefault(wording, []).append(name)
    return camps


def _alternatives(base: str, start: int, end: int, group: list[Change], order: Sequence[str], floor: int,
                  ceiling: int) -> tuple[str, int, int]:
    """The stretch as `[Alt 1 (APT): ...] [Alt 2 (CEPT): ...]`, and the stretch it replaces: a stretch one
    proposer deletes takes in the word before it (or after it, between `floor` and `ceiling`), so that no
    alternative is empty."""
    camps = _camps(base, start, end, group, order)
    if "" in camps:
        before = _LAST_WORD.search(base, floor, start)
        after = _FIRST_WORD.match(base[end:ceiling])
        if before is not None:
            start = before.start()
        elif after is not None:
            end += after.end()
        camps = _camps(base, start, end, group, order)
    raw = [_apply(base, start, end, [c for c in group if name in c.proposers]) for names in camps.values()
           for name in names]
    # the spaces a stretch stood between stay outside the brackets (unless the text around has them already)
    lead = " " if any(text[:1].isspace() for text in raw) and not base[floor:start][-1:].isspace() else ""
    trail = " " if any(text[-1:].isspace() for text in raw) and not base[end:end + 1].isspace() else ""
    shown = " ".join(f"[Alt {n} ({', '.join(who)}): {wording}]" for n, (wording, who) in enumerate(camps.items(), 1))
    return lead + shown + trail, start, end


def merge_wordings(base: str, wordings: Sequence[tuple[str, str]]) -> Merge:
    """`base` with every (proposer, wording)'s changes applied; where two change the same words differently,
    the stretch as bracketed alternatives naming them. The clause's end mark stands after any bracket (where
    the punctuation rules look for it): the base's, unless the proposers who change it agree on another."""
    body = strip_end_punctuation(base)
    marks = {end_mark_of(text) for _name, text in wordings if end_mark_of(text) != end_mark_of(base)}
    mark = marks.pop() if len(marks) == 1 else end_mark_of(base)
    proposed: dict[tuple[int, int, str], list[str]] = {}
    for name, text in wordings:
        for found in changes(body, strip_end_punctuation(text)):
            proposed.setdefault(found, []).append(name)
    order = [name for name, _text in wordings]
    groups = _clusters([Change(s, e, t, tuple(who)) for (s, e, t), who in proposed.items()])
    out, pos, conflicts = [], 0, 0
    for i, group in enumerate(groups):
        start, end = min(c.start for c in group), max(c.end for c in group)
        if len(_camps(body, start, end, group, order)) == 1:  # one change, or several that give the same words
            first = group[0].proposers[0]
            out += [body[pos:start], _apply(body, start, end, [c for c in group if first in c.proposers])]
        else:
            ceiling = min(c.start for c in groups[i + 1]) if i + 1 < len(groups) else len(body)
            shown, start, end = _alternatives(body, start, end, group, order, pos, ceiling)
            out += [body[pos:start], shown]
            conflicts += 1
        pos = end
    out.append(body[pos:])
    result = "".join(out)
    return Merge(result + mark if result.strip() else result, conflicts)
