"""Why a demand is not served: no fiber path, no relay site within reach, rate too low even at
best, shared hops saturated, or no second disjoint route."""

from __future__ import annotations

import networkx as nx
import numpy as np
from scipy.sparse.csgraph import dijkstra


def candidate_digraph(prob) -> nx.DiGraph:
    """Device-site graph of the candidate links with each hop's best capacity (bit/s)."""
    g = getattr(prob, "_cand_graph", None)
    if g is None:
        g = nx.DiGraph()
        g.add_nodes_from(range(prob.n_nodes))
        cap = np.max(prob.opt_cap, axis=1) if prob.n_pairs else np.zeros(0)
        for p in range(prob.n_pairs):
            u, v = int(prob.pa[p]), int(prob.pb[p])
            for x, y in ((u, v), (v, u)):
                c = float(cap[p])
                if g.has_edge(x, y):
                    g[x][y]["capacity"] += c
                else:
                    g.add_edge(x, y, capacity=c)
        prob._cand_graph = g
    return g


def best_alone_bps(prob, s: int, t: int) -> tuple[bool, float]:
    """(connected, max end-to-end rate) for one demand alone on all candidate links, forwarding only
    through relay-capable sites (maximum flow)."""
    g = candidate_digraph(prob)
    keep = [v for v in range(prob.n_nodes) if prob.relay[v] or v in (s, t)]
    sub = g.subgraph(keep)
    if s not in sub or t not in sub or not nx.has_path(sub, s, t):
        return False, 0.0
    # maximum flow on integer capacities (scipy; bit/s scaled so the smallest demand stays exact)
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import maximum_flow

    nodes = list(sub.nodes)
    pos = {x: i for i, x in enumerate(nodes)}
    rows, cols, caps = [], [], []
    for a, b, data in sub.edges(data=True):
        if b == s or a == t:
            continue
        rows.append(pos[a])
        cols.append(pos[b])
        caps.append(data["capacity"])
    scale = 1.0
    top = max(caps, default=0.0)
    if top > 0:
        scale = min(1e6, 2.0e9 / top)  # int32 capacities
    m = csr_matrix((np.floor(np.array(caps) * scale).astype(np.int32), (rows, cols)), shape=(len(nodes), len(nodes)))
    value = maximum_flow(m, pos[s], pos[t]).flow_value
    return True, float(value) / scale


def explain_unmet(ctx, d, sol, routes) -> tuple[str, float | None]:
    """Reason text and the best rate the demand could get alone (None when not computed)."""
    g = ctx.graph
    comp = g.components()
    ia, ib = g.index[d.a], g.index[d.b]
    if comp[ia] != comp[ib]:
        return f"no fiber path between {d.a} and {d.b}", 0.0
    prob = ctx.problem
    node = {s: i for i, s in enumerate(prob.nodes)}
    connected, alone = best_alone_bps(prob, node[d.a], node[d.b])
    if not connected:
        dist = dijkstra(g.csr, directed=False, indices=ia)[ib]
        loss = float(g.channel_loss_db(dist))
        reach = ctx.candidates.max_reach_db
        return (f"no relay site within reach: the least-loss fiber path from {d.a} to {d.b} loses "
                f"{loss:.1f} dB, beyond the best allowed device's reach of {reach:.1f} dB, and no chain of "
                "relay-capable sites bridges it"), 0.0
    if alone < d.rate_bps * (1 - 1e-9):
        return (f"rate too low even at best: at most {alone:.4g} bit/s end to end over the allowed devices "
                f"and relay sites, {d.rate_bps:.4g} bit/s required"), alone
    if d.disjoint_paths >= 2 and routes:
        return ("not resilient: no second route sharing no fiber, duct or trusted node with the first was "
                "found among the candidate links"), alone
    return (f"the hops it needs are saturated by other demands (key consumed on every hop); alone it could "
            f"get {alone:.4g} bit/s"), alone
