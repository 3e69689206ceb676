"""Compilations: a file holding several resolutions reads as one resolution per resolution, each with its own
header, footnotes and provenance; `parse` refuses it in one line naming the count and `split`; `split` lists
them; `library add` adds one library text per resolution."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cop_drafter.formats.compilation import CompilationError
from cop_drafter.formats.reader import read_resolution, read_resolutions
from tests.test_shapes_common import SHAPES, first_difference, seed_structure, structure

COMPILED = ("000", "001", "002")  # tools/make_shape_fixtures.py: three seeds, one LibreOffice PDF


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cop_drafter.cli.main", *args], capture_output=True, text=True,
                          timeout=120)


def test_compilation_pdf_gives_each_seed_exactly(seed_path):
    results = read_resolutions(SHAPES / "compilation.pdf")
    assert [r.header.heading() for r, _w in results] == [
        "RESOLUTION WGPL/7 (Guadalajara, 2010)", "RESOLUTION 67 (Rev. Buenos Aires, 2017)",
        "RESOLUTION 67 (Rev. Dubai, 2014)"]
    for (resolution, _where), key in zip(results, COMPILED, strict=True):
        got, want = structure(resolution), seed_structure(seed_path(key))
        assert first_difference(got, want) == ""
    assert [w["pages"] for _r, w in results] == ["1-3", "4-7", "8-10"]
    assert all(w["source_file"] == "compilation.pdf" for _r, w in results)
    # the footnote of the 2017 text stays with it
    assert [len(r.footnotes) for r, _w in results] == [0, 1, 0]


def test_word_compilation_gives_each_seed_exactly(seed_path):
    results = read_resolutions(SHAPES / "compilation.docx")  # the same LibreOffice document saved as Word
    assert len(results) == 3
    for (resolution, where), key in zip(results, COMPILED, strict=True):
        assert first_difference(structure(resolution), seed_structure(seed_path(key))) == ""
        assert where["source_file"] == "compilation.docx" and "paragraphs" in where
    assert [len(r.footnotes) for r, _w in results] == [0, 1, 0]


def test_split_json_is_the_parse_shape_with_provenance():
    done = cli("split", "--json", str(SHAPES / "compilation.pdf"))
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [(r["header"]["number"], r["header"]["place"], r["provenance"]["pages"]) for r in rows] == [
        ("WGPL/7", "Guadalajara", "1-3"), ("67", "Buenos Aires", "4-7"), ("67", "Dubai", "8-10")]
    assert set(rows[0]) >= {"header", "sections", "footnotes", "warnings", "source", "provenance"}


def test_split_table_names_each_resolution_and_its_pages():
    done = cli("split", str(SHAPES / "compilation.pdf"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "compilation.pdf: 3 resolutions"
    assert "RESOLUTION 67 (Rev. Dubai, 2014)" in done.stdout and "pages 8-10" in done.stdout


def test_parse_refuses_a_compilation_in_one_line_naming_the_count_and_split():
    done = cli("parse", str(SHAPES / "compilation.pdf"))
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("cop-drafter: compilation.pdf holds 3 resolutions")
    assert "cop-drafter split" in last
    with pytest.raises(CompilationError) as caught:
        read_resolution(SHAPES / "compilation.pdf")
    assert caught.value.count == 3


def _small(number: str, place: str, clause: str) -> str:
    return (f"RESOLUTION {number} ({place}, 2030)\nTest title {number}\nThe Council ({place}, 2030),\n"
            f"considering\na) that {clause};\nresolves\n1 to keep {clause} in view.\n")


def test_text_compilation_and_library_add_gives_one_text_per_resolution(tmp_path):
    source = tmp_path / "collected.txt"
    source.write_text("Contents\n\n" + "\n".join(_small(n, p, c) for n, p, c in (
        ("901", "Alpha", "alpha clauses are read"), ("902", "Beta", "beta clauses are read"),
        ("903", "Gamma", "gamma clauses are read"))), encoding="utf-8")
    results = read_resolutions(source)
    assert [r.header.number for r, _w in results] == ["901", "902", "903"]
    assert [w["lines"] for _r, w in results] == ["3-10", "11-18", "19-26"]
    assert "skipped-front-matter" in [w.code for w in results[0][0].warnings]
    done = cli("library", "add", "--json", str(source))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert len(report["added"]) == 3 and report["failed"] == []
    assert len({a["id"] for a in report["added"]}) == 3
    again = json.loads(cli("library", "add", "--json", str(source)).stdout)
    assert again["added"] == [] and len(again["skipped"]) == 3


def test_one_heading_is_one_resolution_nothing_dropped(seed_path):
    assert len(read_resolutions(seed_path("002"))) == 1
