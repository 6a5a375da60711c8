"""Why a demand is not served: no fiber path, no relay site within reach, rate too low even at
best, shared hops saturated, or no second disjoint route.

A reason is a code and its figures (``REASONS``): the English text (the ``reason`` of the evaluate
output) is made from them here, and the report and the desktop app make their translations from
the same code and figures (``reason_code``, ``reason_args``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.sparse.csgraph import dijkstra

from planner.units import rate_text

if TYPE_CHECKING:
    import networkx as nx

#: Reason code -> English text; its ``str.format`` fields are the reason's figures (``reason_args``)
#: as shown (``shown_args``).
REASONS = {
    "no_fiber_path": "no fiber path between {a} and {b}",
    "out_of_reach": ("no relay site within reach: the least-loss fiber path from {a} to {b} loses {loss_db} dB, "
                     "beyond the best allowed device's reach of {reach_db} dB, and no chain of relay-capable "
                     "sites bridges it"),
    "rate_too_low": ("rate too low even at best: at most {best_bps} end to end over the allowed devices "
                     "and relay sites, {required_bps} required"),
    "not_resilient_proven": ("not resilient: no design gives it a second route sharing no fiber, duct or trusted "
                             "node with the first among the candidate links (proven by the exact solver)"),
    "not_resilient": ("not resilient: no second route sharing no fiber, duct or trusted node with the first was "
                      "found among the candidate links"),
    "saturated": ("the hops it needs are saturated by other demands (key consumed on every hop); alone it could "
                  "get {best_bps}"),
}


def shown_args(args: dict) -> dict:
    """A reason's figures as shown in its text: rates (``*_bps``) with a friendly unit, losses
    (``*_db``) to 0.1 dB, site ids as they are."""
    out = {}
    for k, v in args.items():
        if k.endswith("_bps"):
            v = rate_text(v)
        elif k.endswith("_db"):
            v = f"{v:.1f}"
        out[k] = v
    return out


def reason_text(code: str, args: dict) -> str:
    """The English text of reason ``code`` with its figures ``args``."""
    return REASONS[code].format(**shown_args(args))


def candidate_digraph(prob) -> nx.DiGraph:
    """Device-site graph of the candidate links with each hop's best capacity (bit/s)."""
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(range(prob.n_nodes))
    rows, cols, cap = _capacity_arrays(prob)
    for a, b, c in zip(rows.tolist(), cols.tolist(), cap.tolist(), strict=True):
        g.add_edge(a, b, capacity=c)
    return g


def _capacity_arrays(prob):
    """Arcs (both directions of every candidate link, parallel links merged) and their summed best
    capacity, cached on the problem."""
    cached = getattr(prob, "_cap_arcs", None)
    if cached is None:
        n = max(prob.n_nodes, 1)
        cap = np.max(prob.opt_cap, axis=1) if prob.n_pairs else np.zeros(0)
        u = np.concatenate([prob.pa, prob.pb])
        v = np.concatenate([prob.pb, prob.pa])
        c = np.concatenate([cap, cap])
        key, inv = np.unique(u * n + v, return_inverse=True)
        cached = (key // n, key % n, np.bincount(inv, weights=c, minlength=len(key)))
        prob._cap_arcs = cached
    return cached


def best_alone_bps(prob, s: int, t: int) -> tuple[bool, float]:
    """(connected, max end-to-end rate) for one demand alone on all candidate links, forwarding only
    through relay-capable sites (maximum flow, ``scipy.sparse.csgraph.maximum_flow``)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import breadth_first_order, maximum_flow

    rows, cols, caps = _capacity_arrays(prob)
    ok = np.asarray(prob.relay).copy()
    ok[[s, t]] = True
    keep = ok[rows] & ok[cols] & (cols != s) & (rows != t)
    r, c, w = rows[keep], cols[keep], caps[keep]
    n = prob.n_nodes
    reach = breadth_first_order(csr_matrix((np.ones(len(r)), (r, c)), shape=(n, n)), s, directed=True,
                                return_predecessors=False)
    if t not in set(reach.tolist()):
        return False, 0.0
    # integer capacities (bit/s scaled so that the largest fits in int32)
    top = float(w.max(initial=0.0))
    scale = min(1e6, 2.0e9 / top) if top > 0 else 1.0
    m = csr_matrix((np.floor(w * scale).astype(np.int32), (r, c)), shape=(n, n))
    value = maximum_flow(m, s, t).flow_value
    return True, float(value) / scale


def explain_unmet(ctx, d, sol, routes) -> tuple[str, dict, float | None]:
    """Why demand ``d`` is not served: (reason code, its figures, the best rate the demand could get
    alone: None when not computed)."""
    g = ctx.graph
    comp = g.components()
    ia, ib = g.index[d.a], g.index[d.b]
    if comp[ia] != comp[ib]:
        return "no_fiber_path", {"a": d.a, "b": d.b}, 0.0
    prob = ctx.problem
    node = {s: i for i, s in enumerate(prob.nodes)}
    connected, alone = best_alone_bps(prob, node[d.a], node[d.b])
    if not connected:
        dist = dijkstra(g.csr, directed=False, indices=ia)[ib]
        loss = float(g.channel_loss_db(dist))
        return "out_of_reach", {"a": d.a, "b": d.b, "loss_db": loss, "reach_db": ctx.candidates.max_reach_db}, 0.0
    if alone < d.rate_bps * (1 - 1e-9):
        return "rate_too_low", {"best_bps": alone, "required_bps": d.rate_bps}, alone
    if d.disjoint_paths >= 2 and routes:
        proven = sol.method == "exact" and sol.status == "optimal"  # the most any design serves, proven
        return ("not_resilient_proven" if proven else "not_resilient"), {}, alone
    return "saturated", {"best_bps": alone}, alone
