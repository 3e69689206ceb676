"""How the Precedents pane draws its rows: a suggestion or a concordance hit as rich text, and the delegate that
paints such rows cheaply. No engine calls, no state."""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QListWidget, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from cop_drafter.core.textdiff import readable_diff
from cop_drafter.gui.precedents import SuggestionView
from cop_drafter.precedents.references import Reference

log = logging.getLogger(__name__)

HTML_ROLE = Qt.ItemDataRole.UserRole + 30


REFERENCE_STYLE = "color:#b00020;text-decoration:underline;font-weight:bold"
REFERENCE_STYLE_DARK = "color:#ff8a80;text-decoration:underline;font-weight:bold"


def _marked(text: str, offset: int, flagged: list[Reference], style: str) -> str:
    """`text` (starting at `offset` in the precedent) escaped, the flagged references' characters styled."""
    out, pos = [], 0
    for ref in flagged:
        start, end = max(ref.start - offset, pos), min(ref.end - offset, len(text))
        if start >= end:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f'<span style="{style}">{html.escape(text[start:end])}</span>')
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def legend_html(dark: bool) -> str:
    """What the highlight colours of a suggestion mean, shown under the list."""
    mark = "#6b5a00;color:#ffffff" if dark else "#fff1a8;color:#000000"
    style = REFERENCE_STYLE_DARK if dark else REFERENCE_STYLE
    return (f'<small><span style="background:{mark}">highlighted</span>: words the precedent has and you did not '
            f'type &nbsp;·&nbsp; <span style="{style}">red</span>: a reference the text in force does not make'
            "</small>")


def suggestion_html(query: str, item: SuggestionView, number: int, dark: bool,
                    flagged: list[Reference] | None = None, why: str = "") -> str:
    """Score, source, and the suggestion with the words that differ from the typed text highlighted, and the
    references the text in force does not make (`flagged`) in red, named below."""
    # explicit text colour: on a selected row the palette's white text would vanish on the light highlight
    mark = "#6b5a00;color:#ffffff" if dark else "#fff1a8;color:#000000"
    style = REFERENCE_STYLE_DARK if dark else REFERENCE_STYLE
    flagged = flagged or []
    body = []
    offset = 0  # equal + insert pieces spell the precedent exactly: offsets into item.text
    for piece in item.spans if item.spans is not None else readable_diff(query, item.text):
        if piece.op == "delete":
            continue
        text = _marked(piece.text, offset, flagged, style)
        body.append(f'<span style="background:{mark}">{text}</span>' if piece.op == "insert" else text)
        offset += len(piece.text)
    also = f"<br><small>also in {html.escape('; '.join(item.also_in))}</small>" if item.also_in else ""
    warn = (f'<br><small><span style="{style}">not in the text in force:</span> '
            f"{html.escape(', '.join(' '.join(r.text.split()) for r in flagged))}</small>" if flagged else "")
    key = f"Alt+{number}  " if number <= 9 else ""
    why_html = f"<br><small><i>{html.escape(why)}</i></small>" if why else ""
    return (f"<b>{item.score:.0f}%</b>&nbsp;&nbsp;<small>{key}{html.escape(item.source)}</small>"
            f"<br>{''.join(body)}{also}{warn}{why_html}")


class RichTextDelegate(QStyledItemDelegate):
    """Paints an item's HTML (HTML_ROLE) wrapped to the list's width.

    Far cheaper than a QLabel per row: one QTextDocument per row, laid out once per width and cached, so
    showing nine suggestions costs a few milliseconds of the UI thread instead of tens.
    """

    def __init__(self, parent: QListWidget) -> None:
        super().__init__(parent)
        self._cache: dict[tuple[str, int], QTextDocument] = {}

    def _document(self, html_text: str, width: int) -> QTextDocument:
        key = (html_text, width)
        document = self._cache.get(key)
        if document is None:
            if len(self._cache) > 64:
                self._cache.clear()
            document = QTextDocument()
            document.setDocumentMargin(4)
            document.setHtml(html_text)
            document.setTextWidth(width)
            self._cache[key] = document
        return document

    def _width(self, option) -> int:
        view = self.parent()
        return max(160, view.viewport().width() if isinstance(view, QListWidget) else option.rect.width())

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        width = self._width(option)
        document = self._document(str(index.data(HTML_ROLE) or ""), width)
        return QSize(width, int(document.size().height()) + 2)

    def paint(self, painter, option, index) -> None:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        options.text = ""
        style = options.widget.style() if options.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        document = self._document(str(index.data(HTML_ROLE) or ""), self._width(option))
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(option.rect.translated(-option.rect.topLeft()))
        document.documentLayout().draw(painter, context)
        painter.restore()


def bold_phrase(text: str, phrase: str) -> str:
    lowered, wanted = text.lower(), phrase.lower().strip('"')
    start = lowered.find(wanted) if wanted else -1
    if start < 0:
        return html.escape(text)
    end = start + len(wanted)
    return f"{html.escape(text[:start])}<b>{html.escape(text[start:end])}</b>{html.escape(text[end:])}"


def bold_marked(highlighted: str) -> str:
    """The engine marks matches as [[word]]: bold them, escape the rest."""
    out, rest = [], highlighted
    while "[[" in rest and "]]" in rest.split("[[", 1)[1]:
        before, after = rest.split("[[", 1)
        inner, rest = after.split("]]", 1)
        out.append(f"{html.escape(before)}<b>{html.escape(inner)}</b>")
    out.append(html.escape(rest))
    return "".join(out)
