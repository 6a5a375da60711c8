"""The engine never imports Qt: only planner.gui may (DESIGN.md, 'The boundary is checked')."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import planner

ENGINE = [m.name for m in pkgutil.walk_packages(planner.__path__, "planner.")
          if not m.name.startswith(("planner.gui", "planner._"))]


def test_engine_modules_load_no_qt():
    code = (
        "import importlib, sys\n"
        f"mods = {ENGINE!r}\n"
        "for m in mods:\n"
        "    importlib.import_module(m)\n"
        "qt = sorted(n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'))\n"
        "print(len(mods), qt)\n"
        "sys.exit(1 if qt else 0)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert int(r.stdout.split()[0]) >= 10  # the walk found the engine
