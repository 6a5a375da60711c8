"""``evaluate(plan) -> Evaluation``: the one truth that the CLI prints, the GUI shows and reports render.

A pure function of the plan (and the catalogues). The result is frozen and JSON-ready.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planner.model import Plan, validate_plan
from planner.network.budget import fiber_budgets


@dataclass(frozen=True)
class Evaluation:
    """Results of evaluating a plan. ``to_json()`` gives the public ``--json`` structure."""

    plan_name: str
    fibers: tuple[dict[str, Any], ...]
    demands: tuple[dict[str, Any], ...]
    warnings: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan_name,
            "fibers": [dict(f) for f in self.fibers],
            "demands": [dict(d) for d in self.demands],
            "warnings": list(self.warnings),
        }


def evaluate(plan: Plan) -> Evaluation:
    validate_plan(plan)
    b = fiber_budgets(plan)
    fibers = tuple(
        {
            "id": fid,
            "from": plan.fibers[fid].a,
            "to": plan.fibers[fid].b,
            "length_m": round(float(b.length_m[i]), 3),
            "loss_db": round(float(b.loss_db[i]), 4),
            "budget": {k: (round(v, 4) if isinstance(v, float) else v) for k, v in b.breakdown(i).items()},
        }
        for i, fid in enumerate(b.ids)
    )
    demands = tuple(
        {"id": d.id, "a": d.a, "b": d.b, "required_bps": d.rate_bps, "priority": d.priority,
         "disjoint_paths": d.disjoint_paths}
        for d in plan.demands.values()
    )
    return Evaluation(plan_name=plan.meta.name, fibers=fibers, demands=demands)
