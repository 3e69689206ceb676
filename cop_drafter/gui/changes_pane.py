"""The "changes against the text in force" view under the clause editor, kept off the typing path.

A word diff of a long clause costs far more than a keystroke may (issue 9, reproduction 11: 3.7 s per key at
40 KB), so a short clause is diffed at once and a long one on the thread pool after a pause in typing; a newer
keystroke makes an older result stale and it is dropped. The delegate's typing never waits for this pane.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from cop_drafter.core.draft import ClauseStatus

log = logging.getLogger(__name__)

SHOWN_LIMIT = 8000  # characters of a diff the pane lays out (the rest is counted, not shown)
SYNC_LIMIT = 3000  # characters (base + text) diffed on the UI thread; a diff this size takes well under 10 ms
DEBOUNCE_MS = 150

Render = Callable[[str, str, bool], str]  # (old, new, dark) -> HTML of the word differences


class _Signals(QObject):
    done = Signal(int, str)  # generation, HTML


class _DiffJob(QRunnable):
    def __init__(self, generation: int, old: str, new: str, dark: bool, render: Render, prefix: str) -> None:
        super().__init__()
        self.generation, self.old, self.new, self.dark, self.render, self.prefix = (
            generation, old, new, dark, render, prefix)
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.prefix + self.render(self.old, self.new, self.dark)
        except Exception:  # a failed diff shows a line, never takes the app down
            log.exception("word diff failed")
            result = "<p><i>The changes could not be shown.</i></p>"
        try:
            self.signals.done.emit(self.generation, result)
        except RuntimeError:  # the view was closed while the diff ran: nobody is waiting for it
            log.debug("changes view gone before its diff finished")


class ChangesView(QTextBrowser):
    """Shows a clause's status and its word differences from the text in force."""

    def __init__(self, render: Render, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.render = render
        self.setAccessibleName("Changes against the text in force")
        self.setOpenLinks(False)
        self._generation = 0
        self._pending: tuple[str, str, bool, str] | None = None
        self._jobs: list[_DiffJob] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start_job)

    def busy(self) -> bool:
        """True while a long diff is waiting or running (tests wait on it)."""
        return self._pending is not None or bool(self._jobs)

    def show_changes(self, status: ClauseStatus, base: str | None, text: str, dark: bool) -> None:
        self._generation += 1
        self._pending = None
        self._timer.stop()
        if status is ClauseStatus.SUP:
            self.setHtml('<p><i>Suppressed: this clause will be struck out in the proposal.</i></p>'
                         f'<p style="text-decoration:line-through">{html.escape(text)}</p>')
            return
        if base is not None and status is ClauseStatus.NOC:
            self.setHtml("<p><i>Unchanged from the text in force.</i></p>")
            return
        prefix = "<p><i>New clause (ADD).</i></p>" if base is None else ""
        old = base or ""
        if len(old) + len(text) <= SYNC_LIMIT:
            self.setHtml(prefix + self.render(old, text, dark))
            return
        self._pending = (old, text, dark, prefix)
        self._timer.start()

    def clear_changes(self) -> None:
        self._generation += 1
        self._pending = None
        self._timer.stop()
        self.clear()

    def _start_job(self) -> None:
        if self._pending is None or self._jobs:  # one diff at a time: the newest waits for the running one
            return
        old, new, dark, prefix = self._pending
        self._pending = None
        job = _DiffJob(self._generation, old, new, dark, self.render, prefix)
        job.signals.done.connect(self._job_done)
        self._jobs.append(job)
        QThreadPool.globalInstance().start(job)

    def _job_done(self, generation: int, result: str) -> None:
        self._jobs = [j for j in self._jobs if j.generation != generation]
        if generation == self._generation:
            self.setHtml(result)
        elif self._pending is not None:
            self._timer.start()
