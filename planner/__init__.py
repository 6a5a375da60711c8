"""QKD Rollout Planner: plan quantum key distribution networks at ports and logistics hubs.

The public engine API (no Qt) is importable from here::

    import planner
    plan = planner.load_plan("examples/harbor.qkdplan")
    result = planner.evaluate(plan)

Heavy modules load on first use, so ``import planner`` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

#: Public name -> module that defines it.
_API = {
    "load_plan": "planner.io",
    "save_plan": "planner.io",
    "save_any": "planner.io",
    "load_geojson": "planner.io.geojson",
    "save_geojson": "planner.io.geojson",
    "evaluate": "planner.network.evaluate",
    "Evaluation": "planner.network.evaluate",
    "Plan": "planner.model",
    "PlanError": "planner.errors",
}


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'planner' has no attribute {name!r}")
    return getattr(import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
