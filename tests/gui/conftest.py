"""GUI test fixtures: an isolated QSettings file and data dir, a main window on a known view, and
a check that no Qt warning passes silently."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QSettings, QtMsgType
from PySide6.QtGui import QTransform

#: Messages of the offscreen platform plugin that say nothing about our code.
HARMLESS_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",)


@pytest.fixture(autouse=True)
def _no_qt_warnings_or_threads(request, qtlog):
    threads_before = set(threading.enumerate())
    yield
    bad = [r.message for r in qtlog.records
           if r.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
           and not r.message.startswith(HARMLESS_QT_MESSAGES)]
    assert not bad, f"Qt warnings during the test: {bad}"
    leftover = [t for t in threading.enumerate() if t not in threads_before and t.is_alive()
                and not t.daemon]
    assert not leftover, f"threads left running: {leftover}"


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings, data_dir):
    """The main window on an empty plan, 1 m per pixel, scene origin at the viewport centre."""
    from planner.gui.main_window import MainWindow

    w = MainWindow(settings, autosave=False)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    set_view(w, 1.0, (0.0, 0.0))
    yield w
    w.document.undo_stack.setClean()
    w.close()
    w.deleteLater()


@pytest.fixture(autouse=True)
def _no_unexpected_dialogs(monkeypatch):
    """A modal message box would hang the test run: fail instead (tests patch the ones they expect)."""
    from PySide6.QtWidgets import QMessageBox

    def unexpected(name):
        def box(parent, title, text, *args, **kwargs):
            raise AssertionError(f"unexpected QMessageBox.{name}: {title}: {text}")
        return staticmethod(box)

    for name in ("question", "critical", "warning", "information", "about"):
        monkeypatch.setattr(QMessageBox, name, unexpected(name))


def set_view(w, m_per_px: float, centre_m) -> None:
    w.view.setTransform(QTransform.fromScale(1 / m_per_px, 1 / m_per_px))
    w.view.centerOn(centre_m[0], -centre_m[1])

