"""`cop-drafter export PATH -o OUT.docx` and `cop-drafter propose PROJECT.copdraft -o OUT.docx` (or `--base OLD
--revised NEW`).

A project is read as the Draft it is (`formats.reader.read_draft`), never flattened to its text and re-aligned:
its clauses keep their MOD/ADD/SUP status and their reasons, and `core.proposal.build_proposal` decides what the
proposal says, exactly as the GUI's export does.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from pathlib import Path

from cop_drafter.cli import cmd_submission
from cop_drafter.cli.common import (
    CliError,
    load_draft_or_fail,
    load_or_fail,
    print_json,
    refuse_overwriting_inputs,
)
from cop_drafter.core.brackets import brackets_summary, open_brackets
from cop_drafter.core.draft import Draft, ProposalMeta, wording
from cop_drafter.core.model import Resolution
from cop_drafter.core.proposal import build_proposal, listed
from cop_drafter.docx.exporters import CleanResolutionExporter, Exporter, ProposalExporter
from cop_drafter.formats.atomic import SaveError
from cop_drafter.precedents.align import draft_from_revisions

log = logging.getLogger(__name__)
# The cover options of `propose`: each one given replaces the project's own field.
_META_OPTIONS = ("source", "source_code", "conference", "document", "date", "title", "summary", "reasons")


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser("export", help="write a resolution as a clean ITU-style .docx")
    export.add_argument("path", help="the resolution: .txt, .md, .docx or a saved draft (.copdraft)")
    export.add_argument("-o", "--output", required=True, help="the .docx to write")
    export.add_argument("--json", action="store_true", help="print what was written as JSON")
    export.add_argument("--keep-brackets", action="store_true", help="write square brackets and alternatives "
                                                                      "(text not yet agreed) as they stand")
    export.set_defaults(handler=run_export)

    propose = subparsers.add_parser("propose", help="write a conference proposal: a project, or NEW against OLD, "
                                                    "as tracked changes")
    propose.add_argument("project", nargs="?", default=None,
                         help="a saved draft (.copdraft): its base, statuses, reasons and cover fields are used")
    propose.add_argument("--base", default=None, help="the text in force (OLD); with a project: must be its base")
    propose.add_argument("--revised", default=None, help="the delegate's revised text (NEW), or a .copdraft")
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
    draft = load_draft_or_fail(args.path)
    resolution = draft.revised() if draft is not None else load_or_fail(args.path)  # as the GUI's clean export
    still_open = open_brackets(resolution)
    if still_open and not args.keep_brackets:
        raise CliError(f"the text still has square brackets or alternatives (not yet agreed): "
                       f"{brackets_summary(still_open)}. A clean resolution would hand them in as agreed text: "
                       "settle them, or pass --keep-brackets to write them as they stand")
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


def _wordings(resolution: Resolution | None) -> list[str]:
    return [wording(clause.text) for _s, clause in resolution.clauses()] if resolution is not None else []


def _project_draft(project: str, base_path: str | None) -> Draft:
    """The project's Draft; a --base given with it must be the text the project revises (else: one line)."""
    draft = load_draft_or_fail(project)
    if draft is None:
        raise CliError(f"{Path(project).name} is not a COP Drafter project (.copdraft): "
                       f"give the texts as --base OLD --revised NEW")
    if base_path is not None:
        base = _text_or_fail(base_path, "--base")
        if _wordings(base) != _wordings(draft.base):
            raise CliError(f"{Path(project).name} revises another text than {Path(base_path).name}: "
                           f"leave out --base to use the project's own text in force")
    return draft


def _text_or_fail(path: str, option: str) -> Resolution:
    """A text to compare (not a project: a project has no single text in force to offer)."""
    if load_draft_or_fail(path) is not None:
        raise CliError(f"{option} {Path(path).name} is a draft project, not a text: "
                       f"write `cop-drafter propose {Path(path).name} -o OUT.docx`")
    return load_or_fail(path)


def _draft_for(args: argparse.Namespace) -> Draft:
    if args.project is not None and args.revised is not None:
        raise CliError("give either a project or --revised, not both")
    project = args.project if args.project is not None else args.revised
    if project is not None and (args.project is not None or load_draft_or_fail(project) is not None):
        return _project_draft(project, args.base)
    if args.base is None or args.revised is None:
        raise CliError("propose needs a project (.copdraft), both --base OLD and --revised NEW, or --submission FILE.json")
    old, new = _text_or_fail(args.base, "--base"), load_or_fail(args.revised)
    if not new.header.number and old.header.number:
        new.header.number = old.header.number
        print(f"note: the revised text has no resolution number; using {old.header.number} from the base",
              file=sys.stderr)
    return draft_from_revisions(old, new)


def _meta(args: argparse.Namespace, own: ProposalMeta) -> ProposalMeta:
    """The project's cover fields, each replaced by its option when given on the command line."""
    given = {name: getattr(args, name) for name in _META_OPTIONS if getattr(args, name)}
    return dataclasses.replace(own, **given)


def run_propose(args: argparse.Namespace) -> int:
    if args.submission:
        return cmd_submission.run_submission(args)
    refuse_overwriting_inputs(args.output, args.project, args.base, args.revised)
    draft = _draft_for(args)
    proposal = build_proposal(draft, _meta(args, draft.meta))
    cmd_submission.check_cover(proposal.draft.meta, args.draft_cover)
    exporter = ProposalExporter(proposal.draft, author=args.author, reasons=proposal.reasons)
    target = _write(exporter, args.output)
    if proposal.missing_cover:
        print(f"note: the cover has no {listed(proposal.missing_cover)} (a draft cover)", file=sys.stderr)
    still_open = open_brackets(proposal.draft.revised())
    if still_open:
        print(f"note: text not yet agreed is written in its square brackets: {brackets_summary(still_open)}",
              file=sys.stderr)
    summary = {"output": str(target), "kind": "proposal", "action": proposal.action,
               "clauses": dict(proposal.counts), "revisions": exporter.revision_count,
               "cover_missing": proposal.missing_cover}
    log.info("proposal %s written: %s", proposal.action, proposal.counts)
    if args.json:
        print_json(summary)
    else:
        counts = ", ".join(f"{v} {k}" for k, v in summary["clauses"].items())
        print(f"wrote {target}: {summary['action']} proposal, clauses {counts}, {exporter.revision_count} revision marks")
    return 0
