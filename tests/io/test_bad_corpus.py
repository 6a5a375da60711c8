"""The corpus of nasty hand-made files in ``tests/data/bad/``: each is refused with its expected message.

``manifest.json`` lists every file with its loader, the error class, a part of the message and,
where the problem is inside an element, the element id and field the error must name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner import errors
from planner.cli import main as cli_main
from planner.io.dxf import load_dxf
from planner.io.geojson import load_geojson
from planner.io.planfile import load_plan
from planner.physics.devices import load_catalogue, load_device_file

BAD = Path(__file__).resolve().parent.parent / "data" / "bad"
MANIFEST = json.loads((BAD / "manifest.json").read_text(encoding="utf-8"))
LOADERS = {
    "plan": load_plan,
    "geojson": load_geojson,
    "dxf": load_dxf,
    "device": load_device_file,
    "catalogue": load_catalogue,
}


def test_corpus_is_complete():
    listed = {e["file"] for e in MANIFEST}
    present = {p.name for p in BAD.iterdir() if p.name != "manifest.json"}
    assert listed == present, "every file in tests/data/bad has an entry in manifest.json and vice versa"
    assert len(listed) >= 30


#: Files whose loader belongs to another area and still fails them (reported; strict: a fix turns
#: the expected failure into an error that asks for this entry to go).
KNOWN_FAILURES: dict[str, str] = {}


def _params(entries):
    return [pytest.param(e, id=e["file"], marks=[pytest.mark.xfail(reason=KNOWN_FAILURES[e["file"]], strict=True)]
                         if e["file"] in KNOWN_FAILURES else []) for e in entries]


@pytest.mark.parametrize("entry", _params(MANIFEST))
def test_bad_file_is_refused_with_its_message(entry):
    path = BAD / entry["file"]
    with pytest.raises(errors.PlanError) as caught:
        LOADERS[entry["loader"]](path)
    e = caught.value
    assert type(e).__name__ == entry["error"], f"{type(e).__name__}: {e}"
    assert entry["message"] in str(e)
    assert str(path) in str(e), "the message names the file"
    if "element" in entry:
        assert e.element == entry["element"]
    if "field" in entry:
        assert e.field == entry["field"]
    assert "\n" not in str(e) and len(str(e)) < 400 + len(str(path)), "one short line"


PLAN_FILES = [e for e in MANIFEST if e["loader"] in ("plan", "geojson")]


@pytest.mark.parametrize("entry", PLAN_FILES, ids=[e["file"] for e in PLAN_FILES])
def test_cli_says_one_line_and_exits_2(entry, capsys):
    code = cli_main(["evaluate", str(BAD / entry["file"])])
    out, err = capsys.readouterr()
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("qkd-planner: error:")
    assert entry["message"] in lines[0]
    assert "Traceback" not in out + err


def test_no_code_runs_from_a_file(tmp_path, monkeypatch):
    """Fields that look like code or object constructors are plain data: kept, never executed."""
    import os
    import subprocess

    def forbidden(*a, **k):  # pragma: no cover - reached only if a loader executed something
        raise AssertionError("a loader tried to run a command")

    monkeypatch.setattr(os, "system", forbidden)
    monkeypatch.setattr(subprocess, "Popen", forbidden)
    canary = tmp_path / "pwned"
    data = json.loads((BAD.parent.parent / "data" / "bad" / "missing_role.qkdplan").read_text())
    data["sites"][0]["role"] = "gate"
    data["sites"][0]["__class__"] = "os.system"
    data["sites"][0]["__reduce__"] = ["os.system", [f"touch {canary}"]]
    data["__import__"] = f"__import__('os').system('touch {canary}')"
    data["meta"]["!!python/object/apply:os.system"] = [f"touch {canary}"]
    p = tmp_path / "looks_like_code.qkdplan"
    p.write_text(json.dumps(data), encoding="utf-8")
    warnings: list[str] = []
    plan = load_plan(p, warnings=warnings)
    assert not canary.exists()
    assert plan.sites["crane-1"].extra["__reduce__"] == ["os.system", [f"touch {canary}"]]
    assert plan.extra["__import__"].startswith("__import__")
    assert any("__class__" in w for w in warnings) and any("python/object" in w for w in warnings)
