"""The .copdraft project file: versioned, atomic, and never damaged by a failed or refused load."""

from __future__ import annotations

import errno
import json
import os

import pytest

from cop_drafter.core.draft import ClauseStatus, Draft
from cop_drafter.core.model import Clause, ParseError
from cop_drafter.corpus import corpus_text
from cop_drafter.formats.atomic import SaveError
from cop_drafter.formats.project import SCHEMA_VERSION, draft_to_json, load_project, save_project


@pytest.fixture
def draft() -> Draft:
    base = corpus_text("wtdc-res67-rev-kigali-2022").resolution
    draft = Draft.revision_of(base, "corpus:wtdc-res67-rev-kigali-2022")
    recalling = draft.current.find_section("recalling")
    recalling.clauses[2].text = "the outcomes of the work accomplished by CWG-COP since 2009;"
    recalling.clauses.insert(3, Clause("the new clause;"))
    draft.suppressed.add(recalling.clauses[0].uid)
    draft.reasons[recalling.clauses[2].uid] = "Update."
    return draft


def test_statuses_of_a_revision(draft):
    recalling = draft.current.find_section("recalling")
    statuses = draft.statuses()
    assert statuses[recalling.clauses[0].uid] is ClauseStatus.SUP
    assert statuses[recalling.clauses[1].uid] is ClauseStatus.NOC
    assert statuses[recalling.clauses[2].uid] is ClauseStatus.MOD
    assert statuses[recalling.clauses[3].uid] is ClauseStatus.ADD
    assert sum(1 for s in statuses.values() if s is ClauseStatus.NOC) == 54 - 2


def test_save_and_reopen_gives_the_same_draft(tmp_path, draft):
    path = save_project(draft, tmp_path / "Résolution 67 révisée.copdraft")
    again = load_project(path)
    assert again.statuses() == draft.statuses()
    assert again.reasons == draft.reasons
    assert again.current.header == draft.current.header
    assert [c.text for _s, c in again.current.clauses()] == [c.text for _s, c in draft.current.clauses()]


def test_future_schema_is_refused_and_file_untouched(tmp_path, draft):
    path = tmp_path / "future.copdraft"
    payload = json.loads(draft_to_json(draft))
    payload["schema"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(payload))
    before = path.read_bytes()
    with pytest.raises(ParseError, match="newer COP Drafter"):
        load_project(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "damaged"),
        (b'{"format": "something-else"}', "not a COP Drafter project"),
        (b'{"format": "cop-drafter-project", "schema": 1, "draft": {"current": {"sections": "x"}}}', "damaged"),
        (b"\xff\xfe\x00garbage", "not a COP Drafter project"),
    ],
)
def test_corrupt_project_files(tmp_path, content, message):
    path = tmp_path / "bad.copdraft"
    path.write_bytes(content)
    with pytest.raises(ParseError, match=message):
        load_project(path)
    assert path.read_bytes() == content


def test_failed_save_leaves_the_old_file_and_no_temp_file(tmp_path, draft, monkeypatch):
    path = save_project(draft, tmp_path / "draft.copdraft")
    before = path.read_bytes()
    real_fsync = os.fsync

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    draft.current.sections[0].clauses[0].text = "changed;"
    with pytest.raises(SaveError, match="disk is full"):
        save_project(draft, path)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["draft.copdraft"]


def test_read_only_folder(tmp_path, draft, monkeypatch):
    """Simulated with EACCES from the temp-file creation: root ignores chmod, a delegate's laptop does not."""
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(SaveError, match="no permission"):
        save_project(draft, tmp_path / "x.copdraft")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder(tmp_path, draft):
    with pytest.raises(SaveError, match="does not exist"):
        save_project(draft, tmp_path / "missing" / "x.copdraft")


def test_read_draft_keeps_a_project_a_draft(tmp_path, draft):
    """Issue 10 repro 5 (reader side): a .copdraft read for a command stays a Draft (MOD, ADD, SUP, reasons kept);
    a text is not a draft."""
    from cop_drafter.formats.reader import read_draft

    path = save_project(draft, tmp_path / "renamed project.txt")  # decided by content, not by name
    again = read_draft(path)
    assert again is not None
    assert again.statuses() == draft.statuses() and again.reasons == draft.reasons
    assert again.base is not None and again.suppressed == draft.suppressed
    text = tmp_path / "text.copdraft"
    text.write_text(corpus_text("wtdc-res67-rev-kigali-2022").resolution.header.heading(), encoding="utf-8")
    assert read_draft(text) is None
