"""Device catalogue and device files: validation names the key."""

from __future__ import annotations

import json

import pytest

from planner.errors import DeviceError, FileFormatError
from planner.physics import device_from_dict, load_catalogue, load_device_file
from planner.physics.devices import FIELDS, PROTOCOLS
from planner.resources import resource_path

CAT = load_catalogue()
BASE = CAT["decoy-bb84-1ghz"].to_dict()


def test_catalogue_covers_every_protocol_and_cites_every_number():
    assert {d.protocol for d in CAT.values()} == set(PROTOCOLS)
    raw = json.loads(resource_path("devices.json").read_text(encoding="utf-8"))["devices"]
    for entry in raw:  # every number written in the catalogue has its own citation
        assert entry.get("source"), entry["id"]
        cited = entry.get("sources", {})
        for key, value in entry.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                assert key in cited, f"{entry['id']}.{key} has no source"


def test_round_trip():
    for d in CAT.values():
        assert device_from_dict(d.to_dict()) == d


@pytest.mark.parametrize(
    ("change", "key", "fragment"),
    [
        ({"detector_efficiency": 45}, "detector_efficiency", "not a percentage"),
        ({"protocol": "bb84-magic"}, "protocol", "unknown value"),
        ({"mu": "0.5"}, "mu", "must be a number"),
        ({"mu": float("nan")}, "mu", "finite"),
        ({"rep_rate_hz": float("inf")}, "rep_rate_hz", "finite"),
        ({"background_yield": -1e-6}, "background_yield", "out of range"),
        ({"detector_eff": 0.2}, "detector_eff", "unknown key"),
        ({"nu": 0.9}, "nu", "nu < mu"),
        ({"ec_efficiency": True}, "ec_efficiency", "must be a number"),
        ({"detector_count": 2.5}, "detector_count", "integer"),
    ],
)
def test_bad_values_name_the_key(change, key, fragment):
    with pytest.raises(DeviceError) as exc:
        device_from_dict({**BASE, **change}, source="dev.json")
    assert exc.value.field == key
    assert exc.value.element == "decoy-bb84-1ghz"
    assert fragment in str(exc.value)
    assert str(exc.value).startswith("dev.json: decoy-bb84-1ghz." + key)


def test_missing_required_key():
    d = dict(BASE)
    del d["background_yield"]
    with pytest.raises(DeviceError) as exc:
        device_from_dict(d)
    assert exc.value.field == "background_yield" and "missing" in str(exc.value)
    with pytest.raises(DeviceError) as exc:
        device_from_dict({"id": "x", "protocol": "cv-qkd", "rep_rate_hz": 1e6, "detector_efficiency": 0.6})
    assert exc.value.field in {"modulation_variance", "excess_noise", "reconciliation_efficiency"}


def test_defaults_documented_in_specs():
    d = device_from_dict({"id": "x", "protocol": "decoy-bb84", "rep_rate_hz": 1e8, "mu": 0.5,
                          "detector_efficiency": 0.2, "background_yield": 1e-6, "misalignment_error": 0.01})
    assert d.insertion_loss_db == 0.0 and d.dead_time_s is None and d.max_count_rate_hz is None
    assert d.ec_efficiency == FIELDS["ec_efficiency"].default
    assert d.window_s == pytest.approx(1e-8)


def test_device_file(tmp_path):
    p = tmp_path / "dev.json"
    p.write_text(json.dumps(BASE), encoding="utf-8")
    assert load_device_file(p) == CAT["decoy-bb84-1ghz"]
    p.write_text("{not json", encoding="utf-8")
    with pytest.raises(FileFormatError):
        load_device_file(p)
    with pytest.raises(FileFormatError):
        load_device_file(tmp_path / "missing.json")
    p.write_text(json.dumps([1, 2]), encoding="utf-8")
    with pytest.raises(DeviceError):
        load_device_file(p)


def test_duplicate_ids_rejected(tmp_path):
    p = tmp_path / "cat.json"
    p.write_text(json.dumps({"format": "qkd-planner-devices", "version": 1, "devices": [BASE, BASE]}))
    with pytest.raises(DeviceError) as exc:
        load_catalogue(p)
    assert exc.value.field == "id"
