"""Walk everything a window shows (widget texts, tool tips, titles, placeholders, combo items,
tabs, headers, tree and table cells, menus and actions, status bar, map texts) and find texts that
are still in English while another language is in effect."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from functools import cache

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGraphicsView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QStatusBar,
    QTabBar,
    QTreeWidget,
    QTreeWidgetItem,
    QUndoView,
    QWidget,
)

from planner.resources import resource_path

MAX_CELLS = 5000
_TAG = re.compile(r"<[^>]+>")
_SHORTCUT = re.compile(r"\s+\([^()]*\)$")


@cache
def translated_sources(lang: str = "zh") -> tuple[frozenset[str], tuple[re.Pattern, ...]]:
    """English sources of the ``lang`` table that have a translation differing from the source:
    plain texts (normalised) and, for texts with ``{0}`` fields, a pattern matching them filled in."""
    root = ET.parse(resource_path("translations", f"planner_{lang}.ts")).getroot()
    plain: set[str] = set()
    patterns: list[re.Pattern] = []
    for msg in root.iter("message"):
        src = msg.findtext("source") or ""
        tr = msg.find("translation")
        text = (tr.text or "") if tr is not None else ""
        if tr is not None and not text:
            text = "".join(n.text or "" for n in tr.iter("numerusform"))
        if not text or tr.get("type") in ("unfinished", "obsolete") or text == src:
            continue
        src = _norm(src)
        if re.search(r"\{[^}]*\}|%n", src):
            literal = re.sub(r"\{[^}]*\}|%n", "", src)
            if len(re.findall(r"[A-Za-z]", literal)) >= 4:  # "{0} %" would match anything
                body = re.sub(r"\\\{[^}]*\\\}|%n", ".+?", re.escape(src))
                patterns.append(re.compile(body, re.DOTALL))
        else:
            plain.add(src)
    return frozenset(plain), tuple(patterns)


def _norm(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def _pieces(text: str) -> list[str]:
    """The text and, for rich text, each line of it without tags."""
    out = [text]
    if "<" in text or "\n" in text:
        for part in re.split(r"<br\s*/?>|</p>|</h\d>|</tr>|</li>|\n", text):
            plain = html.unescape(_TAG.sub("", part)).strip()
            if plain:
                out.append(plain)
    return out


def _item_texts(item: QTreeWidgetItem, where: str):
    for c in range(item.columnCount()):
        yield f"{where} item", item.text(c)
        yield f"{where} item tip", item.toolTip(c)
    for i in range(item.childCount()):
        yield from _item_texts(item.child(i), where)


def _widget_texts(w: QWidget):
    name = f"{type(w).__name__}({w.objectName() or '-'})"
    if w.isWindow() or w.windowTitle():
        yield f"{name} title", w.windowTitle()
    yield f"{name} tool tip", w.toolTip()
    yield f"{name} status tip", w.statusTip()
    yield f"{name} what's this", w.whatsThis()
    if isinstance(w, QLabel | QAbstractButton):
        yield f"{name} text", w.text()
    if isinstance(w, QLineEdit):
        yield f"{name} placeholder", w.placeholderText()
    if isinstance(w, QAbstractSpinBox):
        yield f"{name} special value", w.specialValueText()
    if isinstance(w, QComboBox):
        yield f"{name} placeholder", w.placeholderText()
        for i in range(w.count()):
            yield f"{name} item", w.itemText(i)
            tip = w.itemData(i, Qt.ItemDataRole.ToolTipRole)
            yield f"{name} item tip", tip if isinstance(tip, str) else ""
    if isinstance(w, QTabBar):
        for i in range(w.count()):
            yield f"{name} tab", w.tabText(i)
            yield f"{name} tab tip", w.tabToolTip(i)
    if isinstance(w, QGroupBox | QMenu):
        yield f"{name} title", w.title()
    if isinstance(w, QStatusBar):
        yield f"{name} message", w.currentMessage()
    if isinstance(w, QUndoView):
        yield f"{name} empty label", w.emptyLabel()
    if isinstance(w, QTreeWidget):
        yield from _item_texts(w.headerItem(), f"{name} header")
        for i in range(w.topLevelItemCount()):
            yield from _item_texts(w.topLevelItem(i), name)
    elif isinstance(w, QAbstractItemView) and w.model() is not None:
        m = w.model()
        rows, cols = m.rowCount(QModelIndex()), _columns(m)
        for c in range(cols):
            yield f"{name} header", str(m.headerData(c, Qt.Orientation.Horizontal) or "")
        if rows * max(1, cols) <= MAX_CELLS:
            for r in range(rows):
                for c in range(cols):
                    i = m.index(r, c)
                    for role, what in ((Qt.ItemDataRole.DisplayRole, "cell"), (Qt.ItemDataRole.ToolTipRole, "cell tip")):
                        v = m.data(i, role)
                        yield f"{name} {what}", v if isinstance(v, str) else ""
    if isinstance(w, QGraphicsView) and w.scene() is not None:
        for it in w.scene().items():
            if isinstance(it, QGraphicsSimpleTextItem):
                yield f"{name} map text", it.text()
            elif isinstance(it, QGraphicsTextItem):
                yield f"{name} map text", it.toPlainText()
            yield f"{name} map tool tip", it.toolTip()


def _columns(model) -> int:
    try:
        return model.columnCount(QModelIndex())
    except TypeError:  # a list model (its columnCount is private in the bindings)
        return 1


def shown_texts(window: QWidget) -> list[tuple[str, str]]:
    """(where, text) of everything ``window`` and the application's other top-level windows show."""
    widgets = [window, *window.findChildren(QWidget)]
    for top in QApplication.topLevelWidgets():
        if top is not window and top.isVisible():
            widgets += [top, *top.findChildren(QWidget)]
    out: list[tuple[str, str]] = []
    seen: set[int] = set()
    for w in widgets:
        if id(w) in seen:
            continue
        seen.add(id(w))
        out += [(where, t) for where, t in _widget_texts(w) if t]
    actions = set(window.findChildren(QAction))
    for w in widgets:
        actions.update(w.actions())
    for a in actions:
        for what, text in (("text", a.text()), ("tool tip", a.toolTip()), ("status tip", a.statusTip()),
                           ("icon text", a.iconText())):
            if text:
                out.append((f"action {a.text()!r} {what}", text))
    return out


def is_english_source(text: str, lang: str = "zh") -> bool:
    """``text`` (or a line of it) is a source text that ``lang`` translates."""
    plain, patterns = translated_sources(lang)
    for piece in _pieces(text):
        for t in {_norm(piece), _norm(_SHORTCUT.sub("", piece))}:
            if t in plain or any(p.fullmatch(t) for p in patterns):
                return True
    return False


def english_leftovers(window: QWidget, lang: str = "zh") -> list[str]:
    """Texts shown by ``window`` that are English sources translated in ``lang``."""
    return sorted({f"{where}: {text!r}" for where, text in shown_texts(window) if is_english_source(text, lang)})
