"""Crash-recovery copies in the user's data folder: one file per editing session, never the user's own file.

Why a store of its own: the list of copies is what stands between a crash and lost words, so building it never
raises. A file a newer version wrote (a `project_path` that is a number or an object), a dangling link, a
truncated write, a folder or a FIFO under our name is listed as a *damaged* entry with a one-line reason, beside
the good ones. Removing an old copy expects only "file not found"; anything else (a read-only folder) is
returned as a message for the window to show, never raised into File > Open.

File names: `<slug>-<session>.recovery.json`; a copy the delegate declined to restore is renamed
`declined-<slug>-<session>.recovery.json`, so no later session (which has its own session id) can overwrite or
delete it: only an explicit Discard in File > Recovered drafts... removes it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import platform
import re
import stat
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cop_drafter.core.draft import Draft
from cop_drafter.core.model import ParseError
from cop_drafter.core.serialize import draft_to_dict
from cop_drafter.formats.atomic import SaveError, write_bytes_atomic
from cop_drafter.formats.project import MAX_PROJECT_BYTES, draft_from_json, draft_to_json, load_project
from cop_drafter.formats.safe_open import read_bounded

log = logging.getLogger(__name__)

FORMAT_TAG = "cop-drafter-recovery"
SUFFIX = ".recovery.json"
DECLINED = "declined-"
MAX_RECOVERY_BYTES = MAX_PROJECT_BYTES + 1024 * 1024  # the project JSON plus our few fields


LIVE_SESSIONS: set[str] = set()  # sessions of this process still open: their copies are not crash copies


def new_session_id() -> str:
    return uuid.uuid4().hex[:12]


def host_name() -> str:
    return platform.node()  # not socket.gethostname(): the app imports no networking module


def _pid_alive_windows(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # ERROR_ACCESS_DENIED: it exists, as another user
    try:
        code = ctypes.c_ulong()
        return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (EPERM means it runs as another user).

    Not os.kill(pid, 0) on Windows: there signal 0 is CTRL_C_EVENT and would interrupt that process.
    """
    if pid <= 0:
        return False
    if os.name == "nt":
        try:
            return _pid_alive_windows(pid)
        except (OSError, AttributeError):
            return True  # cannot tell: never take over a lock that may be live
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _slug(project: Path | None) -> str:
    if project is None:
        return "untitled"
    return re.sub(r"[^A-Za-z0-9_-]+", "_", Path(project).stem)[:40].strip("_") or "draft"


@dataclass
class RecoveryEntry:
    """One file in the recovery folder, as the Recovered drafts list shows it."""

    file: Path
    project: Path | None = None  # the .copdraft it belongs to (None: never saved)
    saved_at: str = ""
    title: str = ""
    clauses: int | None = None
    session: str = ""
    pid: int = 0
    host: str = ""
    damaged: str = ""  # one-line reason when the file cannot be read; "" for a good copy
    declined: bool = False  # the delegate said "keep aside" to the restore prompt
    in_use: bool = False  # its session is still open (in another app process, or in this one)

    @property
    def name(self) -> str:
        """What the list shows: the project's file name, or the draft's title."""
        if self.project is not None:
            return self.project.name
        return self.title or "Untitled draft"

    def describe(self) -> str:
        if self.damaged:
            return f"{self.file.name}: damaged ({self.damaged})"
        count = "?" if self.clauses is None else str(self.clauses)
        state = " [kept aside]" if self.declined else " [in use by an open window]" if self.in_use else ""
        return f"{self.name}, saved {self.saved_at or 'at an unknown time'}, {count} clauses{state}"

    def load(self) -> Draft:
        """The recovered draft; ParseError when the file is damaged."""
        if self.damaged:
            raise ParseError(f"recovery file {self.file.name} is damaged: {self.damaged}")
        try:
            payload = _read_payload(self.file)
        except ParseError as exc:
            raise ParseError(f"recovery file {self.file.name} is damaged: {exc}") from exc
        return draft_from_json(str(payload.get("project", "")), self.file.name)


# Kept for the window's existing code, which knows recovery copies by this name.
Recovered = RecoveryEntry


def _read_payload(path: Path) -> dict:
    """The JSON of one recovery file; ParseError with a one-line reason otherwise (special files never opened)."""
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        if os.path.islink(path):
            raise ParseError(f"a link to {os.readlink(path)}, which does not exist") from exc
        raise ParseError("the file was removed while reading") from exc
    except OSError as exc:
        raise ParseError(f"cannot be read: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise ParseError("a folder, not a recovery file")
    if not stat.S_ISREG(info.st_mode):
        raise ParseError("not a regular file (a pipe, socket or device)")
    raw = read_bounded(path, MAX_RECOVERY_BYTES, "a recovery file")
    try:
        payload = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ParseError("not UTF-8 text") from exc
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"not valid JSON (truncated?): {exc}") from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT_TAG:
        raise ParseError("not a COP Drafter recovery file")
    return payload


def _text_field(payload: dict, key: str) -> str:
    value = payload.get(key)
    return value if isinstance(value, str) else ""


def entry_from_file(path: Path) -> RecoveryEntry:
    """Never raises: a file that cannot be read becomes a damaged entry saying why."""
    entry = RecoveryEntry(file=path, declined=path.name.startswith(DECLINED))
    try:
        payload = _read_payload(path)
        project = payload.get("project_path")
        if project is not None and not isinstance(project, str):
            raise ParseError(f"its project path is not a file name ({type(project).__name__}: {project!r:.40})")
        if project and "\0" in project:
            raise ParseError("its project path holds a NUL character")
        entry.project = Path(project) if project else None
        entry.saved_at = _text_field(payload, "saved_at")
        entry.title = _text_field(payload, "title")
        entry.session = _text_field(payload, "session")
        entry.host = _text_field(payload, "host")
        pid = payload.get("pid")
        entry.pid = pid if isinstance(pid, int) and not isinstance(pid, bool) else 0
        entry.in_use = entry.session in LIVE_SESSIONS or (
            entry.host == host_name() and entry.pid not in (0, os.getpid()) and pid_alive(entry.pid))
        draft = draft_from_json(str(payload.get("project", "")), "the draft inside")
        entry.clauses = sum(1 for _ in draft.current.clauses())
    except ParseError as exc:
        entry.damaged = str(exc)
    except Exception as exc:  # the list must never fail: one odd file must not hide the good ones
        log.warning("unexpected problem reading recovery file %s", path, exc_info=True)
        entry.damaged = f"cannot be read ({type(exc).__name__}: {exc})"
    if entry.damaged:
        entry.damaged = entry.damaged.splitlines()[0] if entry.damaged.strip() else "cannot be read"
    return entry


def _same_as_project(entry: RecoveryEntry) -> bool:
    """The project already holds exactly this draft (by content, never by clocks, which lie on shares)."""
    if entry.project is None:
        return False
    try:
        return draft_to_dict(entry.load()) == draft_to_dict(load_project(entry.project))
    except (ParseError, OSError, ValueError):
        return False


class RecoveryStore:
    """The `recovery` folder under the user's data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.folder = Path(data_dir) / "recovery"
        self.problems: list[str] = []  # messages the window has not shown yet (see take_problems)

    # -- names ---------------------------------------------------------------------------------------------
    def key_for(self, project: Path | None, session: str | None = None) -> str:
        """The recovery file's key. With a session id (what DraftSession passes) the key is that session's own,
        so two windows, or a later start, never share or overwrite a copy. Without one: the older one-file-per-
        project key (an untitled draft always gets a fresh one)."""
        if session:
            return f"{_slug(project)}-{session}"
        if project is None:
            return f"untitled-{new_session_id()}"
        return "project-" + hashlib.sha1(str(Path(project).resolve()).encode()).hexdigest()[:16]

    def path_for(self, key: str) -> Path:
        return self.folder / f"{key}{SUFFIX}"

    # -- problems ------------------------------------------------------------------------------------------
    def report(self, message: str) -> str:
        """Log a problem and keep it for the window to show (take_problems)."""
        log.warning("%s", message)
        self.problems.append(message)
        return message

    def take_problems(self) -> list[str]:
        """Problems met since the last call (for the window's status bar or a dialog), then forgotten."""
        found, self.problems = self.problems, []
        return found

    def check_folder(self) -> str | None:
        """None when the folder exists (or can be created) and takes a file; else why autosave cannot work."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return self.report(f"cannot create the recovery folder {self.folder}: {exc.strerror or exc}; "
                                 "autosave is off, save often")
        probe = self.folder / f".probe-{new_session_id()}"
        try:
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            return self.report(f"the recovery folder {self.folder} is not writable ({exc.strerror or exc}); "
                                 "autosave is off, save often")
        return None

    # -- writing and removing ------------------------------------------------------------------------------
    def write(self, key: str, draft: Draft, project: Path | None, title: str, session: str = "") -> Path:
        """Atomically write this session's copy; SaveError (the previous copy intact) when it cannot."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SaveError(f"cannot create the recovery folder {self.folder}: {exc.strerror or exc}") from exc
        payload = {
            "format": FORMAT_TAG,
            "project_path": str(project) if project else None,
            "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "title": title,
            "session": session or key,
            "pid": os.getpid(),
            "host": host_name(),
            "project": draft_to_json(draft, strict=False),
        }
        text = json.dumps(payload, ensure_ascii=False)
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (pasted from a JavaScript tool): JSON escapes keep it
            data = json.dumps(payload, ensure_ascii=True).encode("ascii")
        return write_bytes_atomic(self.path_for(key), data)

    def discard(self, key: str) -> str | None:
        return self.discard_file(self.path_for(key))

    def discard_file(self, path: Path) -> str | None:
        """Remove one copy. None when gone (already gone is fine); otherwise the reason, also kept in problems."""
        try:
            Path(path).unlink()
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            return self.report(f"{Path(path).name} in the recovery folder is a folder: remove it by hand")
        except OSError as exc:
            return self.report(f"could not remove the recovery copy {Path(path).name} "
                                 f"({exc.strerror or exc}): it stays in {Path(path).parent}")
        return None

    def decline(self, entry: RecoveryEntry) -> RecoveryEntry:
        """"Keep aside": rename the copy so no session writes or removes it; only an explicit discard does."""
        if entry.declined or entry.damaged:
            return entry
        target = entry.file.with_name(DECLINED + entry.file.name)
        try:
            os.replace(entry.file, target)
        except OSError as exc:
            self.report(f"could not set the recovery copy {entry.file.name} aside ({exc.strerror or exc})")
            return entry
        entry.file, entry.declined = target, True
        return entry

    # -- listing -------------------------------------------------------------------------------------------
    def entries(self) -> list[RecoveryEntry]:
        """Every recovery file, good ones first (newest first), then damaged ones. Never raises."""
        try:
            names = [item.name for item in os.scandir(self.folder)]
        except FileNotFoundError:
            return []
        except OSError as exc:
            self.report(f"cannot read the recovery folder {self.folder}: {exc.strerror or exc}")
            return []
        found = [entry_from_file(self.folder / name) for name in names if name.endswith(SUFFIX)]

        def mtime(entry: RecoveryEntry) -> float:
            with contextlib.suppress(OSError):
                return os.lstat(entry.file).st_mtime
            return 0.0

        found.sort(key=mtime, reverse=True)
        return [e for e in found if not e.damaged] + [e for e in found if e.damaged]

    def entry_for(self, file: Path) -> RecoveryEntry | None:
        return next((e for e in self.entries() if e.file == Path(file)), None)

    def pending(self) -> list[RecoveryEntry]:
        """Copies to offer at start: readable, not set aside, not another running window's, not already saved."""
        offered = []
        for entry in self.entries():
            if entry.damaged or entry.declined or entry.in_use:
                continue
            if _same_as_project(entry):
                self.discard_file(entry.file)  # the project already holds these edits: nothing to recover
                continue
            offered.append(entry)
        return offered
