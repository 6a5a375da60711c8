"""Engine errors as a dialog that names the element and offers to select it; never a traceback."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from planner.errors import PlanError
from planner.gui.i18n import FollowsLanguage
from planner.model import KINDS

KIND_LABELS = {"site": QT_TRANSLATE_NOOP("EngineErrorDialog", "Site"),
               "section": QT_TRANSLATE_NOOP("EngineErrorDialog", "Section"),
               "fiber": QT_TRANSLATE_NOOP("EngineErrorDialog", "Fiber"),
               "demand": QT_TRANSLATE_NOOP("EngineErrorDialog", "Demand"),
               "underlay": QT_TRANSLATE_NOOP("EngineErrorDialog", "Underlay")}


def find_element(plan, element: str | None) -> tuple[str, str] | None:
    """The (kind, id) of the plan element with id ``element`` (None when it is not an element)."""
    if not element or plan is None:
        return None
    for kind in KINDS:
        if element in plan.collection(kind):
            return (kind, element)
    return None


def describe(error: BaseException) -> tuple[str, str]:
    """(headline, detail) for any engine error: PlanErrors name element and field; other exceptions
    are reported as an internal engine problem with their type and message (no traceback)."""
    if isinstance(error, PlanError):
        return error.message, ""
    return (QCoreApplication.translate("EngineErrorDialog", "The analysis engine failed on this plan."),
            f"{type(error).__name__}: {error}")


class EngineErrorDialog(FollowsLanguage, QDialog):
    """Shows one engine error. ``select_requested(kind, id)`` asks the main window to select it."""

    select_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(440)
        self.key: tuple[str, str] | None = None
        self.error: BaseException | None = None
        self.plan = None
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        f = self.headline.font()
        f.setBold(True)
        self.headline.setFont(f)
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        text = QVBoxLayout()
        text.addWidget(self.headline)
        text.addWidget(self.where)
        text.addWidget(self.detail)
        text.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(text, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.select_button = QPushButton()
        self.buttons.addButton(self.select_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.select_button.clicked.connect(self._select)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        """Title, button and the shown error's texts in the current interface language."""
        self.setWindowTitle(self.tr("Analysis problem"))
        self.select_button.setText(self.tr("Select it"))
        if self.error is not None:
            self.show_error(self.error, self.plan)

    def show_error(self, error: BaseException, plan=None) -> None:
        self.error, self.plan = error, plan
        headline, detail = describe(error)
        self.headline.setText(headline)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        element = getattr(error, "element", None)
        field = getattr(error, "field", None)
        self.key = find_element(plan, element)
        if element:
            kind = KIND_LABELS.get(self.key[0], "") if self.key else ""
            what = f"{self.tr(kind)} {element}".strip() if kind else element
            where = self.tr("Element: {0}").format(what)
            if field:
                where += " · " + self.tr("field: {0}").format(field)
            self.where.setText(where)
        else:
            self.where.setText(self.tr("field: {0}").format(field) if field else "")
        self.where.setVisible(bool(self.where.text()))
        self.select_button.setVisible(self.key is not None)

    def _select(self) -> None:
        if self.key is not None:
            self.select_requested.emit(*self.key)
            self.accept()
