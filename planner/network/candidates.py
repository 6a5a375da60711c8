"""Candidate QKD links: device-capable site pairs, their least-loss optical path and best devices.

A QKD link joins two sites that hold QKD devices: the ends of a demand and the relay-capable sites
(``Site.can_relay``, guarded buildings of a trusted party). Junctions never hold devices. Its
optical path may pass through junctions and other buildings (patched through).

Search: loss-bounded Dijkstra (``scipy.sparse.csgraph.dijkstra`` with ``limit``) from every
device-capable site, in chunks, limited to the reach of the best allowed device. Pairs kept:

- the two ends of every demand (the direct link);
- each device site with its ``max_relay_neighbours`` nearest relay-capable sites (by loss), in both
  directions (a pair is kept when either end lists the other);
- for demands that need two disjoint paths, a second path for the direct pair and for the pairs of
  each end with its relay neighbours, avoiding every fiber and duct of the first path.

Every allowed device is evaluated on every kept path at once (``planner.physics.link``); a pair
keeps its Pareto-optimal device options (no other option is as cheap and at least as fast), so the
optimiser can trade price against rate.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse.csgraph import dijkstra

from planner.errors import DeviceError
from planner.model import Plan
from planner.network.graph import FiberGraph
from planner.network.pricing import Pricing

#: Default number of nearest relay-capable sites each device site is linked to as candidates.
MAX_RELAY_NEIGHBOURS = 16
#: Sources per Dijkstra batch (bounds memory: batch × sites distances and predecessors).
CHUNK = 256
#: Loss grid used to find each device's reach (dB).
_REACH_GRID_DB = np.arange(0.0, 120.0001, 0.1)


def resolve_devices(plan: Plan, catalogue=None) -> dict:
    """Devices the plan may use.

    ``catalogue`` None: the bundled catalogue plus ``plan.devices.custom``, restricted to
    ``plan.devices.allowed`` when that list is not empty, else to the devices meant for planning
    (literature reference sets such as GYS 2004 are left out unless listed). An explicit ``catalogue`` (mapping id →
    ``Device``, e.g. from ``--device-file``) is used as given (a what-if run).
    """
    if catalogue is not None:
        devices = dict(catalogue)
    else:
        from planner.physics.devices import device_from_dict, load_catalogue

        devices = load_catalogue()
        for d in plan.devices.custom:
            dev = device_from_dict(d, source="plan devices.custom")
            devices[dev.id] = dev
        if plan.devices.allowed:
            for i, dev_id in enumerate(plan.devices.allowed):
                if dev_id not in devices:
                    raise DeviceError(f"unknown device {dev_id!r} (not in the catalogue or the plan's "
                                      "custom devices)", element="devices", field=f"allowed[{i}]")
            devices = {d: devices[d] for d in plan.devices.allowed}
        else:
            devices = {k: d for k, d in devices.items() if d.use == "planning"}
    if not devices:
        raise DeviceError("no QKD device is allowed", element="devices", field="allowed")
    return devices


def device_reach_db(device) -> float:
    """Largest channel loss (dB, insertion loss excluded) at which ``device`` still gives key,
    without classical traffic (0 when it never does)."""
    from planner.physics.link import link_performance

    rate = np.asarray(link_performance(device, _REACH_GRID_DB).key_rate_bps)
    ok = np.nonzero(rate > 0)[0]
    return float(_REACH_GRID_DB[ok[-1]]) if len(ok) else 0.0


@dataclass(frozen=True)
class LinkOption:
    """One device choice for a candidate link."""

    device: str
    key_rate_bps: float
    qber: float | None  # None: CV-QKD, which has no bit error rate
    loss_db: float  # channel + device insertion loss
    cost: float
    limited_by: str


@dataclass(frozen=True)
class CandidateLink:
    """A possible QKD link between device sites ``a`` and ``b`` over one optical path."""

    id: str
    a: str
    b: str
    path: tuple[str, ...]  # site ids from a to b (junctions and patched-through buildings included)
    fibers: tuple[str, ...]
    loss_db: float  # channel loss: fibers, patch panels, link margin (device insertion excluded)
    length_m: float
    planned_fibers: tuple[str, ...]
    ducts: tuple[str, ...]
    classical_channels: int
    options: tuple[LinkOption, ...]  # Pareto-optimal, cheapest first (slowest first)
    alternate: bool = False

    @property
    def best(self) -> LinkOption:
        return self.options[-1]

    @property
    def risks(self) -> frozenset[str]:
        """Shared-risk elements: ``fiber:<id>`` and ``duct:<id>``."""
        return frozenset([f"fiber:{f}" for f in self.fibers] + [f"duct:{d}" for d in self.ducts])


@dataclass(frozen=True)
class CandidateSet:
    terminals: tuple[str, ...]
    relays: frozenset[str]
    links: tuple[CandidateLink, ...]
    reach_db: dict[str, float]
    max_reach_db: float
    seconds: float = 0.0
    info: dict = field(default_factory=dict)


def _walk(pred_row: np.ndarray, s: int, t: int) -> list[int]:
    path = [t]
    v = t
    while v != s:
        v = int(pred_row[v])
        if v < 0:
            return []
        path.append(v)
    path.reverse()
    return path


def _ducts_of(plan: Plan) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for f in plan.fibers.values():
        if f.duct:
            out[f.duct].append(f.id)
    return out


def build_candidates(plan: Plan, graph: FiberGraph, devices: dict, pricing: Pricing, *,
                     demands=None, prebuilt_pairs=(), max_relay_neighbours: int = MAX_RELAY_NEIGHBOURS,
                     built_fibers=frozenset()) -> CandidateSet:
    """Candidate links for ``demands`` (default: all the plan's demands). See the module docstring.

    ``prebuilt_pairs``: site pairs whose link already exists; they are always candidates.
    ``built_fibers``: planned fibers already built (their cost is not counted again).
    """
    import time

    t0 = time.perf_counter()
    demands = list(plan.demands.values()) if demands is None else list(demands)
    relays = {s.id for s in plan.sites.values() if s.can_relay and not s.is_junction}
    ends = {e for d in demands for e in (d.a, d.b)} | {e for p in prebuilt_pairs for e in p}
    terminals = tuple(s for s in plan.sites if s in relays or s in ends)
    t_index = {s: i for i, s in enumerate(terminals)}
    g_idx = np.array([graph.index[s] for s in terminals], dtype=np.int64)
    is_relay = np.array([s in relays for s in terminals], dtype=bool)
    partners: dict[str, set[str]] = defaultdict(set)
    for d in demands:
        partners[d.a].add(d.b)
        partners[d.b].add(d.a)
    for a, b in prebuilt_pairs:
        partners[a].add(b)
        partners[b].add(a)

    reach = {dev_id: device_reach_db(dev) for dev_id, dev in devices.items()}
    max_reach = max(reach.values()) if reach else 0.0
    fixed_db = graph.patch_panel_db + graph.link_margin_db
    limit = max_reach - fixed_db
    pairs: dict[tuple[str, str], list[int]] = {}
    if limit > 0 and len(terminals) > 0:
        relay_cols = np.nonzero(is_relay)[0]
        for start in range(0, len(terminals), CHUNK):
            rows = g_idx[start:start + CHUNK]
            dist, pred = dijkstra(graph.csr, directed=False, indices=rows, limit=limit, return_predecessors=True)
            for r, s_graph in enumerate(rows):
                u = terminals[start + r]
                targets: set[str] = set()
                if len(relay_cols):
                    d_rel = dist[r, g_idx[relay_cols]]
                    ok = np.isfinite(d_rel) & (g_idx[relay_cols] != s_graph)
                    cand = relay_cols[ok]
                    if len(cand) > max_relay_neighbours:
                        order = np.argsort(d_rel[ok], kind="stable")[:max_relay_neighbours]
                        cand = cand[order]
                    targets.update(terminals[c] for c in cand)
                for v in partners.get(u, ()):
                    if np.isfinite(dist[r, graph.index[v]]):
                        targets.add(v)
                for v in sorted(targets, key=t_index.__getitem__):  # (a set: the same order in every run)
                    key = (u, v) if t_index[u] < t_index[v] else (v, u)
                    if key in pairs:
                        continue
                    path = _walk(pred[r], int(s_graph), graph.index[v])
                    if not path:
                        continue
                    if key[0] != u:
                        path.reverse()
                    pairs[key] = path
    # second, duct- and fiber-disjoint paths for demands that need two routes
    alt: dict[tuple[str, str], list[int]] = {}
    disjoint = [d for d in demands if d.disjoint_paths >= 2]
    if disjoint and limit > 0:
        ducts = _ducts_of(plan)
        f_index = {fid: k for k, fid in enumerate(graph.fiber_ids)}
        duct_idx = {duct: [f_index[f] for f in fids] for duct, fids in ducts.items()}
        duct_of = [plan.fibers[fid].duct for fid in graph.fiber_ids]
        by_end: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key in pairs:
            by_end[key[0]].append(key)
            by_end[key[1]].append(key)
        keys = sorted({k for d in disjoint for k in (*by_end.get(d.a, ()), *by_end.get(d.b, ()))},
                      key=lambda k: (t_index[k[0]], t_index[k[1]]))
        for key in keys:
            prim = graph.path_fibers(pairs[key])
            excl = set(prim)
            for k in prim:
                if duct_of[k]:
                    excl.update(duct_idx[duct_of[k]])
            m = graph.masked_csr(excl)
            g2 = graph if m is not None else graph.without({graph.fiber_ids[k] for k in excl})
            s, t = graph.index[key[0]], graph.index[key[1]]
            dist, pred = dijkstra(g2.csr if m is None else m, directed=False, indices=s, limit=limit,
                                  return_predecessors=True)
            if np.isfinite(dist[t]):
                path = _walk(pred, s, t)
                alt[key] = (path, g2.path_fibers(path))
    links = _evaluate_paths(plan, graph, devices, pricing, pairs, alt, built_fibers)
    return CandidateSet(terminals=terminals, relays=frozenset(relays & set(terminals)), links=tuple(links),
                        reach_db=reach, max_reach_db=max_reach, seconds=time.perf_counter() - t0,
                        info={"pairs": len(pairs), "alternates": len(alt)})


def path_channel_arrays(plan: Plan, graph: FiberGraph, paths: list[list[int]], fibers=None):
    """Per path: channel loss, length, and the classical traffic of its busiest fiber (the first
    fiber with the most classical channels). ``fibers``: the fiber indices of each path when known
    (a path found on a graph with some fibers removed), else the least-loss fiber of each hop."""
    n = len(paths)
    fibers_of = list(fibers) if fibers is not None else [graph.path_fibers(p) for p in paths]
    counts = np.fromiter((len(f) for f in fibers_of), np.int64, n)
    flat = np.fromiter((k for f in fibers_of for k in f), np.int64, int(counts.sum()))
    owner = np.repeat(np.arange(n), counts)
    loss = np.bincount(owner, weights=graph.fiber_weight_db[flat], minlength=n) if n else np.zeros(0)
    length = np.bincount(owner, weights=graph.budgets.length_m[flat], minlength=n) if n else np.zeros(0)
    ncl_f, pdbm_f, wl_f = _classical_arrays(plan, graph)
    n_cl = np.zeros(n)
    p_dbm = np.zeros(n)
    wl = np.full(n, 1550.0)
    if len(flat):
        c = ncl_f[flat]
        order = np.lexsort((np.arange(len(flat)), -c, owner))  # per path: most channels, first such fiber
        first = np.ones(len(order), dtype=bool)
        first[1:] = owner[order][1:] != owner[order][:-1]
        pick = order[first]
        has = c[pick] > 0
        rows, k = owner[pick][has], flat[pick][has]
        n_cl[rows], p_dbm[rows], wl[rows] = ncl_f[k], pdbm_f[k], wl_f[k]
    return graph.channel_loss_db(loss), length, n_cl, p_dbm, wl, fibers_of


def _classical_arrays(plan: Plan, graph: FiberGraph):
    fibers = [plan.fibers[fid] for fid in graph.fiber_ids]
    m = len(fibers)
    return (np.fromiter((f.classical_channels for f in fibers), float, m),
            np.fromiter((f.launch_power_dbm for f in fibers), float, m),
            np.fromiter((f.classical_wavelength_nm for f in fibers), float, m))


def device_table(devices: dict, loss, length, n_cl, p_dbm, wl):
    """Key rate, QBER, total loss and limiting factor of every device on every path (dicts of arrays)."""
    from planner.physics.link import link_performance

    out = {}
    for dev_id, dev in devices.items():
        perf = link_performance(dev, np.asarray(loss, float), length_m=np.asarray(length, float),
                                classical_channels=np.asarray(n_cl, float),
                                launch_power_dbm=np.asarray(p_dbm, float),
                                classical_wavelength_nm=np.asarray(wl, float))
        rate = np.nan_to_num(np.asarray(perf.key_rate_bps, float), nan=0.0, posinf=0.0, neginf=0.0)
        qber = np.asarray(perf.qber, float)
        out[dev_id] = (rate, qber, np.asarray(perf.loss_db, float), np.asarray(perf.limited_by))
    return out


def _evaluate_paths(plan, graph, devices, pricing, pairs, alt, built_fibers) -> list[CandidateLink]:
    items = [(k, p, False) for k, p in pairs.items()] + [(k, p, True) for k, (p, _) in alt.items()]
    if not items:
        return []
    fibers = [graph.path_fibers(p) for p in pairs.values()] + [f for _, f in alt.values()]
    loss, length, n_cl, p_dbm, wl, fibers_of = path_channel_arrays(plan, graph, [p for _, p, _ in items], fibers)
    table = device_table(devices, loss, length, n_cl, p_dbm, wl)
    price = {(d, c): pricing.link(dev, coexistence=c) for d, dev in devices.items() for c in (False, True)}
    links = []
    for i, ((a, b), path, is_alt) in enumerate(items):
        opts = []
        for dev_id in devices:
            rate, qber, tot, lim = table[dev_id]
            if rate[i] > 0:
                q = float(qber[i])
                opts.append(LinkOption(device=dev_id, key_rate_bps=float(rate[i]),
                                       qber=q if np.isfinite(q) else None,  # CV-QKD has no QBER
                                       loss_db=float(tot[i]),
                                       cost=price[(dev_id, bool(n_cl[i] > 0))], limited_by=str(lim[i])))
        if not opts:
            continue
        opts.sort(key=lambda o: (o.cost, -o.key_rate_bps))
        pareto = []
        for o in opts:
            if not pareto or o.key_rate_bps > pareto[-1].key_rate_bps:
                pareto.append(o)
        fids = tuple(graph.fiber_ids[k] for k in fibers_of[i])
        planned = tuple(f for f in fids if plan.fibers[f].status == "planned" and f not in built_fibers)
        ducts = tuple(dict.fromkeys(plan.fibers[f].duct for f in fids if plan.fibers[f].duct))
        links.append(CandidateLink(
            id=f"{a}~{b}" + ("~alt" if is_alt else ""), a=a, b=b, path=tuple(graph.site_ids[v] for v in path),
            fibers=fids, loss_db=float(loss[i]), length_m=float(length[i]), planned_fibers=planned, ducts=ducts,
            classical_channels=int(n_cl[i]), options=tuple(pareto), alternate=is_alt))
    return links
