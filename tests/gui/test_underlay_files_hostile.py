"""The map's underlay readers (``planner.gui.underlays``) refuse or skip hostile files, never crash."""

from __future__ import annotations

import json

import pytest

from planner.errors import PlanError
from planner.gui import underlays as ul


@pytest.mark.parametrize("geometry", [
    {"type": "LineString", "coordinates": 5},
    {"type": "Polygon", "coordinates": [[{"x": 1}]]},
    {"type": "MultiPolygon", "coordinates": [7, [[[121.6, 31.3], [121.7, 31.4]]]]},
    {"type": "GeometryCollection", "geometries": 3},
    {"type": "LineString", "coordinates": [[121.6, 31.3], [1e300, 1e300]]},
    {"type": "LineString", "coordinates": [[121.6, 31.3, 5], [121.7]]},
])
def test_broken_geometries_draw_nothing_or_only_their_good_parts(tmp_path, geometry):
    p = tmp_path / "u.geojson"
    p.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": geometry}]}))
    lines = ul.geojson_polylines(p, "EPSG:32651")
    assert all(len(line) >= 2 for line in lines)
    assert len(lines) <= 1


@pytest.mark.parametrize("content", [b"\xff\xfe", b"[" * 5000, b"{\"type\": NaN}", b""])
def test_unreadable_geojson_underlays_are_plan_errors(tmp_path, content):
    p = tmp_path / "u.geojson"
    p.write_bytes(content)
    with pytest.raises(PlanError):
        ul.geojson_polylines(p, "EPSG:32651")


def test_dxf_underlays_go_through_the_checked_reader(tmp_path):
    p = tmp_path / "u.dxf"
    p.write_bytes(b"0\nSECTION\n2\nENTITIES\n0\nARC\n5\n1\n8\n0\n10\n0\n20\n0\n40\n1\n50\n0\n51\n1e12\n"
                  b"0\nLINE\n5\n2\n8\nWALLS\n10\n0\n20\n0\n11\nnan\n21\n0\n0\nENDSEC\n0\nEOF\n")
    with pytest.raises(PlanError, match="not a finite number"):
        ul.dxf_polylines(p)
    (arc,) = ul.dxf_polylines(p, ("0",))
    assert len(arc) <= 73
    assert ul.dxf_layers(p) == ["0", "WALLS"]
