"""Autosave, crash recovery and closing of the main window.

Each open draft has its own DraftSession (core/session.py): autosave writes only that session's recovery copy,
never the delegate's file and never another window's copy; a copy declined at start is kept aside until it is
discarded in File > Recovered drafts...; problems with the recovery folder are said in the status bar.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt

from cop_drafter.formats.atomic import SaveError
from cop_drafter.gui.document import DraftDocument
from cop_drafter.gui.recovery import offer_restore, restore_entry, show_recovered_drafts

log = logging.getLogger(__name__)


class AutosaveMixin:
    """Autosave, restore and close for MainWindow (mixed into it; uses its doc, recovery store and status bar)."""

    def show_store_problems(self) -> None:
        """What the recovery folder refused (a copy that could not be removed...), in the status bar."""
        problems = self.recovery.take_problems()
        if problems:
            self.statusBar().showMessage(f"Autosave folder problem: {problems[-1]}", 15000)

    def _mark_autosave(self) -> None:
        if self.doc is not None and self.doc.undo_stack.index() != self._autosaved_index:
            self._autosave_pending = True

    def _app_state(self, state) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            self.autosave()
        else:  # back from another program: pick up texts another process added to the library
            self.service.send("refresh", None)

    def autosave(self) -> bool:
        """Write this session's recovery copy if anything changed since the last one; never the user's file."""
        doc = self.doc
        if doc is None or doc.session is None or not doc.modified or not self._autosave_pending:
            return False
        try:
            doc.session.autosave(doc.draft, doc.title())
        except Exception as exc:  # SaveError or anything else: said in the status bar, logged, never raised
            if not isinstance(exc, SaveError):
                log.exception("unexpected autosave failure")
            self.statusBar().showMessage(f"Autosave failed: {exc}", 30000)
            return False
        self._autosaved_index = doc.undo_stack.index()
        self._autosave_pending = False
        return True

    def _show_restored(self, restored) -> bool:
        if restored is None:
            self.show_store_problems()
            return False
        session, draft = restored
        doc = DraftDocument(draft, session.path)
        self.set_document(doc, session)
        doc.mark_restored()
        self._autosaved_index = doc.undo_stack.index()
        self._autosave_pending = False  # restoring wrote this session's own copy already
        self.statusBar().showMessage("Restored your unsaved work. Save it to keep it.", 10000)
        return True

    def offer_recovery(self) -> bool:
        """At start: offer each copy a crashed session left, newest first; True when one was restored.
        A copy the delegate keeps aside stays in File > Recovered drafts... until discarded there."""
        problem = self.recovery.check_folder()
        if problem:
            self.statusBar().showMessage(f"Autosave is off: {problem}", 30000)
        return self._show_restored(offer_restore(self, self.recovery))

    def recovered_drafts(self) -> bool:
        """File > Recovered drafts...: every copy in the folder (kept aside, left by a crash, damaged)."""
        chosen = show_recovered_drafts(self, self.recovery)
        if chosen is None:
            return False
        entry = self.recovery.entry_for(chosen)
        if entry is None or not self.maybe_save():
            self.show_store_problems()
            return False
        return self._show_restored(restore_entry(self, self.recovery, entry))

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
        if self.doc is not None and self.doc.session is not None:
            self.doc.session.release()  # saved or discarded on purpose: the lock and the own copy go
        self.autosave_timer.stop()
        self.import_controller.wait()
        self.service.shutdown()
        event.accept()
