"""Header consistency (issue 9 repro 9 / deliver 5): the conference line follows body, place and year; a
hand-written one is kept but checked; a heading, conference line or cover that disagree are flagged.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from cop_drafter.core.checks import (
    check_cover,
    check_header,
    conference_line_after,
    derived_conference_line,
    run_checks,
)
from cop_drafter.core.draft import ProposalMeta
from cop_drafter.formats.reader import read_resolution

CORPUS = Path(__file__).resolve().parent.parent / "resources" / "corpus"
KIGALI = CORPUS / "003_17374c786128507d.txt"  # its conference line reads "(Kigali 2022)," as published
BUENOS_AIRES = CORPUS / "001_f9246027c9c2962f.txt"
COUNCIL = CORPUS / "004_11beeb666189d4d5.txt"


def header_of(path: Path):
    return read_resolution(path).header


def codes(items) -> list[str]:
    return [i.code for i in items]


@pytest.mark.parametrize("path", [BUENOS_AIRES, COUNCIL, CORPUS / "000_ca86084b3543562a.txt",
                                  CORPUS / "002_d6b7cb07bf6de23e.txt"])
def test_published_conference_lines_are_what_the_derivation_gives(path):
    header = header_of(path)
    assert derived_conference_line(header) == header.conference_line
    assert check_header(read_resolution(path)) == []


def test_place_and_year_carry_a_derived_line_along():
    header = header_of(KIGALI)
    line = conference_line_after(header, place="Baku", year=2025)
    assert line == "The World Telecommunication Development Conference (Baku, 2025),"
    moved = dataclasses.replace(header, place="Baku", year=2025, conference_line=line)
    assert check_header_on(moved) == []


def test_a_hand_written_conference_line_is_kept_but_checked():
    header = dataclasses.replace(header_of(BUENOS_AIRES),
                                 conference_line="The World Telecommunication Development Conference, meeting in "
                                                 "Buenos Aires in 2017,")
    assert conference_line_after(header, year=2025) == header.conference_line


def check_header_on(header) -> list:
    resolution = read_resolution(KIGALI)
    resolution.header = header
    return check_header(resolution)


def test_baku_2025_with_the_kigali_line_is_flagged():
    """The reproduction: Place = Baku, Year = 2025 while the conference line stays '(Kigali 2022),'."""
    resolution = read_resolution(KIGALI)
    resolution.header.place, resolution.header.year = "Baku", 2025
    items = [i for i in run_checks(resolution) if i.code == "header-mismatch"]
    assert len(items) == 1 and items[0].uid == "header"
    assert "(Kigali 2022)" in items[0].message and "(Rev. Baku, 2025)" in items[0].message


def test_conference_line_without_its_commas_is_flagged():
    items = check_header(read_resolution(KIGALI))  # the text in force: "(Kigali 2022)," as published
    assert codes(items) == ["conference-line-comma"] and "(Kigali, 2022)" in items[0].message
    header = dataclasses.replace(header_of(BUENOS_AIRES),
                                 conference_line="The World Telecommunication Development Conference (Buenos Aires, 2017)")
    items = check_header_on(header)
    assert codes(items) == ["conference-line-comma"] and "end with ','" in items[0].message


def test_conference_line_naming_another_body_is_flagged():
    header = dataclasses.replace(header_of(BUENOS_AIRES), body="Plenipotentiary Conference")
    assert codes(check_header_on(header)) == ["header-mismatch"]


def test_cover_that_disagrees_with_the_heading_is_flagged():
    resolution = read_resolution(KIGALI)
    meta = ProposalMeta(conference="World Telecommunication Development Conference 2025 (WTDC-25)",
                        title="Proposed revision of Resolution 66 (Rev. Kigali, 2022)")
    items = check_cover(resolution, meta)
    assert codes(items) == ["cover-mismatch", "cover-mismatch"]
    assert "2025" in items[0].message and "(Rev. Kigali, 2022)" in items[0].message
    assert "Resolution 66" in items[1].message and "67" in items[1].message
    resolution.header.place, resolution.header.year = "Baku", 2025
    good = ProposalMeta(conference=meta.conference, title="Proposed revision of Resolution 67 (Rev. Kigali, 2022)")
    assert check_cover(resolution, good) == []
    assert [i.code for i in run_checks(resolution, meta=meta) if i.code == "cover-mismatch"] == ["cover-mismatch"]
