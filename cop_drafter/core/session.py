"""One open draft's file identity: its lock, the bytes it had at open, and this session's own recovery copy.

Why: two windows (or two app processes) on one .copdraft used to save over each other silently and share one
recovery file, so one window's save wiped the other's crash protection. A session now
- holds a lock file beside the draft (`.~lock.NAME#`, JSON: user, host, pid, time, session); a second session
  gets `DraftLocked` saying who holds it, so the window can offer read-only or "open a copy"; a lock left by a
  dead process on this machine is taken over;
- remembers the file's SHA-256 (size, mtime) at open and after each save, so `check_before_save()` returns
  `ChangedOnDisk` when another program wrote the file meanwhile and the window asks first;
- autosaves only to a recovery file named by its own session id, and removes that file (and its lock) only on
  `release()` after a save or a clean close. No Qt here: the window wires these calls to its actions.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import logging
import os
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from cop_drafter.core.draft import Draft
from cop_drafter.core.recovery import LIVE_SESSIONS, RecoveryEntry, RecoveryStore, host_name, new_session_id, pid_alive
from cop_drafter.formats.atomic import SaveError, resolve_target, write_bytes_atomic
from cop_drafter.formats.project import MAX_PROJECT_BYTES, draft_from_bytes, draft_to_json
from cop_drafter.formats.safe_open import read_bounded

log = logging.getLogger(__name__)

UNREADABLE_LOCK_GRACE = 30.0  # seconds: a lock being written is readable within milliseconds


def lock_path_for(draft: Path) -> Path:
    """The lock beside the file a save really replaces (links followed, so two names of one file share it)."""
    try:
        target = resolve_target(draft)
    except SaveError:
        target = Path(os.path.abspath(draft))
    return target.with_name(f".~lock.{target.name}#")


def _user() -> str:
    with contextlib.suppress(Exception):
        return getpass.getuser()
    return "unknown user"


@dataclass(frozen=True)
class LockInfo:
    """Who holds a draft open."""

    user: str
    host: str
    pid: int
    time: str
    session: str

    def describe(self) -> str:
        when = self.time.replace("T", " ")[:16] if self.time else "an unknown time"
        where = "this computer" if self.host == host_name() else self.host or "another computer"
        return f"{self.user or 'someone'} on {where} (process {self.pid}) since {when}"

    @property
    def stale(self) -> bool:
        """Left behind by a process of this machine that no longer runs (or by a session of this very process
        that is no longer open)."""
        if self.host != host_name():
            return False
        if self.pid == os.getpid():
            return self.session not in LIVE_SESSIONS
        return not pid_alive(self.pid)


class DraftLocked(Exception):
    """The draft is open in another window or app; `holder` says whose. Offer read-only or "open a copy"."""

    def __init__(self, path: Path, holder: LockInfo) -> None:
        self.path, self.holder = Path(path), holder
        super().__init__(f"{Path(path).name} is already open: {holder.describe()}")


@dataclass(frozen=True)
class FileStamp:
    sha256: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class ChangedOnDisk:
    """Another program changed (or removed) the draft since this session read or wrote it: ask before saving."""

    path: Path
    reason: str  # one line for the dialog

    def __str__(self) -> str:
        return self.reason


def _exists(path: Path) -> bool:
    """Path.exists() that never raises (a name too long for the disk, a NUL a newer version wrote)."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def _stamp(path: Path, data: bytes) -> FileStamp:
    info = os.stat(path)
    return FileStamp(hashlib.sha256(data).hexdigest(), info.st_size, info.st_mtime_ns)


def _read_lock(lock: Path) -> LockInfo | None:
    """The holder in a lock file, or None when the file is unreadable."""
    try:
        payload = json.loads(lock.read_text(encoding="utf-8"))
        pid = payload["pid"]
        if not isinstance(pid, int):
            return None
        return LockInfo(str(payload.get("user", "")), str(payload.get("host", "")), pid,
                        str(payload.get("time", "")), str(payload.get("session", "")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _broken_character(target: Path, exc: UnicodeEncodeError) -> str:
    """One line for a lone surrogate (half a UTF-16 pair, as JavaScript tools write) that UTF-8 cannot hold."""
    code = ord(exc.object[exc.start])
    before = exc.object[max(0, exc.start - 30):exc.start].rsplit('"', 1)[-1]
    return (f"{target.name} was not saved: the draft holds a broken character (U+{code:04X}, half of a character "
            f"pair, as some web tools write) after “{before}”; delete it and save again")


class DraftSession:
    """The file side of one open draft. Create with `new()`, `open()` or `restore()`; end with `release()`."""

    def __init__(self, store: RecoveryStore, path: Path | None = None, *, read_only: bool = False) -> None:
        self.store = store
        self.session_id = new_session_id()
        LIVE_SESSIONS.add(self.session_id)
        self.path: Path | None = Path(path) if path else None
        self.read_only = read_only
        self.stamp: FileStamp | None = None
        self.lock_file: Path | None = None  # set while this session holds a lock
        self.lock_problem = ""  # why no lock could be written (read-only folder): the draft opens anyway
        self.recovery_key = store.key_for(self.path, self.session_id)

    # -- starting ------------------------------------------------------------------------------------------
    @classmethod
    def new(cls, store: RecoveryStore) -> DraftSession:
        """A draft never saved: no file, no lock, a recovery copy of its own."""
        return cls(store)

    @classmethod
    def open(cls, path: Path, store: RecoveryStore, *, read_only: bool = False) -> tuple[DraftSession, Draft]:
        """Read the draft and lock it. Raises ParseError (bad file) or DraftLocked (open elsewhere)."""
        path = Path(path)
        raw = read_bounded(path, MAX_PROJECT_BYTES, "a project file")
        draft = draft_from_bytes(raw, path.name)
        session = cls(store, path, read_only=read_only)
        if not read_only:
            session._acquire(path)
        session.stamp = _stamp(path, raw)
        return session, draft

    @classmethod
    def open_copy(cls, path: Path, store: RecoveryStore) -> tuple[DraftSession, Draft]:
        """"Open a copy" of a draft held elsewhere: its content as a new, untitled draft (Save asks for a name)."""
        path = Path(path)
        return cls(store), draft_from_bytes(read_bounded(path, MAX_PROJECT_BYTES, "a project file"), path.name)

    @classmethod
    def restore(cls, entry: RecoveryEntry, store: RecoveryStore, *, as_copy: bool = False) -> tuple[DraftSession, Draft]:
        """Take over a recovery copy: its draft, locked like an open, copied into this session's own recovery
        file before the old copy is removed (so a crash in between still leaves one; if that copy cannot be
        written the old one is kept and the reason is in store.problems). ParseError, DraftLocked (then
        `as_copy=True` restores it as an untitled draft instead)."""
        draft = entry.load()
        session = cls(store, None if as_copy else entry.project)
        if session.path is not None and _exists(session.path):
            session._acquire(session.path)
            with contextlib.suppress(OSError):
                session.stamp = _stamp(session.path, session.path.read_bytes())
        try:
            session.autosave(draft)
        except SaveError as exc:  # the old copy stays where it is (offered again next time): nothing is lost
            store.report(f"the restored draft has no new recovery copy yet ({exc}); "
                                  f"the old one stays in {entry.file.parent}")
            return session, draft
        store.discard_file(entry.file)
        return session, draft

    # -- the lock ------------------------------------------------------------------------------------------
    def _lock_info(self) -> LockInfo:
        return LockInfo(_user(), host_name(), os.getpid(), datetime.now(UTC).isoformat(timespec="seconds"),
                        self.session_id)

    def _acquire(self, path: Path) -> None:
        """Create the lock (O_EXCL, so two racing sessions cannot both win); take over only a dead holder's."""
        lock = lock_path_for(path)
        for _attempt in range(5):
            try:
                fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                holder = _read_lock(lock)
                if holder is not None and holder.session == self.session_id:
                    self.lock_file = lock
                    return
                if holder is not None and not holder.stale:
                    raise DraftLocked(path, holder) from None
                if holder is None and not self._unreadable_lock_is_old(lock):
                    raise DraftLocked(path, LockInfo("", "", 0, "", "")) from None
                self._remove_stale(lock, holder)
                continue
            except OSError as exc:
                self.lock_problem = f"could not lock {path.name} ({exc.strerror or exc}): another window may save over it"
                log.warning("%s", self.lock_problem)
                return
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(asdict(self._lock_info()), handle)
            except OSError as exc:  # a full disk: leave no empty lock that would block the next open
                with contextlib.suppress(OSError):
                    os.unlink(lock)
                self.lock_problem = f"could not lock {path.name} ({exc.strerror or exc})"
                log.warning("%s", self.lock_problem)
                return
            self.lock_file = lock
            self.lock_problem = ""
            return
        raise DraftLocked(path, _read_lock(lock) or LockInfo("", "", 0, "", ""))

    @staticmethod
    def _unreadable_lock_is_old(lock: Path) -> bool:
        try:
            return time.time() - os.stat(lock).st_mtime > UNREADABLE_LOCK_GRACE
        except OSError:
            return True

    @staticmethod
    def _remove_stale(lock: Path, holder: LockInfo | None) -> None:
        """Move the dead holder's lock aside, then check it really was that one (another session may have
        taken it over in between: put a live lock back)."""
        aside = lock.with_name(f"{lock.name}.{new_session_id()}.stale")
        try:
            os.rename(lock, aside)
        except OSError:
            return  # gone already (another session took it over): try again
        moved = _read_lock(aside)
        if moved != holder and moved is not None and not moved.stale:
            with contextlib.suppress(OSError):
                os.link(aside, lock)  # only if no new lock was made meanwhile
        with contextlib.suppress(OSError):
            os.unlink(aside)
        log.info("took over a stale lock on %s left by %s", lock, holder.describe() if holder else "unknown")

    def holds_lock(self) -> bool:
        if self.lock_file is None:
            return False
        holder = _read_lock(self.lock_file)
        return holder is not None and holder.session == self.session_id

    def _release_lock(self) -> None:
        if self.lock_file is not None and self.holds_lock():
            try:
                self.lock_file.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                log.warning("could not remove the lock %s: %s", self.lock_file, exc)
        self.lock_file = None

    # -- saving --------------------------------------------------------------------------------------------
    def check_before_save(self, path: Path | None = None) -> ChangedOnDisk | None:
        """Before Save: None when the file is as this session last saw it (or a new target is free)."""
        target = Path(path) if path else self.path
        if target is None:
            return None
        same = self.path is not None and os.path.abspath(target) == os.path.abspath(self.path)
        if not same or self.stamp is None:
            return None  # Save As: the file dialog asks before replacing; save() refuses a locked target
        try:
            data = read_bounded(target, MAX_PROJECT_BYTES, "a project file")
        except Exception:  # noqa: BLE001 -- gone, unreadable or replaced by a folder: all need a question
            return ChangedOnDisk(target, f"{target.name} was moved, deleted or cannot be read since you opened it")
        if hashlib.sha256(data).hexdigest() != self.stamp.sha256:
            return ChangedOnDisk(target, f"{target.name} was changed by another program since you opened it "
                                         "(its content differs): saving would replace those changes")
        return None

    def save(self, draft: Draft, path: Path | None = None) -> Path:
        """Atomically write the draft (to `path` for Save As). SaveError or DraftLocked; then nothing changed.

        Save As to another file locks that file first and lets go of the old one. The recovery copy is no longer
        needed once the user's file holds the words, so it is removed.
        """
        target = Path(path) if path else self.path
        if target is None:
            raise SaveError("the draft has no file name yet: use Save As")
        moving = self.path is None or os.path.abspath(target) != os.path.abspath(self.path)
        if not moving and self.read_only:
            raise SaveError(f"{target.name} was opened read-only (it is open in another window): use Save As")
        if not moving and not self.holds_lock():
            self._acquire(target)  # the lock went missing (or never was): take it again, or DraftLocked
        old_lock = self.lock_file
        if moving:
            self.lock_file = None
            try:
                self._acquire(target)
            except DraftLocked:
                self.lock_file = old_lock
                raise
        try:
            data = draft_to_json(draft).encode("utf-8")
            write_bytes_atomic(target, data)
        except (SaveError, UnicodeEncodeError) as exc:
            if moving:
                self._release_lock()
                self.lock_file = old_lock
            if isinstance(exc, UnicodeEncodeError):
                raise SaveError(_broken_character(target, exc)) from exc
            raise
        if moving:
            if old_lock is not None:
                with contextlib.suppress(OSError):
                    old_lock.unlink()
            self.path, self.read_only = target, False
            self.store.discard(self.recovery_key)
            self.recovery_key = self.store.key_for(target, self.session_id)
        with contextlib.suppress(OSError):
            self.stamp = _stamp(target, data)
        self.store.discard(self.recovery_key)
        return target

    def autosave(self, draft: Draft, title: str = "") -> Path:
        """Write only this session's recovery copy, never the user's file. SaveError when it cannot."""
        name = title or (self.path.name if self.path else "Untitled draft")
        return self.store.write(self.recovery_key, draft, self.path, name, session=self.session_id)

    @property
    def recovery_file(self) -> Path:
        return self.store.path_for(self.recovery_key)

    def release(self) -> None:
        """After a save or a clean close (or Discard): drop the lock and this session's own recovery copy.
        Other sessions' copies, and copies the delegate set aside, are never touched."""
        self.store.discard(self.recovery_key)
        self._release_lock()
        LIVE_SESSIONS.discard(self.session_id)
