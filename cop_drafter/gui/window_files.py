"""File handling of the main window: new, open, save, recent files, import into the library, the Library window."""

from __future__ import annotations

import logging
from pathlib import Path

from cop_drafter.core.draft import Draft
from cop_drafter.core.model import ParseError
from cop_drafter.core.session import DraftLocked, DraftSession
from cop_drafter.corpus import SAMPLE_TEXT_ID
from cop_drafter.formats.atomic import SaveError
from cop_drafter.formats.project import PROJECT_SUFFIX
from cop_drafter.gui.document import DraftDocument
from cop_drafter.gui.library_import import engine_library
from cop_drafter.gui.library_window import LibraryWindow, NewRevisionDialog

log = logging.getLogger(__name__)

MAX_RECENT = 8


class FileActionsMixin:
    """File > New / Open / Save / Recent / Import and the Library window, for MainWindow. Mixed into MainWindow, whose attributes it uses."""

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current draft."""
        if self.doc is None or not self.doc.modified:
            return True
        answer = self.prompter.ask_save(self.doc.title())
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new_resolution(self) -> None:
        if self.maybe_save():
            self.set_document(DraftDocument(Draft.new_resolution()))
            self.outline.select_uid("header")

    def new_revision_dialog(self) -> None:
        if not self.maybe_save():
            return
        dialog = NewRevisionDialog(self.library, self)
        text_id = self.prompter.pick_text(dialog)
        if text_id:
            self.new_revision(text_id)

    def new_revision(self, text_id: str = SAMPLE_TEXT_ID) -> None:
        resolution = self.library.resolution(text_id)
        if resolution is None:
            self.prompter.error("Cannot start a revision", f"The text {text_id} is no longer in the library.")
            return
        self.set_document(DraftDocument(Draft.revision_of(resolution, base_source=text_id)))
        label = resolution.header.heading() or text_id
        self.statusBar().showMessage(f"New revision of {label}: every clause starts unchanged (NOC)", 8000)

    def open_dialog(self) -> None:
        paths = self.prompter.open_path("Open draft", f"COP Drafter drafts (*{PROJECT_SUFFIX});;All files (*)")
        if paths:
            self.open_path(Path(paths[0]))

    def open_path(self, path: Path) -> bool:
        """Open a saved draft in this window. A draft another window or process holds is offered read-only
        or as a copy, never opened twice for writing."""
        path = Path(path)
        if not self.maybe_save():
            return False
        current = self.doc.session if self.doc is not None else None
        if current is not None and current.path is not None and _same_file(current.path, path):
            current.release()  # opening the draft this window holds again: read it fresh from disk
        try:
            try:
                session, draft = DraftSession.open(path, self.recovery)
            except DraftLocked as exc:
                choice = self.prompter.ask_locked(path.name, exc.holder.describe())
                if choice == "read-only":
                    session, draft = DraftSession.open(path, self.recovery, read_only=True)
                elif choice == "copy":
                    session, draft = DraftSession.open_copy(path, self.recovery)
                else:
                    return False
        except ParseError as exc:
            self.prompter.error("Cannot open draft", f"{exc}\n\nThe file was not changed.")
            return False
        self.set_document(DraftDocument(draft, session.path), session)
        if session.read_only:
            self.statusBar().showMessage(f"{path.name} is open read-only: Save As keeps your changes", 10000)
        elif session.lock_problem:
            self.statusBar().showMessage(f"{path.name}: {session.lock_problem}", 10000)
        self._add_recent(path)
        return True

    def save(self) -> bool:
        if self.doc is None:
            return False
        if self.doc.path is None:
            return self.save_as()
        return self._save_to(self.doc.path)

    def save_as(self) -> bool:
        if self.doc is None:
            return False
        suggested = str(self.doc.path or Path.home() / f"{self._suggested_name()}{PROJECT_SUFFIX}")
        path = self.prompter.save_path("Save draft", suggested, f"COP Drafter drafts (*{PROJECT_SUFFIX})")
        if not path:
            return False
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(PROJECT_SUFFIX)
        return self._save_to(target)

    def _save_to(self, path: Path) -> bool:
        assert self.doc is not None
        session = self.doc.session
        changed = session.check_before_save(path) if session is not None else None
        if changed is not None and not self.prompter.ask_overwrite_changed(changed.reason):
            self.statusBar().showMessage("Not saved: the file on disk was kept (use Save As)", 8000)
            return False
        try:
            self.doc.save(path)
        except DraftLocked as exc:
            self.prompter.error("Cannot save", f"{exc}\n\nYour draft is still open; nothing was lost. "
                                "Use Save As to keep your version under another name.")
            return False
        except SaveError as exc:
            log.warning("save to %s failed: %s", path, exc)
            self.prompter.error("Cannot save", f"{exc}\n\nYour draft is still open; nothing was lost.")
            return False
        except Exception as exc:  # any failure is shown and logged; the window stays open with the draft
            log.exception("unexpected failure saving %s", path)
            self.prompter.error("Cannot save", f"Saving failed: {exc}\n\nYour draft is still open; nothing was "
                                "lost. The details are in the log (Help ▸ Open log folder).")
            return False
        self.show_store_problems()
        self._autosaved_index = self.doc.undo_stack.index()
        self._autosave_pending = False
        self._add_recent(path)
        self.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def _suggested_name(self) -> str:
        header = self.doc.resolution.header if self.doc else None
        if header and header.number:
            return f"Res{header.number}-revision"
        return "draft"

    def _add_recent(self, path: Path) -> None:
        recent = [p for p in self.recent_files() if p != str(path)]
        recent.insert(0, str(path))
        self.settings.setValue("recent", recent[:MAX_RECENT])
        self._refresh_recent()

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        for n, path in enumerate(self.recent_files(), start=1):
            action = self.recent_menu.addAction(f"&{n} {Path(path).name}")
            action.setToolTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_path(Path(p)))
        self.recent_menu.setEnabled(bool(self.recent_files()))

    def import_dialog(self) -> None:
        paths = self.prompter.open_path("Import into library", "Texts (*.txt *.md *.docx *.copdraft *.pdf *.html "
                                        "*.htm *.doc *.rtf *.odt);;All files (*)", True)
        self.import_paths([Path(p) for p in paths])

    def import_folder_dialog(self) -> None:
        folder = self.prompter.open_folder("Import a folder into library")
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> bool:
        """Import files and folders on the worker thread (progress dialog, then the report)."""
        if self.import_controller.running():
            self.statusBar().showMessage("An import is already running; wait for it or cancel it", 6000)
            return False
        return self.import_controller.start(paths)

    def _import_library(self):
        """Called on the import thread: the engine's own library (suggests the new texts at once), else one
        opened for this import."""
        self._engine_settled.wait(120)
        engine = engine_library(self.service)
        if engine is not None:
            return engine, False
        from cop_drafter.precedents import PrecedentLibrary

        return PrecedentLibrary.open(self.library.path), True

    def _imported(self, result) -> None:
        self._known = None
        self.statusBar().showMessage(f"Import into library: {result.summary()}", 10000)
        if self.library_window is not None and self.library_window.isVisible():
            self.library_window.refresh()

    def show_library(self) -> None:
        if self.library_window is None:
            self.library_window = LibraryWindow(self.library, self._remove_from_library, self)
            self.library_window.import_files_button.clicked.connect(self.import_dialog)
            self.library_window.import_folder_button.clicked.connect(self.import_folder_dialog)
        self.library_window.show()
        self.library_window.raise_()
        self.library_window.activateWindow()

    def _remove_from_library(self, doc_id: str) -> None:
        engine = engine_library(self.service)
        if engine is not None:
            engine.remove(doc_id)  # the suggestion index forgets its clauses too
        else:
            from cop_drafter.precedents import PrecedentLibrary

            with PrecedentLibrary.open(self.library.path) as library:
                library.remove(doc_id)
        self._known = None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
