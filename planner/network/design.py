"""``design(plan, ...) -> Design``: least-cost trusted nodes and QKD links that serve the demands.

This is the network engine's optimiser, used by ``evaluate`` (all demands) and by the rollout
planner (one phase at a time, with what earlier phases built costing nothing).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from planner.errors import ValidationError
from planner.model import Plan, validate_plan
from planner.network.candidates import CandidateSet, build_candidates, resolve_devices
from planner.network.graph import FiberGraph, build_fiber_graph
from planner.network.heuristic import solve_heuristic
from planner.network.pricing import Pricing
from planner.network.problem import Problem, Solution, build_problem

SOLVERS = ("exact", "heuristic", "auto")
#: ``auto`` runs the exact MILP when its model has at most this many variables.
AUTO_MAX_VARIABLES = 60_000


@dataclass(frozen=True)
class DesignLink:
    """A QKD link to build (or already built): device pair ``device`` at sites ``a`` and ``b``.

    ``loss_db`` is what the device sees: fibers + patch panels + link margin (``channel_loss_db``)
    plus the device's insertion loss. ``load_bps`` is the key the routed demands consume on it.
    """

    id: str
    a: str
    b: str
    path: tuple[str, ...]  # fiber ids, a to b
    sites: tuple[str, ...]  # site ids along the optical path (junctions included)
    loss_db: float
    channel_loss_db: float
    length_m: float
    device: str
    key_rate_bps: float
    qber: float | None  # None: CV-QKD, which has no bit error rate
    limited_by: str
    load_bps: float
    cost: float
    prebuilt: bool = False
    new_fibers: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemandRoute:
    sites: tuple[str, ...]  # device sites from a to b (ends and trusted nodes)
    links: tuple[str, ...]  # link ids
    rate_bps: float


@dataclass(frozen=True)
class DemandResult:
    """How one demand is served. ``route``: device sites of its main route (a … b); ``relays``:
    trusted nodes on any of its routes; ``end_to_end_bps``: key it can draw (its routed rate plus
    the spare capacity of its main route); ``reason`` says why it is not feasible, in English: the
    text of ``reason_code`` with its figures ``reason_args`` (``planner.network.reasons.REASONS``)."""

    id: str
    a: str
    b: str
    required_bps: float
    feasible: bool
    end_to_end_bps: float
    route: tuple[str, ...]
    relays: tuple[str, ...]
    reason: str | None
    routes: tuple[DemandRoute, ...] = ()
    disjoint_paths: int = 1
    resilient: bool | None = None  # two disjoint routes in service (disjoint demands only)
    best_alone_bps: float | None = None
    reason_code: str | None = None
    reason_args: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CostParts:
    """The optimised build cost: QKD links (devices, installation, filters), trusted nodes, new fibers."""

    links: float
    trusted_nodes: float
    fibers: float
    currency: str = ""

    @property
    def total(self) -> float:
        return self.links + self.trusted_nodes + self.fibers


@dataclass(frozen=True)
class SolverInfo:
    """``method``: ``exact`` (MILP, HiGHS) or ``heuristic``, whichever produced the design;
    ``status``: ``optimal``, ``time_limit``, ``feasible`` (heuristic), ``infeasible``…; ``gap``:
    relative optimality gap (None when no bound is known)."""

    method: str
    status: str
    gap: float | None
    seconds: float
    objective: float
    bound: float | None = None
    requested: str = "auto"
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Design:
    """Result of ``design``: what to build and how each demand is served."""

    links: tuple[DesignLink, ...]
    trusted_nodes: tuple[str, ...]
    new_fibers: tuple[str, ...]
    demands: tuple[DemandResult, ...]
    cost: CostParts
    solver: SolverInfo
    candidates: int = 0
    warnings: tuple[str, ...] = ()

    def link(self, link_id: str) -> DesignLink:
        return next(lk for lk in self.links if lk.id == link_id)

    def demand(self, demand_id: str) -> DemandResult:
        return next(d for d in self.demands if d.id == demand_id)


@dataclass(frozen=True)
class Context:
    """Everything derived from the plan that the optimiser and the analyses share."""

    plan: Plan
    graph: FiberGraph
    devices: dict
    pricing: Pricing
    candidates: CandidateSet
    problem: Problem
    demand_ids: tuple[str, ...]


def _prebuilt_items(prebuilt_links: Iterable[Any]) -> list[tuple[str, str, str | None]]:
    out = []
    for item in prebuilt_links:
        if isinstance(item, DesignLink):
            out.append((item.a, item.b, item.device))
        elif isinstance(item, Mapping):
            out.append((item["a"], item["b"], item.get("device")))
        else:
            a, b, *rest = item
            out.append((a, b, rest[0] if rest else None))
    return out


def prepare(plan: Plan, *, demand_ids=None, prebuilt_links=(), prebuilt_nodes=(), catalogue=None,
            max_relay_neighbours: int | None = None, validate: bool = True, cost_book=None) -> Context:
    """Validate the plan and build the fiber graph, candidate links and the indexed problem."""
    if validate:
        validate_plan(plan)
    if demand_ids is None:
        demands = list(plan.demands.values())
    else:
        demands = []
        for i, d in enumerate(demand_ids):
            if d not in plan.demands:
                raise ValidationError(f"refers to demand {d!r}, which is not in the plan",
                                      element="design", field=f"demand_ids[{i}]")
            demands.append(plan.demands[d])
    pre = _prebuilt_items(prebuilt_links)
    for a, b, _ in pre:
        for s in (a, b):
            if s not in plan.sites:
                raise ValidationError(f"a prebuilt link refers to site {s!r}, which is not in the plan",
                                      element="design", field="prebuilt_links")
    for s in prebuilt_nodes:
        if s not in plan.sites:
            raise ValidationError(f"refers to site {s!r}, which is not in the plan", element="design",
                                  field="prebuilt_nodes")
    devices = resolve_devices(plan, catalogue)
    pricing = Pricing.for_plan(plan, cost_book)
    graph = build_fiber_graph(plan)
    kw = {} if max_relay_neighbours is None else {"max_relay_neighbours": max_relay_neighbours}
    cands = build_candidates(plan, graph, devices, pricing, demands=demands,
                             prebuilt_pairs=[(a, b) for a, b, _ in pre], **kw)
    # prebuilt links: their device costs nothing, their fibers exist
    by_pair: dict[frozenset, list] = {}
    for lk in cands.links:
        by_pair.setdefault(frozenset((lk.a, lk.b)), []).append(lk)
    prebuilt_map: dict[str, str] = {}
    built_fibers: set[str] = set()
    for a, b, dev in pre:
        lks = [lk for lk in by_pair.get(frozenset((a, b)), []) if not lk.alternate]
        if not lks:
            continue
        lk = lks[0]
        names = [o.device for o in lk.options]
        chosen = dev if dev in names else (lk.best.device if dev is None else None)
        if chosen is None:  # the prebuilt device is dominated here: keep it as a free option
            from dataclasses import replace

            from planner.network.candidates import LinkOption, device_table, path_channel_arrays
            idx = [graph.index[s] for s in lk.path]
            loss, length, n_cl, p_dbm, wl, _ = path_channel_arrays(plan, graph, [idx])
            if dev in devices:
                tab = device_table({dev: devices[dev]}, loss, length, n_cl, p_dbm, wl)[dev]
                if tab[0][0] > 0:
                    opt = LinkOption(dev, float(tab[0][0]), float(np.nan_to_num(tab[1][0])), float(tab[2][0]), 0.0,
                                     str(tab[3][0]))
                    new = replace(lk, options=tuple(sorted(lk.options + (opt,), key=lambda o: (o.cost, o.key_rate_bps))))
                    cands = replace(cands, links=tuple(new if x is lk else x for x in cands.links))
                    chosen = dev
        if chosen is not None:
            prebuilt_map[lk.id] = chosen
            built_fibers.update(lk.planned_fibers)
    relay_cost = {s: (0.0 if s in prebuilt_nodes else pricing.trusted_node(plan.sites[s])) for s in cands.relays}
    fiber_cost = {}
    for lk in cands.links:
        for f in lk.planned_fibers:
            if f not in fiber_cost:
                fib = plan.fibers[f]
                fiber_cost[f] = 0.0 if f in built_fibers else pricing.new_fiber(plan.fiber_length_m(fib), fib.ground)
    spec = [(d.id, d.a, d.b, d.rate_bps, d.disjoint_paths) for d in demands]
    prob = build_problem(cands.links, cands.terminals, cands.relays, relay_cost, spec, fiber_cost, prebuilt_map)
    return Context(plan=plan, graph=graph, devices=devices, pricing=pricing, candidates=cands, problem=prob,
                   demand_ids=tuple(d.id for d in demands))


def milp_size(prob: Problem) -> int:
    """Variables of the exact model (see ``planner.network.milp``)."""
    from planner.network.milp import model_size

    return model_size(prob)


#: Share of the time limit the heuristic may take before the exact solver (its count-bounded work
#: normally ends long before: 1.3 s on a 100-relay port).
HEURISTIC_SHARE = 0.4
#: Least time the heuristic gets, even when the budget is already spent (it always returns a design).
MIN_HEURISTIC_S = 0.2
#: The exact solver is not started with less time left than this.
MIN_EXACT_S = 0.3


def solve(ctx: Context, *, solver: str = "auto", time_limit_s: float = 10.0, started: float | None = None) -> Solution:
    """Run the requested solver on a prepared context (see ``design``).

    The time limit covers everything from ``started`` (``time.perf_counter()``; default: now):
    the heuristic, building the exact model and solving it. When the exact solver finds no design
    in time, the heuristic's design is returned with status ``time_limit`` (gap from the MILP's
    bound when it has one, else null)."""
    if solver not in SOLVERS:
        raise ValidationError(f"unknown solver {solver!r} (use {', '.join(SOLVERS)})", element="design",
                              field="solver")
    if not (isinstance(time_limit_s, int | float) and math.isfinite(time_limit_s) and time_limit_s > 0):
        raise ValidationError("must be a positive number of seconds", element="design", field="time_limit_s")
    prob = ctx.problem
    t0 = time.perf_counter() if started is None else started
    deadline = t0 + time_limit_s
    size = milp_size(prob)
    alone = solver == "heuristic" or (solver == "auto" and size > AUTO_MAX_VARIABLES) or not prob.commodities
    # the heuristic's work is bounded by counts (same plan, same design); its time limit is a safety
    # net: all the time when it answers alone, else a share that leaves the exact solver the rest
    left = deadline - time.perf_counter()
    heur = solve_heuristic(prob, time_limit_s=max(left if alone else HEURISTIC_SHARE * left, MIN_HEURISTIC_S))
    if alone:
        heur.seconds = time.perf_counter() - t0
        heur.info["milp_variables"] = size
        if not prob.commodities:
            heur.status, heur.gap = "optimal", 0.0
        return heur
    from planner.network.milp import design_bound, solve_milp

    remaining = deadline - time.perf_counter()
    if remaining < MIN_EXACT_S:  # the budget went on the heuristic: its design, honestly labelled
        heur.seconds = time.perf_counter() - t0
        heur.status = "time_limit"
        heur.info.update({"milp_status": "not started (time limit)", "milp_variables": size})
        return heur
    ex = solve_milp(prob, time_limit_s=remaining, incumbent=heur)
    ex.info["milp_variables"] = size
    ex.info["heuristic_objective"] = heur.total(prob)
    if ex.routes is not None and ex.status in ("optimal", "time_limit") and \
            (round(sum(ex.unmet.values()), 6), ex.total(prob)) <= (round(sum(heur.unmet.values()), 6), heur.total(prob) + 1e-6):
        ex.seconds = time.perf_counter() - t0
        return ex
    # the heuristic's design is kept; report the MILP's bound when it has one
    heur.seconds = time.perf_counter() - t0
    heur.info.update({"milp_status": ex.status, "milp_variables": size})
    if "stopped" in ex.info:
        heur.info["milp_stopped"] = ex.info["stopped"]
    if ex.status == "time_limit":  # not a solver's "feasible": the exact search was cut short
        heur.status = "time_limit"
    bound = design_bound(prob, ex.info.get("penalized_bound"), heur.unmet)
    if bound is not None and heur.total(prob) > 0:
        heur.bound = bound
        heur.gap = max(0.0, (heur.total(prob) - bound) / heur.total(prob))
    return heur


def design(plan: Plan, *, demand_ids: Iterable[str] | None = None, prebuilt_links: Iterable[Any] = (),
           prebuilt_nodes: Iterable[str] = (), catalogue: Mapping | None = None, solver: str = "auto",
           time_limit_s: float = 10.0, max_relay_neighbours: int | None = None, cost_book=None) -> Design:
    """Least-cost trusted nodes and QKD links so that every demand gets its required key rate.

    Parameters
    - ``demand_ids``: demands to serve (default: all of the plan's demands).
    - ``prebuilt_links``: links that already exist (``DesignLink`` objects of an earlier design,
      mappings with ``a``, ``b``, ``device``, or ``(a, b, device)`` tuples): their devices and
      fibers cost nothing (an upgrade to a faster device costs its full price).
    - ``prebuilt_nodes``: site ids of trusted nodes that already exist (cost nothing).
    - ``catalogue``: devices to use (id → ``Device``); default: the bundled catalogue plus the plan's
      custom devices, restricted to ``plan.devices.allowed``.
    - ``solver``: ``exact`` (MILP with HiGHS, warm-started by the heuristic), ``heuristic``, or
      ``auto`` (exact when the model has at most ``AUTO_MAX_VARIABLES`` variables).
    - ``time_limit_s``: wall-clock limit of the whole call (preparing the problem, the heuristic,
      building and solving the MILP): the MILP returns its best design and gap; when it has none
      in time, the heuristic's design comes back with status ``time_limit``.
    - ``max_relay_neighbours``: candidate pruning (see ``planner.network.candidates``).

    Model: each candidate link carries at most one device pair (the Pareto options of its path);
    key is consumed on every hop and a hop's capacity is shared by all demands routed over it
    (multicommodity flow; a demand may be split over several routes); only relay-capable sites
    forward key, and forwarding makes a site a trusted node (fit-out cost). A demand with
    ``disjoint_paths`` 2 gets two routes, each carrying its full rate, that share no fiber, duct or
    trusted node. Objective: link equipment + trusted nodes + new fibers (``planner.costs``).

    Returns a frozen ``Design`` (links, trusted nodes, new fibers, per-demand results with reasons,
    cost parts, solver method/status/gap/seconds). Raises ``ValidationError`` for a bad plan or
    arguments and ``DeviceError`` for a bad device list.
    """
    started = time.perf_counter()
    ctx = prepare(plan, demand_ids=demand_ids, prebuilt_links=prebuilt_links, prebuilt_nodes=tuple(prebuilt_nodes),
                  catalogue=catalogue, max_relay_neighbours=max_relay_neighbours, cost_book=cost_book)
    sol = solve(ctx, solver=solver, time_limit_s=time_limit_s, started=started)
    return assemble(ctx, sol, requested=solver)


# ---------------------------------------------------------------------------------------------
def assemble(ctx: Context, sol: Solution, *, requested: str = "auto") -> Design:
    """Turn an index-form solution into a ``Design`` with per-demand results and reasons."""
    from planner.network.reasons import explain_unmet, reason_text

    prob, plan = ctx.problem, ctx.plan
    load = sol.load(prob)
    links = []
    link_id: dict[int, str] = {}
    for p in np.nonzero(sol.option >= 0)[0]:
        lk = prob.links[p]
        o = lk.options[_orig_option(prob, p, int(sol.option[p]))]
        cost = float(prob.opt_cost[p, sol.option[p]])
        link_id[int(p)] = lk.id
        links.append(DesignLink(
            id=lk.id, a=lk.a, b=lk.b, path=lk.fibers, sites=lk.path, loss_db=o.loss_db, channel_loss_db=lk.loss_db,
            length_m=lk.length_m, device=o.device, key_rate_bps=o.key_rate_bps, qber=o.qber,
            limited_by=o.limited_by, load_bps=float(load[p]), cost=cost, prebuilt=int(p) in prob.prebuilt_pairs,
            new_fibers=tuple(f for f in lk.planned_fibers if prob.fiber_cost[prob.fiber_ids.index(f)] > 0)))
    trusted = tuple(prob.nodes[v] for v in np.nonzero(sol.open_relay)[0])
    new_fibers = tuple(prob.fiber_ids[f] for f in np.nonzero(sol.fiber_built)[0] if prob.fiber_cost[f] > 0)
    cap = np.zeros(prob.n_pairs)
    built = sol.option >= 0
    cap[built] = prob.opt_cap[np.nonzero(built)[0], sol.option[built]]
    spare = np.maximum(cap - load, 0.0)
    by_demand: dict[str, list[int]] = {}
    for c, com in enumerate(prob.commodities):
        by_demand.setdefault(com.demand, []).append(c)
    results = []
    for dem_id in ctx.demand_ids:
        d = plan.demands[dem_id]
        cs = by_demand[dem_id]
        routes = []
        for c in cs:
            for nodes, pairs, amount in sorted(sol.routes.get(c) or [], key=lambda r: -r[2]):
                if amount <= 0:
                    continue
                routes.append(DemandRoute(sites=tuple(prob.nodes[v] for v in nodes),
                                          links=tuple(link_id.get(q, prob.links[q].id) for q in pairs),
                                          rate_bps=float(amount)))
        unmet = [sol.unmet.get(c, 0.0) for c in cs]
        relays = tuple(dict.fromkeys(s for r in routes for s in r.sites[1:-1]))
        main = routes[0] if routes else None
        if main is not None:
            main_pairs = next(pairs for c in cs for nodes, pairs, amount in (sol.routes.get(c) or [])
                              if tuple(prob.nodes[v] for v in nodes) == main.sites)
            head = float(min(spare[q] for q in main_pairs)) if main_pairs else 0.0
        else:
            head = 0.0
        if d.disjoint_paths >= 2:
            served = [sum(r[2] for r in (sol.routes.get(c) or [])) for c in cs]
            e2e = (max(served) + head) if routes else 0.0
            resilient = all(s >= d.rate_bps * (1 - 1e-6) for s in served)
            feasible = resilient
        else:
            e2e = (sum(r.rate_bps for r in routes) + head) if routes else 0.0
            resilient = None
            feasible = bool(routes) and sum(unmet) <= d.rate_bps * 1e-6
        code, args, alone = (None, {}, None) if feasible else explain_unmet(ctx, d, sol, routes)
        results.append(DemandResult(
            id=d.id, a=d.a, b=d.b, required_bps=d.rate_bps, feasible=feasible, end_to_end_bps=_finite(e2e),
            route=main.sites if main else (), relays=relays, reason=code and reason_text(code, args),
            routes=tuple(routes), disjoint_paths=d.disjoint_paths, resilient=resilient, best_alone_bps=alone,
            reason_code=code, reason_args=args))
    lc, nc, fc = sol.cost(prob)
    info = SolverInfo(method=sol.method, status=sol.status, gap=sol.gap, seconds=sol.seconds,
                      objective=float(lc + nc + fc), bound=sol.bound, requested=requested,
                      details={k: v for k, v in sol.info.items() if k != "partial"})
    return Design(links=tuple(links), trusted_nodes=trusted, new_fibers=new_fibers, demands=tuple(results),
                  cost=CostParts(lc, nc, fc, ctx.pricing.currency), solver=info,
                  candidates=len(prob.links))


def _orig_option(prob: Problem, p: int, o: int) -> int:
    """Index in ``CandidateLink.options`` of the problem's option ``o`` of pair ``p``."""
    lk = prob.links[p]
    cap = prob.opt_cap[p, o]
    return next(i for i, opt in enumerate(lk.options) if opt.key_rate_bps == cap)


def _finite(x: float) -> float:
    return float(x) if math.isfinite(x) else 0.0
