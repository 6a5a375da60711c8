"""Reading underlay files into plain geometry (no Qt here): DXF via ezdxf, GeoJSON via pyproj.

DXF drawings are taken as metres in the plan's coordinate system, scaled by the underlay's
``m_per_px`` (drawing units to metres) and shifted by ``origin_m``. GeoJSON (WGS84) is projected to
the plan's CRS. Paths are stored relative to the plan's folder.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np

from planner.errors import FileFormatError

Polyline = list[tuple[float, float]]

#: Arcs and circles are flattened to segments no longer than this angle.
ARC_STEP_DEG = 5.0
MAX_UNDERLAY_BYTES = 200 * 1024 * 1024


def dxf_layers(path: str | os.PathLike) -> list[str]:
    """Layer names that hold drawable entities (lines, polylines, arcs)."""
    doc = _read_dxf(path)
    return sorted({e.dxf.layer for e in doc.modelspace()
                   if e.dxftype() in ("LINE", "LWPOLYLINE", "POLYLINE", "ARC", "CIRCLE")})


def _read_dxf(path):
    import ezdxf

    p = Path(path)
    if not p.is_file():
        raise FileFormatError("file not found", source=str(p))
    if p.stat().st_size > MAX_UNDERLAY_BYTES:
        raise FileFormatError("the drawing is too large (over 200 MB)", source=str(p))
    try:
        return ezdxf.readfile(str(p))
    except (OSError, ezdxf.DXFError) as e:
        raise FileFormatError(f"not a readable DXF drawing ({e})", source=str(p)) from None


def _arc(cx, cy, r, start_deg, end_deg) -> Polyline:
    if end_deg < start_deg:
        end_deg += 360.0
    n = max(2, math.ceil((end_deg - start_deg) / ARC_STEP_DEG) + 1)
    return [(cx + r * math.cos(math.radians(a)), cy + r * math.sin(math.radians(a)))
            for a in np.linspace(start_deg, end_deg, n)]


def dxf_polylines(path: str | os.PathLike, layers: tuple[str, ...] = ()) -> list[Polyline]:
    """Lines, polylines, arcs and circles of the chosen layers (all layers when empty)."""
    doc = _read_dxf(path)
    wanted = set(layers)
    out: list[Polyline] = []
    for e in doc.modelspace():
        if wanted and e.dxf.layer not in wanted:
            continue
        t = e.dxftype()
        if t == "LINE":
            out.append([(e.dxf.start.x, e.dxf.start.y), (e.dxf.end.x, e.dxf.end.y)])
        elif t == "LWPOLYLINE":
            pts = [(p[0], p[1]) for p in e.get_points("xy")]
            if e.closed and pts:
                pts.append(pts[0])
            if len(pts) >= 2:
                out.append(pts)
        elif t == "POLYLINE":
            pts = [(v.dxf.location.x, v.dxf.location.y) for v in e.vertices]
            if e.is_closed and pts:
                pts.append(pts[0])
            if len(pts) >= 2:
                out.append(pts)
        elif t == "ARC":
            c = e.dxf.center
            out.append(_arc(c.x, c.y, e.dxf.radius, e.dxf.start_angle, e.dxf.end_angle))
        elif t == "CIRCLE":
            c = e.dxf.center
            out.append(_arc(c.x, c.y, e.dxf.radius, 0.0, 360.0))
    return out


def geojson_polylines(path: str | os.PathLike, crs: str) -> list[Polyline]:
    """Lines and polygon rings of a GeoJSON file (WGS84), projected to the plan's CRS."""
    from pyproj import Transformer

    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise FileFormatError(f"not a readable GeoJSON file ({e})", source=str(p)) from None
    tr = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    lines: list[list] = []

    def geom(g) -> None:
        if not isinstance(g, dict):
            return
        t, c = g.get("type"), g.get("coordinates")
        if t == "LineString":
            lines.append(c)
        elif t == "MultiLineString" or t == "Polygon":
            lines.extend(c)
        elif t == "MultiPolygon":
            for poly in c:
                lines.extend(poly)
        elif t == "GeometryCollection":
            for sub in g.get("geometries", []):
                geom(sub)

    feats = data.get("features", []) if isinstance(data, dict) else []
    if isinstance(data, dict) and data.get("type") != "FeatureCollection":
        geom(data)
    for f in feats:
        if isinstance(f, dict):
            geom(f.get("geometry"))
    out: list[Polyline] = []
    for line in lines:
        try:
            arr = np.asarray(line, dtype=float)[:, :2]
        except (ValueError, IndexError):
            continue
        if len(arr) >= 2:
            xs, ys = tr.transform(arr[:, 0], arr[:, 1])
            out.append(list(zip(map(float, xs), map(float, ys), strict=True)))
    return out


def place(polylines: list[Polyline], origin_m, scale: float) -> list[Polyline]:
    """Apply a DXF underlay's placement: metres = origin + scale × drawing units."""
    ox, oy = origin_m
    return [[(ox + scale * x, oy + scale * y) for x, y in line] for line in polylines]


def vertices_array(polylines: list[Polyline]) -> np.ndarray:
    """All vertices as an (n, 2) array, for snapping."""
    if not polylines:
        return np.zeros((0, 2))
    return np.concatenate([np.asarray(p, dtype=float) for p in polylines])


def relative_path(file: str | os.PathLike, plan_folder: str | os.PathLike) -> tuple[str, bool]:
    """Path of ``file`` relative to the plan folder (with ``/``) and whether it lies inside it."""
    f, folder = Path(file).resolve(), Path(plan_folder).resolve()
    try:
        return f.relative_to(folder).as_posix(), True
    except ValueError:
        pass
    try:
        return Path(os.path.relpath(f, folder)).as_posix(), False
    except ValueError:  # another drive on Windows
        return f.as_posix(), False


def calibrate(origin_m, m_per_px: float, rotation_deg: float, a_m, b_m, distance_m: float,
              a_target_m=None):
    """New (origin, m_per_px) of an image underlay after picking two points.

    ``a_m`` and ``b_m`` are where two reference points currently lie on the map, ``distance_m`` their
    true distance; the image is scaled about ``a_m`` (which stays put), then moved so ``a_m`` lands on
    ``a_target_m`` when given. Rotation is kept.
    """
    d = math.dist(a_m, b_m)
    if d <= 0 or not (distance_m > 0 and math.isfinite(distance_m)):
        raise ValueError("the two points must differ and the distance must be positive")
    k = distance_m / d
    ox = a_m[0] + (origin_m[0] - a_m[0]) * k
    oy = a_m[1] + (origin_m[1] - a_m[1]) * k
    if a_target_m is not None:
        ox += a_target_m[0] - a_m[0]
        oy += a_target_m[1] - a_m[1]
    return (ox, oy), m_per_px * k
