"""Import benchmark: a folder of text files into the library, as `cop-drafter library add FOLDER` does it, and
(--gui) the same import in the real main window, behind its progress dialog, with an event-loop heartbeat.

    .venv/bin/python bench/import_bench.py [--files 1000] [--gui] [--json out.json]

The files are the five seed texts with variations (a few words inserted in a few clauses, seeded, so every file
is a distinct text that reads to the seed's structure), in nested folders of 100. Printed: files/s, texts added,
peak RSS of the process (the whole process: Python, Qt and the library), and with --gui the slowest event-loop
stall while the import ran. Targets (issue 11): >= 30 text files/s, <= 300 MB, no stall over 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6


def make_archive(folder: Path, count: int, seed: int = 11) -> list[Path]:
    """`count` text files under `folder` (subfolders of 100), each a seed text with a few words inserted."""
    rng = random.Random(seed)
    seeds = sorted((REPO / "resources" / "corpus").glob("*.txt"))
    raws = [p.read_text(encoding="utf-8").splitlines() for p in seeds]
    vocab = sorted({w for lines in raws for line in lines for w in line.split() if w.isalpha() and len(w) > 3})
    paths = []
    for n in range(count):
        base = n % len(raws)
        lines = list(raws[base])
        long_lines = [i for i, line in enumerate(lines) if len(line.split()) >= 10]
        for i in rng.sample(long_lines, min(3, len(long_lines))):
            words = lines[i].split(" ")
            at = rng.randrange(len(words) // 2, len(words))
            words.insert(at, rng.choice(vocab))
            lines[i] = " ".join(words)
        target = folder / f"batch-{n // 100:02d}" / f"text-{n:04d}-{seeds[base].stem[:3]}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(target)
    return paths


def bench_core(folder: Path, library_path: Path) -> dict:
    from cop_drafter.precedents import PrecedentLibrary
    from cop_drafter.precedents.importer import import_paths

    with PrecedentLibrary.open(library_path) as library:
        start = time.perf_counter()
        result = import_paths(library, [folder])
        seconds = time.perf_counter() - start
    return {"files": result.files, "added": len(result.added), "skipped": len(result.skipped),
            "failed": len(result.failed), "seconds": round(seconds, 2), "files_per_s": round(result.files / seconds, 1),
            "peak_rss_mb": round(peak_rss_mb(), 1)}


def bench_gui(folder: Path, data: Path) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["COP_DRAFTER_LIBRARY"] = str(data / "gui-library.sqlite3")
    from gui_bench import Heartbeat
    from PySide6.QtCore import QSettings, QStandardPaths
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    QStandardPaths.setTestModeEnabled(True)
    from cop_drafter.gui.mainwindow import MainWindow

    window = MainWindow(QSettings(str(data / "settings.ini"), QSettings.Format.IniFormat), data / "data")
    window.resize(1366, 768)
    window.show()
    ready = []
    window.service.ready.connect(lambda _s: ready.append(True))
    deadline = time.monotonic() + 60
    while not ready and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    heartbeat = Heartbeat()
    results = []
    window.import_controller.finished.connect(results.append)
    heartbeat.start()
    start = time.perf_counter()
    window.import_paths([folder])
    while not results and time.perf_counter() - start < 600:
        app.processEvents()
        time.sleep(0.001)
    seconds = time.perf_counter() - start
    heartbeat.stop()
    result = results[0]
    stalls = sorted(heartbeat.stalls)
    report = window.import_controller.report
    if report is not None:
        report.close()
    window.close()
    return {"files": result.files, "added": len(result.added), "seconds": round(seconds, 2),
            "files_per_s": round(result.files / seconds, 1), "max_stall_ms": round(stalls[-1], 1),
            "p99_stall_ms": round(stalls[int(len(stalls) * 0.99)], 1), "ticks": len(stalls),
            "peak_rss_mb": round(peak_rss_mb(), 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--gui", action="store_true", help="also import in the main window, with a heartbeat")
    parser.add_argument("--json", metavar="OUT", help="write the results as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        make_archive(root / "archive", args.files)
        print(f"made {args.files} files in {time.perf_counter() - start:.1f} s; load {os.getloadavg()[0]:.2f}")
        results = {"core": bench_core(root / "archive", root / "library.sqlite3")}
        print(f"library add FOLDER: {results['core']}")
        if args.gui:
            results["gui"] = bench_gui(root / "archive", root)
            print(f"GUI import:         {results['gui']}")
    print("| run | files | added | s | files/s | peak RSS MB | max stall ms |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, r in results.items():
        print(f"| {name} | {r['files']} | {r['added']} | {r['seconds']} | {r['files_per_s']} | {r['peak_rss_mb']} "
              f"| {r.get('max_stall_ms', '-')} |")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
