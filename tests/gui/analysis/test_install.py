"""The analysis installed in the real main window: docks, menu, live colouring, languages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture
def window(qtbot, tmp_path, data_dir):
    """The main window (it installs the analysis itself) with the fast loss-budget evaluator."""
    from planner.gui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings, autosave=False)
    qtbot.addWidget(w)
    use(w, _quick)
    yield w
    if getattr(w, "analysis", None) is not None:
        w.analysis.set_language("en")
        w.analysis.shutdown()
    w.document.undo_stack.setClean()


def _quick(plan, cancelled):
    from planner.gui.analysis.worker import quick_stage

    return quick_stage(plan)


def use(w, evaluator):
    """Evaluate the window's plan with ``evaluator`` from now on (20 ms debounce)."""
    ctl = w.analysis.analysis.controller
    ctl.evaluator = evaluator
    ctl.timer.setInterval(20)
    ctl.run_now()
    return w.analysis


def menu_titles(w):
    return [a.text() for a in w.menuBar().actions()]


def test_main_window_has_docks_menu_and_colours_the_map(qtbot, window):
    from planner.gui.analysis import AnalysisIntegration
    from planner.gui.analysis.styling import FIBER_LOSS
    from planner.resources import example_plan

    integ = window.analysis
    assert isinstance(integ, AnalysisIntegration)
    assert window.load(example_plan())
    assert {"dock_analysis", "dock_results", "dock_rollout", "dock_drill"} <= set(window.docks)
    assert "&Analysis" in menu_titles(window)
    qtbot.waitUntil(lambda: integ.analysis.result is not None
                    and integ.analysis.result.revision == window.document.revision, timeout=5000)
    fid = next(iter(window.document.plan.fibers))
    color = window.scene.items_by_key[("fiber", fid)].pen().color().name()
    assert color == FIBER_LOSS.color(integ.analysis.result.fibers[fid]["loss_db"]).lower()
    # opening another plan re-evaluates (document reset)
    rev = window.document.revision
    window.new_plan()
    qtbot.waitUntil(lambda: integ.analysis.result is not None and integ.analysis.result.revision > rev,
                    timeout=5000)
    assert not integ.analysis.result.links  # the new, empty plan's result, not the old plan's


def test_switching_to_chinese_changes_menu_texts(qtbot, window):
    integ = window.analysis
    english = menu_titles(window)
    assert "&File" in english and "&Analysis" in english
    assert integ.set_language("zh")
    zh = menu_titles(window)
    assert "文件(&F)" in zh and "分析(&A)" in zh and "帮助(&H)" in zh
    assert window.docks["dock_layers"].windowTitle() == "图层"
    assert integ.results.tabText(0) == "QKD 链路"
    assert integ.panel.show_links.text() == "显示 QKD 链路"
    assert integ.set_language("en")
    assert menu_titles(window) == english


def test_preferences_save_language_and_report_follows(qtbot, window, tmp_path):
    from planner.gui.i18n import saved_language

    integ = window.analysis
    dlg = integ.open_preferences()
    dlg.language.setCurrentIndex(dlg.language.findData("zh"))
    dlg.accept()
    assert saved_language(window.settings) == "zh"
    assert integ.languages.language == "zh"
    report = integ.open_report_dialog(open_when_done=False)
    assert report.lang.currentData() == "zh"
    report.close()


def test_lang_zh_on_the_command_line_translates_the_window(qtbot, tmp_path, data_dir):
    """``--lang zh`` installs the translation before the window is built (planner.gui.app)."""
    from PySide6.QtWidgets import QApplication

    from planner.gui.app import install_translation
    from planner.gui.i18n import LanguageManager
    from planner.gui.main_window import MainWindow

    app = QApplication.instance()
    assert install_translation(app, "zh")
    try:
        w = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), autosave=False)
        qtbot.addWidget(w)
        use(w, _quick)
        assert "文件(&F)" in menu_titles(w) and "分析(&A)" in menu_titles(w)
        assert LanguageManager.of(app).language == "zh"
        # switching back at run time restores the English texts of a window built in Chinese
        assert w.analysis.set_language("en")
        assert "&File" in menu_titles(w) and "&Analysis" in menu_titles(w)
        w.analysis.shutdown()
    finally:
        LanguageManager.of(app).set_language("en")
    assert QApplication.translate("MainWindow", "&File") == "&File"


def test_engine_error_dialog_from_live_analysis_selects_element(qtbot, window):
    from planner.errors import PlanError
    from planner.resources import example_plan

    assert window.load(example_plan())
    fid = next(iter(window.document.plan.fibers))

    def broken(plan, cancelled):
        raise PlanError("attenuation out of range", element=fid, field="attenuation_db_per_km")

    integ = use(window, broken)
    qtbot.waitUntil(integ.error_dialog.isVisible, timeout=5000)
    assert fid in integ.error_dialog.where.text()
    integ.error_dialog.select_button.click()
    assert window.scene.selected_keys() == [("fiber", fid)]


def test_clicking_a_fiber_in_drill_mode_cuts_it(qtbot, window, design_json):
    """With the drill panel open, selecting a fiber on the map runs the cut drill on it."""
    from planner.resources import example_plan

    assert window.load(example_plan())
    # the app's evaluation of this very plan (computed once per session)
    integ = use(window, lambda plan, cancelled: design_json)
    qtbot.waitUntil(lambda: integ.analysis.result is not None and integ.analysis.result.final, timeout=5000)
    window.show()
    integ.docks["drill"].show()
    integ.docks["drill"].raise_()
    qtbot.waitUntil(integ.drill.isVisible, timeout=2000)
    qtbot.waitUntil(lambda: integ.drill.result is not None and bool(integ.drill.result.links), timeout=5000)
    row = next(r for r in design_json.to_json()["failures"]["fibers"] if r["lost"])
    window.scene.select_keys([("fiber", row["fiber"])])
    qtbot.waitUntil(lambda: integ.drill.outcome is not None, timeout=5000)
    assert integ.drill.outcome.target == row["fiber"]
    assert sorted(integ.drill.outcome.lost) == sorted(x["demand"] for x in row["lost"])
    # the cut fiber is drawn red, unaffected fibers grey
    assert window.scene.items_by_key[("fiber", row["fiber"])].pen().color().name() == "#d7263d"
    integ.docks["drill"].hide()
    assert integ.analysis.styler.highlight is None
