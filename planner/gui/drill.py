"""Failure and attack drill: cut a fiber, a duct or a trusted node, or attack a QKD link with
intercept-resend, and see which demands lose service and how long their stored keys last.

The numbers are the engine's (``planner.network.resilience``): the live evaluation carries the
failure analysis of every single fiber, duct and trusted node (``failures``); an attack on a
link at the chosen intercepted fraction runs ``attack_drill`` on the evaluation's design. A demand
that loses service lives on its key store for key_store_bits / (required − surviving) seconds.
Demands whose routes were hit but that keep their rate on another route are listed as rerouted.

A target picked before the analysis is ready (the first evaluation of a plan is still running) is
remembered and drilled as soon as the result arrives; a newer pick replaces it, and leaving the
drill or opening another plan drops it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSlider,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.gui.analysis.result import AnalysisResult
from planner.gui.analysis.styling import rate_text
from planner.gui.i18n import FollowsLanguage

Key = tuple[str, str]
ACTIONS = ("fiber", "duct", "node", "attack")


@dataclass(frozen=True)
class DemandImpact:
    id: str
    status: str  # "lost", "rerouted" (a disjoint route survives), "unaffected"
    required_bps: float
    buffer_s: float | None  # how long the stored keys last (lost demands)


@dataclass(frozen=True)
class DrillOutcome:
    action: str
    target: str
    failed_links: tuple[str, ...]
    demands: tuple[DemandImpact, ...]
    attack_qber: dict[str, float]
    threshold: float | None = None

    @property
    def lost(self) -> list[str]:
        return [d.id for d in self.demands if d.status == "lost"]

    @property
    def rerouted(self) -> list[str]:
        return [d.id for d in self.demands if d.status == "rerouted"]


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def _impacts(result: AnalysisResult, failed: set[str], dead_nodes: set[str], lost: list[dict]) -> list[DemandImpact]:
    by_id = {x["demand"]: x for x in lost}
    out = []
    for d in result.demands:
        if d.id in by_id:
            x = by_id[d.id]
            out.append(DemandImpact(d.id, "lost", float(x.get("required_bps", d.required_bps)), x.get("buffer_s")))
            continue
        touched = any(set(r) & failed for r in d.routes) or bool(set(d.relays) & dead_nodes)
        out.append(DemandImpact(d.id, "rerouted" if touched else "unaffected", d.required_bps, None))
    order = {"lost": 0, "rerouted": 1, "unaffected": 2}
    out.sort(key=lambda i: (order[i.status], i.buffer_s if i.buffer_s is not None else math.inf, i.id))
    return out


def drill_outcome(result: AnalysisResult, plan, action: str, target: str, *,
                  attack_fraction: float = 1.0) -> DrillOutcome:
    """What happens to the evaluated network when ``target`` fails (see module docstring).

    ``action``: ``fiber`` (a fiber id), ``duct`` (a duct id), ``node`` (a trusted node's site id)
    or ``attack`` (a link id; intercept-resend on ``attack_fraction`` of its pulses).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown drill action {action!r}")
    failures = result.data.get("failures") or {}
    attack_qber: dict[str, float] = {}
    threshold = None
    dead_nodes: set[str] = set()
    if action in ("fiber", "duct", "node"):
        table, key = {"fiber": ("fibers", "fiber"), "duct": ("ducts", "duct"),
                      "node": ("trusted_nodes", "site")}[action]
        row = next((r for r in failures.get(table, ()) if r.get(key) == target), None)
        if row is None:
            raise ValueError(f"no failure analysis for {action} {target!r}")
        failed = set(row.get("links", ()))
        if action == "node":
            dead_nodes = {target}
        lost = row.get("lost", [])
    else:
        row = _attack_row(result, plan, target, attack_fraction)
        if row is None:
            raise ValueError(f"no attack drill for link {target!r}")
        if row.get("qber_attacked") is not None:
            attack_qber[target] = float(row["qber_attacked"])
        failed = {target} if row.get("aborts") else set()
        threshold = row.get("threshold")
        lost = row.get("lost", [])
    impacts = _impacts(result, failed, dead_nodes, lost)
    return DrillOutcome(action, target, tuple(sorted(failed)), tuple(impacts), attack_qber, threshold)


def _attack_row(result: AnalysisResult, plan, link_id: str, fraction: float) -> dict | None:
    """The engine's attack drill of one link: at the evaluation's own fraction from its
    ``attack_drill`` table, else recomputed on the evaluation's design at ``fraction``."""
    design = getattr(result.evaluation, "design", None)
    if design is not None:
        from planner.network.candidates import resolve_devices
        from planner.network.resilience import attack_drill

        rows = attack_drill(plan, design, resolve_devices(plan), fraction=fraction)
    else:
        rows = list(result.data.get("attack_drill", ()))
    return next((r for r in rows if r.get("link") == link_id), None)


def outcome_keys(outcome: DrillOutcome, result: AnalysisResult, plan) -> set[Key]:
    """Map elements to emphasise: the cut element, the failed links' fibers and hit demands."""
    keys: set[Key] = set()
    if outcome.action == "fiber":
        keys.add(("fiber", outcome.target))
    elif outcome.action == "duct":
        keys.update(("fiber", f.id) for f in plan.fibers.values() if f.duct == outcome.target)
    elif outcome.action == "node":
        keys.add(("site", outcome.target))
    links = result.link_by_id
    for lid in outcome.failed_links:
        if lid in links:
            keys.update(("fiber", f) for f in links[lid].fibers)
    keys.update(("demand", d.id) for d in outcome.demands if d.status != "unaffected")
    return keys


def outcome_colors(outcome: DrillOutcome, result: AnalysisResult, plan) -> dict[Key, str]:
    """Red for what failed and the demands that lose service, orange for rerouted demands."""
    red, orange = "#D7263D", "#F28E2B"
    colors: dict[Key, str] = {}
    links = result.link_by_id
    for lid in outcome.failed_links:
        colors[("link", lid)] = red
        if lid in links:
            colors.update({("fiber", f): red for f in links[lid].fibers})
    if outcome.action == "fiber":
        colors[("fiber", outcome.target)] = red
    elif outcome.action == "duct":
        colors.update({("fiber", f.id): red for f in plan.fibers.values() if f.duct == outcome.target})
    elif outcome.action == "node":
        colors[("site", outcome.target)] = red
    for d in outcome.demands:
        if d.status != "unaffected":
            colors[("demand", d.id)] = red if d.status == "lost" else orange
    return colors


class DrillPanel(FollowsLanguage, QWidget):
    """Pick what fails; see which demands lose service. ``highlight_changed(keys | None)``."""

    highlight_changed = Signal(object, object)  # keys | None, colours by key

    def __init__(self, document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.result: AnalysisResult | None = None
        self.outcome: DrillOutcome | None = None
        #: (action, target id) picked before the analysis was ready; drilled when it is.
        self.pending: tuple[str, str] | None = None
        self._message: Callable[[], str] | None = None  # the summary when it is not an outcome
        self.action = QComboBox()
        for a in ACTIONS:
            self.action.addItem("", a)
        self.target = QComboBox()
        self.target.setMinimumContentsLength(18)
        self.fraction = QSlider(Qt.Orientation.Horizontal)
        self.fraction.setRange(0, 100)
        self.fraction.setValue(100)
        self.fraction_label = QLabel()
        self.run_button = QPushButton()
        self.clear_button = QPushButton()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.form = QFormLayout()
        self.labels = [QLabel(), QLabel(), QLabel()]
        self.form.addRow(self.labels[0], self.action)
        self.form.addRow(self.labels[1], self.target)
        frac = QHBoxLayout()
        frac.addWidget(self.fraction, 1)
        frac.addWidget(self.fraction_label)
        self.form.addRow(self.labels[2], frac)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addLayout(buttons)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        self.action.currentIndexChanged.connect(lambda _i: self._fill_targets())
        self.fraction.valueChanged.connect(self._fraction_changed)
        self.run_button.clicked.connect(self.run)
        self.clear_button.clicked.connect(self.clear)
        document.reset.connect(self.reset)
        self.retranslate()
        self._fill_targets()

    def retranslate(self) -> None:
        names = {"fiber": self.tr("Cut a fiber"), "duct": self.tr("Cut a duct"),
                 "node": self.tr("Take out a trusted node"), "attack": self.tr("Attack a link (intercept-resend)")}
        for i in range(self.action.count()):
            self.action.setItemText(i, names[self.action.itemData(i)])
        for label, text in zip(self.labels, (self.tr("What"), self.tr("Which"), self.tr("Intercepted")),
                               strict=True):
            label.setText(text)
        self.run_button.setText(self.tr("Run drill"))
        self.clear_button.setText(self.tr("Clear"))
        self.table.setHorizontalHeaderLabels([self.tr("Demand"), self.tr("Status"), self.tr("Required"),
                                              self.tr("Keys last")])
        self._fraction_changed(self.fraction.value())
        if self.outcome is not None and self.result is not None:
            self._show_outcome()
        elif self._message is not None:
            self.summary.setText(self._message())

    def _fraction_changed(self, v: int) -> None:
        self.fraction_label.setText(f"{v} %")

    def set_result(self, result: AnalysisResult) -> None:
        """A new analysis result (early stages are ignored); a pending target is drilled now."""
        if not result.final:
            return
        self.result = result
        self._fill_targets()
        if self.pending is not None:
            action, target = self.pending
            self.pending = None
            if not self._choose(action, target):
                self._say(lambda: self._not_a_target(action, target))

    def reset(self) -> None:
        """Another plan: its analysis is not ready yet; the last result and any pending pick go."""
        self.result = None
        self.pending = None
        self.clear()
        self._fill_targets()

    def leave(self) -> None:
        """The drill is closed: drop a pending pick and give the map its normal colours."""
        self.pending = None
        if self.outcome is not None:
            self.clear()
        else:
            self._say(None)

    def _fill_targets(self) -> None:
        action = self.action.currentData()
        keep = self.target.currentData()
        self.target.clear()
        plan = self.document.plan
        attack = action == "attack"
        self.fraction.setEnabled(attack)
        res = self.result
        if action == "fiber":
            used = set(res.links_of_fiber()) if res else set()
            for fid, f in plan.fibers.items():
                if not res or fid in used:
                    self.target.addItem(f"{fid}  {f.name}".strip(), fid)
        elif action == "duct":
            for duct in sorted({f.duct for f in plan.fibers.values() if f.duct}):
                self.target.addItem(duct, duct)
        elif action == "node" and res:
            for n in res.nodes:
                self.target.addItem(n.name, n.site)
        elif attack and res:
            for r in res.links:
                self.target.addItem(f"{res.name(r.a)} – {res.name(r.b)}", r.id)
        i = self.target.findData(keep)
        if i >= 0:
            self.target.setCurrentIndex(i)

    def pick(self, key: Key) -> bool:
        """Use a map selection as the target (a fiber, or a trusted node's site). True if taken.

        Before the analysis is ready, a fiber or a site is remembered (``pending``) and drilled
        when the result arrives (whether a site is a trusted node is known only then)."""
        kind, eid = key
        if kind == "fiber":
            fiber = self.document.plan.fibers.get(eid)
            if fiber is None:
                return False
            action = "fiber" if self.action.currentData() != "duct" else "duct"
            if action == "duct":
                if not fiber.duct:
                    return False
                eid = fiber.duct
        elif kind == "site" and eid in self.document.plan.sites:
            action = "node"
        else:
            return False
        if self.result is None:
            self._wait_for(action, eid)
            return True
        return self._choose(action, eid)

    def _choose(self, action: str, target: str) -> bool:
        """Select ``target`` for ``action`` in the panel and run the drill. False if it is not a
        target of the current result (a site that is no trusted node, a fiber without links)."""
        if action == "node" and (self.result is None or target not in self.result.trusted_sites):
            return False
        self.action.setCurrentIndex(self.action.findData(action))
        i = self.target.findData(target)
        if i < 0:
            return False
        self.target.setCurrentIndex(i)
        self.run()
        return True

    def _wait_for(self, action: str, target: str) -> None:
        """Remember a target until the analysis is ready (a newer one replaces it)."""
        self.pending = (action, target)
        if self.outcome is not None:
            self.clear()
        if action in ("fiber", "duct"):
            i = self.action.findData(action)
            if self.action.currentIndex() != i:
                self.action.setCurrentIndex(i)
            j = self.target.findData(target)
            if j >= 0:
                self.target.setCurrentIndex(j)
        self._say(lambda: self.tr("{0} picked: the drill runs as soon as the analysis is ready.").format(
            self._target_text(action, target)))

    def _target_text(self, action: str, target: str) -> str:
        if action == "fiber":
            return self.tr("Fiber {0}").format(target)
        if action == "duct":
            return self.tr("Duct {0}").format(target)
        site = self.document.plan.sites.get(target)
        return self.tr("Site {0}").format(site.name or target if site is not None else target)

    def _not_a_target(self, action: str, target: str) -> str:
        what = self._target_text(action, target)
        if action == "node":
            return self.tr("{0} is not a trusted node of the design: pick a fiber or a trusted node.").format(what)
        return self.tr("{0} carries no QKD link of the design: cutting it affects no demand.").format(what)

    def _say(self, text: Callable[[], str] | None) -> None:
        """Show a message (a function, so it follows the interface language) instead of an outcome."""
        self._message = text
        self.summary.setText(text() if text is not None else "")

    def run(self) -> None:
        """Drill the chosen target; before the analysis is ready, remember it for then."""
        action, target = self.action.currentData(), self.target.currentData()
        if self.result is None and target is not None and action in ("fiber", "duct"):
            self._wait_for(action, target)
            return
        if self.result is None or target is None:
            if self.pending is None:  # (a pending pick keeps its own message)
                self._say(lambda: self.tr("Wait for the analysis to finish, then pick a target."))
            return
        self.pending = None
        try:
            out = drill_outcome(self.result, self.document.plan, action, target,
                                attack_fraction=self.fraction.value() / 100.0)
        except ValueError:  # the result has no failure analysis of this target
            self.clear()
            self._say(lambda: self.tr("The analysis has no failure data for {0}.")
                      .format(self._target_text(action, target)))
            return
        self.outcome = out
        self._message = None
        self._show_outcome()

    def _show_outcome(self) -> None:
        """The outcome's summary and table, and its colours on the map."""
        out, res, plan = self.outcome, self.result, self.document.plan
        lines = []
        if out.action == "attack":
            if out.attack_qber:
                q = next(iter(out.attack_qber.values()))
                lines.append(self.tr("QBER under attack: {0:.1f} % (abort threshold {1:.0f} %)").format(
                    100 * q, 100 * (out.threshold or 0.0)))
            else:
                lines.append(self.tr("Continuous-variable link: the attack shows as excess noise."))
            lines.append(self.tr("The link aborts: the attack is detected, key stops flowing.")
                         if out.failed_links else
                         self.tr("The link keeps running: this level of attack stays under the threshold."))
        lines.append(self.tr("{0} link(s) down · {1} demand(s) lose service · {2} keep it on a disjoint route")
                     .format(len(out.failed_links), len(out.lost), len(out.rerouted)))
        self.summary.setText("<br>".join(lines))
        status = {"lost": self.tr("loses service"), "rerouted": self.tr("on its second route"),
                  "unaffected": self.tr("unaffected")}
        rows = [d for d in out.demands if d.status != "unaffected"]
        self.table.setRowCount(len(rows))
        for r, d in enumerate(rows):
            dem = res.demand_by_id[d.id]
            el = plan.demands.get(d.id)
            label = (el.name if el is not None and el.name else f"{res.name(dem.a)} – {res.name(dem.b)}")
            vals = [label, status[d.status], rate_text(d.required_bps), format_duration(d.buffer_s)]
            for c, v in enumerate(vals):
                it = QTableWidgetItem(v)
                it.setToolTip(f"{res.name(dem.a)} – {res.name(dem.b)}")
                if d.status == "lost" and c == 1:
                    it.setForeground(QColor("#D7263D"))
                self.table.setItem(r, c, it)
        self.highlight_changed.emit(outcome_keys(out, res, plan), outcome_colors(out, res, plan))

    def clear(self) -> None:
        """Forget the outcome (the map gets its normal colours back)."""
        self.outcome = None
        self._message = None
        self.summary.clear()
        self.table.setRowCount(0)
        self.highlight_changed.emit(None, None)
