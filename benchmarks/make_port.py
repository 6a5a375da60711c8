"""Seeded synthetic ports and metro areas for tests and benchmarks (50 to 5,000 sites).

Function API::

    from make_port import make_port          # with benchmarks/ on sys.path
    plan = make_port(2000, seed=1)           # a Plan, validated

CLI::

    python benchmarks/make_port.py 2000 --seed 1 --kind metro --demands 500 -o metro.qkdplan

Layout: sites scattered in a square (``port``: about 100 m per site spacing, a few km across;
``metro``: about 600 m, tens of km across, where relays are needed). Fibers follow a Delaunay
triangulation of the junctions (the duct backbone: its minimum spanning tree plus the shortest
remaining edges), and every building is homed on its two nearest junctions, about
``fibers_per_site`` × sites fibers in all (2 by default). Junction-to-junction fibers are spliced
(no connectors), a building end has one connector, as in the example plan. About 35 % of the sites
are passive junctions, ``relay_fraction`` are relay-capable buildings (trusted-node sites with a
random fit-out cost), the rest are systems to protect. Demands mostly join a system to one of a
few hubs (data and control centres), some join hubs, a few need two disjoint paths. Some fibers
are ``planned`` (trenching cost), some share ducts (shared-risk groups), some carry classical
channels. Everything is drawn from ``numpy.random.default_rng(seed)``: same seed, same plan.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import minimum_spanning_tree
from scipy.spatial import Delaunay

from planner.model import Demand, Fiber, Plan, PlanMeta, RolloutSettings, Site, validate_plan

KINDS = {"port": 100.0, "metro": 600.0}  # mean spacing between sites (m)
BUILDING_ROLES = ("crane_control", "yard_control", "warehouse", "gate", "customs", "office", "terminal_ops")
RATES_BPS = (256.0, 512.0, 1024.0, 2048.0, 4096.0, 8192.0)


def _mesh(xy: np.ndarray, nodes: np.ndarray, target: int) -> set[tuple[int, int]]:
    """Edges (site index pairs) among ``nodes``: the minimum spanning tree of their Delaunay
    triangulation plus its shortest other edges, ``target`` edges in all when there are enough."""
    pts = xy[nodes]
    edges = set()
    if len(nodes) >= 4:
        for simplex in Delaunay(pts).simplices:
            for a, b in ((0, 1), (1, 2), (0, 2)):
                u, v = sorted((int(simplex[a]), int(simplex[b])))
                edges.add((u, v))
    else:
        edges = {(a, b) for a in range(len(nodes)) for b in range(a + 1, len(nodes))}
    e = np.array(sorted(edges))
    length = np.hypot(*(pts[e[:, 0]] - pts[e[:, 1]]).T)
    m = len(nodes)
    mst = minimum_spanning_tree(coo_matrix((length + 1e-9, (e[:, 0], e[:, 1])), shape=(m, m))).tocoo()
    chosen = {(min(a, b), max(a, b)) for a, b in zip(mst.row.tolist(), mst.col.tolist(), strict=True)}
    for k in np.argsort(length):
        if len(chosen) >= target:
            break
        chosen.add((int(e[k, 0]), int(e[k, 1])))
    return {(min(int(nodes[a]), int(nodes[b])), max(int(nodes[a]), int(nodes[b]))) for a, b in chosen}


def make_port(n_sites: int, seed: int = 0, *, kind: str = "port", n_demands: int | None = None,
              relay_fraction: float = 0.1, fibers_per_site: float = 2.0, n_hubs: int | None = None,
              disjoint_fraction: float = 0.03, planned_fraction: float = 0.1, name: str | None = None) -> Plan:
    """A synthetic plan with ``n_sites`` sites (see the module docstring)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    if not 4 <= n_sites <= 100_000:
        raise ValueError("n_sites must be from 4 to 100000")
    rng = np.random.default_rng(seed)
    side = KINDS[kind] * np.sqrt(n_sites)
    xy = rng.uniform(0.0, side, size=(n_sites, 2)).round(2)
    n_junction = int(0.35 * n_sites)
    n_relay = max(2, int(round(relay_fraction * n_sites)))
    n_hubs = n_hubs or max(2, min(8, n_sites // 100 + 2))
    roles = np.array(["building"] * n_sites, dtype=object)
    perm = rng.permutation(n_sites)
    junction_ids = perm[:n_junction]
    relay_ids = perm[n_junction:n_junction + n_relay]
    hub_ids = relay_ids[:n_hubs]  # hubs are relay-capable data/control centres
    roles[junction_ids] = "junction"
    sites: dict[str, Site] = {}
    names = [f"s{i:05d}" for i in range(n_sites)]
    hub_set, relay_set = set(hub_ids.tolist()), set(relay_ids.tolist())
    for i in range(n_sites):
        if roles[i] == "junction":
            role, can_relay, cost = "junction", False, None
        elif i in hub_set:
            role, can_relay, cost = ("data_centre" if i % 2 else "control_centre"), True, None
        elif i in relay_set:
            role, can_relay, cost = "relay_site", True, float(rng.integers(6, 19) * 10_000)
        else:
            role, can_relay, cost = str(BUILDING_ROLES[i % len(BUILDING_ROLES)]), False, None
        sites[names[i]] = Site(id=names[i], name=names[i], role=role, x_m=float(xy[i, 0]), y_m=float(xy[i, 1]),
                               can_relay=can_relay, relay_cost=cost)
    # fibers: a backbone of ducts between junctions (splice closures: spliced, no connectors) —
    # a Delaunay triangulation of the junctions, its minimum spanning tree plus the shortest other
    # edges — and buildings homed on their two nearest junctions (one connector at the building's
    # patch panel), as in examples/harbor.qkdplan. Buildings are ends, not transit points, so a
    # path pays patch panels only where it ends. Tiny plans (under 8 junctions) mesh all sites.
    junctions = np.sort(junction_ids)
    if len(junctions) >= 8:
        pairs = _mesh(xy, junctions, target=max(len(junctions), int(fibers_per_site * n_sites) - 2 * (n_sites - len(junctions))))
        others = np.setdiff1d(np.arange(n_sites), junctions)
        d2 = ((xy[others, None, :] - xy[None, junctions, :]) ** 2).sum(axis=2)
        near = np.argsort(d2, axis=1)[:, :2]
        for row, b in enumerate(others.tolist()):
            for k in near[row].tolist():
                pairs.add((min(b, int(junctions[k])), max(b, int(junctions[k]))))
    else:
        pairs = _mesh(xy, np.arange(n_sites), target=int(fibers_per_site * n_sites))
    is_j = roles == "junction"
    fibers: dict[str, Fiber] = {}
    ducts_at: dict[int, str] = {}
    for n, (u, v) in enumerate(sorted(pairs)):
        fid = f"f{n:05d}"
        planned = rng.random() < planned_fraction
        # shared-risk groups: a fifth of the fibers leave a site in a duct shared with another fiber
        duct = f"D{n:05d}"
        if rng.random() < 0.2:
            duct = ducts_at.setdefault(u, duct)
        env = "quay_crane" if (kind == "port" and rng.random() < 0.05) else "buried"
        fibers[fid] = Fiber(
            id=fid, a=names[u], b=names[v], status="planned" if planned else "existing",
            ground=str(rng.choice(["soft", "paved", "quay"])) if planned else "duct", duct=duct,
            environment=env, splices=int(rng.integers(0, 4)),
            connectors=int(not is_j[u]) + int(not is_j[v]),
            classical_channels=int(rng.choice([0, 0, 0, 2, 8])) if not planned else 0)
    # demands
    buildings = [i for i in range(n_sites) if roles[i] != "junction" and i not in hub_set]
    n_demands = n_demands if n_demands is not None else max(4, n_sites // 4)
    demands: dict[str, Demand] = {}
    used: set[tuple[int, int]] = set()
    hubs = hub_ids.tolist()
    tries = 0
    while len(demands) < n_demands and tries < 20 * n_demands:
        tries += 1
        r = rng.random()
        if r < 0.85 and buildings:
            a, b = int(rng.choice(buildings)), int(rng.choice(hubs))
        else:
            a, b = (int(x) for x in rng.choice(hubs, size=2, replace=False))
        key = (min(a, b), max(a, b))
        if a == b or key in used:
            continue
        used.add(key)
        k = len(demands) + 1
        disjoint = 2 if (a in hub_set and b in hub_set and rng.random() < max(disjoint_fraction * 10, 0.0)) else 1
        rate = float(rng.choice(RATES_BPS))
        demands[f"d{k:04d}"] = Demand(id=f"d{k:04d}", a=names[a], b=names[b], required_bps=rate,
                                      priority=int(rng.integers(1, 6)), disjoint_paths=disjoint)
    plan = Plan(meta=PlanMeta(name=name or f"Synthetic {kind} {n_sites} sites (seed {seed})"), sites=sites,
                fibers=fibers, demands=demands, rollout=RolloutSettings())
    return validate_plan(plan)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a seeded synthetic port or metro plan (.qkdplan).")
    ap.add_argument("sites", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--kind", choices=tuple(KINDS), default="port")
    ap.add_argument("--demands", type=int, default=None)
    ap.add_argument("--relay-fraction", type=float, default=0.1)
    ap.add_argument("--fibers-per-site", type=float, default=2.0)
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)
    from planner.io import save_plan

    plan = make_port(args.sites, args.seed, kind=args.kind, n_demands=args.demands,
                     relay_fraction=args.relay_fraction, fibers_per_site=args.fibers_per_site)
    save_plan(plan, Path(args.output))
    print(f"{args.output}: {len(plan.sites)} sites, {len(plan.fibers)} fibers, {len(plan.demands)} demands")
    return 0


if __name__ == "__main__":
    sys.exit(main())
