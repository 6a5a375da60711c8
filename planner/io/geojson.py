"""GeoJSON interchange (RFC 7946, WGS84 longitude/latitude), both ways, for QGIS and other GIS tools.

The property schema is a public contract (docs/geojson.md): every feature has ``layer`` =
``site`` | ``fiber`` | ``section`` | ``demand`` and the element's fields as properties, fiber and
demand ends as ``from`` / ``to``. Plan-wide data (meta, settings, devices, costs, underlays) travel in
the foreign member ``qkd_planner`` so a round trip is lossless; a GeoJSON without it (drawn in QGIS)
is still read: the local CRS is then the UTM zone of the data's centre.

Lengths: coordinates are projected with pyproj to the plan's local projected CRS (UTM by default),
so drawn lengths are true metres there, never Web Mercator units (which are 1/cos(latitude) too long).
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

from planner.errors import FileFormatError, PlanError, ValidationError
from planner.io.atomic import atomic_write_text
from planner.io.codec import (
    ELEMENT_CLASSES,
    SETTINGS_EXTRA,
    from_dict,
    plan_extra_to_data,
    settings_from_data,
    settings_to_data,
    to_dict,
)
from planner.io.planfile import FORMAT_NAME, MAX_ELEMENTS, SCHEMA_VERSION, read_json
from planner.model import Plan, PlanMeta, validate_plan
from planner.model.plan import COLLECTION

#: WGS84 coordinates are written with 9 decimals (about 0.1 mm), enough for a lossless round trip
#: of millimetre-rounded plan coordinates.
LONLAT_DECIMALS = 9
#: A line end further than this from its site is reported (the site's position wins).
END_TOLERANCE_M = 5.0
_LAYERS = ("site", "fiber", "section", "demand")


def utm_crs_for(lon: float, lat: float) -> str:
    """EPSG code of the UTM zone containing (lon, lat)."""
    zone = int(math.floor((lon + 180.0) / 6.0)) % 60 + 1
    return f"EPSG:{32600 + zone if lat >= 0 else 32700 + zone}"


class _Projector:
    def __init__(self, crs: str) -> None:
        from pyproj import CRS, Transformer
        from pyproj.exceptions import CRSError

        try:
            local = CRS.from_user_input(crs)
        except CRSError:
            raise ValidationError(f"unknown coordinate system {crs!r}", element="meta", field="crs") from None
        if not local.is_projected:
            raise ValidationError(f"{crs} is not a projected coordinate system in metres", element="meta",
                                  field="crs")
        self.to_wgs = Transformer.from_crs(local, "EPSG:4326", always_xy=True)
        self.from_wgs = Transformer.from_crs("EPSG:4326", local, always_xy=True)

    def lonlat(self, p) -> list[float]:
        lon, lat = self.to_wgs.transform(p[0], p[1])
        return [round(lon, LONLAT_DECIMALS), round(lat, LONLAT_DECIMALS)]

    def xy(self, p, element: str, field: str) -> tuple[float, float]:
        if not isinstance(p, list | tuple) or len(p) < 2 or not all(_is_coord(c) for c in p[:2]):
            raise ValidationError("a position must be [longitude, latitude]", element=element, field=field)
        lon, lat = float(p[0]), float(p[1])
        if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValidationError(f"[{lon}, {lat}] is not a WGS84 longitude/latitude", element=element, field=field)
        x, y = self.from_wgs.transform(lon, lat)
        if not (math.isfinite(x) and math.isfinite(y)):
            raise ValidationError("position cannot be projected to the plan's coordinate system",
                                  element=element, field=field)
        return (round(x, 3) + 0.0, round(y, 3) + 0.0)


def plan_to_geojson(plan: Plan) -> dict[str, Any]:
    proj = _Projector(plan.meta.crs)
    feats: list[dict[str, Any]] = []

    def feature(layer: str, geometry: dict | None, element) -> None:
        props = {"layer": layer, **to_dict(element)}
        for k in ("x_m", "y_m", "vertices", "polygon"):
            props.pop(k, None)
        feats.append({"type": "Feature", "id": element.id, "geometry": geometry, "properties": props})

    for s in plan.sections.values():
        ring = [proj.lonlat(p) for p in s.polygon]
        feature("section", {"type": "Polygon", "coordinates": [ring + [ring[0]]]}, s)
    for s in plan.sites.values():
        feature("site", {"type": "Point", "coordinates": proj.lonlat(s.xy)}, s)
    for f in plan.fibers.values():
        feature("fiber", {"type": "LineString", "coordinates": [proj.lonlat(p) for p in plan.fiber_points(f)]}, f)
    for d in plan.demands.values():
        geom = {"type": "LineString", "coordinates": [proj.lonlat(plan.sites[d.a].xy), proj.lonlat(plan.sites[d.b].xy)]}
        feature("demand", geom, d)
    header = {"format": FORMAT_NAME, "schema_version": SCHEMA_VERSION}
    header.update(settings_to_data(plan))
    header["costs"] = dict(plan.costs)
    header["underlays"] = [to_dict(u) for u in plan.underlays.values()]
    if plan_extra_to_data(plan):
        header["extra"] = plan_extra_to_data(plan)
    return {"type": "FeatureCollection", "name": plan.meta.name, "qkd_planner": header, "features": feats}


def dumps_geojson(plan: Plan) -> str:
    """The plan as GeoJSON text; ``PlanError`` (never ``ValueError``) when it cannot be written."""
    import json

    try:
        text = json.dumps(plan_to_geojson(plan), indent=1, ensure_ascii=False, allow_nan=False) + "\n"
        text.encode("utf-8")
    except (ValueError, TypeError, RecursionError) as e:
        raise PlanError(f"the plan cannot be written as GeoJSON: {str(e)[:120]}") from None
    return text


def save_geojson(plan: Plan, path: str | os.PathLike, *, backup: bool = True) -> Path:
    """Validate and save atomically; an existing file is kept as ``<name>.bak``."""
    validate_plan(plan)
    return atomic_write_text(path, dumps_geojson(plan), backup=backup)


def _is_coord(v: Any) -> bool:
    """A JSON number usable as a longitude or latitude (not a boolean, not an overflowing integer)."""
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return abs(v) <= 1000
    return isinstance(v, float)


def _centre_lonlat(features: list[dict]) -> tuple[float, float]:
    lons, lats = [], []

    def walk(c) -> None:
        if isinstance(c, list) and len(c) >= 2 and all(_is_coord(v) for v in c[:2]):
            lons.append(float(c[0]))
            lats.append(float(c[1]))
        elif isinstance(c, list):
            for x in c[:10_000]:
                walk(x)

    for f in features:
        g = f.get("geometry") if isinstance(f, dict) else None
        if isinstance(g, dict):
            walk(g.get("coordinates"))
    good = [(lo, la) for lo, la in zip(lons, lats, strict=True)
            if math.isfinite(lo) and math.isfinite(la) and -180 <= lo <= 180 and -90 <= la <= 90]
    if not good:
        raise FileFormatError("the GeoJSON has no valid coordinates")
    return (sum(g[0] for g in good) / len(good), sum(g[1] for g in good) / len(good))


def plan_from_geojson(data: Any, *, warnings: list[str] | None = None) -> Plan:
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise FileFormatError("a GeoJSON plan must be a FeatureCollection", field="type")
    features = data.get("features")
    if not isinstance(features, list):
        raise FileFormatError("\"features\" must be a list", field="features")
    if len(features) > MAX_ELEMENTS:
        raise FileFormatError(f"more than {MAX_ELEMENTS} features (the limit)")
    header = data.get("qkd_planner") or {}
    if not isinstance(header, dict):
        raise FileFormatError("\"qkd_planner\" must be an object", field="qkd_planner")
    version = header.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise FileFormatError(f"written by a newer version of the planner (schema {version})",
                              field="schema_version")
    plan = Plan()
    settings_from_data(plan, header, warnings=warnings)
    if "meta" not in header:
        crs = utm_crs_for(*_centre_lonlat(features))
        plan.meta = PlanMeta(name=str(data.get("name") or "Imported plan"), crs=crs)
    for key in ("costs", "extra"):
        if key in header and not isinstance(header[key], dict):
            raise ValidationError("must be an object", element="qkd_planner", field=key)
    plan.costs = dict(header.get("costs", {}))
    plan.extra.update({k: v for k, v in header.get("extra", {}).items() if k != SETTINGS_EXTRA})
    underlays = header.get("underlays") or []
    if not isinstance(underlays, list):
        raise ValidationError("must be a list", element="qkd_planner", field="underlays")
    for i, u in enumerate(underlays):
        el = from_dict(ELEMENT_CLASSES["underlay"], u, element=f"underlays[{i}]", warnings=warnings)
        if el.id in plan.underlays:
            raise ValidationError("two underlays share this id", element=el.id, field="id")
        plan.underlays[el.id] = el
    proj = _Projector(plan.meta.crs)

    by_layer: dict[str, list[tuple[int, dict]]] = {k: [] for k in _LAYERS}
    for i, f in enumerate(features):
        if not isinstance(f, dict) or f.get("type") != "Feature":
            raise FileFormatError("is not a GeoJSON Feature", field=f"features[{i}]")
        props = f.get("properties")
        if not isinstance(props, dict):
            raise ValidationError("a feature needs \"properties\"", element=f"features[{i}]", field="properties")
        layer = props.get("layer")
        if layer not in _LAYERS:
            if warnings is not None:
                warnings.append(f"features[{i}]: layer {layer!r} is not a planner layer; skipped")
            continue
        by_layer[layer].append((i, f))

    def geometry(i: int, f: dict, types: tuple[str, ...], ident: str) -> dict | None:
        g = f.get("geometry")
        if g is None:
            return None
        if not isinstance(g, dict) or g.get("type") not in types or not isinstance(g.get("coordinates"), list):
            raise ValidationError(f"the geometry must be a {' or '.join(types)}", element=ident, field="geometry")
        return g

    def props_of(i: int, f: dict, drop: tuple[str, ...]) -> dict:
        p = {k: v for k, v in f["properties"].items() if k != "layer" and k not in drop}
        if "id" not in p and isinstance(f.get("id"), str | int):
            p["id"] = str(f["id"])
        return p

    seen: set[str] = set(plan.underlays)

    def put(kind: str, el) -> None:
        if el.id in seen:
            raise ValidationError("the id is used by two features", element=el.id, field="id")
        seen.add(el.id)
        plan.collection(kind)[el.id] = el

    for i, f in by_layer["section"]:
        p = props_of(i, f, ("polygon",))
        ident = str(p.get("id", f"features[{i}]"))
        g = geometry(i, f, ("Polygon",), ident)
        if g is None or not g["coordinates"] or not isinstance(g["coordinates"][0], list):
            raise ValidationError("a section needs a Polygon geometry", element=ident, field="geometry")
        ring = [proj.xy(c, ident, "geometry") for c in g["coordinates"][0]]
        if len(ring) > 1 and ring[0] == ring[-1]:
            ring = ring[:-1]
        p["polygon"] = [list(c) for c in ring]
        put("section", from_dict(ELEMENT_CLASSES["section"], p, element=f"features[{i}]", warnings=warnings))
    for i, f in by_layer["site"]:
        p = props_of(i, f, ("x_m", "y_m"))
        ident = str(p.get("id", f"features[{i}]"))
        g = geometry(i, f, ("Point",), ident)
        if g is None:
            raise ValidationError("a site needs a Point geometry", element=ident, field="geometry")
        p["x_m"], p["y_m"] = proj.xy(g["coordinates"], ident, "geometry")
        p.setdefault("name", ident)
        put("site", from_dict(ELEMENT_CLASSES["site"], p, element=f"features[{i}]", warnings=warnings))
    for i, f in by_layer["fiber"]:
        p = props_of(i, f, ("vertices",))
        ident = str(p.get("id", f"features[{i}]"))
        g = geometry(i, f, ("LineString",), ident)
        pts = [proj.xy(c, ident, "geometry") for c in g["coordinates"]] if g else []
        ends = [p.get("from"), p.get("to")]
        a, b = (plan.sites.get(e) if isinstance(e, str) else None for e in ends)
        if a is not None and b is not None and len(pts) >= 2:
            if math.dist(pts[0], b.xy) + math.dist(pts[-1], a.xy) < math.dist(pts[0], a.xy) + math.dist(pts[-1], b.xy):
                pts.reverse()
            for end, site in ((pts[0], a), (pts[-1], b)):
                if math.dist(end, site.xy) > END_TOLERANCE_M and warnings is not None:
                    warnings.append(f"{ident}: the line ends {math.dist(end, site.xy):.0f} m from site "
                                    f"{site.id}; the site's position is used")
        p["vertices"] = [list(c) for c in pts[1:-1]]
        put("fiber", from_dict(ELEMENT_CLASSES["fiber"], p, element=f"features[{i}]", warnings=warnings))
    for i, f in by_layer["demand"]:
        p = props_of(i, f, ())
        put("demand", from_dict(ELEMENT_CLASSES["demand"], p, element=f"features[{i}]", warnings=warnings))
    return validate_plan(plan)


def load_geojson(path: str | os.PathLike, *, warnings: list[str] | None = None) -> Plan:
    data = read_json(path, what="GeoJSON file")
    try:
        return plan_from_geojson(data, warnings=warnings)
    except PlanError as e:
        raise e.with_source(str(path)) from None


__all__ = ["COLLECTION", "dumps_geojson", "load_geojson", "plan_from_geojson", "plan_to_geojson", "save_geojson", "utm_crs_for"]
