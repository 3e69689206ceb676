"""The suggestion index persisted beside the library file, so a big library opens in a second, not in minutes.

Building the TokenIndex from a million stored clauses means normalising and splitting every text again (about
12 s at 1M). The index is derived data, a cache: it lives in `<library>.index` next to the library and is
rebuilt whenever it is missing, damaged, from another format or Python byte order, or does not match the
library (library.py checks that its clauses are what the library holds: see `PrecedentLibrary._adopt`).

Layout (all arrays in native byte order, recorded in the header):
  MAGIC, the sections, the header JSON (listing each section's name, length and CRC-32), u64 header length.
The header comes last so that sections are written one at a time, each dropped once written.
Strings and words are NUL-separated UTF-8 (the scoring form never holds a NUL: every non-alphanumeric
character became a space). Reading is bounded: the header is at most 1 MB, every section length is checked
against the file's size before it is read, and a section is read in slices, so a hostile file costs no more
memory than the index it claims to be.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import struct
import sys
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cop_drafter.formats.atomic import SaveError, write_atomic
from cop_drafter.precedents.index import IndexState

log = logging.getLogger(__name__)

MAGIC = b"COP-DRAFTER-IDX\n"
FORMAT = 1
MAX_HEADER = 1 << 20
_SLICE = 16 << 20
_SEP = "\x00"


class SnapshotError(Exception):
    """The persisted index cannot be used (the library is indexed from its clauses instead)."""


@dataclass
class Snapshot:
    """An index state, which store each position belongs to, and what the library was when it was taken."""

    state: IndexState
    store_of: bytearray
    clause_of: array
    starts: dict[int, int]
    highest: dict[int, int]
    live: dict[int, int]
    key: dict[str, Any] = field(default_factory=dict)


def snapshot_path(library: Path) -> Path:
    return library.with_name(library.name + ".index")


# -- writing ---------------------------------------------------------------------------------------------------


def _sections(snap: Snapshot) -> Iterator[tuple[str, bytes]]:
    state = snap.state
    yield "strings", _SEP.join(state.strings).encode("utf-8")
    yield "words", _SEP.join(state.words).encode("utf-8")
    yield "df", array("Q", state.df).tobytes()
    offsets = array("Q", [0])
    flat = array("I")
    for plist in state.postings:
        if plist is not None:
            flat.extend(plist)
        offsets.append(len(flat))
    yield "offsets", offsets.tobytes()
    yield "flat", flat.tobytes()
    del flat
    for name, bitsets in (("dense", state.dense), ("lengths", state.length_bits)):
        keys = array("q", sorted(bitsets))
        sizes = array("Q", ((bitsets[k].bit_length() + 7) // 8 for k in keys))
        yield f"{name}_keys", keys.tobytes()
        yield f"{name}_sizes", sizes.tobytes()
        yield f"{name}_bits", b"".join(bitsets[k].to_bytes(n, "little") for k, n in zip(keys, sizes, strict=True))
    yield "alive", state.alive.to_bytes((state.alive.bit_length() + 7) // 8, "little")
    yield "store_of", bytes(snap.store_of)
    yield "clause_of", snap.clause_of.tobytes()


def save(path: Path, snap: Snapshot) -> bool:
    """Write the snapshot atomically, one section at a time; False (logged) when it cannot be written or
    would not read back (a NUL in a text): it is only a cache."""
    if any(_SEP in s for s in snap.state.strings):
        log.warning("not persisting the index: a clause's scoring form holds a NUL")
        return False
    listed: list[list[Any]] = []

    def write(handle: IO[bytes]) -> None:
        handle.write(MAGIC)
        for name, data in _sections(snap):
            handle.write(data)
            listed.append([name, len(data), zlib.crc32(data)])
            del data
        header = {
            "format": FORMAT, "byteorder": sys.byteorder, "key": snap.key,
            "counts": {"strings": len(snap.state.strings), "words": len(snap.state.words),
                       "alive": snap.state.alive_count},
            "starts": snap.starts, "highest": snap.highest, "live": snap.live, "sections": listed,
        }
        head = json.dumps(header).encode("utf-8")
        handle.write(head + struct.pack("<Q", len(head)))

    try:
        write_atomic(path, write)
    except SaveError as exc:
        log.warning("cannot persist the index to %s: %s", path, exc)
        return False
    log.info("persisted the index of %d clauses to %s", len(snap.state.strings), path)
    return True


# -- reading ---------------------------------------------------------------------------------------------------


def _read_exact(handle: IO[bytes], size: int) -> bytes:
    parts = []
    left = size
    while left:
        part = handle.read(min(left, _SLICE))
        if not part:
            raise SnapshotError("the file ends early")
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def _split(handle: IO[bytes], size: int, crc: int) -> list[str]:
    """A NUL-separated UTF-8 section, decoded slice by slice (no second copy of a 200 MB section)."""
    out: list[str] = []
    left = size
    carry = b""
    check = 0
    while left:
        part = handle.read(min(left, _SLICE))
        if not part:
            raise SnapshotError("the file ends early")
        left -= len(part)
        check = zlib.crc32(part, check)
        data = carry + part
        cut = data.rfind(b"\x00") if left else len(data)
        if cut < 0:
            carry = data
            continue
        out.extend(data[:cut].decode("utf-8").split(_SEP))
        carry = data[cut + 1:]
    if check != crc:
        raise SnapshotError("a section is damaged (checksum)")
    return out if size else []


def _int_keys(value: object, what: str) -> dict[int, int]:
    if not isinstance(value, dict):
        raise SnapshotError(f"bad {what}")
    try:
        return {int(k): int(v) for k, v in value.items()}
    except (TypeError, ValueError) as exc:
        raise SnapshotError(f"bad {what}") from exc


def _array(code: str, data: bytes) -> array:
    out = array(code)
    if len(data) % out.itemsize:
        raise SnapshotError("a section has a wrong length")
    out.frombytes(data)
    return out


def _bitsets(keys: array, sizes: array, data: bytes) -> dict[int, int]:
    if len(keys) != len(sizes) or sum(sizes) != len(data):
        raise SnapshotError("bitsets do not add up")
    out: dict[int, int] = {}
    at = 0
    view = memoryview(data)
    for key, size in zip(keys, sizes, strict=True):
        out[key] = int.from_bytes(view[at:at + size], "little")
        at += size
    return out


def load(path: Path) -> Snapshot:
    """Read a snapshot; SnapshotError says why it cannot be used."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise SnapshotError(exc.strerror or str(exc)) from exc
    if not stat.S_ISREG(info.st_mode):
        raise SnapshotError("not a regular file")
    try:
        with open(path, "rb") as handle:
            return _load(handle, info.st_size)
    except OSError as exc:
        raise SnapshotError(exc.strerror or str(exc)) from exc
    except (UnicodeDecodeError, OverflowError, MemoryError) as exc:
        raise SnapshotError(f"damaged ({type(exc).__name__})") from exc


def _load(handle: IO[bytes], file_size: int) -> Snapshot:
    if file_size < len(MAGIC) + 8 or handle.read(len(MAGIC)) != MAGIC:
        raise SnapshotError("not a COP Drafter index")
    handle.seek(file_size - 8)
    (head_len,) = struct.unpack("<Q", _read_exact(handle, 8))
    if head_len > min(MAX_HEADER, file_size - len(MAGIC) - 8):
        raise SnapshotError("damaged header")
    handle.seek(file_size - 8 - head_len)
    try:
        header = json.loads(_read_exact(handle, head_len))
    except ValueError as exc:
        raise SnapshotError("damaged header") from exc
    handle.seek(len(MAGIC))
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise SnapshotError(f"index format {header.get('format') if isinstance(header, dict) else '?'}, "
                            f"this version writes {FORMAT}")
    if header.get("byteorder") != sys.byteorder:
        raise SnapshotError("written on a machine with another byte order")
    sections = header.get("sections")
    counts = header.get("counts")
    if not isinstance(sections, list) or not isinstance(counts, dict):
        raise SnapshotError("damaged header")
    try:
        lengths = {str(name): (int(size), int(crc)) for name, size, crc in sections}
    except (TypeError, ValueError) as exc:
        raise SnapshotError("damaged header") from exc
    if sum(size for size, _crc in lengths.values()) != file_size - len(MAGIC) - 8 - head_len:
        raise SnapshotError("the file's size does not match its sections")
    raw: dict[str, Any] = {}
    for name, _size, _crc in sections:
        size, crc = lengths[name]
        if name in ("strings", "words"):
            raw[name] = _split(handle, size, crc)
            continue
        data = _read_exact(handle, size)
        if zlib.crc32(data) != crc:
            raise SnapshotError(f"section {name} is damaged (checksum)")
        raw[name] = data
    missing = {"strings", "words", "df", "offsets", "flat", "dense_keys", "dense_sizes", "dense_bits",
               "lengths_keys", "lengths_sizes", "lengths_bits", "alive", "store_of", "clause_of"} - raw.keys()
    if missing:
        raise SnapshotError(f"sections missing: {', '.join(sorted(missing))}")
    strings, words = raw["strings"], raw["words"]
    df = _array("Q", raw["df"]).tolist()
    offsets = _array("Q", raw["offsets"])
    flat = _array("I", raw.pop("flat"))
    dense = _bitsets(_array("q", raw["dense_keys"]), _array("Q", raw["dense_sizes"]), raw.pop("dense_bits"))
    length_bits = _bitsets(_array("q", raw["lengths_keys"]), _array("Q", raw["lengths_sizes"]),
                           raw.pop("lengths_bits"))
    store_of = bytearray(raw["store_of"])
    clause_of = _array("q", raw["clause_of"])
    n = len(strings)
    if (len(words) != len(df) or len(offsets) != len(words) + 1 or len(store_of) != n or len(clause_of) != n
            or counts.get("strings") != n or counts.get("words") != len(words) or offsets[-1] != len(flat)
            or any(wid < 0 or wid >= len(words) for wid in dense) or (flat and max(flat) >= n)):
        raise SnapshotError("sections do not agree with each other")
    postings: list[array | None] = []
    for wid in range(len(words)):
        start, stop = offsets[wid], offsets[wid + 1]
        if wid in dense:
            if stop != start:
                raise SnapshotError("a word has both postings and a bitset")
            postings.append(None)
        else:
            postings.append(flat[start:stop])
    alive = int.from_bytes(raw["alive"], "little")
    alive_count = alive.bit_count()
    if alive.bit_length() > n or alive_count != counts.get("alive"):
        raise SnapshotError("the live clauses do not add up")
    state = IndexState(strings, words, df, postings, dense, length_bits, alive, alive_count)
    return Snapshot(state, store_of, clause_of, _int_keys(header.get("starts"), "starts"),
                    _int_keys(header.get("highest"), "highest"), _int_keys(header.get("live"), "live"),
                    header.get("key") if isinstance(header.get("key"), dict) else {})
