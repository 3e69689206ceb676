"""`cop-drafter suggest|align|lineage|search|library`: JSON shapes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cop_drafter.cli.main import main

CORPUS = Path(__file__).resolve().parent.parent / "resources" / "corpus"
DUBAI = str(CORPUS / "002_d6b7cb07bf6de23e.txt")
BUENOS_AIRES = str(CORPUS / "001_f9246027c9c2962f.txt")
KIGALI = str(CORPUS / "003_17374c786128507d.txt")
SOURCE_KEYS = {"document", "number", "place", "year", "call", "label", "kind"}


@pytest.fixture(autouse=True)
def private_library(monkeypatch, tmp_path):
    monkeypatch.setenv("COP_DRAFTER_LIBRARY", str(tmp_path / "library.sqlite3"))
    return tmp_path / "library.sqlite3"


def run_json(capsys, *argv):
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_suggest_json_shape(capsys):
    results = run_json(capsys, "suggest", "that there is an urgent need and global demand for the protection", "--limit", "3")
    assert 1 <= len(results) <= 3
    for item in results:
        assert {"score", "text", "source", "spans"} <= set(item)
        assert set(item["source"]) == SOURCE_KEYS
        assert 0 <= item["score"] <= 100
        assert "".join(p["text"] for p in item["spans"] if p["op"] != "delete") == item["text"]
    assert results[0]["source"]["call"] == "recognizing"


def test_suggest_with_corpus_uses_only_those_files(capsys):
    results = run_json(capsys, "suggest", "the memorandum of understanding between", "--corpus", DUBAI)
    assert {r["source"]["place"] for r in results} == {"Dubai"}


def test_suggest_queries_file_reports_time_per_query(capsys, tmp_path):
    queries = tmp_path / "queries.txt"
    queries.write_text("to develop information, to educate\n\nthe memorandum of underst\n", encoding="utf-8")
    answers = run_json(capsys, "suggest", "--queries", str(queries), "--limit", "2")
    assert [a["query"] for a in answers] == ["to develop information, to educate", "the memorandum of underst"]
    for answer in answers:
        assert answer["ms"] >= 0 and 1 <= len(answer["results"]) <= 2
        assert all(r["ms"] == answer["ms"] and set(r["source"]) == SOURCE_KEYS for r in answer["results"])


def test_align_json_covers_every_clause_of_both_texts(capsys):
    rows = run_json(capsys, "align", DUBAI, BUENOS_AIRES)
    assert all(set(r) == {"new", "old", "score"} for r in rows)
    assert sum(1 for r in rows if r["old"]) == 31 and sum(1 for r in rows if r["new"]) == 54
    pair = next(r for r in rows if r["old"] == {"call": "recalling", "label": "d)"})
    assert pair["new"] == {"call": "recalling", "label": "e)"} and pair["score"] > 90
    assert {"new": None, "old": {"call": "invites Sector Members", "label": "2"}, "score": 0.0} in rows


def test_lineage_and_search_json(capsys):
    steps = run_json(capsys, "lineage", KIGALI, "recalling", "a)")
    assert [s["source"]["year"] for s in steps] == [2010, 2014, 2017, 2022]
    assert all(set(s["source"]) == SOURCE_KEYS for s in steps)
    hits = run_json(capsys, "search", '"child helpline"')
    assert hits and all("[[" in h["highlighted"] and set(h["source"]) == SOURCE_KEYS for h in hits)


def test_library_add_list_remove(capsys, private_library, tmp_path):
    text = tmp_path / "mine.txt"
    text.write_text("RESOLUTION 998 (Somewhere, 2031)\nTitle\nThe Conference,\nconsidering\n"
                    "a) that a delegate wrote this clause about zebras and precedents;\n"
                    "b) that another clause follows,\nresolves\n1 to do it.\n", encoding="utf-8")
    report = run_json(capsys, "library", "add", str(text), str(text))
    added = report["added"]
    assert len(added) == 1 and "already in the library" in report["skipped"][0]["reason"]
    listed = run_json(capsys, "library", "list")
    mine = [d for d in listed if not d["bundled"]]
    assert [d["id"] for d in mine] == [added[0]["id"]] and len(listed) == 6
    assert run_json(capsys, "search", "zebras")[0]["source"]["number"] == "998"
    removed = run_json(capsys, "library", "remove", added[0]["id"])
    assert removed["id"] == added[0]["id"]
    assert run_json(capsys, "search", "zebras") == []
    assert private_library.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["search", "!!!"], "type a word"),  # "CWG-COP" now searches (issue 13); nothing to search for is an error
        (["search", "   "], "type a word"),
        (["suggest"], "nothing to suggest"),
        (["suggest", "x", "--limit", "0"], "--limit"),
        (["library", "remove", "wtdc-res67-rev-dubai-2014"], "bundled"),
        (["library", "remove", "nope"], "no text"),
        (["lineage", KIGALI, "recalling", "zz)"], "no clause"),
        (["align", "/nonexistent/old.txt", KIGALI], "does not exist"),
        (["suggest", "x", "--corpus", "/nonexistent.txt"], "does not exist"),
    ],
)
def test_errors_are_one_line_without_traceback(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_damaged_library_file_is_a_clear_error(capsys, private_library):
    private_library.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    assert main(["library", "list"]) == 2
    err = capsys.readouterr().err
    assert "library" in err and "Traceback" not in err


def test_library_option_before_or_after_the_action(capsys, tmp_path):
    for argv in (["library", "--library", str(tmp_path / "a.sqlite3"), "list"],
                 ["library", "list", "--library", str(tmp_path / "b.sqlite3")]):
        assert main(argv) == 0
        assert capsys.readouterr().out.strip().endswith(argv[2] if argv[1] == "--library" else argv[3])
