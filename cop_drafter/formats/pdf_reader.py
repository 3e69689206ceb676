"""Reading resolutions from PDF: ITU's final acts and reports, and what Word or LibreOffice print.

Why pypdfium2 (docs/pdf.md): permissive (Apache-2.0/BSD-3), wheels for Windows, macOS and Linux, fast (PDFium is
C++), and it gives each run of text with its box, so the page's layout can be read rather than guessed:

- running headers and footers: lines in the top or bottom band of the page that repeat on other pages (digits
  aside), and page numbers there, are dropped;
- footnotes: lines at the foot of the page in a smaller type, starting with their number, become footnotes, and
  a raised small figure in the text becomes the reference, exactly where it stands;
- labels: a label and its text separated by a hanging-indent gap are written `label<TAB>text`;
- hyphenation: a word cut at a line end is rejoined without its hyphen only when the joined word occurs
  elsewhere in the file; otherwise the hyphen is kept (`multi-` + `stakeholder`).

The result is the text of the file, line by line, with page numbers; the text parser (through
`formats.shapes`) builds the resolution, and `formats.compilation` splits a file holding several.
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cop_drafter.core.model import ParseError, ParseWarning
from cop_drafter.formats.shapes import PAGE_NUMBER

log = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
MAX_PAGES = 5000
BAND = 0.09  # the top and bottom 9 % of a page hold its running header and footer
_RES_HEADING = re.compile(r"^\s*(?:DRAFT\s+)?RESOLUTION\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_LABEL_LIKE = re.compile(r"^\(?[a-z]{1,2}\)")
# PDFium writes a hyphen that ends a line with no space after it as \\x02 (\\ufffe in page text).
_CUT = "\ue002"  # a word cut at the line end (PDFium's hyphen flag), until it is rejoined or given back its "-"
_GENERATED = str.maketrans({"\ufffe": _CUT, "\x02": _CUT, "\r": None, "\n": " "})


@dataclass
class _Run:
    left: float
    bottom: float
    right: float
    top: float
    text: str
    size: float


@dataclass
class PdfLine:
    page: int  # 1-based
    text: str
    top: float  # distance from the top of the page, points
    size: float  # font size of its first run
    kind: str = "body"  # body | footnote


@dataclass
class PdfText:
    """The lines of a PDF (headers, footers and footnote blocks already taken out) and what was removed."""

    lines: list[tuple[int, str]]  # (page, text)
    pages: int
    warnings: list[ParseWarning]


def is_pdf(head: bytes) -> bool:
    return head[:1024].lstrip(b"\x00\t\r\n ").startswith(PDF_MAGIC)


def _open(path: Path) -> Any:
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover - pypdfium2 is a dependency
        raise ParseError(f"{path.name} is a PDF and this build cannot read PDF files") from exc
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        reason = str(exc).lower()
        if "password" in reason:
            raise ParseError(f"{path.name} is a password-protected PDF: open it and save an unprotected copy") from exc
        raise ParseError(f"{path.name} is a damaged PDF ({exc}): it cannot be read") from exc


def _runs(textpage: Any) -> list[_Run]:
    """The page's runs of text (PDFium's rectangles, in reading order) with their font size.

    A rectangle's text is cut from the page text between its first character and the next rectangle's (one
    look-up each), not asked of PDFium by box (which scans the whole page for every box: 4 times slower);
    a box whose first character is not found, or not in order, is read by its box."""
    import pypdfium2.raw as raw

    boxes, starts = [], []
    for i in range(textpage.count_rects()):
        box = textpage.get_rect(i)
        boxes.append(box)
        starts.append(raw.FPDFText_GetCharIndexAtPos(textpage.raw, box[0] + 0.5, (box[1] + box[3]) / 2, 1.0, 1.0))
    full = textpage.get_text_range()
    if not boxes:
        return []
    ends = starts[1:] + [textpage.count_chars()]
    runs = []
    for box, start, end in zip(boxes, starts, ends, strict=True):
        if 0 <= start < end:
            text = full[raw.FPDFText_GetTextIndexFromCharIndex(textpage.raw, start):
                        raw.FPDFText_GetTextIndexFromCharIndex(textpage.raw, end - 1) + 1]
            text = text.split("\r\n")[0] if "\r\n" in text.rstrip("\r\n") else text.rstrip("\r\n")
        else:  # no first character found, or not in order: ask by box
            text = textpage.get_text_bounded(*box)
        text = text.translate(_GENERATED)
        if not text.strip():
            continue
        size = raw.FPDFText_GetFontSize(textpage.raw, start) if start >= 0 else box[3] - box[1]
        left, bottom, right, top = box
        runs.append(_Run(left, bottom, right, top, text, round(size, 1)))
    return runs


def _page_lines(runs: list[_Run], page: int, height: float) -> list[PdfLine]:
    """Runs grouped into lines by their vertical overlap, left to right; raised small figures become
    footnote references, wide gaps (a tab to a hanging indent) a TAB."""
    runs.sort(key=lambda r: (-r.top, r.left))
    groups: list[list[_Run]] = []
    boxes: list[list[float]] = []  # each group's [bottom, top]
    for run in runs:
        for n in range(len(groups) - 1, max(-1, len(groups) - 4), -1):
            bottom, top = boxes[n]
            overlap = min(top, run.top) - max(bottom, run.bottom)
            if overlap > 0.4 * min(top - bottom, run.top - run.bottom):
                groups[n].append(run)
                boxes[n] = [min(bottom, run.bottom), max(top, run.top)]
                break
        else:
            groups.append([run])
            boxes.append([run.bottom, run.top])
    lines = []
    for group in groups:
        size = Counter(r.size for r in group if not r.text.strip().isdigit()).most_common(1)
        body_size = size[0][0] if size else group[0].size
        base = max(group, key=lambda r: r.size)
        group.sort(key=lambda r: r.left)
        text, previous = "", None
        for run in group:
            piece = run.text
            stripped = piece.strip()
            raised = (previous is not None and stripped.isdigit() and run.size < body_size * 0.8
                      and run.bottom > base.bottom + 1)
            if raised:
                text = text.rstrip() if not text.endswith(" ") else text
                text += f"[footnoteRef:{stripped}]" + (" " if piece.endswith(" ") else "")
                previous = run
                continue
            if previous is not None:
                gap = run.left - previous.right
                if gap > 1.5 * body_size:
                    text = text.rstrip() + "\t"
                elif gap > 0.15 * body_size and not text.endswith((" ", "\t")):
                    text += " "
            text += piece
            previous = run
        first = group[0]
        if re.search(r"[^\W\d_]-$", text):  # a hyphen with no space after it ends the line: a cut word
            text = text[:-1] + _CUT
        lines.append(PdfLine(page, text.rstrip(), height - max(r.top for r in group), first.size if
                             not first.text.strip().isdigit() or len(group) == 1 else body_size))
    return lines


def _key(text: str) -> str:
    """Lines that differ only by their figures repeat (`Page 3`); a RESOLUTION heading repeats only exactly,
    so the headings of a compilation's resolutions (67 and 68 of one conference) are never taken for one."""
    text = " ".join(text.split())
    return text.casefold() if _RES_HEADING.match(text) else _DIGITS.sub("#", text).casefold()


def _in_band(line: PdfLine, height: float) -> str:
    if line.top <= height * BAND:
        return "top"
    if line.top >= height * (1 - BAND):
        return "bottom"
    return ""


def _drop_furniture(pages: list[tuple[float, list[PdfLine]]], warnings: list[ParseWarning]) -> None:
    """Drop page numbers and the lines repeated in the same band on several pages."""
    seen: Counter[tuple[str, str]] = Counter()
    for height, lines in pages:
        for band_key in {(band, _key(ln.text)) for ln in lines if (band := _in_band(ln, height))}:
            seen[band_key] += 1
    needed = 2 if len(pages) < 6 else max(2, len(pages) // 4)
    # A header that repeats the document's heading or title (Word's "RESOLUTION 67 (...)" on pages 2, 3 ...)
    # is a running header even when the file has only two pages.
    # Unless the lines after it are the first page's too: then the document starts again (a compilation of copies).
    first = [_key(ln.text) for ln in pages[0][1][:5]] if pages else []
    opening = {key: first[n + 1] if n + 1 < len(first) else None for n, key in enumerate(first[:4])}
    dropped_numbers = 0
    dropped: Counter[str] = Counter()
    for height, lines in pages:
        keep = []
        for n, ln in enumerate(lines):
            band = _in_band(ln, height)
            if band and PAGE_NUMBER.match(ln.text):
                dropped_numbers += 1
                continue
            key = _key(ln.text)
            repeats_opening = (ln.page > 1 and key in opening
                               and (n + 1 >= len(lines) or _key(lines[n + 1].text) != opening[key]))
            if band and (seen[(band, key)] >= needed or repeats_opening):
                dropped[" ".join(ln.text.split())] += 1
                continue
            keep.append(ln)
        lines[:] = keep
    if dropped_numbers:
        warnings.append(ParseWarning("page-footer", f"removed {dropped_numbers} page number(s)"))
    for text, count in dropped.most_common():
        warnings.append(ParseWarning("running-header", f"removed the running header or footer {text!r} "
                                     f"({count} time{'s' * (count != 1)})"))


_NOTE_START = re.compile(r"^(\d{1,3})(?:\t|\s+)(\S.*)$")


def _footnotes(lines: list[PdfLine], body_size: float) -> list[str]:
    """Take the footnote block off the foot of a page: `[N: text]` definitions for the text parser."""
    start = len(lines)
    while start > 0 and lines[start - 1].size < body_size - 0.9:
        start -= 1
    block = lines[start:]
    if not block or not _NOTE_START.match(block[0].text.replace("[footnoteRef:", "").replace("]", "", 1)
                                          if block[0].text.startswith("[footnoteRef:") else block[0].text):
        return []
    notes: list[list[str]] = []
    for ln in block:
        text = re.sub(r"^\[footnoteRef:(\d+)\]\s*", r"\1 ", ln.text)
        m = _NOTE_START.match(text)
        if m:
            notes.append([m.group(1), m.group(2)])
        elif notes:
            notes[-1][1] += " " + text.strip()
    del lines[start:]
    return [f"[{fid}: {' '.join(text.split())}]" for fid, text in notes]


@lru_cache(maxsize=1)
def library_words() -> frozenset[str]:
    """The words of the bundled texts, for rejoining words cut at a line end in a short file."""
    try:
        from cop_drafter.corpus import load_manifest, read_corpus_bytes

        texts = [read_corpus_bytes(entry["file"]).decode("utf-8", "replace") for entry in load_manifest()["texts"]]
    except (OSError, KeyError, ValueError, TypeError) as exc:  # a damaged install: rejoin from the file alone
        log.warning("bundled texts unreadable for hyphenation: %s", exc)
        return frozenset()
    return frozenset(w.casefold() for text in texts for w in _WORD.findall(text))


def _rejoin_hyphens(lines: list[tuple[int, str]], warnings: list[ParseWarning]) -> list[tuple[int, str]]:
    """Join words cut at a line end (a hyphen with no space after it). The hyphen goes only when the joined
    word is used elsewhere in the file or in the bundled texts ("pro-" + "tection"); otherwise it stays ("CWG-" + "COP", "non-" +
    "governmental"). A hyphen followed by a space in the source ("self- regulatory") is not a cut."""
    vocabulary = {w.casefold() for _p, text in lines for w in _WORD.findall(text.replace(_CUT, "-"))}
    vocabulary |= library_words()
    out: list[tuple[int, str]] = []
    joined = kept = 0
    for page, text in lines:
        if out and out[-1][1].endswith(_CUT) and text[:1].isalnum() and not _LABEL_LIKE.match(text):
            prev_page, prev = out[-1]
            cut = re.search(r"([A-Za-z\u00c0-\u024f]+)" + _CUT + "$", prev)
            head = re.match(r"([a-z\u00df-\u024f]+)", text)
            if cut and head and (cut.group(1) + head.group(1)).casefold() in vocabulary:
                out[-1] = (prev_page, prev[:-1] + text)
                joined += 1
            else:
                out[-1] = (prev_page, prev[:-1] + "-" + text)
                kept += 1
            continue
        out.append((page, text))
    out = [(page, text.replace(_CUT, "-")) for page, text in out]
    if joined or kept:
        warnings.append(ParseWarning("hyphenation", f"rejoined {joined + kept} word(s) cut at a line end "
                                     f"({kept} keep their hyphen: the word is not used without it elsewhere)"))
    return out


def _join_open_lines(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A conference line wrapped inside its parenthesis ("The ... Conference (Guadalajara," / "2010),") is
    one line: the header is read line by line."""
    out: list[tuple[int, str]] = []
    for page, text in lines:
        if out and out[-1][1].startswith("The ") and out[-1][1].count("(") > out[-1][1].count(")") \
                and text.count(")") > text.count("(") and len(text) < 40:
            out[-1] = (out[-1][0], f"{out[-1][1].rstrip()} {text.lstrip()}")
            continue
        out.append((page, text))
    return out


def pdf_text(path: str | os.PathLike[str]) -> PdfText:
    """The text lines of a PDF, with their pages; ParseError (one line) for a PDF that has no text to read."""
    path = Path(path)
    document = _open(path)
    try:
        count = len(document)
        if count > MAX_PAGES:
            raise ParseError(f"{path.name} has {count} pages: too many for a collection of resolutions")
        pages: list[tuple[float, list[PdfLine]]] = []
        for index in range(count):
            page = document[index]
            try:
                textpage = page.get_textpage()
                try:
                    pages.append((page.get_height(), _page_lines(_runs(textpage), index + 1, page.get_height())))
                finally:
                    textpage.close()
            finally:
                page.close()
    finally:
        document.close()
    if not any(lines for _h, lines in pages):
        raise ParseError(f"{path.name} is a PDF without text (a scan?): it needs text recognition (OCR) first")
    warnings: list[ParseWarning] = []
    sizes: Counter[float] = Counter()
    for _h, lines in pages:
        for ln in lines:
            sizes[ln.size] += len(ln.text)
    body_size = sizes.most_common(1)[0][0]
    _drop_furniture(pages, warnings)
    out: list[tuple[int, str]] = []
    for _h, lines in pages:
        notes = _footnotes(lines, body_size)
        out.extend((ln.page, ln.text) for ln in lines)
        if notes:
            out.extend((lines[-1].page if lines else 0, note) for note in notes)
    return PdfText(_join_open_lines(_rejoin_hyphens(out, warnings)), len(pages), warnings)
