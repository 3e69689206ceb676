"""The whole resolution as it will be submitted, in the app: clean, or with the proposal's revision marks.

`gui.preview_model` says what to show (from the .docx writers' own line model and diff); this module draws it
with Qt in the ITU look of `docx.styles` (Times New Roman, centred heading, bold title, italic calls, label TAB
text on a hanging indent), on an A4-wide page, and keeps it up to date as the draft changes: debounced, and
only the paragraphs that changed are rewritten. A click on a clause emits its uid, so the window can select it.
"""

from __future__ import annotations

import contextlib
import logging
import time

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextOption,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cop_drafter.docx import styles
from cop_drafter.docx.ooxml import clean_text
from cop_drafter.gui.document import DraftDocument
from cop_drafter.gui.preview_model import (
    DELETE,
    EQUAL,
    HEADER_UID,
    INSERT,
    MOVE_TAG,
    MOVED_FROM,
    MOVED_TO,
    Paragraph,
    Preview,
    Run,
    blocks_of,
    build_preview,
)

__all__ = ["HEADER_UID", "PreviewPane", "Preview", "Run", "blocks_of", "build_preview", "fill_document",
           "update_document"]

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300
REVISION_COLOUR = "#b5082e"  # Word's first reviewer colour
MOVE_COLOUR = "#2e7d32"  # Word shows moves in green
CURRENT_SHADE = "#fff4c2"
SCHEME = "clause"


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


def block_format(paragraph: Paragraph, shaded: str | None = None) -> QTextBlockFormat:
    """The paragraph's layout; on the current clause's shade when it belongs to clause `shaded` (set here, so
    a rewritten long paragraph is laid out once, not again by the shading)."""
    fmt = QTextBlockFormat()
    if shaded and paragraph.uid == shaded:
        fmt.setBackground(QColor(CURRENT_SHADE))
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
    """Res_No's caps are left out: the heading is written in capitals already, and ITU prints
    "(Rev. Kigali, 2022)" with caps off."""
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
        fmt.setForeground(QColor(MOVE_COLOUR if run.mark in (MOVED_FROM, MOVED_TO, MOVE_TAG) else REVISION_COLOUR))
    if run.mark == MOVE_TAG:
        fmt.setFontItalic(True)
        fmt.setFontPointSize(fmt.fontPointSize() - 2)
    if paragraph.uid:
        fmt.setAnchor(True)
        fmt.setAnchorHref(f"{SCHEME}:{paragraph.uid}")
    return fmt


_LINE_BREAK = str.maketrans({"\n": "\u2028", "\u2029": "\u2028"})


def _write(cursor: QTextCursor, paragraph: Paragraph) -> None:
    """The runs of one paragraph; a newline is a line break inside it (Word's w:br), never a new paragraph,
    and the control characters the .docx writer drops are dropped here too."""
    for index, run in enumerate(paragraph.runs):
        fmt = char_format(paragraph, run)
        if index == 0 and paragraph.uid:
            fmt.setAnchorNames([paragraph.uid])
        cursor.insertText(clean_text(run.text).translate(_LINE_BREAK), fmt)


def fill_document(document, blocks: list[Paragraph], shaded: str | None = None) -> None:
    """Replace the QTextDocument's content (one edit block: one layout pass)."""
    document.clear()
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for number, paragraph in enumerate(blocks):
        if number == 0:
            cursor.setBlockFormat(block_format(paragraph, shaded))
        else:
            cursor.insertBlock(block_format(paragraph, shaded))
        _write(cursor, paragraph)
    cursor.endEditBlock()


def update_document(document, old: list[Paragraph], new: list[Paragraph], shaded: str | None = None) -> int:
    """Rewrite only the paragraphs that changed (typing changes one): returns how many were written.

    The unchanged head and tail are kept; in between, paragraphs are rewritten in place, then the surplus
    removed or the extra inserted. Falls back to a full fill when the change touches the first paragraph's
    position or the shown text is not `old`.
    """
    if document.blockCount() != len(old) or not old or not new:
        fill_document(document, new, shaded)
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
        fill_document(document, new, shaded)
        return len(new)
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    for i in range(common):
        block = document.findBlockByNumber(head + i)
        cursor.setPosition(block.position())
        cursor.setPosition(block.position() + block.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.setBlockFormat(block_format(new_mid[i], shaded))
        cursor.removeSelectedText()
        _write(cursor, new_mid[i])
    last = document.findBlockByNumber(head + common - 1)  # the block the surplus follows
    if len(new_mid) > common:
        cursor.setPosition(last.position() + last.length() - 1)
        for paragraph in new_mid[common:]:
            cursor.insertBlock(block_format(paragraph, shaded))
            _write(cursor, paragraph)
    elif old_mid > common:
        gone = document.findBlockByNumber(head + old_mid - 1)
        cursor.setPosition(last.position() + last.length() - 1)
        cursor.setPosition(gone.position() + gone.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        # Joining an empty block to the next keeps the next one's layout: give the kept block its own back.
        cursor.setBlockFormat(block_format(new[head + common - 1], shaded))
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
        self.document().setUndoRedoEnabled(False)  # rewritten after each pause in typing: keep no history
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
    node_activated = Signal(str)  # "header" or a section uid, when the heading lines or call words are clicked

    def __init__(self, doc: DraftDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc: DraftDocument | None = None
        self.last_render_ms = 0.0
        self.preview: Preview | None = None
        self._blocks: list[Paragraph] = []  # what the browser shows now
        self.written = 0  # paragraphs rewritten by the last refresh
        self.clean_button = QRadioButton("Clean text")
        self.marked_button = QRadioButton("With revision marks")
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
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens a dock
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.browser = PageBrowser()
        self.browser.setAccessibleName("Preview of the resolution")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._anchor_clicked)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 2)
        bar.addWidget(self.clean_button)
        bar.addWidget(self.marked_button)
        bar.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.browser)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        self._dirty = True
        self._current: str | None = None  # the clause shaded as the outline's selection
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
            with contextlib.suppress(RuntimeError, TypeError):  # the old draft's QObject may be gone already
                self.doc.changed.disconnect(self._schedule)
        self.doc = doc
        doc.changed.connect(self._schedule)
        self._schedule_now()

    def show_clause(self, uid: str | None) -> None:
        """Scroll to a clause and shade it (the outline's selection); None clears the shading."""
        self.refresh_if_due()
        self._current = uid
        self._shade()
        number = next((i for i, p in enumerate(self._blocks) if uid and p.uid == uid), None)
        if number is None:
            return
        document = self.browser.document()
        top = document.documentLayout().blockBoundingRect(document.findBlockByNumber(number)).top()
        bar, height = self.browser.verticalScrollBar(), self.browser.viewport().height()
        if not bar.value() <= top <= bar.value() + height * 3 // 4:  # leave it where it is when in view
            bar.setValue(int(top - height // 4))

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
            blocks = blocks_of(preview)
            self.written = update_document(self.browser.document(), self._blocks, blocks, self._current)
        except Exception as exc:  # noqa: BLE001 - a preview never takes the window down; the draft is untouched
            log.exception("preview failed")
            self._blocks = []  # what is shown is unknown now: the next refresh rebuilds it all
            self.summary.setText(f"Preview unavailable: {type(exc).__name__}: {exc}".splitlines()[0])
            return
        self.preview, self._blocks, self._dirty = preview, blocks, False
        short, full = self._summary(preview)
        self.summary.setText(short)
        self.summary.setToolTip(full)
        self._shade()
        self.last_render_ms = (time.perf_counter() - started) * 1000
        log.debug("preview rendered in %.1f ms", self.last_render_ms)

    # -- internals ------------------------------------------------------------------------------------
    def _shade(self) -> None:
        """The current clause's paragraphs on a light background, every other paragraph on none."""
        document = self.browser.document()
        cursor = QTextCursor(document)
        for number, paragraph in enumerate(self._blocks):
            block = document.findBlockByNumber(number)
            wanted = bool(self._current) and paragraph.uid == self._current
            fmt = block.blockFormat()
            if wanted == fmt.hasProperty(QTextFormat.Property.BackgroundBrush):
                continue
            if wanted:
                fmt.setBackground(QColor(CURRENT_SHADE))
            else:
                fmt.clearBackground()
            cursor.setPosition(block.position())
            cursor.setBlockFormat(fmt)

    def _summary(self, preview: Preview) -> tuple[str, str]:
        """A short line for the bar (a dock may be narrow) and the full sentence for its tooltip."""
        if not self.marked:
            return "As exported", "The resolution as the clean .docx export writes it"
        if self.doc is not None and self.doc.draft.base is None:
            return "New text: no marks", "A new resolution (ADD): no text in force to mark against"
        if not preview.changes:
            return "No changes", "No change to the text in force"
        moves = f", {preview.moves} moved" if preview.moves else ""
        return (f"{preview.changes} changed{moves}",
                f"{preview.changes} paragraph(s) with revision marks against the text in force{moves}")

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
        """A clause of the draft (a clause removed outright from the base has none to select: nothing)."""
        uid = url.path() if url.scheme() == SCHEME else ""
        if not uid or self.doc is None:
            return
        if self.doc.clause(uid) is not None:
            self.clause_activated.emit(uid)
        elif uid == HEADER_UID or self.doc.section(uid) is not None:
            self.node_activated.emit(uid)
