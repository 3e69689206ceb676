"""A plain-text box that has no undo history of its own: Ctrl+Z / Ctrl+Shift+Z reach the draft's QUndoStack.

A QPlainTextEdit keeps a private undo stack and swallows the undo keys, so the delegate ends up with two
histories that disagree (issue 9, reproduction 2). Here the box's own undo is off, the undo and redo keys are
left to the window's actions (or sent to the document's stack when the box receives them directly), and the
document stays the one place an edit can be undone.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QPlainTextEdit, QWidget

_UNDO = (QKeySequence.StandardKey.Undo,)
_REDO = (QKeySequence.StandardKey.Redo,)


def _is(event: QKeyEvent, keys: tuple[QKeySequence.StandardKey, ...], extra: str = "") -> bool:
    if any(event.matches(key) for key in keys):
        return True
    return bool(extra) and QKeySequence(event.keyCombination()) == QKeySequence(extra)


def is_undo_key(event: QKeyEvent) -> bool:
    return _is(event, _UNDO)


def is_redo_key(event: QKeyEvent) -> bool:
    return _is(event, _REDO, "Ctrl+Shift+Z") or _is(event, (), "Ctrl+Y")


class DraftTextEdit(QPlainTextEdit):
    """Plain text bound to the document's undo stack; see the module docstring."""

    def __init__(self, stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stack = stack
        self.paste_hook: Callable[[str], bool] | None = None  # True: the paste was handled (split into clauses)
        self.setUndoRedoEnabled(False)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt's name (paste and drop)
        if self.paste_hook is not None and source.hasText() and self.paste_hook(source.text()):
            return
        super().insertFromMimeData(source)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and (
                is_undo_key(event) or is_redo_key(event)):
            event.ignore()  # not ours: the window's Undo / Redo actions take the key
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if is_undo_key(event):
            self.stack.undo()
        elif is_redo_key(event):
            self.stack.redo()
        else:
            super().keyPressEvent(event)
