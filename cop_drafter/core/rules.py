"""ITU numbering and punctuation rules, as pure functions over the model.

- Preambular clauses are lettered a) .. z), then aa), bb) ...; operative ones numbered 1, 2, ...;
  sub-clauses 1.1, 1.2 (or a), b) under a preambular clause). A lone clause under a call has no label.
- Every clause ends with ";", the last of a section with ",", the very last of the resolution with ".".
  A clause that introduces sub-clauses ends with ":".
"""

from __future__ import annotations

import string
from collections.abc import Iterable

from cop_drafter.core.model import Clause, Resolution, Section, SectionKind

TRAILING_MARKS = ";,.:"


def letter_label(index: int) -> str:
    """0 -> 'a)', 25 -> 'z)', 26 -> 'aa)', 27 -> 'bb)' (ITU doubles letters past z)."""
    letters = string.ascii_lowercase
    letter = letters[index % 26] * (index // 26 + 1)
    return f"{letter})"


def clause_label(kind: SectionKind, index: int, parent_label: str = "") -> str:
    """The label of the index-th (0-based) clause of a section, or of a parent clause's children."""
    if parent_label:
        if kind is SectionKind.OPERATIVE:
            return f"{parent_label.rstrip('.')}.{index + 1}"
        return letter_label(index)
    if kind is SectionKind.OPERATIVE:
        return str(index + 1)
    return letter_label(index)


def _relabel_list(clauses: list[Clause], kind: SectionKind, parent_label: str) -> None:
    if len(clauses) == 1 and not parent_label:
        clauses[0].label = ""
    else:
        for i, clause in enumerate(clauses):
            clause.label = clause_label(kind, i, parent_label)
    for clause in clauses:
        if clause.children:
            # A lone operative clause still numbers its sub-clauses as 1.1, 1.2.
            own = clause.label or ("1" if kind is SectionKind.OPERATIVE else "a)")
            _relabel_list(clause.children, kind, own)


def relabel_section(section: Section) -> None:
    """Recompute every label of a section in place."""
    _relabel_list(section.clauses, section.kind, "")


def relabel(resolution: Resolution) -> None:
    for section in resolution.sections:
        relabel_section(section)


def strip_end_punctuation(text: str) -> str:
    """The text without trailing ; , . : and spaces (an ellipsis or a closing bracket is kept)."""
    text = text.rstrip()
    while text and text[-1] in TRAILING_MARKS and not text.endswith("..."):
        text = text[:-1].rstrip()
    return text


def with_end_mark(text: str, mark: str) -> str:
    """`text` ending with exactly `mark` (';', ',', '.' or ':'). Empty text stays empty."""
    body = strip_end_punctuation(text)
    return body + mark if body else body


def _leaves(clauses: Iterable[Clause]) -> list[Clause]:
    out: list[Clause] = []
    for clause in clauses:
        out.extend([clause] if not clause.children else _leaves(clause.children))
    return out


def expected_marks(resolution: Resolution) -> dict[str, str]:
    """The end mark each clause should carry, by clause uid."""
    marks: dict[str, str] = {}
    sections = [s for s in resolution.sections if any(c.text.strip() or c.children for c in s.clauses)]
    for s_index, section in enumerate(sections):
        for clause in section.walk():
            if clause.children:
                marks[clause.uid] = ":"
        leaves = _leaves(section.clauses)
        for i, leaf in enumerate(leaves):
            if i < len(leaves) - 1:
                marks[leaf.uid] = ";"
            elif s_index < len(sections) - 1:
                marks[leaf.uid] = ","
            else:
                marks[leaf.uid] = "."
    return marks


def end_mark_of(text: str) -> str:
    stripped = text.rstrip()
    return stripped[-1] if stripped and stripped[-1] in TRAILING_MARKS else ""


def apply_punctuation(resolution: Resolution) -> None:
    """Give every clause the end mark the ITU rules expect, in place."""
    marks = expected_marks(resolution)
    for _section, clause in resolution.clauses():
        if clause.uid in marks and clause.text.strip():
            clause.text = with_end_mark(clause.text, marks[clause.uid])


def normalise(resolution: Resolution) -> Resolution:
    """Relabel and re-punctuate a copy, as an export would print it."""
    result = resolution.copy()
    relabel(result)
    apply_punctuation(result)
    return result
