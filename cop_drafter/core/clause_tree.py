"""Clause tree operations on a Resolution, by uid: where a clause sits, take it out, put it back, and what to
select once it is gone. Pure Python: the GUI's undo commands and any other editor of a draft share them."""

from __future__ import annotations

from dataclasses import dataclass

from cop_drafter.core.model import Clause, Resolution, Section


@dataclass(frozen=True)
class Place:
    """Where a clause sits: in a section's list, or under a parent clause, at an index."""

    section_uid: str
    parent_uid: str | None
    index: int


def section_by_uid(resolution: Resolution, uid: str) -> Section:
    section = next((s for s in resolution.sections if s.uid == uid), None)
    if section is None:
        raise KeyError(f"no section {uid}")
    return section


def container(resolution: Resolution, section_uid: str, parent_uid: str | None) -> list[Clause]:
    section = section_by_uid(resolution, section_uid)
    if parent_uid is None:
        return section.clauses
    found = resolution.find_clause(parent_uid)
    if found is None:
        raise KeyError(f"no clause {parent_uid}")
    return found[1].children


def place_of(resolution: Resolution, uid: str) -> Place:
    for section in resolution.sections:
        for i, clause in enumerate(section.clauses):
            if clause.uid == uid:
                return Place(section.uid, None, i)
        for parent in section.walk():
            for i, clause in enumerate(parent.children):
                if clause.uid == uid:
                    return Place(section.uid, parent.uid, i)
    raise KeyError(f"no clause {uid}")


def take_clause(resolution: Resolution, uid: str) -> tuple[Clause, Place]:
    place = place_of(resolution, uid)
    clause = container(resolution, place.section_uid, place.parent_uid).pop(place.index)
    return clause, place


def put_clause(resolution: Resolution, clause: Clause, place: Place) -> None:
    container(resolution, place.section_uid, place.parent_uid).insert(place.index, clause)


def neighbour(resolution: Resolution, place: Place) -> str | None:
    """What to select once the clause at `place` is gone: the clause before it, else the one now in its
    place, else its parent clause, else its section — so the editor never stays on a clause that left."""
    try:
        siblings = container(resolution, place.section_uid, place.parent_uid)
    except KeyError:
        return None
    if 0 < place.index <= len(siblings):
        return siblings[place.index - 1].uid
    if place.index < len(siblings):
        return siblings[place.index].uid
    return place.parent_uid or place.section_uid


def section_neighbour(resolution: Resolution, index: int) -> str | None:
    """The section to select once the one at `index` is gone."""
    sections = resolution.sections
    if not sections:
        return "header"
    return sections[min(max(index - 1, 0), len(sections) - 1)].uid
