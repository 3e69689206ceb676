"""One library file shared by several processes (issue 10, reproduction 9): a CLI import while the GUI runs.

Every test here runs a second, real Python process on the same library file: reading never needs the write
lock, a running library picks up what another process added, and its own import of a text another process
added first is "already in the library", not a swallowed IntegrityError.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cop_drafter.cli.main import main
from cop_drafter.precedents import PrecedentLibrary

SKY = ("RESOLUTION 999 (Nowhere, 2030)\nA test text\nThe Conference,\nconsidering\n"
       "a) that the sky is a relevant topic for every delegate attending;\n"
       "b) that nothing else is said here at all,\nresolves\n1 to keep calm and carry on drafting.\n")
SEA = SKY.replace("999", "998").replace("the sky is a relevant topic", "the deep blue sea holds every answer")


@pytest.fixture
def texts(tmp_path: Path) -> tuple[Path, Path]:
    sky, sea = tmp_path / "sky.txt", tmp_path / "sea.txt"
    sky.write_text(SKY, encoding="utf-8")
    sea.write_text(SEA, encoding="utf-8")
    return sky, sea


def other_process(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True,
                          timeout=120, check=False)


def cli_add(library: Path, path: Path) -> subprocess.CompletedProcess[str]:
    """`cop-drafter library add` in its own process."""
    return other_process("import sys; from cop_drafter.cli.main import main; sys.exit(main(sys.argv[1:]))",
                         "library", "add", str(path), "--library", str(library))


HOLD_WRITE_LOCK = """
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")  # what an import holds while it writes
    conn.execute("INSERT INTO meta(key, value) VALUES ('busy', 'importing')")
    print("locked", flush=True)
    sys.stdin.readline()
    conn.execute("ROLLBACK")
"""


def test_reading_while_another_process_holds_the_write_lock(tmp_path, texts, capsys):
    path = tmp_path / "library.sqlite3"
    assert cli_add(path, texts[0]).returncode == 0
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(HOLD_WRITE_LOCK), str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with PrecedentLibrary.open(path) as library:
            assert library.suggest("that the sky is a relevant")[0].source.number == "999"
            assert library.search("sky")[0].source.number == "999"
            assert any(d.number == "999" for d in library.documents())
        assert main(["search", "sky", "--library", str(path)]) == 0
        assert "RESOLUTION 999 (Nowhere, 2030)" in capsys.readouterr().out
    finally:
        holder.communicate("\n", timeout=30)
    assert holder.returncode == 0


def test_a_running_library_sees_what_another_process_imported(tmp_path, texts):
    path = tmp_path / "library.sqlite3"
    with PrecedentLibrary.open(path) as library:  # opened before the file exists, as a GUI started first
        assert all(s.source.number != "999" for s in library.suggest("that the sky is a relevant"))
        before = library.changes()
        assert cli_add(path, texts[0]).returncode == 0
        assert library.changes() != before  # what the status bar polls to refresh its count
        assert library.suggest("that the sky is a relevant")[0].source.number == "999"
        assert any(d.number == "999" for d in library.documents())
        # Its own import of the same text: already there, not an IntegrityError.
        again = library.add_file(texts[0])
        assert not again.added and "earlier import" in again.reason
        added = library.add_file(texts[1])
        assert added.added
        assert cli_add(path, texts[1]).stdout.count("already in the library") == 1
        # A text removed by another process is no longer suggested here.
        removed = other_process(
            "import sys; from cop_drafter.precedents import PrecedentLibrary\n"
            "with PrecedentLibrary.open(sys.argv[1]) as lib: lib.remove(sys.argv[2])", str(path), added.doc_id)
        assert removed.returncode == 0, removed.stderr
        assert all(s.source.number != "998" for s in library.suggest("the deep blue sea holds every"))
        assert library.suggest("that the sky is a relevant")[0].source.number == "999"


def test_two_processes_importing_at_once_keep_every_text_once(tmp_path, texts):
    path = tmp_path / "library.sqlite3"
    procs = [subprocess.Popen([sys.executable, "-c",
                               "import sys; from cop_drafter.cli.main import main; sys.exit(main(sys.argv[1:]))",
                               "library", "add", str(texts[0]), str(texts[1]), "--library", str(path)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outs
    with PrecedentLibrary.open(path) as library:
        assert sorted(d.number for d in library.documents() if not d.bundled) == ["998", "999"]


def test_a_library_written_before_kinds_existed_is_read_and_upgraded_in_place(tmp_path, texts):
    import sqlite3

    path = tmp_path / "library.sqlite3"
    with PrecedentLibrary.open(path) as library:
        assert library.add_file(texts[0]).added
    with sqlite3.connect(path) as conn:  # what an older COP Drafter wrote: no kind column
        conn.execute("ALTER TABLE documents DROP COLUMN kind")
    conn.close()
    with PrecedentLibrary.open(path) as library:  # read-only: still suggests, every old text "adopted"
        top = library.suggest("that the sky is a relevant")[0]
        assert top.source.number == "999" and top.source.kind == "adopted"
        proposal = texts[1].with_name("proposal.txt")
        proposal.write_text("MOD\n" + SEA, encoding="utf-8")
        assert library.add_file(proposal).added  # the first write adds the column
        assert library.suggest("the deep blue sea holds every")[0].source.kind == "proposal"
    with sqlite3.connect(path) as conn:
        kinds = dict(conn.execute("SELECT number, kind FROM documents"))
    conn.close()
    assert kinds == {"999": "adopted", "998": "proposal"}
