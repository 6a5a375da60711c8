"""Numerical safety: extreme but legal plans give finite results, or a clear infeasible reason.

Every number the engine returns (``evaluate`` and ``design``) must be finite; an unserved demand
must say why. Values are taken at the ends of the documented field limits.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonfuzz import fuzz_settings

from planner.errors import ValidationError
from planner.model import Demand, Fiber, Plan, Site
from planner.model.validate import FIELD_LIMITS
from planner.network.evaluate import evaluate


def non_finite(value: Any, path: str = "") -> list[str]:
    """Paths of every NaN or infinity inside a result (dataclasses, mappings, sequences, numpy)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [p for f in dataclasses.fields(value) for p in non_finite(getattr(value, f.name), f"{path}.{f.name}")]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in non_finite(v, f"{path}.{k}")]
    if isinstance(value, list | tuple):
        return [p for i, v in enumerate(value) for p in non_finite(v, f"{path}[{i}]")]
    if hasattr(value, "tolist") and not isinstance(value, str):
        return non_finite(value.tolist(), path)
    if isinstance(value, float) and not math.isfinite(value):
        return [f"{path} = {value}"]
    return []


def two_site_plan(*, demand_bps: float = 1000.0, x_b: float = 1000.0, **fiber: Any) -> Plan:
    plan = Plan()
    plan.sites["a"] = Site("a", "Terminal ops", "terminal_ops", 0.0, 0.0, can_relay=True)
    plan.sites["b"] = Site("b", "Crane control", "crane_control", x_b, 0.0)
    plan.fibers["f"] = Fiber("f", "a", "b", **fiber)
    plan.demands["d"] = Demand("d", "a", "b", required_bps=demand_bps)
    return plan


def _design(plan: Plan):
    design_mod = pytest.importorskip("planner.network.design")
    return design_mod.design(plan, solver="heuristic", time_limit_s=5.0)


def _check(plan: Plan, *, with_design: bool = True) -> None:
    ev = evaluate(plan)
    assert non_finite(ev.to_json()) == []
    if with_design:
        d = _design(plan)
        assert non_finite(d) == []
        for r in d.demands:
            assert r.feasible or (r.reason and r.reason.strip()), r


EXTREMES = [
    pytest.param({"length_m": 0.01}, id="1 cm measured fiber"),
    pytest.param({"length_m": 500_000.0}, id="500 km fiber"),
    pytest.param({"length_m": 1.0e6}, id="1000 km fiber (limit)"),
    pytest.param({"length_m": 1.0e6, "attenuation_db_per_km": 5.0, "splices": 10_000, "splice_loss_db": 3.0,
                  "connectors": 1000, "connector_loss_db": 3.0}, id="every loss at its limit"),
    pytest.param({"loss_db": 0.0}, id="measured loss 0 dB"),
    pytest.param({"loss_db": 200.0}, id="measured loss 200 dB"),
    pytest.param({"classical_channels": 400, "launch_power_dbm": 30.0}, id="400 classical channels at 30 dBm"),
    pytest.param({"classical_channels": 1, "launch_power_dbm": -40.0, "classical_wavelength_nm": 1260.0},
                 id="weak classical channel far from the quantum one"),
    pytest.param({"wavelength_nm": 1310.0, "attenuation_db_per_km": 0.1}, id="O-band, lowest attenuation"),
]


@pytest.mark.parametrize("fiber", EXTREMES)
def test_extreme_fiber_gives_finite_results(fiber):
    _check(two_site_plan(**fiber))


@pytest.mark.parametrize("rate", [1.0e-6, 1.0, 1.0e6, 1.0e9, 1.0e12])
def test_extreme_demand_rates(rate):
    _check(two_site_plan(demand_bps=rate))


def test_sites_at_the_coordinate_limit():
    _check(two_site_plan(x_b=1.0e8))


def test_zero_measured_length_is_a_patch_cord():
    result = evaluate(two_site_plan(length_m=0.0)).to_json()
    (fiber,) = result["fibers"]
    assert fiber["length_m"] == 0.0 and fiber["budget"]["fiber_db"] == 0.0
    assert all(d["feasible"] for d in result["demands"])


def test_negative_measured_length_is_refused_clearly():
    with pytest.raises(ValidationError) as e:
        evaluate(two_site_plan(length_m=-1.0))
    assert (e.value.element, e.value.field) == ("f", "length_m")


def test_a_million_bits_per_second_far_away_is_infeasible_with_a_reason():
    d = _design(two_site_plan(demand_bps=1.0e6, length_m=500_000.0))
    (r,) = d.demands
    assert not r.feasible and r.reason


def _limit(kind: str, field: str):
    lo, hi, integer = FIELD_LIMITS[(kind, field)]
    return st.sampled_from([lo, hi]) | (st.integers(int(lo), int(hi)) if integer else st.floats(lo, hi))


@fuzz_settings(120)
@given(
    fiber=st.fixed_dictionaries({}, optional={
        name: _limit("fiber", name) for name in (
            "length_m", "attenuation_db_per_km", "splices", "splice_loss_db", "connectors", "connector_loss_db",
            "loss_db", "classical_channels", "launch_power_dbm", "classical_wavelength_nm")}),
    rate=_limit("demand", "required_bps"),
    env=st.sampled_from(["indoor", "buried", "aerial", "quay_crane"]),
)
def test_random_legal_extremes_give_finite_results(fiber, rate, env, fuzz_count):
    fuzz_count["engine (legal extremes)"] += 1
    _check(two_site_plan(demand_bps=rate, environment=env, **fiber))
