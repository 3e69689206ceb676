"""Safe file writes, in one place: a file is always either its old or its new content, never half-written.

Write to a temporary file in the same folder, fsync it, `os.replace` it over the target, then fsync the
folder so the rename itself survives a power cut. Any failure removes the temporary file and re-raises
as `SaveError` with a message fit for a delegate (full disk, read-only folder, file open elsewhere).

The target is resolved first: a symlink (a shared or synced folder) is written through, so the link stays a
link and its target gets the new content; a FIFO, device or folder is refused; `refuse_inputs` refuses an
output that is one of the command's inputs. New files get the mode the umask gives (as `open()` would),
existing files keep theirs.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import logging
import os
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)

MAX_LINK_HOPS = 40  # what the kernel allows; a loop of links is refused, not followed forever


class SaveError(Exception):
    """A file could not be written; the target is untouched. The message is one readable line."""


def resolve_target(target: str | os.PathLike[str]) -> Path:
    """The path a write to `target` must replace: links followed (even dangling ones), special files refused."""
    path = Path(os.path.abspath(target))
    for _hop in range(MAX_LINK_HOPS):
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return path  # a new file (or a dangling link's destination): created there
        except OSError as exc:
            raise SaveError(_reason(exc, path)) from exc
        if stat.S_ISLNK(info.st_mode):
            path = Path(os.path.abspath(path.parent / os.readlink(path)))
            continue
        if stat.S_ISDIR(info.st_mode):
            raise SaveError(f"{target} is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise SaveError(f"{target} is not a regular file (a pipe or a device): choose a file name")
        return path
    raise SaveError(f"{target} is a loop of links")


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name one file (links resolved, hard links included)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def refuse_inputs(target: str | os.PathLike[str], inputs: list[str | os.PathLike[str]]) -> None:
    """SaveError when writing `target` would overwrite one of a command's inputs (after resolving links)."""
    for source in inputs:
        if same_file(target, source):
            raise SaveError(f"{target} is one of the command's inputs ({Path(source).name}): "
                            f"choose another output file, the input is left as it was")


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


def _current_umask() -> int:
    """The process umask; read from /proc where possible, since os.umask() must set it to read it (racy)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(target: Path) -> int:
    """An existing file's own permission bits; for a new file what the umask gives (mkstemp makes 0600)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~_current_umask()


def write_atomic(target: str | os.PathLike[str], writer: Callable[[IO[bytes]], object]) -> Path:
    """Call `writer(fileobj)` on a temporary file (its result, e.g. a byte count, is ignored), then atomically put
    it at `target` (through its links)."""
    given = Path(target)
    target = resolve_target(target)
    tmp_name = ""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            writer(handle)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp_name, _mode_for(target))
        os.replace(tmp_name, target)
        tmp_name = ""
        _fsync_dir(target.parent)
        _sweep_stale_temporaries(target)
    except OSError as exc:
        log.warning("saving %s failed", target, exc_info=True)
        raise SaveError(_reason(exc, target)) from exc
    finally:
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return given


def write_bytes_atomic(target: str | os.PathLike[str], data: bytes) -> Path:
    return write_atomic(target, lambda handle: handle.write(data))


def write_text_atomic(target: str | os.PathLike[str], text: str) -> Path:
    return write_bytes_atomic(target, text.encode("utf-8"))
