"""Exports: CSV tables round-trip the engine's results, the XLSX holds the same rows, the GeoJSON is
valid WGS84 for QGIS, bad output folders fail cleanly."""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile

import pytest

from planner.errors import PlanError
from planner.reports import export_tables, write_export
from planner.reports.exports import TABLES, render_export
from planner.reports.xlsx import read_workbook, workbook_bytes


def _csv(blob: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(blob.decode("utf-8"))))


def test_csv_rows_equal_engine_rows(harbor_data, harbor_json):
    files = render_export(harbor_data, "csv")
    assert sorted(files) == sorted(f"{t}.csv" for t in TABLES)
    links = _csv(files["links.csv"])
    assert len(links) == len(harbor_json.get("links") or [])
    for row, lk in zip(links, harbor_json.get("links") or [], strict=True):
        assert row["id"] == lk["id"] and row["device"] == (lk.get("device") or "")
        assert float(row["key_rate_bps"]) == pytest.approx(lk["key_rate_bps"])
        assert row["path"].split(";") == list(lk.get("path") or [])
    demands = _csv(files["demands.csv"])
    assert [r["id"] for r in demands] == [d["id"] for d in harbor_json["demands"]]
    for row, d in zip(demands, harbor_json["demands"], strict=True):
        assert float(row["required_bps"]) == pytest.approx(d["required_bps"])
        if "feasible" in d:
            assert row["feasible"] == str(d["feasible"])
    fibers = _csv(files["fibers.csv"])
    assert [(r["id"], float(r["loss_db"])) for r in fibers] == [(f["id"], f["loss_db"]) for f in harbor_json["fibers"]]
    phases = _csv(files["phases.csv"])
    assert len(phases) == len((harbor_data.rollout or {}).get("phases") or [])


def test_xlsx_holds_the_same_rows_as_csv(harbor_data):
    book = read_workbook(render_export(harbor_data, "xlsx"))
    tables = export_tables(harbor_data)
    assert list(book) == list(TABLES)
    for name, (header, rows) in tables.items():
        sheet = book[name]
        assert sheet[0] == header
        assert len(sheet) == len(rows) + 1
        for got, want in zip(sheet[1:], rows, strict=True):
            for g, w in zip(got, want, strict=False):
                if isinstance(w, bool) or w is None or isinstance(w, str):
                    assert g == (w if w != "" else None)
                else:
                    assert g == pytest.approx(float(w))


def test_xlsx_writer_escapes_and_is_deterministic():
    sheets = [("a/b:c*?", ["text", "n", "flag"], [["<&> \"quoted\" \x01", 1.5, True], ["汉字", 3, False],
                                                   [None, float("nan"), None]]),
              ("a_b_c__", ["x"], [["same name after cleaning"]])]
    blob = workbook_bytes(sheets)
    assert blob == workbook_bytes(sheets)
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        assert z.testzip() is None
        assert "[Content_Types].xml" in z.namelist()
    book = read_workbook(blob)
    assert list(book) == ["a_b_c__", "a_b_c___2"]
    rows = book["a_b_c__"]
    assert rows[1] == ["<&> \"quoted\" ", 1.5, True]
    assert rows[2] == ["汉字", 3.0, False]
    assert rows[3] == []  # None and NaN are empty cells


def test_geojson_results_for_qgis(harbor_data, harbor_json, tmp_path):
    out = tmp_path / "results.geojson"
    write_export(harbor_data.plan, out, "geojson", data=harbor_data)
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection"
    layers: dict[str, list] = {}
    for f in fc["features"]:
        layers.setdefault(f["properties"]["layer"], []).append(f)
        for lon, lat in (f["geometry"]["coordinates"] if f["geometry"]["type"] == "LineString"
                         else [f["geometry"]["coordinates"]]):
            assert 110 < lon < 130 and 20 < lat < 45  # the example lies in UTM 51N (East China Sea)
    assert len(layers["site"]) == len(harbor_data.plan.sites)
    assert len(layers.get("qkd_link", [])) == len(harbor_json.get("links") or [])
    assert len(layers.get("trusted_node", [])) == len(harbor_json.get("trusted_nodes") or [])
    assert len(layers["demand"]) == len(harbor_json["demands"])
    for f in layers.get("qkd_link", []):
        assert f["properties"]["key_rate_bps"] is not None
        assert len(f["geometry"]["coordinates"]) >= 2


def test_link_geometry_follows_its_fibers(tiny):
    from planner.reports.exports import _path_coords

    plan, _ = tiny
    pts = _path_coords(plan, "tos", ["f1"])
    assert pts[0] == plan.sites["tos"].xy and pts[-1] == plan.sites["crane"].xy and len(pts) == 3
    assert _path_coords(plan, "nowhere", ["f1"]) == []


def test_write_csv_folder_and_single_table(tiny, tmp_path):
    plan, _ = tiny
    written = write_export(plan, tmp_path / "tables", "csv")
    assert sorted(p.name for p in written) == sorted(f"{t}.csv" for t in TABLES)
    one = write_export(plan, tmp_path / "demands.csv", "csv", table="demands")
    rows = _csv(one[0].read_bytes())
    assert [r["id"] for r in rows] == ["d1"]


def test_bad_output_folder(tiny, tmp_path):
    plan, _ = tiny
    with pytest.raises(PlanError, match="does not exist"):
        write_export(plan, tmp_path / "no" / "such" / "x.xlsx", "xlsx")
    with pytest.raises(PlanError, match="does not exist"):
        write_export(plan, tmp_path / "no" / "such", "csv")
    with pytest.raises(PlanError, match="unknown export format"):
        write_export(plan, tmp_path / "x.pdf", "pdf")
    assert list(tmp_path.iterdir()) == [tmp_path / "tiny.qkdplan"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_read_only_folder(tiny, tmp_path):
    plan, _ = tiny
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(PlanError):
            write_export(plan, ro / "x.geojson", "geojson")
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o755)


def test_cli_export(tiny, tmp_path, capsys):
    from planner.cli import main

    _, path = tiny
    assert main(["export", str(path), "--format", "xlsx", "-o", str(tmp_path / "r.xlsx")]) == 0
    assert "links" in read_workbook((tmp_path / "r.xlsx").read_bytes())
    assert main(["export", str(path), "--format", "geojson", "-o", str(tmp_path / "gone" / "r.geojson")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) >= 1 and err[-1].startswith("qkd-planner: error:") and "does not exist" in err[-1]
