"""Pieces shared by the GUI benchmarks: event-loop stall measurement and a suggest-only stand-in source.

A precise timer on the UI thread ticks every `tick_ms`; a stall is how late a tick fires beyond its interval —
what a delegate typing would feel as the app freezing.
"""

from __future__ import annotations

TICK_MS = 5


class Heartbeat:
    """Start it, run the scenario, stop it; `stalls` holds one lateness (ms) per tick, in order."""

    def __init__(self, tick_ms: int = TICK_MS) -> None:
        from PySide6.QtCore import QElapsedTimer, Qt, QTimer

        self.tick_ms = tick_ms
        self.stalls: list[float] = []
        self._clock = QElapsedTimer()
        self._last = 0
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        now = self._clock.nsecsElapsed()
        self.stalls.append(max(0.0, (now - self._last) / 1e6 - self.tick_ms))
        self._last = now

    def start(self) -> None:
        self._clock.start()
        self._last = self._clock.nsecsElapsed()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()


class SuggestOnlySource:
    """Base for benchmark stand-ins of the precedent library: subclasses answer `suggest`; concordance, lineage
    and import answer nothing (the benchmarks time typing, not those panels)."""

    def search(self, phrase: str, limit: int) -> list:
        return []

    def lineage(self, resolution, clause) -> list:  # noqa: ANN001 - mirrors PrecedentLibrary.lineage
        return []

    def add_file(self, path: str) -> str:
        return path
