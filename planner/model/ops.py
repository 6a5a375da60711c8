"""Reversible edit operations on a plan.

``inverse = op.apply(plan)`` changes the plan in place and returns the operation that undoes it,
so undo/redo is testable without any GUI; the desktop app wraps these in its undo stack.
Operations check what they touch (``validate_element``) and leave the plan unchanged on error.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from planner.errors import ValidationError
from planner.model.plan import KINDS, SETTINGS, Plan
from planner.model.validate import validate_element


class Operation:
    """Base of all edit operations."""

    #: Short human text for undo menus ("Move site S1").
    text: str = ""

    def apply(self, plan: Plan) -> Operation:  # pragma: no cover - interface
        raise NotImplementedError

    def touched(self) -> set[tuple[str, str]]:
        """(kind, id) of the elements this operation changes (for views to refresh)."""
        return set()


@dataclass(frozen=True)
class AddElement(Operation):
    kind: str
    element: Any
    position: int | None = None

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Add {self.kind} {self.element.id}"

    def apply(self, plan: Plan) -> Operation:
        coll = plan.collection(self.kind)
        if self.element.id in coll:
            raise ValidationError(f"a {self.kind} with this id already exists", element=self.element.id, field="id")
        for other in KINDS:
            if other != self.kind and self.element.id in plan.collection(other):
                raise ValidationError(f"the id is already used by a {other}", element=self.element.id, field="id")
        validate_element(plan, self.kind, self.element)
        if self.position is None or self.position >= len(coll):
            coll[self.element.id] = self.element
        else:
            items = list(coll.items())
            items.insert(self.position, (self.element.id, self.element))
            coll.clear()
            coll.update(items)
        return RemoveElement(self.kind, self.element.id)

    def touched(self) -> set[tuple[str, str]]:
        return {(self.kind, self.element.id)}


@dataclass(frozen=True)
class RemoveElement(Operation):
    """Remove one element; refuses when others depend on it (use ``remove_with_dependents``)."""

    kind: str
    element_id: str

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Delete {self.kind} {self.element_id}"

    def apply(self, plan: Plan) -> Operation:
        coll = plan.collection(self.kind)
        if self.element_id not in coll:
            raise ValidationError(f"no {self.kind} with this id", element=self.element_id, field="id")
        deps = plan.dependents(self.kind, self.element_id) + _section_references(plan, self.kind, self.element_id)
        if deps:
            raise ValidationError(f"still used by {deps[0][0]} {deps[0][1]}", element=self.element_id, field="id")
        position = list(coll).index(self.element_id)
        element = coll.pop(self.element_id)
        return AddElement(self.kind, element, position)

    def touched(self) -> set[tuple[str, str]]:
        return {(self.kind, self.element_id)}


@dataclass(frozen=True)
class ReplaceElement(Operation):
    """Replace an element by a changed copy with the same id (moves, property edits)."""

    kind: str
    old: Any
    new: Any

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Edit {self.kind} {self.new.id}"

    def apply(self, plan: Plan) -> Operation:
        coll = plan.collection(self.kind)
        if self.old.id != self.new.id:
            raise ValidationError("an edit cannot change an element's id", element=self.old.id, field="id")
        if coll.get(self.old.id) != self.old:
            raise ValidationError(f"the {self.kind} changed since this edit was made", element=self.old.id)
        coll[self.new.id] = self.new
        try:
            validate_element(plan, self.kind, self.new)
            # Moving a site changes the length of its fibers: none may become zero.
            if self.kind == "site":
                for fkind, fid in plan.dependents("site", self.new.id):
                    if fkind == "fiber":
                        validate_element(plan, "fiber", plan.fibers[fid])
        except ValidationError:
            coll[self.old.id] = self.old
            raise
        return ReplaceElement(self.kind, self.new, self.old)

    def touched(self) -> set[tuple[str, str]]:
        return {(self.kind, self.new.id)}


@dataclass(frozen=True)
class ReplaceSettings(Operation):
    """Replace a plan-wide settings object (``meta``, ``devices``, ``loss``, ``rollout``, ``costs``)."""

    name: str
    old: Any
    new: Any

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Change {self.name} settings"

    def apply(self, plan: Plan) -> Operation:
        if self.name not in SETTINGS:
            raise ValidationError(f"unknown settings {self.name!r}", field=self.name)
        if getattr(plan, self.name) != self.old:
            raise ValidationError(f"the {self.name} settings changed since this edit was made", field=self.name)
        setattr(plan, self.name, self.new)
        from planner.model.validate import plan_problems

        problems = [p for p in plan_problems(plan) if p.element == self.name]
        if problems:
            setattr(plan, self.name, self.old)
            raise problems[0]
        return ReplaceSettings(self.name, self.new, self.old)


@dataclass(frozen=True)
class Compound(Operation):
    """Several operations as one undo step (a macro). All or nothing."""

    ops: tuple[Operation, ...]
    label: str = ""

    @property
    def text(self) -> str:  # type: ignore[override]
        return self.label or "; ".join(op.text for op in self.ops)

    def apply(self, plan: Plan) -> Operation:
        inverses: list[Operation] = []
        try:
            for op in self.ops:
                inverses.append(op.apply(plan))
        except Exception:
            for inv in reversed(inverses):
                inv.apply(plan)
            raise
        return Compound(tuple(reversed(inverses)), self.label)

    def touched(self) -> set[tuple[str, str]]:
        return set().union(*(op.touched() for op in self.ops)) if self.ops else set()


def _section_references(plan: Plan, kind: str, element_id: str) -> list[tuple[str, str]]:
    """Sites and rollout settings that name a section (they keep it; deleting it must detach them)."""
    if kind != "section":
        return []
    refs = [("site", s.id) for s in plan.sites.values() if s.section == element_id]
    if plan.rollout.seed_section == element_id or element_id in plan.rollout.order:
        refs.append(("rollout", "settings"))
    return refs


@dataclass(frozen=True)
class DetachSection(Operation):
    """Clear every reference to a section (sites' explicit ``section``, the rollout's seed and order).

    What to change is decided when applied, so several sections can be detached in one macro; the
    inverse restores the exact previous values.
    """

    section_id: str

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Detach section {self.section_id}"

    def apply(self, plan: Plan) -> Operation:
        ops: list[Operation] = [ReplaceElement("site", s, dataclasses.replace(s, section=None))
                                for s in plan.sites.values() if s.section == self.section_id]
        r = plan.rollout
        if r.seed_section == self.section_id or self.section_id in r.order:
            new = dataclasses.replace(
                r, seed_section=None if r.seed_section == self.section_id else r.seed_section,
                order=tuple(x for x in r.order if x != self.section_id))
            ops.append(ReplaceSettings("rollout", r, new))
        return Compound(tuple(ops), self.text).apply(plan)

    def touched(self) -> set[tuple[str, str]]:
        return {("section", self.section_id)}


def add(kind: str, element: Any) -> AddElement:
    return AddElement(kind, element)


def update(plan: Plan, kind: str, element_id: str, **changes: Any) -> ReplaceElement:
    """An operation changing some fields of an element (not applied yet)."""
    old = plan.get(kind, element_id)
    if old is None:
        raise ValidationError(f"no {kind} with this id", element=element_id, field="id")
    names = {f.name for f in dataclasses.fields(old)}
    for name in changes:
        if name not in names:
            raise ValidationError(f"a {kind} has no field {name!r}", element=element_id, field=name)
    return ReplaceElement(kind, old, dataclasses.replace(old, **changes))


def remove_with_dependents(plan: Plan, kind: str, element_id: str) -> Compound:
    """Delete an element with everything that depends on it, as one undoable step."""
    ops: list[Operation] = [RemoveElement(k, i) for k, i in plan.dependents(kind, element_id)]
    if kind == "section":
        ops.append(DetachSection(element_id))
    ops.append(RemoveElement(kind, element_id))
    return Compound(tuple(ops), f"Delete {kind} {element_id}")
