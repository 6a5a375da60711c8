"""Input limits: size caps checked before reading (sparse files), element caps, and docs/limits.md
listing the values the code uses."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from planner.errors import FileFormatError, PlanError
from planner.io import dxf, planfile, underlay
from planner.io.geojson import load_geojson, plan_from_geojson
from planner.io.planfile import load_plan, plan_from_data, read_json
from planner.model import validate

DOC = (Path(__file__).resolve().parents[2] / "docs" / "limits.md").read_text(encoding="utf-8")


def sparse(path: Path, size: int) -> Path:
    """A file that reports ``size`` bytes without any being written (no disk used)."""
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path


@pytest.mark.parametrize("name, loader, what", [("huge.qkdplan", load_plan, "plan file"),
                                                ("huge.geojson", load_geojson, "GeoJSON file")])
def test_hundreds_of_megabytes_are_refused_before_reading(tmp_path, monkeypatch, name, loader, what):
    path = sparse(tmp_path / name, 300 * 2**20)
    monkeypatch.setattr(planfile, "open", lambda *a, **k: pytest.fail("the file was opened"), raising=False)
    with pytest.raises(FileFormatError) as e:
        loader(path)
    assert str(e.value) == f"{path}: the {what} is 300 MiB, over the limit of 64 MiB"


def test_a_file_growing_past_the_cap_while_read_is_cut(tmp_path, monkeypatch):
    path = tmp_path / "grows.qkdplan"
    path.write_text("{}")
    monkeypatch.setattr(planfile, "MAX_FILE_BYTES", 10)

    class Growing:
        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

        def read(self, n):
            assert n == 11, "never more than the cap plus one byte"
            return b" " * n

    monkeypatch.setattr(planfile, "open", lambda *a, **k: Growing(), raising=False)
    with pytest.raises(FileFormatError, match="over the limit"):
        read_json(path, max_bytes=10)


def test_devices_are_not_files(tmp_path):
    with pytest.raises(FileFormatError, match="not a regular file"):
        load_plan("/dev/zero")
    with pytest.raises(FileFormatError, match="is a folder"):
        load_plan(tmp_path)


def test_too_many_elements_are_refused_before_decoding():
    site = {"id": "s"}  # the same object 200,001 times: no memory, and never decoded
    data = {"format": "qkd-rollout-planner", "schema_version": 1, "sites": [site] * (planfile.MAX_ELEMENTS + 1)}
    with pytest.raises(FileFormatError, match=r"more than 200000 elements \(the limit\)"):
        plan_from_data(data)
    geo = {"type": "FeatureCollection", "features": [site] * (planfile.MAX_ELEMENTS + 1)}
    with pytest.raises(FileFormatError, match="more than 200000 features"):
        plan_from_geojson(geo)


def test_elements_over_several_collections_add_up():
    half = planfile.MAX_ELEMENTS // 2 + 1
    data = {"format": "qkd-rollout-planner", "schema_version": 1, "sites": [{}] * half, "fibers": [{}] * half}
    with pytest.raises(FileFormatError, match="more than"):
        plan_from_data(data)


def test_device_and_drawing_size_caps(tmp_path):
    from planner.physics.devices import load_device_file

    with pytest.raises(PlanError, match="too large"):
        load_device_file(sparse(tmp_path / "dev.json", 300 * 2**20))
    with pytest.raises(FileFormatError, match="over the limit of 100 MiB"):
        dxf.load_dxf(sparse(tmp_path / "site.dxf", 300 * 2**20))


def test_docs_list_the_limits_the_code_uses():
    assert f"{planfile.MAX_FILE_BYTES // 2**20} MiB" in DOC
    assert f"{planfile.MAX_JSON_DEPTH} levels" in DOC
    assert f"{planfile.MAX_ELEMENTS:,}" in DOC
    assert f"{validate.MAX_ID_LENGTH} characters" in DOC
    assert f"{validate.MAX_COORD_M:g}" in DOC
    assert f"MAX_FREE_DEPTH` = {validate.MAX_FREE_DEPTH}" in DOC
    assert f"{dxf.MAX_DXF_BYTES // 2**20} MiB" in DOC and f"{dxf.MAX_DXF_POINTS:,}" in DOC
    assert f"{underlay.MAX_UNDERLAY_BYTES // 2**20} MiB" in DOC
    rows = set(re.findall(r"^\| (\w+) \| `(\w+)` \| (\S+) \| (\S+) \| (number|whole number) \|$", DOC, re.M))
    expected = {(k, f, f"{lo:g}", f"{hi:g}", "whole number" if integer else "number")
                for (k, f), (lo, hi, integer) in validate.FIELD_LIMITS.items()}
    assert rows == expected


def test_doc_messages_are_the_real_ones(tmp_path):
    """Spot checks that messages quoted in docs/limits.md are what the code says."""
    p = tmp_path / "p.qkdplan"
    p.write_text(json.dumps({"format": "qkd-rollout-planner", "schema_version": 1, "x": float("nan")}))
    with pytest.raises(FileFormatError) as e:
        load_plan(p)
    assert "not valid JSON: NaN is not allowed (numbers must be finite)" in DOC
    assert str(e.value).endswith("not valid JSON: NaN is not allowed (numbers must be finite)")
