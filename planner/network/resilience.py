"""Failure analysis and the attack drill for a design.

A failure takes out QKD links: a fiber cut takes out every link whose optical path uses the fiber,
a duct cut every link using any fiber of the duct (a shared-risk group), a trusted-node loss every
route forwarding key through that node. A demand keeps the rate of its routes that avoid the
failure; it *loses service* when that is below its required rate. It then lives on stored key:
with ``key_store_bits`` (``plan.rollout.key_store_bits``) at each end, it lasts
``key_store_bits / (required_bps − surviving_bps)`` seconds.

Attack drill: an intercept-resend attack on a fraction of one link's pulses raises its QBER by
about a quarter of that fraction (``planner.physics.attacks.intercept_resend_qber``, Bennett et
al. 1992); above the device's abort threshold (``Device.qber_threshold``, 11 % for BB84-type
protocols, Shor–Preskill 2000) the link stops producing key, which for the demands is the same as
losing the link. CV-QKD devices detect the attack as excess noise and abort as well.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from planner.model import Plan
from planner.network.design import Design


@dataclass(frozen=True)
class Loss:
    demand: str
    required_bps: float
    surviving_bps: float
    buffer_s: float | None  # None: never runs out (no deficit) — not listed then

    def to_json(self) -> dict:
        return {"demand": self.demand, "required_bps": self.required_bps,
                "surviving_bps": round(self.surviving_bps, 6),
                "buffer_s": None if self.buffer_s is None else round(self.buffer_s, 3)}


def _index(design: Design) -> dict[str, list]:
    idx = getattr(design, "_demands_by_element", None)
    if idx is None:
        idx = defaultdict(list)
        for d in design.demands:
            for r in d.routes:
                for x in (*r.links, *r.sites[1:-1]):
                    if d not in idx[x]:
                        idx[x].append(d)
        object.__setattr__(design, "_demands_by_element", idx)
    return idx


def _lost(design: Design, dead_links: set[str], dead_nodes: set[str], key_store_bits: float) -> list[Loss]:
    out = []
    idx = _index(design)
    touched_ids = {d.id for x in (*dead_links, *dead_nodes) for d in idx.get(x, ())}
    for d in design.demands:
        if d.id not in touched_ids:
            continue
        alive = [r for r in d.routes if not (set(r.links) & dead_links or set(r.sites[1:-1]) & dead_nodes)]
        if d.disjoint_paths >= 2:
            surviving = max((r.rate_bps for r in alive), default=0.0)
        else:
            surviving = sum(r.rate_bps for r in alive)
        if surviving >= d.required_bps * (1 - 1e-9):
            continue
        deficit = d.required_bps - surviving
        out.append(Loss(d.id, d.required_bps, surviving, key_store_bits / deficit if deficit > 0 else None))
    return out


def failure_analysis(plan: Plan, design: Design) -> dict:
    """Demands that lose service for every single fiber, duct and trusted-node failure."""
    store = float(plan.rollout.key_store_bits)
    links_of_fiber: dict[str, set[str]] = defaultdict(set)
    for lk in design.links:
        for f in lk.path:
            links_of_fiber[f].add(lk.id)
    ducts: dict[str, list[str]] = defaultdict(list)
    for f in plan.fibers.values():
        if f.duct:
            ducts[f.duct].append(f.id)
    fibers = []
    for fid in plan.fibers:
        dead = links_of_fiber.get(fid, set())
        lost = _lost(design, dead, set(), store) if dead else []
        fibers.append({"fiber": fid, "links": sorted(dead), "lost": [x.to_json() for x in lost]})
    duct_rows = []
    for duct, fids in ducts.items():
        dead = set().union(*(links_of_fiber.get(f, set()) for f in fids))
        lost = _lost(design, dead, set(), store) if dead else []
        duct_rows.append({"duct": duct, "fibers": fids, "links": sorted(dead), "lost": [x.to_json() for x in lost]})
    nodes = []
    for node in design.trusted_nodes:
        lost = _lost(design, set(), {node}, store)
        nodes.append({"site": node, "lost": [x.to_json() for x in lost]})
    worst = [r for r in fibers + duct_rows + nodes if r["lost"]]
    return {"key_store_bits": store, "fibers": fibers, "ducts": duct_rows, "trusted_nodes": nodes,
            "single_points_of_failure": len(worst)}


def attack_drill(plan: Plan, design: Design, devices: dict, *, fraction: float = 1.0) -> list[dict]:
    """Intercept-resend on ``fraction`` of each built link's pulses, one link at a time."""
    from planner.physics.attacks import intercept_resend_qber

    store = float(plan.rollout.key_store_bits)
    rows = []
    for lk in design.links:
        dev = devices.get(lk.device)
        threshold = getattr(dev, "qber_threshold", None) if dev is not None else None
        if threshold is None:  # CV-QKD: the attack shows as excess noise; the link aborts
            qber_attacked, aborts, detect = None, True, 0.0
        else:
            q = float(lk.qber) if lk.qber is not None else 0.0
            qber_attacked = float(intercept_resend_qber(q, fraction))
            aborts = qber_attacked > threshold
            denom = 0.25 * (1.0 - 2.0 * q)
            detect = min(max((threshold - q) / denom, 0.0), 1.0) if denom > 0 else 0.0
        lost = _lost(design, {lk.id}, set(), store) if aborts else []
        rows.append({"link": lk.id, "device": lk.device,
                     "qber": None if lk.qber is None else round(lk.qber, 6),
                     "qber_attacked": None if qber_attacked is None else round(qber_attacked, 6),
                     "threshold": threshold, "aborts": bool(aborts), "min_detected_fraction": round(detect, 6),
                     "lost": [x.to_json() for x in lost]})
    return rows
