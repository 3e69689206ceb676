"""`cop-drafter` command line: one sub-command module per job, each with `register(subparsers)`.

Every command prints JSON with `--json` (for tools) and a readable table otherwise. Bad input exits 2 with
one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from cop_drafter import __version__
from cop_drafter.cli.common import CliError
from cop_drafter.logs import setup_logging

log = logging.getLogger(__name__)

# Each module defines register(subparsers); a sub-command's handler returns an exit code.
COMMAND_MODULES = [
    "cop_drafter.cli.cmd_parse",
    "cop_drafter.cli.cmd_docx",
    "cop_drafter.cli.cmd_precedents",
    "cop_drafter.cli.cmd_split",
    "cop_drafter.cli.cmd_compile",
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
    log_path = setup_logging("cop-drafter")
    log.info("command: %s", args.command)
    try:
        return int(args.handler(args) or 0)
    except CliError as exc:
        log.warning("%s refused: %s", args.command, exc, exc_info=True)
        print(f"cop-drafter: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug, not bad input: one line for the delegate, the traceback in the log
        log.exception("%s failed unexpectedly", args.command)
        where = f" (details in {log_path})" if log_path else ""
        print(f"cop-drafter: unexpected error: {exc}{where}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
