"""File ▸ Import into library: files, folders or a drop onto the window, imported on a worker thread behind a
progress dialog, ending with the same report as `cop-drafter library add` (precedents.importer does the work).

The import goes into the precedent engine's own library object when it is open (it is thread-safe), so each text
is parsed once, stored once, and suggested at once. Cancel stops between two files: what was added stays.
"""

from __future__ import annotations

import html
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressDialog,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cop_drafter.precedents.importer import Failed, ImportResult, Progress, import_paths

log = logging.getLogger(__name__)

PROGRESS_EVERY_S = 0.05  # at most 20 progress updates a second reach the GUI thread


def engine_library(service: Any) -> Any | None:
    """The precedent engine's PrecedentLibrary when the worker has opened it (None before, or without one)."""
    source = getattr(getattr(service, "worker", None), "source", None)
    return getattr(source, "library", None)


class ImportWorker(QObject):
    """Runs precedents.importer.import_paths in its own thread."""

    progressed = Signal(object)  # Progress
    finished = Signal(object)  # ImportResult

    def __init__(self, paths: list[Path], library: Callable[[], tuple[Any, bool]]) -> None:
        super().__init__()
        self.paths = paths
        self.library = library  # -> (a PrecedentLibrary, whether this worker must close it)
        self._cancel = threading.Event()
        self._last = 0.0

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self._last >= PROGRESS_EVERY_S or progress.done >= progress.total:
            self._last = now
            self.progressed.emit(progress)

    @Slot()
    def run(self) -> None:
        owned, library = False, None
        try:
            library, owned = self.library()
            result = import_paths(library, self.paths, progress=self._progress, cancelled=self._cancel.is_set)
        except Exception as exc:  # noqa: BLE001 - the library could not be opened: one line in the report
            log.exception("import into the library")
            result = ImportResult(failed=[Failed(str(p), f"the library cannot be used: {exc}") for p in self.paths])
        finally:
            if owned and library is not None:
                library.close()
        self.finished.emit(result)


class ImportReportDialog(QDialog):
    """What the import did: added, skipped and failed, each file with its reason."""

    def __init__(self, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ImportReport")
        self.setWindowTitle("Import into library — report")
        self.result = result
        self.summary = QLabel(f"<b>{html.escape(result.summary().capitalize())}</b>")
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Import report")
        self.tree.setHeaderLabels(["File", "Result"])
        self.tree.setRootIsDecorated(True)
        groups = (
            ("Added", [(a.file, f"{a.heading} — {a.clauses} clauses") for a in result.added]),
            ("Skipped", [(s.file, s.reason) for s in result.skipped]),
            ("Failed", [(f.file, f.error) for f in result.failed]),
        )
        for title, rows in groups:
            group = QTreeWidgetItem([f"{title} ({len(rows)})", ""])
            self.tree.addTopLevelItem(group)
            for file, why in rows:
                item = QTreeWidgetItem([file, why])
                item.setToolTip(0, file)
                item.setToolTip(1, why)
                group.addChild(item)
            group.setExpanded(title != "Skipped" or len(rows) <= 20)
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0), 420))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        buttons.accepted.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(860, 420)

    def rows(self, group: str) -> list[tuple[str, str]]:
        """The (file, reason) rows of 'Added', 'Skipped' or 'Failed' as shown."""
        for n in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(n)
            if item.text(0).startswith(group):
                return [(item.child(i).text(0), item.child(i).text(1)) for i in range(item.childCount())]
        return []


class ImportController(QObject):
    """One import at a time: worker thread, progress dialog, report. `finished` carries the ImportResult."""

    finished = Signal(object)

    def __init__(self, window: QWidget, library: Callable[[], tuple[Any, bool]]) -> None:
        super().__init__(window)
        self.window = window
        self.library = library
        self.thread: QThread | None = None
        self.worker: ImportWorker | None = None
        self.dialog: QProgressDialog | None = None
        self.report: ImportReportDialog | None = None
        self.last_result: ImportResult | None = None

    def running(self) -> bool:
        return self.thread is not None

    def start(self, paths: list[Path]) -> bool:
        """Start importing; False when nothing was given or an import is already running."""
        if not paths or self.running():
            return False
        self.thread = QThread(self)
        self.thread.setObjectName("library-import")
        self.worker = ImportWorker([Path(p) for p in paths], self.library)
        self.worker.moveToThread(self.thread)
        self.worker.progressed.connect(self._progress)
        self.worker.finished.connect(self._finished)
        self.thread.started.connect(self.worker.run)
        dialog = QProgressDialog("Looking for texts…", "Cancel", 0, 0, self.window)
        dialog.setObjectName("ImportProgress")
        dialog.setWindowTitle("Import into library")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)  # a single small file never flashes a dialog
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(520)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        self.thread.start()
        return True

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText("Cancelling… the texts already added stay in the library.")

    def _progress(self, progress: Progress) -> None:
        dialog = self.dialog
        if dialog is None or dialog.wasCanceled():
            return
        dialog.setMaximum(max(1, progress.total))
        dialog.setValue(min(progress.done, progress.total))
        current = Path(progress.current).name if progress.current else ""
        dialog.setLabelText(
            f"{progress.done} of {progress.total} files — {progress.added} added, {progress.skipped} skipped, "
            f"{progress.failed} failed — {progress.rate:.0f} files/s\n{current}")

    def _finished(self, result: ImportResult) -> None:
        if self.thread is not None:
            self.thread.quit()
            self.thread.wait()
            self.thread.deleteLater()
        if self.worker is not None:
            self.worker.deleteLater()
        self.thread, self.worker = None, None
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.last_result = result
        self.report = ImportReportDialog(result, self.window)
        self.report.show()
        self.finished.emit(result)

    def wait(self, timeout_ms: int = 60_000) -> None:
        """Block until the running import ends (for a clean quit)."""
        if self.worker is not None:
            self.worker.cancel()
        if self.thread is not None:
            self.thread.wait(timeout_ms)


def dropped_paths(event: QDropEvent | QDragEnterEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class DropImport(QObject):
    """Files and folders dropped onto the main window (or one of its docks) go into the library."""

    def __init__(self, target: QWidget, start: Callable[[list[Path]], object]) -> None:
        super().__init__(target)
        self.start = start
        target.setAcceptDrops(True)
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and dropped_paths(event):  # type: ignore[arg-type]
            event.acceptProposedAction()  # type: ignore[attr-defined]
            return True
        if kind == QEvent.Type.Drop:
            paths = dropped_paths(event)  # type: ignore[arg-type]
            if paths:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                self.start(paths)
                return True
        return False
