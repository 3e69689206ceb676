"""Suggestion speed and fidelity at 10k, 100k and 1M clauses (targets: issue 3).

    .venv/bin/python bench/suggest_bench.py [--sizes 10000,100000,1000000] [--queries 200]
                                            [--recall 200,100,30] [--scorers precedent,wratio]

Each size runs in its own process (clean memory figures): it generates a synthetic library from the seed clauses
(bench/synthetic.py: word swaps, insertions, renumbered references, other years and places, spliced clauses),
builds a real library file (SQLite + FTS5 + the in-memory index) with PrecedentLibrary.add_documents; then a fresh
process opens it as the app does (start-up time, resident memory of a process holding the library) and, warm, in
that one process measures:

- latency of `suggest` (top 5, grouped, with spans: what the GUI shows) and of the ungrouped top 5, p50/p95;
- recall@5 against a full scan with the same scorer (and with rapidfuzz WRatio), tie-aware: position i counts as
  found when our i-th best score reaches the full scan's i-th best (equal scores are interchangeable);
- the full scan's own time per query (rapidfuzz, one core), and difflib's on the smallest size.

With `--heldout 100000[,1000000]`, also identity recall on held-out data (bench/synthetic.py generate_heldout:
other seeds, other mutations than the data the engine was tuned on): the clause a half-typed query (0-3 typos)
was typed from in our top 5, in a full WRatio scan's top 5, and ours among the queries the scan finds; with
`--typo-sweep 100000`, at that size also for 0, 1, ... 5 typos per query.

Prints a table and writes bench/out/suggest_bench.json.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

TARGETS = {  # size -> p95 ms (suggest); the bundled corpus is measured as size 0
    0: 5.0, 100_000: 30.0, 1_000_000: 80.0,
}


def _proc_status(field: str) -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


_INDEX = None


def _full_scan(args: tuple[str, str]) -> tuple[list[float], float]:
    query, scorer = args
    start = time.perf_counter()
    found = _INDEX.full_scan(query, 5, scorer)  # type: ignore[union-attr]
    return [s for _p, s in found], (time.perf_counter() - start) * 1000


def _full_scan_positions(args: tuple[str, str]) -> tuple[list[tuple[int, float]], float]:
    query, scorer = args
    start = time.perf_counter()
    found = _INDEX.full_scan(query, 5, scorer)  # type: ignore[union-attr]
    return found, (time.perf_counter() - start) * 1000


def heldout_recall(size: int, n_queries: int, typo_settings: list[tuple[int, int]]) -> list[dict]:
    """Identity and score recall on held-out data (synthetic.generate_heldout: other seeds, other mutations,
    half-typed queries), one row per typo setting ((lo, hi) typos per query): is the clause a query was typed
    from in our top 5, and in the top 5 of a full scan with rapidfuzz WRatio (a clause with exactly the same text
    counts as the same)? And do our top-5 scores reach a full scan's with our own scorer?"""
    global _INDEX
    import synthetic

    from cop_drafter.precedents.library import CANDIDATES, PrecedentLibrary
    from cop_drafter.precedents.scoring import scoring_form

    docs, clauses = synthetic.generate_heldout(size)
    per_doc: dict[int, list] = {}
    for c in clauses:
        per_doc.setdefault(c.doc, []).append((c.call, "preamble", c.label, c.text))
    library = PrecedentLibrary.in_memory(bundled=False)
    library.add_documents(({"document": d.document, "number": d.number, "place": d.place, "year": d.year},
                           per_doc.get(i, [])) for i, d in enumerate(docs))
    index = library._index
    assert index.size == len(clauses), "positions must be the clauses' order"
    _INDEX = index
    strings = index.strings
    rows = []
    for typos in typo_settings:
        queries = synthetic.heldout_queries(clauses, n_queries, typos=typos)
        sample = [(pos, scoring_form(q)) for pos, q in queries]
        ours, lat = [], []
        for _pos, q in sample:
            t = time.perf_counter()
            ours.append(index.top(q, 5, CANDIDATES))
            lat.append((time.perf_counter() - t) * 1000)
        with get_context("fork").Pool(2) as pool:
            wr = pool.map(_full_scan_positions, [(q, "wratio") for _p, q in sample], chunksize=1)
            pr = pool.map(_full_scan_positions, [(q, "precedent") for _p, q in sample], chunksize=1)
        # The clause typed from, or one with exactly its text (a library repeats clauses verbatim: those are
        # indistinguishable, and any of them is the right answer).
        ident_ours = [strings[pos] in {strings[p] for p, _s in o} for (pos, _q), o in zip(sample, ours, strict=True)]
        ident_wr = [strings[pos] in {strings[p] for p, _s in r}
                    for (pos, _q), (r, _ms) in zip(sample, wr, strict=True)]
        both = sum(1 for a, b in zip(ident_ours, ident_wr, strict=True) if a and b)
        score = [_recall([s for _p, s in o], [s for _p, s in r]) for o, (r, _ms) in zip(ours, pr, strict=True)]
        rows.append({"size": size, "typos": f"{typos[0]}-{typos[1]}" if typos[0] != typos[1] else str(typos[0]),
                     "queries": len(sample), "identity_ours": round(sum(ident_ours) / len(sample), 4),
                     "identity_wratio_scan": round(sum(ident_wr) / len(sample), 4),
                     "identity_of_wratio_found": round(both / max(1, sum(ident_wr)), 4),
                     "score_recall": round(statistics.mean(score), 4), "top5_p50_ms": round(_pct(lat, 0.5), 2),
                     "top5_p95_ms": round(_pct(lat, 0.95), 2),
                     "misses": [q for (pos, q), a, b in zip(sample, ident_ours, ident_wr, strict=True)
                                if b and not a][:10]})
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    library.close()
    return rows


def _recall(ours: list[float], ref: list[float]) -> float:
    if not ref:
        return 1.0
    return sum(1 for i, s in enumerate(ref) if i < len(ours) and ours[i] >= s - 1e-9) / len(ref)


def build_library(size: int, path: Path) -> dict:
    """Phase 1 (own process): generate `size` synthetic clauses and build the library file."""
    import synthetic

    from cop_drafter.core.calls import call_kind
    from cop_drafter.core.model import SectionKind
    from cop_drafter.precedents.library import PrecedentLibrary

    result: dict = {"size": size}
    start = time.perf_counter()
    docs, clauses = synthetic.generate(size) if size else ([], [])
    result["generate_s"] = round(time.perf_counter() - start, 2)
    per_doc: dict[int, list] = {}
    kinds: dict[str, str] = {}
    for c in clauses:
        kind = kinds.get(c.call)
        if kind is None:
            kind = kinds[c.call] = (call_kind(c.call) or SectionKind.PREAMBLE).value
        per_doc.setdefault(c.doc, []).append((c.call, kind, c.label, c.text))
    del clauses
    start = time.perf_counter()
    library = PrecedentLibrary.open(path)
    if size:
        library.add_documents(
            ({"document": d.document, "body": d.body, "number": d.number, "place": d.place, "year": d.year,
              "revision": True}, per_doc.get(i, []))
            for i, d in enumerate(docs)
        )
    library.close()
    result["build_s"] = round(time.perf_counter() - start, 2)
    result["build_peak_mb"] = round(_proc_status("VmHWM"), 1)
    result["file_mb"] = round(path.stat().st_size / 1e6, 1) if path.exists() else 0.0
    return result


def serve_library(size: int, path: Path, n_queries: int, n_recall: int, scorers: list[str]) -> dict:
    """Phase 2 (fresh process): open the file as the app does, then latency, memory, recall."""
    global _INDEX
    import synthetic

    from cop_drafter.precedents.library import CANDIDATES, PrecedentLibrary
    from cop_drafter.precedents.scoring import scoring_form

    result: dict = {}
    rss0 = _proc_status("VmRSS")
    start = time.perf_counter()
    library = PrecedentLibrary.open(path)
    result["open_s"] = round(time.perf_counter() - start, 2)
    result["clauses"] = len(library)
    result["rss_mb"] = round(_proc_status("VmRSS"), 1)
    result["rss_start_mb"] = round(rss0, 1)
    queries = [q for _k, q in synthetic.queries(n_queries)]
    kinds = [k for k, _q in synthetic.queries(n_queries)]
    for q in queries[:10]:  # warm-up: caches, page cache
        library.suggest(q)
    lat_suggest, lat_top, cpu_suggest = [], [], []
    load_before = os.getloadavg()[0]
    for q in queries:
        t, c = time.perf_counter(), time.thread_time()
        library.suggest(q, limit=5)
        lat_suggest.append((time.perf_counter() - t) * 1000)
        cpu_suggest.append((time.thread_time() - c) * 1000)
    index = library._index
    for q in queries:
        t = time.perf_counter()
        library.ranked(q, 5)
        lat_top.append((time.perf_counter() - t) * 1000)
    # Wall time is what a delegate feels; CPU time of this thread shows what other processes added to it.
    result["load_avg"] = round(max(load_before, os.getloadavg()[0]), 2)
    result["suggest_cpu_p95_ms"] = round(_pct(cpu_suggest, 0.95), 2)
    result["suggest_p50_ms"] = round(_pct(lat_suggest, 0.5), 2)
    result["suggest_p95_ms"] = round(_pct(lat_suggest, 0.95), 2)
    result["suggest_max_ms"] = round(max(lat_suggest), 2)
    result["top5_p50_ms"] = round(_pct(lat_top, 0.5), 2)
    result["top5_p95_ms"] = round(_pct(lat_top, 0.95), 2)
    by_kind: dict[str, list[float]] = {}
    for k, ms in zip(kinds, lat_suggest, strict=True):
        by_kind.setdefault(k, []).append(ms)
    result["suggest_p95_by_kind_ms"] = {k: round(_pct(v, 0.95), 2) for k, v in sorted(by_kind.items())}

    # Recall against the full scan (the exact reference), the full scan on 2 processes (fork: shared index).
    _INDEX = index
    sample = [scoring_form(q) for q in queries[:n_recall]]
    for scorer in scorers:
        ours = []
        t_ours = []
        for q in sample:
            t = time.perf_counter()
            ours.append([s for _p, s in index.top(q, 5, CANDIDATES, scorer)])
            t_ours.append((time.perf_counter() - t) * 1000)
        with get_context("fork").Pool(2) as pool:
            refs = pool.map(_full_scan, [(q, scorer) for q in sample], chunksize=1)
        recalls = [_recall(o, r) for o, (r, _ms) in zip(ours, refs, strict=True)]
        result[f"recall_{scorer}"] = round(statistics.mean(recalls), 4) if recalls else None
        result[f"recall_{scorer}_queries"] = len(recalls)
        result[f"recall_{scorer}_misses"] = sum(1 for r in recalls if r < 1)
        result[f"fullscan_{scorer}_ms"] = round(statistics.median([ms for _r, ms in refs]), 1) if refs else None
        result[f"top5_{scorer}_p95_ms"] = round(_pct(t_ours, 0.95), 2)
    if size and size <= 10_000:
        strings = index.strings
        times = []
        for q in sample[:5]:
            t = time.perf_counter()
            difflib.get_close_matches(q, strings, n=5, cutoff=0.0)
            times.append((time.perf_counter() - t) * 1000)
        result["difflib_ms"] = round(statistics.median(times), 1)
    library.close()
    result["rss_peak_mb"] = round(_proc_status("VmHWM"), 1)
    return result


def machine() -> dict:
    cpu = ""
    with contextlib.suppress(OSError):
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    mem = ""
    with contextlib.suppress(OSError):
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split(":", 1)[1].strip()
    import sqlite3

    import rapidfuzz

    return {"cpu": cpu or platform.processor(), "cores": os.cpu_count(), "memory": mem,
            "python": platform.python_version(), "rapidfuzz": rapidfuzz.__version__, "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform()}


def table(results: list[dict], scorers: list[str]) -> str:
    head = (f"{'clauses':>9} {'build s':>8} {'build MB':>8} {'open s':>7} {'RSS MB':>7} {'peak MB':>8} {'sugg p50':>9} "
            f"{'sugg p95':>9} {'cpu p95':>8} {'top5 p95':>9} " + " ".join(f"{'recall ' + s[:4]:>12} {'scan ' + s[:4] + ' ms':>14}" for s in scorers)
            + f" {'difflib ms':>10} {'target p95':>10} {'load':>5}")
    lines = [head, "-" * len(head)]
    for r in results:
        target = TARGETS.get(r["size"])
        cells = [f"{r['clauses']:>9,}", f"{r['build_s']:>8}", f"{r.get('build_peak_mb', '-'):>8}", f"{r['open_s']:>7}",
                 f"{r['rss_mb']:>7}",
                 f"{r['rss_peak_mb']:>8}", f"{r['suggest_p50_ms']:>9}", f"{r['suggest_p95_ms']:>9}",
                 f"{r['suggest_cpu_p95_ms']:>8}", f"{r['top5_p95_ms']:>9}"]
        for s in scorers:
            rec = r.get(f"recall_{s}")
            cells.append(f"{(str(rec) + ' /' + str(r.get(f'recall_{s}_queries'))) if rec is not None else '-':>12}")
            cells.append(f"{r.get(f'fullscan_{s}_ms') or '-':>14}")
        cells.append(f"{r.get('difflib_ms', '-'):>10}")
        cells.append(f"{('<= ' + str(target)) if target else '-':>10}")
        cells.append(f"{r.get('load_avg', '-'):>5}")
        lines.append(" ".join(cells))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,10000,100000,1000000", help="0 = the bundled corpus alone")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--recall", default="200,200,100,30", help="recall queries per size (full scans are slow)")
    parser.add_argument("--scorers", default="precedent,wratio")
    parser.add_argument("--out", default=str(REPO / "bench" / "out" / "suggest_bench.json"))
    parser.add_argument("--heldout", default="", help="sizes for identity recall on held-out data, e.g. 100000")
    parser.add_argument("--heldout-queries", type=int, default=60)
    parser.add_argument("--typo-sweep", default="", help="held-out sizes also swept over 0-5 typos per query")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-phase", choices=("build", "serve"), help=argparse.SUPPRESS)
    parser.add_argument("--child-path", help=argparse.SUPPRESS)
    parser.add_argument("--child-recall", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    scorers = [s for s in args.scorers.split(",") if s]
    if args.child is not None:
        path = Path(args.child_path)
        if args.child_phase == "build":
            print(json.dumps(build_library(args.child, path)))
        else:
            print(json.dumps(serve_library(args.child, path, args.queries, args.child_recall or 0, scorers)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s]
    recalls = [int(s) for s in args.recall.split(",")]
    results = []
    for i, size in enumerate(sizes):
        n_recall = recalls[min(i, len(recalls) - 1)]
        print(f"size {size:,}: building, then measuring in a fresh process ({n_recall} recall queries)...",
              file=sys.stderr, flush=True)
        merged: dict = {}
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "library.sqlite3"
            for phase in ("build", "serve"):
                proc = subprocess.run(
                    [sys.executable, __file__, "--child", str(size), "--child-phase", phase, "--child-path", str(path),
                     "--child-recall", str(n_recall), "--queries", str(args.queries), "--scorers", ",".join(scorers)],
                    capture_output=True, text=True, check=False,
                )
                if proc.returncode != 0:
                    print(proc.stderr, file=sys.stderr)
                    return proc.returncode
                merged.update(json.loads(proc.stdout.strip().splitlines()[-1]))
        results.append(merged)
        print(json.dumps(merged), file=sys.stderr, flush=True)
    heldout = []
    sweep = {int(s) for s in args.typo_sweep.split(",") if s}
    for size in [int(s) for s in args.heldout.split(",") if s]:
        settings = [(0, 3)] + ([(n, n) for n in range(6)] if size in sweep else [])
        print(f"held-out size {size:,}: identity recall over {args.heldout_queries} queries, typos {settings}...",
              file=sys.stderr, flush=True)
        heldout.extend(heldout_recall(size, args.heldout_queries, settings))
    report = {"machine": machine(), "queries": args.queries, "results": results, "heldout": heldout}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"machine: {report['machine']['cpu']}, {report['machine']['cores']} cores, {report['machine']['memory']}, "
          f"Python {report['machine']['python']}, rapidfuzz {report['machine']['rapidfuzz']}, "
          f"SQLite {report['machine']['sqlite']}")
    print(table(results, scorers))
    if heldout:
        print(f"\nheld-out data (other seeds, other mutations, half-typed queries with n typos each):\n"
              f"{'clauses':>9} {'typos':>5} {'queries':>7} {'identity ours':>13} {'identity WRatio scan':>20} "
              f"{'ours | scan found':>17} {'score recall':>12} {'top5 p50':>8} {'top5 p95':>8}")
        for h in heldout:
            print(f"{h['size']:>9,} {h['typos']:>5} {h['queries']:>7} {h['identity_ours']:>13} {h['identity_wratio_scan']:>20} "
                  f"{h['identity_of_wratio_found']:>17} {h['score_recall']:>12} {h['top5_p50_ms']:>8} "
                  f"{h['top5_p95_ms']:>8}")
    print(f"\nwritten {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
