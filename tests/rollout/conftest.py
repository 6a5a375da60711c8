"""A small port with a hand-built design, so the phase logic is tested apart from the optimiser."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from planner.costs import FiberItem, LinkItem, capex, load_cost_book
from planner.model import Plan
from planner.model.elements import Demand, Fiber, RolloutSettings, Section, Site
from planner.rollout.view import DemandNeed, DesignView, LinkNeed


@dataclass(frozen=True)
class Dev:
    id: str
    price: float | None = None
    price_class: str | None = None


def square(x0: float, size: float = 100.0):
    return ((x0, 0.0), (x0 + size, 0.0), (x0 + size, size), (x0, size))


def small_port() -> Plan:
    """Sections A, B, C in a row (20 m apart), D 2 km away; hub in A relays; x, y outside sections."""
    p = Plan()
    for sid, x0, prio in (("A", 0, 5), ("B", 120, 2), ("C", 240, 4), ("D", 2400, 3)):
        p.sections[sid] = Section(sid, sid, square(x0), priority=prio)
    sites = [("hub", 50, True), ("a1", 20, False), ("b1", 170, False), ("c1", 290, False),
             ("d1", 2450, False), ("x", 5000, False),
             ("y", 6000, False)]
    for sid, x, relay in sites:
        p.sites[sid] = Site(sid, sid, "data_centre" if relay else "gate", float(x), 50.0, can_relay=relay)
    for fid, a, b, status in (("f-a", "a1", "hub", "existing"), ("f-b", "hub", "b1", "existing"),
                              ("f-c", "b1", "c1", "planned"), ("f-d", "c1", "d1", "existing"),
                              ("f-x", "d1", "x", "existing"), ("f-y", "x", "y", "existing")):
        p.fibers[fid] = Fiber(fid, a, b, status=status, ground="paved")
    for did, a, b, prio in (("d-a", "a1", "hub", 5), ("d-b", "b1", "hub", 2), ("d-c", "c1", "hub", 4),
                            ("d-d", "d1", "hub", 3), ("d-x", "x", "d1", 1), ("d-bc", "b1", "c1", 1),
                            ("d-out", "x", "y", 1)):
        p.demands[did] = Demand(did, a, b, required_bps=500.0, priority=prio)
    p.rollout = RolloutSettings(seed_section="A", budget_per_year=None, years=10)
    return p


def small_view(plan: Plan, book) -> DesignView:
    dev = Dev("dv", price=100_000)
    links = {
        "L-a": LinkNeed("L-a", LinkItem(dev, id="L-a"), "a1", "hub", ("f-a",), 20),
        "L-b": LinkNeed("L-b", LinkItem(dev, id="L-b"), "hub", "b1", ("f-b",), 120),
        "L-c": LinkNeed("L-c", LinkItem(dev, coexistence=True, id="L-c"), "hub", "c1", ("f-b", "f-c"), 240),
        "L-d": LinkNeed("L-d", LinkItem(dev, id="L-d"), "hub", "d1", ("f-b", "f-c", "f-d"), 2400),
        "L-x": LinkNeed("L-x", LinkItem(dev, id="L-x"), "d1", "x", ("f-x",), 2550),
        "L-y": LinkNeed("L-y", LinkItem(dev, id="L-y"), "x", "y", ("f-y",), 1000),
        "L-spare": LinkNeed("L-spare", LinkItem(dev, id="L-spare"), "a1", "hub", ("f-a",), 20),
    }
    demands = {
        "d-a": DemandNeed("d-a", "a1", "hub", 5, 500, True, 4000, (("L-a",),)),
        "d-b": DemandNeed("d-b", "b1", "hub", 2, 500, True, 3000, (("L-b",),)),
        "d-c": DemandNeed("d-c", "c1", "hub", 4, 500, True, 1000, (("L-c",),)),
        "d-d": DemandNeed("d-d", "d1", "hub", 3, 500, True, 800, (("L-d",),)),
        "d-x": DemandNeed("d-x", "x", "d1", 1, 500, True, 600, (("L-x",),)),
        "d-out": DemandNeed("d-out", "x", "y", 1, 500, True, 2000, (("L-y",),)),
        "d-bc": DemandNeed("d-bc", "b1", "c1", 1, 500, False, 0, (), reason="too lossy"),
    }
    roles = {"hub": "node", "a1": "endpoint", "b1": "endpoint", "c1": "endpoint", "d1": "endpoint",
             "x": "endpoint", "y": "endpoint"}
    fibers = {"f-c": FiberItem(plan.fiber_length_m(plan.fibers["f-c"]), "paved", "f-c")}
    v = DesignView(links=links, demands=demands, sites=dict(plan.sites), site_role=roles, new_fibers=fibers,
                   central_kms=True, currency=book.currency)
    return DesignView(**{**v.__dict__, "capex_total": capex(book, v.whole_build())})


@pytest.fixture
def port():
    plan = small_port()
    book = load_cost_book(plan)
    return plan, book, small_view(plan, book)
