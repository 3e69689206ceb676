"""Name, version and identifiers for every packaging tool, read from the one place they live.

`cop_drafter/__init__.py` holds `__version__` and `APP_NAME`; this module reads them by parsing the file
(no import, so the spec and scripts work before the package or Qt is importable). Identifiers shared by
the installers (bundle id, MIME type, Windows upgrade code) are defined here once.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
ICONS = PACKAGING / "icons"

BUNDLE_ID = "org.copdrafter.cop-drafter"  # Briefcase: bundle "org.copdrafter" + app name "cop-drafter"
MIME_TYPE = "application/x-cop-drafter-project"
PROJECT_SUFFIX = ".copdraft"
# A fixed GUID so every MSI version upgrades the previous one in place (never change it).
WINDOWS_UPGRADE_CODE = "{6F1B8E52-3C0A-4E3B-9A55-0D6C2F7C9E41}"
CLI_NAME = "cop-drafter"
GUI_NAME = "cop-drafter-gui"


def _constants() -> dict[str, str]:
    tree = ast.parse((ROOT / "cop_drafter" / "__init__.py").read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    found[target.id] = node.value.value
    return found


_CONSTANTS = _constants()
VERSION = _CONSTANTS["__version__"]
APP_NAME = _CONSTANTS["APP_NAME"]
