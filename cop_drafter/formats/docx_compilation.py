"""A Word file holding several resolutions, split into one .docx per resolution before reading.

The package is cut at the level of its body: each part keeps the paragraphs and tables from its RESOLUTION
heading to the next one (and the page settings), with every other part of the package as it was (styles,
numbering, footnotes: the .docx reader keeps only the footnotes a part refers to, numbered as Word shows them
in that part). Each part is then read by the one .docx reader, so a resolution reads the same in a
compilation as on its own. Provenance: the file and the paragraph range.
"""

from __future__ import annotations

import copy
import logging
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

from cop_drafter.core.model import ParseError, ParseWarning, Resolution
from cop_drafter.formats.compilation import heading_line, lines_have_call
from cop_drafter.formats.docx_package import DocxPackage, w

log = logging.getLogger(__name__)


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(w("t")))


def _starts(children: list[etree._Element]) -> list[int]:
    texts = [_text(child) for child in children]
    heads = [i for i, child in enumerate(children) if child.tag == w("p") and heading_line(texts[i])]
    real = []
    for n, start in enumerate(heads):
        end = heads[n + 1] if n + 1 < len(heads) else len(children)
        if lines_have_call(texts[start:end]):
            real.append(start)
    return real


def read_docx_parts(path: Path, read_docx: Callable[[Path], Resolution]) -> list[tuple[Resolution, dict[str, Any]]]:
    """Every resolution of a .docx with its provenance; one (and {}) for a file of one resolution."""
    try:
        with DocxPackage(path) as package:
            main = package.main_document()
            root = package.xml(main)
        body = root.find(w("body"))
        children = [] if body is None else [c for c in body if c.tag != w("sectPr")]
        starts = _starts(children)
    except (ParseError, ValueError, KeyError, OSError, zipfile.BadZipFile, etree.LxmlError):
        starts = []  # not a readable package: the .docx reader says what is wrong with it, in its words
    if len(starts) < 2:
        return [(read_docx(path), {})]
    bounds = list(zip(starts, starts[1:] + [len(children)], strict=True))
    results = []
    with tempfile.TemporaryDirectory(prefix="cop-drafter-split-") as tmp, zipfile.ZipFile(path) as source:
        for number, (start, end) in enumerate(bounds, 1):
            part_root = copy.deepcopy(root)
            part_body = part_root.find(w("body"))
            kept = [c for c in part_body if c.tag != w("sectPr")]
            for index, child in enumerate(kept):
                if not start <= index < end:
                    part_body.remove(child)
            target = Path(tmp) / f"part-{number}.docx"
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
                for name in source.namelist():  # by name: writestr would move a shared ZipInfo's offsets
                    data = (etree.tostring(part_root, xml_declaration=True, encoding="UTF-8", standalone=True)
                            if name == main else source.read(name))
                    out.writestr(name, data)
            where = {"source_file": path.name, "paragraphs": f"{start + 1}-{end}", "part": number,
                     "parts": len(bounds)}
            try:
                resolution = read_docx(target)
            except ParseError as exc:
                raise ParseError(f"{path.name}: resolution {number} of {len(bounds)} (paragraphs "
                                 f"{where['paragraphs']}) cannot be read: {exc}") from exc
            resolution.source = path.name
            resolution.warnings.insert(0, ParseWarning(
                "compilation", f"resolution {number} of {len(bounds)} in {path.name}, paragraphs {where['paragraphs']}"))
            results.append((resolution, where))
    if starts[0] and any(_text(c).strip() for c in children[: starts[0]]):
        results[0][0].warnings.insert(1, ParseWarning(
            "skipped-front-matter", "left out the paragraphs before the first resolution (cover, contents)"))
    log.info("%s holds %d resolutions", path.name, len(results))
    return results
