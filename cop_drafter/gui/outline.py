"""The outline: header, call words and clauses as a tree (a QAbstractItemModel over the draft) and its view.

The model keeps a light node tree rebuilt after structural changes (drafts have tens of clauses, so a reset is
instant) and emits dataChanged for text and status edits. Drag and drop moves clauses through the document,
so a drop is one undoable command like any other move.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QByteArray, QMimeData, QModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTreeView

from cop_drafter.core.draft import ClauseStatus
from cop_drafter.gui.document import DraftDocument

MIME = "application/x-copdrafter-clause"
MIME_SECTION = "application/x-copdrafter-section"
UID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3

# Status colours chosen to read on both light and dark palettes (mid saturation, used as text colour).
STATUS_COLOURS = {
    ClauseStatus.MOD: QColor(214, 140, 0),
    ClauseStatus.ADD: QColor(40, 160, 70),
    ClauseStatus.SUP: QColor(210, 60, 60),
}
STATUS_TIPS = {
    ClauseStatus.NOC: "unchanged",
    ClauseStatus.MOD: "modified",
    ClauseStatus.ADD: "added",
    ClauseStatus.SUP: "suppressed (kept visible until export)",
}


@dataclass(eq=False)
class Node:
    kind: str  # "header" | "section" | "clause"
    uid: str
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


def _preview(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class OutlineModel(QAbstractItemModel):
    def __init__(self, doc: DraftDocument, parent=None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.root = Node("root", "")
        self._by_uid: dict[str, Node] = {}
        self._statuses: dict[str, ClauseStatus] = {}
        self._rebuild()
        doc.structureChanged.connect(self._on_structure)
        doc.textChanged.connect(self._on_clause)
        doc.statusChanged.connect(self._on_status)
        doc.headerChanged.connect(self._on_header)

    # -- tree ---------------------------------------------------------------------------------------------
    def _rebuild(self) -> None:
        root = Node("root", "")
        by_uid: dict[str, Node] = {}
        header = Node("header", "header", root)
        root.children.append(header)
        by_uid["header"] = header

        def add_clauses(parent: Node, clauses) -> None:
            for clause in clauses:
                node = Node("clause", clause.uid, parent)
                parent.children.append(node)
                by_uid[clause.uid] = node
                add_clauses(node, clause.children)

        for section in self.doc.resolution.sections:
            snode = Node("section", section.uid, root)
            root.children.append(snode)
            by_uid[section.uid] = snode
            add_clauses(snode, section.clauses)
        self.root, self._by_uid = root, by_uid
        self._statuses = self.doc.statuses()

    def _on_structure(self, _uid) -> None:
        self.beginResetModel()
        self._rebuild()
        self.endResetModel()

    def _refresh(self, uid: str) -> None:
        node = self._by_uid.get(uid)
        if node is not None:
            index = self.createIndex(node.row(), 0, node)
            self.dataChanged.emit(index, index)

    def _on_clause(self, uid: str) -> None:
        old = self._statuses
        self._statuses = self.doc.statuses()
        self._refresh(uid)
        # A new end of text changes which clause is last; refresh all whose status moved.
        for key, status in self._statuses.items():
            if key != uid and old.get(key) != status:
                self._refresh(key)

    def _on_status(self, uids: list) -> None:
        self._statuses = self.doc.statuses()
        for uid in uids:
            self._refresh(uid)

    def _on_header(self) -> None:
        self._refresh("header")

    def node(self, index: QModelIndex) -> Node:
        return index.internalPointer() if index.isValid() else self.root

    def index_of(self, uid: str) -> QModelIndex:
        node = self._by_uid.get(uid)
        return self.createIndex(node.row(), 0, node) if node else QModelIndex()

    # -- QAbstractItemModel -------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        pnode = self.node(parent)
        if column != 0 or not 0 <= row < len(pnode.children):
            return QModelIndex()
        return self.createIndex(row, 0, pnode.children[row])

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        pnode = self.node(index).parent
        if pnode is None or pnode is self.root:
            return QModelIndex()
        return self.createIndex(pnode.row(), 0, pnode)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.column() > 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 1

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = self.node(index)
        if role == UID_ROLE:
            return node.uid
        if role == KIND_ROLE:
            return node.kind
        if node.kind == "header":
            return self._header_data(role)
        if node.kind == "section":
            section = self.doc.section(node.uid)
            if section is None:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return section.call
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{section.call} ({section.kind.value} call)"
            return None
        clause = self.doc.clause(node.uid)
        if clause is None:
            return None
        status = self._statuses.get(node.uid, ClauseStatus.NOC)
        if role == STATUS_ROLE:
            return status.value
        moved = node.uid in self.doc.moved()
        if role == Qt.ItemDataRole.DisplayRole:
            tag = "" if status is ClauseStatus.NOC else f"[{status.value}] "
            tag += "[moved] " if moved else ""
            label = f"{clause.label} " if clause.label else ""
            return f"{tag}{label}{_preview(clause.text) or '(empty)'}"
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = STATUS_COLOURS.get(status)
            return QBrush(colour) if colour else None
        if role == Qt.ItemDataRole.FontRole and status in (ClauseStatus.SUP, ClauseStatus.ADD, ClauseStatus.MOD):
            font = QFont()
            font.setStrikeOut(status is ClauseStatus.SUP)
            font.setBold(status is ClauseStatus.ADD)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            where = " Moved from its place in the text in force." if moved else ""
            return f"{clause.label or 'clause'}: {STATUS_TIPS[status]}{where}\n\n{clause.text}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{clause.label} {STATUS_TIPS[status]}: {clause.text}"
        return None

    def _header_data(self, role: int):
        header = self.doc.resolution.header
        if role == Qt.ItemDataRole.DisplayRole:
            return header.heading() or "Header (number, title, conference)"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            return QApplication.palette().brush(QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.ToolTipRole:
            return header.title or "Resolution header"
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        kind = self.node(index).kind
        if kind == "clause":
            return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        if kind == "section":
            return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        return base

    # -- drag and drop ------------------------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME, MIME_SECTION]

    def mimeData(self, indexes) -> QMimeData:  # noqa: N802
        data = QMimeData()
        nodes = [self.node(i) for i in indexes if i.isValid()]
        if nodes and nodes[0].kind in ("clause", "section"):
            data.setData(MIME if nodes[0].kind == "clause" else MIME_SECTION, QByteArray(nodes[0].uid.encode()))
        return data

    def canDropMimeData(self, data: QMimeData, action, row: int, column: int, parent: QModelIndex) -> bool:  # noqa: N802
        if data.hasFormat(MIME_SECTION):
            return not parent.isValid()  # a call moves between calls, at the top level
        return data.hasFormat(MIME) and parent.isValid() and self.node(parent).kind in ("section", "clause")

    def dropMimeData(self, data: QMimeData, action, row: int, column: int, parent: QModelIndex) -> bool:  # noqa: N802
        if data.hasFormat(MIME_SECTION) and not parent.isValid():
            uid = bytes(data.data(MIME_SECTION).data()).decode()
            sections = [s.uid for s in self.doc.resolution.sections]
            if uid not in sections:
                return False
            target = len(sections) if row < 0 else max(0, row - 1)  # row 0 is the header
            if sections.index(uid) < target:
                target -= 1
            QTimer.singleShot(0, lambda: self.doc.move_section(uid, target - sections.index(uid)))
            return False
        if not data.hasFormat(MIME) or not parent.isValid():
            return False
        uid = bytes(data.data(MIME).data()).decode()
        target = self.node(parent)
        if target.kind == "section":
            section_uid, parent_uid = target.uid, None
        elif target.kind == "clause":
            section = self.doc.section_of(target.uid)
            if section is None:
                return False
            section_uid, parent_uid = section.uid, target.uid
        else:
            return False
        if row < 0:
            row = len(target.children)
        # The move rebuilds the model; do it after the view finishes its drop handling.
        QTimer.singleShot(0, lambda: self.doc.move_clause_to(uid, section_uid, parent_uid, row))
        return False  # tell the view not to remove the source row itself


class OutlineView(QTreeView):
    """The tree, with selection kept by uid across model resets."""

    def __init__(self, model: OutlineModel, parent=None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.outline = model
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName("Outline")
        self._pending: str | None = None
        model.modelAboutToBeReset.connect(self._remember)
        model.modelReset.connect(self._restore)
        model.doc.structureChanged.connect(self._select_after)
        self.expandAll()

    def current_uid(self) -> str | None:
        index = self.currentIndex()
        return index.data(UID_ROLE) if index.isValid() else None

    def current_kind(self) -> str | None:
        index = self.currentIndex()
        return index.data(KIND_ROLE) if index.isValid() else None

    def select_uid(self, uid: str) -> None:
        index = self.outline.index_of(uid)
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def _remember(self) -> None:
        self._pending = self.current_uid()

    def _restore(self) -> None:
        self.expandAll()
        if self._pending:
            self.select_uid(self._pending)

    def _select_after(self, uid) -> None:
        if uid:
            self.select_uid(uid)
