"""Every question the window asks the delegate, in one place: message boxes and file dialogs."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QMessageBox,
    QWidget,
)

from cop_drafter.gui.export import ProposalDialog
from cop_drafter.gui.library_window import NewRevisionDialog

log = logging.getLogger(__name__)


class Prompter:
    """Asks the user. Every question is a QMessageBox / QDialog exec() or a QFileDialog call, so tests answer
    them at Qt's own level and this code runs as it does for the delegate."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def ask_save(self, title: str) -> str:
        """'save', 'discard' or 'cancel'."""
        box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes",
                          f"{title} has unsaved changes. Save them?",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.parent)
        answer = box.exec()
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(QMessageBox.StandardButton(answer), "cancel")

    def ask_restore(self, title: str, saved_at: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "Recover unsaved work",
                          f"COP Drafter did not close properly. An autosaved copy of “{title}” from {saved_at} "
                          "exists.\n\nRestore it? (No keeps the copy aside until you save.)",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.parent)
        return box.exec() == QMessageBox.StandardButton.Yes

    def ask_locked(self, name: str, holder: str) -> str:
        """A draft open elsewhere: 'read-only', 'copy' or 'cancel'."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Draft open elsewhere",
                          f"{name} is open in another COP Drafter window ({holder}).\n\nOpen it read-only, or "
                          "open a copy (an untitled draft with the same text)? Saving over it from two windows "
                          "would lose one window's words.", QMessageBox.StandardButton.Cancel, self.parent)
        read_only = box.addButton("Open &read-only", QMessageBox.ButtonRole.AcceptRole)
        copy = box.addButton("Open a &copy", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(read_only)
        box.exec()
        return {read_only: "read-only", copy: "copy"}.get(box.clickedButton(), "cancel")

    def ask_overwrite_changed(self, reason: str) -> bool:
        """The file changed on disk since it was opened: True to save over it anyway."""
        box = QMessageBox(QMessageBox.Icon.Warning, "File changed on disk",
                          f"{reason}.\n\nSave over it anyway? (Cancel keeps the file on disk; Save As keeps "
                          "both.)", QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel, self.parent)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Save

    def ask_keep_brackets(self, summary: str) -> bool:
        """A clean export of text still in square brackets: True to write the brackets as they stand."""
        box = QMessageBox(QMessageBox.Icon.Question, "Text not yet agreed",
                          f"The text still has square brackets or alternatives: {summary}.\n\nA clean resolution "
                          "would hand them in as agreed text. Export them as they stand anyway?",
                          QMessageBox.StandardButton.Cancel, self.parent)
        keep = box.addButton("&Export with brackets", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is keep

    def error(self, title: str, message: str) -> None:
        log.info("told the delegate: %s: %s", title, message.split("\n")[0])
        QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self.parent).exec()

    def open_path(self, caption: str, filters: str, many: bool = False) -> list[str]:
        if many:
            return QFileDialog.getOpenFileNames(self.parent, caption, "", filters)[0]
        path = QFileDialog.getOpenFileName(self.parent, caption, "", filters)[0]
        return [path] if path else []

    def open_folder(self, caption: str) -> str:
        return QFileDialog.getExistingDirectory(self.parent, caption)

    def save_path(self, caption: str, suggested: str, filters: str) -> str:
        return QFileDialog.getSaveFileName(self.parent, caption, suggested, filters)[0]

    def pick_text(self, dialog: NewRevisionDialog) -> str | None:
        return dialog.selected_id() if dialog.exec() == NewRevisionDialog.DialogCode.Accepted else None

    def proposal_meta(self, dialog: ProposalDialog):
        return dialog.meta() if dialog.exec() == ProposalDialog.DialogCode.Accepted else None

    def exported(self, path: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Export finished", f"Saved {path}", parent=self.parent)
        folder = box.addButton("Open containing &folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()
        if box.clickedButton() is folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))
