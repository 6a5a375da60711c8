"""Cost book: defaults with sources, plan overrides, validation, prices."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.costs import load_cost_book
from planner.errors import ValidationError
from planner.model import Plan
from planner.model.elements import GROUND_TYPES, Site
from planner.resources import resource_path


@dataclass(frozen=True)
class Dev:
    id: str
    price: float | None = None
    price_class: str | None = None


def plan_with(costs) -> Plan:
    p = Plan()
    p.costs = costs
    return p


def test_every_default_has_a_source_and_a_unit():
    data = json.loads(resource_path("costs.json").read_text(encoding="utf-8"))
    assert data["currency"] and data["price_year"] >= 2020
    for key, item in data["items"].items():
        assert isinstance(item["value"], int | float) and math.isfinite(item["value"]), key
        assert item["source"].strip(), key
        assert item["unit"].strip(), key
    for ground in GROUND_TYPES:
        assert f"fiber.trench_per_m.{ground}" in data["items"]


def test_defaults_load_and_are_immutable():
    book = load_cost_book()
    assert book.currency == "EUR"
    assert book.get("engineering.fraction") == pytest.approx(0.15)
    with pytest.raises(TypeError):
        book.values["engineering.fraction"] = 0.3  # type: ignore[index]
    with pytest.raises(AttributeError):
        book.currency = "USD"  # type: ignore[misc]


def test_flat_and_nested_overrides_merge():
    book = load_cost_book(plan_with({"fiber.trench_per_m.quay": 200, "training": {"per_site": 0},
                                     "currency": "USD", "price_year": 2026}))
    assert book.get("fiber.trench_per_m.quay") == 200
    assert book.get("training.per_site") == 0
    assert book.currency == "USD" and book.price_year == 2026
    assert book.source("fiber.trench_per_m.quay") == "plan"
    assert set(book.overridden) == {"fiber.trench_per_m.quay", "training.per_site", "currency", "price_year"}


def test_unknown_key_is_warned_not_applied():
    warnings: list[str] = []
    book = load_cost_book(plan_with({"fibre.trench": 3}), warnings=warnings)
    assert any("fibre.trench" in w for w in warnings)
    assert "fibre.trench" not in book.values
    assert book.warnings == tuple(warnings)


@pytest.mark.parametrize("value,word", [(-1, "negative"), (float("nan"), "finite"), (float("inf"), "finite"),
                                        ("12", "number"), (True, "number"), (None, "number")])
def test_bad_override_names_the_key(value, word):
    with pytest.raises(ValidationError) as e:
        load_cost_book(plan_with({"fiber.cable_per_m": value}))
    assert e.value.element == "costs" and e.value.field == "fiber.cable_per_m"
    assert word in str(e.value)


def test_fraction_and_positive_limits():
    with pytest.raises(ValidationError, match="fraction"):
        load_cost_book(plan_with({"maintenance.fraction_per_year": 10}))
    with pytest.raises(ValidationError) as e:
        load_cost_book(plan_with({"fiber.splice_spacing_m": 0}))
    assert e.value.field == "fiber.splice_spacing_m"
    with pytest.raises(ValidationError):
        load_cost_book(plan_with({"device_price_class.premium": 5}))
    with pytest.raises(ValidationError):
        load_cost_book(plan_with({"price_year": "2025"}))


def test_device_price_precedence():
    book = load_cost_book()
    assert book.device_pair_price(Dev("a", price=90_000)) == 90_000
    assert book.device_pair_price(Dev("b")) == book.get("device_default_class.medium")
    assert book.device_pair_price(Dev("c", price_class="high")) == book.get("device_default_class.high")
    book = load_cost_book(plan_with({"device_price_class.medium": 70_000, "device_price.a": 10_000}))
    assert book.device_pair_price(Dev("a", price=90_000)) == 10_000
    assert book.device_pair_price(Dev("z", price=90_000, price_class="medium")) == 70_000
    assert book.device_pair_price(Dev("y", price=90_000, price_class="low")) == 90_000
    assert "device_price.a" in book.device_price_source(Dev("a"))


def test_relay_fit_out_uses_site_cost():
    book = load_cost_book()
    default = (book.get("trusted_node.secure_room") + book.get("trusted_node.kms_server")
               + book.get("trusted_node.power"))
    assert book.relay_fit_out() == default
    assert book.relay_fit_out(Site("s", "s", "data_centre", 0, 0, can_relay=True)) == default
    assert book.relay_fit_out(Site("s", "s", "data_centre", 0, 0, can_relay=True, relay_cost=42.0)) == 42.0


def test_fiber_costs():
    book = load_cost_book()
    assert book.fiber_cost_per_m("duct") < book.fiber_cost_per_m("soft") < book.fiber_cost_per_m("paved") \
        < book.fiber_cost_per_m("quay")
    per_m = book.fiber_cost_per_m("paved")
    # 4.5 km of cable: two end splices and two closures (every 2 km)
    assert book.splice_count(4500) == 4
    assert book.new_fiber_cost(4500, "paved") == pytest.approx(4500 * per_m + 4 * book.get("fiber.splice_each"))
    assert book.new_fiber_cost(0, "soft") == pytest.approx(2 * book.get("fiber.splice_each"))
    with pytest.raises(ValidationError):
        book.fiber_cost_per_m("marsh")
    with pytest.raises(ValidationError):
        book.new_fiber_cost(-1, "soft")


@given(st.floats(0, 50_000), st.floats(0, 50_000), st.sampled_from(GROUND_TYPES))
def test_fiber_cost_monotone_in_length(a, b, ground):
    book = load_cost_book()
    lo, hi = sorted((a, b))
    assert book.new_fiber_cost(lo, ground) <= book.new_fiber_cost(hi, ground) + 1e-9


def test_to_json_lists_sources():
    data = load_cost_book(plan_with({"kms.central": 1})).to_json()
    assert data["items"]["kms.central"] == {"value": 1.0, "unit": data["items"]["kms.central"]["unit"],
                                             "source": "plan"}
    assert data["overridden"] == ["kms.central"]
