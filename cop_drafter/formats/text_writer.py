"""The model as plain ITU-layout text: the heading, `a)<TAB>text` clauses, Word-style footnote markers.

Reading this text back with `text_parser.parse_text` gives an equal model (tested), so it doubles as a
clipboard/e-mail format a delegate can paste anywhere.
"""

from __future__ import annotations

from cop_drafter.core.model import Clause, Resolution


def _with_footnotes(clause: Clause) -> str:
    text = clause.text
    for ref in sorted(clause.footnotes, key=lambda r: r.offset, reverse=True):
        offset = min(max(ref.offset, 0), len(text))
        text = f"{text[:offset]}[footnoteRef:{ref.id}]{text[offset:]}"
    return text


def _clause_lines(clause: Clause) -> list[str]:
    text = _with_footnotes(clause)
    lines = [f"{clause.label}\t{text}" if clause.label else text]
    for child in clause.children:
        lines.extend(_clause_lines(child))
    return lines


def to_plain_text(resolution: Resolution) -> str:
    header = resolution.header
    lines: list[str] = []
    heading = header.heading()
    if header.number or header.reference():
        lines.append(heading)
    if header.title:
        lines.append(header.title)
    if header.conference_line:
        lines.append(header.conference_line)
    for section in resolution.sections:
        lines.append("")
        lines.append(section.call)
        for clause in section.clauses:
            lines.extend(_clause_lines(clause))
    if resolution.footnotes:
        lines.append("")
        lines.extend(f"[{f.id}: {f.text}]" for f in resolution.footnotes)
    return "\n".join(lines) + "\n"
