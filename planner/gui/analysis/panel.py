"""The analysis dock: colouring mode, legend, active device classes, busy indicator with cancel,
and ``MapAnalysis``, which ties the evaluation controller to the scene."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.gui.analysis.result import AnalysisResult
from planner.gui.analysis.styling import (
    INFEASIBLE,
    ResultOverlay,
    ResultStyler,
    draw_trusted_symbol,
    legend_entries,
)
from planner.gui.analysis.worker import EvaluationController

#: Device classes (protocol families) the user can switch on and off.
DEVICE_CLASSES = {
    "decoy-bb84": "Decoy-state BB84",
    "decoy-bb84-finite": "Decoy BB84, finite key",
    "bbm92": "Entanglement (BBM92)",
    "cv-qkd": "Continuous variable (GG02)",
    "tf-qkd": "Twin-field (SNS)",
}


def tr(text: str) -> str:
    return QCoreApplication.translate("AnalysisPanel", text)


def class_label(protocol: str) -> str:
    return {
        "decoy-bb84": tr("Decoy-state BB84"),
        "decoy-bb84-finite": tr("Decoy BB84, finite key"),
        "bbm92": tr("Entanglement (BBM92)"),
        "cv-qkd": tr("Continuous variable (GG02)"),
        "tf-qkd": tr("Twin-field (SNS)"),
    }.get(protocol, protocol)


class LegendWidget(QWidget):
    """Colour keys of the current mode plus the symbols (trusted node, infeasible demand)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = "loss"
        self.setSizePolicy(self.sizePolicy().horizontalPolicy(), self.sizePolicy().verticalPolicy())

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.updateGeometry()
        self.update()

    def _rows(self) -> list[tuple[str, object]]:
        rows: list[tuple[str, object]] = []
        for title, entries in legend_entries(self.mode):
            rows.append(("title", title))
            rows += [("swatch", e) for e in entries]
        rows.append(("title", tr("Symbols")))
        rows.append(("node", tr("Trusted node")))
        rows.append(("demand", tr("Infeasible demand")))
        rows.append(("arc", tr("QKD link (arc)")))
        return rows

    def sizeHint(self) -> QSize:  # noqa: N802
        fm = QFontMetrics(self.font())
        return QSize(200, len(self._rows()) * (fm.height() + 5) + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        h = fm.height() + 5
        y = 4
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        bold = QFont(self.font())
        bold.setBold(True)
        for kind, value in self._rows():
            mid = y + h / 2
            if kind == "title":
                p.setFont(bold)
                p.setPen(text_color)
                p.drawText(QRectF(4, y, self.width() - 8, h), Qt.AlignmentFlag.AlignVCenter, str(value))
                p.setFont(self.font())
            else:
                if kind == "swatch":
                    color, label = value
                    pen = QPen(QColor(color), 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
                    p.setPen(pen)
                    p.drawLine(QPointF(12, mid), QPointF(38, mid))
                elif kind == "node":
                    draw_trusted_symbol(p, QPointF(25, mid), h - 3)
                    label = value
                elif kind == "demand":
                    pen = QPen(QColor(INFEASIBLE), 2, Qt.PenStyle.DashDotLine)
                    p.setPen(pen)
                    p.drawLine(QPointF(12, mid), QPointF(38, mid))
                    label = value
                else:
                    pen = QPen(QColor("#1A9850"), 3)
                    p.setPen(pen)
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawArc(QRectF(12, mid - 3, 26, 12), 20 * 16, 140 * 16)
                    label = value
                p.setPen(text_color)
                p.drawText(QRectF(46, y, self.width() - 50, h), Qt.AlignmentFlag.AlignVCenter, str(label))
            y += h
        p.end()


class AnalysisPanel(QWidget):
    """Controls of the live analysis (a dock's contents)."""

    mode_changed = Signal(str)
    solver_changed = Signal(str)
    overlays_changed = Signal()
    classes_changed = Signal(tuple)  # protocols switched on

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = QComboBox()
        for key in ("loss", "margin", "off"):
            self.mode.addItem("", key)
        self.solver = QComboBox()
        self.solver.addItem("", "heuristic")
        self.solver.addItem("", "auto")
        self.show_links = QCheckBox()
        self.show_links.setChecked(True)
        self.show_nodes = QCheckBox()
        self.show_nodes.setChecked(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(10)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        self.cancel_button = QToolButton()
        self.cancel_button.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.legend = LegendWidget()
        self.classes_box = QGroupBox()
        self.class_checks: dict[str, QCheckBox] = {}
        cl = QVBoxLayout(self.classes_box)
        for proto in DEVICE_CLASSES:
            cb = QCheckBox()
            cb.setChecked(True)
            cb.toggled.connect(self._classes_toggled)
            self.class_checks[proto] = cb
            cl.addWidget(cb)
        self.form = QFormLayout()
        self.mode_label, self.solver_label = QLabel(), QLabel()
        self.form.addRow(self.mode_label, self.mode)
        self.form.addRow(self.solver_label, self.solver)
        busy_row = QHBoxLayout()
        busy_row.addWidget(self.busy, 1)
        busy_row.addWidget(self.cancel_button)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.show_links)
        lay.addWidget(self.show_nodes)
        lay.addLayout(busy_row)
        lay.addWidget(self.status)
        lay.addWidget(self.summary)
        lay.addWidget(self.legend)
        lay.addWidget(self.classes_box)
        lay.addStretch(1)
        self.mode.currentIndexChanged.connect(lambda _i: self._mode_changed())
        self.solver.currentIndexChanged.connect(lambda _i: self.solver_changed.emit(self.solver.currentData()))
        self.show_links.toggled.connect(lambda _on: self.overlays_changed.emit())
        self.show_nodes.toggled.connect(lambda _on: self.overlays_changed.emit())
        self._updating = False
        self.last_result: AnalysisResult | None = None
        self.retranslate()

    def retranslate(self) -> None:
        for i, text in enumerate((tr("Loss"), tr("Key-rate margin"), tr("Plain (no colouring)"))):
            self.mode.setItemText(i, text)
        self.mode_label.setText(tr("Colour by"))
        self.solver_label.setText(tr("Design"))
        self.solver.setItemText(0, tr("Fast (heuristic)"))
        self.solver.setItemText(1, tr("Best cost (exact, slower)"))
        self.solver.setToolTip(tr("How the live view designs the network after each edit; the exact "
                                  "solver may take its whole time limit"))
        self.show_links.setText(tr("Show QKD links"))
        self.show_nodes.setText(tr("Show trusted nodes"))
        self.cancel_button.setText(tr("Cancel"))
        self.cancel_button.setToolTip(tr("Cancel the running evaluation"))
        self.classes_box.setTitle(tr("Active device classes"))
        for proto, cb in self.class_checks.items():
            cb.setText(class_label(proto))
        self.legend.update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self.last_result is not None:
                self.show_result(self.last_result)
        super().changeEvent(event)

    def current_mode(self) -> str:
        return self.mode.currentData()

    def _mode_changed(self) -> None:
        self.legend.set_mode(self.current_mode())
        self.mode_changed.emit(self.current_mode())

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.status.setText(tr("Evaluating…"))

    def set_classes(self, on: set[str]) -> None:
        self._updating = True
        try:
            for proto, cb in self.class_checks.items():
                cb.setChecked(proto in on)
        finally:
            self._updating = False

    def _classes_toggled(self) -> None:
        if not self._updating:
            self.classes_changed.emit(tuple(p for p, cb in self.class_checks.items() if cb.isChecked()))

    def show_result(self, result: AnalysisResult) -> None:
        self.last_result = result
        if result.final:
            self.status.setText(tr("Revision {0} evaluated in {1} ms").format(
                result.revision, f"{1000 * result.seconds:.0f}"))
        else:
            self.status.setText(tr("Loss budgets ready ({0} ms); network design running…").format(
                f"{1000 * result.seconds:.0f}"))
        n = len(result.demands)
        bad = len(result.infeasible())
        parts = [tr("{0} fibers, {1} QKD links, {2} trusted nodes").format(
            len(result.fibers), len(result.links), len(result.nodes))]
        if n and any(d.feasible is not None for d in result.demands):
            parts.append(tr("{0} of {1} demands feasible").format(n - bad, n))
        self.summary.setText("\n".join(parts))

    def show_error(self, text: str) -> None:
        self.status.setText(f"<span style='color:{INFEASIBLE}'>{text}</span>")


class MapAnalysis(QObject):
    """Live analysis of a document on a scene: controller → styler, overlays, legend, panel.

    ``error(revision, exception)`` is re-emitted for the window to show (engine error dialog).
    """

    error = Signal(int, object)

    def __init__(self, document, scene, panel: AnalysisPanel | None = None, *, evaluator=None,
                 debounce_ms: int | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document, self.scene = document, scene
        kw = {} if debounce_ms is None else {"debounce_ms": debounce_ms}
        self.controller = EvaluationController(document, evaluator=evaluator, parent=self, **kw)
        self.styler = ResultStyler()
        self.overlay = ResultOverlay(scene)
        self.panel = panel or AnalysisPanel()
        self.styler.mode = self.panel.current_mode()
        scene.set_styler(self.styler)
        self.controller.result_ready.connect(self.apply)
        self.controller.busy_changed.connect(self.panel.set_busy)
        self.controller.failed.connect(self._failed)
        self.controller.cancelled.connect(lambda _r: self.panel.status.setText(tr("Evaluation cancelled")))
        self.panel.cancel_button.clicked.connect(self.controller.cancel)
        self.panel.mode_changed.connect(self.set_mode)
        self.panel.solver_changed.connect(self.set_solver)
        self.panel.overlays_changed.connect(self._overlays)
        self.panel.classes_changed.connect(self.set_device_classes)
        document.reset.connect(self._sync_classes)
        document.settings_changed.connect(lambda name: name == "devices" and self._sync_classes())
        self._sync_classes()

    @property
    def result(self) -> AnalysisResult | None:
        return self.controller.result

    def start(self) -> None:
        self.controller.run_now()

    def apply(self, result: AnalysisResult) -> None:
        self.styler.set_result(result)
        self.scene.restyle()
        self.overlay.update(result, self.styler)
        self.panel.show_result(result)

    def refresh(self) -> None:
        """Re-apply the current result (mode or highlight changed)."""
        self.scene.restyle()
        self.overlay.update(self.controller.result, self.styler)

    def set_mode(self, mode: str) -> None:
        self.styler.mode = mode
        self.refresh()

    def set_solver(self, solver: str) -> None:
        """Design solver of the live evaluation (``heuristic`` or ``auto``); evaluates again."""
        from planner.gui.analysis.worker import DefaultEvaluator

        if isinstance(self.controller.evaluator, DefaultEvaluator):
            self.controller.evaluator.solver = solver
            self.controller.schedule()

    def set_highlight(self, keys: set[tuple[str, str]] | None,
                      colors: dict[tuple[str, str], str] | None = None) -> None:
        """Emphasise some elements and grey the rest (rollout phases, drills); None: normal view.
        ``colors`` overrides the colour of some emphasised elements (a cut fiber in red)."""
        self.styler.highlight = None if keys is None else set(keys)
        self.styler.highlight_colors = dict(colors or {})
        self.refresh()

    def _overlays(self) -> None:
        self.overlay.show_links = self.panel.show_links.isChecked()
        self.overlay.show_nodes = self.panel.show_nodes.isChecked()
        self.overlay.update(self.controller.result, self.styler)

    def _failed(self, revision: int, error) -> None:
        self.panel.show_error(str(error))
        self.error.emit(revision, error)

    # -- device classes (a plan setting: undoable, and it triggers a new evaluation) --------------
    def _catalogue(self) -> dict:
        from planner.physics.devices import device_from_dict, load_catalogue

        devices = dict(load_catalogue())
        for d in self.document.plan.devices.custom:
            try:
                dev = device_from_dict(d, source="plan devices.custom")
            except Exception:  # noqa: BLE001 - the evaluation reports bad custom devices
                continue
            devices[dev.id] = dev
        return devices

    def _sync_classes(self) -> None:
        devices = self._catalogue()
        allowed = self.document.plan.devices.allowed or tuple(devices)
        on = {devices[d].protocol for d in allowed if d in devices}
        self.panel.set_classes(on)

    def set_device_classes(self, protocols: tuple[str, ...]) -> None:
        devices = self._catalogue()
        wanted = tuple(d for d, dev in devices.items() if dev.protocol in protocols)
        allowed = () if len(wanted) == len(devices) else wanted
        if not wanted:
            self._sync_classes()
            self.panel.show_error(tr("At least one device class must stay active."))
            return
        current = self.document.plan.devices
        if current.allowed != allowed:
            self.document.set_settings("devices", replace(current, allowed=allowed),
                                       lambda: tr("Change active device classes"))

    def shutdown(self) -> None:
        self.controller.shutdown()
