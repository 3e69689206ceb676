"""Every edit of a draft as a QUndoCommand, so Ctrl+Z / Ctrl+Shift+Z cover text, structure, status and header.

Commands address clauses and sections by uid (never by Qt index), and mutate the draft only through the small
tree helpers below; `DraftDocument` pushes them and re-emits its change signals after each redo/undo.

Merging (typing in one clause is one undo step): PySide6 6.12 loses a reference to None each time QUndoStack
calls a Python `mergeWith` override, which crashes the interpreter after a few thousand keystrokes. So `id()`
stays -1 for Qt, and `DraftDocument.push` calls `mergeWith` itself, with Qt's rules (same `merge_id`, top
of the stack, not the saved state, no macro open).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from cop_drafter.core.calls import call_kind
from cop_drafter.core.checks import CONFERENCE_FIELDS, conference_line_after
from cop_drafter.core.clause_tree import Place, neighbour, put_clause, section_by_uid, section_neighbour, take_clause
from cop_drafter.core.model import Clause, Section

if TYPE_CHECKING:
    from cop_drafter.gui.document import DraftDocument

TEXT_EDIT_ID = 1001
REASON_EDIT_ID = 1002
HEADER_EDIT_ID = 1003
COMMENT_EDIT_ID = 1004


class _DocCommand(QUndoCommand):
    merge_id = -1  # commands with the same merge_id may merge (see the module docstring)

    def __init__(self, doc: DraftDocument, text: str) -> None:
        super().__init__(text)
        self.doc = doc

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        return False


class EditTextCommand(_DocCommand):
    """Typing in a clause; consecutive edits of the same clause merge into one undo step."""

    def __init__(self, doc: DraftDocument, uid: str, old: str, new: str, label: str = "Edit clause") -> None:
        super().__init__(doc, label)
        self.uid, self.old, self.new = uid, old, new
        self.merge_id = TEXT_EDIT_ID if label == "Edit clause" else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, EditTextCommand) or other.uid != self.uid or other.merge_id != self.merge_id:
            return False
        self.new = other.new
        return True

    def _set(self, text: str) -> None:
        found = self.doc.draft.current.find_clause(self.uid)
        if found is not None:
            found[1].text = text
        self.doc.notify_text(self.uid)

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)


class SetReasonCommand(_DocCommand):
    """A clause's Reasons (or, in the subclass, its comment): typing in the field merges into one step."""

    store, label, merge_id = "reasons", "Edit reasons", REASON_EDIT_ID

    def __init__(self, doc: DraftDocument, uid: str, old: str, new: str) -> None:
        super().__init__(doc, self.label)
        self.uid, self.old, self.new = uid, old, new

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if type(other) is not type(self) or other.uid != self.uid:
            return False
        self.new = other.new
        return True

    def _set(self, text: str) -> None:
        values: dict[str, str] = getattr(self.doc.draft, self.store)
        if text:
            values[self.uid] = text
        else:
            values.pop(self.uid, None)
        self.doc.notify_reason(self.uid)

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)


class SetCommentCommand(SetReasonCommand):
    store, label, merge_id = "comments", "Edit comment", COMMENT_EDIT_ID


class InsertClauseCommand(_DocCommand):
    def __init__(self, doc: DraftDocument, clause: Clause, place: Place, label: str = "Add clause") -> None:
        super().__init__(doc, label)
        self.clause, self.place = clause, place

    def redo(self) -> None:
        put_clause(self.doc.draft.current, self.clause, self.place)
        self.doc.notify_structure(self.clause.uid)

    def undo(self) -> None:
        take_clause(self.doc.draft.current, self.clause.uid)
        self.doc.notify_structure(neighbour(self.doc.draft.current, self.place))


class DeleteClauseCommand(_DocCommand):
    def __init__(self, doc: DraftDocument, uid: str) -> None:
        super().__init__(doc, "Delete clause")
        self.uid = uid
        self.clause: Clause | None = None
        self.place: Place | None = None

    def redo(self) -> None:
        self.clause, self.place = take_clause(self.doc.draft.current, self.uid)
        self.doc.notify_structure(neighbour(self.doc.draft.current, self.place))

    def undo(self) -> None:
        assert self.clause is not None and self.place is not None
        put_clause(self.doc.draft.current, self.clause, self.place)
        self.doc.notify_structure(self.uid)


class MoveClauseCommand(_DocCommand):
    """Move, promote or demote: take the clause out and put it at `target` (computed after the take)."""

    def __init__(self, doc: DraftDocument, uid: str, target: Place, label: str = "Move clause") -> None:
        super().__init__(doc, label)
        self.uid, self.target = uid, target
        self.origin: Place | None = None

    def redo(self) -> None:
        clause, self.origin = take_clause(self.doc.draft.current, self.uid)
        put_clause(self.doc.draft.current, clause, self.target)
        self.doc.notify_structure(self.uid)

    def undo(self) -> None:
        assert self.origin is not None
        clause, _ = take_clause(self.doc.draft.current, self.uid)
        put_clause(self.doc.draft.current, clause, self.origin)
        self.doc.notify_structure(self.uid)


class MoveSectionCommand(_DocCommand):
    def __init__(self, doc: DraftDocument, uid: str, new_index: int) -> None:
        super().__init__(doc, "Move section")
        self.uid, self.new_index = uid, new_index
        self.old_index = -1

    def _move(self, to: int) -> int:
        sections = self.doc.draft.current.sections
        index = next(i for i, s in enumerate(sections) if s.uid == self.uid)
        sections.insert(to, sections.pop(index))
        self.doc.notify_structure(self.uid)
        return index

    def redo(self) -> None:
        self.old_index = self._move(self.new_index)

    def undo(self) -> None:
        self._move(self.old_index)


class InsertSectionCommand(_DocCommand):
    def __init__(self, doc: DraftDocument, section: Section, index: int) -> None:
        super().__init__(doc, "Add call")
        self.section, self.index = section, index

    def redo(self) -> None:
        self.doc.draft.current.sections.insert(self.index, self.section)
        self.doc.notify_structure(self.section.uid)

    def undo(self) -> None:
        self.doc.draft.current.sections.remove(self.section)
        self.doc.notify_structure(section_neighbour(self.doc.draft.current, self.index))


class DeleteSectionCommand(_DocCommand):
    def __init__(self, doc: DraftDocument, uid: str) -> None:
        super().__init__(doc, "Delete call")
        self.uid = uid
        self.section: Section | None = None
        self.index = -1

    def redo(self) -> None:
        sections = self.doc.draft.current.sections
        self.index = next(i for i, s in enumerate(sections) if s.uid == self.uid)
        self.section = sections.pop(self.index)
        self.doc.notify_structure(section_neighbour(self.doc.draft.current, self.index))

    def undo(self) -> None:
        assert self.section is not None
        self.doc.draft.current.sections.insert(self.index, self.section)
        self.doc.notify_structure(self.uid)


class ChangeCallCommand(_DocCommand):
    """New call words; the section's kind (lettered or numbered clauses) follows the words when recognised."""

    def __init__(self, doc: DraftDocument, uid: str, new_call: str) -> None:
        super().__init__(doc, "Change call words")
        section = section_by_uid(doc.draft.current, uid)
        self.uid = uid
        self.old = (section.call, section.kind)
        self.new = (new_call, call_kind(new_call) or section.kind)

    def _set(self, value: tuple) -> None:
        section = section_by_uid(self.doc.draft.current, self.uid)
        section.call, section.kind = value
        self.doc.notify_structure(self.uid)

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)


class SuppressCommand(_DocCommand):
    """Mark clauses SUP (kept visible, struck through, until export) or back."""

    def __init__(self, doc: DraftDocument, uids: list[str], suppress: bool) -> None:
        super().__init__(doc, "Suppress clause" if suppress else "Restore clause")
        self.uids, self.suppress = uids, suppress
        self.before = {uid: uid in doc.draft.suppressed for uid in uids}

    def redo(self) -> None:
        for uid in self.uids:
            (self.doc.draft.suppressed.add if self.suppress else self.doc.draft.suppressed.discard)(uid)
        self.doc.notify_status(self.uids)

    def undo(self) -> None:
        for uid, was in self.before.items():
            (self.doc.draft.suppressed.add if was else self.doc.draft.suppressed.discard)(uid)
        self.doc.notify_status(self.uids)


class HeaderFieldCommand(_DocCommand):
    """One header field (number, title, place, year, conference line...); typing in a field merges."""

    def __init__(self, doc: DraftDocument, field: str, new: object) -> None:
        super().__init__(doc, f"Edit {field.replace('_', ' ')}")
        header = doc.draft.current.header
        self.field, self.new = field, new
        self.old = getattr(header, field)
        # body, place and year carry a derived conference line along (core.checks.conference_line_after)
        self.old_line = header.conference_line
        self.new_line = (conference_line_after(header, **{field: new}) if field in CONFERENCE_FIELDS
                         else header.conference_line)

    merge_id = HEADER_EDIT_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, HeaderFieldCommand) or other.field != self.field:
            return False
        self.new, self.new_line = other.new, other.new_line
        return True

    def _set(self, value: object, line: str) -> None:
        header = self.doc.draft.current.header
        setattr(header, self.field, value)
        if self.field != "conference_line":
            header.conference_line = line
        self.doc.notify_header()

    def redo(self) -> None:
        self._set(self.new, self.new_line)

    def undo(self) -> None:
        self._set(self.old, self.old_line)
