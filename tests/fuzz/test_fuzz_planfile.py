"""Fuzzing the ``.qkdplan`` loader: every outcome is a ``Plan`` or a ``PlanError``, never another
exception; whatever loads also saves and loads again to the same text."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st
from jsonfuzz import (
    fuzz_settings,
    json_values,
    leaf_any,
    mutated,
    share,
    small_plan,
)

from planner.errors import PlanError
from planner.io.planfile import dumps_plan, load_plan, plan_from_data, plan_to_data
from planner.model import Plan

BASE = plan_to_data(small_plan())
BASE_TEXT = dumps_plan(small_plan()).encode("utf-8")


def _load_or_refuse(data) -> Plan | None:
    try:
        plan = plan_from_data(data, warnings=[])
    except PlanError as e:
        assert str(e).strip(), "an error must say something"
        return None
    assert isinstance(plan, Plan)
    return plan


def _round_trips(plan: Plan) -> None:
    """A loaded plan saves, and the saved text loads back and saves to the same text."""
    try:
        text = dumps_plan(plan)
    except PlanError:
        return  # refused with a clear message: acceptable, nothing half-written
    again = plan_from_data(json.loads(text))
    assert dumps_plan(again) == text


@fuzz_settings(share(0.6))
@given(data=mutated(BASE, leaves=leaf_any))
def test_mutated_plan_is_loaded_or_refused(data, fuzz_count):
    fuzz_count["qkdplan (mutated JSON)"] += 1
    plan = _load_or_refuse(data)
    if plan is not None:
        _round_trips(plan)


@fuzz_settings(share(0.1))
@given(data=json_values(leaf_any, max_leaves=30))
def test_arbitrary_json_is_refused(data, fuzz_count):
    fuzz_count["qkdplan (random JSON)"] += 1
    plan = _load_or_refuse(data)
    if plan is not None:
        _round_trips(plan)


@st.composite
def byte_mutations(draw) -> bytes:
    raw = bytearray(BASE_TEXT)
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["truncate", "flip", "insert", "delete"]))
        pos = draw(st.integers(0, max(0, len(raw) - 1)))
        if op == "truncate":
            del raw[pos:]
        elif op == "flip" and raw:
            raw[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            raw[pos:pos] = draw(st.sampled_from([b"\xff", b"\x00", b"NaN", b"-Infinity", b"1e999", b"[" * 200,
                                                 b"\"", b",", b"}", b"\xef\xbb\xbf", b"\\ud800",
                                                 b"9" * 5000]))
        elif raw:
            del raw[pos:pos + draw(st.integers(1, 40))]
    return bytes(raw)


@fuzz_settings(share(0.3))
@given(raw=byte_mutations())
def test_damaged_file_is_loaded_or_refused(raw, scratch, fuzz_count):
    fuzz_count["qkdplan (damaged bytes)"] += 1
    path = scratch / "plan.qkdplan"
    path.write_bytes(raw)
    try:
        plan = load_plan(path, warnings=[])
    except PlanError as e:
        assert e.source == str(path) or str(path) in str(e)
        return
    _round_trips(plan)
