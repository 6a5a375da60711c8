"""Layers panel: underlays, sections, sites by role, fibers and demands in a tree, with visibility
check boxes, kept in step with the document's signals; selection syncs both ways with the map.

Fibers and demands read ``id — from-site → to-site`` (the id first, so typing it finds the row and
sorting by text sorts by id); a site's rename relabels its fibers and demands.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem

from planner.gui.document import PlanDocument
from planner.gui.i18n import FollowsLanguage, kind_label, role_label
from planner.gui.icons import icon, role_icon
from planner.model import SITE_ROLES

KEY_ROLE = Qt.ItemDataRole.UserRole
LAYER_ROLE = Qt.ItemDataRole.UserRole + 1
Key = tuple[str, str]


def tr(text: str) -> str:
    return QCoreApplication.translate("Layers", text)


GROUPS = (("underlay", QT_TRANSLATE_NOOP("Layers", "Underlays"), "underlay-image"),
          ("section", QT_TRANSLATE_NOOP("Layers", "Sections"), "draw-section"),
          ("site", QT_TRANSLATE_NOOP("Layers", "Sites"), "add-site"),
          ("fiber", QT_TRANSLATE_NOOP("Layers", "Fibers"), "draw-fiber"),
          ("demand", QT_TRANSLATE_NOOP("Layers", "Demands"), "add-demand"))


class LayersPanel(FollowsLanguage, QTreeWidget):
    """The plan as a tree. Emits ``layer_toggled(layer, visible)`` and ``selection_picked(keys)``."""

    layer_toggled = Signal(str, bool)
    selection_picked = Signal(list)

    def __init__(self, document: PlanDocument, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAnimated(False)
        self.items: dict[Key, QTreeWidgetItem] = {}
        self.groups: dict[str, QTreeWidgetItem] = {}
        self._syncing = False
        self._site_names: dict[str, str] = {}
        self.itemChanged.connect(self._on_item_changed)
        self.itemSelectionChanged.connect(self._on_selection)
        document.reset.connect(self.rebuild)
        document.element_added.connect(self._on_added)
        document.element_changed.connect(self._on_changed)
        document.element_removed.connect(self._on_removed)
        self.rebuild()

    def _group(self, layer: str, text: str, icon_name=None, parent=None) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text])
        item.setData(0, LAYER_ROLE, layer)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Checked)
        if icon_name:
            item.setIcon(0, icon_name if not isinstance(icon_name, str) else icon(icon_name))
        (parent.addChild(item) if parent else self.addTopLevelItem(item))
        self.groups[layer] = item
        return item

    def rebuild(self) -> None:
        self._syncing = True
        self.blockSignals(True)
        try:
            self.clear()
            self.items.clear()
            self.groups.clear()
            self._site_names = {sid: s.name or sid for sid, s in self.document.plan.sites.items()}
            for layer, text, icon_name in GROUPS:
                self._group(layer, tr(text), icon_name)
            for role in SITE_ROLES:
                g = self._group(f"role:{role}", role_label(role), role_icon(role), self.groups["site"])
                g.setHidden(True)
            plan = self.document.plan
            for kind, _, _ in GROUPS:
                children = [self._make(kind, eid) for eid in plan.collection(kind)]
                if kind != "site":
                    self.groups[kind].addChildren(children)
                else:
                    for c in children:
                        self._parent_for("site", c.data(0, KEY_ROLE)[1]).addChild(c)
            self._update_counts()
            for layer in ("underlay", "section", "site", "demand"):
                self.groups[layer].setExpanded(layer != "site")
        finally:
            self.blockSignals(False)
            self._syncing = False

    def _parent_for(self, kind: str, eid: str) -> QTreeWidgetItem:
        if kind == "site":
            g = self.groups[f"role:{self.document.plan.sites[eid].role}"]
            g.setHidden(False)
            return g
        return self.groups[kind]

    def _make(self, kind: str, eid: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        item.setData(0, KEY_ROLE, (kind, eid))
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if kind == "underlay":
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        item.setFlags(flags)
        self._label(item, kind, eid)
        self.items[(kind, eid)] = item
        return item

    def _label(self, item: QTreeWidgetItem, kind: str, eid: str) -> None:
        plan = self.document.plan
        el = plan.get(kind, eid)
        name = getattr(el, "name", "") or eid
        if kind in ("fiber", "demand"):
            a, b = plan.sites.get(el.a), plan.sites.get(el.b)
            ends = f"{(a.name if a else '') or el.a} \u2192 {(b.name if b else '') or el.b}"
            text = f"{eid} \u2014 {ends}"
            item.setText(0, text)
            item.setToolTip(0, f"{kind_label(kind)} {eid}" + (f" \u201c{el.name}\u201d" if el.name else "")
                            + f"\n{ends}")
        else:
            item.setText(0, name)
            item.setToolTip(0, f"{kind_label(kind)} {eid}")
        if kind == "underlay":
            item.setIcon(0, icon({"image": "underlay-image", "dxf": "underlay-dxf"}.get(el.kind, "underlay-geojson")))
            item.setCheckState(0, Qt.CheckState.Checked if el.visible else Qt.CheckState.Unchecked)
        elif kind == "site":
            item.setIcon(0, role_icon(el.role))

    def retranslate(self) -> None:
        self.blockSignals(True)
        try:
            for role in SITE_ROLES:
                self.groups[f"role:{role}"].setText(0, role_label(role))
            for (kind, eid), item in self.items.items():
                self._label(item, kind, eid)
            self._update_counts()
        finally:
            self.blockSignals(False)

    def _update_counts(self) -> None:
        plan = self.document.plan
        for layer, text, _ in GROUPS:
            self.groups[layer].setText(0, f"{tr(text)} ({len(plan.collection(layer))})")

    # -- document signals ---------------------------------------------------------------------
    def _on_added(self, kind: str, eid: str) -> None:
        self.blockSignals(True)
        try:
            if kind == "site":
                s = self.document.plan.sites[eid]
                self._site_names[eid] = s.name or eid
            parent = self._parent_for(kind, eid)
            items = list(self.document.plan.collection(kind))
            if items[-1] == eid:
                parent.addChild(self._make(kind, eid))
            else:  # keep plan order: an undone delete puts the element back where it was
                order = {k: i for i, k in enumerate(items)}
                pos = sum(1 for j in range(parent.childCount())
                          if order.get(parent.child(j).data(0, KEY_ROLE)[1], -1) < order[eid])
                parent.insertChild(pos, self._make(kind, eid))
            self._update_counts()
        finally:
            self.blockSignals(False)

    def _on_removed(self, kind: str, eid: str) -> None:
        item = self.items.pop((kind, eid), None)
        if item is not None and item.parent() is not None:
            self.blockSignals(True)
            parent = item.parent()
            parent.removeChild(item)
            if parent.data(0, LAYER_ROLE).startswith("role:") and parent.childCount() == 0:
                parent.setHidden(True)
            self._update_counts()
            self.blockSignals(False)

    def _on_changed(self, kind: str, eid: str) -> None:
        item = self.items.get((kind, eid))
        if item is None:
            return
        self.blockSignals(True)
        try:
            self._label(item, kind, eid)
            if kind == "site":
                self._relabel_ends(eid)
            if kind == "site" and item.parent() is not self._parent_for(kind, eid):
                selected = item.isSelected()
                old = item.parent()
                old.removeChild(item)
                if old.childCount() == 0:
                    old.setHidden(True)
                self._parent_for(kind, eid).addChild(item)
                item.setSelected(selected)
        finally:
            self.blockSignals(False)

    def _relabel_ends(self, sid: str) -> None:
        """A renamed site: relabel the fibers and demands that end there (moves cost nothing)."""
        site = self.document.plan.sites.get(sid)
        name = (site.name if site else "") or sid
        if self._site_names.get(sid) == name:
            return
        self._site_names[sid] = name
        plan = self.document.plan
        for kind, coll in (("fiber", plan.fibers), ("demand", plan.demands)):
            for eid, el in coll.items():
                if sid in (el.a, el.b) and (kind, eid) in self.items:
                    self._label(self.items[(kind, eid)], kind, eid)

    # -- user actions -------------------------------------------------------------------------
    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._syncing:
            return
        on = item.checkState(0) == Qt.CheckState.Checked
        key = item.data(0, KEY_ROLE)
        if key and key[0] == "underlay":
            u = self.document.plan.underlays.get(key[1])
            if u is not None and u.visible != on:
                self.document.edit("underlay", key[1],
                                   (lambda: tr("Show underlay")) if on else (lambda: tr("Hide underlay")),
                                   visible=on)
            return
        layer = item.data(0, LAYER_ROLE)
        if layer:
            self.layer_toggled.emit(layer, on)

    def _on_selection(self) -> None:
        if self._syncing:
            return
        keys = [i.data(0, KEY_ROLE) for i in self.selectedItems() if i.data(0, KEY_ROLE)]
        self.selection_picked.emit([tuple(k) for k in keys])

    def show_selection(self, keys: list[Key]) -> None:
        """Mirror the map's selection (without echoing it back)."""
        self._syncing = True
        try:
            self.clearSelection()
            for k in keys:
                item = self.items.get(k)
                if item is not None:
                    item.setSelected(True)
            if len(keys) == 1 and keys[0] in self.items:
                self.scrollToItem(self.items[keys[0]])
        finally:
            self._syncing = False
