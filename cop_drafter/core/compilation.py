"""A compilation of several administrations' proposals on one base text, clause by clause.

At a conference each region sends its own MOD of the same resolution; the ad hoc group needs them side by side,
clause by clause. Each proposal is aligned to the base by content with the app's one aligner
(`precedents.align`, Hungarian assignment), so a proposal that renumbers or moves clauses still lines up; word
differences come from the one diff function (`core.textdiff.readable_diff`).

Per row, a proposer's version has a status: NOC (same wording as the base: end punctuation and spaces ignored,
as `draft.wording` compares), MOD, SUP (no clause of the proposal matches it), ADD (a clause the base does not
have), or "" (an added row that this proposer did not add). A proposer "changes" a row with MOD, SUP or ADD.
Categories (docs/negotiation.md):

- unchanged: nobody changes it;
- one: exactly one proposer changes it (the others leave it as it is);
- agreed: two or more proposers change it and all of them propose the same thing (same status and wording);
- conflict: two or more proposers change it in different ways.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cop_drafter.core.draft import wording
from cop_drafter.core.model import Clause, Header, Resolution, Section, SectionKind
from cop_drafter.core.rules import normalise, with_end_mark
from cop_drafter.core.textdiff import DiffPiece, readable_diff

log = logging.getLogger(__name__)

UNCHANGED, AGREED, ONE, CONFLICT = "unchanged", "agreed", "one", "conflict"
CATEGORIES = (UNCHANGED, AGREED, ONE, CONFLICT)
CHANGES = ("MOD", "SUP", "ADD")
# A footnote in a clause: (key, offset in the clause text, footnote text); the key is the text, so the same note
# in the base and in a proposal is one note.
Note = tuple[str, int, str]


@dataclass
class ProposerText:
    """One administration's proposed text; `reasons` maps a clause uid of `text` to its Reasons."""

    proposer: str
    text: Resolution
    reasons: dict[str, str] = field(default_factory=dict)


@dataclass
class Version:
    """What one proposer does with one row."""

    proposer: str
    status: str  # "NOC" | "MOD" | "SUP" | "ADD" | "" (an added row this proposer did not add)
    text: str = ""
    label: str = ""
    call: str = ""  # the call words the clause stands under in the proposal
    diff: list[DiffPiece] = field(default_factory=list)  # base -> this version; [] when NOC or absent
    reasons: str = ""
    notes: list[Note] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return self.status in CHANGES

    def key(self) -> tuple[str, str]:
        return self.status, wording(self.text)

    def to_dict(self) -> dict[str, Any]:
        return {"proposer": self.proposer, "status": self.status, "label": self.label, "text": self.text,
                "call": self.call, "reasons": self.reasons,
                "diff": [{"op": p.op, "text": p.text} for p in self.diff]}


@dataclass
class Row:
    """One clause (or heading line) of the compilation: the base side and every proposer's version."""

    kind: str  # "heading" | "title" | "conference" | "clause"
    call: str  # the section it stands in (for an added clause: its proposer's call words)
    base_text: str | None  # None for an added clause
    base_label: str = ""
    depth: int = 0
    preamble: bool = False
    versions: list[Version] = field(default_factory=list)
    base_notes: list[Note] = field(default_factory=list)
    base_uid: str = ""  # the base clause (its uid in `Compilation.base`): a negotiation draft's clauses keep it

    @property
    def category(self) -> str:
        changed = [v for v in self.versions if v.changes]
        if not changed:
            return UNCHANGED
        if len(changed) == 1:
            return ONE
        return AGREED if len({v.key() for v in changed}) == 1 else CONFLICT

    def find(self, proposer: str) -> Version | None:
        """The proposer's version of this row, None when it has none."""
        return next((v for v in self.versions if v.proposer == proposer), None)

    def version(self, proposer: str) -> Version:
        """The proposer's version (every proposer of a compilation has one in every row)."""
        found = self.find(proposer)
        if found is None:
            raise KeyError(proposer)
        return found

    def changers(self) -> list[Version]:
        return [v for v in self.versions if v.changes]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "call": self.call, "label": self.base_label, "base": self.base_text,
                "category": self.category, "versions": [v.to_dict() for v in self.versions]}


@dataclass
class Compilation:
    base: Resolution
    proposers: list[str]
    rows: list[Row]
    warnings: list[str] = field(default_factory=list)

    def clause_rows(self) -> list[Row]:
        return [r for r in self.rows if r.kind == "clause"]

    def counts(self) -> dict[str, int]:
        """Clause rows per category (the heading lines are rows too, but not clauses)."""
        counts = dict.fromkeys(CATEGORIES, 0)
        for row in self.clause_rows():
            counts[row.category] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {"base": self.base.header.heading(), "title": self.base.header.title, "proposers": self.proposers,
                "counts": self.counts(), "warnings": self.warnings, "rows": [r.to_dict() for r in self.rows]}


def _with_depth(resolution: Resolution) -> list[tuple[Section, Clause, int]]:
    """Every clause in document order (the order `Resolution.clauses` and the aligner use) with its depth."""
    out: list[tuple[Section, Clause, int]] = []

    def visit(section: Section, clauses: list[Clause], depth: int) -> None:
        for clause in clauses:
            out.append((section, clause, depth))
            visit(section, clause.children, depth + 1)

    for section in resolution.sections:
        visit(section, section.clauses, 0)
    return out


_HEADER_ROWS = (("heading", Header.heading), ("title", lambda h: h.title.strip()),
                ("conference", lambda h: with_end_mark(h.conference_line, ",") if h.conference_line.strip() else ""))


def _notes(resolution: Resolution, clause: Clause) -> list[Note]:
    notes = []
    for ref in clause.footnotes:
        footnote = resolution.footnote(ref.id)
        if footnote is not None:
            notes.append((footnote.text, min(max(ref.offset, 0), len(clause.text)), footnote.text))
    return notes


def _version(proposer: ProposerText, base_text: str | None, clause: Clause | None, call: str) -> Version:
    if clause is None:
        return Version(proposer.proposer, "SUP" if base_text is not None else "")
    reasons = proposer.reasons.get(clause.uid, "")
    notes = _notes(proposer.text, clause)
    if base_text is None:
        status, diff = "ADD", readable_diff("", clause.text)
    elif wording(base_text) == wording(clause.text):
        status, diff = "NOC", []
    else:
        status, diff = "MOD", readable_diff(base_text, clause.text)
    return Version(proposer.proposer, status, clause.text, clause.label, call, diff, reasons, notes)


def _header_rows(base: Resolution, texts: list[ProposerText]) -> list[Row]:
    rows = []
    for kind, get in _HEADER_ROWS:
        old = get(base.header)
        if not old and not any(get(p.text.header) for p in texts):
            continue
        versions = []
        for proposer in texts:
            new = get(proposer.text.header)
            if wording(new) == wording(old):
                versions.append(Version(proposer.proposer, "NOC", new))
            else:
                status = "MOD" if old and new else ("ADD" if new else "SUP")
                versions.append(Version(proposer.proposer, status, new, diff=readable_diff(old, new)))
        rows.append(Row(kind, "", old if old else None, versions=versions))
    return rows


def _added_resolution(rows: list[Row]) -> Resolution:
    """Added rows as a Resolution, so the one aligner can pair them."""
    sections = []
    for row in rows:
        text = next(v.text for v in row.versions if v.status == "ADD")
        kind = SectionKind.PREAMBLE if row.preamble else SectionKind.OPERATIVE
        sections.append(Section(row.call, kind, [Clause(text)]))
    return Resolution(sections=sections)


def compile_proposals(base: Resolution, proposals: Sequence[ProposerText]) -> Compilation:
    """Every clause of the base and every added clause, each with every proposer's version, in base order; an
    added clause follows the base clause its proposer put it after (two proposers adding the same clause, by
    content, share one row)."""
    from cop_drafter.precedents.align import align_resolutions, match_clauses

    names = [p.proposer for p in proposals]
    if len(set(names)) != len(names):
        raise ValueError(f"two proposals by the same proposer: {', '.join(names)}")
    old = normalise(base)
    texts = [ProposerText(p.proposer, normalise(p.text), dict(p.reasons)) for p in proposals]
    items = _with_depth(old)
    index_of = {id(clause): i for i, (_s, clause, _d) in enumerate(items)}
    matched: list[dict[int, tuple[Clause, str]]] = []  # per proposer: base index -> (its clause, its call)
    added: dict[int, list[Row]] = {}  # base index the added rows follow (-1: before the first) -> rows
    warnings: list[str] = []
    for n, proposer in enumerate(texts):
        pairs: dict[int, tuple[Clause, str]] = {}
        own_added: list[tuple[int, Section, Clause, int]] = []
        depth_of = {id(c): d for _s, c, d in _with_depth(proposer.text)}
        anchor = -1
        for line in align_resolutions(old, proposer.text):
            if line.old is not None and line.new is not None:
                anchor = index_of[id(line.old)]
                pairs[anchor] = (line.new, line.new_section.call if line.new_section else "")
            elif line.new is not None and line.new_section is not None:
                own_added.append((anchor, line.new_section, line.new, depth_of.get(id(line.new), 0)))
        matched.append(pairs)
        existing = [row for rows in added.values() for row in rows]
        mine = Resolution(sections=[Section(s.call, s.kind, [Clause(c.text)]) for _a, s, c, _d in own_added])
        shared = match_clauses(_added_resolution(existing), mine) if existing and own_added else {}
        for i, (at, section, clause, depth) in enumerate(own_added):
            version = _version(proposer, None, clause, section.call)
            if i in shared:
                row = existing[shared[i][0]]
                row.versions[n] = version
                continue
            row = Row("clause", section.call, None, "", depth, section.kind is SectionKind.PREAMBLE,
                      [Version(p.proposer, "") for p in texts])
            row.versions[n] = version
            added.setdefault(at, []).append(row)
    rows = _header_rows(old, texts) + added.get(-1, [])
    for i, (section, clause, depth) in enumerate(items):
        versions = []
        for proposer, pairs in zip(texts, matched, strict=True):
            mine_clause, call = pairs.get(i, (None, ""))
            versions.append(_version(proposer, clause.text, mine_clause, call))
        rows.append(Row("clause", section.call, clause.text, clause.label, depth,
                        section.kind is SectionKind.PREAMBLE, versions, _notes(old, clause), clause.uid))
        rows.extend(added.get(i, []))
    compilation = Compilation(old, names, rows, warnings)
    log.info("compiled %d proposals on %s: %s", len(texts), old.header.heading(), compilation.counts())
    return compilation
