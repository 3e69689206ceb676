"""Connections to a library file that several processes share (the GUI reads while `cop-drafter library add`
writes): WAL mode, so readers never wait for a writer; read-only connections (`mode=ro`) for everything that
reads, so opening to read never writes, never takes the write lock and never creates the file; and each write one
`BEGIN IMMEDIATE` transaction on a separate connection with a busy timeout, retried while another process holds
the lock.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 10.0  # how long one statement waits for another process's lock
WRITE_ATTEMPTS = 6  # a write transaction that still finds the file locked is retried, backing off


class StoreError(Exception):
    """The library file cannot be used (not ours, damaged, from a newer version, locked for too long)."""


class BusyError(StoreError):
    """Another program kept the library locked for longer than we wait."""


def connect_reader(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """A read-only connection to an existing library file: never writes, never creates it."""
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)


def connect_writer(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """The connection that writes (created on the first write), switched to WAL mode so readers never wait."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    try:
        retry(lambda: conn.execute("PRAGMA journal_mode = WAL"), "switch the library to WAL mode")
    except sqlite3.OperationalError as exc:  # still usable in rollback-journal mode, only less concurrent
        log.warning("library %s stays in rollback-journal mode: %s", path, exc)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def connect_memory() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _locked(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def retry(step: Callable[[], Any], what: str) -> Any:
    """Run `step`, again after a growing pause while the file is locked by someone else."""
    delay = 0.05
    for attempt in range(WRITE_ATTEMPTS):
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if not _locked(exc) or attempt == WRITE_ATTEMPTS - 1:
                raise
            log.info("library busy (%s), retrying to %s in %.2f s", exc, what, delay)
            time.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, taking the write lock up front (BEGIN IMMEDIATE: no deadlock on upgrade),
    retried while another process holds it; rolled back on any failure."""
    try:
        retry(lambda: conn.execute("BEGIN IMMEDIATE"), "start a write")
    except sqlite3.OperationalError as exc:
        raise BusyError(f"the library is busy (another program is writing it): {exc}") from exc
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


class GroupedWrites:
    """Many small writes (an import of thousands of files) grouped into transactions of about `seconds`: one
    commit, and one FTS5 segment to merge, per group instead of per file. Each write is a savepoint inside the
    group, so a failed one is undone alone; what a crash loses is at most the last group, which the import
    being idempotent adds again on the next run."""

    def __init__(self, conn: sqlite3.Connection, seconds: float = 1.0) -> None:
        self.conn = conn
        self.seconds = seconds
        self._since: float | None = None

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        conn = self.conn
        if self._since is None:
            try:
                retry(lambda: conn.execute("BEGIN IMMEDIATE"), "start a write")
            except sqlite3.OperationalError as exc:
                raise BusyError(f"the library is busy (another program is writing it): {exc}") from exc
            self._since = time.monotonic()
        conn.execute("SAVEPOINT one_write")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO one_write")
            conn.execute("RELEASE one_write")
            raise
        conn.execute("RELEASE one_write")
        if time.monotonic() - self._since >= self.seconds:
            self.commit()

    def commit(self) -> None:
        """End the current group (nothing to do when none is open); rolled back if the commit fails."""
        if self._since is None:
            return
        self._since = None
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise
