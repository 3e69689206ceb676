"""File > Negotiate proposals…: read several administrations' proposals (.docx with revision marks), compile them
on their text in force and open the negotiation as a new draft, with the Proposals pane beside it."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from cop_drafter.core.compilation import ProposerText, compile_proposals
from cop_drafter.core.model import ParseError
from cop_drafter.core.negotiation import negotiation_draft
from cop_drafter.formats.proposal_reader import one_per_proposer, other_base, read_proposal
from cop_drafter.gui.document import DraftDocument
from cop_drafter.gui.negotiation_panel import NegotiationPanel

log = logging.getLogger(__name__)


class NegotiationMixin:
    """Part of MainWindow (see mainwindow.py)."""

    def _make_negotiation_dock(self) -> None:
        self.negotiation = NegotiationPanel()
        self.negotiation_dock = self._dock("NegotiationDock", "Proposals", Qt.DockWidgetArea.RightDockWidgetArea)
        self.negotiation_dock.setWidget(self.negotiation)
        self.tabifyDockWidget(self.preview_dock, self.negotiation_dock)
        self.negotiation.told.connect(lambda message: self.statusBar().showMessage(message, 10000))

    def negotiate_dialog(self) -> None:
        paths = self.prompter.open_path("Proposals to negotiate (one .docx per proposer)", "Word documents (*.docx)",
                                        many=True)
        if paths:
            self.negotiate([Path(p) for p in paths])

    def negotiate(self, paths: list[Path]) -> bool:
        """Compile the proposals on the first one's text in force (every change rejected) and open the negotiation
        as an untitled revision of that text; a proposal that cannot be read is named and nothing changes."""
        if not self.maybe_save():
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            read = [read_proposal(path) for path in paths]
            one_per_proposer(read)
            names = [p.proposer for p in read]
            base = read[0].base
            compilation = compile_proposals(base, [ProposerText(p.proposer, p.proposed, p.reasons) for p in read])
        except (ParseError, ValueError, OSError) as exc:
            QGuiApplication.restoreOverrideCursor()
            self.prompter.error("Cannot negotiate these proposals", f"{exc}\n\nNothing was opened.")
            return False
        QGuiApplication.restoreOverrideCursor()
        compilation.warnings.extend(note for note in (other_base(p, base) for p in read[1:]) if note)
        doc = DraftDocument(negotiation_draft(compilation))
        self.set_document(doc)
        warned = f" — {'; '.join(compilation.warnings)}" if compilation.warnings else ""
        # the counts stand in the Proposals pane; the status line stays short enough for a 1024-pixel screen
        self.statusBar().showMessage(f"Negotiating {', '.join(names)} on {base.header.heading()}{warned}", 15000)
        log.info("negotiation opened: %s on %s", ", ".join(names), base.header.heading())
        return True
