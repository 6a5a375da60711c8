"""``qkd-planner devices`` and ``qkd-planner linkcalc`` (in-process through the CLI dispatcher)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from planner.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_devices_json(capsys):
    code, out, _ = run(capsys, "devices", "--json")
    assert code == 0
    rows = json.loads(out)["devices"]
    ids = {r["id"] for r in rows}
    assert {"decoy-bb84-1ghz", "bbm92-entangled-middle", "cv-qkd-gg02-homodyne", "tf-qkd-sns"} <= ids
    for r in rows:
        assert {"id", "protocol", "rep_rate_hz", "max_loss_db", "price", "source"} <= set(r)


def test_devices_table(capsys):
    code, out, _ = run(capsys, "devices")
    assert code == 0 and "decoy-bb84-100mhz" in out and "100 MHz" in out


def test_linkcalc_json_contract(capsys):
    code, out, _ = run(capsys, "linkcalc", "--device", "decoy-bb84-1ghz", "--length-km", "23", "--splices", "6",
                       "--json")
    assert code == 0
    d = json.loads(out)
    for key in ("loss_db", "transmittance", "key_per_pulse", "key_rate_bps", "qber", "plob_bps", "limited_by"):
        assert key in d
    assert d["loss_db"] == pytest.approx(23 * 0.22 + 6 * 0.1 + 1.0)
    assert 0 < d["key_rate_bps"] < d["plob_bps"]


def test_linkcalc_loss_db_and_detector_limit(capsys):
    code, out, _ = run(capsys, "linkcalc", "--device", "decoy-bb84-100mhz", "--loss-db", "0.5", "--json")
    assert code == 0 and json.loads(out)["limited_by"] == "detector"


def test_linkcalc_device_file(capsys, tmp_path):
    p = tmp_path / "d.json"
    p.write_text(json.dumps({"id": "mine", "protocol": "decoy-bb84", "rep_rate_hz": 1e8, "mu": 0.5,
                             "detector_efficiency": 0.1, "background_yield": 1e-5,
                             "misalignment_error": 0.01}))
    code, out, _ = run(capsys, "linkcalc", "--device-file", str(p), "--loss-db", "10")
    assert code == 0 and "mine" in out and "Key rate" in out
    p.write_text(json.dumps({"id": "bad", "protocol": "decoy-bb84", "rep_rate_hz": 1e8, "mu": 0.5,
                             "detector_efficiency": 45, "background_yield": 1e-5, "misalignment_error": 0.01}))
    code, out, err = run(capsys, "linkcalc", "--device-file", str(p), "--loss-db", "10")
    assert code == 2 and err.count("\n") == 1 and "bad.detector_efficiency" in err and "Traceback" not in err


def test_linkcalc_sweep_csv(capsys):
    code, out, _ = run(capsys, "linkcalc", "--device", "gys-reference", "--sweep-km", "0:150:10",
                       "--attenuation-db-per-km", "0.21")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 16 and rows[0]["length_km"] == "0"
    rates = [float(r["key_rate_bps"]) for r in rows]
    assert rates == sorted(rates, reverse=True) and rates[-1] == 0.0 and rates[14] > 0  # 140 km yes, 150 no


@pytest.mark.parametrize("argv", [
    ["linkcalc", "--device", "nope", "--loss-db", "3"],
    ["linkcalc", "--device", "gys-reference", "--loss-db", "-1"],
    ["linkcalc", "--device", "gys-reference"],
    ["linkcalc", "--device", "gys-reference", "--sweep-km", "10:1:1"],
    ["linkcalc", "--device", "gys-reference", "--sweep-km", "a:b"],
])
def test_linkcalc_errors_one_line(capsys, argv):
    code, _, err = run(capsys, *argv)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err


def test_linkcalc_plot(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    png = tmp_path / "rate.png"
    code, _, _ = run(capsys, "linkcalc", "--device", "tf-qkd-sns", "--sweep-km", "0:400:5", "--plot", str(png))
    assert code == 0 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
