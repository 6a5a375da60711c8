"""Undo commands: each wraps an engine operation (``planner.model.ops``) and its inverse.

``redo`` applies the operation(s) and keeps the inverses; ``undo`` applies the inverses in reverse.
Successive commands with the same ``merge_key`` (nudges or drags of the same elements, edits of the
same field) merge into one undo step through ``mergeWith``. A command's text may be given as a
function, called again by ``retranslate`` when the interface language changes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from planner.model.ops import Operation

if TYPE_CHECKING:
    from planner.gui.document import PlanDocument

#: QUndoCommand.id() of mergeable commands (all share one id; ``merge_key`` decides).
MERGEABLE_ID = 7001


class OperationCommand(QUndoCommand):
    """One undo step made of one or more engine operations applied in turn."""

    def __init__(self, document: PlanDocument, op: Operation, inverse: Operation,
                 text: str | Callable[[], str], merge_key: Hashable | None = None) -> None:
        """``op`` has already been applied (so errors reach the caller, not Qt): ``inverse`` undoes it."""
        self.text_fn = text if callable(text) else None
        super().__init__(text() if callable(text) else text)
        self._document = document
        self._ops: list[Operation] = [op]
        self._inverses: list[Operation] = [inverse]
        self.merge_key = merge_key
        self._applied = True

    def retranslate(self) -> None:
        """The text again, in the current interface language (when it was given as a function)."""
        if self.text_fn is not None:
            self.setText(self.text_fn())

    def id(self) -> int:  # noqa: A003 - Qt's name
        return MERGEABLE_ID if self.merge_key is not None else -1

    def redo(self) -> None:
        if self._applied:  # the push itself: the document applied the operation already
            self._applied = False
            return
        self._inverses = [self._document._apply(op) for op in self._ops]

    def undo(self) -> None:
        for inv in reversed(self._inverses):
            self._document._apply(inv)
        self._inverses = []

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, OperationCommand) or other.merge_key != self.merge_key:
            return False
        # ``other`` has already been applied (QUndoStack.push calls redo first): adopt its steps.
        self._ops.extend(other._ops)
        self._inverses.extend(other._inverses)
        return True
