"""``.qkdplan`` files: round trip, stable text, atomic save, refusal of broken files."""

from __future__ import annotations

import json
import os

import pytest

from planner.errors import FileFormatError, PlanError, SchemaVersionError, ValidationError
from planner.io import atomic as atomic_mod
from planner.io import dumps_plan, load_plan, save_plan
from planner.resources import example_plan


@pytest.fixture
def example():
    return load_plan(example_plan())


def test_example_is_realistic(example):
    assert 40 <= len(example.sites) <= 80
    assert len(example.demands) >= 15
    roles = {s.role for s in example.sites.values()}
    assert {"crane_control", "terminal_ops", "data_centre", "customs", "gate", "warehouse", "junction"} <= roles
    assert any(d.disjoint_paths == 2 for d in example.demands.values())
    quay = [s for s in example.sites.values() if s.id.startswith("jq-")]
    assert max(s.x_m for s in quay) - min(s.x_m for s in quay) >= 2000.0


def test_save_load_round_trip_is_exact(example, tmp_path):
    out = tmp_path / "copy.qkdplan"
    save_plan(example, out)
    again = load_plan(out)
    assert again == example
    assert out.read_text(encoding="utf-8") == dumps_plan(example)
    assert example_plan().read_text(encoding="utf-8") == dumps_plan(example)  # stable text


def test_file_header_and_order(example):
    data = json.loads(dumps_plan(example))
    assert list(data)[:2] == ["format", "schema_version"]
    assert data["format"] == "qkd-rollout-planner" and data["schema_version"] == 1
    assert data["fibers"][0]["from"] and data["fibers"][0]["to"]


def test_unknown_fields_are_kept_and_reported(tmp_path, example):
    data = json.loads(dumps_plan(example))
    data["sites"][0]["owner"] = "Terminal operator A"
    data["future_section"] = {"x": 1}
    p = tmp_path / "u.qkdplan"
    p.write_text(json.dumps(data), encoding="utf-8")
    warnings: list[str] = []
    plan = load_plan(p, warnings=warnings)
    assert any("owner" in w for w in warnings) and any("future_section" in w for w in warnings)
    save_plan(plan, tmp_path / "v.qkdplan")
    back = json.loads((tmp_path / "v.qkdplan").read_text())
    assert back["sites"][0]["owner"] == "Terminal operator A"
    assert back["future_section"] == {"x": 1}


def test_save_keeps_a_backup(example, tmp_path):
    p = tmp_path / "plan.qkdplan"
    save_plan(example, p)
    first = p.read_bytes()
    example.meta = example.meta.__class__(name="Renamed", crs=example.meta.crs)
    save_plan(example, p)
    assert (tmp_path / "plan.qkdplan.bak").read_bytes() == first
    assert load_plan(p).meta.name == "Renamed"


def test_failure_mid_write_leaves_the_old_file_intact(example, tmp_path, monkeypatch):
    p = tmp_path / "plan.qkdplan"
    save_plan(example, p)
    before = p.read_bytes()

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_mod.os, "fsync", broken_fsync)
    with pytest.raises(PlanError, match="No space left"):
        save_plan(example, p)
    assert p.read_bytes() == before
    assert not [x for x in tmp_path.iterdir() if x.name.endswith(".tmp")]


def test_save_into_missing_folder_is_a_clear_error(example, tmp_path):
    with pytest.raises(PlanError, match="does not exist"):
        save_plan(example, tmp_path / "nope" / "plan.qkdplan")


def _write(tmp_path, text: str | bytes, name="bad.qkdplan"):
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def test_truncated_file(tmp_path):
    text = example_plan().read_text(encoding="utf-8")
    p = _write(tmp_path, text[: len(text) // 2])
    with pytest.raises(FileFormatError, match="not valid JSON") as info:
        load_plan(p)
    assert str(p) in str(info.value)


def test_corrupt_bytes(tmp_path):
    with pytest.raises(FileFormatError, match="UTF-8"):
        load_plan(_write(tmp_path, b"\xff\xfe\x00garbage"))


def test_newer_schema_version_is_refused(tmp_path):
    with pytest.raises(SchemaVersionError, match="newer version"):
        load_plan(_write(tmp_path, json.dumps({"format": "qkd-rollout-planner", "schema_version": 99})))


def test_not_a_plan(tmp_path):
    with pytest.raises(FileFormatError, match="not a plan file"):
        load_plan(_write(tmp_path, json.dumps({"hello": 1})))


def test_nan_is_refused(tmp_path):
    text = example_plan().read_text(encoding="utf-8").replace('"splices": 2', '"splices": NaN', 1)
    with pytest.raises(FileFormatError, match="NaN"):
        load_plan(_write(tmp_path, text))


def test_schema_violation_names_element_and_field(tmp_path):
    data = json.loads(example_plan().read_text(encoding="utf-8"))
    data["fibers"][3]["attenuation_db_per_km"] = "a lot"
    with pytest.raises(ValidationError) as info:
        load_plan(_write(tmp_path, json.dumps(data)))
    assert info.value.element == data["fibers"][3]["id"]
    assert info.value.field == "attenuation_db_per_km"


def test_dangling_reference(tmp_path):
    data = json.loads(example_plan().read_text(encoding="utf-8"))
    data["demands"][0]["to"] = "ghost"
    with pytest.raises(ValidationError, match="ghost") as info:
        load_plan(_write(tmp_path, json.dumps(data)))
    assert info.value.field == "to"


def test_duplicate_ids(tmp_path):
    data = json.loads(example_plan().read_text(encoding="utf-8"))
    data["sites"].append(dict(data["sites"][0]))
    with pytest.raises(ValidationError, match="share this id"):
        load_plan(_write(tmp_path, json.dumps(data)))


def test_migration_hook_runs_for_older_versions(tmp_path, monkeypatch):
    from planner.io import planfile

    data = json.loads(example_plan().read_text(encoding="utf-8"))
    data["schema_version"] = 1
    monkeypatch.setattr(planfile, "SCHEMA_VERSION", 2)
    called = []

    def v1_to_v2(d):
        called.append(True)
        return d

    monkeypatch.setitem(planfile.MIGRATIONS, 1, v1_to_v2)
    planfile.plan_from_data(data)
    assert called


def test_no_temp_files_left_after_many_saves(example, tmp_path):
    p = tmp_path / "plan.qkdplan"
    for _ in range(5):
        save_plan(example, p)
    assert sorted(os.listdir(tmp_path)) == ["plan.qkdplan", "plan.qkdplan.bak"]
