"""How parsing time grows with the number of clauses: it must grow linearly (issue 10, reproduction 7).

    .venv/bin/python bench/parse_bench.py [--sizes 10000,40000,100000]

Resolutions of 10k, 40k and 100k clauses are made from the seed texts' own clauses (resources/corpus), one
operative section numbered 1..N, written as .txt and as .docx (with our CleanResolutionExporter), then read back
with the product's readers. The table shows seconds and seconds per 10k clauses: a flat last column is linear.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from cop_drafter.core.model import Clause, Header, Resolution, Section, SectionKind
from cop_drafter.corpus import load_corpus
from cop_drafter.docx.exporters import CleanResolutionExporter
from cop_drafter.formats.docx_reader import read_docx
from cop_drafter.formats.text_parser import parse_text
from cop_drafter.formats.text_writer import to_plain_text


def seed_clauses() -> list[str]:
    texts = [c.text.rstrip(";,.") for doc in load_corpus() for _s, c in doc.resolution.clauses() if c.text]
    return [t for t in texts if t[:1].islower()]


def synthetic(count: int, seeds: list[str]) -> Resolution:
    preamble = Section("considering", SectionKind.PREAMBLE, [Clause(f"{seeds[0]};", "a)")])
    clauses = [Clause(f"{seeds[n % len(seeds)]};", str(n + 1)) for n in range(count - 1)]
    clauses[-1].text = clauses[-1].text.rstrip(";") + "."
    operative = Section("resolves", SectionKind.OPERATIVE, clauses)
    header = Header(doc_type="RESOLUTION", number="67", revision=True, place="Kigali", year=2022,
                    title="Role of the ITU in child online protection",
                    conference_line="The World Telecommunication Development Conference (Kigali, 2022),",
                    body="World Telecommunication Development Conference")
    return Resolution(header=header, sections=[preamble, operative])


def timed(read, source) -> tuple[float, int]:
    """Seconds to read `source`, and how many clauses were read."""
    start = time.perf_counter()
    resolution = read(source)
    return time.perf_counter() - start, sum(1 for _ in resolution.clauses())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,40000,100000")
    args = parser.parse_args()
    seeds = seed_clauses()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for count in (int(s) for s in args.sizes.split(",")):
            model = synthetic(count, seeds)
            text = to_plain_text(model)
            docx = Path(folder) / f"synthetic_{count}.docx"
            CleanResolutionExporter(model).export(docx)
            for fmt, read, source in (("txt", parse_text, text), ("docx", read_docx, docx)):
                seconds, got = timed(read, source)
                if got != count:
                    raise SystemExit(f"{fmt}: read {got} clauses of {count}")
                rows.append((count, fmt, seconds, seconds / count * 10_000))
    print(f"{'clauses':>8}  {'format':<6} {'seconds':>8}  {'s per 10k':>9}")
    for count, fmt, seconds, per in rows:
        print(f"{count:>8}  {fmt:<6} {seconds:>8.2f}  {per:>9.3f}")


if __name__ == "__main__":
    main()
