"""Soak: a long scripted session in the real main window, to find leaks, slowdowns and event-loop stalls.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/soak.py [--events 10000] [--size 100000]
                                                             [--source auto|engine|index] [--json out.json]

Opens a revision of Resolution 67 (Rev. Kigali, 2022) and drives the document controller (the same methods the
widgets call, each a QUndoCommand) with a seeded random mix of events: clause edits, precedent suggestions
against a `--size`-clause synthetic library (bench/synthetic.py) on the worker thread, added, deleted, moved,
demoted/promoted and suppressed clauses, undo and redo; every 1,000 events it autosaves and saves the project.
A 5 ms heartbeat timer on the UI thread measures stalls (how late a tick fires: what the delegate would feel).

Reported: peak RSS, RSS growth from the end of warm-up (first 1,000 events) to the end, the slowest stall and
its p99, the slowest single event, and two integrity checks: undoing every step gives back the text as opened,
redoing every step gives back the final text.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from gui_bench import TICK_MS, Heartbeat, SuggestOnlySource  # noqa: E402  (bench/ is on sys.path)

GAP_MS = 2  # event loop time between scripted events (signals, repaints, worker answers)
WEIGHTS = {
    "edit": 40, "suggest": 15, "add": 7, "delete": 4, "move": 5, "demote": 2, "promote": 2, "suppress": 5,
    "undo": 12, "redo": 8,
}


def rss_mb() -> float:
    """Current resident set size (Linux /proc; falls back to the peak elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except (OSError, ValueError):
        return peak_rss_mb()


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6  # bytes on macOS, KiB on Linux


class IndexSource(SuggestOnlySource):
    """The engine's token index over the synthetic library (used while the engine's library class is absent)."""

    def __init__(self, texts: list[str], sources: list[str]) -> None:
        from cop_drafter.precedents.index import TokenIndex

        self.texts, self.sources = texts, sources
        self.index = TokenIndex()
        self.index.add_many(texts)

    def suggest(self, text: str, limit: int):
        from cop_drafter.gui.precedents import SuggestionView

        return [SuggestionView(score, self.texts[p], self.sources[p]) for p, score in self.index.top(text, limit, 200)]


def synthetic_library(size: int) -> tuple[list, list[str], list[str]]:
    """The synthetic documents and clauses (bench/synthetic.py), with each clause's text and source line."""
    from synthetic import generate

    docs, clauses = generate(size)
    return docs, clauses, [c.text for c in clauses], [f"{docs[c.doc].document}, {c.call} {c.label}" for c in clauses]


def build_source(kind: str, size: int):
    """The precedent source the window's worker thread queries: the real engine, or the bare token index."""
    from cop_drafter.gui.precedents import EngineSource

    if kind == "auto":
        kind = "engine"
    started = time.perf_counter()
    docs, clauses, texts, sources = synthetic_library(size)
    if kind == "engine":
        from cop_drafter.core.calls import call_kind
        from cop_drafter.core.model import SectionKind
        from cop_drafter.precedents import PrecedentLibrary

        rows: dict[int, list[tuple[str, str, str, str]]] = {}
        for c in clauses:
            rows.setdefault(c.doc, []).append((c.call, (call_kind(c.call) or SectionKind.PREAMBLE).value, c.label, c.text))
        library = PrecedentLibrary.in_memory()
        library.add_documents(
            ({"document": d.document, "body": d.body, "number": d.number, "place": d.place, "year": d.year,
              "revision": False, "title": "synthetic"}, rows.get(n, []))
            for n, d in enumerate(docs)
        )
        source = EngineSource(library)
    else:
        source = IndexSource(texts, sources)
    return kind, source, time.perf_counter() - started


class Session:
    """The scripted delegate: picks an event, applies it through the controller, remembers what it did."""

    def __init__(self, window, rng: random.Random, phrases: list[str]) -> None:
        self.window, self.rng, self.phrases = window, rng, phrases
        self.counts: dict[str, int] = dict.fromkeys(WEIGHTS, 0)
        self.sent = 0

    @property
    def doc(self):
        return self.window.doc

    def clause_uids(self) -> list[str]:
        return [c.uid for _s, c in self.doc.draft.current.clauses()]

    def step(self) -> str:
        kind = self.rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
        uids = self.clause_uids()
        uid = self.rng.choice(uids) if uids else None
        doc, stack = self.doc, self.doc.undo_stack
        if kind == "edit" and uid:
            words = doc.clause(uid).text.split()
            cut = self.rng.randint(0, len(words))
            doc.set_text(uid, " ".join(words[:cut] + self.rng.choice(self.phrases).split()[:6] + words[cut:]))
        elif kind == "suggest" and uid:
            self.window.service.send("suggest", (" ".join(doc.clause(uid).text.split()[:12]), 10))
            self.sent += 1
        elif kind == "add":
            doc.add_clause_after(uid, self.rng.choice(self.phrases))
        elif kind == "delete" and uid and len(uids) > 20:
            doc.delete_clause(uid)
        elif kind == "move" and uid:
            doc.move_clause(uid, self.rng.choice((-1, 1)))
        elif kind == "demote" and uid:
            doc.demote(uid)
        elif kind == "promote" and uid:
            doc.promote(uid)
        elif kind == "suppress" and uid and doc.draft.base_clause(uid) is not None:
            doc.toggle_suppressed(uid)
        elif kind == "undo" and stack.canUndo():
            stack.undo()
        elif kind == "redo" and stack.canRedo():
            stack.redo()
        else:
            return "skip"
        self.counts[kind] += 1
        return kind


class UndoTrace:
    """The text as it was at each index of the undo stack (compressed), to replay redo one step at a time."""

    def __init__(self) -> None:
        self.states: dict[int, bytes] = {}

    def record(self, stack, state: dict) -> None:
        for index in [i for i in self.states if i > stack.count()]:
            del self.states[index]  # a push dropped the redo tail
        self.states[stack.index()] = zlib.compress(json.dumps(state, sort_keys=True).encode())

    def replay(self, stack, snapshot, end: int) -> str:
        stack.setIndex(0)
        for index in range(1, end + 1):
            stack.redo()
            want = self.states.get(index)
            if want is not None and json.loads(zlib.decompress(want)) != snapshot():
                return (f"redo of step {index} ({stack.command(index - 1).text()!r}, after "
                        f"{stack.command(index - 2).text()!r}): "
                        + first_difference(json.loads(zlib.decompress(want)), snapshot()))
        return "none found stepping one redo at a time"


def first_difference(a: object, b: object, path: str = "") -> str:
    """Where two model dicts first differ, for a readable integrity failure."""
    if type(a) is not type(b):
        return f"{path}: {a!r:.120} != {b!r:.120}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b), key=str):
            if a.get(key) != b.get(key):
                return first_difference(a.get(key), b.get(key), f"{path}.{key}")
    elif isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)} items"
        for n, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return first_difference(x, y, f"{path}[{n}]")
    return f"{path}: {a!r:.120} != {b!r:.120}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--source", choices=("auto", "engine", "index"), default="auto")
    parser.add_argument("--seed", type=int, default=67)
    parser.add_argument("--json", default="")
    parser.add_argument("--trace-undo", action="store_true",
                        help="record the text at every undo index, to name the first command whose redo diverges")
    args = parser.parse_args(argv)

    home = Path(tempfile.mkdtemp(prefix="cop-drafter-soak-"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(home / name.lower())
    os.environ["COP_DRAFTER_LIBRARY"] = str(home / "library.sqlite3")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QSettings, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication
    from synthetic import queries

    from cop_drafter.core.serialize import resolution_to_dict
    from cop_drafter.gui.mainwindow import MainWindow

    print(f"building a {args.size:,}-clause precedent library…", flush=True)
    source_kind, source, build_s = build_source(args.source, args.size)
    rss_library = rss_mb()

    # The offscreen platform warns on every dock resize; keep the soak's output readable.
    qInstallMessageHandler(lambda _mode, _ctx, message: None if "propagateSizeHints" in message
                           else sys.stderr.write(message + "\n"))
    app = QApplication.instance() or QApplication([sys.argv[0]])
    window = MainWindow(QSettings(str(home / "s.ini"), QSettings.Format.IniFormat), home / "data",
                        source_factory=lambda: source, autosave_ms=3_600_000)
    window.resize(1366, 768)
    window.show()
    window.new_revision()
    window.doc.undo_stack.setUndoLimit(0)  # unlimited, as in the app: every step must stay undoable
    app.processEvents()
    opened = resolution_to_dict(window.doc.draft.current, with_uid=True)
    clauses_at_open = sum(1 for _ in window.doc.draft.current.clauses())

    answered = [0]
    window.service.result.connect(lambda kind, _r: answered.__setitem__(0, answered[0] + (kind == "suggest")))
    heartbeat = Heartbeat(TICK_MS)
    stalls = heartbeat.stalls

    session = Session(window, random.Random(args.seed), [q for _k, q in queries(200)])
    samples: list[tuple[int, float, float]] = []  # events, seconds, RSS MB
    slowest_event = (0.0, "")
    trace = UndoTrace()
    stall_by_kind: dict[str, float] = {}
    started = time.perf_counter()
    heartbeat.start()
    for n in range(1, args.events + 1):
        t0 = time.perf_counter()
        kind = session.step()
        took = (time.perf_counter() - t0) * 1000
        if took > slowest_event[0]:
            slowest_event = (took, kind)
        before = len(stalls)
        deadline = time.perf_counter() + GAP_MS / 1000
        while time.perf_counter() < deadline:
            app.processEvents()
        worst = max(stalls[before:], default=0.0)
        if worst > stall_by_kind.get(kind, 0.0):
            stall_by_kind[kind] = worst
        if args.trace_undo:
            trace.record(window.doc.undo_stack, resolution_to_dict(window.doc.draft.current, with_uid=True))
        if n % 1000 == 0:
            window.doc.undo_stack.index()  # keep the stack as it is; autosave and save what it holds
            window._autosave_pending = True
            assert window.autosave(), "autosave failed"
            assert window._save_to(home / "soak.copdraft"), "save failed"
            samples.append((n, time.perf_counter() - started, rss_mb()))
            print(f"  {n:>6} events  {samples[-1][1]:6.1f} s  RSS {samples[-1][2]:7.1f} MB  "
                  f"undo steps {window.doc.undo_stack.count():>5}", flush=True)
    heartbeat.stop()
    elapsed = time.perf_counter() - started

    final = resolution_to_dict(window.doc.draft.current, with_uid=True)
    clauses_at_end = sum(1 for _ in window.doc.draft.current.clauses())
    stack = window.doc.undo_stack
    end_index = stack.index()  # the session may end after some undos: redo back to here, not to the top
    t0 = time.perf_counter()
    stack.setIndex(0)
    undo_all_s = time.perf_counter() - t0
    undo_ok = resolution_to_dict(window.doc.draft.current, with_uid=True) == opened
    t0 = time.perf_counter()
    stack.setIndex(end_index)
    redo_all_s = time.perf_counter() - t0
    redone = resolution_to_dict(window.doc.draft.current, with_uid=True)
    redo_ok = redone == final
    if not undo_ok or not redo_ok:
        print("integrity:", first_difference(final, redone) if not redo_ok else "", flush=True)
        if args.trace_undo:
            print("first divergence:", trace.replay(stack, lambda: resolution_to_dict(window.doc.draft.current,
                                                                                      with_uid=True), end_index))
    window.doc.undo_stack.setClean()
    window.service.shutdown()
    window.close()

    stalls.sort()
    warm = samples[0][2] if samples else rss_library
    result = {
        "events": args.events,
        "library_clauses": args.size,
        "source": source_kind,
        "library_build_s": round(build_s, 1),
        "session_s": round(elapsed, 1),
        "events_by_kind": session.counts,
        "suggestions_sent": session.sent,
        "suggestions_answered": answered[0],
        "undo_steps_at_end": stack.count(),
        "clauses_at_open": clauses_at_open,
        "clauses_at_end": clauses_at_end,
        "rss_after_library_mb": round(rss_library, 1),
        "rss_after_warmup_mb": round(warm, 1),
        "rss_at_end_mb": round(samples[-1][2], 1) if samples else None,
        "rss_growth_after_warmup_mb": round(samples[-1][2] - warm, 1) if samples else None,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "stall_max_ms": round(stalls[-1], 1) if stalls else 0.0,
        "stall_p99_ms": round(stalls[int(len(stalls) * 0.99) - 1], 1) if stalls else 0.0,
        "worst_stall_by_event_ms": {k: round(v, 1) for k, v in sorted(stall_by_kind.items(), key=lambda kv: -kv[1])},
        "slowest_event_ms": round(slowest_event[0], 1),
        "slowest_event_kind": slowest_event[1],
        "undo_all_s": round(undo_all_s, 2),
        "undo_all_restores_opened_text": undo_ok,
        "redo_all_s": round(redo_all_s, 2),
        "redo_all_restores_final_text": redo_ok,
        "rss_samples": [{"events": e, "s": round(s, 1), "rss_mb": round(r, 1)} for e, s, r in samples],
    }
    width = max(len(k) for k in result)
    for key, value in result.items():
        if key != "rss_samples":
            print(f"{key:<{width}}  {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1), encoding="utf-8")
    shutil.rmtree(home, ignore_errors=True)
    return 0 if undo_ok and redo_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
