"""Opening the two stores a PrecedentLibrary searches: the bundled corpus (in memory, rebuilt at every open: it
is small and ships with the app) and the reader on the user's library file (only once the file exists)."""

from __future__ import annotations

from pathlib import Path

from cop_drafter.precedents.connections import connect_memory, connect_reader, transaction
from cop_drafter.precedents.results import BUNDLED, USER, LibraryError
from cop_drafter.precedents.store import Store, clause_rows, content_key


def check_header(path: Path) -> None:
    """Refuse a file that is not an SQLite database before SQLite is asked to open it."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise LibraryError(f"cannot read the library {path}: {exc.strerror or exc}") from exc
    if head and not head.startswith(b"SQLite format 3\x00"):
        raise LibraryError(f"{path} is not a COP Drafter library (not an SQLite file)")


def bundled_store() -> Store:
    """The bundled corpus as an in-memory store (never written)."""
    from cop_drafter.corpus import load_corpus

    store = Store(connect_memory(), BUNDLED)
    with transaction(store.conn):
        for text in load_corpus():
            meta = dict(text.meta)
            meta.setdefault("document", text.label)
            meta["source_path"] = f"corpus:{text.id}"
            store.insert_document(text.id, content_key(text.resolution), meta, clause_rows(text.resolution),
                                  text.resolution)
    return store


def open_reader(path: Path) -> Store | None:
    """The read-only store on the user's library file; None while it does not exist or is empty (another
    process is creating it)."""
    if not path.is_file():
        return None
    check_header(path)
    conn = connect_reader(path)
    try:
        store = Store.reader(conn, USER)
    except BaseException:
        conn.close()
        raise
    if store is None:
        conn.close()
    return store
