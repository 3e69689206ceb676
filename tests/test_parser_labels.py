"""Labels of any size and in the styles delegates type ("a.", "(a)", "1.") are read as labels or warned about:
a labelled line never disappears silently into the clause before it (issue 10, reproduction 7)."""

from __future__ import annotations

from cop_drafter.formats.text_parser import parse_text

HEAD = "RESOLUTION 67 (Rev. Kigali, 2022)\n\nThe World Telecommunication Development Conference (Kigali, 2022),\n\n"


def _operative(count: int) -> str:
    lines = [f"{n}\tto take all necessary measures number {n};" for n in range(1, count + 1)]
    return HEAD + "considering\n\na)\tthat children use the Internet;\n\nresolves\n\n" + "\n".join(lines) + "\n"


def test_labels_1000_and_above_are_clauses_of_their_own():
    resolution = parse_text(_operative(1003))
    section = resolution.sections[1]
    assert len(section.clauses) == 1003
    assert [c.label for c in section.clauses[998:]] == ["999", "1000", "1001", "1002", "1003"]
    assert section.clauses[999].text == "to take all necessary measures number 1000;"
    assert not [w for w in resolution.warnings if w.code == "label-sequence"]


def test_letter_dot_labels_are_read_as_labels_with_a_warning():
    text = HEAD + (
        "considering\n\na.\tthat children use the Internet;\n\nb.\tthat risks grow;\n\n"
        "resolves\n\n1\tto act;\n"
    )
    resolution = parse_text(text)
    clauses = resolution.sections[0].clauses
    assert [(c.label, c.text) for c in clauses] == [
        ("a)", "that children use the Internet;"), ("b)", "that risks grow;")]
    styles = [w for w in resolution.warnings if w.code == "label-style"]
    assert styles and "a." in styles[0].message


def test_paren_and_number_dot_labels_are_read():
    text = HEAD + (
        "considering\n\n(a) that children use the Internet;\n\n(b) that risks grow,\n\n"
        "resolves\n\n1. to act;\n\n2. to report.\n"
    )
    resolution = parse_text(text)
    assert [c.label for c in resolution.sections[0].clauses] == ["a)", "b)"]
    assert [(c.label, c.text) for c in resolution.sections[1].clauses] == [("1", "to act;"), ("2", "to report.")]


def test_a_label_taken_as_text_is_warned_not_merged_silently():
    text = HEAD + (
        "considering\n\na)\tthat children use the Internet;\n\nresolves\n\n1\tto act;\n\n"
        "9\tto report on progress;\n"
    )
    resolution = parse_text(text)
    clauses = resolution.sections[1].clauses
    # The figure 9 after clause 1 is kept as written (it may be a PDF line starting with a figure) ...
    assert clauses[-1].text == "to act; 9 to report on progress;"
    # ... but the delegate is told.
    merged = [w for w in resolution.warnings if w.code == "label-as-text"]
    assert merged and "9" in merged[0].message
