"""A small QPainter chart (no QtCharts): lines on a linear or log y axis, optional bars on a
second axis, a legend, a cursor line. Used by the link calculator and the rollout view."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass(frozen=True)
class Series:
    name: str
    x: np.ndarray
    y: np.ndarray
    color: str
    dashed: bool = False
    width: float = 2.0


def nice_ticks(lo: float, hi: float, n: int = 6) -> list[float]:
    """Round tick values covering [lo, hi] (1, 2, 5 × 10^k steps)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo]
    raw = (hi - lo) / max(n - 1, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.ceil(lo / step - 1e-9) * step
    out = []
    v = start
    while v <= hi + step * 1e-9:
        out.append(round(v, 12))
        v += step
    return out


def si(v: float) -> str:
    """Compact engineering label: 1k, 2.5M, 10µ."""
    if v == 0:
        return "0"
    for f, s in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1, ""), (1e-3, "m"), (1e-6, "µ")):
        if abs(v) >= f:
            return f"{v / f:g}{s}"
    return f"{v:.0e}"


class ChartWidget(QWidget):
    """Lines (left axis, linear or log) and optional bars (right axis)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: list[Series] = []
        self.bars: tuple[np.ndarray, np.ndarray, str, str] | None = None  # x, y, colour, name
        self.log_y = False
        self.title = ""
        self.x_label = ""
        self.y_label = ""
        self.y2_label = ""
        self.x_range: tuple[float, float] | None = None
        self.y_range: tuple[float, float] | None = None
        self.cursor_x: float | None = None
        self.integer_x = False
        self.legend_corner = "top-right"
        self.setMinimumSize(360, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(560, 360)

    def set_data(self, series: list[Series], *, bars=None) -> None:
        self.series = series
        self.bars = bars
        self.update()

    def set_cursor(self, x: float | None) -> None:
        self.cursor_x = x
        self.update()

    # -- geometry -----------------------------------------------------------------------------
    def _y_limits(self) -> tuple[float, float]:
        if self.y_range:
            return self.y_range
        ys = [s.y[np.isfinite(s.y)] for s in self.series]
        ys = np.concatenate(ys) if ys else np.array([])
        if self.log_y:
            ys = ys[ys > 0]
            if not len(ys):
                return (1.0, 10.0)
            lo = 10 ** math.floor(math.log10(ys.min()))
            hi = 10 ** math.ceil(math.log10(ys.max()))
            return (lo, hi if hi > lo else lo * 10)
        if not len(ys):
            return (0.0, 1.0)
        lo, hi = float(min(0.0, ys.min())), float(ys.max())
        return (lo, hi if hi > lo else lo + 1)

    def _x_limits(self) -> tuple[float, float]:
        if self.x_range:
            return self.x_range
        xs = [s.x for s in self.series] + ([self.bars[0]] if self.bars else [])
        xs = np.concatenate(xs) if xs else np.array([0.0, 1.0])
        lo, hi = float(xs.min()), float(xs.max())
        if self.bars is not None:
            lo, hi = lo - 0.5, hi + 0.5
        return (lo, hi if hi > lo else lo + 1)

    # -- painting -----------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        ink = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        grid = QColor(ink)
        grid.setAlphaF(0.12)
        p.fillRect(self.rect(), base)
        font = QFont(self.font())
        fm = QFontMetrics(font)
        title_font = QFont(font)
        title_font.setBold(True)
        title_font.setPointSizeF(font.pointSizeF() * 1.1)
        left = fm.horizontalAdvance("100M") + fm.height() + 14
        right = 16 + (fm.horizontalAdvance("100M") + fm.height() + 8 if self.bars is not None else 0)
        top = fm.height() * 2 + 10 if self.title else 12
        bottom = fm.height() * 2 + 14
        plot = QRectF(left, top, max(10, self.width() - left - right), max(10, self.height() - top - bottom))
        x0, x1 = self._x_limits()
        y0, y1 = self._y_limits()

        def fx(x):
            return plot.left() + (x - x0) / (x1 - x0) * plot.width()

        def fy(y):
            if self.log_y:
                y = np.log10(np.maximum(y, 1e-300))
                a, b = math.log10(y0), math.log10(y1)
            else:
                a, b = y0, y1
            return plot.bottom() - (y - a) / (b - a) * plot.height()

        if self.title:
            p.setFont(title_font)
            p.setPen(ink)
            p.drawText(QRectF(0, 4, self.width(), fm.height() + 6), Qt.AlignmentFlag.AlignHCenter, self.title)
            p.setFont(font)
        # grid and y ticks
        p.setFont(font)
        if self.log_y:
            ticks = [10.0 ** k for k in range(int(round(math.log10(y0))), int(round(math.log10(y1))) + 1)]
        else:
            ticks = nice_ticks(y0, y1)
        for t in ticks:
            y = float(fy(t))
            p.setPen(QPen(grid, 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(ink)
            p.drawText(QRectF(0, y - fm.height() / 2, left - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, si(t))
        xt = nice_ticks(x0, x1, 8)
        if self.integer_x:
            xt = [t for t in xt if float(t).is_integer()]
        for t in xt:
            x = fx(t)
            p.setPen(QPen(grid, 1))
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            p.setPen(ink)
            p.drawText(QRectF(x - 40, plot.bottom() + 3, 80, fm.height()), Qt.AlignmentFlag.AlignHCenter,
                       f"{t:g}")
        # bars (right axis)
        if self.bars is not None:
            bx, by, bcolor, _ = self.bars
            top_v = float(np.max(by)) if len(by) and np.max(by) > 0 else 1.0
            b_ticks = nice_ticks(0, top_v, 5)
            if len(b_ticks) > 1 and b_ticks[-1] < top_v:  # the axis ends on a tick above the tallest bar
                b_ticks.append(b_ticks[-1] + (b_ticks[1] - b_ticks[0]))
            top_v = max(b_ticks[-1], top_v)
            c = QColor(bcolor)
            c.setAlphaF(0.45)
            w = plot.width() / max(len(bx), 1) * 0.6
            for x, y in zip(bx, by, strict=True):
                h = y / top_v * plot.height()
                p.fillRect(QRectF(fx(x) - w / 2, plot.bottom() - h, w, h), c)
            p.setPen(ink)
            for t in b_ticks:
                y = plot.bottom() - t / top_v * plot.height()
                p.drawText(QRectF(plot.right() + 6, y - fm.height() / 2, right, fm.height()),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, si(t))
        # frame
        p.setPen(QPen(ink, 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(plot)
        # series
        p.save()
        p.setClipRect(plot.adjusted(-1, -1, 1, 1))
        for s in self.series:
            ok = np.isfinite(s.y) & ((s.y > 0) if self.log_y else True)
            path = QPainterPath()
            pen_down = False
            for x, y, good in zip(s.x, s.y, ok, strict=True):
                if not good:
                    pen_down = False
                    continue
                pt = QPointF(float(fx(x)), float(fy(y)))
                if pen_down:
                    path.lineTo(pt)
                else:
                    path.moveTo(pt)
                    pen_down = True
            pen = QPen(QColor(s.color), s.width, Qt.PenStyle.DashLine if s.dashed else Qt.PenStyle.SolidLine,
                       Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
            p.setPen(pen)
            p.drawPath(path)
        if self.cursor_x is not None and x0 <= self.cursor_x <= x1:
            pen = QPen(QColor("#6F6F6F"), 1.2, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(fx(self.cursor_x), plot.top()), QPointF(fx(self.cursor_x), plot.bottom()))
        p.restore()
        # axis labels
        p.setPen(ink)
        p.drawText(QRectF(plot.left(), self.height() - fm.height() - 4, plot.width(), fm.height()),
                   Qt.AlignmentFlag.AlignHCenter, self.x_label)
        p.save()
        p.translate(4, plot.center().y())
        p.rotate(-90)
        p.drawText(QRectF(-plot.height() / 2, 0, plot.height(), fm.height()), Qt.AlignmentFlag.AlignHCenter,
                   self.y_label)
        p.restore()
        if self.bars is not None and self.y2_label:
            p.save()
            p.translate(self.width() - 4, plot.center().y())
            p.rotate(90)
            p.drawText(QRectF(-plot.height() / 2, 0, plot.height(), fm.height()), Qt.AlignmentFlag.AlignHCenter,
                       self.y2_label)
            p.restore()
        # legend (top right inside the plot)
        entries = [(s.name, s.color, s.dashed, False) for s in self.series if s.name]
        if self.bars is not None and self.bars[3]:
            entries.append((self.bars[3], self.bars[2], False, True))
        if entries:
            lw = max(fm.horizontalAdvance(e[0]) for e in entries) + 40
            lh = len(entries) * (fm.height() + 2) + 8
            left_x = plot.left() + 8 if self.legend_corner == "top-left" else plot.right() - lw - 8
            box = QRectF(left_x, plot.top() + 8, lw, lh)
            bg = QColor(base)
            bg.setAlphaF(0.9)
            p.setPen(QPen(grid, 1))
            p.setBrush(bg)
            p.drawRoundedRect(box, 4, 4)
            y = box.top() + 4
            for name, color, dashed, bar in entries:
                mid = y + fm.height() / 2
                if bar:
                    c = QColor(color)
                    c.setAlphaF(0.45)
                    p.fillRect(QRectF(box.left() + 8, mid - 5, 22, 10), c)
                else:
                    p.setPen(QPen(QColor(color), 2.5, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine))
                    p.drawLine(QPointF(box.left() + 8, mid), QPointF(box.left() + 30, mid))
                p.setPen(ink)
                p.drawText(QRectF(box.left() + 36, y, lw - 40, fm.height()), Qt.AlignmentFlag.AlignVCenter, name)
                y += fm.height() + 2
        p.end()
