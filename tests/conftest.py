"""Shared fixtures. Everything a test needs is inside the repository (no ../shared)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO / "resources" / "corpus"
SEEDS = {
    "000": CORPUS_DIR / "000_ca86084b3543562a.txt",
    "001": CORPUS_DIR / "001_f9246027c9c2962f.txt",
    "002": CORPUS_DIR / "002_d6b7cb07bf6de23e.txt",
    "003": CORPUS_DIR / "003_17374c786128507d.txt",
    "004": CORPUS_DIR / "004_11beeb666189d4d5.txt",
}


@pytest.fixture
def seed_path():
    """seed_path("003") -> Path of the bundled Kigali 2022 text."""
    return lambda key: SEEDS[key]


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """No test reads or writes the real user's data, config or library."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))  # the log file (cop_drafter.logs)
    monkeypatch.setenv("COP_DRAFTER_LIBRARY", str(home / "library.sqlite3"))
