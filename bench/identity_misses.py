"""Why a held-out query misses the clause it was typed from: candidate stage or rerank?

    .venv/bin/python bench/identity_misses.py [--size 100000] [--queries 60] [--split heldout|tune]

For every query whose source clause a full WRatio scan puts in its top 5 but we do not, it tells whether the
source was scored at all by the exact rerank (candidate stage), and if so how many clauses our scorer puts
strictly above it and level with it (rerank / ties). `--split tune` uses the tuning data (the TUNE_SEEDS with
bench/synthetic.py's first generator), on which the engine may be tuned; `heldout` is only for reporting.
"""

from __future__ import annotations

import argparse
import sys
from multiprocessing import get_context
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

_INDEX = None


def _scan(args: tuple[str, int]) -> tuple[list[tuple[int, float]], float, int, int, float, int]:
    """WRatio top 5; the source's precedent score, clauses strictly above / level with it; its WRatio, above."""
    from rapidfuzz import fuzz, process

    from cop_drafter.precedents.scoring import precedent_ratio

    query, pos = args
    strings = _INDEX.strings  # type: ignore[union-attr]
    wr = process.extract(query, strings, scorer=fuzz.WRatio, processor=None, limit=5)
    own = precedent_ratio(query, strings[pos])
    above = level = 0
    for s in strings:
        score = precedent_ratio(query, s, own - 1e-6)
        if score > own + 1e-9:
            above += 1
        elif score >= own - 1e-9:
            level += 1
    own_wr = fuzz.WRatio(query, strings[pos], processor=None)
    wr_above = sum(1 for _t, s, _i in process.extract(query, strings, scorer=fuzz.WRatio, processor=None,
                                                      limit=None, score_cutoff=own_wr + 1e-6))
    return [(i, s) for _t, s, i in wr], own, above, level, own_wr, wr_above


def main() -> int:
    global _INDEX
    import synthetic

    from cop_drafter.precedents import index as index_mod
    from cop_drafter.precedents.library import CANDIDATES, PrecedentLibrary
    from cop_drafter.precedents.scoring import scoring_form

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--split", choices=("heldout", "tune"), default="heldout")
    args = parser.parse_args()
    docs, clauses = (synthetic.generate_heldout(args.size) if args.split == "heldout"
                     else synthetic.generate_tune(args.size))
    per_doc: dict[int, list] = {}
    for c in clauses:
        per_doc.setdefault(c.doc, []).append((c.call, "preamble", c.label, c.text))
    library = PrecedentLibrary.in_memory(bundled=False)
    library.add_documents(({"document": d.document, "number": d.number, "place": d.place, "year": d.year},
                           per_doc.get(i, [])) for i, d in enumerate(docs))
    index = _INDEX = library._index
    strings = index.strings
    sample = [(pos, scoring_form(q)) for pos, q in synthetic.heldout_queries(clauses, args.queries)]
    scored: set[int] = set()
    original = dict(index_mod.SCORERS)
    original_resp = index_mod.with_respelling

    def recording(fn):
        def score(query, choice, cutoff=0.0, _fn=fn):
            scored.add(id(choice))
            return _fn(query, choice, cutoff)
        return score

    index_mod.SCORERS["precedent"] = recording(original["precedent"])
    index_mod.with_respelling = lambda text, closeness: recording(original_resp(text, closeness))
    ours, was_scored = [], []
    for pos, q in sample:
        scored.clear()
        ours.append(index.top(q, 5, CANDIDATES))
        was_scored.append(id(strings[pos]) in scored)
    index_mod.SCORERS.update(original)
    index_mod.with_respelling = original_resp
    with get_context("fork").Pool(2) as pool:
        scans = pool.map(_scan, [(q, pos) for pos, q in sample], chunksize=1)
    found_ours = found_wr = both = 0
    kinds: dict[str, int] = {}
    for (pos, q), top, hit_scored, (wr, own, above, level, own_wr, wr_above) in zip(
            sample, ours, was_scored, scans, strict=True):
        same = {p for p, s in enumerate(strings) if s == strings[pos]}
        a = any(p in same for p, _s in top)
        b = any(p in same for p, _s in wr)
        found_ours += a
        found_wr += b
        both += a and b
        if b and not a:
            kind = ("candidate stage (never scored)" if not hit_scored and above < 5 else
                    "rerank: outranked" if above >= 5 else "tie at the cut")
            kinds[kind] = kinds.get(kind, 0) + 1
            print(f"MISS [{kind}] typed from #{pos} ({len(q)} chars, {len(same)} identical): {q[:90]!r}")
            print(f"    ours: {[round(s, 1) for _p, s in top]}; source precedent {own:.1f}, {above} above, "
                  f"{level} level; source WRatio {own_wr:.1f} ({wr_above} above); WRatio top "
                  f"{[round(s, 1) for _p, s in wr]}")
            print(f"    source: {strings[pos][:110]!r}")
            print(f"    ours#1: {strings[top[0][0]][:110]!r}" if top else "    ours: none")
    n = len(sample)
    print(f"\n{args.split} {args.size:,}, {n} queries: identity ours {found_ours / n:.3f}, WRatio scan "
          f"{found_wr / n:.3f}, ours | scan found {both / max(found_wr, 1):.3f}")
    print("misses by cause:", kinds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
