"""`cop-drafter compile --base TEXT PROPOSAL.docx... -o COMPILATION.docx [--json]`: several administrations'
proposals on one resolution, compiled clause by clause (core.compilation) into one .docx with each proposer's
revision marks and a synoptic table of the conflicts (docx.compilation)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from cop_drafter.cli.common import CliError, load_text_or_corpus, print_json, refuse_overwriting_inputs
from cop_drafter.core.compilation import AGREED, CONFLICT, ONE, UNCHANGED, ProposerText, compile_proposals
from cop_drafter.core.model import ParseError
from cop_drafter.docx.compilation import CompilationExporter
from cop_drafter.formats.atomic import SaveError, same_file
from cop_drafter.formats.proposal_reader import ReadProposal, one_per_proposer, other_base, read_proposal

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("compile", help="compile several proposals (.docx with tracked changes) on one "
                                                   "resolution, clause by clause")
    parser.add_argument("--base", required=True, help="the text in force: a file, or a bundled text id "
                                                      "(see `cop-drafter corpus`)")
    parser.add_argument("proposals", nargs="*", metavar="PROPOSAL.docx", help="the proposals, one per proposer")
    parser.add_argument("-o", "--output", required=True, help="the compilation .docx to write")
    parser.add_argument("--json", action="store_true", help="print the compilation as JSON")
    parser.set_defaults(handler=run_compile)


def _read(path: str) -> ReadProposal:
    try:
        return read_proposal(path)
    except ParseError as exc:
        raise CliError(str(exc)) from exc


def run_compile(args: argparse.Namespace) -> int:
    if not args.proposals:
        raise CliError("compile needs at least one PROPOSAL.docx after --base TEXT")
    refuse_overwriting_inputs(args.output, args.base, *args.proposals)
    for i, path in enumerate(args.proposals):
        if any(Path(other).exists() and Path(path).exists() and same_file(path, other)
               for other in args.proposals[:i]):
            raise CliError(f"{Path(path).name} is given twice")
    base = load_text_or_corpus(args.base, "--base")
    read = [_read(path) for path in args.proposals]
    try:
        one_per_proposer(read)
    except ParseError as exc:
        raise CliError(str(exc)) from exc
    notes = [note for note in (other_base(p, base) for p in read) if note]
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    compilation = compile_proposals(base, [ProposerText(p.proposer, p.proposed, p.reasons) for p in read])
    compilation.warnings.extend(notes)
    try:
        target = CompilationExporter(compilation).export(args.output)
    except SaveError as exc:
        raise CliError(str(exc)) from exc
    log.info("compilation written to %s: %s", target, compilation.counts())
    if args.json:
        print_json({"output": str(target), **compilation.to_dict()})
        return 0
    counts = compilation.counts()
    parts = ", ".join(f"{counts[k]} {k if k != ONE else 'proposed by one'}" for k in (UNCHANGED, AGREED, ONE))
    print(f"wrote {target}: {len(read)} proposals ({', '.join(compilation.proposers)}) on "
          f"{base.header.heading()}: {parts}, {counts[CONFLICT]} in conflict")
    return 0
