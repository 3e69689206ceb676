"""A library text shown read-only, scrolled to one clause (a concordance hit opened from the Precedents pane)."""

from __future__ import annotations

import html
import logging

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from cop_drafter.core.model import Resolution

log = logging.getLogger(__name__)


def source_html(resolution: Resolution, clause_text: str) -> str:
    """The text as a delegate reads it: heading, title, italic call words, labelled clauses; the clause
    `clause_text` highlighted and anchored as #hit."""
    header = resolution.header
    out = [f"<p align=center><b>{html.escape(header.heading())}</b></p>"]
    if header.title:
        out.append(f"<p align=center><b>{html.escape(header.title)}</b></p>")
    marked = False
    for section in resolution.sections:
        out.append(f"<p><i>{html.escape(section.call)}</i></p>")
        for clause in section.clauses:
            body = f"{html.escape(clause.label)}&nbsp;&nbsp;{html.escape(clause.text)}"
            if not marked and clause.text == clause_text:
                marked = True
                body = f'<a name="hit"></a><span style="background:#fff1a8">{body}</span>'
            out.append(f"<p style='margin-left:2em'>{body}</p>")
    return "".join(out)


class SourceTextDialog(QDialog):
    """Read-only: nothing here edits the library or the draft."""

    def __init__(self, resolution: Resolution, clause_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(resolution.header.heading() or "Library text")
        self.resize(640, 720)
        self.view = QTextBrowser()
        self.view.setReadOnly(True)
        self.view.setAccessibleName("Library text (read-only)")
        self.view.setHtml(source_html(resolution, clause_text))
        self.view.scrollToAnchor("hit")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
