"""Unexpected errors and killed processes lose nothing.

- The global handler (``planner.gui.crash``): an exception escaping a slot or a thread shows a
  dialog, writes the traceback to ``<data dir>/logs/crash.log``, autosaves, and the app goes on.
- SIGKILL while editing: the saved plan file is untouched and, at the next start, the recovery file
  restores the edits up to the last autosave (not the ones after it).
- SIGKILL while the app saves: the plan file (and its ``.bak``) is always a complete version.
The killed app runs in a child process driven by a small script; no sleeping, only deadlines.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from planner.gui.crash import CrashHandler, install_crash_handler
from planner.io import load_plan, save_plan
from planner.model import Fiber, Plan, PlanMeta, Site

DRIVER = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QSettings, QTimer
    from planner.gui.app import make_application
    from planner.gui.main_window import MainWindow

    plan_path, ini, mode = sys.argv[1:4]
    app = make_application()
    w = MainWindow(QSettings(ini, QSettings.Format.IniFormat), autosave=True)
    assert w.load(plan_path)
    w.show()
    doc = w.document
    first, second = list(doc.plan.sites)[:2]
    if mode == "edit":
        doc.edit("site", first, name="Autosaved edit")
        assert w.autosaver.autosave()
        print("autosaved", flush=True)
        doc.edit("site", second, name="Edit after the last autosave")
        print("edited", flush=True)
    else:
        n = [0]
        def save_again():
            n[0] += 1
            doc.edit("site", first, name=f"save {n[0]}")
            assert w.save()
            print(n[0], flush=True)
            QTimer.singleShot(0, save_again)
        print("ready", flush=True)
        QTimer.singleShot(0, save_again)
    app.exec()
""")


def plan_of(n_sites: int) -> Plan:
    plan = Plan(meta=PlanMeta(name="Kill test"))
    for i in range(n_sites):
        plan.sites[f"s{i}"] = Site(f"s{i}", f"Original {i}", "warehouse", 100.0 * i, 50.0 * (i % 3))
    for i in range(n_sites - 1):
        plan.fibers[f"f{i}"] = Fiber(f"f{i}", f"s{i}", f"s{i + 1}")
    return plan


def start_app(tmp_path, plan_path, mode: str, data_dir) -> subprocess.Popen:
    env = dict(os.environ, PLANNER_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen([sys.executable, "-c", DRIVER, str(plan_path), str(tmp_path / "child.ini"), mode],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def expect_line(proc: subprocess.Popen, word: str) -> None:
    line = proc.stdout.readline().strip()
    if line != word:
        proc.kill()
        pytest.fail(f"the app said {line!r}, not {word!r}: {proc.communicate(timeout=60)[1][-3000:]}")


def kill(proc: subprocess.Popen) -> str:
    proc.send_signal(signal.SIGKILL)
    out, _err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    return out


# -- SIGKILL ---------------------------------------------------------------------------------------
pytestmark_posix = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


@pytestmark_posix
def test_sigkill_while_editing_then_restart_restores_the_autosaved_edits(qtbot, tmp_path, data_dir, settings,
                                                                          monkeypatch):
    plan_path = tmp_path / "port.qkdplan"
    save_plan(plan_of(30), plan_path, backup=False)
    saved = plan_path.read_bytes()
    proc = start_app(tmp_path, plan_path, "edit", data_dir)
    try:
        expect_line(proc, "autosaved")
        expect_line(proc, "edited")
    finally:
        kill(proc)
    assert plan_path.read_bytes() == saved, "the last saved file is intact"

    from planner.gui import app as app_mod
    from planner.gui.main_window import MainWindow

    asked = []

    def answer_yes(*args, **kwargs):
        asked.append(args[2] if len(args) > 2 else "")
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    w = MainWindow(settings, autosave=False)
    qtbot.addWidget(w)
    assert app_mod._offer_recovery(w), "the next start offers the autosave"
    assert len(asked) == 1 and "port.qkdplan" in asked[0]
    plan = w.document.plan
    assert plan.sites["s0"].name == "Autosaved edit"
    assert plan.sites["s1"].name == "Original 1", "edits after the last autosave are not in it"
    assert w.document.is_modified() and w.document.path == plan_path
    assert len(plan.sites) == 30 and len(plan.fibers) == 29
    w.document.undo_stack.setClean()


@pytestmark_posix
def test_sigkill_while_the_app_saves_leaves_a_complete_file(tmp_path, data_dir):
    plan_path = tmp_path / "big.qkdplan"
    save_plan(plan_of(400), plan_path, backup=False)
    rng = random.Random(7)
    for _round in range(2):
        proc = start_app(tmp_path, plan_path, "save-loop", data_dir)
        try:
            expect_line(proc, "ready")
            for _ in range(rng.randint(1, 4)):  # some saves complete, then a random moment
                proc.stdout.readline()
            try:
                proc.wait(timeout=rng.uniform(0.0, 0.5))
            except subprocess.TimeoutExpired:
                pass
        finally:
            kill(proc)
        for p in (plan_path, plan_path.with_name(plan_path.name + ".bak")):
            plan = load_plan(p)  # complete and valid: never a partial file
            assert len(plan.sites) == 400 and plan.sites["s0"].name.startswith("save ")


# -- the global exception handler ---------------------------------------------------------------
@pytest.fixture
def crashy_window(qtbot, settings, data_dir):
    from planner.gui.main_window import MainWindow

    w = MainWindow(settings, autosave=True)  # closed here, after the test, once its work is clean
    w.document.set_plan(plan_of(3), None)
    handler = install_crash_handler(w)
    yield w, handler
    handler.uninstall()
    if handler.last_dialog is not None:
        handler.last_dialog.close()
    w.document.undo_stack.setClean()
    w.close()
    w.deleteLater()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_shown_logged_autosaved_and_the_app_goes_on(qtbot, crashy_window, data_dir):
    w, handler = crashy_window
    w.document.edit("site", "s0", name="Unsaved work")

    def broken_slot():
        raise RuntimeError("the map tool fell over")

    with qtbot.waitSignal(handler.reported, timeout=10_000) as sig:
        QTimer.singleShot(0, broken_slot)
    message, log = sig.args
    assert message == "RuntimeError: the map tool fell over"
    text = (data_dir / "logs" / "crash.log").read_text(encoding="utf-8")
    assert log == str(data_dir / "logs" / "crash.log")
    assert "Traceback (most recent call last)" in text and "in broken_slot" in text
    assert "RuntimeError: the map tool fell over" in text
    recovered = load_plan(w.autosaver.plan_file)
    assert recovered.sites["s0"].name == "Unsaved work", "the edits were autosaved"
    box = handler.last_dialog
    assert box is not None and box.isVisible() and "the map tool fell over" in box.text()
    assert str(data_dir / "logs" / "crash.log") in box.informativeText()
    # the app keeps running: its event loop still delivers, and editing still works
    with qtbot.waitSignal(w.document.revision_changed, timeout=10_000):
        QTimer.singleShot(0, lambda: w.document.edit("site", "s1", name="Still editing"))
    assert w.document.plan.sites["s1"].name == "Still editing"


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_thread_is_reported_in_the_gui_thread(qtbot, crashy_window, data_dir):
    w, handler = crashy_window
    seen_in = []
    handler.reported.connect(lambda *a: seen_in.append(threading.current_thread() is threading.main_thread()))

    def worker():
        raise ValueError("worker failed")

    with qtbot.waitSignal(handler.reported, timeout=10_000) as sig:
        t = threading.Thread(target=worker, name="evaluation")
        t.start()
        t.join(timeout=30)
    assert sig.args[0] == "ValueError: worker failed" and seen_in == [True]
    text = (data_dir / "logs" / "crash.log").read_text(encoding="utf-8")
    assert "thread evaluation" in text and "ValueError: worker failed" in text


@pytest.mark.qt_no_exception_capture
def test_a_failing_autosave_does_not_stop_the_report(qtbot, crashy_window, data_dir, monkeypatch):
    w, handler = crashy_window

    def broken_autosave():
        raise OSError("disk gone")

    monkeypatch.setattr(w.autosaver, "autosave", broken_autosave)
    with qtbot.waitSignal(handler.reported, timeout=10_000) as sig:
        QTimer.singleShot(0, lambda: 1 / 0)
    assert sig.args[0].startswith("ZeroDivisionError")
    assert handler.count == 1


def test_the_log_is_rotated(data_dir, monkeypatch):
    from planner.gui import crash

    monkeypatch.setattr(crash, "MAX_LOG_BYTES", 100)
    try:
        raise KeyError("first")
    except KeyError as e:
        crash.write_crash_log(type(e), e, e.__traceback__)
        crash.write_crash_log(type(e), e, e.__traceback__)
    logs = data_dir / "logs"
    assert (logs / "crash.log.1").exists() and "KeyError" in (logs / "crash.log").read_text()


def test_keyboard_interrupt_keeps_its_meaning(qtbot, settings, data_dir, monkeypatch):
    from planner.gui.main_window import MainWindow

    w = MainWindow(settings, autosave=False)
    qtbot.addWidget(w)
    calls = []
    handler = CrashHandler(w)
    handler._previous_hook = lambda *a: calls.append(a[0])
    handler.handle(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert calls == [KeyboardInterrupt] and handler.count == 0
