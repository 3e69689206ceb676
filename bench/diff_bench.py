"""How long the one word diff takes on long modified clauses (issue 9: a 40 KB clause froze the window).

    .venv/bin/python bench/diff_bench.py

The changes pane and the proposal writer both call `core.textdiff.readable_diff`; a keystroke in a long
clause re-diffs the whole clause, so the target is well under 50 ms for a 40 KB clause. The clause is made of
the seed texts' own clauses, edited the way a delegate edits: a word swapped every few lines, a phrase
inserted, a phrase deleted, one keystroke appended.
"""

from __future__ import annotations

import random
import time
from statistics import median

from cop_drafter.core.textdiff import new_text, old_text, readable_diff, word_diff
from cop_drafter.corpus import load_corpus
from cop_drafter.gui.editor import diff_html  # the changes pane's HTML (Qt imported, no window)

REPEAT = 5
SIZES_KB = (10, 20, 40)


def _words() -> list[str]:
    return [w for t in load_corpus() for _s, c in t.resolution.clauses() for w in c.text.split()]


def clause_pair(size_kb: int, words: list[str], seed: int = 7) -> tuple[str, str]:
    """An old clause of about `size_kb` KB and a delegate's revision of it."""
    rng = random.Random(seed)
    old: list[str] = []
    while len(" ".join(old)) < size_kb * 1024:
        start = rng.randrange(len(words) - 40)
        old.extend(words[start:start + 40])
    new = list(old)
    for i in range(0, len(new), 25):  # a word swapped every few lines
        new[i] = rng.choice(words)
    for i in range(len(new) - 30, 0, -300):  # a phrase inserted, a phrase deleted
        new[i:i] = rng.sample(words, 6)
        del new[i + 100:i + 104]
    return " ".join(old), " ".join(new) + " x"


def timed(func) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return median(times) * 1000


def main() -> None:
    words = _words()
    print(f"{'clause':>8} {'words':>7} {'changes':>8} {'word_diff ms':>13} {'readable_diff ms':>17} {'diff_html ms':>13}")
    for size in SIZES_KB:
        old, new = clause_pair(size, words)
        pieces = readable_diff(old, new)
        assert old_text(pieces) == old and new_text(pieces) == new
        changes = sum(p.op != "equal" for p in pieces)
        raw = timed(lambda old=old, new=new: word_diff(old, new))
        grouped = timed(lambda old=old, new=new: readable_diff(old, new))
        page = timed(lambda old=old, new=new: diff_html(old, new))
        print(f"{size:>5} KB {len(old.split()):>7} {changes:>8} {raw:>13.1f} {grouped:>17.1f} {page:>13.1f}")
    print(f"(median of {REPEAT}; target: readable_diff well under 50 ms at 40 KB)")


if __name__ == "__main__":
    main()
