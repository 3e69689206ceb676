"""PyInstaller entry script for the `cop-drafter-gui` windowed app."""

from __future__ import annotations

import sys

from cop_drafter.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
