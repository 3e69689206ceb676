"""PrecedentLibrary: every clause of every known text, with provenance; live suggestions, concordance search,
lineage and import. The one object the CLI, the GUI's worker thread and the .docx proposal use.

- Storage: the bundled corpus in an attached in-memory SQLite database (always there, never written), the user's
  imported texts in the library file (SQLite + FTS5, see store.py), created only when something is first added.
- Suggestions: an in-memory TokenIndex (index.py) over both, built when the library opens; candidates by word
  coverage per WRatio length tier, re-scored exactly with rapidfuzz WRatio (the same scorer as the full-scan
  reference in bench/suggest_bench.py; why WRatio: see bench/quality.py's scorer comparison).
- Thread safety: one connection opened with check_same_thread=False and every public method under one lock, so a
  library created on one thread may be used from another (the GUI's worker).
"""

from __future__ import annotations

import bisect
import os
import sqlite3
import threading
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from cop_drafter.core.model import Clause, ParseError, Resolution, Section, short_reference
from cop_drafter.core.textdiff import DiffPiece, merge_pieces, tokenize, word_diff
from cop_drafter.precedents.index import TokenIndex, normalise
from cop_drafter.precedents.paths import default_library_path
from cop_drafter.precedents.store import ClauseRow, DocumentInfo, Store, StoreError, content_key

CANDIDATES = 500  # clauses re-scored per length tier: recall 0.96 at 300, 0.984 at 500 (100k, precedent scorer)
GROUP_SIMILARITY = 95.0  # fuzz.ratio on normalised text at or above which two precedents are "the same wording"
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

    def to_dict(self) -> dict[str, Any]:
        """The CLI's JSON provenance: document, number, place, year, call, label."""
        return {"document": self.document, "number": self.number, "place": self.place, "year": self.year,
                "call": self.call, "label": self.label}

    def describe(self) -> str:
        """'Res 67 (Rev. Buenos Aires, 2017), recalling c)'."""
        name = short_reference(self.number, self.place, self.year, self.revision, document=self.document or "?")
        where = " ".join(p for p in (self.call, self.label) if p)
        return f"{name}, {where}" if where else name

    @classmethod
    def from_row(cls, row: ClauseRow) -> Source:
        return cls(row.document, row.number, row.place, row.year, row.call, row.label, row.body, row.revision,
                   row.doc_id, row.store == BUNDLED)


@dataclass
class Suggestion:
    """A precedent for the text being typed.

    `score` is `precedent_ratio` 0-100 on normalised text (index.py). `spans` is the word-level diff from the typed
    text to the precedent, as core.textdiff DiffPiece(op, text): "equal" words are in both, "insert" words are the
    precedent's and were not typed (for a half-typed clause, the tail is the completion), "delete" words were
    typed but are not in the precedent. Joining equal+insert gives the precedent's text exactly; equal+delete the
    typed text (up to letter case: words compare case-insensitively). It is computed on first access (~0.2 ms).
    `group` lists the other sources with the same wording (newest first); `source` is the newest.
    """

    score: float
    text: str
    source: Source
    group: list[Source] = field(default_factory=list)
    typed: str = ""
    _spans: list[DiffPiece] | None = field(default=None, repr=False, compare=False)

    @property
    def spans(self) -> list[DiffPiece]:
        if self._spans is None:
            self._spans = spans(self.typed, self.text)
        return self._spans

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


def resolution_meta(resolution: Resolution, path: str = "") -> dict[str, Any]:
    header = resolution.header
    document = header.heading() if header.number else ""
    if not document:
        document = Path(path).name if path else (header.title or "untitled text")
    return {"document": document, "body": header.body, "number": header.number, "place": header.place,
            "year": header.year, "revision": header.revision, "title": header.title, "source_path": path}


def clause_rows(resolution: Resolution) -> list[tuple[str, str, str, str]]:
    return [(s.call, s.kind.value, c.label, c.text) for s, c in resolution.clauses() if c.text.strip()]


class PrecedentLibrary:
    """The bundled corpus plus the user's library file. Use `PrecedentLibrary.open()`."""

    def __init__(self, path: str | os.PathLike[str] | None, *, bundled: bool = True) -> None:
        self._lock = threading.RLock()
        self.path = Path(path) if path is not None else None
        self._conn = sqlite3.connect(":memory:", check_same_thread=False)
        self._conn.execute("PRAGMA foreign_keys = ON")
        self._stores: dict[str, Store] = {}
        self._index = TokenIndex()
        self._pos_store = bytearray()  # 0 bundled, 1 user
        self._pos_id = array("q")
        self._user_start = 0
        self._closed = False
        try:
            if bundled:
                self._conn.execute("ATTACH DATABASE ':memory:' AS bundled")
                self._stores[BUNDLED] = Store(self._conn, BUNDLED)
                self._load_bundled()
            self._user_start = len(self._pos_id)
            if self.path is None:
                self._attach_user(":memory:")
            elif self.path.exists():
                if self.path.is_dir():
                    raise LibraryError(f"the library path {self.path} is a folder")
                self._attach_user(str(self.path))
                self._index_store(USER)
        except LibraryError:
            self._conn.close()
            raise
        except StoreError as exc:
            self._conn.close()
            raise LibraryError(f"{self.path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            raise LibraryError(f"{self.path}: the library cannot be read ({exc})") from exc

    # -- opening ------------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, bundled: bool = True) -> PrecedentLibrary:
        """The user's library (default: $COP_DRAFTER_LIBRARY or the platform data folder), bundled corpus
        included. A missing file is fine: it is created when a text is first added."""
        return cls(Path(path) if path is not None else default_library_path(), bundled=bundled)

    @classmethod
    def in_memory(cls, *, bundled: bool = True) -> PrecedentLibrary:
        """A throwaway library (nothing written to disk): `suggest --corpus`, tests, benchmarks."""
        return cls(None, bundled=bundled)

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()

    def __enter__(self) -> PrecedentLibrary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _attach_user(self, target: str) -> None:
        if target != ":memory:" and os.path.exists(target):
            try:
                with open(target, "rb") as handle:
                    head = handle.read(16)
            except OSError as exc:
                raise LibraryError(f"cannot read the library {target}: {exc.strerror or exc}") from exc
            if head and not head.startswith(b"SQLite format 3\x00"):
                raise LibraryError(f"{target} is not a COP Drafter library (not an SQLite file)")
        self._conn.execute("ATTACH DATABASE ? AS user", (target,))
        self._stores[USER] = Store(self._conn, USER)

    def _user_store(self) -> Store:
        store = self._stores.get(USER)
        if store is None:
            assert self.path is not None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise LibraryError(f"cannot create the library folder {self.path.parent}: {exc.strerror or exc}") from exc
            self._attach_user(str(self.path))
            store = self._stores[USER]
        return store

    def _load_bundled(self) -> None:
        from cop_drafter.corpus import load_corpus

        store = self._stores[BUNDLED]
        for text in load_corpus():
            meta = dict(text.meta)
            meta.setdefault("document", text.label)
            meta["source_path"] = f"corpus:{text.id}"
            store.insert_document(text.id, content_key(text.resolution), meta, clause_rows(text.resolution),
                                  text.resolution, commit=False)
        store.commit()
        self._index_store(BUNDLED)

    def _index_store(self, name: str) -> None:
        store = self._stores[name]
        code = 0 if name == BUNDLED else 1
        ids = self._pos_id
        tags = self._pos_store

        def texts() -> Iterator[str]:
            for batch in store.iter_texts():
                for clause_id, text in batch:
                    ids.append(clause_id)
                    tags.append(code)
                    yield text

        self._index.add_many(texts())

    # -- importing ----------------------------------------------------------------------------------------

    def add_file(self, path: str | os.PathLike[str]) -> ImportReport:
        """Import a .txt/.md/.docx/.copdraft text. ParseError (one line) when it cannot be read."""
        from cop_drafter.formats.reader import read_resolution

        resolution = read_resolution(path)
        return self.add_resolution(resolution, {"source_path": os.path.abspath(path)})

    def add_resolution(self, resolution: Resolution, meta: dict[str, Any] | None = None) -> ImportReport:
        """Add a parsed text to the user library; the same text twice is added once."""
        given = dict(meta or {})
        path = str(given.get("source_path", ""))
        full = resolution_meta(resolution, path)
        full.update({k: v for k, v in given.items() if v not in (None, "")})
        rows = clause_rows(resolution)
        key = content_key(resolution)
        warnings = [str(w) for w in resolution.warnings]
        with self._lock:
            self._check_open()
            for name, store in self._stores.items():
                existing = store.find_by_key(key)
                if existing is not None:
                    reason = "bundled corpus" if name == BUNDLED else "same clauses as an earlier import"
                    return ImportReport(path, existing, full["document"], False, len(rows), reason, warnings)
            if not rows:
                raise LibraryError(f"{path or full['document']}: no clauses found, nothing to add")
            store = self._user_store()
            doc_id = key[:12]
            ids = store.insert_document(doc_id, key, full, rows, resolution)
            self._index_rows(ids, [text for _c, _k, _l, text in rows])
        return ImportReport(path, doc_id, full["document"], True, len(rows), "", warnings)

    def add_documents(self, documents: Iterable[tuple[dict[str, Any], list[tuple[str, str, str, str]]]]) -> int:
        """Bulk import of (meta, [(call, kind, label, text)]) in one transaction (benchmarks, migrations).
        Documents are keyed by their meta and clauses; returns the number of clauses added."""
        import hashlib

        added = 0
        with self._lock:
            self._check_open()
            store = self._user_store()
            new_ids: list[int] = []
            new_texts: list[str] = []
            try:
                for meta, rows in documents:
                    digest = hashlib.sha256(repr((sorted(meta.items()), rows)).encode()).hexdigest()
                    if store.find_by_key(digest) is not None:
                        continue
                    ids = store.insert_document(digest[:16], digest, meta, rows, None, commit=False)
                    new_ids.extend(ids)
                    new_texts.extend(text for _c, _k, _l, text in rows)
                    added += len(rows)
                store.commit()
            except BaseException:
                self._conn.rollback()
                raise
            self._index_rows(new_ids, new_texts)
        return added

    def _index_rows(self, ids: list[int], texts: list[str]) -> None:
        self._pos_id.extend(ids)
        self._pos_store.extend(b"\x01" * len(ids))
        if len(ids) > 1000:
            self._index.add_many(texts)
        else:
            for text in texts:
                self._index.add(text)

    def remove(self, doc_id: str) -> DocumentInfo:
        """Remove an imported text (the bundled corpus cannot be removed)."""
        with self._lock:
            self._check_open()
            bundled = self._stores.get(BUNDLED)
            if bundled is not None and bundled.document(doc_id) is not None:
                raise LibraryError(f"{doc_id} is part of the bundled corpus and cannot be removed")
            store = self._stores.get(USER)
            info = store.document(doc_id) if store is not None else None
            if store is None or info is None:
                raise LibraryError(f"no text {doc_id!r} in the library (see `cop-drafter library list`)")
            ids = store.delete_document(doc_id) or []
            positions = []
            for clause_id in ids:
                pos = bisect.bisect_left(self._pos_id, clause_id, lo=self._user_start)
                if pos < len(self._pos_id) and self._pos_id[pos] == clause_id and self._pos_store[pos] == 1:
                    positions.append(pos)
            self._index.remove(positions)
            return info

    def documents(self) -> list[DocumentInfo]:
        """Bundled texts first, then the user's, each oldest first."""
        with self._lock:
            self._check_open()
            return [doc for store in self._stores.values() for doc in store.documents()]

    def resolution(self, doc_id: str) -> Resolution | None:
        with self._lock:
            for store in self._stores.values():
                found = store.resolution(doc_id)
                if found is not None:
                    return found
        return None

    def __len__(self) -> int:
        return len(self._index)

    def _check_open(self) -> None:
        if self._closed:
            raise LibraryError("the library is closed")

    # -- suggesting ---------------------------------------------------------------------------------------

    def _rows(self, positions: list[int]) -> dict[int, ClauseRow]:
        by_store: dict[str, list[int]] = {}
        for pos in positions:
            by_store.setdefault(BUNDLED if self._pos_store[pos] == 0 else USER, []).append(self._pos_id[pos])
        rows: dict[tuple[str, int], ClauseRow] = {}
        for name, ids in by_store.items():
            for clause_id, row in self._stores[name].clause_rows(ids).items():
                rows[(name, clause_id)] = row
        out = {}
        for pos in positions:
            key = (BUNDLED if self._pos_store[pos] == 0 else USER, self._pos_id[pos])
            if key in rows:
                out[pos] = rows[key]
        return out

    def ranked(self, text: str, limit: int = 5) -> list[tuple[float, ClauseRow]]:
        """The best `limit` clauses by WRatio, ungrouped (what the benchmark compares with a full scan)."""
        query = normalise(text)
        if not query.strip():
            return []
        with self._lock:
            self._check_open()
            top = self._index.top(query, limit, CANDIDATES)
            rows = self._rows([pos for pos, _s in top])
        ranked = [(score, rows[pos]) for pos, score in top if pos in rows]
        # Equal scores: the newer text first (a delegate wants the wording in force).
        ranked.sort(key=lambda item: (-item[0], -(item[1].year or 0)))
        return ranked

    def suggest(self, text: str, limit: int = 5) -> list[Suggestion]:
        """Top precedents for the text being typed, near-identical ones grouped (newest shown first)."""
        if limit <= 0:
            return []
        ranked = self.ranked(text, limit + 5)
        groups: list[list[tuple[float, ClauseRow, str]]] = []
        for score, row in ranked:
            norm = normalise(row.text)
            for group in groups:
                other = group[0][2]
                # ratio >= 95 needs lengths within ~10% (ratio <= 200 min / (min + max)): skip the others cheaply.
                if min(len(norm), len(other)) * 2.2 < max(len(norm), len(other)) * 1.9:
                    continue
                if fuzz.ratio(norm, other, processor=None, score_cutoff=GROUP_SIMILARITY):
                    group.append((score, row, norm))
                    break
            else:
                groups.append([(score, row, norm)])
        suggestions = []
        for group in groups:
            members = sorted(group, key=lambda item: (item[1].year is None, -(item[1].year or 0), -item[0]))
            score, row, _norm = members[0]
            suggestions.append(Suggestion(score, row.text, Source.from_row(row),
                                          [Source.from_row(r) for _s, r, _n in members[1:]], text))
        suggestions.sort(key=lambda s: (-s.score, -(s.source.year or 0)))
        return suggestions[:limit]

    # -- concordance --------------------------------------------------------------------------------------

    def search(self, phrase: str, limit: int = 50) -> list[SearchHit]:
        """Every clause matching an FTS5 query (words, "a phrase", AND/OR/NOT, prefix*), best first."""
        query = phrase.strip()
        if not query:
            raise SearchSyntaxError("type a word or a phrase to search for")
        hits: list[SearchHit] = []
        with self._lock:
            self._check_open()
            for store in self._stores.values():
                try:
                    found = store.search(query, limit)
                except sqlite3.OperationalError as exc:
                    raise SearchSyntaxError(
                        f"cannot search for {phrase!r}: {exc}. Put a phrase or a word with a hyphen in double "
                        f"quotes (\"child online protection\", \"CWG-COP\"); AND, OR, NOT and prefix* are allowed"
                    ) from exc
                hits.extend(SearchHit(Source.from_row(row), row.text, marked, rank) for row, marked, rank in found)
        hits.sort(key=lambda h: (h.rank, -(h.source.year or 0)))
        return hits[:limit]

    # -- lineage ------------------------------------------------------------------------------------------

    def _candidate_docs(self, text: str, before: int | None, exclude: set[str]) -> dict[int, list[str]]:
        """Documents older than `before` that have a clause like `text`, by year."""
        query = normalise(text)
        if not query.strip():
            return {}
        top = self._index.top(query, 200, CANDIDATES)
        rows = self._rows([pos for pos, _s in top])
        by_year: dict[int, list[str]] = {}
        for pos, _score in top:
            row = rows.get(pos)
            if row is None or row.year is None or row.doc_id in exclude:
                continue
            if before is not None and row.year >= before:
                continue
            docs = by_year.setdefault(row.year, [])
            if row.doc_id not in docs and len(docs) < 10:
                docs.append(row.doc_id)
        return by_year

    def _doc_source(self, doc_id: str) -> tuple[DocumentInfo, Resolution] | None:
        for store in self._stores.values():
            info = store.document(doc_id)
            if info is not None:
                resolution = store.resolution(doc_id)
                if resolution is not None:
                    return info, resolution
        return None

    def lineage(self, resolution: Resolution, clause: Clause) -> list[LineageStep]:
        """The clause's ancestors across the library's older texts, oldest first, ending with the clause itself.

        Each step back aligns the whole text with each candidate older text (align.align_resolutions, a global
        assignment), so two clauses never claim the same ancestor; the newest older revision with a match wins.
        """
        from cop_drafter.precedents.align import align_resolutions

        section = next((s for s, c in resolution.clauses() if c is clause or c.uid == clause.uid), None)
        if section is None:
            raise LibraryError("the clause is not part of the given text")
        header = resolution.header
        own = Source(header.heading() or "this text", header.number, header.place, header.year, section.call,
                     clause.label, header.body, header.revision)
        chain: list[tuple[Source, Clause, float | None]] = [(own, clause, None)]
        current_res, current_clause, year = resolution, clause, header.year
        with self._lock:
            self._check_open()
            own_key = content_key(resolution)
            exclude = {doc_id for store in self._stores.values() if (doc_id := store.find_by_key(own_key))}
            while True:
                candidates = self._candidate_docs(current_clause.text, year, exclude)
                step = None
                for cand_year in sorted(candidates, reverse=True):
                    best: tuple[float, DocumentInfo, Resolution, Section, Clause] | None = None
                    for doc_id in candidates[cand_year]:
                        loaded = self._doc_source(doc_id)
                        if loaded is None:
                            continue
                        info, older = loaded
                        for row in align_resolutions(older, current_res):
                            if (row.new is current_clause and row.old is not None and row.old_section is not None
                                    and (best is None or row.score > best[0])):
                                best = (row.score, info, older, row.old_section, row.old)
                    if best is not None:
                        step = best
                        break
                if step is None:
                    break
                # The score goes on the newer side: "similarity with the previous (older) step".
                score, info, older, old_section, old_clause = step
                source = Source(info.document, info.number, info.place, info.year, old_section.call,
                                old_clause.label, info.body, info.revision, info.id, info.bundled)
                chain[-1] = (chain[-1][0], chain[-1][1], score)
                chain.append((source, old_clause, None))
                exclude.add(info.id)
                current_res, current_clause, year = older, old_clause, info.year
        chain.reverse()
        steps: list[LineageStep] = []
        previous: str | None = None
        for source, step_clause, score in chain:
            text = step_clause.text
            diff = word_diff(previous, text) if previous is not None else [DiffPiece("equal", text)]
            steps.append(LineageStep(source, text, diff, score))
            previous = text
        return steps


def read_for_library(path: str | os.PathLike[str]) -> Resolution:
    """Read a text for the CLI's align/lineage commands (ParseError -> LibraryError)."""
    from cop_drafter.formats.reader import read_resolution

    try:
        return read_resolution(path)
    except ParseError as exc:
        raise LibraryError(str(exc)) from exc
