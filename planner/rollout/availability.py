"""Availability of the protected demands: Monte Carlo over fiber cuts and equipment failures.

Each component (a QKD device pair, a fiber, a trusted node) alternates between up and down
periods drawn from exponential distributions of means MTBF and MTTR (an alternating renewal
process; Billinton & Allan, *Reliability Evaluation of Engineering Systems*, 2nd ed., ch. 9).
Every trial starts each component in its stationary state (down with probability
MTTR/(MTBF+MTTR)), so the expected time-average availability of one component is exactly
MTBF/(MTBF+MTTR). A fiber's failure rate is ``reliability.fiber_cuts_per_km_year`` × its length.

A key route (one disjoint path) is down when any of its components is down; a demand with two
disjoint paths is down when both are. Outages are bridged by the demand's key store: it holds up
to ``rollout.key_store_bits``, is full at the start, drains at the required rate during an
outage and refills at the surplus rate (end-to-end rate − required rate) while the route is up.
The demand is unavailable only while its store is empty and its route is down.

Reference for tests: a chain (series system) of independent components without a key store has
steady-state availability A = Π MTBF_i / (MTBF_i + MTTR_i) (Billinton & Allan, eq. 9.9 for
series systems with exponential times); two disjoint independent chains: 1 − (1−A₁)(1−A₂).
Fibers shared by several links are one component, so failures are correlated as in the field.

Seeded with ``numpy.random.default_rng(seed)``: the same inputs and seed give the same result.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from planner.costs import CostBook
from planner.errors import ValidationError

HOURS_PER_YEAR = 8760.0
#: Two-sided normal quantile of the reported confidence interval (95%).
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Component:
    """A part that fails and is repaired: mean time between failures and to repair (hours)."""

    id: str
    mtbf_h: float
    mttr_h: float

    @property
    def availability(self) -> float:
        return self.mtbf_h / (self.mtbf_h + self.mttr_h)


@dataclass(frozen=True)
class DemandRoutes:
    """What a demand depends on: one list of components per disjoint path, its required rate
    and the surplus rate that refills its key store."""

    id: str
    paths: tuple[tuple[Component, ...], ...]
    required_bps: float
    surplus_bps: float = 0.0
    weight: float = 1.0


def chain_availability(components: Sequence[Component]) -> float:
    """Steady-state availability of a series chain of independent components: Π A_i."""
    return float(math.prod(c.availability for c in components))


def analytic_availability(routes: DemandRoutes) -> float:
    """Without key store: a chain per path; paths in parallel assumed independent."""
    if not routes.paths:
        return 0.0
    unavail = math.prod(1.0 - chain_availability(p) for p in routes.paths)
    return 1.0 - unavail


@dataclass(frozen=True)
class AvailabilityResult:
    """Mean availability (share of time the demand has key) over the trials, with 95% CIs."""

    trials: int
    horizon_h: float
    seed: int
    key_store_bits: float
    mean: float
    ci95: tuple[float, float]
    analytic_no_store: float
    demands: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "trials": self.trials, "horizon_h": self.horizon_h, "seed": self.seed,
            "key_store_bits": self.key_store_bits, "mean": self.mean, "ci95": list(self.ci95),
            "analytic_no_store": self.analytic_no_store,
            "demands": [{"id": k, **v} for k, v in self.demands.items()],
        }


def _down_intervals(comp: Component, trials: int, horizon_h: float, rng: np.random.Generator):
    """Down intervals of one component in every trial: arrays (trial, start_h, end_h)."""
    if not math.isfinite(comp.mtbf_h) or comp.mttr_h <= 0:
        return np.empty(0, int), np.empty(0), np.empty(0)
    a = comp.availability
    start_down = rng.random(trials) > a
    k = int(horizon_h / (comp.mtbf_h + comp.mttr_h) * 2 + 8)
    while True:
        up = rng.exponential(comp.mtbf_h, (trials, k))
        down = rng.exponential(comp.mttr_h, (trials, k))
        # cycle i: [up_i then down_i]; a trial starting down begins with a down period
        first_down = np.where(start_down, rng.exponential(comp.mttr_h, trials), 0.0)
        cyc = up + down
        ends = first_down[:, None] + np.cumsum(cyc, axis=1)
        if np.all(ends[:, -1] >= horizon_h):
            break
        k *= 2
    down_start = ends - down
    tr = np.repeat(np.arange(trials), k)
    s = down_start.ravel()
    e = ends.ravel()
    keep = s < horizon_h
    tr, s, e = tr[keep], s[keep], np.minimum(e[keep], horizon_h)
    lead = start_down & (first_down > 0)
    tr = np.concatenate([np.nonzero(lead)[0], tr])
    s = np.concatenate([np.zeros(int(lead.sum())), s])
    e = np.concatenate([np.minimum(first_down[lead], horizon_h), e])
    return tr, s, e


def _merge(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for s, e in sorted(intervals):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _intersect(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out = []
    i = j = 0
    while i < len(a) and j < len(b):
        s, e = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if s < e:
            out.append((s, e))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _unavailable_h(outages: list[tuple[float, float]], required_bps: float, surplus_bps: float,
                   store_bits: float) -> float:
    """Hours without key: outages minus what the key store bridges (module docstring)."""
    if store_bits <= 0 or required_bps <= 0:
        return float(sum(e - s for s, e in outages))
    level = store_bits
    last_end = 0.0
    lost = 0.0
    for s, e in outages:
        level = min(store_bits, level + surplus_bps * (s - last_end) * 3600.0)
        bridge_h = level / required_bps / 3600.0
        dur = e - s
        lost += max(0.0, dur - bridge_h)
        level = max(0.0, level - required_bps * dur * 3600.0)
        last_end = e
    return lost


def simulate_availability(demands: Sequence[DemandRoutes], *, key_store_bits: float = 0.0, trials: int = 200,
                          horizon_h: float = HOURS_PER_YEAR, seed: int = 0) -> AvailabilityResult:
    """Monte Carlo availability of every demand and the weighted mean (module docstring)."""
    if trials < 2:
        raise ValidationError("needs at least 2 trials", element="availability", field="trials")
    if not horizon_h > 0:
        raise ValidationError("must be a positive number of hours", element="availability", field="horizon_h")
    rng = np.random.default_rng(seed)
    comps: dict[str, Component] = {}
    for d in demands:
        for p in d.paths:
            for c in p:
                comps.setdefault(c.id, c)
    downs: dict[str, dict[int, list[tuple[float, float]]]] = {}
    for cid in sorted(comps):
        tr, s, e = _down_intervals(comps[cid], trials, horizon_h, rng)
        per: dict[int, list[tuple[float, float]]] = {}
        for t, a, b in zip(tr.tolist(), s.tolist(), e.tolist(), strict=True):
            per.setdefault(t, []).append((a, b))
        downs[cid] = per
    avail = np.ones((len(demands), trials))
    for i, d in enumerate(demands):
        if not d.paths:
            avail[i] = 0.0
            continue
        trial_set: set[int] = set()
        for p in d.paths:
            for c in p:
                trial_set.update(downs[c.id])
        for t in trial_set:
            out = None
            for p in d.paths:
                merged = _merge([iv for c in p for iv in downs[c.id].get(t, ())])
                out = merged if out is None else _intersect(out, merged)
            lost = _unavailable_h(out or [], d.required_bps, d.surplus_bps, key_store_bits)
            avail[i, t] = 1.0 - lost / horizon_h
    weights = np.array([d.weight for d in demands], float)
    per_demand: dict[str, dict[str, Any]] = {}
    for i, d in enumerate(demands):
        m, lo, hi = _mean_ci(avail[i])
        per_demand[d.id] = {"mean": m, "ci95": [lo, hi], "analytic_no_store": analytic_availability(d)}
    if len(demands):
        net = (weights[:, None] * avail).sum(axis=0) / weights.sum()
        m, lo, hi = _mean_ci(net)
        ana = float(sum(w * analytic_availability(d) for w, d in zip(weights, demands, strict=True)) / weights.sum())
    else:
        m, lo, hi, ana = 1.0, 1.0, 1.0, 1.0
    return AvailabilityResult(trials=trials, horizon_h=horizon_h, seed=seed, key_store_bits=key_store_bits,
                              mean=m, ci95=(lo, hi), analytic_no_store=ana, demands=per_demand)


def _mean_ci(x: np.ndarray) -> tuple[float, float, float]:
    """Mean and normal-approximation 95% confidence interval of the mean of the trials."""
    m = float(np.mean(x))
    half = Z95 * float(np.std(x, ddof=1)) / math.sqrt(len(x)) if len(x) > 1 else 0.0
    return m, max(0.0, m - half), min(1.0, m + half)


def reliability_components(book: CostBook) -> dict[str, float]:
    """The reliability figures of the cost book, in hours and per-km rates."""
    return {
        "fiber_cuts_per_km_year": book.get("reliability.fiber_cuts_per_km_year"),
        "fiber_mttr_h": book.get("reliability.fiber_mttr_h"),
        "device_mtbf_h": book.get("reliability.device_mtbf_h"),
        "device_mttr_h": book.get("reliability.device_mttr_h"),
        "node_mtbf_h": book.get("reliability.node_mtbf_h"),
        "node_mttr_h": book.get("reliability.node_mttr_h"),
    }


def fiber_component(fiber_id: str, length_m: float, rel: Mapping[str, float]) -> Component:
    """A fiber as a component: MTBF = 8,760 h / (cuts per km-year × km)."""
    rate = rel["fiber_cuts_per_km_year"] * length_m / 1000.0
    mtbf = HOURS_PER_YEAR / rate if rate > 0 else math.inf
    return Component(f"fiber:{fiber_id}", mtbf, rel["fiber_mttr_h"])
