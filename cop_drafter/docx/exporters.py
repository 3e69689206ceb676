"""The .docx exporters behind one interface: the clean resolution and the conference proposal.

Both recompute labels and end punctuation with `rules.normalise` before writing, and save through
`formats.atomic.write_atomic`, so a failed export leaves no partial file.
"""

from __future__ import annotations

import io
import os
from abc import ABC, abstractmethod
from datetime import datetime
from pathlib import Path

from cop_drafter.core.draft import Draft
from cop_drafter.core.model import Resolution
from cop_drafter.core.rules import normalise
from cop_drafter.docx import styles
from cop_drafter.docx.cover import ProposalNumbers, short_reference, source_code, write_cover
from cop_drafter.docx.document import new_document
from cop_drafter.docx.footnotes import Footnotes
from cop_drafter.docx.lines import Line, Side, resolution_lines
from cop_drafter.docx.ooxml import RunFormat, make_run
from cop_drafter.docx.render import write_lines
from cop_drafter.docx.revisions import Revisions
from cop_drafter.formats.atomic import write_atomic


class Exporter(ABC):
    """Builds one .docx; `export(path)` writes it atomically, `to_bytes()` serves tests and previews."""

    @abstractmethod
    def build(self):
        """The python-docx Document."""

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.build().save(buffer)
        return buffer.getvalue()

    def export(self, path: str | os.PathLike[str]) -> Path:
        data = self.to_bytes()
        return write_atomic(path, lambda handle: handle.write(data))


class CleanResolutionExporter(Exporter):
    """The resolution as adopted text: house styles, real footnotes, no revision marks."""

    def __init__(self, resolution: Resolution) -> None:
        self.resolution = resolution

    def build(self):
        text = normalise(self.resolution)
        document = new_document(text.header.heading(), text.header.title)
        write_lines(document, resolution_lines(text, text), Revisions(), Footnotes(document))
        return document


class ProposalExporter(Exporter):
    """A delegate's submission: cover page, then MOD (tracked changes), ADD or SUP, each with its Reasons."""

    def __init__(self, draft: Draft, *, author: str = "", date: datetime | None = None) -> None:
        self.draft = draft
        self.author = author
        self.date = date
        self.revision_count = 0  # revision marks written by the last build

    def action(self) -> str:
        if self.draft.base is None:
            return "ADD"
        revised = self.draft.revised()
        return "MOD" if any(True for _ in revised.clauses()) else "SUP"

    def build(self):
        draft, meta = self.draft, self.draft.meta
        new = normalise(draft.revised())
        old = normalise(draft.base) if draft.base is not None else None
        document = new_document(short_reference(meta.document), meta.title or new.header.title)
        revisions = Revisions(self.author or meta.source or "COP Drafter", self.date)
        footnotes = Footnotes(document)
        numbers = ProposalNumbers(meta)
        action = self.action()
        write_cover(document, meta, self._cover_title(action, old, new))
        self._proposal_line(document, action, numbers.next())
        if action == "ADD":
            header = new.header  # numbered by the secretariat later: DRAFT NEW RESOLUTION [EUR-1]
            header.doc_type, header.number = "DRAFT NEW RESOLUTION", f"[{source_code(meta)}-1]"
            header.revision, header.place, header.year = False, "", None
            write_lines(document, resolution_lines(new, new), revisions, footnotes)
        elif action == "SUP":
            assert old is not None
            lines = [Line(styles.RES_NO, Side(old.header.heading()), Side(old.header.heading()), "heading")]
            if old.header.title:
                lines.append(Line(styles.RES_TITLE, Side(old.header.title), Side(old.header.title), "title"))
            write_lines(document, lines, revisions, footnotes)
        else:
            write_lines(document, resolution_lines(old, new), revisions, footnotes)
        self._reasons(document, meta.reasons)
        self.revision_count = revisions.count
        return document

    @staticmethod
    def _cover_title(action: str, old: Resolution | None, new: Resolution) -> str:
        if action == "ADD":
            subject, title = "Draft new resolution", new.header.title
        else:
            assert old is not None
            verb = "Proposed suppression of" if action == "SUP" else "Proposed revision of"
            name = " ".join(p for p in ("Resolution", old.header.number, old.header.reference()) if p)
            subject, title = f"{verb} {name}", old.header.title
        return f"{subject} – {title}" if title else subject

    @staticmethod
    def _proposal_line(document, action: str, number: str) -> None:
        paragraph = document.add_paragraph()
        paragraph._p.style = styles.PROPOSAL
        paragraph._p.append(make_run(f"{action}\t{number}"))

    @staticmethod
    def _reasons(document, text: str) -> None:
        paragraph = document.add_paragraph()
        paragraph._p.style = styles.REASONS
        paragraph._p.append(make_run("Reasons:", RunFormat(bold=True)))
        paragraph._p.append(make_run(f"\t{text.strip()}" if text.strip() else "\t"))
