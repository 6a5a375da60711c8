"""Fuzzing the other file loaders: DXF underlays, device files and catalogues, the cost book.

Every outcome is a result or a ``PlanError``; never another exception.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from jsonfuzz import (
    NASTY_NUMBERS,
    fuzz_settings,
    json_values,
    leaf_any,
    leaf_finite,
    mutated,
    share,
)

from planner.errors import PlanError
from planner.io.dxf import load_dxf
from planner.resources import resource_path

MINI_DXF = (b"0\nSECTION\n2\nENTITIES\n"
            b"0\nLINE\n5\n1A\n8\nROADS\n10\n0.0\n20\n0.0\n11\n100.0\n21\n5.0\n"
            b"0\nPOLYLINE\n5\n1B\n8\nDUCTS\n66\n1\n70\n1\n10\n0.0\n20\n0.0\n"
            b"0\nVERTEX\n5\n1E\n8\nDUCTS\n10\n0.0\n20\n0.0\n0\nVERTEX\n5\n1F\n8\nDUCTS\n10\n10.0\n20\n0.0\n"
            b"0\nVERTEX\n5\n20\n8\nDUCTS\n10\n10.0\n20\n10.0\n0\nSEQEND\n5\n21\n8\nDUCTS\n"
            b"0\nARC\n5\n1C\n8\nROADS\n10\n5.0\n20\n5.0\n40\n2.5\n50\n0.0\n51\n270.0\n"
            b"0\nCIRCLE\n5\n1D\n8\n0\n10\n50.0\n20\n50.0\n40\n5.0\n"
            b"0\nENDSEC\n0\nEOF\n")
_DXF_TOKENS = [b"nan", b"inf", b"-1e999", b"1e308", b"0", b"-1", b"LINE", b"ARC", b"POLYLINE", b"VERTEX", b"SEQEND",
               b"ENDSEC", b"EOF", b"SECTION", b"\x00", b"\xff\xfe", b"999999999999", b"1e12", b"10", b"40", b"\n"]


def test_mini_dxf_loads(scratch):
    p = scratch / "mini.dxf"
    p.write_bytes(MINI_DXF)
    assert len(load_dxf(p)) == 4


@st.composite
def dxf_mutations(draw) -> bytes:
    lines = MINI_DXF.split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["replace", "delete", "insert", "truncate", "duplicate"]))
        if op == "replace":
            lines[i] = draw(st.sampled_from(_DXF_TOKENS) | st.binary(max_size=6))
        elif op == "delete":
            del lines[i:i + draw(st.integers(1, 4))]
        elif op == "insert":
            lines.insert(i, draw(st.sampled_from(_DXF_TOKENS)))
        elif op == "duplicate":
            lines[i:i] = lines[i:i + draw(st.integers(1, 12))]
        else:
            del lines[i:]
        if not lines:
            lines = [b""]
    return b"\n".join(lines)


@fuzz_settings(share(0.5))
@given(raw=dxf_mutations(), layers=st.sampled_from([(), ("ROADS",), ("DUCTS", "0")]))
def test_damaged_dxf_is_loaded_or_refused(raw, layers, scratch, fuzz_count):
    fuzz_count["dxf (damaged drawing)"] += 1
    p = scratch / "fuzz.dxf"
    p.write_bytes(raw)
    try:
        lines = load_dxf(p, layers)
    except PlanError as e:
        assert str(e).strip()
        return
    for line in lines:
        assert len(line) >= 2 and all(abs(c) <= 1e8 for pt in line for c in pt)


# -- devices ---------------------------------------------------------------------------------------
devices = pytest.importorskip("planner.physics.devices")
CATALOGUE = json.loads(resource_path("devices.json").read_text(encoding="utf-8"))
ONE_DEVICE = CATALOGUE["devices"][0]


@fuzz_settings(share(0.4))
@given(data=mutated(ONE_DEVICE, leaves=leaf_any, max_mutations=3))
def test_mutated_device_is_built_or_refused(data, fuzz_count):
    fuzz_count["device (mutated)"] += 1
    try:
        dev = devices.device_from_dict(data)
    except PlanError as e:
        assert str(e).strip()
        return
    assert isinstance(dev, devices.Device)


@fuzz_settings(share(0.1))
@given(data=mutated(CATALOGUE, leaves=leaf_finite, max_mutations=3))
def test_mutated_catalogue_file_is_loaded_or_refused(data, scratch, fuzz_count):
    fuzz_count["device catalogue (mutated file)"] += 1
    p = scratch / "devices.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    try:
        devices.load_catalogue(p)
    except PlanError:
        pass


# -- cost book ---------------------------------------------------------------------------------
book = pytest.importorskip("planner.costs.book")
COSTS = json.loads(resource_path("costs.json").read_text(encoding="utf-8"))
_cost_keys = st.sampled_from(sorted(COSTS["items"]) + ["currency", "price_year", "device_price.x",
                                                        "device_price_class.low", "device_price_class.gold"])


@fuzz_settings(share(0.4))
@example(overrides={"price_year": 10**400})  # found by the long run
@example(overrides={"price_year": "2025", "currency": ["EUR"]})
@given(overrides=st.dictionaries(_cost_keys | st.text(max_size=6), st.one_of(
    st.sampled_from(NASTY_NUMBERS), st.floats(allow_nan=False), json_values(leaf_finite, max_leaves=4)), max_size=4))
def test_plan_cost_overrides_are_applied_or_refused(overrides, fuzz_count):
    fuzz_count["cost book (plan overrides)"] += 1
    try:
        b = book.cost_book_from_data(COSTS, overrides, warnings=[])
    except PlanError as e:
        assert str(e).strip()
        return
    assert all(0 <= v <= 1e12 for v in b.values.values())


@fuzz_settings(share(0.1))
@given(data=mutated(COSTS, leaves=leaf_finite, max_mutations=2))
def test_mutated_cost_file_is_loaded_or_refused(data, scratch, fuzz_count):
    fuzz_count["cost book (mutated file)"] += 1
    p = scratch / "costs.json"
    p.write_text(json.dumps(data), encoding="utf-8")
    try:
        book.load_cost_book(path=p)
    except PlanError:
        pass
