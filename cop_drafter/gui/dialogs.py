"""Small dialogs: pick a text to revise, and the keyboard shortcuts reference."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cop_drafter.gui.library import LibraryText

ID_ROLE = Qt.ItemDataRole.UserRole + 20


class NewRevisionDialog(QDialog):
    """'New revision of…': the library's texts, newest first, with a filter box and a preview."""

    def __init__(self, texts: list[LibraryText], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New revision of…")
        # Newest first: the text in force is usually the latest revision.
        self.texts = sorted(texts, key=lambda t: (t.resolution.header.year or 0, t.label), reverse=True)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter (number, place, year, title)")
        self.filter.setAccessibleName("Filter texts")
        self.list = QListWidget()
        self.list.setAccessibleName("Texts in the library")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Preview")
        intro = QLabel("Pick the text in force. Your draft starts as a copy of it, every clause unchanged (NOC).")
        intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start &revision")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 2)
        layout.addWidget(self.preview, 3)
        layout.addWidget(self.buttons)
        self.filter.textChanged.connect(self._fill)
        self.list.currentItemChanged.connect(self._show)
        self.list.itemActivated.connect(lambda _i: self.accept())
        self._fill()
        self.resize(760, 580)

    def _fill(self) -> None:
        wanted = self.filter.text().lower().split()
        self.list.clear()
        for text in self.texts:
            header = text.resolution.header
            haystack = f"{text.label} {header.title} {header.place} {header.year}".lower()
            if all(w in haystack for w in wanted):
                origin = "bundled" if text.bundled else "imported"
                item = QListWidgetItem(f"{text.label} — {header.title}  [{origin}]")
                item.setData(ID_ROLE, text.id)
                self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.list.count() > 0)

    def select_id(self, text_id: str) -> bool:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == text_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item else None

    def _show(self, item: QListWidgetItem | None) -> None:
        if item is None:
            self.preview.clear()
            return
        text = next(t for t in self.texts if t.id == item.data(ID_ROLE))
        res = text.resolution
        rows = [f"<p align=center>{html.escape(res.header.heading())}</p>",
                f"<p align=center><b>{html.escape(res.header.title)}</b></p>"]
        for section in res.sections:
            count = sum(1 for _ in section.walk())
            rows.append(f"<p><i>{html.escape(section.call)}</i> — {count} clause{'s' * (count != 1)}</p>")
        if res.warnings:
            rows.append(f"<p><small>{len(res.warnings)} note(s) from reading the source</small></p>")
        self.preview.setHtml("".join(rows))


class ShortcutsDialog(QDialog):
    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        view = QTextBrowser()
        view.setAccessibleName("Keyboard shortcuts")
        body = "".join(f"<tr><td><b>{html.escape(k)}</b>&nbsp;&nbsp;</td><td>{html.escape(a)}</td></tr>"
                       for a, k in rows)
        view.setHtml(f"<table cellpadding=3>{body}</table>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
        self.resize(520, 600)
