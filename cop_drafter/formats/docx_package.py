"""Opening a .docx safely: size caps, zip-bomb checks and an XML parser that refuses DTDs and entities.

A delegate may be sent anything with a .docx name. Every limit is checked before or while reading, so a
hostile file costs bounded time and memory and ends in one clear ParseError: the file size before opening,
each part's declared and actual uncompressed size while streaming it, the number of parts, and any
DOCTYPE (billion laughs, external entities) before XML parsing.
"""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

from cop_drafter.core.model import ParseError
from cop_drafter.formats.safe_open import open_regular

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PART_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 120 * 1024 * 1024
MAX_PARTS = 5000
MAX_XML_DEPTH = 256  # libxml2's element depth limit when huge_tree is off (the default we keep)
_CHUNK = 64 * 1024

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


class DocxPackage:
    """Read-only access to the parts of one .docx, within the limits above."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.name = self.path.name
        self._file = open_regular(self.path)  # a regular file only (not a link to /dev/zero, not a FIFO)
        size = os.fstat(self._file.fileno()).st_size
        if size > MAX_FILE_BYTES:
            self._file.close()
            raise ParseError(f"{self.name} is too large for a resolution ({size // 1_000_000} MB)")
        try:
            self._zip = zipfile.ZipFile(self._file)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            self._file.close()
            raise ParseError(f"{self.name} is not a Word document (damaged or not a .docx file)") from exc
        if len(infos) > MAX_PARTS:
            raise ParseError(f"{self.name} has too many parts ({len(infos)}) to be a Word document")
        self._infos = {info.filename: info for info in infos}
        self._read_total = 0

    def close(self) -> None:
        self._zip.close()
        self._file.close()

    def __enter__(self) -> DocxPackage:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        """A part's bytes, streamed with the declared and the actual size capped."""
        info = self._infos.get(name)
        if info is None:
            raise ParseError(f"{self.name} is not a Word document: it has no {name}")
        if info.file_size > MAX_PART_BYTES:
            raise ParseError(f"{self.name}: the part {name} is too large ({info.file_size // 1_000_000} MB)")
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as handle:
                while chunk := handle.read(_CHUNK):
                    size += len(chunk)
                    self._read_total += len(chunk)
                    if size > MAX_PART_BYTES or size > info.file_size:
                        raise ParseError(f"{self.name}: the part {name} unpacks to more than it declares (a zip bomb?)")
                    if self._read_total > MAX_TOTAL_BYTES:
                        raise ParseError(f"{self.name} unpacks to too much data to be a resolution")
                    chunks.append(chunk)
        except ParseError:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
            raise ParseError(f"{self.name} is damaged: cannot unpack {name} ({exc})") from exc
        except Exception as exc:  # zlib.error and friends from a corrupt deflate stream
            raise ParseError(f"{self.name} is damaged: cannot unpack {name}") from exc
        return b"".join(chunks)

    def xml(self, name: str) -> etree._Element:
        """A part parsed as XML; any DOCTYPE or ENTITY declaration is refused outright."""
        data = self.read(name)
        if _DTD.search(data):
            raise ParseError(f"{self.name}: {name} declares a DTD or entities, which Word files never do; refused")
        try:
            return etree.fromstring(data, _parser())
        except etree.XMLSyntaxError as exc:
            if "depth" in str(exc).lower():  # libxml2's limit without huge_tree, which we keep on purpose
                raise ParseError(f"{self.name}: {name} is nested more than {MAX_XML_DEPTH} levels deep, which no "
                                 "Word document needs; refused") from exc
            raise ParseError(f"{self.name} is damaged: {name} is not well-formed XML") from exc

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """rId -> (type, target part name) for a part ('' for the package itself)."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", f"{base}.rels") if part else "_rels/.rels"
        if not self.has(rels_name):
            return {}
        out = {}
        for rel in self.xml(rels_name).iter(f"{{{PKG_REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            out[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], resolved)
        return out

    def main_document(self) -> str:
        for rel_type, target in self.relationships("").values():
            if rel_type == "officeDocument" and self.has(target):
                return target
        if self.has("word/document.xml"):
            return "word/document.xml"
        raise ParseError(f"{self.name} is not a Word document: no main document part")
