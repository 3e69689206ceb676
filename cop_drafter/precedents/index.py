"""The in-memory candidate index behind live suggestions: word postings as arrays or big-int bitsets.

A word that occurs in many clauses keeps its postings as one bitset (bitsets.py); rare words keep a compact
`array('I')` (4 bytes a posting) turned into a bitset on demand (cached). The clauses with the highest weighted
count of query words, per length tier, are the candidates that the exact scorer (scoring.py) re-scores.

No numpy: the project ships without it, and this stays within the time targets in bench/suggest_bench.py.
"""

from __future__ import annotations

import bisect
import heapq
import math
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from cop_drafter.precedents.bitsets import bit_positions, bits_from_positions, select
from cop_drafter.precedents.candidates import break_ties, full_scan, partial_candidates
from cop_drafter.precedents.scoring import (
    CHAR_PARTIAL_MAX,
    SCORERS,
    bucket_range,
    length_bucket,
    score_ceiling,
    scoring_form,
    with_respelling,
    wratio,
)

MAX_WEIGHT = 3
SPELLING_CUTOFF = 75.0  # fuzz.ratio from an unknown query word to the vocabulary words it may stand for
_CHUNK = 64  # candidates scored between two checks of the tier ceiling
_PLANES = 7  # enough for 42 query words of weight 3 (127); more words are capped, see _query_terms


@dataclass
class IndexState:
    """A TokenIndex's own data: word postings (arrays for rare words, None where `dense` holds a bitset)."""

    strings: list[str]
    words: list[str]
    df: list[int]
    postings: list[array | None]
    dense: dict[int, int]
    length_bits: dict[int, int]
    alive: int
    alive_count: int


class TokenIndex:
    """Word postings over a growing list of normalised clause strings (position = insertion order).

    Removal only clears a position's bit in `alive`; positions are never reused, so bitsets stay valid.
    """

    def __init__(self, dense_fraction: float = 1 / 256, min_dense: int = 512, cache_size: int = 4096) -> None:
        self.strings: list[str] = []
        self._vocab: dict[str, int] = {}
        self._words: list[str] = []
        self._sorted_words: list[str] | None = None
        self._spelling_cache: dict[str, list[tuple[str, float]]] = {}
        self._postings: list[array | None] = []  # sparse words: positions
        self._dense: dict[int, int] = {}  # frequent words: bitset
        self._df: list[int] = []
        self._dense_fraction = dense_fraction
        self._min_dense = min_dense
        self._cache: OrderedDict[int, int] = OrderedDict()
        self._cache_size = cache_size
        self.alive = 0
        self._alive_count = 0
        self._length_bits: dict[int, int] = {}  # length bucket -> bitset
        self._tier_cache: dict[tuple[int, str], tuple[list, list[int]]] = {}  # (query length, scorer) -> tiers

    # -- building -----------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._alive_count

    @property
    def size(self) -> int:
        """Positions handed out so far (removed ones included)."""
        return len(self.strings)

    def add(self, text: str, *, normalised: bool = False) -> int:
        """Index one clause; returns its position."""
        norm = text if normalised else scoring_form(text)
        pos = len(self.strings)
        self.strings.append(norm)
        vocab = self._vocab
        postings = self._postings
        df = self._df
        for word in set(norm.split()):
            wid = vocab.get(word)
            if wid is None:
                wid = len(self._words)
                vocab[word] = wid
                self._words.append(word)
                postings.append(array("I"))
                df.append(0)
                self._sorted_words = None
                self._spelling_cache.clear()
            df[wid] += 1
            plist = postings[wid]
            if plist is not None:
                plist.append(pos)
            else:
                self._dense[wid] |= 1 << pos
                self._cache.pop(wid, None)
        bucket = length_bucket(len(norm))
        self._length_bits[bucket] = self._length_bits.get(bucket, 0) | 1 << pos
        self._tier_cache.clear()
        self.alive |= 1 << pos
        self._alive_count += 1
        return pos

    def add_many(self, texts: Iterable[str], *, normalised: bool = False) -> list[int]:
        """Bulk add: builds the postings as arrays first, then turns frequent words into bitsets once."""
        first = len(self.strings)
        vocab = self._vocab
        postings = self._postings
        df = self._df
        dense = self._dense
        appended_dense: dict[int, list[int]] = {}
        by_length: dict[int, list[int]] = {}
        pos = first
        for text in texts:
            norm = text if normalised else scoring_form(text)
            self.strings.append(norm)
            bucket = length_bucket(len(norm))
            group = by_length.get(bucket)
            if group is None:
                by_length[bucket] = [pos]
            else:
                group.append(pos)
            for word in set(norm.split()):
                wid = vocab.get(word)
                if wid is None:
                    wid = len(self._words)
                    vocab[word] = wid
                    self._words.append(word)
                    postings.append(array("I"))
                    df.append(0)
                df[wid] += 1
                plist = postings[wid]
                if plist is not None:
                    plist.append(pos)
                else:
                    appended_dense.setdefault(wid, []).append(pos)
            pos += 1
        self._sorted_words = None
        self._spelling_cache.clear()
        for wid, positions in appended_dense.items():
            dense[wid] |= bits_from_positions(positions, pos)
            self._cache.pop(wid, None)
        for bucket, positions in by_length.items():
            self._length_bits[bucket] = self._length_bits.get(bucket, 0) | bits_from_positions(positions, pos)
        self._tier_cache.clear()
        count = pos - first
        if count:
            self.alive |= ((1 << count) - 1) << first
            self._alive_count += count
        if count * 64 < self.size:  # a few texts more: only their words can have crossed the limit
            self._densify({vocab[word] for norm in self.strings[first:] for word in norm.split()})
        else:
            self._densify(range(len(self._postings)))
        return list(range(first, pos))

    def _densify(self, wids: Iterable[int]) -> None:
        """Turn words with many postings into bitsets (cheaper in memory past ~N/32, and O(1) ops per query)."""
        limit = max(self._min_dense, int(self.size * self._dense_fraction))
        size = self.size
        for wid in wids:
            plist = self._postings[wid]
            if plist is not None and len(plist) > limit:
                self._dense[wid] = bits_from_positions(plist, size)
                self._postings[wid] = None
                self._cache.pop(wid, None)

    def state(self) -> IndexState:
        """What the index is made of, for precedents/snapshot.py to persist (the caches are not)."""
        return IndexState(self.strings, self._words, self._df, self._postings, self._dense, self._length_bits,
                          self.alive, self._alive_count)

    @classmethod
    def from_state(cls, state: IndexState) -> TokenIndex:
        """An index over a persisted state: the same answers as the index it was taken from."""
        index = cls()
        index.strings = state.strings
        index._words = state.words
        index._vocab = {word: wid for wid, word in enumerate(state.words)}
        index._df = state.df
        index._postings = state.postings
        index._dense = state.dense
        index._length_bits = state.length_bits
        index.alive = state.alive
        index._alive_count = state.alive_count
        return index

    def remove(self, positions: Iterable[int]) -> None:
        mask = 0
        removed = 0
        for pos in positions:
            if self.alive >> pos & 1:
                mask |= 1 << pos
                removed += 1
        self.alive &= ~mask
        self._alive_count -= removed

    # -- querying -----------------------------------------------------------------------------------------

    def word_bits(self, wid: int) -> int:
        dense = self._dense.get(wid)
        if dense is not None:
            return dense
        cached = self._cache.get(wid)
        if cached is not None:
            self._cache.move_to_end(wid)
            return cached
        plist = self._postings[wid]
        bits = bits_from_positions(plist or (), self.size)
        self._cache[wid] = bits
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return bits

    def _expand(self, word: str, last: bool) -> list[int]:
        """Vocabulary words for a query word we have never seen: completions of a half-typed last word,
        or close spellings of a typo."""
        if self._sorted_words is None:
            self._sorted_words = sorted(self._vocab)
        words = self._sorted_words
        found: list[int] = []
        if last:
            i = bisect.bisect_left(words, word)
            while i < len(words) and words[i].startswith(word) and len(found) < 50:
                found.append(self._vocab[words[i]])
                i += 1
        if len(word) >= 4 and not found:
            found.extend(self._vocab[match] for match, _score in self.spellings(word))
        return found

    def spellings(self, word: str) -> list[tuple[str, float]]:
        """Vocabulary words within a small edit distance of an unknown word (fuzz.ratio >= 75: one or two
        edits in a word of 5-8 letters), closest first; cached until the vocabulary grows."""
        cached = self._spelling_cache.get(word)
        if cached is not None:
            return cached
        if self._sorted_words is None:
            self._sorted_words = sorted(self._vocab)
        found = [(match, score) for match, score, _i in process.extract(
            word, self._sorted_words, scorer=fuzz.ratio, processor=None, limit=4, score_cutoff=SPELLING_CUTOFF)]
        if len(self._spelling_cache) > 4096:
            self._spelling_cache.clear()
        self._spelling_cache[word] = found
        return found

    def corrected(self, query: str) -> str:
        """The query with each unknown word of 4+ letters replaced by its closest vocabulary spelling (the
        last word is left alone when it is the start of a known word: it is being typed)."""
        words = query.split()
        out = []
        for i, word in enumerate(words):
            if word in self._vocab or len(word) < 4:
                out.append(word)
                continue
            if i == len(words) - 1:
                if self._sorted_words is None:
                    self._sorted_words = sorted(self._vocab)
                j = bisect.bisect_left(self._sorted_words, word)
                if j < len(self._sorted_words) and self._sorted_words[j].startswith(word):
                    out.append(word)
                    continue
            close = self.spellings(word)
            out.append(close[0][0] if close else word)
        return " ".join(out)

    def _query_terms(self, words: Sequence[str]) -> list[tuple[int, int]]:
        """(bitset, weight) per distinct query word: rarer words weigh more, as in BM25's idf."""
        n = max(self._alive_count, 1)
        terms: list[tuple[int, int, int]] = []
        seen: set[str] = set()
        for i, word in enumerate(words):
            if word in seen:
                continue
            seen.add(word)
            wid = self._vocab.get(word)
            is_last = i == len(words) - 1
            if wid is not None and not (is_last and self._df[wid] < 3):
                ids = [wid]
            else:
                ids = ([wid] if wid is not None else []) + [x for x in self._expand(word, is_last) if x != wid]
            if not ids:
                continue
            df = max(self._df[x] for x in ids)
            bits = 0
            for x in ids:
                bits |= self.word_bits(x)
            share = df / n
            weight = 1 if share > 0.2 else 2 if share > 0.02 else MAX_WEIGHT
            terms.append((df, bits, weight))
        terms.sort(key=lambda t: t[0])
        # Keep the rarest words when a query is very long (the count planes are bounded).
        budget = (1 << _PLANES) - 1
        out: list[tuple[int, int]] = []
        total = 0
        for _df, bits, weight in terms:
            if total + weight > budget:
                break
            out.append((bits, weight))
            total += weight
        return out

    def _planes(self, query: str) -> tuple[list[int], int]:
        """Bit-sliced weighted counts of the query's words over all clauses, and the highest possible count."""
        terms = self._query_terms(query.split())
        planes = [0] * _PLANES
        for bits, weight in terms:
            for level in range(2):
                if not weight >> level & 1:
                    continue
                carry = bits
                p = level
                while carry and p < _PLANES:
                    plane = planes[p]
                    planes[p] = plane ^ carry
                    carry = plane & carry
                    p += 1
        return planes, sum(w for _b, w in terms)

    def _tiers(self, n: int, scorer: str) -> list[tuple[float, int, bool]]:
        """Length classes grouped by the highest score a clause of that length can reach against a query of
        length n: (ceiling, bitset, order ties by length closeness), best first.

        Both scorers depend on the length ratio r: for r < 1.5 the score is max(ratio, 0.95 x token ratios), and
        ratio <= 200 min/(n + L); for 1.5 <= r < 8 at most 90 (0.9 x partial_ratio; ratio <= 80); beyond, 60.
        The precedent scorer uses the plain ratio (<= 200 L/(n + L)) for a clause shorter than the query.
        """
        tiers: dict[float, int] = {}
        for bucket, bits in self._length_bits.items():
            start, stop = bucket_range(bucket)
            closest = min(max(n, start), stop)
            ceiling = max(score_ceiling(length, n, scorer) for length in (closest, start, stop))
            ceiling = 100.0 if ceiling > 95.0 else ceiling if ceiling in (95.0, 90.0, 60.0) else math.ceil(ceiling / 10) * 10
            tiers[ceiling] = tiers.get(ceiling, 0) | bits
        return [(ceiling, bits, ceiling > 95.0) for ceiling, bits in sorted(tiers.items(), reverse=True)]

    def top(self, query: str, limit: int, candidates: int, scorer: str = "precedent") -> list[tuple[int, float]]:
        """(position, WRatio) of the best `limit` clauses, scoring at most `candidates` per length tier.

        Tiers (see `_tiers`) are searched best ceiling first, each by weighted word coverage, and a tier is
        skipped once the best `limit` scores already reach its ceiling: the skip never changes the result's
        scores, only saves time.
        """
        if not query.strip():
            return []
        score_fn = SCORERS[scorer]
        if scorer == "precedent" and len(query) > CHAR_PARTIAL_MAX:
            # Scored on words, a misspelt word matches nothing: also score the query as the vocabulary spells
            # it, weighted by how close the typed text is to that spelling (typos_ratio).
            corrected = self.corrected(query)
            if corrected != query:
                score_fn = with_respelling(corrected, fuzz.ratio(query, corrected, processor=None) / 100)
        planes, total = self._planes(query)
        if not total:
            return []
        n = len(query)
        strings = self.strings
        alive = self.alive
        memo: dict[int, int] = {}
        cached = self._tier_cache.get((n, scorer))
        if cached is None:
            centre = length_bucket(n)
            closeness = [bits for _b, bits in sorted(self._length_bits.items(), key=lambda kv: abs(kv[0] - centre))]
            if len(self._tier_cache) > 512:
                self._tier_cache.clear()
            cached = self._tier_cache[(n, scorer)] = (self._tiers(n, scorer), closeness)
        tiers, by_closeness = cached
        seen: set[int] = set()
        scored: list[tuple[float, int]] = []  # every (score, position) at or above the cut-off of its time
        # The best `limit` so far as a min-heap of (score, -position): heap[0] is the cut-off to beat.
        heap: list[tuple[float, int]] = []
        for ceiling, mask, closeness in tiers:
            if len(heap) >= limit and heap[0][0] >= ceiling:
                break
            order = by_closeness if closeness else None
            if ceiling > 90.0:  # clauses of about the query's length: word coverage picks well
                positions = [p for p in select(planes, total, mask & alive, candidates, memo, order)
                             if p not in seen]
            else:
                positions = partial_candidates(strings, query, planes, total, mask & alive, candidates, memo, seen)
            seen.update(positions)
            # Scored in chunks, best coverage first; once the best `limit` reach this tier's ceiling nothing
            # left in it (or in lower tiers) can beat them, so the rest is skipped: same scores, less work.
            for start in range(0, len(positions), _CHUNK):
                chunk = positions[start : start + _CHUNK]
                cutoff = heap[0][0] if len(heap) >= limit else 0.0
                if score_fn is wratio:
                    found = process.extract(query, [strings[p] for p in chunk], scorer=fuzz.WRatio,
                                            processor=None, limit=limit, score_cutoff=cutoff)
                    pairs = [(score, chunk[i]) for _t, score, i in found]
                else:
                    pairs = []
                    for p in chunk:
                        score = score_fn(query, strings[p], cutoff)
                        if score and score >= cutoff:
                            pairs.append((score, p))
                scored.extend(pairs)
                for score, p in pairs:
                    item = (score, -p)
                    if len(heap) < limit:
                        heapq.heappush(heap, item)
                    elif item > heap[0]:
                        heapq.heapreplace(heap, item)
                if len(heap) >= limit and heap[0][0] >= ceiling:
                    break
        best = [(-neg, score) for score, neg in sorted(heap, reverse=True)]
        return break_ties(query, best, scored, strings) if len(query) > CHAR_PARTIAL_MAX else best

    def full_scan(self, query: str, limit: int, scorer: str = "precedent") -> list[tuple[int, float]]:
        """The exact reference: the scorer against every live clause (slow: ~20-50 us a clause)."""
        live = None if self._alive_count == self.size else set(bit_positions(self.alive))
        return full_scan(self.strings, live, query, limit, scorer)
