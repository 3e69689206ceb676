"""A resolution from a saved ITU web page, or a copy of one (stdlib html.parser, no dependency).

The page's navigation, scripts, styles, header, footer and side panels are dropped; every block (<p>, <li>,
<div>, headings, table rows) becomes a line, a cell a TAB-separated part of it, so call words in <em>/<i> on
their own paragraph and clauses in <p> or <li> read as they do in a text file. A raised figure (<sup>1</sup>)
inside a clause is a footnote reference; a footnote list at the foot of the page (`<p id="fn1"><sup>1</sup>
text`) gives the footnotes. The lines then go through the same shape normaliser and parser as a .txt.
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

log = logging.getLogger(__name__)

_SKIPPED = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
            "select", "svg", "iframe", "head", "menu"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "wbr", "area", "base", "col", "embed", "source", "track"}
_BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article",
           "main", "blockquote", "dd", "dt", "dl", "pre", "br", "hr", "body", "center", "figure", "address"}
_CELLS = {"td", "th"}
# Page furniture by its class or id: breadcrumbs, menus, cookie banners, share buttons, "back to top".
_FURNITURE = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|footer|header|sidebar|cookies?|share|social|"
                        r"skip|banner|toolbar|search|related)(?:$|[\s_-])", re.IGNORECASE)
_NOTE_ID = re.compile(r"^(?:fn|footnote|ftn|_ftn)[-_:]?(\d{1,3})$", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|p|div)\b",
                         re.IGNORECASE | re.DOTALL)


def is_html(head: bytes) -> bool:
    """Does a file start like a web page (after a BOM, whitespace, an XML declaration or comments)?"""
    return bool(_HTML_START.match(head.lstrip(b"\xef\xbb\xbf")[:4096]))


class _Lines(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.notes: list[str] = []
        self.current: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped here)
        self.skip_depth = 0
        self.sup: list[str] | None = None
        self.note: list[str] | None = None  # the footnote being read
        self.note_id = ""

    def _flush(self) -> None:
        text = "".join(self.current)
        self.current = []
        if self.note is not None:
            self.note.append(text)
            return
        if text.strip():
            self.lines.append(text.strip(" "))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        marker = f"{values.get('class') or ''} {values.get('id') or ''} {values.get('role') or ''}"
        skip = tag in _SKIPPED or bool(_FURNITURE.search(marker)) or values.get("hidden") is not None
        if tag in _VOID:
            if tag in ("br", "hr") and not self.skip_depth:
                self._flush()
            return
        note = _NOTE_ID.match(values.get("id") or "")
        if note and not self.skip_depth:
            self._flush()
            self.note, self.note_id = [], note.group(1)
        self.stack.append((tag, skip))
        if skip:
            self.skip_depth += 1
        if self.skip_depth:
            return
        if tag in _BLOCKS:
            self._flush()
        elif tag in _CELLS and self.current:
            self.current.append("\t")
        elif tag == "sup":
            self.sup = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not any(t == tag for t, _s in self.stack):
            return
        while self.stack:
            open_tag, skipped = self.stack.pop()
            if skipped:
                self.skip_depth -= 1
            if not self.skip_depth:
                self._close(open_tag)
            if open_tag == tag:
                break

    def _close(self, tag: str) -> None:
        if tag == "sup" and self.sup is not None:
            figure = "".join(self.sup).strip()
            self.sup = None
            if figure.isdigit() and self.note is not None and not "".join(self.note + self.current).strip():
                return  # the footnote's own number
            self.current.append(f"[footnoteRef:{figure}]" if figure.isdigit() else figure)
        elif tag in _BLOCKS:
            self._flush()
            if self.note is not None and tag in ("p", "li", "div"):
                text = " ".join(" ".join(self.note).split())
                if text:
                    self.notes.append(f"[{self.note_id}: {text}]")
                self.note = None

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        data = re.sub(r"[\r\n]+", " ", data)
        if self.sup is not None:
            self.sup.append(data)
        else:
            self.current.append(data)


def html_lines(text: str) -> tuple[list[str], int]:
    """The text lines of a web page (page furniture dropped, footnote definitions last), and how many lines
    before the RESOLUTION heading were left out (the site's name, a page title)."""
    parser = _Lines()
    parser.feed(text)
    parser.close()
    parser._flush()
    lines = [" ".join(line.split(" ")) for line in parser.lines]
    heading = next((i for i, line in enumerate(lines) if re.match(r"^\s*(?:DRAFT\s+)?RESOLUTION\b", line)), 0)
    return lines[heading:] + parser.notes, heading
