"""SIGKILL during save and autosave, hundreds of times: the draft is always the old or the new version, never corrupt,
and the recovery file holds the latest edits.

A helper process imports the app once and forks a worker per round (so 200+ kills fit in well under a minute).
The worker edits a draft in a loop: every edit is autosaved to the recovery store, every second edit also saved
over the project file, reporting on a pipe when each write starts and ends. The test kills the worker with SIGKILL
after a random delay, then checks the files on disk against what the worker reported: the project and the recovery
copy each hold one complete version, the last finished one or the one being written, never anything between.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from cop_drafter.core.model import ParseError
from cop_drafter.formats.atomic import STALE_TEMP_SECONDS, write_text_atomic
from cop_drafter.formats.project import load_project, save_project
from cop_drafter.gui.recovery import RecoveryStore

KILLS = int(os.environ.get("COP_CRASH_KILLS", "220"))
EDITED = 6  # clauses touched per edit

# The helper: imports once, then forks one saving worker per "go" line; reports PID and death on stdout.
HELPER = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path
    from cop_drafter.core.draft import Draft
    from cop_drafter.corpus import load_corpus
    from cop_drafter.formats.project import draft_from_json, load_project, save_project
    from cop_drafter.gui.recovery import RecoveryStore

    EDITED = int(sys.argv[3])
    project, store = Path(sys.argv[1]), RecoveryStore(Path(sys.argv[2]))
    key = store.key_for(project)
    base = next(t for t in load_corpus() if t.id.endswith("kigali-2022")).resolution

    def version_of(load, path):
        try:
            return int(load(path).meta.title[1:])
        except Exception:
            return 0

    def load_recovery(path):
        return draft_from_json(json.loads(path.read_text(encoding="utf-8"))["project"])

    def apply(draft, v):
        # Every edit rewrites several clauses, the reasons and a field whose length changes, so a torn
        # write could not pass for a complete version.
        for n, (_s, clause) in enumerate(list(draft.current.clauses())[:EDITED]):
            clause.text = f"{n} edit {v}: " + "x" * (v % 37)
            draft.reasons[clause.uid] = f"reason {v}"
        draft.meta.title = f"v{v}"
        draft.meta.summary = "summary " * (v % 500)

    def say(line):
        os.write(1, (line + "\\n").encode())

    def work():
        draft = Draft.revision_of(base.copy(), "corpus")
        v = max(version_of(load_project, project), version_of(load_recovery, store.path_for(key))) + 1
        say("RUN")
        while True:
            apply(draft, v)
            say(f"a {v}")
            store.write(key, draft, project, f"v{v}")
            say(f"A {v}")
            if v % 2 == 0:
                say(f"s {v}")
                save_project(draft, project)
                say(f"S {v}")
            v += 1

    say("READY")
    for line in sys.stdin:
        gate_r, gate_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(gate_w)
                os.read(gate_r, 1)  # start only once the PID line is out, so it comes first
                work()
            finally:
                os._exit(1)
        os.close(gate_r)
        say(f"PID {pid}")
        os.write(gate_w, b"x")
        os.close(gate_w)
        _, status = os.waitpid(pid, 0)
        say(f"DEAD {pid} {os.WIFSIGNALED(status) and os.WTERMSIG(status)}")
    """
)


def read_line(proc: subprocess.Popen, timeout: float = 20) -> str:
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, "the helper stopped answering"
    line = proc.stdout.readline()
    assert line, "the helper died"
    return line.decode().strip()


def parent_of(pid: int) -> int | None:
    """The parent PID from /proc (None where there is no /proc): a guard before sending SIGKILL."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("PPid:"))


def check_version(draft, v: int) -> None:
    """Every field the worker writes belongs to the same version v."""
    assert draft.meta.title == f"v{v}"
    assert draft.meta.summary == "summary " * (v % 500)
    edited = list(draft.current.clauses())[:EDITED]
    assert [c.text for _s, c in edited] == [f"{n} edit {v}: " + "x" * (v % 37) for n in range(len(edited))]
    assert all(draft.reasons[c.uid] == f"reason {v}" for _s, c in edited)


def on_disk_version(load, path: Path) -> int:
    draft = load(path)
    v = int(draft.meta.title[1:])
    check_version(draft, v)
    return v


@pytest.mark.slow
def test_sigkill_during_save_and_autosave_never_corrupts(tmp_path):
    project = tmp_path / "Projet de révision 67.copdraft"
    data = tmp_path / "app data"
    store = RecoveryStore(data)
    helper = subprocess.Popen(
        [sys.executable, "-c", HELPER, str(project), str(data), str(EDITED)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    rng = random.Random(67)
    phases = {"saving": 0, "autosaving": 0, "between": 0}
    restores = {"recovery file": 0, "project file": 0}
    saved, autosaved = 0, 0  # last versions the worker finished writing
    started = time.monotonic()
    try:
        assert read_line(helper) == "READY"
        for _ in range(KILLS):
            helper.stdin.write(b"go\n")
            helper.stdin.flush()
            first = read_line(helper)
            assert first.startswith("PID "), first
            pid = int(first.split()[1])
            assert parent_of(pid) in (helper.pid, None), "refusing to kill a process that is not our worker"
            assert read_line(helper) == "RUN"
            time.sleep(rng.uniform(0.0, 0.04) if saved else 0.3)  # let the first round reach a save
            os.kill(pid, signal.SIGKILL)
            lines = []
            while not (line := read_line(helper)).startswith("DEAD"):
                lines.append(line)
            assert line.split()[2] == str(int(signal.SIGKILL)), f"the worker died of something else: {lines[-3:]}"

            in_save = in_autosave = None
            for line in lines:
                op, v = line.split()[0], int(line.split()[1])
                if op == "a":
                    in_autosave = v
                elif op == "A":
                    autosaved, in_autosave = v, None
                elif op == "s":
                    in_save = v
                elif op == "S":
                    saved, in_save = v, None
            phases["saving" if in_save else "autosaving" if in_autosave else "between"] += 1

            project_v = on_disk_version(load_project, project) if saved or in_save else 0
            assert project_v in {saved, in_save, 0}, f"project holds v{project_v}, expected v{saved} or v{in_save}"
            # What the delegate gets back on the next start: the recovery copy when offered, else the project.
            recovered = store.pending()
            if recovered:
                restored = on_disk_version(lambda _p, found=recovered[0]: found.load(), recovered[0].file)
                assert restored in {autosaved, in_autosave}, f"recovery v{restored}, autosave v{autosaved}: {lines[-4:]}"
            else:
                restored = project_v
            assert restored >= autosaved, f"edits lost: v{restored} restored, v{autosaved} was autosaved"
            restores["recovery file" if recovered else "project file"] += 1
            # A write that finished just before the kill (unreported) is now the last one on disk.
            saved, autosaved = project_v, max(autosaved, restored)
    finally:
        helper.stdin.close()
        helper.kill()
        helper.wait()

    leftovers = [p.name for p in tmp_path.rglob("*") if p.is_file() and p.name.endswith(".tmp")]
    real_files = {p.name for p in tmp_path.rglob("*") if p.is_file()} - set(leftovers)
    assert real_files <= {project.name, store.path_for(store.key_for(project)).name}
    elapsed = time.monotonic() - started
    # Enough kills must land inside each kind of write for the test to mean anything.
    assert phases["saving"] >= KILLS // 20 and phases["autosaving"] >= KILLS // 10, phases
    # The next save sweeps the temporaries killed saves left behind, once they are old enough to be orphans.
    assert any(name.startswith(f".{project.name}.") for name in leftovers), "no kill landed inside a project save"
    aged = time.time() - STALE_TEMP_SECONDS - 60
    for name in leftovers:
        for path in tmp_path.rglob(name):
            os.utime(path, (aged, aged))
    save_project(load_project(project), project)
    store.write(store.key_for(project), load_project(project), project, "after the storm")
    assert not [p for p in tmp_path.rglob("*.tmp")], "orphaned temporary files were not swept"
    print(f"\n{KILLS} SIGKILLs in {elapsed:.1f} s: {phases}; restored from {restores}; last save v{saved}, last autosave v{autosaved}; "
          f"{len(leftovers)} orphaned temporary files")


def test_damaged_recovery_file_is_not_offered_and_project_still_opens(tmp_path):
    """A recovery file torn by something other than our writer (disk error, a copy tool) is skipped, never fatal."""
    store = RecoveryStore(tmp_path)
    store.folder.mkdir(parents=True)
    torn = store.path_for("project-0123456789abcdef")
    torn.write_text(json.dumps({"format": "cop-drafter-recovery", "project": "{"})[:30], encoding="utf-8")
    assert store.pending() == []
    with pytest.raises(ParseError):
        load_project(torn)


def test_recent_temporary_files_of_a_save_in_progress_are_left_alone(tmp_path):
    """The sweep removes only old orphans of the same target: another save in flight, or other files, stay."""
    target = tmp_path / "Projet [v2].copdraft"
    in_flight = tmp_path / f".{target.name}.abc123.tmp"
    orphan = tmp_path / f".{target.name}.dead99.tmp"
    other = tmp_path / ".Other.copdraft.old111.tmp"
    for path in (in_flight, orphan, other):
        path.write_text("partial", encoding="utf-8")
    aged = time.time() - STALE_TEMP_SECONDS - 60
    for path in (orphan, other):
        os.utime(path, (aged, aged))
    write_text_atomic(target, "new content")
    assert target.read_text(encoding="utf-8") == "new content"
    assert in_flight.exists() and other.exists() and not orphan.exists()
