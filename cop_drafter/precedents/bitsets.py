"""Big Python ints as bitsets over clause positions (bit i = clause i), and the bit-sliced counter on them.

Why: in pure Python, touching one posting costs ~100-200 ns, so at a million clauses the words every clause has
would cost 100+ ms per keystroke. `&`, `|`, `^` on ints run in C over 30-bit digits: tens of microseconds per
operation on a 1M-clause bitset. Per-clause weighted counts of query words are kept bit-sliced (one bitset per
bit of the count: `planes`), and `select` picks the positions with the highest counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Bit offsets of the set bits of every byte value, to turn a bitset into clause positions quickly.
_BYTE_BITS: tuple[tuple[int, ...], ...] = tuple(tuple(b for b in range(8) if v >> b & 1) for v in range(256))
_NONZERO_RUN = re.compile(rb"[^\x00]+")


def bit_positions(bits: int, limit: int | None = None) -> list[int]:
    """Positions of the set bits of `bits`, ascending; at most `limit` of them."""
    if bits <= 0:
        return []
    raw = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    out: list[int] = []
    for match in _NONZERO_RUN.finditer(raw):
        start = match.start()
        for offset, value in enumerate(match.group()):
            base = (start + offset) * 8
            for bit in _BYTE_BITS[value]:
                out.append(base + bit)
            if limit is not None and len(out) >= limit:
                return out[:limit]
    return out


def bits_from_positions(positions: Iterable[int], size: int) -> int:
    buf = bytearray((size + 8) // 8)
    for pos in positions:
        buf[pos >> 3] |= 1 << (pos & 7)
    return int.from_bytes(buf, "little")


def select(
    planes: list[int], top: int, mask: int, limit: int, memo: dict[int, int], by_closeness: list[int] | None = None
) -> list[int]:
    """Up to `limit` positions of `mask` with the highest counts. Ties at the cut are broken by length class,
    closest to the query first (`by_closeness`: the length-class bitsets in that order), then by position."""
    chosen = 0
    for threshold in range(top, 0, -1):
        hits = memo.get(threshold)
        if hits is None:
            hits = memo[threshold] = at_least(planes, threshold)
        hits &= mask
        if hits.bit_count() >= limit:
            out = bit_positions(chosen)
            tied = hits & ~chosen
            for bucket_bits in by_closeness or [tied]:
                if len(out) >= limit:
                    break
                part = tied & bucket_bits
                if part:
                    out.extend(bit_positions(part, limit - len(out)))
            return out
        chosen = hits
    return bit_positions(chosen)


def at_least(planes: list[int], threshold: int) -> int:
    """Bitset of the positions whose bit-sliced count (planes, least significant first) is >= threshold >= 1."""
    greater = 0
    equal = -1  # all ones; becomes finite at the threshold's first set bit
    for p in range(len(planes) - 1, -1, -1):
        plane = planes[p]
        if threshold >> p & 1:
            equal &= plane
        else:
            greater |= equal & plane
            equal &= ~plane
    return greater | equal
