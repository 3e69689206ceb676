"""The suggestion index persisted beside the library (issue 13, deliverable 8): a big library opens from it in a
second instead of being re-indexed at every start; a persisted index that does not match the library, or any
damaged or hostile file in its place, is never used (the library indexes its clauses instead) and never stops
the library from opening.

Every test compares what the delegate sees, the suggestions, with those of the same library indexed afresh.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from pathlib import Path

import pytest

from cop_drafter.precedents import PrecedentLibrary
from cop_drafter.precedents.importer import import_paths
from cop_drafter.precedents.snapshot import snapshot_path

TOPICS = ["the sky is a relevant topic for every delegate", "the deep blue sea holds every answer we need",
          "online games shall protect children from harmful contact", "study groups coordinate with CWG-COP",
          "member states share national strategies on child online protection",
          "the secretariat publishes guidelines for industry and parents", "helplines answer children in need",
          "capacity building reaches the least developed countries first"]
QUERIES = ["online games shall protect chidlren from harmful", "member states share national strategies",
           "the secretariat publishes guidlines for", "helplines answer children"]


def text(n: int, topic: str) -> str:
    return (f"RESOLUTION {900 + n} (Nowhere, {2000 + n})\nA test text\nThe Conference,\nconsidering\n"
            f"a) that {topic} in text {n};\nb) that nothing else is said here at all, {n},\nresolves\n"
            f"1 to keep calm and carry on drafting {topic};\n2 to report on {topic} to the Council.\n")


def clause_a(n: int) -> str:
    """Considering a) of text n, as a delegate would type it."""
    return f"that {TOPICS[n % len(TOPICS)]} in text {n};"


def write_texts(folder: Path, start: int, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = folder / f"text-{n:03d}.txt"
        path.write_text(text(n, TOPICS[n % len(TOPICS)]), encoding="utf-8")
        paths.append(path)
    return paths


def seen(library: PrecedentLibrary) -> list[list[tuple[float, str, str]]]:
    """What the precedents panel shows for each query: score, text, source."""
    return [[(round(s.score, 3), s.text, s.source.document) for s in library.suggest(q)] for q in QUERIES]


def fresh(path: Path) -> list[list[tuple[float, str, str]]]:
    """The suggestions of the same library indexed from its clauses (its persisted index set aside)."""
    index = snapshot_path(path)
    aside = index.with_name(index.name + ".aside")
    if index.exists():
        os.replace(index, aside)
    try:
        with PrecedentLibrary.open(path) as library:
            return seen(library)
    finally:
        if aside.exists():
            os.replace(aside, index)


@pytest.fixture
def library_file(tmp_path: Path) -> Path:
    path = tmp_path / "library.sqlite3"
    with PrecedentLibrary.open(path) as library:
        result = import_paths(library, write_texts(tmp_path / "archive", 0, 12))
        assert len(result.added) == 12
    return path


def used_index(caplog: pytest.LogCaptureFixture) -> bool:
    return any(r.getMessage().startswith("using the persisted index") for r in caplog.records)


def test_an_import_persists_the_index_and_the_next_open_uses_it(library_file, caplog):
    assert snapshot_path(library_file).is_file()
    caplog.set_level(logging.INFO, logger="cop_drafter.precedents")
    caplog.clear()  # only what the open below logs (another test may have lowered the level)
    with PrecedentLibrary.open(library_file) as library:
        shown = seen(library)
        assert len(library) > 12 * 4
    assert used_index(caplog)
    assert shown == fresh(library_file)
    assert any(rows for rows in shown), "the queries find the imported texts"


def test_texts_added_and_removed_since_the_index_was_persisted_are_caught_up(library_file, tmp_path, caplog):
    with PrecedentLibrary.open(library_file) as library:
        added = library.add_file(write_texts(tmp_path / "more", 40, 1)[0])  # add_file does not persist
        removed = library.documents()[-3]
        library.remove(removed.id)
    caplog.set_level(logging.INFO, logger="cop_drafter.precedents")
    caplog.clear()  # only what the open below logs (another test may have lowered the level)
    with PrecedentLibrary.open(library_file) as library:
        shown = seen(library)
        docs = {d.id for d in library.documents()}
        hits = library.suggest(clause_a(40))
    assert used_index(caplog)
    assert added.doc_id in docs and removed.id not in docs
    assert hits and hits[0].score == 100 and hits[0].source.document == "RESOLUTION 940 (Nowhere, 2040)"
    assert removed.document not in {doc for rows in shown for _s, _t, doc in rows}
    assert shown == fresh(library_file)


SHAPES = ["empty file", "truncated", "last bytes cut", "one byte flipped", "not an index", "header length too large",
          "header not JSON", "future format", "a folder", "a FIFO"]


def damaged_shapes(index: Path) -> dict[str, object]:
    data = index.read_bytes()
    middle = len(data) // 2
    return {
        "empty file": b"",
        "truncated": data[: len(data) // 3],
        "last bytes cut": data[:-5],
        "one byte flipped": data[:middle] + bytes([data[middle] ^ 0x55]) + data[middle + 1:],
        "not an index": b"SQLite format 3\x00" + os.urandom(4000),
        "header length too large": data[:-8] + (2**62).to_bytes(8, "little"),
        "header not JSON": data[:16] + b"{" * 64 + (64).to_bytes(8, "little"),
        "future format": data.replace(b'"format": 1', b'"format": 9', 1),
        "a folder": "folder",
        "a FIFO": "fifo",
    }


@pytest.mark.parametrize("shape", SHAPES)
def test_a_damaged_or_hostile_index_is_not_used_and_the_library_still_opens(library_file, shape, caplog):
    expected = fresh(library_file)
    index = snapshot_path(library_file)
    content = damaged_shapes(index)[shape]
    index.unlink()
    if content == "folder":
        index.mkdir()
    elif content == "fifo":
        os.mkfifo(index)
    else:
        assert isinstance(content, bytes)
        index.write_bytes(content)
    caplog.set_level(logging.INFO, logger="cop_drafter.precedents")
    caplog.clear()  # only what the open below logs (another test may have lowered the level)
    opened: list[list] = []
    worker = threading.Thread(target=lambda: opened.append(seen(PrecedentLibrary.open(library_file))), daemon=True)
    worker.start()
    worker.join(60)
    assert opened, f"opening the library with {shape} in place of its index did not finish"
    assert opened[0] == expected
    assert not used_index(caplog)
    assert any("not using the persisted index" in r.getMessage() for r in caplog.records) or shape == "a folder"


def test_the_index_of_another_library_is_not_used(library_file, tmp_path, caplog):
    other = tmp_path / "other" / "library.sqlite3"
    other.parent.mkdir()
    with PrecedentLibrary.open(other) as library:
        import_paths(library, write_texts(tmp_path / "other-archive", 20, 12))
    shutil.copyfile(snapshot_path(other), snapshot_path(library_file))
    expected = fresh(library_file)
    caplog.set_level(logging.INFO, logger="cop_drafter.precedents")
    caplog.clear()  # only what the open below logs (another test may have lowered the level)
    with PrecedentLibrary.open(library_file) as library:
        assert seen(library) == expected
    assert not used_index(caplog)


def test_an_older_copy_of_the_library_file_does_not_use_the_newer_index(library_file, tmp_path, caplog):
    """A delegate restores yesterday's library.sqlite3 from a backup; the index beside it is today's."""
    backup = tmp_path / "backup.sqlite3"
    shutil.copyfile(library_file, backup)
    with PrecedentLibrary.open(library_file) as library:
        import_paths(library, write_texts(tmp_path / "today", 30, 3))
    shutil.copyfile(backup, library_file)
    with PrecedentLibrary.open(library_file) as library:
        library.add_file(write_texts(tmp_path / "after-restore", 50, 1)[0])
    caplog.set_level(logging.INFO, logger="cop_drafter.precedents")
    caplog.clear()  # only what the open below logs (another test may have lowered the level)
    with PrecedentLibrary.open(library_file) as library:
        docs = [d.document for d in library.documents()]
        hits = library.suggest(clause_a(50))
    assert not used_index(caplog)
    assert "RESOLUTION 930 (Nowhere, 2030)" not in docs
    assert hits and hits[0].source.document == "RESOLUTION 950 (Nowhere, 2050)" and hits[0].score == 100


def test_an_index_that_cannot_be_written_is_no_error(library_file, tmp_path, caplog):
    index = snapshot_path(library_file)
    index.unlink()
    index.mkdir()  # what the atomic write refuses to replace
    caplog.set_level(logging.WARNING, logger="cop_drafter.precedents")
    caplog.clear()  # only what the open below logs (another test may have lowered the level)
    with PrecedentLibrary.open(library_file) as library:
        result = import_paths(library, write_texts(tmp_path / "more", 60, 2))
        assert len(result.added) == 2 and not result.failed
        assert library.save_index() is False
    assert any("cannot persist the index" in r.getMessage() for r in caplog.records)
