"""One entry point to read a resolution from any file a delegate has: .txt/.md, .docx, or a .copdraft project.

The format is decided by content, not by suffix, so a .docx renamed .txt (or the reverse) still reads right.
"""

from __future__ import annotations

import os
from pathlib import Path

from cop_drafter.core.draft import Draft
from cop_drafter.core.model import ParseError, Resolution
from cop_drafter.corpus import apply_metadata, bundled_metadata
from cop_drafter.formats.decoding import MAX_TEXT_BYTES, ZIP_MAGIC, decode_with_warnings
from cop_drafter.formats.safe_open import read_bounded, read_head
from cop_drafter.formats.shapes import parse_shaped

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
    """Read any supported file into a Resolution; ParseError (one clear line) for anything else."""
    path = Path(path)
    head, size = read_head(path)
    if size > MAX_INPUT_BYTES:
        raise ParseError(f"{path.name} is too large to be a resolution ({size // 1_000_000} MB)")
    if head.startswith(ZIP_MAGIC):
        try:
            from cop_drafter.formats.docx_reader import read_docx
        except ImportError as exc:  # pragma: no cover - the docx reader ships with the app
            raise ParseError(f"{path.name} is a Word file and this build cannot read .docx") from exc
        return read_docx(path)
    if size > MAX_TEXT_BYTES:
        raise ParseError(f"{path.name} is too large for a resolution ({size // 1_000_000} MB)")
    raw = read_bounded(path, MAX_TEXT_BYTES)
    if _is_project(raw):
        from cop_drafter.formats.project import draft_from_bytes

        return draft_from_bytes(raw, path.name).revised()
    text, stray = decode_with_warnings(raw, path.name)
    resolution = parse_shaped(text, path.name)
    resolution.warnings[:0] = stray
    known = bundled_metadata(raw)
    if known is not None:  # a copy of a bundled text: its curated metadata fills what the text lost
        apply_metadata(resolution, known)
    return resolution
