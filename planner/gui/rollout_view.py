"""Rollout view: strategy, seed section and yearly budget; ``planner.rollout.simulate`` runs in a
worker thread; a timeline slider (and a play button) lights up on the map what is built by each
phase; a chart shows coverage and cumulative CAPEX phase by phase."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.errors import PlanError
from planner.gui.analysis.chart import ChartWidget, Series
from planner.gui.i18n import FollowsLanguage

Key = tuple[str, str]


class _SimWorker(QObject):
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, plan, kwargs: dict) -> None:
        super().__init__()
        self.plan, self.kwargs = plan, kwargs

    def run(self) -> None:
        from planner.rollout import simulate

        try:
            sim = simulate(self.plan, **self.kwargs)
        except Exception as e:  # noqa: BLE001 - shown to the user, never a traceback
            self.failed.emit(e)
        else:
            self.finished.emit(sim)


def built_keys(sim, upto: int) -> set[Key]:
    """Plan elements in service after phase ``upto`` (1-based; 0: nothing yet): the sites,
    trusted nodes and demands of phases 1..upto and the fibers of their QKD links."""
    keys: set[Key] = set()
    view = sim.view
    for p in sim.phases[:upto]:
        keys.update(("site", s) for s in (*p.sites, *p.trusted_nodes, *p.endpoints))
        keys.update(("demand", d) for d in p.demands)
        keys.update(("fiber", f) for f in p.new_fibers)
        for lid in p.links:
            link = view.links.get(lid) if view is not None else None
            if link is not None:
                keys.update(("fiber", f) for f in link.fibers)
                keys.update(("site", s) for s in (link.a, link.b))
    return keys


class RolloutView(FollowsLanguage, QWidget):
    """Rollout controls, timeline and chart. ``highlight_changed(keys | None)`` drives the map."""

    highlight_changed = Signal(object)
    error = Signal(object)

    def __init__(self, document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from planner.rollout import STRATEGIES

        self.document = document
        self.simulation = None
        self._failure: BaseException | None = None  # the last run's error (shown until the next result)
        self.thread: QThread | None = None
        self.worker: _SimWorker | None = None
        self.strategy = QComboBox()
        for s in STRATEGIES:
            self.strategy.addItem(s, s)
        self.seed = QComboBox()
        self.budget = QDoubleSpinBox()
        self.budget.setRange(0, 1e12)
        self.budget.setDecimals(0)
        self.budget.setSingleStep(100000)
        self.budget.setGroupSeparatorShown(True)
        self.solver = QComboBox()
        self.solver.addItem("", "auto")
        self.solver.addItem("", "heuristic")
        self.run_button = QPushButton()
        self.run_button.clicked.connect(self.run)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(10)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        self.play = QToolButton()
        self.play.setCheckable(True)
        self.play.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.play.toggled.connect(self._play_toggled)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setPageStep(1)
        self.slider.valueChanged.connect(self._phase_changed)
        self.phase_label = QLabel()
        self.phase_label.setWordWrap(True)
        self.phase_label.setTextFormat(Qt.TextFormat.RichText)
        self.chart = ChartWidget()
        self.chart.integer_x = True
        self.chart.legend_corner = "top-left"
        self.chart.setMinimumSize(320, 220)
        self.timer = QTimer(self)
        self.timer.setInterval(900)
        self.timer.timeout.connect(self._tick)
        self.form = QFormLayout()
        self.form.addRow("Strategy", self.strategy)
        self.form.addRow("Seed section", self.seed)
        self.form.addRow("Yearly budget", self.budget)
        self.form.addRow("Design", self.solver)
        run_row = QHBoxLayout()
        run_row.addWidget(self.run_button)
        run_row.addWidget(self.busy, 1)
        timeline = QHBoxLayout()
        timeline.addWidget(self.play)
        timeline.addWidget(self.slider, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addLayout(run_row)
        lay.addLayout(timeline)
        lay.addWidget(self.phase_label)
        lay.addWidget(self.chart, 1)
        document.reset.connect(self.load_settings)
        document.settings_changed.connect(lambda n: n == "rollout" and self.load_settings())
        document.element_added.connect(lambda k, _i: k == "section" and self.load_settings())
        document.element_removed.connect(lambda k, _i: k == "section" and self.load_settings())
        self.retranslate()
        self.load_settings()

    # -- texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        for field, text in ((self.strategy, self.tr("Strategy")), (self.seed, self.tr("Seed section")),
                            (self.budget, self.tr("Yearly budget")), (self.solver, self.tr("Design"))):
            label = self.form.labelForField(field)
            if label is not None:
                label.setText(text)
        names = {"contiguous": self.tr("Contiguous (grow from the seed)"),
                 "priority": self.tr("By section priority"), "greedy": self.tr("Greedy (coverage per cost)"),
                 "manual": self.tr("Manual order")}
        for i in range(self.strategy.count()):
            self.strategy.setItemText(i, names.get(self.strategy.itemData(i), self.strategy.itemData(i)))
        self.solver.setItemText(0, self.tr("Best cost (exact, slower)"))
        self.solver.setItemText(1, self.tr("Fast (heuristic)"))
        self.budget.setSpecialValueText(self.tr("no limit"))
        self.run_button.setText(self.tr("Simulate rollout"))
        self.play.setToolTip(self.tr("Play the phases"))
        self.chart.title = self.tr("Coverage and cumulative CAPEX by phase")
        self.chart.x_label = self.tr("Phase")
        self.chart.y_label = self.tr("Coverage (%)")
        self.chart.y2_label = self.tr("Cumulative CAPEX")
        if self.seed.count():
            self.seed.setItemText(0, self.tr("(automatic)"))
        if self._failure is not None:
            self._failed_text()
        elif self.simulation is not None:
            self._show_chart()
            self._show_phase_text(self.slider.value())

    # -- settings -------------------------------------------------------------------------------
    def load_settings(self) -> None:
        r = self.document.plan.rollout
        self.strategy.setCurrentIndex(max(0, self.strategy.findData(r.strategy)))
        self.seed.blockSignals(True)
        self.seed.clear()
        self.seed.addItem(self.tr("(automatic)"), None)
        for sid, sec in self.document.plan.sections.items():
            self.seed.addItem(sec.name or sid, sid)
        self.seed.setCurrentIndex(max(0, self.seed.findData(r.seed_section)))
        self.seed.blockSignals(False)
        self.budget.setValue(r.budget_per_year or 0.0)
        self.budget.setPrefix(f"{self._currency()} ")

    def _currency(self) -> str:
        """The cost book's currency (what the rollout's money is in)."""
        try:
            from planner.costs import load_cost_book

            return load_cost_book(self.document.plan).currency
        except (PlanError, OSError):
            return self.document.plan.meta.currency

    def options(self) -> dict:
        budget = self.budget.value()
        return {"strategy": self.strategy.currentData(), "seed_section": self.seed.currentData(),
                "budget_per_year": budget if budget > 0 else None,
                "design_kwargs": {"solver": self.solver.currentData()}}

    # -- running ----------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.thread is not None

    def run(self) -> None:
        """Simulate the rollout of the current plan with the chosen options (in the background)."""
        if self.running:
            return
        self.thread = QThread(self)
        self.worker = _SimWorker(self.document.plan.snapshot(), self.options())
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.finished.connect(self.set_simulation)
        self.worker.failed.connect(self._failed)
        self.worker.finished.connect(self.thread.quit)
        self.worker.failed.connect(self.thread.quit)
        self.thread.finished.connect(self._thread_done)
        self.busy.setVisible(True)
        self.run_button.setEnabled(False)
        self.thread.start()

    def _thread_done(self) -> None:
        self.worker.deleteLater()
        self.thread.deleteLater()
        self.thread, self.worker = None, None
        self.busy.setVisible(False)
        self.run_button.setEnabled(True)

    def wait(self, ms: int = 60000) -> bool:
        return self.thread.wait(ms) if self.thread is not None else True

    def _failed(self, error) -> None:
        self._failure = error
        self._failed_text()
        self.error.emit(error)

    def _failed_text(self) -> None:
        error = self._failure
        text = error.message if isinstance(error, PlanError) else f"{type(error).__name__}: {error}"
        self.phase_label.setText(self.tr("The rollout could not be simulated: {0}").format(text))

    def set_simulation(self, sim) -> None:
        """Show a ``Simulation`` (from ``run`` or given directly) and go to its last phase."""
        self._failure = None
        self.simulation = sim
        n = len(sim.phases)
        self.slider.blockSignals(True)
        self.slider.setRange(0, n)
        self.slider.setValue(n)
        self.slider.blockSignals(False)
        self._show_chart()
        self._phase_changed(n)

    def _show_chart(self) -> None:
        sim = self.simulation
        x = np.arange(0, len(sim.phases) + 1, dtype=float)
        cov = np.array([0.0] + [100.0 * p.coverage for p in sim.phases])
        capex = np.array([0.0] + [p.cumulative_capex for p in sim.phases])
        self.chart.y_range = (0.0, 100.0)
        self.chart.set_data([Series(self.tr("Coverage"), x, cov, "#0072B2", width=2.5)],
                            bars=(x, capex, "#E69F00", self.tr("Cumulative CAPEX ({0})").format(sim.currency)))

    # -- timeline ---------------------------------------------------------------------------------
    def _phase_changed(self, k: int) -> None:
        sim = self.simulation
        if sim is None:
            return
        self._show_phase_text(k)
        self.highlight_changed.emit(built_keys(sim, k))

    def _show_phase_text(self, k: int) -> None:
        sim = self.simulation
        self.chart.set_cursor(float(k))
        if k == 0:
            self.phase_label.setText(self.tr("<b>Before the rollout</b>: nothing built yet."))
        else:
            p = sim.phases[k - 1]
            names = [self.document.plan.sections[s].name if s in self.document.plan.sections else s
                     for s in p.sections]
            self.phase_label.setText(self.tr(
                "<b>Phase {0} of {1}</b> · year {2} · {3}<br>coverage {4:.0f} % · "
                "{5} new demand(s) · cumulative CAPEX {6:,.0f} {7}").format(
                k, len(sim.phases), p.year if p.year is not None else "–", ", ".join(names),
                100 * p.coverage, len(p.demands), p.cumulative_capex, sim.currency))

    def highlighted(self) -> set[Key]:
        return built_keys(self.simulation, self.slider.value()) if self.simulation else set()

    def _play_toggled(self, on: bool) -> None:
        self.play.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MediaPause if on else QStyle.StandardPixmap.SP_MediaPlay))
        if on:
            if self.slider.value() >= self.slider.maximum():
                self.slider.setValue(0)
            self.timer.start()
        else:
            self.timer.stop()

    def _tick(self) -> None:
        if self.slider.value() >= self.slider.maximum():
            self.play.setChecked(False)
            return
        self.slider.setValue(self.slider.value() + 1)

    def leave(self) -> None:
        """The view is closed: stop playing and give the map back its normal colours."""
        self.play.setChecked(False)
        self.highlight_changed.emit(None)
