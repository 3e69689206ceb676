"""Offline guarantee: every main workflow runs with networking blocked, and nothing even tries to connect.

`socket.socket`, `socket.create_connection`, `getaddrinfo` and friends are replaced by tripwires that record the
attempt and raise, so a swallowed error cannot hide a connection attempt: the test fails on the record, not on
the exception. Also checked: no module of the app imports a networking library, and the GUI never loads QtNetwork.
"""

from __future__ import annotations

import ast
import socket
import sys
import zipfile
from pathlib import Path

import pytest

from cop_drafter.cli.main import main as cli_main
from cop_drafter.core.draft import Draft
from cop_drafter.core.serialize import resolution_to_dict
from cop_drafter.corpus import load_corpus
from cop_drafter.docx.exporters import CleanResolutionExporter, ProposalExporter
from cop_drafter.formats.project import load_project, save_project
from cop_drafter.formats.reader import read_resolution

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "resources" / "corpus").glob("*.txt"))
NETWORK_MODULES = {"socket", "ssl", "http", "urllib.request", "urllib3", "requests", "httpx", "aiohttp", "ftplib",
                   "smtplib", "xmlrpc", "asyncio", "PySide6.QtNetwork", "PySide6.QtWebEngineCore", "webbrowser"}


class NetworkAttempt(OSError):
    """Raised by the tripwires: this app must never touch the network."""


@pytest.fixture
def no_network(monkeypatch):
    """Block and record every way Python code could open a connection or resolve a name."""
    attempts: list[str] = []

    def tripwire(name):
        def refuse(*args, **kwargs):
            attempts.append(f"{name}{args[:2]!r}")
            raise NetworkAttempt(f"network access attempted: {name}")

        return refuse

    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            attempts.append(f"socket.socket{args[:2]!r}")
            raise NetworkAttempt("network access attempted: socket.socket")

    monkeypatch.setattr(socket, "socket", NoSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
                 "create_server", "socketpair", "fromfd"):
        monkeypatch.setattr(socket, name, tripwire(f"socket.{name}"))
    yield attempts
    assert attempts == [], f"the app tried to use the network: {attempts}"


def test_tripwires_catch_a_connection_attempt(no_network):
    """The guard itself works (otherwise every other test here would pass vacuously)."""
    import urllib.request

    with pytest.raises(OSError):
        urllib.request.urlopen("http://example.org", timeout=1)
    assert any("getaddrinfo" in attempt or "socket" in attempt for attempt in no_network)
    no_network.clear()


def test_parse_every_seed_and_the_corpus_offline(no_network):
    corpus = load_corpus()
    assert len(corpus) == len(SEEDS)
    for seed in SEEDS:
        resolution = read_resolution(seed)
        assert sum(1 for _ in resolution.clauses()) > 5


def test_suggest_precedents_offline(no_network, tmp_path):
    """The precedent engine (SQLite FTS5 + rapidfuzz) builds, imports, suggests and searches without any network."""
    from cop_drafter.precedents import PrecedentLibrary

    with PrecedentLibrary.open(tmp_path / "library.sqlite3") as library:
        library.add_file(SEEDS[0])
        suggestions = library.suggest("the role of the ITU Telecommunication Development Sector in child online")
        assert suggestions and all(s.text for s in suggestions)
        assert library.search("child online protection")


def test_export_save_and_load_offline(no_network, tmp_path, capsys):
    old, new = load_corpus()[1].resolution, load_corpus()[-1].resolution
    draft = Draft.revision_of(old, "wtdc-2017")
    first = next(c for _s, c in draft.current.clauses() if c.text)
    first.text += " and its partners"
    project = save_project(draft, tmp_path / "draft.copdraft")
    assert resolution_to_dict(load_project(project).current) == resolution_to_dict(draft.current)
    for path in (CleanResolutionExporter(new).export(tmp_path / "clean.docx"),
                 ProposalExporter(load_project(project)).export(tmp_path / "proposal.docx")):
        assert zipfile.is_zipfile(path)
    seed = str(SEEDS[-1])
    assert cli_main(["parse", seed]) == 0
    assert cli_main(["corpus"]) == 0
    assert cli_main(["export", seed, "-o", str(tmp_path / "cli.docx")]) == 0
    assert cli_main(["propose", "--base", str(SEEDS[1]), "--revised", str(SEEDS[3]),
                     "-o", str(tmp_path / "cli-proposal.docx"), "--draft-cover"]) == 0
    capsys.readouterr()
    assert zipfile.is_zipfile(tmp_path / "cli-proposal.docx")


def test_gui_workflow_offline(no_network, qtbot, tmp_path, monkeypatch):
    """Start the desktop app offscreen, revise, autosave, save, import, export both kinds, close: no network."""
    from dialog_script import DialogScript
    from PySide6.QtCore import QSettings, QStandardPaths

    from cop_drafter.gui.export import CLEAN, PROPOSAL
    from cop_drafter.gui.mainwindow import MainWindow
    from cop_drafter.gui.precedents import EngineSource
    QStandardPaths.setTestModeEnabled(True)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dialogs = DialogScript()  # the app's own Prompter runs; its boxes are answered at QMessageBox.exec
    dialogs.install(monkeypatch)
    window = MainWindow(settings, tmp_path / "data", autosave_ms=100,
                        source_factory=lambda: EngineSource.open(str(tmp_path / "library.sqlite3")))
    qtbot.addWidget(window)
    window.show()
    window.new_revision()
    uid = next(c.uid for _s, c in window.doc.draft.current.clauses() if c.text)
    window.doc.set_text(uid, window.doc.clause(uid).text + " including children with disabilities")
    with qtbot.waitSignal(window.service.result, timeout=20_000) as answer:
        window.service.send("suggest", ("protection of children online", 5))
    assert answer.args[0] == "suggest" and answer.args[1], "no suggestion came back"
    qtbot.waitUntil(lambda: any(window.recovery.folder.glob("*.recovery.json")), timeout=10_000)
    assert window._save_to(tmp_path / "draft.copdraft")
    seed = tmp_path / "Res 179.txt"
    seed.write_bytes(SEEDS[0].read_bytes())
    assert window.import_paths([seed])
    controller = window.import_controller
    qtbot.waitUntil(lambda: not controller.running() and controller.last_result is not None, timeout=30_000)
    assert controller.last_result.present == 1 and not controller.last_result.failed, controller.last_result  # a bundled seed
    controller.report.close()
    for kind, name in ((CLEAN, "clean.docx"), (PROPOSAL, "proposal.docx")):
        window.start_export(kind, tmp_path / name)
        qtbot.waitUntil(lambda n=name: window.last_export == str(tmp_path / n), timeout=30_000)
    assert dialogs.errors == []
    assert sorted(Path(p).name for p in dialogs.exports) == ["clean.docx", "proposal.docx"]
    window.service.shutdown()
    window.close()
    assert "PySide6.QtNetwork" not in sys.modules, "the GUI loaded Qt's networking module"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_module_of_the_app_imports_a_networking_library():
    offenders = {}
    for path in sorted((REPO / "cop_drafter").rglob("*.py")):
        bad = {name for name in _imports(path)
               if any(name == mod or name.startswith(mod + ".") for mod in NETWORK_MODULES)}
        if bad:
            offenders[str(path.relative_to(REPO))] = sorted(bad)
    assert offenders == {}
