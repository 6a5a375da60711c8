"""Loss budget of every fiber of a plan, computed for all fibers at once (vectorised)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.model import Plan
from planner.physics.loss import fiber_attenuation_db_per_km, loss_budget


@dataclass(frozen=True)
class FiberBudgets:
    """Per-fiber arrays in the plan's fiber order.

    ``loss_db`` is what a QKD link through the fiber sees: a measured ``loss_db`` when given,
    else the budget (attenuation, splices, connectors, environment margin, ageing margin).
    """

    ids: tuple[str, ...]
    length_m: np.ndarray
    attenuation_db_per_km: np.ndarray
    fiber_db: np.ndarray
    splice_db: np.ndarray
    connector_db: np.ndarray
    margin_db: np.ndarray
    budget_db: np.ndarray
    measured: np.ndarray
    loss_db: np.ndarray

    def index(self) -> dict[str, int]:
        return {fid: i for i, fid in enumerate(self.ids)}

    def breakdown(self, i: int) -> dict[str, float]:
        return {
            "fiber_db": float(self.fiber_db[i]),
            "splice_db": float(self.splice_db[i]),
            "connector_db": float(self.connector_db[i]),
            "margin_db": float(self.margin_db[i]),
            "budget_db": float(self.budget_db[i]),
            "measured": bool(self.measured[i]),
            "loss_db": float(self.loss_db[i]),
        }


def fiber_budgets(plan: Plan) -> FiberBudgets:
    """Loss of each fiber: α·L + splices + connectors + environment margin + ageing margin per km.

    Margins come from ``plan.loss`` (environment zone penalty, ageing/repair allowance); a measured
    end-to-end ``loss_db`` overrides the whole budget (physics.md, "Loss budget").
    """
    fibers = list(plan.fibers.values())
    n = len(fibers)
    length = np.fromiter((plan.fiber_length_m(f) for f in fibers), float, n)
    alpha = np.fromiter(
        (f.attenuation_db_per_km if f.attenuation_db_per_km is not None
         else fiber_attenuation_db_per_km(f.fiber_type, f.wavelength_nm) for f in fibers), float, n)
    env = plan.loss.environment_margin_db
    margin = np.fromiter((env.get(f.environment, 0.0) for f in fibers), float, n)
    margin = margin + plan.loss.ageing_margin_db_per_km * length / 1000.0
    b = loss_budget(
        length, alpha,
        splices=np.fromiter((f.splices for f in fibers), float, n),
        splice_loss_db=np.fromiter((f.splice_loss_db for f in fibers), float, n),
        connectors=np.fromiter((f.connectors for f in fibers), float, n),
        connector_loss_db=np.fromiter((f.connector_loss_db for f in fibers), float, n),
        margin_db=margin,
    )
    measured = np.fromiter((f.loss_db is not None for f in fibers), bool, n)
    measured_loss = np.fromiter((f.loss_db if f.loss_db is not None else 0.0 for f in fibers), float, n)
    total = np.asarray(b.total_db, dtype=float).reshape(n)
    return FiberBudgets(
        ids=tuple(f.id for f in fibers),
        length_m=length,
        attenuation_db_per_km=alpha,
        fiber_db=np.asarray(b.fiber_db, dtype=float).reshape(n),
        splice_db=np.asarray(b.splice_db, dtype=float).reshape(n),
        connector_db=np.asarray(b.connector_db, dtype=float).reshape(n),
        margin_db=np.asarray(b.margin_db, dtype=float).reshape(n),
        budget_db=total,
        measured=measured,
        loss_db=np.where(measured, measured_loss, total),
    )
