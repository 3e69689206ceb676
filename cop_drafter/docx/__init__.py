"""ITU-style .docx writers (no Qt): `CleanResolutionExporter` and `ProposalExporter` behind `Exporter`.

    ProposalExporter(draft).export("proposal.docx")   # atomic write; SaveError on failure
"""

from cop_drafter.docx.exporters import CleanResolutionExporter, Exporter, ProposalExporter

__all__ = ["CleanResolutionExporter", "Exporter", "ProposalExporter"]
