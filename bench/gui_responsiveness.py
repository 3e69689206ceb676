"""Does the UI stay responsive while a delegate types against a large precedent library?

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_responsiveness.py [--size 100000] [--source engine|scan]
                                                                            [--cps 8] [--json out.json]

Opens the real main window on a revision of Resolution 67 (Rev. Kigali, 2022), then types half clauses into
the clause editor key by key at `--cps` characters a second, exactly as QTest delivers keystrokes, while a
heartbeat timer on the UI thread ticks every 5 ms. A stall is the delay of a tick beyond its interval, i.e.
the time the event loop could not react to the user. Suggestions run on the worker thread against a library
of `--size` synthetic clauses (bench/synthetic.py):

- `engine`: the real `cop_drafter.precedents.PrecedentLibrary` built from the synthetic clauses;
- `scan`: the naive full rapidfuzz scan (`process.extract` over every clause), the worst case for the GIL.

Target (issue 5): no stall over 50 ms. Prints a table and optionally writes JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from gui_bench import TICK_MS, Heartbeat, SuggestOnlySource  # noqa: E402  (bench/ is on sys.path)

TARGET_MS = 50.0


class ScanSource(SuggestOnlySource):
    """Full-scan rapidfuzz over every clause: what the engine exists to avoid."""

    def __init__(self, texts: list[str], sources: list[str]) -> None:
        self.texts, self.sources = texts, sources

    def suggest(self, text: str, limit: int):
        from rapidfuzz import fuzz, process

        from cop_drafter.gui.precedents import SuggestionView

        hits = process.extract(text, self.texts, scorer=fuzz.WRatio, limit=limit)
        return [SuggestionView(score, choice, self.sources[i]) for choice, score, i in hits]


def _synthetic(size: int):
    from synthetic import generate

    docs, clauses = generate(size)
    texts = [c.text for c in clauses]
    sources = [f"{docs[c.doc].document}, {c.call} {c.label}" for c in clauses]
    return docs, clauses, texts, sources


def _engine_library(size: int):
    """The real engine holding the bundled corpus plus `size` synthetic clauses (bulk import, in memory)."""
    from cop_drafter.core.calls import call_kind
    from cop_drafter.core.model import SectionKind
    from cop_drafter.precedents import PrecedentLibrary

    docs, clauses, _texts, _sources = _synthetic(size)
    by_doc: dict[int, list] = {}
    for clause in clauses:
        by_doc.setdefault(clause.doc, []).append(clause)
    started = time.perf_counter()
    library = PrecedentLibrary.in_memory()
    documents = []
    for n, doc in enumerate(docs):
        meta = {"document": doc.document, "body": doc.body, "number": doc.number, "place": doc.place,
                "year": doc.year, "revision": False, "title": "synthetic"}
        rows = [(c.call, (call_kind(c.call) or SectionKind.PREAMBLE).value, c.label, c.text)
                for c in by_doc.get(n, [])]
        documents.append((meta, rows))
    library.add_documents(documents)
    return library, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--source", choices=("engine", "scan", "auto"), default="auto")
    parser.add_argument("--cps", type=float, default=8.0, help="characters typed per second")
    parser.add_argument("--queries", type=int, default=12, help="half clauses to type")
    parser.add_argument("--json", default="")
    args = parser.parse_args(argv)

    home = Path(tempfile.mkdtemp(prefix="cop-drafter-bench-"))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(home / name.lower())
    os.environ["COP_DRAFTER_LIBRARY"] = str(home / "library.sqlite3")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from synthetic import queries

    from cop_drafter.gui.mainwindow import MainWindow
    from cop_drafter.gui.precedents import EngineSource

    source_kind = args.source
    if source_kind == "auto":
        source_kind = "engine"

    print(f"building a {args.size:,}-clause library ({source_kind})…", flush=True)
    started = time.perf_counter()
    if source_kind == "engine":
        library, build_s = _engine_library(args.size)
        source = EngineSource(library)
    else:
        _docs, _clauses, texts, sources = _synthetic(args.size)
        source = ScanSource(texts, sources)
        build_s = time.perf_counter() - started

    app = QApplication.instance() or QApplication([sys.argv[0]])
    # Built on this thread, used on the worker thread: the engine locks its own SQLite connection.
    window = MainWindow(QSettings(str(home / "s.ini"), QSettings.Format.IniFormat), home / "data",
                        source_factory=lambda: source)
    window.resize(1366, 768)
    window.show()
    window.new_revision()
    app.processEvents()
    editor = window.editor.clause_page.text
    panel = window.precedents
    answered: list[float] = []
    sent_at: dict[str, float] = {}

    def on_result(kind: str, _result: object) -> None:
        if kind == "suggest" and panel.sent_query in sent_at:
            answered.append((time.perf_counter() - sent_at.pop(panel.sent_query)) * 1000)

    window.service.result.connect(on_result)
    original_send = panel._send_suggest

    def timed_send() -> None:
        sent_at[" ".join(panel.query.split())] = time.perf_counter()
        original_send()

    panel.timer.timeout.disconnect()
    panel.timer.timeout.connect(timed_send)

    heartbeat = Heartbeat(TICK_MS)
    stalls = heartbeat.stalls

    texts = [q for _kind, q in queries(args.queries)]
    keystrokes: list[float] = []
    delay_ms = int(1000 / args.cps)
    heartbeat.start()
    typed = 0
    for text in texts:
        editor.setFocus()
        editor.selectAll()
        QTest.keyClick(editor, Qt.Key.Key_Delete)
        for char in text:
            t0 = time.perf_counter()
            QTest.keyClicks(editor, char)
            keystrokes.append((time.perf_counter() - t0) * 1000)
            typed += 1
            deadline = time.perf_counter() + delay_ms / 1000
            while time.perf_counter() < deadline:
                app.processEvents()
                time.sleep(0.001)
        pause = time.perf_counter() + 0.6  # the delegate reads the suggestions
        while time.perf_counter() < pause:
            app.processEvents()
            time.sleep(0.001)
    heartbeat.stop()
    window.doc.undo_stack.setClean()
    window.close()

    stalls.sort()
    result = {
        "library_clauses": args.size,
        "source": source_kind,
        "build_s": round(build_s, 2),
        "typed_chars": typed,
        "chars_per_second": args.cps,
        "heartbeat_ms": TICK_MS,
        "ticks": len(stalls),
        "stall_max_ms": round(stalls[-1], 1) if stalls else 0.0,
        "stall_p99_ms": round(stalls[int(len(stalls) * 0.99) - 1], 1) if stalls else 0.0,
        "stalls_over_50ms": sum(1 for s in stalls if s > TARGET_MS),
        "keystroke_max_ms": round(max(keystrokes), 1),
        "keystroke_median_ms": round(statistics.median(keystrokes), 2),
        "suggestions_answered": len(answered),
        "suggest_latency_median_ms": round(statistics.median(answered), 1) if answered else None,
        "suggest_latency_max_ms": round(max(answered), 1) if answered else None,
    }
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    verdict = "PASS" if result["stalls_over_50ms"] == 0 else "FAIL"
    print(f"{verdict}: longest event-loop stall {result['stall_max_ms']} ms (target <= {TARGET_MS:.0f} ms)")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    raise SystemExit(main())
