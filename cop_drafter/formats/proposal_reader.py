"""Reading a conference proposal (.docx with tracked changes): its base, its proposed text, who proposes it.

A MOD proposal is a Word file whose revision marks turn the text in force into the proposer's text. Ours
(`docx.exporters.ProposalExporter`) and Word's from another administration are read by the one .docx reader
(`formats.docx_reader`) twice, once per view: every change rejected gives the base, every change accepted the
proposed text. Before parsing, the proposal's frame is cut away in each view, so that it never becomes a
clause: the cover page (everything before the proposal line), the proposal line itself (`MOD APT/23A1/1`)
and the Reasons after the text. The frame is not lost: the cover's Source names the proposer, the proposal
lines are kept as references, and Reasons written per clause (`recognizing a): ...`, as our exporter writes
them) are mapped to the clause they name.

Which text in force the proposal modifies is decided by `match_in_force` (`formats.in_force`), against the
texts of the library.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cop_drafter.core.draft import wording
from cop_drafter.core.model import ParseError, ParseWarning, Resolution
from cop_drafter.formats.docx_comments import comments_by_clause, read_comments
from cop_drafter.formats.docx_package import DocxPackage
from cop_drafter.formats.docx_reader import (
    DocxBody,
    DocxParagraph,
    body_resolution,
    damaged_as_parse_error,
    read_body,
)
from cop_drafter.formats.parsing.header import HeaderReader, Line

logger = logging.getLogger(__name__)

# `MOD<TAB>APT/23A1/1`: the action, then SOURCE/DOCUMENT/NUMBER (ITU's proposal numbers).
PROPOSAL_LINE = re.compile(r"^\s*(?P<action>MOD|ADD|SUP|NOC)\s+(?P<number>[A-Za-z][\w.-]*(?:/[\w.()-]+)+)\s*$")
_REASONS = re.compile(r"^\s*Reasons?\s*:\s*", re.IGNORECASE)
_SOURCE = re.compile(r"^\s*Source\s*:\s*", re.IGNORECASE)
_HEADING = re.compile(r"^\s*(?:DRAFT\s+NEW\s+)?(?:RESOLUTION|DECISION|RECOMMENDATION)\b")


@dataclass
class ReadProposal:
    """What a proposal file says: the two texts its revision marks join, who proposes, and why."""

    source: Path
    proposer: str  # never empty (falls back to the file stem)
    proposer_from: str  # "cover" | "proposal-line" | "author" | "file"
    base: Resolution  # every tracked change rejected
    proposed: Resolution  # every tracked change accepted
    reasons: dict[str, str]  # uid of a clause in `proposed` -> its Reasons text
    references: list[str]  # proposal lines found, e.g. ["MOD APT/23A1/1"]
    authors: list[str]  # revision authors, in order of first appearance
    warnings: list[ParseWarning]
    reasons_text: str = ""  # every Reasons paragraph as written, one per line (general Reasons land only here)
    comments: dict[str, str] = field(default_factory=dict)  # uid of a clause in `proposed` -> its Word comments


@dataclass
class _Frame:
    """One view's paragraphs split into the proposal's parts."""

    cover: list[DocxParagraph] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    text: list[DocxParagraph] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def _reference(para: DocxParagraph) -> str | None:
    """`MOD APT/23A1/1` when the paragraph is a proposal line (by its text: Word files from elsewhere have no
    Proposal style)."""
    match = PROPOSAL_LINE.match(para.text)
    return f"{match.group('action')} {match.group('number')}" if match else None


def _is_reasons(para: DocxParagraph) -> bool:
    return para.style == "reasons" or bool(_REASONS.match(para.text))


def _frame(paragraphs: list[DocxParagraph]) -> _Frame:
    """Cover | proposal line | resolution text | Reasons (| further proposals, not read as text)."""
    frame = _Frame()
    lines = [i for i, para in enumerate(paragraphs) if _reference(para) is not None]
    frame.references = [ref for i in lines if (ref := _reference(paragraphs[i])) is not None]
    if lines:
        start = lines[0] + 1
    else:  # no proposal line: the text starts at its heading (else at the top)
        start = next((i for i, p in enumerate(paragraphs) if p.style in ("res_no", "resno") and p.text.strip()),
                     next((i for i, p in enumerate(paragraphs) if _HEADING.match(p.text)), 0))
    frame.cover = paragraphs[:start]
    stop = next((i for i in lines if i >= start), len(paragraphs))
    end = next((i for i in range(start, stop) if _is_reasons(paragraphs[i])), stop)
    frame.text = paragraphs[start:end]
    for para in paragraphs[end:stop]:
        text = " ".join(_REASONS.sub("", para.text, count=1).split())
        if text:
            frame.reasons.append(text)
    return frame


def _cover_source(cover: list[DocxParagraph]) -> str:
    """The proposer as the cover names it: the Source paragraph (ITU style), or a `Source: ...` line."""
    for para in cover:
        text = " ".join(para.text.split())
        if para.style == "source" and text:
            return _SOURCE.sub("", text, count=1).strip()
        if _SOURCE.match(text) and _SOURCE.sub("", text, count=1).strip():
            return _SOURCE.sub("", text, count=1).strip()
    return ""


def _proposer(cover: str, references: list[str], authors: list[str], path: Path) -> tuple[str, str]:
    if cover:
        return cover, "cover"
    for reference in references:
        code = reference.split(None, 1)[-1].split("/", 1)[0].strip()
        if code:
            return code, "proposal-line"
    if authors:
        return authors[0], "author"
    return path.stem or path.name, "file"


def _clause_reasons(texts: list[str], proposed: Resolution, warnings: list[ParseWarning]) -> dict[str, str]:
    """`recognizing a): because ...` -> {uid of recognizing a) in `proposed`: "because ..."}.

    A Reasons paragraph that names no clause is a general reason (kept in `reasons_text` only); one naming a
    clause that is not in the proposed text (a suppressed clause) is reported."""
    out: dict[str, str] = {}
    calls = sorted(((" ".join(s.call.split()), s) for s in proposed.sections), key=lambda cs: -len(cs[0]))
    for text in texts:
        where, sep, reason = text.partition(":")
        if not sep or not reason.strip():
            continue
        head = " ".join(where.split())
        named = next(((call, head[len(call):].strip()) for call, _s in calls
                      if head.lower().startswith(call.lower() + " ")), None)
        if named is None:
            continue
        clause = proposed.find_by_label(named[0], named[1])
        if clause is None:
            warnings.append(ParseWarning("reasons-unplaced", f"the Reasons for {head} name no clause of the "
                                         "proposed text (a suppressed clause?): kept with the general Reasons",
                                         where=head))
            continue
        out[clause.uid] = f"{out[clause.uid]} {reason.strip()}" if clause.uid in out else reason.strip()
    return out


def _view(body: DocxBody, paragraphs: list[DocxParagraph]) -> tuple[Resolution, ParseError | None]:
    """The view's text; a view with no clauses (a new resolution's base, a suppression, everything inserted)
    is its heading alone, with the reason it has no clauses."""
    try:
        return body_resolution(body, paragraphs), None
    except ParseError as exc:
        reader = HeaderReader()
        for number, para in enumerate(paragraphs, start=1):
            if para.text.strip():
                reader.add(Line(number, " ".join(para.text.split())))
        return Resolution(header=reader.build(lambda *_a, **_k: None), source=body.name), exc


def _has_text(resolution: Resolution) -> bool:
    return bool(resolution.sections) or bool(resolution.header.number)


def read_proposal(path: str | os.PathLike[str]) -> ReadProposal:
    """Read a proposal .docx; ParseError (one line) for a file that is not a readable Word proposal.

    A file with no tracked changes is read too (base == proposed), with a warning: a clean text sent as a
    proposal is still the proposer's text."""
    source = Path(path)
    with damaged_as_parse_error(source):
        with DocxPackage(source) as package:
            accepted, rejected = read_body(package, "accepted"), read_body(package, "rejected")
            comments = read_comments(package)
        proposal = _proposal(source, accepted, rejected)
        proposal.comments = comments_by_clause(comments, proposal.proposed)
        return proposal


def _proposal(source: Path, accepted: DocxBody, rejected: DocxBody) -> ReadProposal:
    new_frame, old_frame = _frame(accepted.paragraphs), _frame(rejected.paragraphs)
    proposed, new_error = _view(accepted, new_frame.text)
    base, old_error = _view(rejected, old_frame.text)
    if not _has_text(proposed) and not _has_text(base):
        raise new_error or old_error or ParseError(f"{source.name} holds no resolution text to read as a proposal")
    warnings: list[ParseWarning] = []
    action = new_frame.references[0].split()[0] if new_frame.references else ""
    if action == "ADD" and not accepted.tracked:  # a new resolution, written clean: there is no base
        base = Resolution(source=accepted.name)
        warnings.append(ParseWarning("new-resolution", "an ADD proposal: a new resolution, with no base text"))
    elif action == "SUP" and not proposed.sections:
        warnings.append(ParseWarning("suppression", "a SUP proposal: the resolution is to be suppressed"))
    for error, which in ((old_error, "rejected (the base)"), (new_error, "accepted (the proposed text)")):
        if error is not None and action not in ("ADD", "SUP"):
            warnings.append(ParseWarning("empty-view", f"with every change {which} the file has no clauses: {error}"))
    if not accepted.tracked:
        warnings.append(ParseWarning("no-tracked-changes", "the file has no tracked changes: its base and its "
                                     "proposed text are the same"))
    if len(new_frame.references) > 1:
        warnings.append(ParseWarning("several-proposals", f"the file holds {len(new_frame.references)} proposals: "
                                     f"read the first ({new_frame.references[0]})"))
    cover = _cover_source(new_frame.cover)
    proposer, proposer_from = _proposer(cover, new_frame.references, accepted.authors, source)
    reasons = _clause_reasons(new_frame.reasons, proposed, warnings)
    seen = {(w.code, w.message) for w in warnings}
    for warning in proposed.warnings:
        if warning.code != "tracked-changes" and (warning.code, warning.message) not in seen:
            seen.add((warning.code, warning.message))
            warnings.append(warning)
    logger.info("proposal %s: proposer %s (from %s), %d references, authors %s", source.name, proposer,
                proposer_from, len(new_frame.references), accepted.authors)
    return ReadProposal(source=source, proposer=proposer, proposer_from=proposer_from, base=base,
                        proposed=proposed, reasons=reasons, references=new_frame.references,
                        authors=list(accepted.authors), warnings=warnings,
                        reasons_text="\n".join(new_frame.reasons))


def one_per_proposer(proposals: Sequence[ReadProposal]) -> None:
    """ParseError naming the two files when two proposals come from one proposer (a compilation has one column,
    one author of revision marks, per proposer)."""
    by_name: dict[str, str] = {}
    for proposal in proposals:
        if proposal.proposer in by_name:
            raise ParseError(f"{by_name[proposal.proposer]} and {proposal.source.name} are both by "
                             f"{proposal.proposer}: compile one proposal per proposer")
        by_name[proposal.proposer] = proposal.source.name


def other_base(proposal: ReadProposal, base: Resolution) -> str:
    """Why the proposal's own text in force (its changes rejected) is not `base`; "" when it is."""
    def wordings(text: Resolution) -> set[str]:
        return {wording(clause.text) for _s, clause in text.clauses()}

    differ = len(wordings(proposal.base) ^ wordings(base))
    heading = proposal.base.header.heading()
    if heading == base.header.heading() and not differ:
        return ""
    return f"{proposal.source.name} ({proposal.proposer}) modifies another text than the base: {heading}, " \
           f"{differ} clause wordings differ"


def match_in_force(proposal: ReadProposal, candidates: Iterable[tuple[str, Resolution]]) -> tuple[str, float] | None:
    """The id of the text in force the proposal modifies, with a score in [0, 1]; None when none fits (the
    reason is logged, and `in_force.find_in_force` returns it)."""
    from cop_drafter.formats.in_force import find_in_force

    found = find_in_force(proposal.base, candidates)
    if found.id is None:
        logger.info("no text in force for %s: %s", proposal.source.name, found.reason)
        return None
    return found.id, found.score
