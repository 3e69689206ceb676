"""How long the draft session's file work takes: start-up listing of recovery copies, open (read, hash, lock),
check-before-save, save and autosave, on a real text and on a large synthetic resolution.

    .venv/bin/python bench/session_bench.py

Targets: listing 20 recovery copies of a real draft under 0.5 s (it runs before the window shows; every copy's
draft is parsed, so a damaged one is flagged before Open); open, check and save under 0.1 s for a real draft
(every Ctrl+S hashes the file once more). Times in milliseconds, median of 5.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from statistics import median

from cop_drafter.core.draft import Draft
from cop_drafter.core.model import Clause
from cop_drafter.core.recovery import RecoveryStore
from cop_drafter.core.session import DraftSession
from cop_drafter.corpus import load_corpus
from cop_drafter.formats.project import draft_to_json, save_project

REPEAT = 5


def timed(func) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return median(times)


def big_draft(base: Draft, copies: int) -> Draft:
    """Every clause repeated (each copy a clause of its own): a long resolution as a delegate might build."""
    draft = Draft.revision_of(base.current)
    for section in draft.current.sections:
        section.clauses = [Clause(c.text, c.label) for _ in range(copies) for c in section.clauses]
    return draft


def main() -> None:
    text = max(load_corpus(), key=lambda t: sum(1 for _ in t.resolution.clauses()))
    real = Draft.revision_of(text.resolution)
    rows = []
    for label, draft in (("real text", real), ("synthetic x20", big_draft(real, 20))):
        size = len(draft_to_json(draft).encode())
        with tempfile.TemporaryDirectory() as folder:
            store = RecoveryStore(Path(folder) / "data")
            project = Path(folder) / "draft.copdraft"
            save_project(draft, project)
            for n in range(20):
                store.write(store.key_for(project, f"s{n}"), draft, project, "draft", session=f"s{n}")

            def open_release(project: Path = project, store: RecoveryStore = store) -> None:
                session, _ = DraftSession.open(project, store)
                session.release()

            opening = timed(open_release)
            session, loaded = DraftSession.open(project, store)
            rows.append((label, size, timed(store.entries), opening, timed(session.check_before_save),
                         timed(lambda s=session, d=loaded: s.save(d)),
                         timed(lambda s=session, d=loaded: s.autosave(d))))
            session.release()
    print(f"{'draft':<15}{'JSON bytes':>12}{'list 20 (ms)':>14}{'open':>8}{'check':>8}{'save':>8}{'autosave':>10}")
    for label, size, *times in rows:
        listing, opening, check, save, autosave = (t * 1000 for t in times)
        print(f"{label:<15}{size:>12,}{listing:>14.1f}{opening:>8.1f}{check:>8.1f}{save:>8.1f}{autosave:>10.1f}")


if __name__ == "__main__":
    main()
