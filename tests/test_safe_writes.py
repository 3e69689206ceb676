"""Safe writes (issue 10, reproductions 1 and 2): a command never overwrites its own input, a link stays a link,
special files are refused as targets, and new files get the delegate's umask like any other program's files.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from cop_drafter.cli.main import main as cli_main
from cop_drafter.core.draft import Draft
from cop_drafter.docx.exporters import CleanResolutionExporter
from cop_drafter.formats.atomic import SaveError, write_bytes_atomic
from cop_drafter.formats.project import load_project, save_project
from cop_drafter.formats.text_parser import parse_text

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "resources" / "corpus" / "003_17374c786128507d.txt"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def draft() -> Draft:
    return Draft.revision_of(parse_text(SEED.read_text(encoding="utf-8"), SEED.name))


def one_line_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    code = cli_main(argv)
    out, err = capsys.readouterr()
    assert code == 2, (code, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


# -- repro 1: the command's own input as its output -----------------------------------------------------------
def test_export_refuses_to_overwrite_its_input_project(tmp_path, capsys):
    project = save_project(draft(), tmp_path / "draft.copdraft")
    before = digest(project)
    line = one_line_exit_2(["export", str(project), "-o", str(project)], capsys)
    assert "draft.copdraft" in line and "input" in line
    assert digest(project) == before
    assert load_project(project).current.header.heading() == draft().current.header.heading()


def test_export_refuses_its_input_reached_through_a_link(tmp_path, capsys):
    source = tmp_path / "Résolution 67.txt"
    source.write_bytes(SEED.read_bytes())
    link = tmp_path / "shared" / "output.docx"
    link.parent.mkdir()
    link.symlink_to(source)
    line = one_line_exit_2(["export", str(source), "-o", str(link)], capsys)
    assert "input" in line
    assert source.read_bytes() == SEED.read_bytes() and link.is_symlink()


def test_propose_refuses_to_overwrite_the_base(tmp_path, capsys):
    base, revised = tmp_path / "base.txt", tmp_path / "revised.txt"
    base.write_bytes(SEED.read_bytes())
    revised.write_text(SEED.read_text(encoding="utf-8").replace("child online protection", "COP", 1), encoding="utf-8")
    before = digest(base), digest(revised)
    for target in (base, revised):
        line = one_line_exit_2(["propose", "--base", str(base), "--revised", str(revised), "-o", str(target)], capsys)
        assert target.name in line and "input" in line
    assert (digest(base), digest(revised)) == before
    assert not list(tmp_path.glob(".*.tmp"))


# -- repro 1: links, FIFOs, devices, folders as targets --------------------------------------------------------
def test_save_through_a_symlink_writes_its_target_and_keeps_the_link(tmp_path):
    synced = tmp_path / "Synced folder"
    synced.mkdir()
    real = save_project(draft(), synced / "Projet 67.copdraft")
    os.chmod(real, 0o664)
    link = tmp_path / "Desktop link.copdraft"
    link.symlink_to(real)
    changed = draft()
    changed.current.header.place = "Baku"
    save_project(changed, link)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert load_project(real).current.header.place == "Baku"
    assert stat.S_IMODE(real.stat().st_mode) == 0o664
    assert sorted(p.name for p in synced.iterdir()) == ["Projet 67.copdraft"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Desktop link.copdraft", "Synced folder"]


def test_export_through_a_relative_link_chain(tmp_path):
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "out.docx"
    target.write_bytes(b"old export")
    (tmp_path / "hop.docx").symlink_to("real/out.docx")
    (tmp_path / "link.docx").symlink_to("hop.docx")
    CleanResolutionExporter(draft().current).export(tmp_path / "link.docx")
    assert (tmp_path / "link.docx").is_symlink() and (tmp_path / "hop.docx").is_symlink()
    assert target.read_bytes()[:2] == b"PK"


def test_fifo_target_is_refused_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe.copdraft"
    os.mkfifo(fifo)
    with pytest.raises(SaveError, match="not a regular file") as info:
        save_project(draft(), fifo)
    assert "\n" not in str(info.value)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.copdraft"]


def test_device_behind_a_link_is_refused(tmp_path):
    link = tmp_path / "export.docx"
    link.symlink_to("/dev/null")
    with pytest.raises(SaveError, match="not a regular file"):
        CleanResolutionExporter(draft().current).export(link)
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_folder_target_and_link_to_folder_are_refused(tmp_path):
    folder = tmp_path / "a folder.copdraft"
    folder.mkdir()
    (tmp_path / "link.copdraft").symlink_to(folder)
    for target in (folder, tmp_path / "link.copdraft"):
        with pytest.raises(SaveError, match="is a folder"):
            save_project(draft(), target)
    assert folder.is_dir() and not list(folder.iterdir())


def test_dangling_link_writes_the_file_it_names(tmp_path):
    link = tmp_path / "link.copdraft"
    link.symlink_to(tmp_path / "new.copdraft")
    save_project(draft(), link)
    assert link.is_symlink() and (tmp_path / "new.copdraft").is_file()


# -- repro 2: modes ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
def test_new_files_get_the_umask_mode(tmp_path, mask):
    old = os.umask(mask)
    try:
        project = save_project(draft(), tmp_path / f"new {mask:o}.copdraft")
        export = CleanResolutionExporter(draft().current).export(tmp_path / f"new {mask:o}.docx")
    finally:
        os.umask(old)
    for path in (project, export):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask, oct(path.stat().st_mode)


def test_existing_files_keep_their_mode(tmp_path):
    target = tmp_path / "shared.copdraft"
    target.write_bytes(b"{}")
    os.chmod(target, 0o640)
    save_project(draft(), target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    write_bytes_atomic(target, b"again")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
