"""Map colouring from an ``AnalysisResult``: fibers and QKD links by loss or key-rate margin,
infeasible demands in red, trusted nodes with their own symbol, tooltips with the numbers.

The scene stays a view of the plan: colours reach its items through ``PlanScene.set_styler``; the
QKD links and trusted nodes, which are results rather than plan elements, are drawn by overlay
items in a layer of their own that is rebuilt from each result.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem

from planner.gui.analysis.result import AnalysisResult, LinkRow
from planner.gui.canvas.items import Z_FIBER, Z_SITE, ItemStyle
from planner.gui.i18n import reason_label
from planner.units import rate_text

MODES = ("loss", "margin", "off")
Z_LINKS = Z_FIBER + 2
Z_NODES = Z_SITE + 1
INFEASIBLE = "#D7263D"
FEASIBLE = "#1A9850"
UNUSED = "#9AA3AD"


def tr(text: str) -> str:
    return QCoreApplication.translate("MapStyle", text)


@dataclass(frozen=True)
class Scale:
    """Thresholds (ascending) and one colour more than thresholds; ``labels`` for the legend."""

    title: str
    unit: str
    thresholds: tuple[float, ...]
    colors: tuple[str, ...]

    def color(self, value: float | None) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return UNUSED
        return self.colors[bisect_right(self.thresholds, value)]

    def labels(self) -> list[tuple[str, str]]:
        t, u = self.thresholds, self.unit
        out = [(self.colors[0], f"< {t[0]:g} {u}")]
        for i in range(1, len(t)):
            out.append((self.colors[i], f"{t[i - 1]:g} – {t[i]:g} {u}"))
        out.append((self.colors[-1], f"≥ {t[-1]:g} {u}"))
        return out


# Sequential, colour-blind safe (ColorBrewer YlGnBu / RdYlGn-like with distinct lightness).
FIBER_LOSS = Scale(QT_TRANSLATE_NOOP("MapStyle", "Fiber loss"), "dB", (0.5, 1.0, 2.0, 4.0),
                   ("#1A9850", "#91CF60", "#F2C230", "#FC8D59", "#D73027"))
LINK_LOSS = Scale(QT_TRANSLATE_NOOP("MapStyle", "QKD link loss"), "dB", (6.0, 10.0, 15.0, 20.0),
                  ("#1A9850", "#91CF60", "#F2C230", "#FC8D59", "#D73027"))
MARGIN = Scale(QT_TRANSLATE_NOOP("MapStyle", "Key-rate margin"), "dB", (0.0, 3.0, 10.0),
               ("#D73027", "#FC8D59", "#91CF60", "#1A9850"))


def db_text(db: float | None) -> str:
    if db is None:
        return "–"
    if math.isinf(db):
        return "no key"
    return f"{db:+.1f} dB"


def link_tooltip(r: LinkRow, name) -> str:
    lines = ["<b>" + tr("QKD link {0} – {1}").format(name(r.a), name(r.b)) + "</b>"]
    if r.device:
        lines.append(tr("Device: {0}").format(r.device))
    if r.length_m is not None:
        lines.append(tr("Length: {0:.2f} km").format(r.length_m / 1000))
    if r.loss_db is not None:
        lines.append(tr("Loss: {0:.2f} dB").format(r.loss_db))
    lines.append(tr("Key rate: {0}").format(rate_text(r.key_rate_bps)))
    if r.qber is not None:
        lines.append(f"QBER: {100 * r.qber:.2f} %")
    if r.load_bps:
        lines.append(tr("Load: {0} · margin {1}").format(rate_text(r.load_bps), db_text(r.margin_db)))
    return "<br>".join(lines)


class ResultStyler:
    """``(kind, id) -> ItemStyle`` for the scene, from the latest result and the chosen mode."""

    def __init__(self) -> None:
        self.result: AnalysisResult | None = None
        self.mode = "loss"
        self._fiber_links: dict[str, list[LinkRow]] = {}
        self.highlight: set[tuple[str, str]] | None = None  # rollout / drill emphasis
        self.highlight_colors: dict[tuple[str, str], str] = {}

    def set_result(self, result: AnalysisResult | None) -> None:
        self.result = result
        self._fiber_links = result.links_of_fiber() if result else {}

    def link_color(self, r: LinkRow) -> str:
        if self.mode == "margin":
            return MARGIN.color(r.margin_db) if r.load_bps else UNUSED
        return LINK_LOSS.color(r.loss_db)

    def fiber_color(self, fid: str) -> str | None:
        res = self.result
        if res is None or self.mode == "off":
            return None
        if self.mode == "margin":
            links = [r for r in self._fiber_links.get(fid, ()) if r.load_bps]
            if not links:
                return UNUSED
            worst = min(r.margin_db if r.margin_db is not None else math.inf for r in links)
            return MARGIN.color(worst)
        f = res.fibers.get(fid)
        return FIBER_LOSS.color(f.get("loss_db") if f else None)

    def __call__(self, kind: str, eid: str) -> ItemStyle | None:
        res = self.result
        if res is None:
            return None
        if kind == "fiber":
            f = res.fibers.get(eid)
            if f is None:
                return None
            tip = ["<b>" + tr("Fiber {0}").format(eid) + "</b>",
                   tr("Length: {0:.0f} m").format(float(f.get("length_m", 0))),
                   tr("Loss: {0:.2f} dB").format(float(f.get("loss_db", 0)))]
            for r in self._fiber_links.get(eid, ())[:6]:
                tip.append(f"{res.name(r.a)} – {res.name(r.b)}: {rate_text(r.key_rate_bps)}"
                           + (f", QBER {100 * r.qber:.1f} %" if r.qber is not None else "")
                           + (f", {db_text(r.margin_db)}" if r.load_bps else ""))
            color = self.fiber_color(eid)
            width = 3.0 if color else None
            if self.highlight is not None:
                on = ("fiber", eid) in self.highlight
                color, width = (color or "#1F4E79") if on else "#C8CDD3", 3.5 if on else 1.5
                color = self.highlight_colors.get(("fiber", eid), color)
            return ItemStyle(color=color, width_px=width, tooltip="<br>".join(tip))
        if kind == "demand":
            d = res.demand_by_id.get(eid)
            if d is None:
                return None
            tip = ["<b>" + tr("Demand {0} – {1}").format(res.name(d.a), res.name(d.b)) + "</b>",
                   tr("Required: {0}").format(rate_text(d.required_bps))]
            if d.end_to_end_bps is not None:
                tip.append(tr("End to end: {0}").format(rate_text(d.end_to_end_bps)))
            if d.relays:
                tip.append(tr("Trusted nodes: {0}").format(", ".join(res.name(s) for s in d.relays)))
            if d.feasible is False:
                tip.append(f"<span style='color:{INFEASIBLE}'>" + tr("Infeasible: {0}").format(reason_label(d))
                           + "</span>")
            color = INFEASIBLE if d.feasible is False else (FEASIBLE if d.feasible else None)
            if self.highlight is not None:
                color = color if ("demand", eid) in self.highlight else "#C8CDD3"
                color = self.highlight_colors.get(("demand", eid), color)
            return ItemStyle(color=color, tooltip="<br>".join(tip))
        if kind == "site":
            if self.highlight is not None and ("site", eid) in self.highlight:
                return ItemStyle(color=self.highlight_colors.get(("site", eid), "#F2A900"))
            return None
        return None


class LinkArcItem(QGraphicsPathItem):
    """A QKD link drawn as a gentle arc between its two end sites (a logical link, not a cable)."""

    def __init__(self, link: LinkRow, a: tuple[float, float], b: tuple[float, float], color: str) -> None:
        super().__init__()
        self.link_id = link.id
        self.setZValue(Z_LINKS)
        self.setAcceptHoverEvents(True)
        pa, pb = QPointF(a[0], -a[1]), QPointF(b[0], -b[1])
        mid = (pa + pb) / 2
        d = pb - pa
        bulge = 0.12
        ctrl = QPointF(mid.x() - d.y() * bulge, mid.y() + d.x() * bulge)
        path = QPainterPath(pa)
        path.quadTo(ctrl, pb)
        self.setPath(path)
        c = QColor(color)
        pen = QPen(c, 2.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setCosmetic(True)
        self.setPen(pen)
        self._color = c

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        halo = QPen(QColor(255, 255, 255, 170), 4.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        halo.setCosmetic(True)
        painter.setPen(halo)
        painter.drawPath(self.path())
        painter.setPen(self.pen())
        painter.drawPath(self.path())


class TrustedNodeItem(QGraphicsItem):
    """A trusted node: a gold shield-like diamond ring around the site marker, constant size."""

    SIZE = 34

    def __init__(self, site_id: str, xy: tuple[float, float], tooltip: str) -> None:
        super().__init__()
        self.site_id = site_id
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setPos(QPointF(xy[0], -xy[1]))
        self.setZValue(Z_NODES)
        self.setToolTip(tooltip)

    def boundingRect(self) -> QRectF:  # noqa: N802
        h = self.SIZE / 2 + 2
        return QRectF(-h, -h, 2 * h, 2 * h)

    def shape(self) -> QPainterPath:
        p = QPainterPath()
        p.addRect(self.boundingRect())
        return p

    def paint(self, painter: QPainter, option, widget=None) -> None:
        draw_trusted_symbol(painter, QPointF(0, 0), self.SIZE)


def draw_trusted_symbol(painter: QPainter, c: QPointF, size: float) -> None:
    """Diamond outline in gold with a dark rim, open in the middle so the site badge shows."""
    h = size / 2
    poly = QPolygonF([QPointF(c.x(), c.y() - h), QPointF(c.x() + h, c.y()),
                      QPointF(c.x(), c.y() + h), QPointF(c.x() - h, c.y())])
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor("#3B2F00"), 5.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                        Qt.PenJoinStyle.RoundJoin))
    painter.drawPolygon(poly)
    painter.setPen(QPen(QColor("#F2B705"), 3.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                        Qt.PenJoinStyle.RoundJoin))
    painter.drawPolygon(poly)
    painter.restore()


class ResultOverlay:
    """Owns the overlay items (QKD link arcs, trusted-node symbols) of one scene."""

    def __init__(self, scene) -> None:
        self.scene = scene
        self.links: dict[str, LinkArcItem] = {}
        self.nodes: dict[str, TrustedNodeItem] = {}
        self.show_links = True
        self.show_nodes = True

    def clear(self) -> None:
        for item in [*self.links.values(), *self.nodes.values()]:
            if item.scene() is self.scene:
                self.scene.removeItem(item)
        self.links.clear()
        self.nodes.clear()

    def update(self, result: AnalysisResult | None, styler: ResultStyler) -> None:
        self.clear()
        if result is None:
            return
        plan = self.scene.document.plan
        if self.show_links and styler.mode != "off":
            for r in result.links:
                if r.a not in plan.sites or r.b not in plan.sites:
                    continue
                color = styler.link_color(r)
                if styler.highlight is not None:
                    # emphasis: only links whose whole path is emphasised (built, or failed)
                    if not r.fibers or not {("fiber", f) for f in r.fibers} <= styler.highlight:
                        continue
                    color = styler.highlight_colors.get(("link", r.id), color)
                item = LinkArcItem(r, plan.sites[r.a].xy, plan.sites[r.b].xy, color)
                item.setToolTip(link_tooltip(r, result.name))
                self.scene.addItem(item)
                self.links[r.id] = item
        if self.show_nodes:
            for n in result.nodes:
                if n.site not in plan.sites:
                    continue
                tip = "<b>" + tr("Trusted node {0}").format(n.name) + "</b><br>" + tr(
                    "Relays keys for {0} demand(s)").format(n.demands)
                item = TrustedNodeItem(n.site, plan.sites[n.site].xy, tip)
                self.scene.addItem(item)
                self.nodes[n.site] = item


def legend_entries(mode: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Legend sections (title, [(colour, label)]) for a colouring mode."""
    if mode == "loss":
        return [(tr(FIBER_LOSS.title), FIBER_LOSS.labels()), (tr(LINK_LOSS.title), LINK_LOSS.labels())]
    if mode == "margin":
        return [(tr(MARGIN.title), MARGIN.labels() + [(UNUSED, tr("not used"))])]
    return []


def brush(color: str) -> QBrush:
    return QBrush(QColor(color))
