"""The bottom pane: what the delegate must fix before submitting, each item a click away from its clause.

Checks are the pure functions of `cop_drafter.core.checks`, run on the text as it will be submitted, re-run
shortly after each edit (they take well under a millisecond per clause).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cop_drafter.core.checks import CheckItem, KnownRevision, run_checks
from cop_drafter.gui.document import DraftDocument

ITEM_ROLE = Qt.ItemDataRole.UserRole + 10
CODE_NAMES = {
    "empty-clause": "Empty",
    "end-punctuation": "Punctuation",
    "unknown-call": "Call words",
    "duplicate-clause": "Duplicate",
    "old-revision": "Older revision",
    "acronym": "Acronym",
    "header-mismatch": "Heading",
    "conference-line-comma": "Heading",
    "cover-mismatch": "Cover",
}


class ChecksPanel(QWidget):
    goto = Signal(str)  # clause or section uid

    def __init__(self, doc: DraftDocument, known: Callable[[], list[KnownRevision]], parent=None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.known = known
        self.items: list[CheckItem] = []
        self.list = QListWidget()
        self.list.setAccessibleName("Checks")
        self.list.setMinimumHeight(60)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.summary = QLabel()
        self.fix_button = QPushButton("&Fix selected")
        self.fix_all_button = QPushButton("Fix all &punctuation")
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.fix_button)
        top.addWidget(self.fix_all_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(top)
        layout.addWidget(self.list)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(300)
        self.timer.timeout.connect(self.refresh)
        doc.changed.connect(self.timer.start)
        self.list.itemActivated.connect(self._activate)
        self.list.itemClicked.connect(self._activate)
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.fix_button.clicked.connect(self.fix_selected)
        self.fix_all_button.clicked.connect(self.fix_all_punctuation)
        self.refresh()

    def refresh(self) -> None:
        self.items = run_checks(self.doc.draft.revised(), self.known(), self.doc.draft.meta)
        self.list.clear()
        for item in self.items:
            fix = "  (fixable)" if item.fix else ""
            row = QListWidgetItem(f"{CODE_NAMES.get(item.code, item.code)}: {item.message}{fix}")
            row.setData(ITEM_ROLE, item)
            row.setToolTip(item.message + (f"\nFix: {item.fix.description}" if item.fix else ""))
            self.list.addItem(row)
        count = len(self.items)
        self.summary.setText("No problems found." if not count else f"{count} problem{'s' * (count != 1)} to check")
        self._update_buttons()

    def _update_buttons(self) -> None:
        current = self.list.currentItem()
        self.fix_button.setEnabled(bool(current and current.data(ITEM_ROLE).fix))
        self.fix_all_button.setEnabled(any(i.code == "end-punctuation" for i in self.items))

    def _activate(self, row: QListWidgetItem) -> None:
        self.goto.emit(row.data(ITEM_ROLE).uid)

    def fix_selected(self) -> None:
        current = self.list.currentItem()
        item: CheckItem | None = current.data(ITEM_ROLE) if current else None
        if item and item.fix:
            self.doc.apply_fixes([(item.uid, item.fix.text)], f"Fix: {item.fix.description}")
            self.refresh()

    def fix_all_punctuation(self) -> None:
        fixes = [(i.uid, i.fix.text) for i in self.items if i.code == "end-punctuation" and i.fix]
        self.doc.apply_fixes(fixes, "Fix punctuation")
        self.refresh()
