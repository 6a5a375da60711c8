"""A live language switch reaches every text the window shows: the main window with a plan, its
analysis, a selection in the inspector, a drill outcome, edits in the history and the Undo menu, a
tool's hint in the status bar and the dialogs open at the time are walked widget by widget
(``i18n_walk``) after switching; no English text with a Chinese translation may remain, and
switching back leaves no Chinese."""

from __future__ import annotations

import re

import pytest
from i18n_walk import english_leftovers, shown_texts
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner.errors import PlanError
from planner.gui.i18n import LANGUAGES, LanguageManager
from planner.resources import example_plan

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def chinese_leftovers(window) -> list[str]:
    """Shown texts with Chinese characters (the languages' own names aside)."""
    own = set(LANGUAGES.values())
    return sorted({f"{where}: {text!r}" for where, text in shown_texts(window)
                   if CJK.search(text) and text not in own})


@pytest.fixture
def start_language(request):
    """The language the window is built in (as with ``--lang``); English again afterwards."""
    manager = LanguageManager.of(QApplication.instance())
    assert manager.set_language(request.param)
    yield request.param
    manager.set_language("en")


def busy_window(qtbot, tmp_path, design_json):
    """The main window on the example plan with everything that shows text opened."""
    from planner.gui.dialogs.place_image import PlaceImageDialog
    from planner.gui.main_window import MainWindow

    w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat), autosave=False)
    qtbot.addWidget(w)
    w.show()
    integ = w.analysis
    ctl = integ.analysis.controller
    ctl.evaluator = lambda plan, cancelled: design_json
    ctl.timer.setInterval(20)
    assert w.load(example_plan())
    qtbot.waitUntil(lambda: integ.drill.result is not None and bool(integ.drill.result.links), timeout=5000)
    integ.docks["drill"].show()
    integ.docks["drill"].raise_()
    w.docks["dock_history"].show()
    qtbot.waitUntil(integ.drill.isVisible, timeout=2000)
    row = next(r for r in design_json.to_json()["failures"]["fibers"]
               if r["lost"] and w.document.plan.fibers[r["fiber"]].vertices)  # (a nudge moves its bends)
    w.scene.select_keys([("fiber", row["fiber"])])  # the inspector shows a fiber; the drill cuts it
    qtbot.waitUntil(lambda: integ.drill.outcome is not None, timeout=5000)
    edit_in_the_inspector_and_on_the_map(w, "7")
    w.set_tool("add_demand")  # its hint is in the status bar
    integ.error_dialog.show_error(PlanError("loss out of range", element=row["fiber"], field="loss_db"),
                                  w.document.plan)
    integ.error_dialog.show()
    dialogs = [integ.open_link_calculator(), integ.open_report_dialog(open_when_done=False),
               integ.open_preferences(), PlaceImageDialog(123.4, w)]
    dialogs[-1].show()
    return w, dialogs


def edit_in_the_inspector_and_on_the_map(w, splices: str) -> None:
    """Two undo steps: a field typed in the inspector, a nudge of the selection with an arrow key."""
    editor = w.inspector.editors["splices"]
    editor.setText(splices)
    editor.editingFinished.emit()
    tool = w.view.tool
    w.set_tool("select")
    QTest.keyClick(w.view.viewport(), Qt.Key.Key_Right)
    w.view.set_tool(tool)


@pytest.mark.parametrize("start_language", ["en", "zh"], indirect=True)
def test_every_shown_text_follows_a_live_language_switch(qtbot, tmp_path, design_json, start_language):
    w, dialogs = busy_window(qtbot, tmp_path, design_json)
    integ = w.analysis
    try:
        if start_language == "en":
            assert len(english_leftovers(w)) > 100  # the walk sees the English texts
        else:
            assert english_leftovers(w) == []
        for n, lang in enumerate(("zh", "en", "zh") if start_language == "en" else ("en", "zh", "en")):
            steps = w.document.undo_stack.count()
            assert integ.set_language(lang)
            edit_in_the_inspector_and_on_the_map(w, str(n + 2))
            assert w.document.undo_stack.count() == steps + 2
            if lang == "zh":
                assert english_leftovers(w) == []
                assert w.inspector.form_label("attenuation_db_per_km") == "衰减系数"
                assert "演练" in integ.docks["drill"].windowTitle()
            else:
                assert chinese_leftovers(w) == []
                assert w.inspector.form_label("attenuation_db_per_km") == "Attenuation"
    finally:
        for d in dialogs:
            d.close()
        integ.error_dialog.hide()
        integ.set_language("en")
        integ.shutdown()
        w.document.undo_stack.setClean()
