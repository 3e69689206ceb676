"""Word 97-2003 (.doc), RTF and OpenDocument (.odt) files: read through LibreOffice when it is installed.

Their formats are large and old; LibreOffice reads them better than any code we would write. It converts the
file to .docx in a private temporary folder (its own profile too, so a running LibreOffice is not disturbed),
within a time limit, and the .docx reader does the rest. Without LibreOffice the delegate gets one line saying
how to read the file: save it as .docx.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from cop_drafter.core.model import ParseError
from cop_drafter.formats.decoding import ZIP_MAGIC

log = logging.getLogger(__name__)

T = TypeVar("T")
CONVERT_SECONDS = 120
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF_MAGIC = b"{\\rtf"
_ODF_MIME = b"mimetypeapplication/vnd.oasis.opendocument.text"
_CANDIDATES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


_SUFFIX = {"Word 97-2003 (.doc)": ".doc", "RTF": ".rtf", "OpenDocument (.odt)": ".odt"}


def legacy_kind(head: bytes) -> str:
    """'Word 97-2003 (.doc)', 'RTF', 'OpenDocument (.odt)' or '' for the first bytes of a file."""
    if head.startswith(OLE_MAGIC):
        return "Word 97-2003 (.doc)"
    if head.lstrip().startswith(RTF_MAGIC):
        return "RTF"
    if head.startswith(ZIP_MAGIC) and _ODF_MIME in head[:200]:
        return "OpenDocument (.odt)"
    return ""


def find_soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((c for c in _CANDIDATES if os.path.exists(c)), None)


def convert_and_read(path: Path, kind: str, read_docx: Callable[[Path], T]) -> T:
    """The file converted to .docx by LibreOffice and read by `read_docx`; ParseError (one line) otherwise."""
    soffice = find_soffice()
    if soffice is None:
        raise ParseError(f"{path.name} is a {kind} file and LibreOffice is not installed to convert it: "
                         "open it in Word or LibreOffice and save it as .docx")
    with tempfile.TemporaryDirectory(prefix="cop-drafter-convert-") as tmp:
        # A plain name with the suffix of what the file is (LibreOffice picks its filter by the suffix).
        source = Path(tmp) / ("input" + _SUFFIX[kind])
        shutil.copyfile(path, source)
        profile = Path(tmp, "profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to",
                   "docx:MS Word 2007 XML", "--outdir", tmp, str(source)]
        try:
            done = subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, check=False,
                                  creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32"
                                  else 0)
        except subprocess.TimeoutExpired as exc:
            raise ParseError(f"{path.name}: LibreOffice took over {CONVERT_SECONDS} s to convert it; "
                             "save it as .docx and read that") from exc
        except OSError as exc:
            raise ParseError(f"{path.name}: LibreOffice could not be started ({exc.strerror or exc})") from exc
        converted = Path(tmp) / "input.docx"
        if not converted.exists():
            log.warning("soffice failed on %s: %s", path, done.stderr.decode("utf-8", "replace")[-500:])
            raise ParseError(f"{path.name}: LibreOffice could not convert this {kind} file (is it damaged?); "
                             "save it as .docx and read that")
        return read_docx(converted)
