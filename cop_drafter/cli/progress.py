"""The progress line `library add` writes on stderr while it imports, when stderr is a terminal (and only
then: a log file or a pipe gets nothing)."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterable
from typing import Any, TextIO

from cop_drafter.precedents.importer import ImportResult, Progress, import_paths

REFRESH_S = 0.1


class ProgressLine:
    """One line rewritten in place (carriage return), at most ten times a second, cleared at the end."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._last = 0.0
        self._shown = False

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self._last < REFRESH_S and progress.done < progress.total:
            return
        self._last = now
        width = max(20, shutil.get_terminal_size((100, 20)).columns - 1)
        text = progress.line()
        if len(text) > width:  # keep the counts, cut the file name from the left
            text = text[: width // 2] + "..." + text[-(width - width // 2 - 3):]
        self.stream.write("\r" + text.ljust(width))
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            width = max(20, shutil.get_terminal_size((100, 20)).columns - 1)
            self.stream.write("\r" + " " * width + "\r")
            self.stream.flush()


def import_with_progress(library: Any, paths: Iterable[str | os.PathLike[str]],
                         stream: TextIO | None = None) -> ImportResult:
    stream = stream if stream is not None else sys.stderr
    line = ProgressLine(stream) if stream.isatty() else None
    try:
        return import_paths(library, paths, progress=line)
    finally:
        if line is not None:
            line.clear()
