"""The fiber graph: sites and junctions as vertices, fibers as edges carrying length and loss.

Two views of the same graph:

- ``FiberGraph.to_networkx()`` gives a ``networkx.MultiGraph`` (one edge per fiber, parallel fibers
  kept) for modelling, inspection and tests;
- ``FiberGraph.csr`` is a symmetric ``scipy.sparse`` matrix with the least-loss fiber of each site
  pair, used by the hot paths (``scipy.sparse.csgraph`` loss-bounded Dijkstra searches).

Edge weight (dB) of a fiber between sites u and v::

    w = fiber loss_db + p/2·[u is not a junction] + p/2·[v is not a junction]

with p = ``plan.loss.patch_panel_loss_db``. A path's weight therefore counts half a patch panel at
each end and one full patch panel (a cross-connect) at every building it passes through; junctions
(splice closures) add nothing beyond the fiber's own splices. The QKD link loss adds the missing
half panel at each end and the link margin (``link_channel_loss_db``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from scipy.sparse import csr_matrix

if TYPE_CHECKING:  # networkx loads only when a caller asks for the modelling view (~0.15 s)
    import networkx as nx
from scipy.sparse.csgraph import connected_components

from planner.model import Plan
from planner.network.budget import FiberBudgets, fiber_budgets

#: Smallest edge weight (dB): csgraph treats a zero weight as "no edge".
MIN_WEIGHT_DB = 1e-9


@dataclass(frozen=True)
class FiberGraph:
    """Fiber graph of a plan (see module docstring). Indices are positions in ``site_ids``."""

    site_ids: tuple[str, ...]
    index: dict[str, int]
    junction: np.ndarray
    fiber_ids: tuple[str, ...]
    fiber_a: np.ndarray
    fiber_b: np.ndarray
    fiber_weight_db: np.ndarray
    budgets: FiberBudgets
    patch_panel_db: float
    link_margin_db: float
    csr: csr_matrix
    edge_fiber: dict[tuple[int, int], int] = field(repr=False)
    excluded_fibers: frozenset[str] = frozenset()
    #: fiber index of every stored entry of ``csr`` (aligned with ``csr.data``)
    csr_fiber: np.ndarray = field(default=None, repr=False)
    #: per fiber: another fiber joins the same two sites
    parallel: np.ndarray = field(default=None, repr=False)

    @property
    def n(self) -> int:
        return len(self.site_ids)

    def components(self) -> np.ndarray:
        """Connected-component label of every site."""
        return connected_components(self.csr, directed=False)[1]

    def path_fibers(self, nodes: list[int] | tuple[int, ...]) -> list[int]:
        """Fiber indices along a path given as site indices."""
        out = []
        for u, v in zip(nodes, nodes[1:], strict=False):
            out.append(self.edge_fiber[(u, v) if u < v else (v, u)])
        return out

    def channel_loss_db(self, path_weight_db):
        """Loss a QKD device pair sees over a path of ``path_weight_db`` (scalar or array):
        the path weight, half a patch panel more at each end (one full panel per end) and the link
        margin once. The device's insertion loss is added by ``planner.physics.link``."""
        return np.asarray(path_weight_db) + self.patch_panel_db + self.link_margin_db

    def to_networkx(self) -> nx.MultiGraph:
        """A MultiGraph with every site (attribute ``junction``) and one edge per fiber (key = fiber
        id; attributes ``length_m``, ``loss_db``, ``weight_db``)."""
        import networkx as nx

        g = nx.MultiGraph()
        for i, sid in enumerate(self.site_ids):
            g.add_node(sid, junction=bool(self.junction[i]))
        for k, fid in enumerate(self.fiber_ids):
            if fid in self.excluded_fibers:
                continue
            g.add_edge(self.site_ids[self.fiber_a[k]], self.site_ids[self.fiber_b[k]], key=fid,
                       length_m=float(self.budgets.length_m[k]), loss_db=float(self.budgets.loss_db[k]),
                       weight_db=float(self.fiber_weight_db[k]))
        return g

    def masked_csr(self, fiber_idx) -> csr_matrix | None:
        """``csr`` without the fibers of index ``fiber_idx`` (a quick ``without(...).csr`` for the
        hot paths), or None when one of them has a parallel fiber (then use ``without``)."""
        fiber_idx = np.asarray(list(fiber_idx), dtype=np.int64)
        if len(fiber_idx) and self.parallel[fiber_idx].any():
            return None
        m = self.csr.copy()
        m.data[np.isin(self.csr_fiber, fiber_idx)] = 0.0
        m.eliminate_zeros()
        return m

    def without(self, fiber_ids) -> FiberGraph:
        """The same graph with some fibers removed (failure analysis, disjoint routes)."""
        return _assemble(self.site_ids, self.index, self.junction, self.fiber_ids, self.fiber_a, self.fiber_b,
                         self.fiber_weight_db, self.budgets, self.patch_panel_db, self.link_margin_db,
                         frozenset(fiber_ids) | self.excluded_fibers)


def _assemble(site_ids, index, junction, fiber_ids, fa, fb, weight, budgets, patch, margin, excluded):
    n = len(site_ids)
    keep = np.array([fid not in excluded for fid in fiber_ids], dtype=bool) if excluded else \
        np.ones(len(fiber_ids), dtype=bool)
    idx = np.nonzero(keep)[0]
    lo = np.minimum(fa[idx], fb[idx])
    hi = np.maximum(fa[idx], fb[idx])
    w = np.maximum(weight[idx], MIN_WEIGHT_DB)
    # least-weight fiber per site pair
    order = np.lexsort((w, hi, lo))
    lo, hi, w, idx = lo[order], hi[order], w[order], idx[order]
    first = np.ones(len(lo), dtype=bool)
    if len(lo):
        first[1:] = (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])
    lo, hi, w, idx = lo[first], hi[first], w[first], idx[first]
    edge_fiber = dict(zip(zip(lo.tolist(), hi.tolist(), strict=True), idx.tolist(), strict=True))
    rows = np.concatenate([lo, hi])
    cols = np.concatenate([hi, lo])
    csr = csr_matrix((np.concatenate([w, w]), (rows, cols)), shape=(n, n))
    # same pattern, same order: the fiber index of each stored entry
    tag = csr_matrix((np.concatenate([idx, idx]).astype(float) + 1.0, (rows, cols)), shape=(n, n))
    csr.sort_indices()
    tag.sort_indices()
    csr_fiber = tag.data.astype(np.int64) - 1
    a_all, b_all = np.minimum(fa, fb), np.maximum(fa, fb)
    key = a_all * max(n, 1) + b_all
    _, inv, counts = np.unique(key, return_inverse=True, return_counts=True)
    parallel = counts[inv] > 1
    return FiberGraph(site_ids=site_ids, index=index, junction=junction, fiber_ids=fiber_ids, fiber_a=fa,
                      fiber_b=fb, fiber_weight_db=weight, budgets=budgets, patch_panel_db=patch,
                      link_margin_db=margin, csr=csr, edge_fiber=edge_fiber, excluded_fibers=frozenset(excluded),
                      csr_fiber=csr_fiber, parallel=parallel)


def build_fiber_graph(plan: Plan, budgets: FiberBudgets | None = None) -> FiberGraph:
    """The fiber graph of a (validated) plan."""
    budgets = budgets or fiber_budgets(plan)
    site_ids = tuple(plan.sites)
    index = {sid: i for i, sid in enumerate(site_ids)}
    junction = np.fromiter((plan.sites[s].is_junction for s in site_ids), bool, len(site_ids))
    fibers = [plan.fibers[fid] for fid in budgets.ids]
    fa = np.fromiter((index[f.a] for f in fibers), np.int64, len(fibers))
    fb = np.fromiter((index[f.b] for f in fibers), np.int64, len(fibers))
    p = float(plan.loss.patch_panel_loss_db)
    weight = budgets.loss_db + 0.5 * p * (~junction[fa]).astype(float) + 0.5 * p * (~junction[fb]).astype(float)
    return _assemble(site_ids, index, junction, budgets.ids, fa, fb, weight, budgets, p,
                     float(plan.loss.link_margin_db), frozenset())
