"""The GUI's view of the precedent engine: a small interface, the adapter to `cop_drafter.precedents`, and the
worker thread that runs it.

The engine's SQLite connection belongs to the thread that opened it, so the worker opens the library itself,
inside its own QThread, and every request travels there by queued signal. Requests carry a sequence number:
the worker skips a request already superseded, and the panel drops any answer that is not the latest.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from cop_drafter.core.model import Clause, Resolution
from cop_drafter.core.textdiff import DiffPiece

log = logging.getLogger(__name__)

RETRY_OPEN_S = 5.0  # after a failed open, requests within this time get the same message without a new try


@dataclass
class SuggestionView:
    score: float  # 0..100
    text: str
    source: str  # "Res 67 (Rev. Buenos Aires, 2017), recalling c)"
    also_in: list[str] = field(default_factory=list)  # grouped near-identical precedents
    spans: list[DiffPiece] | None = None  # typed text -> precedent, when the engine computed it
    year: int | None = None  # the precedent's year ("brought in from 2014: ...")
    kind: str = "adopted"  # adopted, proposal or draft
    call: str = ""  # the precedent's call words and label ("same call, same position")
    label: str = ""
    near_anchor: bool = False  # worded like the clause of the text in force being modified: never "weaker"


@dataclass
class ConcordanceHit:
    text: str
    source: str
    highlighted: str = ""  # the text with each match in [[ ]], when the engine marks them
    doc_id: str = ""  # the library text it is in (to open it read-only)


class PrecedentError(Exception):
    """The library could not answer; the message is fit to show as is."""


@dataclass
class LineageRow:
    """One step of a clause's lineage as the Lineage tab shows it (precedents.LineageStep, its source described)."""

    source: str
    text: str
    diff: list[DiffPiece]  # against the previous (older) step; all "equal" for the oldest


class PrecedentSource(Protocol):
    def suggest(self, text: str, limit: int, context: tuple[str, str] | None = None, anchor: str = ""
                ) -> list[SuggestionView]: ...

    def search(self, phrase: str, limit: int) -> list[ConcordanceHit]: ...

    def lineage(self, resolution: Resolution, clause: Clause, *base: Resolution) -> list[LineageRow]: ...

    def add_file(self, path: str) -> str: ...


class EngineSource:
    """Adapter over `cop_drafter.precedents.PrecedentLibrary` (thread-safe: it locks its own connection)."""

    def __init__(self, library: Any) -> None:
        self.library = library

    @classmethod
    def open(cls, path: str | None = None) -> EngineSource:
        """The user's library; a big one opens in the background, the bundled corpus answering meanwhile."""
        from cop_drafter.precedents import LibraryError
        from cop_drafter.precedents.background import open_library

        try:
            return cls(open_library(path))
        except LibraryError as exc:
            raise PrecedentError(str(exc)) from exc

    def summary(self) -> str:
        status = getattr(self.library, "status", None)
        state = status() if callable(status) else ""
        return f"{len(self.library):,} clauses in the library" + (f" ({state})" if state else "")

    def changes(self) -> int:
        """Changes when the library's contents did, in this process or another (see PrecedentLibrary.changes)."""
        return int(self._call("changes"))

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        from cop_drafter.precedents import LibraryError

        try:
            return getattr(self.library, method)(*args, **kwargs)
        except LibraryError as exc:
            raise PrecedentError(str(exc)) from exc

    def suggest(self, text: str, limit: int, context: tuple[str, str] | None = None, anchor: str = ""
                ) -> list[SuggestionView]:
        """`context`: (call, label) of the clause being drafted (same call and position rank higher);
        `anchor`: the text of the clause it modifies in the text in force (it and its predecessors rank higher)."""
        out = []
        for item in self._call("suggest", text, limit, context, anchor=anchor):
            source = item.source.describe()
            also = [g.describe() for g in item.group]
            out.append(SuggestionView(float(item.score), item.text, source, [a for a in also if a != source],
                                      list(item.spans), item.source.year, item.source.kind, item.source.call,
                                      item.source.label, item.near_anchor))
        return out

    def search(self, phrase: str, limit: int) -> list[ConcordanceHit]:
        return [ConcordanceHit(h.text, h.source.describe(), h.highlighted, h.source.doc_id)
                for h in self._call("search", phrase, limit)]

    def document(self, doc_id: str) -> Resolution | None:
        """A library text, to read (a concordance hit opened)."""
        return self._call("resolution", doc_id)

    def lineage(self, resolution: Resolution, clause: Clause, base: Resolution | None = None) -> list[LineageRow]:
        """Anchored on the clause it modifies in `base` (the draft's text in force) when given."""
        return [LineageRow(step.source.describe(), step.text, list(step.diff))
                for step in self._call("lineage", resolution, clause, base)]

    def add_file(self, path: str) -> str:
        return str(self._call("add_file", path))


class PrecedentWorker(QObject):
    """Lives in its own QThread; opens the source there on first use."""

    done = Signal(int, str, object)  # seq, kind, result
    failed = Signal(int, str, str)  # seq, kind, one-line message
    request = Signal(int, str, object)  # seq, kind, payload (emitted by the GUI thread)

    def __init__(self, factory: Callable[[], PrecedentSource | None]) -> None:
        super().__init__()
        self.factory = factory
        self.source: PrecedentSource | None = None
        self._opened = False
        self._changes: int | None = None
        self._retry_at = 0.0  # when opening failed: monotonic time of the next attempt
        self._open_error = ""
        self._latest: dict[str, int] = {}
        self._lock = threading.Lock()
        self.request.connect(self._run)

    def latest(self, kind: str, seq: int) -> None:
        """Called from the GUI thread when it sends a request: anything older is stale."""
        with self._lock:
            self._latest[kind] = seq

    def _is_stale(self, kind: str, seq: int) -> bool:
        with self._lock:
            return self._latest.get(kind, seq) != seq

    @Slot(int, str, object)
    def _run(self, seq: int, kind: str, payload: object) -> None:
        if self._is_stale(kind, seq) and kind not in ("add", "open"):
            return
        try:
            if not self._opened:
                if time.monotonic() < self._retry_at and kind != "open":
                    self.failed.emit(seq, kind, self._open_error)
                    return
                try:
                    self.source = self.factory()
                except PrecedentError as exc:
                    # Not for the rest of the session: the next request after a pause tries again (the file
                    # may have been busy, or is being created by another program).
                    self._retry_at = time.monotonic() + RETRY_OPEN_S
                    self._open_error = str(exc).splitlines()[0] if str(exc) else "the library cannot be opened"
                    raise
                self._opened = True
                # A large library is hundreds of thousands of long-lived objects; a full garbage collection
                # scanning them takes ~70 ms at 100k clauses, a visible freeze if it lands while typing.
                # Move everything alive now out of the collector's way (see bench/gui_responsiveness.py).
                gc.freeze()
                if kind != "open":
                    self._announce(seq)
            if self.source is None:
                self.failed.emit(seq, kind, "no precedent library is available in this installation")
                return
            if kind == "open":
                summary = getattr(self.source, "summary", None)
                result: object = summary() if callable(summary) else ""
            elif kind == "suggest":
                text, limit, context, anchor = payload  # type: ignore[misc]
                result = self.source.suggest(text, limit, context, anchor)
            elif kind == "search":
                result = self.source.search(str(payload), 50)
            elif kind == "document":
                doc_id, text = payload  # type: ignore[misc]
                opener = getattr(self.source, "document", None)
                result = (opener(doc_id) if callable(opener) else None, text)
            elif kind == "lineage":
                resolution, clause, *base = payload  # type: ignore[misc]
                result = self.source.lineage(resolution, clause, *base)
            elif kind == "add":
                result = self.source.add_file(str(payload))
                gc.freeze()
            elif kind == "refresh":
                self._announce(seq)
                return
            else:
                return
        except PrecedentError as exc:
            self.failed.emit(seq, kind, str(exc).splitlines()[0] if str(exc) else "no answer")
            return
        except Exception as exc:  # noqa: BLE001 - any engine failure becomes a one-line message in the panel
            log.exception("precedent request %s", kind)
            self.failed.emit(seq, kind, f"{type(exc).__name__}: {exc}".splitlines()[0])
            return
        if kind == "open":
            self._changes = self._current_changes()
        self.done.emit(seq, kind, result)
        if kind != "open":
            self._announce(seq)

    def _current_changes(self) -> int | None:
        changes = getattr(self.source, "changes", None)
        if not callable(changes):
            return None
        try:
            return int(changes())
        except Exception:  # noqa: BLE001 - a refresh that fails is retried at the next request
            log.warning("cannot check the library for changes", exc_info=True)
            return self._changes

    def _announce(self, seq: int) -> None:
        """When the library changed since the last summary (another process imported, or it opened late),
        send a fresh summary as an "open" answer: the status bar's `ready` handler updates the count."""
        changes = self._current_changes()
        if changes is not None and changes != self._changes:
            self._changes = changes
            summary = getattr(self.source, "summary", None)
            self.done.emit(seq, "open", summary() if callable(summary) else "")


class PrecedentService(QObject):
    """GUI-thread façade: send requests, get back only the newest answer of each kind."""

    result = Signal(str, object)  # kind, result
    error = Signal(str, str)
    unavailable = Signal(str)  # the library could not be opened: why
    ready = Signal(str)  # the library is open: its one-line summary (after the start-up "open" request)

    def __init__(self, factory: Callable[[], PrecedentSource | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._seq = 0
        self._latest: dict[str, int] = {}
        self.thread = QThread(self)
        self.thread.setObjectName("precedents")
        self.worker = PrecedentWorker(factory)
        self.worker.moveToThread(self.thread)
        self.worker.done.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.thread.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def send(self, kind: str, payload: object) -> int:
        self._seq += 1
        self._latest[kind] = self._seq
        self.worker.latest(kind, self._seq)
        self.worker.request.emit(self._seq, kind, payload)
        return self._seq

    def _done(self, seq: int, kind: str, result: object) -> None:
        if kind == "open":
            self.ready.emit(str(result or ""))
        elif self._latest.get(kind) == seq:
            self.result.emit(kind, result)

    def _failed(self, seq: int, kind: str, message: str) -> None:
        if kind == "open":
            self.unavailable.emit(message)
        elif self._latest.get(kind) == seq:
            self.error.emit(kind, message)

    def shutdown(self) -> None:
        """Stop the worker thread (idempotent); a running query finishes first."""
        if self.thread.isRunning():
            self.thread.quit()
            self.thread.wait(10_000)
