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

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
)

from cop_drafter.core.checks import COVER_UID
from cop_drafter.core.draft import ClauseStatus, Draft
from cop_drafter.core.recovery import RecoveryStore
from cop_drafter.core.session import DraftSession
from cop_drafter.gui.checks_panel import ChecksPanel
from cop_drafter.gui.document import DraftDocument
from cop_drafter.gui.editor import EditorPane
from cop_drafter.gui.export import PROPOSAL, ExportJob
from cop_drafter.gui.library_import import DropImport, ImportController
from cop_drafter.gui.library_window import LibraryWindow
from cop_drafter.gui.outline import OutlineModel, OutlineView
from cop_drafter.gui.precedents import EngineSource, PrecedentService, PrecedentSource
from cop_drafter.gui.precedents_panel import PrecedentsPanel
from cop_drafter.gui.preview import PreviewPane
from cop_drafter.gui.prompter import Prompter
from cop_drafter.gui.window_actions import ActionsMixin
from cop_drafter.gui.window_autosave import AutosaveMixin
from cop_drafter.gui.window_editing import EditingMixin
from cop_drafter.gui.window_files import FileActionsMixin
from cop_drafter.gui.window_negotiation import NegotiationMixin
from cop_drafter.precedents.catalog import Catalog

log = logging.getLogger(__name__)

AUTOSAVE_MS = 30_000


def default_source_factory() -> Callable[[], PrecedentSource | None]:
    def factory() -> PrecedentSource | None:
        return EngineSource.open(None)

    return factory


class MainWindow(ActionsMixin, FileActionsMixin, AutosaveMixin, EditingMixin, NegotiationMixin, QMainWindow):
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
        # readable at 1024x600: neither side pane can be squeezed below a line of clause text
        self.outline_dock.setMinimumWidth(180)
        self.precedents_dock.setMinimumWidth(240)
        self.checks_dock = self._dock("ChecksDock", "Checks", Qt.DockWidgetArea.BottomDockWidgetArea)
        self.preview_dock = self._dock("PreviewDock", "Preview", Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.precedents_dock, self.preview_dock)
        self.precedents_dock.raise_()
        self.preview: PreviewPane | None = None
        self._make_negotiation_dock()
        self.precedents_dock.raise_()

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

    # -- document -----------------------------------------------------------------------------------------
    def _dock_sizes(self) -> tuple[list[int], int]:
        return [self.outline_dock.width(), self.precedents_dock.width()], self.checks_dock.height()

    def set_document(self, doc: DraftDocument, session: DraftSession | None = None) -> None:
        """Show `doc`; the callers have asked about unsaved changes, so the old draft's session ends here
        (its lock and its own recovery copy go). A draft with no session gets a new, untitled one."""
        keep = self._dock_sizes() if self.isVisible() and self._layout_ready else None
        old = self.doc
        if old is not None and old.session is not None and old.session is not session:
            old.session.release()
        doc.session = session or doc.session or DraftSession.new(self.recovery)
        self.doc = doc
        doc.setParent(self)
        retired = [w for w in (self.outline_dock.widget(), self.checks_dock.widget()) if w is not None]
        self.outline_model = OutlineModel(doc)
        self.outline = OutlineView(self.outline_model)
        self.outline_model.setParent(self.outline)
        self.outline_dock.setWidget(self.outline)
        self.editor = EditorPane(doc)
        self.setCentralWidget(self.editor)  # deletes the previous editor
        self.checks = ChecksPanel(doc, self.known_revisions)
        self.checks_dock.setWidget(self.checks)
        if self.preview is None:
            self.preview = PreviewPane(doc)
            self.preview_dock.setWidget(self.preview)
            # lambdas: self.outline is replaced with each draft
            self.preview.clause_activated.connect(lambda uid: self.outline.select_uid(uid))
            self.preview.node_activated.connect(lambda uid: self.outline.select_uid(uid))
        else:
            self.preview.set_document(doc)
        self.negotiation.set_document(doc)
        if doc.compilation is not None:  # a negotiation (new or reopened): its Proposals pane in front
            self.negotiation_dock.show()
            self.negotiation_dock.raise_()
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
        QTimer.singleShot(0, self.show_store_problems)  # after the caller's own status message

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
        if self.preview is not None:
            self.preview.show_clause(uid if kind == "clause" else None)
        self.negotiation.show_clause(uid if kind == "clause" else None)
        if kind == "clause" and uid:
            clause = self.doc.clause(uid)
            self.precedents.text_changed(clause.text if clause else "")
            if clause is not None and self.precedents.currentIndex() == 2:
                self.precedents.show_lineage_for(self.doc.resolution, clause)

    def goto(self, uid: str) -> None:
        if uid == COVER_UID:  # the proposal's cover fields live in the export dialog
            self.export_dialog(PROPOSAL)
            return
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
