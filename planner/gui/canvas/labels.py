"""Site-label decluttering, as a GIS map does it.

Every site label has a priority: selected sites (and the ends of a selected fiber or demand) first,
then sites that hold demands or may relay keys, then the other sites, then junctions (whose names
are only shown at close zoom). Labels are placed greedily by priority in view (pixel) coordinates:
each label tries a few positions around its marker (right, left, above, below) and takes the first
one that covers neither an already placed label nor another site's marker; a label with no free
position is hidden (its name stays in the marker's tooltip). Long names are elided by the item.

The layout is recomputed only when the zoom, the visible part of the map or the sites change, after
a short debounce (``LabelPlacer.schedule``), never while painting: painting stays Qt-only.

``place_labels`` is the pure algorithm (plain numbers in, chosen positions out), so it can be
tested and benchmarked without a window.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRectF, QTimer

#: Junction names are shown only when a pixel is at most this many metres.
JUNCTION_LABEL_MAX_M_PER_PX = 1.2
#: Names of ordinary sites (no demand, no relay) are shown only from this zoom on.
SITE_LABEL_MAX_M_PER_PX = 8.0
#: Names of sites that hold demands or may relay, and of selected sites: at any zoom (space allowing).
DEBOUNCE_MS = 60
#: Gap in pixels between a marker and its label, and kept free around each placed label.
GAP_PX = 3.0
PAD_PX = 2.0
#: Grid cell of the collision index (pixels).
CELL_PX = 64.0

#: Priority classes (higher is placed first).
P_SELECTED, P_MAJOR, P_SITE, P_JUNCTION = 3, 2, 1, 0

#: Candidate positions, in order of preference.
RIGHT, LEFT, ABOVE, BELOW = 0, 1, 2, 3


@dataclass(frozen=True)
class LabelRequest:
    """One site's label: marker centre (view px), marker half-size, label size, priority key."""

    x: float
    y: float
    half: float
    width: float
    height: float
    priority: tuple
    #: May cover other markers (a selected site's name is shown even in a dense cluster).
    over_markers: bool = False


def label_rect(r: LabelRequest, position: int) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of the label at ``position`` around its marker (view px)."""
    w, h = r.width, r.height
    if position == RIGHT:
        x0, y0 = r.x + r.half + GAP_PX, r.y - h / 2
    elif position == LEFT:
        x0, y0 = r.x - r.half - GAP_PX - w, r.y - h / 2
    elif position == ABOVE:
        x0, y0 = r.x - w / 2, r.y - r.half - GAP_PX - h
    else:
        x0, y0 = r.x - w / 2, r.y + r.half + GAP_PX
    return x0, y0, x0 + w, y0 + h


def label_offset(position: int, half: float, width: float, height: float) -> tuple[float, float]:
    """Top-left of the label relative to the marker centre (the item's own coordinates)."""
    x0, y0, _, _ = label_rect(LabelRequest(0.0, 0.0, half, width, height, ()), position)
    return x0, y0


class _Grid:
    """Rectangles bucketed in square cells: overlap queries touch only nearby rectangles."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float, int]]] = {}

    @staticmethod
    def _span(r) -> tuple[range, range]:
        return (range(int(r[0] // CELL_PX), int(r[2] // CELL_PX) + 1),
                range(int(r[1] // CELL_PX), int(r[3] // CELL_PX) + 1))

    def add(self, r, owner: int) -> None:
        xs, ys = self._span(r)
        entry = (*r, owner)
        for cx in xs:
            for cy in ys:
                self.cells.setdefault((cx, cy), []).append(entry)

    def hits(self, r, owner: int, pad: float = 0.0, markers: bool = True) -> bool:
        """True when ``r`` overlaps a marker of another owner (owner >= 0; unless ``markers`` is
        false) or comes within ``pad`` of a placed label (owner < 0)."""
        x0, y0, x1, y1 = r
        xs, ys = self._span((x0 - pad, y0 - pad, x1 + pad, y1 + pad))
        cells = self.cells
        for cx in xs:
            for cy in ys:
                for a0, b0, a1, b1, o in cells.get((cx, cy), ()):
                    if o == owner or (o >= 0 and not markers):
                        continue
                    m = pad if o < 0 else 0.0
                    if a0 - m < x1 and x0 < a1 + m and b0 - m < y1 and y0 < b1 + m:
                        return True
        return False


def place_labels(requests: Sequence[LabelRequest], positions: Sequence[int] = (RIGHT, LEFT, ABOVE, BELOW),
                 bounds: tuple[float, float, float, float] | None = None) -> list[int | None]:
    """Greedy label placement by priority. Returns, per request, the chosen position or None (hidden).

    Labels never overlap each other nor cover another request's marker (except the labels of
    requests marked ``over_markers``, e.g. selected sites); with ``bounds`` (left, top,
    right, bottom: the viewport) a label is only placed wholly inside them, never cut by the edge.

    >>> a = LabelRequest(0, 0, 5, 40, 10, (2,))
    >>> b = LabelRequest(20, 0, 5, 40, 10, (1,))   # b's marker is where a's label would go
    >>> place_labels([a, b])
    [1, 0]
    """
    grid = _Grid()
    for i, r in enumerate(requests):
        grid.add((r.x - r.half, r.y - r.half, r.x + r.half, r.y + r.half), i)
    order = sorted(range(len(requests)), key=lambda i: requests[i].priority, reverse=True)
    chosen: list[int | None] = [None] * len(requests)
    for i in order:
        r = requests[i]
        if r.width <= 0:
            continue  # a marker without a label (its class is not shown at this zoom)
        for pos in positions:
            x0, y0, x1, y1 = label_rect(r, pos)
            if bounds is not None and not (bounds[0] <= x0 and x1 <= bounds[2]
                                           and bounds[1] <= y0 and y1 <= bounds[3]):
                continue
            if not grid.hits((x0, y0, x1, y1), i, PAD_PX, markers=not r.over_markers):
                grid.add((x0, y0, x1, y1), -1 - i)  # a label: an obstacle to every other label
                chosen[i] = pos
                break
    return chosen


class LabelPlacer(QObject):
    """Keeps the map's site labels decluttered for one view (debounced relayout)."""

    def __init__(self, view, parent=None) -> None:
        super().__init__(parent or view)
        self.view = view
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.relayout)
        #: Figures of the last layout: sites considered, labels shown, milliseconds.
        self.last_stats: dict[str, float] = {}
        self.layouts = 0

    def schedule(self) -> None:
        """Ask for a relayout soon (many requests in a row make one layout)."""
        self.timer.start()

    def pending(self) -> bool:
        return self.timer.isActive()

    def _priority_sites(self, scene) -> set[str]:
        """Selected sites and the ends of selected fibers and demands."""
        out: set[str] = set()
        for kind, eid in scene.selected_keys():
            if kind == "site":
                out.add(eid)
            elif kind in ("fiber", "demand"):
                out.update(scene.element_ends((kind, eid)))
        return out

    def relayout(self) -> None:
        """Place the labels of the sites in view now."""
        from planner.gui.canvas.items import SiteItem

        self.timer.stop()
        t0 = time.perf_counter()
        view, scene = self.view, self.view.plan_scene
        plan = scene.document.plan
        mpp = view.m_per_px()
        vp = view.viewport().rect()
        area = QRectF(vp).adjusted(-150, -60, 150, 60)  # labels of sites just outside may reach in
        boosted = self._priority_sites(scene)
        requests: list[LabelRequest] = []
        items: list[SiteItem] = []
        hidden: list[SiteItem] = []
        transform = view.viewportTransform()
        for (kind, sid), item in scene.items_by_key.items():
            if kind != "site":
                continue
            if not item.isVisible():
                hidden.append(item)
                continue
            p = transform.map(item.pos())
            if not area.contains(p):
                hidden.append(item)
                continue
            site = plan.sites.get(sid)
            if sid in boosted:
                cls = P_SELECTED
            elif item.role == "junction":
                cls = P_JUNCTION
            elif site is not None and (site.can_relay or scene.site_demands.get(sid)):
                cls = P_MAJOR
            else:
                cls = P_SITE
            half = item.marker_px() / 2
            if (cls == P_JUNCTION and mpp > JUNCTION_LABEL_MAX_M_PER_PX) or (
                    cls == P_SITE and mpp > SITE_LABEL_MAX_M_PER_PX):
                # No label at this zoom, but the marker still keeps other labels off.
                requests.append(LabelRequest(p.x(), p.y(), half, 0.0, 0.0, (-1,)))
                items.append(item)
                continue
            w, h = item.label_size()
            # Within a class: sites with more demands, then larger names (fewer, more useful), id.
            requests.append(LabelRequest(p.x(), p.y(), half, w, h,
                                         (cls, len(scene.site_demands.get(sid, ())), -len(sid), sid),
                                         over_markers=cls == P_SELECTED))
            items.append(item)
        positions = place_labels(requests, bounds=(2.0, 2.0, vp.width() - 2.0, vp.height() - 2.0))
        shown = 0
        for item, r, pos in zip(items, requests, positions, strict=True):
            if r.width <= 0 or pos is None:
                item.set_label_visible(False)
            else:
                item.place_label(pos)
                item.set_label_visible(True)
                shown += 1
        for item in hidden:
            item.set_label_visible(False)
        self.layouts += 1
        self.last_stats = {"sites": float(len(requests)), "shown": float(shown),
                           "ms": (time.perf_counter() - t0) * 1000}


__all__ = ["LabelPlacer", "LabelRequest", "label_offset", "label_rect", "place_labels"]
