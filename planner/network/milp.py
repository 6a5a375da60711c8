"""Exact trusted-node placement: a mixed-integer linear program solved by HiGHS (``highspy``).

Variables
- ``x[p,o]`` ∈ {0,1}: candidate link p built with device option o (at most one per link);
- ``y[v]`` ∈ {0,1}: relay-capable site v is a trusted node (forwards key);
- ``z[f]`` ∈ {0,1}: planned fiber f is built;
- ``F[g,a]`` ≥ 0: key flow (bit/s) of commodity group g on arc a (a link in one direction);
  demands that may be split are grouped by a common end (the group's source) — a single-source
  flow to several sinks, which is an exact reformulation of the per-demand multicommodity flow;
- ``U[c,a]`` ∈ {0,1}: route of each of the two copies c of a demand needing disjoint paths
  (each copy carries the demand's full rate);
- slack (only when the heuristic could not serve every demand): unmet rate per demand, an
  unserved flag per disjoint copy, each priced above any possible build.

Constraints
- one device option per link: Σ_o x[p,o] ≤ 1;
- shared hop capacity, key consumed on every hop: Σ_g F[g,p,→] + F[g,p,←] + Σ_c req_c·U[c,p,·]
  ≤ Σ_o cap[p,o]·x[p,o];
- flow conservation at every device site; only relay-capable sites forward key, and forwarding
  needs a trusted node: inflow_g(v) ≤ own demand + (D_g − own)·y[v];
- strengthening (tightens the LP bound): F[g,p,·] ≤ min(D_g, cap_p)·Σ_o x[p,o], U[c,p,·] ≤ Σ_o x[p,o];
- new fibers: Σ_o x[p,o] ≤ z[f] for each planned fiber f of link p;
- disjointness: the two copies together use each link at most once (Σ_c U[c,p,·] ≤ Σ_o x[p,o]),
  pass through each trusted node at most once (Σ_c inflow_c(v) ≤ y[v]) and never share a
  shared-risk element r (a fiber or a duct): Σ U[1,a] ≤ side[r] and Σ U[2,a] ≤ 1 − side[r] over
  the arcs a through r that leave one site (one route may pass r twice, the other not at all;
  the connectivity model adds these rows when violated); copy 1 leaves s on a lower-numbered arc
  than copy 2 (symmetry breaking).

Reductions before solving (exact): ``problem.direct_presolve`` serves by its direct link any demand
whose non-relay end has no other demand and no cheaper link; the other links at that end are left
out. These aggregated forms are what make the relaxation tight: per-copy linking lets the LP put
half of each copy on two paths that share a duct and pay half of each.

Objective: Σ link option cost·x + Σ trusted-node cost·y + Σ fiber cost·z (+ slack penalties).

Which model is solved: ``solve_milp`` (``model="auto"``) solves the connectivity model
(``_solve_cuts``) with capacity rows only where capacity can bind (``_solve_hybrid``); the flow
model above is kept for ``model="flow"`` (a reference in the tests). Time: the limit covers building
and loading the model too; building stops when it is spent (no design, status ``time_limit``).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections import defaultdict

import numpy as np
from scipy.sparse import coo_matrix

from planner.network.cancel import check_cancelled, current_cancel
from planner.network.problem import Commodity, Problem, Solution, direct_presolve, tidy

_TOL = 1e-7


def _groups(prob: Problem, aggregate: bool = False, skip=frozenset()) -> list[tuple[int, dict[int, list[int]]]]:
    """Splittable commodities (except ``skip``): one group per demand (the strong, disaggregated
    model), or, with ``aggregate``, grouped by a common end: [(source, {sink: [commodity...]})]."""
    todo = [c for c, com in enumerate(prob.commodities) if not com.disjoint and c not in skip]
    if not aggregate:
        return [(prob.commodities[c].s, {prob.commodities[c].t: [c]}) for c in todo]
    groups = []
    while todo:
        count: dict[int, int] = defaultdict(int)
        for c in todo:
            count[prob.commodities[c].s] += 1
            count[prob.commodities[c].t] += 1
        src = max(count, key=lambda v: (count[v], -v))
        sinks: dict[int, list[int]] = defaultdict(list)
        rest = []
        for c in todo:
            com = prob.commodities[c]
            if src in (com.s, com.t):
                sinks[com.t if com.s == src else com.s].append(c)
            else:
                rest.append(c)
        groups.append((src, dict(sinks)))
        todo = rest
    return groups


def _arcs(prob: Problem):
    u = np.concatenate([prob.pa, prob.pb])
    v = np.concatenate([prob.pb, prob.pa])
    p = np.concatenate([np.arange(prob.n_pairs), np.arange(prob.n_pairs)])
    return u, v, p


def _group_arcs(prob, u, v, src, sinks) -> np.ndarray:
    is_sink = np.zeros(prob.n_nodes, dtype=bool)
    is_sink[list(sinks)] = True
    return np.nonzero((prob.relay[v] | is_sink[v]) & (prob.relay[u] | (u == src)) & (v != src))[0]


def _copy_arcs(prob, u, v, s, t) -> np.ndarray:
    return np.nonzero((prob.relay[v] | (v == t)) & (prob.relay[u] | (u == s)) & (v != s) & (u != t))[0]


def model_size(prob: Problem, model: str = "auto") -> int:
    """Number of variables of the MILP ``solve_milp`` builds for ``prob`` (before cuts); ``model``
    as in ``solve_milp`` (``auto``: the connectivity/hybrid model)."""
    u, v, ap = _arcs(prob)
    if model == "auto":
        # the hybrid model with every binding link capacitated (its largest form)
        fixed, banned = direct_presolve(prob)
        usable = np.ones(prob.n_pairs, dtype=bool)
        usable[list(banned)] = False
        bind = np.zeros(prob.n_pairs, dtype=bool)
        bind[binding_pairs(prob)] = True
        bind &= usable
        n = prob.n_pairs + int(np.sum(prob.relay)) + len(prob.fiber_ids) + int(np.sum(prob.n_opt[bind] - 1))
        for src, sinks in _groups(prob, aggregate=True, skip=frozenset(fixed)):
            arcs = _group_arcs(prob, u, v, src, sinks)
            n_z = int(np.sum(bind[ap[arcs]]))
            n_c = sum(len(cs) for cs in sinks.values())
            n += int(np.sum(usable[ap[arcs]])) + (n_c * (n_z + 1) if n_z else len(sinks))
        for com in prob.commodities:
            if com.disjoint:
                n += len(_copy_arcs(prob, u, v, com.s, com.t)) + 1
        return n
    n = int(np.sum(prob.n_opt)) + int(np.sum(prob.relay)) + len(prob.fiber_ids)
    for src, sinks in _groups(prob):
        n += len(_group_arcs(prob, u, v, src, sinks)) + len(sinks)
    for com in prob.commodities:
        if com.disjoint:
            n += 2 * len(_copy_arcs(prob, u, v, com.s, com.t))
    return n


class _Builder:
    def __init__(self):
        self.cost: list[float] = []
        self.lb: list[float] = []
        self.ub: list[float] = []
        self.integ: list[int] = []
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.rlb: list[float] = []
        self.rub: list[float] = []

    def var(self, cost: float, lb: float, ub: float, integer: bool) -> int:
        self.cost.append(cost)
        self.lb.append(lb)
        self.ub.append(ub)
        self.integ.append(1 if integer else 0)
        return len(self.cost) - 1

    def vars(self, n: int, cost, lb, ub, integer: bool) -> np.ndarray:
        start = len(self.cost)
        self.cost.extend(np.broadcast_to(np.asarray(cost, float), (n,)).tolist())
        self.lb.extend(np.broadcast_to(np.asarray(lb, float), (n,)).tolist())
        self.ub.extend(np.broadcast_to(np.asarray(ub, float), (n,)).tolist())
        self.integ.extend([1 if integer else 0] * n)
        return np.arange(start, start + n)

    def row(self, cols, vals, lo: float, hi: float) -> None:
        r = len(self.rlb)
        self.rows.extend([r] * len(cols))
        self.cols.extend(int(c) for c in cols)
        self.vals.extend(float(x) for x in vals)
        self.rlb.append(lo)
        self.rub.append(hi)


def solve_milp(prob: Problem, *, time_limit_s: float = 10.0, incumbent: Solution | None = None,
               mip_rel_gap: float = 1e-6, model: str = "auto") -> Solution:
    """Solve the exact design. ``incumbent`` (a heuristic design) decides whether slack is needed:
    when it serves every demand, the MILP must too. ``model`` ``"auto"`` (or ``"cuts"``): the
    connectivity model with capacity rows where capacity can bind (``_solve_hybrid``, exact);
    ``"flow"``: the per-demand flow model of the module docstring. ``time_limit_s`` covers building,
    loading and solving."""
    t0 = time.perf_counter()
    if model not in ("auto", "flow", "cuts"):
        raise ValueError(f"unknown model {model!r}")
    if model != "flow":
        sol = _solve_hybrid(prob, time_limit_s=time_limit_s, incumbent=incumbent, mip_rel_gap=mip_rel_gap, t0=t0)
    else:
        try:
            sol = _solve_flow(prob, time_limit_s=time_limit_s, incumbent=incumbent, mip_rel_gap=mip_rel_gap, t0=t0)
        except _OutOfTime as stop:
            sol = _no_design(prob, t0, "time_limit", {"model": "flow", "stopped": str(stop),
                                                      "build_seconds": round(time.perf_counter() - t0, 4)})
    # the solver's bound is on the objective with unserved demand priced in; what is reported is a
    # bound on the cost of designs that serve as much as this one (``design_bound``)
    sol.info["penalized_bound"] = sol.bound
    if sol.routes is None:
        sol.bound = sol.bound if incumbent is not None and not incumbent.unmet else None
    elif sol.unmet:
        sol.bound = design_bound(prob, sol.bound, sol.unmet)
        total = sol.total(prob)
        sol.gap = None if sol.bound is None or total <= 0 else max(0.0, (total - sol.bound) / total)
    return sol


def unserved_penalty(prob: Problem) -> float:
    """The price of one unserved commodity in the exact model's objective: more than every link,
    trusted node and fiber together, so that the model serves as much as it can first and
    minimises cost second (a lexicographic objective)."""
    return float(np.sum(np.where(np.isfinite(prob.opt_cost), prob.opt_cost, 0).max(axis=1, initial=0))
                 + np.sum(prob.relay_cost) + np.sum(prob.fiber_cost)) + 1.0


def penalty_paid(prob: Problem, unmet: dict[int, float]) -> float:
    """What a design that leaves ``unmet`` (commodity → unserved rate) pays in the exact model's
    objective for it: ``unserved_penalty`` per commodity, in proportion to its unserved share."""
    return unserved_penalty(prob) * sum(r / prob.commodities[c].req for c, r in unmet.items())


def design_bound(prob: Problem, penalized_bound: float | None, unmet: dict[int, float]) -> float | None:
    """A lower bound on the cost of the least-cost design serving as much as a design that leaves
    ``unmet`` (commodity → unserved rate), from a lower bound B on the exact model's objective
    (cost + ``unserved_penalty`` × unserved commodities). Let Q be the penalty the design pays.
    Q = 0: every design that serves everything costs at least B. Q > 0 and B ≥ Q: no design serves
    more (it would pay at least one penalty less, and a penalty exceeds every cost), so a design
    serving as much costs at least B − Q. Otherwise B says nothing about such designs: None."""
    if penalized_bound is None:
        return None
    paid = penalty_paid(prob, unmet)
    if paid <= 0:
        return penalized_bound
    if penalized_bound < paid * (1 - 1e-9):
        return None
    return max(penalized_bound - paid, 0.0)


def binding_pairs(prob: Problem) -> np.ndarray:
    """Candidate links whose cheapest device option may not carry every commodity that could be
    routed over them (both routes of a resilient demand counted): where capacity can bind."""
    if not prob.n_pairs:
        return np.zeros(0, dtype=np.int64)
    pa, pb, relay = prob.pa, prob.pb, prob.relay
    pot = np.zeros(prob.n_pairs)
    for com in prob.commodities:
        ok = (relay[pa] | (pa == com.s) | (pa == com.t)) & (relay[pb] | (pb == com.s) | (pb == com.t))
        pot += np.where(ok, com.req, 0.0)
    return np.nonzero(pot > prob.opt_cap[:, 0] * (1 - 1e-9))[0]


#: The connectivity relaxation is solved first; capacity rows are added only when its design
#: overloads a link (then for every binding link: at most two solves).
_LAZY = True


def _solve_hybrid(prob: Problem, *, time_limit_s: float, incumbent: Solution | None, mip_rel_gap: float,
                  t0: float) -> Solution:
    """The connectivity model with capacity only where it can bind (exact).

    The links of ``binding_pairs`` get capacity rows and per-commodity route variables on their
    arcs (``_solve_cuts`` with ``capped``); every other link carries any load its cheapest option is
    priced for. Lazily: the model is first solved with no capacitated link — a relaxation (its
    designs include every design that meets the capacities, priced no higher) — and its design's
    routes are checked; when they overload a binding link, every binding link becomes capacitated
    and the model is solved again (exact on its own). A design of the relaxation that meets every
    capacity is optimal for the full problem."""
    bind = frozenset(int(p) for p in binding_pairs(prob))
    capped: frozenset[int] = frozenset() if _LAZY else bind
    rounds = 0
    bound = None
    while True:
        rounds += 1
        left = time_limit_s - (time.perf_counter() - t0)
        try:
            if left <= 0.05:
                raise _OutOfTime("capacity rounds")
            sol = _solve_cuts(prob, time_limit_s=left, incumbent=incumbent, mip_rel_gap=mip_rel_gap,
                              t0=time.perf_counter(), capped=capped)
        except _OutOfTime as stop:
            return _no_design(prob, t0, "time_limit",
                              {"model": "hybrid" if capped else "cuts", "stopped": str(stop),
                               "capacitated_links": len(capped), "capacity_rounds": rounds,
                               "build_seconds": round(time.perf_counter() - t0, 4)}, bound=bound)
        sol.info.update({"model": "hybrid" if capped else "cuts", "capacitated_links": len(capped),
                         "binding_links": len(bind), "capacity_rounds": rounds})
        sol.seconds = time.perf_counter() - t0
        if sol.routes is None:
            sol.bound = sol.bound if sol.bound is not None else bound
            return sol
        load = sol.load(prob)
        over = frozenset(p for p in bind - capped if load[p] > prob.opt_cap[p, 0] * (1 + 1e-9))
        if not over:
            return sol
        if sol.status == "optimal" and sol.bound is not None:
            bound = sol.bound  # the relaxation's bound holds for the full problem
        # every binding link at once: one capacitated link already makes each group that may use
        # it a hybrid group, and adding links a few per round costs a full solve each (measured)
        capped = bind


class _OutOfTime(Exception):
    """The time limit ran out while the model was being built (or before it could be loaded)."""


class _Clock:
    """The solver's wall-clock budget: model building and loading count against it."""

    def __init__(self, t0: float, time_limit_s: float):
        self.t0, self.deadline = t0, t0 + time_limit_s

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def check(self, what: str = "building the model") -> None:
        if time.perf_counter() > self.deadline:
            raise _OutOfTime(what)

    def check_load(self, nnz: int) -> None:
        """HiGHS (and the scipy wrapper) take time proportional to the model's size to load it,
        whatever its time limit (measured: ~1.5 µs per nonzero, 10 M nonzeros take 15 s); a model
        that cannot be loaded in the time left is not handed over."""
        if self.left() < _LOAD_S_PER_NNZ * nnz + 0.05:
            raise _OutOfTime("model too large to load in the time left")


#: Seconds per constraint-matrix nonzero to hand a model to HiGHS (measured, with margin).
_LOAD_S_PER_NNZ = 2e-6


def _no_design(prob: Problem, t0: float, status: str, info: dict, bound: float | None = None) -> Solution:
    return Solution(option=np.full(prob.n_pairs, -1), open_relay=np.zeros(prob.n_nodes, bool),
                    fiber_built=np.zeros(len(prob.fiber_ids), bool), routes=None, unmet={}, method="exact",
                    status=status, gap=None, seconds=time.perf_counter() - t0, bound=bound, info=info)


def _solve_flow(prob: Problem, *, time_limit_s: float, incumbent: Solution | None, mip_rel_gap: float,
                t0: float) -> Solution:
    """The per-demand flow model of the module docstring (raises ``_OutOfTime``)."""
    clock = _Clock(t0, time_limit_s)
    P = prob.n_pairs
    u, v, ap = _arcs(prob)
    slack = incumbent is None or bool(incumbent.unmet)
    b = _Builder()
    max_cap = np.max(prob.opt_cap, axis=1) if P else np.zeros(0)
    penalty = unserved_penalty(prob)
    # x; demands decided by the direct-link reduction fix their link and leave the model
    fixed, banned = direct_presolve(prob)
    fixed_pair = {p: o for p, o in fixed.values()}
    xcols = []
    for p in range(P):
        k = int(prob.n_opt[p])
        lo = np.zeros(k)
        hi = np.zeros(k) if p in banned else np.ones(k)
        if p in fixed_pair:
            hi[:] = 0.0
            lo[fixed_pair[p]] = hi[fixed_pair[p]] = 1.0
        xcols.append(b.vars(k, prob.opt_cost[p, :k], lo, hi, True))
    # y
    ycol = np.full(prob.n_nodes, -1)
    for node in np.nonzero(prob.relay)[0]:
        ycol[node] = b.var(float(prob.relay_cost[node]), 0, 1, True)
    # z
    zcol = b.vars(len(prob.fiber_ids), prob.fiber_cost, 0, 1, True)
    cap_terms: list[list[tuple[int, float]]] = [[] for _ in range(P)]
    pot = np.zeros(P)  # most key any solution could route over each link
    for p in range(P):
        if prob.n_opt[p] > 1:
            b.row(xcols[p], np.ones(len(xcols[p])), -np.inf, 1.0)
        for f in prob.pair_fibers[p]:
            b.row(list(xcols[p]) + [zcol[f]], [1.0] * len(xcols[p]) + [-1.0], -np.inf, 0.0)
    # a link between two sites that are not the two ends of one demand only serves key forwarded
    # through one of its ends: it needs a trusted node there (a strong valid inequality)
    demand_pairs = {frozenset((com.s, com.t)) for com in prob.commodities}
    for p in range(P):
        a, c = int(prob.pa[p]), int(prob.pb[p])
        if frozenset((a, c)) in demand_pairs:
            continue
        ys = [ycol[e] for e in (a, c) if prob.relay[e]]
        b.row(list(xcols[p]) + ys, [1.0] * len(xcols[p]) + [-1.0] * len(ys), -np.inf, 0.0)
    groups = _groups(prob, aggregate=False, skip=frozenset(fixed))
    gvars = []  # (source, commodity, arcs, flow columns in units of the demand's rate, unmet column)
    for src, sinks in groups:
        clock.check()
        garcs = _group_arcs(prob, u, v, src, sinks)
        # directed design variables shared by the group's demands (a rooted, bidirected
        # formulation: much tighter than one undirected variable per link)
        W = b.vars(len(garcs), 0.0, 0.0, 1.0, False)
        w_of = {int(a): W[k] for k, a in enumerate(garcs)}
        w_pair: dict[int, list[int]] = defaultdict(list)
        for k, a in enumerate(garcs):
            w_pair[int(ap[a])].append(W[k])
            if int(u[a]) != src and prob.relay[int(u[a])]:
                b.row([W[k], ycol[int(u[a])]], [1.0, -1.0], -np.inf, 0.0)
        for p, cols in w_pair.items():
            b.row(cols + list(xcols[p]), [1.0] * len(cols) + [-1.0] * len(xcols[p]), -np.inf, 0.0)
        for t, cs in sinks.items():
            for c in cs:
                clock.check()
                com = prob.commodities[c]
                arcs = garcs[(prob.relay[v[garcs]] | (v[garcs] == t)) & ((u[garcs] == src) | (u[garcs] != t))]
                F = b.vars(len(arcs), 0.0, 0.0, 1.0, False)
                un = b.var(penalty, 0.0, 1.0 if slack else 0.0, False)
                gvars.append((src, c, arcs, F, un))
                out_of: dict[int, list[int]] = defaultdict(list)
                into: dict[int, list[int]] = defaultdict(list)
                for k, a in enumerate(arcs):
                    out_of[int(u[a])].append(F[k])
                    into[int(v[a])].append(F[k])
                    b.row([F[k], w_of[int(a)]], [1.0, -1.0], -np.inf, 0.0)
                    cap_terms[int(ap[a])].append((F[k], com.req))
                    pot[int(ap[a])] += com.req
                for node in set(out_of) | set(into) | {src, t}:
                    cols = out_of[node] + into[node]
                    vals = [1.0] * len(out_of[node]) + [-1.0] * len(into[node])
                    if node == src:
                        b.row(cols + [un], vals + [1.0], 1.0, 1.0)
                    elif node == t:
                        b.row(cols + [un], vals + [-1.0], -1.0, -1.0)
                    else:
                        b.row(cols, vals, 0.0, 0.0)
                        if into[node]:
                            b.row(into[node] + [ycol[node]], [1.0] * len(into[node]) + [-1.0], -np.inf, 0.0)
    cvars = _add_disjoint(b, prob, u, v, ap, xcols, ycol, slack, penalty, cap_terms, pot, clock=clock)
    clock.check()
    for p in range(P):
        # redundant when the cheapest option carries every demand that may use the link
        if cap_terms[p] and pot[p] > float(prob.opt_cap[p, 0]) * (1 - 1e-9):
            cols = [c for c, _ in cap_terms[p]] + list(xcols[p])
            top = float(max_cap[p])
            vals = [w / top for _, w in cap_terms[p]] + [-float(prob.opt_cap[p, o]) / top for o in range(prob.n_opt[p])]
            b.row(cols, vals, -np.inf, 0.0)
    nvar = len(b.cost)
    build_s = time.perf_counter() - t0
    if nvar == 0:
        sol = Solution(option=np.full(P, -1), open_relay=np.zeros(prob.n_nodes, bool),
                       fiber_built=np.zeros(len(prob.fiber_ids), bool), routes={}, unmet={}, method="exact",
                       status="optimal", gap=0.0, seconds=time.perf_counter() - t0, bound=0.0)
        return sol
    clock.check_load(len(b.vals))
    A = coo_matrix((b.vals, (b.rows, b.cols)), shape=(len(b.rlb), nvar)).tocsr()
    remaining = clock.left() - _LOAD_S_PER_NNZ * len(b.vals)
    if remaining <= 0.05:
        raise _OutOfTime("model too large to load in the time left")
    from scipy.optimize import Bounds, LinearConstraint, milp  # the flow model only (a reference)

    scale = 1e-3  # objective in thousands (HiGHS prefers costs near 1)
    res = milp(np.array(b.cost) * scale, integrality=np.array(b.integ), bounds=Bounds(np.array(b.lb), np.array(b.ub)),
               constraints=LinearConstraint(A, np.array(b.rlb), np.array(b.rub)) if len(b.rlb) else None,
               options={"time_limit": remaining, "mip_rel_gap": mip_rel_gap, "disp": False})
    status = {0: "optimal", 1: "time_limit", 2: "infeasible", 3: "unbounded", 4: "error"}.get(res.status, "error")
    info = {"variables": nvar, "constraints": len(b.rlb), "build_seconds": round(build_s, 4),
            "groups": len(groups), "direct_fixed": len(fixed), "message": str(res.message)}
    if res.x is None:
        return Solution(option=np.full(P, -1), open_relay=np.zeros(prob.n_nodes, bool),
                        fiber_built=np.zeros(len(prob.fiber_ids), bool), routes=None, unmet={}, method="exact",
                        status=status if status != "optimal" else "error", gap=None,
                        seconds=time.perf_counter() - t0, bound=_bound(res), info=info)
    x = res.x
    option = np.full(P, -1, dtype=np.int64)
    for p in range(P):
        vals = x[xcols[p]]
        if len(vals) and vals.max() > 0.5:
            option[p] = int(np.argmax(vals))
    routes: dict[int, list] = {}
    unmet: dict[int, float] = {}
    for c, (p, _) in fixed.items():
        com = prob.commodities[c]
        routes[c] = [([com.s, com.t], [p], com.req)]
    for src, c, arcs, F, un in gvars:
        com = prob.commodities[c]
        t = com.t if com.s == src else com.s
        got = max(1.0 - float(x[un]), 0.0)
        fl = np.where(x[F] > 1e-6, x[F], 0.0)  # solver noise is not a route
        paths = _decompose(src, u[arcs], v[arcs], ap[arcs], fl * com.req, {t: got * com.req})
        mine = paths.get(t, [])
        if com.s != src:
            mine = [(n[::-1], q[::-1], a) for n, q, a in mine]
        routes[c] = mine
        if got < 1.0 - 1e-6:
            unmet[c] = (1.0 - got) * com.req
    return _finish(prob, option, routes, unmet, cvars, x, (u, v, ap), status, res, _bound(res), t0, info)


def _add_disjoint(b, prob: Problem, u, v, ap, xcols, ycol, slack: bool, penalty: float, cap_terms=None,
                  pot=None, clock: _Clock | None = None, risk_elements: list | None = None) -> dict:
    """The two routes of every demand that needs disjoint paths (see the module docstring);
    returns {commodity: (arcs, route columns, unserved column)}. With ``risk_elements`` (a list),
    the rows that keep the routes off each other's fibers and ducts are not added but listed there
    (``_RiskElement``), to be added when violated (``_separate_risk``)."""
    cvars = {}
    # disjoint copies: one binary route per copy, linked to the design jointly (the two routes of
    # a demand never share a link, so U1 + U2 ≤ x on every link and U1 + U2 ≤ y at every relay:
    # a fractional "half of each route on each path" no longer halves the cost of both paths)
    pairs_of: dict[str, list[int]] = defaultdict(list)
    for c, com in enumerate(prob.commodities):
        if com.disjoint:
            pairs_of[com.demand].append(c)
    for c1, c2 in pairs_of.values():
        if clock is not None:
            clock.check()
        com = prob.commodities[c1]
        arcs = _copy_arcs(prob, u, v, com.s, com.t)
        by_pair = defaultdict(list)
        into_both = defaultdict(list)
        for c in (c1, c2):
            U = b.vars(len(arcs), 0.0, 0.0, 1.0, True)
            W = b.var(penalty, 0.0, 1.0 if slack else 0.0, True)
            cvars[c] = (arcs, U, W)
            out_of = defaultdict(list)
            into = defaultdict(list)
            for k, a in enumerate(arcs):
                out_of[int(u[a])].append(U[k])
                into[int(v[a])].append(U[k])
                into_both[int(v[a])].append(U[k])
                by_pair[int(ap[a])].append(U[k])
            for node in set(out_of) | set(into) | {com.s, com.t}:
                cols = out_of[node] + into[node]
                vals = [1.0] * len(out_of[node]) + [-1.0] * len(into[node])
                if node == com.s:
                    b.row(cols + [W], vals + [1.0], 1.0, 1.0)
                elif node == com.t:
                    b.row(cols + [W], vals + [-1.0], -1.0, -1.0)
                else:
                    b.row(cols, vals, 0.0, 0.0)
        for p, cols in by_pair.items():
            b.row(cols + list(xcols[p]), [1.0] * len(cols) + [-1.0] * len(xcols[p]), -np.inf, 0.0)
            if cap_terms is not None:
                cap_terms[p].extend((col, com.req) for col in cols)
                pot[p] += com.req
        for node, cols in into_both.items():
            if node in (com.s, com.t):
                continue
            # node-disjoint routes, and forwarding needs a trusted node (an opening cut)
            b.row(cols + [ycol[node]], [1.0] * len(cols) + [-1.0], -np.inf, 0.0)
        _, U1, W1 = cvars[c1]
        _, U2, W2 = cvars[c2]
        # a shared-risk element (fiber or duct) serves one route only: with side[r] ∈ [0, 1],
        # Σ U1[a] ≤ side[r] and Σ U2[a] ≤ 1 − side[r] over the arcs a through r that leave one
        # site (a route leaves a site once). With binary U this is exactly "not both"; per arc it
        # is U1[a] + U2[a'] ≤ 1 for all a, a' through r, the stable sets of a complete bipartite
        # conflict. A route may pass r more than once (in and out of a relay homed on one
        # junction). Elements whose arcs all touch one trusted node need no rows: the routes share
        # no trusted node anyway.
        route = (com.s, com.t, u[arcs], v[arcs], np.asarray(U1), np.asarray(U2), W1, W2)
        through: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        for k, a in enumerate(arcs):
            for r in sorted(prob.risk[int(ap[a])]):  # (a set: sorted, for the same model in every run)
                through[r][int(u[a])].append(k)
        ends = {com.s, com.t}
        for by_tail in through.values():
            common = None
            for tail, ks in by_tail.items():
                for k in ks:
                    ab = {tail, int(v[arcs[k]])} - ends
                    common = ab if common is None else common & ab
            if common:
                continue
            side = b.var(0.0, 0.0, 1.0, False)
            g1 = [[U1[k] for k in ks] for ks in by_tail.values()]
            g2 = [[U2[k] for k in ks] for ks in by_tail.values()]
            rows = [(g + [side], [1.0] * len(g) + [-1.0], -np.inf, 0.0) for g in g1]
            rows += [(g + [side], [1.0] * (len(g) + 1), -np.inf, 1.0) for g in g2]
            if risk_elements is None:
                for row in rows:
                    b.row(*row)
            else:
                on_r = np.array(sorted(k for ks in by_tail.values() for k in ks))
                risk_elements.append(_RiskElement(route, on_r, side, g1, g2, rows))
        b.row([W1, W2], [1.0, -1.0], -np.inf, 0.0)
        # symmetry breaking: copy 1 leaves s on a lower-numbered arc than copy 2 (the copies
        # are interchangeable; their first arcs differ because they share no link)
        first = [k for k, a in enumerate(arcs) if int(u[a]) == com.s]
        if len(first) > 1:
            big = float(len(first) + 1)
            cols = [U1[k] for k in first] + [U2[k] for k in first] + [W2]
            vals = [float(i + 1) for i in range(len(first))] + [-float(i + 1) for i in range(len(first))] + [-big]
            b.row(cols, vals, -np.inf, -1.0)
    return cvars

def _bound(res, scale: float = 1e-3) -> float | None:
    b = getattr(res, "mip_dual_bound", None)
    return float(b) / scale if b is not None and np.isfinite(b) else None


def _decompose(src: int, au, av, ap, flow, demand: dict[int, float]):
    """Split a single-source flow into paths to its sinks: {sink: [(nodes, pairs, amount)]}."""
    flow = np.array(flow, dtype=float)
    out: dict[int, list[int]] = defaultdict(list)
    for k in range(len(au)):
        if flow[k] > _TOL:
            out[int(au[k])].append(k)
    remaining = {t: d for t, d in demand.items() if d > _TOL}
    paths: dict[int, list] = defaultdict(list)
    guard = 0
    while remaining and guard < 10_000:
        guard += 1
        node, arcs_taken, seen = src, [], {src: 0}
        while True:
            if node != src and node in remaining:
                break
            nxt = next((k for k in out[node] if flow[k] > _TOL), None)
            if nxt is None:
                break
            arcs_taken.append(nxt)
            node = int(av[nxt])
            if node in seen:  # cancel a cycle
                cyc = arcs_taken[seen[node]:]
                m = min(flow[k] for k in cyc)
                for k in cyc:
                    flow[k] -= m
                arcs_taken = arcs_taken[:seen[node]]
                node = src if not arcs_taken else int(av[arcs_taken[-1]])
                seen = {src: 0}
                for i, k in enumerate(arcs_taken):
                    seen[int(av[k])] = i + 1
                continue
            seen[node] = len(arcs_taken)
        if node == src or node not in remaining:
            break
        amount = min(min(flow[k] for k in arcs_taken), remaining[node])
        for k in arcs_taken:
            flow[k] -= amount
        nodes = [src] + [int(av[k]) for k in arcs_taken]
        paths[node].append((nodes, [int(ap[k]) for k in arcs_taken], float(amount)))
        remaining[node] -= amount
        if remaining[node] <= _TOL:
            del remaining[node]
    return paths


# ---------------------------------------------------------------------------------------------
# The connectivity model: when no hop's capacity can bind, routing is pure connectivity and the
# per-demand flows are replaced by a directed cut model separated on the fly.

#: Cut rounds on the LP relaxation before the MILP is solved.
_LP_ROUNDS = 60
_CUT_TOL = 1e-4
_FLOW_BALANCE = False  # per-arc flow balance rows: stronger LP, but slower rounds (measured)
_NESTED = 1  # nested cuts per root–sink pair and round (more did not cut the rounds, measured)
_FLOW_SCALE = 1_000_000  # max-flow capacities are integers: W values in millionths
_CAP_MARGIN = 1e-6  # capacitated links are filled to (1 − this) of their rate in the hybrid model


def capacity_never_binds(prob: Problem) -> bool:
    """True when the cheapest device option of every candidate link carries the sum of the rates of
    every commodity that could ever be routed over it (both routes of a resilient demand counted).
    Then any design can give every link its cheapest option and routing is only connectivity."""
    return not len(binding_pairs(prob))


def _leaf_rows(b: _Builder, prob: Problem, xcol, zcol, usable) -> None:
    """Rows for the sites that forward nothing and end a single demand (one route; two for a
    resilient demand). Some optimal design is minimal — it builds no link, trusted node or fiber
    that no route uses — and in a minimal design such a site has one built link per route (a route
    is a simple path; with no binding capacity at the site one route per demand suffices). So, at
    each such site s: Σ_{p∋s} x[p] ≤ routes, and for each planned fiber f, at most one of the links
    at s runs through it (the two routes of a resilient demand share no fiber), which gives
    z[f] ≥ Σ_{p∋s, f∈p} x[p]: a design must pay a site's only access trench in full, where the
    rows z[f] ≥ x[p] let the relaxation spread the site's link over several neighbours and pay a
    fraction of it. A design that a row excludes has a minimal design no dearer, so bounds hold."""
    ends: dict[int, list[Commodity]] = defaultdict(list)
    for com in prob.commodities:
        ends[com.s].append(com)
        ends[com.t].append(com)
    at: dict[int, list[int]] = defaultdict(list)
    for p in np.nonzero(usable)[0]:
        at[int(prob.pa[p])].append(int(p))
        at[int(prob.pb[p])].append(int(p))
    binding = np.zeros(prob.n_pairs, dtype=bool)
    binding[binding_pairs(prob)] = True  # a demand may need two routes there: no row
    for node, coms in ends.items():
        if prob.relay[node] or not at[node] or binding[at[node]].any():
            continue
        if len(coms) == 1 and not coms[0].disjoint:
            routes = 1.0
        elif len(coms) == 2 and coms[0].disjoint and coms[0].demand == coms[1].demand:
            routes = 2.0
        else:
            continue
        ps = at[node]
        b.row(xcol[ps], np.ones(len(ps)), -np.inf, routes)
        through: dict[int, list[int]] = defaultdict(list)
        for p in ps:
            for f in prob.pair_fibers[p]:
                through[f].append(p)
        for f, qs in through.items():
            if len(qs) > 1:
                b.row(list(xcol[qs]) + [zcol[f]], [1.0] * len(qs) + [-1.0], -np.inf, 0.0)


class _CutGroup:
    """Directed design variables W[a] ∈ [0, 1] of one root's arborescence (arcs ``arcs``).

    In the hybrid model a group whose arcs include capacitated links (``zpos``: their positions in
    ``arcs``) also has, per commodity c, route variables Z[c,a] ∈ [0, 1] on those arcs (``z[c]``)
    and its own unserved slack (``cunmet[c]``)."""

    def __init__(self, root: int, sinks: dict[int, list[int]], arcs: np.ndarray, cols: np.ndarray,
                 unmet: dict[int, int], zpos: np.ndarray | None = None, z: dict | None = None,
                 cunmet: dict | None = None):
        self.root, self.sinks, self.arcs, self.cols, self.unmet = root, sinks, arcs, cols, unmet
        self.zpos = np.zeros(0, dtype=np.int64) if zpos is None else zpos
        self.z = z or {}
        self.cunmet = cunmet or {}

    def targets(self, xval: np.ndarray):
        """(sink, key, arc capacities in [0, 1], arc columns, unmet column) to separate: one per
        sink, or one per commodity in a hybrid group (capacitated arcs carry that commodity's Z)."""
        w = np.clip(xval[self.cols], 0.0, 1.0)
        for t, cs in self.sinks.items():
            if not self.z:
                yield t, t, w, self.cols, self.unmet.get(t)
                continue
            for c in cs:
                cap, cols = w.copy(), self.cols.copy()
                cap[self.zpos] = np.clip(xval[self.z[c]], 0.0, 1.0)
                cols[self.zpos] = self.z[c]
                yield t, ("c", c), cap, cols, self.cunmet[c]


def _separate(prob: Problem, u, v, groups: list[_CutGroup], xval: np.ndarray, seen: set) -> list:
    """Violated root–sink cuts: for each group and sink t (each commodity in a hybrid group), a max
    flow from the root to t with the arc values as capacities; when it is below 1 (minus the unmet
    slack), the min cut (both the root side and the sink side) gives
    Σ_{a ∈ δ⁺(R)} W[a] (Z[c,a] on capacitated arcs) + unmet ≥ 1."""
    from scipy.sparse.csgraph import maximum_flow

    n = prob.n_nodes
    rows = []
    for g in groups:
        au, av = u[g.arcs], v[g.arcs]
        for t, key_t, w, gcols, un in g.targets(xval):
            need = 1.0 - (float(xval[un]) if un is not None else 0.0)
            if need <= _CUT_TOL:
                continue
            c_t = np.floor(w * _FLOW_SCALE).astype(np.int32)
            for _ in range(_NESTED):  # nested cuts: saturate each cut found and look again
                graph = _arc_graph(c_t, au, av, n)
                res = maximum_flow(graph, g.root, t)
                if res.flow_value / _FLOW_SCALE >= need - _CUT_TOL:
                    break
                resid = _residual(graph, res.flow)
                for inside in (_reached(resid, g.root, n), ~_reached(resid.T.tocsr(), t, n)):
                    cut = np.nonzero(inside[au] & ~inside[av])[0]
                    c_t[cut] = _FLOW_SCALE
                    key = (g.root, key_t, tuple(cut.tolist()))
                    if key in seen:
                        continue
                    seen.add(key)
                    cols = gcols[cut].tolist() + ([un] if un is not None else [])
                    rows.append((cols, [1.0] * len(cols), 1.0, np.inf))
    return rows


class _RiskElement:
    """A shared-risk element of a resilient demand's routes, for ``_separate_risk``: the demand's
    (s, t, arc tails, arc heads, copy-1 and copy-2 route columns, their unserved columns), the arcs
    through the element, its side[r] column, its rows by site (copy 1, copy 2) and those rows."""

    def __init__(self, route, arcs, side, g1, g2, rows):
        self.route, self.arcs, self.side, self.g1, self.g2, self.rows = route, arcs, side, g1, g2, rows
        self.added = False


def _separate_risk(elements: list, xval: np.ndarray, n: int) -> list:
    """Violated rows that keep a resilient demand's two routes off each other's fibers and ducts.

    For an element r: its rows by site (``_add_disjoint``), once both routes together send more out
    of one site through r than any side[r] allows; and the element cuts: whatever part of a route
    avoids r crosses every s–t cut on arcs not through r, so for a cut S_c of copy c
    Σ_{a ∈ δ⁺(S_1) ∖ A_r} U1[a] + W1 + side[r] ≥ 1 and Σ_{a ∈ δ⁺(S_2) ∖ A_r} U2[a] + W2 ≥ side[r]
    (W: the copy is unserved. Exact for routes: a route through r needs its side; a route that
    avoids r crosses every cut). They are found by a maximum flow of each copy without the arcs
    through r: when the two flows and the unserved parts add up to less than 1, the fractional
    routes pass r on both copies more than once in all, which the rows by site do not see (a copy
    spread over paths that each pass r once). The rows by site are added once; the element cuts
    whenever violated (a few per element)."""
    out = []
    for el in elements:
        s, t, au, av, U1, U2, W1, W2 = el.route
        x1, x2 = xval[U1], xval[U2]
        if x1[el.arcs].sum() + x2[el.arcs].sum() <= 1.0 + _CUT_TOL:
            continue  # no route passes r more than this in all: nothing to cut
        if not el.added and max(xval[g].sum() for g in el.g1) + max(xval[g].sum() for g in el.g2) > 1.0 + _CUT_TOL:
            out.extend(el.rows)
            el.added = True
        f1, cut1 = _flow_avoiding(x1, el.arcs, s, t, au, av, n)
        f2, cut2 = _flow_avoiding(x2, el.arcs, s, t, au, av, n)
        if f1 + f2 + xval[W1] + xval[W2] < 1.0 - _CUT_TOL:
            out.append((U1[cut1].tolist() + [W1, el.side], [1.0] * (len(cut1) + 2), 1.0, np.inf))
            out.append((U2[cut2].tolist() + [W2, el.side], [1.0] * (len(cut2) + 1) + [-1.0], 0.0, np.inf))
    return out


def _arc_graph(c: np.ndarray, au, av, n: int):
    """The arcs with integer capacities ``c`` as a sparse graph for ``maximum_flow``: parallel arcs
    merged, arcs of capacity 0 left out."""
    from scipy.sparse import csr_matrix

    keep = c > 0
    graph = csr_matrix((c[keep], (au[keep], av[keep])), shape=(n, n), dtype=np.int32)
    graph.sum_duplicates()
    return graph


def _residual(graph, flow):
    """Arcs with capacity left after a maximum flow (1 each); the flow is antisymmetric, so the
    reverse arcs of the flow count too."""
    resid = (graph - flow).tocsr()
    resid.data = (resid.data > 0).astype(np.int32)
    resid.eliminate_zeros()
    return resid


def _reached(graph, root: int, n: int) -> np.ndarray:
    """Sites reachable from ``root`` in ``graph`` (a boolean mask)."""
    from scipy.sparse.csgraph import breadth_first_order

    out = np.zeros(n, dtype=bool)
    out[breadth_first_order(graph, root, directed=True, return_predecessors=False)] = True
    return out


def _flow_avoiding(x: np.ndarray, through: np.ndarray, s: int, t: int, au, av, n: int):
    """Maximum s–t flow on arc values ``x`` without the arcs ``through``, and the arcs (indices)
    leaving the source side of a minimum cut, the arcs ``through`` left out."""
    from scipy.sparse.csgraph import maximum_flow

    c = np.floor(np.clip(x, 0.0, 1.0) * _FLOW_SCALE).astype(np.int32)
    c[through] = 0
    graph = _arc_graph(c, au, av, n)
    res = maximum_flow(graph, s, t)
    side = _reached(_residual(graph, res.flow), s, n)
    cut = side[au] & ~side[av]
    cut[through] = False
    return res.flow_value / _FLOW_SCALE, np.nonzero(cut)[0]


def _unit_flow(root: int, t: int, au, av, ap, cap: np.ndarray, n: int):
    """Paths root → t of a maximum flow with arc capacities ``cap`` ∈ [0, 1] (millionths), as
    [(nodes, pairs, share)] with the shares summing to the flow value (≤ 1)."""
    from scipy.sparse.csgraph import maximum_flow

    c = np.floor(np.clip(cap, 0.0, 1.0) * _FLOW_SCALE).astype(np.int32)
    keep = np.nonzero(c > 0)[0]
    if not len(keep):
        return []
    # one max-flow arc per (u, v): parallel arcs are merged and their flow split back afterwards
    res = maximum_flow(_arc_graph(c, au, av, n), root, t)
    fl = res.flow.tocoo()
    rest = {(int(a), int(b)): float(x) for a, b, x in zip(fl.row, fl.col, fl.data, strict=True) if x > 0}
    flow = np.zeros(len(au))
    for k in keep:  # hand each (u, v) pair's flow to its arcs in order, within their capacities
        key = (int(au[k]), int(av[k]))
        f = rest.get(key, 0.0)
        if f <= 0:
            continue
        take = min(f, float(c[k]))
        flow[k] = take
        rest[key] = f - take
    paths = _decompose(root, au, av, ap, flow / _FLOW_SCALE, {t: res.flow_value / _FLOW_SCALE})
    return paths.get(t, [])


def _solve_cuts(prob: Problem, *, time_limit_s: float, incumbent: Solution | None, mip_rel_gap: float,
                t0: float, capped: frozenset[int] = frozenset()) -> Solution:
    """Exact design when capacity never binds (``capacity_never_binds``).

    Model: ``x[p]`` (link p built with its cheapest option), ``y[v]``, ``z[f]`` as in the flow model.
    Demands that may be split are grouped by a common end (the root r, ``_groups``). Per group, a
    directed design W[r,a] ∈ [0, 1] on the arcs its demands may use, with
    Σ_{both directions} W[r,·] ≤ x[p]; an arc out of a site other than r needs a trusted node there
    (W[r,(w,·)] ≤ y[w]) and something entering it (W[r,(w,·)] ≤ Σ W[r,(·,w)]: flow balance); at
    most one arc enters a site (≤ y[w] for a relay that is not a sink); and every sink t is joined
    to r: Σ_{a ∈ δ⁺(R)} W[r,a] ≥ 1 for every site set R ∋ r, t ∉ R (the directed cut formulation of
    the Steiner arborescence: Wong, Math. Programming 28 (1984) 271–287, eq. (2); the cuts are
    found by max flow, as in Koch & Martin, Networks 32 (1998) 207–232).

    Exact because, with no binding capacity, a design serves a demand exactly when its ends are
    joined by built links whose inner sites are trusted nodes; the union of a root's routes holds
    an arborescence rooted at r that reaches every sink, whose inner sites forward key. The demands
    that need two disjoint routes keep their route variables (``_add_disjoint``). Sites that end a
    single demand and forward nothing get the rows of ``_leaf_rows``.

    Solving: cut rounds on the LP relaxation, then the MILP with every cut found; its solution is
    checked by the same separation and the MILP solved again with the new cuts if it is violated.
    """
    from scipy.sparse import vstack

    clock = _Clock(t0, time_limit_s)
    P = prob.n_pairs
    u, v, ap = _arcs(prob)
    slack = incumbent is None or bool(incumbent.unmet)
    penalty = unserved_penalty(prob)
    fixed, banned = direct_presolve(prob)
    fixed_pair = {p for p, _ in fixed.values()}
    b = _Builder()
    fixed_opt = {p: o for p, o in fixed.values()}
    xcol = np.array([b.var(float(prob.opt_cost[p, fixed_opt.get(p, 0)]), 1.0 if p in fixed_pair else 0.0,
                           0.0 if p in banned else 1.0, True) for p in range(P)], dtype=np.int64)
    capped = frozenset(int(p) for p in capped if p not in banned and p not in fixed_pair)
    # capacitated links (hybrid model): upgrades to dearer device options, Σ_o up[p,o] ≤ x[p]
    upcols: dict[int, list[tuple[int, int]]] = {}
    for p in sorted(capped):
        ups = [(o, b.var(float(prob.opt_cost[p, o] - prob.opt_cost[p, 0]), 0.0, 1.0, True))
               for o in range(1, int(prob.n_opt[p]))]
        upcols[p] = ups
        if ups:
            b.row([c for _, c in ups] + [xcol[p]], [1.0] * len(ups) + [-1.0], -np.inf, 0.0)
    cap_terms: dict[int, list[tuple[int, float]]] = {p: [] for p in capped}
    is_capped = np.zeros(P, dtype=bool)
    is_capped[list(capped)] = True
    ycol = np.full(prob.n_nodes, -1)
    for node in np.nonzero(prob.relay)[0]:
        ycol[node] = b.var(float(prob.relay_cost[node]), 0, 1, True)
    zcol = b.vars(len(prob.fiber_ids), prob.fiber_cost, 0, 1, True)
    for p in range(P):
        for f in prob.pair_fibers[p]:
            b.row([xcol[p], zcol[f]], [1.0, -1.0], -np.inf, 0.0)
    demand_pairs = {frozenset((com.s, com.t)) for com in prob.commodities}
    for p in range(P):
        a, c = int(prob.pa[p]), int(prob.pb[p])
        if frozenset((a, c)) in demand_pairs:
            continue
        ys = [ycol[e] for e in (a, c) if prob.relay[e]]
        b.row([xcol[p]] + ys, [1.0] + [-1.0] * len(ys), -np.inf, 0.0)
    usable = np.ones(P, dtype=bool)
    usable[list(banned)] = False
    _leaf_rows(b, prob, xcol, zcol, usable)
    groups: list[_CutGroup] = []
    for src, sinks in _groups(prob, aggregate=True, skip=frozenset(fixed)):
        clock.check()
        arcs = _group_arcs(prob, u, v, src, sinks)
        arcs = arcs[usable[ap[arcs]]]
        W = b.vars(len(arcs), 0.0, 0.0, 1.0, False)
        zpos = np.nonzero(is_capped[ap[arcs]])[0]
        if len(zpos):  # hybrid group: per-commodity routes on the capacitated arcs, own slack
            unmet = {}
            z, cunmet = {}, {}
            for cs in sinks.values():
                for c in cs:
                    z[c] = b.vars(len(zpos), 0.0, 0.0, 1.0, False)
                    cunmet[c] = b.var(penalty, 0.0, 1.0 if slack else 0.0, False)
                    req = prob.commodities[c].req
                    for k, col in zip(zpos, z[c], strict=True):
                        b.row([int(col), int(W[k])], [1.0, -1.0], -np.inf, 0.0)
                        cap_terms[int(ap[arcs[k]])].append((int(col), req))
            g = _CutGroup(src, sinks, arcs, W, unmet, zpos, z, cunmet)
        else:
            unmet = {t: b.var(penalty * len(cs), 0.0, 1.0 if slack else 0.0, False) for t, cs in sinks.items()}
            g = _CutGroup(src, sinks, arcs, W, unmet)
        groups.append(g)
        by_pair: dict[int, list[int]] = defaultdict(list)
        into: dict[int, list[int]] = defaultdict(list)
        for k, a in enumerate(arcs):
            by_pair[int(ap[a])].append(int(W[k]))
            into[int(v[a])].append(int(W[k]))
        for p, cols in by_pair.items():
            b.row(cols + [xcol[p]], [1.0] * len(cols) + [-1.0], -np.inf, 0.0)
        for k, a in enumerate(arcs):
            w0 = int(u[a])
            if w0 == src:
                continue
            b.row([W[k], ycol[w0]], [1.0, -1.0], -np.inf, 0.0)
            if _FLOW_BALANCE:
                b.row([int(W[k])] + into[w0], [1.0] + [-1.0] * len(into[w0]), -np.inf, 0.0)
        for node, cols in into.items():
            if g.z:  # routes limited by capacity may join: no single entering arc (only W ≤ y)
                if node in sinks:
                    for c in sinks[node]:
                        b.row(cols + [g.cunmet[c]], [1.0] * (len(cols) + 1), 1.0, np.inf)
                else:
                    for col in cols:
                        b.row([col, ycol[node]], [1.0, -1.0], -np.inf, 0.0)
            elif node in sinks:
                b.row(cols, [1.0] * len(cols), -np.inf, 1.0)
                b.row(cols + [unmet[node]], [1.0] * (len(cols) + 1), 1.0, np.inf)
            else:
                b.row(cols + [ycol[node]], [1.0] * len(cols) + [-1.0], -np.inf, 0.0)
        for t in sinks:
            if t not in into:  # nothing can reach t
                for un in ([g.cunmet[c] for c in sinks[t]] if g.z else [unmet[t]]):
                    b.row([un], [1.0], 1.0, np.inf)
    dterms: list[list[tuple[int, float]]] = [[] for _ in range(P)]
    risk: list = []
    cvars = _add_disjoint(b, prob, u, v, ap, [[int(c)] for c in xcol], ycol, slack, penalty, dterms, np.zeros(P),
                          clock=clock, risk_elements=risk)
    # shared hop capacity on the capacitated links, key consumed on every hop:
    # Σ_c req_c·(Z[c,→] + Z[c,←]) + Σ req·U ≤ cap_0·x + Σ_o (cap_o − cap_0)·up[o] (a hair below the
    # device rate, so that routes read back from the solution never exceed it)
    for p in sorted(capped):
        terms = cap_terms[p] + dterms[p]
        if not terms:
            continue
        top = float(np.max(prob.opt_cap[p, :int(prob.n_opt[p])]))
        c0 = float(prob.opt_cap[p, 0]) * (1 - _CAP_MARGIN)
        cols = [c for c, _ in terms] + [int(xcol[p])] + [c for _, c in upcols[p]]
        vals = ([w / top for _, w in terms] + [-c0 / top]
                + [-(float(prob.opt_cap[p, o]) - float(prob.opt_cap[p, 0])) * (1 - _CAP_MARGIN) / top
                   for o, _ in upcols[p]])
        b.row(cols, vals, -np.inf, 0.0)
    nvar = len(b.cost)
    cost = np.array(b.cost) * 1e-3
    integ = np.array(b.integ)
    A0 = coo_matrix((b.vals, (b.rows, b.cols)), shape=(len(b.rlb), nvar)).tocsr()
    rlb, rub = list(b.rlb), list(b.rub)
    cut_rows: list = []
    seen: set = set()

    def matrix():
        if not cut_rows:
            return A0, np.array(rlb), np.array(rub)
        r = [i for i, (cols, _, _, _) in enumerate(cut_rows) for _ in cols]
        cc = [c for cols, _, _, _ in cut_rows for c in cols]
        vv = [x for _, vals, _, _ in cut_rows for x in vals]
        C = coo_matrix((vv, (r, cc)), shape=(len(cut_rows), nvar)).tocsr()
        return (vstack([A0, C]).tocsr(), np.array(rlb + [lo for *_, lo, _ in cut_rows]),
                np.array(rub + [hi for *_, hi in cut_rows]))

    deadline = t0 + time_limit_s
    rounds = lp_rounds = 0
    lp_bound = None
    lb_col, ub_col = np.array(b.lb), np.array(b.ub)
    last = None
    clock.check_load(A0.nnz)
    relax = _WarmLP(cost, A0, np.array(rlb), np.array(rub), lb_col, ub_col)
    for _ in range(_LP_ROUNDS):
        if time.perf_counter() > t0 + 0.6 * time_limit_s:
            break
        lp = relax.solve(t0 + 0.6 * time_limit_s - time.perf_counter())
        if lp is None:
            break
        lp_rounds += 1
        last = lp
        lp_bound = lp[1] / 1e-3
        new = _separate(prob, u, v, groups, lp[0], seen) + _separate_risk(risk, lp[0], prob.n_nodes)
        if not new:
            break
        cut_rows.extend(new)
        relax.add(new)
    # reduced-cost fixing against the heuristic's design (an exact reduction): a binary at 0 in
    # the LP optimum whose reduced cost exceeds (incumbent − LP bound) is 0 in every design no
    # dearer than the incumbent, and symmetrically for a binary at 1 (Nemhauser & Wolsey,
    # Integer and Combinatorial Optimization, 1988, Prop. I.2.1.1); the incumbent stays feasible
    ub_cost = None
    if incumbent is not None and incumbent.routes:  # its objective, unserved demand priced in
        ub_cost = incumbent.total(prob) + penalty_paid(prob, incumbent.unmet)
    n_fixed = 0
    if last is not None and ub_cost is not None:
        xl, fun, rc = last
        room = (ub_cost * 1e-3 - fun) + 1e-6 * max(abs(fun), 1.0)
        ints = integ.astype(bool)
        down = ints & (xl < 1e-6) & (rc > room) & (lb_col < 0.5)
        upf = ints & (xl > 1 - 1e-6) & (-rc > room) & (ub_col > 0.5)
        ub_col = np.where(down, 0.0, ub_col)
        lb_col = np.where(upf, 1.0, lb_col)
        n_fixed = int(down.sum() + upf.sum())
    build_s = time.perf_counter() - t0
    res = None
    status = "error"
    # the heuristic's design as a MIP start (its links, trusted nodes and fibers; HiGHS completes
    # the routing variables): the MILP then always has a design to improve on and a gap to report
    start: dict[int, float] = {}
    if ub_cost is not None and _MIP_START:
        on = incumbent.option >= 0
        on[list(fixed_pair)] = True
        on[list(banned)] = False
        for p in range(P):
            start[int(xcol[p])] = 1.0 if on[p] else 0.0
            for o, col in upcols.get(p, []):
                start[col] = 1.0 if on[p] and incumbent.option[p] == o else 0.0
        for node in np.nonzero(prob.relay)[0]:
            start[int(ycol[node])] = 1.0 if incumbent.open_relay[node] else 0.0
        built_f = {f for p in np.nonzero(on)[0] for f in prob.pair_fibers[p]}
        for f, col in enumerate(zcol):
            start[int(col)] = 1.0 if f in built_f else 0.0
    while True:
        A, lo, hi = matrix()
        remaining = deadline - time.perf_counter() - _LOAD_S_PER_NNZ * A.nnz
        if remaining <= 0.05:
            status = "time_limit"
            break
        res = _highs_milp(cost, integ, lb_col, ub_col, A, lo, hi, remaining, mip_rel_gap, start)
        rounds += 1
        status = res.status
        if res.x is None:
            break
        new = _separate(prob, u, v, groups, res.x, seen) + _separate_risk(risk, res.x, prob.n_nodes)
        if not new:
            break
        cut_rows.extend(new)
        if status != "optimal":  # out of time with a design that misses a cut: no design
            res.x = None
            break
    info = {"variables": nvar, "constraints": len(rlb) + len(cut_rows), "build_seconds": round(build_s, 4),
            "groups": len(groups), "direct_fixed": len(fixed), "model": "cuts", "cuts": len(cut_rows),
            "lp_rounds": lp_rounds, "milp_rounds": rounds, "reduced_cost_fixed": n_fixed,
            "lp_bound": None if lp_bound is None else round(lp_bound, 2),
            "message": "" if res is None else str(res.message)}
    # the cut rounds' LP bound holds too, and beats HiGHS's when its root LP did not finish
    bound = max((b for b in (None if res is None else _bound(res), lp_bound) if b is not None), default=None)
    if res is not None and res.x is not None and res.mip_gap is not None and bound is not None:
        objective = float(cost @ res.x) / 1e-3
        res.mip_gap = min(res.mip_gap, max(objective - bound, 0.0) / max(abs(objective), 1e-9))
    if res is None or res.x is None:
        return Solution(option=np.full(P, -1), open_relay=np.zeros(prob.n_nodes, bool),
                        fiber_built=np.zeros(len(prob.fiber_ids), bool), routes=None, unmet={}, method="exact",
                        status=status if status != "optimal" else "error", gap=None,
                        seconds=time.perf_counter() - t0, bound=bound, info=info)
    x = res.x
    option = np.where(x[xcol] > 0.5, 0, -1).astype(np.int64)
    for p, ups in upcols.items():
        for o, col in ups:
            if x[col] > 0.5:
                option[p] = o
    routes: dict[int, list] = {}
    unmet_out: dict[int, float] = {}
    for c, (p, _) in fixed.items():
        com = prob.commodities[c]
        routes[c] = [([com.s, com.t], [p], com.req)]
    for g in groups:
        w = x[g.cols]
        if g.z:  # per commodity: a maximum flow on W (Z on capacitated arcs), split into paths
            au, av, aq = u[g.arcs], v[g.arcs], ap[g.arcs]
            for t, cs in g.sinks.items():
                for c in cs:
                    com = prob.commodities[c]
                    cap = np.where(w > 1e-6, w, 0.0)
                    cap[g.zpos] = np.where(x[g.z[c]] > 1e-6, x[g.z[c]], 0.0)
                    paths = _unit_flow(g.root, t, au, av, aq, cap, prob.n_nodes)
                    got = sum(a for _, _, a in paths)
                    if got < 1 - 1e-5:
                        paths = [] if got < 1e-6 else paths
                        unmet_out[c] = com.req * (1 - (got if paths else 0.0))
                    else:
                        paths = [(n, q, a / got) for n, q, a in paths]
                    mine = [(list(n), list(q), a * com.req) for n, q, a in paths]
                    if com.s != g.root:
                        mine = [(n[::-1], q[::-1], a) for n, q, a in mine]
                    routes[c] = mine
            continue
        on = w > 1e-6
        for t, cs in g.sinks.items():
            path = None if x[g.unmet[t]] > 0.5 else _path(g.root, t, u[g.arcs][on], v[g.arcs][on], ap[g.arcs][on])
            for c in cs:
                com = prob.commodities[c]
                if path is None:
                    routes[c] = []
                    unmet_out[c] = com.req
                    continue
                nodes, pairs = path
                if com.s != g.root:
                    nodes, pairs = nodes[::-1], pairs[::-1]
                routes[c] = [(list(nodes), list(pairs), com.req)]
    return _finish(prob, option, routes, unmet_out, cvars, x, (u, v, ap), status, res, bound, t0, info)


def _path(src: int, t: int, au, av, ap):
    """A route src → t over the given arcs (breadth first; ``None`` when there is none)."""
    out: dict[int, list[int]] = defaultdict(list)
    for k in range(len(au)):
        out[int(au[k])].append(k)
    prev = {src: -1}
    todo = [src]
    while todo and t not in prev:
        nxt = []
        for node in todo:
            for k in out[node]:
                w = int(av[k])
                if w not in prev:
                    prev[w] = k
                    nxt.append(w)
        todo = nxt
    if t not in prev:
        return None
    nodes, pairs = [t], []
    while nodes[-1] != src:
        k = prev[nodes[-1]]
        pairs.append(int(ap[k]))
        nodes.append(int(au[k]))
    return nodes[::-1], pairs[::-1]


def _lp(cost: np.ndarray, A, lo: np.ndarray, hi: np.ndarray, lb: np.ndarray, ub: np.ndarray, time_limit_s: float,
        method: str = "highs-ipm"):
    """The LP relaxation by ``scipy.optimize.linprog`` (HiGHS), which also gives reduced costs.
    Returns (x, objective, reduced costs) or None."""
    from scipy.optimize import linprog
    from scipy.sparse import vstack

    eq = np.isfinite(lo) & np.isfinite(hi) & (lo == hi)
    up = np.isfinite(hi) & ~eq
    dn = np.isfinite(lo) & ~eq
    A_ub = vstack([A[up], -A[dn]]).tocsr()
    b_ub = np.concatenate([hi[up], -lo[dn]])
    res = linprog(cost, A_ub=A_ub if A_ub.shape[0] else None, b_ub=b_ub if A_ub.shape[0] else None,
                  A_eq=A[eq] if eq.any() else None, b_eq=lo[eq] if eq.any() else None,
                  bounds=np.column_stack([lb, ub]), method=method,
                  options={"time_limit": max(time_limit_s, 0.1), "presolve": True})
    if res.status != 0 or res.x is None:
        return None
    rc = np.asarray(res.lower.marginals) + np.asarray(res.upper.marginals)
    return res.x, float(res.fun), rc


#: Hand the heuristic's design to HiGHS as a MIP start in the connectivity model.
_MIP_START = True


_STDOUT_LOCK = threading.Lock()
#: Seconds past HiGHS's own time limit before its interrupt callback stops it.
_GRACE_S = 0.1


def _quiet_highs():
    """A ``highspy.Highs`` with its console output off. Recent HiGHS versions print a banner to the
    C-level stdout when constructed, before any option can be set, which would corrupt
    ``evaluate --json``: stdout's file descriptor points at the null device meanwhile."""
    import highspy

    with _STDOUT_LOCK:
        sys.stdout.flush()
        saved = os.dup(1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            h = highspy.Highs()
            h.setOptionValue("output_flag", False)
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)
    return h


class _Interrupt:
    """Interrupts HiGHS at a wall-clock ``deadline`` (a backstop for its own time limit, which some
    phases overrun: a 10 s limit once took 39 s, measured) or as soon as the caller cancels
    (``planner.network.cancel``: the desktop app stops a stale evaluation mid-solve). The caller
    checks for cancellation after ``run()``; an interrupted solve reports ``time_limit``."""

    def __init__(self, h):
        self.deadline = float("inf")
        self.cancel = current_cancel()  # the callbacks may run outside the caller's context
        for name in ("cbSimplexInterrupt", "cbIpmInterrupt", "cbMipInterrupt"):
            event = getattr(h, name, None)  # interrupt callbacks: highspy 1.10 and later
            if event is not None:
                event.subscribe(self)

    def __call__(self, event) -> None:
        if time.perf_counter() > self.deadline or (self.cancel is not None and self.cancel()):
            event.interrupt()

    def arm(self, time_limit_s: float) -> None:
        self.deadline = time.perf_counter() + time_limit_s + _GRACE_S


def _highs_milp(cost, integ, lb, ub, A, lo, hi, time_limit_s: float, mip_rel_gap: float, start: dict):
    """The MILP by ``highspy`` (HiGHS, as ``scipy.optimize.milp`` uses) with an optional partial
    MIP start ``start`` {column: value}. Returns a namespace with ``x`` (None without a design),
    ``status``, ``mip_gap``, ``mip_dual_bound``, ``message``."""
    from types import SimpleNamespace

    import highspy

    h = _quiet_highs()
    h.setOptionValue("time_limit", float(max(time_limit_s, 0.05)))
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    _Interrupt(h).arm(max(time_limit_s, 0.05))
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = int(A.shape[1]), int(A.shape[0])
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = (np.asarray(cost, float), np.asarray(lb, float),
                                                  np.asarray(ub, float))
    lp.row_lower_ = np.where(np.isfinite(lo), lo, -highspy.kHighsInf)
    lp.row_upper_ = np.where(np.isfinite(hi), hi, highspy.kHighsInf)
    csc = A.tocsc()
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = csc.indptr, csc.indices, csc.data
    lp.integrality_ = [highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous for i in integ]
    h.passModel(lp)
    if start:
        # the start is a whole design (the heuristic's): the sub-MIP heuristics that look for a
        # first good design cost more than they find (example plan: 0.95 s → 0.58 s, measured)
        h.setOptionValue("mip_heuristic_run_rins", False)
        h.setOptionValue("mip_heuristic_run_rens", False)
        idx = np.fromiter(start.keys(), dtype=np.int32, count=len(start))
        val = np.fromiter(start.values(), dtype=float, count=len(start))
        h.setSolution(len(idx), idx, val)
    h.run()
    check_cancelled()
    ms = h.getModelStatus()
    info = h.getInfo()
    status = {highspy.HighsModelStatus.kOptimal: "optimal", highspy.HighsModelStatus.kTimeLimit: "time_limit",
              highspy.HighsModelStatus.kInfeasible: "infeasible", highspy.HighsModelStatus.kInterrupt: "time_limit",
              highspy.HighsModelStatus.kUnbounded: "unbounded"}.get(ms, "error")
    has = info.primal_solution_status == 2  # kSolutionStatusFeasible
    x = np.array(h.getSolution().col_value) if has else None
    gap = float(info.mip_gap)
    return SimpleNamespace(x=x, status=status, mip_gap=gap if has and np.isfinite(gap) else None,
                           mip_dual_bound=float(info.mip_dual_bound), message=h.modelStatusToString(ms))


class _WarmLP:
    """The LP relaxation kept in one ``highspy.Highs`` object: rows added between solves are
    re-solved from the previous basis (dual simplex), a few pivots instead of a new solve."""

    def __init__(self, cost, A, lo, hi, lb, ub):
        import highspy

        self.h = _quiet_highs()
        # the first solve starts from nothing: presolve halves it on the larger plans (200 relay-
        # capable sites: 4.3 s instead of 8.3 s, measured); later rounds re-solve from the basis
        self.h.setOptionValue("presolve", "on")
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = int(A.shape[1]), int(A.shape[0])
        lp.col_cost_, lp.col_lower_, lp.col_upper_ = np.asarray(cost, float), np.asarray(lb, float), np.asarray(ub, float)
        lp.row_lower_ = np.where(np.isfinite(lo), lo, -highspy.kHighsInf)
        lp.row_upper_ = np.where(np.isfinite(hi), hi, highspy.kHighsInf)
        csc = A.tocsc()
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = csc.indptr, csc.indices, csc.data
        self.h.passModel(lp)
        self.interrupt = _Interrupt(self.h)

    def add(self, rows) -> None:
        import highspy

        starts, idx, vals, lo, hi = [], [], [], [], []
        for cols, v, a, b in rows:
            starts.append(len(idx))
            idx.extend(cols)
            vals.extend(v)
            lo.append(a if np.isfinite(a) else -highspy.kHighsInf)
            hi.append(b if np.isfinite(b) else highspy.kHighsInf)
        self.h.addRows(len(rows), np.array(lo, float), np.array(hi, float), len(idx), np.array(starts, np.int32),
                       np.array(idx, np.int32), np.array(vals, float))

    def solve(self, time_limit_s: float):
        import highspy

        self.h.setOptionValue("time_limit", float(max(time_limit_s, 0.05)))
        self.interrupt.arm(max(time_limit_s, 0.05))
        self.h.run()
        check_cancelled()
        self.h.setOptionValue("presolve", "off")
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        sol = self.h.getSolution()
        return (np.array(sol.col_value), float(self.h.getInfo().objective_function_value), np.array(sol.col_dual))


def _finish(prob: Problem, option, routes: dict, unmet: dict, cvars: dict, x, arcs_uva, status: str, res,
            bound, t0: float, info: dict) -> Solution:
    """Add the routes of the two-route demands (their own arc variables) and build the solution;
    shared by the flow and the connectivity models."""
    u, v, ap = arcs_uva
    for c, (arcs, U, W) in cvars.items():
        com = prob.commodities[c]
        if x[W] > 0.5:
            routes[c] = []
            unmet[c] = com.req
            continue
        used = arcs[x[U] > 0.5]
        paths = _decompose(com.s, u[used], v[used], ap[used], np.ones(len(used)), {com.t: 1.0})
        routes[c] = [(n, q, com.req) for n, q, _ in paths.get(com.t, [])][:1]
    sol = Solution(option=option, open_relay=np.zeros(prob.n_nodes, bool),
                   fiber_built=np.zeros(len(prob.fiber_ids), bool), routes=routes, unmet=unmet, method="exact",
                   status=status, gap=float(res.mip_gap) if res.mip_gap is not None else None,
                   seconds=time.perf_counter() - t0, bound=bound, info=info)
    tidy(prob, sol)
    if sol.gap is not None and sol.gap < 0:
        sol.gap = 0.0
    return sol
