"""How long the in-app preview takes to rebuild on a 200-clause draft (it re-renders after each pause in typing).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/preview_bench.py

The draft is the Kigali 2022 seed with its clauses repeated to about 200, every fifth one modified, one
added, one suppressed and one moved. Target: a rebuild well under 100 ms, so the 300 ms debounce plus the
rebuild stays unnoticed on the GUI thread.
"""

from __future__ import annotations

import sys
import time
from statistics import median

from PySide6.QtWidgets import QApplication

from cop_drafter.core.draft import Draft
from cop_drafter.core.model import Clause
from cop_drafter.corpus import SAMPLE_TEXT_ID, corpus_text
from cop_drafter.gui.document import DraftDocument
from cop_drafter.gui.preview import PreviewPane, blocks_of, build_preview, fill_document

REPEAT = 5


def big_draft(clauses: int = 200) -> DraftDocument:
    base = corpus_text(SAMPLE_TEXT_ID).resolution.copy()
    originals = [(s, list(s.clauses)) for s in base.sections]
    while sum(1 for _ in base.clauses()) < clauses:
        for section, kept in originals:
            section.clauses.extend(Clause(c.text, c.label) for c in kept)
    doc = DraftDocument(Draft.revision_of(base))
    uids = [c.uid for _s, c in doc.resolution.clauses()]
    for uid in uids[::5]:
        clause = doc.clause(uid)
        doc.set_text(uid, clause.text.replace(" the ", " the relevant ", 1))
    doc.add_clause_after(uids[10], "to report yearly on the tool;")
    doc.toggle_suppressed(uids[20])
    doc.move_clause(uids[3], -1)
    return doc


def timed(func) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return median(times) * 1000


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    doc = big_draft()
    pane = PreviewPane(doc)
    pane.resize(900, 700)
    pane.show()
    app.processEvents()
    count = sum(1 for _ in doc.resolution.clauses())
    target = list(doc.resolution.clauses())[count // 2][1]
    print(f"draft: {count} clauses")
    print(f"{'mode':<8} {'lines+diff ms':>14} {'Qt fill ms':>11} {'full refresh ms':>16} {'after a keystroke ms':>21}")
    for marked in (False, True):
        pane.set_marked(marked)
        preview = build_preview(doc.draft, marked)
        model = timed(lambda marked=marked: build_preview(doc.draft, marked))
        qt = timed(lambda preview=preview: fill_document(pane.browser.document(), blocks_of(preview)))

        def full() -> None:
            pane._blocks = []  # forget what is shown: rebuild every paragraph
            pane.refresh()
            app.processEvents()

        typed = iter(range(1000))

        def keystroke(typed=typed) -> None:
            doc.set_text(target.uid, f"{target.text.rstrip(';,.')} {next(typed)};")
            pane.refresh()
            app.processEvents()

        row = f"{'marked' if marked else 'clean':<8} {model:>14.1f} {qt:>11.1f} {timed(full):>16.1f}"
        print(f"{row} {timed(keystroke):>21.1f}  ({pane.written} paragraph rewritten)")
    # One clause of 40 KB, modified against its base: the worst case for the refresh after a pause in typing.
    big = target
    base_text = (doc.draft.base_clause(big.uid).text.rstrip(";,.") + " ") * 320
    doc.draft.base_clause(big.uid).text = base_text  # the base as if it had held a 40 KB clause
    from cop_drafter.gui.preview_model import _BASES
    _BASES.clear()
    doc.set_text(big.uid, base_text.replace(" the ", " the relevant ", 40) + ";")
    pane.set_marked(True)
    pane.refresh()
    typed = iter(range(1000))

    def long_keystroke() -> None:
        doc.set_text(big.uid, f"{big.text.rstrip(';,.')} {next(typed)};")
        pane.refresh()
        app.processEvents()

    print(f"marked, a keystroke in a {len(big.text) // 1024} KB modified clause: {timed(long_keystroke):.1f} ms")
    print(f"(median of {REPEAT})")


if __name__ == "__main__":
    main()
