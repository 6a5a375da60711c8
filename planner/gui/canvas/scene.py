"""The map scene: one item per plan element, kept in step with the document's change signals.

Only what changed is touched: a moved site updates its marker and the paths of its own fibers and
demands (an adjacency index avoids scanning all fibers). Layers are invisible parent items, so a
visibility toggle is one call. ``set_styler`` lets later features (evaluation colouring) restyle
items without knowing how they are drawn.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImageReader, QPainterPath, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from planner.errors import PlanError
from planner.gui import underlays as ul
from planner.gui.canvas.items import (
    Z_DEMAND,
    Z_FIBER,
    Z_SECTION,
    Z_SITE,
    Z_UNDERLAY,
    DemandItem,
    FiberItem,
    ImageUnderlayItem,
    ItemStyle,
    LayerItem,
    SectionItem,
    SiteItem,
    VectorUnderlayItem,
    item_key,
    polyline_path,
    section_tooltip,
)
from planner.gui.document import PlanDocument
from planner.gui.theme import MapColors, map_colors
from planner.io.underlay import UnderlayOutsideError, locate_underlay, open_underlay_file
from planner.model import SITE_ROLES

Key = tuple[str, str]
Styler = Callable[[str, str], ItemStyle | None]


class PlanScene(QGraphicsScene):
    """Scene of a ``PlanDocument``."""

    #: An underlay file could not be read: (underlay id, message).
    underlay_failed = Signal(str, str)
    #: Sites, their demands, the selection or a layer's visibility changed: labels need a new layout.
    labels_dirty = Signal()

    def __init__(self, document: PlanDocument, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.colors: MapColors = map_colors()
        #: Underlay files outside the plan's folder that the user agreed to open (resolved paths).
        self.trusted_underlay_paths: set[Path] = set()
        self.items_by_key: dict[Key, QGraphicsItem] = {}
        self.site_fibers: dict[str, set[str]] = defaultdict(set)
        self.site_demands: dict[str, set[str]] = defaultdict(set)
        self._ends: dict[Key, tuple[str, str]] = {}
        self.snap_vertices = np.zeros((0, 2))
        self._underlay_vertices: dict[str, np.ndarray] = {}
        self._styler: Styler | None = None
        self._selected: dict[Key, None] = {}
        self.layers: dict[str, LayerItem] = {}
        self._make_layers()
        document.reset.connect(self.rebuild)
        document.element_added.connect(self._on_added)
        document.element_changed.connect(self._on_changed)
        document.element_removed.connect(self._on_removed)
        self.rebuild()

    # -- layers -------------------------------------------------------------------------------
    def _make_layers(self) -> None:
        for name, z in (("underlay", Z_UNDERLAY), ("section", Z_SECTION), ("demand", Z_DEMAND),
                        ("fiber", Z_FIBER), ("site", Z_SITE)):
            layer = LayerItem(z)
            self.addItem(layer)
            self.layers[name] = layer
        for role in SITE_ROLES:
            layer = LayerItem(0)
            layer.setParentItem(self.layers["site"])
            self.layers[f"role:{role}"] = layer

    def set_layer_visible(self, name: str, visible: bool) -> None:
        """``name``: ``underlay``, ``section``, ``site``, ``fiber``, ``demand`` or ``role:<role>``."""
        self.layers[name].setVisible(visible)
        self.labels_dirty.emit()

    def layer_visible(self, name: str) -> bool:
        return self.layers[name].isVisible()

    # -- building -----------------------------------------------------------------------------
    def rebuild(self) -> None:
        self._selected.clear()
        for item in list(self.items_by_key.values()):
            self.removeItem(item)
        self.items_by_key.clear()
        self.site_fibers.clear()
        self.site_demands.clear()
        self._ends.clear()
        self._underlay_vertices.clear()
        plan = self.document.plan
        for kind in ("underlay", "section", "site", "fiber", "demand"):
            for eid in plan.collection(kind):
                self._create(kind, eid)
        self._update_snap()
        self.update_scene_rect()
        self.labels_dirty.emit()

    def update_scene_rect(self) -> None:
        """A generous scene rectangle (fixed while editing, so the index is not rebuilt)."""
        r = self.content_rect()
        if r.isNull():
            r = QRectF(-500, -500, 1000, 1000)
        m = max(r.width(), r.height(), 1000.0) * 3
        self.setSceneRect(r.adjusted(-m, -m, m, m))

    def content_rect(self) -> QRectF:
        """Bounding rectangle of the plan's elements (scene coordinates)."""
        r = QRectF()
        plan = self.document.plan
        xs = [s.x_m for s in plan.sites.values()]
        ys = [s.y_m for s in plan.sites.values()]
        for sec in plan.sections.values():
            xs += [p[0] for p in sec.polygon]
            ys += [p[1] for p in sec.polygon]
        for f in plan.fibers.values():
            xs += [p[0] for p in f.vertices]
            ys += [p[1] for p in f.vertices]
        if xs:
            r = QRectF(min(xs), -max(ys), max(max(xs) - min(xs), 1.0), max(max(ys) - min(ys), 1.0))
        for (kind, _), item in self.items_by_key.items():
            if kind == "underlay" and item.isVisible():
                r = r.united(item.sceneBoundingRect()) if not r.isNull() else item.sceneBoundingRect()
        return r

    def _create(self, kind: str, eid: str) -> None:
        plan = self.document.plan
        el = plan.get(kind, eid)
        if kind == "site":
            item = SiteItem(eid)
            item.set_site(el, self.colors)
            item.setParentItem(self.layers[f"role:{el.role}"])
        elif kind == "fiber":
            item = FiberItem(eid)
            item.set_fiber(el, plan.fiber_points(el), self.colors)
            item.setParentItem(self.layers["fiber"])
            self._link("fiber", el)
        elif kind == "section":
            item = SectionItem(eid)
            item.set_section(el, self.colors)
            item.setParentItem(self.layers["section"])
        elif kind == "demand":
            item = DemandItem(eid)
            item.set_demand(el, plan.sites[el.a].xy, plan.sites[el.b].xy, self.colors)
            item.setParentItem(self.layers["demand"])
            self._link("demand", el)
        else:
            item = self._make_underlay(el)
            item.setParentItem(self.layers["underlay"])
        self.items_by_key[(kind, eid)] = item
        self._apply_style(kind, eid, item)
        if (kind, eid) in self._selected:
            item.set_highlight(True)

    def _link(self, kind: str, el) -> None:
        index = self.site_fibers if kind == "fiber" else self.site_demands
        index[el.a].add(el.id)
        index[el.b].add(el.id)
        self._ends[(kind, el.id)] = (el.a, el.b)

    def element_ends(self, key: Key) -> tuple[str, ...]:
        """The two site ids of a fiber or demand (empty for other kinds)."""
        return self._ends.get(key, ())

    def _unlink(self, kind: str, eid: str) -> None:
        ends = self._ends.pop((kind, eid), None)
        if ends:
            index = self.site_fibers if kind == "fiber" else self.site_demands
            for sid in ends:
                index[sid].discard(eid)

    # -- underlays ----------------------------------------------------------------------------
    def underlay_file(self, underlay) -> Path:
        """The underlay's file, checked: a path leading outside the plan's folder is refused unless
        the user trusted it (``trusted_underlay_paths``); only regular files within the size cap."""
        folder = self.document.folder or Path.cwd()
        loc = locate_underlay(underlay.path, folder, element=underlay.id)
        if not loc.inside and loc.path not in self.trusted_underlay_paths:
            raise UnderlayOutsideError(f"{underlay.path!r} lies outside the plan's folder and was not opened",
                                       path=loc.path, element=underlay.id)
        return open_underlay_file(loc.path, element=underlay.id)

    def _make_underlay(self, u) -> QGraphicsItem:
        try:
            path = self.underlay_file(u)
        except PlanError as e:
            path = None
            self.underlay_failed.emit(u.id, str(e))
        if u.kind == "image":
            item = ImageUnderlayItem(u.id)
            if path is not None:
                reader = QImageReader(str(path))
                reader.setAutoTransform(True)
                image = reader.read()
                if image.isNull():
                    self.underlay_failed.emit(u.id, f"{path}: {reader.errorString()}")
                item.setPixmap(QPixmap.fromImage(image))
        else:
            item = VectorUnderlayItem(u.id)
            try:
                if path is None:
                    lines = []
                elif u.kind == "dxf":
                    lines = ul.place(ul.dxf_polylines(path, u.layers), u.origin_m, u.m_per_px)
                else:
                    lines = ul.geojson_polylines(path, self.document.plan.meta.crs)
            except (PlanError, OSError, ValueError) as e:
                self.underlay_failed.emit(u.id, str(e))
                lines = []
            qpath = QPainterPath()
            for line in lines:
                qpath.addPath(polyline_path(line))
            item.setPath(qpath)
            self._underlay_vertices[u.id] = ul.vertices_array(lines)
        self._place_underlay(item, u)
        return item

    def _place_underlay(self, item: QGraphicsItem, u) -> None:
        if isinstance(item, ImageUnderlayItem):
            t = QTransform()
            t.translate(u.origin_m[0], -u.origin_m[1])
            t.rotate(-u.rotation_deg)
            t.scale(u.m_per_px, u.m_per_px)
            item.setTransform(t)
        else:
            pen = QPen(QColor(self.colors.underlay), 1.0)
            pen.setCosmetic(True)
            item.setPen(pen)
        item.setOpacity(u.opacity)
        item.setVisible(u.visible)
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, not u.locked)
        item.setToolTip(u.name or u.path)

    def _update_snap(self) -> None:
        arrays = [v for uid, v in self._underlay_vertices.items()
                  if len(v) and self.items_by_key.get(("underlay", uid)) is not None
                  and self.items_by_key[("underlay", uid)].isVisible()]
        self.snap_vertices = np.concatenate(arrays) if arrays else np.zeros((0, 2))

    def nearest_underlay_vertex(self, x_m: float, y_m: float, radius_m: float):
        """The underlay vertex nearest to (x, y) within ``radius_m``, or None."""
        v = self.snap_vertices
        if not len(v):
            return None
        d2 = (v[:, 0] - x_m) ** 2 + (v[:, 1] - y_m) ** 2
        i = int(np.argmin(d2))
        return (float(v[i, 0]), float(v[i, 1])) if d2[i] <= radius_m ** 2 else None

    # -- document signals ---------------------------------------------------------------------
    def _on_added(self, kind: str, eid: str) -> None:
        self._create(kind, eid)
        if kind == "underlay":
            self._update_snap()
        if kind in ("site", "demand"):
            self.labels_dirty.emit()

    def _on_removed(self, kind: str, eid: str) -> None:
        item = self.items_by_key.pop((kind, eid), None)
        if item is not None:
            self.removeItem(item)
        if self._selected.pop((kind, eid), 0) is None:
            self.selectionChanged.emit()
        self._unlink(kind, eid)
        if kind == "underlay":
            self._underlay_vertices.pop(eid, None)
            self._update_snap()
        if kind in ("site", "demand"):
            self.labels_dirty.emit()

    def _on_changed(self, kind: str, eid: str) -> None:
        plan = self.document.plan
        el = plan.get(kind, eid)
        item = self.items_by_key.get((kind, eid))
        if item is None or el is None:
            return
        if kind == "site":
            item.set_site(el, self.colors)
            parent = self.layers[f"role:{el.role}"]
            if item.parentItem() is not parent:
                item.setParentItem(parent)
            for fid in self.site_fibers.get(eid, ()):
                self.items_by_key[("fiber", fid)].set_points(plan.fiber_points(plan.fibers[fid]))
            for did in self.site_demands.get(eid, ()):
                d = plan.demands[did]
                self.items_by_key[("demand", did)].set_ends(plan.sites[d.a].xy, plan.sites[d.b].xy)
            self.labels_dirty.emit()
        elif kind == "fiber":
            self._unlink(kind, eid)
            self._link(kind, el)
            item.set_fiber(el, plan.fiber_points(el), self.colors)
        elif kind == "section":
            item.set_section(el, self.colors)
        elif kind == "demand":
            self._unlink(kind, eid)
            self._link(kind, el)
            item.set_demand(el, plan.sites[el.a].xy, plan.sites[el.b].xy, self.colors)
            self.labels_dirty.emit()
        else:
            selected = (kind, eid) in self._selected
            self._on_removed(kind, eid)
            if selected:
                self._selected[(kind, eid)] = None
            self._create(kind, eid)
            self._update_snap()
            return
        self._apply_style(kind, eid, item)

    # -- previews (drags in progress: the plan is untouched until release) --------------------
    def preview(self, elements: Iterable[tuple[str, object]]) -> None:
        """Show changed copies of elements without touching the plan."""
        plan = self.document.plan
        sites = {}
        for kind, el in elements:
            item = self.items_by_key.get((kind, el.id))
            if item is None:
                continue
            if kind == "site":
                sites[el.id] = el
                item.set_site(el, self.colors)
            elif kind == "section":
                item.set_section(el, self.colors)
            elif kind == "fiber":
                item.set_points(self._points(el, sites))
            elif kind == "underlay" and isinstance(item, ImageUnderlayItem):
                self._place_underlay(item, el)
        for sid in sites:
            for fid in self.site_fibers.get(sid, ()):
                self.items_by_key[("fiber", fid)].set_points(self._points(plan.fibers[fid], sites))
            for did in self.site_demands.get(sid, ()):
                d = plan.demands[did]
                a = sites.get(d.a, plan.sites[d.a]).xy
                b = sites.get(d.b, plan.sites[d.b]).xy
                self.items_by_key[("demand", did)].set_ends(a, b)

    def _points(self, fiber, sites: dict) -> list:
        plan = self.document.plan
        a = sites.get(fiber.a, plan.sites[fiber.a]).xy
        b = sites.get(fiber.b, plan.sites[fiber.b]).xy
        return [a, *fiber.vertices, b]

    def restore(self, keys: Iterable[Key]) -> None:
        """Show the plan's state again (a cancelled drag)."""
        for kind, eid in keys:
            self._on_changed(kind, eid)

    # -- selection ----------------------------------------------------------------------------
    # The scene keeps the selection itself and shows it by restyling items, so painting never runs
    # Python and Qt's dotted selection box never appears. ``selectionChanged`` is still emitted.
    def selected_keys(self) -> list[Key]:
        return list(self._selected)

    def is_selected(self, key: Key) -> bool:
        return key in self._selected

    def select_keys(self, keys: Iterable[Key], *, clear: bool = True) -> None:
        wanted = {k: None for k in keys if k in self.items_by_key}
        new = wanted if clear else {**self._selected, **wanted}
        self._set_selection(new)

    def set_selected(self, key: Key, on: bool) -> None:
        new = dict(self._selected)
        if on and key in self.items_by_key:
            new[key] = None
        else:
            new.pop(key, None)
        self._set_selection(new)

    def clearSelection(self) -> None:  # noqa: N802 - Qt's name
        self._set_selection({})

    def select_area(self, path, mode, add: bool, device_transform) -> None:
        """Select the visible, pickable items in ``path`` (scene coordinates)."""
        keys = [item_key(i) for i in self.items(path, mode, Qt.SortOrder.DescendingOrder, device_transform)
                if i.isVisible() and i.flags() & QGraphicsItem.GraphicsItemFlag.ItemIsSelectable]
        self.select_keys([k for k in keys if k is not None], clear=not add)

    def _set_selection(self, new: dict[Key, None]) -> None:
        if list(new) == list(self._selected):
            return
        old = self._selected
        self._selected = dict(new)
        for k in old:
            if k not in new and k in self.items_by_key:
                self.items_by_key[k].set_highlight(False)
        for k in new:
            if k not in old:
                self.items_by_key[k].set_highlight(True)
        self.selectionChanged.emit()
        self.labels_dirty.emit()  # selected sites (and ends of selected fibers) are labelled first

    def retranslate(self) -> None:
        """Tool tips in the current interface language (site roles, section kinds), then the
        styler's own tool tips again."""
        plan = self.document.plan
        for (kind, eid), item in self.items_by_key.items():
            if kind == "site" and eid in plan.sites:
                item.set_site(plan.sites[eid], self.colors)
            elif kind == "section" and eid in plan.sections:
                item.setToolTip(section_tooltip(plan.sections[eid]))
        self.restyle()

    # -- styling ------------------------------------------------------------------------------
    def set_styler(self, styler: Styler | None) -> None:
        """Install a function ``(kind, id) -> ItemStyle | None`` and restyle every item."""
        self._styler = styler
        self.restyle()

    def restyle(self, keys: Iterable[Key] | None = None) -> None:
        for key in (self.items_by_key if keys is None else keys):
            item = self.items_by_key.get(key)
            if item is not None:
                self._apply_style(*key, item)

    def _apply_style(self, kind: str, eid: str, item: QGraphicsItem) -> None:
        if kind not in ("site", "fiber", "demand"):
            return
        style = self._styler(kind, eid) if self._styler else None
        if style is None and getattr(item, "style", None) is None:
            return
        item.style = style
        if hasattr(item, "restyle"):
            item.restyle()
        item.update()
        if style and style.tooltip:
            item.setToolTip(style.tooltip)

    def set_colors(self, colors: MapColors) -> None:
        self.colors = colors
        self.rebuild()
