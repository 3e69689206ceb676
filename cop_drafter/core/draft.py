"""A draft: the delegate's revision of a resolution, with the change status of every clause against its base.

The base is the text in force (None for a new resolution). The current text starts as a copy of the base
with the same clause uids, so a clause's status is derived, never stored twice:
SUP if the delegate suppressed it, ADD if its uid is not in the base, MOD if its wording differs, else NOC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from cop_drafter.core.model import Clause, Header, Resolution, Section, SectionKind
from cop_drafter.core.rules import strip_end_punctuation

if TYPE_CHECKING:  # core.compilation imports this module
    from cop_drafter.core.compilation import Compilation


class ClauseStatus(StrEnum):
    NOC = "NOC"
    MOD = "MOD"
    ADD = "ADD"
    SUP = "SUP"


@dataclass
class ProposalMeta:
    """What the cover page and proposal lines of a submission need (all optional, filled by the delegate)."""

    source: str = ""  # e.g. "EUR" or "Member States of the CEPT"
    source_code: str = ""  # used in proposal numbers, e.g. "EUR"
    conference: str = ""  # "World Telecommunication Development Conference 2025 (WTDC-25)"
    conference_place: str = ""  # "Baku, Azerbaijan, 17-28 November 2025" (cover page, under the conference)
    meeting: str = "PLENARY MEETING"
    document: str = ""  # "Addendum 17 to Document WTDC-25/23-E"
    document_code: str = ""  # "23A17", used in proposal numbers
    date: str = ""
    original_language: str = "English"
    title: str = ""
    summary: str = ""
    expected_results: str = ""
    references: str = ""
    reasons: str = ""  # the proposal's Reasons: text


def wording(text: str) -> str:
    """The text as compared for change status: spaces folded, end punctuation ignored."""
    return " ".join(strip_end_punctuation(text).split())


def clause_status(suppressed: bool, base_wording: str | None, text: str | None) -> ClauseStatus:
    """The one rule: SUP if suppressed, ADD without a base clause, MOD if the wording differs, else NOC.

    `base_wording` is `wording(base text)` (callers may cache it); `text` None means the clause is not in the
    current text, which counts as unchanged here (deleted base clauses are `removed_base_clauses`).
    """
    if suppressed:
        return ClauseStatus.SUP
    if base_wording is None:
        return ClauseStatus.ADD
    if text is not None and wording(text) != base_wording:
        return ClauseStatus.MOD
    return ClauseStatus.NOC


@dataclass
class Draft:
    current: Resolution
    base: Resolution | None = None
    suppressed: set[str] = field(default_factory=set)
    reasons: dict[str, str] = field(default_factory=dict)  # clause uid -> the delegate's reason
    comments: dict[str, str] = field(default_factory=dict)  # clause uid -> a note to the group (a Word comment)
    meta: ProposalMeta = field(default_factory=ProposalMeta)
    base_source: str = ""  # where the base came from (corpus id or path), for the delegate's reference
    # the proposals this draft negotiates (File > Negotiate proposals…): saved with it, so the Proposals pane
    # comes back when the project is reopened
    compilation: Compilation | None = None

    @classmethod
    def revision_of(cls, base: Resolution, base_source: str = "") -> Draft:
        """A new revision: the current text is a copy of the base, every clause NOC."""
        return cls(current=base.copy(), base=base.copy(), base_source=base_source)

    @classmethod
    def new_resolution(cls) -> Draft:
        """An empty skeleton: header fields, one preamble call and one operative call with an empty clause each."""
        resolution = Resolution(
            header=Header(doc_type="DRAFT NEW RESOLUTION", number="", title=""),
            sections=[
                Section("considering", SectionKind.PREAMBLE, [Clause("")]),
                Section("resolves", SectionKind.OPERATIVE, [Clause("")]),
            ],
        )
        return cls(current=resolution)

    def _base_index(self) -> dict[str, Clause]:
        if self.base is None:
            return {}
        return {clause.uid: clause for _s, clause in self.base.clauses()}

    def base_clause(self, uid: str) -> Clause | None:
        return self._base_index().get(uid)

    def status(self, uid: str) -> ClauseStatus:
        base = self.base_clause(uid)
        found = self.current.find_clause(uid)
        return clause_status(
            uid in self.suppressed, wording(base.text) if base else None, found[1].text if found else None
        )

    def statuses(self) -> dict[str, ClauseStatus]:
        """Status of every clause of the current text, computed in one pass."""
        index = self._base_index()
        out: dict[str, ClauseStatus] = {}
        for _s, clause in self.current.clauses():
            base = index.get(clause.uid)
            out[clause.uid] = clause_status(
                clause.uid in self.suppressed, wording(base.text) if base else None, clause.text
            )
        return out

    def removed_base_clauses(self) -> list[tuple[Section, Clause]]:
        """Base clauses the delegate deleted outright (not kept as suppressed): they are suppressed too."""
        if self.base is None:
            return []
        present = {clause.uid for _s, clause in self.current.clauses()}
        return [(s, c) for s, c in self.base.clauses() if c.uid not in present]

    def revised(self) -> Resolution:
        """The text as the delegate proposes it: suppressed clauses dropped (labels as they stand)."""
        result = self.current.copy()
        for section in result.sections:
            section.clauses = _without(section.clauses, self.suppressed)
        result.sections = [s for s in result.sections if s.clauses]
        return result


def _without(clauses: list[Clause], uids: set[str]) -> list[Clause]:
    kept = []
    for clause in clauses:
        if clause.uid in uids:
            continue
        clause.children = _without(clause.children, uids)
        kept.append(clause)
    return kept
