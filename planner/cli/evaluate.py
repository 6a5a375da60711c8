"""``qkd-planner evaluate FILE [--json] [--solver exact|heuristic|auto] [--time-limit S] [--device-file F]``."""

from __future__ import annotations

import argparse
import json
import math

from planner.errors import ValidationError
from planner.io import load_plan


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text!r}")
    return value


def register(sub) -> None:
    p = sub.add_parser("evaluate", help="evaluate a plan: loss budgets, key rates, trusted nodes",
                       description="Evaluate a plan (.qkdplan or .geojson): least-cost trusted nodes and QKD "
                       "links, key rate per demand, costs, failure analysis and attack drill.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the results as JSON (a stable contract, "
                   "docs/evaluate-json.md)")
    p.add_argument("--solver", choices=("exact", "heuristic", "auto"), default="auto",
                   help="trusted-node placement: exact MILP (HiGHS), fast heuristic, or auto (exact when the "
                   "model is small enough; default)")
    p.add_argument("--time-limit", type=_seconds, default=10.0, metavar="S",
                   help="solver time limit in seconds (default 10)")
    p.add_argument("--device-file", metavar="F",
                   help="use only the QKD device described in F (JSON with the catalogue's keys)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from planner.network.evaluate import evaluate

    plan = load_plan(args.file)
    catalogue = None
    if args.device_file:
        from planner.physics.devices import load_device_file

        dev = load_device_file(args.device_file)
        catalogue = {dev.id: dev}
    if args.time_limit is not None and args.time_limit <= 0:  # pragma: no cover - argparse checks it
        raise ValidationError("must be positive", field="--time-limit")
    result = evaluate(plan, solver=args.solver, time_limit_s=args.time_limit, catalogue=catalogue)
    data = result.to_json()
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))
        return 0
    print(f"Plan: {data['plan']}")
    print(f"\nFibers ({len(data['fibers'])}):")
    print(f"  {'id':<14} {'from':<14} {'to':<14} {'length m':>10} {'loss dB':>8}")
    for f in data["fibers"]:
        print(f"  {f['id']:<14} {f['from']:<14} {f['to']:<14} {f['length_m']:>10.1f} {f['loss_db']:>8.2f}")
    print(f"\nQKD links ({len(data['links'])}):")
    for lk in data["links"]:
        print(f"  {lk['a']:<14} {lk['b']:<14} {lk['device']:<24} {lk['loss_db']:>6.2f} dB "
              f"{lk['key_rate_bps']:>14.1f} bit/s  load {lk['load_bps']:.1f}")
    print(f"\nTrusted nodes: {', '.join(data['trusted_nodes']) or 'none'}")
    print(f"\nDemands ({len(data['demands'])}):")
    for d in data["demands"]:
        state = "ok " if d["feasible"] else "NO "
        via = " via " + ", ".join(d["relays"]) if d["relays"] else ""
        print(f"  {state}{d['id']:<12} {d['a']:<14} -> {d['b']:<14} {d['required_bps']:>10.1f} bit/s "
              f"(gets {d['end_to_end_bps']:.1f}){via}")
        if d["reason"]:
            print(f"      {d['reason']}")
    c, s = data["cost"], data["solver"]
    print(f"\nCAPEX: {c['capex']:,.0f} {c['currency']}  (" +
          ", ".join(f"{k} {v:,.0f}" for k, v in c["parts"].items() if v) + ")")
    gap = "unknown" if s["gap"] is None else f"{100 * s['gap']:.2f}%"
    print(f"Solver: {s['method']} ({s['status']}, gap {gap}, {s['seconds']:.2f} s)")
    if s["status"] == "time_limit":
        bound = (f"this design costs at most {gap} more than the optimum" if s["gap"] is not None
                 else "no bound on how far this design is from the optimum")
        print(f"  stopped at the time limit: {bound}; --time-limit S searches longer")
    spof = data["failures"]["single_points_of_failure"]
    print(f"Single failures that cut a demand: {spof}")
    return 0
