"""Issue 9 repro 9 in the real window: typing Place = Baku and Year = 2025 moves the conference line along,
and a hand-written conference line that no longer agrees is listed by the checks panel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from cop_drafter.core.draft import Draft
from cop_drafter.formats.reader import read_resolution
from cop_drafter.gui.document import DraftDocument

KIGALI = Path(__file__).resolve().parents[2] / "resources" / "corpus" / "003_17374c786128507d.txt"


def open_header(make_window, qtbot):
    window = make_window()
    window.set_document(DraftDocument(Draft.revision_of(read_resolution(KIGALI))))
    window.outline.select_uid("header")
    page = window.editor.header_page
    qtbot.waitUntil(lambda: window.editor.currentWidget() is page)
    return window, page


def retype(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def test_typing_place_and_year_updates_the_conference_line(make_window, qtbot):
    window, page = open_header(make_window, qtbot)
    retype(qtbot, page.place, "Baku")
    page.year.setFocus()
    page.year.selectAll()
    qtbot.keyClicks(page.year, "2025")
    header = window.doc.resolution.header
    assert header.heading() == "RESOLUTION 67 (Rev. Baku, 2025)"
    assert page.conference.text() == "The World Telecommunication Development Conference (Baku, 2025),"
    assert header.conference_line == page.conference.text()
    window.checks.refresh()
    assert not [i for i in window.checks.items if i.uid == "header"]
    while window.doc.undo_stack.canUndo():
        window.doc.undo_stack.undo()
    assert window.doc.resolution.header.conference_line == read_resolution(KIGALI).header.conference_line


def test_hand_written_conference_line_is_kept_and_flagged(make_window, qtbot):
    window, page = open_header(make_window, qtbot)
    retype(qtbot, page.conference, "The Conference, meeting in Kigali in 2022,")
    retype(qtbot, page.place, "Baku")
    assert page.conference.text() == "The Conference, meeting in Kigali in 2022,"
    window.checks.refresh()
    rows = [window.checks.list.item(i).text() for i in range(window.checks.list.count())]
    assert any("conference line" in row and "Baku" in row for row in rows), rows
