"""Index bookkeeping: which stored clause each position of the in-memory TokenIndex stands for.

The index only knows positions (insertion order); suggestions need the clause row. Positions are handed out in
store order and, within the user store, in growing clause id order (ids are AUTOINCREMENT), so a clause id is
found by bisection and what another process added is exactly the ids above the highest one indexed.
"""

from __future__ import annotations

import bisect
import logging
import os
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path

from cop_drafter.precedents import snapshot
from cop_drafter.precedents.index import TokenIndex
from cop_drafter.precedents.scoring import scoring_form
from cop_drafter.precedents.snapshot import Snapshot
from cop_drafter.precedents.store import ClauseRow, Store

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

    # -- persisting (snapshot.py) ---------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        return Snapshot(self.index.state(), self.store_of, self.clause_of, self.starts, self.highest, self.live)

    def save(self, path: Path) -> bool:
        """Persist the index and these positions at `path` (False, logged, when it cannot be written)."""
        return snapshot.save(path, self.snapshot())

    @classmethod
    def load(cls, path: Path, stores: dict[int, Store]) -> Positions | None:
        """The index persisted at `path` when it stands for these stores; None (logged why) otherwise."""
        if not os.path.lexists(path):
            return None
        try:
            positions = cls.restore(snapshot.load(path))
        except snapshot.SnapshotError as exc:
            log.info("not using the persisted index %s: %s", path, exc)
            return None
        why = positions.mismatch(stores)
        if why is not None:
            log.info("not using the persisted index %s: %s", path, why)
            return None
        log.info("using the persisted index %s (%d clauses)", path, positions.index.size)
        return positions

    @classmethod
    def restore(cls, snap: Snapshot) -> Positions:
        positions = cls(TokenIndex.from_state(snap.state))
        positions.store_of, positions.clause_of = snap.store_of, snap.clause_of
        positions.starts, positions.highest, positions.live = snap.starts, snap.highest, snap.live
        return positions

    def mismatch(self, stores: dict[int, Store], sample: int = 64) -> str | None:
        """Why these positions do not stand for the stores' clauses, or None when they do.

        Only the last store may have changed since (index_store and sync_removals catch up with it), and only
        forward: its clause ids must still be handed out above the highest indexed (an older copy of the file
        is refused) and its highest and a sample of its indexed clauses, when still there, must read the same.
        Every other store (the bundled corpus) must be exactly as indexed."""
        order = sorted(self.starts, key=self.starts.__getitem__)
        if set(order) != set(stores):
            return f"indexed stores {order}, the library has {sorted(stores)}"
        if len(self.clause_of) != self.index.size:
            return "positions and index disagree"
        strings = self.index.strings
        for i, code in enumerate(order):
            start = self.starts[code]
            stop = self.starts[order[i + 1]] if i + 1 < len(order) else len(self.clause_of)
            if any(self.store_of[p] != code for p in range(start, stop, max(1, (stop - start) // sample))):
                return f"store {code}'s positions are not contiguous"
            last = i + 1 == len(order)
            if last:
                step = max(1, (stop - start) // sample)
                picks = sorted({*range(start, stop, step), stop - 1}) if stop > start else []
                if stop > start and stores[code].last_id_handed_out() < self.clause_of[stop - 1]:
                    return "the library is older than its index"
            else:
                if stores[code].clause_total() != stop - start:
                    return f"store {code} changed"
                picks = list(range(start, stop))
            texts = stores[code].texts([self.clause_of[p] for p in picks])
            for p in picks:
                text = texts.get(self.clause_of[p])
                if text is None and not last:
                    return f"store {code} changed"
                if text is not None and scoring_form(text) != strings[p]:
                    return f"clause {self.clause_of[p]} is not the one indexed"
        return None

    def rows(self, positions: list[int], stores: dict[int, Store]) -> dict[int, ClauseRow]:
        """The stored clause behind each position (one query per store); a clause another process removed a
        moment ago is simply not there."""
        by_store: dict[int, list[int]] = {}
        for pos in positions:
            by_store.setdefault(self.store_of[pos], []).append(self.clause_of[pos])
        found = {code: stores[code].clause_rows(ids) for code, ids in by_store.items()}
        out = {}
        for pos in positions:
            row = found[self.store_of[pos]].get(self.clause_of[pos])
            if row is not None:
                out[pos] = row
        return out

    def index_store(self, code: int, store: Store) -> int:
        """Index the store's clauses with ids above the highest indexed; returns how many were added.

        A store's positions must be contiguous for bisection: only the last store indexed may grow."""
        self.starts.setdefault(code, len(self.clause_of))
        before = len(self.clause_of)
        ids, tags = self.clause_of, self.store_of

        def texts() -> Iterator[str]:
            for batch in store.iter_texts(self.highest.get(code, 0)):
                if batch and self.store_of and self.store_of[-1] != code and self.starts[code] < len(self.clause_of):
                    raise ValueError("only the last store indexed may grow")
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
