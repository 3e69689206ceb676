"""The checks a delegate clears before submitting: the pure functions, and the panel that leads to each clause."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cop_drafter.core.checks import KnownRevision, run_checks
from cop_drafter.core.draft import Draft
from cop_drafter.core.model import Clause, Header, Resolution, Section, SectionKind
from cop_drafter.gui.document import DraftDocument


def _resolution() -> Resolution:
    return Resolution(
        header=Header(number="67", revision=True, place="Kigali", year=2022, title="Child online protection"),
        sections=[
            Section("considering", SectionKind.PREAMBLE, [
                Clause("that CHI runs helplines;", uid="cA"),
                Clause("the memorandum with Child Helpline International (CHI);", uid="cB"),
                Clause("Resolution 179 (Rev. Busan, 2014) of the Plenipotentiary Conference;", uid="cC"),
                Clause("", uid="cD"),
                Clause("that children are online,", uid="cE"),
            ]),
            Section("pondering", SectionKind.PREAMBLE, [Clause("that the memorandum with Child Helpline "
                                                                "International (CHI);", uid="cF")]),
            Section("resolves", SectionKind.OPERATIVE, [
                Clause("to continue the work", uid="cG"),
                Clause("to continue  the work;", uid="cH"),
            ]),
        ],
    )


KNOWN = [KnownRevision("179", "Dubai", 2018), KnownRevision("179", "Busan", 2014), KnownRevision("67", "Kigali", 2022)]


def _by_code(items):
    out: dict[str, list[str]] = {}
    for item in items:
        out.setdefault(item.code, []).append(item.uid)
    return out


def test_each_check_finds_its_problem_and_names_the_clause():
    resolution = _resolution()
    sections = {s.call: s.uid for s in resolution.sections}
    found = _by_code(run_checks(resolution, KNOWN))
    assert found["empty-clause"] == ["cD"]
    assert found["unknown-call"] == [sections["pondering"]]
    assert found["duplicate-clause"] == ["cH"]  # same words, spacing and end mark aside
    assert found["old-revision"] == ["cC"]
    assert found["acronym"] == ["cA"]  # CHI used in a) before b) spells it out
    # considering e) ends a section (','), resolves 1 needs ';', resolves 2 ends the text ('.').
    assert set(found["end-punctuation"]) == {"cF", "cG", "cH"}
    marks = {i.uid: i for i in run_checks(resolution, KNOWN) if i.code == "end-punctuation"}
    assert marks["cG"].fix.text == "to continue the work;"
    assert marks["cH"].fix.text == "to continue  the work."
    assert "cA" not in marks and "cB" not in marks


def test_citation_of_the_newest_revision_is_fine():
    resolution = _resolution()
    resolution.find_clause("cC")[1].text = "Resolution 179 (Rev. Dubai, 2018);"
    assert "old-revision" not in _by_code(run_checks(resolution, KNOWN))
    assert "old-revision" not in _by_code(run_checks(_resolution(), []))


def test_fixed_draft_has_no_findings():
    resolution = _resolution()
    resolution.sections[1].call = "recalling"
    resolution.find_clause("cA")[1].text = "that Child Helpline International (CHI) runs helplines;"
    resolution.find_clause("cB")[1].text = "the memorandum with CHI;"
    resolution.find_clause("cC")[1].text = "Resolution 179 (Rev. Dubai, 2018);"
    resolution.find_clause("cD")[1].text = "that parents are not always aware;"
    resolution.find_clause("cF")[1].text = "the work of the Council Working Group,"
    resolution.find_clause("cE")[1].text = "that children are online,"
    resolution.find_clause("cH")[1].text = "to report back."
    resolution.find_clause("cG")[1].text = "to continue the work;"
    assert run_checks(resolution, KNOWN) == []


def test_suppressed_clauses_are_not_checked():
    draft = Draft(current=_resolution())
    draft.suppressed.add("cD")
    assert "empty-clause" not in _by_code(run_checks(draft.revised(), KNOWN))


def test_panel_lists_problems_jumps_to_the_clause_and_fixes_punctuation(make_window, qtbot):
    window = make_window()
    window.set_document(DraftDocument(Draft(current=_resolution())))
    panel = window.checks
    qtbot.waitUntil(lambda: panel.list.count() == len(run_checks(window.doc.draft.revised(),
                                                                  window.known_revisions(), window.doc.draft.meta)))
    row = next(i for i in range(panel.list.count()) if panel.items[i].code == "empty-clause")
    rect = panel.list.visualItemRect(panel.list.item(row))
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_uid() == "cD"
    assert window.editor.clause_page.uid == "cD"

    before = {c.uid: c.text for _s, c in window.doc.resolution.clauses()}
    qtbot.keyClick(window.outline, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not any(i.code == "end-punctuation" for i in panel.items)
    assert window.doc.clause("cG").text == "to continue the work;"
    window.doc.undo_stack.undo()  # all the fixes are one undo step
    assert {c.uid: c.text for _s, c in window.doc.resolution.clauses()} == before
