"""``simulate(plan) -> Simulation``: the rollout of a plan, phase by phase, with costs over time.

1. The whole-port design (``planner.network.design.design``) fixes what is built and how each
   demand is served; ``view.DesignView`` flattens it into items.
2. A strategy orders the sections into phases (``phases``); each phase builds what its newly
   protected demands need and was not built before (nothing is bought twice), so the last
   phase's cumulative CAPEX equals the whole-port CAPEX.
3. Phases are scheduled into years under ``rollout.budget_per_year``; CAPEX, yearly OPEX of what
   runs and TCO over ``rollout.years`` at ``rollout.discount_rate`` follow.
4. Optionally, a Monte Carlo availability estimate of the protected demands (``availability``).

Why phases build subsets of the whole-port design rather than re-optimising each phase: a phase
optimised alone may pick links and trusted nodes that the later whole port does not need, so a
phased build would cost more than the port-wide optimum and the totals would disagree. Building
subsets of the optimum keeps the totals equal and never buys anything twice; the price is that an
early phase may pay for a trusted node sized for the whole port.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from planner.costs import CostBook, load_cost_book, opex_breakdown, tco_schedule
from planner.errors import ValidationError
from planner.model import Plan
from planner.rollout.availability import (
    AvailabilityResult,
    Component,
    DemandRoutes,
    fiber_component,
    reliability_components,
    simulate_availability,
)
from planner.rollout.phases import (
    STRATEGIES,
    Phase,
    build_phases,
    pick_seed,
    schedule_years,
    section_order,
    site_sections,
)
from planner.rollout.view import DesignView


@dataclass(frozen=True)
class Simulation:
    """Result of ``simulate``: phases, totals and (optionally) availability. ``to_json`` gives the
    public ``simulate --json`` structure (docs/simulate-json.md)."""

    plan_name: str
    strategy: str
    seed_section: str | None
    currency: str
    phases: tuple[Phase, ...]
    total_capex: float
    design_capex: float | None
    opex_per_year: float
    opex_parts: dict[str, float]
    tco: float
    years: int
    discount_rate: float
    budget_per_year: float | None
    start_year: int
    infeasible: tuple[dict[str, Any], ...] = ()
    availability: AvailabilityResult | None = None
    warnings: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    view: DesignView | None = field(default=None, repr=False, compare=False)

    @property
    def coverage_curve(self) -> list[tuple[float, float]]:
        """(cumulative CAPEX, coverage) after each phase."""
        return [(p.cumulative_capex, p.coverage) for p in self.phases]

    def cost_to_reach(self, coverage: float) -> float | None:
        """Cumulative CAPEX of the first phase whose coverage reaches ``coverage`` (None: never)."""
        for p in self.phases:
            if p.coverage >= coverage - 1e-12:
                return p.cumulative_capex
        return None

    def to_json(self) -> dict[str, Any]:
        def r(x):
            return None if x is None else round(float(x), 2)

        out: dict[str, Any] = {
            "plan": self.plan_name,
            "strategy": self.strategy,
            "seed_section": self.seed_section,
            "currency": self.currency,
            "phases": [
                {
                    "index": p.index, "sections": list(p.sections), "sites": list(p.sites),
                    "demands": list(p.demands), "trusted_nodes": list(p.trusted_nodes),
                    "capex": r(p.capex), "cumulative_capex": r(p.cumulative_capex),
                    "coverage": round(p.coverage, 6), "year": p.year,
                    "start_year": p.extra.get("start_year", p.year),
                    "site_coverage": round(p.site_coverage, 6), "demand_share": round(p.demand_share, 6),
                    "links": list(p.links), "devices": p.devices, "endpoints": list(p.endpoints),
                    "new_fibers": list(p.new_fibers), "new_fiber_m": round(p.new_fiber_m, 1),
                    "capex_parts": {k: r(v) for k, v in p.capex_parts.items()},
                    "min_margin": None if p.min_margin is None else round(p.min_margin, 4),
                    "within_horizon": p.year is not None and p.year < self.start_year + self.years,
                }
                for p in self.phases
            ],
            "total_capex": r(self.total_capex),
            "design_capex": r(self.design_capex),
            "opex_per_year": r(self.opex_per_year),
            "opex_parts": {k: r(v) for k, v in self.opex_parts.items()},
            "tco": r(self.tco),
            "years": self.years,
            "discount_rate": self.discount_rate,
            "budget_per_year": self.budget_per_year,
            "start_year": self.start_year,
            "infeasible": [dict(d) for d in self.infeasible],
            "warnings": list(self.warnings),
        }
        if self.availability is not None:
            out["availability"] = self.availability.to_json()
        out.update(self.extra)
        return out


def design_view(plan: Plan, book: CostBook, **design_kwargs: Any) -> DesignView:
    """Run the network engine's whole-port design and flatten it (``view.view_from_design``)."""
    from planner.network.design import design
    from planner.rollout.view import view_from_design

    return view_from_design(plan, design(plan, **design_kwargs), book)


def simulate(plan: Plan, *, strategy: str | None = None, seed_section: str | None = None,
             order: Sequence[str] | None = None, budget_per_year: float | None = None,
             years: int | None = None, book: CostBook | None = None, view: DesignView | None = None,
             design: Any = None,
             availability_trials: int = 0, availability_seed: int = 0,
             availability_horizon_h: float = 8760.0, design_kwargs: dict[str, Any] | None = None,
             warnings: list[str] | None = None) -> Simulation:
    """Simulate the rollout of ``plan`` (module docstring). Arguments left None come from
    ``plan.rollout``. ``design``: a whole-port ``Design`` already computed for this plan (e.g. the
    one ``evaluate`` used), so both report the same CAPEX; ``view``: the same, already flattened."""
    r = plan.rollout
    strategy = strategy or r.strategy
    if strategy not in STRATEGIES:
        raise ValidationError(f"{strategy!r} is not one of {', '.join(STRATEGIES)}", element="rollout",
                              field="strategy")
    budget = budget_per_year if budget_per_year is not None else r.budget_per_year
    if budget is not None and not (budget > 0):
        raise ValidationError("must be a positive amount", element="rollout", field="budget_per_year")
    n_years = int(years if years is not None else r.years)
    if not 1 <= n_years <= 100:
        raise ValidationError("must be a whole number of years from 1 to 100", element="rollout", field="years")
    notes: list[str] = []
    book = book if book is not None else load_cost_book(plan, warnings=notes)
    if view is None and design is not None:
        from planner.rollout.view import view_from_design

        view = view_from_design(plan, design, book)
    if view is None:
        view = design_view(plan, book, **{"cost_book": book, **(design_kwargs or {})})
    site_section = site_sections(plan)
    seed = None if strategy == "manual" else pick_seed(plan, seed_section)
    groups = section_order(plan, strategy, seed, view=view, book=book, order=order, site_section=site_section)
    phases = build_phases(plan, view, book, groups, site_section)
    when = schedule_years([p.capex for p in phases], budget, r.start_year)
    phases = [replace(p, year=end, extra={**p.extra, "start_year": begin}) for p, (begin, end) in zip(phases, when,
                                                                                                        strict=True)]
    total = phases[-1].cumulative_capex if phases else 0.0
    # yearly cash flows over the horizon: CAPEX when spent, OPEX of what runs (built the year before)
    capex_by_year = [0.0] * n_years
    opex_by_year = [0.0] * n_years
    for p, (begin, end) in zip(phases, when, strict=True):
        span = range(begin - r.start_year, end - r.start_year + 1)
        for t in span:
            if 0 <= t < n_years:
                capex_by_year[t] += p.capex / len(span)
    full_opex = opex_breakdown(book, total, devices=sum(p.devices for p in phases),
                               trusted_nodes=sum(len(p.trusted_nodes) for p in phases))
    for t in range(n_years):
        running = [p for p in phases if p.year is not None and p.year - r.start_year <= t]
        cap = sum(p.capex for p in running)
        opex_by_year[t] = opex_breakdown(book, cap, devices=sum(p.devices for p in running),
                                         trusted_nodes=sum(len(p.trusted_nodes) for p in running)).total
    tco = tco_schedule(capex_by_year, opex_by_year, r.discount_rate)
    beyond = [p.index for p in phases if p.year is not None and p.year >= r.start_year + n_years]
    if beyond:
        notes.append(f"phases {', '.join(map(str, beyond))} complete after the {n_years}-year horizon "
                     "(their CAPEX is outside the TCO)")
    avail = None
    if availability_trials:
        avail = simulate_availability(availability_routes(plan, view, book), key_store_bits=r.key_store_bits,
                                      trials=availability_trials, horizon_h=availability_horizon_h,
                                      seed=availability_seed)
    infeasible = tuple({"id": d.id, "reason": d.reason, "reason_code": d.reason_code, "reason_args": d.reason_args}
                       for d in view.demands.values() if not d.feasible)
    if warnings is not None:
        warnings.extend(notes)
    return Simulation(
        plan_name=plan.meta.name, strategy=strategy, seed_section=seed, currency=book.currency,
        phases=tuple(phases), total_capex=total, design_capex=view.capex_total, opex_per_year=full_opex.total,
        opex_parts=full_opex.parts, tco=tco, years=n_years, discount_rate=r.discount_rate, budget_per_year=budget,
        start_year=r.start_year, infeasible=infeasible, availability=avail, warnings=tuple(notes), view=view,
    )


def availability_routes(plan: Plan, view: DesignView, book: CostBook) -> list[DemandRoutes]:
    """Components every protected demand depends on: per path, its links' device pairs and
    fibers and the trusted nodes it passes."""
    rel = reliability_components(book)
    fiber_len = {f.id: plan.fiber_length_m(f) for f in plan.fibers.values()}
    out = []
    for d in view.demands.values():
        if not d.feasible:
            continue
        paths = []
        for p in d.paths:
            comps: dict[str, Component] = {}
            for lid in p:
                link = view.links[lid]
                comps[f"link:{lid}"] = Component(f"link:{lid}", rel["device_mtbf_h"], rel["device_mttr_h"])
                for fid in link.fibers:
                    if fid in fiber_len:
                        c = fiber_component(fid, fiber_len[fid], rel)
                        comps[c.id] = c
                for s in (link.a, link.b):
                    if view.site_role.get(s) == "node" and s not in (d.a, d.b):
                        comps[f"node:{s}"] = Component(f"node:{s}", rel["node_mtbf_h"], rel["node_mttr_h"])
            paths.append(tuple(comps.values()))
        out.append(DemandRoutes(d.id, tuple(paths), d.required_bps,
                                surplus_bps=max(0.0, d.end_to_end_bps - d.required_bps), weight=float(d.priority)))
    return out
