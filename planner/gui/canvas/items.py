"""Scene items: views of plan elements. An item knows only its element's (kind, id) key; the
geometry it shows is pushed in by the scene from the plan. The model never lives in the items.

Performance (10,000 fibers stay fluid): cosmetic pens (no re-stroking on zoom), no item caching for
thin paths (a cache would be rebuilt on every zoom step), site markers drawn from one cached pixmap
per role, labels switched on and off only when the zoom crosses a threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsPolygonItem,
    QStyle,
    QStyleOptionGraphicsItem,
    QWidget,
)

from planner.gui.icons import role_pixmap
from planner.gui.theme import SECTION_COLORS, MapColors

KIND_ROLE = 0  # item.data(KIND_ROLE) -> element kind
ID_ROLE = 1  # item.data(ID_ROLE) -> element id

Z_UNDERLAY, Z_SECTION, Z_DEMAND, Z_FIBER, Z_SITE, Z_TOOL = 0, 10, 20, 30, 40, 100

SITE_MARKER_PX = 22
JUNCTION_MARKER_PX = 14


def to_scene(x_m: float, y_m: float) -> QPointF:
    """Plan metres (y north) to scene coordinates (y down)."""
    return QPointF(x_m, -y_m)


def to_plan(p: QPointF) -> tuple[float, float]:
    return (p.x(), -p.y())


def polyline_path(points) -> QPainterPath:
    path = QPainterPath()
    if points:
        path.moveTo(points[0][0], -points[0][1])
        for x, y in points[1:]:
            path.lineTo(x, -y)
    return path


def item_key(item: QGraphicsItem | None) -> tuple[str, str] | None:
    if item is None:
        return None
    kind = item.data(KIND_ROLE)
    return (kind, item.data(ID_ROLE)) if kind else None


def _tag(item: QGraphicsItem, kind: str, element_id: str) -> None:
    item.setData(KIND_ROLE, kind)
    item.setData(ID_ROLE, element_id)


@dataclass(frozen=True)
class ItemStyle:
    """A style override (e.g. from evaluation results): colour, width in px, dashed, tooltip."""

    color: str | None = None
    width_px: float | None = None
    dashed: bool | None = None
    tooltip: str | None = None


def _unselected(option: QStyleOptionGraphicsItem) -> QStyleOptionGraphicsItem:
    """Drop Qt's dotted selection rectangle: items draw their own highlight."""
    opt = QStyleOptionGraphicsItem(option)
    opt.state &= ~QStyle.StateFlag.State_Selected
    return opt


class LayerItem(QGraphicsItem):
    """An invisible parent: hiding it hides a whole layer at once (sections, fibers, a site role)."""

    def __init__(self, z: float) -> None:
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self.setZValue(z)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return QRectF()

    def paint(self, painter, option, widget=None) -> None:  # pragma: no cover - no contents
        pass


class SiteItem(QGraphicsItem):
    """A site marker: the role's badge at constant screen size, with the name beside it."""

    def __init__(self, site_id: str) -> None:
        super().__init__()
        _tag(self, "site", site_id)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setZValue(Z_SITE)
        self.setAcceptHoverEvents(False)
        self.role = "office"
        self.name = ""
        self.show_label = True
        self.colors: MapColors | None = None
        self.style: ItemStyle | None = None
        self._label_path = QPainterPath()
        self._rect = QRectF()
        self._label_rect = QRectF()

    def set_site(self, site, colors: MapColors) -> None:
        self.prepareGeometryChange()
        self.role, self.name, self.colors = site.role, site.name or site.id, colors
        self.setPos(to_scene(site.x_m, site.y_m))
        self.setToolTip(f"{self.name}  ({site.role.replace('_', ' ')})")
        half = self.marker_px() / 2
        font = QFont()
        font.setPointSizeF(8.5)
        self._label_path = QPainterPath()
        self._label_path.addText(QPointF(half + 4, QFontMetricsF(font).capHeight() / 2), font, self.name)
        self._rect = QRectF(-half - 3, -half - 3, 2 * half + 6, 2 * half + 6)
        self._label_rect = self._label_path.boundingRect().adjusted(-3, -3, 3, 3)
        self.update()

    def marker_px(self) -> int:
        return JUNCTION_MARKER_PX if self.role == "junction" else SITE_MARKER_PX

    def set_label_visible(self, on: bool) -> None:
        if on != self.show_label:
            self.prepareGeometryChange()
            self.show_label = on

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect.united(self._label_rect) if self.show_label else self._rect

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(self._rect)
        return path

    def paint(self, painter: QPainter, option, widget: QWidget | None = None) -> None:
        half = self.marker_px() / 2
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        if self.isSelected() and self.colors:
            painter.setPen(QPen(QColor(self.colors.selection), 2.5))
            painter.setBrush(QColor(self.colors.selection).lighter(170))
            painter.drawEllipse(QPointF(0, 0), half + 3.5, half + 3.5)
        if self.style and self.style.color:
            painter.setPen(QPen(QColor(self.style.color), 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(0, 0), half + 1.5, half + 1.5)
        pm = role_pixmap(self.role, self.marker_px(), max(1.0, ratio))
        painter.drawPixmap(QRectF(-half, -half, 2 * half, 2 * half), pm, QRectF(pm.rect()))
        if self.show_label and self.colors:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(QColor(self.colors.label_halo), 3.0, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self._label_path)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(self.colors.label))
            painter.drawPath(self._label_path)


class FiberItem(QGraphicsPathItem):
    """A fiber run: solid when existing, dashed when planned (trenching needed)."""

    def __init__(self, fiber_id: str) -> None:
        super().__init__()
        _tag(self, "fiber", fiber_id)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setZValue(Z_FIBER)
        self.status = "existing"
        self.colors: MapColors | None = None
        self.style: ItemStyle | None = None

    def set_fiber(self, fiber, points, colors: MapColors) -> None:
        self.status, self.colors = fiber.status, colors
        self.set_points(points)
        self.setToolTip(fiber.name or fiber.id)
        self.restyle()

    def set_points(self, points) -> None:
        self.setPath(polyline_path(points))

    def restyle(self) -> None:
        c = self.colors
        if c is None:
            return
        color = QColor(c.fiber_planned if self.status == "planned" else c.fiber_existing)
        width, dashed = 2.0, self.status == "planned"
        if self.style:
            color = QColor(self.style.color) if self.style.color else color
            width = self.style.width_px or width
            dashed = self.style.dashed if self.style.dashed is not None else dashed
        pen = QPen(color, width, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine,
                   Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        pen.setCosmetic(True)
        self.setPen(pen)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self.isSelected() and self.colors:
            halo = QPen(QColor(self.colors.selection), self.pen().widthF() + 5, Qt.PenStyle.SolidLine,
                        Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
            halo.setCosmetic(True)
            painter.setPen(halo)
            painter.drawPath(self.path())
        super().paint(painter, _unselected(option), widget)


class SectionItem(QGraphicsPolygonItem):
    """A terminal section: translucent fill by kind, outline, name at its centre when zoomed in."""

    def __init__(self, section_id: str) -> None:
        super().__init__()
        _tag(self, "section", section_id)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setZValue(Z_SECTION)
        self.colors: MapColors | None = None
        self.name = ""

    def set_section(self, section, colors: MapColors, polygon=None) -> None:
        self.colors, self.name = colors, section.name or section.id
        pts = polygon if polygon is not None else section.polygon
        self.setPolygon(QPolygonF([to_scene(x, y) for x, y in pts]))
        base = QColor(SECTION_COLORS.get(section.kind, SECTION_COLORS["other"]))
        fill = QColor(base)
        fill.setAlphaF(0.18)
        pen = QPen(base.darker(115), 1.3)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setBrush(QBrush(fill))
        self.setToolTip(f"{self.name}  ({section.kind}, priority {section.priority})")

    def paint(self, painter: QPainter, option, widget=None) -> None:
        super().paint(painter, _unselected(option), widget)
        if self.isSelected() and self.colors:
            pen = QPen(QColor(self.colors.selection), 2.5)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolygon(self.polygon())


class DemandItem(QGraphicsLineItem):
    """A key demand: a thin dashed chord between its two sites."""

    def __init__(self, demand_id: str) -> None:
        super().__init__()
        _tag(self, "demand", demand_id)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setZValue(Z_DEMAND)
        self.colors: MapColors | None = None
        self.style: ItemStyle | None = None

    def set_demand(self, demand, a, b, colors: MapColors) -> None:
        self.colors = colors
        self.set_ends(a, b)
        self.setToolTip(demand.name or demand.id)
        self.restyle()

    def set_ends(self, a, b) -> None:
        self.setLine(a[0], -a[1], b[0], -b[1])

    def restyle(self) -> None:
        if self.colors is None:
            return
        color = QColor(self.style.color if self.style and self.style.color else self.colors.demand)
        color.setAlphaF(0.75)
        pen = QPen(color, 1.2, Qt.PenStyle.DashDotLine)
        pen.setCosmetic(True)
        self.setPen(pen)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self.isSelected() and self.colors:
            halo = QPen(QColor(self.colors.selection), 4)
            halo.setCosmetic(True)
            painter.setPen(halo)
            painter.drawLine(self.line())
        super().paint(painter, _unselected(option), widget)


class ImageUnderlayItem(QGraphicsPixmapItem):
    """A site-plan image placed by origin (top-left pixel), metres per pixel and rotation."""

    def __init__(self, underlay_id: str) -> None:
        super().__init__()
        _tag(self, "underlay", underlay_id)
        self.setZValue(Z_UNDERLAY)
        self.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)


class VectorUnderlayItem(QGraphicsPathItem):
    """DXF or GeoJSON background drawing: one path, cosmetic hairline."""

    def __init__(self, underlay_id: str) -> None:
        super().__init__()
        _tag(self, "underlay", underlay_id)
        self.setZValue(Z_UNDERLAY)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        super().paint(painter, _unselected(option), widget)
