"""The solver's time limit covers the whole call: model building counts, a model that cannot be
built in time is abandoned, and the heuristic's design comes back labelled ``time_limit``."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

import pytest

from planner.network.design import design, prepare
from planner.network.milp import solve_milp

_MAKE_PORT = Path(__file__).resolve().parents[2] / "benchmarks" / "make_port.py"


@pytest.fixture(scope="module")
def mid_plan():
    """A generated metro area: 1,000 sites, 100 relay-capable, 50 demands (the per-demand flow
    model of this instance has about 10^6 variables: it cannot be built in a fraction of a second)."""
    spec = importlib.util.spec_from_file_location("make_port", _MAKE_PORT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.make_port(1000, 1, kind="metro", n_demands=50)


def _check_valid(d) -> None:
    built = {lk.id for lk in d.links}
    for dem in d.demands:
        if dem.feasible:
            assert dem.routes and dem.route[0] == dem.a and dem.route[-1] == dem.b
            for r in dem.routes:
                assert set(r.links) <= built
                assert set(r.sites[1:-1]) <= set(d.trusted_nodes)
        else:
            assert dem.reason
    for lk in d.links:
        assert lk.load_bps <= lk.key_rate_bps * (1 + 1e-9)
    assert d.cost.total == pytest.approx(d.solver.objective)


@pytest.mark.parametrize("limit_s", [0.3, 1.0])
def test_design_with_a_tiny_time_limit_returns_the_heuristic_design(mid_plan, limit_s):
    t = time.perf_counter()
    d = design(mid_plan, solver="exact", time_limit_s=limit_s)
    wall = time.perf_counter() - t
    assert wall < 3 * limit_s + 5  # generous: the point is "no unbounded overrun"
    s = d.solver
    if s.method == "exact":  # proved in time on a fast machine: then it must say so
        assert s.status in ("optimal", "time_limit")
    else:
        assert s.method == "heuristic" and s.status == "time_limit"
        assert s.gap is None or 0.0 <= s.gap <= 1.0
        assert "milp_status" in s.details
    assert sum(dem.feasible for dem in d.demands) > 0
    _check_valid(d)


def test_flow_model_stops_building_when_the_time_is_gone(mid_plan):
    prob = prepare(mid_plan).problem
    t = time.perf_counter()
    ex = solve_milp(prob, time_limit_s=0.2, model="flow")
    assert time.perf_counter() - t < 3 * 0.2 + 5
    assert ex.status == "time_limit" and ex.routes is None and ex.gap is None
    assert ex.info["stopped"] in ("building the model", "model too large to load in the time left")


def test_gap_is_measured_against_the_best_bound():
    """Cut short, the answer's gap comes from the best lower bound known: HiGHS's, or the LP bound
    of the cut rounds when HiGHS's root did not finish (not a trivial bound near zero)."""
    spec = importlib.util.spec_from_file_location("make_port", _MAKE_PORT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    plan = mod.make_port(500, 1, kind="metro", n_demands=25)  # not proven in seconds (measured)
    d = design(plan, solver="exact", time_limit_s=3.0)
    s = d.solver
    if s.status == "optimal":  # a much faster machine
        assert s.gap == pytest.approx(0.0, abs=1e-6)
    else:
        lp = s.details.get("lp_bound")
        assert s.gap is not None and s.bound is not None and lp is not None
        assert lp * (1 - 1e-9) <= s.bound <= s.objective * (1 + 1e-9)
        assert s.gap == pytest.approx((s.objective - s.bound) / s.objective, abs=1e-6)
        assert s.gap < 0.5
    _check_valid(d)


def test_a_heuristic_answering_alone_does_its_whole_bounded_work():
    """On a plan too large for the exact model, ``auto`` answers with the heuristic: it gets the
    whole time limit, so its count-bounded work finishes and the design does not depend on the
    machine's speed (with a 1 s cap it stopped a quarter of the way, 7.9 % dearer)."""
    from planner.network.design import AUTO_MAX_VARIABLES, milp_size
    from planner.network.heuristic import solve_heuristic

    spec = importlib.util.spec_from_file_location("make_port", _MAKE_PORT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    plan = mod.make_port(2000, 1, n_demands=500)
    d = design(plan, solver="auto", time_limit_s=60)
    prob = prepare(plan).problem
    assert milp_size(prob) > AUTO_MAX_VARIABLES and d.solver.method == "heuristic"
    free = solve_heuristic(prob, time_limit_s=1e6)
    assert d.solver.details["searches"] == free.info["searches"]
    assert d.solver.objective == pytest.approx(free.total(prob))
