"""Bringing a delegate's archive into the library: files and folders, one report. Shared by `cop-drafter
library add` and the GUI's import worker, so both walk, skip and report the same way (no Qt here).

- Folders are walked recursively, in name order; hidden entries (".name") and Word's temporary files ("~$name")
  are skipped, and so is anything that is not a regular file (a FIFO, a device, a socket): they are never opened,
  so a FIFO cannot block the import. Folder links are followed once: a link loop is reported, not walked forever.
- Each file is read once by the real reader; a compilation gives one library text per resolution. A file that
  cannot be read is reported with its one-line reason and the import goes on with the next one.
- Idempotent by content: a text already in the library (bundled or imported) is reported as skipped.
- `cancelled()` is checked between files: what was added before stays added.
"""

from __future__ import annotations

import logging
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cop_drafter.formats.safe_open import special_kind
from cop_drafter.precedents.reading import reading
from cop_drafter.precedents.store import PreparedText

log = logging.getLogger(__name__)

# Never documents: in a folder walk these are skipped by name (a file named explicitly is always tried).
NOT_DOCUMENTS = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".svg", ".ico", ".webp", ".heic", ".mp3", ".wav",
    ".m4a", ".mp4", ".mov", ".avi", ".mkv", ".zip", ".7z", ".rar", ".gz", ".tgz", ".bz2", ".xz", ".exe", ".dll",
    ".so", ".dylib", ".bin", ".iso", ".dmg", ".msi", ".pyc", ".db", ".sqlite", ".sqlite3", ".lnk", ".tmp", ".bak",
})
ALREADY = "already in the library"


@dataclass
class Added:
    id: str
    heading: str
    file: str
    clauses: int


@dataclass
class Skipped:
    file: str
    reason: str


@dataclass
class Failed:
    file: str
    error: str


@dataclass
class ImportResult:
    """What an import did; `to_dict()` is the `library add --json` shape."""

    added: list[Added] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)
    present: int = 0  # texts found already in the library (among `skipped`)
    files: int = 0  # files read (or tried)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        """Something was added or was already there: the CLI exits 0."""
        return bool(self.added) or self.present > 0

    def to_dict(self) -> dict[str, Any]:
        return {"added": [asdict(a) for a in self.added], "skipped": [asdict(s) for s in self.skipped],
                "failed": [asdict(f) for f in self.failed]}

    def summary(self) -> str:
        """'3 texts added, 2 skipped, 1 failed' (what the status bar and the CLI's last line say)."""
        parts = [f"{len(self.added)} text{'s' * (len(self.added) != 1)} added", f"{len(self.skipped)} skipped",
                 f"{len(self.failed)} failed"]
        return ", ".join(parts) + (" (cancelled)" if self.cancelled else "")


@dataclass
class Progress:
    """Sent after each file: counts so far, the file being read next, the rate."""

    done: int
    total: int
    current: str
    added: int
    skipped: int
    failed: int
    elapsed: float

    @property
    def rate(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    def line(self) -> str:
        """'[120/1000] 118 added, 1 skipped, 1 failed, 41.2 files/s  reading folder/file.txt'."""
        return (f"[{self.done}/{self.total}] {self.added} added, {self.skipped} skipped, {self.failed} failed, "
                f"{self.rate:.1f} files/s  {self.current}")


def _special(mode: int) -> str:
    return f"not a regular file ({special_kind(mode)}): never opened"


def _os_error(exc: OSError) -> str:
    return exc.strerror or str(exc)


def walk(paths: Iterable[str | os.PathLike[str]], result: ImportResult) -> Iterator[Path]:
    """The regular files under `paths` (files as given, folders recursively in name order); what is left out
    goes into `result.skipped` / `result.failed` with its reason."""
    seen_dirs: set[tuple[int, int]] = set()

    def visit(path: Path, named: bool) -> Iterator[Path]:
        name = path.name
        if not named and name.startswith("."):
            result.skipped.append(Skipped(str(path), "hidden"))
            return
        if not named and name.startswith("~$"):
            result.skipped.append(Skipped(str(path), "temporary Word file"))
            return
        try:
            info = path.stat()  # follows links; never opens, so a FIFO cannot block
        except FileNotFoundError:
            if path.is_symlink():
                result.failed.append(Failed(str(path), "a broken link"))
            else:
                result.failed.append(Failed(str(path), "does not exist"))
            return
        except OSError as exc:  # a link loop (ELOOP), a name too long, no permission on the folder
            result.failed.append(Failed(str(path), _os_error(exc)))
            return
        if stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in seen_dirs:
                result.skipped.append(Skipped(str(path), "a folder already walked (a link loop or a second link)"))
                return
            seen_dirs.add(key)
            try:
                entries = sorted(os.scandir(path), key=lambda e: e.name)
            except OSError as exc:
                result.failed.append(Failed(str(path), f"cannot list the folder: {_os_error(exc)}"))
                return
            for entry in entries:
                yield from visit(Path(entry.path), False)
            return
        if not stat.S_ISREG(info.st_mode):
            result.skipped.append(Skipped(str(path), _special(info.st_mode)))
            return
        if not named and path.suffix.lower() in NOT_DOCUMENTS:
            result.skipped.append(Skipped(str(path), f"not a text document ({path.suffix.lower()})"))
            return
        yield path

    for given in paths:
        yield from visit(Path(given), True)


def import_paths(
    library: Any,
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: Callable[[Progress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Import every text under `paths` into `library` (a PrecedentLibrary); never raises for a bad file."""
    result = ImportResult()
    files = list(walk(paths, result))
    start = time.perf_counter()
    skipped_before, failed_before = len(result.skipped), len(result.failed)

    def report(done: int, current: str) -> None:
        if progress is not None:
            progress(Progress(done, len(files), current, len(result.added),
                              len(result.skipped) - skipped_before, len(result.failed) - failed_before,
                              time.perf_counter() - start))

    with library.batch(), reading(files) as reads:
        for n, (path, read) in enumerate(reads):
            if cancelled is not None and cancelled():
                result.cancelled = True
                break
            report(n, str(path))
            result.files += 1
            if isinstance(read, str):
                result.failed.append(Failed(str(path), read))
                continue
            for text in read:
                store(library, result, path, text)
    report(result.files, "")
    return result


def store(library: Any, result: ImportResult, path: Path, text: PreparedText) -> None:
    """Add one read text to the library and to the report (a failure is said per file, never raised)."""
    from cop_drafter.precedents.results import LibraryError

    try:
        added = library.add_prepared(text)
    except LibraryError as exc:
        result.failed.append(Failed(str(path), str(exc)))
        return
    except Exception as exc:  # noqa: BLE001 - e.g. the library file cannot be written: said per file
        log.exception("storing %s", path)
        result.failed.append(Failed(str(path), f"cannot store it ({type(exc).__name__}: {exc})".splitlines()[0]))
        return
    if added.added:
        result.added.append(Added(added.doc_id, added.document, str(path), added.clauses))
    else:
        result.present += 1
        result.skipped.append(Skipped(str(path), f"{ALREADY} as {added.doc_id} ({added.reason})"))
