"""End-to-end CLI: JSON output, conversion round trip, one-line errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from planner.cli import main
from planner.io import load_plan
from planner.resources import example_plan

EXAMPLE = str(example_plan())


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_evaluate_json_has_every_fiber(capsys):
    code, out, err = run(capsys, "evaluate", EXAMPLE, "--json")
    assert code == 0, err
    data = json.loads(out)
    plan = load_plan(EXAMPLE)
    assert [f["id"] for f in data["fibers"]] == list(plan.fibers)
    for f in data["fibers"]:
        assert f["length_m"] > 0 and f["loss_db"] > 0
    assert {d["id"] for d in data["demands"]} == set(plan.demands)


def test_evaluate_accepts_geojson(capsys):
    code, out, _ = run(capsys, "evaluate", str(example_plan("harbor.geojson")), "--json")
    assert code == 0
    code2, out2, _ = run(capsys, "evaluate", EXAMPLE, "--json")
    assert json.loads(out)["fibers"] == json.loads(out2)["fibers"]


def test_convert_round_trip(capsys, tmp_path):
    gj, back = tmp_path / "x.geojson", tmp_path / "y.qkdplan"
    assert run(capsys, "convert", EXAMPLE, str(gj))[0] == 0
    assert run(capsys, "convert", str(gj), str(back))[0] == 0
    assert load_plan(back) == load_plan(EXAMPLE)


BAD_FILES = {
    "corrupt.qkdplan": b"\x00\x01\x02 not json",
    "truncated.qkdplan": example_plan().read_bytes()[:5000],
    "newer.qkdplan": json.dumps({"format": "qkd-rollout-planner", "schema_version": 7}).encode(),
    "schema.qkdplan": example_plan().read_bytes().replace(b'"role": "gate"', b'"role": 17', 1),
    "empty.qkdplan": b"",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_give_one_line_and_exit_2(capsys, tmp_path, name):
    p = tmp_path / name
    p.write_bytes(BAD_FILES[name])
    code, out, err = run(capsys, "evaluate", str(p), "--json")
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("qkd-planner: error: ") and name in lines[0]
    assert "Traceback" not in err


def test_schema_error_names_element_and_field(capsys, tmp_path):
    p = tmp_path / "schema.qkdplan"
    p.write_bytes(BAD_FILES["schema.qkdplan"])
    _, _, err = run(capsys, "evaluate", str(p))
    assert ".role: must be text" in err


def test_missing_file(capsys):
    code, _, err = run(capsys, "convert", "/nonexistent/plan.qkdplan", "/tmp/x.geojson")
    assert code == 2 and "file not found" in err


def test_help_everywhere(capsys):
    for argv in (["--help"], ["evaluate", "--help"], ["convert", "--help"]):
        code, out, _ = run(capsys, *argv)
        assert code == 0 and "usage: qkd-planner" in out


def test_python_dash_m_and_console_script():
    r = subprocess.run([sys.executable, "-m", "planner", "evaluate", EXAMPLE, "--json"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["fibers"]
    r = subprocess.run([sys.executable, "-m", "planner", "--version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "qkd-planner" in r.stdout


def test_evaluate_text_explains_a_time_limited_answer(capsys, tmp_path):
    """A design the exact solver could not prove in time says how far from the optimum it may be."""
    import importlib.util
    from pathlib import Path

    from planner.io import save_plan

    spec = importlib.util.spec_from_file_location(
        "make_port", Path(__file__).resolve().parents[1] / "benchmarks" / "make_port.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    path = tmp_path / "metro.qkdplan"
    save_plan(mod.make_port(500, 1, kind="metro", n_demands=25), path)  # not proven in 2 s (measured)
    code, out, err = run(capsys, "evaluate", str(path), "--solver", "exact", "--time-limit", "2")
    assert code == 0, err
    solver = next(line for line in out.splitlines() if line.startswith("Solver: "))
    if "time_limit" in solver:
        assert "stopped at the time limit: " in out and "--time-limit S searches longer" in out
    else:  # proved in time on a much faster machine
        assert "optimal" in solver and "stopped at the time limit" not in out
