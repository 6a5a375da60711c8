"""The rollout of the bundled example on the real network design, and the CLI."""

from __future__ import annotations

import json
import sys

import pytest

from planner.cli import main
from planner.costs import capex, design_build_set, load_cost_book
from planner.io import load_plan
from planner.resources import example_plan
from planner.rollout.simulate import simulate
from planner.rollout.view import view_from_design


@pytest.fixture(scope="module")
def example():
    from planner.network.design import design

    plan = load_plan(example_plan())
    book = load_cost_book(plan)
    d = design(plan, solver="heuristic", time_limit_s=2.0, cost_book=book)
    return plan, book, d, view_from_design(plan, d, book)


@pytest.mark.parametrize("strategy", ["contiguous", "priority", "greedy"])
def test_example_rollout_contract(example, strategy):
    plan, book, d, view = example
    sim = simulate(plan, strategy=strategy, book=book, view=view)
    ph = sim.phases
    assert ph[0].sections == (plan.rollout.seed_section,)
    covs = [p.coverage for p in ph]
    assert all(b >= a for a, b in zip(covs, covs[1:], strict=False))
    feasible = {r.id for r in d.demands if r.feasible}
    assert {x for p in ph for x in p.demands} == feasible
    assert ph[-1].coverage == pytest.approx(sum(plan.demands[i].priority for i in feasible)
                                            / sum(x.priority for x in plan.demands.values()))
    whole = capex(book, design_build_set(plan, d))
    assert sum(p.capex for p in ph) == pytest.approx(ph[-1].cumulative_capex, rel=1e-12)
    assert round(ph[-1].cumulative_capex, 2) == round(whole, 2)
    assert sim.total_capex == pytest.approx(sim.design_capex, rel=1e-12)


def test_whole_capex_prices_the_optimiser_objective(example):
    """The optimiser's objective (links, nodes, new fibers from the same book) plus the parts it
    does not choose (central KMS, endpoint agents, training) times engineering is the CAPEX."""
    plan, book, d, view = example
    build = design_build_set(plan, d)
    fixed = (book.get("kms.central") + len(build.endpoint_sites) * book.get("kms.endpoint_site")
             + (len(build.endpoint_sites) + len(build.trusted_nodes)) * book.get("training.per_site"))
    assert capex(book, build) == pytest.approx((d.cost.total + fixed) * (1 + book.get("engineering.fraction")),
                                               rel=1e-9)


def test_example_availability_and_growth(example):
    plan, book, d, view = example
    sim = simulate(plan, book=book, view=view, availability_trials=100, availability_seed=4)
    a = sim.availability
    assert a is not None and 0.99 < a.mean <= 1 and a.ci95[0] <= a.mean <= a.ci95[1]
    # the key store only helps
    assert a.mean >= a.analytic_no_store - 3 * (a.ci95[1] - a.ci95[0])
    again = simulate(plan, book=book, view=view, availability_trials=100, availability_seed=4)
    assert again.availability == a


def run_cli(capsys, *argv):
    code = main(["simulate", str(example_plan()), "--solver", "heuristic", "--time-limit", "2", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_json(capsys, tmp_path):
    png = tmp_path / "rollout.png"
    code, out, err = run_cli(capsys, "--json", "--strategy", "greedy", "--budget-per-year", "1000000",
                             "--years", "12", "--availability", "--trials", "50", "--growth", "0.1",
                             "--plot", str(png))
    assert code == 0, err
    data = json.loads(out)
    assert set(data) >= {"phases", "total_capex", "opex_per_year", "tco", "availability"}
    for p in data["phases"]:
        assert set(p) >= {"index", "sections", "sites", "demands", "trusted_nodes", "capex", "cumulative_capex",
                          "coverage", "year"}
    assert data["phases"][0]["sections"] == ["ops-campus"] and data["strategy"] == "greedy"
    years = [p["year"] for p in data["phases"]]
    assert years == sorted(years) and years[-1] >= 2027 + 3  # about 4 M at 1 M a year
    assert data["years"] == 12 and data["whatif"]["growth"]["rate_per_year"] == 0.1
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_table_and_errors(capsys, monkeypatch, tmp_path):
    code, out, _ = run_cli(capsys, "--seed-section", "ops-campus", "--strategy", "contiguous")
    assert code == 0 and "Total CAPEX" in out and "ops-campus" in out
    code, _, err = run_cli(capsys, "--seed-section", "nowhere")
    assert code == 2 and "seed_section" in err and "Traceback" not in err
    code, _, err = run_cli(capsys, "--budget-per-year", "-3")
    assert code == 2 and "budget_per_year" in err
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    code, _, err = run_cli(capsys, "--plot", str(tmp_path / "x.png"))
    assert code == 2 and "matplotlib" in err


def test_last_phase_equals_evaluate_capex():
    """Cumulative CAPEX of the last phase = whole-port CAPEX that ``evaluate`` reports."""
    from planner.network.evaluate import evaluate

    plan = load_plan(example_plan())
    ev = evaluate(plan, solver="heuristic", time_limit_s=2.0)
    for strategy in ("contiguous", "greedy"):
        sim = simulate(plan, strategy=strategy, design=ev.design)
        assert round(sim.phases[-1].cumulative_capex, 2) == pytest.approx(ev.cost["capex"], abs=0.01)
        assert round(sum(p.capex for p in sim.phases), 2) == pytest.approx(ev.cost["capex"], abs=0.01)
