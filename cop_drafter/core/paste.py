"""Pasted text that holds several clauses, and clauses that still hold a pasted list.

A delegate copies five labelled paragraphs from Word or a PDF into one clause: without help the export reads
"e) a) that there are ... b) that the Internet ...". `split_pasted` finds the clauses in such a paste (labelled
items, or one clause per line/paragraph ending like a clause) so the editor can ask once whether to split;
`check_pasted_lists` flags a clause whose text still holds labelled items. Wording is never changed: only the
labels at the start of each item go (the rules recompute them) and surrounding white space.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cop_drafter.core.model import Resolution

# a label at the start of a line: a)  (a)  a.  aa)  1  1.  1.1  (1)  i)  — then at least one space or a tab
_LEADING_LABEL = re.compile(r"^\s*(?:\(?(?:[a-z]{1,3}|\d{1,4}(?:\.\d{1,3})*)\)|[a-z]{1,2}\.|\d{1,4}(?:\.\d{1,3})*\.?)"
                            r"(?:[ \t\u00a0]+|(?=[A-Z\"“]))")
_BRACKET_LABEL = re.compile(r"^\s*\(?(?:[a-z]{1,3}|\d{1,3})\)\s+\S")  # "a) that ..." at the start of a text
_BULLET = re.compile(r"^\s*[•·▪\-–—*]\s+")
_CLAUSE_END = re.compile(r"[;,.:]\s*$")


@dataclass(frozen=True)
class PasteSplit:
    """The clauses found in a paste, and how they were recognised ("labelled" or "lines")."""

    pieces: list[str]
    how: str


def _strip_label(line: str) -> str:
    line = _BULLET.sub("", line, count=1)
    return _LEADING_LABEL.sub("", line, count=1).strip()


def _is_labelled(line: str) -> bool:
    stripped = _BULLET.sub("", line, count=1)
    return bool(_LEADING_LABEL.match(stripped)) and bool(_LEADING_LABEL.sub("", stripped, count=1).strip())


def split_pasted(text: str) -> PasteSplit | None:
    """The clauses in `text` when it holds two or more, else None (a paste of one clause stays as it is).

    Labelled items: every non-empty line that starts with a label begins a clause, the lines between them
    continue it (a PDF breaks lines inside a clause). Otherwise, lines that each end like a clause (";", ",",
    "." or ":") are one clause each, and blank-line paragraphs are one clause each.
    """
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    content = [line for line in lines if line.strip()]
    if len(content) < 2:
        return None
    labelled = [_is_labelled(line) for line in content]
    if sum(labelled) >= 2 and labelled[0]:
        pieces: list[str] = []
        for line, starts in zip(content, labelled, strict=True):
            if starts or not pieces:
                pieces.append(_strip_label(line))
            else:
                pieces[-1] = f"{pieces[-1]} {line.strip()}"
        return PasteSplit(pieces, "labelled")
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", "\n".join(lines)) if p.strip()]
    if len(paragraphs) >= 2:
        return PasteSplit(paragraphs, "paragraphs")
    if all(_CLAUSE_END.search(line) for line in content[:-1]):
        return PasteSplit([" ".join(line.split()) for line in content], "lines")
    return None


def check_pasted_lists(resolution: Resolution) -> list:
    """A clause whose text starts with a label, or holds a line that does: a paste kept as one clause."""
    from cop_drafter.core.checks import CheckItem

    items = []
    for section, clause in resolution.clauses():
        lines = [line for line in clause.text.split("\n") if line.strip()]
        starts = [line for line in lines if _is_labelled(line)]
        if len(starts) >= 2 or _BRACKET_LABEL.match(clause.text):
            where = f"{section.call} {clause.label}".strip()
            items.append(CheckItem(
                "pasted-list", clause.uid,
                f"{where}: the text holds labelled items ({len(starts)}, e.g. "
                f"“{starts[0].strip()[:40]}”): split them into clauses (paste again and choose Split) "
                "or remove the labels"))
    return items
