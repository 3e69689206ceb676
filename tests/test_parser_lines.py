"""The structured parser entry: lines with footnote references as data, as the Word reader gives them.

Offsets must land after the word they follow however the line is cleaned (spaces folded, markdown removed, a label
taken off), and with several references in one clause; words that look like placeholders stay words.
"""

from __future__ import annotations

from cop_drafter.formats.text_parser import SourceLine, parse_lines, parse_text

HEAD = ["RESOLUTION 67 (Rev. Kigali, 2022)", "Role of ITU in child online protection",
        "The World Telecommunication Development Conference (Kigali, 2022),", "considering"]


def _lines(*clause_lines: SourceLine) -> list[SourceLine]:
    return [SourceLine(t) for t in HEAD] + list(clause_lines) + [SourceLine("resolves"), SourceLine("1\tto act.")]


def _after(clause, width: int = 6) -> list[str]:
    return [clause.text[max(0, r.offset - width): r.offset] for r in clause.footnotes]


def test_references_stay_after_their_words_through_cleaning():
    raw = "a)\t that the needs of  small  states \u00a0and of **developing** countries be met;"
    refs = ((raw.index("states") + len("states"), "n1"), (raw.index(" be met"), "n2"))
    resolution = parse_lines(_lines(SourceLine(raw, refs)), footnotes={"n1": "Small states.", "n2": "LDCs."})
    clause = resolution.sections[0].clauses[0]
    assert clause.text == "that the needs of small states and of developing countries be met;"
    assert _after(clause) == ["states", "ntries"]
    assert [(f.id, f.text) for f in resolution.footnotes] == [("1", "Small states."), ("2", "LDCs.")]
    assert [r.id for r in clause.footnotes] == ["1", "2"]


def test_references_on_a_continuation_line_are_moved_with_the_join():
    first = SourceLine("a)\tthat the needs of small states")
    second = SourceLine("and of developing countries be met;", ((len("and of developing countries"), "7"),))
    clause = parse_lines(_lines(first, second), footnotes={"7": "LDCs."}).sections[0].clauses[0]
    assert clause.text == "that the needs of small states and of developing countries be met;"
    assert _after(clause, 9) == ["countries"]


def test_structured_lines_never_read_placeholders():
    line = SourceLine("a)\tthat the list [1: draft] was agreed [footnoteRef:1];")
    resolution = parse_lines(_lines(line))
    clause = resolution.sections[0].clauses[0]
    assert clause.text == "that the list [1: draft] was agreed [footnoteRef:1];"
    assert clause.footnotes == [] and resolution.footnotes == []


def test_text_placeholders_with_spaces_around_two_references():
    text = "\n".join(HEAD + [
        "a)\tthat the needs of small states [footnoteRef:1] and of developing countries [footnoteRef:2] be met;",
        "resolves", "1\tto act.", "[1: Small states.]", "[2: LDCs.]"])
    clause = parse_text(text).sections[0].clauses[0]
    assert clause.text == "that the needs of small states and of developing countries be met;"
    assert _after(clause) == ["states", "ntries"]
