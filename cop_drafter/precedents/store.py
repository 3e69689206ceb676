"""The persistent clause library: SQLite (stdlib sqlite3) with an FTS5 index over clause texts.

One schema, used twice by PrecedentLibrary: the user's library file and the bundled corpus (an in-memory
database, so it is always there and never written to disk). Each document keeps its full parsed text as JSON,
so alignment and lineage can rebuild the Resolution.
Connections (read-only, writer, in-memory) and write transactions: connections.py.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cop_drafter.core.model import Clause, Header, Resolution, Section, SectionKind
from cop_drafter.core.serialize import resolution_from_dict, resolution_to_dict
from cop_drafter.formats.document_kind import ADOPTED
from cop_drafter.precedents.connections import StoreError, retry, transaction

log = logging.getLogger(__name__)

# FTS5 merges its index segments as it goes, 4 at a time by default: about 85% of an import's time in SQLite is
# the full-text index. 8 at a time: bench/import_bench.py --files 35708 (1.43M clauses) 329 s -> 283 s; a search
# reads at most twice as many segments per level (3,000 files, 10 searches x 5, loaded machine: p50 47 -> 40 ms,
# p95 257 -> 344 ms, dominated by ranking every match of "Member States").
FTS_AUTOMERGE = 8
SCHEMA_VERSION = 1  # `documents.kind` was added without a version bump: older readers ignore it

_DDL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents(
    id TEXT PRIMARY KEY,
    content_key TEXT NOT NULL UNIQUE,
    document TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    number TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    year INTEGER,
    revision INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL DEFAULT '',
    source_path TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    data TEXT,
    kind TEXT NOT NULL DEFAULT 'adopted'
);
CREATE TABLE IF NOT EXISTS clauses(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    call TEXT NOT NULL,
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS clauses_doc ON clauses(doc_id);
CREATE VIRTUAL TABLE IF NOT EXISTS clauses_fts USING fts5(
    text, content='clauses', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS clauses_ai AFTER INSERT ON clauses BEGIN
    INSERT INTO clauses_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER IF NOT EXISTS clauses_ad AFTER DELETE ON clauses BEGIN
    INSERT INTO clauses_fts(clauses_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
"""


@dataclass
class DocumentInfo:
    """One text in the library, as `library list` shows it."""

    id: str
    document: str
    body: str
    number: str
    place: str
    year: int | None
    revision: bool
    title: str
    source_path: str
    added_at: str
    clauses: int
    bundled: bool = False
    kind: str = ADOPTED

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class ClauseRow:
    """A clause with its provenance, as stored; `store` is the store's name ("bundled" or "user")."""

    store: str
    id: int
    doc_id: str
    call: str
    kind: str
    label: str
    text: str
    document: str
    body: str
    number: str
    place: str
    year: int | None
    revision: bool
    doc_kind: str = ADOPTED  # adopted, proposal, draft


def resolution_meta(resolution: Resolution, path: str = "") -> dict[str, Any]:
    """The documents-table fields of a parsed text."""
    header = resolution.header
    document = header.heading() if header.number else ""
    if not document:
        document = Path(path).name if path else (header.title or "untitled text")
    return {"document": document, "body": header.body, "number": header.number, "place": header.place,
            "year": header.year, "revision": header.revision, "title": header.title, "source_path": path}


def clause_rows(resolution: Resolution) -> list[tuple[str, str, str, str]]:
    """(call, kind, label, text) of every non-empty clause, in order: what is stored and indexed."""
    return [(s.call, s.kind.value, c.label, c.text) for s, c in resolution.clauses() if c.text.strip()]


def content_key(resolution: Resolution) -> str:
    """Identity of a text for idempotent import: the same clauses under the same heading, whatever the file
    format, path or spacing, is the same document."""
    digest = hashlib.sha256()
    header = resolution.header
    digest.update(f"{header.number}|{header.place}|{header.year}|{header.body}\n".encode())
    for section, clause in resolution.clauses():
        digest.update(" ".join(section.call.lower().split()).encode())
        digest.update(b"\x1f")
        digest.update(clause.label.encode())
        digest.update(b"\x1f")
        digest.update(" ".join(clause.text.split()).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


@dataclass
class PreparedText:
    """A parsed text as the library stores it, computed where it was read (an import's worker process), so the
    process that writes only writes: its identity (content_key), documents-table fields, clause rows, the
    resolution as stored JSON and the reader's warnings. Small to send between processes: strings only."""

    key: str
    meta: dict[str, Any]
    rows: list[tuple[str, str, str, str]]
    data: str
    warnings: list[str]


def prepare(resolution: Resolution, meta: dict[str, Any] | None = None) -> PreparedText:
    """What `PrecedentLibrary.add_prepared` stores for `resolution`; `meta` (source_path, kind, provenance)
    overrides the fields read from its header where given."""
    given = dict(meta or {})
    full = resolution_meta(resolution, str(given.get("source_path", "")))
    full.update({k: v for k, v in given.items() if v not in (None, "")})
    return PreparedText(content_key(resolution), full, clause_rows(resolution),
                        json.dumps(resolution_to_dict(resolution), ensure_ascii=False),
                        [str(w) for w in resolution.warnings])


class Store:
    """The tables of one library database on one connection. The caller (PrecedentLibrary) holds the lock.

    `Store(conn, name)` creates the tables when missing (a writer or an in-memory database);
    `Store.reader(conn, name)` only reads an existing library (read-only connections)."""

    def __init__(self, conn: sqlite3.Connection, name: str) -> None:
        self.conn = conn
        self.name = name
        try:
            version = self._version()
            if version is not None and version > SCHEMA_VERSION:
                raise StoreError(f"the library was written by a newer COP Drafter (schema {version})")
            if version is None:
                retry(lambda: self._create_tables(), "create the library's tables")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"the library cannot be read ({exc})") from exc
        self._init_meta()

    def _create_tables(self) -> None:
        # One script, one transaction (IF NOT EXISTS: two processes creating the file at once both succeed).
        try:
            self.conn.executescript("BEGIN IMMEDIATE;" + _DDL + "COMMIT;")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def _init_meta(self) -> None:
        conn = self.conn
        try:
            with transaction(conn):
                conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('format', 'cop-drafter-library')")
                if not self._has_kind():
                    conn.execute("ALTER TABLE documents ADD COLUMN kind TEXT NOT NULL DEFAULT 'adopted'")
            fmt = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"the library cannot be read ({exc})") from exc
        if fmt is None or fmt[0] != "cop-drafter-library":
            raise StoreError("the file is not a COP Drafter library")
        self.kind_column = "d.kind"
        try:  # a setting of the file's full-text index, kept in it: written once per writer, idempotent
            conn.execute("INSERT INTO clauses_fts(clauses_fts, rank) VALUES ('automerge', ?)", (FTS_AUTOMERGE,))
        except sqlite3.DatabaseError as exc:
            log.info("full-text index settings left as they were: %s", exc)

    @classmethod
    def reader(cls, conn: sqlite3.Connection, name: str) -> Store | None:
        """The tables of an existing library on a read-only connection (no DDL, nothing written); None when
        the file has no tables yet (another process is creating it)."""
        store = cls.__new__(cls)
        store.conn, store.name = conn, name
        try:
            if store._version() is None:
                return None
            store.kind_column = "d.kind" if store._has_kind() else "'adopted'"
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"the library cannot be read ({exc})") from exc
        return store

    def refresh_columns(self) -> None:
        """A writer (maybe another process) may have upgraded an older file since this reader opened it."""
        if self.kind_column != "d.kind" and self._has_kind():
            self.kind_column = "d.kind"

    def _has_kind(self) -> bool:
        return any(row[1] == "kind" for row in self.conn.execute("PRAGMA table_info(documents)"))

    def _version(self) -> int | None:
        exists = self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
        if not exists:
            tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise StoreError("the file is an SQLite database but not a COP Drafter library")
            return None
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        return int(row[0]) if row else None

    def data_version(self) -> int:
        """Changes whenever another connection (this process's writer, or another process) commits."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    # -- writing (inside `transaction(store.conn)`) ---------------------------------------------------------

    def find_by_key(self, key: str) -> str | None:
        row = self.conn.execute("SELECT id FROM documents WHERE content_key = ?", (key,)).fetchone()
        return row[0] if row else None

    def insert_document(
        self,
        doc_id: str,
        key: str,
        meta: dict[str, Any],
        clauses: list[tuple[str, str, str, str]],
        resolution: Resolution | None = None,
        *,
        data: str | None = None,
    ) -> list[int]:
        """Insert a document and its clauses ((call, kind, label, text)); returns the new clause ids in order.

        Clause ids are never reused (AUTOINCREMENT) and grow, so the in-memory index finds them by bisection
        and picks up another process's additions as the ids above the highest it has."""
        if data is None and resolution is not None:
            data = json.dumps(resolution_to_dict(resolution), ensure_ascii=False)
        self.conn.execute(
            "INSERT INTO documents(id, content_key, document, body, number, place, year, revision, title,"
            " source_path, added_at, data, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                doc_id, key, str(meta.get("document", "")), str(meta.get("body", "") or ""),
                str(meta.get("number", "") or ""), str(meta.get("place", "") or ""), meta.get("year"),
                int(bool(meta.get("revision"))), str(meta.get("title", "") or ""),
                str(meta.get("source_path", "") or ""),
                datetime.now(UTC).isoformat(timespec="seconds"), data, str(meta.get("kind") or ADOPTED),
            ),
        )
        self.conn.executemany(
            "INSERT INTO clauses(doc_id, ord, call, kind, label, text) VALUES (?, ?, ?, ?, ?, ?)",
            [(doc_id, i, call, kind, label, text) for i, (call, kind, label, text) in enumerate(clauses)],
        )
        return [r[0] for r in self.conn.execute("SELECT id FROM clauses WHERE doc_id = ? ORDER BY id", (doc_id,))]

    def delete_document(self, doc_id: str) -> list[int] | None:
        """Remove a document; returns the ids of its clauses (None when there is no such document)."""
        if not self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone():
            return None
        ids = [r[0] for r in self.conn.execute("SELECT id FROM clauses WHERE doc_id = ?", (doc_id,))]
        self.conn.execute("DELETE FROM clauses WHERE doc_id = ?", (doc_id,))
        self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        return ids

    # -- reading ------------------------------------------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        rows = self.conn.execute(
            f"SELECT d.id, d.document, d.body, d.number, d.place, d.year, d.revision, d.title, d.source_path,"
            f" d.added_at, (SELECT count(*) FROM clauses c WHERE c.doc_id = d.id), {self.kind_column}"
            f" FROM documents d ORDER BY d.year IS NULL, d.year, d.document"
        ).fetchall()
        bundled = self.name == "bundled"
        return [DocumentInfo(*row[:6], bool(row[6]), *row[7:11], bundled=bundled, kind=row[11]) for row in rows]

    def document(self, doc_id: str) -> DocumentInfo | None:
        return next((d for d in self.documents() if d.id == doc_id), None)

    def resolution(self, doc_id: str) -> Resolution | None:
        """The stored text (rebuilt flat from its clause rows when it was bulk-loaded without one)."""
        row = self.conn.execute(
            "SELECT data, number, place, year, revision, body, title FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            return None
        if row[0] is not None:
            return resolution_from_dict(json.loads(row[0]))
        header = Header(number=row[1], place=row[2], year=row[3], revision=bool(row[4]), body=row[5], title=row[6])
        resolution = Resolution(header=header)
        for call, kind, label, text in self.conn.execute(
            "SELECT call, kind, label, text FROM clauses WHERE doc_id = ? ORDER BY ord", (doc_id,)
        ):
            if not resolution.sections or resolution.sections[-1].call != call:
                resolution.sections.append(Section(call, SectionKind(kind)))
            resolution.sections[-1].clauses.append(Clause(text, label))
        return resolution

    def iter_texts(self, after: int = 0, batch: int = 50_000) -> Iterator[list[tuple[int, str]]]:
        """(clause id, text) with ids above `after`, in id order, in batches (what the index is built from)."""
        last = after
        while True:
            rows = self.conn.execute(
                "SELECT id, text FROM clauses WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
            ).fetchall()
            if not rows:
                return
            yield rows
            last = rows[-1][0]

    def texts(self, ids: list[int]) -> dict[int, str]:
        """Clause id -> text, for the ids that exist (checking a persisted index against the library)."""
        out: dict[int, str] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            out.update(self.conn.execute(f"SELECT id, text FROM clauses WHERE id IN ({marks})", chunk).fetchall())
        return out

    def last_id_handed_out(self) -> int:
        """The highest clause id ever given (AUTOINCREMENT's sqlite_sequence), removed clauses included."""
        try:
            row = self.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'clauses'").fetchone()
        except sqlite3.OperationalError:  # nothing was ever inserted
            return 0
        return int(row[0]) if row else 0

    def clause_ids(self) -> set[int]:
        return {r[0] for r in self.conn.execute("SELECT id FROM clauses")}

    def clause_total(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM clauses").fetchone()[0])

    def _row(self, row: tuple[Any, ...]) -> ClauseRow:
        return ClauseRow(self.name, *row[:11], bool(row[11]), row[12])

    def clause_rows(self, ids: list[int]) -> dict[int, ClauseRow]:
        out: dict[int, ClauseRow] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT c.id, c.doc_id, c.call, c.kind, c.label, c.text, d.document, d.body, d.number, d.place,"
                f" d.year, d.revision, {self.kind_column} FROM clauses c JOIN documents d ON d.id = c.doc_id"
                f" WHERE c.id IN ({marks})",
                chunk,
            ):
                out[row[0]] = self._row(row)
        return out

    def search(self, query: str, limit: int) -> list[tuple[ClauseRow, str, float]]:
        """FTS5 MATCH: (clause, text with [[matches]] marked, bm25 rank). Raises sqlite3.OperationalError on
        bad query syntax (the library turns it into a readable error)."""
        rows = self.conn.execute(
            f"SELECT c.id, c.doc_id, c.call, c.kind, c.label, c.text, d.document, d.body, d.number, d.place, d.year,"
            f" d.revision, {self.kind_column}, highlight(clauses_fts, 0, '[[', ']]'), bm25(clauses_fts)"
            f" FROM clauses_fts JOIN clauses c ON c.id = clauses_fts.rowid"
            f" JOIN documents d ON d.id = c.doc_id"
            f" WHERE clauses_fts MATCH ? ORDER BY bm25(clauses_fts) LIMIT ?",
            (query, limit),
        ).fetchall()
        return [(self._row(row[:13]), row[13], row[14]) for row in rows]
