"""One entry point to read a resolution from any file a delegate has: .txt/.md, .docx, a .copdraft project,
PDF, a saved web page, or (through LibreOffice) .doc/.rtf/.odt; `read_resolutions` for compilations.

The format is decided by content, not by suffix, so a .docx renamed .txt (or the reverse) still reads right.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from cop_drafter.core.draft import Draft
from cop_drafter.core.model import ParseError, ParseWarning, Resolution
from cop_drafter.corpus import apply_metadata, bundled_metadata
from cop_drafter.formats.compilation import read_parts, refuse_several
from cop_drafter.formats.decoding import MAX_TEXT_BYTES, ZIP_MAGIC, decode_with_warnings
from cop_drafter.formats.html_reader import is_html
from cop_drafter.formats.legacy import legacy_kind
from cop_drafter.formats.pdf_reader import is_pdf
from cop_drafter.formats.safe_open import read_bounded, read_head

MAX_INPUT_BYTES = 64 * 1024 * 1024


def _is_project(raw: bytes) -> bool:
    return raw.lstrip()[:1] == b"{" and b'"cop-drafter-project"' in raw[:4096]


def read_draft(path: str | os.PathLike[str]) -> Draft | None:
    """The saved Draft when `path` is a .copdraft project (base, suppressed clauses and reasons kept, never
    flattened); None when it is a text (read that with `read_resolution`). ParseError for a damaged project."""
    path = Path(path)
    head, _size = read_head(path, 4096)
    if head.startswith(ZIP_MAGIC) or not _is_project(head):
        return None
    from cop_drafter.formats.project import load_project

    return load_project(path)


def read_resolution(path: str | os.PathLike[str]) -> Resolution:
    """Read any supported file into a Resolution; ParseError (one clear line) for anything else, and a
    CompilationError (a ParseError) naming the count when the file holds several resolutions."""
    path = Path(path)
    results = read_resolutions(path)
    refuse_several(path.name, results)
    return results[0][0]


def read_resolutions(path: str | os.PathLike[str]) -> list[tuple[Resolution, dict[str, Any]]]:
    """Every resolution in a file, each with its provenance (file, page or line range) when the file is a
    compilation (an empty dict for a file of one). The format is decided by the file's first bytes."""
    path = Path(path)
    head, size = read_head(path, 1024)
    if size > MAX_INPUT_BYTES:
        raise ParseError(f"{path.name} is too large to be a resolution ({size // 1_000_000} MB)")
    if is_pdf(head):
        from cop_drafter.formats.pdf_reader import pdf_text

        pdf = pdf_text(path)
        return read_parts(list(pdf.lines), path.name, pdf.warnings)
    legacy = legacy_kind(head)
    if legacy:
        from cop_drafter.formats.legacy import convert_and_read

        return [(convert_and_read(path, legacy, _read_docx), {})]
    if head.startswith(ZIP_MAGIC):
        from cop_drafter.formats.docx_compilation import read_docx_parts

        return read_docx_parts(path, _read_docx)
    if size > MAX_TEXT_BYTES:
        raise ParseError(f"{path.name} is too large for a resolution ({size // 1_000_000} MB)")
    raw = read_bounded(path, MAX_TEXT_BYTES)
    if _is_project(raw):
        from cop_drafter.formats.project import draft_from_bytes

        return [(draft_from_bytes(raw, path.name).revised(), {})]
    text, stray = decode_with_warnings(raw, path.name)
    warnings = list(stray)
    if is_html(raw[:4096]):
        from cop_drafter.formats.html_reader import html_lines

        lines, dropped = html_lines(text)
        if dropped:
            warnings.append(ParseWarning("skipped-front-matter",
                                         f"left out {dropped} line(s) of the web page before the RESOLUTION heading"))
        numbered: list[tuple[int | None, str]] = [(None, line) for line in lines]
    else:
        numbered = [(None, line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    results = read_parts(numbered, path.name, warnings)
    if len(results) == 1:
        known = bundled_metadata(raw)
        if known is not None:  # a copy of a bundled text: its curated metadata fills what the text lost
            apply_metadata(results[0][0], known)
    return results


def _read_docx(path: Path) -> Resolution:
    try:
        from cop_drafter.formats.docx_reader import read_docx
    except ImportError as exc:  # pragma: no cover - the docx reader ships with the app
        raise ParseError(f"{path.name} is a Word file and this build cannot read .docx") from exc
    return read_docx(path)
