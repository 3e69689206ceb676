"""The five bundled seed texts parse into exactly the structure a delegate sees in the originals."""

from __future__ import annotations

import re

import pytest

from cop_drafter.core.model import Resolution, SectionKind
from cop_drafter.formats.reader import read_resolution
from cop_drafter.formats.text_parser import parse_bytes

TDB = "instructs the Director of the Telecommunication Development Bureau"

EXPECTED = {
    "000": [
        ("considering", 11), ("recalling", 10), ("recognizing", 5), ("taking into account", 2), ("resolves", 3),
        ("requests the Council", 1), ("instructs the Secretary-General", 4), (TDB, 2),
        ("instructs the Director of the Telecommunication Standardization Bureau", 1),
        ("invites Member States", 2), ("invites Sector Members", 1),
    ],
    "001": [
        ("recognizing", 4), ("recalling", 13), ("taking into account", 11), (TDB, 14),
        ("invites Member States", 9), ("invites Sector Members", 3),
    ],
    "002": [
        ("recognizing", 2), ("recalling", 8), ("taking into account", 7), ("invites Member States", 3),
        ("invites Sector Members", 2), (TDB, 9),
    ],
    "003": [
        ("recognizing", 4), ("recalling", 15), ("taking into account", 13),
        ("resolves to instruct the Director of the Telecommunication Development Bureau", 12),
        ("invites Member States and Sector Members", 2), ("invites Member States", 6), ("invites Sector Members", 2),
    ],
    "004": [("considering", 10), ("recognizing", 5), ("recalling", 1), ("resolves", 5)],
}

HEADERS = {
    "000": ("WGPL/7", False, "Guadalajara", 2010),
    "001": ("67", True, "Buenos Aires", 2017),
    "002": ("67", True, "Dubai", 2014),
    "003": ("67", True, "Kigali", 2022),  # heading cut off: filled from the bundled corpus manifest
    "004": ("1306", False, "", None),
}


def parse(seed_path, key: str) -> Resolution:
    return read_resolution(seed_path(key))


def codes(resolution: Resolution) -> list[str]:
    return [w.code for w in resolution.warnings]


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_sections_and_non_empty_clause_counts(seed_path, key):
    resolution = parse(seed_path, key)
    got = [(s.call, sum(1 for c in s.clauses if c.text.strip())) for s in resolution.sections]
    assert got == EXPECTED[key]


@pytest.mark.parametrize("key", sorted(HEADERS))
def test_header(seed_path, key):
    header = parse(seed_path, key).header
    assert (header.number, header.revision, header.place, header.year) == HEADERS[key]


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_clause_text_is_clean(seed_path, key):
    resolution = parse(seed_path, key)
    for section, clause in resolution.clauses():
        where = f"{key} {section.call} {clause.label}"
        assert "\n" not in clause.text and "\t" not in clause.text, where
        assert not re.search(r"\s{2,}", clause.text), where
        assert clause.text == clause.text.strip(), where
        for artefact in ("*", "#", "[bookmark", "_GoBack", "[footnoteRef", "itu.int"):
            assert artefact not in clause.text, (where, artefact)


def test_kinds_follow_call_words(seed_path):
    resolution = parse(seed_path, "003")
    kinds = [s.kind for s in resolution.sections]
    assert kinds == [SectionKind.PREAMBLE] * 3 + [SectionKind.OPERATIVE] * 4


def test_000_inline_enumeration_stays_in_recalling_b(seed_path):
    resolution = parse(seed_path, "000")
    assert resolution.header.title == "ITU's role in child online protection"
    recalling = resolution.find_section("recalling")
    b, c = recalling.clauses[1], recalling.clauses[2]
    assert b.label == "b)" and b.text.startswith("that, within the framework of the Convention")
    assert "to prevent a) the inducement" in b.text
    assert "; b) the exploitative use of children in prostitution" in b.text
    assert b.text.endswith("c) the exploitative use of children in pornographic performances and materials (Article 34);")
    assert c.label == "c)" and c.text.startswith("Article 17 of the United Nations Convention")
    # Markdown emphasis inside the wording is removed, the words kept.
    e = recalling.clauses[4]
    assert "by, inter alia, incorporating" in e.text
    assert "missing-label" in codes(resolution)  # invites Member States: the first clause has no number


def test_001_pdf_lines_joined_and_footnote_detached(seed_path):
    resolution = parse(seed_path, "001")
    assert resolution.header.title == "The role of the ITU Telecommunication Development Sector in child online protection"
    tdb = resolution.find_section(TDB)
    eight, thirteen, fourteen = tdb.clauses[7], tdb.clauses[12], tdb.clauses[13]
    assert eight.text == (
        "to investigate suitable ways of encouraging developing and least developed countries to participate in "
        "the work of CWG-COP;"
    )
    assert eight.footnote_ids == ["1"]
    assert eight.text[: eight.footnotes[0].offset].endswith("developing")
    assert resolution.footnote("1").text.startswith("These include the least developed countries")
    assert resolution.footnote("1").text.endswith("economies in transition.")
    for clause in (thirteen, fourteen):
        assert "These include" not in clause.text and "____" not in clause.text
    assert thirteen.text.endswith("within the limits of available financial resources;")
    assert fourteen.text == "to submit a report on the results of implementation of this resolution to the next WTDC,"
    recalling_e = resolution.find_by_label("recalling", "e)")
    assert "particular care to the child has been stated in the Geneva Declaration" in recalling_e.text


def test_001_damaged_clause_kept_as_written_with_warning(seed_path):
    resolution = parse(seed_path, "001")
    a = resolution.find_by_label("recognizing", "a)")
    assert a.text == "Nations 2030 Agenda for Sustainable Development;"
    damaged = [w for w in resolution.warnings if w.code == "damaged-clause"]
    assert len(damaged) == 1 and "recognizing a)" in damaged[0].message


def test_002_duplicate_number_kept_and_warned(seed_path):
    resolution = parse(seed_path, "002")
    tdb = resolution.find_section(TDB)
    assert [c.label for c in tdb.clauses] == ["1", "2", "3", "4", "5", "6", "7", "8", "8"]
    assert tdb.clauses[5].text.startswith("to investigate, with the ITU regional offices")
    dup = [w for w in resolution.warnings if w.code == "duplicate-label"]
    assert len(dup) == 1 and "8" in dup[0].message
    assert "word-artefact" in codes(resolution)


def test_003_truncated_heading_and_word_footnote(seed_path):
    resolution = parse(seed_path, "003")
    assert "truncated-heading" in codes(resolution)
    assert "metadata" in codes(resolution)  # the number and title come from the manifest, and it says so
    assert resolution.header.title == "The role of the ITU Telecommunication Development Sector in child online protection"
    # A delegate's edited copy is not the bundled text: nothing is filled in, the warning stays.
    edited = parse_bytes(seed_path("003").read_bytes() + b"\n", "copy.txt")
    assert (edited.header.number, edited.header.title) == ("", "in child online protection")
    assert "truncated-heading" in codes(edited) and "metadata" not in codes(edited)
    clause = resolution.find_by_label("resolves to instruct the Director of the Telecommunication Development Bureau", "5")
    assert clause.footnote_ids == ["1"]
    assert clause.text[: clause.footnotes[0].offset].endswith("in particular developing countries")
    assert clause.text.endswith("in collaboration with stakeholders;")
    assert resolution.footnote("1").text == (
        "These include the least developed countries, small island developing states, landlocked developing "
        "countries and countries with economies in transition."
    )
    assert [c.footnote_ids for _s, c in resolution.clauses() if c.footnotes] == [["1"]]


def test_004_quotations_subclauses_and_footer(seed_path):
    resolution = parse(seed_path, "004")
    j = resolution.find_by_label("considering", "j)")
    assert "The Tunis Commitment stating" in j.text and "and the Tunis Agenda stating" in j.text
    assert j.text.endswith("national plans of action and e-strategies (paragraph 90q.)")
    resolves = resolution.find_section("resolves")
    first = resolves.clauses[0]
    assert first.text.startswith("to maintain CWG COP") and first.text.endswith("terms of reference:")
    assert [c.label for c in first.children] == ["1.1", "1.2"]
    assert first.children[0].text == "to exchange views and promote and work on the subject matter,"
    assert [c.label for c in resolves.clauses[1:]] == ["2", "3", "4", "5"]
    assert resolves.clauses[-1].text.endswith("including proposals for further consideration as appropriate.")
    assert "page-footer" in codes(resolution)
    assert resolution.header.conference_line == "The Council,"
