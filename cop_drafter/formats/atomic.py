"""Atomic file writes: a file is always either its old or its new content, never half-written.

Write to a temporary file in the same folder, fsync it, `os.replace` it over the target, then fsync the
folder so the rename itself survives a power cut. Any failure removes the temporary file and re-raises
as `SaveError` with a message fit for a delegate (full disk, read-only folder, file open elsewhere).
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO


class SaveError(Exception):
    """A file could not be written; the target is untouched. The message is one readable line."""


def _reason(exc: OSError, target: Path) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk is full: could not save {target.name}"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"no permission to write {target} (read-only folder, or the file is open in another program)"
    if exc.errno == errno.ENOENT:
        return f"the folder {target.parent} does not exist"
    if exc.errno == errno.EISDIR:
        return f"{target} is a folder"
    return f"could not save {target}: {exc.strerror or exc}"


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open folders; the rename is still atomic there.
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


STALE_TEMP_SECONDS = 600  # far longer than any save takes, so another writer's file in flight is never touched


def _sweep_stale_temporaries(target: Path) -> None:
    """Remove temporary files a killed save of this target left behind (a crash cannot clean up after itself).

    Only our own pattern for this very target, and only when old, so a save in progress elsewhere is safe.
    Windows shows dot-files, so without this a delegate's folder would collect `.Draft.copdraft.x1y2.tmp` files.
    """
    now = time.time()
    with contextlib.suppress(OSError):
        for stale in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                if now - stale.stat().st_mtime > STALE_TEMP_SECONDS:
                    stale.unlink()


def write_atomic(target: str | os.PathLike[str], writer: Callable[[IO[bytes]], None]) -> Path:
    """Call `writer(fileobj)` on a temporary file, then atomically put it at `target`."""
    target = Path(target)
    if target.is_dir():
        raise SaveError(f"{target} is a folder")
    tmp_name = ""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            writer(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp_name, target.stat().st_mode & 0o777)
        os.replace(tmp_name, target)
        tmp_name = ""
        _fsync_dir(target.parent)
        _sweep_stale_temporaries(target)
    except OSError as exc:
        raise SaveError(_reason(exc, target)) from exc
    finally:
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return target


def write_bytes_atomic(target: str | os.PathLike[str], data: bytes) -> Path:
    return write_atomic(target, lambda handle: handle.write(data))


def write_text_atomic(target: str | os.PathLike[str], text: str) -> Path:
    return write_bytes_atomic(target, text.encode("utf-8"))
