"""Inspector: the selected element's properties with units, validated as typed.

Every keystroke is checked by the engine itself (the edit is tried on a snapshot of the plan); a bad
value is refused with the engine's reason shown under the field and is never committed. With several
elements of one kind selected, a field shows their common value (or "mixed") and an edit applies to
all of them as one undo step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from planner.errors import ValidationError
from planner.gui.document import PlanDocument
from planner.gui.i18n import choice_label
from planner.model import (
    ENVIRONMENTS,
    FIBER_STATUSES,
    SECTION_KINDS,
    SITE_ROLES,
    Compound,
    update,
)

Key = tuple[str, str]


def tr(text: str) -> str:
    return QCoreApplication.translate("Inspector", text)


@dataclass(frozen=True)
class Field:
    """An editable property: ``label`` is the English source, shown through ``tr``."""

    name: str
    label: str
    type: str  # text, float, int, choice, bool, optfloat
    unit: str = ""
    choices: tuple[str, ...] = ()


FIELDS: dict[str, tuple[Field, ...]] = {
    "site": (
        Field("name", QT_TRANSLATE_NOOP("Inspector", "Name"), "text"),
        Field("role", QT_TRANSLATE_NOOP("Inspector", "Role"), "choice", choices=SITE_ROLES),
        Field("x_m", QT_TRANSLATE_NOOP("Inspector", "Easting"), "float", "m"),
        Field("y_m", QT_TRANSLATE_NOOP("Inspector", "Northing"), "float", "m"),
        Field("can_relay", QT_TRANSLATE_NOOP("Inspector", "Trusted node allowed"), "bool"),
        Field("relay_cost", QT_TRANSLATE_NOOP("Inspector", "Trusted node cost"), "optfloat", "cur"),
        Field("notes", QT_TRANSLATE_NOOP("Inspector", "Notes"), "text"),
    ),
    "fiber": (
        Field("name", QT_TRANSLATE_NOOP("Inspector", "Name"), "text"),
        Field("status", QT_TRANSLATE_NOOP("Inspector", "Status"), "choice", choices=FIBER_STATUSES),
        Field("length_m", QT_TRANSLATE_NOOP("Inspector", "Measured length"), "optfloat", "m"),
        Field("fiber_type", QT_TRANSLATE_NOOP("Inspector", "Fiber type"), "choice", choices=("G.652.D", "G.654.E")),
        Field("attenuation_db_per_km", QT_TRANSLATE_NOOP("Inspector", "Attenuation"), "optfloat", "dB/km"),
        Field("splices", QT_TRANSLATE_NOOP("Inspector", "Splices"), "int"),
        Field("splice_loss_db", QT_TRANSLATE_NOOP("Inspector", "Loss per splice"), "float", "dB"),
        Field("connectors", QT_TRANSLATE_NOOP("Inspector", "Connectors"), "int"),
        Field("connector_loss_db", QT_TRANSLATE_NOOP("Inspector", "Loss per connector"), "float", "dB"),
        Field("loss_db", QT_TRANSLATE_NOOP("Inspector", "Measured loss"), "optfloat", "dB"),
        Field("environment", QT_TRANSLATE_NOOP("Inspector", "Environment"), "choice", choices=ENVIRONMENTS),
        Field("classical_channels", QT_TRANSLATE_NOOP("Inspector", "Classical channels"), "int"),
        Field("launch_power_dbm", QT_TRANSLATE_NOOP("Inspector", "Launch power"), "float", "dBm"),
        Field("duct", QT_TRANSLATE_NOOP("Inspector", "Duct"), "opttext"),
        Field("notes", QT_TRANSLATE_NOOP("Inspector", "Notes"), "text"),
    ),
    "section": (
        Field("name", QT_TRANSLATE_NOOP("Inspector", "Name"), "text"),
        Field("kind", QT_TRANSLATE_NOOP("Inspector", "Kind"), "choice", choices=SECTION_KINDS),
        Field("priority", QT_TRANSLATE_NOOP("Inspector", "Rollout priority"), "int"),
        Field("notes", QT_TRANSLATE_NOOP("Inspector", "Notes"), "text"),
    ),
    "demand": (
        Field("name", QT_TRANSLATE_NOOP("Inspector", "Name"), "text"),
        Field("required_bps", QT_TRANSLATE_NOOP("Inspector", "Required key rate"), "optfloat", "bit/s"),
        Field("priority", QT_TRANSLATE_NOOP("Inspector", "Priority"), "int"),
        Field("disjoint_paths", QT_TRANSLATE_NOOP("Inspector", "Disjoint paths"), "int"),
        Field("notes", QT_TRANSLATE_NOOP("Inspector", "Notes"), "text"),
    ),
    "underlay": (
        Field("name", QT_TRANSLATE_NOOP("Inspector", "Name"), "text"),
        Field("opacity", QT_TRANSLATE_NOOP("Inspector", "Opacity"), "float"),
        Field("locked", QT_TRANSLATE_NOOP("Inspector", "Locked"), "bool"),
        Field("visible", QT_TRANSLATE_NOOP("Inspector", "Visible"), "bool"),
        Field("m_per_px", QT_TRANSLATE_NOOP("Inspector", "Scale"), "float", "m/unit"),
        Field("rotation_deg", QT_TRANSLATE_NOOP("Inspector", "Rotation"), "float", "°"),
    ),
}

KIND_TITLES = {"site": QT_TRANSLATE_NOOP("Inspector", "Site"), "fiber": QT_TRANSLATE_NOOP("Inspector", "Fiber"),
               "section": QT_TRANSLATE_NOOP("Inspector", "Section"),
               "demand": QT_TRANSLATE_NOOP("Inspector", "Demand"),
               "underlay": QT_TRANSLATE_NOOP("Inspector", "Underlay")}


def parse(field: Field, text: str):
    """Text typed by the user to a field value. Raises ValueError with a readable reason."""
    t = text.strip().replace(",", "") if field.type in ("float", "int", "optfloat") else text
    if field.type in ("optfloat", "opttext") and not t.strip():
        return None
    if field.type == "opttext":
        return t
    if field.type in ("float", "optfloat"):
        try:
            v = float(t)
        except ValueError:
            raise ValueError(tr("enter a number")) from None
        if not math.isfinite(v):
            raise ValueError(tr("enter a finite number"))
        return v
    if field.type == "int":
        try:
            return int(t)
        except ValueError:
            raise ValueError(tr("enter a whole number")) from None
    return t


def show(field: Field, value) -> str:
    if value is None:
        return ""
    if field.type in ("float", "optfloat"):
        return f"{value:.3f}".rstrip("0").rstrip(".") if field.unit == "m" else f"{value:g}"
    return str(value)


class Inspector(QWidget):
    """Properties of the selection. ``set_selection(keys)`` is called by the main window."""

    #: An edit was refused or committed: message for the status bar.
    message = Signal(str)

    def __init__(self, document: PlanDocument, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.keys: list[Key] = []
        self.editors: dict[str, QWidget] = {}
        self.rows: dict[str, QWidget] = {}
        self._form: QFormLayout | None = None
        self.errors: dict[str, QLabel] = {}
        self.info: dict[str, QLabel] = {}
        self._loading = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("inspectorTitle")
        self.title.setContentsMargins(10, 8, 10, 4)
        self.title.setWordWrap(True)
        f = self.title.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() + 1)
        self.title.setFont(f)
        outer.addWidget(self.title)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.scroll, 1)
        document.element_changed.connect(self._on_changed)
        document.element_removed.connect(self._on_removed)
        document.reset.connect(lambda: self.set_selection([]))
        self.set_selection([])

    def changeEvent(self, event) -> None:  # noqa: N802
        """A new interface language: build the fields again (labels, choices, hints)."""
        if event.type() == QEvent.Type.LanguageChange:
            self._build()
        super().changeEvent(event)

    # -- building -----------------------------------------------------------------------------
    def set_selection(self, keys: list[Key]) -> None:
        self.keys = [k for k in keys if self.document.plan.get(*k) is not None]
        self._build()

    def kind(self) -> str | None:
        kinds = {k for k, _ in self.keys}
        return kinds.pop() if len(kinds) == 1 else None

    def _build(self) -> None:
        self.editors.clear()
        self.rows.clear()
        self.errors.clear()
        self.info.clear()
        body = QWidget()
        form = self._form = QFormLayout(body)
        form.setContentsMargins(10, 4, 10, 10)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        kind = self.kind()
        if not self.keys:
            self.title.setText(tr("Nothing selected"))
            hint = QLabel(tr("Select an element on the map or in the layers panel to see its properties."))
            hint.setWordWrap(True)
            hint.setEnabled(False)
            form.addRow(hint)
        elif kind is None:
            self.title.setText(tr("{0} elements of several kinds").format(len(self.keys)))
        else:
            plan = self.document.plan
            elements = [plan.get(*k) for k in self.keys]
            if len(self.keys) == 1:
                el = elements[0]
                self.title.setText(f"{tr(KIND_TITLES[kind])}  {el.id}")
            else:
                self.title.setText(tr("{0} {1}s").format(len(self.keys), tr(KIND_TITLES[kind]).lower()))
            for field in FIELDS[kind]:
                values = [getattr(e, field.name) for e in elements]
                self._add_field(form, kind, field, values)
            self._add_info(form, kind, elements)
        self.scroll.setWidget(body)

    def form_label(self, name: str) -> str:
        """The label shown beside field ``name`` ("" when the field is not shown)."""
        row = self.rows.get(name)
        label = self._form.labelForField(row) if row is not None and self._form is not None else None
        return label.text() if label is not None else ""

    def _unit(self, field: Field) -> str:
        return self.document.plan.meta.currency if field.unit == "cur" else field.unit

    def _add_field(self, form: QFormLayout, kind: str, field: Field, values: list) -> None:
        mixed = any(v != values[0] for v in values)
        value = values[0]
        if field.type == "choice":
            w = QComboBox()
            for c in field.choices:
                w.addItem(choice_label(field.name, c), c)
            if mixed:
                w.insertItem(0, tr("(mixed)"), None)
                w.setCurrentIndex(0)
            else:
                w.setCurrentIndex(max(0, w.findData(value)))
            w.activated.connect(lambda _i, f=field, w=w: self._commit(f, w.currentData()))
        elif field.type == "bool":
            w = QCheckBox()
            if mixed:
                w.setTristate(True)
                w.setCheckState(Qt.CheckState.PartiallyChecked)
            else:
                w.setChecked(bool(value))
            w.clicked.connect(lambda checked, f=field: self._commit(f, bool(checked)))
        else:
            w = QLineEdit()
            w.setText("" if mixed else show(field, value))
            if mixed:
                w.setPlaceholderText(tr("(mixed)"))
            elif field.type in ("optfloat", "opttext"):
                w.setPlaceholderText(tr("(not set)"))
            w.textEdited.connect(lambda text, f=field: self._check(f, text))
            w.editingFinished.connect(lambda f=field, w=w: self._commit_text(f, w))
        w.setObjectName(f"field_{field.name}")
        w.setMinimumWidth(60)
        if isinstance(w, QComboBox):
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(6)
        w.setToolTip(field.name)
        self.editors[field.name] = w
        row = QWidget()
        lay = QVBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(1)
        line = QHBoxLayout()
        line.setSpacing(4)
        line.addWidget(w, 1)
        unit = self._unit(field)
        if unit:
            u = QLabel(unit)
            u.setMinimumWidth(34)
            u.setEnabled(False)
            line.addWidget(u)
        lay.addLayout(line)
        err = QLabel()
        err.setObjectName(f"error_{field.name}")
        err.setWordWrap(True)
        err.setStyleSheet("color: #D93025;")
        err.hide()
        lay.addWidget(err)
        self.errors[field.name] = err
        self.rows[field.name] = row
        form.addRow(tr(field.label), row)

    def _add_info(self, form: QFormLayout, kind: str, elements: list) -> None:
        for name, label, text in self._info_rows(kind, elements):
            lab = QLabel(text)
            lab.setObjectName(f"info_{name}")
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lab.setWordWrap(True)
            self.info[name] = lab
            form.addRow(label, lab)

    def _info_rows(self, kind: str, elements: list) -> list[tuple[str, str, str]]:
        """Read-only facts computed from the plan (lengths, areas, counts)."""
        plan = self.document.plan
        rows: list[tuple[str, str, str]] = []
        if kind == "fiber":
            drawn = sum(plan.fiber_drawn_length_m(f) for f in elements)
            used = sum(plan.fiber_length_m(f) for f in elements)
            rows.append(("drawn_length", tr("Drawn length"), f"{drawn:,.1f} m"))
            rows.append(("length", tr("Length used"), f"{used:,.1f} m"))
            if len(elements) == 1:
                f = elements[0]
                rows.append(("ends", tr("Ends"), f"{plan.sites[f.a].name} \u2192 {plan.sites[f.b].name}"))
                rows.append(("bends", tr("Bends"), str(len(f.vertices))))
        elif kind == "site" and len(elements) == 1:
            s = elements[0]
            deps = plan.dependents("site", s.id)
            rows.append(("fibers", tr("Fibers"), str(sum(1 for d in deps if d[0] == "fiber"))))
            rows.append(("demands", tr("Demands"), str(sum(1 for d in deps if d[0] == "demand"))))
        elif kind == "section":
            from shapely.geometry import Polygon

            area = sum(Polygon(s.polygon).area for s in elements)
            rows.append(("area", tr("Area"), f"{area / 1e4:,.2f} ha"))
        elif kind == "demand":
            rows.append(("rate", tr("Key rate needed"), f"{sum(d.rate_bps for d in elements):,.0f} bit/s"))
            if len(elements) == 1:
                d = elements[0]
                rows.append(("ends", tr("Ends"), f"{plan.sites[d.a].name} \u2194 {plan.sites[d.b].name}"))
        elif kind == "underlay" and len(elements) == 1:
            u = elements[0]
            rows.append(("file", tr("File"), f"{u.path} ({u.kind})"))
        return rows

    def refresh(self) -> None:
        """Show the current values in the existing editors (no widget is rebuilt)."""
        kind = self.kind()
        if kind is None or not self.keys:
            return
        plan = self.document.plan
        elements = [plan.get(*k) for k in self.keys]
        self._loading = True
        try:
            for field in FIELDS[kind]:
                w = self.editors.get(field.name)
                values = [getattr(e, field.name) for e in elements]
                mixed = any(v != values[0] for v in values)
                if isinstance(w, QLineEdit):
                    w.setText("" if mixed else show(field, values[0]))
                elif isinstance(w, QComboBox):
                    i = w.findData(values[0])
                    if not mixed and i >= 0:
                        w.setCurrentIndex(i)
                elif isinstance(w, QCheckBox) and not mixed:
                    w.setTristate(False)
                    w.setChecked(bool(values[0]))
                self._show_error(field, None)
            for name, _label, text in self._info_rows(kind, elements):
                if name in self.info:
                    self.info[name].setText(text)
        finally:
            self._loading = False

    # -- validation and commit ----------------------------------------------------------------
    def _ops(self, field: Field, value):
        plan = self.document.plan
        return [update(plan, k, i, **{field.name: value}) for k, i in self.keys]

    def check_value(self, field: Field, value) -> ValidationError | None:
        """Try the edit on a snapshot of the plan: the engine's own validation decides."""
        ops = [op for op in self._ops(field, value) if op.old != op.new]
        if not ops:
            return None
        try:
            Compound(tuple(ops)).apply(self.document.plan.snapshot())
        except ValidationError as e:
            return e
        return None

    def _show_error(self, field: Field, message: str | None) -> None:
        err, w = self.errors.get(field.name), self.editors.get(field.name)
        if err is None:
            return
        err.setText(message or "")
        err.setVisible(bool(message))
        if w is not None:
            w.setStyleSheet("border: 1px solid #D93025;" if message else "")

    def _check(self, field: Field, text: str) -> bool:
        if not text.strip() and self._is_mixed(field):
            self._show_error(field, None)
            return True
        try:
            value = parse(field, text)
        except ValueError as e:
            self._show_error(field, str(e))
            return False
        problem = self.check_value(field, value)
        self._show_error(field, problem.message if problem else None)
        return problem is None

    def _is_mixed(self, field: Field) -> bool:
        plan = self.document.plan
        values = [getattr(plan.get(*k), field.name) for k in self.keys]
        return any(v != values[0] for v in values)

    def _commit_text(self, field: Field, w: QLineEdit) -> None:
        if self._loading or field.name not in self.editors:
            return
        text = w.text()
        if not text.strip() and self._is_mixed(field):
            return
        if not self._check(field, text):
            return
        self._commit(field, parse(field, text))

    def _commit(self, field: Field, value) -> None:
        if value is None and field.type not in ("optfloat", "opttext"):
            return
        problem = self.check_value(field, value)
        if problem is not None:
            self.message.emit(tr("Refused: {0}").format(problem))
            self.refresh()
            self._show_error(field, problem.message)
            return
        self._show_error(field, None)
        keys = list(self.keys)
        self.document.edit_many(keys, lambda: tr("Set {0}").format(tr(field.label).lower()),
                                merge_key=("field", field.name, tuple(keys)),
                                **{field.name: value})

    # -- document signals ---------------------------------------------------------------------
    def _on_changed(self, kind: str, eid: str) -> None:
        if (kind, eid) in self.keys or (kind == "site" and self.kind() == "fiber"):
            self.refresh()

    def _on_removed(self, kind: str, eid: str) -> None:
        if (kind, eid) in self.keys:
            self.set_selection([k for k in self.keys if k != (kind, eid)])
