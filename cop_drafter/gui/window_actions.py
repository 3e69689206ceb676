"""The window's actions, menus, toolbar and status bar: every command a QAction with its shortcut, registered
once so Help > Keyboard shortcuts lists them all."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QProgressBar,
    QToolBar,
)

from cop_drafter.gui.export import CLEAN, PROPOSAL

log = logging.getLogger(__name__)


class ActionsMixin:
    """Builds the menus, toolbar and status bar of MainWindow. Mixed into MainWindow, whose attributes it uses."""

    def _action(self, menu, text: str, shortcut, slot, tip: str = "", toolbar: bool = False) -> QAction:
        action = QAction(text, self)
        keys = shortcut if isinstance(shortcut, list) else [shortcut]
        sequences: list[QKeySequence] = []
        for key in keys:
            for sequence in (QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey)
                             else [QKeySequence(key)]):
                if not sequence.isEmpty() and sequence not in sequences:
                    sequences.append(sequence)
        action.setShortcuts(sequences)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{tip} ({sequences[0].toString(QKeySequence.SequenceFormat.NativeText)})"
                              if sequences else tip)
        if menu is not None:
            menu.addAction(action)
        else:
            self.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        if sequences:
            self.shortcut_rows.append((text.replace("&", "").rstrip("…").rstrip("."),
                                       ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                                                 for s in sequences)))
        return action

    def _make_actions(self) -> None:
        self.toolbar = QToolBar("Main", self)
        self.toolbar.setObjectName("MainToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(self.toolbar)
        bar = self.menuBar()
        m = bar.addMenu("&File")
        self._action(m, "New &revision of…", "Ctrl+Shift+N", self.new_revision_dialog,
                     "Start a revision of a text in the library", toolbar=True)
        self._action(m, "&New resolution", QKeySequence.StandardKey.New, self.new_resolution,
                     "Start a draft new resolution")
        self._action(m, "&Open draft…", QKeySequence.StandardKey.Open, self.open_dialog, "Open a .copdraft file",
                     toolbar=True)
        self.recent_menu = m.addMenu("Open &recent")
        self._action(m, "Ne&gotiate proposals…", "Ctrl+Shift+M", self.negotiate_dialog,
                     "Compile several administrations' proposals (.docx) on their text in force and negotiate "
                     "them clause by clause")
        self._action(m, "&Save", QKeySequence.StandardKey.Save, self.save, "Save the draft", toolbar=True)
        self._action(m, "Save &as…", "Ctrl+Shift+S", self.save_as, "Save the draft under a new name")
        self._action(m, "Recovered &drafts…", "Ctrl+Shift+O", self.recovered_drafts,
                     "Autosaved copies: kept aside, left by a crash, or damaged; open or discard them")
        m.addSeparator()
        self._action(m, "&Import into library…", "Ctrl+I", self.import_dialog,
                     "Add texts to your precedent library (you can also drop files and folders on the window)")
        self._action(m, "Import &folder into library…", "Ctrl+Shift+I", self.import_folder_dialog,
                     "Add every text in a folder and its subfolders to your precedent library")
        self._action(m, "&Library…", "Ctrl+Shift+L", self.show_library,
                     "Every text in the library: provenance, kind, clauses; remove imported ones")
        m.addSeparator()
        self._action(m, "&Quit", "Ctrl+Q", self.close, "Quit COP Drafter")

        m = bar.addMenu("&Edit")
        self.undo_action = self._action(m, "&Undo", QKeySequence.StandardKey.Undo, lambda: self.doc.undo_stack.undo(),
                                        "Undo the last edit", toolbar=True)
        self.redo_action = self._action(m, "&Redo", ["Ctrl+Shift+Z", "Ctrl+Y"], lambda: self.doc.undo_stack.redo(),
                                        "Redo", toolbar=True)
        m.addSeparator()
        self._action(m, "Go to &outline", "Ctrl+L", lambda: self.outline.setFocus(), "Focus the outline")
        self._action(m, "Go to clause &text", "Ctrl+T", self.focus_editor, "Focus the clause text")
        self._action(m, "Go to &suggestions", "Ctrl+G", self.focus_suggestions, "Focus the suggestion list")
        self._action(m, "&Find in library…", "Ctrl+Shift+F", self.focus_concordance,
                     "Search a phrase across the library")

        m = bar.addMenu("&Clause")
        self._action(m, "&Add clause after", ["Ctrl+Return", "Ctrl+Enter"], self.add_clause,
                     "Add a clause after the current one", toolbar=True)
        self._action(m, "&Delete clause", "Ctrl+Delete", self.delete_clause,
                     "Delete a new clause; a clause of the text in force is suppressed instead")
        self._action(m, "&Suppress / restore", "Ctrl+D", self.toggle_suppress,
                     "Mark the clause SUP (or restore it)", toolbar=True)
        self._action(m, "Move &up", "Alt+Shift+Up", lambda: self.move(-1), "Move the clause or call up",
                     toolbar=True)
        self._action(m, "Move do&wn", "Alt+Shift+Down", lambda: self.move(1), "Move the clause or call down",
                     toolbar=True)
        self._action(m, "&Demote to sub-clause", "Alt+Shift+Right", self.demote, "1 → 1.1")
        self._action(m, "&Promote sub-clause", "Alt+Shift+Left", self.promote, "1.1 → 2")
        self._action(m, "Square &brackets around selection", "Ctrl+Shift+B", self.bracket_selection,
                     "Text not yet agreed: [the selected words], led by the proposers' names when negotiating")
        m.addSeparator()
        self._action(m, "Add &call words…", "Ctrl+Shift+K", self.add_section, "Add a new call (section)")
        self._action(m, "C&hange call words", "F2", self.edit_call, "Edit the current section's call words")
        self._action(m, "Delete ca&ll", "Ctrl+Shift+Delete", self.delete_section, "Delete the current call")

        m = bar.addMenu("&Precedents")
        for n in range(1, 10):
            self._action(m if n == 1 else None, f"Take suggestion {n}" if n > 1 else "&Take suggestion 1…9",
                         f"Alt+{n}", lambda n=n: self.precedents.take_index(n - 1),
                         "Replace the clause with suggestion N")
        for n in range(1, 10):
            self._action(m if n == 1 else None,
                         f"Insert suggestion {n} as new clause" if n > 1 else "&Insert suggestion 1…9 as new clause",
                         f"Alt+Shift+{n}", lambda n=n: self.precedents.take_index(n - 1, as_new=True),
                         "Insert suggestion N as a new clause after this one")
        self._action(m, "Take &selected suggestion", "Ctrl+Shift+Return",
                     lambda: self.precedents.take_index(self.precedents.current_index()),
                     "Replace the clause with the selected suggestion")
        self._action(m, "&Lineage of this clause", "Ctrl+Shift+G", self.show_lineage_tab,
                     "Show this clause's ancestors across revisions")

        m = bar.addMenu("Chec&ks")
        self._action(m, "&Next problem", "F8", self.next_problem, "Go to the next problem", toolbar=False)
        self._action(m, "Fix all &punctuation", "Ctrl+Shift+P", lambda: self.checks.fix_all_punctuation(),
                     "Give every clause the end mark the ITU rules expect")

        m = bar.addMenu("E&xport")
        self._action(m, "&Clean resolution (.docx)…", "Ctrl+E", lambda: self.export_dialog(CLEAN),
                     "Export the resolution as adopted text", toolbar=True)
        self._action(m, "&Proposal (.docx)…", "Ctrl+Shift+E", lambda: self.export_dialog(PROPOSAL),
                     "Export the submission with MOD/ADD/SUP and tracked changes", toolbar=True)
        self._action(m, "&Submission of several drafts (.docx)…", "Ctrl+Alt+E", self.submission_dialog,
                     "This draft's proposal, then other saved drafts', numbered in sequence under one cover")

        m = bar.addMenu("&View")
        for dock in (self.outline_dock, self.precedents_dock, self.preview_dock, self.negotiation_dock,
                     self.checks_dock):
            m.addAction(dock.toggleViewAction())
        self._action(m, "&Reset layout", "Ctrl+Shift+R", self.reset_layout, "Put the panes back where they were")

        m = bar.addMenu("&Help")
        self._action(m, "&Keyboard shortcuts", ["F1", "Ctrl+/"], self.show_shortcuts, "List every shortcut")
        self._refresh_recent()

    def _make_statusbar(self) -> None:
        self.counts = QLabel()
        self.engine_label = QLabel("Precedents: opening the library…")
        self.service.ready.connect(self._library_ready)
        self.service.unavailable.connect(self._library_unavailable)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setRange(0, 0)
        self.progress.hide()
        bar = self.statusBar()
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.counts)
        bar.addPermanentWidget(self.engine_label)

    def _library_ready(self, summary: str) -> None:
        from cop_drafter.precedents.background import OPENING

        self.engine_label.setText(f"Precedents: {summary}" if summary else "Precedents: ready")
        poll = getattr(self, "_library_poll", None)
        if OPENING in summary and poll is None:  # a big library opening in the background: ask until it is open
            poll = self._library_poll = QTimer(self)
            poll.timeout.connect(lambda: self.service.send("refresh", None))
            poll.start(1000)
        elif OPENING not in summary and poll is not None:
            poll.stop()

    def _library_unavailable(self, why: str) -> None:
        self.engine_label.setText("Precedents: unavailable")
        self.engine_label.setToolTip(why)
