"""The editing commands of the main window (clauses, calls, suggestions, focus moves) and .docx export."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtWidgets import (
    QInputDialog,
)

from cop_drafter.core.brackets import brackets_summary, open_brackets
from cop_drafter.core.draft import ClauseStatus, Draft
from cop_drafter.core.model import ParseError
from cop_drafter.core.negotiation import bracket_passage, proposers_of, row_for
from cop_drafter.core.proposal import proposal_action
from cop_drafter.formats.project import load_project
from cop_drafter.gui.dialogs import ShortcutsDialog
from cop_drafter.gui.export import PROPOSAL, SUBMISSION, ExportJob, ProposalDialog

log = logging.getLogger(__name__)


class EditingMixin:
    """Clause and call editing, suggestions, focus moves and export, for MainWindow. Mixed into MainWindow, whose attributes it uses."""

    def focus_editor(self) -> None:
        if self.editor.currentWidget() is self.editor.clause_page:
            self.editor.clause_page.text.setFocus()

    def focus_suggestions(self) -> None:
        self.precedents_dock.show()
        self.precedents.setCurrentIndex(0)
        self.precedents.list.setFocus()

    def focus_concordance(self) -> None:
        self.precedents_dock.show()
        self.precedents.setCurrentIndex(1)
        self.precedents.search_box.setFocus()
        self.precedents.search_box.selectAll()

    def show_lineage_tab(self) -> None:
        self.precedents_dock.show()
        self.precedents.setCurrentIndex(2)
        uid = self.current_clause_uid()
        clause = self.doc.clause(uid) if uid else None
        if clause is not None:
            self.precedents.show_lineage_for(self.doc.resolution, clause)

    def _take_suggestion(self, text: str) -> None:
        uid = self.current_clause_uid()
        if uid and self.doc.status(uid) is not ClauseStatus.SUP:
            self.doc.replace_with(uid, text)
            self.statusBar().showMessage("Suggestion taken (Ctrl+Z to undo)", 4000)

    def _insert_suggestion(self, text: str) -> None:
        uid = self.current_clause_uid()
        if uid:
            self.doc.insert_suggestion_after(uid, text)

    def add_clause(self) -> None:
        kind, uid = self.outline.current_kind(), self.current_uid()
        if kind == "clause":
            self.doc.add_clause_after(uid)
        else:
            self.doc.add_clause_after(None, section_uid=uid if kind == "section" else None)
        self.focus_editor()

    def delete_clause(self) -> None:
        uid = self.current_clause_uid()
        if uid:
            what = self.doc.delete_clause(uid)
            if what == "suppressed":
                self.statusBar().showMessage("A clause of the text in force is suppressed (SUP), not deleted", 6000)

    def toggle_suppress(self) -> None:
        uid = self.current_clause_uid()
        if uid:
            self.doc.toggle_suppressed(uid)

    def move(self, delta: int) -> None:
        kind, uid = self.outline.current_kind(), self.current_uid()
        if kind == "clause":
            self.doc.move_clause(uid, delta)
        elif kind == "section":
            self.doc.move_section(uid, delta)

    def demote(self) -> None:
        uid = self.current_clause_uid()
        if uid and not self.doc.demote(uid):
            self.statusBar().showMessage("The first clause has no clause above it to go under", 4000)

    def promote(self) -> None:
        uid = self.current_clause_uid()
        if uid and not self.doc.promote(uid):
            self.statusBar().showMessage("Only a sub-clause can be promoted", 4000)

    def _current_section_uid(self) -> str | None:
        kind, uid = self.outline.current_kind(), self.current_uid()
        if kind == "section":
            return uid
        if kind == "clause":
            section = self.doc.section_of(uid)
            return section.uid if section else None
        return None

    def add_section(self) -> None:
        from cop_drafter.core.calls import STANDARD_CALLS

        call, ok = QInputDialog.getItem(self, "Add call words", "Call words:", list(STANDARD_CALLS), 0, True)
        if ok and call.strip():
            current = self._current_section_uid()
            sections = self.doc.resolution.sections
            index = next((i + 1 for i, s in enumerate(sections) if s.uid == current), len(sections))
            self.doc.add_section(index, " ".join(call.split()))

    def edit_call(self) -> None:
        uid = self._current_section_uid()
        if uid:
            self.outline.select_uid(uid)
            self.editor.section_page.call.setFocus()
            self.editor.section_page.call.selectAll()

    def delete_section(self) -> None:
        uid = self._current_section_uid()
        if uid:
            self.doc.delete_section(uid)

    def next_problem(self) -> None:
        self.checks.refresh()
        if not self.checks.items:
            self.statusBar().showMessage("No problems found", 4000)
            return
        row = (self.checks.list.currentRow() + 1) % len(self.checks.items)
        self.checks.list.setCurrentRow(row)
        self.goto(self.checks.items[row].uid)

    def reset_layout(self) -> None:
        for dock, area in ((self.outline_dock, Qt.DockWidgetArea.LeftDockWidgetArea),
                           (self.precedents_dock, Qt.DockWidgetArea.RightDockWidgetArea),
                           (self.preview_dock, Qt.DockWidgetArea.RightDockWidgetArea),
                           (self.checks_dock, Qt.DockWidgetArea.BottomDockWidgetArea)):
            dock.setFloating(False)
            self.addDockWidget(area, dock)
            dock.show()
        self.tabifyDockWidget(self.precedents_dock, self.preview_dock)
        self.precedents_dock.raise_()
        QTimer.singleShot(0, self._default_sizes)

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.shortcut_rows, self).exec()


    def bracket_selection(self) -> None:
        """Square brackets around the words selected in the clause (text not yet agreed), led by the names of the
        proposers behind them when the draft negotiates a compilation. One undo step."""
        page, doc = self.editor.clause_page, self.doc
        cursor = page.text.textCursor()
        if page.uid is None or not cursor.hasSelection():
            self.statusBar().showMessage("Select the words to put in square brackets first", 5000)
            return
        text = page.text.toPlainText()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        row = row_for(doc.compilation, page.uid) if doc.compilation is not None else None
        doc.set_text(page.uid, bracket_passage(text, start, end, proposers_of(row, text[start:end])), "Square brackets")

    def export_dialog(self, kind: str) -> None:
        doc = self.doc
        if kind == PROPOSAL:
            action = proposal_action(doc.draft)
            meta = self.prompter.proposal_meta(ProposalDialog(doc.draft.meta, action, self))
            if meta is None:
                return
            doc.set_meta(meta)
        elif (still_open := open_brackets(doc.draft.revised())) and \
                not self.prompter.ask_keep_brackets(brackets_summary(still_open)):
            return
        stem = (doc.path.stem if doc.path else self._suggested_name()) + ("-proposal" if kind == PROPOSAL else "")
        folder = doc.path.parent if doc.path else Path.home()
        path = self.prompter.save_path("Export .docx", str(folder / f"{stem}.docx"), "Word documents (*.docx)")
        if path:
            self.start_export(kind, Path(path) if Path(path).suffix else Path(path).with_suffix(".docx"))

    def submission_dialog(self) -> None:
        """Several proposals in one .docx: this draft's first, then the drafts the delegate picks, numbered in
        sequence under this draft's cover."""
        paths = self.prompter.open_path("Drafts to submit after this one", "COP Drafter drafts (*.copdraft)",
                                        many=True)
        if not paths:
            return
        try:
            more = [load_project(path) for path in paths]
        except (ParseError, OSError) as exc:
            self.prompter.error("Cannot build the submission", f"{exc}\n\nNothing was written.")
            return
        doc = self.doc
        meta = self.prompter.proposal_meta(ProposalDialog(doc.draft.meta, proposal_action(doc.draft), self))
        if meta is None:
            return
        doc.set_meta(meta)
        stem = (doc.path.stem if doc.path else self._suggested_name()) + "-submission"
        folder = doc.path.parent if doc.path else Path.home()
        path = self.prompter.save_path("Export submission", str(folder / f"{stem}.docx"), "Word documents (*.docx)")
        if path:
            target = Path(path) if Path(path).suffix else Path(path).with_suffix(".docx")
            self.start_export(SUBMISSION, target, more)

    def start_export(self, kind: str, path: Path, more: Sequence[Draft] = ()) -> ExportJob:
        job = ExportJob(self.doc.draft, kind, path, more)
        self.export_jobs.append(job)
        job.signals.finished.connect(lambda written, j=job: self._export_done(j, written, None))
        job.signals.failed.connect(lambda message, j=job: self._export_done(j, None, message))
        self.progress.show()
        self.statusBar().showMessage(f"Exporting {path.name}…")
        QThreadPool.globalInstance().start(job)
        return job

    def _export_done(self, job: ExportJob, written: str | None, message: str | None) -> None:
        if job in self.export_jobs:
            self.export_jobs.remove(job)
        if not self.export_jobs:
            self.progress.hide()
        if message:
            self.statusBar().showMessage("Export failed", 5000)
            self.prompter.error("Export failed", f"{message}\n\nNo file was written; your draft is unchanged.")
            return
        self.last_export = written
        self.statusBar().showMessage(f"Exported {written}", 8000)
        self.prompter.exported(written or "")
