"""The main window: menus, toolbars, map, dock panels, status bar, files, settings, autosave.

Extension points for later features (evaluation, tables, reports):
``add_dock(widget, title, name, area)`` adds a movable panel listed under View > Panels;
``menu(name)`` returns the File / Edit / View / Plan / Tools / Help menu to add actions to;
``scene.set_styler(fn)`` restyles map items from results; ``document.revision_changed`` says when
the plan changed (take ``document.plan.snapshot()`` with ``document.revision`` to a worker).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from planner.errors import PlanError, ValidationError
from planner.gui import theme
from planner.gui import underlays as ul
from planner.gui.analysis import install as install_analysis
from planner.gui.canvas import tools as T
from planner.gui.canvas.scene import PlanScene
from planner.gui.canvas.view import MapView
from planner.gui.document import PlanDocument
from planner.gui.i18n import FollowsLanguage, count_label, own_texts, role_label
from planner.gui.icons import app_icon, icon, role_icon
from planner.gui.panels.inspector import Inspector
from planner.gui.panels.layers import LayersPanel
from planner.gui.recovery import Autosaver
from planner.model import SITE_ROLES, AddElement, Plan, Underlay, plan_problems

APP_NAME = "QKD Rollout Planner"
MAX_RECENT = 8
PLAN_FILTER = "QKD plans (*.qkdplan);;GeoJSON (*.geojson *.json);;All files (*)"


class MainWindow(FollowsLanguage, QMainWindow):
    def __init__(self, settings: QSettings | None = None, autosave: bool = True) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.setDockNestingEnabled(True)
        self.document = PlanDocument(parent=self)
        self.scene = PlanScene(self.document, self)
        self.view = MapView(self.scene, self)
        self.setCentralWidget(self.view)
        self._icons: dict[QAction, str] = {}
        #: Actions whose tool tip is made from their text (or the given tip) and shortcut.
        self._tips: dict[QAction, str | None] = {}
        #: The status message: (function giving it in the current language, text shown, timeout).
        self._status: tuple[Callable[[], str] | None, str, int] = (None, "", 0)
        self._m_per_px: float | None = None  # the scale shown in the status bar
        self._menus: dict[str, QMenu] = {}
        self.docks: dict[str, QDockWidget] = {}
        self._make_tools()
        self._make_actions()
        self._make_menus()
        self._make_toolbars()
        self._make_panels()
        self._make_status_bar()
        self._connect()
        install_analysis(self)  # live evaluation, result docks, Analysis menu (planner.gui.analysis)
        self.autosaver = Autosaver(self.document, parent=self) if autosave else None
        self.resize(1440, 900)
        self.resizeDocks([self.docks["dock_layers"], self.docks["dock_inspector"]], [260, 330],
                         Qt.Orientation.Horizontal)
        self._restore_settings()
        self._update_title()
        self.set_tool("select")

    # -- construction -------------------------------------------------------------------------
    def _make_tools(self) -> None:
        v, d = self.view, self.document
        self.tools: dict[str, T.Tool] = {
            "select": T.SelectTool(v, d),
            "add_site": T.AddSiteTool(v, d),
            "draw_fiber": T.DrawFiberTool(v, d),
            "draw_section": T.DrawSectionTool(v, d),
            "add_demand": T.AddDemandTool(v, d),
            "edit_vertices": T.EditVerticesTool(v, d),
            "delete": T.DeleteTool(v, d),
            "calibrate": T.CalibrateTool(v, d, self._ask_placement),
        }

    def _action(self, text: str, icon_name: str | None = None, shortcut=None, slot=None,
                checkable: bool = False, tip: str | None = None) -> QAction:
        a = QAction(text, self)
        if icon_name:
            a.setIcon(icon(icon_name))
            self._icons[a] = icon_name
        if shortcut is not None:
            a.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        if checkable:
            a.setCheckable(True)
        if slot is not None:
            a.triggered.connect(slot)
        if tip or shortcut is not None:
            self._tips[a] = tip
            self._set_tool_tip(a)
        return a

    def _set_tool_tip(self, a: QAction) -> None:
        """The action's tip (or its text without the mnemonic, "&S" or "(&S)") and its shortcut."""
        keys = a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        tip = self._tips.get(a) or re.sub(r"\(&\w\)", "", a.text()).replace("&", "").rstrip(".…").strip()
        a.setToolTip(tip + (f"  ({keys})" if keys else ""))

    def _make_actions(self) -> None:
        K = QKeySequence.StandardKey
        A = self._action
        self.act_new = A(self.tr("&New"), "new", K.New, self.new_plan)
        self.act_open = A(self.tr("&Open…"), "open", K.Open, lambda: self.open_plan())
        self.act_save = A(self.tr("&Save"), "save", K.Save, self.save)
        self.act_save_as = A(self.tr("Save &As…"), None, K.SaveAs, self.save_as)
        self.act_export = A(self.tr("&Export GeoJSON…"), None, None, self.export_geojson)
        self.act_close = A(self.tr("&Close"), "close", K.Close, self.close_plan)
        self.act_quit = A(self.tr("&Quit"), None, K.Quit, self.close)
        # Undo and Redo name the step they undo or redo, in the current language (QUndoStack's own
        # actions would keep the prefix they were made with).
        stack = self.document.undo_stack
        self.act_undo = own_texts(A(self.tr("&Undo"), "undo", None, stack.undo))
        self.act_undo.setShortcuts(QKeySequence.StandardKey.Undo)
        self.act_redo = own_texts(A(self.tr("&Redo"), "redo", None, stack.redo))
        self.act_redo.setShortcuts(QKeySequence.StandardKey.Redo)
        stack.canUndoChanged.connect(self._undo_redo_texts)
        stack.canRedoChanged.connect(self._undo_redo_texts)
        stack.undoTextChanged.connect(self._undo_redo_texts)
        stack.redoTextChanged.connect(self._undo_redo_texts)
        self._undo_redo_texts()
        self.act_delete = A(self.tr("&Delete"), "delete", K.Delete, self.delete_selection)
        self.act_select_all = A(self.tr("Select &All"), None, K.SelectAll, self.select_all)
        self.act_zoom_in = A(self.tr("Zoom &In"), "zoom-in", K.ZoomIn, lambda: self.view.zoom_by(1.25))
        self.act_zoom_out = A(self.tr("Zoom &Out"), "zoom-out", K.ZoomOut, lambda: self.view.zoom_by(0.8))
        self.act_fit = A(self.tr("Zoom to &Fit"), "zoom-fit", ["Home", "Ctrl+0"], self.view.zoom_to_fit)
        self.act_grid = A(self.tr("&Grid"), "grid", "Ctrl+'", self._toggle_grid, checkable=True)
        self.act_dark = A(self.tr("&Dark Theme"), None, None, self._toggle_dark, checkable=True)
        self.act_import_image = A(self.tr("Import Site-Plan &Image…"), "underlay-image", None,
                                  lambda: self.import_underlay("image"))
        self.act_import_dxf = A(self.tr("Import &DXF Drawing…"), "underlay-dxf", None,
                                lambda: self.import_underlay("dxf"))
        self.act_import_geojson = A(self.tr("Import &GeoJSON Background…"), "underlay-geojson", None,
                                    lambda: self.import_underlay("geojson"))
        self.act_check = A(self.tr("&Check Plan"), None, "F7", self.check_plan)
        self.act_about = A(self.tr("&About"), "about", None, self.about)
        self.act_keys = A(self.tr("&Keyboard Shortcuts"), None, K.HelpContents, self.show_shortcuts)
        self.tool_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        group.setExclusive(True)
        for name, text, icon_name, key in (
            ("select", self.tr("&Select / Move"), "select", "S"),
            ("add_site", self.tr("Add &Site"), "add-site", "A"),
            ("draw_fiber", self.tr("Draw &Fiber"), "draw-fiber", "F"),
            ("draw_section", self.tr("Draw Section &Polygon"), "draw-section", "P"),
            ("add_demand", self.tr("Add &Demand"), "add-demand", "D"),
            ("edit_vertices", self.tr("&Edit Vertices"), "edit-vertices", "E"),
            ("delete", self.tr("Dele&te Tool"), "delete", "X"),
            ("calibrate", self.tr("Place &Image by Two Points"), "calibrate", "K"),
        ):
            a = A(text, icon_name, key, checkable=True)
            a.triggered.connect(lambda _c=False, n=name: self.set_tool(n))
            group.addAction(a)
            self.tool_actions[name] = a

    def _undo_redo_texts(self, *_changed) -> None:
        """Undo and Redo name the step they would undo or redo (and are enabled when there is one)."""
        stack = self.document.undo_stack
        self.act_undo.setEnabled(stack.canUndo())
        self.act_redo.setEnabled(stack.canRedo())
        u, r = stack.undoText(), stack.redoText()
        self.act_undo.setText(self.tr("&Undo {0}").format(u) if u else self.tr("&Undo"))
        self.act_redo.setText(self.tr("&Redo {0}").format(r) if r else self.tr("&Redo"))

    def _make_menus(self) -> None:
        mb = self.menuBar()
        m = self._menus["file"] = mb.addMenu(self.tr("&File"))
        m.addActions([self.act_new, self.act_open])
        self.recent_menu = m.addMenu(self.tr("Open &Recent"))
        m.addSeparator()
        m.addActions([self.act_save, self.act_save_as, self.act_export])
        m.addSeparator()
        m.addActions([self.act_close, self.act_quit])
        m = self._menus["edit"] = mb.addMenu(self.tr("&Edit"))
        m.addActions([self.act_undo, self.act_redo])
        m.addSeparator()
        m.addActions([self.act_delete, self.act_select_all])
        m.addSeparator()
        self._menus["view"] = mb.addMenu(self.tr("&View"))
        m = self._menus["plan"] = mb.addMenu(self.tr("&Plan"))
        m.addActions([self.act_import_image, self.act_import_dxf, self.act_import_geojson])
        m.addSeparator()
        m.addAction(self.act_check)
        m = self._menus["tools"] = mb.addMenu(self.tr("&Tools"))
        for name, a in self.tool_actions.items():
            m.addAction(a)
            if name == "add_site":
                self.role_menu = m.addMenu(self.tr("Site &Role"))
                roles = QActionGroup(self)
                for role in SITE_ROLES:
                    ra = own_texts(QAction(role_icon(role), role_label(role), self))
                    ra.setCheckable(True)
                    ra.setData(role)
                    ra.triggered.connect(lambda _c=False, r=role: self.set_site_role(r))
                    roles.addAction(ra)
                    self.role_menu.addAction(ra)
        m = self._menus["help"] = mb.addMenu(self.tr("&Help"))
        m.addActions([self.act_keys, self.act_about])

    def _make_toolbars(self) -> None:
        tb = self.addToolBar(self.tr("File"))
        tb.setObjectName("toolbar_file")
        tb.addActions([self.act_new, self.act_open, self.act_save])
        tb.addSeparator()
        tb.addActions([self.act_undo, self.act_redo])
        tb = self.addToolBar(self.tr("Tools"))
        tb.setObjectName("toolbar_tools")
        for name, a in self.tool_actions.items():
            if name != "calibrate":
                tb.addAction(a)
        self.role_combo = QComboBox()
        self.role_combo.setToolTip(self.tr("Role of new sites"))
        for role in SITE_ROLES:
            self.role_combo.addItem(role_icon(role), role_label(role), role)
        self.role_combo.activated.connect(lambda i: self.set_site_role(self.role_combo.itemData(i)))
        tb.addWidget(self.role_combo)
        tb = self.addToolBar(self.tr("View"))
        tb.setObjectName("toolbar_view")
        tb.addActions([self.act_zoom_in, self.act_zoom_out, self.act_fit, self.act_grid])
        tb.addSeparator()
        tb.addActions([self.act_import_image, self.act_import_dxf, self.tool_actions["calibrate"]])
        self.toolbars = self.findChildren(QToolBar)
        self.set_site_role("terminal_ops")

    def _make_panels(self) -> None:
        self.layers = LayersPanel(self.document)
        self.inspector = Inspector(self.document)
        self.history = QUndoView(self.document.undo_stack)
        self.history.setEmptyLabel(self.tr("<opened plan>"))
        self.history.setCleanIcon(icon("save"))
        view_menu = self._menus["view"]
        view_menu.addActions([self.act_zoom_in, self.act_zoom_out, self.act_fit])
        view_menu.addSeparator()
        view_menu.addActions([self.act_grid, self.act_dark])
        view_menu.addSeparator()
        self.panels_menu = view_menu.addMenu(self.tr("&Panels"))
        self.toolbars_menu = view_menu.addMenu(self.tr("&Toolbars"))
        for tb in self.toolbars:
            self.toolbars_menu.addAction(tb.toggleViewAction())
        self.add_dock(self.layers, self.tr("Layers"), "dock_layers", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.add_dock(self.inspector, self.tr("Inspector"), "dock_inspector",
                      Qt.DockWidgetArea.RightDockWidgetArea)
        hist = self.add_dock(self.history, self.tr("History"), "dock_history",
                             Qt.DockWidgetArea.RightDockWidgetArea)
        hist.hide()
        self.act_history = hist.toggleViewAction()
        self.act_history.setText(self.tr("&History"))
        self.act_history.setIcon(icon("history"))
        self._icons[self.act_history] = "history"
        self.act_history.setShortcut(QKeySequence("Ctrl+H"))
        self._menus["edit"].addAction(self.act_history)

    def add_dock(self, widget: QWidget, title: str, name: str,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        """Add a movable, closable panel; it is listed under View > Panels and its state is saved."""
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        self.panels_menu.addAction(dock.toggleViewAction())
        self.docks[name] = dock
        return dock

    def menu(self, name: str) -> QMenu:
        """``file``, ``edit``, ``view``, ``plan``, ``tools`` or ``help``."""
        return self._menus[name]

    def _make_status_bar(self) -> None:
        sb = self.statusBar()
        self.selection_label = QLabel()
        self.cursor_label = QLabel()
        self.scale_label = QLabel()
        for w, width in ((self.selection_label, 160), (self.cursor_label, 250), (self.scale_label, 110)):
            w.setMinimumWidth(width)
            w.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            sb.addPermanentWidget(w)
        self._update_selection_label([])

    def _connect(self) -> None:
        doc = self.document
        # bound methods, not lambdas: Qt drops the connections when the window is destroyed (a
        # lambda outlived it and raised when the undo stack was cleared at interpreter exit)
        doc.undo_stack.cleanChanged.connect(self._update_title)
        doc.path_changed.connect(self._update_title)
        self.scene.selectionChanged.connect(self._on_scene_selection)
        self.layers.selection_picked.connect(self._on_tree_selection)
        self.layers.layer_toggled.connect(self._on_layer_toggled)
        self.layers.itemDoubleClicked.connect(self._zoom_to_tree_item)
        self.inspector.message.connect(lambda m: self.show_status(m, 8000))
        self.view.tool_message.connect(self._show_tool_message)
        self.view.cursor_moved.connect(self._on_cursor)
        self.view.zoom_changed.connect(self._on_zoom)
        self.scene.underlay_failed.connect(
            lambda uid, msg: self.show_status(lambda: self.tr("Underlay {0} not shown: {1}").format(uid, msg)))

    # -- tools --------------------------------------------------------------------------------
    def set_tool(self, name: str) -> None:
        self.tool_actions[name].setChecked(True)
        self.view.set_tool(self.tools[name])

    def set_site_role(self, role: str) -> None:
        self.tools["add_site"].set_role(role)
        self.role_combo.setCurrentIndex(self.role_combo.findData(role))
        for a in self.role_menu.actions():
            a.setChecked(a.data() == role)

    # -- selection ----------------------------------------------------------------------------
    def _on_scene_selection(self) -> None:
        keys = self.scene.selected_keys()
        self.inspector.set_selection(keys)
        self.layers.show_selection(keys)
        self._update_selection_label(keys)

    def _on_tree_selection(self, keys: list) -> None:
        self.scene.select_keys(keys)

    def _zoom_to_tree_item(self, item, _col=0) -> None:
        key = item.data(0, Qt.ItemDataRole.UserRole)
        if key and tuple(key) in self.scene.items_by_key:
            it = self.scene.items_by_key[tuple(key)]
            r = it.sceneBoundingRect()
            if key[0] == "site" or r.width() < 1:
                self.view.centerOn(it)
            else:
                self.view.zoom_to_rect(r, 0.3)

    def _update_selection_label(self, keys) -> None:
        if not keys:
            self.selection_label.setText(self.tr("No selection"))
            return
        counts: dict[str, int] = {}
        for k, _ in keys:
            counts[k] = counts.get(k, 0) + 1
        self.selection_label.setText(self.tr(", ").join(count_label(k, n) for k, n in counts.items()))

    def _on_layer_toggled(self, layer: str, on: bool) -> None:
        self.scene.set_layer_visible(layer, on)

    def select_all(self) -> None:
        keys = [k for k, item in self.scene.items_by_key.items() if k[0] != "underlay" and item.isVisible()]
        self.scene.select_keys(keys)

    def delete_selection(self) -> None:
        keys = [k for k in self.scene.selected_keys()]
        if keys:
            self.document.delete(keys)

    # -- status -------------------------------------------------------------------------------
    def show_status(self, text: str | Callable[[], str], timeout_ms: int = 0) -> None:
        """Show a status-bar message. Given as a function, it is called now and again when the
        interface language changes while the message is still shown, so it follows the language;
        a plain text is removed on a language change."""
        make = text if callable(text) else None
        shown = make() if make is not None else str(text)
        self._status = (make, shown, timeout_ms)
        self.statusBar().showMessage(shown, timeout_ms)

    def _show_tool_message(self, text: str) -> None:
        """A canvas tool's message; on a language change the tool's current hint replaces it."""
        tool = self.view.tool
        self._status = (tool.hint if tool is not None else None, text, 0)
        self.statusBar().showMessage(text)

    def _retranslate_status(self) -> None:
        make, shown, timeout_ms = self._status
        if not shown or self.statusBar().currentMessage() != shown:
            return
        if make is None:
            self.statusBar().clearMessage()
        else:
            self.show_status(make, timeout_ms)

    def _on_cursor(self, x: float, y: float) -> None:
        self.cursor_label.setText(f"E {x:,.1f} m   N {y:,.1f} m")

    def _on_zoom(self, m_per_px: float) -> None:
        self._m_per_px = m_per_px
        self.scale_label.setText(self.tr("{0:.3g} m/px").format(m_per_px))

    def _update_title(self, *_changed) -> None:
        self.setWindowTitle(f"{self.document.display_name()}[*] \u2014 {APP_NAME}")
        self.setWindowModified(self.document.is_modified())
        self.act_save.setEnabled(True)

    # -- files --------------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """Ask about unsaved changes. True when it is fine to discard the current plan."""
        if not self.document.is_modified():
            return True
        answer = QMessageBox.question(
            self, APP_NAME,
            self.tr("The plan “{0}” has unsaved changes. Save them?").format(self.document.display_name()),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def set_plan(self, plan: Plan, path: str | os.PathLike | None, *, fit: bool = True) -> None:
        self.document.set_plan(plan, path)
        if fit:
            QTimer.singleShot(0, self.view.zoom_to_fit)
            self.view.zoom_to_fit()

    def new_plan(self) -> bool:
        if not self.maybe_save():
            return False
        self.set_plan(Plan(), None)
        return True

    def close_plan(self) -> bool:
        return self.new_plan()

    def open_plan(self, path: str | os.PathLike | None = None) -> bool:
        if not self.maybe_save():
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Open plan"), self._last_dir(), self.tr(PLAN_FILTER))
            if not path:
                return False
        return self.load(path)

    def load(self, path: str | os.PathLike) -> bool:
        """Open a plan without asking about the current one (start-up, tests)."""
        from planner.io import load_plan

        warnings: list[str] = []
        try:
            plan = load_plan(path, warnings=warnings)
        except PlanError as e:
            self.error(self.tr("Cannot open the plan"), str(e))
            return False
        geojson = Path(path).suffix.lower() in (".geojson", ".json")
        self.scene.trusted_underlay_paths = self._trusted_underlays(plan, Path(path).resolve().parent)
        self.set_plan(plan, None if geojson else path)
        self._add_recent(path)
        name, counts = Path(path).name, (len(plan.sites), len(plan.fibers), len(plan.demands))

        def msg() -> str:
            text = self.tr("Opened {0}: {1} sites, {2} fibers, {3} demands").format(name, *counts)
            return text + (" \u2014 " + "; ".join(warnings[:3]) if warnings else "")

        self.show_status(msg, 10000)
        return True

    def _trusted_underlays(self, plan: Plan, folder: Path) -> set[Path]:
        """Ask once, when a plan names underlay files outside its folder, whether to open them
        (plans come by e-mail: a path may point anywhere on this computer)."""
        from planner.io.underlay import outside_underlays

        outside = outside_underlays(plan, folder)
        if not outside:
            return set()
        listing = "\n".join(str(p) for _, p in outside[:6]) + ("\n…" if len(outside) > 6 else "")
        answer = QMessageBox.question(self, APP_NAME, self.tr(
            "This plan shows files from outside its folder:\n\n{0}\n\nOpen them only if you trust the plan. "
            "Open them?").format(listing), QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return {p for _, p in outside} if answer == QMessageBox.StandardButton.Yes else set()

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        start = str(self.document.path or Path(self._last_dir()) / "plan.qkdplan")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save plan as"), start, self.tr("QKD plans (*.qkdplan)"))
        if not path:
            return False
        if not path.lower().endswith(".qkdplan"):
            path += ".qkdplan"
        return self._save_to(path)

    def _save_to(self, path) -> bool:
        try:
            self.document.save(path)
        except PlanError as e:
            self.error(self.tr("Cannot save the plan"), str(e))
            return False
        self._add_recent(path)
        self.show_status(lambda: self.tr("Saved {0}").format(path), 5000)
        return True

    def export_geojson(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export GeoJSON"), self._last_dir(),
                                              self.tr("GeoJSON (*.geojson)"))
        if not path:
            return False
        from planner.io.geojson import save_geojson

        try:
            save_geojson(self.document.plan, path)
        except PlanError as e:
            self.error(self.tr("Cannot export"), str(e))
            return False
        return True

    def error(self, title: str, text: str) -> None:
        QMessageBox.critical(self, title, text)

    def _last_dir(self) -> str:
        return str(self.document.folder or self.settings.value("last_dir", str(Path.home())))

    # -- recent files -------------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _add_recent(self, path) -> None:
        p = str(Path(path).resolve())
        files = [p] + [f for f in self.recent_files() if f != p]
        self.settings.setValue("recent_files", files[:MAX_RECENT])
        self.settings.setValue("last_dir", str(Path(p).parent))
        self._fill_recent_menu()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for i, f in enumerate(files):
            a = self.recent_menu.addAction(f"&{i + 1}  {Path(f).name}")
            a.setToolTip(f)
            a.triggered.connect(lambda _c=False, f=f: self.open_plan(f))
        self.recent_menu.setEnabled(bool(files))

    # -- settings -----------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        geo = self.settings.value("window/geometry")
        if isinstance(geo, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geo))
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(QByteArray(state))
        self.act_grid.setChecked(self.settings.value("view/grid", False, type=bool))
        self.view.show_grid = self.act_grid.isChecked()
        self.act_dark.setChecked(theme.is_dark())
        self._fill_recent_menu()

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("view/grid", self.act_grid.isChecked())
        self.settings.sync()

    def _toggle_grid(self, on: bool) -> None:
        self.view.show_grid = on
        self.view.resetCachedContent()
        self.view.viewport().update()

    def _toggle_dark(self, on: bool) -> None:
        self.set_theme("dark" if on else "light")

    def set_theme(self, name: str) -> None:
        theme.apply_theme(QApplication.instance(), name)
        self.settings.setValue("view/theme", name)
        for a, icon_name in self._icons.items():
            a.setIcon(icon(icon_name))
        self.scene.set_colors(theme.map_colors())
        self.layers.rebuild()
        self.act_dark.setChecked(name == "dark")

    # -- underlays ----------------------------------------------------------------------------
    def import_underlay(self, kind: str, file: str | os.PathLike | None = None,
                        layers: tuple[str, ...] | None = None, confirm_outside: bool | None = None) -> str | None:
        """Add an image, DXF or GeoJSON underlay; returns its id. Paths are stored relative to the
        plan's folder; a file outside it is refused unless the user (or ``confirm_outside``) agrees."""
        if self.document.folder is None:
            if QMessageBox.question(self, APP_NAME, self.tr(
                    "Underlay files are stored relative to the plan's folder. Save the plan first?")) \
                    != QMessageBox.StandardButton.Yes or not self.save_as():
                return None
        if file is None:
            filters = {"image": self.tr("Images (*.png *.jpg *.jpeg *.tif *.tiff)"),
                       "dxf": self.tr("DXF drawings (*.dxf)"), "geojson": self.tr("GeoJSON (*.geojson *.json)")}
            file, _ = QFileDialog.getOpenFileName(self, self.tr("Import underlay"), str(self.document.folder),
                                                  filters[kind])
            if not file:
                return None
        rel, inside = ul.relative_path(file, self.document.folder)
        if not inside:
            if confirm_outside is None:
                confirm_outside = QMessageBox.question(self, APP_NAME, self.tr(
                    "“{0}” is outside the plan's folder, so the plan will not find it when the folder is "
                    "moved or shared. Use it anyway?").format(file)) == QMessageBox.StandardButton.Yes
            if not confirm_outside:
                return None
            self.scene.trusted_underlay_paths.add(Path(file).resolve())
        uid = self.document.plan.new_id("underlay")
        name = Path(file).stem
        try:
            if kind == "image":
                u = self._placed_image(uid, rel, name, file)
            elif kind == "dxf":
                if layers is None:
                    layers = self._choose_dxf_layers(ul.dxf_layers(file))
                    if layers is None:
                        return None
                u = Underlay(id=uid, kind="dxf", path=rel, name=name, layers=tuple(layers), opacity=0.8)
            else:
                u = Underlay(id=uid, kind="geojson", path=rel, name=name, opacity=0.8)
            self.document.push(AddElement("underlay", u), lambda: self.tr("Import underlay {0}").format(name))
        except (PlanError, ValueError) as e:
            self.error(self.tr("Cannot import the underlay"), str(e))
            return None
        if kind == "image":
            self.scene.select_keys([])
            self.show_status(lambda: self.tr(
                "Image imported: use Place Image by Two Points (K) to fit it to two known points"), 10000)
        return uid

    def _placed_image(self, uid: str, rel: str, name: str, file) -> Underlay:
        from PySide6.QtGui import QImageReader

        size = QImageReader(str(file)).size()
        if not size.isValid() or size.width() <= 0:
            raise ValueError(self.tr("not a readable image: {0}").format(file))
        r = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        mpp = 0.8 * r.width() / size.width()
        cx, cy = r.center().x(), -r.center().y()
        origin = (round(cx - size.width() * mpp / 2, 3), round(cy + size.height() * mpp / 2, 3))
        return Underlay(id=uid, kind="image", path=rel, name=name, origin_m=origin, m_per_px=mpp,
                        opacity=0.7, locked=True)

    def _choose_dxf_layers(self, names: list[str]) -> tuple[str, ...] | None:
        dlg = QDialog(self)
        dlg.setWindowTitle(self.tr("DXF layers to show"))
        lay = QVBoxLayout(dlg)
        lst = QListWidget()
        for n in names:
            it = QListWidgetItem(n)
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(Qt.CheckState.Checked)
            lst.addItem(it)
        lay.addWidget(lst)
        bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        bb.accepted.connect(dlg.accept)
        bb.rejected.connect(dlg.reject)
        lay.addWidget(bb)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return None
        chosen = tuple(lst.item(i).text() for i in range(lst.count())
                       if lst.item(i).checkState() == Qt.CheckState.Checked)
        return chosen if len(chosen) < len(names) else ()

    def _ask_placement(self, measured_m: float):
        """The placement dialog of the image tool: what is known about the two picked points
        (``PlaceAnswer``), None when cancelled."""
        from planner.gui.dialogs.place_image import PlaceImageDialog

        dlg = PlaceImageDialog(measured_m, self)
        try:
            if dlg.exec() != QDialog.DialogCode.Accepted:
                return None
            return dlg.answer()
        finally:
            dlg.deleteLater()

    # -- checks and help ----------------------------------------------------------------------
    def check_plan(self) -> None:
        problems = plan_problems(self.document.plan)
        if not problems:
            QMessageBox.information(self, APP_NAME, self.tr("No problems found."))
            return
        QMessageBox.warning(self, APP_NAME, "\n".join(str(p) for p in problems[:30]))
        first = problems[0]
        for kind in ("site", "fiber", "section", "demand", "underlay"):
            if first.element and self.document.plan.get(kind, first.element) is not None:
                self.scene.select_keys([(kind, first.element)])
                break

    def about(self) -> None:
        from planner import __version__

        QMessageBox.about(self, self.tr("About {0}").format(APP_NAME), self.tr(
            "<h3>{0} {1}</h3><p>Plan quantum key distribution networks at seaports: map, key rates, "
            "trusted nodes, rollout and reports.</p><p>Licensed under Apache-2.0.</p>").format(APP_NAME, __version__))

    def show_shortcuts(self) -> None:
        rows = []
        for a in [*self.tool_actions.values(), self.act_fit, self.act_zoom_in, self.act_zoom_out,
                  self.act_grid, self.act_undo, self.act_redo, self.act_delete, self.act_history]:
            keys = a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            rows.append(f"<tr><td>{a.text().replace('&', '')}</td><td><b>{keys}</b></td></tr>")
        extra = self.tr("<p>Wheel: zoom at the cursor · Middle drag or Space+drag: pan · Esc: cancel · "
                        "Enter: finish · Backspace: remove the last point · Arrows: nudge the selection</p>")
        QMessageBox.information(self, self.tr("Keyboard shortcuts"), f"<table>{''.join(rows)}</table>{extra}")

    # -- language -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        """The texts that are composed or depend on state (the plain menu, action and dock texts
        are the ``Retranslator``'s, which runs first): tool tips with shortcuts, site roles, the
        history's first entry, the selection count, the status message and the map's tool tips."""
        self.document.retranslate()
        self.history.viewport().update()
        self._undo_redo_texts()
        for a in self._tips:
            self._set_tool_tip(a)
        self.role_combo.setToolTip(self.tr("Role of new sites"))
        for i in range(self.role_combo.count()):
            self.role_combo.setItemText(i, role_label(self.role_combo.itemData(i)))
        for a in self.role_menu.actions():
            a.setText(role_label(a.data()))
        self.history.setEmptyLabel(self.tr("<opened plan>"))
        self._update_selection_label(self.scene.selected_keys())
        if self._m_per_px is not None:
            self._on_zoom(self._m_per_px)
        self._retranslate_status()
        self.scene.retranslate()

    # -- window events ------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if self._dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        path = self._dropped_file(event)
        if path is not None:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_plan(path))

    @staticmethod
    def _dropped_file(event) -> str | None:
        md = event.mimeData()
        if not md.hasUrls():
            return None
        for url in md.urls():
            if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in (".qkdplan", ".geojson", ".json"):
                return url.toLocalFile()
        return None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.maybe_save():
            event.ignore()
            return
        self.save_settings()
        if self.autosaver is not None:
            self.autosaver.close()
        self.view.set_tool(None)
        event.accept()


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


__all__ = ["MainWindow", "ValidationError"]
