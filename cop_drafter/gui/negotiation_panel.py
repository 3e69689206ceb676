"""The Proposals pane: one clause of a compilation side by side (base and every proposer), and the moves of a
negotiation: take one proposer's wording, merge the word changes of the proposers checked (clashes as bracketed
alternatives), or put every wording on the table in square brackets as alternatives.

Every move is an edit of the draft through DraftDocument (one QUndoCommand each), so Ctrl+Z undoes it like typing.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cop_drafter.core.compilation import CONFLICT, ONE, UNCHANGED, Compilation, Row
from cop_drafter.core.negotiation import alternatives_text, merge_proposers, row_for, wordings
from cop_drafter.gui.document import DraftDocument
from cop_drafter.gui.editor import is_dark, pieces_html
from cop_drafter.gui.text_edit import DraftTextEdit

log = logging.getLogger(__name__)

CATEGORY_NAMES = {UNCHANGED: "nobody changes it", ONE: "proposed by one", "agreed": "agreed by all who change it",
                  CONFLICT: "in conflict"}
STATUS_NAMES = {"NOC": "no change", "MOD": "modifies", "SUP": "suppresses", "ADD": "adds", "": "—"}
MERGE_TIPS = {"MOD": "{} modifies this clause: its word changes are merged",
              "NOC": "{} proposes no change to this clause: nothing to merge",
              "SUP": "{} suppresses this clause: nothing to merge (Take wording suppresses it)"}
MERGE_COLUMNS = 3  # proposers' check boxes per line: six regions fit a 1024-pixel screen's pane in two lines


class NegotiationPanel(QWidget):
    """Shows the compilation row of the clause selected in the outline; empty for a draft that is no compilation."""

    told = Signal(str)  # what a move did, for the status line

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc: DraftDocument | None = None
        self.compilation: Compilation | None = None
        self.uid: str | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.versions = QTextBrowser()
        self.versions.setAccessibleName("Every proposer's version of the clause")
        self.proposer_box = QComboBox()
        self.proposer_box.setAccessibleName("Proposer")
        self.take_button = QPushButton("&Take wording")
        self.take_button.setToolTip("Replace the clause with this proposer's version (Ctrl+Z undoes it)")
        self.brackets_button = QPushButton("Alternatives in &brackets")
        self.brackets_button.setToolTip("Every wording on the table as [Alt 1 (proposers): …], until one is kept")
        self.merge_boxes: list[QCheckBox] = []  # one per proposer, kept checked from clause to clause
        self.merge_grid = QGridLayout()
        self.merge_grid.setContentsMargins(0, 0, 0, 0)
        self.merge_button = QPushButton("&Merge checked")
        self.merge_button.setToolTip("The text in force with the checked proposers' word changes; words two of "
                                     "them change differently as [Alt 1 (…): …] [Alt 2 (…): …] (Ctrl+Z undoes it)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.proposer_box, 1)
        buttons.addWidget(self.take_button)
        moves = QHBoxLayout()
        moves.addWidget(self.merge_button)
        moves.addWidget(self.brackets_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.versions, 1)
        layout.addLayout(buttons)
        layout.addLayout(self.merge_grid)
        layout.addLayout(moves)
        self.comment = None  # DraftTextEdit on the draft's undo stack, made with the document
        self._loading = False
        self._layout = layout
        self.take_button.clicked.connect(lambda: self.take(self.proposer_box.currentText()))
        self.brackets_button.clicked.connect(self.bracket_alternatives)
        self.merge_button.clicked.connect(self.merge_checked)
        self.set_document(None)

    def set_document(self, doc: DraftDocument | None) -> None:
        self.doc = doc
        self.compilation = doc.compilation if doc is not None else None
        self._make_merge_boxes()
        if self.comment is not None:
            self.comment.deleteLater()
            self.comment = None
        if doc is not None:
            self.comment = DraftTextEdit(doc.undo_stack)  # its Ctrl+Z is the draft's, like every other edit
            self.comment.setAccessibleName("Comment on this clause")
            self.comment.setPlaceholderText("A note to the group on this clause (a Word comment in the proposal)")
            self.comment.setTabChangesFocus(True)
            self.comment.setMaximumHeight(70)
            self._layout.addWidget(self.comment)
            self.comment.textChanged.connect(self._comment_edited)
            doc.reasonChanged.connect(self._doc_comment)
        self.show_clause(None)

    def _make_merge_boxes(self) -> None:
        for box in self.merge_boxes:
            self.merge_grid.removeWidget(box)
            box.deleteLater()
        names = self.compilation.proposers if self.compilation is not None else []
        self.merge_boxes = [QCheckBox(name) for name in names]
        for n, box in enumerate(self.merge_boxes):
            box.setAccessibleName(f"Merge {box.text()}'s words")
            box.toggled.connect(self._merge_enabled)
            self.merge_grid.addWidget(box, n // MERGE_COLUMNS, n % MERGE_COLUMNS)

    def checked(self) -> list[str]:
        """The proposers checked for a merge who modify this clause (one who keeps or suppresses it has no words
        to give), in the compilation's order."""
        row = self.row()
        if row is None:
            return []
        return [box.text() for box in self.merge_boxes
                if box.isChecked() and getattr(row.find(box.text()), "status", "") == "MOD"]

    def _merge_enabled(self) -> None:
        self.merge_button.setEnabled(bool(self.checked()))

    def _comment_edited(self) -> None:
        if not self._loading and self.doc is not None and self.uid:
            self.doc.set_comment(self.uid, self.comment.toPlainText())

    def _doc_comment(self, uid: str) -> None:
        if self.comment is not None and uid == self.uid and self.doc is not None:
            text = self.doc.draft.comments.get(uid, "")
            if text != self.comment.toPlainText():
                self._loading = True
                self.comment.setPlainText(text)
                self._loading = False

    def row(self) -> Row | None:
        if self.compilation is None or self.uid is None:
            return None
        return row_for(self.compilation, self.uid)

    def show_clause(self, uid: str | None) -> None:
        self.uid = uid
        compilation, row = self.compilation, self.row()
        enabled = row is not None
        for widget in (self.proposer_box, self.take_button, self.brackets_button):
            widget.setEnabled(enabled)
        self.brackets_button.setEnabled(enabled and row is not None and len(wordings(row)) > 1)
        for box in self.merge_boxes:
            version = row.find(box.text()) if row is not None else None
            box.setEnabled(row is not None)
            box.setToolTip(MERGE_TIPS.get(version.status, "").format(box.text()) if version is not None else "")
        self._merge_enabled()
        if self.comment is not None and self.doc is not None:
            self._loading = True
            self.comment.setPlainText(self.doc.draft.comments.get(uid, "") if uid else "")
            self._loading = False
            self.comment.setEnabled(uid is not None)
        if compilation is None:
            self.summary.setText("Open proposals to negotiate (File > Negotiate proposals…) to compare them here.")
            self.versions.clear()
            return
        counts = ", ".join(f"{n} {CATEGORY_NAMES[k]}" for k, n in compilation.counts().items() if n)
        if row is None:
            self.summary.setText(f"{len(compilation.proposers)} proposals: {counts}. This clause is not in the "
                                 "text in force.")
            self.versions.clear()
            return
        self.summary.setText(f"{row.call} {row.base_label}: {CATEGORY_NAMES[row.category]}  ·  {counts}")
        self.versions.setHtml(self._html(row))
        current = self.proposer_box.currentText()
        self.proposer_box.clear()
        self.proposer_box.addItems([v.proposer for v in row.versions])
        if current:
            self.proposer_box.setCurrentText(current)

    def _html(self, row: Row) -> str:
        dark = is_dark(self.palette())
        parts = [f"<p><b>Text in force</b><br>{html.escape(row.base_text or '')}</p>"]
        for version in row.versions:
            if version.status == "MOD":
                body = pieces_html(version.diff, dark)
            elif version.status == "SUP":
                body = f'<span style="text-decoration:line-through">{html.escape(row.base_text or "")}</span>'
            else:
                body = "<i>no change</i>"
            reasons = f"<br><i>Reasons: {html.escape(version.reasons)}</i>" if version.reasons else ""
            parts.append(f"<p><b>{html.escape(version.proposer)}</b> — {STATUS_NAMES[version.status]}<br>"
                         f"{body}{reasons}</p>")
        return "".join(parts)

    # -- the moves --------------------------------------------------------------------------------------------
    def take(self, proposer: str) -> None:
        """The clause as `proposer` has it: their wording, the text in force for "no change", or suppressed."""
        row, doc = self.row(), self.doc
        version = row.find(proposer) if row is not None else None
        if version is None or doc is None or self.uid is None:
            return
        if version.status == "SUP":
            doc.set_suppressed([self.uid], True)
            return
        if doc.draft.suppressed and self.uid in doc.draft.suppressed:
            doc.set_suppressed([self.uid], False)
        text = row.base_text if version.status == "NOC" and row.base_text is not None else version.text
        doc.set_text(self.uid, text, f"Take {proposer}'s wording")
        log.info("took %s's wording for %s", proposer, self.uid)

    def merge_checked(self) -> None:
        """The clause as the text in force with every checked proposer's word changes: one undo step."""
        row, doc, names = self.row(), self.doc, self.checked()
        if row is None or doc is None or self.uid is None or not names:
            return
        merged = merge_proposers(row, names)
        label = f"Merge {', '.join(names)}"
        clause = doc.clause(self.uid)
        if clause is not None and clause.text == merged.text and self.uid not in doc.draft.suppressed:
            self.told.emit(f"The clause already reads as {', '.join(names)} merged")
            return  # no empty step on the undo stack
        doc.begin_macro(label)  # bringing a suppressed clause back and its new words: one step
        try:
            if self.uid in doc.draft.suppressed:
                doc.set_suppressed([self.uid], False)
            doc.set_text(self.uid, merged.text, label)
        finally:
            doc.end_macro()
        n = merged.conflicts
        clashes = f"; {n} clash{'es' if n > 1 else ''} left as bracketed alternatives, keep one" if n else ""
        self.told.emit(f"Merged {', '.join(names)}{clashes} (Ctrl+Z undoes it)")
        log.info("merged %s for %s (%d clashes)", names, self.uid, merged.conflicts)

    def bracket_alternatives(self) -> None:
        row, doc = self.row(), self.doc
        if row is None or doc is None or self.uid is None:
            return
        doc.set_text(self.uid, alternatives_text(row), "Alternatives in brackets")
