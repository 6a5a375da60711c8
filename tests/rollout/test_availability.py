"""Monte Carlo availability: reproducible, agrees with the analytic chain, key store helps."""

from __future__ import annotations

import math

import pytest

from planner.errors import ValidationError
from planner.rollout.availability import (
    Component,
    DemandRoutes,
    analytic_availability,
    chain_availability,
    fiber_component,
    simulate_availability,
)

CHAIN = (Component("dev", 400.0, 20.0), Component("fiber", 1000.0, 12.0), Component("node", 300.0, 8.0))


def test_chain_formula():
    assert chain_availability(CHAIN) == pytest.approx(400 / 420 * 1000 / 1012 * 300 / 308)
    two = DemandRoutes("d", (CHAIN[:1], CHAIN[1:]), 100.0)
    a1 = 400 / 420
    a2 = 1000 / 1012 * 300 / 308
    assert analytic_availability(two) == pytest.approx(1 - (1 - a1) * (1 - a2))


@pytest.mark.parametrize("seed", [1, 7])
def test_monte_carlo_agrees_with_analytic_chain(seed):
    d = DemandRoutes("d", (CHAIN,), 100.0)
    r = simulate_availability([d], trials=300, horizon_h=20_000, seed=seed)
    lo, hi = r.ci95
    assert lo <= chain_availability(CHAIN) <= hi
    assert hi - lo < 0.01  # a meaningful interval, not a trivially wide one
    assert r.demands["d"]["analytic_no_store"] == pytest.approx(chain_availability(CHAIN))


def test_monte_carlo_agrees_with_parallel_paths():
    d = DemandRoutes("d", (CHAIN[:1], CHAIN[1:]), 100.0)
    r = simulate_availability([d], trials=300, horizon_h=20_000, seed=3)
    assert r.ci95[0] <= analytic_availability(d) <= r.ci95[1]


def test_seeded_and_reproducible():
    d = DemandRoutes("d", (CHAIN,), 100.0)
    a = simulate_availability([d], trials=50, horizon_h=5000, seed=11)
    b = simulate_availability([d], trials=50, horizon_h=5000, seed=11)
    c = simulate_availability([d], trials=50, horizon_h=5000, seed=12)
    assert a == b and a.mean != c.mean


def test_key_store_bridges_short_outages():
    # exponential outages (mean 10 h), a store holding 20 h of key, refilled at once: only the part
    # of an outage beyond 20 h is lost, so U = MTTR/(MTBF+MTTR) · exp(-20/10) (memoryless repair)
    d = DemandRoutes("d", ((Component("x", 500.0, 10.0),),), 100.0, surplus_bps=1e12)
    none = simulate_availability([d], trials=200, horizon_h=10_000, seed=5)
    store = simulate_availability([d], key_store_bits=100.0 * 3600 * 20, trials=200, horizon_h=10_000, seed=5)
    expected = 1 - 10 / 510 * math.exp(-2.0)
    assert store.ci95[0] <= expected <= store.ci95[1]
    assert none.ci95[0] <= 500 / 510 <= none.ci95[1]
    # without refill the store bridges only the first outage of each trial
    d0 = DemandRoutes("d", ((Component("x", 500.0, 10.0),),), 100.0, surplus_bps=0.0)
    once = simulate_availability([d0], key_store_bits=100.0 * 3600 * 20, trials=200, horizon_h=10_000, seed=5)
    assert none.mean < once.mean < store.mean


def test_shared_fiber_is_one_component():
    f = Component("shared", 200.0, 20.0)
    d = DemandRoutes("d", ((f, Component("a", math.inf, 1.0)), (f,)), 1.0)
    r = simulate_availability([d], trials=200, horizon_h=10_000, seed=2)
    # both paths share the fiber: availability is the fiber's, not 1 - (1-A)^2
    assert r.ci95[0] <= f.availability <= r.ci95[1]


def test_fiber_component_and_errors():
    c = fiber_component("f", 2000.0, {"fiber_cuts_per_km_year": 0.5, "fiber_mttr_h": 12.0})
    assert c.mtbf_h == pytest.approx(8760.0) and c.mttr_h == 12.0
    assert math.isinf(fiber_component("f", 0.0, {"fiber_cuts_per_km_year": 0.5, "fiber_mttr_h": 12.0}).mtbf_h)
    with pytest.raises(ValidationError):
        simulate_availability([], trials=1)
