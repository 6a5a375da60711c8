"""Scene items: views of plan elements. An item knows only its element's (kind, id) key; the
geometry it shows is pushed in by the scene from the plan. The model never lives in the items.

Performance (10,000 fibers stay fluid): every item is one of Qt's own (path, polygon, line, pixmap,
text), so painting runs no Python at all; cosmetic pens (no re-stroking on zoom); no item caching
for thin paths (a cache would be rebuilt on every zoom step); site markers share one pixmap per
role; labels are decluttered by the view's ``LabelPlacer`` only when the zoom or the visible set
changes (``canvas/labels.py``), never per paint. Selection is kept by
the scene and shown by restyling (Qt's own selected state, with its dotted box, is not used).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
)

from planner.gui.canvas.labels import label_offset
from planner.gui.i18n import choice_label, role_label
from planner.gui.icons import role_pixmap
from planner.gui.theme import SECTION_COLORS, MapColors, map_colors

KIND_ROLE = 0  # item.data(KIND_ROLE) -> element kind
ID_ROLE = 1  # item.data(ID_ROLE) -> element id

Z_UNDERLAY, Z_SECTION, Z_DEMAND, Z_FIBER, Z_SITE, Z_TOOL = 0, 10, 20, 30, 40, 100

SITE_MARKER_PX = 22
JUNCTION_MARKER_PX = 14
#: Longer site names are elided on the map (the tooltip has the full name).
LABEL_MAX_PX = 170.0
#: Horizontal margin of the label's plate (pixels).
LABEL_PLATE_PX = 3.0


def tr(text: str) -> str:
    return QCoreApplication.translate("MapItems", text)


def site_tooltip(site) -> str:
    """A site's tool tip on the map: its name and role (in the interface language)."""
    return f"{site.name or site.id}  ({role_label(site.role)})"


def section_tooltip(section) -> str:
    """A section's tool tip on the map: name, kind and rollout priority."""
    return tr("{0}  ({1}, priority {2})").format(section.name or section.id, choice_label("kind", section.kind),
                                                 section.priority)


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


def _pen(color, width: float, style=Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(QColor(color), width, style, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    pen.setCosmetic(True)
    return pen


class SiteItem(QGraphicsPixmapItem):
    """A site marker: the role's badge at constant screen size, with the name beside it.

    All drawing is done by Qt's own items (pixmap, text, ellipses): no Python runs per frame.
    Selection and result styles show as rings (child items switched on and off).
    """

    def __init__(self, site_id: str) -> None:
        super().__init__()
        _tag(self, "site", site_id)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)  # pickable
        self.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)
        self.setZValue(Z_SITE)
        self.role = ""
        self.name = ""
        self._tip = ""
        self.colors: MapColors | None = None
        self.style: ItemStyle | None = None
        self._ring = QGraphicsEllipseItem(self)
        self._ring.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent, True)
        self._ring.hide()
        self._style_ring = QGraphicsEllipseItem(self)
        self._style_ring.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent, True)
        self._style_ring.hide()
        # The label sits on a translucent plate (a text halo lets lines show through word gaps).
        self._halo = QGraphicsRectItem(self)
        self._halo.setPen(QPen(Qt.PenStyle.NoPen))
        self._label = QGraphicsSimpleTextItem(self)
        # Labels start hidden: the view's label placer shows those that fit (canvas/labels.py).
        self._halo.hide()
        self._label.hide()
        self._label_on = False
        self._label_position = 0
        self._label_size = (0.0, 0.0)

    def set_site(self, site, colors: MapColors) -> None:
        if site.role != self.role or colors is not self.colors:
            self.role, self.colors = site.role, colors
            px = self.marker_px()
            self.setPixmap(role_pixmap(site.role, px, 2.0))
            half = px / 2
            self.setOffset(-half, -half)
            self._ring.setRect(-half - 4, -half - 4, px + 8, px + 8)
            self._ring.setPen(QPen(QColor(colors.selection), 2.5))
            ring_fill = QColor(colors.selection)
            ring_fill.setAlphaF(0.35)
            self._ring.setBrush(ring_fill)
            self._style_ring.setRect(-half - 2, -half - 2, px + 4, px + 4)
            font = QFont()
            font.setPointSizeF(8.5)
            self._label.setFont(font)
            plate = QColor(colors.label_halo)
            plate.setAlphaF(0.82)
            self._halo.setBrush(plate)
            self._label.setBrush(QColor(colors.label))
            self.name = ""
        name = site.name or site.id
        if name != self.name:
            self.name = name
            text = QFontMetricsF(self._label.font()).elidedText(name, Qt.TextElideMode.ElideRight, LABEL_MAX_PX)
            self._label.setText(text)
            r = self._label.boundingRect()
            self._label_size = (r.width() + 2 * LABEL_PLATE_PX, r.height())
            self._move_label()
        tip = site_tooltip(site)
        if tip != self._tip:  # (a styler's tool tip stays until the name, role or language changes)
            self._tip = tip
            self.setToolTip(tip)
        self.setPos(to_scene(site.x_m, site.y_m))

    def marker_px(self) -> int:
        return JUNCTION_MARKER_PX if self.role == "junction" else SITE_MARKER_PX

    def label_size(self) -> tuple[float, float]:
        """Width and height of the (elided) label in pixels."""
        return self._label_size

    def label_text(self) -> str:
        """The name as drawn on the map (elided when long)."""
        return self._label.text()

    def place_label(self, position: int) -> None:
        """Put the label right, left, above or below the marker (``canvas.labels`` positions)."""
        if position != self._label_position:
            self._label_position = position
            self._move_label()

    def label_position(self) -> int:
        return self._label_position

    def _move_label(self) -> None:
        w, h = self._label_size
        x, y = label_offset(self._label_position, self.marker_px() / 2, w, h)
        self._halo.setRect(x, y, w, h)
        self._label.setPos(x + LABEL_PLATE_PX, y)

    def set_label_visible(self, on: bool) -> None:
        if on != self._label_on:
            self._label_on = on
            self._halo.setVisible(on)
            self._label.setVisible(on)

    @property
    def show_label(self) -> bool:
        return self._label_on

    def set_highlight(self, on: bool) -> None:
        self._ring.setVisible(on)

    def restyle(self) -> None:
        if self.style and self.style.color:
            self._style_ring.setPen(QPen(QColor(self.style.color), 3))
            self._style_ring.show()
        else:
            self._style_ring.hide()


class FiberItem(QGraphicsPathItem):
    """A fiber run: solid when existing, dashed when planned (trenching needed). Drawn by Qt alone."""

    def __init__(self, fiber_id: str) -> None:
        super().__init__()
        _tag(self, "fiber", fiber_id)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)  # pickable
        self.setZValue(Z_FIBER)
        self.status = "existing"
        self.colors: MapColors | None = None
        self.style: ItemStyle | None = None
        self.highlighted = False

    def set_fiber(self, fiber, points, colors: MapColors) -> None:
        self.status, self.colors = fiber.status, colors
        self.set_points(points)
        self.setToolTip(fiber.name or fiber.id)
        self.restyle()

    def set_points(self, points) -> None:
        self.setPath(polyline_path(points))

    def set_highlight(self, on: bool) -> None:
        self.highlighted = on
        self.setZValue(Z_FIBER + (1 if on else 0))
        self.restyle()

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
        if self.highlighted:  # wider; in the selection colour unless a result colours it
            width += 2.5
            if not (self.style and self.style.color):
                color = QColor(c.selection)
        self.setPen(_pen(color, width, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine))


class SectionItem(QGraphicsPolygonItem):
    """A terminal section: translucent fill by kind and an outline."""

    def __init__(self, section_id: str) -> None:
        super().__init__()
        _tag(self, "section", section_id)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)  # pickable
        self.setZValue(Z_SECTION)
        self.colors: MapColors | None = None
        self.name = ""
        self.kind = "other"
        self.highlighted = False

    def set_section(self, section, colors: MapColors, polygon=None) -> None:
        self.colors, self.name, self.kind = colors, section.name or section.id, section.kind
        pts = polygon if polygon is not None else section.polygon
        self.setPolygon(QPolygonF([to_scene(x, y) for x, y in pts]))
        self.setToolTip(section_tooltip(section))
        self.restyle()

    def set_highlight(self, on: bool) -> None:
        self.highlighted = on
        self.restyle()

    def restyle(self) -> None:
        if self.colors is None:
            return
        base = QColor(SECTION_COLORS.get(self.kind, SECTION_COLORS["other"]))
        fill = QColor(base)
        fill.setAlphaF(0.30 if self.highlighted else 0.18)
        self.setPen(_pen(self.colors.selection, 2.5) if self.highlighted else _pen(base.darker(115), 1.3))
        self.setBrush(QBrush(fill))


class DemandItem(QGraphicsLineItem):
    """A key demand: a thin translucent chord between its two sites."""

    def __init__(self, demand_id: str) -> None:
        super().__init__()
        _tag(self, "demand", demand_id)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)  # pickable
        self.setZValue(Z_DEMAND)
        self.colors: MapColors | None = None
        self.style: ItemStyle | None = None
        self.highlighted = False

    def set_demand(self, demand, a, b, colors: MapColors) -> None:
        self.colors = colors
        self.set_ends(a, b)
        self.setToolTip(demand.name or demand.id)
        self.restyle()

    def set_ends(self, a, b) -> None:
        self.setLine(a[0], -a[1], b[0], -b[1])

    def set_highlight(self, on: bool) -> None:
        self.highlighted = on
        self.restyle()

    def restyle(self) -> None:
        if self.colors is None:
            return
        if self.highlighted:
            self.setPen(_pen(self.colors.selection, 3.0, Qt.PenStyle.DashLine))
            return
        color = QColor(self.style.color if self.style and self.style.color else self.colors.demand)
        color.setAlphaF(0.55)
        # Solid: a dash pattern on hundreds of kilometre-long chords costs more than all fibers.
        self.setPen(_pen(color, 1.0))


class ImageUnderlayItem(QGraphicsPixmapItem):
    """A site-plan image placed by origin (top-left pixel), metres per pixel and rotation."""

    def __init__(self, underlay_id: str) -> None:
        super().__init__()
        _tag(self, "underlay", underlay_id)
        self.setZValue(Z_UNDERLAY)
        self.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)
        self._frame: QGraphicsRectItem | None = None

    def set_highlight(self, on: bool) -> None:
        """Selected: a frame in the selection colour and a light tint over the whole image, drawn at
        full opacity whatever the image's own opacity."""
        if not on:
            if self._frame is not None:
                self._frame.hide()
            return
        if self._frame is None:
            self._frame = QGraphicsRectItem(self)
            self._frame.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresParentOpacity, True)
        color = QColor(map_colors().selection)
        self._frame.setPen(_pen(color, 3.0))
        tint = QColor(color)
        tint.setAlphaF(0.12)
        self._frame.setBrush(tint)
        self._frame.setRect(self.boundingRect())
        self._frame.show()

    def is_highlighted(self) -> bool:
        return self._frame is not None and self._frame.isVisible()


class VectorUnderlayItem(QGraphicsPathItem):
    """DXF or GeoJSON background drawing: one path, cosmetic hairline."""

    def __init__(self, underlay_id: str) -> None:
        super().__init__()
        _tag(self, "underlay", underlay_id)
        self.setZValue(Z_UNDERLAY)
        self.highlighted = False

    def set_highlight(self, on: bool) -> None:
        """Selected: thicker, in the selection colour (the scene restores the underlay colour)."""
        self.highlighted = on
        pen = self.pen()
        pen.setWidthF(2.5 if on else 1.0)
        pen.setColor(QColor(map_colors().selection if on else map_colors().underlay))
        self.setPen(pen)
