"""The trusted-node placement problem in index form, shared by the exact MILP and the heuristic.

Nodes are device sites (demand ends and relay-capable sites); pairs are candidate QKD links, each
with Pareto device options (cost, capacity in bit/s). A commodity is one demand (two for a demand
that needs two disjoint routes: each copy carries the full rate on its own route, so either
route alone keeps the demand served). Key is relayed hop by hop and consumed on every hop: a
hop's load is the sum of the rates of the commodities routed over it (both directions share it).
Only relay-capable sites forward key; a demand's own ends never forward other demands' key unless
they are relay-capable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from planner.network.candidates import CandidateLink


@dataclass(frozen=True)
class Commodity:
    demand: str
    s: int
    t: int
    req: float
    copy: int = 0  # 0, or 1/2 for the two routes of a disjoint demand
    disjoint: bool = False


@dataclass
class Problem:
    nodes: list[str]
    relay: np.ndarray  # bool per node: may forward key
    relay_cost: np.ndarray  # per node; 0 when the trusted node already exists
    links: list[CandidateLink]
    pa: np.ndarray
    pb: np.ndarray
    opt_cost: np.ndarray  # pairs × max options (inf where missing)
    opt_cap: np.ndarray  # pairs × max options (-inf where missing)
    n_opt: np.ndarray
    pair_fibers: list[tuple[int, ...]]  # indices into fiber_cost
    fiber_ids: list[str]
    fiber_cost: np.ndarray
    commodities: list[Commodity]
    prebuilt_pairs: frozenset[int] = frozenset()
    risk: list[frozenset[str]] = field(default_factory=list)

    @property
    def n_nodes(self) -> int:
        return len(self.nodes)

    @property
    def n_pairs(self) -> int:
        return len(self.links)


def build_problem(links, terminals, relays, relay_cost: dict[str, float], commodities_spec,
                  fiber_cost: dict[str, float], prebuilt: dict[str, str] | None = None) -> Problem:
    """Index the candidate links.

    ``commodities_spec``: (demand id, a, b, required bps, disjoint paths) per demand to route.
    ``prebuilt``: candidate link id → device id already installed (costs nothing).
    """
    prebuilt = prebuilt or {}
    nodes = list(terminals)
    index = {s: i for i, s in enumerate(nodes)}
    relay = np.array([s in relays for s in nodes], dtype=bool)
    rcost = np.array([relay_cost.get(s, 0.0) if s in relays else 0.0 for s in nodes], dtype=float)
    links = list(links)
    P = len(links)
    omax = max((len(lk.options) for lk in links), default=1)
    opt_cost = np.full((P, omax), np.inf)
    opt_cap = np.full((P, omax), -np.inf)
    n_opt = np.zeros(P, dtype=np.int64)
    fiber_ids = sorted({f for lk in links for f in lk.planned_fibers})
    f_index = {f: i for i, f in enumerate(fiber_ids)}
    pair_fibers = []
    pre = set()
    for p, lk in enumerate(links):
        for o, opt in enumerate(lk.options):
            opt_cost[p, o] = 0.0 if prebuilt.get(lk.id) == opt.device else opt.cost
            opt_cap[p, o] = opt.key_rate_bps
        n_opt[p] = len(lk.options)
        if lk.id in prebuilt:
            pre.add(p)
        pair_fibers.append(tuple(f_index[f] for f in lk.planned_fibers))
    # keep options a real choice: drop options dominated after prebuilt costs became 0
    for p in pre:
        k = n_opt[p]
        c, cap = opt_cost[p, :k].copy(), opt_cap[p, :k].copy()
        keep = [o for o in range(k) if not any((c[j] <= c[o] and cap[j] >= cap[o] and j != o and
                                                 (c[j] < c[o] or cap[j] > cap[o])) for j in range(k))]
        opt_cost[p, :] = np.inf
        opt_cap[p, :] = -np.inf
        order = sorted(keep, key=lambda o: (c[o], cap[o]))
        opt_cost[p, :len(order)] = c[order]
        opt_cap[p, :len(order)] = cap[order]
        n_opt[p] = len(order)
    comms = []
    for dem_id, a, b, req, disjoint_paths in commodities_spec:
        if disjoint_paths >= 2:
            comms.append(Commodity(dem_id, index[a], index[b], float(req), 1, True))
            comms.append(Commodity(dem_id, index[a], index[b], float(req), 2, True))
        else:
            comms.append(Commodity(dem_id, index[a], index[b], float(req), 0, False))
    # options beyond the first one that carries every demand that could use the link are useless
    pa = np.array([index[lk.a] for lk in links], dtype=np.int64)
    pb = np.array([index[lk.b] for lk in links], dtype=np.int64)
    pot = np.zeros(P)
    for com in comms:
        ok = (relay[pa] | (pa == com.s) | (pa == com.t)) & (relay[pb] | (pb == com.s) | (pb == com.t))
        pot += np.where(ok, com.req, 0.0)
    for p in range(P):
        k = int(n_opt[p])
        enough = np.nonzero(opt_cap[p, :k] >= pot[p])[0]
        if len(enough) and enough[0] + 1 < k:
            keep = int(enough[0]) + 1
            opt_cost[p, keep:] = np.inf
            opt_cap[p, keep:] = -np.inf
            n_opt[p] = keep
    return Problem(
        nodes=nodes, relay=relay, relay_cost=rcost, links=links,
        pa=np.array([index[lk.a] for lk in links], dtype=np.int64),
        pb=np.array([index[lk.b] for lk in links], dtype=np.int64),
        opt_cost=opt_cost, opt_cap=opt_cap, n_opt=n_opt, pair_fibers=pair_fibers, fiber_ids=fiber_ids,
        fiber_cost=np.array([fiber_cost.get(f, 0.0) for f in fiber_ids], dtype=float),
        commodities=comms, prebuilt_pairs=frozenset(pre), risk=[lk.risks for lk in links])


@dataclass
class Solution:
    """A design in index form: chosen option per pair (-1: not built), open relays, routes."""

    option: np.ndarray
    open_relay: np.ndarray
    fiber_built: np.ndarray
    routes: dict[int, list[tuple[list[int], list[int], float]]]  # commodity → (nodes, pairs, bps)
    unmet: dict[int, float]
    method: str
    status: str
    gap: float | None
    seconds: float
    bound: float | None = None
    info: dict = field(default_factory=dict)

    def load(self, prob: Problem) -> np.ndarray:
        load = np.zeros(prob.n_pairs)
        for paths in self.routes.values():
            for _, pairs, amount in paths:
                for p in pairs:
                    load[p] += amount
        return load

    def cost(self, prob: Problem) -> tuple[float, float, float]:
        """(links, trusted nodes, fibers)."""
        built = np.nonzero(self.option >= 0)[0]
        links = float(np.sum(prob.opt_cost[built, self.option[built]])) if len(built) else 0.0
        nodes = float(np.sum(prob.relay_cost[self.open_relay]))
        fibers = float(np.sum(prob.fiber_cost[self.fiber_built]))
        return links, nodes, fibers

    def total(self, prob: Problem) -> float:
        return float(sum(self.cost(prob)))


def tidy(prob: Problem, sol: Solution) -> Solution:
    """Drop what no route uses and give every used link its cheapest sufficient device option;
    open exactly the relays some route passes through; build exactly the fibers of built links."""
    load = sol.load(prob)
    option = np.full(prob.n_pairs, -1, dtype=np.int64)
    for p in np.nonzero(load > 0)[0]:
        k = prob.n_opt[p]
        ok = np.nonzero(prob.opt_cap[p, :k] >= load[p] * (1 - 1e-9))[0]
        option[p] = int(ok[np.argmin(prob.opt_cost[p, ok])]) if len(ok) else int(np.argmax(prob.opt_cap[p, :k]))
    open_relay = np.zeros(prob.n_nodes, dtype=bool)
    for c, paths in sol.routes.items():
        com = prob.commodities[c]
        for nodes, _, amount in paths:
            if amount <= 0:
                continue
            for v in nodes[1:-1]:
                if v not in (com.s, com.t):
                    open_relay[v] = True
    fiber_built = np.zeros(len(prob.fiber_ids), dtype=bool)
    for p in np.nonzero(option >= 0)[0]:
        for f in prob.pair_fibers[p]:
            fiber_built[f] = True
    sol.option, sol.open_relay, sol.fiber_built = option, open_relay, fiber_built
    return sol


def direct_presolve(prob: Problem) -> tuple[dict[int, tuple[int, int]], set[int]]:
    """Demands that an optimal design may serve by their direct link alone (an exact reduction).

    Let demand d = (a, b) have an end a that is not relay-capable and ends no other demand. Every
    link at a then carries only d's key (a forwards nothing, and no other demand starts there), so
    in any design the links at a can be replaced by the direct link a–b with its cheapest option
    that carries d — no dearer when that option, plus its planned fibers that not every link at a
    uses (those are built by any design serving d), costs at most the cheapest option of any other
    link at a. Such a demand is then decided: its direct
    link is built, every other link at a is left out, and d leaves the optimisation.

    Returns ({commodity: (pair, option)}, pairs that are left out).
    """
    fixed: dict[int, tuple[int, int]] = {}
    banned: set[int] = set()
    if not prob.n_pairs:
        return fixed, banned
    ends = np.zeros(prob.n_nodes, dtype=np.int64)
    for com in prob.commodities:
        ends[com.s] += 1
        ends[com.t] += 1
    at: dict[int, list[int]] = {}
    for p in range(prob.n_pairs):
        at.setdefault(int(prob.pa[p]), []).append(p)
        at.setdefault(int(prob.pb[p]), []).append(p)
    cheapest = np.min(prob.opt_cost, axis=1)
    for c, com in enumerate(prob.commodities):
        if com.disjoint:
            continue
        for a, b in ((com.s, com.t), (com.t, com.s)):
            if prob.relay[a] or ends[a] != 1:
                continue
            best = None
            # planned fibers on every link at a are built by any design serving d: not counted
            if not at.get(a):
                continue
            common = set.intersection(*(set(prob.pair_fibers[q]) for q in at[a]))
            for p in at[a]:
                if {int(prob.pa[p]), int(prob.pb[p])} != {a, b}:
                    continue
                k = int(prob.n_opt[p])
                ok = np.nonzero(prob.opt_cap[p, :k] >= com.req)[0]
                if not len(ok):
                    continue
                o = int(ok[np.argmin(prob.opt_cost[p, ok])])
                extra = [f for f in prob.pair_fibers[p] if f not in common]
                cost = float(prob.opt_cost[p, o] + np.sum(prob.fiber_cost[extra]))
                if best is None or cost < best[0]:
                    best = (cost, p, o)
            if best is None:
                continue
            others = [q for q in at[a] if q != best[1]]
            if all(cheapest[q] >= best[0] for q in others):
                fixed[c] = (best[1], best[2])
                banned.update(others)
                break
    return fixed, banned
