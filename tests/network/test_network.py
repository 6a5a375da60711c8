"""Network engine on small hand-checked networks, the example plan and random chains."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.errors import ValidationError
from planner.io import load_plan
from planner.model import Demand, Fiber, LossSettings, Plan, Site
from planner.network.candidates import device_reach_db
from planner.network.design import design, prepare
from planner.network.evaluate import evaluate
from planner.network.milp import design_bound, unserved_penalty
from planner.network.reasons import REASONS, shown_args
from planner.network.resilience import failure_analysis
from planner.physics.devices import load_catalogue
from planner.physics.link import link_performance
from planner.resources import resource_path  # noqa: F401  (resources must resolve)
from planner.units import rate_text

DEV = "gys-reference"


@pytest.fixture(scope="module")
def cat():
    c = load_catalogue()
    return {DEV: c[DEV]}


@pytest.fixture(scope="module")
def reach(cat):
    return device_reach_db(cat[DEV])


def _plan(sites, fibers, demands) -> Plan:
    return Plan(sites={s.id: s for s in sites}, fibers={f.id: f for f in fibers},
                demands={d.id: d for d in demands},
                loss=LossSettings(link_margin_db=0.0, patch_panel_loss_db=0.0, ageing_margin_db_per_km=0.0))


def _site(i, x, relay=False, junction=False, cost=100_000.0):
    return Site(id=i, name=i, role="junction" if junction else ("relay_site" if relay else "office"),
                x_m=float(x), y_m=0.0, can_relay=relay, relay_cost=cost if relay else None)


def _fiber(i, a, b, loss, duct=None):
    return Fiber(id=i, a=a, b=b, length_m=1000.0, loss_db=loss, duct=duct or f"D-{i}")


def _chain(n_seg, seg_loss, req=1e-3):
    sites = [_site("A", 0)] + [_site(f"R{i}", i * 1000, relay=True) for i in range(1, n_seg)] + [_site("B", n_seg * 1000)]
    ids = [s.id for s in sites]
    fibers = [_fiber(f"f{i}", ids[i], ids[i + 1], seg_loss) for i in range(n_seg)]
    return _plan(sites, fibers, [Demand("d", "A", "B", required_bps=req)])


@pytest.mark.parametrize("solver", ["heuristic", "exact"])
@pytest.mark.parametrize("n_seg,expected", [(2, 0), (4, 1), (6, 2), (7, 3)])
def test_chain_needs_exactly_k_relays(cat, reach, solver, n_seg, expected):
    # each hop can span at most two segments (2·0.45·reach < reach < 3·0.45·reach)
    plan = _chain(n_seg, 0.45 * reach)
    d = design(plan, catalogue=cat, solver=solver, time_limit_s=5)
    assert d.demand("d").feasible
    assert len(d.trusted_nodes) == expected
    assert all(lk.loss_db <= reach + 1e-9 for lk in d.links)
    assert d.demand("d").relays == d.demand("d").route[1:-1]
    if solver == "exact":
        assert d.solver.method in ("exact", "heuristic") and d.solver.gap is not None and d.solver.gap <= 1e-6


def _two_paths(req_factor, hop_loss, reach):
    sites = [_site("A", 0), _site("R1", 1000, relay=True), _site("R2", 1000, relay=True), _site("B", 2000)]
    fibers = [_fiber("f1", "A", "R1", hop_loss), _fiber("f2", "R1", "B", hop_loss),
              _fiber("f3", "A", "R2", hop_loss), _fiber("f4", "R2", "B", hop_loss)]
    return sites, fibers


@pytest.mark.parametrize("solver", ["heuristic", "exact"])
def test_demand_split_over_two_paths(cat, reach, solver):
    hop = 0.6 * reach  # direct A-B (1.2 reach) impossible
    cap = float(link_performance(cat[DEV], hop).key_rate_bps)
    sites, fibers = _two_paths(1.5, hop, reach)
    plan = _plan(sites, fibers, [Demand("d", "A", "B", required_bps=1.5 * cap)])
    d = design(plan, catalogue=cat, solver=solver, time_limit_s=5)
    r = d.demand("d")
    assert r.feasible
    assert len(r.routes) == 2
    assert math.isclose(sum(x.rate_bps for x in r.routes), 1.5 * cap, rel_tol=1e-6)
    assert set(d.trusted_nodes) == {"R1", "R2"}
    for lk in d.links:
        assert lk.load_bps <= lk.key_rate_bps * (1 + 1e-9)


@pytest.mark.parametrize("solver", ["heuristic", "exact"])
def test_shared_hop_capacity(cat, reach, solver):
    hop = 0.6 * reach
    cap = float(link_performance(cat[DEV], hop).key_rate_bps)
    sites = [_site("A1", 0), _site("A2", 0.5), _site("R", 1000, relay=True), _site("B", 2000)]
    fibers = [_fiber("f1", "A1", "R", hop), _fiber("f2", "A2", "R", hop), _fiber("f3", "R", "B", hop)]
    # each alone fits the R-B hop, both together do not: key is consumed on every hop
    plan = _plan(sites, fibers, [Demand("d1", "A1", "B", required_bps=0.6 * cap),
                                 Demand("d2", "A2", "B", required_bps=0.6 * cap)])
    d = design(plan, catalogue=cat, solver=solver, time_limit_s=5)
    feas = [x.feasible for x in d.demands]
    assert sorted(feas) == [False, True]
    bad = next(x for x in d.demands if not x.feasible)
    assert "saturated" in bad.reason
    # both fit when each needs 0.4 of the hop
    plan2 = _plan(sites, fibers, [Demand("d1", "A1", "B", required_bps=0.4 * cap),
                                  Demand("d2", "A2", "B", required_bps=0.4 * cap)])
    d2 = design(plan2, catalogue=cat, solver=solver, time_limit_s=5)
    assert all(x.feasible for x in d2.demands)
    rb = next(lk for lk in d2.links if {lk.a, lk.b} == {"R", "B"})
    assert math.isclose(rb.load_bps, 0.8 * cap, rel_tol=1e-6)


def _ring(shared_duct: bool):
    sites = [_site("A", 0), _site("J1", 500, junction=True), _site("J2", 500, junction=True), _site("B", 1000)]
    fibers = [_fiber("f1", "A", "J1", 3.0, "D1"), _fiber("f2", "J1", "B", 3.0, "D2"),
              _fiber("f3", "A", "J2", 4.0, "D1" if shared_duct else "D3"), _fiber("f4", "J2", "B", 4.0, "D4")]
    return _plan(sites, fibers, [Demand("d", "A", "B", required_bps=100.0, disjoint_paths=2)])


@pytest.mark.parametrize("solver", ["heuristic", "exact"])
def test_two_disjoint_paths_survive_any_single_fiber_or_duct_cut(cat, solver):
    plan = _ring(shared_duct=False)
    d = design(plan, catalogue=cat, solver=solver, time_limit_s=5)
    r = d.demand("d")
    assert r.feasible and r.resilient
    assert len(r.routes) == 2
    fibers = [set(d.link(r.routes[i].links[0]).path) for i in range(2)]
    assert not fibers[0] & fibers[1]
    fa = failure_analysis(plan, d)
    assert all(not row["lost"] for row in fa["fibers"] + fa["ducts"])


def test_shared_duct_is_not_resilient(cat):
    plan = _ring(shared_duct=True)
    d = design(plan, catalogue=cat, solver="heuristic")
    r = d.demand("d")
    assert not r.feasible and r.resilient is False
    assert "second route" in r.reason
    fa = failure_analysis(plan, d)
    duct = next(row for row in fa["ducts"] if row["duct"] == "D1")
    assert [x["demand"] for x in duct["lost"]] == ["d"]
    assert duct["lost"][0]["buffer_s"] == pytest.approx(plan.rollout.key_store_bits / 100.0)


def test_a_bound_with_unserved_demand_is_on_the_cost_of_designs_serving_as_much(cat):
    """A demand that cannot be resilient leaves one route unserved; the exact model prices it
    above every cost. The bound and gap reported are on the design's cost (not on the priced
    objective), and only when they show that no design serves more."""
    d = design(_ring(shared_duct=True), catalogue=cat, solver="exact", time_limit_s=10)
    assert not d.demand("d").feasible
    assert d.demand("d").reason.endswith("(proven by the exact solver)")
    s = d.solver
    assert s.method == "exact" and s.status == "optimal"
    assert s.gap == 0.0 and s.bound == pytest.approx(s.objective, rel=1e-6)
    assert s.details["penalized_bound"] > unserved_penalty(prepare(_ring(True), catalogue=cat).problem)


def test_design_bound_arithmetic(cat):
    prob = prepare(_ring(shared_duct=True), catalogue=cat).problem
    pen = unserved_penalty(prob)
    c = 1  # the second route of the resilient demand
    req = prob.commodities[c].req
    assert design_bound(prob, 5.0, {}) == 5.0  # serves everything: the bound holds as it is
    assert design_bound(prob, None, {}) is None
    assert design_bound(prob, pen + 7.0, {c: req}) == pytest.approx(7.0)
    assert design_bound(prob, pen - 7.0, {c: req}) is None  # a design might serve more: no claim
    assert design_bound(prob, 0.5 * pen + 3.0, {c: 0.5 * req}) == pytest.approx(3.0)


def test_disjoint_routes_avoid_a_shared_trusted_node(cat, reach):
    hop = 0.6 * reach
    sites, fibers = _two_paths(1.0, hop, reach)
    plan = _plan(sites, fibers, [Demand("d", "A", "B", required_bps=1e-3, disjoint_paths=2)])
    for solver in ("heuristic", "exact"):
        d = design(plan, catalogue=cat, solver=solver, time_limit_s=5)
        r = d.demand("d")
        assert r.resilient and {x.sites[1] for x in r.routes} == {"R1", "R2"}


def test_unreachable_demands_get_the_right_reason(cat, reach):
    sites = [_site("A", 0), _site("B", 1000), _site("C", 2000), _site("D", 3000), _site("E", 4000),
             _site("F", 5000)]
    fibers = [_fiber("f1", "A", "B", 2 * reach), _fiber("f2", "C", "D", 3.0), _fiber("f3", "E", "F", 0.5 * reach)]
    hi = float(link_performance(cat[DEV], 0.5 * reach).key_rate_bps) * 10
    plan = _plan(sites, fibers, [Demand("lossy", "A", "B", required_bps=1.0),
                                 Demand("nofiber", "A", "C", required_bps=1.0),
                                 Demand("ok", "C", "D", required_bps=1.0),
                                 Demand("slow", "E", "F", required_bps=hi)])
    d = design(plan, catalogue=cat, solver="heuristic")
    assert d.demand("ok").feasible and d.demand("ok").reason is None
    assert d.demand("nofiber").reason.startswith("no fiber path")
    assert d.demand("lossy").reason.startswith("no relay site within reach")
    assert d.demand("slow").reason.startswith("rate too low even at best")
    assert d.demand("slow").reason.endswith(f"{rate_text(hi)} required")  # rates with a friendly unit
    assert d.demand("slow").best_alone_bps == pytest.approx(hi / 10, rel=1e-3)
    # the same reasons as codes and figures (what the report and the app translate)
    assert d.demand("ok").reason_code is None and d.demand("ok").reason_args == {}
    assert d.demand("nofiber").reason_args == {"a": "A", "b": "C"}
    lossy, slow = d.demand("lossy"), d.demand("slow")
    assert (lossy.reason_code, slow.reason_code) == ("out_of_reach", "rate_too_low")
    assert lossy.reason_args["loss_db"] > lossy.reason_args["reach_db"]
    assert slow.reason_args == {"best_bps": slow.best_alone_bps, "required_bps": hi}
    for r in d.demands:
        assert r.feasible or r.reason == REASONS[r.reason_code].format(**shown_args(r.reason_args))


def test_validation_before_solving():
    plan = _chain(2, 5.0)
    plan.demands["bad"] = Demand("bad", "A", "nowhere", required_bps=1.0)
    with pytest.raises(ValidationError) as e:
        evaluate(plan)
    assert e.value.element == "bad"
    plan = _chain(2, 5.0)
    plan.fibers["fx"] = Fiber(id="fx", a="A", b="ghost", length_m=10.0)
    with pytest.raises(ValidationError) as e:
        design(plan)
    assert e.value.element == "fx"
    with pytest.raises(ValidationError):
        design(_chain(2, 5.0), solver="magic")
    with pytest.raises(ValidationError):
        design(_chain(2, 5.0), demand_ids=["nope"])


def test_prebuilt_links_and_nodes_cost_nothing(cat, reach):
    plan = _chain(4, 0.45 * reach)
    first = design(plan, catalogue=cat, solver="heuristic")
    again = design(plan, catalogue=cat, solver="heuristic", prebuilt_links=first.links,
                   prebuilt_nodes=first.trusted_nodes)
    assert again.cost.total == pytest.approx(0.0)
    assert again.demand("d").feasible


@pytest.fixture(scope="module")
def harbor_eval():
    return evaluate(load_plan(resource_example("harbor.qkdplan")), solver="heuristic", time_limit_s=2)


def resource_example(name):
    from pathlib import Path

    return Path(__file__).resolve().parents[2] / "examples" / name


def test_example_golden(harbor_eval):
    j = harbor_eval.to_json()
    text = json.dumps(j, allow_nan=False)  # no NaN or infinity anywhere
    assert text
    plan = load_plan(resource_example("harbor.qkdplan"))
    assert len(j["fibers"]) == 58 and len(j["demands"]) == 24
    for f in j["fibers"]:
        assert {"id", "length_m", "loss_db", "from", "to", "budget"} <= set(f)
    for lk in j["links"]:
        assert {"id", "a", "b", "path", "loss_db", "device", "key_rate_bps", "qber"} <= set(lk)
        assert lk["key_rate_bps"] >= lk["load_bps"] > 0
    for d in j["demands"]:
        assert {"id", "a", "b", "required_bps", "feasible", "end_to_end_bps", "route", "relays", "reason"} <= set(d)
        assert d["feasible"], d
        assert d["end_to_end_bps"] >= d["required_bps"]
        assert d["route"][0] == d["a"] and d["route"][-1] == d["b"]
    assert set(j["trusted_nodes"]) <= {s.id for s in plan.sites.values() if s.can_relay}
    # the 26 km colocation link needs a trusted node on the way
    colo = next(d for d in j["demands"] if d["id"] == "d-21")
    assert colo["relays"]
    assert {"capex", "parts"} <= set(j["cost"]) and j["cost"]["capex"] > j["cost"]["optimised"]["total"] > 0
    assert {"method", "status", "gap", "seconds"} <= set(j["solver"])
    d20 = next(d for d in j["demands"] if d["id"] == "d-20")
    assert d20["resilient"] is True and len(d20["routes"]) == 2
    drill = j["attack_drill"]
    assert len(drill) == len(j["links"]) and all(r["aborts"] for r in drill)
    assert all(0 < r["min_detected_fraction"] < 1 for r in drill if r["threshold"])
    assert len(j["direct_paths"]) == 24


def test_example_exact_reports_method_and_gap():
    e = evaluate(load_plan(resource_example("harbor.qkdplan")), solver="exact", time_limit_s=3)
    s = e.to_json()["solver"]
    assert s["method"] in ("exact", "heuristic") and s["requested"] == "exact"
    assert s["gap"] is not None and 0 <= s["gap"] < 0.25
    assert s["bound"] <= s["objective"] + 1e-6


@settings(max_examples=12, deadline=None)
@given(st.lists(st.floats(min_value=1.0, max_value=20.0), min_size=1, max_size=6),
       st.floats(min_value=1e-3, max_value=50.0))
def test_random_chains_are_consistent(cat, segs, req):
    sites = [_site("A", 0)] + [_site(f"R{i}", i * 1000, relay=True) for i in range(1, len(segs))] + \
        [_site("B", len(segs) * 1000)]
    ids = [s.id for s in sites]
    fibers = [_fiber(f"f{i}", ids[i], ids[i + 1], x) for i, x in enumerate(segs)]
    plan = _plan(sites, fibers, [Demand("d", "A", "B", required_bps=req)])
    d = design(plan, catalogue=cat, solver="heuristic", time_limit_s=1)
    r = d.demand("d")
    for lk in d.links:
        assert lk.load_bps <= lk.key_rate_bps * (1 + 1e-9)
        assert math.isfinite(lk.loss_db)
    if r.feasible:
        assert r.end_to_end_bps >= req * (1 - 1e-9)
        assert set(r.relays) == set(d.trusted_nodes)
    else:
        assert r.reason
    # an extra identical demand never makes the design cheaper
    plan2 = replace(plan, demands={**plan.demands, "d2": Demand("d2", "A", "B", required_bps=req)})
    d2 = design(plan2, catalogue=cat, solver="heuristic", time_limit_s=1)
    if all(x.feasible for x in d2.demands):
        assert d2.cost.total >= d.cost.total - 1e-6
