"""`cop-drafter export PATH -o OUT.docx` and `cop-drafter propose --base OLD --revised NEW -o OUT.docx`."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from cop_drafter.cli import cmd_submission
from cop_drafter.cli.common import CliError, load_or_fail, print_json, refuse_overwriting_inputs
from cop_drafter.core.draft import ProposalMeta
from cop_drafter.docx.exporters import CleanResolutionExporter, Exporter, ProposalExporter
from cop_drafter.formats.atomic import SaveError
from cop_drafter.precedents.align import draft_from_revisions


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser("export", help="write a resolution as a clean ITU-style .docx")
    export.add_argument("path", help="the resolution: .txt, .md, .docx or a saved draft (.copdraft)")
    export.add_argument("-o", "--output", required=True, help="the .docx to write")
    export.add_argument("--json", action="store_true", help="print what was written as JSON")
    export.set_defaults(handler=run_export)

    propose = subparsers.add_parser("propose", help="write a conference proposal: NEW against OLD as tracked changes")
    propose.add_argument("--base", default="", help="the text in force (OLD)")
    propose.add_argument("--revised", default="", help="the delegate's revised text (NEW)")
    propose.add_argument("-o", "--output", required=True, help="the .docx to write")
    propose.add_argument("--source", default="", help='who proposes, e.g. "EUR" or "Member States of the CEPT"')
    propose.add_argument("--source-code", default="", help='the source in proposal numbers, e.g. "EUR" '
                                                            '(default: from --source)')
    propose.add_argument("--conference", default="", help='e.g. "World Telecommunication Development Conference '
                                                           '2025 (WTDC-25)"')
    propose.add_argument("--document", default="", help='e.g. "Addendum 17 to Document WTDC-25/23-E"')
    propose.add_argument("--date", default="", help="the date printed on the cover page")
    propose.add_argument("--title", default="", help="the cover-page title (default: Proposed revision of ...)")
    propose.add_argument("--summary", default="", help="the cover-page summary")
    propose.add_argument("--reasons", default="", help="the text after Reasons:")
    propose.add_argument("--author", default="", help="author of the revision marks (default: the source)")
    propose.add_argument("--json", action="store_true", help="print what was written as JSON")
    propose.add_argument("--draft-cover", action="store_true", help="write the cover even without conference, "
                                                                     "document or source")
    cmd_submission.add_arguments(propose)
    propose.set_defaults(handler=run_propose)


def _write(exporter: Exporter, output: str) -> Path:
    try:
        return exporter.export(output)
    except SaveError as exc:
        raise CliError(str(exc)) from exc


def run_export(args: argparse.Namespace) -> int:
    refuse_overwriting_inputs(args.output, args.path)
    resolution = load_or_fail(args.path)
    target = _write(CleanResolutionExporter(resolution), args.output)
    clauses = sum(1 for _ in resolution.clauses())
    if args.json:
        print_json({"output": str(target), "kind": "resolution", "heading": resolution.header.heading(),
                    "sections": len(resolution.sections), "clauses": clauses,
                    "footnotes": len(resolution.footnotes)})
    else:
        print(f"wrote {target}: {resolution.header.heading()}, {len(resolution.sections)} sections, "
              f"{clauses} clauses, {len(resolution.footnotes)} footnotes")
    return 0


def run_propose(args: argparse.Namespace) -> int:
    if args.submission:
        return cmd_submission.run_submission(args)
    cmd_submission.require_pair(args)
    refuse_overwriting_inputs(args.output, args.base, args.revised)
    old, new = load_or_fail(args.base), load_or_fail(args.revised)
    if not new.header.number and old.header.number:
        new.header.number = old.header.number
        print(f"note: the revised text has no resolution number; using {old.header.number} from the base",
              file=sys.stderr)
    draft = draft_from_revisions(old, new)
    draft.meta = ProposalMeta(source=args.source, source_code=args.source_code, conference=args.conference, document=args.document,
                              date=args.date, title=args.title, summary=args.summary, reasons=args.reasons)
    cmd_submission.check_cover(draft.meta, args.draft_cover)
    exporter = ProposalExporter(draft, author=args.author)
    target = _write(exporter, args.output)
    statuses = Counter(status.value for status in draft.statuses().values())
    statuses["SUP"] += len(draft.removed_base_clauses())
    summary = {"output": str(target), "kind": "proposal", "action": exporter.action(),
               "clauses": {k: statuses.get(k, 0) for k in ("NOC", "MOD", "ADD", "SUP")},
               "revisions": exporter.revision_count}
    if args.json:
        print_json(summary)
    else:
        counts = ", ".join(f"{v} {k}" for k, v in summary["clauses"].items())
        print(f"wrote {target}: {summary['action']} proposal, clauses {counts}, {exporter.revision_count} revision marks")
    return 0
