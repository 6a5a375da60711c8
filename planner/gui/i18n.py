"""User-interface languages: English (the source texts) and Simplified Chinese.

Translations are Qt translation files: ``resources/translations/planner_zh.ts`` is the source
(edited with Qt Linguist or by hand, refreshed from the code with ``pyside6-lupdate``) and
``planner_zh.qm`` the compiled file the app loads (``pyside6-lrelease``); see
``resources/translations/README.md``. Qt's own strings (standard buttons, context menus) come
from the ``qtbase_zh_CN.qm`` that ships with PySide6.

Switching at run time installs the translators, which makes Qt send every widget a
``LanguageChange`` event: the analysis widgets retranslate themselves on it; the texts of
windows that are built once (menus, actions, dock titles of the main window) are retranslated by
``Retranslator``, which remembers each text's English source. Widgets whose texts depend on
their state (the inspector, the layer tree, the drill, the status bar) retranslate themselves on
``LanguageChange``; objects they own are marked ``OWN_TEXTS`` so the ``Retranslator`` leaves them
alone.

Names of the plan model's values (site roles, fiber statuses, environments, section kinds,
element kinds) are translated here, once for every view: ``role_label``, ``choice_label``,
``kind_label``, ``count_label``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    QTranslator,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu, QToolBar, QWidget

from planner.resources import resource_path

#: Language code -> name shown in its own language.
LANGUAGES = {"en": "English", "zh": "简体中文"}
SETTINGS_KEY = "ui/language"
_QT_LOCALE = {"zh": "zh_CN"}
#: Dynamic property of a QObject whose texts its owner retranslates (the ``Retranslator`` skips it).
OWN_TEXTS = "i18n_own_texts"

#: Display names of the site roles (``planner.model.SITE_ROLES``).
ROLE_NAMES = {
    "data_centre": QT_TRANSLATE_NOOP("Roles", "Data centre"),
    "terminal_ops": QT_TRANSLATE_NOOP("Roles", "Terminal ops"),
    "crane_control": QT_TRANSLATE_NOOP("Roles", "Crane control"),
    "yard_control": QT_TRANSLATE_NOOP("Roles", "Yard control"),
    "customs": QT_TRANSLATE_NOOP("Roles", "Customs"),
    "gate": QT_TRANSLATE_NOOP("Roles", "Gate"),
    "warehouse": QT_TRANSLATE_NOOP("Roles", "Warehouse"),
    "control_centre": QT_TRANSLATE_NOOP("Roles", "Control centre"),
    "port_authority": QT_TRANSLATE_NOOP("Roles", "Port authority"),
    "office": QT_TRANSLATE_NOOP("Roles", "Office"),
    "junction": QT_TRANSLATE_NOOP("Roles", "Junction"),
    "relay_site": QT_TRANSLATE_NOOP("Roles", "Relay site"),
}

#: Display names of the other choice fields: fiber status and environment, section kind.
CHOICE_NAMES = {
    ("status", "existing"): QT_TRANSLATE_NOOP("Choices", "existing"),
    ("status", "planned"): QT_TRANSLATE_NOOP("Choices", "planned"),
    ("environment", "indoor"): QT_TRANSLATE_NOOP("Choices", "indoor"),
    ("environment", "buried"): QT_TRANSLATE_NOOP("Choices", "buried"),
    ("environment", "aerial"): QT_TRANSLATE_NOOP("Choices", "aerial"),
    ("environment", "quay_crane"): QT_TRANSLATE_NOOP("Choices", "quay crane"),
    ("kind", "berth"): QT_TRANSLATE_NOOP("Choices", "berth"),
    ("kind", "yard"): QT_TRANSLATE_NOOP("Choices", "yard"),
    ("kind", "gate"): QT_TRANSLATE_NOOP("Choices", "gate"),
    ("kind", "customs"): QT_TRANSLATE_NOOP("Choices", "customs"),
    ("kind", "bonded"): QT_TRANSLATE_NOOP("Choices", "bonded"),
    ("kind", "office"): QT_TRANSLATE_NOOP("Choices", "office"),
    ("kind", "rail"): QT_TRANSLATE_NOOP("Choices", "rail"),
    ("kind", "other"): QT_TRANSLATE_NOOP("Choices", "other"),
}

#: Display names of the element kinds.
KIND_NAMES = {
    "site": QT_TRANSLATE_NOOP("Kinds", "site"),
    "fiber": QT_TRANSLATE_NOOP("Kinds", "fiber"),
    "section": QT_TRANSLATE_NOOP("Kinds", "section"),
    "demand": QT_TRANSLATE_NOOP("Kinds", "demand"),
    "underlay": QT_TRANSLATE_NOOP("Kinds", "underlay"),
}

#: Counts of elements, for one and for several ("3 fibers"; languages with measure words need
#: a whole phrase per kind).
COUNT_NAMES = {
    "site": (QT_TRANSLATE_NOOP("Kinds", "{0} site"), QT_TRANSLATE_NOOP("Kinds", "{0} sites")),
    "fiber": (QT_TRANSLATE_NOOP("Kinds", "{0} fiber"), QT_TRANSLATE_NOOP("Kinds", "{0} fibers")),
    "section": (QT_TRANSLATE_NOOP("Kinds", "{0} section"), QT_TRANSLATE_NOOP("Kinds", "{0} sections")),
    "demand": (QT_TRANSLATE_NOOP("Kinds", "{0} demand"), QT_TRANSLATE_NOOP("Kinds", "{0} demands")),
    "underlay": (QT_TRANSLATE_NOOP("Kinds", "{0} underlay"), QT_TRANSLATE_NOOP("Kinds", "{0} underlays")),
}


class FollowsLanguage:
    """Mixin (before the Qt base class) for a widget that sets its texts in ``retranslate()``: it
    is called again whenever the interface language changes (Qt's LanguageChange event)."""

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def current_language() -> str:
    """The interface language now in effect ("en" without an application)."""
    app = QCoreApplication.instance()
    return LanguageManager.of(app).language if app is not None else "en"


def reason_label(row) -> str:
    """Why a demand (a ``DemandRow``) is not served, in the interface language: the PDF report's
    translation of the engine's reason code (``planner.reports.i18n``), else the engine's text."""
    from planner.reports.i18n import Translator

    return Translator(current_language()).reason(
        {"reason_code": row.reason_code, "reason_args": dict(row.reason_args), "reason": row.reason})


def role_label(role: str) -> str:
    """A site role as shown, e.g. ``terminal_ops`` -> "Terminal ops" (translated)."""
    return QCoreApplication.translate("Roles", ROLE_NAMES.get(role, role.replace("_", " ").capitalize()))


def choice_label(field: str, value: str) -> str:
    """A choice value of ``field`` as shown (site roles too), translated."""
    if field == "role":
        return role_label(value)
    return QCoreApplication.translate("Choices", CHOICE_NAMES.get((field, value), value.replace("_", " ")))


def kind_label(kind: str) -> str:
    """An element kind as shown, e.g. "fiber" (translated)."""
    return QCoreApplication.translate("Kinds", KIND_NAMES.get(kind, kind))


def count_label(kind: str, count: int) -> str:
    """A number of elements of one kind, e.g. "3 fibers" (translated)."""
    one, many = COUNT_NAMES.get(kind, ("{0} " + kind, "{0} " + kind + "s"))
    return QCoreApplication.translate("Kinds", one if count == 1 else many).format(count)


def own_texts(obj: QObject) -> QObject:
    """Mark ``obj`` as retranslated by its owner (see ``OWN_TEXTS``); returns it."""
    obj.setProperty(OWN_TEXTS, True)
    return obj


def qm_path(lang: str) -> Path:
    return resource_path("translations", f"planner_{lang}.qm")


def ts_path(lang: str) -> Path:
    return resource_path("translations", f"planner_{lang}.ts")


def saved_language(settings: QSettings | None = None) -> str | None:
    """The language chosen in the preferences (None: never chosen)."""
    value = (settings or QSettings()).value(SETTINGS_KEY)
    return str(value) if value in LANGUAGES else None


def save_language(lang: str, settings: QSettings | None = None) -> None:
    (settings or QSettings()).setValue(SETTINGS_KEY, lang)


def system_language() -> str:
    return "zh" if QLocale.system().language() == QLocale.Language.Chinese else "en"


class LanguageManager(QObject):
    """Installs and removes the translators of one application (one manager per application:
    use ``LanguageManager.of(app)``). Translators are children of the application, including
    one installed before the manager existed (``planner.gui.app.install_translation``)."""

    def __init__(self, app) -> None:
        super().__init__(app)
        self.app = app

    @classmethod
    def of(cls, app) -> LanguageManager:
        found = app.findChild(LanguageManager)
        return found if found is not None else cls(app)

    def _translators(self) -> list[QTranslator]:
        return list(self.app.findChildren(QTranslator))

    @property
    def language(self) -> str:
        for t in self._translators():
            name = Path(t.filePath()).stem
            for code in LANGUAGES:
                if name == f"planner_{code}":
                    return code
        return "en"

    def set_language(self, lang: str) -> bool:
        """Switch the UI language now. True when the language is in effect."""
        if lang not in LANGUAGES:
            return False
        if lang == self.language:
            return True
        ours = None
        if lang != "en":
            ours = QTranslator(self.app)
            if not ours.load(str(qm_path(lang))):
                ours.setParent(None)
                return False
        for t in self._translators():
            if t is ours:
                continue
            self.app.removeTranslator(t)
            t.setParent(None)
            t.deleteLater()
        if ours is None:
            QCoreApplication.sendEvent(self.app, _language_event())
            return True
        self.app.installTranslator(ours)
        qt = QTranslator(self.app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(f"qtbase_{_QT_LOCALE.get(lang, lang)}", folder):
            self.app.installTranslator(qt)
        else:
            qt.setParent(None)
        return True


def _language_event():
    from PySide6.QtCore import QEvent

    return QEvent(QEvent.Type.LanguageChange)


@cache
def _reverse_table(lang: str) -> dict[tuple[str, str], str]:
    """(context, translation) -> English source, read from the .ts source file."""
    path = ts_path(lang)
    out: dict[tuple[str, str], str] = {}
    if not path.is_file():
        return out
    root = ET.parse(path).getroot()  # our own bundled file, not user input
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            src = msg.findtext("source")
            tr = msg.find("translation")
            if src and tr is not None and tr.text and tr.get("type") not in ("unfinished", "obsolete"):
                out[(name, tr.text)] = src
    return out


def source_text(context: str, text: str, lang: str) -> str:
    """The English source of ``text`` as shown in ``lang`` (``text`` itself when not found)."""
    if lang == "en":
        return text
    return _reverse_table(lang).get((context, text), text)


class Retranslator(QObject):
    """Retranslates texts set once at construction (menus, actions, dock and toolbar titles).

    ``capture(window, context, lang)`` records the English source of every such text under the
    window; on each ``LanguageChange`` of the window the texts are translated again with
    ``QCoreApplication.translate(context, source)``.
    """

    def __init__(self, window: QWidget, context: str, lang: str = "en") -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.sources: dict[int, tuple[object, str, str]] = {}
        self.capture(lang)
        window.installEventFilter(self)

    def _targets(self):
        w = self.window
        for a in w.findChildren(QAction):
            if not a.property(OWN_TEXTS):
                yield a, "text", a.text()
        for m in w.findChildren(QMenu):
            if not m.property(OWN_TEXTS):
                yield m, "title", m.title()
        for d in w.findChildren(QDockWidget):
            yield d, "windowTitle", d.windowTitle()
        for t in w.findChildren(QToolBar):
            yield t, "windowTitle", t.windowTitle()

    def capture(self, lang: str = "en") -> None:
        for obj, prop, text in self._targets():
            if text:
                self.sources[(id(obj), prop)] = (obj, prop, source_text(self.context, text, lang))

    def retranslate(self) -> None:
        for (_oid, prop), (obj, _p, source) in list(self.sources.items()):
            try:
                text = QCoreApplication.translate(self.context, source)
                getattr(obj, "set" + prop[0].upper() + prop[1:])(text)
            except RuntimeError:  # the object was deleted
                self.sources.pop((_oid, prop), None)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        from PySide6.QtCore import QEvent

        if obj is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False
