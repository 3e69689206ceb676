"""Several proposals in one submission: one cover, then each draft's proposal (MOD / ADD / SUP) with its
proposal line numbered in sequence (EUR/23A17/1, /2, /3) and its Reasons.

    SubmissionExporter([mod, add, sup], meta, author="EUR").export("submission.docx")
"""

from __future__ import annotations

import logging
from datetime import datetime

from cop_drafter.core.draft import Draft, ProposalMeta
from cop_drafter.docx.cover import ProposalNumbers, short_document_reference, source_code, write_cover
from cop_drafter.docx.document import new_document
from cop_drafter.docx.exporters import Exporter, proposal_title, write_proposal
from cop_drafter.docx.footnotes import Footnotes
from cop_drafter.docx.revisions import Revisions

log = logging.getLogger(__name__)

# The title ITU submissions holding several proposals carry on their cover.
SEVERAL_TITLE = "Proposals for the work of the conference"


class SubmissionExporter(Exporter):
    """One .docx for several drafts; `meta` is the submission's cover (each draft's own meta gives only its
    Reasons). Revision ids and footnote numbers run through the whole document."""

    def __init__(self, drafts: list[Draft], meta: ProposalMeta, author: str = "",
                 date: datetime | None = None) -> None:
        if not drafts:
            raise ValueError("a submission needs at least one draft")
        self.drafts = list(drafts)
        self.meta = meta
        self.author = author
        self.date = date
        self.actions: list[str] = []  # the action of each proposal, filled by the last build
        self.revision_count = 0

    def title(self) -> str:
        if self.meta.title.strip():
            return self.meta.title
        return proposal_title(self.drafts[0]) if len(self.drafts) == 1 else SEVERAL_TITLE

    def build(self):
        meta = self.meta
        document = new_document(short_document_reference(meta.document), self.title())
        revisions = Revisions(self.author or meta.source or "COP Drafter", self.date)
        footnotes = Footnotes(document)
        numbers = ProposalNumbers(meta)
        source = source_code(meta)
        write_cover(document, meta, self.title())
        self.actions = []
        adds = 0
        for draft in self.drafts:
            adds += draft.base is None
            self.actions.append(write_proposal(document, draft, numbers.next(), revisions, footnotes, source,
                                               add_number=max(adds, 1)))
        self.revision_count = revisions.count
        log.info("submission: %s", ", ".join(self.actions))
        return document
