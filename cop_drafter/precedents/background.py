"""A big library opened in the background: the bundled corpus answers at once, the user's library from the
moment it is open (issue 13, Deliver 8).

With its persisted index a 1M-clause library opens in about 2 s; without it (the first start after an upgrade,
a damaged index) it takes tens of seconds. Either way the delegate types from the first second: until the file is
open, suggestions, search and lineage come from the bundled corpus; then from the whole library. Writing (an
import, adding a draft) waits for the file, never goes to the stand-in. Not Qt: the GUI's precedent worker uses
it through EngineSource; only that one thread calls it (the opener thread only opens).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cop_drafter.precedents.library import PrecedentLibrary
from cop_drafter.precedents.results import LibraryError

log = logging.getLogger(__name__)

BIG_LIBRARY = 64 << 20  # bytes (about 130k clauses): smaller files open in about a second, in the foreground
OPENING = "bundled corpus; opening your library…"  # the status while the file opens
_WRITES = frozenset({"add_file", "add_resolution", "add_prepared", "add_documents", "remove", "batch", "save_index"})


def open_library(path: str | os.PathLike[str] | None = None, *, background_over: int = BIG_LIBRARY) -> Any:
    """PrecedentLibrary.open, or an OpeningLibrary when the file is bigger than `background_over` bytes."""
    from cop_drafter.precedents.paths import default_library_path

    target = Path(path) if path is not None else default_library_path()
    try:
        big = target.is_file() and target.stat().st_size > background_over
    except OSError:
        big = False
    return OpeningLibrary(target) if big else PrecedentLibrary.open(target)


class OpeningLibrary:
    """Stands in for a PrecedentLibrary while the real one opens on another thread (same methods)."""

    def __init__(self, path: Path, opener: Callable[[Path], PrecedentLibrary] = PrecedentLibrary.open) -> None:
        self.path = path
        self._opener = opener
        self._current = PrecedentLibrary.in_memory()
        self._opened: PrecedentLibrary | None = None
        self._error = ""
        self._swaps = 0
        self._closed = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._open, name="library-open", daemon=True)
        self._thread.start()

    def _open(self) -> None:
        try:
            library = self._opener(self.path)
        except LibraryError as exc:
            log.warning("the library %s cannot be opened: %s", self.path, exc)
            with self._lock:
                self._error = str(exc).splitlines()[0]
            return
        with self._lock:
            if self._closed:
                library.close()
                return
            self._opened = library
        log.info("the library %s is open (%d clauses)", self.path, len(library))

    def _library(self) -> PrecedentLibrary:
        """The library to answer with: the opened one as soon as it is there (the stand-in is closed then)."""
        with self._lock:
            opened, self._opened = self._opened, None
        if opened is not None:
            self._current.close()
            self._current = opened
            self._swaps += 1
        return self._current

    def loading(self) -> bool:
        return self._thread.is_alive()

    def status(self) -> str:
        """'' once the library is open; else what the delegate is looking at."""
        self._library()
        if self.loading():
            return OPENING
        with self._lock:
            error = self._error
        return f"bundled corpus only: {error}" if error else ""

    def wait(self, timeout: float | None = None) -> PrecedentLibrary:
        """The opened library (waiting for it); LibraryError when it could not be opened."""
        self._thread.join(timeout)
        library = self._library()
        with self._lock:
            error = self._error
        if error:
            raise LibraryError(error)
        if self.loading():
            raise LibraryError(f"the library {self.path} is still opening")
        return library

    def changes(self) -> int:
        """Moves when the contents did, and when the opened library replaced the stand-in (or failed)."""
        library = self._library()
        with self._lock:
            failed = bool(self._error)
        return (self._swaps * 2 + failed) * 10**9 + library.changes()

    def __len__(self) -> int:
        return len(self._library())

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in _WRITES:
            return getattr(self.wait(), name)
        return getattr(self._library(), name)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            opened, self._opened = self._opened, None
        if opened is not None:
            opened.close()
        self._current.close()
