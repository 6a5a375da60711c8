"""``qkd-planner evaluate FILE [--json]``."""

from __future__ import annotations

import argparse
import json

from planner.io import load_plan


def register(sub) -> None:
    p = sub.add_parser("evaluate", help="evaluate a plan: loss budgets, key rates, trusted nodes",
                       description="Evaluate a plan (.qkdplan or .geojson) and print the results.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the results as JSON (a stable contract)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from planner.network.evaluate import evaluate

    plan = load_plan(args.file)
    result = evaluate(plan)
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return 0
    data = result.to_json()
    print(f"Plan: {data['plan']}")
    print(f"\nFibers ({len(data['fibers'])}):")
    print(f"  {'id':<14} {'from':<14} {'to':<14} {'length m':>10} {'loss dB':>8}")
    for f in data["fibers"]:
        print(f"  {f['id']:<14} {f['from']:<14} {f['to']:<14} {f['length_m']:>10.1f} {f['loss_db']:>8.2f}")
    print(f"\nDemands ({len(data['demands'])}):")
    for d in data["demands"]:
        print(f"  {d['id']:<14} {d['a']:<14} -> {d['b']:<14} {d['required_bps']:>10.1f} bit/s")
    return 0
