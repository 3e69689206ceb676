"""The recovery folder: every odd file is listed as damaged beside the good copies, nothing raises (repro 5, 7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cop_drafter.core.draft import Draft
from cop_drafter.core.recovery import FORMAT_TAG, RecoveryStore
from cop_drafter.core.session import DraftSession
from cop_drafter.formats.atomic import SaveError
from cop_drafter.formats.project import draft_to_json, save_project


def _draft(text: str = "that a recovered clause holds these words;") -> Draft:
    draft = Draft.new_resolution()
    draft.current.sections[0].clauses[0].text = text
    return draft


def _good(store: RecoveryStore, text: str = "that a recovered clause holds these words;") -> Path:
    return store.write(store.key_for(None), _draft(text), None, "Good draft")


def _odd(store: RecoveryStore, name: str, payload: object) -> Path:
    store.folder.mkdir(parents=True, exist_ok=True)
    path = store.folder / f"{name}.recovery.json"
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
    return path


def _payload(**fields) -> dict:
    base = {"format": FORMAT_TAG, "project_path": None, "saved_at": "2026-12-03T08:00:00+00:00",
            "title": "odd", "project": draft_to_json(_draft())}
    base.update(fields)
    return base


CLAUSES = sum(1 for _ in _draft().current.clauses())  # what a new resolution starts with

ODD_SHAPES = {
    "number-path": _payload(project_path=42),
    "object-path": _payload(project_path={"path": "/tmp/x.copdraft", "volume": 2}),
    "list-path": _payload(project_path=["a", "b"]),
    "nul-in-path": _payload(project_path="/tmp/a\u0000b.copdraft"),
    "true-path": _payload(project_path=True),
    "truncated": json.dumps(_payload())[:200],
    "not-ours": {"format": "something-else"},
    "a-list": [1, 2, 3],
    "inner-damaged": _payload(project="{\"format\": \"cop-drafter-project\", \"schema\": 1, \"draft\": 7}"),
    "newer-schema": _payload(project=json.dumps({"format": "cop-drafter-project", "schema": 99, "draft": {}})),
}


@pytest.mark.parametrize("shape", sorted(ODD_SHAPES))
def test_an_odd_file_is_listed_as_damaged_and_hides_no_good_copy(tmp_path, shape):
    store = RecoveryStore(tmp_path)
    good = _good(store)
    odd = _odd(store, shape, ODD_SHAPES[shape])
    entries = store.entries()
    assert [e.file for e in entries] == [good, odd], "good copies first, then the damaged one"
    assert entries[0].damaged == "" and entries[0].clauses == CLAUSES
    assert entries[0].load().current.sections[0].clauses[0].text == "that a recovered clause holds these words;"
    reason = entries[1].damaged
    assert reason and "\n" not in reason
    assert [e.file for e in store.pending()] == [good]


def test_number_path_says_why(tmp_path):
    store = RecoveryStore(tmp_path)
    _odd(store, "number", _payload(project_path=42))
    (entry,) = store.entries()
    assert "project path is not a file name (int: 42)" in entry.damaged
    assert "damaged" in entry.describe()


def test_dangling_link_folder_fifo_and_binary_are_damaged_entries(tmp_path):
    store = RecoveryStore(tmp_path)
    good = _good(store)
    (store.folder / "gone.recovery.json").symlink_to(tmp_path / "nowhere.json")
    (store.folder / "folder.recovery.json").mkdir()
    os.mkfifo(store.folder / "pipe.recovery.json")  # opening it for reading would block: must never be opened
    (store.folder / "binary.recovery.json").write_bytes(b"\xff\xfe\x00garbage")
    (store.folder / "empty.recovery.json").write_bytes(b"")
    entries = store.entries()
    assert entries[0].file == good and not entries[0].damaged
    reasons = {e.file.name: e.damaged for e in entries[1:]}
    assert "nowhere.json, which does not exist" in reasons["gone.recovery.json"]
    assert reasons["folder.recovery.json"] == "a folder, not a recovery file"
    assert "not a regular file" in reasons["pipe.recovery.json"]
    assert reasons["binary.recovery.json"] == "not UTF-8 text"
    assert "not valid JSON" in reasons["empty.recovery.json"]
    assert [e.file for e in store.pending()] == [good]


def test_a_link_to_a_good_copy_is_read(tmp_path):
    store = RecoveryStore(tmp_path)
    real = _good(store)
    moved = tmp_path / "elsewhere.json"
    real.rename(moved)
    (store.folder / real.name).symlink_to(moved)
    (entry,) = store.entries()
    assert not entry.damaged and entry.clauses == CLAUSES


def test_other_files_and_temporaries_are_not_listed(tmp_path):
    store = RecoveryStore(tmp_path)
    good = _good(store)
    (store.folder / ".x.recovery.json.abc.tmp").write_text("{")
    (store.folder / "notes.txt").write_text("mine")
    assert [e.file for e in store.entries()] == [good]


def test_missing_folder_lists_nothing(tmp_path):
    assert RecoveryStore(tmp_path / "never-made").entries() == []


def test_damaged_entry_refuses_to_load_with_its_reason(tmp_path):
    from cop_drafter.core.model import ParseError

    store = RecoveryStore(tmp_path)
    _odd(store, "truncated", ODD_SHAPES["truncated"])
    (entry,) = store.entries()
    with pytest.raises(ParseError, match="damaged"):
        entry.load()


def test_a_copy_already_in_its_project_is_cleaned_but_a_newer_one_is_offered(tmp_path):
    store = RecoveryStore(tmp_path / "data")
    project = tmp_path / "p.copdraft"
    saved = _draft("that the project holds this;")
    save_project(saved, project)
    same = store.write(store.key_for(project, "s1"), saved, project, "p")
    newer = store.write(store.key_for(project, "s2"), _draft("that only the autosave holds this;"), project, "p")
    assert [e.file for e in store.pending()] == [newer]
    assert not same.exists() and newer.exists()


# -- repro 3: a declined copy is kept under its own name -----------------------------------------------------

def test_declined_copy_is_kept_aside_and_not_offered_again(tmp_path):
    store = RecoveryStore(tmp_path / "data")
    project = tmp_path / "p.copdraft"
    save_project(_draft("that the file holds this;"), project)
    store.write(store.key_for(project), _draft("that the autosave holds more;"), project, "p")
    (offered,) = store.pending()
    kept = store.decline(offered)
    assert kept.declined and kept.file.name.startswith("declined-") and kept.file.exists()
    assert store.pending() == [], "not asked again at every start"
    (listed,) = store.entries()
    assert listed.declined and listed.load().current.sections[0].clauses[0].text == "that the autosave holds more;"
    # a later session on the same project writes and removes only its own file
    later = store.key_for(project, "a-later-session")
    store.write(later, _draft("that one word was typed;"), project, "p")
    store.discard(later)
    assert kept.file.exists()
    assert store.discard_file(kept.file) is None and not kept.file.exists()


def test_each_key_is_its_own(tmp_path):
    store = RecoveryStore(tmp_path)
    project = tmp_path / "same.copdraft"
    assert store.key_for(project, "one") != store.key_for(project, "two")
    assert store.key_for(None) != store.key_for(None), "two untitled drafts never share a copy"


# -- repro 7: a read-only or impossible folder gives a message, never an exception ---------------------------

def _chmod_stops_writes(folder: Path) -> bool:
    """False when running as root (or with CAP_DAC_OVERRIDE), where a read-only mode is not enforced."""
    probe = folder / "probe"
    try:
        probe.write_text("x")
    except OSError:
        return True
    probe.unlink()
    return False


@pytest.fixture
def unwritable_store(tmp_path):
    """A store whose folder refuses changes: chmod 0555, or (as root, where chmod stops nothing) a regular file
    where the folder should be, which no user can write into."""
    store = RecoveryStore(tmp_path)
    key = store.key_for(None)
    _good(store).rename(store.path_for(key))
    store.folder.chmod(0o555)
    if _chmod_stops_writes(store.folder):
        yield store, key, True
        store.folder.chmod(0o755)
        return
    store.folder.chmod(0o755)
    for file in store.folder.iterdir():
        file.unlink()
    store.folder.rmdir()
    store.folder.write_text("a file where the recovery folder should be")
    yield store, key, False


def test_read_only_folder_reports_instead_of_raising(unwritable_store):
    store, key, chmod_used = unwritable_store
    message = store.discard(key)
    assert message and "could not remove the recovery copy" in message and "\n" not in message
    assert store.take_problems() == [message]
    assert store.take_problems() == []
    problem = store.check_folder()
    assert problem and ("not writable" in problem or "cannot create" in problem) and "autosave is off" in problem
    with pytest.raises(SaveError):
        store.write(key, _draft(), None, "x")
    store.take_problems()
    if chmod_used:
        assert [e.file for e in store.entries()] == [store.path_for(key)], "the copy is still listed"
    else:
        assert store.entries() == []
        assert "cannot read the recovery folder" in store.take_problems()[0]


def test_missing_file_is_the_one_expected_failure(tmp_path):
    store = RecoveryStore(tmp_path)
    assert store.discard("never-written") is None
    assert store.take_problems() == []


def test_a_folder_where_the_copy_should_be_is_reported(tmp_path):
    store = RecoveryStore(tmp_path)
    store.folder.mkdir()
    (store.folder / "k.recovery.json").mkdir()
    message = store.discard("k")
    assert message and "is a folder" in message


def test_data_folder_that_cannot_be_created(tmp_path):
    """A path under a regular file can never become a folder, even for root."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    store = RecoveryStore(blocker / "data")
    message = store.check_folder()
    assert message and "cannot create the recovery folder" in message and "autosave is off" in message
    with pytest.raises(SaveError, match="cannot create the recovery folder"):
        store.write(store.key_for(None), _draft(), None, "x")
    assert store.entries() == []
    assert store.discard("anything") is None or "could not remove" in store.take_problems()[-1]
    assert store.pending() == []


def test_unreadable_folder_lists_nothing_with_a_problem(tmp_path):
    store = RecoveryStore(tmp_path)
    store.folder.mkdir()
    store.folder.chmod(0)
    try:
        if not _chmod_stops_writes(store.folder):  # root reads anything: a file in the folder's place instead
            store.folder.chmod(0o755)
            store.folder.rmdir()
            store.folder.write_text("x")
        assert store.entries() == []
        assert "cannot read the recovery folder" in store.take_problems()[0]
    finally:
        if store.folder.is_dir():
            store.folder.chmod(0o755)


def test_a_copy_written_by_another_running_process_is_not_offered(tmp_path):
    store = RecoveryStore(tmp_path)
    code = ("import sys, time; from pathlib import Path; from cop_drafter.core.draft import Draft; "
            "from cop_drafter.core.recovery import RecoveryStore; s = RecoveryStore(Path(sys.argv[1])); "
            "print(s.write(s.key_for(None), Draft.new_resolution(), None, 'other'), flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        written = Path(proc.stdout.readline().strip())
        (entry,) = store.entries()
        assert entry.file == written and entry.in_use and "in use by an open window" in entry.describe()
        assert store.pending() == []
    finally:
        proc.kill()
        proc.wait()
    (entry,) = store.entries()
    assert not entry.in_use
    assert [e.file for e in store.pending()] == [written], "once that process died its copy is offered"


def test_an_empty_project_path_is_an_untitled_draft(tmp_path):
    store = RecoveryStore(tmp_path)
    _odd(store, "empty-path", _payload(project_path=""))
    (entry,) = store.entries()
    assert not entry.damaged and entry.project is None and entry.name == "odd"


def test_a_project_path_that_cannot_be_checked_still_offers_the_copy(tmp_path):
    store = RecoveryStore(tmp_path)
    _odd(store, "long", _payload(project_path="/" + "x" * 5000 + ".copdraft"))
    (entry,) = store.pending()
    assert entry.load().current.sections[0].clauses[0].text == "that a recovered clause holds these words;"
    session, draft = DraftSession.restore(entry, store)
    assert draft.current.sections[0].clauses[0].text == "that a recovered clause holds these words;"
    session.release()
