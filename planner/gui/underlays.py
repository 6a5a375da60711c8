"""Reading underlay files into plain geometry (no Qt here): DXF via ezdxf, GeoJSON via pyproj.

DXF drawings are taken as metres in the plan's coordinate system, scaled by the underlay's
``m_per_px`` (drawing units to metres) and shifted by ``origin_m``. GeoJSON (WGS84) is projected to
the plan's CRS. Paths are stored relative to the plan's folder.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np

Polyline = list[tuple[float, float]]

MAX_UNDERLAY_BYTES = 200 * 1024 * 1024


def dxf_layers(path: str | os.PathLike) -> list[str]:
    """Layer names that hold drawable entities (lines, polylines, arcs)."""
    from planner.io.dxf import dxf_layers as read_layers  # size-capped, hostile files refused

    return read_layers(path)


def dxf_polylines(path: str | os.PathLike, layers: tuple[str, ...] = ()) -> list[Polyline]:
    """Lines, polylines, arcs and circles of the chosen layers (all layers when empty), read by
    ``planner.io.dxf.load_dxf`` (size and vertex caps, non-finite coordinates refused)."""
    from planner.io.dxf import load_dxf

    return [list(line) for line in load_dxf(path, tuple(layers))]


def geojson_polylines(path: str | os.PathLike, crs: str) -> list[Polyline]:
    """Lines and polygon rings of a GeoJSON file (WGS84), projected to the plan's CRS."""
    from pyproj import Transformer

    from planner.io.planfile import read_json

    p = Path(path)
    data = read_json(p, what="GeoJSON file", max_bytes=MAX_UNDERLAY_BYTES)  # capped, strict JSON
    tr = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    lines: list[list] = []

    def geom(g) -> None:
        if not isinstance(g, dict):
            return
        t, c = g.get("type"), g.get("coordinates")
        if not isinstance(c, list) and t != "GeometryCollection":
            return  # a hostile or broken geometry draws nothing
        if t == "LineString":
            lines.append(c)
        elif t == "MultiLineString" or t == "Polygon":
            lines.extend(c)
        elif t == "MultiPolygon":
            for poly in c:
                if isinstance(poly, list):
                    lines.extend(poly)
        elif t == "GeometryCollection" and isinstance(g.get("geometries"), list):
            for sub in g["geometries"]:
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
        except (ValueError, IndexError, TypeError, OverflowError):
            continue
        if arr.ndim == 2 and len(arr) >= 2 and np.isfinite(arr).all():
            xs, ys = tr.transform(arr[:, 0], arr[:, 1])
            if not (np.isfinite(xs).all() and np.isfinite(ys).all()):
                continue  # outside the projection's domain
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
