"""``qkd-planner --smoke``, the installation check the packaging runs on every build, works from
the checkout: it opens the bundled example, evaluates it and writes a PDF report to a temp folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")


def test_smoke_opens_evaluates_and_writes_a_report(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path),
           "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "PLANNER_DATA_DIR": str(tmp_path / "data")}
    r = subprocess.run([sys.executable, "-m", "planner", "--smoke"], env=env, cwd=tmp_path,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "smoke: opened harbor.qkdplan" in r.stdout
    assert "evaluation: ok" in r.stdout
    reports = list(tmp_path.glob("qkd-planner-smoke-*/smoke-report.pdf"))
    assert len(reports) == 1, r.stdout
    assert reports[0].read_bytes()[:5] == b"%PDF-"
    assert str(reports[0]) in r.stdout

