"""Quality on hand-made gold data from the seeds: alignment accuracy and half-typed-query recall@3.

    .venv/bin/python bench/quality.py [--json bench/out/quality.json]

- Alignment (bench/gold/align_*.json): for every clause of the older text, is the predicted successor one of the
  acceptable ones (null = suppressed); for every clause the gold marks as new, was it left without predecessor.
- Suggestions (bench/gold/half_typed_queries.json): half-typed clauses (some with typos, reordered words, or a
  short phrase); the library is the OTHER seeds; found when an expected counterpart is in the top 3 suggestions
  or grouped with one of them. The same queries are also ranked by a full scan with other rapidfuzz scorers,
  ungrouped, as the evidence for the choice of scorer (precedent_ratio, see cop_drafter/precedents/index.py).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from rapidfuzz import fuzz  # noqa: E402

from cop_drafter.corpus import corpus_text, load_corpus  # noqa: E402
from cop_drafter.precedents.align import align_resolutions  # noqa: E402
from cop_drafter.precedents.library import PrecedentLibrary  # noqa: E402
from cop_drafter.precedents.scoring import precedent_ratio, scoring_form  # noqa: E402

GOLD = REPO / "bench" / "gold"


def _keys(resolution) -> dict[int, tuple[str, str]]:
    """id(clause) -> (call, label), the second of a duplicated label written 'label#2'."""
    seen: dict[tuple[str, str], int] = {}
    out = {}
    for section, clause in resolution.clauses():
        key = (section.call, clause.label)
        seen[key] = seen.get(key, 0) + 1
        out[id(clause)] = (section.call, clause.label if seen[key] == 1 else f"{clause.label}#{seen[key]}")
    return out


def alignment_accuracy(gold: dict) -> dict:
    old, new = corpus_text(gold["old"]).resolution, corpus_text(gold["new"]).resolution
    old_keys, new_keys = _keys(old), _keys(new)
    rows = align_resolutions(old, new)
    successor = {old_keys[id(r.old)]: (new_keys[id(r.new)] if r.new else None) for r in rows if r.old}
    predecessor = {new_keys[id(r.new)]: (old_keys[id(r.old)] if r.old else None) for r in rows if r.new}
    errors = []
    correct = total = 0
    for item in gold["old_clauses"]:
        key = tuple(item["old"])
        acceptable = [tuple(n) if n else None for n in item["new"]]
        total += 1
        if key not in successor:
            errors.append(f"old {key} not found in the parsed text")
            continue
        if successor[key] in acceptable:
            correct += 1
        else:
            errors.append(f"old {key[0][:30]} {key[1]} -> {successor[key]}, expected {acceptable}")
    for item in gold["added"]:
        key = tuple(item)
        total += 1
        if predecessor.get(key, "missing") is None:
            correct += 1
        else:
            errors.append(f"new {key[0][:30]} {key[1]} paired with {predecessor.get(key)}, expected none")
    covered = len(gold["old_clauses"]) == sum(1 for _ in old.clauses())
    return {"pair": f"{gold['old']} -> {gold['new']}", "accuracy": round(correct / total, 4), "decisions": total,
            "errors": errors, "gold_covers_every_old_clause": covered}


def _library_without(doc_id: str) -> PrecedentLibrary:
    library = PrecedentLibrary.in_memory(bundled=False)
    for text in load_corpus():
        if text.id != doc_id:
            meta = dict(text.meta)
            meta["source_path"] = f"corpus:{text.id}"
            library.add_resolution(text.resolution, meta)
    return library


def _library_before(doc_id: str) -> PrecedentLibrary:
    """The seeds older than `doc_id`: what a delegate drafting that revision had."""
    year = corpus_text(doc_id).meta.get("year") or 0
    library = PrecedentLibrary.in_memory(bundled=False)
    for text in load_corpus():
        if text.id != doc_id and (text.meta.get("year") or 0) < year:
            meta = dict(text.meta)
            meta["source_path"] = f"corpus:{text.id}"
            library.add_resolution(text.resolution, meta)
    return library


def _matches(source, expected: dict, ids: dict[str, str]) -> bool:
    return (ids.get(source.doc_id) == expected["doc"] and source.call == expected["call"]
            and source.label == expected["label"].split("#")[0])


SCORERS = {
    "precedent (ours)": lambda q, c: precedent_ratio(q, c),
    "WRatio": lambda q, c: fuzz.WRatio(q, c, processor=None),
    "partial_ratio": lambda q, c: fuzz.partial_ratio(q, c, processor=None),
    "token_set_ratio": lambda q, c: fuzz.token_set_ratio(q, c, processor=None),
    "partial_token_set_ratio": lambda q, c: fuzz.partial_token_set_ratio(q, c, processor=None),
    "QRatio": lambda q, c: fuzz.QRatio(q, c, processor=None),
}


def query_recall(gold: dict, k: int = 3) -> dict:
    results = []
    per_scorer_hits = {name: 0 for name in SCORERS}
    libraries: dict[str, PrecedentLibrary] = {}
    for item in gold["queries"]:
        library = libraries.get(item["from"])
        if library is None:
            library = libraries[item["from"]] = _library_without(item["from"])
        ids = {d.id: d.source_path.removeprefix("corpus:") for d in library.documents()}
        suggestions = library.suggest(item["query"], limit=k)
        rank = None
        for n, s in enumerate(suggestions, 1):
            if any(_matches(src, e, ids) for src in [s.source, *s.group] for e in item["expected"]):
                rank = n
                break
        results.append({"query": item["query"], "kind": item["kind"], "rank": rank,
                        "top": [f"{s.score:.1f} {s.source.describe()}" for s in suggestions]})
        # Scorer comparison: full scan, ungrouped top k.
        rows = library._rows(list(range(library._index.size)))
        query = scoring_form(item["query"])
        for name, scorer in SCORERS.items():
            ranked = sorted(rows.values(), key=lambda r, s=scorer: -s(query, scoring_form(r.text)))[:k]
            src = [library_source(r) for r in ranked]
            if any(_matches(x, e, ids) for x in src for e in item["expected"]):
                per_scorer_hits[name] += 1
    for library in libraries.values():
        library.close()
    found = sum(1 for r in results if r["rank"] is not None)
    return {"recall_at_3": round(found / len(results), 4), "queries": len(results),
            "by_kind": {kind: f"{sum(1 for r in results if r['kind'] == kind and r['rank'])}/"
                              f"{sum(1 for r in results if r['kind'] == kind)}" for kind in sorted({r['kind'] for r in results})},
            "misses": [r for r in results if r["rank"] is None],
            "scorer_comparison_recall_at_3_ungrouped": {n: round(h / len(results), 4) for n, h in per_scorer_hits.items()},
            "details": results}


TYPO_OPS = ("swap", "drop", "double", "replace")


def with_typos(text: str, n: int, seed: int) -> str:
    """`text` with n typos in n different words of 5+ letters (a tired typist: swapped, dropped, doubled or
    wrong letters), deterministic for a seed."""
    rnd = random.Random(f"{seed}:{n}:{text[:40]}")
    words = text.split(" ")
    targets = [i for i, w in enumerate(words) if sum(ch.isalpha() for ch in w) >= 5]
    for i in rnd.sample(targets, min(n, len(targets))):
        letters = list(words[i])
        spots = [j for j in range(1, len(letters) - 1) if letters[j].isalpha() and letters[j + 1].isalpha()]
        if not spots:
            continue
        j = rnd.choice(spots)
        op = rnd.choice(TYPO_OPS)
        if op == "swap":
            letters[j], letters[j + 1] = letters[j + 1], letters[j]
        elif op == "drop":
            del letters[j]
        elif op == "double":
            letters.insert(j, letters[j])
        else:
            letters[j] = rnd.choice([c for c in "aeiourstnl" if c != letters[j].lower()])
        words[i] = "".join(letters)
    return " ".join(words)


def half_of(text: str) -> str:
    words = text.split()
    return " ".join(words[: max(4, len(words) // 2)])


def anchors(gold: dict, source: str = "aligner") -> dict[tuple[str, str], str]:
    """(call, label) of a newer clause -> the text of the older clause it replaces, as a draft of the newer text started from
    a copy of the older one knows it (each clause keeps its base uid, however it is reworded).

    source "aligner": which older clause a newer one was made from is guessed by the engine's aligner
    (align_resolutions), which leaves most rewrites unpaired: a lower bound. "copy": the gold pairing, i.e.
    what the draft's uid records when the delegate rewrote the older clause in place (then the predecessor IS
    the anchor; the figure shows whether the bonus lifts it into the top 3, not a search result)."""
    old, new = corpus_text(gold["old"]).resolution, corpus_text(gold["new"]).resolution
    old_keys, new_keys = _keys(old), _keys(new)
    if source == "aligner":
        return {new_keys[id(row.new)]: row.old.text for row in align_resolutions(old, new) if row.old and row.new}
    old_by_key = {old_keys[id(c)]: c for _s, c in old.clauses()}
    new_by_key = {new_keys[id(c)]: c for _s, c in new.clauses()}
    out = {}
    for item in gold["old_clauses"]:
        first = next((tuple(n) for n in item["new"] if n), None)  # a split clause keeps its uid in one part
        if first in new_by_key and tuple(item["old"]) in old_by_key:
            out[first] = old_by_key[tuple(item["old"])].text
    return out


def pair_recall(gold: dict, typos: int = 0, seeds: int = 1, k: int = 3,
                library: PrecedentLibrary | None = None, context: bool = True, anchor: str = "") -> dict:
    """Half-typed clauses of the newer text (with `typos` typos each) against the other seeds: is the clause
    they revise (the gold predecessor in the older text) in the top k, grouped or not? The library is the seeds
    older than the newer text (what its drafters had); with `context`, the suggestion knows the clause's call
    and label, as in the GUI; with `anchor` ("aligner" or "copy"), also the clause it replaces (`anchors`)."""
    new_res = corpus_text(gold["new"]).resolution
    keys = _keys(new_res)
    new_by_key = {keys[id(clause)]: clause for _s, clause in new_res.clauses()}
    base_of = anchors(gold, anchor) if anchor else {}
    own = library is None
    library = library or _library_before(gold["new"])
    ids = {d.id: d.source_path.removeprefix("corpus:") for d in library.documents()}
    found = total = 0
    misses = []
    found_scores: list[float] = []
    for item in gold["old_clauses"]:
        expected = {"doc": gold["old"], "call": item["old"][0], "label": item["old"][1]}
        for new_key in item["new"]:
            clause = new_by_key.get(tuple(new_key)) if new_key else None
            if clause is None:
                continue
            for seed in range(seeds):
                query = with_typos(half_of(clause.text), typos, seed)
                suggestions = library.suggest(query, limit=k, context=tuple(new_key) if context else None,
                                              anchor=base_of.get(tuple(new_key), ""))
                total += 1
                hit = next((s for s in suggestions if any(_matches(src, expected, ids)
                                                           for src in [s.source, *s.group])), None)
                if hit is not None:
                    found += 1
                    found_scores.append(round(hit.score, 1))
                else:
                    misses.append({"query": query, "expected": item["old"],
                                   "top": [f"{s.score:.1f} {s.source.describe()}" for s in suggestions]})
    if own:
        library.close()
    return {"pair": f"{gold['old']} -> {gold['new']}", "typos": typos, "recall": round(found / max(total, 1), 4),
            "queries": total, "misses": misses, "found_scores": sorted(found_scores)}


ANCHOR_MODES = {"": "call + position", "aligner": "+ anchor (aligner)", "copy": "+ anchor (copy)"}


def predecessor_sweep(seeds: int = 3) -> dict:
    """Per-pair top-3 predecessor recall 2014 -> 2017 -> 2022 at 0-5 typos, with what the draft knows: the
    clause's call and position, then also its anchor (the clause it replaces, paired by the engine's aligner or
    kept from the draft's copy; see `anchors`); and the lowest score at which a predecessor was found by call and
    position alone (what SCORE_FLOOR in precedents/ranking.py must stay under: an anchored precedent is never
    hidden behind the floor)."""
    from cop_drafter.precedents.ranking import SCORE_FLOOR

    sweep: dict[str, dict[str, list[float]]] = {}
    lowest = 100.0
    for path in sorted(GOLD.glob("align_*.json")):
        gold = json.loads(path.read_text())
        library = _library_before(gold["new"])
        rows: dict[str, list[float]] = {}
        for mode, name in ANCHOR_MODES.items():
            row = []
            for n in range(6):
                result = pair_recall(gold, n, seeds=seeds if n else 1, library=library, anchor=mode)
                row.append(result["recall"])
                if not mode:
                    lowest = min([lowest, *result["found_scores"]])
            rows[name] = row
        library.close()
        sweep[f"{gold['old']} -> {gold['new']}"] = rows
    return {"sweep": sweep, "lowest_found_score": lowest, "floor": SCORE_FLOOR}


def library_source(row):
    from cop_drafter.precedents.results import Source

    return Source.from_row(row)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", default=str(REPO / "bench" / "out" / "quality.json"))
    parser.add_argument("--seeds", type=int, default=3, help="typo draws per clause and typo count")
    args = parser.parse_args()
    report = {"alignment": [alignment_accuracy(json.loads(p.read_text())) for p in sorted(GOLD.glob("align_*.json"))],
              "suggest": query_recall(json.loads((GOLD / "half_typed_queries.json").read_text())),
              "predecessors": predecessor_sweep(args.seeds)}
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"{'alignment':<70} {'accuracy':>9} {'decisions':>9}")
    for a in report["alignment"]:
        print(f"{a['pair']:<70} {a['accuracy']:>9.3f} {a['decisions']:>9}")
        for e in a["errors"]:
            print(f"    error: {e}")
    s = report["suggest"]
    print(f"\nhalf-typed queries: recall@3 = {s['recall_at_3']:.3f} over {s['queries']} queries; by kind {s['by_kind']}")
    for m in s["misses"]:
        print(f"    miss: {m['query'][:70]!r} -> {m['top'][:3]}")
    print("\nscorer comparison (full scan, ungrouped top 3):")
    for name, value in s["scorer_comparison_recall_at_3_ungrouped"].items():
        print(f"    {name:<26} {value:.3f}")
    p = report["predecessors"]
    print("\npredecessor in the top 3 (half-typed clauses of the newer text, n typos each, library = older seeds):")
    print(f"{'pair':<62} {'knows':<20} " + " ".join(f"{n} typos".rjust(8) for n in range(6)))
    for pair, rows in p["sweep"].items():
        for name, row in rows.items():
            print(f"{pair:<62} {name:<20} " + " ".join(f"{v:>8.3f}" for v in row))
    print(f"score floor: lowest score of a predecessor found in the top 3 = {p['lowest_found_score']} "
          f"(SCORE_FLOOR = {p['floor']})")
    print(f"\nwritten {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
