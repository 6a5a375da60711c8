"""The map view: zoom on the wheel around the cursor, pan with the middle button or space+drag,
zoom to fit, a scale bar, an optional grid, and mouse/keyboard events handed to the active tool.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPen, QWheelEvent
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView

from planner.gui.canvas.items import SiteItem, item_key, to_plan
from planner.gui.canvas.labels import LabelPlacer
from planner.gui.canvas.scene import PlanScene

MIN_M_PER_PX = 0.005
MAX_M_PER_PX = 2000.0
#: Pick radius of the mouse in screen pixels.
PICK_PX = 6
SNAP_PX = 12


def nice_step(value: float) -> float:
    """The largest 1, 2 or 5 × 10^n not above ``value`` (scale bars, grid spacing).

    >>> nice_step(730.0), nice_step(0.34)
    (500.0, 0.2)
    """
    if value <= 0:
        return 1.0
    exp = math.floor(math.log10(value))
    base = 10.0 ** exp
    for m in (5, 2, 1):
        if m * base <= value * (1 + 1e-9):
            return round(m * base, 12)
    return base


def format_length(m: float) -> str:
    return f"{m / 1000:g} km" if m >= 1000 else f"{m:g} m"


class MapView(QGraphicsView):
    #: Cursor position in plan metres.
    cursor_moved = Signal(float, float)
    #: Metres per screen pixel changed.
    zoom_changed = Signal(float)
    #: The viewport finished painting (benchmarks, screenshots).
    painted = Signal()
    #: A tool's hint or feedback for the status bar.
    tool_message = Signal(str)

    def __init__(self, scene: PlanScene, parent=None) -> None:
        super().__init__(scene, parent)
        self.plan_scene = scene
        self.tool = None
        self.show_grid = False
        self._pan_from: QPoint | None = None
        self._space = False
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setAcceptDrops(False)  # the main window takes dropped files
        # Site labels: decluttered after zooms, pans, resizes and site edits (debounced).
        self.labels = LabelPlacer(self)
        scene.labels_dirty.connect(self.labels.schedule)
        self.horizontalScrollBar().valueChanged.connect(self.labels.schedule)
        self.verticalScrollBar().valueChanged.connect(self.labels.schedule)

    # -- tools --------------------------------------------------------------------------------
    def set_tool(self, tool) -> None:
        if self.tool is not None:
            self.tool.deactivate()
        self.tool = tool
        if tool is not None:
            tool.activate()
            self.viewport().setCursor(tool.cursor)

    # -- geometry helpers ---------------------------------------------------------------------
    def m_per_px(self) -> float:
        t = self.transform()
        return 1.0 / max(math.hypot(t.m11(), t.m12()), 1e-12)

    def plan_pos(self, view_pos: QPointF | QPoint) -> tuple[float, float]:
        return to_plan(self.mapToScene(QPoint(round(view_pos.x()), round(view_pos.y()))))

    def scene_pos(self, view_pos) -> QPointF:
        return self.mapToScene(QPoint(round(view_pos.x()), round(view_pos.y())))

    def items_near(self, view_pos, radius_px: int = PICK_PX) -> list[QGraphicsItem]:
        p = QPoint(round(view_pos.x()), round(view_pos.y()))
        rect = QRect(p.x() - radius_px, p.y() - radius_px, 2 * radius_px + 1, 2 * radius_px + 1)
        return [i for i in self.items(rect) if item_key(i) is not None and i.isVisible()]

    def key_at(self, view_pos, kinds: tuple[str, ...] | None = None,
               radius_px: int = PICK_PX) -> tuple[str, str] | None:
        """The topmost element near the pointer (sites first, then fibers, demands, sections)."""
        order = {"site": 0, "fiber": 1, "demand": 2, "section": 3, "underlay": 4}
        found = [item_key(i) for i in self.items_near(view_pos, radius_px)]
        found = [k for k in found if kinds is None or k[0] in kinds]
        if not found:
            return None
        return min(found, key=lambda k: order[k[0]])

    def site_at(self, view_pos, radius_px: int = SNAP_PX) -> str | None:
        p = QPoint(round(view_pos.x()), round(view_pos.y()))
        best, best_d = None, float("inf")
        for item in self.items_near(view_pos, radius_px):
            if isinstance(item, SiteItem):
                d = (QPointF(self.mapFromScene(item.pos())) - QPointF(p)).manhattanLength()
                if d < best_d:
                    best, best_d = item_key(item)[1], d
        return best

    # -- zoom and pan -------------------------------------------------------------------------
    def zoom_by(self, factor: float, anchor_view: QPointF | None = None) -> None:
        new_mpp = self.m_per_px() / factor
        if not MIN_M_PER_PX <= new_mpp <= MAX_M_PER_PX:
            factor = self.m_per_px() / min(max(new_mpp, MIN_M_PER_PX), MAX_M_PER_PX)
        if anchor_view is None:
            anchor_view = QPointF(self.viewport().rect().center())
        before = self.mapToScene(anchor_view.toPoint())
        old_anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.scale(factor, factor)
        after = self.mapToScene(anchor_view.toPoint())
        d = after - before
        self.translate(d.x(), d.y())
        self.setTransformationAnchor(old_anchor)
        self._zoomed()

    def zoom_to_rect(self, rect: QRectF, margin: float = 0.06) -> None:
        if rect.isNull() or rect.width() <= 0 and rect.height() <= 0:
            return
        r = rect.adjusted(-rect.width() * margin - 1, -rect.height() * margin - 1,
                          rect.width() * margin + 1, rect.height() * margin + 1)
        self.fitInView(r, Qt.AspectRatioMode.KeepAspectRatio)
        self._zoomed()

    def zoom_to_fit(self) -> None:
        self.zoom_to_rect(self.plan_scene.content_rect())

    def _zoomed(self) -> None:
        mpp = self.m_per_px()
        self.labels.schedule()
        self.zoom_changed.emit(mpp)
        self.viewport().update()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        delta = event.angleDelta().y() or event.pixelDelta().y()
        if delta:
            self.zoom_by(1.0015 ** delta, event.position())
        event.accept()

    def pan_by(self, dx: float, dy: float) -> None:
        self.horizontalScrollBar().setValue(round(self.horizontalScrollBar().value() - dx))
        self.verticalScrollBar().setValue(round(self.verticalScrollBar().value() - dy))

    # -- events -------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.MiddleButton or (
                self._space and event.button() == Qt.MouseButton.LeftButton):
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        self.setFocus()
        if self.tool is not None:
            self.tool.press(event)
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position()
        self.cursor_moved.emit(*self.plan_pos(pos))
        if self._pan_from is not None:
            d = pos.toPoint() - self._pan_from
            self._pan_from = pos.toPoint()
            self.pan_by(d.x(), d.y())
            event.accept()
            return
        if self.tool is not None:
            self.tool.move(event)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._pan_from is not None and event.button() in (Qt.MouseButton.MiddleButton,
                                                             Qt.MouseButton.LeftButton):
            self._pan_from = None
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor if self._space else
                                      (self.tool.cursor if self.tool else Qt.CursorShape.ArrowCursor))
            event.accept()
            return
        if self.tool is not None:
            self.tool.release(event)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.tool is not None:
            self.tool.double_click(event)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        if self.tool is not None and self.tool.key(event):
            event.accept()
            return
        if key in (Qt.Key.Key_Escape,):
            self.scene().clearSelection()
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self._pan_from = None
            self.viewport().setCursor(self.tool.cursor if self.tool else Qt.CursorShape.ArrowCursor)
            event.accept()
            return
        super().keyReleaseEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.labels.schedule()
        self.zoom_changed.emit(self.m_per_px())

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        self.painted.emit()

    # -- background and overlay ---------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        colors = self.plan_scene.colors
        painter.fillRect(rect, QColor(colors.background))
        if not self.show_grid:
            return
        step = nice_step(self.m_per_px() * 60)
        pen = QPen(QColor(colors.grid), 1)
        pen.setCosmetic(True)
        painter.setPen(pen)
        x0 = math.floor(rect.left() / step) * step
        y0 = math.floor(rect.top() / step) * step
        lines = []
        x = x0
        while x <= rect.right():
            lines.append((QPointF(x, rect.top()), QPointF(x, rect.bottom())))
            x += step
        y = y0
        while y <= rect.bottom():
            lines.append((QPointF(rect.left(), y), QPointF(rect.right(), y)))
            y += step
        for a, b in lines:
            painter.drawLine(a, b)

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        """Scale bar in the bottom-left corner (screen space)."""
        colors = self.plan_scene.colors
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        mpp = self.m_per_px()
        length_m = nice_step(mpp * 140)
        px = length_m / mpp
        vp = self.viewport().rect()
        x, y = 16.0, vp.height() - 20.0
        font = QFont()
        font.setPointSizeF(8.5)
        painter.setFont(font)
        label = format_length(length_m)
        tw = painter.fontMetrics().horizontalAdvance(label)
        box = QRectF(x - 8, y - 24, max(px, tw) + 16, 34)
        bg = QColor(colors.background)
        bg.setAlphaF(0.85)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(box, 4, 4)
        ink = QColor(colors.label)
        painter.setPen(QPen(ink, 1.5))
        painter.drawLine(QPointF(x, y), QPointF(x + px, y))
        for t in (x, x + px / 2, x + px):
            painter.drawLine(QPointF(t, y - (5 if t != x + px / 2 else 3)), QPointF(t, y))
        painter.fillRect(QRectF(x, y - 3, px / 2, 3), ink)
        painter.drawText(QPointF(x, y - 9), label)
        painter.restore()
