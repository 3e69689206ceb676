"""Text shapes of the seed texts (bulleted web copy, PDF text with glued labels, page breaks and running
headers) read to exactly the seed's structure and wording, and say what layout they removed."""

from __future__ import annotations

import pytest

from cop_drafter.formats.reader import read_resolution
from cop_drafter.formats.shapes import normalise_shapes, parse_shaped
from tests.test_shapes_common import SEED_KEYS, SHAPES, first_difference, seed_structure, structure


@pytest.mark.parametrize("shape", ["bullets.txt", "glued.txt"])
@pytest.mark.parametrize("key", SEED_KEYS)
def test_text_shape_reads_to_the_seed(seed_path, key, shape):
    got = structure(read_resolution(SHAPES / f"{key}.{shape}"))
    want = seed_structure(seed_path(key))
    assert first_difference(got, want) == ""
    assert got == want


def test_bulleted_web_copy_is_a_resolution_and_says_bullets_were_removed():
    res = read_resolution(SHAPES / "004.bullets.txt")
    assert [s.call for s in res.sections][:2] == ["considering", "recognizing"]
    assert "layout-bullets" in [w.code for w in res.warnings]


def test_glued_labels_give_one_clause_per_label():
    text = ("The Council,\nconsidering\na)that the purposes of the Union are to promote;\n"
            "b)that the Internet is playing a role;\nresolves\n1to instruct the Secretary-General;\n"
            "2to report to the Council.\n")
    res = parse_shaped(text)
    assert [(c.label, c.text) for c in res.sections[0].clauses] == [
        ("a)", "that the purposes of the Union are to promote;"), ("b)", "that the Internet is playing a role;")]
    assert [c.label for c in res.sections[1].clauses] == ["1", "2"]
    assert "layout-glued-label" in [w.code for w in res.warnings]


def test_running_header_inside_a_clause_is_removed_and_reported_wording_kept():
    text = ("The Council,\nconsidering\na) that the purposes of the Union\n\n- 2 -\nCouncil Res. 1306\n\n"
            "are to promote;\nb) that the Internet\n\n- 3 -\nCouncil Res. 1306\n\nis playing a role,\n"
            "resolves\n1 to report.\n")
    res = parse_shaped(text)
    assert [c.text for c in res.sections[0].clauses] == ["that the purposes of the Union are to promote;",
                                                        "that the Internet is playing a role,"]
    assert any(w.code == "running-header" and "Council Res. 1306" in w.message for w in res.warnings)


def test_a_line_repeated_in_the_text_itself_is_not_a_running_header():
    text = "considering\n- 2 -\na) that;\n- 3 -\na) that;\n"
    clean, _warnings = normalise_shapes(text)
    assert clean.count("a) that;") == 2


def test_first_ordinal_is_not_a_glued_label():
    clean, warnings = normalise_shapes("1st session of the Council\n")
    assert clean == "1st session of the Council\n"
    assert warnings == []


@pytest.mark.parametrize("line", ["5bis to instruct the Director", "a)bis that the Union", "1.2ter to report"])
def test_bis_ter_labels_are_labels_not_glued_text(line):
    clean, warnings = normalise_shapes(line)
    assert clean == line
    assert warnings == []
