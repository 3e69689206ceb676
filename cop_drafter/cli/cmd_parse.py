"""`cop-drafter parse PATH [--json]` and `cop-drafter corpus [--json]`."""

from __future__ import annotations

import argparse

from cop_drafter.cli.common import load_or_fail, print_json
from cop_drafter.core.model import Clause, Resolution
from cop_drafter.core.serialize import resolution_to_dict
from cop_drafter.corpus import load_corpus


def register(subparsers: argparse._SubParsersAction) -> None:
    parse = subparsers.add_parser("parse", help="read a resolution (.txt, .md, .docx, .copdraft) and show its structure")
    parse.add_argument("path", help="the file to read")
    parse.add_argument("--json", action="store_true", help="print the structure as JSON")
    parse.set_defaults(handler=run_parse)

    corpus = subparsers.add_parser("corpus", help="list the bundled precedent texts")
    corpus.add_argument("--json", action="store_true", help="print as JSON")
    corpus.set_defaults(handler=run_corpus)


def _clause_line(clause: Clause, indent: str) -> list[str]:
    notes = f"  [footnote {', '.join(clause.footnote_ids)}]" if clause.footnotes else ""
    text = clause.text if len(clause.text) <= 100 else clause.text[:97] + "..."
    lines = [f"{indent}{clause.label or '-':<6}{text}{notes}"]
    for child in clause.children:
        lines.extend(_clause_line(child, indent + "    "))
    return lines


def format_resolution(resolution: Resolution) -> str:
    header = resolution.header
    lines = [
        header.heading(),
        f"  title:      {header.title}",
        f"  body:       {header.body}",
        f"  conference: {header.conference_line}",
    ]
    for section in resolution.sections:
        lines.append("")
        lines.append(f"{section.call}  ({section.kind.value}, {len(section.clauses)} clauses)")
        for clause in section.clauses:
            lines.extend(_clause_line(clause, "  "))
    if resolution.footnotes:
        lines.append("")
        lines.extend(f"footnote {f.id}: {f.text}" for f in resolution.footnotes)
    if resolution.warnings:
        lines.append("")
        lines.extend(f"warning: {w}" for w in resolution.warnings)
    return "\n".join(lines)


def run_parse(args: argparse.Namespace) -> int:
    resolution = load_or_fail(args.path)
    if args.json:
        print_json(resolution_to_dict(resolution))
    else:
        print(format_resolution(resolution))
    return 0


def run_corpus(args: argparse.Namespace) -> int:
    rows = []
    for text in load_corpus():
        clauses = sum(1 for _ in text.resolution.clauses())
        rows.append({**text.meta, "clauses": clauses, "sections": len(text.resolution.sections),
                     "warnings": len(text.resolution.warnings)})
    if args.json:
        print_json(rows)
        return 0
    print(f"{'id':<34} {'document':<46} {'year':>4} {'sections':>8} {'clauses':>7}")
    for row in rows:
        print(f"{row['id']:<34} {row['document']:<46} {row['year'] or '':>4} {row['sections']:>8} {row['clauses']:>7}")
    return 0
