"""Index bookkeeping: which stored clause each position of the in-memory TokenIndex stands for.

The index only knows positions (insertion order); suggestions need the clause row. Positions are handed out in
store order and, within the user store, in growing clause id order (ids are AUTOINCREMENT), so a clause id is
found by bisection and what another process added is exactly the ids above the highest one indexed.
"""

from __future__ import annotations

import bisect
import logging
from array import array
from collections.abc import Iterable, Iterator

from cop_drafter.precedents.index import TokenIndex
from cop_drafter.precedents.store import Store

log = logging.getLogger(__name__)


class Positions:
    """position -> (store code, clause id), plus what it takes to keep the index in step with a store."""

    def __init__(self, index: TokenIndex) -> None:
        self.index = index
        self.store_of = bytearray()  # store code per position
        self.clause_of = array("q")  # clause id per position
        self.starts: dict[int, int] = {}  # store code -> its first position
        self.highest: dict[int, int] = {}  # store code -> highest clause id indexed
        self.live: dict[int, int] = {}  # store code -> clauses indexed and not removed

    def index_store(self, code: int, store: Store) -> int:
        """Index the store's clauses with ids above the highest indexed; returns how many were added.

        A store's positions must be contiguous for bisection: only the last store indexed may grow."""
        self.starts.setdefault(code, len(self.clause_of))
        if self.store_of and self.store_of[-1] != code and self.starts[code] < len(self.clause_of):
            raise ValueError("only the last store indexed may grow")
        before = len(self.clause_of)
        ids, tags = self.clause_of, self.store_of

        def texts() -> Iterator[str]:
            for batch in store.iter_texts(self.highest.get(code, 0)):
                for clause_id, text in batch:
                    ids.append(clause_id)
                    tags.append(code)
                    yield text

        self.index.add_many(texts())
        added = len(self.clause_of) - before
        if added:
            self.highest[code] = self.clause_of[-1]
        self.live[code] = self.live.get(code, 0) + added
        return added

    def find(self, code: int, clause_ids: Iterable[int]) -> list[int]:
        """The live positions of these clauses of a store."""
        start = self.starts.get(code)
        if start is None:
            return []
        out = []
        for clause_id in clause_ids:
            pos = bisect.bisect_left(self.clause_of, clause_id, lo=start)
            if pos < len(self.clause_of) and self.clause_of[pos] == clause_id and self.store_of[pos] == code \
                    and self.index.alive >> pos & 1:
                out.append(pos)
        return out

    def forget(self, code: int, clause_ids: Iterable[int]) -> int:
        """Remove these clauses from the index; returns how many were live."""
        positions = self.find(code, clause_ids)
        self.index.remove(positions)
        self.live[code] = self.live.get(code, 0) - len(positions)
        return len(positions)

    def sync_removals(self, code: int, store: Store) -> int:
        """Forget the clauses another process removed (cheap check first: the count)."""
        if store.clause_total() == self.live.get(code, 0):
            return 0
        present = store.clause_ids()
        start = self.starts.get(code, len(self.clause_of))
        gone = [self.clause_of[p] for p in range(start, len(self.clause_of))
                if self.store_of[p] == code and self.index.alive >> p & 1 and self.clause_of[p] not in present]
        return self.forget(code, gone)
