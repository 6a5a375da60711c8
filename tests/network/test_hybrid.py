"""The hybrid exact model (connectivity cuts, capacity rows only on links where capacity can bind)
against the per-demand flow model, on small meshes where capacity binds."""

from __future__ import annotations

import numpy as np
import pytest
from test_optimality import DEV, _mesh_plan

from planner.network import milp
from planner.network.design import prepare
from planner.network.heuristic import solve_heuristic
from planner.network.milp import binding_pairs, solve_milp
from planner.physics.devices import load_catalogue


@pytest.fixture(scope="module")
def cat():
    return {DEV: load_catalogue()[DEV]}


def _check_capacity(prob, sol) -> None:
    """Every route is a chain of built links through open trusted nodes; no link carries more key
    than its chosen device delivers; each served demand gets its rate."""
    load = sol.load(prob)
    for p in np.nonzero(sol.option >= 0)[0]:
        assert load[p] <= prob.opt_cap[p, sol.option[p]] * (1 + 1e-9)
    for c, paths in sol.routes.items():
        com = prob.commodities[c]
        for nodes, pairs, _ in paths:
            assert (nodes[0], nodes[-1]) == (com.s, com.t)
            assert all(sol.option[q] >= 0 for q in pairs)
            assert all(sol.open_relay[x] for x in nodes[1:-1])
        got = sum(a for _, _, a in paths)
        assert got + sol.unmet.get(c, 0.0) == pytest.approx(com.req, rel=1e-5)


# device rates on these meshes are a few bit/s: 5 and 12 bit/s demands make some hops binding
@pytest.mark.parametrize("lazy", [True, False])
@pytest.mark.parametrize("rate", [5.0, 12.0])
@pytest.mark.parametrize("seed", range(6))
def test_hybrid_matches_flow_model(cat, seed, rate, lazy, monkeypatch):
    monkeypatch.setattr(milp, "_LAZY", lazy)
    prob = prepare(_mesh_plan(seed, rate), catalogue=cat).problem
    flow = solve_milp(prob, time_limit_s=30, model="flow")
    h = solve_heuristic(prob, time_limit_s=5)
    hyb = solve_milp(prob, time_limit_s=30, incumbent=h)
    assert flow.status == hyb.status == "optimal"
    assert hyb.info["model"] in ("cuts", "hybrid")
    if not lazy and len(binding_pairs(prob)):
        assert hyb.info["model"] == "hybrid"
    assert sum(hyb.unmet.values()) == pytest.approx(sum(flow.unmet.values()), abs=1e-4 * rate)
    assert hyb.total(prob) == pytest.approx(flow.total(prob), rel=1e-6)
    _check_capacity(prob, hyb)


def test_lazy_capacity_round_happens_and_stays_exact(cat):
    """On this mesh the connectivity relaxation's design overloads a hop: a second, capacitated
    round is needed and it proves the flow model's optimum (a dearer design than the relaxation's)."""
    prob = prepare(_mesh_plan(0, 12.0), catalogue=cat).problem
    flow = solve_milp(prob, time_limit_s=30, model="flow")
    hyb = solve_milp(prob, time_limit_s=30)
    assert hyb.info["capacity_rounds"] == 2 and hyb.info["model"] == "hybrid"
    assert hyb.total(prob) == pytest.approx(flow.total(prob), rel=1e-6)
    _check_capacity(prob, hyb)


def test_example_optimum_is_unchanged():
    from pathlib import Path

    from planner.io import load_plan
    from planner.network.evaluate import evaluate

    plan = load_plan(Path(__file__).resolve().parents[2] / "examples" / "harbor.qkdplan")
    s = evaluate(plan, solver="exact", time_limit_s=60).to_json()["solver"]
    assert s["method"] == "exact" and s["status"] == "optimal"
    assert s["objective"] == pytest.approx(4_108_537.54, abs=0.01)
