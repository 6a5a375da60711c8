"""``evaluate(plan) -> Evaluation``: the one truth that the CLI prints, the GUI shows and reports render.

A pure function of the plan (and the device and cost catalogues). The result is frozen and
JSON-ready; ``to_json()`` gives the public ``evaluate --json`` structure (docs/evaluate-json.md).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.sparse.csgraph import dijkstra

from planner.model import Plan
from planner.network.budget import fiber_budgets
from planner.network.cancel import cancel_scope, check_cancelled
from planner.network.design import Context, Design, assemble, prepare, solve
from planner.network.resilience import attack_drill, failure_analysis


def _r(x: float | None, nd: int = 6) -> float | None:
    if x is None:
        return None
    x = float(x)
    return round(x, nd) if math.isfinite(x) else None


@dataclass(frozen=True)
class Evaluation:
    """Results of evaluating a plan. ``to_json()`` gives the public ``--json`` structure."""

    plan_name: str
    fibers: tuple[dict[str, Any], ...]
    demands: tuple[dict[str, Any], ...]
    links: tuple[dict[str, Any], ...] = ()
    trusted_nodes: tuple[str, ...] = ()
    new_fibers: tuple[str, ...] = ()
    cost: dict[str, Any] = field(default_factory=dict)
    solver: dict[str, Any] = field(default_factory=dict)
    failures: dict[str, Any] = field(default_factory=dict)
    attack_drill: tuple[dict[str, Any], ...] = ()
    direct_paths: tuple[dict[str, Any], ...] = ()
    warnings: tuple[str, ...] = ()
    design: Design | None = field(default=None, compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan_name,
            "fibers": [dict(f) for f in self.fibers],
            "links": [dict(x) for x in self.links],
            "demands": [dict(d) for d in self.demands],
            "trusted_nodes": list(self.trusted_nodes),
            "new_fibers": list(self.new_fibers),
            "cost": dict(self.cost),
            "solver": dict(self.solver),
            "failures": dict(self.failures),
            "attack_drill": [dict(x) for x in self.attack_drill],
            "direct_paths": [dict(x) for x in self.direct_paths],
            "warnings": list(self.warnings),
        }


def _direct_paths(ctx: Context) -> list[dict[str, Any]]:
    """Least-loss fiber path of every demand and, per allowed device, its key rate and QBER."""
    from planner.network.candidates import _walk, device_table, path_channel_arrays

    plan, g = ctx.plan, ctx.graph
    demands = [plan.demands[d] for d in ctx.demand_ids]
    sources = sorted({g.index[d.a] for d in demands})
    if not sources:
        return []
    row = {s: i for i, s in enumerate(sources)}
    dist, pred = dijkstra(g.csr, directed=False, indices=sources, return_predecessors=True)
    paths, have = [], []
    for d in demands:
        s, t = g.index[d.a], g.index[d.b]
        if np.isfinite(dist[row[s], t]):
            paths.append(_walk(pred[row[s]], s, t))
            have.append(d)
    out: dict[str, dict[str, Any]] = {d.id: {"demand": d.id, "reachable": False} for d in demands}
    if paths:
        loss, length, n_cl, p_dbm, wl, fibers_of = path_channel_arrays(plan, g, paths)
        table = device_table(ctx.devices, loss, length, n_cl, p_dbm, wl)
        for i, d in enumerate(have):
            out[d.id] = {
                "demand": d.id, "reachable": True, "path": [g.fiber_ids[k] for k in fibers_of[i]],
                "length_m": _r(length[i], 3), "loss_db": _r(loss[i], 4),
                "devices": [{"device": dev, "key_rate_bps": _r(rate[i], 4), "qber": _r(qber[i]),
                             "loss_db": _r(tot[i], 4), "limited_by": str(lim[i])}
                            for dev, (rate, qber, tot, lim) in table.items()],
            }
    return [out[d.id] for d in demands]


def _capex(ctx: Context, design: Design) -> dict[str, Any]:
    from planner.costs import BuildSet, FiberItem, LinkItem, capex_breakdown

    plan = ctx.plan
    new_links = [lk for lk in design.links if not lk.prebuilt]
    build = BuildSet(
        links=tuple(LinkItem(device=ctx.devices[lk.device], coexistence=any(
            plan.fibers[f].classical_channels > 0 for f in lk.path), id=lk.id) for lk in new_links),
        trusted_nodes=tuple(plan.sites[s] for s in design.trusted_nodes),
        endpoint_sites=tuple(plan.sites[s] for s in dict.fromkeys(
            e for d in design.demands if d.routes for e in (d.a, d.b))),
        new_fibers=tuple(FiberItem(length_m=plan.fiber_length_m(plan.fibers[f]), ground=plan.fibers[f].ground, id=f)
                         for f in design.new_fibers),
        central_kms=bool(new_links),
    )
    br = capex_breakdown(ctx.pricing.book, build)
    return {"capex": round(br.total, 2), "currency": br.currency,
            "parts": {k: round(v, 2) for k, v in br.parts.items()},
            "optimised": {"links": round(design.cost.links, 2), "trusted_nodes": round(design.cost.trusted_nodes, 2),
                          "fibers": round(design.cost.fibers, 2), "total": round(design.cost.total, 2)}}


def evaluate(plan: Plan, *, solver: str = "auto", time_limit_s: float = 10.0, catalogue=None,
             attack_fraction: float = 1.0, cancel: Callable[[], bool] | None = None) -> Evaluation:
    """Evaluate a plan: loss budgets, candidate links, least-cost trusted nodes and QKD links,
    per-demand service, costs, failure analysis and attack drill. Validation errors are raised
    before anything is solved. ``cancel``: a callable polled during long work; once it returns True
    the evaluation stops with ``planner.errors.Cancelled``."""
    with cancel_scope(cancel):
        check_cancelled()
        return _evaluate(plan, solver=solver, time_limit_s=time_limit_s, catalogue=catalogue,
                         attack_fraction=attack_fraction)


def _evaluate(plan: Plan, *, solver: str, time_limit_s: float, catalogue, attack_fraction: float) -> Evaluation:
    started = time.perf_counter()  # the time limit covers preparing the problem too
    ctx = prepare(plan, catalogue=catalogue)
    check_cancelled()
    sol = solve(ctx, solver=solver, time_limit_s=time_limit_s, started=started)
    check_cancelled()
    design = assemble(ctx, sol, requested=solver)
    b = fiber_budgets(plan)
    fibers = tuple(
        {
            "id": fid,
            "from": plan.fibers[fid].a,
            "to": plan.fibers[fid].b,
            "length_m": round(float(b.length_m[i]), 3),
            "loss_db": round(float(b.loss_db[i]), 4),
            "budget": {k: (round(v, 4) if isinstance(v, float) else v) for k, v in b.breakdown(i).items()},
            "status": plan.fibers[fid].status,
            "duct": plan.fibers[fid].duct,
        }
        for i, fid in enumerate(b.ids)
    )
    p = plan.loss.patch_panel_loss_db
    b_index = b.index()
    links = tuple(
        {"id": lk.id, "a": lk.a, "b": lk.b, "path": list(lk.path), "loss_db": _r(lk.loss_db, 4),
         "device": lk.device, "key_rate_bps": _r(lk.key_rate_bps, 4), "qber": _r(lk.qber),
         "sites": list(lk.sites), "length_m": _r(lk.length_m, 3), "channel_loss_db": _r(lk.channel_loss_db, 4),
         "loss": {"fibers_db": _r(sum(float(b.loss_db[b_index[f]]) for f in lk.path), 4),
                  "patch_panels_db": _r(p * (2 + sum(1 for s in lk.sites[1:-1] if not plan.sites[s].is_junction)), 4),
                  "link_margin_db": _r(plan.loss.link_margin_db, 4),
                  "insertion_db": _r(lk.loss_db - lk.channel_loss_db, 4)},
         "limited_by": lk.limited_by, "load_bps": _r(lk.load_bps, 4), "cost": _r(lk.cost, 2),
         "prebuilt": lk.prebuilt, "new_fibers": list(lk.new_fibers)}
        for lk in design.links)
    demands = tuple(
        {"id": d.id, "a": d.a, "b": d.b, "required_bps": d.required_bps, "feasible": d.feasible,
         "end_to_end_bps": _r(d.end_to_end_bps, 4) or 0.0, "route": list(d.route), "relays": list(d.relays),
         "reason": d.reason, "priority": plan.demands[d.id].priority, "disjoint_paths": d.disjoint_paths,
         "resilient": d.resilient,
         "routes": [{"sites": list(r.sites), "links": list(r.links), "rate_bps": _r(r.rate_bps, 4)} for r in d.routes],
         "best_alone_bps": None if d.best_alone_bps is None else _r(d.best_alone_bps, 4),
         "reason_code": d.reason_code,
         "reason_args": {k: v if isinstance(v, str) else _r(v, 4) for k, v in d.reason_args.items()}}
        for d in design.demands)
    s = design.solver
    solver_json = {"method": s.method, "status": s.status, "gap": None if s.gap is None else _r(s.gap),
                   "seconds": round(s.seconds, 4), "requested": s.requested, "objective": _r(s.objective, 2),
                   "bound": None if s.bound is None else _r(s.bound, 2), "candidate_links": design.candidates,
                   "details": {k: v for k, v in s.details.items() if isinstance(v, int | float | str)}}
    warnings = list(getattr(ctx.pricing.book, "warnings", ()))
    return Evaluation(
        plan_name=plan.meta.name, fibers=fibers, demands=demands, links=links,
        trusted_nodes=design.trusted_nodes, new_fibers=design.new_fibers, cost=_capex(ctx, design),
        solver=solver_json, failures=failure_analysis(plan, design),
        attack_drill=tuple(attack_drill(plan, design, ctx.devices, fraction=attack_fraction)),
        direct_paths=tuple(_direct_paths(ctx)), warnings=tuple(warnings), design=design)
