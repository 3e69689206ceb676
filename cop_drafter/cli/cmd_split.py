"""`cop-drafter split PATH [--json]`: the resolutions a compilation holds (final acts, a report, a Word or
text file of several), one by one, each with its provenance (file, pages or lines)."""

from __future__ import annotations

import argparse
import os

from cop_drafter.cli.common import CliError, print_json
from cop_drafter.core.model import ParseError
from cop_drafter.core.serialize import resolution_to_dict
from cop_drafter.formats.reader import read_resolutions


def register(subparsers: argparse._SubParsersAction) -> None:
    split = subparsers.add_parser("split", help="list the resolutions in a compilation (PDF, Word or text file)")
    split.add_argument("path", help="the file to read")
    split.add_argument("--json", action="store_true",
                       help="print one `parse --json` object per resolution, each with its provenance")
    split.set_defaults(handler=run_split)


def run_split(args: argparse.Namespace) -> int:
    try:
        results = read_resolutions(args.path)
    except ParseError as exc:
        raise CliError(str(exc)) from exc
    name = os.path.basename(args.path)
    rows = []
    for resolution, where in results:
        provenance = where or {"source_file": name, "part": 1, "parts": 1}
        rows.append({**resolution_to_dict(resolution), "provenance": provenance})
    if args.json:
        print_json(rows)
        return 0
    print(f"{name}: {len(rows)} resolution{'s' * (len(rows) != 1)}")
    for (resolution, _where), row in zip(results, rows, strict=True):
        where = row["provenance"]
        place = next((f"{unit} {where[unit]}" for unit in ("pages", "paragraphs", "lines") if unit in where),
                     "the whole file")
        clauses = sum(1 for _ in resolution.clauses())
        print(f"{where['part']:>3}. {resolution.header.heading():<48} {place:<18} {len(resolution.sections):>3} "
              f"sections {clauses:>4} clauses {len(resolution.footnotes):>2} footnotes")
        if resolution.header.title:
            print(f"     {resolution.header.title}")
    return 0
