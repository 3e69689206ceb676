"""ITU numbering, punctuation and call-word rules."""

from __future__ import annotations

import pytest

from cop_drafter.core.calls import call_kind, is_known_call
from cop_drafter.core.model import Clause, Resolution, Section, SectionKind
from cop_drafter.core.rules import (
    apply_punctuation,
    clause_label,
    letter_label,
    normalise,
    relabel,
    relabel_section,
    strip_end_punctuation,
    with_end_mark,
)


def test_letter_labels_run_past_z():
    assert [letter_label(i) for i in (0, 1, 25, 26, 27)] == ["a)", "b)", "z)", "aa)", "bb)"]


def test_operative_and_sub_clause_labels():
    assert clause_label(SectionKind.OPERATIVE, 0) == "1"
    assert clause_label(SectionKind.OPERATIVE, 9) == "10"
    assert clause_label(SectionKind.OPERATIVE, 1, parent_label="3") == "3.2"
    assert clause_label(SectionKind.PREAMBLE, 2) == "c)"


def test_relabel_section_renumbers_and_lone_clause_has_no_label():
    section = Section("recalling", SectionKind.PREAMBLE, [Clause("x", "d)"), Clause("y", "d)"), Clause("z", "q)")])
    relabel_section(section)
    assert [c.label for c in section.clauses] == ["a)", "b)", "c)"]
    lone = Section("requests the Council", SectionKind.OPERATIVE, [Clause("to maintain", "1")])
    relabel_section(lone)
    assert lone.clauses[0].label == ""


def test_relabel_sub_clauses_even_under_a_lone_clause():
    parent = Clause("to maintain CWG COP with these terms:", "", [Clause("a", "1.1"), Clause("b", "1.7")])
    section = Section("resolves", SectionKind.OPERATIVE, [parent])
    relabel_section(section)
    assert parent.label == "" and [c.label for c in parent.children] == ["1.1", "1.2"]
    section.clauses.append(Clause("another", ""))
    relabel_section(section)
    assert [c.label for c in section.clauses] == ["1", "2"]


def test_end_marks():
    assert strip_end_punctuation("that children are online; ") == "that children are online"
    assert with_end_mark("to report,", ".") == "to report."
    assert with_end_mark("the materials (Article 34)", ";") == "the materials (Article 34);"
    assert with_end_mark("such as workshops…", ",") == "such as workshops…,"
    assert with_end_mark("", ";") == ""


def _resolution() -> Resolution:
    return Resolution(
        sections=[
            Section("considering", SectionKind.PREAMBLE, [Clause("first."), Clause("second")]),
            Section("resolves", SectionKind.OPERATIVE, [
                Clause("to do with these terms", children=[Clause("one,"), Clause("two")]),
                Clause("to report;"),
            ]),
        ]
    )


def test_apply_punctuation_follows_itu_rules():
    resolution = _resolution()
    relabel(resolution)
    apply_punctuation(resolution)
    texts = [(c.label, c.text) for _s, c in resolution.clauses()]
    assert texts == [
        ("a)", "first;"), ("b)", "second,"),
        ("1", "to do with these terms:"), ("1.1", "one;"), ("1.2", "two;"), ("2", "to report."),
    ]


def test_normalise_leaves_the_original_untouched():
    original = _resolution()
    normalised = normalise(original)
    assert original.sections[0].clauses[0].text == "first."
    assert normalised.sections[0].clauses[0].text == "first;"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("considering", SectionKind.PREAMBLE),
        ("Recognizing further", SectionKind.PREAMBLE),
        ("  taking into account ", SectionKind.PREAMBLE),
        ("noting with concern", SectionKind.PREAMBLE),
        ("resolves", SectionKind.OPERATIVE),
        ("RESOLVES TO INSTRUCT the Director of the Telecommunication Development Bureau", SectionKind.OPERATIVE),
        ("instructs the Secretary-General and the Director of the Telecommunication Development Bureau",
         SectionKind.OPERATIVE),
        ("invites Member States and Sector Members", SectionKind.OPERATIVE),
        ("*recalling*", SectionKind.PREAMBLE),
        ("décide", SectionKind.OPERATIVE),
        ("that the Internet is a platform", None),
        ("recognizing that children are online", None),
        ("a) the memorandum of understanding", None),
        ("The Council,", None),
    ],
)
def test_call_kind(line, kind):
    assert call_kind(line) is kind


def test_known_calls_for_the_checks_panel():
    assert is_known_call("instructs the Director of the Telecommunication Development Bureau")
    assert is_known_call("Invites Member States")
    assert not is_known_call("invites the cat")
    assert not is_known_call("recognising")  # British spelling is not ITU usage
