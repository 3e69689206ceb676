"""The texts a delegate can start a revision from: the bundled corpus plus texts imported into the user library.

Imported files are checked by the real reader first (a file we cannot read is refused with its one-line
message), then copied atomically into the user's data folder, so the library survives the original moving.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from cop_drafter.core.checks import KnownRevision
from cop_drafter.core.model import ParseError, Resolution
from cop_drafter.corpus import load_corpus
from cop_drafter.formats.atomic import write_bytes_atomic
from cop_drafter.formats.reader import read_resolution

IMPORT_SUFFIXES = (".txt", ".md", ".docx")


@dataclass
class LibraryText:
    id: str  # corpus id, or "user:<file name>"
    label: str  # "WTDC Resolution 67 (Rev. Kigali, 2022)"
    resolution: Resolution
    bundled: bool


class TextLibrary:
    def __init__(self, data_dir: Path) -> None:
        self.folder = Path(data_dir) / "texts"
        self._texts: list[LibraryText] | None = None

    def texts(self) -> list[LibraryText]:
        if self._texts is None:
            texts = [LibraryText(t.id, t.label, t.resolution, True) for t in load_corpus()]
            for path in sorted(self.folder.glob("*")) if self.folder.is_dir() else []:
                if path.suffix.lower() not in IMPORT_SUFFIXES:
                    continue
                try:
                    resolution = read_resolution(path)
                except ParseError:
                    continue  # a damaged copy is skipped, never crashes the start dialog
                label = resolution.header.heading() or path.stem
                texts.append(LibraryText(f"user:{path.name}", label, resolution, False))
            self._texts = texts
        return self._texts

    def get(self, text_id: str) -> LibraryText:
        for text in self.texts():
            if text.id == text_id:
                return text
        raise KeyError(text_id)

    def import_file(self, path: Path) -> LibraryText:
        """Raises ParseError (nothing copied) when the file is not a resolution we can read."""
        path = Path(path)
        if path.suffix.lower() not in IMPORT_SUFFIXES:
            raise ParseError(f"{path.name}: only .txt, .md and .docx texts can be imported")
        resolution = read_resolution(path)
        if not resolution.sections:
            raise ParseError(f"{path.name}: no call words or clauses found, not imported")
        data = path.read_bytes()
        digest = hashlib.sha1(data).hexdigest()[:8]
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{path.stem}-{digest}{path.suffix.lower()}"
        if not target.exists():
            write_bytes_atomic(target, data)
        self._texts = None
        return self.get(f"user:{target.name}")

    def known_revisions(self) -> list[KnownRevision]:
        out = []
        for text in self.texts():
            header = text.resolution.header
            if header.number and header.place and header.year:
                out.append(KnownRevision(header.number, header.place, header.year, header.revision))
        return out
