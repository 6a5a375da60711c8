"""The plan document: a container of immutable elements keyed by id."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from planner.model.elements import (
    Demand,
    DeviceSettings,
    Fiber,
    LossSettings,
    PlanMeta,
    Point,
    RolloutSettings,
    Section,
    Site,
    Underlay,
)

#: Element collections of a plan, by kind name (the names used in files, errors and commands).
KINDS: dict[str, type] = {
    "site": Site,
    "section": Section,
    "fiber": Fiber,
    "demand": Demand,
    "underlay": Underlay,
}
COLLECTION = {"site": "sites", "section": "sections", "fiber": "fibers", "demand": "demands",
              "underlay": "underlays"}
#: Plan-wide settings objects that edit operations may replace.
SETTINGS = ("meta", "devices", "loss", "rollout", "costs")


@dataclass
class Plan:
    """A QKD rollout plan.

    Collections map ids to frozen elements in insertion order (files keep it). ``costs`` holds
    overrides of the cost book (key → value); ``extra`` keeps unknown top-level fields of the file
    so nothing a newer tool or a user wrote is lost on save.
    """

    meta: PlanMeta = field(default_factory=PlanMeta)
    sites: dict[str, Site] = field(default_factory=dict)
    sections: dict[str, Section] = field(default_factory=dict)
    fibers: dict[str, Fiber] = field(default_factory=dict)
    demands: dict[str, Demand] = field(default_factory=dict)
    underlays: dict[str, Underlay] = field(default_factory=dict)
    devices: DeviceSettings = field(default_factory=DeviceSettings)
    loss: LossSettings = field(default_factory=LossSettings)
    rollout: RolloutSettings = field(default_factory=RolloutSettings)
    costs: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    # -- access -------------------------------------------------------------------------------
    def collection(self, kind: str) -> dict[str, Any]:
        return getattr(self, COLLECTION[kind])

    def get(self, kind: str, element_id: str):
        return self.collection(kind).get(element_id)

    def snapshot(self) -> Plan:
        """An independent copy for a worker: elements are immutable, so copying the dicts suffices."""
        return Plan(
            meta=self.meta,
            sites=dict(self.sites),
            sections=dict(self.sections),
            fibers=dict(self.fibers),
            demands=dict(self.demands),
            underlays=dict(self.underlays),
            devices=self.devices,
            loss=self.loss,
            rollout=self.rollout,
            costs=dict(self.costs),
            extra=dict(self.extra),
        )

    def new_id(self, kind: str, prefix: str | None = None) -> str:
        """A fresh id such as ``site-12`` that no element of any kind uses."""
        prefix = prefix or kind
        used = {i for k in KINDS for i in self.collection(k)}
        n = len(self.collection(kind)) + 1
        while f"{prefix}-{n}" in used:
            n += 1
        return f"{prefix}-{n}"

    # -- geometry -----------------------------------------------------------------------------
    def fiber_points(self, fiber: Fiber) -> list[Point]:
        """The fiber's polyline: first site, bends, last site."""
        return [self.sites[fiber.a].xy, *fiber.vertices, self.sites[fiber.b].xy]

    def fiber_drawn_length_m(self, fiber: Fiber) -> float:
        pts = self.fiber_points(fiber)
        return sum(math.dist(p, q) for p, q in zip(pts, pts[1:], strict=False))

    def fiber_length_m(self, fiber: Fiber) -> float:
        """Measured length if given, else the drawn length in the projected CRS."""
        return float(fiber.length_m) if fiber.length_m is not None else self.fiber_drawn_length_m(fiber)

    def site_sections(self) -> dict[str, str | None]:
        """Section of every site: explicit, else the first section polygon that contains it."""
        from shapely import contains_xy
        from shapely.geometry import Polygon

        polys = [(sid, Polygon(s.polygon)) for sid, s in self.sections.items() if len(s.polygon) >= 3]
        out: dict[str, str | None] = {}
        for site in self.sites.values():
            if site.section is not None:
                out[site.id] = site.section
                continue
            out[site.id] = next((sid for sid, p in polys if contains_xy(p, site.x_m, site.y_m)), None)
        return out

    def dependents(self, kind: str, element_id: str) -> list[tuple[str, str]]:
        """Elements that cannot exist without this one (fibers and demands of a site)."""
        if kind != "site":
            return []
        deps = [("fiber", f.id) for f in self.fibers.values() if element_id in (f.a, f.b)]
        deps += [("demand", d.id) for d in self.demands.values() if element_id in (d.a, d.b)]
        return deps
