"""Autosave and crash recovery of the main window: a recovery copy beside the user's data, never over their file."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt

from cop_drafter.core.model import ParseError
from cop_drafter.formats.atomic import SaveError
from cop_drafter.gui.document import DraftDocument

log = logging.getLogger(__name__)


class AutosaveMixin:
    """Autosave to the recovery folder, restore after a crash, and closing, for MainWindow. Mixed into MainWindow, whose attributes it uses."""

    def _discard_recovery(self, key: str) -> None:
        """Drop a recovery copy that is no longer needed; a folder that refuses is said, never blocks."""
        try:
            self.recovery.discard(key)
        except OSError as exc:
            log.warning("cannot remove recovery copy %s: %s", key, exc)
            self.statusBar().showMessage(f"Autosave folder problem: {exc.strerror or exc} ({self.recovery.folder})",
                                         15000)
    def _mark_autosave(self) -> None:
        if self.doc is not None and self.doc.undo_stack.index() != self._autosaved_index:
            self._autosave_pending = True

    def _app_state(self, state) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            self.autosave()

    def autosave(self) -> bool:
        """Write the recovery copy if anything changed since the last one; never touches the user's file."""
        doc = self.doc
        if doc is None or not doc.modified or not self._autosave_pending:
            return False
        try:
            self.recovery.write(self.recovery_key, doc.draft, doc.path, doc.title())
        except Exception as exc:  # SaveError or anything else: said in the status bar, logged, never raised
            if not isinstance(exc, SaveError):
                log.exception("unexpected autosave failure")
            self.statusBar().showMessage(f"Autosave failed: {exc}", 30000)
            return False
        self._autosaved_index = doc.undo_stack.index()
        self._autosave_pending = False
        return True

    def offer_recovery(self) -> bool:
        """At start: offer the newest recovery copy; True when one was restored."""
        for item in self.recovery.pending():
            if not self.prompter.ask_restore(item.title or "an untitled draft", item.saved_at):
                continue
            try:
                draft = item.load()
            except ParseError as exc:
                self.prompter.error("Cannot restore", str(exc))
                continue
            doc = DraftDocument(draft, item.project)
            self.set_document(doc)
            doc.mark_restored()
            try:
                self.recovery.discard_file(item.file)
            except OSError as exc:
                log.warning("cannot remove restored recovery copy %s: %s", item.file, exc)
            self._autosave_pending = True
            self.autosave()
            self.statusBar().showMessage("Restored your unsaved work. Save it to keep it.", 10000)
            return True
        return False

    def closeEvent(self, event) -> None:  # noqa: N802
        try:
            can_close = self.maybe_save()
        except Exception as exc:  # never close on an error: the draft would be lost with the window
            log.exception("failure while closing")
            self.prompter.error("Cannot close", f"{exc}\n\nThe window stays open; nothing was lost.")
            can_close = False
        if not can_close:
            event.ignore()
            return
        self.save_window_state()
        if self.recovery_key:
            self._discard_recovery(self.recovery_key)
        self.autosave_timer.stop()
        self.import_controller.wait()
        self.service.shutdown()
        event.accept()
