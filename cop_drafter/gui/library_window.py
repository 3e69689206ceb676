"""The texts of the precedent library in the GUI: the Library window (every text, bundled and imported, with its
provenance, kind and clause count; searchable; imported texts removable) and "New revision of...", which picks
from the same list. Both read the list through `precedents.catalog.Catalog`, so a text imported by the CLI while
the window is open is there the next time the list is shown (or refreshed).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cop_drafter.core.model import Resolution
from cop_drafter.precedents.catalog import Catalog
from cop_drafter.precedents.store import DocumentInfo

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole + 20
COLUMNS = ("Text", "Title", "Kind", "Clauses", "From", "Added")


def kind_of(doc: DocumentInfo) -> str:
    return str(getattr(doc, "kind", "") or "adopted")


def origin_of(doc: DocumentInfo) -> str:
    return "bundled with COP Drafter" if doc.bundled else (doc.source_path or "imported")


class LibraryModel(QAbstractTableModel):
    """One row per text; the filter searches every column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.docs: list[DocumentInfo] = []

    def set_documents(self, docs: list[DocumentInfo]) -> None:
        self.beginResetModel()
        self.docs = list(docs)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.docs)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        doc = self.docs[index.row()]
        if role == ID_ROLE:
            return doc.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{doc.document}\n{doc.title}\n{origin_of(doc)}\nid {doc.id}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole):
            return None
        column = index.column()
        if column == 3:
            return doc.clauses if role == Qt.ItemDataRole.UserRole else str(doc.clauses)
        return (doc.document, doc.title, kind_of(doc), "", origin_of(doc), doc.added_at[:10])[column]


class _Filter(QSortFilterProxyModel):
    """Every word typed must appear in one of the row's columns (number, place, year, title, file, kind)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words: list[str] = []
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_words(self, text: str) -> None:
        if not hasattr(self, "beginFilterChange"):  # Qt < 6.9
            self.words = text.lower().split()
            self.invalidateFilter()
            return
        self.beginFilterChange()
        self.words = text.lower().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        haystack = " ".join(str(model.index(row, c, parent).data() or "") for c in range(model.columnCount()))
        haystack = haystack.lower()
        return all(w in haystack for w in self.words)


class LibraryTable(QWidget):
    """A filter box over the table of texts (used by both windows)."""

    current_changed = Signal(str)  # the id of the current text ("" when none)
    activated = Signal(str)

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LibraryModel(self)
        self.proxy = _Filter(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(placeholder)
        self.filter.setAccessibleName("Filter texts")
        self.filter.setClearButtonEnabled(True)
        self.view = QTableView()
        self.view.setAccessibleName("Texts in the library")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSortingEnabled(True)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.view)
        self.filter.textChanged.connect(self._filter)
        # A mouse click makes a row current *before* selecting it, so follow the selection as well.
        selection = self.view.selectionModel()
        selection.currentRowChanged.connect(lambda *_a: self.current_changed.emit(self.current_id()))
        selection.selectionChanged.connect(lambda *_a: self.current_changed.emit(self.current_id()))
        self.view.activated.connect(lambda _i: self.activated.emit(self.current_id()))

    def set_documents(self, docs: list[DocumentInfo]) -> None:
        keep = self.current_id()
        self.model.set_documents(docs)
        self.view.resizeColumnsToContents()
        self.view.setColumnWidth(0, min(self.view.columnWidth(0), 330))
        self.view.setColumnWidth(4, min(self.view.columnWidth(4), 260))
        if not (keep and self.select_id(keep)):
            self._select_first()

    def _filter(self, text: str) -> None:
        self.proxy.set_words(text)
        if not self.current_id():
            self._select_first()

    def _select_first(self) -> None:
        if self.proxy.rowCount():
            self._make_current(self.proxy.index(0, 0))
        self.current_changed.emit(self.current_id())

    def _make_current(self, index: QModelIndex) -> None:
        """Select the row and make it current with explicit flags: the view's setCurrentIndex reads the
        keyboard modifiers and deselects the row when Ctrl happens to be held."""
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)

    def row_count(self) -> int:
        return self.proxy.rowCount()

    def row_text(self, row: int) -> str:
        return " | ".join(str(self.proxy.index(row, c).data() or "") for c in range(self.proxy.columnCount()))

    def select_id(self, doc_id: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID_ROLE) == doc_id:
                self._make_current(index)
                return True
        return False

    def current_id(self) -> str:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return ""
        return str(self.proxy.index(index.row(), 0).data(ID_ROLE) or "")

    def current_doc(self) -> DocumentInfo | None:
        doc_id = self.current_id()
        return next((d for d in self.model.docs if d.id == doc_id), None)


def preview_html(doc: DocumentInfo, resolution: Resolution | None) -> str:
    rows = [f"<p align=center>{html.escape(doc.document)}</p>",
            f"<p align=center><b>{html.escape(doc.title)}</b></p>"]
    if kind_of(doc) != "adopted":
        rows.append(f"<p align=center><i>{html.escape(kind_of(doc))}, not the text in force</i></p>")
    if resolution is None:
        rows.append("<p><i>The text cannot be read from the library.</i></p>")
        return "".join(rows)
    for section in resolution.sections:
        count = sum(1 for _ in section.walk())
        rows.append(f"<p><i>{html.escape(section.call)}</i> — {count} clause{'s' * (count != 1)}</p>")
    rows.append(f"<p><small>{html.escape(origin_of(doc))}</small></p>")
    return "".join(rows)


class NewRevisionDialog(QDialog):
    """'New revision of…': every text of the library, newest first, with a filter box and a preview."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New revision of…")
        self.catalog = catalog
        intro = QLabel("Pick the text in force. Your draft starts as a copy of it, every clause unchanged (NOC).")
        intro.setWordWrap(True)
        self.table = LibraryTable("Filter (number, place, year, title, file)")
        self.filter = self.table.filter
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Preview")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start &revision")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.preview, 2)
        layout.addWidget(self.buttons)
        self.table.current_changed.connect(self._show)
        self.table.activated.connect(lambda _id: self.accept())
        # Newest first: the text in force is usually the latest revision; adopted texts before proposals.
        docs = sorted(catalog.documents(), key=lambda d: (kind_of(d) != "adopted", -(d.year or 0), d.document))
        self.table.set_documents(docs)
        self.table.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.resize(820, 600)

    def count(self) -> int:
        return self.table.row_count()

    def select_id(self, text_id: str) -> bool:
        return self.table.select_id(text_id)

    def selected_id(self) -> str | None:
        return self.table.current_id() or None

    def _show(self, doc_id: str) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(doc_id))
        doc = self.table.current_doc()
        if doc is None:
            self.preview.clear()
            return
        self.preview.setHtml(preview_html(doc, self.catalog.resolution(doc.id)))


class LibraryWindow(QDialog):
    """Window ▸ Library: every text with its provenance; remove imported ones; import more."""

    def __init__(self, catalog: Catalog, remove: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LibraryWindow")
        self.setWindowTitle("Library — COP Drafter")
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.catalog = catalog
        self._remove = remove
        self.table = LibraryTable("Search the library (number, place, year, title, kind, file)")
        self.summary = QLabel()
        self.summary.setAccessibleName("Library summary")
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Preview")
        self.preview.setMaximumHeight(170)
        self.import_files_button = QPushButton("Import &files…")
        self.import_folder_button = QPushButton("Import f&older…")
        self.remove_button = QPushButton("&Remove from library")
        self.remove_button.setToolTip("Remove the selected imported text (bundled texts stay)")
        self.refresh_button = QPushButton("Re&fresh")
        close = QPushButton("&Close")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        for button in (self.import_files_button, self.import_folder_button, self.remove_button, self.refresh_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        self.table.current_changed.connect(self._current_changed)
        self.remove_button.clicked.connect(self.remove_current)
        self.refresh_button.clicked.connect(self.refresh)
        self.resize(980, 560)
        self.refresh()

    def refresh(self) -> None:
        docs = self.catalog.documents()
        self.table.set_documents(docs)
        imported = sum(1 for d in docs if not d.bundled)
        clauses = sum(d.clauses for d in docs)
        text = f"{len(docs)} texts ({len(docs) - imported} bundled, {imported} imported), {clauses:,} clauses"
        if self.catalog.error:
            text += f" — {self.catalog.error}"
        self.summary.setText(text)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh()  # texts another process added since the window was last shown

    def _current_changed(self, _doc_id: str) -> None:
        doc = self.table.current_doc()
        self.remove_button.setEnabled(doc is not None and not doc.bundled)
        if doc is None:
            self.preview.clear()
        else:
            self.preview.setHtml(preview_html(doc, self.catalog.resolution(doc.id)))

    def remove_current(self) -> bool:
        doc = self.table.current_doc()
        if doc is None or doc.bundled:
            return False
        box = QMessageBox(QMessageBox.Icon.Question, "Remove from library",
                          f"Remove {doc.document} ({doc.clauses} clauses) from your library?\n\n"
                          f"The file {doc.source_path or 'it came from'} is not touched.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return False
        try:
            self._remove(doc.id)
        except Exception as exc:  # noqa: BLE001 - shown in one line; the log keeps the traceback
            log.exception("removing %s", doc.id)
            QMessageBox(QMessageBox.Icon.Warning, "Cannot remove", f"{doc.document} was not removed: {exc}",
                        QMessageBox.StandardButton.Ok, self).exec()
            return False
        self.refresh()
        return True
