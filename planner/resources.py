"""The one way to reach the bundled resources (catalogues, icons, examples).

Works from a source checkout (``resources/`` beside ``planner/``), from an
installed wheel (shipped as ``planner/_resources``) and from a frozen bundle
(``sys._MEIPASS``). Never relative to the working directory.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent


@cache
def resources_dir() -> Path:
    candidates = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.append(Path(frozen) / "resources")
    candidates += [_PKG / "_resources", _PKG.parent / "resources"]
    for c in candidates:
        if c.is_dir():
            return c
    raise FileNotFoundError("the planner's resources folder is missing from this installation")


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource, e.g. ``resource_path("devices.json")``."""
    return resources_dir().joinpath(*parts)


def examples_dir() -> Path:
    """Bundled example plans: ``examples/`` in a checkout, ``planner/_examples`` when installed."""
    frozen = getattr(sys, "_MEIPASS", None)
    for c in ([Path(frozen) / "examples"] if frozen else []) + [_PKG / "_examples", _PKG.parent / "examples"]:
        if c.is_dir():
            return c
    raise FileNotFoundError("the example plans are missing from this installation")


def example_plan(name: str = "harbor.qkdplan") -> Path:
    return examples_dir() / name
