"""``qkd-planner devices [--json] [--catalogue FILE]``: list the QKD device catalogue."""

from __future__ import annotations

import argparse
import json


def register(sub) -> None:
    p = sub.add_parser("devices", help="list the QKD device catalogue",
                       description="List the QKD systems of the device catalogue: protocol, clock, "
                       "maximum loss (the device's own limit and the loss where the model's key rate "
                       "reaches zero), price class and source.")
    p.add_argument("--json", action="store_true", help="print the catalogue as JSON (a stable contract)")
    p.add_argument("--catalogue", metavar="FILE", help="device catalogue JSON (default: the bundled one)")
    p.set_defaults(func=run)


def catalogue_rows(catalogue) -> list[dict]:
    """One JSON-ready row per device: the listing contract of ``devices --json``."""
    from planner.physics.reach import max_reach_db

    rows = []
    for d in catalogue.values():
        rows.append({
            "id": d.id,
            "name": d.display_name,
            "protocol": d.protocol,
            "rep_rate_hz": d.rep_rate_hz,
            "max_loss_db": d.max_loss_db,
            "reach_db": round(max_reach_db(d), 2),
            "price": d.price,
            "price_class": d.price_class,
            "source": d.source,
            "parameters": d.to_dict(),
        })
    return rows


def run(args: argparse.Namespace) -> int:
    from planner.physics.devices import load_catalogue

    rows = catalogue_rows(load_catalogue(args.catalogue))
    if args.json:
        print(json.dumps({"devices": rows}, indent=2, ensure_ascii=False))
        return 0
    print(f"{'id':<24} {'protocol':<18} {'rep rate':>10} {'max loss':>9} {'reach':>7} {'price':>8}  source")
    for r in rows:
        max_loss = "-" if r["max_loss_db"] is None else f"{r['max_loss_db']:.1f} dB"
        price = r["price_class"] or ("-" if r["price"] is None else f"{r['price']:.0f}")
        print(f"{r['id']:<24} {r['protocol']:<18} {_hz(r['rep_rate_hz']):>10} {max_loss:>9} "
              f"{r['reach_db']:>4.1f} dB {price:>8}  {r['source'] or '-'}")
    print("\nreach: channel loss where the model's key rate drops to zero (insertion loss excluded).")
    return 0


def _hz(f: float) -> str:
    for unit, scale in (("GHz", 1e9), ("MHz", 1e6), ("kHz", 1e3)):
        if f >= scale:
            return f"{f / scale:g} {unit}"
    return f"{f:g} Hz"
