"""The one word diff: the changes pane, the precedents panel and the proposal's Word revision marks group
adjacent word changes the same way, into one deletion followed by one insertion (issue 9, Deliver 8)."""

from __future__ import annotations

import re

from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st

from cop_drafter.core.textdiff import DiffPiece, new_text, old_text, readable, readable_diff, word_diff
from cop_drafter.docx.revisions import Emphasised, Revisions
from cop_drafter.gui.editor import diff_html

OLD = "to support the coordination of studies"
NEW = "to collaborate closely with studies"

WORDS = st.lists(st.sampled_from(["the", "Council", "child", "online", "(CWG-COP)", "2017,", "Kigali", ";", "a",
                                  "of", "studies", "  ", "\n"]), max_size=14)


def _html_runs(html: str) -> list[tuple[str, str]]:
    """(struck|inserted, text) for each highlighted span of the changes pane, in order."""
    runs = []
    for style, text in re.findall(r'<span style="[^"]*text-decoration:([\w-]+)">(.*?)</span>', html):
        runs.append(("delete" if style == "line-through" else "insert", text))
    return runs


def _docx_runs(old: str, new: str) -> list[tuple[str, str]]:
    """(delete|insert, text) for each w:del / w:ins the proposal writer produces for the clause."""
    runs = []
    for node in Revisions().diff(Emphasised(old), Emphasised(new)):
        tag = node.tag.rsplit("}", 1)[-1]
        if tag in ("del", "ins"):
            text = "".join(t.text or "" for t in node.iter(qn("w:t"), qn("w:delText")))
            runs.append(("delete" if tag == "del" else "insert", text))
    return runs


def test_in_app_diff_shows_one_struck_run_and_one_inserted_run():
    runs = _html_runs(diff_html(OLD, NEW))
    assert runs == [("delete", "support the coordination of"), ("insert", "collaborate closely with")]


def test_in_app_diff_and_docx_revision_marks_group_alike():
    pairs = [
        (OLD, NEW),
        ("(Rev. Buenos Aires, 2017)", "(Rev. Kigali, 2022)"),
        ("that children are among the most active users, and that online risks grow;",
         "that young people are among the most active users and that online harms grow quickly;"),
    ]
    for old, new in pairs:
        assert _html_runs(diff_html(old, new)) == _docx_runs(old, new), (old, new)


def test_changes_separated_by_a_space_or_comma_are_one_replacement():
    changed = [(p.op, p.text) for p in readable_diff("(Rev. Buenos Aires, 2017)", "(Rev. Kigali, 2022)")
               if p.op != "equal"]
    assert changed == [("delete", "Buenos Aires, 2017"), ("insert", "Kigali, 2022")]


def test_a_kept_word_between_changes_stays_unmarked():
    pieces = readable_diff("to support the studies of Member States", "to foster the studies by Member States")
    assert [(p.op, p.text) for p in pieces] == [
        ("equal", "to "), ("delete", "support"), ("insert", "foster"), ("equal", " the studies "),
        ("delete", "of"), ("insert", "by"), ("equal", " Member States")]


def test_a_short_word_kept_between_longer_changes_goes_with_them():
    pieces = readable_diff("Resolution 1306 of the 2009 session of the ITU Council",
                           "Resolution 1306 adopted by the ITU Council at its 2009 session")
    assert [(p.op, p.text) for p in pieces] == [
        ("equal", "Resolution 1306 "), ("delete", "of the 2009 session of the ITU Council"),
        ("insert", "adopted by the ITU Council at its 2009 session")]


def test_same_text_is_one_unchanged_piece():
    assert readable_diff(OLD, OLD) == [DiffPiece("equal", OLD)]
    assert readable_diff("", "") == []


def test_a_changed_space_alone_keeps_both_texts():
    pieces = readable_diff("child  online protection", "child online\nprotection")
    assert old_text(pieces) == "child  online protection" and new_text(pieces) == "child online\nprotection"
    assert {p.text for p in pieces if p.op == "equal"} >= {"child", "online"}


@given(WORDS, WORDS)
def test_grouped_diff_keeps_old_and_new_exactly_and_never_alternates(old_words, new_words):
    old, new = " ".join(old_words), " ".join(new_words)
    pieces = readable_diff(old, new)
    assert old_text(pieces) == old and new_text(pieces) == new
    assert all(p.text for p in pieces)
    ops = [p.op for p in pieces]
    for i in range(len(ops) - 1):
        assert (ops[i], ops[i + 1]) not in {("insert", "delete"), ("delete", "delete"), ("insert", "insert")}
    for i in range(1, len(pieces) - 1):  # no change / space-or-comma / change alternation left
        if ops[i] == "equal" and ops[i - 1] != "equal" and ops[i + 1] != "equal":
            assert any(c.isalnum() for c in pieces[i].text) or len(pieces[i].text) > 3
    assert readable(pieces) == pieces, "grouping twice changes nothing"


@given(WORDS, WORDS)
def test_raw_diff_keeps_old_and_new_exactly(old_words, new_words):
    old, new = " ".join(old_words), " ".join(new_words)
    pieces = word_diff(old, new)
    assert old_text(pieces) == old and new_text(pieces) == new
