"""Identity among near-duplicates (issue 13, Deliver 2): a half-typed clause finds the very clause it was typed
from, even when the library holds it a thousand times over with a phrase moved or a word dropped."""

from __future__ import annotations

import random

from cop_drafter.precedents import PrecedentLibrary

SOURCE = ("to foster the development of tools that contribute to enhancing child online protection and to support "
          "Member States in the preparation of their national strategies")


def _near_duplicates(count: int, seed: int = 7) -> list[str]:
    """The source with a phrase of its opening moved further on, or a word of its opening dropped: the same
    words (full coverage of what is typed), another order."""
    rng = random.Random(seed)
    words = SOURCE.split()
    out = []
    while len(out) < count:
        copy = list(words)
        if rng.random() < 0.7:
            i = rng.randrange(1, 7)
            phrase = copy[i : i + 2]
            del copy[i : i + 2]
            k = rng.randrange(12, len(copy))
            copy[k:k] = phrase
        else:
            copy.insert(rng.randrange(12, len(copy)), copy.pop(rng.randrange(1, 8)))
        text = " ".join(copy)
        if text != SOURCE:
            out.append(text)
    return out


def test_half_clause_finds_the_clause_it_was_typed_from_among_1500_near_duplicates():
    library = PrecedentLibrary.in_memory(bundled=False)
    copies = _near_duplicates(1500)
    docs = [({"document": f"Resolution {n}", "number": str(n), "year": 2000 + n % 25},
             [("resolves", "operative", str(i + 1), text) for i, text in enumerate(copies[n * 50 : n * 50 + 50])])
            for n in range(30)]
    docs.append(({"document": "Resolution 67 (Rev. Kigali, 2022)", "number": "67", "year": 2022},
                 [("resolves", "operative", "1", SOURCE)]))
    library.add_documents(docs)
    typed = "to foster the development of tools that contribute to enhancing"
    with_typos = "to foster the devlopment of tools that contribte to enhancing"
    try:
        for query in (typed, with_typos):
            top = [row.text for _score, row in library.ranked(query, 5)]
            assert SOURCE in top, (query, top)
    finally:
        library.close()
