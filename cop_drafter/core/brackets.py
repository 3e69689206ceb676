"""Square brackets and alternatives still open in a negotiated text (issue 14 deliver 5).

In an ITU negotiation, text not yet agreed stands in square brackets ("[and young people]", often with the
proposers' names: "[APT]"), and competing wordings as alternatives ("[Alt 1: ...] [Alt 2: ...]"). A clean
resolution must not hand them in as if agreed, so the checks list them and a clean export refuses them unless the
delegate asks. The seeds' own "[…]" (an omission mark in a quotation) and "[1]" (a footnote call in web copies)
are not negotiation brackets and are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cop_drafter.core.model import Resolution
from cop_drafter.core.rules import strip_end_punctuation

_ALTERNATIVE = re.compile(r"\s*Alt(?:ernative)?\.?\s*\d+\s*(?:\([^()\]]*\)\s*)?:", re.IGNORECASE)
_BRACKET = re.compile(r"[\[\]]")
_NOT_NEGOTIATION = re.compile(r"\s*(?:…|\.{3}|\d{1,3})\s*")
SHOWN = 60  # characters of an unclosed bracket quoted in a message


@dataclass(frozen=True)
class OpenBracket:
    uid: str  # the clause
    where: str  # "resolves 2", as the checks name a clause
    kind: str  # "brackets" | "alternatives" | "unclosed"
    text: str  # the bracketed passage as written (an unclosed one: its first SHOWN characters)
    offset: int  # where it starts in the clause text


def bracket_spans(text: str) -> list[tuple[str, int, int]]:
    """(kind, start, end) of each top-level bracketed passage, in order; nested brackets belong to the outer one.

    One pass over the brackets alone, no recursion: five thousand "[" cost what their number costs."""
    spans: list[tuple[str, int, int]] = []
    depth, start = 0, -1
    for found in _BRACKET.finditer(text):  # only the brackets are visited: a long clause without any costs ~nothing
        i, char = found.start(), found.group()
        if char == "[":
            if depth == 0:
                start = i
            depth += 1
        elif depth == 0:
            spans.append(("unclosed", i, i + 1))  # a closing bracket with no opening one
        else:
            depth -= 1
            if depth == 0:
                inner = text[start + 1:i]
                if not _NOT_NEGOTIATION.fullmatch(inner):
                    spans.append(("alternatives" if _ALTERNATIVE.match(inner) else "brackets", start, i + 1))
    if depth:
        spans.append(("unclosed", start, len(text)))
    return spans


def open_brackets(resolution: Resolution) -> list[OpenBracket]:
    """Every bracketed passage and alternative left in the text's clauses, in reading order."""
    found: list[OpenBracket] = []
    for section, clause in resolution.clauses():
        where = f"{section.call} {clause.label}".strip()
        for kind, start, end in bracket_spans(clause.text):
            passage = clause.text[start:end]
            if kind == "unclosed" and len(passage) > SHOWN:
                passage = passage[:SHOWN] + "…"
            found.append(OpenBracket(clause.uid, where, kind, passage, start))
    return found


_NAMES_LEAD = re.compile(r"^\s*[A-Z][A-Za-z-]*(?:\s*,\s*[A-Z][A-Za-z-]*)*\s*:\s*")
_NAMES_ONLY = re.compile(r"[A-Z][A-Za-z-]*(?:\s*[,/]\s*[A-Z][A-Za-z-]*)*")  # "[APT]", "[CEPT, CITEL]"


def query_text(text: str) -> str:
    """The words of a clause under negotiation, as the precedent engine should read them: brackets gone, a
    bracket that only names proposers ("[APT]") gone, and of several alternatives the first one's wording (so a
    bracketed draft still finds the precedents of the text it came from): for a clause of alternatives, that
    wording alone; for alternatives on a few words (a merge's), the clause with those words."""
    spans = bracket_spans(text)
    if not spans:
        return text
    ends = [0] + [end for _k, _s, end in spans]
    outside = "".join(text[ends[n]:start] for n, (_k, start, _e) in enumerate(spans)) + text[ends[-1]:]
    if all(kind == "alternatives" for kind, _s, _e in spans) and not strip_end_punctuation(outside).strip():
        inner = text[spans[0][1] + 1:spans[0][2] - 1]
        return _ALTERNATIVE.sub("", inner, count=1).strip()
    out, last, previous = [], 0, ""
    for kind, start, end in spans:
        between = text[last:start]
        if kind == "alternatives" and previous == "alternatives" and not between.strip():
            last = end  # a later alternative of the same stretch
            continue
        out.append(between)
        inner = text[start + 1:end - 1] if kind != "unclosed" else text[start:end].strip("[]")
        if kind == "alternatives":
            out.append(_ALTERNATIVE.sub("", inner, count=1).strip())
        else:
            inner = _NAMES_LEAD.sub("", inner, count=1)  # "[APT: and young people]" -> "and young people"
            if not (kind == "brackets" and _NAMES_ONLY.fullmatch(inner.strip())):
                out.append(inner)
        last, previous = end, kind
    out.append(text[last:])
    return " ".join("".join(out).split())


def brackets_summary(found: list[OpenBracket], limit: int = 5) -> str:
    """`resolves 2 “[and young people]”; recognizing c) “[Alt 1: …]” and 3 more`, for a message."""
    shown = "; ".join(f"{item.where} “{item.text}”" for item in found[:limit])
    return shown + (f" and {len(found) - limit} more" if len(found) > limit else "")
