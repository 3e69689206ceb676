"""Bounded reading, in one place: every reader opens a delegate's file through here.

A file with an ordinary name can be a link to `/dev/zero` (endless), a FIFO (blocks forever), a device or a
folder. So: links are resolved, the file is opened without blocking (O_NONBLOCK, which a FIFO honours and a
regular file ignores) and refused unless the opened descriptor is a regular file; the size is checked before
reading, reading stops at the cap even if the file grows meanwhile, and a read that takes longer than
`MAX_READ_SECONDS` (a hung network share) is abandoned. Every refusal is one ParseError line.
"""

from __future__ import annotations

import io
import logging
import os
import stat
import time
from pathlib import Path
from typing import BinaryIO

from cop_drafter.core.model import ParseError

log = logging.getLogger(__name__)

MAX_READ_SECONDS = 30.0
_CHUNK = 1 << 20
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


def special_kind(mode: int) -> str:
    """What a non-regular file is, in the words every refusal uses ('a pipe (FIFO)', 'a device')."""
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _refuse_special(path: Path, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise ParseError(f"{path} is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise ParseError(f"{path.name} is not a regular file ({special_kind(mode)}): nothing was read")


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """An open binary handle on `path` (links followed), or ParseError if it is not a regular file."""
    path = Path(path)
    try:
        # stat first: on Windows there is no O_NONBLOCK, and a folder cannot be os.open()ed there
        _refuse_special(path, os.stat(path).st_mode)
        fd = os.open(path, _FLAGS)
    except FileNotFoundError as exc:
        raise ParseError(f"{path} does not exist") from exc
    except IsADirectoryError as exc:
        raise ParseError(f"{path} is a folder, not a file") from exc
    except OSError as exc:
        raise ParseError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        _refuse_special(path, os.fstat(fd).st_mode)  # what was opened, not what the name pointed at a moment ago
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def size_of(handle: BinaryIO) -> int:
    return os.fstat(handle.fileno()).st_size


def too_large(name: str, size: int, what: str) -> ParseError:
    return ParseError(f"{name} is too large to be {what} ({max(1, size // 1_000_000)} MB)")


def read_capped(handle: BinaryIO, limit: int, name: str, what: str = "a resolution",
                seconds: float = MAX_READ_SECONDS) -> bytes:
    """At most `limit` bytes of an open file; ParseError if it holds more or reading takes too long."""
    deadline = time.monotonic() + seconds
    out = io.BytesIO()
    while True:
        chunk = handle.read(min(_CHUNK, limit + 1 - out.tell()))
        if not chunk:
            return out.getvalue()
        out.write(chunk)
        if out.tell() > limit:
            raise too_large(name, max(out.tell(), size_of(handle)), what)
        if time.monotonic() > deadline:
            log.warning("reading %s took over %.0f s; abandoned", name, seconds)
            raise ParseError(f"{name} could not be read in {seconds:.0f} seconds (a slow or stalled drive?)")


def read_bounded(path: str | os.PathLike[str], limit: int, what: str = "a resolution") -> bytes:
    """The whole of a regular file of at most `limit` bytes, or one ParseError line."""
    path = Path(path)
    with open_regular(path) as handle:
        size = size_of(handle)
        if size > limit:
            raise too_large(path.name, size, what)
        try:
            return read_capped(handle, limit, path.name, what)
        except OSError as exc:
            raise ParseError(f"cannot read {path}: {exc.strerror or exc}") from exc


def read_head(path: str | os.PathLike[str], count: int = 64) -> tuple[bytes, int]:
    """The first `count` bytes and the size of a regular file (to decide its format before reading it)."""
    path = Path(path)
    with open_regular(path) as handle:
        try:
            return handle.read(count), size_of(handle)
        except OSError as exc:
            raise ParseError(f"cannot read {path}: {exc.strerror or exc}") from exc
