"""What a rollout needs from a whole-port design, flattened into items it can split into phases.

The rollout never designs anything itself: it takes the whole-port design of the network engine
(``planner.network.design.design``) and builds it phase by phase. A ``DesignView`` lists the
design's items (QKD links, trusted nodes, key-consuming endpoint sites, new fibers) with what
each demand needs of them. Every site keeps the role the whole design gives it (a site that is a
trusted node anywhere in the design is fitted out as a node the first time any phase needs it),
so the phases partition the whole design's ``BuildSet`` exactly and their CAPEX adds up to the
whole-port CAPEX (``planner.costs.capex`` is additive over disjoint build sets).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planner.costs import BuildSet, CostBook, FiberItem, LinkItem
from planner.model.elements import Site


@dataclass(frozen=True)
class LinkNeed:
    """A QKD link of the design: its priced item, its end sites and the fibers its path uses."""

    id: str
    item: LinkItem
    a: str
    b: str
    fibers: tuple[str, ...] = ()
    length_m: float = 0.0


@dataclass(frozen=True)
class DemandNeed:
    """A demand as the design serves it.

    ``paths``: one tuple of link ids per disjoint path (the key route, hop by hop); ``nodes``:
    trusted nodes relaying its keys; ``margin``: end-to-end rate / required rate (None when
    infeasible).
    """

    id: str
    a: str
    b: str
    priority: int
    required_bps: float
    feasible: bool
    end_to_end_bps: float = 0.0
    paths: tuple[tuple[str, ...], ...] = ()
    nodes: tuple[str, ...] = ()
    reason: str = ""
    reason_code: str | None = None
    reason_args: dict = field(default_factory=dict)

    @property
    def links(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for p in self.paths:
            seen.update(dict.fromkeys(p))
        return tuple(seen)

    @property
    def margin(self) -> float | None:
        if not self.feasible or self.required_bps <= 0:
            return None
        return self.end_to_end_bps / self.required_bps


@dataclass(frozen=True)
class DesignView:
    """The whole-port design as items (see module docstring).

    ``site_role``: ``node`` or ``endpoint`` for every equipped site of the design.
    ``new_fibers``: planned fibers the design builds (id -> item). ``fiber_km``: length of every
    fiber, for failure rates. ``capex_total``: the design's own CAPEX (checked against the sum).
    """

    links: dict[str, LinkNeed]
    demands: dict[str, DemandNeed]
    sites: dict[str, Site]
    site_role: dict[str, str]
    new_fibers: dict[str, FiberItem]
    central_kms: bool = True
    capex_total: float | None = None
    currency: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def whole_build(self) -> BuildSet:
        return self.build_of(self.links, self.site_role, self.new_fibers, central_kms=self.central_kms)

    def build_of(self, link_ids, site_ids, fiber_ids, *, central_kms: bool) -> BuildSet:
        """The ``BuildSet`` of a subset of the design's items (sites keep their design role)."""
        nodes = tuple(self.sites[s] for s in site_ids if self.site_role.get(s) == "node")
        ends = tuple(self.sites[s] for s in site_ids if self.site_role.get(s) == "endpoint")
        return BuildSet(links=tuple(self.links[i].item for i in link_ids), trusted_nodes=nodes,
                        endpoint_sites=ends, new_fibers=tuple(self.new_fibers[f] for f in fiber_ids),
                        central_kms=central_kms)

    def demand_items(self, demand_id: str) -> tuple[set[str], set[str], set[str]]:
        """Links, equipped sites and new fibers a (feasible) demand needs."""
        d = self.demands[demand_id]
        if not d.feasible:
            return set(), set(), set()
        links = set(d.links)
        sites = {s for s in (d.a, d.b, *d.nodes) if s in self.site_role}
        fibers: set[str] = set()
        for lid in links:
            link = self.links[lid]
            sites.update(s for s in (link.a, link.b) if s in self.site_role)
            fibers.update(f for f in link.fibers if f in self.new_fibers)
        return links, sites, fibers


def unit_costs(view: DesignView, book: CostBook) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """Marginal CAPEX (engineering share included) of every link, equipped site and new fiber.

    Exactly what ``capex_breakdown`` charges for the item in any build set (it is additive), so
    sums of these equal the priced build sets up to rounding. Used by the greedy strategy.
    """
    eng = 1.0 + book.get("engineering.fraction")
    link_cost = {i: eng * book.link_capex(n.item.device, coexistence=n.item.coexistence,
                                          switched_ends=n.item.switched_ends) for i, n in view.links.items()}
    site_cost: dict[str, float] = {}
    for s, role in view.site_role.items():
        c = book.get("training.per_site")
        c += book.trusted_node_capex(view.sites[s]) if role == "node" else book.get("kms.endpoint_site")
        site_cost[s] = eng * c
    fiber_cost = {f: eng * book.new_fiber_cost(item.length_m, item.ground) for f, item in view.new_fibers.items()}
    return link_cost, site_cost, fiber_cost


def view_from_design(plan: Any, design: Any, book: CostBook, devices: Any = None) -> DesignView:
    """Flatten a ``planner.network.design.Design`` of the whole port into a ``DesignView``.

    Items and prices come from ``planner.costs.design_build_set``, the function ``evaluate``
    prices designs with, so the whole build here is exactly the whole-port build there.
    ``devices``: id → ``Device`` the design used (default: catalogue + the plan's custom devices).
    """
    from planner.costs import capex, design_build_set

    build = design_build_set(plan, design, devices)
    items = {it.id: it for it in build.links}
    links = {}
    for lk in design.links:
        if lk.id in items:
            links[lk.id] = LinkNeed(lk.id, items[lk.id], lk.a, lk.b, tuple(lk.path), float(lk.length_m))
    roles = {s.id: "node" for s in build.trusted_nodes}
    roles.update({s.id: "endpoint" for s in build.endpoint_sites})
    demands = {}
    for d in design.demands:
        paths = tuple(tuple(i for i in r.links if i in links) for r in d.routes)
        demands[d.id] = DemandNeed(
            id=d.id, a=d.a, b=d.b, priority=int(plan.demands[d.id].priority), required_bps=float(d.required_bps),
            feasible=bool(d.feasible), end_to_end_bps=float(d.end_to_end_bps), paths=paths,
            nodes=tuple(s for s in d.relays if s in roles), reason=d.reason or "",
            reason_code=d.reason_code, reason_args=dict(d.reason_args))
    return DesignView(links=links, demands=demands, sites=dict(plan.sites), site_role=roles,
                      new_fibers={f.id: f for f in build.new_fibers}, central_kms=build.central_kms,
                      capex_total=capex(book, build), currency=book.currency,
                      extra={"solver": getattr(design, "solver", None)})
