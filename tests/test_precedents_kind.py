"""A proposal or a draft in the library (issue 11, Deliver 4): stored as such, shown as such, and never ranked
above the text in force at equal score: importing one's own export must not outrank the adopted text."""

from __future__ import annotations

import json

import pytest

from cop_drafter.cli.main import main
from cop_drafter.core.draft import Draft
from cop_drafter.corpus import corpus_text
from cop_drafter.docx.exporters import ProposalExporter
from cop_drafter.precedents import PrecedentLibrary

KIGALI = "wtdc-res67-rev-kigali-2022"
RESOLVES = "resolves to instruct the Director of the Telecommunication Development Bureau"


def half(text: str) -> str:
    words = text.split()
    return " ".join(words[: max(6, len(words) // 2)])


@pytest.fixture
def own_export(tmp_path):
    """A delegate's proposal for Baku 2025 made from the Kigali text, one clause modified, exported, then
    imported into the library with `cop-drafter library add` (as one would bring in a colleague's folder)."""
    kigali = corpus_text(KIGALI).resolution
    draft = Draft.revision_of(kigali, KIGALI)
    draft.current.header.place, draft.current.header.year = "Baku", 2025
    modified = draft.current.find_by_label(RESOLVES, "1")
    modified.text = modified.text.replace("to continue with", "to pursue").replace(
        "with a view to providing guidance to Member States on strategies, best practices and cooperative efforts",
        "so as to give Member States clear advice on national strategies and joint work")
    assert "to pursue" in modified.text and "clear advice" in modified.text
    path = ProposalExporter(draft).export(tmp_path / "our-proposal.docx")
    library = tmp_path / "library.sqlite3"
    assert main(["library", "add", str(path), "--library", str(library)]) == 0
    return library, kigali, modified.text


def test_own_export_is_stored_as_a_proposal(own_export, capsys):
    library, _kigali, _modified = own_export
    capsys.readouterr()
    assert main(["library", "list", "--json", "--library", str(library)]) == 0
    listed = json.loads(capsys.readouterr().out)
    docs = listed if isinstance(listed, list) else listed["documents"]
    mine = [d for d in docs if not d["bundled"]]
    assert [(d["place"], d["year"], d["kind"]) for d in mine] == [("Baku", 2025, "proposal")]


def test_the_adopted_clause_ranks_first_over_ones_own_export(own_export):
    library_path, kigali, _modified = own_export
    with PrecedentLibrary.open(library_path) as library:
        checked = 0
        for section, clause in kigali.clauses():
            if section.call == RESOLVES and clause.label == "1":
                continue
            # Typed in full: the adopted clause and the export score the same; the text in force comes first.
            top = library.suggest(clause.text, 3)[0]
            assert (top.source.place, top.source.year, top.source.kind) == ("Kigali", 2022, "adopted"), clause.text
            assert library.ranked(clause.text, 5)[0][1].place == "Kigali"
            # Half typed: whatever comes first is an adopted text, never one's own proposal.
            assert library.suggest(half(clause.text), 3)[0].source.kind == "adopted", clause.text
            checked += 1
        assert checked > 40
        # The proposal is still there, said to be one, next to the text in force.
        clause = kigali.find_by_label("recognizing", "c)")
        top = library.suggest(clause.text, 3)[0]
        assert any(g.place == "Baku" and g.kind == "proposal" for g in top.group)
        assert "[proposal]" in next(g for g in top.group if g.place == "Baku").describe()


def test_the_proposals_own_wording_is_found_and_shown_as_a_proposal(own_export):
    library_path, _kigali, modified = own_export
    with PrecedentLibrary.open(library_path) as library:
        top = library.suggest(modified, 3)[0]
        assert top.text == modified and top.source.kind == "proposal"
        assert top.source.describe().startswith("Res 67 (Rev. Baku, 2025) [proposal]")
        assert top.to_dict()["source"]["kind"] == "proposal"
