"""Canvas tools: small objects with press / move / release / key / cancel / finish.

Every tool edits the plan only through the document (engine operations on the undo stack). A drag
changes nothing until the mouse is released (the scene shows a preview); Escape restores.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
    QRubberBand,
)

from planner.errors import ValidationError
from planner.gui.canvas.items import Z_TOOL, polyline_path, to_scene
from planner.gui.canvas.view import PICK_PX, SNAP_PX, MapView
from planner.gui.dialogs.place_image import PlaceAnswer
from planner.gui.document import PlanDocument
from planner.gui.i18n import role_label
from planner.model import AddElement, Demand, Fiber, KeyProfile, Section, Site

DRAG_START_PX = 4
HANDLE_PX = 7


def tr(text: str) -> str:
    return QCoreApplication.translate("Tools", text)


def moved(kind: str, el, dx: float, dy: float):
    """A copy of ``el`` shifted by (dx, dy) metres, or None when the kind does not move."""
    if kind == "site":
        return dataclasses.replace(el, x_m=el.x_m + dx, y_m=el.y_m + dy)
    if kind == "section":
        return dataclasses.replace(el, polygon=tuple((x + dx, y + dy) for x, y in el.polygon))
    if kind == "fiber":
        return dataclasses.replace(el, vertices=tuple((x + dx, y + dy) for x, y in el.vertices))
    if kind == "underlay" and not el.locked:
        return dataclasses.replace(el, origin_m=(el.origin_m[0] + dx, el.origin_m[1] + dy))
    return None


def _length(points) -> float:
    return sum(math.dist(p, q) for p, q in zip(points, points[1:], strict=False))


def _cosmetic(color: str, width: float, style=Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(QColor(color), width, style, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    pen.setCosmetic(True)
    return pen


class Tool:
    """Base tool: subclasses override the event methods they need."""

    name = "tool"
    cursor = Qt.CursorShape.ArrowCursor

    def __init__(self, view: MapView, document: PlanDocument) -> None:
        self.view = view
        self.document = document

    @property
    def scene(self):
        return self.view.plan_scene

    @property
    def plan(self):
        return self.document.plan

    def hint(self) -> str:
        return ""

    def message(self, text: str) -> None:
        self.view.tool_message.emit(text)

    def refuse(self, error: ValidationError) -> None:
        self.message(tr("Refused: {0}").format(error))

    def activate(self) -> None:
        self.message(self.hint())

    def deactivate(self) -> None:
        self.cancel()

    def press(self, event: QMouseEvent) -> None:
        pass

    def move(self, event: QMouseEvent) -> None:
        pass

    def release(self, event: QMouseEvent) -> None:
        pass

    def double_click(self, event: QMouseEvent) -> None:
        pass

    def key(self, event: QKeyEvent) -> bool:
        """Handle a key; True when used. Escape cancels, Enter finishes, Backspace steps back."""
        k = event.key()
        if k == Qt.Key.Key_Escape:
            return self.cancel()
        if k in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return self.finish()
        if k == Qt.Key.Key_Backspace:
            return self.back()
        return False

    def cancel(self) -> bool:
        return False

    def finish(self) -> bool:
        return False

    def back(self) -> bool:
        return False

    def _temp(self, item: QGraphicsItem) -> QGraphicsItem:
        item.setZValue(Z_TOOL)
        self.scene.addItem(item)
        return item

    def _drop(self, *items: QGraphicsItem | None) -> None:
        for item in items:
            if item is not None and item.scene() is self.scene:
                self.scene.removeItem(item)


class SelectTool(Tool):
    """Click to select (Ctrl/Shift to add), drag a box to select several, drag to move, arrows nudge.

    A box dragged left to right takes what lies wholly inside; right to left, what it touches.
    """

    name = "select"

    def __init__(self, view, document) -> None:
        super().__init__(view, document)
        self._press_pos: QPointF | None = None
        self._press_plan: tuple[float, float] | None = None
        self._drag_keys: list[tuple[str, str]] = []
        self._dragging = False
        self._band: QRubberBand | None = None
        self._add = False

    def hint(self) -> str:
        return tr("Select: click or drag a box; drag to move; arrows nudge; Delete removes")

    def press(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position()
        mods = event.modifiers()
        self._add = bool(mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier))
        key = self.view.key_at(pos)
        self._press_pos, self._press_plan = pos, self.view.plan_pos(pos)
        if key is None:
            if not self._add:
                self.scene.clearSelection()
            self._band = QRubberBand(QRubberBand.Shape.Rectangle, self.view.viewport())
            self._band.setGeometry(QRect(pos.toPoint(), QSize()))
            self._band.show()
            return
        if self._add and bool(mods & Qt.KeyboardModifier.ControlModifier):
            self.scene.set_selected(key, not self.scene.is_selected(key))
        elif not self.scene.is_selected(key):
            self.scene.select_keys([key], clear=not self._add)
        self._drag_keys = [k for k in self.scene.selected_keys()
                           if moved(k[0], self.plan.get(*k), 0, 0) is not None]

    def move(self, event: QMouseEvent) -> None:
        if self._press_pos is None:
            return
        pos = event.position()
        if self._band is not None:
            self._band.setGeometry(QRect(self._press_pos.toPoint(), pos.toPoint()).normalized())
            return
        if not self._drag_keys:
            return
        if not self._dragging and (pos - self._press_pos).manhattanLength() < DRAG_START_PX:
            return
        self._dragging = True
        self.scene.preview(self._moved(pos))

    def _moved(self, pos) -> list[tuple[str, object]]:
        x, y = self.view.plan_pos(pos)
        dx, dy = x - self._press_plan[0], y - self._press_plan[1]
        out = []
        for k in self._drag_keys:
            el = moved(k[0], self.plan.get(*k), dx, dy)
            if el is not None:
                out.append((k[0], el))
        return out

    def release(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press_pos is None:
            return
        if self._band is not None:
            rect = QRectF(self._press_pos, event.position())
            self._band.hide()
            self._band.deleteLater()
            self._band = None
            if rect.width() > 2 or rect.height() > 2:
                self._select_box(rect, left_to_right=event.position().x() >= self._press_pos.x())
        elif self._dragging:
            changes = self._moved(event.position())
            keys = list(self._drag_keys)
            self._reset()
            self._commit_move(changes, keys)
        self._reset()

    def _commit_move(self, changes, keys) -> None:
        n = len(keys)
        first = keys[0][1]

        def text() -> str:
            return tr("Move {0}").format(first) if n == 1 else tr("Move {0} elements").format(n)

        try:
            self.document.replace_many(changes, text, merge_key=("move", frozenset(keys)))
        except ValidationError as e:
            self.scene.restore(self._with_dependents(keys))
            self.refuse(e)

    def _with_dependents(self, keys):
        out = list(keys)
        for kind, eid in keys:
            out += self.plan.dependents(kind, eid)
        return out

    def _select_box(self, rect: QRectF, left_to_right: bool) -> None:
        path = QPainterPath()
        path.addPolygon(self.view.mapToScene(rect.normalized().toRect()))
        mode = (Qt.ItemSelectionMode.ContainsItemShape if left_to_right
                else Qt.ItemSelectionMode.IntersectsItemShape)
        self.scene.select_area(path, mode, self._add, self.view.viewportTransform())

    def _reset(self) -> None:
        self._press_pos = None
        self._dragging = False
        self._drag_keys = []

    def cancel(self) -> bool:
        if self._band is not None:
            self._band.hide()
            self._band.deleteLater()
            self._band = None
            self._reset()
            return True
        if self._dragging:
            self.scene.restore(self._with_dependents(self._drag_keys))
            self._reset()
            self.message(tr("Move cancelled"))
            return True
        self._reset()
        return False

    def key(self, event: QKeyEvent) -> bool:
        arrows = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, 1),
                  Qt.Key.Key_Down: (0, -1)}
        if event.key() in arrows and self._press_pos is None:
            keys = [k for k in self.scene.selected_keys() if moved(k[0], self.plan.get(*k), 0, 0)]
            if not keys:
                return False
            step = self.view.m_per_px() * (10 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
            ux, uy = arrows[event.key()]
            self._commit_move([(k[0], moved(k[0], self.plan.get(*k), ux * step, uy * step)) for k in keys],
                              keys)
            return True
        if event.key() == Qt.Key.Key_Escape and not self._dragging and self._band is None:
            if self.scene.selected_keys():
                self.scene.clearSelection()
                return True
            return False
        return super().key(event)


class AddSiteTool(Tool):
    """Click to place a site of the chosen role."""

    name = "add_site"
    cursor = Qt.CursorShape.CrossCursor

    def __init__(self, view, document, role: str = "terminal_ops") -> None:
        super().__init__(view, document)
        self.role = role

    def hint(self) -> str:
        return tr("Add site ({0}): click on the map").format(role_label(self.role))

    def set_role(self, role: str) -> None:
        self.role = role
        self.message(self.hint())

    def press(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        x, y = self.view.plan_pos(event.position())
        sid = self.plan.new_id("site")
        n = sum(1 for s in self.plan.sites.values() if s.role == self.role) + 1
        site = Site(id=sid, name=f"{role_label(self.role)} {n}", role=self.role,
                    x_m=round(x, 3), y_m=round(y, 3))
        try:
            self.document.push(AddElement("site", site), lambda: tr("Add site {0}").format(site.name))
        except ValidationError as e:
            self.refuse(e)
            return
        self.scene.select_keys([("site", sid)])


class _PolylineTool(Tool):
    """Shared by the fiber and section tools: clicked points, a live preview and a length label."""

    cursor = Qt.CursorShape.CrossCursor
    closed = False

    def __init__(self, view, document) -> None:
        super().__init__(view, document)
        self.points: list[tuple[float, float]] = []
        self._preview: QGraphicsPathItem | None = None
        self._label: QGraphicsSimpleTextItem | None = None
        self._snap_mark: QGraphicsEllipseItem | None = None
        self.cursor_plan: tuple[float, float] | None = None

    def _ensure_preview(self) -> None:
        if self._preview is None:
            self._preview = self._temp(QGraphicsPathItem())
            self._preview.setPen(_cosmetic(self.scene.colors.preview, 2.0, Qt.PenStyle.DashLine))
            fill = QColor(self.scene.colors.preview)
            fill.setAlphaF(0.12 if self.closed else 0.0)
            self._preview.setBrush(fill)
            self._label = self._temp(QGraphicsSimpleTextItem())
            self._label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
            self._label.setBrush(QColor(self.scene.colors.label))
            # A plate behind the live length keeps it readable over map labels and lines.
            plate = QGraphicsRectItem(self._label)
            plate.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent, True)
            fill = QColor(self.scene.colors.label_halo)
            fill.setAlphaF(0.92)
            plate.setBrush(fill)
            plate.setPen(QPen(QColor(self.scene.colors.preview), 1))
            self._label_plate = plate

    def snapped(self, view_pos) -> tuple[tuple[float, float], str | None]:
        """Position under the pointer snapped to a site (returned too) or an underlay vertex."""
        sid = self.view.site_at(view_pos)
        if sid is not None:
            return self.plan.sites[sid].xy, sid
        x, y = self.view.plan_pos(view_pos)
        v = self.scene.nearest_underlay_vertex(x, y, SNAP_PX * self.view.m_per_px())
        return (v if v is not None else (x, y)), None

    def _show_snap(self, p, on: bool) -> None:
        if self._snap_mark is None:
            self._snap_mark = self._temp(QGraphicsEllipseItem(-7, -7, 14, 14))
            self._snap_mark.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
            self._snap_mark.setPen(QPen(QColor(self.scene.colors.selection), 2))
        self._snap_mark.setVisible(on)
        self._snap_mark.setPos(to_scene(*p))

    def _update_preview(self) -> None:
        if not self.points:
            self._drop(self._preview, self._label)
            self._preview = self._label = None
            return
        self._ensure_preview()
        pts = self.points + ([self.cursor_plan] if self.cursor_plan else [])
        path = polyline_path(pts)
        if self.closed and len(pts) >= 3:
            path = QPainterPath()
            path.addPolygon(QPolygonF([to_scene(*p) for p in pts]))
            path.closeSubpath()
        self._preview.setPath(path)
        text = self.label_text(pts)
        self._label.setText(text)
        self._label_plate.setRect(self._label.boundingRect().adjusted(-4, -2, 4, 2) if text else QRectF())
        self._label.setPos(to_scene(*pts[-1]) + QPointF(12 * self.view.m_per_px(), 12 * self.view.m_per_px()))
        self.message(text)

    def label_text(self, pts) -> str:
        return ""

    def reset(self) -> None:
        self.points = []
        self.cursor_plan = None
        self._drop(self._preview, self._label, self._snap_mark)
        self._preview = self._label = self._snap_mark = None

    def cancel(self) -> bool:
        had = bool(self.points)
        self.reset()
        if had:
            self.message(tr("Cancelled"))
        return had

    def back(self) -> bool:
        if len(self.points) > 1:
            self.points.pop()
            self._update_preview()
            return True
        return False


class DrawFiberTool(_PolylineTool):
    """Click a site, click bends (snapping to underlay vertices), click the far site to finish."""

    name = "draw_fiber"

    def __init__(self, view, document) -> None:
        super().__init__(view, document)
        self.start: str | None = None
        self.status = "planned"

    def hint(self) -> str:
        return tr("Draw fiber: click the first site, click bends, finish on a site (Backspace: undo bend, Esc: cancel)")

    def label_text(self, pts) -> str:
        return tr("Length {0:,.1f} m").format(_length(pts))

    def press(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        p, sid = self.snapped(event.position())
        if self.start is None:
            if sid is None:
                self.message(tr("Start a fiber on a site"))
                return
            self.start = sid
            self.points = [p]
        elif sid is not None and sid != self.start:
            self._finish_on(sid)
            return
        elif sid is None:
            self.points.append(p)
        self._update_preview()

    def move(self, event: QMouseEvent) -> None:
        p, sid = self.snapped(event.position())
        self._show_snap(p, sid is not None or p != self.view.plan_pos(event.position()))
        if self.start is not None:
            self.cursor_plan = p
            self._update_preview()

    def finish(self) -> bool:
        if self.start is None:
            return False
        pos = self.view.viewport().mapFromGlobal(self.view.cursor().pos())
        sid = self.view.site_at(QPointF(pos))
        if sid is None or sid == self.start:
            self.message(tr("A fiber must end on another site: click it"))
            return True
        self._finish_on(sid)
        return True

    def _finish_on(self, end: str) -> None:
        fid = self.plan.new_id("fiber")
        fiber = Fiber(id=fid, a=self.start, b=end,
                      vertices=tuple((round(x, 3), round(y, 3)) for x, y in self.points[1:]),
                      status=self.status)
        try:
            self.document.push(AddElement("fiber", fiber), lambda: tr("Draw fiber {0}").format(fid))
        except ValidationError as e:
            self.refuse(e)
            return
        length = self.plan.fiber_length_m(fiber)
        self.reset()
        self.scene.select_keys([("fiber", fid)])
        self.message(tr("Fiber {0} added: {1:,.1f} m").format(fid, length))

    def reset(self) -> None:
        super().reset()
        self.start = None


class DrawSectionTool(_PolylineTool):
    """Click the corners; double-click or Enter closes the polygon."""

    name = "draw_section"
    closed = True

    def hint(self) -> str:
        return tr("Draw section: click the corners, double-click or Enter to close (Esc: cancel)")

    def label_text(self, pts) -> str:
        if len(pts) < 3:
            return tr("{0} corner(s)").format(len(pts))
        area = 0.5 * abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1], strict=True)))
        return tr("Area {0:,.0f} m²").format(area)

    def press(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        p, _ = self.snapped(event.position())
        if not self.points or math.dist(p, self.points[-1]) > 1e-6:
            self.points.append(p)
        self._update_preview()

    def move(self, event: QMouseEvent) -> None:
        p, _ = self.snapped(event.position())
        if self.points:
            self.cursor_plan = p
            self._update_preview()

    def double_click(self, event: QMouseEvent) -> None:
        self.finish()

    def finish(self) -> bool:
        if len(self.points) < 3:
            if self.points:
                self.message(tr("A section needs at least 3 corners"))
            return bool(self.points)
        sid = self.plan.new_id("section")
        sec = Section(id=sid, name=tr("Section {0}").format(len(self.plan.sections) + 1),
                      polygon=tuple((round(x, 3), round(y, 3)) for x, y in self.points))
        try:
            self.document.push(AddElement("section", sec), lambda: tr("Draw section {0}").format(sid))
        except ValidationError as e:
            self.refuse(e)
            return True
        self.reset()
        self.scene.select_keys([("section", sid)])
        return True


class AddDemandTool(Tool):
    """Pick two sites that need shared keys."""

    name = "add_demand"
    cursor = Qt.CursorShape.PointingHandCursor

    def __init__(self, view, document) -> None:
        super().__init__(view, document)
        self.first: str | None = None

    def hint(self) -> str:
        return tr("Add demand: click the first site, then the second")

    def press(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        sid = self.view.site_at(event.position())
        if sid is None:
            self.message(tr("Click a site"))
            return
        if self.first is None or sid == self.first:
            self.first = sid
            self.scene.select_keys([("site", sid)])
            self.message(tr("Demand from {0}: click the second site").format(self.plan.sites[sid].name))
            return
        did = self.plan.new_id("demand")
        a, b = self.plan.sites[self.first], self.plan.sites[sid]
        demand = Demand(id=did, a=a.id, b=b.id, profile=KeyProfile("aes256"),
                        name=f"{a.name} \u2194 {b.name}")
        self.first = None
        try:
            self.document.push(AddElement("demand", demand), lambda: tr("Add demand {0}").format(did))
        except ValidationError as e:
            self.refuse(e)
            return
        self.scene.select_keys([("demand", did)])

    def cancel(self) -> bool:
        had = self.first is not None
        self.first = None
        return had


class EditVerticesTool(Tool):
    """Edit a fiber's bends or a section's corners: drag a handle, double-click a segment to insert,
    right-click a handle (or hover it and press Delete) to remove."""

    name = "edit_vertices"

    def __init__(self, view, document) -> None:
        super().__init__(view, document)
        self.target: tuple[str, str] | None = None
        self.handles: list[QGraphicsRectItem] = []
        self._drag: int | None = None
        self._hover: int | None = None

    def hint(self) -> str:
        return tr("Edit vertices: click a fiber or section; drag handles, double-click to insert, right-click to delete")

    def activate(self) -> None:
        super().activate()
        keys = [k for k in self.scene.selected_keys() if k[0] in ("fiber", "section")]
        self.set_target(keys[0] if len(keys) == 1 else None)
        self.document.element_changed.connect(self._on_changed)
        self.document.element_removed.connect(self._on_changed)

    def deactivate(self) -> None:
        super().deactivate()
        self.document.element_changed.disconnect(self._on_changed)
        self.document.element_removed.disconnect(self._on_changed)
        self.set_target(None)

    def _on_changed(self, kind: str, eid: str) -> None:
        if self.target == (kind, eid) or (self.target and kind == "site"):
            self.set_target(self.target if self.target and self.plan.get(*self.target) else None)

    def vertices(self) -> list[tuple[float, float]]:
        if self.target is None:
            return []
        el = self.plan.get(*self.target)
        return list(el.vertices if self.target[0] == "fiber" else el.polygon)

    def set_target(self, key) -> None:
        self._drop(*self.handles)
        self.handles = []
        self.target = key
        if key is None:
            return
        self.scene.select_keys([key])
        for p in self.vertices():
            h = self._temp(QGraphicsRectItem(-HANDLE_PX / 2, -HANDLE_PX / 2, HANDLE_PX, HANDLE_PX))
            h.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
            h.setPen(QPen(QColor(self.scene.colors.selection), 1.5))
            h.setBrush(QColor(self.scene.colors.background))
            h.setPos(to_scene(*p))
            self.handles.append(h)

    def handle_at(self, view_pos) -> int | None:
        for i, h in enumerate(self.handles):
            d = QPointF(self.view.mapFromScene(h.pos())) - view_pos
            if abs(d.x()) <= HANDLE_PX and abs(d.y()) <= HANDLE_PX:
                return i
        return None

    def press(self, event: QMouseEvent) -> None:
        pos = event.position()
        i = self.handle_at(pos)
        if event.button() == Qt.MouseButton.RightButton:
            if i is not None:
                self.delete_vertex(i)
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if i is not None:
            self._drag = i
            return
        key = self.view.key_at(pos, ("fiber", "section"))
        if key != self.target:
            self.set_target(key)

    def move(self, event: QMouseEvent) -> None:
        pos = event.position()
        self._hover = self.handle_at(pos)
        if self._drag is None or self.target is None:
            return
        p = self.view.plan_pos(pos)
        self.handles[self._drag].setPos(to_scene(*p))
        self.scene.preview([(self.target[0], self._with_vertex(self._drag, p))])

    def _with_vertex(self, i: int, p, insert: bool = False, delete: bool = False):
        el = self.plan.get(*self.target)
        pts = self.vertices()
        if delete:
            del pts[i]
        elif insert:
            pts.insert(i, p)
        else:
            pts[i] = p
        pts_t = tuple((round(x, 3), round(y, 3)) for x, y in pts)
        if self.target[0] == "fiber":
            return dataclasses.replace(el, vertices=pts_t)
        return dataclasses.replace(el, polygon=pts_t)

    def _commit(self, new, text, merge_key=None) -> None:
        try:
            self.document.replace_many([(self.target[0], new)], text, merge_key)
        except ValidationError as e:
            self.scene.restore([self.target])
            self.set_target(self.target)
            self.refuse(e)

    def release(self, event: QMouseEvent) -> None:
        if self._drag is None or self.target is None:
            return
        i, self._drag = self._drag, None
        p = self.view.plan_pos(event.position())
        tid = self.target[1]
        self._commit(self._with_vertex(i, p), lambda: tr("Move vertex of {0}").format(tid),
                     merge_key=("vertex", self.target, i))

    def double_click(self, event: QMouseEvent) -> None:
        if self.target is None:
            return
        p = self.view.plan_pos(event.position())
        el = self.plan.get(*self.target)
        if self.target[0] == "fiber":
            chain = self.plan.fiber_points(el)
            offset = -1  # chain index i+1 is vertex index i
        else:
            chain = list(el.polygon) + [el.polygon[0]]
            offset = 0
        best, best_d = None, PICK_PX * 2 * self.view.m_per_px()
        for j, (a, b) in enumerate(zip(chain, chain[1:], strict=False)):
            d = _segment_distance(p, a, b)
            if d <= best_d:
                best, best_d = j, d
        if best is None:
            return
        tid = self.target[1]
        self._commit(self._with_vertex(best + 1 + offset, p, insert=True),
                     lambda: tr("Insert vertex in {0}").format(tid))

    def delete_vertex(self, i: int) -> None:
        if self.target[0] == "section" and len(self.handles) <= 3:
            self.message(tr("A section needs at least 3 corners"))
            return
        tid = self.target[1]
        self._commit(self._with_vertex(i, None, delete=True), lambda: tr("Delete vertex of {0}").format(tid))

    def key(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self._hover is not None and self.target:
            self.delete_vertex(self._hover)
            return True
        return super().key(event)

    def cancel(self) -> bool:
        if self._drag is not None and self.target is not None:
            self._drag = None
            self.scene.restore([self.target])
            self.set_target(self.target)
            return True
        return False


def _segment_distance(p, a, b) -> float:
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    L2 = dx * dx + dy * dy
    t = 0.0 if L2 == 0 else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / L2))
    return math.dist(p, (ax + t * dx, ay + t * dy))


class DeleteTool(Tool):
    """Click an element to delete it (a site goes with its fibers and demands, as one step)."""

    name = "delete"
    cursor = Qt.CursorShape.PointingHandCursor

    def hint(self) -> str:
        return tr("Delete: click an element (a site takes its fibers and demands along)")

    def press(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        key = self.view.key_at(event.position(), ("site", "fiber", "demand", "section"))
        if key is not None:
            self.document.delete([key])


class CalibrateTool(Tool):
    """Place an image underlay by two points. Click two points on the image (1, then 2); ``ask``
    (the placement dialog) then says what is known about them:

    - their true distance: the image is scaled about point 1 (moved onto given coordinates when
      they are typed); the rotation is kept;
    - their true coordinates, typed in: the image gets scale, rotation and position at once;
    - that the user clicks their true positions on the map next (a click on a site or a drawing
      vertex snaps to it): scale, rotation and position as well.

    Each placement is one undoable edit of ``origin_m``, ``m_per_px`` and ``rotation_deg``; Esc
    cancels. ``ask(measured_m)`` returns a ``PlaceAnswer``, or None when cancelled.
    """

    name = "calibrate"
    cursor = Qt.CursorShape.CrossCursor

    def __init__(self, view, document, ask: Callable[[float], PlaceAnswer | None]) -> None:
        super().__init__(view, document)
        self.ask = ask
        self.underlay: str | None = None
        self.points: list[tuple[float, float]] = []  # the picked image points (map coordinates)
        self.targets: list[tuple[float, float]] = []  # their true positions, clicked
        self.awaiting_targets = False
        self._marks: list[QGraphicsItem] = []

    def hint(self) -> str:
        if self.underlay is None:
            return tr("Import an image underlay first")
        if self.awaiting_targets:
            return (tr("Now click where point 1 truly is on the map (Esc: cancel)") if not self.targets
                    else tr("Now click where point 2 truly is on the map (Esc: cancel)"))
        if self.points:
            return tr("Now click the second reference point")
        return tr("Place image: click two points on the image whose true distance or positions you know")

    def activate(self) -> None:
        sel = [k[1] for k in self.scene.selected_keys() if k[0] == "underlay"]
        images = [u.id for u in self.plan.underlays.values() if u.kind == "image"]
        self.underlay = sel[0] if sel else (images[-1] if images else None)
        self._reset()
        super().activate()

    def press(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.underlay is None:
            return
        if self.awaiting_targets:
            p = self._snapped(event.position())
            self.targets.append(p)
            self._mark(p, len(self.targets), target=True)
            if len(self.targets) < 2:
                self.message(self.hint())
                return
            (a, b), (ta, tb) = self.points, self.targets
            self._reset()
            self.place(a, b, ta, tb)
            return
        p = self.view.plan_pos(event.position())
        self.points.append(p)
        self._mark(p, len(self.points))
        if len(self.points) == 1:
            self.message(self.hint())
            return
        a, b = self.points
        answer = self.ask(math.dist(a, b))
        if not answer:
            self._reset()
            self.message(tr("Cancelled"))
            return
        if answer.click_true:
            self.awaiting_targets = True
            self.message(self.hint())
            return
        self._reset()
        if answer.b_true_m is not None:
            self.place(a, b, answer.a_true_m, answer.b_true_m)
        else:
            self.apply(a, b, answer.distance_m, answer.a_true_m)

    def apply(self, a, b, distance_m: float, target=None) -> bool:
        """Scale the image so the map points ``a`` and ``b`` are ``distance_m`` apart (about
        ``a``, moved onto ``target`` when given); the rotation is kept. True when placed."""
        return self._edit(a, b, distance_m=distance_m, a_target_m=target)

    def place(self, a, b, a_true, b_true) -> bool:
        """Scale, turn and move the image so the map points ``a`` and ``b`` land on ``a_true`` and
        ``b_true``. True when placed."""
        return self._edit(a, b, a_target_m=a_true, b_target_m=b_true)

    def _edit(self, a, b, **how) -> bool:
        from planner.gui.underlays import CalibrationError, calibrate

        u = self.plan.underlays.get(self.underlay)
        if u is None:
            self.message(tr("Import an image underlay first"))
            return False
        try:
            p = calibrate(u.origin_m, u.m_per_px, u.rotation_deg, a, b, **how)
            name = u.name or u.id
            self.document.edit("underlay", u.id, lambda: tr("Place underlay {0}").format(name),
                               origin_m=(round(p.origin_m[0], 3), round(p.origin_m[1], 3)),
                               m_per_px=p.m_per_px, rotation_deg=round(p.rotation_deg, 6))
        except CalibrationError as e:
            self.message(_calibration_message(e))
            return False
        except ValidationError as e:
            self.refuse(e)
            return False
        if "b_target_m" in how:
            self.message(tr("Underlay placed: {0:.4g} m per pixel, turned {1:.1f}°").format(
                p.m_per_px, p.rotation_deg))
        else:
            self.message(tr("Underlay placed: {0:.4g} m per pixel").format(p.m_per_px))
        return True

    def _snapped(self, view_pos) -> tuple[float, float]:
        """A true position clicked on the map: on a site or a drawing vertex when near one."""
        sid = self.view.site_at(view_pos)
        if sid is not None:
            return self.plan.sites[sid].xy
        x, y = self.view.plan_pos(view_pos)
        v = self.scene.nearest_underlay_vertex(x, y, SNAP_PX * self.view.m_per_px())
        return v if v is not None else (x, y)

    def _mark(self, p, number: int, target: bool = False) -> None:
        """A numbered ring on a picked point (a filled dot and a dashed line from the image point
        for a true position)."""
        color = QColor(self.scene.colors.selection if target else self.scene.colors.preview)
        ring = self._temp(QGraphicsEllipseItem(-6, -6, 12, 12))
        ring.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        ring.setPen(QPen(color, 2))
        if target:
            ring.setBrush(color)
        ring.setPos(to_scene(*p))
        label = QGraphicsSimpleTextItem(str(number), ring)
        label.setBrush(color)
        label.setPos(8, -18)
        self._marks.append(ring)
        if target and len(self.points) >= number:
            line = self._temp(QGraphicsPathItem(polyline_path([self.points[number - 1], p])))
            line.setPen(_cosmetic(color.name(), 1.5, Qt.PenStyle.DashLine))
            self._marks.append(line)

    def _reset(self) -> None:
        self.points = []
        self.targets = []
        self.awaiting_targets = False
        self._drop(*self._marks)
        self._marks = []

    def cancel(self) -> bool:
        had = bool(self.points)
        self._reset()
        if had:
            self.message(self.hint())
        return had


def _calibration_message(e) -> str:
    """A refused placement, in the interface language."""
    return {
        "same_points": tr("The two points on the image must differ"),
        "same_targets": tr("The two true positions must differ"),
        "bad_distance": tr("The true distance must be a positive number of metres"),
        "not_finite": tr("The coordinates must be finite numbers"),
    }.get(e.reason, str(e))
