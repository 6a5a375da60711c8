"""Fuzzing the GeoJSON loader: every outcome is a ``Plan`` or a ``PlanError``, never another
exception; whatever loads also exports and imports again."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st
from jsonfuzz import (
    NASTY_NUMBERS,
    fuzz_settings,
    json_values,
    leaf_any,
    mutated,
    share,
    small_plan,
)

from planner.errors import PlanError
from planner.io.geojson import dumps_geojson, load_geojson, plan_from_geojson, plan_to_geojson
from planner.model import Plan

SMALL = small_plan()
SMALL.meta = SMALL.meta.__class__(name="Fuzz", crs="EPSG:32651")
BASE = json.loads(json.dumps(plan_to_geojson(SMALL)))
_PLAIN = {  # a file drawn in a GIS: no planner header
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [121.60, 31.35]},
         "properties": {"layer": "site", "id": "s1", "role": "terminal_ops"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [121.61, 31.355]},
         "properties": {"layer": "site", "id": "s2", "role": "gate", "name": "Gate"}},
        {"type": "Feature", "geometry": {"type": "LineString",
                                         "coordinates": [[121.60, 31.35], [121.605, 31.352], [121.61, 31.355]]},
         "properties": {"layer": "fiber", "id": "f1", "from": "s1", "to": "s2"}},
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[121.59, 31.34], [121.62, 31.34],
                                                                              [121.62, 31.36], [121.59, 31.34]]]},
         "properties": {"layer": "section", "id": "sec", "name": "Yard"}},
        {"type": "Feature", "geometry": None,
         "properties": {"layer": "demand", "id": "d1", "from": "s1", "to": "s2", "required_bps": 100}},
    ],
}


def _check(data) -> None:
    try:
        plan = plan_from_geojson(data, warnings=[])
    except PlanError as e:
        assert str(e).strip()
        return
    assert isinstance(plan, Plan)
    try:
        text = dumps_geojson(plan)
    except PlanError:
        return
    again = plan_from_geojson(json.loads(text))
    assert set(again.sites) == set(plan.sites) and set(again.fibers) == set(plan.fibers)


def test_bases_load():
    assert plan_from_geojson(BASE).sites.keys() == SMALL.sites.keys()
    assert set(plan_from_geojson(_PLAIN).fibers) == {"f1"}


@fuzz_settings(share(0.5))
@given(data=mutated(BASE, leaves=leaf_any))
def test_mutated_planner_geojson_is_loaded_or_refused(data, fuzz_count):
    fuzz_count["geojson (mutated, with header)"] += 1
    _check(data)


_coord_leaves = st.one_of(st.floats(-200, 200), st.sampled_from(NASTY_NUMBERS), st.sampled_from([90, -90, 180, -180]),
                          st.integers(-400, 400))


@fuzz_settings(share(0.3))
@given(data=mutated(_PLAIN, leaves=st.one_of(leaf_any, _coord_leaves)))
def test_mutated_gis_geojson_is_loaded_or_refused(data, fuzz_count):
    fuzz_count["geojson (mutated, GIS file)"] += 1
    _check(data)


@fuzz_settings(share(0.12))
@given(features=st.lists(st.fixed_dictionaries(
    {"type": st.just("Feature"),
     "geometry": st.one_of(st.none(), json_values(leaf_any), st.fixed_dictionaries(
         {"type": st.sampled_from(["Point", "LineString", "Polygon", "MultiPoint", "GeometryCollection"]),
          "coordinates": json_values(_coord_leaves, max_leaves=8)})),
     "properties": st.one_of(json_values(leaf_any), st.fixed_dictionaries(
         {"layer": st.sampled_from(["site", "fiber", "section", "demand", "other"])},
         optional={"id": st.sampled_from(["a", "b", "c"]), "from": st.sampled_from(["a", "b", ["a"], {}]),
                   "to": st.sampled_from(["a", "b", 1]), "role": st.sampled_from(["gate", "junction", 5])}))}),
    max_size=6))
def test_generated_features_are_loaded_or_refused(features, fuzz_count):
    fuzz_count["geojson (generated features)"] += 1
    _check({"type": "FeatureCollection", "features": features})


@fuzz_settings(share(0.08))
@given(raw=st.binary(max_size=300) | st.sampled_from([json.dumps(BASE).encode()[:n] for n in (1, 50, 500, 4000)]))
def test_damaged_geojson_file_is_loaded_or_refused(raw, scratch, fuzz_count):
    fuzz_count["geojson (damaged bytes)"] += 1
    path = scratch / "plan.geojson"
    path.write_bytes(raw)
    try:
        load_geojson(path, warnings=[])
    except PlanError:
        pass
