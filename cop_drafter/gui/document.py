"""The open draft as a QObject: owns the core Draft, its QUndoStack and file path, and says what changed.

All editing goes through the methods here (each pushes a QUndoCommand), so the widgets stay thin and a test
can drive the whole drafting workflow without showing a window. Labels are recomputed by the ITU rules after
every structural change.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from cop_drafter.core import rules
from cop_drafter.core.clause_tree import Place, container, place_of
from cop_drafter.core.compilation import Compilation
from cop_drafter.core.draft import ClauseStatus, Draft, ProposalMeta, clause_status, wording
from cop_drafter.core.model import Clause, Resolution, Section, SectionKind
from cop_drafter.core.session import DraftSession
from cop_drafter.formats.project import load_project, save_project
from cop_drafter.gui import commands as cmd


class DraftDocument(QObject):
    """A draft being edited. Signals carry uids so views refresh only what changed."""

    structureChanged = Signal(object)  # uid to select afterwards, or None
    textChanged = Signal(str)  # clause uid
    reasonChanged = Signal(str)
    statusChanged = Signal(list)  # clause uids
    headerChanged = Signal()
    changed = Signal()  # anything at all (checks, autosave, title bar)
    pathChanged = Signal()

    def __init__(self, draft: Draft, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.path = path
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._macro_depth = 0
        self._base_cache: dict[str, tuple[str, str]] | None = None
        self._status_cache: dict[str, ClauseStatus] | None = None
        self._where_cache: dict[str, tuple[Section, Clause]] | None = None  # uid -> place; reset on structure
        self._moved_cache: frozenset[str] | None = None  # clauses the proposal shows as moved; reset on structure
        self._restored = False  # a draft restored from a recovery copy is unsaved even with an empty stack
        self.session: DraftSession | None = None  # the file side (lock, hash, recovery copy), set by the window
        rules.relabel(self.draft.current)

    @property
    def compilation(self) -> Compilation | None:
        """The proposals this draft negotiates (saved with it)."""
        return self.draft.compilation

    def _clean_changed(self, _clean: bool) -> None:
        self.changed.emit()

    # -- loading and saving -------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, parent: QObject | None = None) -> DraftDocument:
        """Raises ParseError with a one-line message; the file is never touched."""
        return cls(load_project(path), Path(path), parent)

    def save(self, path: Path | None = None) -> Path:
        """Raises SaveError (the old file intact) or DraftLocked when it cannot be written. With a session, the
        lock, the hash of what is on disk and the recovery copy follow the save."""
        target = Path(path or self.path)  # type: ignore[arg-type]
        if self.session is not None:
            target = self.session.save(self.draft, target)
        else:
            save_project(self.draft, target)
        if target != self.path:
            self.path = target
            self.pathChanged.emit()
        self._restored = False
        self.undo_stack.setClean()
        self.changed.emit()
        return target

    @property
    def modified(self) -> bool:
        return self._restored or not self.undo_stack.isClean()

    def mark_restored(self) -> None:
        self._restored = True
        self.changed.emit()

    def set_meta(self, meta: ProposalMeta) -> None:
        """The export dialog's cover fields: saved with the draft (not an undo step, like a window setting)."""
        if meta != self.draft.meta:
            self.draft.meta = meta
            self.mark_restored()

    def title(self) -> str:
        header = self.draft.current.header
        name = self.path.name if self.path else (header.heading() or "Untitled draft")
        if self.session is not None and self.session.read_only:
            name += " (read-only)"
        return name

    # -- reading ------------------------------------------------------------------------------------------
    @property
    def resolution(self) -> Resolution:
        return self.draft.current

    def _where(self, uid: str) -> tuple[Section, Clause] | None:
        """Where a clause stands, from an index rebuilt only after structure changes (the outline asks per cell)."""
        if self._where_cache is None:
            self._where_cache = {c.uid: (s, c) for s, c in self.draft.current.clauses()}
        return self._where_cache.get(uid)

    def clause(self, uid: str) -> Clause | None:
        found = self._where(uid)
        return found[1] if found else None

    def section_of(self, uid: str) -> Section | None:
        found = self._where(uid)
        return found[0] if found else None

    def section(self, uid: str) -> Section | None:
        return next((s for s in self.draft.current.sections if s.uid == uid), None)

    def base_text(self, uid: str) -> str | None:
        return self._base_wording().get(uid, (None, ""))[0]

    def _base_wording(self) -> dict[str, tuple[str, str]]:
        """uid -> (base text, its wording); the base never changes while a draft is open."""
        if self._base_cache is None:
            base = self.draft.base
            self._base_cache = {c.uid: (c.text, wording(c.text)) for _s, c in base.clauses()} if base else {}
        return self._base_cache

    def _status_of(self, clause: Clause) -> ClauseStatus:
        base = self._base_wording().get(clause.uid)
        return clause_status(clause.uid in self.draft.suppressed, base[1] if base else None, clause.text)

    def statuses(self) -> dict[str, ClauseStatus]:
        """Every clause's status, cached: typing updates one entry, structure changes recompute all."""
        if self._status_cache is None:
            self._status_cache = {c.uid: self._status_of(c) for _s, c in self.draft.current.clauses()}
        return self._status_cache

    def status(self, uid: str) -> ClauseStatus:
        found = self.statuses().get(uid)
        return found if found is not None else self.draft.status(uid)

    def moved(self) -> frozenset[str]:
        """Clauses of the text in force that now stand elsewhere: the same pairing the proposal's Word marks
        use (docx.lines), so the outline says "moved" exactly where the .docx shows a move."""
        if self._moved_cache is None:
            from cop_drafter.docx.lines import resolution_lines

            base = self.draft.base
            if base is None:
                self._moved_cache = frozenset()
            else:
                lines = [line for line in resolution_lines(base, self.draft.revised())
                         if line.kind == "clause" and line.uid]
                deleted = {line.uid for line in lines if line.mark == "delete"}
                self._moved_cache = frozenset(line.uid for line in lines
                                              if line.mark == "insert" and line.uid in deleted)
        return self._moved_cache

    def expected_mark(self, uid: str) -> str:
        """The end mark the rules give this clause in the text as submitted (suppressed clauses left out)."""
        return rules.expected_marks(_submitted_shape(self.draft)).get(uid, "")

    # -- notifications from commands ----------------------------------------------------------------------
    def notify_text(self, uid: str) -> None:
        clause = self.clause(uid)
        if self._status_cache is not None and clause is not None:
            self._status_cache[uid] = self._status_of(clause)
        self.textChanged.emit(uid)
        self.changed.emit()

    def notify_reason(self, uid: str) -> None:
        self.reasonChanged.emit(uid)
        self.changed.emit()

    def notify_structure(self, select_uid: str | None) -> None:
        self._status_cache = self._where_cache = self._moved_cache = None
        rules.relabel(self.draft.current)
        self.structureChanged.emit(select_uid)
        self.changed.emit()

    def notify_status(self, uids: list[str]) -> None:
        self._status_cache = None
        self.statusChanged.emit(uids)
        self.changed.emit()

    def notify_header(self) -> None:
        self.headerChanged.emit()
        self.changed.emit()

    # -- the undo stack -----------------------------------------------------------------------------------
    def push(self, command: cmd.QUndoCommand) -> None:
        """Push, or merge into the top command the way QUndoStack would (see commands.py on why here)."""
        stack = self.undo_stack
        index = stack.index()
        top = stack.command(index - 1) if index > 0 else None
        if (
            top is not None
            and self._macro_depth == 0
            and index == stack.count()
            and index != stack.cleanIndex()
            and getattr(command, "merge_id", -1) != -1
            and getattr(top, "merge_id", -2) == command.merge_id
            and top.mergeWith(command)
        ):
            command.redo()
            return
        stack.push(command)

    def begin_macro(self, label: str) -> None:
        self._macro_depth += 1
        self.undo_stack.beginMacro(label)

    def end_macro(self) -> None:
        self.undo_stack.endMacro()
        self._macro_depth -= 1

    # -- editing ------------------------------------------------------------------------------------------
    def set_text(self, uid: str, text: str, label: str = "Edit clause") -> None:
        clause = self.clause(uid)
        if clause is None or clause.text == text:
            return
        self.push(cmd.EditTextCommand(self, uid, clause.text, text, label))

    def replace_with(self, uid: str, text: str) -> None:
        """Take a suggestion: the clause's text becomes `text`, with the end mark the rules expect here."""
        mark = self.expected_mark(uid)
        self.set_text(uid, rules.with_end_mark(text, mark) if mark else text, "Take suggestion")

    def set_reason(self, uid: str, text: str) -> None:
        if self.draft.reasons.get(uid, "") != text:
            self.push(cmd.SetReasonCommand(self, uid, self.draft.reasons.get(uid, ""), text))

    def set_comment(self, uid: str, text: str) -> None:
        """A note to the group on the clause (a Word comment in the proposal)."""
        if self.draft.comments.get(uid, "") != text:
            self.push(cmd.SetCommentCommand(self, uid, self.draft.comments.get(uid, ""), text))

    def add_clause_after(self, uid: str | None, text: str = "", section_uid: str | None = None) -> str:
        """A new clause after `uid` (or at the end of `section_uid`); returns its uid."""
        if uid is not None:
            place = place_of(self.draft.current, uid)
            place = Place(place.section_uid, place.parent_uid, place.index + 1)
        else:
            section = self.section(section_uid) if section_uid else None
            if section is None:
                section = self.draft.current.sections[-1] if self.draft.current.sections else None
            if section is None:
                section_uid = self.add_section(len(self.draft.current.sections), "resolves")
                section = self.section(section_uid)
            assert section is not None
            place = Place(section.uid, None, len(section.clauses))
        clause = Clause(text)
        self.push(cmd.InsertClauseCommand(self, clause, place))
        return clause.uid

    def paste_clauses(self, uid: str, before: str, pieces: list[str], after: str) -> list[str]:
        """A paste of several clauses as one undo step: the clause keeps `before` + the first piece, each
        further piece becomes a clause after it (the last one takes `after`); labels are recomputed."""
        self.begin_macro(f"Paste {len(pieces)} clauses")
        try:
            last = len(pieces) - 1
            self.set_text(uid, before + pieces[0] + (after if last == 0 else ""), "Paste")
            uids = [uid]
            for n, piece in enumerate(pieces[1:], start=1):
                uids.append(self.add_clause_after(uids[-1], piece + (after if n == last else "")))
        finally:
            self.end_macro()
        return uids

    def insert_suggestion_after(self, uid: str, text: str) -> str:
        """A second way to take a suggestion: as a new clause after the current one, punctuated."""
        self.begin_macro("Insert suggestion as new clause")
        new_uid = self.add_clause_after(uid, text)
        mark = self.expected_mark(new_uid)
        if mark:
            self.set_text(new_uid, rules.with_end_mark(text, mark), "Punctuate")
        self.end_macro()
        return new_uid

    def delete_clause(self, uid: str) -> str:
        """A clause of the text in force is suppressed (it must show as SUP); a new one is removed.

        Returns "suppressed" or "deleted" so the caller can tell the delegate which happened.
        """
        if self.draft.base_clause(uid) is not None:
            if uid not in self.draft.suppressed:
                self.set_suppressed([uid], True)
            return "suppressed"
        self.push(cmd.DeleteClauseCommand(self, uid))
        return "deleted"

    def set_suppressed(self, uids: list[str], suppress: bool) -> None:
        uids = [u for u in uids if (u in self.draft.suppressed) != suppress]
        if uids:
            self.push(cmd.SuppressCommand(self, uids, suppress))

    def toggle_suppressed(self, uid: str) -> None:
        self.set_suppressed([uid], uid not in self.draft.suppressed)

    def move_clause(self, uid: str, delta: int) -> bool:
        """Up (-1) or down (+1) among its siblings, crossing into the neighbouring section at an edge."""
        res = self.draft.current
        place = place_of(res, uid)
        siblings = container(res, place.section_uid, place.parent_uid)
        index = place.index + delta
        if 0 <= index < len(siblings):
            target = Place(place.section_uid, place.parent_uid, index)
        elif place.parent_uid is None:
            s_index = next(i for i, s in enumerate(res.sections) if s.uid == place.section_uid)
            n_index = s_index + delta
            if not 0 <= n_index < len(res.sections):
                return False
            neighbour = res.sections[n_index]
            target = Place(neighbour.uid, None, len(neighbour.clauses) if delta < 0 else 0)
        else:
            return False
        self.push(cmd.MoveClauseCommand(self, uid, target, "Move clause"))
        return True

    def move_clause_to(self, uid: str, section_uid: str, parent_uid: str | None, index: int) -> bool:
        """Drag and drop: `index` counts in the target list as it is before the move."""
        res = self.draft.current
        if parent_uid is not None:
            moving = self.clause(uid)
            if moving is None or any(c.uid == parent_uid for c in moving.walk()):
                return False  # cannot drop a clause inside itself
        origin = place_of(res, uid)
        if (origin.section_uid, origin.parent_uid) == (section_uid, parent_uid) and origin.index < index:
            index -= 1
        if Place(section_uid, parent_uid, index) == origin:
            return False
        self.push(cmd.MoveClauseCommand(self, uid, Place(section_uid, parent_uid, index)))
        return True

    def demote(self, uid: str) -> bool:
        """Make the clause a sub-clause of the clause above it (1 -> 1.1)."""
        place = place_of(self.draft.current, uid)
        if place.index == 0:
            return False
        siblings = container(self.draft.current, place.section_uid, place.parent_uid)
        parent = siblings[place.index - 1]
        target = Place(place.section_uid, parent.uid, len(parent.children))
        self.push(cmd.MoveClauseCommand(self, uid, target, "Demote clause"))
        return True

    def promote(self, uid: str) -> bool:
        """Make a sub-clause a clause of its own, right after its parent (1.1 -> 2)."""
        res = self.draft.current
        place = place_of(res, uid)
        if place.parent_uid is None:
            return False
        parent_place = place_of(res, place.parent_uid)
        target = Place(parent_place.section_uid, parent_place.parent_uid, parent_place.index + 1)
        self.push(cmd.MoveClauseCommand(self, uid, target, "Promote clause"))
        return True

    def add_section(self, index: int, call: str, kind: SectionKind | None = None) -> str:
        from cop_drafter.core.calls import call_kind

        section = Section(call, kind or call_kind(call) or SectionKind.OPERATIVE, [Clause("")])
        self.push(cmd.InsertSectionCommand(self, section, index))
        return section.uid

    def delete_section(self, uid: str) -> None:
        self.push(cmd.DeleteSectionCommand(self, uid))

    def move_section(self, uid: str, delta: int) -> bool:
        sections = self.draft.current.sections
        index = next(i for i, s in enumerate(sections) if s.uid == uid)
        if delta == 0 or not 0 <= index + delta < len(sections):
            return False
        self.push(cmd.MoveSectionCommand(self, uid, index + delta))
        return True

    def change_call(self, uid: str, call: str) -> None:
        call = " ".join(call.split())
        section = self.section(uid)
        if section is not None and call and call != section.call:
            self.push(cmd.ChangeCallCommand(self, uid, call))

    def set_header(self, field: str, value: object) -> None:
        if getattr(self.draft.current.header, field) != value:
            self.push(cmd.HeaderFieldCommand(self, field, value))

    def apply_fixes(self, fixes: list[tuple[str, str]], label: str = "Fix punctuation") -> None:
        """Several text fixes as one undo step."""
        if not fixes:
            return
        self.begin_macro(label)
        for uid, text in fixes:
            self.set_text(uid, text, label)
        self.end_macro()


def _submitted_shape(draft: Draft) -> Resolution:
    """The current text without suppressed clauses, as light shells (no deep copy: this runs per keystroke)."""

    def keep(clauses: list[Clause]) -> list[Clause]:
        return [Clause(c.text, c.label, keep(c.children), uid=c.uid)
                for c in clauses if c.uid not in draft.suppressed]

    sections = [Section(s.call, s.kind, keep(s.clauses), uid=s.uid) for s in draft.current.sections]
    return Resolution(header=draft.current.header, sections=[s for s in sections if s.clauses])
