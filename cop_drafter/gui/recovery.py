"""Crash recovery: autosaved copies of open drafts in the user's data folder, never over the user's file.

One recovery file per draft: `<key>.recovery.json` holding the project JSON plus the path of the project it
belongs to (or none for a draft never saved). It is written atomically, removed after a real save or a clean
close, and offered back on the next start unless its project already holds the same draft (or the draft was never
saved).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cop_drafter.core.draft import Draft
from cop_drafter.core.model import ParseError
from cop_drafter.core.serialize import draft_to_dict
from cop_drafter.formats.atomic import write_text_atomic
from cop_drafter.formats.project import draft_from_json, draft_to_json, load_project

FORMAT_TAG = "cop-drafter-recovery"
SUFFIX = ".recovery.json"


@dataclass
class Recovered:
    file: Path  # the recovery file
    project: Path | None  # the project it belongs to
    saved_at: str
    title: str

    def load(self) -> Draft:
        """Raises ParseError when the recovery file itself is damaged."""
        payload = _read(self.file)
        return draft_from_json(str(payload.get("project", "")), self.file.name)


def _read(path: Path) -> dict:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ParseError(f"recovery file {path.name} is damaged: {exc}") from exc
    if not isinstance(payload, dict) or payload.get("format") != FORMAT_TAG:
        raise ParseError(f"{path.name} is not a COP Drafter recovery file")
    return payload


def _same_as_project(payload: dict, project: Path) -> bool:
    """True when the project file holds exactly the recovered draft.

    Compared by content, never by modification times: a project on a network share or a FAT stick can carry a
    clock that runs ahead, and trusting its mtime would delete autosaved edits the project does not have.
    """
    try:
        recovered = draft_from_json(str(payload.get("project", "")), "recovery")
        saved = load_project(project)
    except ParseError:
        return False
    return draft_to_dict(recovered) == draft_to_dict(saved)


class RecoveryStore:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder) / "recovery"

    def key_for(self, project: Path | None) -> str:
        if project is None:
            return "untitled-" + uuid.uuid4().hex[:10]
        return "project-" + hashlib.sha1(str(Path(project).resolve()).encode()).hexdigest()[:16]

    def path_for(self, key: str) -> Path:
        return self.folder / f"{key}{SUFFIX}"

    def write(self, key: str, draft: Draft, project: Path | None, title: str) -> Path:
        """Raises SaveError; the previous recovery copy stays intact if this one fails."""
        self.folder.mkdir(parents=True, exist_ok=True)
        payload = {
            "format": FORMAT_TAG,
            "project_path": str(project) if project else None,
            "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "title": title,
            "pid": os.getpid(),
            "project": draft_to_json(draft),
        }
        return write_text_atomic(self.path_for(key), json.dumps(payload, ensure_ascii=False))

    def discard(self, key: str) -> None:
        self.discard_file(self.path_for(key))

    def discard_file(self, path: Path) -> None:
        with contextlib.suppress(FileNotFoundError):
            Path(path).unlink()

    def pending(self) -> list[Recovered]:
        """Recovery files worth offering: edits their project does not hold, or a draft never saved."""
        if not self.folder.is_dir():
            return []
        found = []
        for file in sorted(self.folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True):
            try:
                payload = _read(file)
            except ParseError:
                continue
            project = Path(payload["project_path"]) if payload.get("project_path") else None
            if project is not None and _same_as_project(payload, project):
                self.discard_file(file)  # the project already holds these edits: nothing to recover
                continue
            found.append(Recovered(file, project, str(payload.get("saved_at", "")), str(payload.get("title", ""))))
        return found
