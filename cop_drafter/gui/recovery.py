"""Crash recovery in the window: the restore prompt and File > Recovered drafts...

Why a dialog of its own: a copy the delegate declined at start ("keep aside") must stay reachable until they
discard it on purpose, and a damaged file in the folder must be visible (with its reason) rather than hiding
the good copies. The store itself (one file per session, never raising) lives in core/recovery.py and is
re-exported here for the window code that imports it from this module.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cop_drafter.core.draft import Draft
from cop_drafter.core.model import ParseError
from cop_drafter.core.recovery import Recovered, RecoveryEntry, RecoveryStore
from cop_drafter.core.session import DraftLocked, DraftSession

log = logging.getLogger(__name__)

__all__ = ["Recovered", "RecoveredDraftsDialog", "RecoveryEntry", "RecoveryStore", "ask_restore",
           "offer_restore", "restore_entry", "show_recovered_drafts"]

COLUMNS = ("Draft", "Autosaved", "Clauses", "State")


def _when(entry: RecoveryEntry) -> str:
    """The autosave time in the delegate's own time zone (files store UTC)."""
    try:
        return datetime.fromisoformat(entry.saved_at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return entry.saved_at[:16] or "unknown time"


def state_of(entry: RecoveryEntry) -> str:
    """The State column: why a copy can or cannot be opened, in one line."""
    if entry.damaged:
        return f"Damaged: {entry.damaged}"
    if entry.in_use:
        return "In use by an open COP Drafter window"
    if entry.declined:
        return "Kept aside"
    return "Not restored yet"


def ask_restore(parent: QWidget | None, entry: RecoveryEntry) -> bool:
    """The start-up prompt. True: restore now; False: keep the copy aside (the caller calls store.decline)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Recover unsaved work",
                      f"COP Drafter did not close properly. An autosaved copy of “{entry.name}” from "
                      f"{_when(entry)} ({entry.clauses if entry.clauses is not None else '?'} clauses) exists.\n\n"
                      "Restore it now? “Keep aside” keeps the copy in File > Recovered drafts... until you "
                      "discard it there.", QMessageBox.StandardButton.NoButton, parent)
    restore = box.addButton("&Restore", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("&Keep aside", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


class RecoveredDraftsDialog(QDialog):
    """Every copy in the recovery folder, good and damaged: Open, Discard (asks first), Show folder."""

    def __init__(self, store: RecoveryStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RecoveredDraftsDialog")
        self.setWindowTitle("Recovered drafts")
        self.store = store
        self.chosen: Path | None = None
        self.entries: list[RecoveryEntry] = []
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.cellDoubleClicked.connect(lambda *_: self.open_selected())
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.open_button = QPushButton("&Open", self)
        self.discard_button = QPushButton("&Discard...", self)
        self.folder_button = QPushButton("Show &folder", self)
        self.open_button.clicked.connect(self.open_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        self.folder_button.clicked.connect(self.show_folder)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        for button in (self.open_button, self.discard_button, self.folder_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Autosaved copies of drafts that were not saved. Open one to continue it; "
                                "nothing here is removed unless you discard it.", self))
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        layout.addLayout(row)
        self.resize(720, 320)
        self.refresh()

    def refresh(self) -> None:
        self.entries = self.store.entries()
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            cells = (entry.file.name if entry.damaged else entry.name, "" if entry.damaged else _when(entry),
                     "" if entry.clauses is None else str(entry.clauses), state_of(entry))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(entry.project or entry.file) if column == 0 else text)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        problems = self.store.take_problems()
        if problems:
            self.note.setText(problems[-1])
        elif not self.entries:
            self.note.setText("No recovered drafts.")
        else:
            self.note.setText("")
        if self.entries:
            self.table.selectRow(0)
        self._update_buttons()

    def selected_entry(self) -> RecoveryEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def select_file(self, file: Path) -> bool:
        for row, entry in enumerate(self.entries):
            if entry.file == Path(file):
                self.table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        entry = self.selected_entry()
        usable = entry is not None and not entry.in_use
        self.open_button.setEnabled(usable and not entry.damaged)
        self.discard_button.setEnabled(usable)
        if entry is not None and entry.in_use:
            self.note.setText("That copy belongs to a COP Drafter window that is still open: continue there.")
        elif entry is not None and entry.damaged:
            self.note.setText(f"{entry.file.name} cannot be opened: {entry.damaged}. Discard removes it.")

    def open_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None or entry.damaged or entry.in_use:
            return
        self.chosen = entry.file
        self.accept()

    def discard_selected(self) -> bool:
        """Asks first; True when the copy is gone."""
        entry = self.selected_entry()
        if entry is None or entry.in_use:
            return False
        what = f"the damaged file {entry.file.name}" if entry.damaged else \
            f"the autosaved copy of “{entry.name}” from {_when(entry)}"
        box = QMessageBox(QMessageBox.Icon.Warning, "Discard recovered draft",
                          f"Discard {what}?\n\nIts words cannot be brought back.",
                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if QMessageBox.StandardButton(box.exec()) != QMessageBox.StandardButton.Discard:
            return False
        problem = self.store.discard_file(entry.file)
        self.refresh()
        if problem:
            self.note.setText(problem)
            return False
        return True

    def show_folder(self) -> None:
        if not self.store.folder.is_dir():
            self.note.setText(f"The recovery folder {self.store.folder} does not exist yet.")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.store.folder)))


def show_recovered_drafts(parent: QWidget | None, store: RecoveryStore) -> Path | None:
    """File > Recovered drafts...: the recovery file the delegate chose to open (load it with
    `store.entry_for(path)` and `DraftSession.restore`), or None."""
    dialog = RecoveredDraftsDialog(store, parent)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.chosen if accepted else None
    finally:
        dialog.deleteLater()


def _warn(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent).exec()


def restore_entry(parent: QWidget | None, store: RecoveryStore,
                  entry: RecoveryEntry) -> tuple[DraftSession, Draft] | None:
    """Restore one copy into a new session; when its project is open in another window, as an untitled copy
    (said so). A damaged copy is reported and kept. None when nothing was restored."""
    try:
        return DraftSession.restore(entry, store)
    except DraftLocked as exc:
        _warn(parent, "Draft open elsewhere", f"{exc}.\n\nThe recovered words open as an untitled copy: "
                                              "save it under another name, or merge it by hand.")
        return DraftSession.restore(entry, store, as_copy=True)
    except ParseError as exc:
        _warn(parent, "Cannot restore", f"{exc}\n\nThe file stays in File > Recovered drafts...")
        return None


def offer_restore(parent: QWidget | None, store: RecoveryStore) -> tuple[DraftSession, Draft] | None:
    """At start: ask about each pending copy, newest first. "Keep aside" sets the copy aside for good (never
    asked again, never overwritten); the first restored copy is returned with its new session."""
    for entry in store.pending():
        if not ask_restore(parent, entry):
            store.decline(entry)
            continue
        restored = restore_entry(parent, store, entry)
        if restored is not None:
            return restored
    return None
