"""What a conference proposal says, built once from a Draft for every way out (CLI `propose`, GUI export).

The CLI used to flatten a project to its current text and re-align it against the base, so a rewritten clause
became ADD + SUP and the clauses' reasons were lost; the GUI built its Reasons on its own. Both now call
`build_proposal`, and the .docx writer only lays out what it is handed: the action (MOD/ADD/SUP), the draft,
and the Reasons as paragraphs, one per clause reference ("recognizing a): ...") or the delegate's own text.
"""

from __future__ import annotations

import copy
import logging
from collections import Counter
from dataclasses import dataclass, field

from cop_drafter.core.draft import Draft, ProposalMeta
from cop_drafter.core.rules import normalise

log = logging.getLogger(__name__)

STATUS_ORDER = ("NOC", "MOD", "ADD", "SUP")
# The cover fields a submission cannot go without (attribute, the word shown to the delegate).
COVER_FIELDS = (("conference", "conference"), ("document", "document"), ("source", "source"))


@dataclass
class Proposal:
    """Everything the proposal writer needs, decided here so every caller writes the same document."""

    draft: Draft  # a private copy: the writer may relabel or re-punctuate it freely
    action: str  # "MOD", "ADD" or "SUP": the proposal line's verb
    counts: dict[str, int] = field(default_factory=dict)  # clauses by status, NOC/MOD/ADD/SUP
    reasons: list[str] = field(default_factory=list)  # the paragraphs after "Reasons:", in order
    missing_cover: list[str] = field(default_factory=list)  # cover fields left empty (a draft cover)


def proposal_action(draft: Draft) -> str:
    """ADD for a new resolution, SUP when every clause is suppressed, else MOD."""
    if draft.base is None:
        return "ADD"
    return "MOD" if any(True for _ in draft.revised().clauses()) else "SUP"


def status_counts(draft: Draft) -> dict[str, int]:
    """Clauses by status as the outline shows them; base clauses deleted outright count as SUP."""
    counts = Counter(status.value for status in draft.statuses().values())
    counts["SUP"] += len(draft.removed_base_clauses())
    return {status: counts.get(status, 0) for status in STATUS_ORDER}


def clause_reasons(draft: Draft) -> list[str]:
    """One paragraph per clause with a reason, in document order, named as the proposal prints the clause.

    Labels come from the text as exported (relabelled), and from the base for a suppressed clause, which the
    proposal shows struck through under its old label. A clause both added and suppressed is not in the
    proposal at all, so its reason is left out.
    """
    if not any(reason.strip() for reason in draft.reasons.values()):
        return []
    printed = {clause.uid: clause.label for _s, clause in normalise(draft.revised()).clauses()}
    if draft.base is not None:
        for _s, clause in normalise(draft.base).clauses():
            printed.setdefault(clause.uid, clause.label)
    out = []
    for section, clause in draft.current.clauses():
        reason = draft.reasons.get(clause.uid, "").strip()
        if not reason:
            continue
        if clause.uid not in printed:
            log.debug("reason of clause %s left out: the clause is added and suppressed", clause.uid)
            continue
        where = " ".join(p for p in (" ".join(section.call.split()), printed[clause.uid]) if p)
        out.append(f"{where}: {reason}")
    return out


def reason_paragraphs(draft: Draft) -> list[str]:
    """The delegate's own Reasons text when given (kept as one text), else one paragraph per clause reason."""
    own = draft.meta.reasons.strip()
    return [own] if own else clause_reasons(draft)


def missing_cover_fields(meta: ProposalMeta) -> list[str]:
    """The cover fields still empty: conference, document, source (export still allowed as a draft cover)."""
    return [word for name, word in COVER_FIELDS if not getattr(meta, name).strip()]


def listed(words: list[str]) -> str:
    """`conference, document or source`: the missing cover fields as one phrase (dialog, check, CLI note)."""
    return f"{', '.join(words[:-1])} or {words[-1]}" if len(words) > 1 else "".join(words)


def prepared_for_export(draft: Draft, meta: ProposalMeta | None = None) -> Draft:
    """A deep copy for the writer (the delegate keeps editing the original), with `meta` when given."""
    result = copy.deepcopy(draft)
    if meta is not None:
        result.meta = copy.deepcopy(meta)
    return result


def build_proposal(draft: Draft, meta: ProposalMeta | None = None) -> Proposal:
    """The proposal for `draft` (its own cover fields, or `meta`): action, counts, Reasons, cover gaps."""
    prepared = prepared_for_export(draft, meta)
    return Proposal(
        draft=prepared,
        action=proposal_action(prepared),
        counts=status_counts(prepared),
        reasons=reason_paragraphs(prepared),
        missing_cover=missing_cover_fields(prepared.meta),
    )
