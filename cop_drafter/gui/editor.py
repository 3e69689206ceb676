"""The centre pane: the clause being written (with its differences from the text in force), its Reasons, and
forms for the header and for a section's call words. Every keystroke goes to the document as an undoable edit.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cop_drafter.core.calls import STANDARD_CALLS
from cop_drafter.core.draft import ClauseStatus
from cop_drafter.core.paste import split_pasted
from cop_drafter.core.rules import end_mark_of
from cop_drafter.core.textdiff import DiffPiece, readable_diff
from cop_drafter.gui.changes_pane import SHOWN_LIMIT, ChangesView
from cop_drafter.gui.document import DraftDocument
from cop_drafter.gui.text_edit import DraftTextEdit

STATUS_NAMES = {
    ClauseStatus.NOC: "NOC (unchanged)",
    ClauseStatus.MOD: "MOD (modified)",
    ClauseStatus.ADD: "ADD (new clause)",
    ClauseStatus.SUP: "SUP (suppressed)",
}
MARK_NAMES = {";": "a semicolon ';'", ",": "a comma ','", ".": "a full stop '.'", ":": "a colon ':'"}


def pieces_html(pieces: list[DiffPiece], dark: bool = False, limit: int | None = None) -> str:
    """Word-diff pieces as HTML: insertions underlined on green, deletions struck through on red.

    With `limit`, pieces stop once that many characters are shown and a line says how many changes are left: Qt
    lays out rich text on the UI thread, and 40 KB of marked-up text holds the window for a tenth of a second."""
    ins_bg, del_bg = ("#1f5f2f;color:#fff", "#6f2525;color:#fff") if dark else ("#c9f2d0;color:#000", "#f9d0d0;color:#000")
    parts = []
    room = limit if limit is not None else -1
    for n, piece in enumerate(pieces):
        body = piece.text
        if room >= 0 and len(body) > room:  # the last piece shown, cut at a word
            cut = body.rfind(" ", 0, room)
            body = body[:cut if cut > 0 else room] + " …"
            left = sum(1 for p in pieces[n + 1:] if p.op != "equal") + (piece.op != "equal")
            hidden = sum(len(p.text) for p in pieces[n:]) - len(body) + 2
            parts.append(_piece_html(piece.op, body, ins_bg, del_bg))
            parts.append(f"<p><i>Not shown here: the last {hidden:,} characters of this long clause, with {left} "
                         "more changes. The Preview pane and the exported proposal show them all.</i></p>")
            break
        room -= len(body) if room >= 0 else 0
        parts.append(_piece_html(piece.op, body, ins_bg, del_bg))
    return "".join(parts)


def _piece_html(op: str, body: str, ins_bg: str, del_bg: str) -> str:
    text = html.escape(body)
    if op == "insert":
        return f'<span style="background:{ins_bg}; text-decoration:underline">{text}</span>'
    if op == "delete":
        return f'<span style="background:{del_bg}; text-decoration:line-through">{text}</span>'
    return text


def diff_html(old: str, new: str, dark: bool = False) -> str:
    """The changes from `old` to `new` as HTML (see pieces_html), grouped as the .docx revision marks are; a very
    long diff is shown up to SHOWN_LIMIT characters."""
    return pieces_html(readable_diff(old, new), dark, SHOWN_LIMIT)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


class ClausePage(QWidget):
    """Text, differences against the base, end-mark hint and Reasons for one clause."""

    def __init__(self, doc: DraftDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.uid: str | None = None
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        # a long call ("resolves to instruct the Director of ...") wraps instead of widening the centre pane
        self.heading.setWordWrap(True)
        self.heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.unavailable = QLabel()
        self.unavailable.setWordWrap(True)
        self.unavailable.hide()
        self.text = DraftTextEdit(doc.undo_stack)
        self.text.setAccessibleName("Clause text")
        self.text.setPlaceholderText("Type the clause (e.g. \"that children are among the most active ...\")")
        self.text.setTabChangesFocus(True)
        self.text.paste_hook = self._paste
        self.mark_hint = QLabel()
        self.mark_hint.setWordWrap(True)
        self.diff_title = QLabel("Changes against the text in force <small>(<u style='background:#c9f2d0;"
                                 "color:#000'>added</u> · <s style='background:#f9d0d0;color:#000'>deleted</s>)"
                                 "</small>")
        self.diff_title.setTextFormat(Qt.TextFormat.RichText)
        self.diff = ChangesView(diff_html)
        self.reasons = DraftTextEdit(doc.undo_stack)
        self.reasons.setAccessibleName("Reasons")
        self.reasons.setPlaceholderText("Why this change (goes to 'Reasons:' in the proposal)")
        self.reasons.setTabChangesFocus(True)
        self.reasons.setMaximumHeight(90)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.unavailable)
        layout.addWidget(self.text, 3)
        layout.addWidget(self.mark_hint)
        layout.addWidget(self.diff_title)
        layout.addWidget(self.diff, 2)
        reasons_label = QLabel("&Reasons")
        reasons_label.setBuddy(self.reasons)
        layout.addWidget(reasons_label)
        layout.addWidget(self.reasons)
        self.text.textChanged.connect(self._text_edited)
        self.reasons.textChanged.connect(self._reason_edited)
        doc.textChanged.connect(self._doc_text)
        doc.reasonChanged.connect(self._doc_reason)
        doc.statusChanged.connect(lambda _u: self._refresh_meta())
        doc.structureChanged.connect(lambda _u: self._refresh_meta())
        self._loading = False

    def bound(self) -> bool:
        """True when the page edits a clause that is in the draft; typing is possible only then."""
        return self.uid is not None and self.doc.clause(self.uid) is not None

    def show_clause(self, uid: str) -> None:
        self.uid = uid
        clause = self.doc.clause(uid)
        self._loading = True
        self.text.setPlainText(clause.text if clause else "")
        self.reasons.setPlainText(self.doc.draft.reasons.get(uid, ""))
        self._loading = False
        self._refresh_meta()

    def _paste(self, text: str) -> bool:
        """Several clauses pasted at once: ask once whether to split them (True when the paste was handled)."""
        found = split_pasted(text)
        if found is None or not self.bound() or self.text.isReadOnly():
            return False
        answer = ask_split(self, len(found.pieces), found.pieces)
        if answer == "keep":
            return False
        if answer == "split":
            cursor = self.text.textCursor()
            current = self.text.toPlainText()
            start, end = sorted((cursor.selectionStart(), cursor.selectionEnd()))
            assert self.uid is not None
            self.doc.paste_clauses(self.uid, current[:start], found.pieces, current[end:])
        return True  # split, or cancelled: nothing pasted

    def _text_edited(self) -> None:
        if not self._loading and self.uid:
            self.doc.set_text(self.uid, self.text.toPlainText())

    def _reason_edited(self) -> None:
        if not self._loading and self.uid:
            self.doc.set_reason(self.uid, self.reasons.toPlainText())

    def _doc_text(self, uid: str) -> None:
        if uid != self.uid:
            self._refresh_meta()
            return
        clause = self.doc.clause(uid)
        new = clause.text if clause else ""
        old = self.text.toPlainText()
        if new != old:
            self._loading = True
            self.text.setPlainText(new)
            self._loading = False
            cursor = self.text.textCursor()
            cursor.setPosition(_changed_end(old, new))  # an undo or a redo puts the cursor where it happened
            self.text.setTextCursor(cursor)
        self._refresh_meta()

    def _doc_reason(self, uid: str) -> None:
        if uid == self.uid:
            text = self.doc.draft.reasons.get(uid, "")
            if text != self.reasons.toPlainText():
                self._loading = True
                self.reasons.setPlainText(text)
                self._loading = False

    def _refresh_meta(self) -> None:
        uid = self.uid
        clause = self.doc.clause(uid) if uid else None
        self._set_bound(clause is not None)
        if clause is None:
            self.heading.setText("")
            self.diff.clear_changes()
            self.mark_hint.clear()
            return
        section = self.doc.section_of(uid)
        status = self.doc.status(uid)
        call = section.call if section else ""
        where = " ".join(p for p in (call, clause.label) if p)
        self.heading.setText(f"{where} — {STATUS_NAMES[status]}")
        self.text.setReadOnly(status is ClauseStatus.SUP)
        self.diff.show_changes(status, self.doc.base_text(uid), clause.text, is_dark(self.palette()))
        want = self.doc.expected_mark(uid)
        have = end_mark_of(clause.text)
        if want and have != want:
            self.mark_hint.setText(
                f"Here the clause ends with {MARK_NAMES.get(want, want)}: the export sets it for you "
                "(Checks ▸ Fix punctuation does it now)."
            )
        else:
            self.mark_hint.setText(f"Ends with {MARK_NAMES.get(want, want)} as the rules expect." if want else "")


    def _set_bound(self, bound: bool) -> None:
        """A clause that left the draft (undone, deleted, moved away) takes the editor with it."""
        for box in (self.text, self.reasons):
            box.setEnabled(bound)
        if bound:
            self.unavailable.hide()
            return
        self.unavailable.setText("This clause is no longer in the draft (undone or deleted). "
                                 "Select a clause in the outline (Ctrl+L) to go on writing.")
        self.unavailable.show()


def ask_split(parent: QWidget, count: int, pieces: list[str]) -> str:
    """'split', 'keep' or 'cancel' — asked with a QMessageBox (tests answer it at QMessageBox.exec)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Paste several clauses",
                      f"The text you paste holds {count} clauses. Split it into {count} clauses "
                      "(one Undo takes it back), or keep it as one clause?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                      | QMessageBox.StandardButton.Cancel, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(f"&Split into {count} clauses")
    box.button(QMessageBox.StandardButton.No).setText("&Keep as one clause")
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    box.setDetailedText("\n\n".join(f"{n}. {piece}" for n, piece in enumerate(pieces, start=1)))
    answer = box.exec()
    return {QMessageBox.StandardButton.Yes: "split",
            QMessageBox.StandardButton.No: "keep"}.get(QMessageBox.StandardButton(answer), "cancel")


def _changed_end(old: str, new: str) -> int:
    """Where in `new` the change from `old` ends: the common prefix and suffix are unchanged text."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
        suffix += 1
    return len(new) - suffix


class SectionPage(QWidget):
    """Call words with a completer over the standard ITU calls."""

    def __init__(self, doc: DraftDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.uid: str | None = None
        self.call = QLineEdit()
        self.call.setAccessibleName("Call words")
        completer = QCompleter(list(STANDARD_CALLS), self.call)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.call.setCompleter(completer)
        self.kind = QLabel()
        form = QFormLayout(self)
        form.addRow("&Call words", self.call)
        form.addRow("Clauses", self.kind)
        hint = QLabel("Press Enter to apply. Preambular calls letter their clauses a), b) ...; "
                      "operative calls number them 1, 2 ...")
        hint.setWordWrap(True)
        form.addRow(hint)
        self.call.editingFinished.connect(self._apply)
        doc.structureChanged.connect(lambda _u: self._refresh())

    def show_section(self, uid: str) -> None:
        self.uid = uid
        self._refresh()

    def _refresh(self) -> None:
        section = self.doc.section(self.uid) if self.uid else None
        if section is None:
            return
        if self.call.text() != section.call:
            self.call.setText(section.call)
        self.kind.setText("lettered a), b) ... (preamble)" if section.kind.value == "preamble"
                          else "numbered 1, 2 ... (operative)")

    def _apply(self) -> None:
        if self.uid:
            self.doc.change_call(self.uid, self.call.text())


class HeaderPage(QWidget):
    """Number, title, place, year and the conference line, each edit undoable."""

    def __init__(self, doc: DraftDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.doc_type = QComboBox()
        self.doc_type.addItems(["RESOLUTION", "DRAFT NEW RESOLUTION", "DECISION", "RECOMMENDATION"])
        self.doc_type.setEditable(True)
        self.number = QLineEdit()
        self.revision = QCheckBox("Revision (Rev.)")
        self.place = QLineEdit()
        self.year = QSpinBox()
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText("—")
        self.title = QLineEdit()
        self.body = QLineEdit()
        self.conference = QLineEdit()
        form = QFormLayout(self)
        form.addRow("&Type", self.doc_type)
        form.addRow("&Number", self.number)
        form.addRow("", self.revision)
        form.addRow("&Place", self.place)
        form.addRow("&Year", self.year)
        form.addRow("T&itle", self.title)
        form.addRow("&Body", self.body)
        form.addRow("&Conference line", self.conference)
        self._loading = False
        self.doc_type.currentTextChanged.connect(lambda v: self._set("doc_type", v))
        self.number.textEdited.connect(lambda v: self._set("number", v))
        self.revision.toggled.connect(lambda v: self._set("revision", v))
        self.place.textEdited.connect(lambda v: self._set("place", v))
        self.year.valueChanged.connect(lambda v: self._set("year", v or None))
        self.title.textEdited.connect(lambda v: self._set("title", v))
        self.body.textEdited.connect(lambda v: self._set("body", v))
        self.conference.textEdited.connect(lambda v: self._set("conference_line", v))
        doc.headerChanged.connect(self.refresh)
        self.refresh()

    def _set(self, field: str, value: object) -> None:
        if not self._loading:
            self.doc.set_header(field, value)

    def refresh(self) -> None:
        header = self.doc.resolution.header
        self._loading = True
        self.doc_type.setCurrentText(header.doc_type)
        for widget, value in ((self.number, header.number), (self.place, header.place),
                              (self.title, header.title), (self.body, header.body),
                              (self.conference, header.conference_line)):
            if widget.text() != value:
                widget.setText(value)
        self.revision.setChecked(header.revision)
        self.year.setValue(header.year or 0)
        self._loading = False


class EditorPane(QStackedWidget):
    """Shows the page for whatever is selected in the outline."""

    clauseShown = Signal(str)

    def __init__(self, doc: DraftDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clause_page = ClausePage(doc)
        self.section_page = SectionPage(doc)
        self.header_page = HeaderPage(doc)
        self.empty = QLabel("Select a clause in the outline (Ctrl+L), or add one (Ctrl+Enter).")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        for page in (self.empty, self.clause_page, self.section_page, self.header_page):
            self.addWidget(page)

    def show_node(self, kind: str | None, uid: str | None) -> None:
        if kind == "clause" and uid:
            self.clause_page.show_clause(uid)
            self.setCurrentWidget(self.clause_page)
            self.clauseShown.emit(uid)
        elif kind == "section" and uid:
            self.section_page.show_section(uid)
            self.setCurrentWidget(self.section_page)
        elif kind == "header":
            self.header_page.refresh()
            self.setCurrentWidget(self.header_page)
        else:
            self.setCurrentWidget(self.empty)
