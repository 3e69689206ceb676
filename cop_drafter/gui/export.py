"""Export to .docx: the proposal dialog (cover fields and numbering), and a worker thread that writes the file.

The worker gets a deep copy of the draft, so the delegate can keep typing while Word XML is built; the
exporters write atomically, so a failure leaves no partial file and the message is one readable line.
"""

from __future__ import annotations

import copy
from dataclasses import fields
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cop_drafter.core.draft import Draft, ProposalMeta
from cop_drafter.core.model import ParseError
from cop_drafter.core.proposal import build_proposal
from cop_drafter.formats.atomic import SaveError

CLEAN, PROPOSAL = "clean", "proposal"


def export_draft(draft: Draft, kind: str, path: Path) -> Path:
    """Write the clean resolution or the proposal; raises SaveError / ParseError with a readable message."""
    from cop_drafter.docx.exporters import CleanResolutionExporter, ProposalExporter

    if kind == CLEAN:
        return CleanResolutionExporter(draft.revised()).export(path)
    proposal = build_proposal(draft)  # the same builder as `cop-drafter propose`
    return ProposalExporter(proposal.draft, reasons=proposal.reasons).export(path)


class ExportSignals(QObject):
    finished = Signal(str)  # the written path
    failed = Signal(str)  # one-line message


class ExportJob(QRunnable):
    def __init__(self, draft: Draft, kind: str, path: Path) -> None:
        super().__init__()
        self.draft = copy.deepcopy(draft)
        self.kind, self.path = kind, Path(path)
        self.signals = ExportSignals()
        self.setAutoDelete(False)  # the window keeps the job until its signal arrived

    def run(self) -> None:
        try:
            written = export_draft(self.draft, self.kind, self.path)
        except (SaveError, ParseError, OSError) as exc:
            self.signals.failed.emit(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            return
        except Exception as exc:  # noqa: BLE001 - never a traceback in the GUI: report and keep the draft
            self.signals.failed.emit(f"export failed ({type(exc).__name__}: {exc})".splitlines()[0])
            return
        self.signals.finished.emit(str(written))


_FIELDS = (
    ("source", "&Source", "Member State or group, e.g. \"European Conference of Postal and Telecommunications …\""),
    ("source_code", "Source c&ode", "Short code for proposal numbers, e.g. EUR"),
    ("conference", "&Conference", "World Telecommunication Development Conference 2025 (WTDC-25)"),
    ("meeting", "&Meeting", "PLENARY MEETING"),
    ("document", "&Document", "Addendum 17 to Document WTDC-25/23-E"),
    ("document_code", "Document code", "Used in proposal numbers, e.g. 23A17 (derived from the document if empty)"),
    ("date", "D&ate", "e.g. 15 September 2025"),
    ("original_language", "Original &language", "English"),
    ("title", "&Title", "Proposed revision of Resolution 67 (Rev. Kigali, 2022) – …"),
)
_LONG_FIELDS = (
    ("summary", "S&ummary", "Abstract of the proposal"),
    ("expected_results", "E&xpected results", ""),
    ("references", "Re&ferences", ""),
    ("reasons", "&Reasons", "Reasons for the proposal; left empty, the clauses' reasons are used"),
)


class ProposalDialog(QDialog):
    """Cover page and numbering fields; shows the first proposal number as it will be printed."""

    def __init__(self, meta: ProposalMeta, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export proposal (.docx)")
        self.action = action
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        form = QFormLayout()
        for name, label, hint in _FIELDS:
            edit = QLineEdit(getattr(meta, name))
            edit.setPlaceholderText(hint)
            edit.textChanged.connect(self._update_number)
            self.edits[name] = edit
            form.addRow(label, edit)
        for name, label, hint in _LONG_FIELDS:
            edit = QPlainTextEdit(getattr(meta, name))
            edit.setPlaceholderText(hint)
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(60)
            self.edits[name] = edit
            form.addRow(label, edit)
        self.number = QLabel()
        form.addRow("First proposal", self.number)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)
        self._update_number()

    def meta(self) -> ProposalMeta:
        values = {}
        for f in fields(ProposalMeta):
            edit = self.edits.get(f.name)
            if isinstance(edit, QLineEdit):
                values[f.name] = edit.text().strip()
            elif isinstance(edit, QPlainTextEdit):
                values[f.name] = edit.toPlainText().strip()
        return ProposalMeta(**values)

    def _update_number(self) -> None:
        try:
            from cop_drafter.docx.cover import ProposalNumbers

            self.number.setText(f"{self.action}\t{ProposalNumbers(self.meta()).next()}".replace("\t", "   "))
        except ImportError:
            self.number.setText(self.action)
