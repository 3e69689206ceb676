"""How long the .docx writers and reader take on the real texts, and on a large synthetic resolution.

    .venv/bin/python bench/bench_docx.py

Targets (a delegate clicks Export and waits): clean export and proposal under 1 s for a real resolution,
reading a .docx under 0.5 s, a hostile file refused in well under 0.1 s.
"""

from __future__ import annotations

import io
import tempfile
import time
import zipfile
from pathlib import Path
from statistics import median

from cop_drafter.core.model import Clause, ParseError
from cop_drafter.corpus import load_corpus
from cop_drafter.docx.exporters import CleanResolutionExporter, ProposalExporter
from cop_drafter.formats.docx_reader import read_docx
from cop_drafter.precedents.align import draft_from_revisions

REPEAT = 5


def timed(label: str, func) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    value = median(times)
    print(f"{label:<55} {value * 1000:8.1f} ms (median of {REPEAT})")
    return value


def main() -> None:
    corpus = {t.id: t.resolution for t in load_corpus()}
    kigali = corpus["wtdc-res67-rev-kigali-2022"]
    old = corpus["wtdc-res67-rev-buenos-aires-2017"]
    folder = Path(tempfile.mkdtemp(prefix="bench-docx-"))
    clean_path, proposal_path = folder / "clean.docx", folder / "proposal.docx"

    timed("clean export, Kigali 2022 (54 clauses)", lambda: CleanResolutionExporter(kigali).export(clean_path))
    timed("proposal 2017 -> 2022 (align + tracked changes)",
          lambda: ProposalExporter(draft_from_revisions(old, kigali)).export(proposal_path))
    timed("read_docx of the clean export", lambda: read_docx(clean_path))
    timed("read_docx of the proposal (tracked changes)", lambda: read_docx(proposal_path))

    big = kigali.copy()
    for section in big.sections:
        section.clauses = [Clause(c.text, c.label) for _ in range(10) for c in section.clauses]
    clauses = sum(1 for _ in big.clauses())
    timed(f"clean export, synthetic ({clauses} clauses)", lambda: CleanResolutionExporter(big).export(clean_path))
    print(f"{'size of that file':<55} {clean_path.stat().st_size / 1024:8.1f} KiB")

    bomb = folder / "bomb.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    bomb.write_bytes(buffer.getvalue())

    def refuse() -> None:
        try:
            read_docx(bomb)
        except ParseError:
            return
        raise AssertionError("the zip bomb was read")

    timed("zip bomb (60 MB declared) refused", refuse)


if __name__ == "__main__":
    main()
