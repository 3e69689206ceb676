"""Helpers shared by the sub-commands: errors, JSON output, reading a resolution from any supported file."""

from __future__ import annotations

import json
import sys
from typing import Any

from cop_drafter.core.draft import Draft
from cop_drafter.core.model import ParseError, Resolution
from cop_drafter.formats.atomic import SaveError, refuse_inputs
from cop_drafter.formats.reader import read_draft, read_resolution


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code 2."""


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def load_or_fail(path: str) -> Resolution:
    """Read a resolution for a command (any supported format), turning ParseError into a one-line CLI error."""
    try:
        return read_resolution(path)
    except ParseError as exc:
        raise CliError(str(exc)) from exc


def load_draft_or_fail(path: str) -> Draft | None:
    """The Draft saved in a .copdraft (base, suppressed clauses, reasons kept), None for a text file."""
    try:
        return read_draft(path)
    except ParseError as exc:
        raise CliError(str(exc)) from exc


def refuse_overwriting_inputs(output: str, *inputs: str | None) -> None:
    """A command never writes over its own input (`export a.copdraft -o a.copdraft`): one line, exit 2."""
    try:
        refuse_inputs(output, [path for path in inputs if path])
    except SaveError as exc:
        raise CliError(str(exc)) from exc


def load_text_or_corpus(name: str, option: str = "") -> Resolution:
    """A text given as a file path or as the id of a bundled text (`wtdc-res67-rev-kigali-2022`): the file wins
    when both exist. Neither: one line naming the bundled ids."""
    from pathlib import Path

    from cop_drafter.corpus import corpus_text, load_corpus

    if Path(name).exists() or any(sep in name for sep in ("/", "\\")) or "." in Path(name).name:
        return load_or_fail(name)
    try:
        return corpus_text(name).resolution
    except KeyError:
        known = ", ".join(t.id for t in load_corpus())
        what = f"{option} " if option else ""
        raise CliError(f"{what}{name}: no such file, nor a bundled text (bundled: {known})") from None
