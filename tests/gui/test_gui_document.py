"""The GUI document: engine operations through the undo stack, change signals, merges, and a
property test (random edits, undo all, same plan)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.errors import ValidationError
from planner.gui.document import PlanDocument
from planner.io import dumps_plan
from planner.model import AddElement, Demand, Fiber, KeyProfile, Plan, Section, Site


def small_plan() -> Plan:
    p = Plan()
    for i, (x, y) in enumerate([(0, 0), (500, 0), (500, 400), (0, 400)]):
        p.sites[f"s{i}"] = Site(f"s{i}", f"Site {i}", "terminal_ops" if i else "data_centre", float(x), float(y))
    p.fibers["f0"] = Fiber("f0", "s0", "s1", vertices=((250.0, -20.0),))
    p.fibers["f1"] = Fiber("f1", "s1", "s2")
    p.sections["sec"] = Section("sec", "Yard", ((-50.0, -50.0), (600.0, -50.0), (600.0, 450.0), (-50.0, 450.0)))
    p.demands["d0"] = Demand("d0", "s0", "s2", profile=KeyProfile("aes256"))
    return p


@pytest.fixture
def doc(qapp):
    return PlanDocument(small_plan())


def test_signals_are_fine_grained(doc, qtbot):
    seen = []
    doc.element_added.connect(lambda k, i: seen.append(("add", k, i)))
    doc.element_changed.connect(lambda k, i: seen.append(("change", k, i)))
    doc.element_removed.connect(lambda k, i: seen.append(("remove", k, i)))
    doc.edit("site", "s1", x_m=510.0)
    assert seen == [("change", "site", "s1")]
    seen.clear()
    doc.delete([("site", "s0")])
    assert ("remove", "fiber", "f0") in seen and ("remove", "demand", "d0") in seen
    assert seen[-1] == ("remove", "site", "s0")
    seen.clear()
    doc.undo_stack.undo()
    assert [s[0] for s in seen] == ["add"] * 3 and seen[0] == ("add", "site", "s0")


def test_delete_with_dependents_is_one_step_and_restores_order(doc):
    before = dumps_plan(doc.plan)
    doc.delete([("site", "s1"), ("fiber", "f0")])
    assert doc.undo_stack.count() == 1
    assert "s1" not in doc.plan.sites and not doc.plan.fibers
    doc.undo_stack.undo()
    assert dumps_plan(doc.plan) == before


def test_refused_edit_leaves_plan_and_stack_unchanged(doc):
    before = dumps_plan(doc.plan)
    with pytest.raises(ValidationError) as e:
        doc.edit("fiber", "f0", splices=-3)
    assert e.value.element == "f0" and e.value.field == "splices"
    assert doc.undo_stack.count() == 0 and dumps_plan(doc.plan) == before


def test_successive_edits_merge_and_clean_state_tracks_modified(doc):
    assert not doc.is_modified()
    doc.edit("site", "s1", merge_key=("move", "s1"), x_m=510.0)
    doc.edit("site", "s1", merge_key=("move", "s1"), x_m=520.0)
    doc.edit("site", "s1", merge_key=("move", "s1"), x_m=530.0)
    assert doc.undo_stack.count() == 1 and doc.is_modified()
    doc.undo_stack.undo()
    assert doc.plan.sites["s1"].x_m == 500.0 and not doc.is_modified()
    doc.undo_stack.redo()
    assert doc.plan.sites["s1"].x_m == 530.0


EDITS = st.lists(st.tuples(st.sampled_from(["move", "add_site", "add_fiber", "delete", "rename", "splices",
                                            "status", "section"]),
                           st.integers(0, 50), st.floats(-2000, 2000, allow_nan=False)),
                 min_size=1, max_size=25)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_random_edits_then_undo_all_gives_the_original_plan(qapp, edits):
    doc = PlanDocument(small_plan())
    original = dumps_plan(doc.plan)
    states = [original]
    for action, n, value in edits:
        plan = doc.plan
        sites = sorted(plan.sites)
        try:
            if action == "move" and sites:
                sid = sites[n % len(sites)]
                doc.edit("site", sid, merge_key=("move", sid), x_m=value, y_m=value / 3)
            elif action == "add_site":
                sid = plan.new_id("site")
                doc.push(AddElement("site", Site(sid, "New", "gate", value, -value)))
            elif action == "add_fiber" and len(sites) >= 2:
                a, b = sites[n % len(sites)], sites[(n + 1) % len(sites)]
                doc.push(AddElement("fiber", Fiber(plan.new_id("fiber"), a, b, vertices=((value, value),))))
            elif action == "delete":
                keys = [(k, i) for k in ("site", "fiber", "demand", "section") for i in plan.collection(k)]
                if keys:
                    doc.delete([keys[n % len(keys)]])
            elif action == "rename" and sites:
                doc.edit("site", sites[n % len(sites)], name=f"renamed {value:.1f}")
            elif action == "splices" and plan.fibers:
                fid = sorted(plan.fibers)[n % len(plan.fibers)]
                doc.edit("fiber", fid, merge_key=("field", "splices", fid), splices=n)
            elif action == "status" and plan.fibers:
                fid = sorted(plan.fibers)[n % len(plan.fibers)]
                doc.edit_many([("fiber", f) for f in plan.fibers], "status", status=["existing", "planned"][n % 2])
            elif action == "section" and plan.sections:
                sid = sorted(plan.sections)[0]
                d = abs(value) + 10
                doc.edit("section", sid, polygon=((0.0, 0.0), (d, 0.0), (d, d)))
        except ValidationError:
            pass  # refused edits change nothing (checked below)
        assert dumps_plan(doc.plan) is not None
        states.append(dumps_plan(doc.plan))
    final = dumps_plan(doc.plan)
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert dumps_plan(doc.plan) == original
    while doc.undo_stack.canRedo():
        doc.undo_stack.redo()
    assert dumps_plan(doc.plan) == final
