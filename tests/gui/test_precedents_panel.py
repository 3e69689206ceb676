"""Live precedents: debounced, computed off the UI thread, stale answers dropped, one key to take one."""

from __future__ import annotations

import threading
import time

from conftest import precedent_source
from PySide6.QtCore import Qt, QThread

from cop_drafter.core.draft import ClauseStatus
from cop_drafter.gui.precedents_panel import HTML_ROLE
from cop_drafter.precedents.ranking import SCORE_FLOOR

ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


class RecordingEngine:
    """The real precedent engine (bundled corpus and the test's library), with a record of the queries it was
    asked and on which thread; `first_delay` holds its first answer back, so a second query can overtake it."""

    def __init__(self, first_delay: float = 0.0) -> None:
        self.engine = precedent_source()
        self.calls: list[str] = []
        self.threads: set[int] = set()
        self.first_delay = first_delay

    def __getattr__(self, name: str):
        return getattr(self.engine, name)  # search, lineage, add_file, summary, changes: the engine's own

    def suggest(self, text: str, limit: int, *context):
        self.threads.add(threading.get_ident())
        self.calls.append(text)
        if len(self.calls) == 1 and self.first_delay:
            time.sleep(self.first_delay)
        return self.engine.suggest(text, limit, *context)


def _typing_window(make_window, qtbot, source):
    window = make_window(source_factory=lambda: source)
    window.new_revision()
    editor = window.editor.clause_page.text
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    return window, editor


def test_typing_sends_one_query_per_pause_off_the_ui_thread(make_window, qtbot):
    source = RecordingEngine()
    window, editor = _typing_window(make_window, qtbot, source)
    qtbot.keyClicks(editor, "that children are among the most active")
    panel = window.precedents
    qtbot.waitUntil(lambda: panel.shown_query == "that children are among the most active", timeout=5000)
    assert len(source.calls) <= 3, f"one query per keystroke is not debounced: {len(source.calls)} queries"
    assert threading.get_ident() not in source.threads, "the engine ran on the UI thread"
    qtbot.waitUntil(lambda: panel.suggestions and panel.list.count() >= len(panel.suggestions))  # a row a turn
    assert "Alt+1" in panel.list.item(0).data(HTML_ROLE)
    assert isinstance(window.service.thread, QThread) and window.service.thread.isRunning()


def test_a_stale_answer_is_dropped(make_window, qtbot):
    source = RecordingEngine(first_delay=0.6)
    window, editor = _typing_window(make_window, qtbot, source)
    shown: list[object] = []
    window.service.result.connect(lambda kind, result: shown.append(result) if kind == "suggest" else None)
    qtbot.keyClicks(editor, "first words")
    qtbot.waitUntil(lambda: source.calls == ["first words"], timeout=5000)
    qtbot.keyClicks(editor, " then more")  # sent while the first is still being computed
    panel = window.precedents
    qtbot.waitUntil(lambda: panel.shown_query == "first words then more", timeout=5000)
    qtbot.wait(700)  # long enough for the slow first answer to have come back
    assert source.calls == ["first words", "first words then more"]
    assert len(shown) == 1, "the first (stale) answer must never be shown"
    assert panel.shown_query == "first words then more" and panel.suggestions


def _words(text: str) -> str:
    return " ".join(text.rstrip(";,.:").split())


def test_enter_alt_n_and_alt_shift_n_take_or_insert_a_suggestion(make_window, qtbot):
    source = RecordingEngine()
    window, editor = _typing_window(make_window, qtbot, source)
    doc, uid = window.doc, window.current_clause_uid()
    qtbot.keyClicks(editor, "to continue the work of")
    panel = window.precedents
    qtbot.waitUntil(lambda: panel.shown_query == "to continue the work of" and len(panel.suggestions) >= 3,
                    timeout=10_000)
    second = panel.suggestions[1].text
    qtbot.keyClick(editor, Qt.Key.Key_2, ALT)
    assert _words(doc.clause(uid).text) == _words(second)
    assert doc.clause(uid).text.endswith(doc.expected_mark(uid))

    qtbot.waitUntil(lambda: panel.shown_query == " ".join(doc.clause(uid).text.split()), timeout=10_000)
    first = panel.suggestions[0].text
    count = sum(1 for _ in doc.resolution.clauses())
    qtbot.keyClick(editor, Qt.Key.Key_1, ALT | SHIFT)
    assert sum(1 for _ in doc.resolution.clauses()) == count + 1
    new_uid = window.current_clause_uid()
    assert new_uid != uid and doc.status(new_uid) is ClauseStatus.ADD
    assert _words(doc.clause(new_uid).text) == _words(first)

    window.outline.select_uid(uid)
    qtbot.waitUntil(lambda: panel.shown_query == " ".join(doc.clause(uid).text.split())
                    and len(panel.suggestions) >= 3, timeout=10_000)
    qtbot.waitUntil(lambda: panel.list.count() >= 3)  # rows are added one per event-loop turn
    third = panel.suggestions[2].text
    panel.list.setFocus()
    panel.list.setCurrentRow(2)
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert _words(doc.clause(uid).text) == _words(third)
    doc.undo_stack.undo()
    assert _words(doc.clause(uid).text) == _words(second)


def test_concordance_and_lineage_tabs(make_window, qtbot):
    window = make_window(source_factory=lambda: RecordingEngine())
    window.new_revision()
    qtbot.keyClick(window.outline, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | SHIFT)
    panel = window.precedents
    assert panel.currentIndex() == 1 and panel.search_box.hasFocus()
    qtbot.keyClicks(panel.search_box, "child online protection")
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Res " in panel.hits.toPlainText(), timeout=10_000)
    assert "child online protection" in panel.hits.toPlainText().lower()

    window.show_lineage_tab()  # the first clause of Kigali 2022 and its 2017 predecessor (damaged in the seed)
    qtbot.waitUntil(lambda: "Kigali, 2022" in panel.lineage_view.toPlainText(), timeout=30_000)
    shown = panel.lineage_view.toPlainText()
    assert "Buenos Aires, 2017" in shown and shown.index("Buenos Aires, 2017") < shown.index("Kigali, 2022")
    assert "background" in panel.lineage_view.toHtml()  # the steps' differences are marked


def test_without_an_engine_the_panel_says_so(make_window, qtbot):
    window, editor = _typing_window(make_window, qtbot, None)
    qtbot.keyClicks(editor, "that children")
    qtbot.waitUntil(lambda: "could not answer" in window.precedents.status.text(), timeout=5000)
    assert window.precedents.suggestions == []


HOLD_WRITE_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO meta(key, value) VALUES ('busy', 'importing')")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""
SKY = ("RESOLUTION 999 (Nowhere, 2030)\nA test text\nThe Conference,\nconsidering\n"
       "a) that the sky is a relevant topic for every delegate attending;\n"
       "b) that nothing else is said here at all,\nresolves\n1 to keep calm and carry on drafting.\n")


def test_a_library_busy_in_another_process_opens_and_a_cli_import_shows_up(make_window, qtbot, tmp_path):
    """Issue 10 repro 9, as the delegate sees it: the GUI starts while `cop-drafter library add` writes the
    library (it used to say "Precedents: unavailable" for the whole session), then a text added by the CLI is
    suggested and counted without restarting."""
    import subprocess
    import sys

    from cop_drafter.gui.precedents import EngineSource
    from cop_drafter.precedents import PrecedentLibrary

    path = tmp_path / "library.sqlite3"
    with PrecedentLibrary.open(path) as library:  # an existing library, with one imported text
        seed = tmp_path / "sea.txt"
        seed.write_text(SKY.replace("999", "998").replace("the sky is a relevant topic", "the sea is deep"),
                        encoding="utf-8")
        assert library.add_file(seed).added
    holder = subprocess.Popen([sys.executable, "-c", HOLD_WRITE_LOCK, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        window = make_window(source_factory=lambda: EngineSource.open(str(path)))
        label = window.engine_label
        qtbot.waitUntil(lambda: "clauses in the library" in label.text(), timeout=60_000)
        before = label.text()
    finally:
        holder.communicate("\n", timeout=30)
    text = tmp_path / "sky.txt"
    text.write_text(SKY, encoding="utf-8")
    added = subprocess.run([sys.executable, "-c", "import sys; from cop_drafter.cli.main import main; "
                            "sys.exit(main(sys.argv[1:]))", "library", "add", str(text), "--library", str(path)],
                           capture_output=True, text=True, timeout=120, check=False)
    assert added.returncode == 0, added.stderr
    window.new_revision()
    editor = window.editor.clause_page.text
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "that the sky is a relevant topic")
    panel = window.precedents
    qtbot.waitUntil(lambda: bool(panel.suggestions) and "999" in panel.suggestions[0].source, timeout=20_000)
    qtbot.waitUntil(lambda: label.text() != before, timeout=5000)
    assert label.text() != "Precedents: unavailable"


def test_taking_the_2014_suggestion_flags_the_references_it_brings_in(make_window, qtbot):
    """Issue 13: taking Dubai 2014's resolves 1 into a revision of Kigali 2022 brought "Programme 2" and
    "Question 22-2/1 of Study Group 1" in silently; now they are red in the list and listed after taking."""
    window = make_window()  # the real engine over the bundled corpus
    window.new_revision()  # of Kigali 2022
    call = "resolves to instruct the Director of the Telecommunication Development Bureau"
    uid = window.doc.draft.current.find_by_label(call, "1").uid
    window.outline.select_uid(uid)
    editor = window.editor.clause_page.text
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClicks(editor, "to continue with the activities of the Child Online Protection initiative")
    panel = window.precedents
    qtbot.waitUntil(lambda: any(s.year == 2014 for s in panel.suggestions), timeout=20_000)
    index = next(i for i, s in enumerate(panel.suggestions) if s.year == 2014 and "Programme 2" in s.text)
    qtbot.waitUntil(lambda: panel.list.count() > index)
    row_html = panel.list.item(index).data(HTML_ROLE)
    assert "not in the text in force" in row_html and "Programme 2" in row_html
    assert "same call, same position" in row_html and "shared wording" in row_html
    kigali = next(i for i, s in enumerate(panel.suggestions) if s.year == 2022)
    qtbot.waitUntil(lambda: panel.list.count() > kigali)
    assert "not in the text in force" not in panel.list.item(kigali).data(HTML_ROLE)
    told: list[str] = []
    panel.references_brought.connect(told.append)
    qtbot.keyClick(editor, getattr(Qt.Key, f"Key_{index + 1}"), ALT)
    assert "Programme 2" in window.doc.clause(uid).text
    assert told == ["brought in from 2014: Programme 2, Question 22-2/1 of Study Group 1"]
    assert panel.reference_check.isVisible()
    assert "Brought in from 2014: Programme 2, Question 22-2/1 of Study Group 1" in panel.reference_check.text()


def test_lineage_of_a_rewritten_clause_starts_at_the_text_in_force(make_window, qtbot):
    """Issue 13: after rewriting taking into account d), the lineage dropped Kigali 2022, the text it modifies."""
    window = make_window()  # the real engine over the bundled corpus
    window.new_revision()  # of Kigali 2022
    uid = window.doc.draft.current.find_by_label("taking into account", "d)").uid
    window.outline.select_uid(uid)
    editor = window.editor.clause_page.text
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClicks(editor, "the importance of empowering children to use the Internet with confidence, through "
                            "digital literacy taught at school and at home, so that they stay safe online")
    window.show_lineage_tab()
    panel = window.precedents
    qtbot.waitUntil(lambda: "[draft]" in panel.lineage_view.toPlainText(), timeout=30_000)
    shown = panel.lineage_view.toPlainText()
    in_force = shown.index("Res 67 (Rev. Kigali, 2022), taking into account d)")
    assert shown.index("Dubai, 2014") < in_force < shown.index("[draft]")


def test_matches_below_the_floor_wait_behind_weaker_matches(make_window, qtbot):
    window, editor = _typing_window(make_window, qtbot, RecordingEngine())
    query = "online xyzzy plugh"  # words of the corpus and nonsense: one match above the floor, the rest below
    qtbot.keyClicks(editor, query)
    panel = window.precedents
    qtbot.waitUntil(lambda: panel.shown_query == query, timeout=10_000)
    strong, weak = list(panel.suggestions), list(panel.weaker)
    assert strong and weak, "the query no longer straddles the floor: pick another"
    # (the clause of the text in force being rewritten is never hidden: see the test below)
    assert all(s.score >= SCORE_FLOOR or s.near_anchor for s in strong) and all(s.score < SCORE_FLOOR for s in weak)
    qtbot.waitUntil(lambda: panel.list.count() == len(strong) + 1)  # the strong ones, then "weaker matches"
    assert f"{len(weak)} weaker matches (below {SCORE_FLOOR:.0f}%)" in panel.list.item(len(strong)).data(HTML_ROLE)
    uid = window.current_clause_uid()
    hidden = len(strong) + 1
    qtbot.keyClick(editor, getattr(Qt.Key, f"Key_{hidden}"), ALT)  # nothing to take while the weak ones hide
    assert window.doc.clause(uid).text == query
    panel.list.setFocus()
    panel.list.setCurrentRow(len(strong))
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.list.count() == len(strong) + len(weak))
    assert f"Alt+{hidden}" in panel.list.item(len(strong)).data(HTML_ROLE)
    editor.setFocus()
    qtbot.keyClick(editor, getattr(Qt.Key, f"Key_{hidden}"), ALT)
    assert _words(window.doc.clause(uid).text) == _words(weak[0].text)


def test_concordance_hits_search_special_terms_insert_and_open_read_only(make_window, qtbot):
    """Issue 13: "WG-COP" said "no such column: COP"; a hit could be neither inserted nor opened."""
    from PySide6.QtCore import QUrl

    from cop_drafter.gui.source_view import SourceTextDialog

    window = make_window()  # the real engine over the bundled corpus
    window.new_revision()
    uid = window.current_clause_uid()
    window.focus_concordance()
    panel = window.precedents
    qtbot.keyClicks(panel.search_box, "WG-COP")
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(panel.hit_items), timeout=20_000)
    assert "could not answer" not in panel.hits.toPlainText()
    first = panel.hit_items[0]
    assert "WG-COP" in first.text and "Alt+1" in panel.hits.toPlainText()
    count = sum(1 for _ in window.doc.resolution.clauses())
    qtbot.keyClick(panel.search_box, Qt.Key.Key_1, ALT)
    assert sum(1 for _ in window.doc.resolution.clauses()) == count + 1
    new_uid = window.current_clause_uid()
    assert new_uid != uid and first.text.rstrip(";,.") in window.doc.clause(new_uid).text
    panel.hits.anchorClicked.emit(QUrl("open:0"))
    qtbot.waitUntil(lambda: isinstance(panel.source_dialog, SourceTextDialog) and panel.source_dialog.isVisible(),
                    timeout=20_000)
    view = panel.source_dialog.view
    assert view.isReadOnly() and first.text in view.toPlainText()
    assert "background" in view.toHtml()
    panel.source_dialog.close()


def test_highlights_keep_their_own_text_colour_and_have_a_legend(make_window, qtbot):
    """Issue 9 deliver 9: a selected suggestion stays readable (the highlight sets its own text colour, not the
    selection's white), and a legend says what the colours mean."""
    from cop_drafter.gui.precedent_rows import suggestion_html
    from cop_drafter.gui.precedents import SuggestionView

    item = SuggestionView(80.0, "that children are among the most active users", "Res 67")
    html = suggestion_html("that children are", item, 1, dark=False)
    assert "background:#fff1a8;color:#000000" in html
    window = make_window()
    legend = window.precedents.legend.text()
    assert "highlighted" in legend and "red" in legend


def test_a_rewritten_clause_is_shown_the_clause_it_modifies(make_window, qtbot):
    # Issue 13 Deliver 3: the delegate rewrites instructs 3 of the text in force (Buenos Aires 2017) in new
    # words (Kigali 2022's). Word for word it shares little with it (46%, under the floor), yet it is the clause
    # being revised: the panel shows it in the top 3, says why, and never hides it among the weaker matches.
    window = make_window(source_factory=lambda: RecordingEngine())
    window.new_revision("wtdc-res67-rev-buenos-aires-2017")
    call = "instructs the Director of the Telecommunication Development Bureau"
    section = next(s for s in window.doc.resolution.sections if s.call == call)
    clause = next(c for c in section.clauses if c.label == "3")
    window.outline.select_uid(clause.uid)
    editor = window.editor.clause_page.text
    qtbot.waitUntil(lambda: window.editor.clause_page.uid == clause.uid)
    editor.setFocus()
    editor.selectAll()
    typed = "to support the coordination of ITU-D study group studies with CWG-COP, including through the mutual"
    qtbot.keyClicks(editor, typed)
    panel = window.precedents
    qtbot.waitUntil(lambda: panel.shown_query == typed, timeout=10_000)
    qtbot.waitUntil(lambda: panel.list.count() >= min(3, len(panel.suggestions)))
    top3 = [s.source for s in panel.suggestions[:3]]
    itself = f"Res 67 (Rev. Buenos Aires, 2017), {call} 3"
    assert itself in top3, top3
    row = top3.index(itself)
    assert panel.suggestions[row].score < SCORE_FLOOR
    assert "like the text in force" in panel.list.item(row).data(HTML_ROLE)
