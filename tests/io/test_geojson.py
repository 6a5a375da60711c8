"""GeoJSON interchange: lossless round trip, true metres, files drawn in a GIS."""

from __future__ import annotations

import json

import pytest
from pyproj import Geod

from planner.errors import ValidationError
from planner.io import load_plan
from planner.io.geojson import (
    load_geojson,
    plan_from_geojson,
    plan_to_geojson,
    save_geojson,
    utm_crs_for,
)
from planner.resources import example_plan


@pytest.fixture(scope="module")
def example():
    return load_plan(example_plan())


def test_round_trip_equal(example, tmp_path):
    out = tmp_path / "x.geojson"
    save_geojson(example, out)
    assert load_geojson(out) == example


def test_bundled_geojson_matches_plan(example):
    assert load_plan(example_plan("harbor.geojson")) == example


def test_property_schema(example):
    fc = plan_to_geojson(example)
    layers = {f["properties"]["layer"] for f in fc["features"]}
    assert layers == {"site", "fiber", "section", "demand"}
    site = next(f for f in fc["features"] if f["properties"]["layer"] == "site")
    assert site["geometry"]["type"] == "Point"
    assert {"id", "name", "role", "can_relay"} <= set(site["properties"])
    fiber = next(f for f in fc["features"] if f["properties"]["layer"] == "fiber")
    assert {"id", "from", "to", "status", "splices", "connectors", "classical_channels"} <= set(fiber["properties"])
    lon, lat = fiber["geometry"]["coordinates"][0]
    assert 119 < lon < 122 and 35 < lat < 37  # WGS84 longitude, latitude
    demand = next(f for f in fc["features"] if f["properties"]["layer"] == "demand")
    assert {"id", "from", "to", "required_bps" if "required_bps" in demand["properties"] else "profile",
            "priority", "disjoint_paths"} <= set(demand["properties"])
    section = next(f for f in fc["features"] if f["properties"]["layer"] == "section")
    ring = section["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1]


def _qgis_style(example) -> dict:
    """What a GIS user would send: no planner header, only features and properties."""
    fc = plan_to_geojson(example)
    fc.pop("qkd_planner")
    return fc


def test_plain_gis_file_is_read_in_true_metres(example):
    plan = plan_from_geojson(_qgis_style(example))
    assert plan.meta.crs == "EPSG:32651"
    fc = plan_to_geojson(example)
    geod = Geod(ellps="WGS84")
    for f in fc["features"]:
        if f["properties"]["layer"] != "fiber" or "length_m" in f["properties"]:
            continue
        lons, lats = zip(*f["geometry"]["coordinates"], strict=True)
        geodesic = geod.line_length(lons, lats)
        drawn = plan.fiber_drawn_length_m(plan.fibers[f["properties"]["id"]])
        assert drawn == pytest.approx(geodesic, rel=1.5e-3)  # UTM scale error near the zone's edge


def test_utm_zone_choice():
    assert utm_crs_for(120.2, 36.0) == "EPSG:32651"
    assert utm_crs_for(4.0, 51.9) == "EPSG:32631"  # Rotterdam
    assert utm_crs_for(-70.0, -33.0) == "EPSG:32719"


def test_line_drawn_backwards_is_turned_round(example):
    fc = _qgis_style(example)
    f = next(f for f in fc["features"] if f["properties"]["layer"] == "fiber" and len(f["geometry"]["coordinates"]) > 2)
    f["geometry"]["coordinates"].reverse()
    plan = plan_from_geojson(fc)
    fid = f["properties"]["id"]
    assert plan.fiber_drawn_length_m(plan.fibers[fid]) == pytest.approx(
        example.fiber_drawn_length_m(example.fibers[fid]), abs=0.01)


def test_missing_site_reference_names_the_feature(example):
    fc = _qgis_style(example)
    f = next(f for f in fc["features"] if f["properties"]["layer"] == "fiber")
    f["properties"]["to"] = "ghost"
    with pytest.raises(ValidationError) as info:
        plan_from_geojson(fc)
    assert info.value.element == f["properties"]["id"] and info.value.field == "to"


def test_bad_coordinates(example):
    fc = _qgis_style(example)
    site = next(f for f in fc["features"] if f["properties"]["layer"] == "site")
    site["geometry"]["coordinates"] = [500.0, 36.0]
    with pytest.raises(ValidationError, match="longitude"):
        plan_from_geojson(fc)


def test_unknown_layers_are_skipped_with_a_warning(example):
    fc = _qgis_style(example)
    fc["features"].append({"type": "Feature", "geometry": None, "properties": {"layer": "tree"}})
    warnings: list[str] = []
    plan_from_geojson(json.loads(json.dumps(fc)), warnings=warnings)
    assert any("tree" in w for w in warnings)
