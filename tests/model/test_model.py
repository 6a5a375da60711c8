"""Plan model: validation names element and field; edit operations invert exactly."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.errors import ValidationError
from planner.model import (
    Demand,
    Fiber,
    KeyProfile,
    Plan,
    Section,
    Site,
    add,
    plan_problems,
    remove_with_dependents,
    update,
    validate_plan,
)
from planner.model.ops import Compound, ReplaceSettings


def small_plan() -> Plan:
    plan = Plan()
    add("section", Section("sec", "Berth", ((0, 0), (500, 0), (500, 300), (0, 300)), 3, "berth")).apply(plan)
    add("site", Site("a", "Crane", "crane_control", 10, 10)).apply(plan)
    add("site", Site("b", "TOS", "terminal_ops", 400, 200, can_relay=True)).apply(plan)
    add("site", Site("j", "Chamber", "junction", 200, 10)).apply(plan)
    add("fiber", Fiber("f1", "a", "j")).apply(plan)
    add("fiber", Fiber("f2", "j", "b", vertices=((200.0, 200.0),))).apply(plan)
    add("demand", Demand("d1", "a", "b", required_bps=512.0)).apply(plan)
    return plan


def test_fiber_length_follows_geometry_and_measured_override():
    plan = small_plan()
    assert plan.fiber_length_m(plan.fibers["f1"]) == pytest.approx(190.0)
    assert plan.fiber_length_m(plan.fibers["f2"]) == pytest.approx(190.0 + 200.0)
    update(plan, "fiber", "f1", length_m=250.0).apply(plan)
    assert plan.fiber_length_m(plan.fibers["f1"]) == 250.0


def test_sites_take_the_section_that_contains_them():
    plan = small_plan()
    add("site", Site("out", "Far away", "data_centre", 9000, 9000)).apply(plan)
    sections = plan.site_sections()
    assert sections["a"] == "sec" and sections["out"] is None


def test_key_profile_derives_required_rate():
    assert KeyProfile("aes256", streams=2, interval_s=1.0).required_bps == 512.0
    assert KeyProfile("aes256", streams=36, interval_s=1.0).required_bps == 9216.0  # 18 cranes, duplex
    assert KeyProfile("otp", data_rate_bps=128_000).required_bps == 128_000.0
    d = Demand("d", "a", "b", profile=KeyProfile("aes256", 2, 10.0))
    assert d.rate_bps == pytest.approx(51.2)


@pytest.mark.parametrize(
    ("kind", "element", "field", "words"),
    [
        ("fiber", Fiber("fx", "a", "nowhere"), "to", "not in the plan"),
        ("fiber", Fiber("fx", "a", "a"), "to", "two different sites"),
        ("fiber", Fiber("fx", "a", "b", attenuation_db_per_km=7.0), "attenuation_db_per_km", "outside"),
        ("fiber", Fiber("fx", "a", "b", attenuation_db_per_km=0.05), "attenuation_db_per_km", "outside"),
        ("fiber", Fiber("fx", "a", "b", length_m=-3.0), "length_m", "outside"),
        ("fiber", Fiber("fx", "a", "b", status="rented"), "status", "not one of"),
        ("fiber", Fiber("fx", "a", "b", environment="space"), "environment", "not one of"),
        ("demand", Demand("dx", "a", "b", required_bps=0.0), "required_bps", "outside"),
        ("demand", Demand("dx", "a", "b", required_bps=-5.0), "required_bps", "outside"),
        ("demand", Demand("dx", "a", "b"), "required_bps", "give required_bps"),
        ("demand", Demand("dx", "a", "j", required_bps=10.0), "to", "junction"),
        ("demand", Demand("dx", "a", "b", required_bps=10.0, disjoint_paths=3), "disjoint_paths", "outside"),
        ("site", Site("sx", "X", "spaceport", 0, 0), "role", "not one of"),
        ("site", Site("sx", "X", "gate", float("nan"), 0), "position", "finite"),
        ("site", Site("sx", "X", "junction", 0, 0, can_relay=True), "can_relay", "junction"),
        ("section", Section("sx", "Bow tie", ((0, 0), (10, 10), (10, 0), (0, 10))), "polygon", "invalid"),
        ("section", Section("sx", "Line", ((0, 0), (10, 10))), "polygon", "at least 3"),
    ],
)
def test_validation_names_element_and_field(kind, element, field, words):
    plan = small_plan()
    with pytest.raises(ValidationError) as info:
        add(kind, element).apply(plan)
    assert info.value.element == element.id
    assert info.value.field == field
    assert words in str(info.value)
    assert element.id not in plan.collection(kind)  # nothing half-applied


def test_duplicate_ids_refused_across_kinds():
    plan = small_plan()
    with pytest.raises(ValidationError, match="already"):
        add("site", Site("f1", "Clash", "gate", 5, 5)).apply(plan)


def test_moving_a_site_onto_its_neighbour_is_refused_when_a_fiber_would_vanish():
    plan = small_plan()
    before = plan.snapshot()
    with pytest.raises(ValidationError) as info:
        update(plan, "site", "a", x_m=200.0, y_m=10.0).apply(plan)
    assert info.value.element == "f1" and info.value.field == "length_m"
    assert plan == before


def test_delete_site_takes_fibers_and_demands_and_undo_restores_order():
    plan = small_plan()
    before = plan.snapshot()
    inverse = remove_with_dependents(plan, "site", "a").apply(plan)
    assert "a" not in plan.sites and "f1" not in plan.fibers and "d1" not in plan.demands
    inverse.apply(plan)
    assert plan == before
    assert list(plan.fibers) == list(before.fibers)


def test_compound_is_all_or_nothing():
    plan = small_plan()
    before = plan.snapshot()
    bad = Compound((add("site", Site("c", "C", "gate", 50, 50)), add("fiber", Fiber("f9", "c", "zz"))))
    with pytest.raises(ValidationError):
        bad.apply(plan)
    assert plan == before


def test_settings_edit_is_validated_and_reversible():
    plan = small_plan()
    new = dataclasses.replace(plan.rollout, seed_section="sec", years=20)
    inv = ReplaceSettings("rollout", plan.rollout, new).apply(plan)
    assert plan.rollout.years == 20
    inv.apply(plan)
    assert plan.rollout.years == 10
    with pytest.raises(ValidationError) as info:
        ReplaceSettings("rollout", plan.rollout, dataclasses.replace(plan.rollout, seed_section="nope")).apply(plan)
    assert info.value.field == "seed_section"
    assert plan.rollout.seed_section is None


def test_plan_problems_lists_everything():
    plan = small_plan()
    plan.fibers["f1"] = dataclasses.replace(plan.fibers["f1"], splices=-1)
    plan.demands["d1"] = dataclasses.replace(plan.demands["d1"], priority=0)
    fields = {(p.element, p.field) for p in plan_problems(plan)}
    assert {("f1", "splices"), ("d1", "priority")} <= fields
    with pytest.raises(ValidationError):
        validate_plan(plan)


# -- property: any sequence of edits, undone in reverse, gives back the original plan -------------

ops = st.sampled_from(["add_site", "move", "rename", "add_fiber", "delete_site", "edit_fiber", "add_demand"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(ops, st.integers(0, 50), st.floats(-500, 500), st.floats(-500, 500)), max_size=25))
def test_random_edits_then_undo_all_restores_the_plan(steps):
    plan = small_plan()
    original = plan.snapshot()
    inverses = []
    for name, k, x, y in steps:
        sites = list(plan.sites)
        s = sites[k % len(sites)] if sites else None
        try:
            if name == "add_site":
                op = add("site", Site(plan.new_id("site"), "New", "gate", x, y))
            elif name == "move" and s:
                op = update(plan, "site", s, x_m=x, y_m=y)
            elif name == "rename" and s:
                op = update(plan, "site", s, name=f"Site {k}")
            elif name == "add_fiber" and len(sites) > 1:
                b = sites[(k + 1) % len(sites)]
                op = add("fiber", Fiber(plan.new_id("fiber"), s, b))
            elif name == "delete_site" and s:
                op = remove_with_dependents(plan, "site", s)
            elif name == "edit_fiber" and plan.fibers:
                fid = list(plan.fibers)[k % len(plan.fibers)]
                op = update(plan, "fiber", fid, splices=k, environment="aerial")
            elif name == "add_demand" and len(sites) > 1:
                b = sites[(k + 1) % len(sites)]
                op = add("demand", Demand(plan.new_id("demand"), s, b, required_bps=100.0 + k))
            else:
                continue
            inverses.append(op.apply(plan))
        except ValidationError:
            continue  # refused edits leave the plan unchanged (checked below by the final equality)
    for inv in reversed(inverses):
        inv.apply(plan)
    assert plan == original
    assert list(plan.sites) == list(original.sites)


def test_deleting_a_section_detaches_sites_and_rollout_and_undo_restores():
    plan = small_plan()
    update(plan, "site", "a", section="sec").apply(plan)
    ReplaceSettings("rollout", plan.rollout,
                    dataclasses.replace(plan.rollout, seed_section="sec", order=("sec",))).apply(plan)
    before = plan.snapshot()
    with pytest.raises(ValidationError, match="still used"):
        from planner.model import RemoveElement

        RemoveElement("section", "sec").apply(plan)
    inverse = remove_with_dependents(plan, "section", "sec").apply(plan)
    assert "sec" not in plan.sections and plan.sites["a"].section is None
    assert plan.rollout.seed_section is None and plan.rollout.order == ()
    validate_plan(plan)
    inverse.apply(plan)
    assert plan == before
