"""Cross-references to other clauses ("*considering e)*", "*resolves 2*") are italic in ITU texts.

Only a call word immediately followed by a clause label counts, so prose ("considering that ...") stays upright.
"""

from __future__ import annotations

import re

from cop_drafter.core.calls import STANDARD_CALLS

_CALLS = sorted({c.lower() for c in STANDARD_CALLS}, key=len, reverse=True)
_CROSS_REF = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in _CALLS) + r")"
    r"\s+(?:[a-z]{1,2}\)(?:bis|ter|quater)?|\d{1,2}(?:\.\d{1,2})*)(?=[\s,;.:)]|$)",
    re.IGNORECASE,
)


def italic_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every cross-reference in `text`."""
    return [m.span() for m in _CROSS_REF.finditer(text)]
