"""DXF underlays: lines, polylines, arcs and circles of chosen layers as plain polylines (no Qt).

Drawings come from contractors by e-mail: they are untrusted. The file is size-capped before it is
read (``MAX_DXF_BYTES``), parsed by ezdxf in recover mode from the bytes already read (so the file
cannot change between the check and the parse), and every coordinate is checked: a non-finite
number, a coordinate beyond ``MAX_COORD_M`` once placed, or more than ``MAX_DXF_POINTS`` vertices in
total refuses the file with a ``FileFormatError`` that names the entity. A DWG or a non-DXF file is
refused with a hint. Nothing in a DXF is executed: only geometry is read.

Placement: plan metres = ``origin_m`` + ``scale`` × drawing units (the underlay's ``origin_m`` and
``m_per_px``). Arcs and circles are flattened to segments of at most ``ARC_STEP_DEG``; polyline
bulges are drawn straight. Block references (INSERT) are not exploded.
"""

from __future__ import annotations

import io
import math
import os
from pathlib import Path
from typing import Any

from planner.errors import FileFormatError, ValidationError
from planner.io.planfile import read_capped
from planner.model.validate import MAX_COORD_M

Point = tuple[float, float]
Polyline = tuple[Point, ...]

#: Largest DXF file read (bytes); larger files are refused before any byte is read.
MAX_DXF_BYTES = 100 * 1024 * 1024
#: Most vertices kept from one drawing (all chosen layers together).
MAX_DXF_POINTS = 2_000_000
#: Arcs and circles become segments spanning at most this angle.
ARC_STEP_DEG = 5.0
DRAWN_TYPES = ("LINE", "LWPOLYLINE", "POLYLINE", "ARC", "CIRCLE")


def _parse(path: str | os.PathLike) -> Any:
    """The ezdxf document of a DXF file (size-capped, recover mode), or ``FileFormatError``."""
    import ezdxf
    from ezdxf import recover

    raw = read_capped(path, what="drawing", max_bytes=MAX_DXF_BYTES)
    source = str(Path(path))
    head = raw[:6]
    if head.startswith(b"AC10") or head.startswith(b"AC1."):
        raise FileFormatError("is a DWG drawing, not DXF: export it as DXF from the CAD program", source=source)
    if not raw.strip():
        raise FileFormatError("the drawing is empty", source=source)
    if not (raw.lstrip()[:1].isdigit() or raw.startswith(b"AutoCAD Binary DXF")):
        raise FileFormatError("not a DXF drawing (a DXF file starts with a group code such as \"0\")",
                              source=source)
    try:
        doc, _auditor = recover.read(io.BytesIO(raw))
    except (ezdxf.DXFError, Exception) as e:  # a third-party parser fed hostile bytes: any failure is the file's
        msg = str(e).strip().splitlines()[0][:160] if str(e).strip() else type(e).__name__
        raise FileFormatError(f"not a readable DXF drawing ({msg})", source=source) from None
    return doc


def _finite(values: tuple[float, ...], what: str, source: str) -> None:
    if not all(math.isfinite(v) for v in values):
        raise FileFormatError(f"{what} has a coordinate that is not a finite number", source=source)


def dxf_layers(path: str | os.PathLike) -> list[str]:
    """Names of the layers that hold lines, polylines, arcs or circles, sorted."""
    doc = _parse(path)
    try:
        return sorted({str(e.dxf.layer) for e in doc.modelspace() if e.dxftype() in DRAWN_TYPES})
    except Exception as e:  # malformed entity reached through ezdxf
        raise FileFormatError(f"not a readable DXF drawing ({type(e).__name__})", source=str(path)) from None


def _arc(cx: float, cy: float, r: float, start_deg: float, end_deg: float) -> list[Point]:
    start = start_deg % 360.0
    end = end_deg % 360.0
    if end <= start:
        end += 360.0
    n = max(2, math.ceil((end - start) / ARC_STEP_DEG) + 1)
    step = (end - start) / (n - 1)
    return [(cx + r * math.cos(math.radians(start + i * step)), cy + r * math.sin(math.radians(start + i * step)))
            for i in range(n)]


def _entity_points(e: Any, source: str) -> list[Point] | None:
    """Vertices of one entity in drawing units, or None when it draws nothing."""
    t = e.dxftype()
    what = f"{t} entity #{e.dxf.get('handle', '?')} (layer {e.dxf.get('layer', '0')!r})"
    if t == "LINE":
        s, en = e.dxf.start, e.dxf.end
        pts = [(float(s.x), float(s.y)), (float(en.x), float(en.y))]
    elif t == "LWPOLYLINE":
        pts = [(float(p[0]), float(p[1])) for p in e.get_points("xy")]
        if e.closed and pts:
            pts.append(pts[0])
    elif t == "POLYLINE":
        if not (e.is_2d_polyline or e.is_3d_polyline):
            return None  # polygon and polyface meshes: surfaces, not lines
        pts = [(float(v.dxf.location.x), float(v.dxf.location.y)) for v in e.vertices]
        if e.is_closed and pts:
            pts.append(pts[0])
    elif t in ("ARC", "CIRCLE"):
        c = e.dxf.center
        r = float(e.dxf.radius)
        a0, a1 = (float(e.dxf.start_angle), float(e.dxf.end_angle)) if t == "ARC" else (0.0, 360.0)
        _finite((float(c.x), float(c.y), r, a0, a1), what, source)
        if r <= 0:
            return None
        pts = _arc(float(c.x), float(c.y), r, a0, a1) if t == "ARC" else _arc(float(c.x), float(c.y), r, 0.0, 0.0)
    else:
        return None
    for p in pts:
        _finite(p, what, source)
    return pts if len(pts) >= 2 else None


def load_dxf(path: str | os.PathLike, layers: tuple[str, ...] | list[str] = (), *,
             origin_m: Point = (0.0, 0.0), scale: float = 1.0, element: str | None = None) -> list[Polyline]:
    """Polylines of the chosen layers (all drawn layers when ``layers`` is empty) in plan metres.

    ``element`` (the underlay id) is named in errors about the placement or the layer choice.
    Raises ``FileFormatError`` for a missing, oversized, non-DXF or malformed file and
    ``ValidationError`` for a bad placement or a layer the drawing does not have.
    """
    if not (isinstance(scale, int | float) and not isinstance(scale, bool) and math.isfinite(scale) and scale > 0):
        raise ValidationError("the scale must be a positive number", element=element, field="m_per_px")
    if not all(isinstance(c, int | float) and not isinstance(c, bool) and math.isfinite(c) for c in origin_m):
        raise ValidationError("the origin must be two finite numbers", element=element, field="origin_m")
    source = str(Path(path))
    doc = _parse(path)
    ox, oy = float(origin_m[0]), float(origin_m[1])
    wanted = {str(x) for x in layers}
    out: list[Polyline] = []
    found_layers: set[str] = set()
    total = 0
    try:
        entities = list(doc.modelspace())
    except Exception as e:
        raise FileFormatError(f"not a readable DXF drawing ({type(e).__name__})", source=source) from None
    for e in entities:
        try:
            t = e.dxftype()
            if t not in DRAWN_TYPES:
                continue
            layer = str(e.dxf.get("layer", "0"))
            found_layers.add(layer)
            if wanted and layer not in wanted:
                continue
            pts = _entity_points(e, source)
        except FileFormatError:
            raise
        except Exception as exc:  # an entity whose attributes ezdxf cannot give: the file is malformed
            raise FileFormatError(f"a {getattr(e, 'dxftype', lambda: 'DXF')()} entity is malformed "
                                  f"({type(exc).__name__})", source=source) from None
        if pts is None:
            continue
        total += len(pts)
        if total > MAX_DXF_POINTS:
            raise FileFormatError(f"the drawing has more than {MAX_DXF_POINTS} vertices on the chosen layers "
                                  "(the limit): choose fewer layers", source=source)
        placed = tuple((ox + scale * x, oy + scale * y) for x, y in pts)
        if not all(abs(c) <= MAX_COORD_M for p in placed for c in p):
            raise FileFormatError(f"{t} entity #{e.dxf.get('handle', '?')} lies beyond {MAX_COORD_M:g} m once "
                                  "placed: check the drawing's units and the underlay's scale", source=source)
        out.append(placed)
    missing = sorted(wanted - found_layers)
    if missing:
        have = ", ".join(sorted(found_layers)[:20]) or "none"
        raise ValidationError(f"the drawing has no layer {missing[0]!r} with lines (layers: {have})",
                              element=element, field="layers")
    return out


__all__ = ["ARC_STEP_DEG", "MAX_DXF_BYTES", "MAX_DXF_POINTS", "dxf_layers", "load_dxf"]
