"""A saved ITU web page of each seed (navigation, scripts, footer, call words in <em>, clauses in <p>/<li>,
footnotes as <sup> links) reads to exactly the seed's structure and wording."""

from __future__ import annotations

import pytest

from cop_drafter.formats.html_reader import html_lines
from cop_drafter.formats.reader import read_resolution
from tests.test_shapes_common import SEED_KEYS, SHAPES, first_difference, seed_structure, structure


@pytest.mark.parametrize("key", SEED_KEYS)
def test_saved_page_reads_to_the_seed(seed_path, key):
    got = structure(read_resolution(SHAPES / f"{key}.html"))
    want = seed_structure(seed_path(key))
    assert first_difference(got, want) == ""
    assert got == want


def test_navigation_scripts_and_footer_are_dropped():
    lines, _dropped = html_lines((SHAPES / "002.html").read_text(encoding="utf-8"))
    text = "\n".join(lines)
    for furniture in ("About ITU", "dataLayer", "font-family", "All Rights Reserved", "Privacy notice", "Home"):
        assert furniture not in text


def test_a_copy_of_a_page_without_a_heading_is_read_from_its_paragraphs():
    page = ("<html><body><p>The Council,</p><p><i>considering</i></p><ul><li>a) that children are online;</li>"
            "<li>b) that parents are not always aware,</li></ul><p><i>resolves</i></p>"
            "<p>1 to maintain the group.</p></body></html>")
    lines, _dropped = html_lines(page)
    assert lines == ["The Council,", "considering", "a) that children are online;",
                     "b) that parents are not always aware,", "resolves", "1 to maintain the group."]


def test_a_page_renamed_txt_is_still_a_web_page(tmp_path):
    renamed = tmp_path / "copy.txt"
    renamed.write_bytes((SHAPES / "004.html").read_bytes())
    assert read_resolution(renamed).sections[0].call == "considering"
