"""DraftSession: one open draft's lock, its bytes at open, and its own recovery copy (issue 9 repro 3, 4, 7)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from cop_drafter.core.draft import Draft
from cop_drafter.core.recovery import RecoveryStore, host_name
from cop_drafter.core.session import ChangedOnDisk, DraftLocked, DraftSession, lock_path_for
from cop_drafter.formats.atomic import SaveError
from cop_drafter.formats.project import draft_to_json, load_project, save_project


def _first(draft: Draft) -> str:
    return draft.current.sections[0].clauses[0].text


def _edit(draft: Draft, text: str) -> Draft:
    draft.current.sections[0].clauses[0].text = text
    return draft


def _crash_copy(store: RecoveryStore, project: Path | None, draft: Draft) -> Path:
    """What a killed session leaves: its recovery file, written under a session id no open session has."""
    session = "crashed" + uuid.uuid4().hex[:6]
    name = project.name if project else "Untitled draft"
    return store.write(store.key_for(project, session), draft, project, name, session=session)


@pytest.fixture
def project(tmp_path) -> Path:
    path = tmp_path / "Res67.copdraft"
    save_project(_edit(Draft.new_resolution(), "that the file on disk says this;"), path)
    return path


@pytest.fixture
def store(tmp_path) -> RecoveryStore:
    return RecoveryStore(tmp_path / "data")


# -- repro 4: two windows on one draft -----------------------------------------------------------------------

def test_second_session_in_one_process_is_told_who_holds_the_draft(project, store):
    first, draft = DraftSession.open(project, store)
    assert _first(draft) == "that the file on disk says this;"
    lock = lock_path_for(project)
    assert lock.name == ".~lock.Res67.copdraft#" and lock.parent == project.parent
    holder = json.loads(lock.read_text())
    assert holder["pid"] == os.getpid() and holder["host"] == host_name() and holder["session"] == first.session_id
    assert holder["user"] and holder["time"]
    with pytest.raises(DraftLocked) as caught:
        DraftSession.open(project, store)
    assert caught.value.holder.session == first.session_id
    assert "Res67.copdraft is already open" in str(caught.value) and "this computer" in str(caught.value)
    # the window offers read-only: it opens, but cannot save over the holder's file
    reader, same = DraftSession.open(project, store, read_only=True)
    assert _first(same) == _first(draft)
    with pytest.raises(SaveError, match="read-only"):
        reader.save(_edit(same, "that the reader typed this;"))
    assert _first(load_project(project)) == "that the file on disk says this;"
    # ... or "open a copy": Save As elsewhere makes it a normal session on the copy
    copy = project.with_name("Res67 copy.copdraft")
    reader.save(same, copy)
    assert reader.path == copy and not reader.read_only and reader.holds_lock()
    reader.release()
    first.release()
    assert not lock.exists() and not lock_path_for(copy).exists()
    second, _ = DraftSession.open(project, store)  # free again
    second.release()


def test_lock_follows_links_so_two_names_of_one_file_share_it(project, store, tmp_path):
    alias = tmp_path / "alias.copdraft"
    alias.symlink_to(project)
    first, _ = DraftSession.open(project, store)
    with pytest.raises(DraftLocked):
        DraftSession.open(alias, store)
    first.release()


HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from cop_drafter.core.recovery import RecoveryStore
    from cop_drafter.core.session import DraftSession
    session, draft = DraftSession.open(Path(sys.argv[1]), RecoveryStore(Path(sys.argv[2])))
    draft.current.sections[0].clauses[0].text = "that the other window typed this;"
    session.autosave(draft)
    print("OPEN", session.session_id, flush=True)
    if sys.stdin.readline().strip() == "release":
        session.release()
        print("RELEASED", flush=True)
    sys.stdin.readline()
""")


def _holder(project: Path, data: Path) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(project), str(data)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert line.startswith("OPEN "), f"the other process did not open the draft (exit {proc.poll()})"
    return proc, line.split()[1]


def test_another_process_holding_the_draft_is_named_and_its_death_frees_it(project, store, tmp_path):
    proc, other_session = _holder(project, tmp_path / "data")
    try:
        with pytest.raises(DraftLocked) as caught:
            DraftSession.open(project, store)
        assert caught.value.holder.pid == proc.pid and caught.value.holder.session == other_session
        (theirs,) = store.entries()
        assert theirs.in_use and theirs.session == other_session
        assert store.pending() == [], "a running window's autosave is not offered as a crash copy"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    # the crashed process left its lock: stale (dead pid, this host) and taken over
    assert json.loads(lock_path_for(project).read_text())["pid"] == proc.pid
    mine, _ = DraftSession.open(project, store)
    assert mine.holds_lock() and json.loads(lock_path_for(project).read_text())["pid"] == os.getpid()
    (crashed,) = store.pending()
    assert crashed.session == other_session, "the dead process's crash copy is offered"
    mine.release()
    assert store.entries()[0].session == other_session, "releasing my session leaves the other's copy"


def test_other_process_releasing_frees_the_draft(project, store, tmp_path):
    proc, _ = _holder(project, tmp_path / "data")
    try:
        proc.stdin.write("release\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "RELEASED"
        assert not lock_path_for(project).exists()
        assert store.entries() == [], "a clean close removes that session's own copy"
        mine, _ = DraftSession.open(project, store)
        mine.release()
    finally:
        proc.stdin.close()
        proc.wait(timeout=10)


def test_stale_lock_from_a_dead_pid_is_taken_over(project, store):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    lock = lock_path_for(project)
    lock.write_text(json.dumps({"user": "ana", "host": host_name(), "pid": pid, "time": "2026-12-01T09:00:00+00:00",
                                "session": "crashed"}))
    session, _ = DraftSession.open(project, store)
    assert json.loads(lock.read_text())["session"] == session.session_id
    assert not list(project.parent.glob("*.stale"))
    session.release()


def test_lock_from_another_computer_is_respected(project, store):
    lock_path_for(project).write_text(json.dumps({"user": "ana", "host": "delegation-laptop-2", "pid": 1,
                                                  "time": "2026-12-03T08:00:00+00:00", "session": "x"}))
    with pytest.raises(DraftLocked, match="ana on delegation-laptop-2"):
        DraftSession.open(project, store)


def test_unreadable_lock_blocks_only_while_fresh(project, store):
    lock = lock_path_for(project)
    lock.write_text("")  # a holder killed between creating and writing its lock
    with pytest.raises(DraftLocked):
        DraftSession.open(project, store)
    old = lock.stat().st_mtime - 120
    os.utime(lock, (old, old))
    session, _ = DraftSession.open(project, store)
    assert session.holds_lock()
    session.release()


def test_a_lock_that_cannot_be_written_still_opens_with_a_reason(tmp_path, store):
    """A lock name over the file-name limit fails for any user (a chmod would not stop root)."""
    project = tmp_path / ("x" * 245 + ".copdraft")  # 254 bytes: the lock's name would be 262
    project.write_text(draft_to_json(_edit(Draft.new_resolution(), "that a long name is fine;")), encoding="utf-8")
    session, draft = DraftSession.open(project, store)
    assert _first(draft) == "that a long name is fine;"
    assert not session.holds_lock() and session.lock_problem.startswith("could not lock xxx")
    session.autosave(draft)
    session.release()
    assert store.entries() == []


# -- changed on disk -----------------------------------------------------------------------------------------

def test_changed_on_disk_is_detected_before_save(project, store):
    session, draft = DraftSession.open(project, store)
    assert session.check_before_save() is None
    other = load_project(project)
    save_project(_edit(other, "that another program wrote this;"), project)  # same size is not enough to tell
    changed = session.check_before_save()
    assert isinstance(changed, ChangedOnDisk) and "changed by another program" in changed.reason
    # the window asked and the delegate said "save anyway"
    session.save(_edit(draft, "that my words win;"))
    assert session.check_before_save() is None, "after my save the stamp is mine"
    assert _first(load_project(project)) == "that my words win;"
    project.unlink()
    assert "moved, deleted" in session.check_before_save().reason
    session.release()


def test_touching_without_changing_is_not_a_change(project, store):
    session, _ = DraftSession.open(project, store)
    os.utime(project, (1, 1))
    assert session.check_before_save() is None
    session.release()


def test_save_as_to_a_draft_open_elsewhere_is_refused(project, store, tmp_path):
    other = tmp_path / "other.copdraft"
    save_project(Draft.new_resolution(), other)
    holder, _ = DraftSession.open(other, store)
    mine, draft = DraftSession.open(project, store)
    before = other.read_bytes()
    with pytest.raises(DraftLocked):
        mine.save(draft, other)
    assert other.read_bytes() == before and mine.path == project and mine.holds_lock()
    holder.release()
    mine.release()


# -- one recovery file per session ---------------------------------------------------------------------------

def test_two_sessions_on_one_draft_never_share_a_recovery_file(project, store):
    first, draft = DraftSession.open(project, store)
    second, copy = DraftSession.open(project, store, read_only=True)
    assert first.recovery_file != second.recovery_file
    first.autosave(_edit(draft, "that the first window typed this;"))
    second.autosave(_edit(copy, "that the second window typed this;"))
    first.save(draft)  # a save removes only the saver's own copy
    assert not first.recovery_file.exists()
    (left,) = store.entries()
    assert left.file == second.recovery_file and _first(left.load()) == "that the second window typed this;"
    second.release()
    first.release()
    assert store.entries() == []


def test_autosave_never_writes_the_users_file(project, store):
    before = project.read_bytes()
    session, draft = DraftSession.open(project, store)
    written = session.autosave(_edit(draft, "that only the autosave holds this;"))
    assert project.read_bytes() == before and written == session.recovery_file
    assert written.parent == store.folder
    (entry,) = store.entries()
    assert entry.project == project and entry.session == session.session_id and entry.title == "Res67.copdraft"
    session.release()


def test_untitled_session_saved_as_moves_to_the_file(store, tmp_path):
    session = DraftSession.new(store)
    draft = _edit(Draft.new_resolution(), "that an untitled draft is typed;")
    session.autosave(draft)
    with pytest.raises(SaveError, match="Save As"):
        session.save(draft)
    target = tmp_path / "first.copdraft"
    session.save(draft, target)
    assert session.path == target and session.holds_lock() and store.entries() == []
    session.release()
    assert not lock_path_for(target).exists()


def test_release_after_a_crash_copy_restore(project, store):
    _crash_copy(store, project, _edit(load_project(project), "that the crash copy holds this;"))
    (entry,) = store.pending()
    session, draft = DraftSession.restore(entry, store)
    assert _first(draft) == "that the crash copy holds this;"
    assert not entry.file.exists() and session.recovery_file.exists(), "the copy moved into the new session"
    assert _first(store.entries()[0].load()) == "that the crash copy holds this;"
    assert session.holds_lock()
    session.release()
    assert store.entries() == []


# -- repro 3: declining recovery keeps the copy ---------------------------------------------------------------

def test_declined_copy_survives_opening_typing_and_quitting(project, store):
    _crash_copy(store, project, _edit(load_project(project), "that these words exist only in the autosave;"))
    (offered,) = store.pending()
    kept = store.decline(offered)  # the delegate answered "keep aside"
    session, draft = DraftSession.open(project, store)  # File > Open of that very project
    session.autosave(_edit(draft, "that one word"))  # the next autosave
    session.release()  # quit
    (left,) = store.entries()
    assert left.file == kept.file and left.declined
    assert _first(left.load()) == "that these words exist only in the autosave;"
    assert store.discard_file(left.file) is None and store.entries() == [], "gone only when discarded"


# -- repro 7: a read-only recovery folder -------------------------------------------------------------------

def test_a_recovery_folder_that_cannot_be_made_fails_autosave_clearly_not_open_or_release(project, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    store = RecoveryStore(blocker)
    session, draft = DraftSession.open(project, store)  # open works
    with pytest.raises(SaveError, match="cannot create the recovery folder"):
        session.autosave(draft)
    session.save(_edit(draft, "that saving still works;"))
    session.release()  # and closing does not raise
    assert _first(load_project(project)) == "that saving still works;"
    assert not lock_path_for(project).exists()


def test_open_a_copy_and_restore_as_a_copy_when_the_draft_is_held(project, store):
    holder, _ = DraftSession.open(project, store)
    copy, draft = DraftSession.open_copy(project, store)
    assert copy.path is None and _first(draft) == "that the file on disk says this;"
    left = _crash_copy(store, project, _edit(load_project(project), "that the crash copy holds this;"))
    (entry,) = store.pending()
    assert entry.file == left
    with pytest.raises(DraftLocked):
        DraftSession.restore(entry, store)
    assert entry.file.exists(), "a refused restore keeps the copy"
    restored, words = DraftSession.restore(entry, store, as_copy=True)
    assert restored.path is None and _first(words) == "that the crash copy holds this;"
    assert not entry.file.exists() and restored.recovery_file.exists()
    for session in (restored, copy, holder):
        session.release()


def test_a_lost_lock_is_taken_again_at_save_and_a_new_holder_wins(project, store):
    session, draft = DraftSession.open(project, store)
    lock_path_for(project).unlink()  # someone cleaned the folder
    session.save(draft)
    assert session.holds_lock()
    lock_path_for(project).unlink()
    other, _ = DraftSession.open(project, store)  # another window opened it meanwhile
    with pytest.raises(DraftLocked):
        session.save(_edit(draft, "that these words would overwrite the other window;"))
    assert _first(load_project(project)) == "that the file on disk says this;"
    other.release()
    session.release()


def test_an_open_sessions_own_copy_is_not_offered_as_a_crash_copy(project, store):
    session, draft = DraftSession.open(project, store)
    session.autosave(_edit(draft, "that this window is still open;"))
    (entry,) = store.entries()
    assert entry.in_use and store.pending() == []
    session.release()


def test_restore_keeps_the_old_copy_when_no_new_one_can_be_written(project, tmp_path):
    store = RecoveryStore(tmp_path / "data")
    old = _crash_copy(store, project, _edit(load_project(project), "that the crash copy holds this;"))
    (entry,) = store.pending()
    store.folder.rename(tmp_path / "kept")  # the old copy elsewhere; a file in the folder's place, so
    store.folder.write_text("x")  # no new copy can be written there (for root too)
    entry.file = tmp_path / "kept" / old.name
    session, draft = DraftSession.restore(entry, store)
    assert _first(draft) == "that the crash copy holds this;"
    assert entry.file.exists(), "the only copy is never removed"
    assert "no new recovery copy" in store.take_problems()[0]
    session.release()


def test_a_lone_surrogate_gives_a_save_error_and_the_autosave_keeps_it(project, store):
    """Repro 6's core side: "\\ud800" (as JavaScript tools write) made save raise UnicodeEncodeError."""
    session, draft = DraftSession.open(project, store)
    before = project.read_bytes()
    _edit(draft, "that children \ud800 online;")
    with pytest.raises(SaveError) as caught:
        session.save(draft)
    assert "U+D800" in str(caught.value) and "that children " in str(caught.value)
    assert project.read_bytes() == before and session.holds_lock()
    written = session.autosave(draft)  # the crash copy is written, every code unit kept (JSON escapes)
    inner = json.loads(json.loads(written.read_text(encoding="ascii"))["project"])
    assert "that children \ud800 online;" in json.dumps(inner, ensure_ascii=False)
    (entry,) = store.entries()  # today's loader refuses the character: listed with that reason, not hidden
    assert "invalid character (U+D800" in entry.damaged and entry.in_use, "its window is open: not discardable"
    session.release()


def test_a_lock_of_this_process_whose_session_is_gone_is_stale(project, store):
    lock_path_for(project).write_text(json.dumps({"user": "me", "host": host_name(), "pid": os.getpid(),
                                                  "time": "2026-12-03T08:00:00+00:00", "session": "long-gone"}))
    session, _ = DraftSession.open(project, store)
    assert session.holds_lock()
    session.release()
