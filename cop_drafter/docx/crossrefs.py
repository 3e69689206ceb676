"""Cross-references to other clauses ("*considering e)*", "*resolves 2*") are italic in ITU texts.

Only a call word immediately followed by a clause label counts, so prose ("considering that ...") stays upright.
"""

from __future__ import annotations

import re

from cop_drafter.core.calls import STANDARD_CALLS

_CALLS = sorted({c.lower() for c in STANDARD_CALLS}, key=len, reverse=True)
_LABEL = r"(?:[a-z]{1,2}\)(?:bis|ter|quater)?|\d{1,2}(?:\.\d{1,2})*)(?=[\s,;.:)]|$)"
_CROSS_REF = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in _CALLS) + r")"
    r"\s+" + _LABEL,
    re.IGNORECASE,
)
# The further labels of a list: "considering e), f), g) and h)" (ITU italicises each label, not the commas).
_MORE = re.compile(r"(?:,\s*|\s+and\s+|\s+or\s+)(" + _LABEL + ")")
_LATIN = re.compile(r"(?<![\w-])(?:inter alia|mutatis mutandis|ad hoc)(?![\w-])")


def italic_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every cross-reference label in `text` and of the Latin phrases ITU sets in italics."""
    spans = []
    for match in _CROSS_REF.finditer(text):
        spans.append(match.span())
        end = match.end()
        while more := _MORE.match(text, end):
            spans.append(more.span(1))
            end = more.end()
    spans.extend(m.span() for m in _LATIN.finditer(text))
    return sorted(spans)
