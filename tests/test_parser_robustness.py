"""Whatever a delegate's file is, the parser reads it or says clearly why not — never a traceback."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cop_drafter.core.model import ParseError
from cop_drafter.core.serialize import resolution_to_dict
from cop_drafter.corpus import load_corpus
from cop_drafter.formats.text_parser import parse_bytes, parse_text
from cop_drafter.formats.text_writer import to_plain_text


def structure(resolution):
    data = resolution_to_dict(resolution)
    return data["header"], data["sections"], data["footnotes"]


@pytest.fixture(scope="module")
def kigali_text():
    corpus = Path(__file__).resolve().parent.parent / "resources" / "corpus"
    return (corpus / "003_17374c786128507d.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]
)
def test_every_unicode_encoding_reads_the_same(kigali_text, encoding):
    reference = parse_text(kigali_text)
    assert structure(parse_bytes(kigali_text.encode(encoding))) == structure(reference)


def test_cp1252_file_with_curly_quotes(seed_path):
    text = seed_path("004").read_text(encoding="utf-8").replace("\u2022", "-")
    raw = text.encode("cp1252", errors="strict")
    resolution = parse_bytes(raw)
    assert "world’s inhabitants" in resolution.find_by_label("considering", "a)").text


def test_crlf_and_lf_give_the_same_model(kigali_text):
    lf = parse_text(kigali_text)
    crlf = parse_bytes(kigali_text.replace("\n", "\r\n").encode("utf-8"))
    assert structure(crlf) == structure(lf)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "is empty"),
        (b"   \r\n\t\n", "is empty"),
        (bytes(range(256)) * 20, "binary"),
        (b"\x7fELF\x02\x01\x01" + bytes(500), "binary"),
        (b"PK\x03\x04" + bytes(100), "Word or zip"),
        (b"Dear colleagues,\nplease find attached the minutes of the meeting.\nBest regards", "does not look like"),
        ("Привет мир, это просто текст.".encode(), "does not look like"),
    ],
)
def test_not_a_resolution_gets_a_clear_message(raw, message):
    with pytest.raises(ParseError, match=message):
        parse_bytes(raw, "input.txt")


def test_huge_single_line_is_refused_quickly():
    raw = b"considering " + b"word " * 400_000  # 2 MB, no line break
    start = time.monotonic()
    with pytest.raises(ParseError):
        parse_bytes(raw, "huge.txt")
    assert time.monotonic() - start < 20


def test_calls_without_clauses_is_not_a_resolution():
    with pytest.raises(ParseError, match="no clauses"):
        parse_text("considering\n\nresolves\n")


@pytest.mark.parametrize("text", [t for t in load_corpus()], ids=lambda t: t.id)
def test_round_trip_model_to_plain_text_to_model(text):
    resolution = text.resolution
    again = parse_text(to_plain_text(resolution))
    assert structure(again) == structure(resolution)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=2000))
def test_parse_text_raises_only_parse_error(text):
    with contextlib.suppress(ParseError):
        parse_text(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["considering", "resolves", "a) that x;", "b)", "1 to do;", "1.1", "____", "1 note", "[footnoteRef:1]",
             "[1: note]", "#### recalling", "*a)* text", "", "   ", "The Council,", "RESOLUTION 1 (Rev. X, 2020)",
             "2", "invites Member States", "c) d) e)", "\t", "• http://x •"]
        ),
        max_size=40,
    )
)
def test_structured_noise_raises_only_parse_error(lines):
    try:
        resolution = parse_text("\n".join(lines))
    except ParseError:
        return
    for _section, clause in resolution.clauses():
        assert "\n" not in clause.text


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4000))
def test_parse_bytes_raises_only_parse_error(raw):
    with contextlib.suppress(ParseError):
        parse_bytes(raw)


def test_numbered_preamble_and_lettered_operative_clauses():
    text = (
        "RESOLUTION 9 (Rev. Geneva, 2024)\nTitle\nThe Council (Geneva, 2024),\nconsidering\n"
        "1 that one;\n2 that two adopted on\n20 November 1959;\n3 that three,\nresolves\n"
        "a) to do one;\nb) to do two.\n"
    )
    resolution = parse_text(text)
    considering, resolves = resolution.sections
    assert [c.label for c in considering.clauses] == ["1", "2", "3"]
    assert considering.clauses[1].text == "that two adopted on 20 November 1959;"
    assert [c.label for c in resolves.clauses] == ["a)", "b)"]
