"""The .docx exporters behind one interface: the clean resolution and the conference proposal.

Both recompute labels and end punctuation with `rules.normalise` before writing, and save through
`formats.atomic.write_atomic`, so a failed export leaves no partial file.
"""

from __future__ import annotations

import io
import os
from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from cop_drafter.core.draft import Draft
from cop_drafter.core.model import Resolution, short_reference
from cop_drafter.core.proposal import proposal_action, reason_paragraphs
from cop_drafter.core.rules import normalise
from cop_drafter.docx import styles
from cop_drafter.docx.cover import ProposalNumbers, short_document_reference, source_code, write_cover
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


def proposal_title(draft: Draft) -> str:
    """The cover-page title of a one-proposal submission: "Proposed revision of Resolution 67 (...) – title"."""
    action = proposal_action(draft)
    new = draft.revised()
    if action == "ADD":
        subject, title = "Draft new resolution", new.header.title
    else:
        old = draft.base
        assert old is not None
        verb = "Proposed suppression of" if action == "SUP" else "Proposed revision of"
        h = old.header
        name = short_reference(h.number, h.place, h.year, h.revision, word="Resolution", document="Resolution")
        subject, title = f"{verb} {name}", old.header.title
    return f"{subject} – {title}" if title else subject


def write_proposal(document, draft: Draft, number: str, revisions: Revisions, footnotes: Footnotes,
                   source: str, add_number: int = 1, reasons: Sequence[str] | None = None) -> str:
    """One proposal after the cover: its `ACTION\tNUMBER` line, the text (tracked changes for MOD, clean for
    ADD, heading and title only for SUP) and its Reasons (`reasons`, else the draft's: core.proposal). Returns
    the action."""
    action = proposal_action(draft)
    new = normalise(draft.revised())
    old = normalise(draft.base) if draft.base is not None else None
    _proposal_line(document, action, number)
    if action == "ADD":
        header = new.header  # numbered by the secretariat later: DRAFT NEW RESOLUTION [EUR-1]
        header.doc_type, header.number = "DRAFT NEW RESOLUTION", f"[{source}-{add_number}]"
        header.revision, header.place, header.year = False, "", None
        write_lines(document, resolution_lines(new, new), revisions, footnotes, draft.comments)
    elif action == "SUP":
        assert old is not None
        lines = [Line(styles.RES_NO, Side(old.header.heading()), Side(old.header.heading()), "heading")]
        if old.header.title:
            lines.append(Line(styles.RES_TITLE, Side(old.header.title), Side(old.header.title), "title"))
        write_lines(document, lines, revisions, footnotes)
    else:
        write_lines(document, resolution_lines(old, new), revisions, footnotes, draft.comments)
    _reasons(document, reasons if reasons is not None else reason_paragraphs(draft))
    return action


def _proposal_line(document, action: str, number: str) -> None:
    paragraph = document.add_paragraph()
    paragraph._p.style = styles.PROPOSAL
    paragraph._p.append(make_run(f"{action}\t{number}"))


def _reasons(document, texts: Sequence[str]) -> None:
    """`Reasons:` with the first text, then one paragraph per further text (one per clause reference)."""
    texts = [text.strip() for text in texts if text.strip()] or [""]
    for i, text in enumerate(texts):
        paragraph = document.add_paragraph()
        paragraph._p.style = styles.REASONS
        if i == 0:
            paragraph._p.append(make_run("Reasons:", RunFormat(bold=True)))
        paragraph._p.append(make_run(f"\t{text}"))


class ProposalExporter(Exporter):
    """A delegate's submission: cover page, then MOD (tracked changes), ADD or SUP, each with its Reasons."""

    def __init__(self, draft: Draft, *, author: str = "", date: datetime | None = None,
                 reasons: Sequence[str] | None = None) -> None:
        self.draft = draft
        self.author = author
        self.date = date
        self.reasons = reasons  # paragraphs after "Reasons:" (core.proposal.build_proposal); None: from the draft
        self.revision_count = 0  # revision marks written by the last build

    def action(self) -> str:
        return proposal_action(self.draft)

    def build(self):
        draft, meta = self.draft, self.draft.meta
        document = new_document(short_document_reference(meta.document), meta.title or draft.revised().header.title)
        revisions = Revisions(self.author or meta.source or "COP Drafter", self.date)
        footnotes = Footnotes(document)
        write_cover(document, meta, proposal_title(draft))
        write_proposal(document, draft, ProposalNumbers(meta).next(), revisions, footnotes, source_code(meta),
                       reasons=self.reasons)
        self.revision_count = revisions.count
        return document
