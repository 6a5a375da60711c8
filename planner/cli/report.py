"""``qkd-planner report FILE -o report.pdf [--lang en|zh] [--paper A4|Letter] [--phases]``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from planner.errors import PlanError
from planner.io import load_plan


def register(sub) -> None:
    from planner.reports.pdf import SECTIONS

    p = sub.add_parser("report", help="write the feasibility and rollout report (PDF)",
                       description="Evaluate a plan and write the PDF report for the port authority: verdict, "
                       "map, link budgets, key demands, trusted nodes, bill of materials, interfaces, costs, "
                       "assumptions. With --phases, also the rollout phases.")
    p.add_argument("file", metavar="FILE", help="plan (.qkdplan or .geojson)")
    p.add_argument("-o", "--output", required=True, metavar="PDF", help="the PDF to write")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="report language (default en)")
    p.add_argument("--paper", type=str.upper, choices=("A4", "LETTER"), default="A4",
                   help="paper size: A4 or Letter (default A4)")
    p.add_argument("--phases", action="store_true", help="include the rollout phases (runs the rollout simulation)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="date printed on the report (default: today); "
                   "the same plan and date give the same report")
    p.add_argument("--sections", metavar="LIST", help=f"comma-separated sections (default all): {','.join(SECTIONS)}")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from planner.reports import write_report

    date = None
    if args.date:
        try:
            date = dt.date.fromisoformat(args.date)
        except ValueError:
            raise PlanError(f"--date: {args.date!r} is not a date like 2026-05-01") from None
    sections = [s.strip() for s in args.sections.split(",") if s.strip()] if args.sections else None
    plan = load_plan(args.file)
    out = write_report(plan, args.output, lang=args.lang, paper=args.paper, sections=sections,
                       include_phases=args.phases, date=date)
    print(f"wrote {out}", file=sys.stderr)
    return 0
