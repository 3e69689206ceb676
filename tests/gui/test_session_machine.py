"""Issue 9, deliver 12: random delegate sessions on the real window, checked against a plain model after every step.

A hypothesis RuleBasedStateMachine drives the real MainWindow (real precedent engine, dialogs answered only at
QMessageBox.exec / QDialog.exec / QFileDialog) with key events: type, select, add, delete, move, suppress,
paste several clauses, take a suggestion, undo, redo, save, reopen, kill-and-restore. The reference model is
the history a delegate expects: the list of draft states, one per undo step, and where Undo/Redo stand in it.
After every step the window's draft must equal the model's current state (nothing typed is lost, nothing
changes behind the delegate's back); undo-all must give the text in force and redo-all the last state; a
reopened or restored draft must equal what was in memory.

`make test` runs a short version; `make fuzz` a long one (COP_FUZZ_EXAMPLES, default 100000 examples/50).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from cop_drafter.core.draft import ClauseStatus
from cop_drafter.core.recovery import LIVE_SESSIONS
from cop_drafter.core.serialize import draft_to_dict
from cop_drafter.corpus import SAMPLE_TEXT_ID, corpus_text
from cop_drafter.gui.mainwindow import MainWindow
from cop_drafter.gui.precedents import EngineSource

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
EXAMPLES = int(os.environ.get("COP_FUZZ_EXAMPLES", "0")) // 50 or 8
STEPS = 60 if os.environ.get("COP_FUZZ_EXAMPLES") else 25

COUNTS = {"typed": 0, "pasted": 0, "undone": 0}
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)


def _state(window: MainWindow) -> dict:
    """What the delegate's draft holds (saved_at and the like are not part of a draft's state)."""
    data = draft_to_dict(window.doc.draft)
    data.pop("meta", None)
    return data


def _process(ms: int = 0) -> None:
    QApplication.processEvents()
    if ms:
        QTest.qWait(ms)


class DelegateSession(RuleBasedStateMachine):
    dialogs = None  # a DialogScript, set by the test

    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="cop-session-"))
        self.window: MainWindow | None = None
        self.history: list[dict] = []
        self.pointer = 0
        self.from_base = True  # the history starts at the text in force (no reopen / restore since)
        self.saves = 0

    # -- the window -----------------------------------------------------------------------------------------
    def _new_window(self) -> MainWindow:
        settings = QSettings(str(self.tmp / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings, self.tmp / "data", source_factory=lambda: EngineSource.open(None),
                            autosave_ms=3_600_000)
        window.show()
        window.activateWindow()
        QTest.qWaitForWindowActive(window, 2000)
        _process()
        return window

    @initialize()
    def start(self) -> None:
        self.dialogs.pick = SAMPLE_TEXT_ID
        self.window = self._new_window()
        self.window.new_revision_dialog()
        self._reset_history()

    def _reset_history(self) -> None:
        self.history = [_state(self.window)]
        self.pointer = 0

    def teardown(self) -> None:
        if self.window is not None:
            self.dialogs.save_answer = "discard"
            self.window.close()
            _process()

    # -- helpers --------------------------------------------------------------------------------------------
    @property
    def doc(self):
        return self.window.doc

    def _clauses(self) -> list:
        return [c for _s, c in self.doc.resolution.clauses()]

    def _step(self, action, may_merge: bool = False) -> None:
        """Run an edit; the model gains a state when the stack gained a step, or the top state changes
        when typing merged into the step on top; otherwise nothing may have changed."""
        stack = self.doc.undo_stack
        before = stack.index()
        action()
        _process()
        after, state = stack.index(), _state(self.window)
        if after == before + 1:
            self.history = self.history[: self.pointer + 1] + [state]
            self.pointer += 1
        elif after == before and may_merge and self.pointer > 0:
            self.history[self.pointer] = state
        else:
            assert after == before, f"one action made {after - before} undo steps"
            assert state == self.history[self.pointer], "the draft changed without an undo step"

    def _focus_editor(self) -> None:
        QTest.keyClick(self.window, Qt.Key.Key_T, CTRL)
        _process()

    # -- rules ----------------------------------------------------------------------------------------------
    @rule(n=st.integers(min_value=0, max_value=500))
    def select(self, n: int) -> None:
        clauses = self._clauses()
        if clauses:
            self.window.outline.select_uid(clauses[n % len(clauses)].uid)
            _process()

    @rule(word=WORDS, n=st.integers(min_value=0, max_value=500))
    def type_text(self, word: str, n: int) -> None:
        if self.window.current_clause_uid() is None:
            self.select(n)
        self._focus_editor()
        page = self.window.editor.clause_page
        if not page.text.isEnabled() or page.text.isReadOnly() or self.window.editor.currentWidget() is not page:
            return
        assert QApplication.focusWidget() is page.text, "Ctrl+T puts the cursor in the clause text"
        COUNTS["typed"] += 1
        uid = page.uid
        page.text.moveCursor(page.text.textCursor().MoveOperation.End)
        self._step(lambda: QTest.keyClicks(page.text, " " + word), may_merge=True)
        assert self.doc.clause(uid) is not None and self.doc.clause(uid).text.endswith(" " + word), \
            "what was typed is in the draft"

    @rule()
    def add_clause(self) -> None:
        self._step(lambda: QTest.keyClick(self.window, Qt.Key.Key_Return, CTRL))

    @rule()
    def delete_clause(self) -> None:
        if self.window.current_clause_uid():
            self._step(lambda: QTest.keyClick(self.window, Qt.Key.Key_Delete, CTRL))

    @rule(up=st.booleans())
    def move(self, up: bool) -> None:
        key = Qt.Key.Key_Up if up else Qt.Key.Key_Down
        self._step(lambda: QTest.keyClick(self.window, key, ALT | SHIFT))

    @rule()
    def suppress(self) -> None:
        if self.window.current_clause_uid():
            self._step(lambda: QTest.keyClick(self.window, Qt.Key.Key_D, CTRL))

    @rule(count=st.integers(min_value=2, max_value=5))
    def paste_several(self, count: int) -> None:
        self._focus_editor()
        page = self.window.editor.clause_page
        if not page.text.isEnabled() or page.text.isReadOnly() or self.window.editor.currentWidget() is not page:
            return
        COUNTS["pasted"] += 1
        source = [c.text for c in corpus_text("pp10-wgpl7-guadalajara-2010").resolution.sections[0].clauses]
        pieces = source[:count] if len(source) >= count else source
        QApplication.clipboard().setText("\n".join(f"{chr(97 + i)})\t{t}" for i, t in enumerate(pieces)))
        before = len(self._clauses())
        self.dialogs.paste_answer = "split"
        self._step(lambda: QTest.keyClick(page.text, Qt.Key.Key_V, CTRL))
        if len(pieces) > 1:
            assert len(self._clauses()) == before + len(pieces) - 1, "the paste split into its clauses"

    @rule()
    def take_suggestion(self) -> None:
        uid = self.window.current_clause_uid()
        panel = self.window.precedents
        if not uid or self.doc.status(uid) is ClauseStatus.SUP:
            return
        _process(150)
        if panel.suggestions:
            self._step(lambda: QTest.keyClick(self.window, Qt.Key.Key_1, ALT), may_merge=False)

    @precondition(lambda self: self.window is not None)
    @rule()
    def undo(self) -> None:
        QTest.keyClick(QApplication.focusWidget() or self.window, Qt.Key.Key_Z, CTRL)
        _process()
        if self.pointer > 0:
            self.pointer -= 1
            COUNTS["undone"] += 1
        assert _state(self.window) == self.history[self.pointer], "Undo gives the state before the last step"

    @rule()
    def redo(self) -> None:
        QTest.keyClick(QApplication.focusWidget() or self.window, Qt.Key.Key_Z, CTRL | SHIFT)
        _process()
        if self.pointer < len(self.history) - 1:
            self.pointer += 1
        assert _state(self.window) == self.history[self.pointer], "Redo gives the state after the step"

    @rule()
    def save(self) -> None:
        self.saves += 1
        self.dialogs.save_to = str(self.tmp / "draft.copdraft")
        QTest.keyClick(self.window, Qt.Key.Key_S, CTRL)
        _process()
        assert not self.doc.modified, f"saved: {self.dialogs.errors}"
        assert _state(self.window) == self.history[self.pointer]

    @precondition(lambda self: self.saves > 0)
    @rule()
    def reopen(self) -> None:
        """Quit (saving when asked), start the app again and open the draft."""
        path = Path(self.dialogs.save_to)
        self.dialogs.save_answer = "save"
        assert self.window.close(), self.dialogs.errors
        memory = _state(self.window)
        self.window = self._new_window()
        assert self.window.open_path(path), self.dialogs.errors
        assert _state(self.window) == memory, "the reopened draft equals what was in memory"
        self._reset_history()
        self.from_base = False

    @rule()
    def kill_and_restore(self) -> None:
        memory = _state(self.window)
        old = self.window
        if not old.doc.modified:
            return
        old._autosave_pending = True
        assert old.autosave(), "the recovery copy was written"
        # the old process dies: no close event, no cleanup; a new one starts on the same data folder
        old.autosave_timer.stop()
        old.service.shutdown()
        LIVE_SESSIONS.discard(old.doc.session.session_id)  # its sessions die with the process
        old.hide()
        self.dialogs.restore_answer = True
        project = old.doc.path
        self.window = self._new_window()
        if self.window.offer_recovery():
            assert _state(self.window) == memory, "the restored draft equals what was in memory"
        else:  # nothing to restore only when the saved file already holds every word
            assert project is not None, "an unsaved draft's crash copy is always offered"
            assert self.window.open_path(project)
            assert _state(self.window) == memory, "the project on disk already held what was in memory"
        old.doc.undo_stack.setClean()
        old.deleteLater()
        self._reset_history()
        self.from_base = False

    @invariant()
    def window_and_model_agree(self) -> None:
        if self.window is None or not self.history:
            return
        assert _state(self.window) == self.history[self.pointer]
        page = self.window.editor.clause_page
        if self.window.editor.currentWidget() is page and page.text.isEnabled():
            assert self.doc.clause(page.uid) is not None, "the editor edits a clause of the draft"

    def check_ends(self) -> None:
        """Undo-all gives the first state (the text in force unless reopened), redo-all the last one."""
        stack = self.doc.undo_stack
        while stack.canUndo():
            stack.undo()
        assert _state(self.window) == self.history[0]
        if self.from_base:
            base = self.doc.draft.base
            assert [c.text for _s, c in self.doc.resolution.clauses()] == [c.text for _s, c in base.clauses()]
        while stack.canRedo():
            stack.redo()
        assert _state(self.window) == self.history[-1]


def test_random_delegate_sessions_never_lose_a_word(qapp, dialogs):
    class Session(DelegateSession):
        def teardown(self) -> None:
            if self.window is not None:
                self.check_ends()
            super().teardown()

    Session.dialogs = dialogs
    Session.TestCase.settings = settings(max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
                                         suppress_health_check=list(HealthCheck))
    Session.TestCase().runTest()
    assert not dialogs.errors, f"no error box in a normal session: {dialogs.errors}"
    assert COUNTS["typed"] and COUNTS["undone"], f"the sessions typed and undid: {COUNTS}"
    print(f"delegate sessions: {EXAMPLES} x {STEPS} steps, {COUNTS}")
