"""Live evaluation on the example plan: debounce, revisions, cancellation, colours, tables."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer

from planner.gui.analysis.styling import FIBER_LOSS
from planner.gui.analysis.worker import Cancelled, EvaluationController, quick_stage
from planner.gui.panels.results import ResultsPanel


def fiber_color(scene, fid):
    return scene.items_by_key[("fiber", fid)].pen().color().name()


def test_fiber_length_edit_recolours_fiber_and_updates_table(qtbot, document, scene, full_analysis):
    analysis = full_analysis
    panel = ResultsPanel()
    qtbot.addWidget(panel)
    analysis.controller.result_ready.connect(panel.set_result)
    analysis.start()
    qtbot.waitUntil(lambda: analysis.result is not None and analysis.result.final, timeout=30000)
    table = panel.links
    col = [c.header for c in table.model.columns].index("Loss (dB)")
    # a fiber that carries a QKD link of the design
    link = next(r for r in analysis.result.links if r.fibers)
    fid = link.fibers[0]
    row = next(i for i, r in enumerate(table.model.rows) if r.id == link.id)
    loss_before = table.model.rows[row].loss_db
    before = fiber_color(scene, fid)
    assert before == FIBER_LOSS.color(analysis.result.fibers[fid]["loss_db"]).lower()
    # a 40 km measured length: loss far above the top threshold, so the colour must change
    document.edit("fiber", fid, length_m=40000.0)
    qtbot.waitUntil(lambda: analysis.result.revision == document.revision, timeout=2000)
    after = fiber_color(scene, fid)
    assert after != before
    assert after == FIBER_LOSS.colors[-1].lower()
    assert "40000 m" in scene.items_by_key[("fiber", fid)].toolTip()

    def link_row():
        return next((r for r in table.model.rows if r.id == link.id), None)

    # the link through that fiber shows the new loss (about 0.2 dB/km × 40 km more)
    qtbot.waitUntil(lambda: link_row() is not None and link_row().loss_db > loss_before + 5, timeout=2000)
    text = table.model.text(table.model.rows.index(link_row()), col)
    assert float(text) == pytest.approx(link_row().loss_db, abs=0.01)


def test_quick_stage_reproduces_the_design_numbers(example, design_json):
    """The provisional links of the quick stage use the engine's link model: on an unchanged plan
    they equal the full design's numbers."""
    from planner.gui.analysis.result import build_result
    from planner.gui.analysis.worker import quick_stage

    full = design_json
    quick = quick_stage(example, full.to_json())
    a = build_result(full, 1, plan=example).link_by_id
    b = build_result(quick, 1, plan=example, final=False).link_by_id
    assert a.keys() == b.keys() and a
    for lid in a:
        # the engine's JSON rounds to 4 decimals
        assert b[lid].loss_db == pytest.approx(a[lid].loss_db, abs=1e-4)
        assert b[lid].key_rate_bps == pytest.approx(a[lid].key_rate_bps, rel=1e-6, abs=1e-3)
        assert b[lid].fibers == a[lid].fibers


def test_rapid_edits_are_debounced_and_only_latest_revision_shown(qtbot, document, analysis):
    seen = []
    analysis.controller.result_ready.connect(lambda r: seen.append(r.revision))
    for i in range(5):
        document.edit("fiber", "f-02", length_m=1000.0 + 100 * i)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    qtbot.waitUntil(lambda: not analysis.controller.busy, timeout=3000)
    assert set(seen) == {document.revision}  # the quick stage and the full result, nothing older
    assert analysis.result.fibers["f-02"]["length_m"] == pytest.approx(1400.0)


def test_long_evaluation_is_cancellable_and_event_loop_keeps_running(qtbot, document):
    started = threading.Event()

    def slow(plan, cancelled):
        # real engine work (loss budgets) repeated until cancelled: an engine that polls its token
        started.set()
        for _ in range(1000000):
            if cancelled():
                raise Cancelled
            quick_stage(plan)
        return quick_stage(plan)

    ctl = EvaluationController(document, evaluator=slow, debounce_ms=10)
    results, cancelled = [], []
    ctl.result_ready.connect(results.append)
    ctl.cancelled.connect(cancelled.append)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    ctl.run_now()
    assert ctl.busy
    qtbot.waitUntil(started.is_set, timeout=3000)
    qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=3000)  # the GUI thread is free meanwhile
    assert ctl.busy
    ctl.cancel()
    assert not ctl.busy
    assert cancelled == [document.revision]
    assert ctl.pool.waitForDone(5000)  # the worker noticed the token and ended
    qtbot.wait(20)  # let a late "done" signal arrive: it must be dropped
    assert results == []
    timer.stop()
    ctl.shutdown()


def test_stale_result_is_dropped(qtbot, document):
    gate = threading.Event()

    def gated(plan, cancelled):
        gate.wait(5)
        return quick_stage(plan)

    ctl = EvaluationController(document, evaluator=gated, debounce_ms=10)
    got = []
    ctl.result_ready.connect(got.append)
    ctl.run_now()
    old = document.revision
    document.edit("fiber", "f-03", length_m=777.0)  # newer revision: the old job is stale
    gate.set()
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert [r.revision for r in got] == [document.revision]
    assert old != document.revision
    ctl.shutdown()


def test_engine_error_reported_not_raised(qtbot, document, scene):
    from dataclasses import replace

    from planner.errors import PlanError
    from planner.gui.analysis.panel import MapAnalysis

    analysis = MapAnalysis(document, scene, debounce_ms=10)  # the app's evaluator: the real engine
    errors = []
    analysis.error.connect(lambda rev, e: errors.append(e))
    document.set_settings("devices", replace(document.plan.devices, allowed=("no-such-device",)))
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert isinstance(errors[0], PlanError)
    assert errors[0].element == "devices" and errors[0].field == "allowed[0]"
    assert "no-such-device" in analysis.panel.status.text()
    analysis.shutdown()


def test_table_selection_selects_on_map_and_back(qtbot, document, scene, analysis):
    panel = ResultsPanel()
    qtbot.addWidget(panel)
    analysis.controller.result_ready.connect(panel.set_result)
    panel.select_on_map.connect(scene.select_keys)
    with qtbot.waitSignal(analysis.controller.result_ready, timeout=5000):
        analysis.start()
    table = panel.demands
    assert table.proxy.rowCount() == len(document.plan.demands)
    table.view.selectRow(0)
    did = table.model.rows[table.selected_rows()[0]].id
    assert scene.selected_keys() == [("demand", did)]
    other = list(document.plan.demands)[-1]
    scene.select_keys([("demand", other)])
    panel.select_keys(scene.selected_keys())
    assert [table.model.rows[r].id for r in table.selected_rows()] == [other]


def test_filter_copy_and_csv_export(qtbot, tmp_path, document, analysis):
    panel = ResultsPanel()
    qtbot.addWidget(panel)
    analysis.controller.result_ready.connect(panel.set_result)
    with qtbot.waitSignal(analysis.controller.result_ready, timeout=5000):
        analysis.start()
    t = panel.demands
    did = next(iter(document.plan.demands))
    t.filter.setText(did)
    assert 1 <= t.proxy.rowCount() < len(document.plan.demands)
    t.view.selectAll()
    t.copy()
    from PySide6.QtGui import QGuiApplication

    text = QGuiApplication.clipboard().text()
    assert text.splitlines()[0].startswith("Demand\t")
    assert did in text
    out = tmp_path / "demands.csv"
    t.export_csv(out)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].split(",")[0] == "Demand"
    assert len(lines) == 1 + t.proxy.rowCount()
    # sorting by a numeric column orders numerically
    t.filter.clear()
    col = [c.header for c in t.model.columns].index("Required")
    t.view.sortByColumn(col, t.view.horizontalHeader().sortIndicatorOrder().AscendingOrder)
    vals = [t.proxy.data(t.proxy.index(r, col), t.proxy.sortRole()) for r in range(t.proxy.rowCount())]
    assert vals == sorted(vals)


def test_device_classes_edit_the_plan_undoably_and_reevaluate(qtbot, document, analysis):
    from planner.physics.devices import load_catalogue

    with qtbot.waitSignal(analysis.controller.result_ready, timeout=5000):
        analysis.start()
    panel = analysis.panel
    assert all(cb.isChecked() for cb in panel.class_checks.values())  # nothing restricted
    rev = document.revision
    with qtbot.waitSignal(analysis.controller.result_ready, timeout=5000):
        panel.class_checks["cv-qkd"].setChecked(False)
    catalogue = load_catalogue()
    allowed = document.plan.devices.allowed
    assert allowed and all(catalogue[d].protocol != "cv-qkd" for d in allowed)
    assert {catalogue[d].protocol for d in allowed} == set(panel.class_checks) - {"cv-qkd"}
    assert analysis.result.revision == document.revision > rev
    document.undo_stack.undo()
    assert document.plan.devices.allowed == ()
    assert panel.class_checks["cv-qkd"].isChecked()  # the panel follows the plan
    # the last class cannot be switched off
    for proto, cb in panel.class_checks.items():
        if proto != "tf-qkd":
            cb.setChecked(False)
    panel.class_checks["tf-qkd"].setChecked(False)
    assert document.plan.devices.allowed and panel.class_checks["tf-qkd"].isChecked()
