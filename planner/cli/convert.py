"""``qkd-planner convert IN OUT``: between ``.qkdplan`` and ``.geojson``."""

from __future__ import annotations

import argparse
import sys

from planner.io import load_plan, save_any


def register(sub) -> None:
    p = sub.add_parser("convert", help="convert a plan between .qkdplan and .geojson",
                       description="Convert a plan between .qkdplan and .geojson (RFC 7946, WGS84). "
                       "The output format follows OUT's extension.")
    p.add_argument("input", metavar="IN")
    p.add_argument("output", metavar="OUT")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    warnings: list[str] = []
    plan = load_plan(args.input, warnings=warnings)
    for w in warnings:
        print(f"qkd-planner: warning: {w}", file=sys.stderr)
    save_any(plan, args.output)
    return 0
