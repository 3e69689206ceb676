"""Word automatic numbering -> the label Word displays ('a)', '1', '1.1', 'iv').

Counters live per list (numId) and level; a deeper level restarts when a shallower one advances, as in Word.
Every number read from the file is kept small, so a hostile numbering part costs nothing.
"""

from __future__ import annotations

import logging

from lxml import etree

from cop_drafter.core.rules import letter_label
from cop_drafter.formats.docx_package import w

logger = logging.getLogger(__name__)

_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def small_int(value: str | None, default: int) -> int:
    """An integer attribute of a hostile file, kept small: a counter starting at 10**9 must not cost memory."""
    return min(int(value), 999) if value is not None and value.isdigit() else default


def _roman(n: int) -> str:
    out = ""
    for value, digits in _ROMAN:
        while n >= value:
            out += digits
            n -= value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = letter_label(n - 1).rstrip(")")
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class Numbering:
    """Word automatic numbering -> the label Word displays ('a)', '1', '1.1')."""

    def __init__(self, root: etree._Element | None) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.iter(w("abstractNum")):
            levels = {}
            for lvl in node.iter(w("lvl")):
                fmt = lvl.find(w("numFmt"))
                text = lvl.find(w("lvlText"))
                start = lvl.find(w("start"))
                levels[small_int(lvl.get(w("ilvl")), 0)] = (
                    fmt.get(w("val"), "decimal") if fmt is not None else "decimal",
                    text.get(w("val"), "")[:40] if text is not None else "",
                    small_int(start.get(w("val")) if start is not None else None, 1),
                )
            abstract[node.get(w("abstractNumId"), "")] = levels
        for num in root.iter(w("num")):
            ref = num.find(w("abstractNumId"))
            if ref is not None:
                self.levels[num.get(w("numId"), "")] = abstract.get(ref.get(w("val"), ""), {})

    def label(self, num_id: str, level: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or num_id == "0":
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = levels.get(level, ("decimal", "", 1))[2]
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        fmt, text, _start = levels.get(level, ("decimal", f"%{level + 1}", 1))
        for index in range(level, -1, -1):
            value = counters.get(index, levels.get(index, ("decimal", "", 1))[2])
            text = text.replace(f"%{index + 1}", _format_number(value, levels.get(index, (fmt, "", 1))[0]))
        return text.strip()
