"""The `.copdraft` project file: versioned JSON, saved atomically.

Layout: {"format": "cop-drafter-project", "schema": 1, "app_version": ..., "saved_at": ..., "draft": {...}}.
A file from a newer schema, or one that is not ours, is refused with a clear message and never modified.

Schema 2 adds the negotiation's compilation ("draft": {"compilation": ...}). Only a draft that holds one is
written as 2: an older version refuses that file ("saved by a newer COP Drafter") instead of opening it and
dropping every proposer's wording on the next save, and every other project stays schema 1, which it reads.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from cop_drafter import __version__
from cop_drafter.core.draft import Draft
from cop_drafter.core.model import ParseError
from cop_drafter.core.serialize import draft_from_dict, draft_to_dict
from cop_drafter.core.validate import bounded_int
from cop_drafter.formats.atomic import SaveError, write_text_atomic
from cop_drafter.formats.safe_open import read_bounded

FORMAT_TAG = "cop-drafter-project"
SCHEMA_VERSION = 2  # what this version reads
PLAIN_SCHEMA = 1  # a draft without a compilation, as every version reads it
PROJECT_SUFFIX = ".copdraft"
MAX_PROJECT_BYTES = 50 * 1024 * 1024


def draft_to_json(draft: Draft, strict: bool = True) -> str:
    """The project JSON; raises SaveError naming the place when the draft holds text UTF-8 cannot write.

    `strict=False` (recovery copies) escapes such a character instead, so a crash copy keeps every word."""
    payload = {
        "format": FORMAT_TAG,
        "schema": SCHEMA_VERSION if draft.compilation is not None else PLAIN_SCHEMA,
        "app_version": __version__,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "draft": draft_to_dict(draft),
    }
    text = json.dumps(payload, ensure_ascii=False, indent=1)
    if not strict:
        return text if text.isascii() or _encodable(text) else json.dumps(payload, ensure_ascii=True, indent=1)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        where = unwritable_text(draft) or str(exc)
        raise SaveError(f"the draft holds a character that cannot be saved (a lone surrogate, as some web "
                        f"tools paste): {where}. Delete that character and save again") from exc
    return text


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def draft_from_json(text: str, name: str = "the project file") -> Draft:
    try:
        payload = json.loads(text, parse_int=bounded_int)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ParseError(f"{name} is damaged (not valid JSON): {exc}") from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT_TAG:
        raise ParseError(f"{name} is not a COP Drafter project")
    schema = payload.get("schema")
    if not isinstance(schema, int) or schema < 1:
        raise ParseError(f"{name} has no valid schema version")
    if schema > SCHEMA_VERSION:
        raise ParseError(
            f"{name} was saved by a newer COP Drafter (project format {schema}, this version reads up to "
            f"{SCHEMA_VERSION}, app {payload.get('app_version', '?')}): please update the app"
        )
    try:
        return draft_from_dict(payload.get("draft"))
    except ParseError as exc:
        raise ParseError(f"{name} is damaged: {exc}") from exc
    except (TypeError, ValueError, AttributeError, RecursionError) as exc:
        raise ParseError(f"{name} is damaged: {exc}") from exc


def draft_from_bytes(raw: bytes, name: str) -> Draft:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(f"{name} is not a COP Drafter project (not UTF-8 text)") from exc
    return draft_from_json(text, name)


def load_project(path: str | os.PathLike[str]) -> Draft:
    """Open a .copdraft: a regular file, read within MAX_PROJECT_BYTES, validated field by field."""
    path = Path(path)
    return draft_from_bytes(read_bounded(path, MAX_PROJECT_BYTES, "a project file"), path.name)


def unwritable_text(draft: Draft) -> str | None:
    """Where the draft holds a character UTF-8 cannot write (a lone surrogate, as JavaScript tools paste),
    in the delegate's words ("recognizing a), U+D800 after '...web tool '"), or None."""

    def bad(text: str) -> int | None:
        return next((i for i, ch in enumerate(text) if 0xD800 <= ord(ch) <= 0xDFFF), None)

    for version in (draft.current, draft.base):
        if version is None:
            continue
        for section, clause in version.clauses():
            at = bad(clause.text)
            if at is not None:
                where = " ".join(p for p in (section.call, clause.label) if p)
                return f"{where}, U+{ord(clause.text[at]):04X} after '{clause.text[max(0, at - 30):at]}'"
    for name, value in (("the Reasons", " ".join(draft.reasons.values())),
                        ("the comments", " ".join(draft.comments.values())),
                        ("the header", " ".join(str(v) for v in vars(draft.current.header).values())),
                        ("the proposal fields", " ".join(str(v) for v in vars(draft.meta).values()))):
        at = bad(value)
        if at is not None:
            return f"{name}, U+{ord(value[at]):04X} after '{value[max(0, at - 30):at]}'"
    return None


def save_project(draft: Draft, path: str | os.PathLike[str]) -> Path:
    """Atomically write the draft; raises SaveError (file untouched) on failure."""
    return write_text_atomic(path, draft_to_json(draft))
