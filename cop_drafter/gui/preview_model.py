"""What the in-app preview shows, without Qt: the resolution as it will be submitted, as styled runs.

Built from the same line model the .docx writers use (`docx.lines.resolution_lines` over the normalised texts)
and the same grouped word diff (`core.textdiff.readable_diff`), so the runs are what Word will show: struck
deletions, underlined insertions, moved clauses (a clause whose uid is removed in one place and added in
another), cross-references in italics, footnotes numbered in reading order. `gui.preview` draws them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from functools import lru_cache

from cop_drafter.core import rules
from cop_drafter.core.draft import Draft
from cop_drafter.core.model import Clause, FootnoteRef, Resolution, Section
from cop_drafter.core.textdiff import DiffPiece, readable_diff
from cop_drafter.docx import styles
from cop_drafter.docx.crossrefs import italic_spans
from cop_drafter.docx.lines import Line, Note, Side, resolution_lines

log = logging.getLogger(__name__)

INSERT, DELETE, EQUAL, MOVED_FROM, MOVED_TO = "insert", "delete", "equal", "moved_from", "moved_to"
MOVE_TAG = "move_tag"  # "moved up" beside a moved clause's old place, as Word's margin says "Moved"
Spans = tuple[tuple[int, int], ...]
HEADER_UID = "header"  # the outline's node for the heading, title and conference line


@dataclass(frozen=True)
class Run:
    """A stretch of text with one look. `note` > 0: a footnote reference number (superscript)."""

    text: str
    mark: str = EQUAL
    italic: bool = False
    note: int = 0


@dataclass
class Paragraph:
    style: str
    runs: list[Run]
    uid: str = ""  # the clause's uid, a call's section uid or HEADER_UID: what a click on it selects
    kind: str = "text"
    left: int | None = None  # twips, overriding the style (the clause hanging indent)
    hanging: int | None = None


@dataclass
class Preview:
    paragraphs: list[Paragraph]
    notes: list[Paragraph] = field(default_factory=list)
    changes: int = 0  # paragraphs with revision marks
    moves: int = 0


@dataclass(frozen=True)
class _Anchor:
    offset: int
    mark: str
    text: str


# -- what to show (no Qt) ---------------------------------------------------------------------------------
def _shells(clauses: list[Clause], suppressed: set[str]) -> list[Clause]:
    return [Clause(c.text, c.label, _shells(c.children, suppressed), [FootnoteRef(r.id, r.offset) for r in c.footnotes],
                   uid=c.uid) for c in clauses if c.uid not in suppressed]


def submitted_text(draft: Draft) -> Resolution:
    """`normalise(draft.revised())` without two deep copies (this runs after each pause in typing): light shells
    over the same strings, relabelled and re-punctuated as an export does."""
    sections = [Section(s.call, s.kind, _shells(s.clauses, draft.suppressed), uid=s.uid)
                for s in draft.current.sections]
    current = draft.current
    result = Resolution(replace(current.header), [s for s in sections if s.clauses], list(current.footnotes),
                        source=current.source)
    rules.relabel(result)
    rules.apply_punctuation(result)
    return result


_BASES: dict[int, tuple[Resolution, Resolution]] = {}  # id(base) -> (base, normalised): a base is never edited


def _normalised_base(base: Resolution) -> Resolution:
    cached = _BASES.get(id(base))
    if cached is None or cached[0] is not base:
        _BASES.clear()
        cached = _BASES[id(base)] = (base, rules.normalise(base))
    return cached[1]


def preview_lines(draft: Draft, marked: bool) -> list[Line]:
    """The lines the clean export writes, or those of the proposal's tracked changes (when there is a base)."""
    new = submitted_text(draft)
    if marked and draft.base is not None:
        return resolution_lines(_normalised_base(draft.base), new)
    return resolution_lines(new, new)


@lru_cache(maxsize=4096)
def _italics(text: str) -> Spans:
    return tuple(italic_spans(text))


@lru_cache(maxsize=2048)
def _diff(old: str, new: str) -> tuple[DiffPiece, ...]:
    return tuple(readable_diff(old, new))


def build_preview(draft: Draft, marked: bool) -> Preview:
    lines = preview_lines(draft, marked)
    removed = {line.uid: line for line in lines if line.mark == DELETE and line.uid}
    moved = {line.uid for line in lines if line.mark == INSERT and line.uid in removed}
    builder = _Builder()
    builder.moved_up = {line.uid for i, line in enumerate(lines) if line.uid in moved and line.mark == INSERT
                        and i < lines.index(removed[line.uid])}
    for line in lines:
        builder.line(line, moved, removed)
    return Preview(builder.paragraphs, builder.notes, builder.changes, len(moved))


def _inside(position: int, spans: Spans) -> bool:
    return any(start <= position < end for start, end in spans)


def _next_edge(position: int, spans: Spans) -> int:
    edges = [edge for span in spans for edge in span if edge > position]
    return min(edges, default=1 << 30)


class _Builder:
    """Lines -> paragraphs, numbering footnotes in reading order as Word does."""

    def __init__(self) -> None:
        self.paragraphs: list[Paragraph] = []
        self.notes: list[Paragraph] = []
        self.changes = 0
        self.moved_up: set[str] = set()  # moved clauses now standing above where they stood

    def line(self, line: Line, moved: set[str], removed: dict[str, Line]) -> None:
        mark = line.mark
        old, new = line.old, line.new
        if mark == DELETE and line.uid in moved:
            mark = MOVED_FROM
        elif mark == INSERT and line.uid in moved:
            mark, old = MOVED_TO, removed[line.uid].old
        if mark in (INSERT, DELETE, MOVED_FROM):
            side = new if mark == INSERT else old
            assert side is not None
            runs = ([Run(f"{side.label}\t", mark)] if side.label else []) + self._text(
                line, [DiffPiece(DELETE if mark != INSERT else INSERT, side.text)], new if mark == INSERT else None,
                side if mark != INSERT else None, whole=mark)
        else:
            assert old is not None and new is not None
            runs = self._label(old.label, new.label, mark) + self._text(line, list(_diff(old.text, new.text)),
                                                                        new, old, kept=mark)
        if mark == MOVED_FROM:
            runs.append(Run(f"  moved {'up' if line.uid in self.moved_up else 'down'}", MOVE_TAG))
        self.changes += any(r.mark != EQUAL for r in runs)
        labelled = any(side is not None and side.label for side in (line.old, line.new))
        indent = styles.CLAUSE_INDENT if line.kind == "clause" and line.depth == 0 and labelled else None
        uid = line.uid if line.kind in ("clause", "call") else HEADER_UID
        self.paragraphs.append(Paragraph(line.style, _merged(runs), uid, line.kind, indent, indent))

    @staticmethod
    def _label(old: str, new: str, mark: str) -> list[Run]:
        if old == new:
            return [Run(f"{new}\t", EQUAL if mark == EQUAL else MOVED_TO)] if new else []
        tab = EQUAL if old and new else (INSERT if new else DELETE)
        return [r for r in (Run(old, DELETE), Run(new, INSERT), Run("\t", tab)) if r.text]

    def _text(self, line: Line, pieces: list[DiffPiece], new: Side | None, old: Side | None,
              whole: str = "", kept: str = EQUAL) -> list[Run]:
        """Pieces as runs, split where a cross-reference starts or ends and where a footnote is anchored."""
        clause = line.kind == "clause"
        new_italic: Spans = _italics(new.text) if clause and new else ()
        old_italic: Spans = _italics(old.text) if clause and old else ()
        new_queue, old_queue = self._anchors(new, old, whole)
        runs: list[Run] = []
        new_pos = old_pos = 0

        def due(until_new: int, until_old: int) -> None:
            while new_queue and new_queue[0].offset <= until_new:
                runs.append(self._note(new_queue.pop(0)))
            while old_queue and old_queue[0].offset <= until_old:
                runs.append(self._note(old_queue.pop(0)))

        for piece in pieces:
            text, i = piece.text, 0
            look = whole or (kept if piece.op == EQUAL else piece.op)
            on_old = piece.op == DELETE
            while i < len(text):
                due(new_pos, old_pos)
                pos, spans = (old_pos, old_italic) if on_old else (new_pos, new_italic)
                stop = min(len(text), i + _next_edge(pos, spans) - pos)
                if not on_old and new_queue:
                    stop = min(stop, i + new_queue[0].offset - new_pos)
                if piece.op != INSERT and old_queue:
                    stop = min(stop, i + old_queue[0].offset - old_pos)
                runs.append(Run(text[i:stop], look, _inside(pos, spans)))
                new_pos += 0 if on_old else stop - i
                old_pos += stop - i if piece.op != INSERT else 0
                i = stop
        due(1 << 30, 1 << 30)
        return runs

    @staticmethod
    def _anchors(new: Side | None, old: Side | None, whole: str) -> tuple[list[_Anchor], list[_Anchor]]:
        """Footnotes kept or added sit in the new text, those removed in the old (as render.py places them)."""
        if whole:
            side = new if whole == INSERT else old
            notes: list[Note] = side.notes if side else []
            queue = sorted((_Anchor(n.offset, whole, n.text) for n in notes), key=lambda a: a.offset)
            return (queue, []) if whole == INSERT else ([], queue)
        old_keys = {n.key for n in old.notes} if old else set()
        new_keys = {n.key for n in new.notes} if new else set()
        added = [_Anchor(n.offset, EQUAL if n.key in old_keys else INSERT, n.text) for n in (new.notes if new else [])]
        gone = [_Anchor(n.offset, DELETE, n.text) for n in (old.notes if old else []) if n.key not in new_keys]
        return sorted(added, key=lambda a: a.offset), sorted(gone, key=lambda a: a.offset)

    def _note(self, anchor: _Anchor) -> Run:
        number = len(self.notes) + 1
        self.notes.append(Paragraph(styles.FOOTNOTE_TEXT, [Run(str(number), anchor.mark, note=number),
                                                            Run(f"\t{anchor.text}", anchor.mark)]))
        return Run(str(number), anchor.mark, note=number)


def _merged(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if out and not run.note and not out[-1].note and (out[-1].mark, out[-1].italic) == (run.mark, run.italic):
            out[-1] = replace(out[-1], text=out[-1].text + run.text)
        else:
            out.append(run)
    return out


SEPARATOR = "_" * 20  # above the footnotes, as ITU's files draw it


def blocks_of(preview: Preview) -> list[Paragraph]:
    """Every paragraph shown, the footnotes (after their separator) included."""
    notes = [Paragraph(styles.FOOTNOTE_TEXT, [Run(SEPARATOR)]), *preview.notes] if preview.notes else []
    return preview.paragraphs + notes
