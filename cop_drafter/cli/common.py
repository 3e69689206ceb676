"""Helpers shared by the sub-commands: errors, JSON output, reading a resolution from any supported file."""

from __future__ import annotations

import json
import sys
from typing import Any


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code 2."""


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
