"""`cop-drafter compile --base TEXT PROPOSAL.docx... -o COMPILATION.docx [--json]` (issue 14, deliver 2)."""

from __future__ import annotations

import json

import pytest
from compile_fixtures import BASE_ID, write_proposals
from docx_xml_helpers import W, xml

from cop_drafter.cli.main import main


@pytest.fixture(scope="module")
def proposals(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-compile")
    _base, paths = write_proposals(folder)
    return folder, paths


def test_json_shape_with_a_corpus_id_as_base(proposals, tmp_path, capsys):
    _folder, paths = proposals
    out = tmp_path / "compilation.docx"
    code = main(["compile", "--base", BASE_ID, *map(str, paths.values()), "-o", str(out), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    data = json.loads(captured.out)
    assert data["output"] == str(out) and out.exists()
    assert data["proposers"] == ["APT", "CEPT", "CITEL"]
    assert set(data["counts"]) == {"unchanged", "agreed", "one", "conflict"} and data["counts"]["conflict"] >= 2
    assert sum(data["counts"].values()) == len([r for r in data["rows"] if r["kind"] == "clause"])
    row = next(r for r in data["rows"] if r["base"] and r["base"].startswith("Resolution 1306 adopted"))
    assert row["category"] == "conflict"
    assert [v["proposer"] for v in row["versions"]] == ["APT", "CEPT", "CITEL"]
    assert [v["status"] for v in row["versions"]] == ["MOD", "MOD", "NOC"]
    cept = row["versions"][1]
    assert {"op": "insert", "text": "(Rev. 2023) of"} in cept["diff"] or any(
        p["op"] == "insert" and "(Rev. 2023)" in p["text"] for p in cept["diff"])
    authors = {n.get(f"{W}author") for n in xml(out).iter(f"{W}ins", f"{W}del")}
    assert authors == {"APT", "CEPT", "CITEL"}
    assert captured.err == ""  # every proposal modifies this very base


def test_base_as_a_file_and_a_readable_summary(proposals, tmp_path, capsys, seed_path):
    _folder, paths = proposals
    out = tmp_path / "c.docx"
    assert main(["compile", "--base", str(seed_path("001")), str(paths["CEPT"]), str(paths["CITEL"]),
                 "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "CEPT, CITEL" in printed and "in conflict" in printed and out.exists()


def test_a_proposal_on_another_base_is_named(proposals, tmp_path, capsys):
    _folder, paths = proposals
    out = tmp_path / "c.docx"
    assert main(["compile", "--base", "wtdc-res67-rev-kigali-2022", str(paths["CEPT"]), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "cept.docx" in err and "another text" in err


def _refused(capsys, argv: list[str], out, words: str) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("cop-drafter: ") and words in err and len(err.strip().splitlines()) == 1, err
    assert not out.exists()


def test_hostile_input_is_refused_with_one_line_and_nothing_written(proposals, tmp_path, capsys):
    _folder, paths = proposals
    out = tmp_path / "never.docx"
    cept = str(paths["CEPT"])
    _refused(capsys, ["compile", "--base", BASE_ID, str(tmp_path / "missing.docx"), "-o", str(out)], out,
             "does not exist")
    _refused(capsys, ["compile", "--base", str(tmp_path / "nothing.txt"), cept, "-o", str(out)], out,
             "nothing.txt")
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(b"\x00\x01\x02 not a resolution at all")
    _refused(capsys, ["compile", "--base", str(garbage), cept, "-o", str(out)], out, "garbage.txt")
    text = tmp_path / "notes.docx"
    text.write_text("RESOLUTION 67\nthis is not a Word file\n")
    _refused(capsys, ["compile", "--base", BASE_ID, str(text), "-o", str(out)], out, "not a Word document")
    before = paths["CEPT"].read_bytes()
    assert main(["compile", "--base", BASE_ID, cept, "-o", cept]) == 2
    assert "input" in capsys.readouterr().err and paths["CEPT"].read_bytes() == before
    _refused(capsys, ["compile", "--base", BASE_ID, cept, cept, "-o", str(out)], out, "twice")
    _refused(capsys, ["compile", "--base", BASE_ID, "-o", str(out)], out, "PROPOSAL")
