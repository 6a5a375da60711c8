"""Link calculator: key rate vs distance for chosen devices with the PLOB bound (log scale), and
the numbers at one distance. Same engine as ``qkd-planner linkcalc``: the loss budget of
``planner.physics.loss`` and ``planner.physics.link.link_performance`` (vectorised over the sweep).
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.gui.analysis.chart import ChartWidget, Series
from planner.gui.analysis.styling import rate_text

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C6D31", "#332288")


def sweep(device, length_km: np.ndarray, *, attenuation_db_per_km: float, splices: int = 0,
          splice_loss_db: float = 0.1, connectors: int = 2, connector_loss_db: float = 0.3,
          patch_panels: int = 0, extra_loss_db: float = 0.0, classical_channels: int = 0,
          launch_power_dbm: float = 0.0):
    """``LinkPerformance`` of ``device`` over fibers of ``length_km`` (array) with these components."""
    from planner.physics.link import link_performance
    from planner.physics.loss import loss_budget

    length_m = np.asarray(length_km, dtype=float) * 1000.0
    budget = loss_budget(length_m, attenuation_db_per_km, splices=splices, splice_loss_db=splice_loss_db,
                         connectors=connectors, connector_loss_db=connector_loss_db, margin_db=extra_loss_db,
                         patch_panels=patch_panels)
    return link_performance(device, np.asarray(budget.total_db, dtype=float), length_m=length_m,
                            classical_channels=classical_channels, launch_power_dbm=launch_power_dbm)


class LinkCalculatorDialog(QDialog):
    """Choose devices and a fiber; the chart and the table update as you type."""

    def __init__(self, parent: QWidget | None = None, catalogue: dict | None = None) -> None:
        super().__init__(parent)
        from planner.physics.devices import load_catalogue

        self.catalogue = dict(catalogue) if catalogue is not None else load_catalogue()
        self.setMinimumSize(980, 600)
        self.devices = QListWidget()
        self.devices.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        for i, (dev_id, dev) in enumerate(self.catalogue.items()):
            item = QListWidgetItem(dev.name or dev_id)
            item.setData(Qt.ItemDataRole.UserRole, dev_id)
            item.setToolTip(f"{dev_id} · {dev.protocol}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if i in (1, 4, 5) else Qt.CheckState.Unchecked)
            self.devices.addItem(item)
        self.fiber_type = QComboBox()
        self.fiber_type.addItems(["G.652.D", "G.654.E"])
        self.attenuation = self._spin(0.0, 2.0, 0.0, 3, " dB/km")
        self.splices = QSpinBox()
        self.splices.setRange(0, 500)
        self.splices.setValue(4)
        self.connectors = QSpinBox()
        self.connectors.setRange(0, 50)
        self.connectors.setValue(2)
        self.patch_panels = QSpinBox()
        self.patch_panels.setRange(0, 50)
        self.extra = self._spin(0.0, 30.0, 1.0, 1, " dB")
        self.classical = QSpinBox()
        self.classical.setRange(0, 96)
        self.max_km = self._spin(1.0, 500.0, 150.0, 0, " km")
        self.at_km = self._spin(0.0, 500.0, 20.0, 1, " km")
        self.form = QFormLayout()
        self.fiber_box = QGroupBox()
        self.fiber_box.setLayout(self.form)
        self._rows = [
            ("Fiber type", self.fiber_type), ("Attenuation", self.attenuation),
            ("Splices", self.splices), ("Connector pairs", self.connectors), ("Patch panels", self.patch_panels),
            ("Margins", self.extra), ("Classical channels", self.classical), ("Sweep up to", self.max_km),
            ("Read out at", self.at_km),
        ]
        for label, w in self._rows:
            self.form.addRow(label, w)
        self.device_box = QGroupBox()
        QVBoxLayout(self.device_box).addWidget(self.devices)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.device_box, 1)
        ll.addWidget(self.fiber_box)
        self.chart = ChartWidget()
        self.chart.log_y = True
        self.table = QTableWidget(0, 5)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMaximumHeight(170)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.chart, 1)
        rl.addWidget(self.table)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([380, 700])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        lay.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self.recompute)
        for w in (self.attenuation, self.extra, self.max_km, self.at_km):
            w.valueChanged.connect(self._timer.start)
        for w in (self.splices, self.connectors, self.patch_panels, self.classical):
            w.valueChanged.connect(self._timer.start)
        self.fiber_type.currentIndexChanged.connect(self._timer.start)
        self.devices.itemChanged.connect(self._timer.start)
        self.retranslate()
        self.recompute()

    @staticmethod
    def _spin(lo, hi, value, decimals, suffix) -> QDoubleSpinBox:
        s = QDoubleSpinBox()
        s.setRange(lo, hi)
        s.setDecimals(decimals)
        s.setValue(value)
        s.setSuffix(suffix)
        s.setKeyboardTracking(True)
        return s

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Link calculator"))
        self.device_box.setTitle(self.tr("Devices"))
        self.fiber_box.setTitle(self.tr("Fiber path"))
        self.attenuation.setSpecialValueText(self.tr("by fiber type"))
        labels = [self.tr("Fiber type"), self.tr("Attenuation"), self.tr("Splices"),
                  self.tr("Connector pairs"), self.tr("Patch panels"), self.tr("Margins"),
                  self.tr("Classical channels"), self.tr("Sweep up to"), self.tr("Read out at")]
        for (_, w), text in zip(self._rows, labels, strict=True):
            label = self.form.labelForField(w)
            if label is not None:
                label.setText(text)
        self.table.setHorizontalHeaderLabels([self.tr("Device"), self.tr("Key rate"), self.tr("QBER"),
                                              self.tr("Loss"), self.tr("Limited by")])
        self.chart.title = self.tr("Secret key rate vs distance")
        self.chart.x_label = self.tr("Fiber length (km)")
        self.chart.y_label = self.tr("Key rate (bit/s)")
        self.chart.update()

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.recompute()
        super().changeEvent(event)

    def chosen(self) -> list[str]:
        out = []
        for i in range(self.devices.count()):
            item = self.devices.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def set_chosen(self, ids) -> None:
        ids = set(ids)
        for i in range(self.devices.count()):
            item = self.devices.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in ids
                               else Qt.CheckState.Unchecked)
        self.recompute()

    def _params(self, device) -> dict:
        from planner.physics.loss import fiber_attenuation_db_per_km

        alpha = self.attenuation.value()
        if alpha <= 0:
            wl = 1310 if abs(device.wavelength_nm - 1310) < abs(device.wavelength_nm - 1550) else 1550
            alpha = fiber_attenuation_db_per_km(self.fiber_type.currentText(), wl)
        return dict(attenuation_db_per_km=alpha, splices=self.splices.value(),
                    connectors=self.connectors.value(), patch_panels=self.patch_panels.value(),
                    extra_loss_db=self.extra.value(), classical_channels=self.classical.value())

    def recompute(self) -> None:
        self._timer.stop()
        km = np.linspace(0.0, self.max_km.value(), 301)
        series: list[Series] = []
        rows = []
        best_rep, best_t = 0.0, None
        for i, dev_id in enumerate(self.chosen()):
            dev = self.catalogue[dev_id]
            params = self._params(dev)
            perf = sweep(dev, km, **params)
            rate = np.asarray(perf.key_rate_bps, dtype=float)
            rate = np.where(rate > 0, rate, np.nan)
            series.append(Series(dev.name or dev_id, km, rate, PALETTE[i % len(PALETTE)]))
            if dev.rep_rate_hz > best_rep:
                best_rep, best_t = dev.rep_rate_hz, np.asarray(perf.transmittance, dtype=float) \
                    * 10 ** (dev.insertion_loss_db / 10)
            one = sweep(dev, np.array([self.at_km.value()]), **params)
            rows.append((dev.name or dev_id, float(np.asarray(one.key_rate_bps)[0]),
                         float(np.asarray(one.qber)[0]), float(np.asarray(one.loss_db)[0]),
                         str(np.asarray(one.limited_by)[0])))
        if best_t is not None:
            from planner.physics.bounds import plob_bits_per_use

            plob = np.asarray(plob_bits_per_use(best_t), dtype=float) * best_rep
            series.append(Series(self.tr("PLOB bound at {0}").format(rate_text(best_rep).replace("bit/s", "Hz")),
                                 km, plob, "#222222", dashed=True, width=1.6))
        self.chart.x_range = (0.0, self.max_km.value())
        finite = [s.y[np.isfinite(s.y) & (s.y > 0)] for s in series]
        finite = np.concatenate(finite) if finite else np.array([])
        if len(finite):
            lo = max(finite.min(), 1e-2)
            self.chart.y_range = (10 ** math.floor(math.log10(lo)), 10 ** math.ceil(math.log10(finite.max())))
        else:
            self.chart.y_range = None
        self.chart.set_data(series)
        self.chart.set_cursor(self.at_km.value())
        self.table.setRowCount(len(rows))
        for r, (name, rate, qber, loss, lim) in enumerate(rows):
            vals = [name, rate_text(rate) if rate > 0 else self.tr("no key"),
                    "–" if not math.isfinite(qber) else f"{100 * qber:.2f} %", f"{loss:.2f} dB",
                    {"loss": self.tr("loss"), "detector": self.tr("detector")}.get(lim, lim) if rate > 0 else ""]
            for c, v in enumerate(vals):
                it = QTableWidgetItem(v)
                if 0 < c < 4:
                    it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, it)

    def readout(self) -> dict[str, float]:
        """Key rate at the read-out distance per chosen device (what the table shows)."""
        out = {}
        for dev_id in self.chosen():
            dev = self.catalogue[dev_id]
            one = sweep(dev, np.array([self.at_km.value()]), **self._params(dev))
            out[dev_id] = float(np.asarray(one.key_rate_bps)[0])
        return out
