"""PDF import benchmark: a ~320-page compilation PDF (the seed texts with a RESOLUTION heading, repeated, laid
out by LibreOffice with a running header, a page-number footer and real footnotes) read and split into its
resolutions, then imported into a fresh library as `cop-drafter library add FILE.pdf` does it.

    .venv/bin/python bench/pdf_bench.py [--pdf PATH] [--repeat N]

The PDF is built once with tools/make_shape_fixtures.py --bench (needs LibreOffice) and cached under
bench/.cache/. Printed: pages, resolutions, seconds and pages/s for extraction alone, for read + split + parse,
and for the library import; peak RSS of the whole process. Targets (issue 11): >= 20 pages/s, <= 300 MB.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CACHE = REPO / "bench" / ".cache" / "compilation-320.pdf"


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6


def build(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, str(REPO / "tools" / "make_shape_fixtures.py"), "--bench", str(path)], check=True,
                   timeout=900)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=CACHE, help="the compilation to read (built when missing)")
    args = parser.parse_args(argv)
    if not args.pdf.exists():
        print(f"building {args.pdf} with LibreOffice ...", file=sys.stderr)
        build(args.pdf)

    from cop_drafter.formats.pdf_reader import pdf_text
    from cop_drafter.formats.reader import read_resolutions
    from cop_drafter.precedents import PrecedentLibrary
    from cop_drafter.precedents.importer import import_paths

    start = time.perf_counter()
    text = pdf_text(args.pdf)
    extract = time.perf_counter() - start
    pages = text.pages

    start = time.perf_counter()
    results = read_resolutions(args.pdf)
    read = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp, PrecedentLibrary.open(Path(tmp) / "library.sqlite3") as library:
        start = time.perf_counter()
        report = import_paths(library, [args.pdf])
        imported = time.perf_counter() - start

    print(f"{args.pdf.name}: {pages} pages, {len(results)} resolutions "
          f"({len(report.added)} added, {len(report.skipped)} already in the library, {len(report.failed)} failed)")
    print(f"{'step':<34} {'seconds':>8} {'pages/s':>9}")
    for label, seconds in (("extract text (pypdfium2)", extract), ("read + split + parse", read),
                           ("library add (read, split, index)", imported)):
        print(f"{label:<34} {seconds:>8.2f} {pages / seconds:>9.1f}")
    print(f"peak RSS {peak_rss_mb():.0f} MB   (targets: >= 20 pages/s, <= 300 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
