"""A big library opens in the background (issue 13, Deliver 8): the bundled corpus answers at once, the
user's library as soon as it is open; writes wait for the file, never go to the stand-in; a library that
cannot be opened leaves the bundled corpus working and says why."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from cop_drafter.precedents import LibraryError, PrecedentLibrary
from cop_drafter.precedents.background import OPENING, OpeningLibrary, open_library

OWN = "that the delegates of the archipelago shall convene on child online protection every spring"
TEXT = f"RESOLUTION 977 (Isles, 2031)\nOn spring meetings\nThe Conference,\nconsidering\na) {OWN};\nresolves\n1 to meet.\n"


@pytest.fixture
def library_file(tmp_path: Path) -> Path:
    src = tmp_path / "own.txt"
    src.write_text(TEXT, encoding="utf-8")
    path = tmp_path / "library.sqlite3"
    with PrecedentLibrary.open(path) as library:
        library.add_file(src)
    return path


def held_open(gate: threading.Event):
    """The real PrecedentLibrary.open, once the test lets it go (a big file that takes its time)."""
    def opener(path: Path) -> PrecedentLibrary:
        gate.wait(30)
        return PrecedentLibrary.open(path)
    return opener


def test_suggestions_come_from_the_bundled_corpus_until_the_library_is_open(library_file, tmp_path):
    gate = threading.Event()
    library = OpeningLibrary(library_file, held_open(gate))
    try:
        assert library.status() == OPENING
        bundled = PrecedentLibrary.in_memory()
        assert len(library) == len(bundled)
        early = library.suggest("recognizing the importance of child online protection")
        assert early and all(s.source.bundled for s in early)
        assert all("archipelago" not in s.text for s in library.suggest(OWN))
        before = library.changes()
        added: list[object] = []
        more = tmp_path / "more.txt"
        more.write_text(TEXT.replace("977", "978").replace("every spring", "every autumn"), encoding="utf-8")
        writer = threading.Thread(target=lambda: added.append(library.add_file(more)))
        writer.start()
        writer.join(0.5)
        assert writer.is_alive() and not added, "an import waits for the library file"
        gate.set()
        writer.join(30)
        assert added and added[0].added
        assert library.status() == ""
        assert library.changes() != before
        hits = library.suggest(OWN)
        assert hits and hits[0].text == OWN + ";" and hits[0].score == 100 and not hits[0].source.bundled
        assert len(library) == len(bundled) + 2 * 2
        bundled.close()
    finally:
        gate.set()
        library.close()
    with PrecedentLibrary.open(library_file) as reopened:
        assert {d.number for d in reopened.documents() if not d.bundled} == {"977", "978"}


def test_a_library_that_cannot_be_opened_leaves_the_bundled_corpus_and_says_why(tmp_path):
    damaged = tmp_path / "library.sqlite3"
    damaged.write_bytes(b"not a database at all" * 4096)
    library = open_library(damaged, background_over=0)
    try:
        assert isinstance(library, OpeningLibrary)
        with pytest.raises(LibraryError, match="not an SQLite file"):
            library.wait(30)
        assert library.status().startswith("bundled corpus only:") and "not an SQLite file" in library.status()
        assert library.suggest("recognizing the importance of child online protection")
        with pytest.raises(LibraryError, match="not an SQLite file"):
            library.add_file(tmp_path / "anything.txt")
    finally:
        library.close()
    assert damaged.read_bytes() == b"not a database at all" * 4096


def test_a_small_library_opens_in_the_foreground(library_file):
    library = open_library(library_file)
    try:
        assert isinstance(library, PrecedentLibrary)
        assert library.suggest(OWN)[0].text == OWN + ";"
    finally:
        library.close()
