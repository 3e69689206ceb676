"""Export to .docx: the proposal dialog (cover fields and numbering), and a worker thread that writes the file.

The worker gets a deep copy of the draft, so the delegate can keep typing while Word XML is built; the
exporters write atomically, so a failure leaves no partial file and the message is one readable line.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
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
from cop_drafter.core.proposal import build_proposal, listed, missing_cover_fields
from cop_drafter.formats.atomic import SaveError

CLEAN, PROPOSAL, SUBMISSION = "clean", "proposal", "submission"


def export_draft(draft: Draft, kind: str, path: Path, more: Sequence[Draft] = ()) -> Path:
    """Write the clean resolution, the proposal, or a submission (this draft's proposal, then one per draft in
    `more`, under one cover: this draft's); raises SaveError / ParseError with a readable message."""
    from cop_drafter.docx.exporters import CleanResolutionExporter, ProposalExporter
    from cop_drafter.docx.submission import SubmissionExporter

    if kind == CLEAN:
        return CleanResolutionExporter(draft.revised()).export(path)
    if kind == SUBMISSION:  # the same exporter as `cop-drafter propose --submission`
        return SubmissionExporter([draft, *more], draft.meta).export(path)
    proposal = build_proposal(draft)  # the same builder as `cop-drafter propose`
    return ProposalExporter(proposal.draft, reasons=proposal.reasons).export(path)


class ExportSignals(QObject):
    finished = Signal(str)  # the written path
    failed = Signal(str)  # one-line message


class ExportJob(QRunnable):
    def __init__(self, draft: Draft, kind: str, path: Path, more: Sequence[Draft] = ()) -> None:
        super().__init__()
        self.draft = copy.deepcopy(draft)
        self.more = [copy.deepcopy(d) for d in more]
        self.kind, self.path = kind, Path(path)
        self.signals = ExportSignals()
        self.setAutoDelete(False)  # the window keeps the job until its signal arrived

    def run(self) -> None:
        try:
            written = export_draft(self.draft, self.kind, self.path, self.more)
        except (SaveError, ParseError, OSError) as exc:
            self.signals.failed.emit(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            return
        except Exception as exc:  # noqa: BLE001 - never a traceback in the GUI: report and keep the draft
            self.signals.failed.emit(f"export failed ({type(exc).__name__}: {exc})".splitlines()[0])
            return
        self.signals.finished.emit(str(written))


# Every hint is example or instruction text ("e.g. ..."): a grey value must never pass for one the delegate typed,
# since an empty field exports as nothing. Empty fields also show their hint in italics (`_show_empty`).
_FIELDS = (
    ("source", "&Source", "e.g. Member States of the European Conference of Postal and Telecommunications "
                          "Administrations (CEPT)"),
    ("source_code", "Source c&ode", "e.g. EUR (short code for proposal numbers; derived from the source if empty)"),
    ("conference", "&Conference", "e.g. World Telecommunication Development Conference 2025 (WTDC-25)"),
    ("meeting", "&Meeting", "e.g. PLENARY MEETING"),
    ("document", "&Document", "e.g. Addendum 17 to Document WTDC-25/23-E"),
    ("document_code", "Document code", "e.g. 23A17 (used in proposal numbers; derived from the document if empty)"),
    ("date", "D&ate", "e.g. 15 September 2025"),
    ("original_language", "Original &language", "e.g. English"),
    ("title", "&Title", "e.g. Proposed revision of Resolution 67 (Rev. Kigali, 2022) – … (derived if empty)"),
)
_LONG_FIELDS = (
    ("summary", "S&ummary", "e.g. an abstract of the proposal in two or three sentences"),
    ("expected_results", "E&xpected results", "e.g. what the conference is asked to do"),
    ("references", "Re&ferences", "e.g. Resolution 179 (Rev. Bucharest, 2022)"),
    ("reasons", "&Reasons", "e.g. Aligns the text with the 2025 Guidelines. Left empty, each clause's reason "
                            "is printed as its own paragraph"),
)


def _show_empty(edit: QLineEdit | QPlainTextEdit) -> None:
    """Italic while empty, so the grey hint reads as an example, upright as soon as the delegate types."""
    empty = not (edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText())
    font = edit.font()
    if font.italic() != empty:
        font.setItalic(empty)
        edit.setFont(font)


class ProposalDialog(QDialog):
    """Cover page and numbering fields; shows the first proposal number as it will be printed, and which
    fields the cover still lacks (exporting stays allowed: a draft cover the delegate completes later)."""

    def __init__(self, meta: ProposalMeta, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export proposal (.docx)")
        self.action = action
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        form = QFormLayout()
        for name, label, hint in _FIELDS:
            line = QLineEdit(getattr(meta, name))
            line.setPlaceholderText(hint)
            line.textChanged.connect(self._update_number)
            self.edits[name] = line
            form.addRow(label, line)
        for name, label, hint in _LONG_FIELDS:
            text = QPlainTextEdit(getattr(meta, name))
            text.setPlaceholderText(hint)
            text.setTabChangesFocus(True)
            text.setMaximumHeight(60)
            text.textChanged.connect(lambda t=text: _show_empty(t))
            self.edits[name] = text
            form.addRow(label, text)
        self.number = QLabel()
        form.addRow("First proposal", self.number)
        self.missing = QLabel()  # "The cover has no conference, document, source yet ..."
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color: #8a4b00;")  # dark amber: a warning, readable on a light window
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Export…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.missing)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)
        for edit in self.edits.values():
            _show_empty(edit)
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

    def missing_fields(self) -> list[str]:
        """The cover fields still empty (conference, document, source), as the check `cover-missing` names them."""
        return missing_cover_fields(self.meta())

    def _update_number(self) -> None:
        for edit in self.edits.values():
            if isinstance(edit, QLineEdit):
                _show_empty(edit)
        missing = self.missing_fields()
        self.missing.setText(f"The cover has no {listed(missing)} yet: you can export a draft cover and "
                             f"complete it later." if missing else "")
        self.missing.setVisible(bool(missing))
        try:
            from cop_drafter.docx.cover import ProposalNumbers

            self.number.setText(f"{self.action}\t{ProposalNumbers(self.meta()).next()}".replace("\t", "   "))
        except ImportError:
            self.number.setText(self.action)
