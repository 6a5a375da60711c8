"""What-ifs: environment degradation, key demand growth, a device class withdrawn."""

from __future__ import annotations

import math

import pytest

from planner.errors import ValidationError
from planner.io import load_plan
from planner.resources import example_plan
from planner.rollout.whatif import catalogue_without, degraded_plan, growth_headroom


def test_degraded_plan_adds_margin_without_touching_the_original():
    plan = load_plan(example_plan())
    before = dict(plan.loss.environment_margin_db)
    worse = degraded_plan(plan, 2.0)
    assert worse.loss.environment_margin_db["quay_crane"] == pytest.approx(before["quay_crane"] + 2)
    assert worse.loss.environment_margin_db["aerial"] == pytest.approx(before["aerial"] + 2)
    assert worse.loss.environment_margin_db["buried"] == before["buried"]
    assert plan.loss.environment_margin_db == before
    from planner.network.budget import fiber_budgets

    a, b = fiber_budgets(plan), fiber_budgets(worse)
    i = a.ids.index("f-07")  # a quay-crane run
    assert b.loss_db[i] == pytest.approx(a.loss_db[i] + 2)
    with pytest.raises(ValidationError):
        degraded_plan(plan, math.nan)
    with pytest.raises(ValidationError):
        degraded_plan(plan, 1.0, ("underwater",))


def test_catalogue_without():
    plan = load_plan(example_plan())
    from planner.network.candidates import resolve_devices

    full = resolve_devices(plan)
    some = next(iter(full.values()))
    kept = catalogue_without(plan, some.protocol)
    assert kept and all(d.protocol != some.protocol for d in kept.values())
    assert set(catalogue_without(plan, some.id)) == set(full) - {some.id}
    with pytest.raises(ValidationError):
        catalogue_without(plan, "no-such-device")


def test_growth_headroom(port):
    _, _, view = port
    g = growth_headroom(view, 0.2, 5)
    rows = {r["id"]: r for r in g["demands"]}
    # d-d has margin 800/500 = 1.6: short after ln 1.6 / ln 1.2 = 2.58 years
    assert rows["d-d"]["headroom_years"] == pytest.approx(math.log(1.6) / math.log(1.2), abs=0.01)
    assert g["first_shortfall_after_years"] == rows["d-x"]["headroom_years"]  # margin 1.2, the smallest
    assert "d-a" not in g["short_within_horizon"] and "d-d" in g["short_within_horizon"]
    assert "d-bc" not in rows  # infeasible demands have no headroom
    assert growth_headroom(view, 0.0, 5)["short_within_horizon"] == []
    with pytest.raises(ValidationError):
        growth_headroom(view, -0.1, 5)
