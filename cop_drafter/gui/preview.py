"""The whole resolution as it will be submitted, in the app: clean, or with the proposal's revision marks.

Built from the same line model the .docx writers use (`docx.lines.resolution_lines` over the normalised texts)
and the same grouped word diff (`core.textdiff.readable_diff`), so what the delegate reads here is what Word
will show: struck deletions, underlined insertions, moved clauses in green, cross-references in italics,
footnote numbers with the notes below. The layout follows the ITU style figures of `docx.styles`.
A click on a clause emits its uid, so the main window can select it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from functools import lru_cache

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QFont, QPalette, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextOption
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QRadioButton, QTextBrowser, QVBoxLayout, QWidget

from cop_drafter.core import rules
from cop_drafter.core.draft import Draft
from cop_drafter.core.model import Clause, FootnoteRef, Resolution, Section
from cop_drafter.core.textdiff import DiffPiece, readable_diff
from cop_drafter.docx import styles
from cop_drafter.docx.crossrefs import italic_spans
from cop_drafter.docx.lines import Line, Note, Side, resolution_lines
from cop_drafter.gui.document import DraftDocument

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300
INSERT, DELETE, EQUAL, MOVED_FROM, MOVED_TO = "insert", "delete", "equal", "moved_from", "moved_to"
REVISION_COLOUR = "#b5082e"  # Word's first reviewer colour
MOVE_COLOUR = "#2e7d32"  # Word shows moves in green
SCHEME = "clause"
Spans = tuple[tuple[int, int], ...]


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
    uid: str = ""  # the clause (or call's section) uid: a click on it selects the clause
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
            runs.append(Run(f"  [moved {'up' if line.uid in self.moved_up else 'down'}]", MOVED_FROM))
        self.changes += any(r.mark != EQUAL for r in runs)
        labelled = any(side is not None and side.label for side in (line.old, line.new))
        indent = styles.CLAUSE_INDENT if line.kind == "clause" and line.depth == 0 and labelled else None
        self.paragraphs.append(Paragraph(line.style, _merged(runs), line.uid if line.kind == "clause" else "",
                                         line.kind, indent, indent))

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


# -- how it looks (Qt) ------------------------------------------------------------------------------------
_SPECS = {spec.style_id: spec for spec in styles.STYLES}


def _style(style_id: str, name: str) -> object:
    """A style value, following `based_on` as Word does."""
    spec = _SPECS.get(style_id)
    while spec is not None:
        value = getattr(spec, name)
        if value is not None:
            return value
        spec = _SPECS.get(spec.based_on) if spec.based_on else None
    return None


def _px(twips: int | None) -> float:
    return (twips or 0) / 15  # 1440 twips an inch, 96 px an inch


def block_format(paragraph: Paragraph) -> QTextBlockFormat:
    fmt = QTextBlockFormat()
    align = {"center": Qt.AlignmentFlag.AlignHCenter, "right": Qt.AlignmentFlag.AlignRight,
             "both": Qt.AlignmentFlag.AlignJustify}.get(_SPECS[paragraph.style].align if paragraph.style in _SPECS
                                                        else "", Qt.AlignmentFlag.AlignLeft)
    fmt.setAlignment(align)
    fmt.setTopMargin(_px(_style(paragraph.style, "before")))  # type: ignore[arg-type]
    fmt.setBottomMargin(_px(_style(paragraph.style, "after")))  # type: ignore[arg-type]
    left = paragraph.left if paragraph.left is not None else _style(paragraph.style, "left")
    hanging = paragraph.hanging if paragraph.hanging is not None else _style(paragraph.style, "hanging")
    fmt.setLeftMargin(_px(left))  # type: ignore[arg-type]
    fmt.setTextIndent(-_px(hanging))  # type: ignore[arg-type]
    # Qt measures tab stops from where the first line starts: the label's tab lands on the hanging indent.
    stops = [_px(hanging)] if hanging else [_px(t) for t in styles.TAB_STOPS]  # type: ignore[arg-type]
    fmt.setTabPositions([QTextOption.Tab(stop, QTextOption.TabType.LeftTab) for stop in stops])
    return fmt


def char_format(paragraph: Paragraph, run: Run) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setFontFamilies([styles.FONT, "Liberation Serif", "serif"])
    size = _style(paragraph.style, "size") or styles.BASE_SIZE
    fmt.setFontPointSize(float(size) / 2)  # type: ignore[arg-type]
    fmt.setFontWeight(QFont.Weight.Bold if _style(paragraph.style, "bold") else QFont.Weight.Normal)
    fmt.setFontItalic(bool(_style(paragraph.style, "italic")) or run.italic)
    fmt.setForeground(QColor("black"))
    if run.note:
        fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
    if run.mark in (INSERT, MOVED_TO):
        fmt.setFontUnderline(True)
    if run.mark in (DELETE, MOVED_FROM):
        fmt.setFontStrikeOut(True)
    if run.mark != EQUAL:
        fmt.setForeground(QColor(MOVE_COLOUR if run.mark in (MOVED_FROM, MOVED_TO) else REVISION_COLOUR))
    if paragraph.uid:
        fmt.setAnchor(True)
        fmt.setAnchorHref(f"{SCHEME}:{paragraph.uid}")
    return fmt


SEPARATOR = "_" * 20  # above the footnotes, as ITU's files draw it


def blocks_of(preview: Preview) -> list[Paragraph]:
    """Every paragraph shown, the footnotes (after their separator) included."""
    notes = [Paragraph(styles.FOOTNOTE_TEXT, [Run(SEPARATOR)]), *preview.notes] if preview.notes else []
    return preview.paragraphs + notes


def _write(cursor: QTextCursor, paragraph: Paragraph) -> None:
    for index, run in enumerate(paragraph.runs):
        fmt = char_format(paragraph, run)
        if index == 0 and paragraph.uid:
            fmt.setAnchorNames([paragraph.uid])
        cursor.insertText(run.text, fmt)


def fill_document(document, blocks: list[Paragraph]) -> None:
    """Replace the QTextDocument's content (one edit block: one layout pass)."""
    document.clear()
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for number, paragraph in enumerate(blocks):
        if number == 0:
            cursor.setBlockFormat(block_format(paragraph))
        else:
            cursor.insertBlock(block_format(paragraph))
        _write(cursor, paragraph)
    cursor.endEditBlock()


def update_document(document, old: list[Paragraph], new: list[Paragraph]) -> int:
    """Rewrite only the paragraphs that changed (typing changes one): returns how many were written.

    The unchanged head and tail are kept; in between, paragraphs are rewritten in place, then the surplus
    removed or the extra inserted. Falls back to a full fill when the change touches the first paragraph's
    position or the shown text is not `old`.
    """
    if document.blockCount() != len(old) or not old or not new:
        fill_document(document, new)
        return len(new)
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    old_mid, new_mid = len(old) - head - tail, new[head:len(new) - tail]
    common = min(old_mid, len(new_mid))
    if head + common == 0 and old_mid != len(new_mid):
        fill_document(document, new)
        return len(new)
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for i in range(common):
        block = document.findBlockByNumber(head + i)
        cursor.setPosition(block.position())
        cursor.setPosition(block.position() + block.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.setBlockFormat(block_format(new_mid[i]))
        cursor.removeSelectedText()
        _write(cursor, new_mid[i])
    last = document.findBlockByNumber(head + common - 1)  # the block the surplus follows
    if len(new_mid) > common:
        cursor.setPosition(last.position() + last.length() - 1)
        for paragraph in new_mid[common:]:
            cursor.insertBlock(block_format(paragraph))
            _write(cursor, paragraph)
    elif old_mid > common:
        gone = document.findBlockByNumber(head + old_mid - 1)
        cursor.setPosition(last.position() + last.length() - 1)
        cursor.setPosition(gone.position() + gone.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
    cursor.endEditBlock()
    return len(new_mid)


# -- the widget -------------------------------------------------------------------------------------------
PAGE_MARGIN = 36  # px around the text inside the white page
PAGE_TEXT_WIDTH = round(_px(styles.PAGE_WIDTH - styles.MARGIN_LEFT - styles.MARGIN_RIGHT))


class PageBrowser(QTextBrowser):
    """A white A4-wide page centred on grey, like Word's print layout; narrower windows wrap to their width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document().setDocumentMargin(PAGE_MARGIN)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor("white"))
        palette.setColor(QPalette.ColorRole.Text, QColor("black"))
        palette.setColor(QPalette.ColorRole.Window, QColor("#8c8c8c"))
        self.setPalette(palette)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self.setAutoFillBackground(True)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        scrollbar = self.verticalScrollBar().sizeHint().width()
        side = max(0, (self.width() - scrollbar - PAGE_TEXT_WIDTH - 2 * PAGE_MARGIN) // 2)
        self.setViewportMargins(side, 0 if side == 0 else 12, side, 0)
        super().resizeEvent(event)


class PreviewPane(QWidget):
    """The full-text view a Word user is used to, kept up to date as the draft changes."""

    clause_activated = Signal(str)  # a clause uid, when the delegate clicks that clause

    def __init__(self, doc: DraftDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc: DraftDocument | None = None
        self.last_render_ms = 0.0
        self.preview: Preview | None = None
        self._blocks: list[Paragraph] = []  # what the browser shows now
        self.written = 0  # paragraphs rewritten by the last refresh
        self.clean_button = QRadioButton("&Clean text")
        self.marked_button = QRadioButton("With revision &marks")
        self.clean_button.setToolTip("The resolution as adopted text, as the clean .docx export writes it")
        self.marked_button.setToolTip("The proposal's tracked changes against the text in force: struck "
                                      "deletions, underlined insertions, moved clauses in green")
        self.clean_button.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.clean_button)
        group.addButton(self.marked_button)
        self.marked_button.toggled.connect(self._schedule_now)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.browser = PageBrowser()
        self.browser.setAccessibleName("Preview of the resolution")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._anchor_clicked)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 2)
        bar.addWidget(self.clean_button)
        bar.addWidget(self.marked_button)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.browser)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self._dirty = True
        self.set_document(doc)

    # -- public API -----------------------------------------------------------------------------------
    @property
    def marked(self) -> bool:
        return self.marked_button.isChecked()

    def set_marked(self, marked: bool) -> None:
        (self.marked_button if marked else self.clean_button).setChecked(True)

    def set_document(self, doc: DraftDocument) -> None:
        """Follow another open draft (the main window swaps documents on File > Open)."""
        if self.doc is not None:
            self.doc.changed.disconnect(self._schedule)
        self.doc = doc
        doc.changed.connect(self._schedule)
        self._schedule_now()

    def show_clause(self, uid: str) -> None:
        """Scroll the preview to a clause (the outline's selection)."""
        self.refresh_if_due()
        self.browser.scrollToAnchor(uid)

    def text_blocks(self, *, with_notes: bool = False) -> list[str]:
        """The paragraphs as a reader reads them (footnote numbers left out), for tests and for copying."""
        self.refresh_if_due()
        assert self.preview is not None
        paragraphs = self.preview.paragraphs + (self.preview.notes if with_notes else [])
        return ["".join(r.text for r in p.runs if not r.note) for p in paragraphs]

    def refresh_if_due(self) -> None:
        if self._dirty or self._timer.isActive():
            self.refresh()

    def refresh(self) -> None:
        """Rebuild the whole text (200 clauses take a few tens of ms: see bench/gui_bench or the report)."""
        self._timer.stop()
        if self.doc is None:
            return
        started = time.perf_counter()
        try:
            preview = build_preview(self.doc.draft, self.marked)
        except Exception as exc:  # noqa: BLE001 - a preview never takes the window down; the draft is untouched
            log.exception("preview failed")
            self.summary.setText(f"Preview unavailable: {type(exc).__name__}: {exc}".splitlines()[0])
            return
        blocks = blocks_of(preview)
        self.written = update_document(self.browser.document(), self._blocks, blocks)
        self.preview, self._blocks, self._dirty = preview, blocks, False
        self.summary.setText(self._summary(preview))
        self.last_render_ms = (time.perf_counter() - started) * 1000
        log.debug("preview rendered in %.1f ms", self.last_render_ms)

    # -- internals ------------------------------------------------------------------------------------
    def _summary(self, preview: Preview) -> str:
        if not self.marked:
            return "As the clean .docx export"
        if self.doc is not None and self.doc.draft.base is None:
            return "A new resolution (ADD): no text in force to mark against"
        if not preview.changes:
            return "No change to the text in force"
        moves = f", {preview.moves} moved" if preview.moves else ""
        plural = "s" if preview.changes != 1 else ""
        return f"{preview.changes} paragraph{plural} with revision marks{moves}"

    def _schedule(self) -> None:
        self._dirty = True
        if self.isVisible():
            self._timer.start()

    def _schedule_now(self, *_args) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._dirty:
            self._timer.start(0)

    def _anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == SCHEME and url.path():
            self.clause_activated.emit(url.path())
