"""The persistent clause library: SQLite (stdlib sqlite3) with an FTS5 index over clause texts.

One schema, used twice by PrecedentLibrary: the user's library file (schema `main`) and the bundled corpus,
loaded into an attached in-memory database (schema `bundled`) so it is always there and never written to disk.
Each document keeps its full parsed text as JSON, so alignment and lineage can rebuild the Resolution.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cop_drafter.core.model import Clause, Header, Resolution, Section, SectionKind
from cop_drafter.core.serialize import resolution_from_dict, resolution_to_dict

SCHEMA_VERSION = 1

_DDL = """
CREATE TABLE IF NOT EXISTS {s}.meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS {s}.documents(
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
    data TEXT
);
CREATE TABLE IF NOT EXISTS {s}.clauses(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    call TEXT NOT NULL,
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS {s}.clauses_doc ON clauses(doc_id);
CREATE VIRTUAL TABLE IF NOT EXISTS {s}.clauses_fts USING fts5(
    text, content='clauses', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS {s}.clauses_ai AFTER INSERT ON clauses BEGIN
    INSERT INTO clauses_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER IF NOT EXISTS {s}.clauses_ad AFTER DELETE ON clauses BEGIN
    INSERT INTO clauses_fts(clauses_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
"""


class StoreError(Exception):
    """The library file cannot be used (not ours, damaged, from a newer version)."""


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

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class ClauseRow:
    """A clause with its provenance, as stored."""

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


class Store:
    """Tables of one schema on a shared connection. The caller (PrecedentLibrary) holds the lock."""

    def __init__(self, conn: sqlite3.Connection, schema: str) -> None:
        self.conn = conn
        self.schema = schema
        s = schema
        try:
            version = self._version()
            if version is not None and version > SCHEMA_VERSION:
                raise StoreError(f"the library was written by a newer COP Drafter (schema {version})")
            conn.executescript(_DDL.format(s=s))
            conn.execute(f"INSERT OR IGNORE INTO {s}.meta(key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            conn.execute(f"INSERT OR IGNORE INTO {s}.meta(key, value) VALUES ('format', 'cop-drafter-library')")
            fmt = conn.execute(f"SELECT value FROM {s}.meta WHERE key = 'format'").fetchone()
            if fmt is None or fmt[0] != "cop-drafter-library":
                raise StoreError("the file is not a COP Drafter library")
            conn.commit()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"the library cannot be read ({exc})") from exc

    @classmethod
    def reader(cls, conn: sqlite3.Connection, schema: str) -> Store:
        """The tables of an existing library on a read-only connection (no DDL, nothing written)."""
        store = cls.__new__(cls)
        store.conn, store.schema = conn, schema
        if store._version() is None:
            raise StoreError("the file is not a COP Drafter library")
        return store

    def _version(self) -> int | None:
        s = self.schema
        exists = self.conn.execute(
            f"SELECT 1 FROM {s}.sqlite_master WHERE type = 'table' AND name = 'meta'"
        ).fetchone()
        if not exists:
            tables = self.conn.execute(f"SELECT count(*) FROM {s}.sqlite_master").fetchone()[0]
            if tables:
                raise StoreError("the file is an SQLite database but not a COP Drafter library")
            return None
        row = self.conn.execute(f"SELECT value FROM {s}.meta WHERE key = 'schema'").fetchone()
        return int(row[0]) if row else None

    # -- writing ------------------------------------------------------------------------------------------

    def find_by_key(self, key: str) -> str | None:
        row = self.conn.execute(f"SELECT id FROM {self.schema}.documents WHERE content_key = ?", (key,)).fetchone()
        return row[0] if row else None

    def insert_document(
        self,
        doc_id: str,
        key: str,
        meta: dict[str, Any],
        clauses: list[tuple[str, str, str, str]],
        resolution: Resolution | None = None,
        *,
        commit: bool = True,
    ) -> list[int]:
        """Insert a document and its clauses ((call, kind, label, text)); returns the new clause ids in order.

        Clause ids are never reused (AUTOINCREMENT), so the in-memory index can find them by bisection."""
        s = self.schema
        data = json.dumps(resolution_to_dict(resolution), ensure_ascii=False) if resolution is not None else None
        try:
            self.conn.execute(
                f"INSERT INTO {s}.documents(id, content_key, document, body, number, place, year, revision, title,"
                f" source_path, added_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc_id, key, str(meta.get("document", "")), str(meta.get("body", "") or ""),
                    str(meta.get("number", "") or ""), str(meta.get("place", "") or ""), meta.get("year"),
                    int(bool(meta.get("revision"))), str(meta.get("title", "") or ""),
                    str(meta.get("source_path", "") or ""),
                    datetime.now(UTC).isoformat(timespec="seconds"), data,
                ),
            )
            self.conn.executemany(
                f"INSERT INTO {s}.clauses(doc_id, ord, call, kind, label, text) VALUES (?, ?, ?, ?, ?, ?)",
                [(doc_id, i, call, kind, label, text) for i, (call, kind, label, text) in enumerate(clauses)],
            )
            ids = [r[0] for r in self.conn.execute(f"SELECT id FROM {s}.clauses WHERE doc_id = ? ORDER BY id", (doc_id,))]
            if commit:
                self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise
        return ids

    def commit(self) -> None:
        self.conn.commit()

    def delete_document(self, doc_id: str) -> list[int] | None:
        """Remove a document; returns the ids of its clauses (None when there is no such document)."""
        s = self.schema
        if not self.conn.execute(f"SELECT 1 FROM {s}.documents WHERE id = ?", (doc_id,)).fetchone():
            return None
        ids = [r[0] for r in self.conn.execute(f"SELECT id FROM {s}.clauses WHERE doc_id = ?", (doc_id,))]
        with self.conn:
            self.conn.execute(f"DELETE FROM {s}.clauses WHERE doc_id = ?", (doc_id,))
            self.conn.execute(f"DELETE FROM {s}.documents WHERE id = ?", (doc_id,))
        return ids

    # -- reading ------------------------------------------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        s = self.schema
        rows = self.conn.execute(
            f"SELECT d.id, d.document, d.body, d.number, d.place, d.year, d.revision, d.title, d.source_path, d.added_at,"
            f" (SELECT count(*) FROM {s}.clauses c WHERE c.doc_id = d.id)"
            f" FROM {s}.documents d ORDER BY d.year IS NULL, d.year, d.document"
        ).fetchall()
        return [DocumentInfo(*row[:6], bool(row[6]), *row[7:], bundled=(s == "bundled")) for row in rows]

    def document(self, doc_id: str) -> DocumentInfo | None:
        return next((d for d in self.documents() if d.id == doc_id), None)

    def content_key_of(self, doc_id: str) -> str | None:
        row = self.conn.execute(f"SELECT content_key FROM {self.schema}.documents WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def resolution(self, doc_id: str) -> Resolution | None:
        """The stored text (rebuilt flat from its clause rows when it was bulk-loaded without one)."""
        s = self.schema
        row = self.conn.execute(
            f"SELECT data, number, place, year, revision, body, title FROM {s}.documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            return None
        if row[0] is not None:
            return resolution_from_dict(json.loads(row[0]))
        header = Header(number=row[1], place=row[2], year=row[3], revision=bool(row[4]), body=row[5], title=row[6])
        resolution = Resolution(header=header)
        for call, kind, label, text in self.conn.execute(
            f"SELECT call, kind, label, text FROM {s}.clauses WHERE doc_id = ? ORDER BY ord", (doc_id,)
        ):
            if not resolution.sections or resolution.sections[-1].call != call:
                resolution.sections.append(Section(call, SectionKind(kind)))
            resolution.sections[-1].clauses.append(Clause(text, label))
        return resolution

    def iter_texts(self, batch: int = 50_000) -> Iterator[list[tuple[int, str]]]:
        """(clause id, text) in id order, in batches (the index is built from this at load time)."""
        last = 0
        while True:
            rows = self.conn.execute(
                f"SELECT id, text FROM {self.schema}.clauses WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
            ).fetchall()
            if not rows:
                return
            yield rows
            last = rows[-1][0]

    def clause_rows(self, ids: list[int]) -> dict[int, ClauseRow]:
        s = self.schema
        out: dict[int, ClauseRow] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT c.id, c.doc_id, c.call, c.kind, c.label, c.text, d.document, d.body, d.number, d.place,"
                f" d.year, d.revision FROM {s}.clauses c JOIN {s}.documents d ON d.id = c.doc_id WHERE c.id IN ({marks})",
                chunk,
            ):
                out[row[0]] = ClauseRow(s, *row[:11], bool(row[11]))
        return out

    def search(self, query: str, limit: int) -> list[tuple[ClauseRow, str, float]]:
        """FTS5 MATCH: (clause, text with [[matches]] marked, bm25 rank). Raises sqlite3.OperationalError on
        bad query syntax (the library turns it into a readable error)."""
        s = self.schema
        rows = self.conn.execute(
            f"SELECT c.id, c.doc_id, c.call, c.kind, c.label, c.text, d.document, d.body, d.number, d.place, d.year,"
            f" d.revision, highlight(clauses_fts, 0, '[[', ']]'), bm25(clauses_fts)"
            f" FROM {s}.clauses_fts JOIN {s}.clauses c ON c.id = clauses_fts.rowid"
            f" JOIN {s}.documents d ON d.id = c.doc_id"
            f" WHERE clauses_fts MATCH ? ORDER BY bm25(clauses_fts) LIMIT ?",
            (query, limit),
        ).fetchall()
        return [(ClauseRow(s, *row[:11], bool(row[11])), row[12], row[13]) for row in rows]

    def clause_count(self) -> int:
        return self.conn.execute(f"SELECT count(*) FROM {self.schema}.clauses").fetchone()[0]
