"""`cop-drafter propose --submission FILE.json -o OUT.docx`: several proposals in one .docx.

The submission file (paths relative to it):

    {"cover": {"source": "EUR", "conference": "...", "conference_place": "...", "document": "Addendum 17 to
               Document WTDC-25/23-E", "date": "...", "title": "...", "summary": "...", ...},
     "author": "EUR", "draft_cover": false,
     "proposals": [{"draft": "res67.copdraft"},
                   {"draft": "new.copdraft", "reasons": "..."},
                   {"base": "old.txt", "revised": "new.txt"},
                   {"suppress": "res1306.txt", "reasons": "..."}]}
"""

from __future__ import annotations

import argparse
import json
import logging
from dataclasses import fields, replace
from pathlib import Path

from cop_drafter.cli.common import CliError, load_or_fail, print_json, refuse_overwriting_inputs
from cop_drafter.core.draft import Draft, ProposalMeta
from cop_drafter.core.model import ParseError
from cop_drafter.docx.cover import CoverIncomplete, require_complete
from cop_drafter.docx.submission import SubmissionExporter
from cop_drafter.formats.atomic import SaveError
from cop_drafter.formats.project import load_project
from cop_drafter.precedents.align import draft_from_revisions

log = logging.getLogger(__name__)
MAX_SUBMISSION_BYTES = 1_000_000
_COVER_FIELDS = {f.name for f in fields(ProposalMeta)} - {"reasons"}


def add_arguments(propose: argparse.ArgumentParser) -> None:
    propose.add_argument("--submission", default="", help="a JSON file listing several drafts and the cover "
                                                          "(see README): one .docx holding all the proposals")


def _read_spec(path: Path) -> dict:
    try:
        raw = path.read_bytes()[: MAX_SUBMISSION_BYTES + 1]
    except OSError as exc:
        raise CliError(f"cannot read the submission file {path.name}: {exc.strerror or exc}") from exc
    if len(raw) > MAX_SUBMISSION_BYTES:
        raise CliError(f"{path.name} is larger than a submission file can be ({MAX_SUBMISSION_BYTES} bytes)")
    try:
        spec = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CliError(f"{path.name} is not a JSON submission file: {exc}") from exc
    if not isinstance(spec, dict) or not isinstance(spec.get("proposals"), list) or not spec["proposals"]:
        raise CliError(f'{path.name}: expected {{"cover": {{...}}, "proposals": [{{"draft": "FILE.copdraft"}}, ...]}}')
    return spec


def _cover(spec: dict, name: str) -> ProposalMeta:
    cover = spec.get("cover", {})
    if not isinstance(cover, dict):
        raise CliError(f'{name}: "cover" must be an object of cover fields')
    unknown = sorted(set(cover) - _COVER_FIELDS)
    if unknown:
        raise CliError(f"{name}: unknown cover field {unknown[0]!r} (known: {', '.join(sorted(_COVER_FIELDS))})")
    return ProposalMeta(**{k: str(v) for k, v in cover.items()})


def _load_draft(path: Path) -> Draft:
    try:
        return load_project(path)
    except (ParseError, OSError) as exc:
        raise CliError(f"cannot open the draft {path.name}: {exc}") from exc


def _draft(entry: object, folder: Path, name: str, number: int) -> tuple[Draft, list[str]]:
    """One proposal entry -> (draft, the input files it reads)."""
    if not isinstance(entry, dict):
        raise CliError(f"{name}: proposal {number} must be an object such as {{\"draft\": \"FILE.copdraft\"}}")
    where = {k: str(folder / str(v)) for k, v in entry.items() if k in ("draft", "base", "revised", "suppress")}
    if "draft" in where:
        draft = _load_draft(Path(where["draft"]))
    elif "base" in where and "revised" in where:
        draft = draft_from_revisions(load_or_fail(where["base"]), load_or_fail(where["revised"]))
    elif "suppress" in where:
        draft = Draft.revision_of(load_or_fail(where["suppress"]))
        draft.suppressed.update(clause.uid for _s, clause in draft.current.clauses())
    else:
        raise CliError(f'{name}: proposal {number} names no "draft", "base" + "revised" or "suppress" file')
    if "reasons" in entry:
        draft.meta = replace(draft.meta, reasons=str(entry["reasons"]))
    return draft, list(where.values())


def check_cover(meta: ProposalMeta, draft_cover: bool, name: str = "") -> None:
    """`propose` refuses a cover without conference, document or source unless --draft-cover: one line."""
    try:
        require_complete(meta, draft_cover)
    except CoverIncomplete as exc:
        raise CliError(f"{name}: {exc}" if name else str(exc)) from exc


def run_submission(args: argparse.Namespace) -> int:
    path = Path(args.submission)
    spec = _read_spec(path)
    meta = _cover(spec, path.name)
    check_cover(meta, bool(spec.get("draft_cover")) or getattr(args, "draft_cover", False), path.name)
    drafts, inputs = [], [str(path)]
    for number, entry in enumerate(spec["proposals"], 1):
        draft, files = _draft(entry, path.parent, path.name, number)
        drafts.append(draft)
        inputs += files
    refuse_overwriting_inputs(args.output, *inputs)
    exporter = SubmissionExporter(drafts, meta, author=str(spec.get("author", "") or args.author))
    try:
        target = exporter.export(args.output)
    except SaveError as exc:
        raise CliError(str(exc)) from exc
    summary = {"output": str(target), "kind": "submission", "proposals": exporter.actions,
               "revisions": exporter.revision_count}
    if args.json:
        print_json(summary)
    else:
        print(f"wrote {target}: {len(drafts)} proposals ({', '.join(exporter.actions)}), "
              f"{exporter.revision_count} revision marks")
    return 0
