"""PrecedentLibrary: every clause of every known text, with provenance; live suggestions, concordance search,
lineage and import. The one object the CLI, the GUI's worker thread and the .docx proposal use.

- Storage: the bundled corpus in an in-memory SQLite database (always there, never written), the user's imported
  texts in the library file (SQLite + FTS5, see store.py), created only when something is first added. The file
  is read through a read-only connection and written through another one (WAL mode), so a search never waits
  for `cop-drafter library add` running in another process.
- Freshness: before answering, the library checks the file's `PRAGMA data_version` (a few microseconds) and
  indexes what another process added, forgets what it removed, and opens the file when it appeared since.
  `changes()` counts those updates, for a status bar to refresh its count.
- Suggestions: an in-memory TokenIndex (index.py) over both, built when the library opens; candidates by word
  coverage per length tier, re-scored exactly (scoring.py). At equal score the text in force ranks before a
  proposal or a draft (formats.document_kind), then the newer text.
- Thread safety: connections opened with check_same_thread=False and every public method under one lock, so a
  library created on one thread may be used from another (the GUI's worker).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from cop_drafter.core.model import Clause, ParseError, Resolution
from cop_drafter.precedents.concordance import search_stores
from cop_drafter.precedents.connections import (
    GroupedWrites,
    StoreError,
    connect_memory,
    connect_writer,
    transaction,
)
from cop_drafter.precedents.index import TokenIndex
from cop_drafter.precedents.opening import bundled_store, check_header, open_reader
from cop_drafter.precedents.paths import default_library_path
from cop_drafter.precedents.positions import Positions
from cop_drafter.precedents.ranking import group, order
from cop_drafter.precedents.results import (
    BUNDLED,
    USER,
    ImportReport,
    LibraryError,
    LineageStep,
    SearchHit,
    SearchSyntaxError,
    Source,
    Suggestion,
)
from cop_drafter.precedents.scoring import precedent_ratio, scoring_form
from cop_drafter.precedents.snapshot import snapshot_path
from cop_drafter.precedents.store import ClauseRow, DocumentInfo, PreparedText, Store, prepare

log = logging.getLogger(__name__)

PERSIST_AFTER = 20_000  # clauses indexed at open beyond the persisted index that make it worth rewriting
CANDIDATES = 500  # clauses re-scored per length tier: recall 0.96 at 300, 0.984 at 500 (100k, precedent scorer)
_CODES = {BUNDLED: 0, USER: 1}

__all__ = ["CANDIDATES", "ImportReport", "LibraryError", "LineageStep", "PrecedentLibrary", "SearchHit",
           "SearchSyntaxError", "Source", "Suggestion", "read_for_library"]


class PrecedentLibrary:
    """The bundled corpus plus the user's library file. Use `PrecedentLibrary.open()`."""

    def __init__(self, path: str | os.PathLike[str] | None, *, bundled: bool = True) -> None:
        self._lock = threading.RLock()
        self.path = Path(path) if path is not None else None
        self._index = TokenIndex()
        self._positions = Positions(self._index)
        self._stores: dict[str, Store] = {}  # BUNDLED, USER (the reader): what is searched
        self._writer: Store | None = None
        self._version: int | None = None
        self._changes = 0
        self._closed = False
        self._batch = 0  # nesting depth of batch()
        self._group: GroupedWrites | None = None  # the batch's open write group
        self._persisted = (0, 0)  # (positions, live clauses) in the persisted index this one started from
        try:
            if bundled:
                self._stores[BUNDLED] = bundled_store()
            if self.path is None:
                store = Store(connect_memory(), USER)
                self._stores[USER] = self._writer = store
            elif self.path.is_dir():
                raise LibraryError(f"the library path {self.path} is a folder")
            else:
                self._warm_start()
            if bundled:
                self._positions.index_store(_CODES[BUNDLED], self._stores[BUNDLED])
            self._sync(force=True)
            if self._indexed_afresh() >= PERSIST_AFTER:
                self.save_index()
        except LibraryError:
            self._close_all()
            raise
        except StoreError as exc:
            self._close_all()
            raise LibraryError(f"{self.path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            self._close_all()
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

    def _close_all(self) -> None:
        conns = {id(s.conn): s.conn for s in [*self._stores.values(), *([self._writer] if self._writer else [])]}
        for conn in conns.values():
            conn.close()

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                try:
                    self._end_group()  # closed in the middle of an import: keep what it wrote
                except LibraryError as exc:
                    log.warning("%s", exc)
                self._closed = True
                self._close_all()

    def __enter__(self) -> PrecedentLibrary:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the persisted index (snapshot.py) ----------------------------------------------------------------

    def _warm_start(self) -> None:
        """Take the index persisted beside the library when it stands for what the library holds: opening a
        1M-clause library then reads one file instead of normalising a million texts."""
        store = self._open_user()
        if store is None:
            return
        assert self.path is not None
        stores = {_CODES[name]: s for name, s in self._stores.items()}
        positions = Positions.load(snapshot_path(self.path), stores)
        if positions is not None:
            self._positions, self._index = positions, positions.index
            self._persisted = (positions.index.size, len(positions.index))

    def _indexed_afresh(self) -> int:
        """Clauses indexed or forgotten since the persisted index was taken (all of them without one)."""
        size, alive = self._persisted
        added = self._index.size - size
        return added + (alive + added - len(self._index))

    def save_index(self) -> bool:
        """Persist the index beside the library file (after an import; at open when it was rebuilt), so the
        next open is fast. A cache: failing to write it is logged, never an error."""
        with self._lock:
            if self.path is None or USER not in self._stores or self._closed:
                return False
            saved = self._positions.save(snapshot_path(self.path))
            if saved:
                self._persisted = (self._index.size, len(self._index))
            return saved

    # -- keeping up with other processes ------------------------------------------------------------------

    def _sync(self, *, force: bool = False) -> None:
        """Index what was added to the user's library since last time (by anyone), forget what was removed;
        open the file when it appeared since. Called under the lock before every answer."""
        store = self._stores.get(USER)
        if store is None:
            store = self._open_user()
            if store is None:
                return
            force = True
        version = store.data_version()
        if not force and version == self._version:
            return
        self._version = version
        store.refresh_columns()
        code = _CODES[USER]
        changed = self._positions.index_store(code, store) + self._positions.sync_removals(code, store)
        if changed or force:
            self._changes += 1

    def _open_user(self) -> Store | None:
        """The reader on the user's library file, once the file exists (see opening.open_reader)."""
        store = self._stores.get(USER)
        if store is None and self.path is not None and (store := open_reader(self.path)) is not None:
            self._stores[USER] = store
        return store

    def changes(self) -> int:
        """A number that changes whenever the library's contents did (here or in another process): poll it
        (e.g. when the window gets focus) to refresh a clause count. Cheap: one PRAGMA."""
        with self._lock:
            self._check_open()
            self._refresh()
            return self._changes

    def _refresh(self) -> None:
        try:
            self._sync()
        except (sqlite3.DatabaseError, StoreError) as exc:
            log.warning("cannot refresh the library %s: %s", self.path, exc)

    def _writable(self) -> Store:
        if self._writer is None:
            assert self.path is not None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise LibraryError(f"cannot create the library folder {self.path.parent}: {exc.strerror or exc}") from exc
            if self.path.exists():
                check_header(self.path)
            conn = connect_writer(self.path)
            try:
                self._writer = Store(conn, USER)
            except BaseException:
                conn.close()
                raise
        return self._writer

    # -- importing ----------------------------------------------------------------------------------------

    def add_file(self, path: str | os.PathLike[str]) -> ImportReport:
        """Import a .txt/.md/.docx/.copdraft text. ParseError (one line) when it cannot be read."""
        from cop_drafter.formats.document_kind import document_kind
        from cop_drafter.formats.reader import read_resolution

        resolution = read_resolution(path)
        return self.add_resolution(resolution, {"source_path": os.path.abspath(path), "kind": document_kind(path)})

    def add_resolution(self, resolution: Resolution, meta: dict[str, Any] | None = None) -> ImportReport:
        """Add a parsed text to the user library; the same text twice is added once (also when another
        process added it first: the check and the insert are one write transaction)."""
        return self.add_prepared(prepare(resolution, meta))

    def add_prepared(self, text: PreparedText) -> ImportReport:
        """`add_resolution` for a text prepared where it was read (store.prepare, in an import's workers)."""
        full, rows, key = text.meta, text.rows, text.key
        path = str(full.get("source_path", ""))
        with self._lock:
            self._check_open()
            bundled = self._stores.get(BUNDLED)
            if bundled is not None and (existing := bundled.find_by_key(key)) is not None:
                return ImportReport(path, existing, full["document"], False, len(rows), "bundled corpus",
                                    text.warnings)
            if not rows:
                raise LibraryError(f"{path or full['document']}: no clauses found, nothing to add")
            try:
                store = self._writable()
                with self._write(store):
                    existing = store.find_by_key(key)
                    if existing is None:
                        store.insert_document(key[:12], key, full, rows, data=text.data)
            except StoreError as exc:
                raise LibraryError(f"{self.path}: {exc}") from exc
            if not self._batch:
                self._sync(force=True)
        if existing is not None:
            return ImportReport(path, existing, full["document"], False, len(rows),
                                "same clauses as an earlier import", text.warnings)
        return ImportReport(path, key[:12], full["document"], True, len(rows), "", text.warnings)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Many imports in a row (a folder): the index catches up once at the end, in one bulk pass, and is
        persisted then, instead of after every text (each update of a 1M-clause index costs milliseconds)."""
        with self._lock:
            self._batch += 1
        try:
            yield
        finally:
            with self._lock:
                self._batch -= 1
                if not self._batch and not self._closed:
                    self._end_group()
                    self._sync(force=True)
                    if self._indexed_afresh():
                        self.save_index()

    def _write(self, store: Store) -> contextlib.AbstractContextManager[Any]:
        """One text's write: its own transaction, or a savepoint in the batch's current group."""
        if not self._batch or store.conn is not getattr(self._writer, "conn", None):
            return transaction(store.conn)
        if self._group is None:
            self._group = GroupedWrites(store.conn)
        return self._group.write()

    def _end_group(self) -> None:
        """Commit the batch's open group (before any other write, and at the end of the batch)."""
        if self._group is not None:
            group, self._group = self._group, None
            try:
                group.commit()
            except sqlite3.Error as exc:
                raise LibraryError(f"{self.path}: the last texts imported could not be saved ({exc})") from exc

    def add_documents(self, documents: Iterable[tuple[dict[str, Any], list[tuple[str, str, str, str]]]]) -> int:
        """Bulk import of (meta, [(call, kind, label, text)]) in one transaction (benchmarks, migrations).
        Documents are keyed by their meta and clauses; returns the number of clauses added."""
        import hashlib

        added = 0
        with self._lock:
            self._check_open()
            store = self._writable() if self.path is not None else self._stores[USER]
            self._end_group()
            with transaction(store.conn):
                for meta, rows in documents:
                    digest = hashlib.sha256(repr((sorted(meta.items()), rows)).encode()).hexdigest()
                    if store.find_by_key(digest) is not None:
                        continue
                    store.insert_document(digest[:16], digest, meta, rows, None)
                    added += len(rows)
            self._sync(force=True)
            if added:
                self.save_index()
        return added

    def remove(self, doc_id: str) -> DocumentInfo:
        """Remove an imported text (the bundled corpus cannot be removed)."""
        with self._lock:
            self._check_open()
            self._refresh()
            bundled = self._stores.get(BUNDLED)
            if bundled is not None and bundled.document(doc_id) is not None:
                raise LibraryError(f"{doc_id} is part of the bundled corpus and cannot be removed")
            store = self._stores.get(USER)
            info = store.document(doc_id) if store is not None else None
            if store is None or info is None:
                raise LibraryError(f"no text {doc_id!r} in the library (see `cop-drafter library list`)")
            writer = self._writable() if self.path is not None else store
            self._end_group()
            with transaction(writer.conn):
                ids = writer.delete_document(doc_id) or []
            self._positions.forget(_CODES[USER], ids)
            self._sync(force=True)
            return info

    def documents(self) -> list[DocumentInfo]:
        """Bundled texts first, then the user's, each oldest first."""
        with self._lock:
            self._check_open()
            self._refresh()
            return [doc for store in self._stores.values() for doc in store.documents()]

    def resolution(self, doc_id: str) -> Resolution | None:
        with self._lock:
            self._refresh()
            return next((found for store in self._stores.values() if (found := store.resolution(doc_id))), None)

    def doc_source(self, doc_id: str) -> tuple[DocumentInfo, Resolution] | None:
        """A document's description and text (under the lock)."""
        for store in self._stores.values():
            info = store.document(doc_id)
            if info is not None:
                resolution = store.resolution(doc_id)
                if resolution is not None:
                    return info, resolution
        return None

    def doc_ids_with_key(self, key: str) -> set[str]:
        return {doc_id for store in self._stores.values() if (doc_id := store.find_by_key(key))}

    def __len__(self) -> int:
        with self._lock:
            if not self._closed:
                self._refresh()
            return len(self._index)

    def _check_open(self) -> None:
        if self._closed:
            raise LibraryError("the library is closed")

    # -- suggesting ---------------------------------------------------------------------------------------

    def _rows(self, positions: list[int]) -> dict[int, ClauseRow]:
        return self._positions.rows(positions, {_CODES[name]: store for name, store in self._stores.items()})

    def ranked_unlocked(self, text: str, limit: int) -> list[tuple[float, ClauseRow]]:
        query = scoring_form(text)
        if not query.strip():
            return []
        top = self._index.top(query, limit, CANDIDATES)
        rows = self._rows([pos for pos, _s in top])
        return order([(score, rows[pos]) for pos, score in top if pos in rows])

    def ranked(self, text: str, limit: int = 5) -> list[tuple[float, ClauseRow]]:
        """The best `limit` clauses by score, ungrouped (what the benchmark compares with a full scan)."""
        with self._lock:
            self._check_open()
            self._refresh()
            return self.ranked_unlocked(text, limit)

    def suggest(self, text: str, limit: int = 5, context: tuple[str, str] | None = None, *,
                anchor: str = "") -> list[Suggestion]:
        """Top precedents for the text being typed, near-identical ones grouped (the text in force, then the
        newest, shown first). `context` = (call, label) of the clause being drafted: precedents under the same
        call and at the same position rank a little higher (ranking.context_bonus). `anchor` = the text of the
        clause it replaces (its base in the text in force): that clause and its predecessors are looked up
        too and rank higher (ranking.anchor_bonus); every score shown is still against the typed text."""
        if limit <= 0:
            return []
        ranked = self.ranked(text, limit + (15 if context or anchor else 5))
        anchor = scoring_form(anchor) if anchor.strip() else ""
        if anchor:
            ranked += self._anchored(text, anchor, {row.text for _s, row in ranked})
        return group(order(ranked, context, anchor), text, limit, context, anchor)

    def _anchored(self, text: str, anchor: str, have: set[str]) -> list[tuple[float, ClauseRow]]:
        """The precedents closest to the anchor, scored against the typed text (what the delegate sees)."""
        query = scoring_form(text)
        return [(precedent_ratio(query, scoring_form(row.text)), row) for _s, row in self.ranked(anchor, 5)
                if row.text not in have]

    # -- concordance --------------------------------------------------------------------------------------

    def search(self, phrase: str, limit: int = 50) -> list[SearchHit]:
        """Every clause matching the typed words and phrases, best first (concordance.py: "WG-COP" and an
        unclosed quote just work; AND/OR/NOT, "a phrase" and prefix* when the delegate uses them)."""
        with self._lock:
            self._check_open()
            self._refresh()
            return search_stores(list(self._stores.values()), phrase, limit)

    # -- lineage ------------------------------------------------------------------------------------------

    def lineage(self, resolution: Resolution, clause: Clause, base: Resolution | None = None) -> list[LineageStep]:
        """The clause's ancestors across the library's older texts, oldest first, ending with the clause
        itself; anchored on the clause it modifies in `base`, the draft's text in force (see lineage.py)."""
        from cop_drafter.precedents.lineage import lineage

        with self._lock:
            self._check_open()
            self._refresh()
            return lineage(self, resolution, clause, base)


def read_for_library(path: str | os.PathLike[str]) -> Resolution:
    """Read a text for the CLI's align/lineage commands (ParseError -> LibraryError)."""
    from cop_drafter.formats.reader import read_resolution

    try:
        return read_resolution(path)
    except ParseError as exc:
        raise LibraryError(str(exc)) from exc
