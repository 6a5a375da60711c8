"""Preferences: the user-interface language (applied at once, remembered in QSettings; the
report dialog's language follows it by default). Settings are not plans: nothing here is saved
in a plan file."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from planner.gui.i18n import LANGUAGES, FollowsLanguage, save_language


class PreferencesDialog(FollowsLanguage, QDialog):
    language_chosen = Signal(str)

    def __init__(self, current_language: str = "en", parent: QWidget | None = None,
                 settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(current_language)))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.form = QFormLayout()
        self.form.addRow("Language", self.language)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.note)
        lay.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Preferences"))
        label = self.form.labelForField(self.language)
        if label is not None:
            label.setText(self.tr("Language"))
        self.note.setText(self.tr("The language of menus and panels; new reports use it by default."))

    def chosen_language(self) -> str:
        return self.language.currentData()

    def accept(self) -> None:
        lang = self.chosen_language()
        save_language(lang, self.settings)
        self.language_chosen.emit(lang)
        super().accept()
