"""DXF underlays: geometry of the chosen layers in plan metres; malformed or hostile files refused."""

from __future__ import annotations

import math

import ezdxf
import pytest

from planner.errors import FileFormatError, PlanError, ValidationError
from planner.io import dxf as dxf_mod
from planner.io import planfile
from planner.io.dxf import dxf_layers, load_dxf


@pytest.fixture
def drawing(tmp_path):
    doc = ezdxf.new()
    msp = doc.modelspace()
    msp.add_line((0, 0), (100, 0), dxfattribs={"layer": "ROADS"})
    msp.add_lwpolyline([(0, 0), (10, 0), (10, 10)], close=True, dxfattribs={"layer": "BUILDINGS"})
    msp.add_polyline2d([(0, 0), (5, 5), (10, 0)], dxfattribs={"layer": "DUCTS"})
    msp.add_arc((0, 0), 10, 0, 90, dxfattribs={"layer": "ROADS"})
    msp.add_circle((50, 50), 5, dxfattribs={"layer": "MARKS"})
    msp.add_text("ignored", dxfattribs={"layer": "TEXT"})
    path = tmp_path / "site.dxf"
    doc.saveas(path)
    return path


def test_layers_with_lines_are_listed(drawing):
    assert dxf_layers(drawing) == ["BUILDINGS", "DUCTS", "MARKS", "ROADS"]


def test_chosen_layers_become_polylines_in_plan_metres(drawing):
    lines = load_dxf(drawing, ["ROADS"], origin_m=(1000.0, 2000.0), scale=0.5)
    assert len(lines) == 2
    assert lines[0] == ((1000.0, 2000.0), (1050.0, 2000.0))
    arc = lines[1]
    assert arc[0] == pytest.approx((1005.0, 2000.0))
    assert arc[-1] == pytest.approx((1000.0, 2005.0), abs=1e-9)
    assert len(arc) == 90 / dxf_mod.ARC_STEP_DEG + 1
    assert all(math.dist((1000, 2000), p) == pytest.approx(5.0) for p in arc)


def test_closed_polylines_close_and_all_layers_by_default(drawing):
    lines = load_dxf(drawing)
    assert len(lines) == 5
    square = next(p for p in lines if len(p) == 4)
    assert square[0] == square[-1] == (0.0, 0.0)
    circle = next(p for p in lines if p[0] == pytest.approx((55.0, 50.0)))
    assert circle[-1] == pytest.approx(circle[0])


def test_unknown_layer_names_the_underlay_and_lists_the_layers(drawing):
    with pytest.raises(ValidationError) as e:
        load_dxf(drawing, ["FIBRE"], element="u1")
    assert e.value.element == "u1" and e.value.field == "layers"
    assert "FIBRE" in str(e.value) and "ROADS" in str(e.value)


@pytest.mark.parametrize("scale", [0.0, -1.0, float("nan"), float("inf"), True])
def test_bad_scale_is_refused(drawing, scale):
    with pytest.raises(ValidationError, match="scale"):
        load_dxf(drawing, scale=scale, element="u1")


def test_placement_far_beyond_the_plan_is_refused(drawing):
    with pytest.raises(FileFormatError, match="beyond"):
        load_dxf(drawing, scale=1e7)


def test_size_cap_is_checked_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "huge.dxf"
    with open(big, "wb") as fh:  # sparse: no data is written, the size is what a 300 MB file reports
        fh.truncate(300 * 1024 * 1024)
    opened = []
    monkeypatch.setattr(planfile, "open", lambda *a, **k: opened.append(a), raising=False)
    with pytest.raises(FileFormatError, match="over the limit"):
        load_dxf(big)
    assert opened == []


def test_too_many_vertices_are_refused(tmp_path, monkeypatch):
    doc = ezdxf.new()
    doc.modelspace().add_lwpolyline([(i, i % 7) for i in range(50)])
    path = tmp_path / "dense.dxf"
    doc.saveas(path)
    monkeypatch.setattr(dxf_mod, "MAX_DXF_POINTS", 20)
    with pytest.raises(FileFormatError, match="more than 20 vertices"):
        load_dxf(path)


def test_huge_arc_angles_do_not_explode(tmp_path):
    doc = ezdxf.new()
    doc.modelspace().add_arc((0, 0), 1, 0, 1e12)
    path = tmp_path / "arc.dxf"
    doc.saveas(path)
    (arc,) = load_dxf(path)
    assert len(arc) <= 360 / dxf_mod.ARC_STEP_DEG + 1


def test_non_finite_coordinate_is_refused(drawing):
    text = drawing.read_text(encoding="utf-8")
    # the LINE's end x (group 11) becomes "nan" and its start y (group 20) "1e999"
    bad = text.replace("\n 11\n100.0\n", "\n 11\nnan\n", 1)
    assert bad != text
    drawing.write_text(bad, encoding="utf-8")
    with pytest.raises(FileFormatError, match="not a finite number"):
        load_dxf(drawing)


def test_errors_are_plan_errors_for_a_missing_file(tmp_path):
    with pytest.raises(PlanError, match="not found"):
        load_dxf(tmp_path / "nope.dxf")
