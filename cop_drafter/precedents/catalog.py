"""The list of texts in the library (bundled and imported), read fresh from the library file on every call.

"New revision of...", the Library window and the citation check need the texts, not the suggestion index:
building a PrecedentLibrary for them would index every clause again. This reads the documents table through a
read-only connection opened per call, so a text another process added (`cop-drafter library add` while the GUI
runs) is listed at once, even when the library file did not exist when the GUI started. It never writes and
never creates the file. No Qt.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cop_drafter.core.checks import KnownRevision
from cop_drafter.core.model import Resolution
from cop_drafter.corpus import corpus_text, load_corpus
from cop_drafter.precedents.connections import StoreError, connect_reader
from cop_drafter.precedents.paths import default_library_path
from cop_drafter.precedents.store import DocumentInfo, Store

log = logging.getLogger(__name__)

USER = "user"


class Catalog:
    """Bundled texts (from the corpus) and the user's texts (from the library file at `path`)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_library_path()
        self._bundled: list[DocumentInfo] | None = None
        self.error = ""  # why the user's texts could not be listed (empty when they could)

    @contextmanager
    def _reader(self) -> Iterator[Store | None]:
        if not self.path.is_file():
            yield None
            return
        conn = connect_reader(self.path)
        try:
            yield Store.reader(conn, USER)
        finally:
            conn.close()

    def bundled(self) -> list[DocumentInfo]:
        """The bundled corpus, described as PrecedentLibrary stores it (manifest metadata, `corpus:` path)."""
        if self._bundled is None:
            from cop_drafter.precedents.store import clause_rows

            docs = []
            for text in load_corpus():
                meta = text.meta
                docs.append(DocumentInfo(
                    text.id, str(meta.get("document") or text.label), str(meta.get("body") or ""),
                    str(meta.get("number") or ""), str(meta.get("place") or ""), meta.get("year"),
                    bool(meta.get("revision")), str(meta.get("title") or ""), f"corpus:{text.id}", "",
                    len(clause_rows(text.resolution)), bundled=True))
            self._bundled = sorted(docs, key=lambda d: (d.year is None, d.year or 0, d.document))
        return list(self._bundled)

    def imported(self) -> list[DocumentInfo]:
        """The user's texts; [] (and `error` set) when the library file cannot be read."""
        self.error = ""
        try:
            with self._reader() as store:
                return store.documents() if store is not None else []
        except (sqlite3.Error, StoreError, OSError) as exc:
            log.warning("cannot list the library %s: %s", self.path, exc)
            self.error = f"the library {self.path} cannot be read ({exc})"
            return []

    def documents(self) -> list[DocumentInfo]:
        """Bundled texts first, then the user's, each oldest first (as `cop-drafter library list`)."""
        return self.bundled() + self.imported()

    def resolution(self, doc_id: str) -> Resolution | None:
        """The stored text of a document (a fresh copy), None when there is no such document."""
        if any(d.id == doc_id for d in self.bundled()):
            return corpus_text(doc_id).resolution
        try:
            with self._reader() as store:
                return store.resolution(doc_id) if store is not None else None
        except (sqlite3.Error, StoreError, OSError) as exc:
            log.warning("cannot read %s from the library %s: %s", doc_id, self.path, exc)
            return None

    def known_revisions(self) -> list[KnownRevision]:
        """Every text with a full reference, for the older-revision check."""
        return [KnownRevision(d.number, d.place, d.year, d.revision) for d in self.documents()
                if d.number and d.place and d.year]
