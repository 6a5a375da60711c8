"""The plan document: elements, validation and reversible edit operations (no Qt, nothing of ours
but the error family)."""

from planner.errors import PlanError, ValidationError
from planner.model.elements import (
    ENVIRONMENTS,
    FIBER_STATUSES,
    GROUND_TYPES,
    SECTION_KINDS,
    SITE_ROLES,
    Demand,
    DeviceSettings,
    Fiber,
    KeyProfile,
    LossSettings,
    PlanMeta,
    RolloutSettings,
    Section,
    Site,
    Underlay,
)
from planner.model.ops import (
    AddElement,
    Compound,
    Operation,
    RemoveElement,
    ReplaceElement,
    ReplaceSettings,
    add,
    remove_with_dependents,
    update,
)
from planner.model.plan import KINDS, Plan
from planner.model.validate import plan_problems, validate_element, validate_plan

__all__ = [
    "ENVIRONMENTS", "FIBER_STATUSES", "GROUND_TYPES", "KINDS", "SECTION_KINDS", "SITE_ROLES",
    "AddElement", "Compound", "Demand", "DeviceSettings", "Fiber", "KeyProfile", "LossSettings",
    "Operation", "Plan", "PlanError", "PlanMeta", "RemoveElement", "ReplaceElement",
    "ReplaceSettings", "RolloutSettings", "Section", "Site", "Underlay", "ValidationError", "add",
    "plan_problems", "remove_with_dependents", "update", "validate_element", "validate_plan",
]
