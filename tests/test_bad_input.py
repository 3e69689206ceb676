"""Bad input at every entry point: a clear one-line message, bounded time and memory, the user's files untouched.

Every hostile file is generated here in tmp_path (no committed binaries). Each reading entry point is tried:
the CLI (`cop-drafter parse`, exit code 2 and one line on stderr), the import path the GUI and library use
(`read_resolution`), and opening a draft (`load_project`). Writing entry points (save, .docx export) are tried
against a read-only folder and a full disk: a real tiny tmpfs when we may mount one, otherwise a simulated
ENOSPC/EROFS. Hypothesis fuzzing of the project loader and the text parser lives at the end (`make fuzz` runs
it for a long time). `python tests/test_bad_input.py` prints the table of what a delegate sees.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import io
import json
import os
import random
import re
import stat
import struct
import subprocess
import sys
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cop_drafter.cli.main import main as cli_main
from cop_drafter.core.draft import Draft
from cop_drafter.core.model import ParseError
from cop_drafter.core.serialize import resolution_to_dict
from cop_drafter.docx.exporters import CleanResolutionExporter, ProposalExporter
from cop_drafter.formats.atomic import SaveError
from cop_drafter.formats.project import draft_from_json, draft_to_json, load_project, save_project
from cop_drafter.formats.reader import read_resolution
from cop_drafter.formats.text_parser import parse_text

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "resources" / "corpus" / "003_17374c786128507d.txt"  # Res 67 (Rev. Kigali, 2022)
SECONDS = 30  # generous: a hostile file must be refused in bounded time, not quickly on a fast machine
PEAK_BYTES = 200 * 1024 * 1024  # Python heap high-water mark while refusing a file
FUZZ_EXAMPLES = int(os.environ.get("COP_FUZZ_EXAMPLES", "150"))


# -- helpers ---------------------------------------------------------------------------------------------------
def digest(path: Path) -> str:
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):  # a FIFO or a link to a device: reading it to hash it would block or never end
        return f"special {os.lstat(path).st_mode:o} -> {info.st_mode:o} {info.st_rdev}"
    h = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def folder_state(folder: Path) -> dict[str, str]:
    """Every file under the folder with its hash: proves nothing was modified, added or left behind."""
    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def listing(folder: Path) -> dict[str, tuple[int, int]]:
    """Names, sizes and modification times: cheap proof that nothing else in the folder was touched."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@functools.cache
def seed_docx() -> bytes:
    """A real .docx of the seed, written by our own exporter (what a colleague would e-mail)."""
    return CleanResolutionExporter(parse_text(seed_text(), SEED.name)).to_bytes()


def replace_part(docx: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == name else src.read(info.filename))
    return out.getvalue()


def zip_bomb(declared_lie: bool) -> bytes:
    """A .docx whose document.xml inflates to 300 MB from a few hundred KB (optionally declaring 1 KB)."""
    size = 300 * 1024 * 1024
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = b"<w:t>" + b"A" * (1 << 20) + b"</w:t>"
    body = bytearray()
    crc, total = 0, 0
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    for piece in [head] + [block] * (size // len(block)):
        body += compressor.compress(piece)
        crc = zlib.crc32(piece, crc)
        total += len(piece)
    body += compressor.flush()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(seed_docx())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                zf.writestr(info.filename, src.read(info.filename))
    # Append the bomb as a raw deflated member by hand: zipfile would need the 300 MB in memory.
    archive = bytearray(out.getvalue())
    eocd = archive.rfind(b"PK\x05\x06")
    cd_offset = struct.unpack("<I", archive[eocd + 16 : eocd + 20])[0]
    central, members = archive[cd_offset:eocd], archive[:cd_offset]
    name = b"word/document.xml"
    declared = 1024 if declared_lie else total
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(body), declared, len(name), 0)
    entry_offset = len(members)
    members += local + name + body
    central_entry = struct.pack(
        "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(body), declared, len(name), 0, 0, 0, 0, 0,
        entry_offset,
    )
    central += central_entry + name
    count = struct.unpack("<H", archive[eocd + 10 : eocd + 12])[0] + 1
    eocd_record = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(members), 0)
    return bytes(members + central + eocd_record)


XXE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
    b"<w:t>RESOLUTION 67 &xxe;</w:t></w:r></w:p></w:body></w:document>"
)
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode() for i in range(1, 10)
    )
    + b']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
    b"<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


def project_json(**overrides: object) -> bytes:
    payload = json.loads(draft_to_json(Draft.revision_of(parse_text(seed_text(), SEED.name))))
    payload.update(overrides)
    return json.dumps(payload).encode("utf-8")


def mutated_project(change: Callable[[dict], object]) -> bytes:
    """A real project file with one field changed the way a hand edit (or another tool) would."""
    payload = json.loads(project_json())
    change(payload["draft"])
    return json.dumps(payload).encode("utf-8")


@functools.lru_cache(maxsize=1)
def negotiation_json() -> str:
    """A real negotiation project: the three seed proposals compiled (tests/compile_fixtures.py), the draft
    opened on them, saved with its compilation."""
    from compile_fixtures import proposer_texts

    from cop_drafter.core.compilation import ProposerText, compile_proposals
    from cop_drafter.core.negotiation import negotiation_draft

    base, texts = proposer_texts()
    return draft_to_json(negotiation_draft(compile_proposals(base, [ProposerText(n, t) for n, t in texts.items()])))


def mutated_negotiation(change: Callable[[dict], object]) -> bytes:
    """A negotiation project with its compilation hand-edited."""
    payload = json.loads(negotiation_json())
    change(payload["draft"]["compilation"])
    return json.dumps(payload).encode("utf-8")


def _set(node: dict, path: str, value: object) -> None:
    *parents, last = path.split(".")
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    node[last] = value


def nested_clauses(depth: int) -> dict:
    clause: dict = {"label": "a)", "text": "deep", "children": []}
    for _ in range(depth):
        clause = {"label": "a)", "text": "deeper", "children": [clause]}
    return clause


def write_big_text(path: Path, size: int) -> None:
    """A 200 MB 'resolution': the seed text over and over (what a runaway export or a log file looks like)."""
    block = seed_text().encode("utf-8")
    with path.open("wb") as handle:
        written = 0
        while written < size:
            handle.write(block)
            written += len(block)


# name -> (file name, builder writing the file). Names and folders use non-Latin letters and spaces on purpose.
BAD_FILES: dict[str, tuple[str, Callable[[Path], None]]] = {
    "empty file": ("пустой файл.txt", lambda p: p.write_bytes(b"")),
    "binary junk (.txt)": ("données binaires.txt", lambda p: p.write_bytes(random.Random(1).randbytes(65536))),
    "binary junk (.docx)": ("二进制 文件.docx", lambda p: p.write_bytes(random.Random(2).randbytes(65536))),
    "truncated .docx": ("coupé en deux.docx", lambda p: p.write_bytes(seed_docx()[: len(seed_docx()) * 6 // 10])),
    "zip bomb (.docx)": ("bomb résolution.docx", lambda p: p.write_bytes(zip_bomb(declared_lie=False))),
    "zip bomb lying about its size": ("bomb menteuse.docx", lambda p: p.write_bytes(zip_bomb(declared_lie=True))),
    "XXE in document.xml": ("xxe проект.docx", lambda p: p.write_bytes(replace_part(seed_docx(), "word/document.xml", XXE))),
    "billion laughs in document.xml": ("lol مشروع.docx", lambda p: p.write_bytes(replace_part(seed_docx(), "word/document.xml", LAUGHS))),
    "200 MB text": ("énorme 200 MB.txt", lambda p: write_big_text(p, 200 * 1024 * 1024)),
    "project from a future version": ("future 未来.copdraft", lambda p: p.write_bytes(project_json(schema=99, app_version="9.0"))),
    "project with a wrong schema value": ("schéma faux.copdraft", lambda p: p.write_bytes(project_json(schema="one"))),
    "project that is not ours (other JSON)": ("other app.copdraft", lambda p: p.write_bytes(b'{"format": "x", "schema": 1}')),
    "project cut off mid-save": ("coupé.copdraft", lambda p: p.write_bytes(project_json()[:5000])),
    "project saved as UTF-16": ("utf16 проект.copdraft", lambda p: p.write_bytes(project_json().decode().encode("utf-16"))),
    # issue 10 repro 3: hand-edited projects
    "project: number 67 not \"67\"": ("numéro.copdraft", lambda p: p.write_bytes(mutated_project(
        lambda d: _set(d, "current.header.number", 67)))),
    "project: title [\"x\"]": ("titre liste.copdraft", lambda p: p.write_bytes(mutated_project(
        lambda d: _set(d, "current.header.title", ["x"])))),
    "project: clauses nested 300 deep": ("profond.copdraft", lambda p: p.write_bytes(mutated_project(
        lambda d: d["current"]["sections"][0]["clauses"].append(nested_clauses(300))))),
    "project: a 5,000-digit integer": ("entier géant.copdraft", lambda p: p.write_bytes(mutated_project(
        lambda d: _set(d, "current.header.year", 1234567)).replace(b'"year": 1234567', b'"year": ' + b"9" * 5000))),
    "project: a lone surrogate": ("surrogate.copdraft", lambda p: p.write_bytes(mutated_project(
        lambda d: _set(d, "current.sections.0.clauses.0.text", "broken \ud800 text")))),
    "project: a footnote offset of -5": ("offset.copdraft", lambda p: p.write_bytes(mutated_project(
        lambda d: _set(d, "current.sections.0.clauses.0.footnote_offsets", {"1": -5}) or
        _set(d, "current.sections.0.clauses.0.footnotes", ["1"])))),
    "project: unknown section kind": ("genre.copdraft", lambda p: p.write_bytes(mutated_project(
        lambda d: _set(d, "current.sections.0.kind", "appendix")))),
    "project: meta source is a number": ("meta.copdraft", lambda p: p.write_bytes(mutated_project(
        lambda d: _set(d, "meta", {"source": 12})))),
    "project: two clauses with one id": ("doublon.copdraft", lambda p: p.write_bytes(mutated_project(
        lambda d: _set(d, "current.sections.0.clauses.1.uid", d["current"]["sections"][0]["clauses"][0]["uid"])))),
    # issue 14: a negotiation's compilation edited by hand
    "project: compilation status MAYBE": ("statut négocié.copdraft", lambda p: p.write_bytes(mutated_negotiation(
        lambda c: _set(c, "rows.5.versions.1.status", "MAYBE")))),
    "project: compilation row without CITEL": ("sans CITEL.copdraft", lambda p: p.write_bytes(mutated_negotiation(
        lambda c: c["rows"][5]["versions"].pop()))),
    "project: compilation base is a list": ("base liste.copdraft", lambda p: p.write_bytes(mutated_negotiation(
        lambda c: _set(c, "base", ["RESOLUTION 67"])))),
    # issue 10 repro 4: special files behind ordinary names
    "link to /dev/zero (.docx)": ("zéro.docx", lambda p: p.symlink_to("/dev/zero")),
    "link to /dev/zero (.copdraft)": ("zéro.copdraft", lambda p: p.symlink_to("/dev/zero")),
    "link to /dev/zero (.txt)": ("zéro.txt", lambda p: p.symlink_to("/dev/zero")),
    "FIFO named .txt": ("tube nommé.txt", lambda p: os.mkfifo(p)),
    "FIFO named .copdraft": ("tube nommé.copdraft", lambda p: os.mkfifo(p)),
}

# What each entry point must say, as a pattern over the one-line message (None: the input reads fine there).
EXPECT: dict[str, dict[str, str | None]] = {
    "empty file": {"read": r"is empty", "open": r"damaged|not valid JSON|empty"},
    "binary junk (.txt)": {"read": r"binary|not a text|does not look like", "open": r"not a COP Drafter project|damaged"},
    "binary junk (.docx)": {"read": r"binary|not a text|does not look like|not a Word", "open": r"not a COP Drafter project|damaged"},
    "truncated .docx": {"read": r"not a Word document|damaged", "open": r"not a COP Drafter project|damaged"},
    "zip bomb (.docx)": {"read": r"too large|zip bomb|too much", "open": r"not a COP Drafter project|damaged"},
    "zip bomb lying about its size": {"read": r"zip bomb|too much|damaged", "open": r"not a COP Drafter project|damaged"},
    "XXE in document.xml": {"read": r"DTD or entities", "open": r"not a COP Drafter project|damaged"},
    "billion laughs in document.xml": {"read": r"DTD or entities", "open": r"not a COP Drafter project|damaged"},
    "200 MB text": {"read": r"too large", "open": r"too large"},
    "project from a future version": {"read": r"newer COP Drafter.*update", "open": r"newer COP Drafter.*update"},
    "project with a wrong schema value": {"read": r"no valid schema", "open": r"no valid schema"},
    "project that is not ours (other JSON)": {"read": r"does not look like|not a COP Drafter|no clauses|not a resolution",
                                              "open": r"not a COP Drafter project"},
    "project cut off mid-save": {"read": r"damaged|not valid JSON|does not look like|no clauses",
                                 "open": r"damaged \(not valid JSON\)"},
    "project saved as UTF-16": {"read": r"damaged|not valid JSON|does not look like|not a COP Drafter|no clauses",
                                "open": r"not UTF-8"},
    "project: number 67 not \"67\"": {"read": r'"number".*must be text', "open": r'"number".*must be text'},
    "project: title [\"x\"]": {"read": r'"title".*must be text', "open": r'"title".*must be text'},
    "project: clauses nested 300 deep": {"read": r"nested deeper than", "open": r"nested deeper than"},
    "project: a 5,000-digit integer": {"read": r'"year".*5000 digits', "open": r'"year".*5000 digits'},
    "project: a lone surrogate": {"read": r'"text".*invalid character', "open": r'"text".*invalid character'},
    "project: a footnote offset of -5": {"read": r'"footnote_offsets".*between', "open": r'"footnote_offsets".*between'},
    "project: unknown section kind": {"read": r'"kind".*one of', "open": r'"kind".*one of'},
    "project: meta source is a number": {"read": r'"source".*must be text', "open": r'"source".*must be text'},
    "project: two clauses with one id": {"read": r'"uid".*twice', "open": r'"uid".*twice'},
    "project: compilation status MAYBE": {"read": r'"status".*one of', "open": r'"status".*one of'},
    "project: compilation row without CITEL": {"read": r"no version by 'CITEL'", "open": r"no version by 'CITEL'"},
    "project: compilation base is a list": {"read": r'"base" \(compilation.base\) must be an object',
                                            "open": r'"base" \(compilation.base\) must be an object'},
    "link to /dev/zero (.docx)": {"read": r"not a regular file", "open": r"not a regular file"},
    "link to /dev/zero (.copdraft)": {"read": r"not a regular file", "open": r"not a regular file"},
    "link to /dev/zero (.txt)": {"read": r"not a regular file", "open": r"not a regular file"},
    "FIFO named .txt": {"read": r"not a regular file", "open": r"not a regular file"},
    "FIFO named .copdraft": {"read": r"not a regular file", "open": r"not a regular file"},
}


def cli_message(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    code = cli_main(["parse", str(path)])
    out, err = capsys.readouterr()
    assert code == 2, f"exit code {code}, stdout {out[:200]!r}"
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("cop-drafter: ")
    return lines[0]


def raised_message(call: Callable[[], object]) -> str:
    with pytest.raises(ParseError) as info:
        call()
    message = str(info.value)
    assert "\n" not in message and 0 < len(message) < 400, message
    return message


def gui_message(window, action: Callable[[], object]) -> str:
    """Run a GUI action on a bad file: one error box, the open draft and the library untouched, app alive."""
    told = window.dialogs.errors  # every warning box the app showed, answered at QMessageBox.exec
    before_errors, doc = len(told), window.doc
    library = folder_state(window.data_dir) if window.data_dir.exists() else {}
    result = action()
    assert result in (False, []), f"the GUI accepted a bad file: {result!r}"
    assert len(told) == before_errors + 1, f"expected exactly one error message, got {told[before_errors:]}"
    assert window.doc is doc, "the open draft was replaced"
    assert (folder_state(window.data_dir) if window.data_dir.exists() else {}) == library, "the library changed"
    title, message = told[-1]
    first = message.splitlines()[0]
    assert "Traceback" not in message and 0 < len(first) < 400
    return f"{title}: {first}"


def gui_import_message(window, path: Path) -> str:
    """File > Import into library on a bad file: it ends in the report's Failed list with one line, nothing added."""
    from PySide6.QtWidgets import QApplication

    library = [d.id for d in window.library.imported()]
    controller = window.import_controller
    controller.last_result = None
    assert window.import_paths([path])
    deadline = time.monotonic() + SECONDS
    while controller.last_result is None and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    result = controller.last_result
    assert result is not None, "the import did not finish"
    controller.report.close()
    assert not result.added and len(result.failed) + len(result.skipped) == 1, result
    assert [d.id for d in window.library.imported()] == library, "the library changed"
    entry = result.failed[0].error if result.failed else result.skipped[0].reason
    assert "Traceback" not in entry and "\n" not in entry and 0 < len(entry) < 400
    return f"Import into library: {entry}"


def library_message(library, path: Path) -> str:
    """Import into the precedent library: refused with one line, the library's contents unchanged."""
    from cop_drafter.precedents import LibraryError

    before = (len(library), [d.document for d in library.documents()])
    with pytest.raises((ParseError, LibraryError)) as info:
        library.add_file(path)
    assert (len(library), [d.document for d in library.documents()]) == before, "the library changed"
    message = str(info.value)
    assert "\n" not in message and 0 < len(message) < 400, message
    return message


ENTRY_POINTS: dict[str, tuple[str, Callable[[Path, dict], str]]] = {
    "CLI parse": ("read", lambda p, ctx: cli_message(p, ctx["capsys"])),
    "import (read_resolution)": ("read", lambda p, _ctx: raised_message(lambda: read_resolution(p))),
    "open draft (load_project)": ("open", lambda p, _ctx: raised_message(lambda: load_project(p))),
    "library import (PrecedentLibrary.add_file)": ("read", lambda p, ctx: library_message(ctx["library"], p)),
    "GUI File > Open": ("open", lambda p, ctx: gui_message(ctx["window"], lambda: ctx["window"].open_path(p))),
    "GUI Import into library": (
        "import",
        lambda p, ctx: gui_import_message(ctx["window"], p),
    ),
}


@contextlib.contextmanager
def bounded() -> Iterator[dict[str, float]]:
    """Measure wall time and the Python heap peak of the block."""
    stats: dict[str, float] = {}
    tracemalloc.start()
    start = time.monotonic()
    try:
        yield stats
    finally:
        stats["seconds"] = time.monotonic() - start
        stats["peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("delegate files") / "Délégation — USB stick"
    folder.mkdir()
    paths = {}
    for case, (name, build) in BAD_FILES.items():
        path = folder / name
        build(path)
        paths[case] = path
    return paths


def make_window(data_dir: Path, patcher: pytest.MonkeyPatch):
    """The real window (its own Prompter, the real precedent engine on a library beside `data_dir`), its dialogs
    answered at Qt's level by a DialogScript installed with `patcher`."""
    from dialog_script import DialogScript
    from PySide6.QtCore import QSettings, QStandardPaths

    from cop_drafter.gui.mainwindow import MainWindow
    from cop_drafter.gui.precedents import EngineSource

    QStandardPaths.setTestModeEnabled(True)
    dialogs = DialogScript()
    dialogs.restore_answer = False
    dialogs.install(patcher)
    settings = QSettings(str(data_dir.parent / "settings.ini"), QSettings.Format.IniFormat)
    library = str(data_dir.parent / "library.sqlite3")
    window = MainWindow(settings, data_dir, source_factory=lambda: EngineSource.open(library))
    window.dialogs = dialogs
    window.new_revision()
    return window


@pytest.fixture(scope="module")
def precedent_library(tmp_path_factory):
    from cop_drafter.precedents import PrecedentLibrary

    library = PrecedentLibrary.open(tmp_path_factory.mktemp("library") / "library.sqlite3")
    yield library
    library.close()


@pytest.fixture(scope="module")
def gui_window(qapp, tmp_path_factory):
    with pytest.MonkeyPatch.context() as patcher:
        window = make_window(tmp_path_factory.mktemp("gui") / "app data", patcher)
        yield window
        window.service.shutdown()
        window.close()


def expected(case: str, kind: str) -> str:
    if kind == "import":  # the library takes texts only; a .copdraft is refused by its name first
        return EXPECT[case]["read"] + "|only .txt, .md and .docx texts can be imported"
    return EXPECT[case][kind]


@pytest.mark.slow
@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_gets_a_clear_message_and_is_untouched(bad_files, case, entry, capsys, gui_window,
                                                         precedent_library):
    path = bad_files[case]
    kind, run = ENTRY_POINTS[entry]
    before = digest(path), listing(path.parent)
    with bounded() as stats:
        message = run(path, {"capsys": capsys, "window": gui_window, "library": precedent_library})
    assert re.search(expected(case, kind), message), f"{entry} on {case!r} said: {message}"
    assert stats["seconds"] < SECONDS, f"{case} took {stats['seconds']:.1f} s"
    assert stats["peak"] < PEAK_BYTES, f"{case} peaked at {stats['peak'] / 1e6:.0f} MB"
    assert (digest(path), listing(path.parent)) == before, "the user's file was modified or something written beside it"


@pytest.mark.parametrize("damage", ["not sqlite", "torn page"])
def test_damaged_precedent_library_file_is_refused_and_kept(tmp_path, damage):
    """The user's library file damaged (copied half, disk error): one clear line, the file kept as it was."""
    import sqlite3

    from cop_drafter.precedents import LibraryError, PrecedentLibrary

    path = tmp_path / "bibliothèque des précédents.sqlite3"
    if damage == "not sqlite":
        path.write_bytes(random.Random(3).randbytes(8192))
    else:
        with contextlib.closing(sqlite3.connect(path)) as db:
            db.execute("create table t(x)")
            db.commit()
        raw = bytearray(path.read_bytes())
        raw[100:300] = random.Random(4).randbytes(200)
        path.write_bytes(bytes(raw))
    before = digest(path)
    with pytest.raises(LibraryError) as info:
        library = PrecedentLibrary.open(path)
        library.suggest("child online protection")
    assert "\n" not in str(info.value) and path.name in str(info.value)
    assert digest(path) == before


# -- odd but valid inputs read the same whatever their name or encoding --------------------------------------
@pytest.mark.parametrize("stray", [b"\x00", b"\x1b", b"\x07\x00"])
def test_a_stray_control_byte_is_a_warning_not_a_refusal(tmp_path, capsys, stray):
    """Issue 10 repro 4: one NUL in a 9 KB text made the whole file 'a binary file'."""
    raw = SEED.read_bytes()
    cut = raw.index(b"recognizing")
    path = tmp_path / "résolution avec NUL.txt"
    path.write_bytes(raw[:cut] + stray + raw[cut:])
    before = digest(path)
    clean = resolution_to_dict(parse_text(seed_text(), SEED.name))
    resolution = read_resolution(path)
    assert resolution_to_dict(resolution)["sections"] == clean["sections"]
    line = raw[:cut].count(b"\n") + 1
    assert [(w.code, w.line) for w in resolution.warnings if w.code == "control-character"] == [("control-character", line)]
    assert cli_main(["parse", "--json", str(path)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert any(w["code"] == "control-character" for w in shown["warnings"])
    assert digest(path) == before


def test_utf16_without_bom_reads_like_utf8(tmp_path):
    utf8 = tmp_path / "résolution utf8.txt"
    utf8.write_text(seed_text(), encoding="utf-8")
    for codec in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"résolution {codec}.txt"
        path.write_bytes(seed_text().encode(codec))
        before = digest(path)
        assert resolution_to_dict(read_resolution(path))["sections"] == resolution_to_dict(read_resolution(utf8))["sections"]
        assert digest(path) == before


def test_docx_renamed_txt_and_text_renamed_docx_read_by_content(tmp_path, capsys):
    docx, text = tmp_path / "Résolution 67.docx", tmp_path / "Résolution 67.txt"
    docx.write_bytes(seed_docx())
    text.write_text(seed_text(), encoding="utf-8")
    renamed_docx, renamed_text = tmp_path / "attachment (1).txt", tmp_path / "attachment (2).docx"
    renamed_docx.write_bytes(docx.read_bytes())
    renamed_text.write_bytes(text.read_bytes())
    before = folder_state(tmp_path)
    via_docx = resolution_to_dict(read_resolution(docx))
    assert resolution_to_dict(read_resolution(renamed_docx))["sections"] == via_docx["sections"]
    assert resolution_to_dict(read_resolution(renamed_text))["sections"] == resolution_to_dict(read_resolution(text))["sections"]
    assert [s["call"] for s in via_docx["sections"]] == [s["call"] for s in resolution_to_dict(read_resolution(text))["sections"]]
    assert cli_main(["parse", "--json", str(renamed_docx)]) == 0
    assert json.loads(capsys.readouterr().out)["sections"] == via_docx["sections"]
    assert folder_state(tmp_path) == before


def test_non_latin_paths_with_spaces_work_end_to_end(tmp_path, capsys):
    folder = tmp_path / "Délégation du Sénégal" / "проект 草案 مسودة"
    folder.mkdir(parents=True)
    source = folder / "Résolution 67 — révision.txt"
    source.write_text(seed_text(), encoding="utf-8")
    plain = tmp_path / "seed.txt"
    plain.write_text(seed_text(), encoding="utf-8")
    assert cli_main(["parse", "--json", str(plain)]) == 0
    expected = json.loads(capsys.readouterr().out)["sections"]
    assert cli_main(["parse", "--json", str(source)]) == 0
    assert json.loads(capsys.readouterr().out)["sections"] == expected
    draft = Draft.revision_of(read_resolution(source), str(source))
    project = save_project(draft, folder / "Projet de révision 2025 ✓.copdraft")
    reopened = load_project(project)
    assert reopened.base_source == str(source)
    assert resolution_to_dict(reopened.current) == resolution_to_dict(draft.current)
    exported = ProposalExporter(reopened).export(folder / "Proposition — 提案.docx")
    assert zipfile.is_zipfile(exported)
    assert resolution_to_dict(read_resolution(project))["sections"]  # a project opens through the import path too


# -- writing: read-only folder and full disk -------------------------------------------------------------------
def _mount(*args: str) -> bool:
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@contextlib.contextmanager
def tiny_disk(folder: Path, size: str) -> Iterator[bool]:
    """A real tmpfs of `size` at folder when we may mount (root in CI); yields whether it is real."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = _mount("-t", "tmpfs", "-o", f"size={size},mode=0777", "tmpfs", str(folder))
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _fill(folder: Path, leave: int) -> None:
    """Fill the disk until fewer than `leave` bytes are free."""
    stat = os.statvfs(folder)
    free = stat.f_bavail * stat.f_frsize
    with (folder / "filler.bin").open("wb") as handle:
        try:
            handle.write(b"\0" * max(0, free - leave))
            handle.flush()
        except OSError:
            pass


class _FillingFile(io.RawIOBase):
    """A file object that accepts `room` bytes, then fails like a full disk."""

    def __init__(self, real: io.BufferedWriter, room: int) -> None:
        self.real, self.room = real, room

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return self.real.write(data)

    def flush(self) -> None:
        self.real.flush()

    def fileno(self) -> int:
        return self.real.fileno()

    def close(self) -> None:
        if not self.closed:
            super().close()  # flushes through us first
            self.real.close()


def simulate_full_disk(monkeypatch: pytest.MonkeyPatch, room: int = 512) -> None:
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FillingFile(real_fdopen(fd, *a, **k), room))


def simulate_read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    import tempfile

    real = tempfile.mkstemp

    def mkstemp(*args, **kwargs):
        if Path(kwargs.get("dir", "")) == folder:
            raise OSError(errno.EROFS, "Read-only file system")
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def big_draft() -> Draft:
    draft = Draft.revision_of(parse_text(seed_text(), SEED.name))
    draft.reasons = {c.uid: "reason " * 200 for _s, c in draft.current.clauses()}
    return draft


WRITERS: dict[str, Callable[[Draft, Path], object]] = {
    "save draft (save_project)": save_project,
    "export proposal .docx": lambda draft, path: ProposalExporter(draft).export(path.with_suffix(".docx")),
}


@pytest.mark.parametrize("writer", list(WRITERS))
def test_full_disk_keeps_the_old_file(tmp_path, monkeypatch, writer):
    disk = tmp_path / "clé USB pleine"
    with tiny_disk(disk, "256k") as real:
        target = disk / "Mon projet 67.copdraft"
        old = Draft.revision_of(parse_text(seed_text(), SEED.name))
        save_project(old, target)
        if writer.startswith("export"):
            target.with_suffix(".docx").write_bytes(b"the delegate's earlier export")
        if real:
            _fill(disk, leave=4096)
        else:
            simulate_full_disk(monkeypatch)
        before = folder_state(disk)
        with pytest.raises(SaveError, match="the disk is full") as info:
            WRITERS[writer](big_draft(), target)
        assert "\n" not in str(info.value)
        assert folder_state(disk) == before, "old file changed or a temporary file was left on the full disk"
        assert resolution_to_dict(load_project(target).current) == resolution_to_dict(old.current)


@pytest.mark.parametrize("writer", list(WRITERS))
def test_read_only_folder_keeps_the_old_file(tmp_path, monkeypatch, writer):
    folder = tmp_path / "dossier en lecture seule"
    with tiny_disk(folder, "1m") as real:
        target = folder / "Projet 67.copdraft"
        save_project(Draft.revision_of(parse_text(seed_text(), SEED.name)), target)
        if real:
            assert _mount("-o", "remount,ro", str(folder))
        else:
            simulate_read_only(monkeypatch, folder)
        before = folder_state(folder)
        with pytest.raises(SaveError, match="no permission|read-only") as info:
            WRITERS[writer](big_draft(), target)
        assert "\n" not in str(info.value)
        assert folder_state(folder) == before


# -- fuzzing: only ParseError, ever ----------------------------------------------------------------------------
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
JSON_LEAF = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
JSON = st.recursive(JSON_LEAF, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=10), kids, max_size=4), max_leaves=20)


def _paths(node: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, prefix + (index,))
    return found


def _mutate(payload: object, path: tuple, data: st.DataObject) -> None:
    """Delete the node at `path` (when its parent is an object, half the time) or replace it with any JSON."""
    node = payload
    for key in path[:-1]:
        node = node[key]  # type: ignore[index]
    if data.draw(st.booleans()) and isinstance(node, dict):
        del node[path[-1]]
    else:
        node[path[-1]] = data.draw(JSON)  # type: ignore[index]


@pytest.fixture(scope="module")
def valid_project() -> dict:
    return json.loads(project_json())


@FUZZ
@given(data=st.data())
def test_fuzz_project_loader_mutations(valid_project, data):
    """Replace any node of a real project file with arbitrary JSON: a Draft or a ParseError, nothing else."""
    payload = json.loads(json.dumps(valid_project))
    paths = _paths(payload)
    _mutate(payload, data.draw(st.sampled_from(paths[1:])), data)
    try:
        draft_from_json(json.dumps(payload))
    except ParseError as exc:
        assert "\n" not in str(exc)


@pytest.fixture(scope="module")
def negotiation_project() -> dict:
    return json.loads(negotiation_json())


@FUZZ
@given(data=st.data())
def test_fuzz_negotiation_compilation_mutations(negotiation_project, data):
    """Replace or delete any node of a saved compilation: a Draft whose every row the Proposals pane can show
    (its wordings, alternatives, category), or a one-line ParseError; nothing else."""
    from cop_drafter.core.negotiation import alternatives_text, merge_proposers, row_for, wordings

    payload = json.loads(json.dumps(negotiation_project))
    paths = [p for p in _paths(payload) if p[:2] == ("draft", "compilation") and len(p) > 2]
    _mutate(payload, data.draw(st.sampled_from(paths)), data)
    try:
        draft = draft_from_json(json.dumps(payload))
    except ParseError as exc:
        assert "\n" not in str(exc) and "compilation" in str(exc)
        return
    compilation = draft.compilation
    if compilation is None:
        return
    compilation.counts()
    for _section, clause in draft.current.clauses():
        row = row_for(compilation, clause.uid)
        if row is not None:
            wordings(row), alternatives_text(row), [row.version(name) for name in compilation.proposers]
            merge_proposers(row, compilation.proposers)


@FUZZ
@given(st.text(max_size=3000) | st.binary(max_size=3000).map(lambda b: b.decode("latin-1")))
def test_fuzz_project_loader_arbitrary_text(text):
    with contextlib.suppress(ParseError):
        draft_from_json(text)


@FUZZ
@given(st.data())
def test_fuzz_text_parser_seed_mutations(data):
    """Delete, duplicate, swap and garble lines of a real seed: a Resolution or a ParseError, nothing else."""
    lines = seed_text().splitlines()
    for _ in range(data.draw(st.integers(1, 12))):
        if not lines:
            break
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["delete", "duplicate", "swap", "garble", "join"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "garble":
            lines[i] = data.draw(st.text(max_size=80))
        elif i + 1 < len(lines):
            lines[i : i + 2] = [lines[i] + " " + lines[i + 1]]
    try:
        parse_text("\n".join(lines), "mutated.txt")
    except ParseError as exc:
        assert "\n" not in str(exc)


# Valid-shaped projects: any text the schema accepts (odd Unicode, deep but allowed nesting, footnote offsets past
# the end of a clause, empty everything) must open in the real window, and every clause must show.
UNICODE = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
LABEL = st.sampled_from(["", "a)", "b)", "1", "2", "i)", "1000", "a.", "(a)"]) | UNICODE


def clause_dicts(depth: int = 3) -> st.SearchStrategy[dict]:
    children = st.lists(st.deferred(lambda: clause_dicts(depth - 1)), max_size=3) if depth > 0 else st.just([])
    return st.fixed_dictionaries(
        {"label": LABEL, "text": UNICODE, "children": children},
        optional={"footnotes": st.lists(st.sampled_from(["1", "2", "x"]), max_size=2, unique=True),
                  "footnote_offsets": st.dictionaries(st.sampled_from(["1", "2", "x"]), st.integers(0, 1000), max_size=2)},
    )


RESOLUTION_DICTS = st.fixed_dictionaries({
    "header": st.fixed_dictionaries({}, optional={
        "number": st.sampled_from(["", "67", "1000"]) | UNICODE, "revision": st.booleans(), "place": UNICODE,
        "year": st.none() | st.integers(1000, 9999), "title": UNICODE, "body": UNICODE, "conference_line": UNICODE}),
    "sections": st.lists(st.fixed_dictionaries({
        "call": st.sampled_from(["considering", "resolves", "instructs the Director", ""]) | UNICODE,
        "kind": st.sampled_from(["preamble", "operative"]),
        "clauses": st.lists(clause_dicts(), max_size=4)}), max_size=4),
    "footnotes": st.lists(st.fixed_dictionaries({"id": st.sampled_from(["1", "2", "x"]), "text": UNICODE}), max_size=3),
})


@pytest.fixture(scope="module")
def fuzz_folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzzed projects")


@FUZZ
@given(current=RESOLUTION_DICTS, with_base=st.booleans(), reasons=st.dictionaries(UNICODE, UNICODE, max_size=2))
def test_fuzz_valid_shaped_projects_open_in_the_real_window(gui_window, fuzz_folder, qapp, current, with_base, reasons):
    """Issue 10 deliver 3: the loader's output, opened in the MainWindow: it shows or is refused in one line."""
    payload = json.loads(project_json())
    payload["draft"] = {"current": current, "base": current if with_base else None, "reasons": reasons}
    path = fuzz_folder / "fuzzed.copdraft"
    path.write_text(json.dumps(payload), encoding="utf-8")
    window, errors = gui_window, len(gui_window.dialogs.errors)
    opened = window.open_path(path)
    qapp.processEvents()
    if not opened:
        told = window.dialogs.errors
        assert len(told) == errors + 1 and "\n" not in told[-1][1].split("\n\n")[0]
        return
    model = window.outline_model
    shown = 0
    pending = [model.index(r, 0) for r in range(model.rowCount())]
    while pending:
        index = pending.pop()
        assert isinstance(index.data(), str)
        window.outline.setCurrentIndex(index)
        qapp.processEvents()
        shown += 1
        pending += [model.index(r, 0, index) for r in range(model.rowCount(index))]
    clauses = sum(1 for _ in load_project(path).current.clauses())
    sections = len(current["sections"])
    assert shown >= clauses + sections, (shown, clauses, sections)


def _table() -> None:
    """Print what a delegate sees for each bad file at each entry point (for the issue's note)."""
    import tempfile

    from PySide6.QtWidgets import QApplication

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as patcher:
        folder = Path(tmp) / "Délégation — USB stick"
        folder.mkdir()
        from cop_drafter.precedents import PrecedentLibrary

        ctx = {"window": make_window(Path(tmp) / "app data", patcher),
               "library": PrecedentLibrary.open(Path(tmp) / "library.sqlite3")}
        print("| bad input | entry point | what the user sees | file untouched |\n|---|---|---|---|")
        for case, (name, build) in BAD_FILES.items():
            path = folder / name
            build(path)
            for entry, (_kind, run) in ENTRY_POINTS.items():
                before = digest(path)
                if entry == "CLI parse":
                    err = io.StringIO()
                    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                        code = cli_main(["parse", str(path)])
                    message = f"exit {code}: {err.getvalue().strip()}"
                else:
                    message = run(path, ctx)
                print(f"| {case} | {entry} | {message} | {'yes' if digest(path) == before else 'NO'} |")
        ctx["window"].service.shutdown()


if __name__ == "__main__":
    sys.exit(_table())
