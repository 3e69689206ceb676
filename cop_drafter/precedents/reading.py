"""Reading an archive's files for import, on every core: parsing is most of an import's time (about 10 ms a
text file, 35,000 files in a delegate's archive), and the library writes one text at a time anyway.

`reading(files)` yields (path, read) in the files' order, where read is the texts the file holds, prepared for
the library (store.prepare: its identity, rows and stored JSON computed by the reader, so the process that
writes only writes), or the one-line reason the file cannot be read. Up to SMALL files are read in this process; more go to a pool
of worker processes (forkserver/spawn: safe from the GUI's threads), read a few ahead. A worker that dies (a
crash in a native reader) is no lost import: the files it had not returned are read here instead.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from cop_drafter.core.model import ParseError
from cop_drafter.precedents.store import PreparedText, prepare

log = logging.getLogger(__name__)

SMALL = 48  # files below which starting worker processes (~0.5 s) costs more than it saves
AHEAD = 64  # files read ahead of the one being stored (bounds the memory held by parsed texts)

Read = list[PreparedText] | str


def read_file(path: Path) -> tuple[Read, str]:
    """Parse one file: (what was read or why not, a traceback for the log when the reader itself failed)."""
    from cop_drafter.formats.document_kind import document_kind
    from cop_drafter.formats.reader import read_resolutions

    try:
        texts = read_resolutions(path)  # first: what cannot be read (a zip bomb) is refused before anything else
        kind = document_kind(path)
        source = os.path.abspath(path)
        return [prepare(resolution, {"source_path": source, "kind": kind, **provenance})
                for resolution, provenance in texts], ""
    except ParseError as exc:
        return str(exc), ""
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the rest; the log keeps the traceback
        return f"cannot read it ({type(exc).__name__}: {exc})".splitlines()[0], traceback.format_exc()


def _logged(path: Path, outcome: tuple[Read, str]) -> Read:
    read, trace = outcome
    if trace:
        log.error("importing %s:\n%s", path, trace)
    return read


def watch_parent(pid: int) -> None:
    """In a worker: exit once the importing process is gone. A worker blocks reading its task queue, whose
    other end it holds itself, so it would never see the importer die (a crash, a kill, a power button):
    without this, every crashed import would leave its readers running."""
    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(pid, 0)
            except (ProcessLookupError, PermissionError):  # gone (or the pid now another user's process)
                os._exit(0)

    threading.Thread(target=watch, name="watch-importer", daemon=True).start()


def _workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


@contextlib.contextmanager
def reading(files: Sequence[Path]) -> Iterator[Iterator[tuple[Path, Read]]]:
    """The files' contents in order; leaving the block early (a cancelled import) stops the workers."""
    if len(files) < SMALL or _workers() < 2:
        yield ((path, _logged(path, read_file(path))) for path in files)
        return
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() and sys.platform != "darwin" \
        else "spawn"
    pool = ProcessPoolExecutor(_workers(), mp_context=multiprocessing.get_context(method),
                               initializer=watch_parent, initargs=(os.getpid(),))
    try:
        yield _pooled(pool, files)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _pooled(pool: ProcessPoolExecutor, files: Sequence[Path]) -> Iterator[tuple[Path, Read]]:
    """Submitted in order, a prefix of the files at most AHEAD ahead: the queue's head is always the file
    being yielded. Once the pool is broken, what it did not return is read here."""
    queue: deque[Future[tuple[Read, str]]] = deque()
    submitted = 0
    broken = False
    for path in files:
        while not broken and submitted < len(files) and len(queue) < AHEAD:
            try:
                queue.append(pool.submit(read_file, files[submitted]))
            except (BrokenProcessPool, RuntimeError):
                broken = True
                break
            submitted += 1
        outcome: tuple[Read, str] | None = None
        if queue:
            try:
                outcome = queue.popleft().result()
            except BrokenProcessPool:
                if not broken:
                    log.warning("a reader process died at %s; reading the remaining files in this process", path)
                broken = True
        yield path, _logged(path, outcome if outcome is not None else read_file(path))
