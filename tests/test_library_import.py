"""`cop-drafter library add PATH...` on files and folders: walking, skipping, one report, exit codes, hostile
entries (issue 11, Deliver 3)."""

from __future__ import annotations

import io
import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from cop_drafter.cli.main import main
from cop_drafter.cli.progress import import_with_progress
from cop_drafter.docx.exporters import CleanResolutionExporter
from cop_drafter.formats.reader import read_resolution
from cop_drafter.precedents import PrecedentLibrary

CORPUS = Path(__file__).resolve().parent.parent / "resources" / "corpus"
KIGALI = CORPUS / "003_17374c786128507d.txt"


def resolution_text(number: int, place: str = "Somewhere", year: int = 2031, word: str = "zebras") -> str:
    return (f"RESOLUTION {number} ({place}, {year})\nOn {word} and precedents\nThe Conference,\nconsidering\n"
            f"a) that a delegate wrote this clause about {word} and precedents under number {number};\n"
            f"b) that another clause follows,\nresolves\n1 to keep {word} safe;\n2 to report on {word}.\n")


def run_add(capsys, *paths: Path) -> tuple[int, dict]:
    code = main(["library", "add", *map(str, paths), "--json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out)


@pytest.fixture
def archive(tmp_path) -> Path:
    """A nested folder: three good texts (.txt, .md, .docx), a copy of a bundled seed, two bad files, a hidden
    file and a Word temporary file."""
    top = tmp_path / "archive"
    (top / "sub" / "deeper").mkdir(parents=True)
    (top / "a-res901.txt").write_text(resolution_text(901, word="giraffes"), encoding="utf-8")
    (top / "sub" / "deeper" / "res902.md").write_text(resolution_text(902, word="otters"), encoding="utf-8")
    docx = read_resolution_from_text(tmp_path, resolution_text(903, word="pelicans"))
    CleanResolutionExporter(docx).export(top / "sub" / "res903.docx")
    shutil.copy(KIGALI, top / "sub" / "kigali-copy.txt")
    (top / "notes.txt").write_text("shopping list: milk, bread\n", encoding="utf-8")
    (top / "sub" / "broken.docx").write_bytes(b"PK\x03\x04 this is not really a Word file")
    (top / ".hidden.txt").write_text(resolution_text(904), encoding="utf-8")
    (top / "sub" / "~$res903.docx").write_bytes(b"\x00owner file")
    return top


def read_resolution_from_text(tmp_path: Path, text: str):
    source = tmp_path / "source.txt"
    source.write_text(text, encoding="utf-8")
    return read_resolution(source)


def test_library_add_on_a_nested_folder_reports_added_skipped_and_failed(capsys, archive):
    code, report = run_add(capsys, archive)
    assert code == 0
    assert set(report) == {"added", "skipped", "failed"}
    added = {Path(a["file"]).name: a for a in report["added"]}
    assert sorted(added) == ["a-res901.txt", "res902.md", "res903.docx"]
    for item in report["added"]:
        assert set(item) == {"id", "heading", "file", "clauses"} and item["clauses"] == 4
    assert added["res902.md"]["heading"].startswith("RESOLUTION 902")
    failed = {Path(f["file"]).name: f["error"] for f in report["failed"]}
    assert sorted(failed) == ["broken.docx", "notes.txt"]
    assert all(set(f) == {"file", "error"} for f in report["failed"])
    assert "resolution" in failed["notes.txt"] or "call words" in failed["notes.txt"]
    skipped = {Path(s["file"]).name: s["reason"] for s in report["skipped"]}
    assert skipped == {".hidden.txt": "hidden", "~$res903.docx": "temporary Word file",
                       "kigali-copy.txt": skipped["kigali-copy.txt"]}
    assert "already in the library" in skipped["kigali-copy.txt"]
    # The added texts are in the library, searchable.
    assert main(["search", "otters", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["source"]["number"] == "902"


def test_library_add_twice_is_idempotent_and_still_succeeds(capsys, archive):
    run_add(capsys, archive)
    code, again = run_add(capsys, archive)
    assert code == 0 and again["added"] == []
    present = [s for s in again["skipped"] if "already in the library" in s["reason"]]
    assert len(present) == 4  # the three imported texts and the bundled copy
    assert main(["library", "list", "--json"]) == 0
    assert len([d for d in json.loads(capsys.readouterr().out) if not d["bundled"]]) == 3


def test_library_add_exits_2_when_nothing_could_be_read(capsys, tmp_path):
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "a.txt").write_text("not a resolution\n", encoding="utf-8")
    code = main(["library", "add", str(tmp_path / "junk"), str(tmp_path / "missing.txt"), "--json"])
    captured = capsys.readouterr()
    assert code == 2
    report = json.loads(captured.out)
    assert report["added"] == [] and len(report["failed"]) == 2
    assert "does not exist" in {f["file"]: f["error"] for f in report["failed"]}[str(tmp_path / "missing.txt")]
    assert captured.err.strip().count("\n") == 0 and "Traceback" not in captured.err


def test_library_add_text_output_names_every_file(capsys, archive):
    assert main(["library", "add", str(archive)]) == 0
    out = capsys.readouterr().out
    assert "3 texts added, 3 skipped, 2 failed" in out
    assert "failed " + str(archive / "notes.txt") in out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_only_on_a_terminal(capsys, archive):
    terminal = _Terminal()
    with PrecedentLibrary.in_memory() as library:
        result = import_with_progress(library, [archive], terminal)
    assert len(result.added) == 3
    assert "files/s" in terminal.getvalue() and "[" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r")  # the line is cleared at the end
    # Not a terminal (capsys): nothing at all on stderr.
    assert main(["library", "add", str(archive)]) == 0
    assert capsys.readouterr().err == ""


def test_hostile_entries_never_hang_or_stop_the_rest(capsys, tmp_path):
    top = tmp_path / "hostile"
    top.mkdir()
    (top / "good.txt").write_text(resolution_text(911, word="herons"), encoding="utf-8")
    os.mkfifo(top / "pipe.txt")
    os.symlink("/dev/zero", top / "zero.docx")
    unreadable = top / "unreadable.txt"
    if os.geteuid() == 0:  # root reads a chmod 000 file; a link to /proc/self/mem cannot be read by anyone
        os.symlink("/proc/self/mem", unreadable)
    else:
        unreadable.write_text(resolution_text(912), encoding="utf-8")
        unreadable.chmod(0)
    (top / "sub").mkdir()
    os.symlink("..", top / "sub" / "loop")  # a folder link back to its parent
    os.symlink("self", top / "self")  # a link to itself
    (top / "z-good.md").write_text(resolution_text(913, word="storks"), encoding="utf-8")
    outcome: dict = {}

    def run() -> None:
        outcome["code"] = main(["library", "add", str(top), "--json"])

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "library add hung on a hostile entry"
    report = json.loads(capsys.readouterr().out)
    assert outcome["code"] == 0
    assert sorted(Path(a["file"]).name for a in report["added"]) == ["good.txt", "z-good.md"]
    skipped = {Path(s["file"]).name: s["reason"] for s in report["skipped"]}
    failed = {Path(f["file"]).name: f["error"] for f in report["failed"]}
    assert "FIFO" in skipped["pipe.txt"]
    assert "device" in skipped["zero.docx"]
    assert "already walked" in skipped["loop"]
    assert "unreadable.txt" in failed and "cannot read" in failed["unreadable.txt"]
    assert "self" in failed
    if os.geteuid() != 0:
        unreadable.chmod(0o644)


def test_a_big_folder_is_read_by_worker_processes_in_order_with_its_bad_files_reported(capsys, tmp_path):
    """Past reading.SMALL files the texts are parsed in other processes: same report, same order, the bad
    files named, every good text searchable right after."""
    from cop_drafter.precedents.reading import SMALL

    top = tmp_path / "big"
    top.mkdir()
    count = SMALL + 12
    for n in range(count):
        (top / f"res{n:03d}.txt").write_text(resolution_text(1000 + n, word=f"word{n}"), encoding="utf-8")
    (top / "res020.txt").write_bytes(b"\x00\x01binary junk\xff" * 50)
    (top / "res041.docx").write_bytes(b"PK\x03\x04 not a Word file")
    code, report = run_add(capsys, top)
    assert code == 0
    assert [Path(a["file"]).name for a in report["added"]] == sorted(
        f"res{n:03d}.txt" for n in range(count) if n != 20)
    assert sorted(Path(f["file"]).name for f in report["failed"]) == ["res020.txt", "res041.docx"]
    assert all(f["error"] and "\n" not in f["error"] for f in report["failed"])
    with PrecedentLibrary.open() as library:
        hits = library.suggest(f"that a delegate wrote this clause about word{count - 1} and precedents")
        assert hits and hits[0].text.endswith(f"word{count - 1} and precedents under number {1000 + count - 1};")


def test_cancelling_a_big_import_keeps_what_was_added_and_stops_the_workers(tmp_path):
    from cop_drafter.precedents.importer import import_paths
    from cop_drafter.precedents.reading import SMALL

    top = tmp_path / "big"
    top.mkdir()
    for n in range(SMALL * 2):
        (top / f"res{n:03d}.txt").write_text(resolution_text(2000 + n, word=f"term{n}"), encoding="utf-8")
    seen: list[int] = []
    with PrecedentLibrary.open(tmp_path / "library.sqlite3") as library:
        result = import_paths(library, [top], progress=lambda p: seen.append(p.done),
                              cancelled=lambda: len(seen) > 10)
        assert result.cancelled and 0 < len(result.added) <= 11
        assert len(library.documents()) == len(result.added) + len([d for d in library.documents() if d.bundled])
        hits = library.suggest("that a delegate wrote this clause about term3 and precedents")
        assert hits and hits[0].text.endswith("term3 and precedents under number 2003;")
    assert not [p for p in threading.enumerate() if "QueueFeederThread" in p.name or "ExecutorManager" in p.name]


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent to read its exit status counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


KILLED_IMPORT = """
import os, signal, sys
from pathlib import Path
from cop_drafter.precedents import PrecedentLibrary
from cop_drafter.precedents.importer import import_paths

def descendants(pid):
    tree = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().split(") ", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out

def progress(p):
    if p.done >= 40:
        Path(sys.argv[3]).write_text(" ".join(map(str, descendants(os.getpid()))))
        os.kill(os.getpid(), signal.SIGKILL)  # the laptop's battery dies in the middle of an import

with PrecedentLibrary.open(Path(sys.argv[1])) as library:
    import_paths(library, [Path(sys.argv[2])], progress=progress)
"""


def test_an_import_killed_midway_leaves_whole_texts_and_the_next_run_adds_the_rest(tmp_path):
    import subprocess
    import sys

    top = tmp_path / "archive"
    top.mkdir()
    for n in range(100):
        (top / f"res{n:03d}.txt").write_text(resolution_text(3000 + n, word=f"item{n}"), encoding="utf-8")
    path = tmp_path / "library.sqlite3"
    # Output to a file, not a pipe: the test must not wait on what the dead importer's readers hold open.
    with open(tmp_path / "child.log", "wb") as log:
        child = subprocess.run([sys.executable, "-c", KILLED_IMPORT, str(path), str(top), str(tmp_path / "pids")],
                               stdout=log,
                               stderr=subprocess.STDOUT, timeout=120, check=False)
    assert child.returncode == -9
    # Its reader processes do not outlive it.
    readers = [int(pid) for pid in (tmp_path / "pids").read_text().split()]
    assert len(readers) >= 2, "the import of 100 files was read by worker processes"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(map(alive, readers)):
        time.sleep(0.2)
    assert not [pid for pid in readers if alive(pid)]
    with PrecedentLibrary.open(path) as library:
        kept = [d for d in library.documents() if not d.bundled]
        assert len(kept) < 40
        for doc in kept:  # nothing half-written: every text kept has all its clauses
            assert sum(len(s.clauses) for s in library.resolution(doc.id).sections) == 4
        from cop_drafter.precedents.importer import import_paths

        result = import_paths(library, [top])
        assert not result.failed and len(result.added) == 100 - len(kept) and result.present == len(kept)
        assert len([d for d in library.documents() if not d.bundled]) == 100
