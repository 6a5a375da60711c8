"""``qkd-planner export FILE --format csv|xlsx|geojson -o OUT [--table NAME]``."""

from __future__ import annotations

import argparse
import sys

from planner.io import load_plan


def register(sub) -> None:
    from planner.reports.exports import EXPORT_FORMATS, TABLES

    p = sub.add_parser("export", help="export result tables (CSV, XLSX) or a results GeoJSON for QGIS",
                       description="Evaluate a plan and export its results. csv: one file per table into the "
                       "folder OUT (or, with --table, that table into the file OUT); xlsx: one workbook with a "
                       "sheet per table; geojson: QKD links with their rates, trusted nodes, sites and demands "
                       f"in WGS84. Tables: {', '.join(TABLES)}. Columns: docs/exports.md.")
    p.add_argument("file", metavar="FILE", help="plan (.qkdplan or .geojson)")
    p.add_argument("--format", required=True, choices=EXPORT_FORMATS, help="export format")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="output file (or folder for csv)")
    p.add_argument("--table", choices=TABLES, help="export one table only (csv, xlsx)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from planner.reports import write_export

    plan = load_plan(args.file)
    written = write_export(plan, args.output, args.format, table=args.table)
    for path in written:
        print(f"wrote {path}", file=sys.stderr)
    return 0
