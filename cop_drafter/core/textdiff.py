"""Word-level differences between two wordings: one function serves tracked changes, lineage and the editor.

Tokens are words with their following whitespace kept attached, so joining the `equal` + `insert` pieces gives
back the new text exactly and `equal` + `delete` gives back the old text exactly — which is what Word revision
marks must satisfy (accept all = new, reject all = old).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Op = Literal["equal", "insert", "delete"]

_TOKEN = re.compile(r"\s+|[\w’'\-/]+|[^\w\s]")


@dataclass(frozen=True)
class DiffPiece:
    op: Op
    text: str


def tokenize(text: str) -> list[str]:
    """Words, single punctuation marks and whitespace runs, concatenating back to `text` exactly."""
    return _TOKEN.findall(text)


def merge_pieces(pieces: list[DiffPiece]) -> list[DiffPiece]:
    """Drop empty pieces and join neighbours with the same op."""
    merged: list[DiffPiece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if merged and merged[-1].op == piece.op:
            merged[-1] = DiffPiece(piece.op, merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return merged


def word_diff(old: str, new: str) -> list[DiffPiece]:
    """The pieces that turn `old` into `new`: deletions come before insertions at each change."""
    a, b = tokenize(old), tokenize(new)
    # Compare on words with whitespace folded, so a changed space alone is not a revision.
    key_a = [" " if t.isspace() else t for t in a]
    key_b = [" " if t.isspace() else t for t in b]
    matcher = SequenceMatcher(None, key_a, key_b, autojunk=False)
    pieces: list[DiffPiece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            # Keep the new text's whitespace so that accept-all reproduces `new` exactly; where the old
            # whitespace differed, record it as a delete/insert pair of whitespace.
            for ta, tb in zip(a[i1:i2], b[j1:j2], strict=True):
                if ta == tb:
                    pieces.append(DiffPiece("equal", tb))
                else:
                    pieces.append(DiffPiece("delete", ta))
                    pieces.append(DiffPiece("insert", tb))
        else:
            pieces.append(DiffPiece("delete", "".join(a[i1:i2])))
            pieces.append(DiffPiece("insert", "".join(b[j1:j2])))
    return merge_pieces(pieces)


def old_text(pieces: list[DiffPiece]) -> str:
    return "".join(p.text for p in pieces if p.op != "insert")


def new_text(pieces: list[DiffPiece]) -> str:
    return "".join(p.text for p in pieces if p.op != "delete")


def similarity(old: str, new: str) -> float:
    """Share of words kept, 0..1 (for 'how much did this clause change')."""
    a = [t for t in tokenize(old) if not t.isspace()]
    b = [t for t in tokenize(new) if not t.isspace()]
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()
