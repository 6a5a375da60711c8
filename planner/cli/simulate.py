"""``qkd-planner simulate FILE``: the phased rollout, its costs over time and (optionally) availability.

JSON output is a public contract: docs/simulate-json.md.
"""

from __future__ import annotations

import argparse
import io
import json
import sys

from planner.errors import PlanError, ValidationError
from planner.io import load_plan

STRATEGY_CHOICES = ("contiguous", "priority", "greedy", "manual")


def register(sub) -> None:
    p = sub.add_parser("simulate", help="simulate the phased rollout: coverage, CAPEX per phase, OPEX, TCO",
                       description="Simulate the rollout of a plan section by section, from a seed section to the "
                       "whole port: per phase the sections added, demands and sites protected, trusted nodes "
                       "built, CAPEX and coverage; OPEX and TCO; optionally a Monte Carlo availability estimate.")
    p.add_argument("file", metavar="FILE", help="plan (.qkdplan or .geojson)")
    p.add_argument("--strategy", choices=STRATEGY_CHOICES, help="phase order (default: the plan's rollout.strategy)")
    p.add_argument("--seed-section", metavar="ID", help="section of phase 1 (default: the plan's rollout.seed_section)")
    p.add_argument("--order", metavar="ID,ID,...", help="section order for --strategy manual (default: rollout.order)")
    p.add_argument("--budget-per-year", type=float, metavar="X", help="yearly CAPEX budget (cost-book currency)")
    p.add_argument("--years", type=int, metavar="N", help="TCO horizon in years (default: rollout.years)")
    p.add_argument("--json", action="store_true", help="print the results as JSON (a stable contract)")
    p.add_argument("--plot", metavar="PNG", help="draw coverage and cumulative CAPEX over phases (needs matplotlib)")
    p.add_argument("--availability", action="store_true",
                   help="estimate availability by Monte Carlo (fiber cuts, device and node failures, key store)")
    p.add_argument("--trials", type=int, default=500, metavar="N", help="Monte Carlo trials (default 500)")
    p.add_argument("--mc-seed", type=int, default=0, metavar="S", help="Monte Carlo random seed (default 0)")
    p.add_argument("--degrade-db", type=float, metavar="DB",
                   help="what-if: add DB of loss margin to quay-crane and aerial fibers")
    p.add_argument("--growth", type=float, metavar="G",
                   help="what-if: key demand grows by G a year (0.2 = 20%%); reports each demand's headroom")
    p.add_argument("--remove-device", metavar="ID|PROTOCOL|CLASS",
                   help="what-if: design without the devices of this id, protocol or price class")
    p.add_argument("--solver", choices=("auto", "exact", "heuristic"), default="auto",
                   help="network design solver (default auto)")
    p.add_argument("--time-limit", type=float, default=10.0, metavar="S", help="design solver time limit (s)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from planner.costs import load_cost_book
    from planner.rollout.simulate import simulate
    from planner.rollout.whatif import catalogue_without, degraded_plan, growth_headroom

    if args.trials < 2 and args.availability:
        raise ValidationError("needs at least 2 trials", field="--trials")
    warnings: list[str] = []
    plan = load_plan(args.file, warnings=warnings)
    if args.degrade_db is not None:
        plan = degraded_plan(plan, args.degrade_db)
    design_kwargs = {"solver": args.solver, "time_limit_s": args.time_limit}
    if args.remove_device:
        design_kwargs["catalogue"] = catalogue_without(plan, args.remove_device)
    order = [s.strip() for s in args.order.split(",") if s.strip()] if args.order else None
    book = load_cost_book(plan, warnings=warnings)
    sim = simulate(plan, strategy=args.strategy, seed_section=args.seed_section, order=order,
                   budget_per_year=args.budget_per_year, years=args.years, book=book,
                   availability_trials=args.trials if args.availability else 0, availability_seed=args.mc_seed,
                   design_kwargs=design_kwargs, warnings=warnings)
    data = sim.to_json()
    whatif = {}
    if args.degrade_db is not None:
        whatif["degrade_db"] = args.degrade_db
    if args.remove_device:
        whatif["removed_devices"] = args.remove_device
    if args.growth is not None:
        whatif["growth"] = growth_headroom(sim.view, args.growth, sim.years)
    if whatif:
        data["whatif"] = whatif
    if args.plot:
        _plot(args.plot, sim)
    for w in warnings:
        print(f"qkd-planner: warning: {w}", file=sys.stderr)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    _print_table(data)
    return 0


def _money(x) -> str:
    return "-" if x is None else f"{x:,.0f}"


def _print_table(data: dict) -> None:
    cur = data["currency"]
    print(f"Plan: {data['plan']}")
    print(f"Strategy: {data['strategy']}   seed section: {data['seed_section'] or '-'}   "
          f"budget/year: {_money(data['budget_per_year'])} {cur}")
    print()
    print(f"  {'#':>2} {'year':>5} {'sections':<28} {'dem':>4} {'nodes':>5} {'capex':>13} {'cumulative':>13} "
          f"{'coverage':>8} {'sites':>6} {'margin':>7}")
    for p in data["phases"]:
        secs = ",".join(p["sections"])
        secs = secs if len(secs) <= 28 else secs[:25] + "..."
        margin = "-" if p["min_margin"] is None else f"{p['min_margin']:.2f}x"
        print(f"  {p['index']:>2} {p['year']:>5} {secs:<28} {len(p['demands']):>4} {len(p['trusted_nodes']):>5} "
              f"{_money(p['capex']):>13} {_money(p['cumulative_capex']):>13} {p['coverage']:>8.1%} "
              f"{p['site_coverage']:>6.0%} {margin:>7}")
    print()
    print(f"Total CAPEX:   {_money(data['total_capex'])} {cur}")
    print(f"OPEX per year: {_money(data['opex_per_year'])} {cur} (when everything runs)")
    print(f"TCO:           {_money(data['tco'])} {cur} over {data['years']} years at "
          f"{data['discount_rate']:.1%} discount")
    print("Coverage curve (cumulative CAPEX -> coverage): "
          + ", ".join(f"{_money(p['cumulative_capex'])} -> {p['coverage']:.0%}" for p in data["phases"]))
    if data["infeasible"]:
        print(f"Not feasible ({len(data['infeasible'])}): "
              + "; ".join(f"{d['id']}: {d['reason']}" for d in data["infeasible"]))
    a = data.get("availability")
    if a:
        print(f"Availability (Monte Carlo, {a['trials']} trials of {a['horizon_h']:.0f} h, seed {a['seed']}): "
              f"{a['mean']:.5f} (95% CI {a['ci95'][0]:.5f}-{a['ci95'][1]:.5f}); "
              f"without key store, analytic: {a['analytic_no_store']:.5f}")
    g = data.get("whatif", {}).get("growth")
    if g:
        short = g["short_within_horizon"]
        print(f"Demand growth {g['rate_per_year']:.0%}/year: first shortfall after "
              f"{g['first_shortfall_after_years'] if g['first_shortfall_after_years'] is not None else 'never'} "
              f"years; short within {g['horizon_years']} years: {', '.join(short) if short else 'none'}")


def _plot(path: str, sim) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise PlanError("--plot needs matplotlib, which is not installed: "
                        "pip install 'qkd-rollout-planner[plot]'", field="--plot") from None
    from planner.io.atomic import atomic_write_bytes

    idx = [p.index for p in sim.phases]
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    ax.plot(idx, [100 * p.coverage for p in sim.phases], "o-", label="coverage (priority-weighted)")
    ax.plot(idx, [100 * p.site_coverage for p in sim.phases], "s:", ms=3, label="sites with keys")
    ax.set_xlabel("phase")
    ax.set_ylabel("coverage (%)")
    ax.set_ylim(0, 105)
    ax2 = ax.twinx()
    ax2.plot(idx, [p.cumulative_capex for p in sim.phases], "k.--", label=f"cumulative CAPEX ({sim.currency})")
    ax2.set_ylabel(f"cumulative CAPEX ({sim.currency})")
    lines = ax.get_legend_handles_labels()
    lines2 = ax2.get_legend_handles_labels()
    ax.legend(lines[0] + lines2[0], lines[1] + lines2[1], loc="lower right")
    ax.set_title(f"{sim.plan_name}: {sim.strategy} rollout")
    ax.grid(True, alpha=0.3)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    atomic_write_bytes(path, buf.getvalue())
