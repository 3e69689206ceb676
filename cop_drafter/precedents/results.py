"""What the precedent engine answers with: provenance, suggestions, concordance hits, lineage steps, import reports.

Plain dataclasses (no SQLite, no Qt), so the CLI prints them as JSON and the GUI adapts them without knowing how
the library stores anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import Indel

from cop_drafter.core.model import short_reference
from cop_drafter.core.textdiff import DiffPiece, merge_pieces, tokenize
from cop_drafter.formats.document_kind import ADOPTED, KIND_RANK
from cop_drafter.precedents.store import ClauseRow

BUNDLED, USER = "bundled", "user"


class LibraryError(Exception):
    """A user-facing failure of the library (message fit to show as is)."""


class SearchSyntaxError(LibraryError):
    """The concordance query is not valid FTS5 syntax."""


@dataclass
class Source:
    """Where a precedent comes from."""

    document: str
    number: str
    place: str
    year: int | None
    call: str
    label: str
    body: str = ""
    revision: bool = False
    doc_id: str = ""
    bundled: bool = False
    kind: str = ADOPTED  # adopted, proposal or draft (formats.document_kind)

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON provenance: document, number, place, year, call, label, kind."""
        return {"document": self.document, "number": self.number, "place": self.place, "year": self.year,
                "call": self.call, "label": self.label, "kind": self.kind}

    def describe(self) -> str:
        """'Res 67 (Rev. Buenos Aires, 2017), recalling c)'; a proposal or draft says so: 'Res 67 (Rev. Geneva,
        2025) [proposal], resolves 1'."""
        name = short_reference(self.number, self.place, self.year, self.revision, document=self.document or "?")
        if self.kind != ADOPTED:
            name += f" [{self.kind}]"
        where = " ".join(p for p in (self.call, self.label) if p)
        return f"{name}, {where}" if where else name

    @classmethod
    def from_row(cls, row: ClauseRow) -> Source:
        return cls(row.document, row.number, row.place, row.year, row.call, row.label, row.body, row.revision,
                   row.doc_id, row.store == BUNDLED, row.doc_kind)


@dataclass
class Suggestion:
    """A precedent for the text being typed.

    `score` is `precedent_ratio` 0-100 on normalised text (index.py). `spans` is the word-level diff from the typed
    text to the precedent, as core.textdiff DiffPiece(op, text): "equal" words are in both, "insert" words are the
    precedent's and were not typed (for a half-typed clause, the tail is the completion), "delete" words were
    typed but are not in the precedent. Joining equal+insert gives the precedent's text exactly; equal+delete the
    typed text (up to letter case: words compare case-insensitively). It is computed on first access (~0.2 ms).
    `group` lists the other sources with the same wording (newest first); `source` is the newest.
    `near_anchor`: worded like the clause of the text in force being modified (ranking.anchor_bonus), so it is
    shown whatever its score: it is that clause or one of its own predecessors.
    """

    score: float
    text: str
    source: Source
    group: list[Source] = field(default_factory=list)
    typed: str = ""
    near_anchor: bool = False
    _spans: list[DiffPiece] | None = field(default=None, repr=False, compare=False)

    @property
    def spans(self) -> list[DiffPiece]:
        if self._spans is None:
            self._spans = spans(self.typed, self.text)
        return self._spans

    @property
    def rank_key(self) -> tuple[float, int, int]:
        """Best first: higher score, then the text in force before proposals and drafts, then the newer."""
        return (-self.score, KIND_RANK.get(self.source.kind, 0), -(self.source.year or 0))

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 1),
            "text": self.text,
            "source": self.source.to_dict(),
            "spans": [{"op": p.op, "text": p.text} for p in self.spans],
            "group": [g.to_dict() for g in self.group],
        }


@dataclass
class SearchHit:
    source: Source
    text: str
    highlighted: str  # the text with each match in [[ ]]
    rank: float  # FTS5 bm25 (lower is better)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "highlighted": self.highlighted, "source": self.source.to_dict()}


@dataclass
class LineageStep:
    """One revision of a clause. `diff` turns the previous (older) step's text into this one (all "equal" for
    the oldest); `score` is the alignment similarity with the previous step (None for the oldest)."""

    source: Source
    text: str
    diff: list[DiffPiece]
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source.to_dict(), "text": self.text, "score": self.score,
                "diff": [{"op": p.op, "text": p.text} for p in self.diff]}


@dataclass
class ImportReport:
    """What an import did: added a document, or found it already there (idempotent import)."""

    path: str
    doc_id: str
    document: str
    added: bool
    clauses: int
    reason: str = ""
    warnings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        if self.added:
            return f"added {self.document} ({self.clauses} clauses) as {self.doc_id}"
        return f"{self.document} is already in the library as {self.doc_id} ({self.reason}); nothing added"

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def spans(typed: str, precedent: str) -> list[DiffPiece]:
    """Word-level diff from the typed text to the precedent, in core.textdiff's DiffPiece shape (see Suggestion).

    Same tokens as textdiff.word_diff, but the longest common subsequence comes from rapidfuzz's C Indel.opcodes
    over word tokens: ~50x faster than difflib, which matters at 5 suggestions per keystroke. Words compare
    case-insensitively and "equal" pieces carry the precedent's spelling, so equal+insert == the precedent exactly
    and equal+delete == the typed text up to letter case.
    """
    a, b = tokenize(typed), tokenize(precedent)
    key_a = [" " if t.isspace() else t.lower() for t in a]
    key_b = [" " if t.isspace() else t.lower() for t in b]
    pieces: list[DiffPiece] = []
    for op in Indel.opcodes(key_a, key_b):
        if op.tag == "equal":
            pieces.append(DiffPiece("equal", "".join(b[op.dest_start : op.dest_end])))
        elif op.tag == "delete":
            pieces.append(DiffPiece("delete", "".join(a[op.src_start : op.src_end])))
        else:
            pieces.append(DiffPiece("insert", "".join(b[op.dest_start : op.dest_end])))
    return merge_pieces(pieces)
