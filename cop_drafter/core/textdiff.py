"""Word-level differences between two wordings: one function serves tracked changes, lineage and the editor.

Tokens are words, punctuation marks and whitespace runs, so joining the `equal` + `insert` pieces gives back the
new text exactly and `equal` + `delete` gives back the old text exactly — which is what Word revision marks must
satisfy (accept all = new, reject all = old).

`readable_diff` is what a delegate reads: the changes pane, the precedents panel and the proposal's Word revision
marks all call it, so a phrase replaced shows as one struck run and one inserted run everywhere. The longest
common subsequence comes from rapidfuzz's C Indel.opcodes (difflib took 3.7 s on a 40 KB clause; see
bench/diff_bench.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from rapidfuzz.distance import Indel

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


class _Pieces:
    """Collects (op, text) in order, joining neighbours with the same op without quadratic string building."""

    def __init__(self) -> None:
        self.ops: list[str] = []
        self.parts: list[list[str]] = []

    def add(self, op: Op, text: str) -> None:
        if not text:
            return
        if self.ops and self.ops[-1] == op:
            self.parts[-1].append(text)
        else:
            self.ops.append(op)
            self.parts.append([text])

    def space(self, old: str, new: str) -> None:
        """Whitespace standing between the same words: the new text's, recorded as a change if it differs."""
        if old == new:
            self.add("equal", new)
        else:
            self.add("delete", old)
            self.add("insert", new)

    def region(self, old: list[str], new: list[str]) -> None:
        """Tokens between two matched words: whitespace kept at both ends where both sides have some."""
        if old and new and old[0].isspace() and new[0].isspace():
            self.space(old[0], new[0])
            old, new = old[1:], new[1:]
        tail = None
        if old and new and old[-1].isspace() and new[-1].isspace():
            tail = (old[-1], new[-1])
            old, new = old[:-1], new[:-1]
        self.add("delete", "".join(old))
        self.add("insert", "".join(new))
        if tail is not None:
            self.space(*tail)

    def result(self) -> list[DiffPiece]:
        return [DiffPiece(op, "".join(parts)) for op, parts in zip(self.ops, self.parts, strict=True)]  # type: ignore[arg-type]


def word_diff(old: str, new: str) -> list[DiffPiece]:
    """The finest pieces that turn `old` into `new`: deletions come before insertions at each change.

    Words and punctuation are matched (longest common subsequence); the whitespace between them follows, so a
    changed space alone is not a revision and the comparison is half as long. Most callers want
    `readable_diff`, which groups neighbouring changes as an editor marks them.
    """
    a, b = tokenize(old), tokenize(new)
    words_a = [i for i, t in enumerate(a) if not t.isspace()]
    words_b = [j for j, t in enumerate(b) if not t.isspace()]
    # Words compared as small ints: rapidfuzz hashes those twice as fast as strings.
    ids: dict[str, int] = {}
    key_a = [ids.setdefault(a[k], len(ids)) for k in words_a]
    key_b = [ids.setdefault(b[k], len(ids)) for k in words_b]
    out = _Pieces()
    i = j = 0  # next unconsumed token of a and b

    def kept(wa: int, wb: int) -> None:
        nonlocal i, j
        if wa - i == 1 and wb - j == 1 and a[i].isspace() and b[j].isspace():
            out.space(a[i], b[j])  # the common case: one space between two kept words
        elif wa != i or wb != j:
            out.region(a[i:wa], b[j:wb])
        out.add("equal", b[wb])
        i, j = wa + 1, wb + 1

    for op in Indel.opcodes(key_a, key_b):
        if op.tag != "equal":
            continue
        kept(words_a[op.src_start], words_b[op.dest_start])
        last_a, last_b = words_a[op.src_end - 1], words_b[op.dest_end - 1]
        if last_a - i == last_b - j and a[i:last_a + 1] == b[j:last_b + 1]:
            out.add("equal", "".join(b[j:last_b + 1]))  # the whole kept stretch, spaces unchanged
            i, j = last_a + 1, last_b + 1
            continue
        for k in range(1, op.src_end - op.src_start):
            kept(words_a[op.src_start + k], words_b[op.dest_start + k])
    out.region(a[i:], b[j:])
    return out.result()


def _is_joint(text: str) -> bool:
    """A space or a comma between two changes: too small to stand alone between struck and inserted words."""
    return len(text) <= 3 and not any(ch.isalnum() for ch in text)


def _absorbed(equal: str, before: tuple[str, str], after: tuple[str, str]) -> bool:
    """Whether an unchanged stretch between two changes reads better struck and re-inserted with them: a space
    or a comma, or one or two words no longer than either change (diff-match-patch's semantic rule, limited to
    short stretches so that a kept phrase stays unmarked)."""
    if _is_joint(equal):
        return True
    return len(equal.split()) <= 2 and len(equal) <= min(max(map(len, before)), max(map(len, after)))


def readable(pieces: list[DiffPiece]) -> list[DiffPiece]:
    """Join neighbouring changes into one deletion + one insertion, as an editor marks them:
    "(~~Buenos Aires, 2017~~Kigali, 2022)" and "to ~~support the coordination of~~collaborate closely with
    studies" rather than word-by-word alternation around kept spaces, commas and short words. A kept stretch
    longer than the changes around it stays unmarked. Old and new texts are kept exactly (each absorbed
    stretch goes to both sides)."""
    # Alternating runs: str for an unchanged stretch, (deleted, inserted) for a change.
    runs: list[str | tuple[str, str]] = []
    for piece in merge_pieces(pieces):
        if piece.op == "equal":
            runs.append(piece.text)
            continue
        last = runs[-1] if runs else None
        deleted, inserted = last if isinstance(last, tuple) else ("", "")
        if isinstance(last, tuple):
            runs.pop()
        runs.append((deleted + piece.text, inserted) if piece.op == "delete" else (deleted, inserted + piece.text))
    # One pass with a stack: a change absorbs the stretch before it, then perhaps the one before that (O(n)).
    stack: list[str | tuple[str, str]] = []
    for run in runs:
        while isinstance(run, tuple) and len(stack) >= 2 and isinstance(stack[-1], str) \
                and isinstance(stack[-2], tuple) and _absorbed(stack[-1], stack[-2], run):
            equal, before = stack.pop(), stack.pop()
            assert isinstance(equal, str) and isinstance(before, tuple)
            run = (before[0] + equal + run[0], before[1] + equal + run[1])
        stack.append(run)
    runs = stack
    out: list[DiffPiece] = []
    for run in runs:
        if isinstance(run, str):
            out.append(DiffPiece("equal", run))
        else:
            if run[0]:
                out.append(DiffPiece("delete", run[0]))
            if run[1]:
                out.append(DiffPiece("insert", run[1]))
    return out


def readable_diff(old: str, new: str) -> list[DiffPiece]:
    """The changes from `old` to `new` as a delegate reads them (the in-app diff and the .docx marks alike)."""
    if old == new:
        return [DiffPiece("equal", new)] if new else []
    return readable(word_diff(old, new))


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
