"""What a report or an export shows, gathered once from the engine: ``gather(plan) -> ReportData``.

Every number comes from the engine's public results (``evaluate(plan).to_json()``, the rollout
simulation, the cost book and the device catalogue), never recomputed here, so the PDF, the exports
and ``qkd-planner evaluate --json`` agree. A part of the engine that gives no result (an older
engine, a missing catalogue) is recorded in ``missing`` and its sections say so plainly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from planner.model import Plan


@dataclass
class ReportData:
    plan: Plan
    evaluation: dict[str, Any]
    catalogue: dict[str, Any] | None = None  # device id -> Device
    cost_book: Any | None = None  # planner.costs.CostBook
    rollout: dict[str, Any] | None = None  # simulate(...).to_json()
    running: dict[str, Any] | None = None  # opex_per_year {parts, total}, tco, years, discount_rate
    missing: list[str] = field(default_factory=list)  # translation keys of missing parts

    # -- evaluation views -----------------------------------------------------------------------
    @property
    def fibers(self) -> list[dict[str, Any]]:
        return list(self.evaluation.get("fibers") or [])

    @property
    def links(self) -> list[dict[str, Any]] | None:
        links = self.evaluation.get("links")
        return None if links is None else list(links)

    @property
    def demands(self) -> list[dict[str, Any]]:
        return list(self.evaluation.get("demands") or [])

    @property
    def has_routing(self) -> bool:
        """The engine decided feasibility (demands carry ``feasible``)."""
        return bool(self.demands) and all("feasible" in d for d in self.demands)

    @property
    def trusted_nodes(self) -> list[str] | None:
        tn = self.evaluation.get("trusted_nodes")
        if tn is None:
            return None
        return [t if isinstance(t, str) else t.get("id") or t.get("site") for t in tn]

    @property
    def trusted_node_details(self) -> list[dict[str, Any]]:
        tn = self.evaluation.get("trusted_nodes") or []
        return [t if isinstance(t, dict) else {"id": t} for t in tn]

    @property
    def cost(self) -> dict[str, Any] | None:
        return self.evaluation.get("cost")

    @property
    def solver(self) -> dict[str, Any] | None:
        return self.evaluation.get("solver")

    @property
    def capex_total(self) -> float | None:
        c = self.cost or {}
        cap = c.get("capex")
        return cap.get("total") if isinstance(cap, dict) else cap

    @property
    def capex_parts(self) -> dict[str, float]:
        c = self.cost or {}
        cap = c.get("capex")
        return dict((cap.get("parts") if isinstance(cap, dict) else None) or c.get("parts") or {})

    @property
    def new_fibers(self) -> list[str] | None:
        nf = self.evaluation.get("new_fibers")
        return None if nf is None else list(nf)

    @property
    def resilience(self) -> Any:
        for key in ("resilience", "failures", "failure_analysis"):
            if self.evaluation.get(key) is not None:
                return self.evaluation[key]
        return None

    @property
    def attack_drill(self) -> list[dict[str, Any]] | None:
        """The engine's breach-detection drill (one row per built link), None when not computed."""
        drill = self.evaluation.get("attack_drill")
        return None if drill is None else list(drill)

    @property
    def currency(self) -> str:
        c = self.cost or {}
        cur = c.get("currency")
        if not cur and isinstance(c.get("capex"), dict):
            cur = c["capex"].get("currency")
        if cur:
            return str(cur)
        if self.cost_book is not None:
            return self.cost_book.currency
        return self.plan.meta.currency

    # -- derived views (pure look-ups, no physics) ---------------------------------------------
    def link_load_bps(self) -> dict[str, float]:
        """Key demand routed over each link: the engine's ``load_bps`` when it gives it, else the sum
        of the required rates of the feasible demands whose route uses the link's two ends in turn."""
        links = self.links or []
        out: dict[str, float] = {}
        if links and all("load_bps" in lk for lk in links):
            return {lk["id"]: float(lk["load_bps"] or 0.0) for lk in links}
        by_ends = {}
        for lk in links:
            by_ends[frozenset((lk["a"], lk["b"]))] = lk["id"]
            out[lk["id"]] = 0.0
        for d in self.demands:
            route = d.get("route") or []
            if not d.get("feasible"):
                continue
            for u, v in zip(route, route[1:], strict=False):
                lid = by_ends.get(frozenset((u, v)))
                if lid is not None:
                    out[lid] += float(d.get("required_bps") or 0.0)
        return out

    def link_margin(self) -> dict[str, float]:
        """Key rate / routed load per link (inf for a link carrying no demand)."""
        loads = self.link_load_bps()
        out = {}
        for lk in self.links or []:
            if "margin" in lk and lk["margin"] is not None:
                out[lk["id"]] = float(lk["margin"])
                continue
            load = loads.get(lk["id"], 0.0)
            rate = float(lk.get("key_rate_bps") or 0.0)
            out[lk["id"]] = math.inf if load <= 0 else rate / load
        return out

    def fiber_margin(self) -> dict[str, float]:
        """Worst margin of the links running over each fiber."""
        margins = self.link_margin()
        out: dict[str, float] = {}
        for lk in self.links or []:
            m = margins.get(lk["id"], math.inf)
            for fid in lk.get("path") or []:
                out[fid] = min(out.get(fid, math.inf), m)
        return out

    def devices_used(self) -> list[str]:
        seen: list[str] = []
        for lk in self.links or []:
            dev = lk.get("device")
            if dev and dev not in seen:
                seen.append(dev)
        return seen


def _evaluation(plan: Plan):
    from planner.network.evaluate import evaluate

    return evaluate(plan)


def _catalogue(plan: Plan) -> dict[str, Any] | None:
    try:
        from planner.physics.devices import device_from_dict, load_catalogue
    except ImportError:
        return None
    try:
        cat = dict(load_catalogue())
    except (OSError, FileNotFoundError):
        return None
    for d in plan.devices.custom:
        dev = device_from_dict(d, source="plan")
        cat[dev.id] = dev
    return cat


def _cost_book(plan: Plan):
    try:
        from planner.costs import load_cost_book
    except ImportError:
        return None
    try:
        return load_cost_book(plan)
    except FileNotFoundError:
        return None


def _rollout(plan: Plan, design: Any = None) -> dict[str, Any] | None:
    """The rollout simulation, on the same whole-port design as the evaluation when given (so both
    report the same CAPEX and the solver runs once)."""
    try:
        from planner.rollout import simulate
    except ImportError:
        return None
    result = simulate(plan, design=design) if design is not None else simulate(plan)
    return result.to_json()


def _running_costs(data: ReportData) -> dict[str, Any] | None:
    """OPEX per year and TCO: the rollout's when it ran (same design), else the cost model's
    ``opex_breakdown`` and ``tco`` on the evaluation's CAPEX."""
    ro = data.rollout
    if ro and ro.get("opex_per_year") is not None:
        return {"opex_per_year": {"parts": dict(ro.get("opex_parts") or {}), "total": ro["opex_per_year"]},
                "tco": ro.get("tco"), "years": ro.get("years"), "discount_rate": ro.get("discount_rate")}
    cost, book = data.cost, data.cost_book
    if not cost or book is None or cost.get("capex") is None:
        return None
    from planner.costs import opex_breakdown, tco

    cap = cost["capex"]["total"] if isinstance(cost["capex"], dict) else float(cost["capex"])
    op = opex_breakdown(book, cap, devices=2 * len(data.links or []), trusted_nodes=len(data.trusted_nodes or []))
    years, rate = data.plan.rollout.years, data.plan.rollout.discount_rate
    return {"opex_per_year": {"parts": dict(op.parts), "total": op.total}, "tco": tco(cap, op.total, years, rate),
            "years": years, "discount_rate": rate}


def gather(plan: Plan, *, include_phases: bool = True, evaluation: Any = None) -> ReportData:
    """Run the engine once for a report or an export. ``evaluation`` reuses an ``evaluate`` result
    the caller already has (an ``Evaluation``, or its ``to_json()``), e.g. the desktop app's last one."""
    result = evaluation if evaluation is not None else _evaluation(plan)
    ev = result if isinstance(result, dict) else result.to_json()
    design = None if isinstance(result, dict) else getattr(result, "design", None)
    data = ReportData(plan=plan, evaluation=ev)
    data.catalogue = _catalogue(plan)
    if data.catalogue is None:
        data.missing.append("missing_devices")
    data.cost_book = _cost_book(plan)
    if ev.get("links") is None:
        data.missing.append("missing_links")
    if ev.get("cost") is None:
        data.missing.append("missing_costs")
    if data.resilience is None:
        data.missing.append("missing_resilience")
    if include_phases:
        data.rollout = _rollout(plan, design)
        if data.rollout is None:
            data.missing.append("missing_rollout")
    data.running = _running_costs(data)
    return data
