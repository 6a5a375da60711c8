"""What-if variants of a plan for the rollout: harsher environment, growing key demand, a device
class withdrawn from the catalogue.

Each returns a changed copy (the plan itself is never modified) or a derived figure; the caller
simulates the variant like any plan and compares.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from planner.errors import ValidationError
from planner.model import Plan
from planner.model.elements import ENVIRONMENTS
from planner.rollout.view import DesignView

#: Environments the degradation what-if hits by default: quay-side cranes (vibration, heat,
#: cable reels) and aerial runs (port-context.md, "Environment").
HARSH_ENVIRONMENTS = ("quay_crane", "aerial")


def degraded_plan(plan: Plan, extra_db: float, environments: tuple[str, ...] = HARSH_ENVIRONMENTS) -> Plan:
    """A copy of ``plan`` whose fibers in ``environments`` carry ``extra_db`` more margin.

    The environment margin enters every fiber's loss budget (``plan.loss.environment_margin_db``),
    so links over quay-side runs lose rate or reach: the QBER rises with loss through the
    detector dark counts (physics.md, decoy BB84).
    """
    if not (isinstance(extra_db, int | float) and math.isfinite(extra_db) and 0 <= extra_db <= 50):
        raise ValidationError("must be a number of dB from 0 to 50", element="whatif", field="degrade_db")
    for env in environments:
        if env not in ENVIRONMENTS:
            raise ValidationError(f"unknown environment {env!r} (use {', '.join(ENVIRONMENTS)})",
                                  element="whatif", field="environments")
    margins = dict(plan.loss.environment_margin_db)
    for env in environments:
        margins[env] = float(margins.get(env, 0.0)) + float(extra_db)
    out = plan.snapshot()
    out.loss = replace(plan.loss, environment_margin_db=margins)
    return out


def catalogue_without(plan: Plan, removed: str) -> dict[str, Any]:
    """The plan's allowed devices minus those whose id, protocol or ``price_class`` is ``removed``
    (pass the result as ``catalogue`` to the design)."""
    from planner.network.candidates import resolve_devices

    devices = resolve_devices(plan)
    kept = {i: d for i, d in devices.items() if removed not in (i, d.protocol, d.price_class)}
    if len(kept) == len(devices):
        raise ValidationError(f"no allowed device has the id, protocol or price class {removed!r}",
                              element="whatif", field="remove_device")
    if not kept:
        raise ValidationError(f"removing {removed!r} leaves no QKD device", element="whatif",
                              field="remove_device")
    return kept


def growth_headroom(view: DesignView, rate_per_year: float, horizon_years: int) -> dict[str, Any]:
    """Years each protected demand keeps up with key demand growing by ``rate_per_year``.

    A demand needing R now needs R·(1+g)^t in year t; with end-to-end rate E it is short from
    t > ln(E/R)/ln(1+g). E is the design's rate with the spare capacity of its route; demands
    sharing hops grow together, so this is an upper bound on the headroom of shared routes.
    """
    if not (isinstance(rate_per_year, int | float) and math.isfinite(rate_per_year) and 0 <= rate_per_year <= 10):
        raise ValidationError("must be a yearly growth fraction from 0 to 10 (0.2 is 20%)", element="whatif",
                              field="growth")
    rows = []
    for d in view.demands.values():
        m = d.margin
        if m is None:
            continue
        if rate_per_year == 0 or m <= 0:
            years = math.inf if rate_per_year == 0 else 0.0
        else:
            years = math.log(m) / math.log1p(rate_per_year) if m > 0 else 0.0
        rows.append({"id": d.id, "margin": round(m, 4),
                     "headroom_years": None if math.isinf(years) else round(max(0.0, years), 2)})
    rows.sort(key=lambda r: math.inf if r["headroom_years"] is None else r["headroom_years"])
    short = [r["id"] for r in rows if r["headroom_years"] is not None and r["headroom_years"] < horizon_years]
    first = rows[0]["headroom_years"] if rows else None
    return {"rate_per_year": rate_per_year, "horizon_years": horizon_years, "first_shortfall_after_years": first,
            "short_within_horizon": short, "demands": rows}
