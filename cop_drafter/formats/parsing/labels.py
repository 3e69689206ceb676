"""Clause labels as delegates type them: a) b)bis (a) a. aa) | 1 1. 1.1 1000, and how they follow each other.

A label is read into the form the model keeps ("a)", "1", "1.1"); `a.` style letters are read as `a)` and the
parser says so. Numbers have any size a resolution can have (up to nine digits; a longer figure is text).
"""

from __future__ import annotations

import logging
import re

from cop_drafter.core.rules import letter_label

logger = logging.getLogger(__name__)

LABEL = re.compile(
    r"^(?:\((?P<paren>[a-z]{1,2})\)|(?P<letter>[a-z]{1,2})\)|(?P<dot>[a-z]{1,2})\.(?!\w)"
    r"|(?P<number>\d{1,9}(?:\.\d{1,9})*)\.?)"
    r"(?P<suffix>bis|ter|quater)?(?=\s|$)\s*(?P<rest>.*)$"
)
_INLINE_MARKER = re.compile(r"(?:^|[\s;:(])\(?([a-z])\)(?=\s)")
_SUFFIX = re.compile(r"(bis|ter|quater)$")
_NUMBER = re.compile(r"\d{1,9}(?:\.\d{1,9})*(?:bis|ter|quater)?")
_LETTER = re.compile(r"([a-z])\1*\)(?:bis|ter|quater)?")


def label_of(match: re.Match[str]) -> str:
    """The label as the model keeps it: '(a)' and 'a.' become 'a)', '1.' becomes '1'."""
    if match.group("number"):
        base = match.group("number")
    else:
        base = f"{match.group('paren') or match.group('letter') or match.group('dot')})"
    return base + (match.group("suffix") or "")


def letter_index(label: str) -> int | None:
    """a) -> 0, z) -> 25, aa) -> 26; None for anything that is not a letter label."""
    m = _LETTER.fullmatch(label)
    if not m:
        return None
    return (len(label.split(")")[0]) - 1) * 26 + ord(m.group(1)) - ord("a")


def number_parts(label: str) -> list[int] | None:
    """'1.2bis' -> [1, 2]; None for anything that is not a number label."""
    if not _NUMBER.fullmatch(label):
        return None
    return [int(p) for p in _SUFFIX.sub("", label).split(".")]


def inline_last(text: str) -> str | None:
    """The last inline enumeration letter ('to prevent a) the ...') in a piece of clause text, if any."""
    markers = _INLINE_MARKER.findall(text)
    return markers[-1] if markers else None


def inline_next(last: str | None) -> str | None:
    """The label that would continue an inline enumeration whose last letter is `last`."""
    if last is None or last >= "z":
        return None
    return f"{chr(ord(last) + 1)})"


def next_labels(top_label: str | None, count: int) -> set[str]:
    """Labels that would naturally come after a section's current top clause, `count` clauses in."""
    expected: set[str] = set()
    if top_label is not None:
        parts = number_parts(top_label)
        index = letter_index(top_label)
        if parts:
            expected.add(str(parts[0] + 1))
        elif index is not None:
            expected.add(letter_label(index + 1))
    expected.add(str(count + 1))
    if count < 52:  # a letter label has at most two letters (zz)); longer ones are never read
        expected.add(letter_label(count))
    return expected
