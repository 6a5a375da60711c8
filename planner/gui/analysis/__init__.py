"""Live analysis in the desktop app: evaluation worker, map colouring, legend, result tables,
link calculator, rollout view, failure/attack drill, report dialog, languages, engine errors.

``install(main_window)`` adds all of it to a main window (docks, an Analysis menu, the map
colouring) through the window's public parts: ``document``, ``scene``, ``view``, ``add_dock``,
``menu(name)``, ``menuBar()`` and ``settings``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QScrollArea

from planner.gui.analysis.panel import AnalysisPanel, MapAnalysis


def tr(text: str) -> str:
    return QCoreApplication.translate("Analysis", text)


class AnalysisIntegration(QObject):
    """Everything ``install`` adds to one main window (kept for tests and shutdown)."""

    def __init__(self, window, *, evaluator=None, debounce_ms: int | None = None) -> None:
        super().__init__(window)
        from planner.gui.dialogs.engine_error import EngineErrorDialog
        from planner.gui.drill import DrillPanel
        from planner.gui.i18n import LanguageManager, Retranslator
        from planner.gui.panels.results import ResultsPanel
        from planner.gui.rollout_view import RolloutView

        self.window = window
        self._closed = False
        self._last_error: str | None = None
        doc, scene = window.document, window.scene
        self.languages = LanguageManager.of(QApplication.instance())
        # the window's own texts, captured before anything of ours is added
        self.retranslator = Retranslator(window, type(window).__name__, self.languages.language)
        self.panel = AnalysisPanel()
        scroll = QScrollArea()
        scroll.setWidget(self.panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.analysis = MapAnalysis(doc, scene, self.panel, evaluator=evaluator, debounce_ms=debounce_ms,
                                    parent=self)
        self.results = ResultsPanel()
        self.rollout = RolloutView(doc)
        self.drill = DrillPanel(doc)
        self.error_dialog = EngineErrorDialog(window)
        self.busy_label = QLabel()
        self.busy_label.setVisible(False)
        # a permanent widget: shown beside a status message, never drawn over it
        window.statusBar().insertPermanentWidget(0, self.busy_label)
        # docks
        right, bottom = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
        self.docks = {
            "analysis": window.add_dock(scroll, tr("Analysis"), "dock_analysis", right),
            "results": window.add_dock(self.results, tr("Results"), "dock_results", bottom),
            "rollout": window.add_dock(self.rollout, tr("Rollout"), "dock_rollout", right),
            "drill": window.add_dock(self.drill, tr("Failure and attack drill"), "dock_drill", right),
        }
        window.tabifyDockWidget(self.docks["analysis"], self.docks["rollout"])
        window.tabifyDockWidget(self.docks["rollout"], self.docks["drill"])
        self.docks["rollout"].hide()
        self.docks["drill"].hide()
        self.docks["analysis"].raise_()
        # wiring
        self.analysis.controller.result_ready.connect(self._result)
        self.analysis.controller.busy_changed.connect(self._busy)
        self.analysis.error.connect(self.show_error)
        self.results.select_on_map.connect(self.select_keys)
        scene.selectionChanged.connect(self._scene_selection)
        self.rollout.highlight_changed.connect(lambda keys: self.analysis.set_highlight(keys))
        self.rollout.error.connect(lambda e: self.show_error(-1, e))
        self.drill.highlight_changed.connect(self.analysis.set_highlight)
        self.docks["rollout"].visibilityChanged.connect(self._rollout_visible)
        self.docks["drill"].visibilityChanged.connect(self._drill_visible)
        self.error_dialog.select_requested.connect(lambda k, i: self.select_keys([(k, i)], center=True))
        self._make_actions()
        QApplication.instance().aboutToQuit.connect(self.shutdown)
        window.installEventFilter(self)
        plan = doc.plan
        if plan.sites or plan.fibers:  # an empty new plan has nothing to evaluate yet
            self.analysis.start()

    # -- menu --------------------------------------------------------------------------------
    def _make_actions(self) -> None:
        w = self.window
        self.menu = QMenu(tr("&Analysis"), w)
        bar = w.menuBar()
        help_menu = w.menu("help").menuAction() if hasattr(w, "menu") else None
        bar.insertMenu(help_menu, self.menu) if help_menu else bar.addMenu(self.menu)
        self.act_evaluate = QAction(tr("&Evaluate Now"), w)
        self.act_evaluate.setShortcut(QKeySequence("F5"))
        self.act_evaluate.triggered.connect(self.analysis.controller.run_now)
        self.act_cancel = QAction(tr("&Cancel Evaluation"), w)
        self.act_cancel.triggered.connect(self.analysis.controller.cancel)
        self.act_linkcalc = QAction(tr("&Link Calculator…"), w)
        self.act_linkcalc.setShortcut(QKeySequence("Ctrl+L"))
        self.act_linkcalc.triggered.connect(self.open_link_calculator)
        self.act_report = QAction(tr("Generate &Report…"), w)
        self.act_report.setShortcut(QKeySequence("Ctrl+R"))
        self.act_report.triggered.connect(lambda: self.open_report_dialog())
        self.act_rollout = self.docks["rollout"].toggleViewAction()
        self.act_rollout.setText(tr("R&ollout"))
        self.act_drill = self.docks["drill"].toggleViewAction()
        self.act_drill.setText(tr("Failure and Attack &Drill"))
        self.act_prefs = QAction(tr("&Preferences…"), w)
        self.act_prefs.setShortcut(QKeySequence.StandardKey.Preferences)
        self.act_prefs.triggered.connect(self.open_preferences)
        self.menu.addActions([self.act_evaluate, self.act_cancel])
        self.menu.addSeparator()
        self.menu.addActions([self.act_linkcalc, self.act_rollout, self.act_drill])
        self.menu.addSeparator()
        self.menu.addAction(self.act_report)
        self.menu.addSeparator()
        self.menu.addAction(self.act_prefs)

    # -- results -------------------------------------------------------------------------------
    def _result(self, result) -> None:
        self.results.set_result(result)
        self.drill.set_result(result)
        if result.final:
            self._last_error = None
            if self.error_dialog.isVisible():
                self.error_dialog.hide()

    def _busy(self, busy: bool) -> None:
        self.busy_label.setText(tr("Evaluating…"))
        self.busy_label.setVisible(busy)

    def show_error(self, revision: int, error) -> None:
        """An engine error: a dialog naming the element, with a button that selects it. The same
        error again (the next edit did not fix it) does not pop the dialog up again."""
        text = str(error)
        if revision >= 0 and text == self._last_error and not self.error_dialog.isVisible():
            return
        self._last_error = text
        self.error_dialog.show_error(error, self.window.document.plan)
        self.error_dialog.show()


    def select_keys(self, keys, *, center: bool = False) -> None:
        scene = self.window.scene
        self._selecting = True
        try:
            scene.select_keys(keys)
        finally:
            self._selecting = False
        if center and keys:
            item = scene.items_by_key.get(tuple(keys[0]))
            if item is not None:
                self.window.view.centerOn(item)

    def _scene_selection(self) -> None:
        if getattr(self, "_selecting", False) or self._closed:
            return
        try:
            keys = self.window.scene.selected_keys()
        except RuntimeError:  # the window is being destroyed
            return
        self.results.select_keys(keys)
        if len(keys) == 1 and self.docks["drill"].isVisible() and self.drill.isVisible():
            self.drill.pick(keys[0])

    def _rollout_visible(self, visible: bool) -> None:
        if not visible and not self.docks["rollout"].isVisible():
            self.rollout.leave()

    def _drill_visible(self, visible: bool) -> None:
        """Leaving the drill gives the map its colours back and drops a pending pick."""
        if not visible and not self.docks["drill"].isVisible() \
                and (self.drill.outcome is not None or self.drill.pending is not None):
            self.drill.leave()

    # -- dialogs -------------------------------------------------------------------------------
    def open_link_calculator(self):
        from planner.gui.dialogs.link_calculator import LinkCalculatorDialog

        dlg = LinkCalculatorDialog(self.window)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.show()
        return dlg

    def open_report_dialog(self, *, open_when_done: bool = True):
        from pathlib import Path

        from planner.gui.dialogs.report_dialog import ReportDialog

        doc = self.window.document
        default = (doc.path.with_suffix(".pdf") if doc.path else Path.home() / "qkd-report.pdf")
        res = self.analysis.result
        current = res.data if res is not None and res.final and res.revision == doc.revision else None
        dlg = ReportDialog(doc.plan, self.window, path=default, lang=self.languages.language,
                           open_when_done=open_when_done, evaluation=current)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.show()
        return dlg

    def open_preferences(self):
        from planner.gui.dialogs.preferences import PreferencesDialog

        dlg = PreferencesDialog(self.languages.language, self.window, getattr(self.window, "settings", None))
        dlg.language_chosen.connect(self.set_language)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    def set_language(self, lang: str) -> bool:
        """Switch the user interface language now (menus, panels, dialogs)."""
        ok = self.languages.set_language(lang)
        if ok:
            # deliver Qt's (posted) LanguageChange events now, so every widget shows the new texts
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
            QCoreApplication.sendPostedEvents()
            self.retranslator.retranslate()
            self.retranslate()
        return ok

    def retranslate(self) -> None:
        titles = {"analysis": tr("Analysis"), "results": tr("Results"), "rollout": tr("Rollout"),
                  "drill": tr("Failure and attack drill")}
        for name, dock in self.docks.items():
            dock.setWindowTitle(titles[name])
        self.menu.setTitle(tr("&Analysis"))
        for a, text in ((self.act_evaluate, tr("&Evaluate Now")), (self.act_cancel, tr("&Cancel Evaluation")),
                        (self.act_linkcalc, tr("&Link Calculator…")), (self.act_report, tr("Generate &Report…")),
                        (self.act_rollout, tr("R&ollout")), (self.act_drill, tr("Failure and Attack &Drill")),
                        (self.act_prefs, tr("&Preferences…"))):
            a.setText(text)
        self.busy_label.setText(tr("Evaluating…"))
        self.analysis.refresh()

    # -- lifetime -------------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.window:
            if event.type() == QEvent.Type.LanguageChange:
                self.retranslate()
            elif event.type() == QEvent.Type.Close:
                # the window may refuse to close (unsaved changes): look once the close is decided
                QTimer.singleShot(0, self._closed_check)
        return False

    def _closed_check(self) -> None:
        if not self._closed and not self.window.isVisible():
            self.shutdown()

    def shutdown(self) -> None:
        """Stop the workers (evaluation, rollout, report) before the window goes."""
        self._closed = True
        self.analysis.shutdown()
        self.rollout.wait()


def install(main_window, **kwargs) -> AnalysisIntegration:
    """Add the live analysis and its views to ``main_window``; returns the integration object
    (also stored as ``main_window.analysis``). Installing twice returns the first one."""
    existing = getattr(main_window, "analysis", None)
    if isinstance(existing, AnalysisIntegration):
        return existing
    integration = AnalysisIntegration(main_window, **kwargs)
    main_window.analysis = integration
    return integration


__all__ = ["AnalysisIntegration", "AnalysisPanel", "MapAnalysis", "install"]
