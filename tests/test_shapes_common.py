"""What "reads to exactly the seed" means for every shape fixture (imported by the shape tests; no tests here).

The seed is parsed as it is bundled; a shape must give back the same header, the same sections (call words and
kind), the same clauses (labels, texts, sub-clauses, footnote references and their offsets) and footnotes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cop_drafter.core.model import Clause, Resolution
from cop_drafter.core.rules import normalise
from cop_drafter.formats.decoding import decode_text
from cop_drafter.formats.text_parser import parse_text

SHAPES = Path(__file__).resolve().parent / "fixtures" / "shapes"
SEED_KEYS = ("000", "001", "002", "003", "004")


def seed_structure(seed: Path, *, exported: bool = False) -> dict[str, Any]:
    """The seed's structure; `exported` when the shape went through our exporter, which relabels and
    re-punctuates by design (rules.normalise): the wording is the seed's, the end punctuation the house style's."""
    res = parse_text(decode_text(seed.read_bytes(), seed.name), seed.name)
    return structure(normalise(res) if exported else res)


def _clause(clause: Clause) -> dict[str, Any]:
    return {"label": clause.label, "text": clause.text,
            "refs": [(r.id, r.offset) for r in clause.footnotes],
            "children": [_clause(c) for c in clause.children]}


def structure(res: Resolution) -> dict[str, Any]:
    head = res.header
    return {
        "header": {"number": head.number, "revision": head.revision, "place": head.place.casefold(),
                   "year": head.year, "title": head.title, "conference_line": head.conference_line},
        "sections": [{"call": s.call, "kind": s.kind.value, "clauses": [_clause(c) for c in s.clauses]}
                     for s in res.sections],
        "footnotes": [(f.id, f.text) for f in res.footnotes],
    }


def first_difference(got: dict[str, Any], want: dict[str, Any]) -> str:
    """A readable pointer to the first place two structures differ (pytest's diff of big dicts is unreadable)."""
    if got["header"] != want["header"]:
        return f"header: {got['header']} != {want['header']}"
    for n, (g, w) in enumerate(zip(got["sections"], want["sections"], strict=False)):
        if (g["call"], g["kind"]) != (w["call"], w["kind"]):
            return f"section {n}: {g['call']!r} != {w['call']!r}"
        for m, (gc, wc) in enumerate(zip(g["clauses"], w["clauses"], strict=False)):
            if gc != wc:
                return f"{w['call']} clause {m}: {gc} != {wc}"
        if len(g["clauses"]) != len(w["clauses"]):
            return f"{w['call']}: {len(g['clauses'])} clauses != {len(w['clauses'])}"
    if len(got["sections"]) != len(want["sections"]):
        return f"{len(got['sections'])} sections != {len(want['sections'])}: {[s['call'] for s in got['sections']]}"
    if got["footnotes"] != want["footnotes"]:
        return f"footnotes {got['footnotes']} != {want['footnotes']}"
    return ""
