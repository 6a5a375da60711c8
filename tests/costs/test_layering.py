"""planner.costs sits below the network engine and the rollout: it must not import them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import planner.costs

COSTS_DIR = Path(planner.costs.__file__).parent


def test_no_upward_imports_in_source():
    for path in COSTS_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("planner.network", "planner.rollout", "planner.gui")), (path.name, name)


def test_importing_costs_loads_neither_network_nor_rollout():
    code = ("import sys, planner.costs as c; c.load_cost_book(); "
            "print(sorted(m for m in sys.modules if m.startswith(('planner.network', 'planner.rollout'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
