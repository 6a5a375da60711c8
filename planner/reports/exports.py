"""Data exports of the engine's results: CSV tables, one XLSX workbook, a GeoJSON for QGIS.

Tables (``export_tables``): ``links``, ``demands``, ``fibers``, ``trusted_nodes``, ``phases``,
``costs`` — one CSV each (or one sheet each in the XLSX). Column names are a public contract,
documented in docs/exports.md; they follow the ``evaluate --json`` field names.

The GeoJSON (RFC 7946, WGS84) holds results, not the plan: ``layer`` = ``qkd_link`` (the link's
optical path with its rate), ``trusted_node``, ``site`` and ``demand`` (straight line, with its
delivered rate). Coordinates are projected from the plan's CRS with the GeoJSON interchange's
projector (``planner.io.geojson``), never Web Mercator.

All files are written atomically; several CSV files are all rendered before the first is written.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import Any

from planner.errors import PlanError
from planner.model import Plan
from planner.reports.data import ReportData, gather

EXPORT_FORMATS = ("csv", "xlsx", "geojson")
TABLES = ("links", "demands", "fibers", "trusted_nodes", "phases", "costs")


def _num(x, nd: int | None = None):
    if x is None:
        return None
    x = float(x)
    if not math.isfinite(x):
        return None
    return round(x, nd) if nd is not None else x


def export_tables(data: ReportData) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Every table as (header, rows); values are numbers, text, booleans or None."""
    plan = data.plan
    out: dict[str, tuple[list[str], list[list[Any]]]] = {}
    loads, margins = data.link_load_bps(), data.link_margin()
    lengths = {f["id"]: float(f.get("length_m") or 0) for f in data.fibers}
    rows = []
    for lk in data.links or []:
        path = lk.get("path") or []
        length = lk.get("length_m", sum(lengths.get(f, 0.0) for f in path))
        m = margins.get(lk["id"])
        rows.append([lk["id"], lk["a"], lk["b"], ";".join(path), _num(length, 3), _num(lk.get("loss_db"), 4),
                     lk.get("device"), _num(lk.get("key_rate_bps")), _num(lk.get("qber")),
                     _num(loads.get(lk["id"])), None if m is None or math.isinf(m) else round(m, 4),
                     lk.get("limited_by")])
    out["links"] = (["id", "a", "b", "path", "length_m", "loss_db", "device", "key_rate_bps", "qber", "load_bps",
                     "margin", "limited_by"], rows)
    rows = []
    for d in data.demands:
        dm = plan.demands.get(d["id"])
        rows.append([d["id"], dm.name if dm else "", d["a"], d["b"], _num(d.get("required_bps")),
                     d.get("priority", dm.priority if dm else None),
                     d.get("disjoint_paths", dm.disjoint_paths if dm else None), d.get("feasible"),
                     _num(d.get("end_to_end_bps")), ";".join(d.get("route") or []), ";".join(d.get("relays") or []),
                     d.get("reason")])
    out["demands"] = (["id", "name", "a", "b", "required_bps", "priority", "disjoint_paths", "feasible",
                       "end_to_end_bps", "route", "relays", "reason"], rows)
    rows = []
    for f in data.fibers:
        b = f.get("budget") or {}
        pf = plan.fibers.get(f["id"])
        rows.append([f["id"], f.get("from"), f.get("to"), pf.status if pf else None, pf.environment if pf else None,
                     pf.duct if pf else None, _num(f.get("length_m"), 3), _num(b.get("fiber_db"), 4),
                     _num(b.get("splice_db"), 4), _num(b.get("connector_db"), 4), _num(b.get("margin_db"), 4),
                     _num(f.get("loss_db"), 4), b.get("measured")])
    out["fibers"] = (["id", "from", "to", "status", "environment", "duct", "length_m", "fiber_db", "splice_db",
                      "connector_db", "margin_db", "loss_db", "measured"], rows)
    rows = []
    for det in data.trusted_node_details:
        sid = det.get("id") or det.get("site")
        site = plan.sites.get(sid)
        cost = det.get("cost")
        if cost is None and data.cost_book is not None and site is not None:
            cost = data.cost_book.trusted_node_capex(site)
        rows.append([sid, site.name if site else "", site.role if site else None, _num(cost, 2)])
    out["trusted_nodes"] = (["id", "name", "role", "cost"], rows)
    rows = []
    for ph in (data.rollout or {}).get("phases") or []:
        rows.append([ph.get("index"), ph.get("year"), ";".join(ph.get("sections") or []),
                     ";".join(ph.get("sites") or []), ";".join(ph.get("demands") or []),
                     ";".join(ph.get("trusted_nodes") or []), _num(ph.get("capex"), 2),
                     _num(ph.get("cumulative_capex"), 2), _num(ph.get("coverage"), 6)])
    out["phases"] = (["index", "year", "sections", "sites", "demands", "trusted_nodes", "capex", "cumulative_capex",
                      "coverage"], rows)
    rows = []
    cost = data.cost or {}
    cur = data.currency
    cap = cost.get("capex")
    if isinstance(cap, dict):
        rows += [["capex", k, _num(v, 2), cur] for k, v in (cap.get("parts") or {}).items()]
        rows.append(["capex", "total", _num(cap.get("total"), 2), cur])
    elif cap is not None:
        rows.append(["capex", "total", _num(cap, 2), cur])
    op = cost.get("opex_per_year")
    if isinstance(op, dict):
        rows += [["opex_per_year", k, _num(v, 2), cur] for k, v in (op.get("parts") or {}).items()]
        rows.append(["opex_per_year", "total", _num(op.get("total"), 2), cur])
    elif op is not None:
        rows.append(["opex_per_year", "total", _num(op, 2), cur])
    if cost.get("tco") is not None:
        rows.append(["tco", f"{cost.get('years', plan.rollout.years)} years", _num(cost["tco"], 2), cur])
    out["costs"] = (["category", "item", "amount", "currency"], rows)
    return out


def _csv_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue().encode("utf-8")


def results_geojson(data: ReportData) -> dict[str, Any]:
    """GeoJSON FeatureCollection of the results (see the module docstring)."""
    from planner.io.geojson import _Projector

    plan = data.plan
    proj = _Projector(plan.meta.crs)
    feats: list[dict[str, Any]] = []
    trusted = set(data.trusted_nodes or [])
    for s in plan.sites.values():
        feats.append({"type": "Feature", "id": f"site:{s.id}",
                      "geometry": {"type": "Point", "coordinates": proj.lonlat(s.xy)},
                      "properties": {"layer": "site", "id": s.id, "name": s.name, "role": s.role,
                                     "can_relay": s.can_relay, "trusted_node": s.id in trusted}})
    tables = export_tables(data)
    head, rows = tables["trusted_nodes"]
    for r in rows:
        props = dict(zip(head, r, strict=True))
        site = plan.sites.get(props["id"])
        if site is None:
            continue
        feats.append({"type": "Feature", "id": f"trusted_node:{site.id}",
                      "geometry": {"type": "Point", "coordinates": proj.lonlat(site.xy)},
                      "properties": {"layer": "trusted_node", **props}})
    head, rows = tables["links"]
    for r in rows:
        props = dict(zip(head, r, strict=True))
        coords = _path_coords(plan, props["a"], (props["path"] or "").split(";") if props["path"] else [])
        if not coords:
            coords = [plan.sites[props["a"]].xy, plan.sites[props["b"]].xy]
        feats.append({"type": "Feature", "id": f"qkd_link:{props['id']}",
                      "geometry": {"type": "LineString", "coordinates": [proj.lonlat(p) for p in coords]},
                      "properties": {"layer": "qkd_link", **props}})
    head, rows = tables["demands"]
    for r in rows:
        props = dict(zip(head, r, strict=True))
        a, b = plan.sites.get(props["a"]), plan.sites.get(props["b"])
        if a is None or b is None:
            continue
        feats.append({"type": "Feature", "id": f"demand:{props['id']}",
                      "geometry": {"type": "LineString", "coordinates": [proj.lonlat(a.xy), proj.lonlat(b.xy)]},
                      "properties": {"layer": "demand", **props}})
    return {"type": "FeatureCollection", "name": f"{plan.meta.name} - results", "features": feats}


def _path_coords(plan: Plan, start: str, path: list[str]) -> list[tuple[float, float]]:
    """The polyline of a link: its fibers in order, each oriented from the current end."""
    pts: list[tuple[float, float]] = []
    here = start
    for fid in path:
        f = plan.fibers.get(fid)
        if f is None:
            return []
        seg = plan.fiber_points(f)
        if f.a == here:
            here = f.b
        elif f.b == here:
            seg = seg[::-1]
            here = f.a
        else:
            return []
        pts.extend(seg if not pts else seg[1:])
    return pts


def render_export(data: ReportData, fmt: str, *, table: str | None = None) -> dict[str, bytes] | bytes:
    """The export as bytes (xlsx, geojson, one csv table) or {file name: bytes} (all csv tables)."""
    if fmt not in EXPORT_FORMATS:
        raise PlanError(f"unknown export format {fmt!r} (use {', '.join(EXPORT_FORMATS)})", field="format")
    if table is not None and table not in TABLES:
        raise PlanError(f"unknown table {table!r} (use {', '.join(TABLES)})", field="table")
    if fmt == "geojson":
        text = json.dumps(results_geojson(data), indent=1, ensure_ascii=False, allow_nan=False) + "\n"
        return text.encode("utf-8")
    tables = export_tables(data)
    if fmt == "xlsx":
        from planner.reports.xlsx import workbook_bytes

        names = [table] if table else list(TABLES)
        return workbook_bytes([(n, *tables[n]) for n in names])
    if table is not None:
        return _csv_bytes(*tables[table])
    return {f"{n}.csv": _csv_bytes(*tables[n]) for n in TABLES}


def write_export(plan: Plan, path, fmt: str, *, table: str | None = None, data: ReportData | None = None) -> list[Path]:
    """Write an export; returns the files written.

    ``csv``: with ``table``, ``path`` is that table's CSV file; without, ``path`` is a folder that
    receives one ``<table>.csv`` per table (the folder is created when its parent exists).
    ``xlsx``: one workbook with a sheet per table. ``geojson``: the results layer file.
    A missing or read-only folder raises ``PlanError``; no partial file is left.
    """
    from planner.io.atomic import atomic_write_bytes

    target = Path(path)
    if fmt not in EXPORT_FORMATS:
        raise PlanError(f"unknown export format {fmt!r} (use {', '.join(EXPORT_FORMATS)})", field="format")
    multi = fmt == "csv" and table is None
    folder = target if multi else (target.parent if str(target.parent) else Path("."))
    check = folder.parent if multi and not folder.exists() else folder
    if not check.is_dir():
        raise PlanError(f"the folder {check} does not exist", source=str(target))
    if data is None:
        data = gather(plan, include_phases=True)
    out = render_export(data, fmt, table=table)
    if isinstance(out, bytes):
        return [atomic_write_bytes(target, out)]
    if not folder.exists():
        try:
            folder.mkdir()
        except OSError as e:
            raise PlanError(f"cannot create the folder {folder}: {e.strerror or e}", source=str(target)) from None
    if not folder.is_dir():
        raise PlanError(f"{folder} is not a folder (CSV export writes one file per table)", source=str(target))
    return [atomic_write_bytes(folder / name, blob) for name, blob in out.items()]
