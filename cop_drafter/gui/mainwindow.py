"""The main window: outline (left), clause editor (centre), precedents (right), checks (bottom), menus,
toolbar and status bar; file handling, autosave and crash recovery.

Everything a user can do is a QAction with a shortcut, registered once so Help ▸ Keyboard shortcuts lists them
all. Questions to the user go through a `Prompter`, so tests answer them without modal dialogs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QThreadPool, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QToolBar,
    QWidget,
)

from cop_drafter.core.draft import ClauseStatus, Draft
from cop_drafter.core.model import ParseError
from cop_drafter.corpus import SAMPLE_TEXT_ID
from cop_drafter.formats.atomic import SaveError
from cop_drafter.formats.project import PROJECT_SUFFIX
from cop_drafter.gui.checks_panel import ChecksPanel
from cop_drafter.gui.dialogs import ShortcutsDialog
from cop_drafter.gui.document import DraftDocument
from cop_drafter.gui.editor import EditorPane
from cop_drafter.gui.export import CLEAN, PROPOSAL, ExportJob, ProposalDialog
from cop_drafter.gui.library_import import DropImport, ImportController, engine_library
from cop_drafter.gui.library_window import LibraryWindow, NewRevisionDialog
from cop_drafter.gui.outline import OutlineModel, OutlineView
from cop_drafter.gui.precedents import EngineSource, PrecedentService, PrecedentSource, engine_available
from cop_drafter.gui.precedents_panel import PrecedentsPanel
from cop_drafter.gui.recovery import RecoveryStore
from cop_drafter.precedents.catalog import Catalog

log = logging.getLogger(__name__)

AUTOSAVE_MS = 30_000
MAX_RECENT = 8


class Prompter:
    """Asks the user; tests replace it with canned answers."""

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
        return QMessageBox.question(
            self.parent, "Recover unsaved work",
            f"COP Drafter did not close properly. An autosaved copy of “{title}” from {saved_at} exists.\n\n"
            "Restore it? (No keeps the copy aside until you save.)",
        ) == QMessageBox.StandardButton.Yes

    def error(self, title: str, message: str) -> None:
        QMessageBox.warning(self.parent, title, message)

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


def default_source_factory() -> Callable[[], PrecedentSource | None]:
    def factory() -> PrecedentSource | None:
        return EngineSource.open(None) if engine_available() else None

    return factory


class MainWindow(QMainWindow):
    def __init__(
        self,
        settings: QSettings,
        data_dir: Path,
        source_factory: Callable[[], PrecedentSource | None] | None = None,
        autosave_ms: int = AUTOSAVE_MS,
        prompter: Prompter | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.settings = settings
        self.data_dir = Path(data_dir)
        self.prompter = prompter or Prompter(self)
        self.library = Catalog()  # the precedent library's texts, read fresh (the engine's file)
        self.library_window: LibraryWindow | None = None
        self.recovery = RecoveryStore(self.data_dir)
        self.recovery_key = ""
        self._known = None
        self.shortcut_rows: list[tuple[str, str]] = []
        self.export_jobs: list[ExportJob] = []
        self.last_export: str | None = None
        self.service = PrecedentService(source_factory or default_source_factory(), self)
        self.precedents = PrecedentsPanel(self.service)
        self.service.send("open", None)  # open the library now, not on the first keystroke
        self._engine_settled = threading.Event()  # the engine answered "open" (ready or unavailable)
        self.service.ready.connect(lambda _s: self._engine_settled.set())
        self.service.unavailable.connect(lambda _s: self._engine_settled.set())
        self.import_controller = ImportController(self, self._import_library)
        self.import_controller.finished.connect(self._imported)
        DropImport(self, self.import_paths)
        self.doc: DraftDocument | None = None
        self._layout_ready = False  # dock sizes settled (restored or defaulted): worth keeping across drafts

        self._make_docks()
        self._make_actions()
        self._make_statusbar()
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(autosave_ms)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        app = QApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._app_state)
        self.precedents.currentChanged.connect(lambda tab: self.show_lineage_tab() if tab == 2 else None)
        self.precedents.take.connect(self._take_suggestion)
        self.precedents.insert.connect(self._insert_suggestion)
        self.set_document(DraftDocument(Draft.new_resolution()))
        self._restore_window_state()

    # -- layout -------------------------------------------------------------------------------------------
    def _dock(self, name: str, title: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(area, dock)
        return dock

    def _make_docks(self) -> None:
        self.setDockNestingEnabled(True)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.outline_dock = self._dock("OutlineDock", "Outline", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.precedents_dock = self._dock("PrecedentsDock", "Precedents", Qt.DockWidgetArea.RightDockWidgetArea)
        self.precedents_dock.setWidget(self.precedents)
        self.checks_dock = self._dock("ChecksDock", "Checks", Qt.DockWidgetArea.BottomDockWidgetArea)

    def _default_sizes(self) -> None:
        width = self.width()
        self._resize_docks([int(width * 0.26), int(width * 0.30)], max(120, int(self.height() * 0.2)))

    def _resize_docks(self, widths: list[int], height: int) -> None:
        self.layout().activate()  # apply pending geometry first, or Qt scales the docks we size here
        self.resizeDocks([self.outline_dock, self.precedents_dock], widths, Qt.Orientation.Horizontal)
        self.resizeDocks([self.checks_dock], [height], Qt.Orientation.Vertical)
        self._layout_ready = True

    def _restore_window_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            if isinstance(state, QByteArray):
                self.restoreState(state)
            self._layout_ready = True
            return
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        width = min(1320, available.width() - 40) if available else 1280
        height = min(820, available.height() - 60) if available else 760
        self.resize(width, height)
        self._needs_default_sizes = True

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if getattr(self, "_needs_default_sizes", False):
            self._needs_default_sizes = False
            QTimer.singleShot(0, self._default_sizes)  # after the first layout, or Qt ignores the sizes

    def save_window_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()

    # -- actions ------------------------------------------------------------------------------------------
    def _action(self, menu, text: str, shortcut, slot, tip: str = "", toolbar: bool = False) -> QAction:
        action = QAction(text, self)
        keys = shortcut if isinstance(shortcut, list) else [shortcut]
        sequences: list[QKeySequence] = []
        for key in keys:
            for sequence in (QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey)
                             else [QKeySequence(key)]):
                if not sequence.isEmpty() and sequence not in sequences:
                    sequences.append(sequence)
        action.setShortcuts(sequences)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{tip} ({sequences[0].toString(QKeySequence.SequenceFormat.NativeText)})"
                              if sequences else tip)
        if menu is not None:
            menu.addAction(action)
        else:
            self.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        if sequences:
            self.shortcut_rows.append((text.replace("&", "").rstrip("…").rstrip("."),
                                       ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                                                 for s in sequences)))
        return action

    def _make_actions(self) -> None:
        self.toolbar = QToolBar("Main", self)
        self.toolbar.setObjectName("MainToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(self.toolbar)
        bar = self.menuBar()
        m = bar.addMenu("&File")
        self._action(m, "New &revision of…", "Ctrl+Shift+N", self.new_revision_dialog,
                     "Start a revision of a text in the library", toolbar=True)
        self._action(m, "&New resolution", QKeySequence.StandardKey.New, self.new_resolution,
                     "Start a draft new resolution")
        self._action(m, "&Open draft…", QKeySequence.StandardKey.Open, self.open_dialog, "Open a .copdraft file",
                     toolbar=True)
        self.recent_menu = m.addMenu("Open &recent")
        self._action(m, "&Save", QKeySequence.StandardKey.Save, self.save, "Save the draft", toolbar=True)
        self._action(m, "Save &as…", "Ctrl+Shift+S", self.save_as, "Save the draft under a new name")
        m.addSeparator()
        self._action(m, "&Import into library…", "Ctrl+I", self.import_dialog,
                     "Add texts to your precedent library (you can also drop files and folders on the window)")
        self._action(m, "Import &folder into library…", "Ctrl+Shift+I", self.import_folder_dialog,
                     "Add every text in a folder and its subfolders to your precedent library")
        self._action(m, "&Library…", "Ctrl+Shift+L", self.show_library,
                     "Every text in the library: provenance, kind, clauses; remove imported ones")
        m.addSeparator()
        self._action(m, "&Quit", "Ctrl+Q", self.close, "Quit COP Drafter")

        m = bar.addMenu("&Edit")
        self.undo_action = self._action(m, "&Undo", QKeySequence.StandardKey.Undo, lambda: self.doc.undo_stack.undo(),
                                        "Undo the last edit", toolbar=True)
        self.redo_action = self._action(m, "&Redo", ["Ctrl+Shift+Z", "Ctrl+Y"], lambda: self.doc.undo_stack.redo(),
                                        "Redo", toolbar=True)
        m.addSeparator()
        self._action(m, "Go to &outline", "Ctrl+L", lambda: self.outline.setFocus(), "Focus the outline")
        self._action(m, "Go to clause &text", "Ctrl+T", self.focus_editor, "Focus the clause text")
        self._action(m, "Go to &suggestions", "Ctrl+G", self.focus_suggestions, "Focus the suggestion list")
        self._action(m, "&Find in library…", "Ctrl+Shift+F", self.focus_concordance,
                     "Search a phrase across the library")

        m = bar.addMenu("&Clause")
        self._action(m, "&Add clause after", ["Ctrl+Return", "Ctrl+Enter"], self.add_clause,
                     "Add a clause after the current one", toolbar=True)
        self._action(m, "&Delete clause", "Ctrl+Delete", self.delete_clause,
                     "Delete a new clause; a clause of the text in force is suppressed instead")
        self._action(m, "&Suppress / restore", "Ctrl+D", self.toggle_suppress,
                     "Mark the clause SUP (or restore it)", toolbar=True)
        self._action(m, "Move &up", "Alt+Shift+Up", lambda: self.move(-1), "Move the clause or call up",
                     toolbar=True)
        self._action(m, "Move do&wn", "Alt+Shift+Down", lambda: self.move(1), "Move the clause or call down",
                     toolbar=True)
        self._action(m, "&Demote to sub-clause", "Alt+Shift+Right", self.demote, "1 → 1.1")
        self._action(m, "&Promote sub-clause", "Alt+Shift+Left", self.promote, "1.1 → 2")
        m.addSeparator()
        self._action(m, "Add &call words…", "Ctrl+Shift+K", self.add_section, "Add a new call (section)")
        self._action(m, "C&hange call words", "F2", self.edit_call, "Edit the current section's call words")
        self._action(m, "Delete ca&ll", "Ctrl+Shift+Delete", self.delete_section, "Delete the current call")

        m = bar.addMenu("&Precedents")
        for n in range(1, 10):
            self._action(m if n == 1 else None, f"Take suggestion {n}" if n > 1 else "&Take suggestion 1…9",
                         f"Alt+{n}", lambda n=n: self.precedents.take_index(n - 1),
                         "Replace the clause with suggestion N")
        for n in range(1, 10):
            self._action(m if n == 1 else None,
                         f"Insert suggestion {n} as new clause" if n > 1 else "&Insert suggestion 1…9 as new clause",
                         f"Alt+Shift+{n}", lambda n=n: self.precedents.take_index(n - 1, as_new=True),
                         "Insert suggestion N as a new clause after this one")
        self._action(m, "Take &selected suggestion", "Ctrl+Shift+Return",
                     lambda: self.precedents.take_index(self.precedents.current_index()),
                     "Replace the clause with the selected suggestion")
        self._action(m, "&Lineage of this clause", "Ctrl+Shift+G", self.show_lineage_tab,
                     "Show this clause's ancestors across revisions")

        m = bar.addMenu("Chec&ks")
        self._action(m, "&Next problem", "F8", self.next_problem, "Go to the next problem", toolbar=False)
        self._action(m, "Fix all &punctuation", "Ctrl+Shift+P", lambda: self.checks.fix_all_punctuation(),
                     "Give every clause the end mark the ITU rules expect")

        m = bar.addMenu("E&xport")
        self._action(m, "&Clean resolution (.docx)…", "Ctrl+E", lambda: self.export_dialog(CLEAN),
                     "Export the resolution as adopted text", toolbar=True)
        self._action(m, "&Proposal (.docx)…", "Ctrl+Shift+E", lambda: self.export_dialog(PROPOSAL),
                     "Export the submission with MOD/ADD/SUP and tracked changes", toolbar=True)

        m = bar.addMenu("&View")
        for dock in (self.outline_dock, self.precedents_dock, self.checks_dock):
            m.addAction(dock.toggleViewAction())
        self._action(m, "&Reset layout", "Ctrl+Shift+R", self.reset_layout, "Put the panes back where they were")

        m = bar.addMenu("&Help")
        self._action(m, "&Keyboard shortcuts", ["F1", "Ctrl+/"], self.show_shortcuts, "List every shortcut")
        self._refresh_recent()

    def _make_statusbar(self) -> None:
        self.counts = QLabel()
        self.engine_label = QLabel("Precedents: opening the library…" if engine_available()
                                   else "Precedents: engine not installed")
        self.service.ready.connect(self._library_ready)
        self.service.unavailable.connect(self._library_unavailable)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setRange(0, 0)
        self.progress.hide()
        bar = self.statusBar()
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.counts)
        bar.addPermanentWidget(self.engine_label)

    def _library_ready(self, summary: str) -> None:
        self.engine_label.setText(f"Precedents: {summary}" if summary else "Precedents: ready")

    def _library_unavailable(self, why: str) -> None:
        self.engine_label.setText("Precedents: unavailable")
        self.engine_label.setToolTip(why)

    # -- document -----------------------------------------------------------------------------------------
    def _dock_sizes(self) -> tuple[list[int], int]:
        return [self.outline_dock.width(), self.precedents_dock.width()], self.checks_dock.height()

    def set_document(self, doc: DraftDocument) -> None:
        keep = self._dock_sizes() if self.isVisible() and self._layout_ready else None
        old = self.doc
        if old is not None and self.recovery_key:
            self._discard_recovery(self.recovery_key)
        self.doc = doc
        doc.setParent(self)
        self.recovery_key = self.recovery.key_for(doc.path)
        retired = [w for w in (self.outline_dock.widget(), self.checks_dock.widget()) if w is not None]
        self.outline_model = OutlineModel(doc)
        self.outline = OutlineView(self.outline_model)
        self.outline_model.setParent(self.outline)
        self.outline_dock.setWidget(self.outline)
        self.editor = EditorPane(doc)
        self.setCentralWidget(self.editor)  # deletes the previous editor
        self.checks = ChecksPanel(doc, self.known_revisions)
        self.checks_dock.setWidget(self.checks)
        for widget in retired:  # a dock does not delete the widget it held
            widget.deleteLater()
        self.outline.selectionModel().currentChanged.connect(self._selection_changed)
        self.outline.activated.connect(lambda _index: self.focus_editor())  # Enter on a clause: write it
        self.checks.goto.connect(self.goto)
        self.editor.clause_page.text.textChanged.connect(
            lambda: self.precedents.text_changed(self.editor.clause_page.text.toPlainText()))
        doc.changed.connect(self._doc_changed)
        doc.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        doc.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.undo_action.setEnabled(doc.undo_stack.canUndo())
        self.redo_action.setEnabled(doc.undo_stack.canRedo())
        doc.pathChanged.connect(self._path_changed)
        self._autosaved_index = doc.undo_stack.index()
        self._autosave_pending = doc.modified
        doc.changed.connect(self._mark_autosave)
        if old is not None:
            old.deleteLater()
        if keep is not None:
            # New panels bring their own size hints; keep the layout the delegate had.
            QTimer.singleShot(0, lambda: self._resize_docks(*keep))
        first = next((c for _s, c in doc.resolution.clauses()), None)
        if first is not None:
            self.outline.select_uid(first.uid)
        else:
            self.outline.select_uid("header")
        self._doc_changed()

    def _path_changed(self) -> None:
        assert self.doc is not None
        new_key = self.recovery.key_for(self.doc.path)
        if new_key != self.recovery_key:
            self._discard_recovery(self.recovery_key)
            self.recovery_key = new_key

    def known_revisions(self):
        if self._known is None:
            self._known = self.library.known_revisions()
        return self._known

    def current_uid(self) -> str | None:
        return self.outline.current_uid()

    def current_clause_uid(self) -> str | None:
        return self.current_uid() if self.outline.current_kind() == "clause" else None

    def _selection_changed(self, *_args) -> None:
        kind, uid = self.outline.current_kind(), self.outline.current_uid()
        self.editor.show_node(kind, uid)
        if kind == "clause" and uid:
            clause = self.doc.clause(uid)
            self.precedents.text_changed(clause.text if clause else "")
            if clause is not None and self.precedents.currentIndex() == 2:
                self.precedents.show_lineage_for(self.doc.resolution, clause)

    def goto(self, uid: str) -> None:
        self.outline.select_uid(uid)
        if self.outline.current_kind() == "clause":
            self.focus_editor()

    def _doc_changed(self) -> None:
        doc = self.doc
        if doc is None:
            return
        self.setWindowTitle(f"{doc.title()}[*] — COP Drafter")
        self.setWindowModified(doc.modified)
        counts = {s: 0 for s in ClauseStatus}
        for status in doc.statuses().values():
            counts[status] += 1
        self.counts.setText("  ".join(f"{s.value} {n}" for s, n in counts.items()))

    # -- file actions -------------------------------------------------------------------------------------
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
        if not self.maybe_save():
            return False
        try:
            doc = DraftDocument.open(Path(path))
        except ParseError as exc:
            self.prompter.error("Cannot open draft", f"{exc}\n\nThe file was not changed.")
            return False
        self.set_document(doc)
        self._add_recent(Path(path))
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
        try:
            self.doc.save(path)
        except SaveError as exc:
            log.warning("save to %s failed: %s", path, exc)
            self.prompter.error("Cannot save", f"{exc}\n\nYour draft is still open; nothing was lost.")
            return False
        except Exception as exc:  # any failure is shown and logged; the window stays open with the draft
            log.exception("unexpected failure saving %s", path)
            self.prompter.error("Cannot save", f"Saving failed: {exc}\n\nYour draft is still open; nothing was "
                                "lost. The details are in the log (Help ▸ Open log folder).")
            return False
        self._discard_recovery(self.recovery_key)
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

    # -- autosave and recovery ----------------------------------------------------------------------------
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

    # -- editing actions ----------------------------------------------------------------------------------
    def focus_editor(self) -> None:
        if self.editor.currentWidget() is self.editor.clause_page:
            self.editor.clause_page.text.setFocus()

    def focus_suggestions(self) -> None:
        self.precedents_dock.show()
        self.precedents.setCurrentIndex(0)
        self.precedents.list.setFocus()

    def focus_concordance(self) -> None:
        self.precedents_dock.show()
        self.precedents.setCurrentIndex(1)
        self.precedents.search_box.setFocus()
        self.precedents.search_box.selectAll()

    def show_lineage_tab(self) -> None:
        self.precedents_dock.show()
        self.precedents.setCurrentIndex(2)
        uid = self.current_clause_uid()
        clause = self.doc.clause(uid) if uid else None
        if clause is not None:
            self.precedents.show_lineage_for(self.doc.resolution, clause)

    def _take_suggestion(self, text: str) -> None:
        uid = self.current_clause_uid()
        if uid and self.doc.status(uid) is not ClauseStatus.SUP:
            self.doc.replace_with(uid, text)
            self.statusBar().showMessage("Suggestion taken (Ctrl+Z to undo)", 4000)

    def _insert_suggestion(self, text: str) -> None:
        uid = self.current_clause_uid()
        if uid:
            self.doc.insert_suggestion_after(uid, text)

    def add_clause(self) -> None:
        kind, uid = self.outline.current_kind(), self.current_uid()
        if kind == "clause":
            self.doc.add_clause_after(uid)
        else:
            self.doc.add_clause_after(None, section_uid=uid if kind == "section" else None)
        self.focus_editor()

    def delete_clause(self) -> None:
        uid = self.current_clause_uid()
        if uid:
            what = self.doc.delete_clause(uid)
            if what == "suppressed":
                self.statusBar().showMessage("A clause of the text in force is suppressed (SUP), not deleted", 6000)

    def toggle_suppress(self) -> None:
        uid = self.current_clause_uid()
        if uid:
            self.doc.toggle_suppressed(uid)

    def move(self, delta: int) -> None:
        kind, uid = self.outline.current_kind(), self.current_uid()
        if kind == "clause":
            self.doc.move_clause(uid, delta)
        elif kind == "section":
            self.doc.move_section(uid, delta)

    def demote(self) -> None:
        uid = self.current_clause_uid()
        if uid and not self.doc.demote(uid):
            self.statusBar().showMessage("The first clause has no clause above it to go under", 4000)

    def promote(self) -> None:
        uid = self.current_clause_uid()
        if uid and not self.doc.promote(uid):
            self.statusBar().showMessage("Only a sub-clause can be promoted", 4000)

    def _current_section_uid(self) -> str | None:
        kind, uid = self.outline.current_kind(), self.current_uid()
        if kind == "section":
            return uid
        if kind == "clause":
            section = self.doc.section_of(uid)
            return section.uid if section else None
        return None

    def add_section(self) -> None:
        from cop_drafter.core.calls import STANDARD_CALLS

        call, ok = QInputDialog.getItem(self, "Add call words", "Call words:", list(STANDARD_CALLS), 0, True)
        if ok and call.strip():
            current = self._current_section_uid()
            sections = self.doc.resolution.sections
            index = next((i + 1 for i, s in enumerate(sections) if s.uid == current), len(sections))
            self.doc.add_section(index, " ".join(call.split()))

    def edit_call(self) -> None:
        uid = self._current_section_uid()
        if uid:
            self.outline.select_uid(uid)
            self.editor.section_page.call.setFocus()
            self.editor.section_page.call.selectAll()

    def delete_section(self) -> None:
        uid = self._current_section_uid()
        if uid:
            self.doc.delete_section(uid)

    def next_problem(self) -> None:
        self.checks.refresh()
        if not self.checks.items:
            self.statusBar().showMessage("No problems found", 4000)
            return
        row = (self.checks.list.currentRow() + 1) % len(self.checks.items)
        self.checks.list.setCurrentRow(row)
        self.goto(self.checks.items[row].uid)

    def reset_layout(self) -> None:
        for dock, area in ((self.outline_dock, Qt.DockWidgetArea.LeftDockWidgetArea),
                           (self.precedents_dock, Qt.DockWidgetArea.RightDockWidgetArea),
                           (self.checks_dock, Qt.DockWidgetArea.BottomDockWidgetArea)):
            dock.setFloating(False)
            self.addDockWidget(area, dock)
            dock.show()
        QTimer.singleShot(0, self._default_sizes)

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.shortcut_rows, self).exec()

    # -- export -------------------------------------------------------------------------------------------
    def export_dialog(self, kind: str) -> None:
        doc = self.doc
        if kind == PROPOSAL:
            action = "ADD" if doc.draft.base is None else "MOD"
            meta = self.prompter.proposal_meta(ProposalDialog(doc.draft.meta, action, self))
            if meta is None:
                return
            doc.set_meta(meta)
        stem = (doc.path.stem if doc.path else self._suggested_name()) + ("-proposal" if kind == PROPOSAL else "")
        folder = doc.path.parent if doc.path else Path.home()
        path = self.prompter.save_path("Export .docx", str(folder / f"{stem}.docx"), "Word documents (*.docx)")
        if path:
            self.start_export(kind, Path(path) if Path(path).suffix else Path(path).with_suffix(".docx"))

    def start_export(self, kind: str, path: Path) -> ExportJob:
        job = ExportJob(self.doc.draft, kind, path)
        self.export_jobs.append(job)
        job.signals.finished.connect(lambda written, j=job: self._export_done(j, written, None))
        job.signals.failed.connect(lambda message, j=job: self._export_done(j, None, message))
        self.progress.show()
        self.statusBar().showMessage(f"Exporting {path.name}…")
        QThreadPool.globalInstance().start(job)
        return job

    def _export_done(self, job: ExportJob, written: str | None, message: str | None) -> None:
        if job in self.export_jobs:
            self.export_jobs.remove(job)
        if not self.export_jobs:
            self.progress.hide()
        if message:
            self.statusBar().showMessage("Export failed", 5000)
            self.prompter.error("Export failed", f"{message}\n\nNo file was written; your draft is unchanged.")
            return
        self.last_export = written
        self.statusBar().showMessage(f"Exported {written}", 8000)
        self.prompter.exported(written or "")
