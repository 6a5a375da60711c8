"""Charts of the report as reportlab vector drawings: key rate against distance (log scale), rollout
coverage and cost by phase, CAPEX by category. Drawn from primitives so the layout (ticks, labels,
legends) is fully controlled and identical in every PDF viewer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect
from reportlab.lib import colors

from planner.reports.style import ACCENT, INK, MUTED, RULE, Fonts

SERIES = [colors.HexColor(c) for c in ("#0b5d7a", "#ef6c00", "#6a1b9a", "#2e7d32", "#c62828", "#795548",
                                       "#00838f", "#546e7a")]
FS = 7.0


def _text(d: Drawing, x, y, s, fonts: Fonts, size=FS, anchor="start", color=INK, bold=False):
    d.add(fonts.string(x, y, s, size, color, anchor=anchor, bold=bold))


def _sup_label(exp: int) -> str:
    """1, 10, 100, 1k ... 100G for 10**exp bit/s (SI prefixes, as a rate axis reads)."""
    if exp < 0:
        return f"1e{exp}"
    prefix = ["", "k", "M", "G", "T"][min(exp // 3, 4)]
    return f"{10 ** (exp - 3 * min(exp // 3, 4))}{prefix}"


def rate_chart(series: Sequence[tuple[str, Sequence[float], Sequence[float]]],
               bounds: Sequence[tuple[str, Sequence[float], Sequence[float]]],
               points: Sequence[tuple[float, float, str]], *, width: float, height: float, fonts: Fonts,
               x_label: str, y_label: str, points_label: str) -> Drawing:
    """Log-y line chart. ``series``/``bounds``: (label, x km, y bit/s); ``points``: (x, y, colour-key)."""
    d = Drawing(width, height)
    left, bottom, right, top = 46, 30, 8, 8
    legend_h = 12 * math.ceil((len(series) + len(bounds) + (1 if points else 0)) / 2) + 6
    pw, ph = width - left - right, height - bottom - top - legend_h
    ys = [v for _, _, yy in [*series, *bounds] for v in yy if v and v > 0 and math.isfinite(v)]
    ys += [p[1] for p in points if p[1] > 0 and math.isfinite(p[1])]
    xs = [v for _, xx, _ in [*series, *bounds] for v in xx] + [p[0] for p in points]
    xmax = max(xs) if xs else 1.0
    xmax = _nice_ceil(xmax)
    ymin_e = math.floor(math.log10(min(ys))) if ys else 0
    ymax_e = math.ceil(math.log10(max(ys))) if ys else 6
    ymin_e = max(ymin_e, ymax_e - 9)
    if ymax_e == ymin_e:
        ymax_e += 1

    def px(x):
        return left + pw * x / xmax

    def py(y):
        lv = min(math.log10(max(y, 10 ** ymin_e)), ymax_e)
        return bottom + ph * (lv - ymin_e) / (ymax_e - ymin_e)

    d.add(Rect(left, bottom, pw, ph, fillColor=colors.white, strokeColor=RULE, strokeWidth=0.5))
    for e in range(ymin_e, ymax_e + 1):
        y = py(10 ** e)
        d.add(Line(left, y, left + pw, y, strokeColor=colors.HexColor("#e3e8eb"), strokeWidth=0.4))
        _text(d, left - 3, y - 2.3, _sup_label(e), fonts, anchor="end", color=MUTED)
    step = _nice_step(xmax / 6)
    x = 0.0
    while x <= xmax + 1e-9:
        d.add(Line(px(x), bottom, px(x), bottom + ph, strokeColor=colors.HexColor("#eef1f3"), strokeWidth=0.4))
        _text(d, px(x), bottom - 9, f"{x:g}", fonts, anchor="middle", color=MUTED)
        x += step
    _text(d, left + pw / 2, bottom - 20, x_label, fonts, anchor="middle")
    # y label drawn rotated
    from reportlab.graphics.shapes import Group

    g = Group(fonts.string(0, 0, y_label, FS, INK, anchor="middle"))
    g.transform = (0, 1, -1, 0, 10, bottom + ph / 2)
    d.add(g)

    def clipped(xx, yy):
        pts = []
        for a, b in zip(xx, yy, strict=True):
            if b is None or not math.isfinite(b) or b <= 0 or a > xmax:
                if len(pts) >= 4:
                    yield pts
                pts = []
                continue
            pts += [px(a), py(b)]
        if len(pts) >= 4:
            yield pts

    legend: list[tuple[str, colors.Color, str]] = []
    for label, xx, yy in bounds:
        col = colors.HexColor("#78909c")
        for pts in clipped(xx, yy):
            d.add(PolyLine(pts, strokeColor=col, strokeWidth=0.9, strokeDashArray=[3, 2]))
        legend.append((label, col, "dash"))
    for i, (label, xx, yy) in enumerate(series):
        col = SERIES[i % len(SERIES)]
        for pts in clipped(xx, yy):
            d.add(PolyLine(pts, strokeColor=col, strokeWidth=1.3))
        legend.append((label, col, "line"))
    for x, y, key in points:
        if y > 0 and x <= xmax:
            col = SERIES[int(key) % len(SERIES)] if str(key).isdigit() else INK
            d.add(Circle(px(x), py(y), 2.1, fillColor=col, strokeColor=colors.white, strokeWidth=0.5))
    if points:
        legend.append((points_label, INK, "dot"))
    # legend (two columns) above the plot
    col_w = (width - left) / 2
    for i, (label, col, kind) in enumerate(legend):
        lx = left + (i % 2) * col_w
        ly = height - 10 - 12 * (i // 2)
        if kind == "dot":
            d.add(Circle(lx + 6, ly + 2.5, 2.1, fillColor=col, strokeColor=colors.white, strokeWidth=0.5))
        else:
            ln = Line(lx, ly + 2.5, lx + 12, ly + 2.5, strokeColor=col, strokeWidth=1.3)
            if kind == "dash":
                ln.strokeDashArray = [3, 2]
            d.add(ln)
        _text(d, lx + 16, ly, _ellipsize(label, fonts, col_w - 20), fonts)
    return d


def rollout_chart(phases: Sequence[tuple[str, float, float]], *, width: float, height: float, fonts: Fonts,
                  currency: str, cost_label: str, coverage_label: str) -> Drawing:
    """Bars: cumulative cost per phase (left axis); line: coverage 0-100% (right axis).
    ``phases``: (label, cumulative cost, coverage in [0, 1])."""
    d = Drawing(width, height)
    left, bottom, right, top = 50, 28, 34, 22
    pw, ph = width - left - right, height - bottom - top
    cmax = max([p[1] for p in phases] + [1.0])
    cstep = _nice_step(cmax / 5)
    cmax = cstep * math.ceil(cmax / cstep)
    d.add(Rect(left, bottom, pw, ph, fillColor=colors.white, strokeColor=RULE, strokeWidth=0.5))
    v = 0.0
    while v <= cmax + 1e-9:
        y = bottom + ph * v / cmax
        d.add(Line(left, y, left + pw, y, strokeColor=colors.HexColor("#e3e8eb"), strokeWidth=0.4))
        _text(d, left - 3, y - 2.3, _money_tick(v), fonts, anchor="end", color=MUTED)
        v += cstep
    for k in range(0, 101, 25):
        y = bottom + ph * k / 100
        _text(d, left + pw + 3, y - 2.3, f"{k}%", fonts, color=MUTED)
    n = max(len(phases), 1)
    slot = pw / n
    bw = min(slot * 0.6, 40)
    pts = []
    for i, (label, cost, cov) in enumerate(phases):
        cx = left + slot * (i + 0.5)
        h = ph * cost / cmax
        d.add(Rect(cx - bw / 2, bottom, bw, h, fillColor=colors.HexColor("#b3d4e0"), strokeColor=ACCENT,
                   strokeWidth=0.5))
        _text(d, cx, bottom - 9, label, fonts, anchor="middle", color=MUTED, size=6.5)
        pts += [cx, bottom + ph * max(0.0, min(1.0, cov))]
    if len(pts) >= 4:
        d.add(PolyLine(pts, strokeColor=colors.HexColor("#ef6c00"), strokeWidth=1.6))
    for i in range(0, len(pts), 2):
        d.add(Circle(pts[i], pts[i + 1], 2.2, fillColor=colors.HexColor("#ef6c00"), strokeColor=colors.white,
                     strokeWidth=0.5))
    d.add(Rect(left, height - 10, 8, 6, fillColor=colors.HexColor("#b3d4e0"), strokeColor=ACCENT, strokeWidth=0.5))
    _text(d, left + 11, height - 10, f"{cost_label} ({currency})", fonts, color=ACCENT)
    cw = fonts.width(coverage_label, FS)
    d.add(Line(left + pw - cw - 16, height - 7.5, left + pw - cw - 4, height - 7.5,
               strokeColor=colors.HexColor("#ef6c00"), strokeWidth=1.6))
    _text(d, left + pw, height - 10, coverage_label, fonts, anchor="end", color=colors.HexColor("#ef6c00"))
    return d


def bar_chart(items: Sequence[tuple[str, float]], *, width: float, fonts: Fonts, currency: str) -> Drawing:
    """Horizontal bars with value labels (CAPEX by category)."""
    row = 14
    label_w = min(max([fonts.width(lbl, FS) for lbl, _ in items] + [40]) + 6, width * 0.42)
    height = row * len(items) + 8
    d = Drawing(width, height)
    vmax = max([v for _, v in items] + [1.0])
    bar_w = width - label_w - 70
    for i, (label, v) in enumerate(items):
        y = height - (i + 1) * row
        _text(d, label_w - 4, y + 3, _ellipsize(label, fonts, label_w - 6), fonts, anchor="end")
        w = bar_w * max(v, 0.0) / vmax
        d.add(Rect(label_w, y + 1, max(w, 0.5), row - 4, fillColor=SERIES[i % len(SERIES)], strokeColor=None))
        _text(d, label_w + w + 4, y + 3, f"{currency} {v:,.0f}", fonts, color=MUTED)
    return d


def _ellipsize(s: str, fonts: Fonts, width: float, size: float = FS) -> str:
    return fonts.fit(s, size, width)


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1.0
    k = 10 ** math.floor(math.log10(raw))
    for f in (1, 2, 2.5, 5, 10):
        if f * k >= raw:
            return f * k
    return 10 * k


def _nice_ceil(x: float) -> float:
    s = _nice_step(x / 5)
    return s * math.ceil(x / s)


def _money_tick(v: float) -> str:
    if v >= 1e6:
        return f"{v / 1e6:g} M"
    if v >= 1e3:
        return f"{v / 1e3:g} k"
    return f"{v:g}"
