"""Every dialog of a GUI test answered at Qt's own level (QMessageBox.exec, QDialog.exec, QFileDialog's functions).

Shared by tests/gui (its `dialogs` fixture) and the GUI rows of tests/test_bad_input.py and tests/test_offline.py,
so the app's own Prompter always runs as it does for the delegate."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox


class DialogScript:
    """Answers every dialog at Qt's own level (QMessageBox.exec, QDialog.exec, the QFileDialog functions), from
    attributes the test sets, and records what the delegate was told. The app's Prompter runs unchanged."""

    def __init__(self) -> None:
        self.save_answer = "discard"
        self.restore_answer = True
        self.paste_answer = "split"
        self.locked_answer = "cancel"  # a draft open elsewhere: "read-only", "copy" or "cancel"
        self.overwrite_answer = False  # the file changed on disk: save over it?
        self.brackets_answer = False  # a clean export with square brackets left: export them as they stand?
        self.save_to = ""
        self.open_paths: list[str] = []
        self.folder = ""
        self.pick: str | None = None
        self.meta = None
        self.errors: list[tuple[str, str]] = []
        self.exports: list[str] = []
        self.questions: list[str] = []
        self.asked_save = 0
        self.asked_restore = 0

    # -- QMessageBox ---------------------------------------------------------------------------------------
    def message_box(self, box: QMessageBox) -> int:
        title, text = box.windowTitle(), box.text()
        self.questions.append(title)
        if title == "Unsaved changes":
            self.asked_save += 1
            return self._press(box, {"save": QMessageBox.StandardButton.Save,
                                     "discard": QMessageBox.StandardButton.Discard}.get(
                self.save_answer, QMessageBox.StandardButton.Cancel))
        if title == "Recover unsaved work":
            self.asked_restore += 1
            return self._press(box, QMessageBox.StandardButton.Yes if self.restore_answer
                               else QMessageBox.StandardButton.No, "&Restore" if self.restore_answer else "&Keep aside")
        if title == "Paste several clauses":
            return self._press(box, {"split": QMessageBox.StandardButton.Yes, "keep": QMessageBox.StandardButton.No}
                               .get(self.paste_answer, QMessageBox.StandardButton.Cancel))
        if title == "Draft open elsewhere":
            label = {"read-only": "Open &read-only", "copy": "Open a &copy"}.get(self.locked_answer, "")
            button = next((b for b in box.buttons() if b.text() == label), None)
            if button is None:
                return self._press(box, QMessageBox.StandardButton.Cancel)
            button.click()
            return 0
        if title == "File changed on disk":
            return self._press(box, QMessageBox.StandardButton.Save if self.overwrite_answer
                               else QMessageBox.StandardButton.Cancel)
        if title == "Text not yet agreed":
            label = "&Export with brackets" if self.brackets_answer else ""
            button = next((b for b in box.buttons() if b.text() == label), None) or box.button(
                QMessageBox.StandardButton.Cancel)
            button.click()
            return 0
        if title == "Export finished":
            self.exports.append(text.removeprefix("Saved "))
            return self._press(box, QMessageBox.StandardButton.Ok)
        if box.icon() in (QMessageBox.Icon.Warning, QMessageBox.Icon.Critical):
            self.errors.append((title, text))
            return self._press(box, QMessageBox.StandardButton.Ok)
        default = box.defaultButton()
        if default is not None:
            default.click()
            return int(box.standardButton(default).value) if box.standardButton(default) else 0
        return 0

    @staticmethod
    def _press(box: QMessageBox, standard: QMessageBox.StandardButton, text: str = "") -> int:
        """Click the button as the delegate would (so clickedButton() is right) and return exec()'s value."""
        button = box.button(standard)
        if button is None and text:
            button = next((b for b in box.buttons() if b.text() == text), None)
        if button is not None:
            button.click()
        return int(standard.value)

    # -- QDialog --------------------------------------------------------------------------------------------
    def dialog(self, dialog: QDialog) -> int:
        from cop_drafter.gui.export import ProposalDialog
        from cop_drafter.gui.library_window import NewRevisionDialog

        if isinstance(dialog, NewRevisionDialog):
            if self.pick is None:
                return QDialog.DialogCode.Rejected.value
            assert dialog.select_id(self.pick), f"{self.pick} is not offered in the New revision dialog"
            return QDialog.DialogCode.Accepted.value
        if isinstance(dialog, ProposalDialog):
            if self.meta is not None:
                for name, value in vars(self.meta).items():
                    edit = dialog.edits.get(name)
                    if edit is not None:
                        (edit.setText if hasattr(edit, "setText") else edit.setPlainText)(value)
            return QDialog.DialogCode.Accepted.value
        return QDialog.DialogCode.Rejected.value

    # -- QFileDialog ----------------------------------------------------------------------------------------
    def install(self, monkeypatch) -> None:
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self.message_box(box))
        monkeypatch.setattr(QDialog, "exec", lambda dialog: self.dialog(dialog))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (self.save_to, "")))
        monkeypatch.setattr(QFileDialog, "getOpenFileName",
                            staticmethod(lambda *a, **k: ((self.open_paths or [""])[0], "")))
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: (list(self.open_paths), "")))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: self.folder))
