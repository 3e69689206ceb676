"""Word 97-2003 (.doc), RTF and OpenDocument (.odt) files are read through LibreOffice when it is installed
(recognised by their first bytes, not their names), and refused in one line saying what to do when it is not."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from cop_drafter.docx.exporters import CleanResolutionExporter
from cop_drafter.formats.decoding import decode_text
from cop_drafter.formats.legacy import legacy_kind
from cop_drafter.formats.reader import read_resolution
from cop_drafter.formats.text_parser import parse_text
from tests.test_shapes_common import first_difference, seed_structure, structure

FORMATS = {"doc": "doc:MS Word 97", "rtf": "rtf", "odt": "odt"}


@pytest.fixture(scope="module")
def legacy_files(tmp_path_factory):
    """Seed 002 exported by us to .docx, then saved by LibreOffice as .doc, .rtf and .odt."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed for these tests (make system-deps)"
    out = tmp_path_factory.mktemp("legacy")
    seed = Path(__file__).resolve().parent.parent / "resources" / "corpus" / "002_d6b7cb07bf6de23e.txt"
    docx = out / "seed.docx"
    CleanResolutionExporter(parse_text(decode_text(seed.read_bytes()), seed.name)).export(docx)
    for suffix, target in FORMATS.items():
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run([soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                            "--convert-to", target, "--outdir", str(out), str(docx)], check=True, timeout=180,
                           capture_output=True)
        assert (out / f"seed.{suffix}").exists()
    return out


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_legacy_file_reads_to_the_seed(legacy_files, seed_path, suffix):
    renamed = legacy_files / f"renamed-{suffix}.txt"  # by content: the suffix says nothing
    shutil.copyfile(legacy_files / f"seed.{suffix}", renamed)
    assert legacy_kind(renamed.read_bytes()[:1024])
    got = structure(read_resolution(renamed))
    assert first_difference(got, seed_structure(seed_path("002"), exported=True)) == ""


def test_without_libreoffice_one_line_says_to_save_as_docx(tmp_path):
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {**os.environ, "PATH": str(empty)}
    done = subprocess.run([sys.executable, "-m", "cop_drafter.cli.main", "parse", str(doc)], capture_output=True,
                          text=True, timeout=60, env=env)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == (
        "cop-drafter: old.doc is a Word 97-2003 (.doc) file and LibreOffice is not installed to convert it: "
        "open it in Word or LibreOffice and save it as .docx")
