"""PyInstaller entry script for the `cop-drafter` console command (the frozen app has no console_scripts)."""

from __future__ import annotations

import sys

from cop_drafter.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
