"""Fast trusted-node placement: cost-aware sequential routing with local search.

Construction: demands are routed one after another (larger rates first, two-route demands first)
on the cheapest route given what is already built — a built hop with spare capacity costs nothing,
a new hop costs its cheapest sufficient device option (or the price difference of an upgrade) plus
its new fibers, and forwarding through a relay site that is not yet a trusted node costs the
node's fit-out. Each search is one Dijkstra (``scipy.sparse.csgraph``) on the device-site graph.
A demand that no single route can carry is split over successive routes (widest spare capacity);
a demand that cannot be met at all is rolled back and reported unmet.

A demand that needs two disjoint routes gets a first route, then a second one on the graph without
every hop sharing a fiber or duct with the first and without its trusted nodes; if that fails, the
first route is re-drawn avoiding each of its hops in turn and the cheapest successful pair is kept.
A route may pass one fiber or duct twice (in and out of a relay homed on one junction); the other
route then avoids it.

Improvement: restarts from "every relay is free" (which favours shared trusted nodes), then local
search on the best design — re-route each demand on its cheapest route given every other demand's
route (rip-up and re-route; a two-route demand has both routes re-drawn), close one trusted node at
a time by re-routing only the demands it forwards, and, when neither helps, swap a trusted node v
for a relay-capable neighbour w: the demands v forwards and those that end at v are re-routed
together through w, so w becomes their hub (they share w's fit-out and the hop w–v, which no single
demand would pay for alone) — then drop-a-node constructions (close one trusted node, re-route
everything), open-a-node constructions (one more trusted node already paid for, then the local
search) and other demand orders. A move is kept only when the design gets cheaper and serves as
much. Every candidate design is tidied (cheapest sufficient device per hop) and the cheapest one
serving the most demand wins.

Work is bounded by counts (constructions and route searches), so the same plan gives the same
design; the time limit is a safety net that cuts the search short on a very slow machine.
Each route search is a Dijkstra on the relay-capable sites (plus a non-relay source as one more row;
a non-relay target is reached by its cheapest last hop afterwards) over a relay–relay structure built
once, so its cost does not grow with the links at other demands' ends; only the weights change.
"""

from __future__ import annotations

import time

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from planner.network.cancel import check_cancelled
from planner.network.problem import Problem, Solution, tidy

EPS = 1e-6
_TOL = 1e-9


class _State:
    def __init__(self, prob: Problem, relay_cost: np.ndarray, pf_cost: np.ndarray):
        self.prob = prob
        self.relay_cost = relay_cost
        self.option = np.full(prob.n_pairs, -1, dtype=np.int64)
        self.load = np.zeros(prob.n_pairs)
        self.open = np.zeros(prob.n_nodes, dtype=bool)
        self.fiber_built = np.zeros(len(prob.fiber_ids), dtype=bool)
        self.pf_cost = pf_cost.copy()  # cost of the not yet built fibers of each pair
        self.fiber_use = np.zeros(len(prob.fiber_ids), dtype=np.int64)  # built pairs on each fiber
        self.through = np.zeros(prob.n_nodes, dtype=np.int64)  # routes forwarded by each site
        self.routes: dict[int, list] = {}
        self.unmet: dict[int, float] = {}

    def snapshot(self):
        return (self.option.copy(), self.load.copy(), self.open.copy(), self.fiber_built.copy(),
                self.pf_cost.copy(), self.fiber_use.copy(), self.through.copy())

    def restore(self, snap) -> None:
        (self.option, self.load, self.open, self.fiber_built, self.pf_cost, self.fiber_use,
         self.through) = (a.copy() for a in snap)


class Router:
    """Cheapest-route searches over the device-site graph of a ``Problem``."""

    def __init__(self, prob: Problem):
        self.prob = prob
        P = prob.n_pairs
        self.max_cap = np.max(prob.opt_cap, axis=1) if P else np.zeros(0)
        self.loss = np.array([lk.loss_db for lk in prob.links]) if P else np.zeros(0)
        relay = prob.relay
        self.searches = 0  # route searches so far (the heuristic's work bound)
        self.relay_nodes = np.nonzero(relay)[0]
        self.relay_rank = np.cumsum(relay) - relay  # relay-capable sites before each site
        self.deadline = float("inf")
        self.arc_u = np.concatenate([prob.pa, prob.pb])  # arc i: pair i a→b; arc P + i: b→a
        self.arc_v = np.concatenate([prob.pb, prob.pa])
        self.arc_eps = np.concatenate([EPS * (1.0 + self.loss / 10.0)] * 2)
        self.rr_pairs = np.nonzero(relay[prob.pa] & relay[prob.pb])[0] if P else np.zeros(0, dtype=np.int64)
        ends = np.concatenate([prob.pa, prob.pb])
        self.adj = np.concatenate([np.arange(P), np.arange(P)])[np.argsort(ends, kind="stable")]
        self.adj_ptr = np.zeros(prob.n_nodes + 1, dtype=np.int64)
        np.cumsum(np.bincount(ends, minlength=prob.n_nodes), out=self.adj_ptr[1:])
        # relay–relay arcs sorted by (from, to, arc) over the relay-capable sites' own numbering,
        # grouped per ordered site pair: the search's graph structure, built once
        n_r = len(self.relay_nodes)
        rr_arc = np.concatenate([self.rr_pairs, self.rr_pairs + P]).astype(np.int64)
        ru, rv = self.relay_rank[self.arc_u[rr_arc]], self.relay_rank[self.arc_v[rr_arc]]
        self._rr_perm = np.lexsort((rr_arc, rv, ru))
        self._rr_arc = rr_arc[self._rr_perm]
        ru, rv = ru[self._rr_perm], rv[self._rr_perm]
        first = np.r_[True, (ru[1:] != ru[:-1]) | (rv[1:] != rv[:-1])] if len(ru) else np.zeros(0, dtype=bool)
        self._rr_start = np.nonzero(first)[0]
        self._rr_v = rv[first].astype(np.int32)
        self._rr_key = ru[first] * n_r + rv[first]
        self._rr_indptr = np.zeros(n_r + 1, dtype=np.int32)
        np.cumsum(np.bincount(ru[first], minlength=n_r), out=self._rr_indptr[1:])
        self.pf_cost0 = np.array([float(np.sum(prob.fiber_cost[list(f)])) if f else 0.0 for f in prob.pair_fibers])
        self.risk_pairs: dict[str, list[int]] = {}
        for p, rs in enumerate(prob.risk):
            for r in rs:
                self.risk_pairs.setdefault(r, []).append(p)

    def arc_costs(self, st: _State, amount: float, sub: np.ndarray | None = None):
        """Cost of pushing ``amount`` more over each pair of ``sub`` (default: every pair; inf when no
        option can carry it) and the option index that would be used."""
        prob = self.prob
        if sub is None:
            sub = np.arange(prob.n_pairs)
        cap, cost, opt = prob.opt_cap[sub], prob.opt_cost[sub], st.option[sub]
        need = st.load[sub] + amount
        ok = cap >= (need[:, None] * (1 - 1e-12))
        cand = np.where(ok, cost, np.inf)
        best = np.argmin(cand, axis=1)
        rows = np.arange(len(sub))
        new_cost = cand[rows, best]
        built = opt >= 0
        cur_o = np.maximum(opt, 0)
        cur = np.where(built, cost[rows, cur_o], 0.0)
        # keep a built, sufficient option (never downgrade while routing)
        keep = built & (cap[rows, cur_o] >= need * (1 - 1e-12))
        best = np.where(keep, opt, best)
        extra = np.where(keep, 0.0, np.maximum(new_cost - cur, 0.0))
        extra = extra + np.where(built, 0.0, st.pf_cost[sub])
        return extra, best

    def _split_costs(self, st: _State, amount: float, sub: np.ndarray):
        """Like ``arc_costs`` for the largest amount up to ``amount`` each pair of ``sub`` can still
        carry (inf on a pair with no spare capacity)."""
        prob = self.prob
        cap, cost, opt = prob.opt_cap[sub], prob.opt_cost[sub], st.option[sub]
        spare = self.max_cap[sub] - st.load[sub]
        amt = np.minimum(amount, np.maximum(spare, 0.0))
        need = st.load[sub] + amt
        okm = cap >= (need[:, None] * (1 - 1e-12))
        cand = np.where(okm, cost, np.inf)
        best = np.argmin(cand, axis=1)
        rows = np.arange(len(sub))
        built = opt >= 0
        cur = np.where(built, cost[rows, np.maximum(opt, 0)], 0.0)
        best = np.where(built & (best < opt), opt, best)
        extra = np.maximum(cand[rows, best] - cur, 0.0) + np.where(built, 0.0, st.pf_cost[sub])
        return np.where(spare > _TOL, extra, np.inf), best

    def _end_pairs(self, x: int, s: int, t: int) -> np.ndarray:
        """Pairs at a non-relay route end ``x`` a route s→t may use: to a relay-capable site or to
        the other end (others never forward)."""
        q = self.adj[self.adj_ptr[x]:self.adj_ptr[x + 1]]
        other = np.where(self.prob.pa[q] == x, self.prob.pb[q], self.prob.pa[q])
        return q[self.prob.relay[other] | (other == s) | (other == t)]

    def _arc_weights(self, st: _State, amount: float, pairs: np.ndarray, split: bool):
        """Search weight of each pair for ``amount`` (see ``shortest``) and the option it would use."""
        if split:
            return self._split_costs(st, amount, pairs)
        return self.arc_costs(st, amount, pairs)

    def shortest(self, st: _State, s: int, t: int, amount: float, *, forbid_pairs=None, forbid_nodes=None,
                 split: bool = False):
        """Cheapest route s→t for ``amount`` (or, with ``split``, for any positive amount up to it).
        Returns (nodes, pairs, options, cost, bottleneck) or None.

        The search runs on the relay-capable sites (only they forward key) with the relay–relay
        arcs in a structure built once (``_rr_*``: one entry per ordered site pair, the cheapest of
        its parallel candidate links); a non-relay s enters as one more row, and a non-relay t is
        reached by its cheapest last hop after the search. Arc weight: the cost of carrying the
        amount over the pair (device option or upgrade, new fibers) plus the fit-out of the site it
        enters when that is not yet a trusted node, plus a loss-proportional tie-breaker."""
        prob = self.prob
        self.searches += 1
        P = prob.n_pairs
        relay = prob.relay
        node_cost = np.where(relay & ~st.open, st.relay_cost, 0.0)
        node_cost[t] = 0.0
        fp = np.fromiter(forbid_pairs, np.int64) if forbid_pairs is not None and len(forbid_pairs) else None
        fn = np.zeros(prob.n_nodes, dtype=bool)
        if forbid_nodes is not None and len(forbid_nodes):
            fn[np.fromiter(forbid_nodes, np.int64)] = True

        def weights(arc, extra):
            """Weights of arcs ``arc`` (pair i: a→b, P + i: b→a) whose pairs cost ``extra``."""
            u, v = self.arc_u[arc], self.arc_v[arc]
            w = extra + node_cost[v] + self.arc_eps[arc]
            bad = (v == s) | (u == t) | (fn[v] & (v != t)) | (fn[u] & (u != s)) | ~np.isfinite(w)
            if fp is not None:
                bad |= np.isin(arc % P, fp)
            return np.where(bad, np.inf, w)

        n_r = len(self.relay_nodes)
        extra_rr, _ = self._arc_weights(st, amount, self.rr_pairs, split)
        w_rr = weights(self._rr_arc, np.concatenate([extra_rr, extra_rr])[self._rr_perm])
        data = np.minimum.reduceat(w_rr, self._rr_start) if len(w_rr) else w_rr
        indices, indptr = self._rr_v, self._rr_indptr
        s_arcs = np.zeros(0, dtype=np.int64)  # the non-relay source's arcs, one per relay reached
        # a non-relay s: one more row (index n_r) with its arcs to relay-capable sites
        if relay[s]:
            src = int(self.relay_rank[s])
        else:
            src = n_r
            q = self._end_pairs(s, s, t)
            arc = np.where(prob.pa[q] == s, q, q + P)
            keep = relay[self.arc_v[arc]]
            arc, q = arc[keep], q[keep]
            w = weights(arc, self._arc_weights(st, amount, q, split)[0])
            order = np.lexsort((arc, w, self.relay_rank[self.arc_v[arc]]))
            vv = self.relay_rank[self.arc_v[arc[order]]]
            first = np.r_[True, vv[1:] != vv[:-1]] if len(vv) else np.zeros(0, dtype=bool)
            s_arcs = arc[order][first]
            indices = np.concatenate([indices, vv[first]]).astype(np.int32)
            data = np.concatenate([data, w[order][first]])
            indptr = np.r_[indptr, indptr[-1] + int(first.sum())].astype(np.int32)
        n = len(indptr) - 1
        mat = csr_matrix((data, indices, indptr), shape=(n, n))
        dist, pred = dijkstra(mat, directed=True, indices=src, return_predecessors=True)
        # the last hop into a non-relay t: from a relay-capable site, or s→t directly
        last_arc = None
        if relay[t]:
            lt = int(self.relay_rank[t])
            cost = float(dist[lt])
        else:
            q = self._end_pairs(t, s, t)
            arc = np.where(prob.pb[q] == t, q, q + P)
            w = weights(arc, self._arc_weights(st, amount, q, split)[0])
            frm = self.arc_u[arc]
            at = np.where(relay[frm], dist[np.minimum(self.relay_rank[frm], n - 1)], np.inf)
            at = np.where(frm == s, 0.0, at)  # s→t directly (s is not relay-capable then)
            total = at + w
            if not len(total):
                return None
            k = int(np.lexsort((arc, total))[0])
            cost, last_arc = float(total[k]), int(arc[k])
            lt = src if frm[k] == s else int(self.relay_rank[frm[k]])
        if not np.isfinite(cost):
            return None
        lnodes = [lt]
        while lnodes[-1] != src:
            lnodes.append(int(pred[lnodes[-1]]))
        lnodes.reverse()
        arcs = [self._hop_arc(a, b, w_rr, s_arcs) for a, b in zip(lnodes, lnodes[1:], strict=False)]
        if last_arc is not None:
            arcs.append(last_arc)
        nodes = [s] + [int(self.arc_v[a]) for a in arcs]
        pairs = [a % P for a in arcs]
        options = self._arc_weights(st, amount, np.array(pairs, dtype=np.int64), split)[1]
        bottleneck = float(min(self.max_cap[q] - st.load[q] for q in pairs))
        return nodes, pairs, [int(o) for o in options], cost, bottleneck

    def _hop_arc(self, a: int, b: int, w_rr: np.ndarray, s_arcs: np.ndarray) -> int:
        """The arc the search took from local site a to b: one of the non-relay source's arcs
        ``s_arcs``, or the cheapest (lowest index on ties) of the relay–relay arcs between them."""
        if a == len(self.relay_nodes):
            return int(s_arcs[np.searchsorted(self.relay_rank[self.arc_v[s_arcs]], b)])
        g = int(np.searchsorted(self._rr_key, a * len(self.relay_nodes) + b))
        lo = self._rr_start[g]
        hi = self._rr_start[g + 1] if g + 1 < len(self._rr_start) else len(w_rr)
        return int(self._rr_arc[lo + int(np.argmin(w_rr[lo:hi]))])

    def commit(self, st: _State, nodes, pairs, options, amount: float) -> None:
        prob = self.prob
        for q, o in zip(pairs, options, strict=True):
            st.load[q] += amount
            if st.option[q] < 0:
                for f in prob.pair_fibers[q]:
                    st.fiber_use[f] += 1
                    if not st.fiber_built[f]:
                        st.fiber_built[f] = True
                        for q2 in self._pairs_with_fiber(f):
                            st.pf_cost[q2] -= prob.fiber_cost[f]
            # the option must carry the new load
            o2 = o
            k = prob.n_opt[q]
            if prob.opt_cap[q, o2] < st.load[q] * (1 - 1e-12):
                okk = np.nonzero(prob.opt_cap[q, :k] >= st.load[q] * (1 - 1e-12))[0]
                o2 = int(okk[0]) if len(okk) else int(np.argmax(prob.opt_cap[q, :k]))
            st.option[q] = max(int(st.option[q]), o2)
        for x in nodes[1:-1]:
            st.open[x] = True
            st.through[x] += 1
        np.maximum(st.pf_cost, 0.0, out=st.pf_cost)

    def remove(self, st: _State, nodes, pairs, amount: float) -> None:
        """Undo ``commit`` of one route: its hops carry ``amount`` less (cheapest sufficient option
        for what is left, or not built), fibers no built hop uses and sites no route forwards
        through are given up."""
        prob = self.prob
        for q in pairs:
            st.load[q] -= amount
            k = prob.n_opt[q]
            if st.load[q] <= _TOL * max(amount, 1.0):
                st.load[q] = 0.0
                st.option[q] = -1
                for f in prob.pair_fibers[q]:
                    st.fiber_use[f] -= 1
                    if st.fiber_use[f] == 0:
                        st.fiber_built[f] = False
                        for q2 in self._pairs_with_fiber(f):
                            st.pf_cost[q2] += prob.fiber_cost[f]
            else:
                ok = np.nonzero(prob.opt_cap[q, :k] >= st.load[q] * (1 - 1e-12))[0]
                st.option[q] = int(ok[np.argmin(prob.opt_cost[q, ok])]) if len(ok) else \
                    int(np.argmax(prob.opt_cap[q, :k]))
        for x in nodes[1:-1]:
            st.through[x] -= 1
            if st.through[x] <= 0:
                st.through[x] = 0
                st.open[x] = False

    def _pairs_with_fiber(self, f: int):
        cache = getattr(self, "_fiber_pairs", None)
        if cache is None:
            cache = {}
            for q, fs in enumerate(self.prob.pair_fibers):
                for g in fs:
                    cache.setdefault(g, []).append(q)
            self._fiber_pairs = cache
        return cache.get(f, [])

    def risky_pairs(self, pairs) -> set[int]:
        """Pairs sharing a fiber or duct with any of ``pairs``."""
        out: set[int] = set()
        for q in pairs:
            for r in self.prob.risk[q]:
                out.update(self.risk_pairs.get(r, ()))
        return out


def _route_single(router: Router, st: _State, c: int, forbid_nodes=None) -> bool:
    com = router.prob.commodities[c]
    res = router.shortest(st, com.s, com.t, com.req, forbid_nodes=forbid_nodes)
    if res is not None:
        nodes, pairs, opts, _, _ = res
        router.commit(st, nodes, pairs, opts, com.req)
        st.routes[c] = [(nodes, pairs, com.req)]
        return True
    snap = st.snapshot()  # the state is unchanged until here
    remaining = com.req
    paths = []
    for _ in range(32):
        res = router.shortest(st, com.s, com.t, remaining, forbid_nodes=forbid_nodes, split=True)
        if res is None:
            break
        nodes, pairs, opts, _, bottleneck = res
        amount = min(remaining, bottleneck)
        if amount <= _TOL * max(com.req, 1.0):
            break
        router.commit(st, nodes, pairs, opts, amount)
        paths.append((nodes, pairs, amount))
        remaining -= amount
        if remaining <= _TOL * com.req:
            st.routes[c] = paths
            return True
    st.restore(snap)
    st.unmet[c] = com.req
    st.routes[c] = []
    st.__dict__.setdefault("partial", {})[c] = com.req - remaining
    return False


def _route_disjoint(router: Router, st: _State, c1: int, c2: int, forbid_nodes=None) -> None:
    prob = router.prob
    com = prob.commodities[c1]
    fn = set(forbid_nodes or ())

    def attempt(forbid_first: set[int]):
        snap = st.snapshot()
        r1 = router.shortest(st, com.s, com.t, com.req, forbid_pairs=forbid_first, forbid_nodes=fn)
        if r1 is None:
            return None
        n1, p1, o1, _, _ = r1
        router.commit(st, n1, p1, o1, com.req)
        r2 = router.shortest(st, com.s, com.t, com.req, forbid_pairs=router.risky_pairs(p1),
                             forbid_nodes=fn | set(n1[1:-1]))
        if r2 is None:
            st.restore(snap)
            return (n1, p1, o1), None, None
        n2, p2, o2, _, _ = r2
        router.commit(st, n2, p2, o2, com.req)
        cost = _state_cost(prob, st)
        after = st.snapshot()
        st.restore(snap)
        return (n1, p1, o1), (n2, p2, o2), (cost, after)

    first = attempt(set())
    if first is None:
        st.routes[c1], st.routes[c2] = [], []
        st.unmet[c1] = st.unmet[c2] = com.req
        return
    best = first if first[1] is not None else None
    for q in first[0][1]:
        res = attempt({q})
        if res is not None and res[1] is not None and (best is None or res[2][0] < best[2][0]):
            best = res
    if best is None:  # one route only: serve the demand, not resilient
        n1, p1, o1 = first[0]
        router.commit(st, n1, p1, o1, com.req)
        st.routes[c1] = [(n1, p1, com.req)]
        st.routes[c2] = []
        st.unmet[c2] = com.req
        return
    (n1, p1, _), (n2, p2, _), (_, after) = best
    st.restore(after)
    st.routes[c1] = [(n1, p1, com.req)]
    st.routes[c2] = [(n2, p2, com.req)]


def _state_cost(prob: Problem, st: _State) -> float:
    built = np.nonzero(st.option >= 0)[0]
    links = float(np.sum(prob.opt_cost[built, st.option[built]])) if len(built) else 0.0
    return links + float(np.sum(prob.relay_cost[st.open])) + float(np.sum(prob.fiber_cost[st.fiber_built]))


def _construct(router: Router, order: list[int], relay_cost: np.ndarray, forbid_nodes=None) -> Solution:
    prob = router.prob
    st = _State(prob, relay_cost, router.pf_cost0)
    done = set()
    for c in order:
        if c in done:
            continue
        check_cancelled()
        com = prob.commodities[c]
        if com.disjoint:
            c2 = _twin(prob, c)
            _route_disjoint(router, st, c, c2, forbid_nodes)
            done.update((c, c2))
        else:
            _route_single(router, st, c, forbid_nodes)
            done.add(c)
    return _solution(prob, st)


def _solution(prob: Problem, st: _State) -> Solution:
    sol = Solution(option=st.option.copy(), open_relay=st.open.copy(), fiber_built=st.fiber_built.copy(),
                   routes={c: list(p) for c, p in st.routes.items()}, unmet=dict(st.unmet), method="heuristic",
                   status="feasible", gap=None, seconds=0.0, info={"partial": dict(getattr(st, "partial", {}))})
    return tidy(prob, sol)


def _state_of(router: Router, sol: Solution) -> _State:
    """The routing state of a design (true trusted-node costs), to improve it move by move."""
    prob = router.prob
    st = _State(prob, prob.relay_cost, router.pf_cost0)
    for c, paths in sol.routes.items():
        for nodes, pairs, amount in paths:
            if amount > 0:
                router.commit(st, nodes, pairs, [0] * len(pairs), amount)
        st.routes[c] = list(paths)
    st.unmet = dict(sol.unmet)
    st.partial = dict(sol.info.get("partial", {}))
    return st


def _twin(prob: Problem, c: int) -> int:
    """The other route of a two-route demand."""
    com = prob.commodities[c]
    return next(k for k, x in enumerate(prob.commodities) if x.demand == com.demand and k != c)


def _reroute_disjoint(router: Router, st: _State, c: int, forbid_nodes=None) -> bool:
    """Re-draw both routes of a two-route demand given every other route; keep them when the
    design gets cheaper and the demand stays served, else the state is left as it was."""
    prob = router.prob
    c2 = _twin(prob, c)
    before = _state_cost(prob, st)
    snap = st.snapshot()
    saved = {k: st.routes.get(k, []) for k in (c, c2)}
    was_unmet = {k: st.unmet[k] for k in (c, c2) if k in st.unmet}
    for k in (c, c2):
        for nodes, pairs, amount in saved[k]:
            router.remove(st, nodes, pairs, amount)
        st.unmet.pop(k, None)
    _route_disjoint(router, st, c, c2, forbid_nodes)
    gained = sum(1 for k in (c, c2) if k not in st.unmet) - sum(1 for k in (c, c2) if k not in was_unmet)
    if gained >= 0 and _better(_state_cost(prob, st), before):
        return True
    st.restore(snap)
    st.routes.update(saved)
    for k in (c, c2):
        st.unmet.pop(k, None)
    st.unmet.update(was_unmet)
    return False


def _better(new: float, old: float) -> bool:
    return new < old - 1e-9 * max(1.0, abs(old))


def _reroute_pass(router: Router, st: _State, order: list[int], budget: int) -> bool:
    """Re-route each single-route demand on its cheapest route given every other demand's route
    (rip-up and re-route); a new route is kept only when the design gets cheaper."""
    prob = router.prob
    improved = False
    for c in order:
        if router.searches >= budget or time.perf_counter() >= router.deadline:
            break
        paths = st.routes.get(c)
        if prob.commodities[c].disjoint:
            if prob.commodities[c].copy == 1 and paths:
                check_cancelled()
                improved |= _reroute_disjoint(router, st, c)
            continue
        if not paths or len(paths) != 1:
            continue
        check_cancelled()
        com = prob.commodities[c]
        nodes, pairs, amount = paths[0]
        before = _state_cost(prob, st)
        router.remove(st, nodes, pairs, amount)
        res = router.shortest(st, com.s, com.t, amount)
        if res is not None and res[1] != pairs and _better(_state_cost(prob, st) + res[3], before):
            router.commit(st, res[0], res[1], res[2], amount)
            if _better(_state_cost(prob, st), before):
                st.routes[c] = [(res[0], res[1], amount)]
                improved = True
                continue
            router.remove(st, res[0], res[1], amount)
        router.commit(st, nodes, pairs, [0] * len(pairs), amount)
    return improved


def _regroup(router: Router, st: _State, group: list[int], route) -> bool:
    """Rip up the routes of the demands in ``group``, route them again with ``route(c)`` for each
    (in ``group``'s order) and keep the result when the design gets cheaper and every one of them is
    served; otherwise the state is left as it was."""
    prob = router.prob
    before = _state_cost(prob, st)
    snap = st.snapshot()
    saved = {c: st.routes[c] for c in group}
    saved_partial = dict(getattr(st, "partial", {}))
    saved_unmet = dict(st.unmet)
    for c in group:
        for nodes, pairs, amount in st.routes[c]:
            router.remove(st, nodes, pairs, amount)
    for c in group:
        route(c)
    if not any(c in st.unmet for c in group) and _better(_state_cost(prob, st), before):
        return True
    st.restore(snap)
    st.routes.update(saved)
    st.unmet = saved_unmet
    st.partial = saved_partial
    return False


def _route_without(router: Router, st: _State, c: int, v: int) -> None:
    """Route demand ``c`` (both routes of a two-route demand, when ``c`` is its first) so that site
    ``v`` forwards none of its key."""
    com = router.prob.commodities[c]
    if not com.disjoint:
        _route_single(router, st, c, forbid_nodes={v})
    elif com.copy == 1:
        _route_disjoint(router, st, c, _twin(router.prob, c), {v})


def _forwarded_by(prob: Problem, st: _State, v: int, rank: dict[int, int]) -> list[int]:
    """Demands with a route that ``v`` forwards, with the other route of a two-route demand, in
    ``rank`` order."""
    users = {c for c, paths in st.routes.items() if any(v in n[1:-1] for n, _, _ in paths)}
    users |= {_twin(prob, c) for c in users if prob.commodities[c].disjoint}
    return sorted(users, key=lambda c: rank.get(c, c))


def _close_relays(router: Router, st: _State, order: list[int], budget: int) -> bool:
    """Close one trusted node at a time: re-route only the demands it forwards (without it) and
    keep the result when the design gets cheaper and serves as much."""
    prob = router.prob
    improved = False
    rank = {c: i for i, c in enumerate(order)}
    opened = [int(v) for v in np.nonzero(st.open & (prob.relay_cost > 0))[0]]
    opened.sort(key=lambda v: (-prob.relay_cost[v], v))
    for v in opened:
        if time.perf_counter() >= router.deadline:
            break
        if not st.open[v]:
            continue
        users = _forwarded_by(prob, st, v, rank)
        if not users or router.searches + len(users) > budget:
            continue
        check_cancelled()
        improved |= _regroup(router, st, users, lambda c, v=v: _route_without(router, st, c, v))
    return improved


#: Swaps tried per trusted node: its relay-capable neighbours with the least fit-out plus hop cost.
SWAP_CANDIDATES = 3


def _route_via(router: Router, st: _State, c: int, w: int, v: int) -> bool:
    """Route single-route demand ``c`` through site ``w``, with ``v`` forwarding none of its key:
    the cheapest route to ``w``, then the cheapest from ``w`` given the first part. False (state
    unchanged) when either part is missing or they would cross."""
    com = router.prob.commodities[c]
    first = router.shortest(st, com.s, w, com.req, forbid_nodes={v})
    if first is None:
        return False
    router.commit(st, first[0], first[1], first[2], com.req)
    second = router.shortest(st, w, com.t, com.req, forbid_nodes={v})
    router.remove(st, first[0], first[1], com.req)
    if second is None or set(first[0]) & set(second[0][1:]):
        return False
    nodes, pairs = first[0] + second[0][1:], first[1] + second[1]
    router.commit(st, nodes, pairs, first[2] + second[2], com.req)
    st.routes[c] = [(nodes, pairs, com.req)]
    return True


def _swap_relays(router: Router, st: _State, order: list[int], budget: int) -> bool:
    """Swap a trusted node v for a relay-capable neighbour w (a key-path exchange): the demands v
    forwards and the single-route demands that end at v are ripped up together and re-routed
    through w, w taking v's place as their hub — so they share w's fit-out and the hop w–v, a
    change no single re-route makes, as each demand alone would pay for them. A two-route demand
    v forwards, or a demand that w ends, is re-routed without v instead. Kept when the design gets
    cheaper and serves as much; w is tried among the ``SWAP_CANDIDATES`` cheapest neighbours."""
    prob = router.prob
    improved = False
    rank = {c: i for i, c in enumerate(order)}
    opened = [int(v) for v in np.nonzero(st.open & (prob.relay_cost > 0))[0]]
    opened.sort(key=lambda v: (-prob.relay_cost[v], v))
    cheapest_hop = np.min(prob.opt_cost, axis=1) + router.pf_cost0

    def route(c: int, v: int, w: int) -> None:
        com = prob.commodities[c]
        if com.disjoint or w in (com.s, com.t) or not _route_via(router, st, c, w, v):
            _route_without(router, st, c, v)

    for v in opened:
        if time.perf_counter() >= router.deadline:
            break
        if not st.open[v]:
            continue
        users = _forwarded_by(prob, st, v, rank)
        if not users:
            continue
        ends = [c for c, paths in st.routes.items() if len(paths) == 1 and not prob.commodities[c].disjoint
                and v in (prob.commodities[c].s, prob.commodities[c].t)]
        group = sorted(set(users) | set(ends), key=lambda c: rank.get(c, c))
        q_at = router.adj[router.adj_ptr[v]:router.adj_ptr[v + 1]]
        w_at = np.where(prob.pa[q_at] == v, prob.pb[q_at], prob.pa[q_at])
        q_at, w_at = q_at[prob.relay[w_at]], w_at[prob.relay[w_at]]
        fee = np.where(st.open[w_at], 0.0, prob.relay_cost[w_at])
        neighbours: list[int] = []
        for _, w in sorted(zip((fee + cheapest_hop[q_at]).tolist(), w_at.tolist(), strict=True)):
            if w not in neighbours:
                neighbours.append(w)
        for w in neighbours[:SWAP_CANDIDATES]:
            if router.searches + 2 * len(group) > budget:
                break
            check_cancelled()
            if _regroup(router, st, group, lambda c, v=v, w=w: route(c, v, w)):
                improved = True
                break
    return improved


def _polish(router: Router, sol: Solution, order: list[int], budget: int) -> Solution:
    """Local search on a design: re-route passes and trusted-node closing, and trusted-node swaps
    when neither helps, until nothing helps (or the search budget is spent)."""
    prob = router.prob
    st = _state_of(router, sol)
    for _ in range(8):
        a = _reroute_pass(router, st, order, budget)
        b = _close_relays(router, st, order, budget)
        if not (a or b):
            b = _swap_relays(router, st, order, budget)
        if not (a or b) or router.searches >= budget:
            break
    cand = _solution(prob, st)
    return cand if _score(prob, cand) < _score(prob, sol) else sol


def _score(prob: Problem, sol: Solution) -> tuple[float, float]:
    return (round(sum(sol.unmet.values()), 9), sol.total(prob))


#: Constructions the heuristic tries at most, and route searches it runs at most (its work is
#: bounded by these counts, so the same plan always gives the same design; the time limit is only a
#: safety net on a slow machine). A construction runs one search per demand (more for split or
#: two-route demands); a re-route pass one per single-route demand.
MAX_CONSTRUCTIONS = 24
MAX_SEARCHES = 4000


def solve_heuristic(prob: Problem, *, time_limit_s: float = 2.0, seed: int = 0,
                    max_constructions: int = MAX_CONSTRUCTIONS, max_searches: int = MAX_SEARCHES) -> Solution:
    """Best design found by the construction and local search above: at most
    ``max_constructions`` constructions and about ``max_searches`` route searches (a construction
    is not started when it might exceed them), stopped early by ``time_limit_s``."""
    t0 = time.perf_counter()
    router = Router(prob)
    K = len(prob.commodities)
    base = sorted(range(K), key=lambda c: (not prob.commodities[c].disjoint, -prob.commodities[c].req, c))
    best = _construct(router, base, prob.relay_cost)
    tried = 1
    rng = np.random.default_rng(seed)
    deadline = t0 + time_limit_s
    router.deadline = deadline
    per = max(router.searches, 1)  # searches of one construction

    def room(n: int = 1) -> bool:
        return time.perf_counter() < deadline and tried < max_constructions and \
            router.searches + n * per <= max_searches

    # restart: relays free (favours shared trusted nodes), then true costs
    if room(2) and prob.relay.any():
        cand = _construct(router, base, np.zeros_like(prob.relay_cost))
        tried += 1
        if _score(prob, cand) < _score(prob, best):
            best = cand
    # local search: re-route each demand given the others, close and swap trusted nodes
    polished = None
    if time.perf_counter() < deadline:
        best = polished = _polish(router, best, base, max_searches)
    # drop-a-node moves on the best design (whole constructions without that node)
    improved = True
    while improved and room():
        improved = False
        opened = [int(v) for v in np.nonzero(best.open_relay & (prob.relay_cost > 0))[0]]
        opened.sort(key=lambda v: -prob.relay_cost[v])
        for v in opened:
            if not room():
                break
            closed = set(np.nonzero(~best.open_relay & prob.relay)[0].tolist()) | {v}
            cand = _construct(router, base, prob.relay_cost, forbid_nodes={v})
            tried += 1
            if _score(prob, cand) < _score(prob, best):
                best, improved = cand, True
                break
            if not room():
                break
            # also try: only the currently open nodes (minus v) may forward
            cand = _construct(router, base, prob.relay_cost, forbid_nodes=closed)
            tried += 1
            if _score(prob, cand) < _score(prob, best):
                best, improved = cand, True
                break
    # open-a-node moves: a construction in which one more trusted node is already paid for, then
    # local search (a joint move of many demands that single re-routes do not find)
    shut = [int(v) for v in np.nonzero(~best.open_relay & prob.relay & (prob.relay_cost > 0))[0]]
    shut.sort(key=lambda v: (prob.relay_cost[v], v))
    for w in shut:  # bounded by the searches (one per relay-capable site), not the constructions
        if time.perf_counter() >= deadline or router.searches + 2 * per > max_searches:
            break
        rc = prob.relay_cost.copy()
        rc[w] = 0.0
        cand = _polish(router, _construct(router, base, rc), base, router.searches + per)
        tried += 1
        if _score(prob, cand) < _score(prob, best):
            best = cand
    # random demand orders
    while K > 1 and room():
        order = list(rng.permutation(K))
        cand = _construct(router, order, prob.relay_cost)
        tried += 1
        if _score(prob, cand) < _score(prob, best):
            best = cand
    # a last local search, unless the best design is still the one the first local search returned
    if best is not polished and time.perf_counter() < deadline:
        best = _polish(router, best, base, max_searches)
    best.seconds = time.perf_counter() - t0
    best.info["constructions"] = tried
    best.info["searches"] = router.searches
    return best
