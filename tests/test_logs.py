"""Logging (issue 10 repro 10 / deliver 8): a caught failure's traceback lands in the platform log file,
nothing reaches stdout, and the delegate still sees one line.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cop_drafter import logs
from cop_drafter.cli.main import main as cli_main

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "resources" / "corpus" / "003_17374c786128507d.txt"


def test_log_folder_per_platform(monkeypatch, tmp_path):
    monkeypatch.setattr(Path, "home", lambda: tmp_path)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    assert logs.log_folder() == tmp_path / ".local" / "state" / "cop-drafter" / "log"
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert logs.log_folder() == tmp_path / "state" / "cop-drafter" / "log"
    monkeypatch.setenv("XDG_STATE_HOME", "relative/ignored")  # the XDG spec: relative paths are invalid
    assert logs.log_folder() == tmp_path / ".local" / "state" / "cop-drafter" / "log"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert logs.log_folder() == tmp_path / "Local" / "cop-drafter" / "Logs"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert logs.log_folder() == tmp_path / "Library" / "Logs" / "cop-drafter"


def test_cli_refusal_is_one_line_and_its_traceback_is_in_the_log(tmp_path, capsys):
    fifo = tmp_path / "tube.txt"
    os.mkfifo(fifo)
    assert cli_main(["parse", str(fifo)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    text = logs.log_file().read_text(encoding="utf-8")
    assert "Traceback" in text and "ParseError" in text and "tube.txt is not a regular file" in text


def test_cli_unexpected_failure_is_one_line_naming_the_log(tmp_path, capsys, monkeypatch):
    source = tmp_path / "seed.txt"
    source.write_bytes(SEED.read_bytes())

    def broken_dump(*_args, **_kwargs):
        raise RuntimeError("simulated fault in the JSON writer")

    monkeypatch.setattr(json, "dump", broken_dump)
    assert cli_main(["parse", "--json", str(source)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err and str(logs.log_file()) in lines[0]
    text = logs.log_file().read_text(encoding="utf-8")
    assert "Traceback" in text and "simulated fault in the JSON writer" in text


def test_app_loggers_never_print(capsys):
    logs.setup_logging("test")
    logging.getLogger("cop_drafter.formats.reader").error("a problem the delegate need not see on a console")
    out, err = capsys.readouterr()
    assert out == "" and err == ""
    assert "a problem the delegate need not see" in logs.log_file().read_text(encoding="utf-8")


def test_unwritable_log_folder_does_not_stop_the_cli(tmp_path, capsys, monkeypatch):
    blocker = tmp_path / "state"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    source = tmp_path / "seed.txt"
    source.write_bytes(SEED.read_bytes())
    assert cli_main(["parse", str(source)]) == 0
    assert capsys.readouterr().out


@pytest.mark.slow
def test_gui_smoke_start_writes_the_log(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-m", "cop_drafter.gui.app", "--smoke-test"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    log_text = (tmp_path / "state" / "cop-drafter" / "log" / "cop-drafter.log").read_text(encoding="utf-8")
    assert "cop-drafter-gui started" in log_text
