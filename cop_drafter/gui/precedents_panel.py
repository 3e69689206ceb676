"""The right pane: live suggestions for the clause being typed, a concordance search and the clause's lineage.

Typing restarts a ~150 ms single-shot timer; only when it fires is a request sent to the worker thread, so a
fast typist causes one query per pause, never one per keystroke, and the UI thread never runs the engine.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cop_drafter.core.brackets import query_text
from cop_drafter.core.draft import Draft
from cop_drafter.core.model import Clause, Resolution
from cop_drafter.gui.editor import is_dark, pieces_html
from cop_drafter.gui.precedent_rows import (
    HTML_ROLE,
    RichTextDelegate,
    bold_marked,
    bold_phrase,
    legend_html,
    suggestion_html,
)
from cop_drafter.gui.precedents import ConcordanceHit, LineageRow, PrecedentService, SuggestionView
from cop_drafter.precedents.ranking import SCORE_FLOOR, reason
from cop_drafter.precedents.references import Reference, brought_in, not_in_force

__all__ = ["HTML_ROLE", "PrecedentsPanel"]

DEBOUNCE_MS = 150
INDEX_ROLE = Qt.ItemDataRole.UserRole + 31  # the row's index in `suggestions`; WEAKER_ROW for the toggle row
WEAKER_ROW = -1
CONCORDANCE_TAB = 1
SUGGESTION_LIMIT = 9
MIN_QUERY_CHARS = 3
# Precedent clauses run to a few hundred characters; a longer clause is looked up (and its suggestions highlighted)
# by its first MAX_QUERY_CHARS: beyond that the words add no precision, only UI-thread time.
MAX_QUERY_CHARS = 2000


class PrecedentsPanel(QTabWidget):
    take = Signal(str)  # replace the clause with this text
    insert = Signal(str)  # insert as a new clause
    references_brought = Signal(str)  # after taking a suggestion: "brought in from 2014: Programme 2" ("" if none)

    def __init__(self, service: PrecedentService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.query = ""
        self._pending_rows: list[tuple[int, SuggestionView | None]] = []
        self._context: tuple[str, str] = ("", "")
        self.sent_query = ""  # the query the shown suggestions answer (older answers are dropped)
        self.shown_query = ""
        self.suggestions: list[SuggestionView] = []  # shown (and taken by Alt+N), best first
        self.weaker: list[SuggestionView] = []  # below SCORE_FLOOR, shown on request ("weaker matches")
        self._lineage_key: tuple[str, str] | None = None
        self.text_in_force: Resolution | None = None  # see set_text_in_force
        self.source_dialog: QDialog | None = None  # the last concordance hit opened
        self._in_force_cache: tuple[int, list[str]] | None = None

        self.list = QListWidget()
        self.list.setAccessibleName("Suggestions")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)  # re-wrap rows when the pane is resized
        self.list.setItemDelegate(RichTextDelegate(self.list))
        warm = QTextDocument()  # load the rich-text fonts now, not on the first suggestion (~30 ms once)
        warm.setHtml("<b>95%</b> <small>Res 67</small><br><span style='background:#fff1a8'>warm</span>")
        warm.size()
        self.status = QLabel("Type in a clause to see precedents.")
        self.status.setWordWrap(True)
        self.reference_check = QLabel()  # after taking a suggestion: the references it brought in
        self.reference_check.setWordWrap(True)
        self.reference_check.setAccessibleName("Reference check")
        self.reference_check.hide()
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.status)
        layout.addWidget(self.reference_check)
        layout.addWidget(self.list)
        self.legend = QLabel(legend_html(self.palette().color(self.palette().ColorRole.Base).lightness() < 128))
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName("What the highlight colours mean")
        layout.addWidget(self.legend)
        self.addTab(page, "&Suggestions")

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Phrase to find across the library (Enter)")
        self.search_box.setAccessibleName("Concordance search")
        self.hits = QTextBrowser()
        self.hits.setAccessibleName("Concordance results")
        self.hits.setOpenLinks(False)  # "open" links are ours: they open the hit's text read-only
        self.hits.anchorClicked.connect(self._hit_link)
        self.hit_items: list[ConcordanceHit] = []
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search_box)
        layout.addWidget(self.hits)
        self.addTab(page, "C&oncordance")

        self.lineage_view = QTextBrowser()
        self.lineage_view.setAccessibleName("Lineage")
        self.addTab(self.lineage_view, "Li&neage")

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._send_suggest)
        self._row_timer = QTimer(self)  # owned by the panel: never fires after the panel is gone
        self._row_timer.setSingleShot(True)
        self._row_timer.setInterval(0)
        self._row_timer.timeout.connect(self._add_next_row)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(lambda item: self.show_weaker() if item.data(INDEX_ROLE) == WEAKER_ROW else None)
        self.search_box.returnPressed.connect(self.run_search)
        service.result.connect(self._on_result)
        service.error.connect(self._on_error)

    # -- suggestions --------------------------------------------------------------------------------------
    def text_changed(self, text: str) -> None:
        """Called on every keystroke; the query goes out when typing pauses."""
        self.query = query_text(text)[:MAX_QUERY_CHARS]  # by its words, not its brackets
        self.timer.start()

    def _send_suggest(self) -> None:
        text = " ".join(self.query.split())
        if len(text) < MIN_QUERY_CHARS:
            self.suggestions = []
            self.weaker = []
            self._pending_rows = []
            self.list.clear()
            self.status.setText("Type in a clause to see precedents.")
            return
        self.status.setText("Searching…")
        self.sent_query = text
        context = self._clause_context()  # the clause's call and label: same call and position rank higher
        # ... and the clause of the text in force it modifies, whatever its wording now (its anchor)
        self.service.send("suggest", (text, SUGGESTION_LIMIT, context if context[0] else None, self._anchor_text()))

    def _show_suggestions(self, items: list[SuggestionView]) -> None:
        """Show the answer one row per event-loop turn: laying out nine rich-text rows at once can hold the UI
        thread for 30+ ms; a row at a time keeps every turn short while the top suggestion appears at once.
        Matches below SCORE_FLOOR wait behind a "weaker matches" row."""
        self.shown_query = self.sent_query
        self.suggestions = [s for s in items if s.score >= SCORE_FLOOR or s.near_anchor]
        self.weaker = [s for s in items if s.score < SCORE_FLOOR and not s.near_anchor]
        self.list.clear()
        self._context = self._clause_context()
        self._pending_rows = list(enumerate(self.suggestions, start=1))
        if self.weaker:
            self._pending_rows.append((WEAKER_ROW, None))
        if self.suggestions:
            self.status.setText(f"{len(self.suggestions)} precedents — Alt+1…Alt+9 or Enter replaces the clause, "
                                "Alt+Shift+1…9 inserts it as a new clause.")
        elif self.weaker:
            self.status.setText(f"Only weaker matches (below {SCORE_FLOOR:.0f}%) for this wording.")
        else:
            self.status.setText("No precedent found for this wording.")
        if self._pending_rows:
            self._add_next_row()

    def show_weaker(self) -> None:
        """Append the weaker matches to the list (they can then be taken like the others)."""
        if not self.weaker:
            return
        for row in range(self.list.count()):
            if self.list.item(row).data(INDEX_ROLE) == WEAKER_ROW:
                self.list.takeItem(row)
                break
        start = len(self.suggestions)
        self.suggestions += self.weaker
        self.weaker = []
        self._pending_rows += list(enumerate(self.suggestions[start:], start=start + 1))
        self._add_next_row()

    def _activated(self, item: QListWidgetItem) -> None:
        index = item.data(INDEX_ROLE)
        if index == WEAKER_ROW:
            self.show_weaker()
        elif isinstance(index, int):
            self.take_index(index)

    def _drafted(self) -> tuple[Draft, str] | None:
        """(the window's draft, the uid of the clause being drafted), or None when there is none."""
        window = self.window()
        uid_of = getattr(window, "current_clause_uid", None)
        draft = getattr(getattr(window, "doc", None), "draft", None)
        if not callable(uid_of) or draft is None:
            return None
        uid = uid_of()
        return (draft, uid) if isinstance(uid, str) else None

    def _anchor_text(self) -> str:
        """The text in force of the clause being drafted ("" for a new clause or no draft): the clause it
        modifies, whatever its wording now."""
        drafted = self._drafted()
        base = drafted[0].base_clause(drafted[1]) if drafted else None
        return base.text if base is not None else ""

    def _clause_context(self) -> tuple[str, str]:
        """(call, label) of the clause being drafted, from the window's document ("", "" when unknown)."""
        drafted = self._drafted()
        found = drafted[0].current.find_clause(drafted[1]) if drafted else None
        return (found[0].call, found[1].label) if found else ("", "")

    def _add_next_row(self) -> None:
        if not self._pending_rows:
            return
        n, item = self._pending_rows.pop(0)
        row = QListWidgetItem()
        if item is None:
            count = len(self.weaker)
            text = (f"▸ {count} weaker match{'es' * (count != 1)} (below {SCORE_FLOOR:.0f}%): "
                    "Enter or click to show")
            row.setData(HTML_ROLE, f"<small><i>{html.escape(text)}</i></small>")
            row.setData(INDEX_ROLE, WEAKER_ROW)
            row.setData(Qt.ItemDataRole.AccessibleTextRole, text)
            self.list.addItem(row)
            return
        why = (reason(item.spans or [], item.call, item.label, *self._context, near_anchor=item.near_anchor)
               if item.spans is not None else "")
        row.setData(HTML_ROLE, suggestion_html(self.query, item, n, is_dark(self.palette()), self.flagged(item),
                                               why))
        row.setData(INDEX_ROLE, n - 1)
        row.setData(Qt.ItemDataRole.AccessibleTextRole, f"{item.score:.0f} percent, {item.source}: {item.text}")
        row.setToolTip(item.text)
        self.list.addItem(row)
        if n == 1:
            self.list.setCurrentRow(0)
        if self._pending_rows:
            self._row_timer.start()

    def take_index(self, index: int, as_new: bool = False) -> bool:
        """Alt+N: take suggestion N (replace, or insert `as_new`); on the concordance tab, insert hit N as a
        new clause."""
        if self.currentIndex() == CONCORDANCE_TAB:
            if not 0 <= index < len(self.hit_items):
                return False
            self.insert.emit(self.hit_items[index].text)
            return True
        if not 0 <= index < len(self.suggestions):
            return False
        item = self.suggestions[index]
        (self.insert if as_new else self.take).emit(item.text)
        self._check_references(item)
        return True

    # -- references ---------------------------------------------------------------------------------------
    def set_text_in_force(self, resolution: Resolution | None) -> None:
        """The draft's base text: a suggestion's references that it never makes are flagged. Without a call,
        the panel asks its window's document (`window().doc.draft.base`)."""
        self.text_in_force = resolution
        self._in_force_cache = None

    def _text_in_force(self) -> Resolution | None:
        base = self.text_in_force
        if base is None:
            draft = getattr(getattr(self.window(), "doc", None), "draft", None)
            base = getattr(draft, "base", None)
        return base

    def _in_force_texts(self) -> list[str] | None:
        base = self._text_in_force()
        if base is None:
            return None
        if self._in_force_cache is None or self._in_force_cache[0] != id(base):
            self._in_force_cache = (id(base), [c.text for _s, c in base.clauses()])
        return self._in_force_cache[1]

    def flagged(self, item: SuggestionView) -> list[Reference]:
        """The suggestion's references (citations, Questions, study groups, programmes, years) that the text
        in force does not make; [] for a new resolution (no text in force)."""
        texts = self._in_force_texts()
        return not_in_force(item.text, texts) if texts is not None else []

    def _check_references(self, item: SuggestionView) -> None:
        message = brought_in(self.flagged(item), item.year)
        if message:
            self.reference_check.setText(f"⚠ {message[0].upper()}{message[1:]} — not in the text in force; "
                                         "check them.")
            self.reference_check.setStyleSheet("color:#b00020" if not is_dark(self.palette()) else "color:#ff8a80")
            self.reference_check.show()
        else:
            self.reference_check.hide()
            self.reference_check.clear()
        self.references_brought.emit(message)

    def current_index(self) -> int:
        return self.list.currentRow()

    # -- concordance and lineage --------------------------------------------------------------------------
    def run_search(self) -> None:
        phrase = self.search_box.text().strip()
        if phrase:
            self.hits.setHtml("<i>Searching…</i>")
            self.service.send("search", phrase)

    def _show_hits(self, hits: list[ConcordanceHit]) -> None:
        phrase = self.search_box.text().strip()
        self.hit_items = list(hits)
        if not hits:
            self.hits.setHtml(f"<i>No clause contains “{html.escape(phrase)}”.</i>")
            return
        rows = []
        for n, h in enumerate(hits, start=1):
            key = f"Alt+{n}  " if n <= 9 else ""
            link = f' <a href="open:{n - 1}">open the text</a>' if h.doc_id else ""
            body = bold_marked(h.highlighted) if h.highlighted else bold_phrase(h.text, phrase)
            rows.append(f"<p><small>{key}{html.escape(h.source)}{link}</small><br>{body}</p>")
        self.hits.setHtml(f"<p><b>{len(hits)}</b> clauses — Alt+1…Alt+9 inserts one as a new clause</p>"
                          + "".join(rows))

    def _hit_link(self, url) -> None:
        target = url.toString()
        if target.startswith("open:"):
            self.open_hit(int(target.split(":", 1)[1]))

    def open_hit(self, index: int) -> None:
        """Open the text a concordance hit is in, read-only, at the hit (the worker reads it)."""
        if 0 <= index < len(self.hit_items) and self.hit_items[index].doc_id:
            hit = self.hit_items[index]
            self.service.send("document", (hit.doc_id, hit.text))

    def _show_document(self, answer: tuple[Resolution | None, str]) -> None:
        from cop_drafter.gui.source_view import SourceTextDialog

        resolution, clause_text = answer
        if resolution is None:
            self.hits.append("<i>That text is no longer in the library.</i>")
            return
        self.source_dialog = SourceTextDialog(resolution, clause_text, self)
        self.source_dialog.show()

    def show_lineage_for(self, resolution: Resolution, clause: Clause) -> None:
        key = (clause.uid, clause.text)
        if key == self._lineage_key:
            return
        self._lineage_key = key
        copy = resolution.copy()  # the worker reads it while the delegate keeps typing
        found = copy.find_clause(clause.uid)
        if found is not None:
            self.lineage_view.setHtml("<i>Tracing this clause through older revisions…</i>")
            base = self._text_in_force()  # anchors the lineage on the clause this one modifies
            payload = (copy, found[1], base.copy()) if base is not None else (copy, found[1])
            self.service.send("lineage", payload)

    def _show_lineage(self, steps: list[LineageRow]) -> None:
        if not steps:
            self.lineage_view.setHtml("<i>No ancestor of this clause in the library.</i>")
            return
        dark = is_dark(self.palette())
        rows = [f"<p><b>{html.escape(step.source)}</b><br>{pieces_html(step.diff, dark)}</p>" for step in steps]
        self.lineage_view.setHtml("".join(rows))

    # -- results ------------------------------------------------------------------------------------------
    def _on_result(self, kind: str, result: object) -> None:
        if kind == "suggest":
            self._show_suggestions(result)  # type: ignore[arg-type]
        elif kind == "search":
            self._show_hits(result)  # type: ignore[arg-type]
        elif kind == "lineage":
            self._show_lineage(result)  # type: ignore[arg-type]
        elif kind == "document":
            self._show_document(result)  # type: ignore[arg-type]

    def _on_error(self, kind: str, message: str) -> None:
        target = {"suggest": self.status.setText, "search": self.hits.setPlainText,
                  "lineage": self.lineage_view.setPlainText}.get(kind)
        if target:
            target(f"The precedent library could not answer: {message}")
