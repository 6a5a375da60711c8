"""Placing an image underlay by two points: what the user knows about the two points picked on
the image.

- their true distance: the image is scaled (about the first point, which may also be moved to
  given coordinates); its rotation is kept;
- their true coordinates, typed in: scale, rotation and position at once;
- their true positions, clicked on the map next (two more clicks): scale, rotation and position.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from planner.gui.i18n import FollowsLanguage

MODES = ("distance", "positions", "click")


@dataclass(frozen=True)
class PlaceAnswer:
    """The user's answer. Distance mode: ``distance_m`` (and, optionally, ``a_true_m`` where the
    first point goes). Positions mode: ``a_true_m`` and ``b_true_m``. Click mode: ``click_true``."""

    distance_m: float | None = None
    a_true_m: tuple[float, float] | None = None
    b_true_m: tuple[float, float] | None = None
    click_true: bool = False


def parse_number(text: str) -> float | None:
    """A typed number (thousands separators allowed), None when empty; ValueError when not a
    finite number."""
    t = text.strip().replace(",", "").replace("\u2009", "").replace(" ", "")
    if not t:
        return None
    v = float(t)
    if not math.isfinite(v):
        raise ValueError(t)
    return v


class PlaceImageDialog(FollowsLanguage, QDialog):
    """Asks how to place the image by the two picked points (see the module docstring);
    ``answer()`` after ``exec()`` is accepted."""

    def __init__(self, measured_m: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.measured_m = measured_m
        self.measured = QLabel()
        self.measured.setWordWrap(True)
        self.buttons_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QRadioButton] = {}
        self.pages: dict[str, QWidget] = {}
        self.forms: dict[str, QFormLayout] = {}
        lay = QVBoxLayout(self)
        lay.addWidget(self.measured)
        for mode in MODES:
            rb = QRadioButton()
            rb.setObjectName(f"mode_{mode}")
            self.buttons_group.addButton(rb)
            self.mode_buttons[mode] = rb
            page = QWidget()
            form = QFormLayout(page)
            form.setContentsMargins(24, 0, 0, 6)
            self.pages[mode], self.forms[mode] = page, form
            lay.addWidget(rb)
            lay.addWidget(page)
            rb.toggled.connect(self._mode_changed)

        def edit(name: str) -> QLineEdit:
            e = QLineEdit()
            e.setObjectName(name)
            return e

        self.distance = edit("distance")
        self.a_east, self.a_north = edit("a_east"), edit("a_north")
        self.labels: dict[str, QLabel] = {}
        self.distance_form = [(self.distance, "distance"), (self.a_east, "a_east"), (self.a_north, "a_north")]
        for w, name in self.distance_form:
            self.labels[name] = QLabel()
            self.forms["distance"].addRow(self.labels[name], w)
        self.p1_east, self.p1_north = edit("p1_east"), edit("p1_north")
        self.p2_east, self.p2_north = edit("p2_east"), edit("p2_north")
        self.positions_form = [(self.p1_east, "p1_east"), (self.p1_north, "p1_north"),
                               (self.p2_east, "p2_east"), (self.p2_north, "p2_north")]
        for w, name in self.positions_form:
            self.labels[name] = QLabel()
            self.forms["positions"].addRow(self.labels[name], w)
        self.click_note = QLabel()
        self.click_note.setWordWrap(True)
        self.click_note.setEnabled(False)
        self.forms["click"].addRow(self.click_note)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #D93025;")
        self.error.hide()
        lay.addWidget(self.error)
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                           | QDialogButtonBox.StandardButton.Cancel)
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        lay.addWidget(self.button_box)
        self._answer: PlaceAnswer | None = None
        self._problem = None  # function giving the shown problem in the current language
        self.mode_buttons["distance"].setChecked(True)
        self.retranslate()
        self.setMinimumWidth(420)

    # -- texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Place image by two points"))
        self.measured.setText(self.tr("The two points are now {0:,.2f} m apart.").format(self.measured_m))
        self.mode_buttons["distance"].setText(self.tr("I know their true distance (scale only)"))
        self.mode_buttons["positions"].setText(
            self.tr("I know their true coordinates (scale, rotation and position)"))
        self.mode_buttons["click"].setText(
            self.tr("I will click their true positions on the map (scale, rotation and position)"))
        labels = {"distance": self.tr("Distance (m)"), "a_east": self.tr("First point easting (m)"),
                  "a_north": self.tr("First point northing (m)"), "p1_east": self.tr("Point 1 easting (m)"),
                  "p1_north": self.tr("Point 1 northing (m)"), "p2_east": self.tr("Point 2 easting (m)"),
                  "p2_north": self.tr("Point 2 northing (m)")}
        for name, label in self.labels.items():
            label.setText(labels[name])
        self.distance.setPlaceholderText(self.tr("true distance in metres"))
        self.a_east.setPlaceholderText(self.tr("optional"))
        self.a_north.setPlaceholderText(self.tr("optional"))
        self.click_note.setText(self.tr("After OK, click where point 1 truly is, then where point 2 "
                                        "truly is (Esc cancels)."))
        if self._problem is not None:
            self.error.setText(self._problem())

    # -- state --------------------------------------------------------------------------------
    def mode(self) -> str:
        return next(m for m, rb in self.mode_buttons.items() if rb.isChecked())

    def set_mode(self, mode: str) -> None:
        self.mode_buttons[mode].setChecked(True)

    def _mode_changed(self) -> None:
        for m, page in self.pages.items():
            page.setEnabled(self.mode_buttons[m].isChecked())
        self._show_problem(None)

    def _show_problem(self, text) -> None:
        self._problem = text
        self.error.setText(text() if text is not None else "")
        self.error.setVisible(text is not None)

    def read(self) -> PlaceAnswer:
        """The answer from the fields; ValueError (with a message for the user) when incomplete."""
        mode = self.mode()
        if mode == "click":
            return PlaceAnswer(click_true=True)
        try:
            if mode == "distance":
                d = parse_number(self.distance.text())
                e, n = parse_number(self.a_east.text()), parse_number(self.a_north.text())
            else:
                pts = [parse_number(w.text()) for w, _ in self.positions_form]
        except ValueError:
            raise ValueError("numbers") from None
        if mode == "distance":
            if d is None or d <= 0:
                raise ValueError("distance")
            if (e is None) != (n is None):
                raise ValueError("both_coordinates")
            return PlaceAnswer(distance_m=d, a_true_m=(e, n) if e is not None else None)
        if any(v is None for v in pts):
            raise ValueError("four_coordinates")
        a, b = (pts[0], pts[1]), (pts[2], pts[3])
        if math.dist(a, b) <= 0:
            raise ValueError("same_targets")
        return PlaceAnswer(a_true_m=a, b_true_m=b)

    def accept(self) -> None:
        try:
            self._answer = self.read()
        except ValueError as e:
            messages = {
                "numbers": lambda: self.tr("Enter numbers"),
                "distance": lambda: self.tr("Enter the true distance, a positive number of metres."),
                "both_coordinates": lambda: self.tr("Give both coordinates of the first point, or neither."),
                "four_coordinates": lambda: self.tr("Give both coordinates of both points."),
                "same_targets": lambda: self.tr("The two true positions must differ."),
            }
            self._show_problem(messages.get(str(e), messages["numbers"]))
            return
        super().accept()

    def answer(self) -> PlaceAnswer | None:
        """The accepted answer (None when cancelled)."""
        return self._answer if self.result() == QDialog.DialogCode.Accepted else None
