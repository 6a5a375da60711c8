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


def _plan_with_outside_underlay(tmp_path):
    """A plan in tmp/plans/ whose DXF underlay path climbs out to tmp/elsewhere/ (as a mailed plan may)."""
    from planner.io import save_plan
    from planner.model import Plan, Underlay, add

    (tmp_path / "plans").mkdir()
    (tmp_path / "elsewhere").mkdir()
    dxf = tmp_path / "elsewhere" / "quay.dxf"
    dxf.write_bytes(b"0\nSECTION\n2\nENTITIES\n0\nLINE\n5\n1\n8\n0\n10\n0\n20\n0\n11\n100\n21\n0\n0\nENDSEC\n0\nEOF\n")
    plan = Plan()
    add("underlay", Underlay("u1", "dxf", "../elsewhere/quay.dxf", layers=("0",))).apply(plan)
    path = tmp_path / "plans" / "mailed.qkdplan"
    save_plan(plan, path)
    return path


@pytest.mark.parametrize("trust", [False, True])
def test_underlays_outside_the_plan_folder_open_only_when_trusted(window, qtbot, monkeypatch, tmp_path, trust):
    from PySide6.QtWidgets import QMessageBox

    path = _plan_with_outside_underlay(tmp_path)
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes if trust else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    failures: list[tuple[str, str]] = []
    window.scene.underlay_failed.connect(lambda uid, msg: failures.append((uid, msg)))
    assert window.load(path)
    assert len(asked) == 1 and "quay.dxf" in asked[0]
    item = window.scene.items_by_key[("underlay", "u1")]
    if trust:
        assert not failures and not item.path().isEmpty()
    else:
        assert item.path().isEmpty()
        assert failures and failures[0][0] == "u1" and "outside the plan's folder" in failures[0][1]
