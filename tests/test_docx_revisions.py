"""Revision marks as an editor reads them: whole phrases replaced, never a change to the wording itself."""

from __future__ import annotations

from docx_xml_helpers import validated_docx  # noqa: F401  (autouse: every .docx built is validated)
from hypothesis import given
from hypothesis import strategies as st

from cop_drafter.core.textdiff import new_text, old_text, word_diff
from cop_drafter.docx.revisions import readable

WORDS = st.lists(st.sampled_from(["the", "Council", "child", "online", "(CWG-COP)", "2017,", "Kigali", ";", "a"]),
                 max_size=12)


@given(WORDS, WORDS)
def test_readable_keeps_old_and_new_exactly(old_words, new_words):
    old, new = " ".join(old_words), " ".join(new_words)
    pieces = readable(word_diff(old, new))
    assert old_text(pieces) == old and new_text(pieces) == new
    ops = [p.op for p in pieces]
    for i in range(1, len(pieces) - 1):  # no change / space-or-comma / change alternation left
        if ops[i] == "equal" and len(pieces[i].text) <= 3 and not any(c.isalnum() for c in pieces[i].text):
            assert not (ops[i - 1] != "equal" and ops[i + 1] != "equal")


def test_reference_line_is_one_replacement():
    pieces = readable(word_diff("(Rev. Buenos Aires, 2017)", "(Rev. Kigali, 2022)"))
    changed = [(p.op, p.text) for p in pieces if p.op != "equal"]
    assert changed == [("delete", "Buenos Aires, 2017"), ("insert", "Kigali, 2022")]
