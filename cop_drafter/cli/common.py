"""Helpers shared by the sub-commands: errors, JSON output, reading a resolution from any supported file."""

from __future__ import annotations

import json
import sys
from typing import Any

from cop_drafter.core.model import ParseError, Resolution
from cop_drafter.formats.reader import read_resolution


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
