"""Smoke test of the packaged app (`make package-test`): the frozen binaries, run headless, as a user would.

Runs with a scrubbed environment (no PYTHONPATH/PYTHONHOME/VIRTUAL_ENV, PATH without the venv, a fresh HOME,
cwd outside the repository) so the bundle has to stand on its own. Checks:
1. `cop-drafter --version` prints the version from cop_drafter/__init__.py;
2. an export of a sample draft to .docx (through whichever export command the CLI offers) gives a valid .docx;
3. the GUI starts offscreen and quits cleanly (`--smoke-test` when the GUI offers it; otherwise it must still
   be running after a few seconds, then it is terminated).
Prints the bundle size and cold/warm start times. Exit code 0 only when every check passes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import appinfo  # noqa: E402

FAILURES: list[str] = []


def check(ok: bool, what: str, detail: str = "") -> bool:
    print(f"  [{'ok' if ok else 'FAIL'}] {what}{': ' + detail if detail and not ok else ''}")
    if not ok:
        FAILURES.append(what)
    return ok


def clean_env(home: Path) -> dict[str, str]:
    """No Python on PATH or in the environment: only the system folders (Windows needs SYSTEMROOT)."""
    keep = {
        k: os.environ[k] for k in ("SYSTEMROOT", "WINDIR", "USERPROFILE", "APPDATA", "LOCALAPPDATA") if k in os.environ
    }
    env = {
        **keep,
        "PATH": os.pathsep.join(
            p
            for p in os.environ.get("PATH", "").split(os.pathsep)
            if p and "python" not in p.lower() and ".venv" not in p and os.path.isdir(p)
        )
        if sys.platform == "win32"
        else "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_RUNTIME_DIR": str(home / "run"),
        "TMPDIR": str(home / "tmp"),
    }
    (home / "run").mkdir(mode=0o700, exist_ok=True)
    (home / "tmp").mkdir(exist_ok=True)
    return env


def run(
    cmd: list[str], env: dict[str, str], cwd: Path, timeout: float = 60
) -> tuple[subprocess.CompletedProcess, float]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    return proc, time.perf_counter() - start


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def sample_draft(work: Path) -> Path:
    """A sample .copdraft built from the first bundled seed text, made with the package under test's own code."""
    target = work / "sample draft ÜN.copdraft"
    code = (
        "import sys; from cop_drafter.formats.reader import read_resolution; from cop_drafter.corpus import load_corpus;"
        "from cop_drafter.core.draft import Draft; from cop_drafter.formats.project import save_project;"
        "t = load_corpus()[-1]; save_project(Draft.revision_of(t.resolution, t.id), sys.argv[1])"
    )
    subprocess.run([sys.executable, "-c", code, str(target)], check=True, timeout=60)
    return target


def find_export(cli: Path, env: dict[str, str], cwd: Path) -> list[str] | None:
    """The CLI's export invocation, discovered from its help (the command is owned by the docx engineer)."""
    proc, _ = run([str(cli), "--help"], env, cwd)
    for name in ("export", "export-docx", "docx"):
        if (
            f" {name} " in proc.stdout
            or f"{{{name}" in proc.stdout
            or f",{name}" in proc.stdout
            or f"{name}," in proc.stdout
        ):
            return [name]
    return None


def gui_on_x11(gui: Path, env: dict[str, str], work: Path) -> None:
    """Start the GUI on a private Xvfb display with the xcb plugin, time its first window, quit it with Ctrl+Q."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        display = ":" + os.read(read_fd, 16).decode().strip()  # keep read_fd open: Xvfb may write it again
        xenv = {**env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        ready = time.perf_counter()
        while time.perf_counter() - ready < 15:  # the display number can come before the server accepts clients
            probe = ["xdotool", "getdisplaygeometry"]
            if subprocess.run(probe, env=xenv, capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        start = time.perf_counter()
        child = subprocess.Popen(
            [str(gui), "--sample"], env=xenv, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        window = ""
        while time.perf_counter() - start < 60 and child.poll() is None and not window:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", appinfo.APP_NAME],
                env=xenv,
                capture_output=True,
                text=True,
            )
            window = found.stdout.split()[0] if found.stdout.split() else ""
            if not window:
                time.sleep(0.05)
        shown = time.perf_counter() - start
        if not check(
            bool(window),
            f"GUI window shown on X11 in {shown:.2f} s (launch to first window)",
            child.stderr.read().decode(errors="replace")[-900:] if child.poll() is not None else "timeout",
        ):
            child.kill()
            child.wait()
            return
        time.sleep(0.5)
        subprocess.run(["xdotool", "windowfocus", "--sync", window, "key", "ctrl+q"], env=xenv, capture_output=True)
        try:
            _out, err = child.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            child.kill()
            _out, err = child.communicate()
            check(False, "GUI quits on Ctrl+Q", "still running 20 s after Ctrl+Q")
            return
        check(
            child.returncode == 0 and b"Traceback" not in err,
            "GUI quits cleanly on Ctrl+Q (exit code 0)",
            f"exit {child.returncode}: " + err.decode(errors="replace")[-400:],
        )
    finally:
        xvfb.terminate()
        xvfb.wait()
        os.close(read_fd)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", nargs="?", default=str(appinfo.ROOT / "dist" / "cop-drafter"))
    args = parser.parse_args()
    bundle = Path(args.bundle).resolve()
    exe = ".exe" if sys.platform == "win32" else ""
    cli, gui = bundle / f"{appinfo.CLI_NAME}{exe}", bundle / f"{appinfo.GUI_NAME}{exe}"
    if not cli.exists():
        print(f"package-test: no bundle at {bundle}; run `make package` first", file=sys.stderr)
        return 2
    size = folder_size(bundle)
    print(f"bundle {bundle}: {size / 1e6:.1f} MB, {sum(1 for _ in bundle.rglob('*'))} files")
    check((bundle / "_internal" / "cop_drafter" / "resources" / "corpus" / "manifest.json").is_file(), "corpus bundled")
    plugins = bundle / "_internal" / "PySide6" / "Qt" / "plugins"
    for plugin in ("platforms/libqoffscreen.so", "platforms/libqxcb.so", "imageformats/libqsvg.so"):
        if sys.platform.startswith("linux"):
            check((plugins / plugin).is_file(), f"Qt plugin {plugin} bundled")
    check(not any(bundle.rglob("QtNetwork*")), "no QtNetwork Python module shipped")

    with tempfile.TemporaryDirectory(prefix="cop drafter smoke ") as tmp:
        work = Path(tmp)
        env = clean_env(work)

        print("CLI")
        proc, cold = run([str(cli), "--version"], env, work)
        check(
            proc.returncode == 0 and appinfo.VERSION in proc.stdout,
            f"--version prints {appinfo.VERSION}",
            (proc.stdout + proc.stderr).strip()[-400:],
        )
        warm = min(run([str(cli), "--version"], env, work)[1] for _ in range(3))
        print(f"  start time (--version): first run {cold:.2f} s, warm {warm:.2f} s")
        proc, _ = run([str(cli), "parse", str(work / "missing file.txt")], env, work)
        check(
            proc.returncode == 2 and "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1,
            "a missing file gives exit 2 and one line",
            proc.stderr.strip()[-400:],
        )

        print("export")
        export = find_export(cli, env, work)
        if check(export is not None, "the CLI has an export command", "none of export/export-docx/docx in --help"):
            draft = sample_draft(work)
            out = work / "out put" / "Résolution 67.docx"
            out.parent.mkdir()
            proc, took = run([str(cli), *export, str(draft), "-o", str(out)], env, work, timeout=120)
            ok = proc.returncode == 0 and out.is_file() and zipfile.is_zipfile(out)
            if ok:
                with zipfile.ZipFile(out) as zf:
                    ok = "word/document.xml" in zf.namelist() and b"w:body" in zf.read("word/document.xml")
            check(ok, f"sample draft exported to .docx in {took:.1f} s", (proc.stdout + proc.stderr).strip()[-400:])
            corpus = appinfo.ROOT / "resources" / "corpus"
            proposal = out.with_name("Proposition 67 (MOD).docx")
            proc, took = run(
                [
                    str(cli),
                    "propose",
                    "--base",
                    str(corpus / "001_f9246027c9c2962f.txt"),
                    "--revised",
                    str(corpus / "003_17374c786128507d.txt"),
                    "--source",
                    "EUR",
                    "-o",
                    str(proposal),
                ],
                env,
                work,
                timeout=120,
            )
            ok = proc.returncode == 0 and zipfile.is_zipfile(proposal)
            if ok:
                with zipfile.ZipFile(proposal) as zf:
                    ok = b"<w:ins " in zf.read("word/document.xml") and b"<w:del " in zf.read("word/document.xml")
            check(
                ok,
                f"proposal with tracked changes (2017 -> 2022) exported in {took:.1f} s",
                (proc.stdout + proc.stderr).strip()[-400:],
            )

        print("GUI (offscreen)")
        # The GUI may open a window for --help, so ask the source it was built from instead.
        if "--smoke-test" in (appinfo.ROOT / "cop_drafter" / "gui" / "app.py").read_text(encoding="utf-8"):
            proc, took = run([str(gui), "--smoke-test"], env, work, timeout=120)
            check(
                proc.returncode == 0 and "Traceback" not in proc.stderr,
                f"GUI starts offscreen and quits cleanly ({took:.2f} s)",
                (proc.stdout + proc.stderr).strip()[-400:],
            )
        else:
            start = time.perf_counter()
            child = subprocess.Popen(
                [str(gui), "--sample"], env=env, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            try:
                child.wait(timeout=5)
            except subprocess.TimeoutExpired:
                child.terminate()
                out, err = child.communicate(timeout=10)
                check(
                    b"Traceback" not in err,
                    "GUI starts offscreen on the sample draft, still running after 5 s (no --smoke-test flag yet)",
                    err.decode(errors="replace")[-400:],
                )
            else:
                out, err = child.communicate()
                check(
                    False,
                    "GUI starts offscreen",
                    f"exited {child.returncode} after {time.perf_counter() - start:.1f} s: "
                    + err.decode(errors="replace")[-400:],
                )
        if sys.platform.startswith("linux") and shutil.which("Xvfb") and shutil.which("xdotool"):
            print("GUI (X11 on Xvfb: real window, quit with Ctrl+Q)")
            gui_on_x11(gui, env, work)
        leftover = [p.name for p in work.iterdir() if p.name.startswith(".") and p.suffix == ".tmp"]
        check(not leftover, "no temporary files left behind", ", ".join(leftover))
        shutil.rmtree(work / "run", ignore_errors=True)

    if FAILURES:
        print(f"package-test: {len(FAILURES)} check(s) failed: " + "; ".join(FAILURES), file=sys.stderr)
        return 1
    print("package-test: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
