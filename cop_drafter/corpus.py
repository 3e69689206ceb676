"""The bundled precedent corpus: the seed texts in resources/corpus with their curated metadata.

The texts are parsed as they are (raw text kept, warnings and all). The manifest only fills header fields the
text itself lost (the Kigali 2022 heading is cut off) and says so in a warning; it never rewrites clauses.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from cop_drafter.core.model import ParseWarning, Resolution
from cop_drafter.formats.text_parser import parse_bytes

CORPUS_PACKAGE = "cop_drafter.resources"


@dataclass
class CorpusText:
    id: str
    file: str
    meta: dict[str, Any]
    resolution: Resolution

    @property
    def label(self) -> str:
        """How the delegate sees it: 'WTDC Resolution 67 (Rev. Kigali, 2022)'."""
        return str(self.meta.get("document") or self.resolution.header.heading())


def _corpus_dir() -> Any:
    return resources.files(CORPUS_PACKAGE).joinpath("corpus")


def load_manifest() -> dict[str, Any]:
    return json.loads(_corpus_dir().joinpath("manifest.json").read_text(encoding="utf-8"))


def read_corpus_bytes(file_name: str) -> bytes:
    return _corpus_dir().joinpath(file_name).read_bytes()


def apply_metadata(resolution: Resolution, meta: dict[str, Any]) -> None:
    header = resolution.header
    filled = []
    for field_name in ("number", "place", "year", "body"):
        value = meta.get(field_name)
        if value and not getattr(header, field_name):
            setattr(header, field_name, value)
            filled.append(field_name)
    if meta.get("revision") and not header.revision and "number" in filled:
        header.revision = True
        filled.append("revision")
    truncated = any(w.code in ("truncated-heading", "missing-heading") for w in resolution.warnings)
    if truncated and meta.get("title") and header.title != meta["title"]:
        header.title = str(meta["title"])
        filled.append("title")
    if filled:
        resolution.warnings.append(
            ParseWarning("metadata", f"header {', '.join(filled)} taken from the corpus manifest")
        )


@lru_cache(maxsize=1)
def _load() -> tuple[CorpusText, ...]:
    texts = []
    for entry in load_manifest()["texts"]:
        resolution = parse_bytes(read_corpus_bytes(entry["file"]), entry["file"])
        apply_metadata(resolution, entry)
        resolution.source = f"corpus:{entry['id']}"
        texts.append(CorpusText(entry["id"], entry["file"], dict(entry), resolution))
    return tuple(texts)


def load_corpus() -> list[CorpusText]:
    """Every bundled text, parsed. Each call returns fresh copies, so callers may edit them."""
    return [CorpusText(t.id, t.file, dict(t.meta), t.resolution.copy()) for t in _load()]


def corpus_text(text_id: str) -> CorpusText:
    """One bundled text by id (see manifest.json); KeyError names the known ids."""
    for text in _load():
        if text.id == text_id:
            return CorpusText(text.id, text.file, dict(text.meta), text.resolution.copy())
    raise KeyError(f"no bundled text {text_id!r}; known: {', '.join(t.id for t in _load())}")


@lru_cache(maxsize=1)
def _digests() -> dict[str, dict[str, Any]]:
    return {
        hashlib.sha256(read_corpus_bytes(entry["file"])).hexdigest(): entry for entry in load_manifest()["texts"]
    }


def bundled_metadata(raw: bytes) -> dict[str, Any] | None:
    """The manifest entry of a bundled text when `raw` is byte for byte that text (a delegate's copy of a seed)."""
    return _digests().get(hashlib.sha256(raw).hexdigest())


SAMPLE_TEXT_ID = "wtdc-res67-rev-kigali-2022"
