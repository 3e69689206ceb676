"""The precedent engine (no Qt): clause library, live suggestions, concordance search, lineage, alignment.

    from cop_drafter.precedents import PrecedentLibrary
    with PrecedentLibrary.open() as library:          # bundled corpus + the user's library file
        for s in library.suggest("that there is an urgent need and global"):
            print(s.score, s.source.describe(), s.text)
"""

from __future__ import annotations

from cop_drafter.precedents.library import PrecedentLibrary
from cop_drafter.precedents.results import (
    ImportReport,
    LibraryError,
    LineageStep,
    SearchHit,
    SearchSyntaxError,
    Source,
    Suggestion,
)

__all__ = [
    "ImportReport", "LibraryError", "LineageStep", "PrecedentLibrary", "SearchHit", "SearchSyntaxError", "Source",
    "Suggestion",
]
