"""Opening drafts the app cannot read: a clear message, the file untouched, the current draft kept."""

from __future__ import annotations

import json

import pytest

from cop_drafter.core.draft import Draft
from cop_drafter.formats.project import SCHEMA_VERSION, draft_to_json


def _future(tmp_path):
    payload = json.loads(draft_to_json(Draft.new_resolution()))
    payload["schema"] = SCHEMA_VERSION + 1
    payload["app_version"] = "9.0"
    path = tmp_path / "future.copdraft"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path, "newer COP Drafter"


def _truncated(tmp_path):
    path = tmp_path / "cut.copdraft"
    path.write_text(draft_to_json(Draft.new_resolution())[:200], encoding="utf-8")
    return path, "damaged"


def _not_ours(tmp_path):
    path = tmp_path / "other.copdraft"
    path.write_bytes(b"PK\x03\x04 this is a zip, not a draft \xff\xfe")
    return path, "not a COP Drafter project"


def _bad_shape(tmp_path):
    payload = json.loads(draft_to_json(Draft.new_resolution()))
    payload["draft"]["current"]["sections"] = "nonsense"
    path = tmp_path / "shape.copdraft"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path, "damaged"


@pytest.mark.parametrize("make_file", [_future, _truncated, _not_ours, _bad_shape])
def test_unreadable_draft_gets_a_message_and_stays_untouched(make_window, tmp_path, make_file):
    path, words = make_file(tmp_path)
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    window = make_window()
    window.new_revision()
    current = window.doc
    assert not window.open_path(path)
    assert len(window.dialogs.errors) == 1
    title, message = window.dialogs.errors[0]
    assert words in message and path.name in message
    assert "Traceback" not in message and "\n\nThe file was not changed." in message
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    assert window.doc is current, "the open draft stays open"


def test_save_failure_keeps_the_draft_open(make_window, tmp_path):
    window = make_window()
    window.new_revision()
    window.doc.set_text(window.current_clause_uid(), "words worth keeping")
    window.dialogs.save_to = str(tmp_path / "no-such-folder" / "x.copdraft")
    assert not window.save_as()
    assert window.doc.modified
    assert "does not exist" in window.dialogs.errors[0][1]


def test_new_resolution_skeleton_and_header_edits_undo(make_window, qtbot):
    window = make_window()
    window.new_resolution()
    doc = window.doc
    assert [s.call for s in doc.resolution.sections] == ["considering", "resolves"]
    assert window.editor.currentWidget() is window.editor.header_page
    qtbot.keyClicks(window.editor.header_page.number, "99")
    qtbot.keyClicks(window.editor.header_page.title, "Child online protection")
    assert doc.resolution.header.number == "99"
    assert window.outline_model.index_of("header").data().startswith("DRAFT NEW RESOLUTION 99")
    doc.undo_stack.undo()
    assert doc.resolution.header.title == "" and doc.resolution.header.number == "99"
    doc.undo_stack.undo()
    assert doc.resolution.header.number == ""
    assert window.editor.header_page.number.text() == ""
