"""ITU-style .docx writers (no Qt): `CleanResolutionExporter`, `ProposalExporter` and `SubmissionExporter`
behind `Exporter`.

    ProposalExporter(draft).export("proposal.docx")   # atomic write; SaveError on failure
    SubmissionExporter([mod, add, sup], meta).export("submission.docx")
"""

from cop_drafter.docx.exporters import CleanResolutionExporter, Exporter, ProposalExporter
from cop_drafter.docx.submission import SubmissionExporter

__all__ = ["CleanResolutionExporter", "Exporter", "ProposalExporter", "SubmissionExporter"]
