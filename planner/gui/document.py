"""The GUI's document: owns the ``Plan``, applies engine operations through an undo stack and says
what changed.

Views (scene, layers, inspector) never edit the plan: they call ``document.push(op)`` or one of the
helpers, and subscribe to the fine-grained signals ``element_added/changed/removed(kind, id)``,
``settings_changed(name)`` and ``reset()`` (a whole new plan). The stack's clean state is the
"modified" mark.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from planner.errors import ValidationError
from planner.gui.commands import OperationCommand
from planner.io import load_plan, save_any
from planner.model import (
    Compound,
    Operation,
    Plan,
    RemoveElement,
    ReplaceSettings,
    remove_with_dependents,
)
from planner.model.ops import ReplaceElement, update

#: An undo step's name: a text, or a function giving it in the current interface language.
Text = str | Callable[[], str] | None


def _now(text: Text) -> str | None:
    return text() if callable(text) else text


#: Order in which views hear about added elements (referenced ones first) ...
ADD_ORDER = ("underlay", "section", "site", "fiber", "demand")
#: ... and removed ones (referencing ones first).
REMOVE_ORDER = tuple(reversed(ADD_ORDER))


class PlanDocument(QObject):
    """A plan being edited, with its file path, undo stack and revision counter."""

    element_added = Signal(str, str)
    element_changed = Signal(str, str)
    element_removed = Signal(str, str)
    settings_changed = Signal(str)
    #: The whole plan was replaced (new / open / restore): views rebuild.
    reset = Signal()
    #: Emitted after every change (once per operation) with the new revision number.
    revision_changed = Signal(int)
    path_changed = Signal(str)

    def __init__(self, plan: Plan | None = None, path: str | os.PathLike | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan = plan if plan is not None else Plan()
        self.path: Path | None = Path(path) if path else None
        self.revision = 0
        self.undo_stack = QUndoStack(self)

    # -- files --------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike, parent: QObject | None = None,
             warnings: list[str] | None = None) -> PlanDocument:
        return cls(load_plan(path, warnings=warnings), path, parent)

    def set_plan(self, plan: Plan, path: str | os.PathLike | None) -> None:
        """Replace the whole plan (the undo history is cleared)."""
        self.undo_stack.clear()
        self.plan = plan
        self.path = Path(path) if path else None
        self.revision += 1
        self.reset.emit()
        self.path_changed.emit(str(self.path or ""))
        self.revision_changed.emit(self.revision)

    def save(self, path: str | os.PathLike | None = None) -> Path:
        """Save (atomically, keeping a .bak); marks the stack clean. Raises ``PlanError``."""
        target = Path(path) if path else self.path
        if target is None:
            raise ValueError("no file name given")
        save_any(self.plan, target)
        if target.suffix.lower() not in (".geojson", ".json") or self.path is None:
            changed = self.path != target
            self.path = target
            if changed:
                self.path_changed.emit(str(target))
        self.undo_stack.setClean()
        return target

    @property
    def folder(self) -> Path | None:
        return self.path.parent if self.path else None

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def display_name(self) -> str:
        return self.path.name if self.path else self.tr("Untitled")

    # -- editing ------------------------------------------------------------------------------
    def push(self, op: Operation, text: Text = None, merge_key: Hashable | None = None) -> None:
        """Apply ``op`` as one undo step. Raises ``ValidationError`` (plan unchanged) when refused.

        ``text`` names the step in the history and the Undo menu; given as a function, it follows
        the interface language (``retranslate``)."""
        inverse = self._apply(op)
        self.undo_stack.push(OperationCommand(self, op, inverse, text or op.text, merge_key))

    def retranslate(self) -> None:
        """Name the undo steps again in the current interface language (those named by a function)."""
        for i in range(self.undo_stack.count()):
            cmd = self.undo_stack.command(i)
            if isinstance(cmd, OperationCommand):
                cmd.retranslate()

    def try_push(self, op: Operation, text: Text = None,
                 merge_key: Hashable | None = None) -> ValidationError | None:
        """Like ``push`` but returns the refusal instead of raising it."""
        try:
            self.push(op, text, merge_key)
        except ValidationError as e:
            return e
        return None

    def edit(self, kind: str, element_id: str, text: Text = None,
             merge_key: Hashable | None = None, **changes: Any) -> None:
        """Change fields of one element (one undo step)."""
        self.push(update(self.plan, kind, element_id, **changes), text, merge_key)

    def edit_many(self, items: Iterable[tuple[str, str]], text: Text, merge_key: Hashable | None = None,
                  **changes: Any) -> None:
        """Change the same fields of several elements as one undo step."""
        ops = tuple(update(self.plan, k, i, **changes) for k, i in items)
        ops = tuple(op for op in ops if op.old != op.new)
        if ops:
            self.push(Compound(ops, _now(text)), text, merge_key)

    def replace_many(self, pairs: Iterable[tuple[str, Any]], text: Text,
                     merge_key: Hashable | None = None) -> None:
        """Replace elements by changed copies (e.g. the end of a drag) as one undo step."""
        ops = tuple(ReplaceElement(k, self.plan.get(k, new.id), new) for k, new in pairs
                    if self.plan.get(k, new.id) != new)
        if ops:
            self.push(Compound(ops, _now(text)), text, merge_key)

    def delete(self, items: Iterable[tuple[str, str]], text: Text = None) -> None:
        """Delete elements with everything that depends on them, as one undo step."""
        wanted = list(dict.fromkeys(items))
        gone: set[tuple[str, str]] = set()
        ops: list[Operation] = []
        # Dependents first (a demand or fiber selected together with its site is deleted once).
        for kind in REMOVE_ORDER:
            for k, i in wanted:
                if k != kind or (k, i) in gone:
                    continue
                deps = [d for d in self.plan.dependents(k, i) if d not in gone]
                sub = remove_with_dependents(self.plan, k, i)
                sub_ops = [o for o in sub.ops
                           if not isinstance(o, RemoveElement) or (o.kind, o.element_id) not in gone]
                gone.update(deps)
                gone.add((k, i))
                ops.extend(sub_ops)
        if not ops:
            return
        n = len(wanted)
        label = text or (ops[-1].text if n == 1 else (lambda: self.tr("Delete %n element(s)", "", n)))
        self.push(Compound(tuple(ops), _now(label)), label)

    def set_settings(self, name: str, new: Any, text: Text = None) -> None:
        self.push(ReplaceSettings(name, getattr(self.plan, name), new), text)

    # -- internals ----------------------------------------------------------------------------
    def _apply(self, op: Operation) -> Operation:
        """Apply an operation and tell the views what changed (used by the undo commands)."""
        touched = op.touched()
        before = {t: self.plan.get(*t) is not None for t in touched}
        inverse = op.apply(self.plan)
        self.revision += 1
        added, changed, removed = [], [], []
        for kind, eid in touched:
            now = self.plan.get(kind, eid) is not None
            if now and not before[(kind, eid)]:
                added.append((kind, eid))
            elif before[(kind, eid)] and not now:
                removed.append((kind, eid))
            elif now:
                changed.append((kind, eid))
        for kind, eid in sorted(removed, key=lambda t: REMOVE_ORDER.index(t[0])):
            self.element_removed.emit(kind, eid)
        for kind, eid in sorted(added, key=lambda t: ADD_ORDER.index(t[0])):
            self.element_added.emit(kind, eid)
        for kind, eid in sorted(changed, key=lambda t: ADD_ORDER.index(t[0])):
            self.element_changed.emit(kind, eid)
        for name in _settings_names(op):
            self.settings_changed.emit(name)
        self.revision_changed.emit(self.revision)
        return inverse


def _settings_names(op: Operation) -> list[str]:
    if isinstance(op, ReplaceSettings):
        return [op.name]
    if isinstance(op, Compound):
        return [n for o in op.ops for n in _settings_names(o)]
    return []
