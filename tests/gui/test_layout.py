"""Issue 9, deliver 9: usable at 1024x600, and no width jump when a clause under a long call is selected."""

from __future__ import annotations

from cop_drafter.corpus import SAMPLE_TEXT_ID


def test_a_long_call_heading_does_not_widen_the_editor_at_1024x600(make_window, qtbot):
    window = make_window()
    window.dialogs.pick = SAMPLE_TEXT_ID
    window.new_revision_dialog()
    window.resize(1024, 600)
    qtbot.wait(50)
    short = window.doc.resolution.find_section("recognizing").clauses[0]
    long_call = next(s for s in window.doc.resolution.sections if len(s.call) > 60)
    window.outline.select_uid(short.uid)
    qtbot.wait(20)
    width = window.editor.width()
    window.outline.select_uid(long_call.clauses[-1].uid)
    qtbot.waitUntil(lambda: window.editor.clause_page.uid == long_call.clauses[-1].uid)
    qtbot.wait(20)
    assert window.editor.width() == width, "the centre pane keeps its width"
    assert window.width() <= 1024 and window.editor.clause_page.heading.width() <= window.editor.width()
    for dock in (window.outline_dock, window.precedents_dock):
        assert dock.width() >= 150, "each pane stays wide enough to read at 1024x600"
