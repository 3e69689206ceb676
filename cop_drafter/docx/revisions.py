"""Word revision marks (`w:ins` / `w:del`) for a proposal's tracked changes.

Changed clauses are marked word by word with `core.textdiff.readable_diff` (the one diff function), added
or removed clauses as whole paragraphs: every run wrapped, plus the paragraph-mark revision
(`w:pPr/w:rPr/w:ins|w:del`) so that accepting or rejecting in Word also joins or splits the paragraphs.
Each revision carries an author, a date and an id unique in the document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Literal

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from cop_drafter.core.textdiff import DiffPiece, readable_diff
from cop_drafter.core.textdiff import readable as readable  # moved to core; kept importable here
from cop_drafter.docx.ooxml import PLAIN, RunFormat, element, make_run, paragraph_properties

Mark = Literal["equal", "insert", "delete"]


Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Emphasised:
    """A text with the character spans to set in italics (cross-references)."""

    text: str
    italic: Spans = ()
    caps_off: Spans = ()  # "Rev." and the place in a Res_No heading


def _inside(position: int, spans: Spans) -> bool:
    return any(start <= position < end for start, end in spans)


@dataclass(frozen=True)
class Anchor:
    """Something placed at a character offset of the text (a footnote reference), with its own mark."""

    offset: int
    mark: Mark
    build: Callable[[], OxmlElement]


class Revisions:
    """Issues revision elements for one document (ids shared by every w:ins and w:del)."""

    def __init__(self, author: str = "COP Drafter", date: datetime | None = None) -> None:
        self.author = author or "COP Drafter"
        when = date or datetime.now(UTC)
        self.date = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._ids = [1]  # shared with the siblings of other authors (`by`): ids are unique per document
        self.count = 0

    @property
    def _next_id(self) -> int:
        return self._ids[0]

    @_next_id.setter
    def _next_id(self, value: int) -> None:
        self._ids[0] = value

    def by(self, author: str) -> Revisions:
        """Marks by another author in the same document (a compilation: one author per proposer), same date
        and one id sequence."""
        sibling = Revisions.__new__(Revisions)
        sibling.author, sibling.date, sibling._ids, sibling.count = author or "COP Drafter", self.date, self._ids, 0
        return sibling

    def _revision(self, tag: str) -> OxmlElement:
        node = element(tag, id=str(self._next_id), author=self.author, date=self.date)
        self._next_id += 1
        self.count += 1
        return node

    def move_range(self, tag: str, name: str) -> tuple[OxmlElement, OxmlElement]:
        """The `w:moveFromRangeStart`/`End` (tag "moveFrom") or `w:moveToRangeStart`/`End` pair of one move."""
        start = element(f"w:{tag}RangeStart", id=str(self._next_id), author=self.author, date=self.date, name=name)
        end = element(f"w:{tag}RangeEnd", id=str(self._next_id))
        self._next_id += 1
        return start, end

    def wrap(self, mark: Mark, runs: list[OxmlElement]) -> list[OxmlElement]:
        """`runs` as they stand (equal) or each inside its own w:ins / w:del: LibreOffice shows a deleted
        footnote as text in force when one w:del wraps both its footnoteRef run and its text run."""
        if mark == "equal" or not runs:
            return runs
        out = []
        for run in runs:
            wrapper = self._revision("w:ins" if mark == "insert" else "w:del")
            wrapper.append(run)
            out.append(wrapper)
        return out

    def text(self, mark: Mark, text: str, fmt: RunFormat = PLAIN) -> list[OxmlElement]:
        if not text:
            return []
        return self.wrap(mark, [make_run(text, fmt, deleted=mark == "delete")])

    def mark_paragraph(self, paragraph, mark: Mark) -> None:
        """Record the paragraph mark itself as inserted or deleted (a whole added / removed clause)."""
        self.mark_ppr(paragraph_properties(paragraph), mark)

    def mark_ppr(self, ppr: OxmlElement, mark: Mark) -> None:
        if mark == "equal":
            return
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        rpr.append(self._revision("w:ins" if mark == "insert" else "w:del"))

    def diff(self, old: Emphasised, new: Emphasised, fmt: RunFormat = PLAIN, anchors: tuple[Anchor, ...] = (),
             old_anchors: tuple[Anchor, ...] = ()) -> list[OxmlElement]:
        """Runs turning `old` into `new` word by word; `anchors` sit at offsets of `new`, `old_anchors` of `old`."""
        pieces = ([DiffPiece("equal", new.text)] if new.text else []) if old.text == new.text else readable_diff(
            old.text, new.text)
        return self._render(pieces, fmt, anchors, old_anchors, new, old)

    def whole(self, mark: Mark, text: Emphasised, fmt: RunFormat = PLAIN,
              anchors: tuple[Anchor, ...] = ()) -> list[OxmlElement]:
        """`text` entirely equal, inserted or deleted, with its anchors."""
        piece = [DiffPiece(mark, text.text)] if text.text else []
        if mark == "delete":
            return self._render(piece, fmt, (), anchors, Emphasised(""), text)
        return self._render(piece, fmt, anchors, (), text, Emphasised(""))

    def _render(self, pieces: list[DiffPiece], fmt: RunFormat, anchors: tuple[Anchor, ...],
                old_anchors: tuple[Anchor, ...], new: Emphasised, old: Emphasised) -> list[OxmlElement]:
        new_queue = sorted(anchors, key=lambda a: a.offset)
        old_queue = sorted(old_anchors, key=lambda a: a.offset)
        out: list[OxmlElement] = []
        buffer: list[str] = []
        buffer_mark: Mark = "equal"
        buffer_look = (False, False)  # (italic, caps off)

        def flush() -> None:
            nonlocal buffer
            if buffer:
                italic, caps_off = buffer_look
                look = replace(fmt, italic=fmt.italic or italic, caps_off=caps_off)
                out.extend(self.text(buffer_mark, "".join(buffer), look))
                buffer = []

        def emit_due(new_pos: int, old_pos: int) -> None:
            while new_queue and new_queue[0].offset <= new_pos:
                flush()
                anchor = new_queue.pop(0)
                out.extend(self.wrap(anchor.mark, [anchor.build()]))
            while old_queue and old_queue[0].offset <= old_pos:
                flush()
                anchor = old_queue.pop(0)
                out.extend(self.wrap(anchor.mark, [anchor.build()]))

        new_pos = old_pos = 0
        for piece in pieces:
            for char in piece.text:
                emit_due(new_pos, old_pos)
                side, pos = (old, old_pos) if piece.op == "delete" else (new, new_pos)
                look = (_inside(pos, side.italic), _inside(pos, side.caps_off))
                if piece.op != buffer_mark or look != buffer_look:
                    flush()
                    buffer_mark, buffer_look = piece.op, look
                buffer.append(char)
                if piece.op != "delete":
                    new_pos += 1
                if piece.op != "insert":
                    old_pos += 1
        flush()
        emit_due(10**9, 10**9)
        return out
