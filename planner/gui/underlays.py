"""Reading underlay files into plain geometry (no Qt here): DXF via ezdxf, GeoJSON via pyproj.

DXF drawings are taken as metres in the plan's coordinate system, scaled by the underlay's
``m_per_px`` (drawing units to metres) and shifted by ``origin_m``. GeoJSON (WGS84) is projected to
the plan's CRS. Paths are stored relative to the plan's folder.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Placement:
    """Where an image underlay lies on the plan: its top-left pixel at ``origin_m``, ``m_per_px``
    metres per pixel, turned ``rotation_deg`` counter-clockwise (on the north-up map).

    This is the scene's convention (``PlanScene._place_underlay``: translate to the origin, rotate
    by −rotation in scene coordinates, whose y points down, then scale).
    """

    origin_m: tuple[float, float]
    m_per_px: float
    rotation_deg: float = 0.0

    def to_plan(self, px: float, py: float) -> tuple[float, float]:
        """Plan metres (y north) of image pixel (px, py) (y down, from the top-left corner)."""
        return image_to_plan(self.origin_m, self.m_per_px, self.rotation_deg, px, py)


class CalibrationError(ValueError):
    """Two-point placement refused; ``reason`` says why (``same_points``, ``same_targets``,
    ``bad_distance``, ``not_finite``, ``both_modes``), for a translated message."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def image_to_plan(origin_m, m_per_px: float, rotation_deg: float, px: float, py: float) -> tuple[float, float]:
    """Plan metres of pixel (px, py) of an image placed by ``origin_m``, ``m_per_px`` and
    ``rotation_deg`` (see ``Placement``).

    >>> x, y = image_to_plan((100.0, 50.0), 2.0, 90.0, 10, 0)  # the image's top edge points north
    >>> round(x, 6), round(y, 6)
    (100.0, 70.0)
    """
    r = math.radians(rotation_deg)
    c, s = math.cos(r), math.sin(r)
    x = origin_m[0] + m_per_px * (px * c + py * s)
    y = origin_m[1] + m_per_px * (px * s - py * c)
    return (x, y)


def _normal_deg(angle: float) -> float:
    """The same angle in (−180, 180]."""
    a = math.fmod(angle, 360.0)
    if a <= -180.0:
        a += 360.0
    elif a > 180.0:
        a -= 360.0
    return a + 0.0


def _finite(*values) -> bool:
    try:
        return all(math.isfinite(float(v)) for v in values)
    except (TypeError, ValueError):
        return False


def calibrate(origin_m, m_per_px: float, rotation_deg: float, a_m, b_m, distance_m: float | None = None,
              a_target_m=None, b_target_m=None) -> Placement:
    """New placement of an image underlay after picking two of its points.

    ``a_m`` and ``b_m`` are where two reference points of the image lie on the map now. Then either

    - ``distance_m``: their true distance. The image is scaled about ``a_m`` (which stays put),
      then moved so ``a_m`` lands on ``a_target_m`` when given; the rotation is kept. Or
    - ``a_target_m`` and ``b_target_m``: where the two points truly are. The image gets scale,
      rotation and position from the similarity that takes ``a_m`` to ``a_target_m`` and ``b_m`` to
      ``b_target_m``: with points as complex numbers, z ↦ A + q (z − a) with q = (B − A) / (b − a),
      so the scale is multiplied by |q| and arg q is added to the rotation.

    Two point pairs fix a similarity that keeps orientation: a mirrored scan cannot be placed
    this way (mirror the image file first). Raises ``CalibrationError`` for points that coincide,
    a distance that is not positive, or numbers that are not finite.

    >>> p = calibrate((0.0, 0.0), 1.0, 0.0, (0.0, 0.0), (10.0, 0.0), a_target_m=(5.0, 5.0),
    ...               b_target_m=(5.0, 25.0))
    >>> p.m_per_px, p.rotation_deg, tuple(round(v, 6) for v in p.to_plan(10, 0))
    (2.0, 90.0, (5.0, 25.0))
    """
    two_targets = a_target_m is not None and b_target_m is not None
    if two_targets and distance_m is not None:
        raise CalibrationError("both_modes", "give either the true distance or both true positions, not both")
    flat = [*origin_m, m_per_px, rotation_deg, *a_m, *b_m]
    flat += [*a_target_m] if a_target_m is not None else []
    flat += [*b_target_m] if b_target_m is not None else []
    if not _finite(*flat):
        raise CalibrationError("not_finite", "the coordinates must be finite numbers")
    a, b = complex(*a_m), complex(*b_m)
    if abs(b - a) <= 1e-9 * max(1.0, abs(a), abs(b)):
        raise CalibrationError("same_points", "the two points on the image must differ")
    origin = complex(*origin_m)
    if two_targets:
        ta, tb = complex(*a_target_m), complex(*b_target_m)
        if abs(tb - ta) <= 1e-9 * max(1.0, abs(ta), abs(tb)):
            raise CalibrationError("same_targets", "the two true positions must differ")
        q = (tb - ta) / (b - a)
        new_origin = ta + q * (origin - a)
        rotation = _normal_deg(rotation_deg + math.degrees(math.atan2(q.imag, q.real)))
        return Placement((new_origin.real, new_origin.imag), m_per_px * abs(q), rotation)
    if distance_m is None or not _finite(distance_m) or distance_m <= 0:
        raise CalibrationError("bad_distance", "the true distance must be a positive number of metres")
    k = distance_m / abs(b - a)
    new_origin = a + (origin - a) * k
    if a_target_m is not None:
        new_origin += complex(*a_target_m) - a
    return Placement((new_origin.real, new_origin.imag), m_per_px * k, rotation_deg)
