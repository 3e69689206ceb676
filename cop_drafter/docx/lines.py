"""What a resolution looks like as paragraphs, old and new side by side.

Both exporters go through this: a clean export is a list of lines whose old and new text are equal, a
proposal pairs the base (old) and the revised text (new) by clause and section uid. A line with no old
side is an added paragraph, one with no new side a removed one. Base-only clauses stay where they
stood in the base: after the preceding clause that survives.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from cop_drafter.core.draft import wording
from cop_drafter.core.model import Clause, Header, Resolution, Section, SectionKind
from cop_drafter.core.rules import with_end_mark
from cop_drafter.docx import styles
from cop_drafter.docx.revisions import Mark

T = TypeVar("T")


@dataclass(frozen=True)
class Note:
    """A footnote anchored after `offset` characters of a line's text."""

    key: str  # the model's footnote id (to tell a kept footnote from an added one)
    offset: int
    text: str


@dataclass
class Side:
    text: str
    label: str = ""
    notes: list[Note] = field(default_factory=list)


@dataclass
class Line:
    """One paragraph. `old` None: added; `new` None: removed; both: kept (perhaps with changed words)."""

    style: str
    old: Side | None
    new: Side | None
    kind: str = "text"  # "heading", "title", "conference", "call", "clause"
    depth: int = 0
    preamble: bool = False  # a preambular clause: its label a) is set in italics
    uid: str = ""  # the clause's (or the call's section) uid: a removed and an added line with one uid are a move; the preview links by it
    move: str = ""  # the name of the Word move this line belongs to ("" when not moved)

    @property
    def mark(self) -> Mark:
        if self.old is None:
            return "insert"
        if self.new is None:
            return "delete"
        return "equal"


def _in_order(sequence: list[int]) -> set[int]:
    """Positions of a longest increasing subsequence (patience sorting, O(n log n))."""
    tails: list[int] = []  # position in `sequence` of the smallest tail of an increasing run of each length
    tail_values: list[int] = []
    previous: list[int] = [-1] * len(sequence)
    for i, value in enumerate(sequence):
        length = bisect_left(tail_values, value)
        previous[i] = tails[length - 1] if length else -1
        if length == len(tails):
            tails.append(i)
            tail_values.append(value)
        else:
            tails[length] = i
            tail_values[length] = value
    keep, i = set(), tails[-1] if tails else -1
    while i != -1:
        keep.add(i)
        i = previous[i]
    return keep


def merge_in_order(old: Sequence[T], new: Sequence[T], key: Callable[[T], Hashable]) -> list[tuple[T | None, T | None]]:
    """Pairs in the new order; an item only in `old` follows the old item that preceded it.

    An item whose position relative to the others changed (a clause moved up or down) is not paired: it is
    removed where it stood and added where it now stands, so rejecting every change restores the old order.
    """
    old_index = {key(item): i for i, item in enumerate(old)}
    common = [key(item) for item in new if key(item) in old_index]
    stable = {common[i] for i in _in_order([old_index[k] for k in common])}
    old_by_key = {key(item): item for item in old if key(item) in stable}
    # Old-only items grouped under the last stable old item before them (None: at the start).
    after: dict[Hashable | None, list[T]] = {}
    previous: Hashable | None = None
    for item in old:
        k = key(item)
        if k in stable:
            previous = k
        else:
            after.setdefault(previous, []).append(item)
    pairs: list[tuple[T | None, T | None]] = [(item, None) for item in after.get(None, [])]
    for item in new:
        k = key(item)
        pairs.append((old_by_key.get(k), item))
        if k in old_by_key:
            pairs.extend((gone, None) for gone in after.get(k, []))
    return pairs


def _side(resolution: Resolution, clause: Clause) -> Side:
    notes = []
    for ref in clause.footnotes:
        footnote = resolution.footnote(ref.id)
        if footnote is not None:
            notes.append(Note(ref.id, min(max(ref.offset, 0), len(clause.text)), footnote.text))
    return Side(clause.text, clause.label, notes)


def _flat(section: Section) -> list[tuple[int, Clause]]:
    out: list[tuple[int, Clause]] = []

    def visit(clauses: list[Clause], depth: int) -> None:
        for clause in clauses:
            out.append((depth, clause))
            visit(clause.children, depth + 1)

    visit(section.clauses, 0)
    return out


def clause_style(depth: int) -> str:
    return (styles.NORMAL, styles.ENUMLEV1, styles.ENUMLEV2)[depth] if depth < 3 else styles.ENUMLEV3


def conference_line(header: Header) -> str:
    """The conference line as written, ending with the comma the house style requires."""
    return with_end_mark(header.conference_line, ",") if header.conference_line.strip() else ""


def header_lines(old: Header | None, new: Header | None) -> list[Line]:
    """Res_No, Res_title and the conference line."""
    fields = (
        (styles.RES_NO, "heading", lambda h: h.heading()),
        (styles.RES_TITLE, "title", lambda h: h.title.strip()),
        (styles.AFTER_TITLE, "conference", conference_line),
    )
    lines = []
    for style, kind, get in fields:
        old_text = get(old) if old is not None else ""
        new_text = get(new) if new is not None else ""
        if not old_text and not new_text:
            continue
        lines.append(Line(style, Side(old_text) if old_text else None, Side(new_text) if new_text else None, kind))
    return lines


def section_lines(old_res: Resolution | None, old: Section | None, new_res: Resolution | None,
                  new: Section | None) -> list[Line]:
    call_old = Side(old.call) if old is not None else None
    call_new = Side(new.call) if new is not None else None
    section = new if new is not None else old
    lines = [Line(styles.CALL, call_old, call_new, "call", uid=section.uid if section is not None else "")]
    old_flat = _flat(old) if old is not None else []
    new_flat = _flat(new) if new is not None else []
    # Keyed by uid and depth: a clause that became a sub-clause (or the reverse) is removed and added.
    for before, after in merge_in_order(old_flat, new_flat, key=lambda item: (item[1].uid, item[0])):
        depth = (after or before)[0]  # type: ignore[index]
        lines.append(Line(
            clause_style(depth),
            _side(old_res, before[1]) if before is not None and old_res is not None else None,
            _side(new_res, after[1]) if after is not None and new_res is not None else None,
            "clause",
            depth,
            (new or old).kind is SectionKind.PREAMBLE,  # type: ignore[union-attr]
            (after or before)[1].uid,  # type: ignore[index]
        ))
    return lines


def resolution_lines(old: Resolution | None, new: Resolution | None) -> list[Line]:
    """Every paragraph of the resolution; pass the same resolution twice for a clean text."""
    lines = header_lines(old.header if old else None, new.header if new else None)
    old_sections = old.sections if old else []
    new_sections = new.sections if new else []
    alias = _section_aliases(old_sections, new_sections)
    for before, after in merge_in_order(old_sections, new_sections, key=lambda s: alias.get(s.uid, s.uid)):
        lines.extend(section_lines(old, before, new, after))
    _mark_moves(lines)
    return lines


def _mark_moves(lines: list[Line]) -> None:
    """A clause removed in one place and added in another (same uid: moved up, down or to another section) with
    the same wording is written as a Word move, so Word shows "Moved" and accepts or rejects both places as one.
    A clause both moved and reworded stays a deletion plus an insertion: Word's "Moved" promises the same text."""
    removed = {line.uid: line for line in lines if line.kind == "clause" and line.mark == "delete" and line.uid}
    count = 0
    for line in lines:
        gone = removed.get(line.uid) if line.kind == "clause" and line.mark == "insert" else None
        if gone is not None and gone.old is not None and line.new is not None and \
                wording(gone.old.text) == wording(line.new.text):
            count += 1
            line.move = gone.move = f"move{count}"


def _section_aliases(old: list[Section], new: list[Section]) -> dict[str, str]:
    """Pair new sections that do not carry a base section's uid with a base section: first one with the same
    call words, then the one holding most of their clauses' predecessors (a reworded call such as "instructs
    the Director ..." -> "resolves to instruct the Director ..." keeps its clauses' tracked changes)."""
    old_uids = {s.uid for s in old}
    taken = {s.uid for s in new if s.uid in old_uids}
    alias: dict[str, str] = {}
    waiting = [s for s in new if s.uid not in old_uids]

    def pair(section: Section, match: Section) -> None:
        alias[section.uid] = match.uid
        taken.add(match.uid)

    for section in list(waiting):
        wanted = " ".join(section.call.lower().split())
        match = next((s for s in old if s.uid not in taken and " ".join(s.call.lower().split()) == wanted), None)
        if match is not None:
            pair(section, match)
            waiting.remove(section)
    for section in waiting:
        uids = {c.uid for c in section.walk()}
        shared = [(sum(c.uid in uids for c in s.walk()), s) for s in old if s.uid not in taken and s.kind is section.kind]
        count, match = max(shared, key=lambda item: item[0], default=(0, None))
        if match is not None and count > 0:
            pair(section, match)
    return alias
