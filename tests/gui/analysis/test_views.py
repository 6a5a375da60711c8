"""Rollout view, drill, link calculator, report dialog and engine error dialog on the example plan."""

from __future__ import annotations

import pytest

from planner.errors import ValidationError


@pytest.fixture(scope="module")
def simulation(design_json):
    """The example's rollout, built on the design of the session's evaluation."""
    from planner.io import load_plan
    from planner.resources import example_plan
    from planner.rollout import simulate

    return simulate(load_plan(example_plan()), design=design_json.design)


def test_rollout_slider_changes_highlighted_elements(qtbot, document, scene, analysis, simulation):
    from planner.gui.rollout_view import RolloutView

    view = RolloutView(document)
    qtbot.addWidget(view)
    view.highlight_changed.connect(analysis.set_highlight)
    with qtbot.waitSignal(analysis.controller.result_ready, timeout=5000):
        analysis.start()
    view.set_simulation(simulation)
    n = len(simulation.phases)
    assert view.slider.maximum() == n and view.slider.value() == n
    grey = "#c8cdd3"

    def fiber_colors():
        return {fid: scene.items_by_key[("fiber", fid)].pen().color().name() for fid in document.plan.fibers}

    lit = {k for k in view.highlighted() if k[0] == "fiber"}
    view.slider.setValue(0)
    assert view.highlighted() == set()
    assert set(fiber_colors().values()) == {grey}  # nothing built yet: everything greyed
    k = next(i for i, p in enumerate(simulation.phases, 1) if p.links)
    view.slider.setValue(k)
    early = {k for k in view.highlighted() if k[0] == "fiber"}
    assert early and early < lit  # later phases light up more
    colors = fiber_colors()
    assert {f for f, c in colors.items() if c != grey} == {f for _, f in early}
    assf = f"Phase {k} of {n}"
    assert assf in view.phase_label.text()
    # play advances the slider through the timer, without sleeping in the test
    view.slider.setValue(0)
    view.timer.setInterval(1)
    view.play.setChecked(True)
    qtbot.waitUntil(lambda: view.slider.value() == n and not view.play.isChecked(), timeout=5000)
    view.leave()
    assert analysis.styler.highlight is None


def test_rollout_runs_in_background_and_reports_errors(qtbot, document):
    from planner.gui.rollout_view import RolloutView

    view = RolloutView(document)
    qtbot.addWidget(view)
    view.strategy.addItem("bogus", "bogus")  # refused by the engine with a ValidationError
    view.strategy.setCurrentIndex(view.strategy.count() - 1)
    with qtbot.waitSignal(view.error, timeout=10000) as blocker:
        view.run()
    assert isinstance(blocker.args[0], ValidationError)
    assert blocker.args[0].field == "strategy"
    qtbot.waitUntil(lambda: not view.running, timeout=5000)
    assert "strategy" in view.phase_label.text() or "contiguous" in view.phase_label.text()


def test_drill_fiber_cut_and_attack(qtbot, document, example, result):
    from planner.gui.drill import DrillPanel, drill_outcome

    # a fiber whose failure costs service, according to the engine's failure analysis
    row = next(r for r in result.data["failures"]["fibers"] if r["lost"])
    out = drill_outcome(result, example, "fiber", row["fiber"])
    assert set(out.failed_links) == set(row["links"])
    assert sorted(out.lost) == sorted(x["demand"] for x in row["lost"])
    lost = next(d for d in out.demands if d.status == "lost")
    store = example.rollout.key_store_bits
    assert lost.buffer_s == pytest.approx(store / lost.required_bps, rel=1e-3)  # nothing survives
    panel = DrillPanel(document)
    qtbot.addWidget(panel)
    panel.set_result(result)
    got = []
    panel.highlight_changed.connect(lambda keys, colors: got.append((keys, colors)))
    assert panel.pick(("fiber", row["fiber"]))
    assert panel.table.rowCount() >= len(out.lost)
    keys, colors = got[-1]
    assert ("fiber", row["fiber"]) in keys and colors[("fiber", row["fiber"])] == "#D7263D"
    # a full intercept-resend attack makes a BB84-type link abort; a tiny one goes unnoticed
    from planner.network.candidates import resolve_devices

    devices = resolve_devices(example)
    dv = [r for r in result.links if devices[r.device].protocol != "cv-qkd"]
    cv = [r for r in result.links if devices[r.device].protocol == "cv-qkd"]
    assert dv and cv  # the example's design uses both families
    link = dv[0]
    full = drill_outcome(result, example, "attack", link.id, attack_fraction=1.0)
    assert full.failed_links == (link.id,) and full.attack_qber[link.id] > 0.2
    tiny = drill_outcome(result, example, "attack", link.id, attack_fraction=0.01)
    assert tiny.failed_links == () and not tiny.lost
    assert tiny.attack_qber[link.id] < full.attack_qber[link.id]
    # CV-QKD sees any attack as excess noise and aborts (no QBER to report)
    cvo = drill_outcome(result, example, "attack", cv[0].id, attack_fraction=0.01)
    assert cvo.failed_links == (cv[0].id,) and cvo.attack_qber == {}


def test_link_calculator_matches_engine_and_redraws(qtbot):
    import numpy as np

    from planner.gui.dialogs.link_calculator import LinkCalculatorDialog, sweep
    from planner.physics.link import link_performance
    from planner.physics.loss import loss_budget

    dlg = LinkCalculatorDialog()
    qtbot.addWidget(dlg)
    dev_id = "decoy-bb84-1ghz"
    dlg.set_chosen([dev_id])
    dlg.at_km.setValue(25.0)
    dlg.recompute()
    dev = dlg.catalogue[dev_id]
    alpha = dlg._params(dev)["attenuation_db_per_km"]
    loss = loss_budget(25000.0, alpha, splices=4, connectors=2, margin_db=1.0).total_db
    expect = float(link_performance(dev, loss, length_m=25000.0).key_rate_bps)
    assert dlg.readout()[dev_id] == pytest.approx(expect, rel=1e-9)
    names = [s.name for s in dlg.chart.series]
    assert any(n.startswith("PLOB") for n in names) and len(names) == 2
    plob = dlg.chart.series[-1].y
    rate = dlg.chart.series[0].y
    ok = np.isfinite(rate)
    assert np.all(rate[ok] < plob[ok])  # no device beats the repeaterless bound
    assert np.allclose(np.nan_to_num(rate), np.nan_to_num(np.where(
        sweep(dev, np.linspace(0, 150, 301), **dlg._params(dev)).key_rate_bps > 0,
        sweep(dev, np.linspace(0, 150, 301), **dlg._params(dev)).key_rate_bps, np.nan)))
    dlg.splices.setValue(40)  # live update after a short debounce
    qtbot.waitUntil(lambda: dlg.readout()[dev_id] < expect and dlg.table.item(0, 1) is not None, timeout=2000)


def test_report_dialog_writes_pdf_in_background(qtbot, tmp_path, example, design_json):
    from pypdf import PdfReader

    from planner.gui.dialogs.report_dialog import ReportDialog

    out = tmp_path / "report.pdf"
    # the app hands over its live evaluation of this plan, so the report does not solve again
    dlg = ReportDialog(example, path=out, lang="zh", open_when_done=False, date="2026-01-01",
                       evaluation=design_json.to_json())
    qtbot.addWidget(dlg)
    assert dlg.lang.currentData() == "zh"
    for key, cb in dlg.section_checks.items():
        cb.setChecked(key == "summary")
    seen = []
    dlg.progress.valueChanged.connect(lambda _v: seen.append(dlg.status.text()))
    with qtbot.waitSignal(dlg.written, timeout=30000) as blocker:
        dlg.start()
        assert dlg.running and not dlg.generate.isEnabled()
    assert blocker.args == [str(out)]
    assert out.read_bytes()[:5] == b"%PDF-"
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "QKD" in text and any("\u4e00" <= ch <= "\u9fff" for ch in text)  # Chinese report
    assert dlg.progress.value() == 1000
    # each step is named in words, sections as in the dialog (the UI is English here)
    assert "Working: evaluating the plan" in seen and "Working: Summary" in seen and "Working: engine" not in seen
    qtbot.waitUntil(lambda: not dlg.running, timeout=5000)


def test_report_dialog_cancel_leaves_no_file(qtbot, tmp_path, example):
    from planner.gui.dialogs.report_dialog import ReportDialog

    out = tmp_path / "cancelled.pdf"
    dlg = ReportDialog(example, path=out, open_when_done=False)
    qtbot.addWidget(dlg)
    with qtbot.waitSignal(dlg.finished_run, timeout=60000):
        dlg.start()
        dlg.cancel()
    assert not out.exists()
    assert "Cancelled" in dlg.status.text()


def test_engine_error_dialog_selects_element(qtbot, document, scene):
    from planner.errors import PlanError
    from planner.gui.dialogs.engine_error import EngineErrorDialog

    dlg = EngineErrorDialog()
    qtbot.addWidget(dlg)
    fid = next(iter(document.plan.fibers))
    dlg.show_error(PlanError("loss must be finite", element=fid, field="loss_db"), document.plan)
    assert fid in dlg.where.text() and "loss_db" in dlg.where.text()
    assert not dlg.select_button.isHidden()
    dlg.select_requested.connect(lambda k, i: scene.select_keys([(k, i)]))
    dlg.select_button.click()
    assert scene.selected_keys() == [("fiber", fid)]
    dlg.show_error(RuntimeError("solver exploded"), document.plan)
    assert dlg.select_button.isHidden()
    assert "RuntimeError: solver exploded" in dlg.detail.text()
    assert "Traceback" not in dlg.detail.text()


def test_reasons_follow_the_interface_language(qtbot, result):
    from dataclasses import replace

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from planner.gui.i18n import LanguageManager
    from planner.gui.panels.results import ResultsPanel

    bad = replace(result.demands[0], feasible=False, reason="no fiber path between crane and gate",
                  reason_code="no_fiber_path", reason_args=(("a", "crane"), ("b", "gate")))
    panel = ResultsPanel()
    qtbot.addWidget(panel)
    panel.set_result(replace(result, demands=(bad, *result.demands[1:])))
    model = panel.demands.model
    col = next(i for i in range(model.columnCount()) if model.headerData(i, Qt.Orientation.Horizontal) == "Reason")
    assert model.text(0, col) == "no fiber path between crane and gate"
    manager = LanguageManager.of(QApplication.instance())
    with qtbot.waitSignal(model.dataChanged, timeout=1000):
        assert manager.set_language("zh")
    try:
        assert model.text(0, col) == "crane 与 gate 之间没有光纤路径"
    finally:
        manager.set_language("en")
    assert model.text(0, col) == "no fiber path between crane and gate"
