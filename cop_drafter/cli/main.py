"""`cop-drafter` command line: one sub-command module per job, each with `register(subparsers)`.

Every command prints JSON with `--json` (for tools) and a readable table otherwise. Bad input exits 2 with
one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from cop_drafter import __version__
from cop_drafter.cli.common import CliError

# Each module defines register(subparsers); a sub-command's handler returns an exit code.
COMMAND_MODULES = [
    "cop_drafter.cli.cmd_parse",
    "cop_drafter.cli.cmd_docx",
    "cop_drafter.cli.cmd_precedents",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cop-drafter",
        description="Draft ITU resolutions on child online protection: parse texts, find precedents, export .docx.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except CliError as exc:
        print(f"cop-drafter: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
