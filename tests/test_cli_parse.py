"""`cop-drafter parse` and `cop-drafter corpus`, as a delegate or a script calls them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cop_drafter.cli.main import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_json_shape(capsys, seed_path):
    code, out, err = run(capsys, "parse", str(seed_path("004")), "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) >= {"header", "sections", "footnotes", "warnings"}
    assert set(data["header"]) >= {"number", "revision", "place", "year", "title", "body", "conference_line"}
    resolves = data["sections"][-1]
    assert resolves["call"] == "resolves" and resolves["kind"] == "operative"
    first = resolves["clauses"][0]
    assert set(first) >= {"label", "text", "children", "footnotes"}
    assert [c["label"] for c in first["children"]] == ["1.1", "1.2"]
    assert any(w["code"] == "page-footer" for w in data["warnings"])


def test_parse_json_footnotes(capsys, seed_path):
    code, out, _ = run(capsys, "parse", str(seed_path("001")), "--json")
    data = json.loads(out)
    tdb = data["sections"][3]
    assert tdb["clauses"][7]["footnotes"] == ["1"]
    assert data["footnotes"][0]["id"] == "1"


def test_parse_readable_table(capsys, seed_path):
    code, out, _ = run(capsys, "parse", str(seed_path("002")))
    assert code == 0
    assert "RESOLUTION 67 (Rev. Dubai, 2014)" in out
    assert "instructs the Director of the Telecommunication Development Bureau  (operative, 9 clauses)" in out
    assert "warning: duplicate-label" in out


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary\x00" * 50, b"just some notes\nnothing else\n"])
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, content):
    path = tmp_path / "input file.txt"
    path.write_bytes(content)
    code, out, err = run(capsys, "parse", str(path))
    assert code == 2 and out == ""
    assert err.startswith("cop-drafter: ") and err.count("\n") == 1


def test_missing_file(capsys, tmp_path):
    code, _out, err = run(capsys, "parse", str(tmp_path / "nope.txt"))
    assert code == 2 and "does not exist" in err


def test_corpus_lists_bundled_texts(capsys):
    code, out, _ = run(capsys, "corpus", "--json")
    rows = json.loads(out)
    by_id = {r["id"]: r for r in rows}
    assert by_id["wtdc-res67-rev-kigali-2022"]["document"] == "WTDC Resolution 67 (Rev. Kigali, 2022)"
    assert by_id["wtdc-res67-rev-kigali-2022"]["clauses"] == 54
    assert by_id["pp10-wgpl7-guadalajara-2010"]["number"] == "179"
    code, out, _ = run(capsys, "corpus")
    assert "council-res1306-draft" in out


def test_console_script_runs_outside_the_repo(tmp_path, seed_path):
    """The installed entry point works from any folder (resources come from the package, not the cwd)."""
    proc = subprocess.run(
        [sys.executable, "-m", "cop_drafter.cli.main", "parse", str(seed_path("003")), "--json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["header"]["place"] == "Kigali"
