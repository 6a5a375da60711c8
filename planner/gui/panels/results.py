"""Result tables: QKD links, demands, trusted nodes, costs (model/view, sortable, filterable).

Each table is a ``RecordModel`` (a ``QAbstractTableModel`` over frozen result rows) behind a
``QSortFilterProxyModel``. Selection follows the map both ways: selecting rows selects the
elements on the map (a link selects the fibers of its path) and selecting on the map selects the
rows that concern it. Ctrl+C copies the selected rows as tab-separated text; "Export CSV…" writes
the whole (filtered, sorted) table atomically.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QItemSelection,
    QItemSelectionModel,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.gui.analysis.result import AnalysisResult
from planner.gui.analysis.styling import INFEASIBLE, rate_text
from planner.gui.i18n import FollowsLanguage, reason_label

Key = tuple[str, str]
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def tr(text: str) -> str:
    return QCoreApplication.translate("ResultsPanel", text)


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    text: Callable[[Any], str] | None = None
    numeric: bool = False
    unit: str = ""

    def title(self) -> str:
        return tr(self.header) + (f" ({self.unit})" if self.unit else "")


def _num(fmt: str) -> Callable[[Any], str]:
    def f(v):
        if v is None:
            return ""
        if isinstance(v, float) and math.isinf(v):
            return "−∞" if v < 0 else "∞"
        return format(v, fmt)
    return f


class RecordModel(QAbstractTableModel):
    """Rows (any objects) shown through ``Column`` accessors. Sorting uses raw values."""

    def __init__(self, columns: Sequence[Column], keys: Callable[[Any], list[Key]], parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self.keys_of = keys
        self.row_color: Callable[[Any], str | None] = lambda r: None

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.rows)

    def columnCount(self, parent=None) -> int:  # noqa: N802
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title()
        return None

    def text(self, row: int, col: int) -> str:
        c = self.columns[col]
        v = c.value(self.rows[row])
        if c.text is not None:
            return c.text(v)
        return "" if v is None else str(v)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        col = self.columns[c]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(r, c)
        if role == SORT_ROLE:
            v = col.value(self.rows[r])
            if col.numeric:
                return -math.inf if v is None else float(v)
            return "" if v is None else str(v)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            color = self.row_color(self.rows[r])
            return QColor(color) if color else None
        return None


class ResultTable(QWidget):
    """One table with a filter field, copy and CSV export."""

    rows_selected = Signal(list)  # list of element keys

    def __init__(self, model: RecordModel, name: str, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.name = name
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export_dialog)
        QShortcut(QKeySequence.StandardKey.Copy, self.view, self.copy)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter, 1)
        top.addWidget(self.copy_button)
        top.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addLayout(top)
        lay.addWidget(self.view)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self._syncing = False
        self.retranslate()

    def retranslate(self) -> None:
        self.filter.setPlaceholderText(tr("Filter…"))
        self.copy_button.setText(tr("Copy"))
        self.export_button.setText(tr("Export CSV…"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, self.model.columnCount() - 1))
        if self.model.rowCount():  # cells with words (yes/no, reasons) are shown in the new language
            self.model.dataChanged.emit(self.model.index(0, 0),
                                        self.model.index(self.model.rowCount() - 1, self.model.columnCount() - 1))

    def set_rows(self, rows) -> None:
        self._syncing = True
        try:
            self.model.set_rows(rows)
        finally:
            self._syncing = False
        self.view.resizeColumnsToContents()

    # -- selection ------------------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        rows = {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()}
        return sorted(rows)

    def _selection_changed(self, *_args) -> None:
        if self._syncing:
            return
        keys: list[Key] = []
        for r in self.selected_rows():
            keys += self.model.keys_of(self.model.rows[r])
        self.rows_selected.emit(list(dict.fromkeys(keys)))

    def select_for_keys(self, keys: set[Key]) -> None:
        """Select the rows whose elements are among ``keys`` (without echoing back to the map)."""
        sel = QItemSelection()
        for r, row in enumerate(self.model.rows):
            if keys and set(self.model.keys_of(row)) & keys:
                src = self.model.index(r, 0)
                p = self.proxy.mapFromSource(src)
                if p.isValid():
                    sel.select(p, p.siblingAtColumn(self.proxy.columnCount() - 1))
        self._syncing = True
        try:
            self.view.selectionModel().select(
                sel, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._syncing = False

    # -- copy / export ----------------------------------------------------------------------------
    def table_text(self, rows: list[int] | None = None, delimiter: str = "\t") -> str:
        """Header and rows (proxy order; ``rows`` None: all visible rows) as delimited text."""
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
        w.writerow([c.title() for c in self.model.columns])
        wanted = None if rows is None else set(rows)
        for pr in range(self.proxy.rowCount()):
            src = self.proxy.mapToSource(self.proxy.index(pr, 0)).row()
            if wanted is None or src in wanted:
                w.writerow([self.model.text(src, c) for c in range(self.model.columnCount())])
        return buf.getvalue()

    def copy(self) -> None:
        rows = self.selected_rows()
        QGuiApplication.clipboard().setText(self.table_text(rows or None))

    def export_csv(self, path) -> None:
        """Write the visible table as CSV (UTF-8 with BOM so spreadsheets read Chinese) atomically."""
        from planner.io.atomic import atomic_write_text

        atomic_write_text(path, "\ufeff" + self.table_text(delimiter=","))

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Export table"), f"{self.name}.csv",
                                              tr("CSV files (*.csv)"))
        if path:
            try:
                self.export_csv(path)
            except OSError as e:
                QMessageBox.warning(self, tr("Export table"), tr("Cannot write {0}: {1}").format(path, e))


#: Labels of the engine's CAPEX parts (``cost.parts`` of ``evaluate --json``).
COST_ITEMS = {
    "devices": QT_TRANSLATE_NOOP("ResultsPanel", "QKD devices"),
    "installation": QT_TRANSLATE_NOOP("ResultsPanel", "Installation"),
    "coexistence": QT_TRANSLATE_NOOP("ResultsPanel", "DWDM filters (coexistence)"),
    "trusted_nodes": QT_TRANSLATE_NOOP("ResultsPanel", "Trusted node fit-out"),
    "kms": QT_TRANSLATE_NOOP("ResultsPanel", "Key management"),
    "fiber": QT_TRANSLATE_NOOP("ResultsPanel", "New fiber"),
    "training": QT_TRANSLATE_NOOP("ResultsPanel", "Training"),
    "engineering": QT_TRANSLATE_NOOP("ResultsPanel", "Engineering"),
    "capex_total": QT_TRANSLATE_NOOP("ResultsPanel", "CAPEX total"),
}
_LIMITS = (QT_TRANSLATE_NOOP("ResultsPanel", "loss"), QT_TRANSLATE_NOOP("ResultsPanel", "detector"))


def _link_keys(r) -> list[Key]:
    return [("fiber", f) for f in r.fibers] or [("site", r.a), ("site", r.b)]


class ResultsPanel(FollowsLanguage, QTabWidget):
    """The four result tables. ``select_on_map(keys)`` asks the window to select elements."""

    select_on_map = Signal(list)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.result: AnalysisResult | None = None
        name = self._name
        pct = _num(".2f")
        self.links = ResultTable(RecordModel([
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Link"), lambda r: r.id),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "From"), lambda r: name(r.a)),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "To"), lambda r: name(r.b)),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Device"), lambda r: r.device),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Length (km)"), lambda r: None if r.length_m is None else r.length_m / 1000, _num(".2f"), True),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Loss (dB)"), lambda r: r.loss_db, _num(".2f"), True),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Key rate"), lambda r: r.key_rate_bps, rate_text, True),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "QBER (%)"), lambda r: None if r.qber is None else 100 * r.qber, pct, True),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Load"), lambda r: r.load_bps, lambda v: "" if v is None else rate_text(v), True),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Margin (dB)"), lambda r: r.margin_db, _num("+.1f"), True),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Limited by"), lambda r: r.limited_by, lambda v: tr(v) if v else ""),
        ], _link_keys), "links")
        self.demands = ResultTable(RecordModel([
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Demand"), lambda r: r.id),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "From"), lambda r: name(r.a)),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "To"), lambda r: name(r.b)),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Priority"), lambda r: r.priority, str, True),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Required"), lambda r: r.required_bps, rate_text, True),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "End to end"), lambda r: r.end_to_end_bps, lambda v: "" if v is None else rate_text(v), True),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Margin (dB)"), lambda r: r.margin_db, _num("+.1f"), True),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Feasible"), lambda r: r.feasible,
                   lambda v: "" if v is None else (tr("yes") if v else tr("no"))),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Trusted nodes"), lambda r: ", ".join(name(s) for s in r.relays)),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Reason"), reason_label),
        ], lambda r: [("demand", r.id)]), "demands")
        self.demands.model.row_color = lambda r: INFEASIBLE if r.feasible is False else None
        self.nodes = ResultTable(RecordModel([
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Site"), lambda r: r.site),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Name"), lambda r: r.name),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Demands relayed"), lambda r: r.demands, str, True),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Fit-out CAPEX"), lambda r: r.cost, _num(",.0f"), True),
        ], lambda r: [("site", r.site)]), "trusted_nodes")
        self.costs = ResultTable(RecordModel([
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Item"), lambda r: r.item, lambda v: tr(COST_ITEMS.get(v, v))),
            Column(QT_TRANSLATE_NOOP("ResultsPanel", "Amount"), lambda r: r.amount, _num(",.0f"), True),
        ], lambda r: []), "costs")
        self.tables = (self.links, self.demands, self.nodes, self.costs)
        for t in self.tables:
            self.addTab(t, "")
            t.rows_selected.connect(self.select_on_map.emit)
        self.retranslate()

    def _name(self, site_id: str) -> str:
        return self.result.name(site_id) if self.result else site_id

    def retranslate(self) -> None:
        for i, text in enumerate((tr("QKD links"), tr("Demands"), tr("Trusted nodes"), tr("Costs"))):
            self.setTabText(i, text)
        for t in self.tables:
            t.retranslate()

    def set_result(self, result: AnalysisResult) -> None:
        self.result = result
        self.links.set_rows(result.links)
        self.demands.set_rows(result.demands)
        self.nodes.set_rows(result.nodes)
        self.costs.set_rows(result.costs)
        self.costs.model.columns[1] = replace(self.costs.model.columns[1], unit=result.currency)
        self.costs.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 1, 1)

    def select_keys(self, keys) -> None:
        """Map selection changed: select the matching rows in every table."""
        ks = set(keys)
        for t in self.tables:
            t.select_for_keys(ks)
