"""Three proposals on WTDC Resolution 67 (Rev. Buenos Aires, 2017), built from the seeds, for the compile tests.

APT proposes the Kigali 2022 text; CEPT rewords two clauses by hand (one of them one APT also changes, one only
CEPT); CITEL adds a clause after *instructs* 2 and suppresses *taking into account* h).
Each is written as a real proposal .docx by ProposalExporter with revision marks by its own author.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from cop_drafter.core.draft import ProposalMeta
from cop_drafter.core.model import Clause, Resolution
from cop_drafter.corpus import load_corpus
from cop_drafter.docx.exporters import ProposalExporter
from cop_drafter.precedents.align import draft_from_revisions

WHEN = datetime(2025, 5, 1, 9, 30, tzinfo=UTC)
BASE_ID, APT_ID = "wtdc-res67-rev-buenos-aires-2017", "wtdc-res67-rev-kigali-2022"
INSTRUCTS = "instructs the Director of the Telecommunication Development Bureau"
CITEL_NEW = ("to establish, in cooperation with the regional offices, a network of national focal points on "
             "child online protection in every region")


def corpus() -> dict[str, Resolution]:
    return {t.id: t.resolution for t in load_corpus()}


def _clause(text: Resolution, call: str, label: str) -> Clause:
    clause = text.find_by_label(call, label)
    assert clause is not None, (call, label)
    return clause


def proposer_texts() -> tuple[Resolution, dict[str, Resolution]]:
    """The base and each proposer's proposed text."""
    texts = corpus()
    base = texts[BASE_ID]
    cept = base.copy()
    first = _clause(cept, "recalling", "b)")  # APT changes this one too (2022 wording): a conflict
    first.text = first.text.replace("Resolution 1306 adopted by the ITU Council", "Resolution 1306 (Rev. 2023) "
                                    "of the ITU Council")
    second = _clause(cept, INSTRUCTS, "12")
    second.text = second.text.replace("to assist developing countries", "to assist developing countries, "
                                      "in particular the least developed countries,")
    citel = base.copy()
    instructs = citel.find_section(INSTRUCTS)
    assert instructs is not None
    instructs.clauses.insert(2, Clause(CITEL_NEW + ";", "2bis"))
    taking = citel.find_section("taking into account")
    assert taking is not None
    taking.clauses.remove(_clause(citel, "taking into account", "h)"))
    return base, {"APT": texts[APT_ID], "CEPT": cept, "CITEL": citel}


RCC_WORDS = ("adopted by the ITU Council", "as revised by the ITU Council")  # what CEPT rewords in recalling b)


def rcc_text(base: Resolution) -> Resolution:
    """A fourth proposer for the merge: it rewords the same words of recalling b) as CEPT, differently."""
    rcc = base.copy()
    clause = _clause(rcc, "recalling", "b)")
    clause.text = clause.text.replace(*RCC_WORDS)
    return rcc


def write_proposal(folder: Path, base: Resolution, name: str, text: Resolution, n: int) -> Path:
    draft = draft_from_revisions(base, text)
    draft.meta = ProposalMeta(source=name, source_code=name,
                              conference="World Telecommunication Development Conference 2025 (WTDC-25)",
                              document=f"Addendum {n} to Document WTDC-25/23-E", reasons=f"{name} proposal.")
    path = folder / f"{name.lower()}.docx"
    ProposalExporter(draft, author=name, date=WHEN).export(path)
    return path


def write_proposals(folder: Path, rcc: bool = False) -> tuple[Resolution, dict[str, Path]]:
    """Each proposal as a .docx with its own author's revision marks (and RCC's, when asked)."""
    base, proposals = proposer_texts()
    if rcc:
        proposals["RCC"] = rcc_text(base)
    paths = {name: write_proposal(folder, base, name, text, n)
             for n, (name, text) in enumerate(proposals.items(), start=1)}
    return base, paths
