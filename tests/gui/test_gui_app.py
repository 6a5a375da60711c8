"""App switches (--screenshot, --smoke), autosave and recovery, underlays, and the Qt binding."""

from __future__ import annotations

import os
import subprocess
import sys

import ezdxf
import pytest
from gui_helpers import click, draw_two_sites_and_fiber, import_site_plan_image
from PySide6.QtGui import QImage

from planner.io import dumps_plan
from planner.resources import example_plan


def _run_app(args, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PLANNER_DATA_DIR=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    return subprocess.run([sys.executable, "-m", "planner", *args], capture_output=True, text=True,
                          timeout=120, env=env)


def test_screenshot_switch_writes_a_large_png(tmp_path):
    out = tmp_path / "shot.png"
    r = _run_app([str(example_plan()), "--screenshot", str(out)], tmp_path)
    assert r.returncode == 0, r.stderr
    image = QImage(str(out))
    assert image.width() >= 1280 and image.height() >= 800
    # Not a blank grab: the map shows many colours.
    colours = {image.pixel(x, y) for x in range(0, image.width(), 23) for y in range(0, image.height(), 23)}
    assert len(colours) > 20


def test_smoke_switch_opens_evaluates_and_exits_0(tmp_path):
    r = _run_app(["--smoke"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert "smoke: opened harbor.qkdplan" in r.stdout and "evaluation:" in r.stdout


def test_bad_file_gives_exit_2_without_traceback(tmp_path):
    bad = tmp_path / "bad.qkdplan"
    bad.write_text("{not json", encoding="utf-8")
    r = _run_app([str(bad), "--screenshot", str(tmp_path / "x.png")], tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_autosave_and_recovery_after_a_crash(window, data_dir, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from planner.gui.app import _offer_recovery
    from planner.gui.recovery import Autosaver, find_recoveries

    saver = Autosaver(window.document, interval_ms=60_000)
    assert not saver.autosave()  # nothing unsaved yet
    draw_two_sites_and_fiber(window, (-300, 0), (200, 0))
    assert saver.autosave() and saver.plan_file.is_file()
    assert find_recoveries() == []  # this session is alive: its lock is held
    content = dumps_plan(window.document.plan)
    # The process dies: its lock is released and nothing cleans up its files.
    saver.timer.stop()
    window.document.undo_stack.cleanChanged.disconnect(saver._on_clean)
    saver.lock.unlock()
    found = find_recoveries()
    assert len(found) == 1 and dumps_plan(found[0].load()) == content
    # The next start offers to restore, and restores.
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard))
    window.new_plan()
    assert not window.document.plan.sites
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    assert _offer_recovery(window)
    assert dumps_plan(window.document.plan) == content and window.isWindowModified()
    assert find_recoveries() == []


def test_saving_removes_the_autosave(window, data_dir, tmp_path):
    from planner.gui.recovery import Autosaver

    saver = Autosaver(window.document, interval_ms=60_000)
    draw_two_sites_and_fiber(window, (-300, 0), (200, 0))
    assert saver.autosave()
    window._save_to(tmp_path / "p.qkdplan")
    assert not saver.plan_file.exists()
    saver.close()


def _dxf(path):
    doc = ezdxf.new()
    msp = doc.modelspace()
    msp.add_line((0, 0), (100, 0), dxfattribs={"layer": "QUAY"})
    msp.add_lwpolyline([(0, 50), (50, 80), (100, 50)], dxfattribs={"layer": "DUCTS"})
    msp.add_arc((50, 0), 20, 0, 180, dxfattribs={"layer": "DUCTS"})
    msp.add_line((0, -50), (100, -50), dxfattribs={"layer": "TEXT_NOISE"})
    doc.saveas(path)


def test_dxf_underlay_relative_path_layers_and_snapping(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from planner.gui import underlays as ul

    plan_dir = tmp_path / "plan"
    plan_dir.mkdir()
    window._save_to(plan_dir / "p.qkdplan")
    _dxf(plan_dir / "site.dxf")
    assert ul.dxf_layers(plan_dir / "site.dxf") == ["DUCTS", "QUAY", "TEXT_NOISE"]
    uid = window.import_underlay("dxf", plan_dir / "site.dxf", layers=("QUAY", "DUCTS"))
    u = window.document.plan.underlays[uid]
    assert u.path == "site.dxf" and u.layers == ("QUAY", "DUCTS")
    # Snapping: a fiber bend clicked 3 px from the polyline's vertex (50, 80) lands on it.
    draw_two_sites_and_fiber(window, (-300, 0), (300, 0), bends=[(52, 82)])
    f = list(window.document.plan.fibers.values())[-1]
    assert f.vertices == ((50.0, 80.0),)
    assert window.scene.nearest_underlay_vertex(0, -50, 5) is None  # layer not chosen
    # A file outside the plan's folder is refused unless confirmed.
    _dxf(tmp_path / "outside.dxf")
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    assert window.import_underlay("dxf", tmp_path / "outside.dxf", layers=()) is None
    uid2 = window.import_underlay("dxf", tmp_path / "outside.dxf", layers=(), confirm_outside=True)
    assert window.document.plan.underlays[uid2].path == "../outside.dxf"
    # Opacity and lock are ordinary, undoable edits.
    window.document.edit("underlay", uid, opacity=0.3, locked=False)
    assert window.scene.items_by_key[("underlay", uid)].opacity() == pytest.approx(0.3)
    window.act_undo.trigger()
    assert window.scene.items_by_key[("underlay", uid)].opacity() == pytest.approx(0.8)


def test_image_underlay_placed_by_two_points(window, tmp_path, monkeypatch):
    uid = import_site_plan_image(window, tmp_path)
    u = window.document.plan.underlays[uid]
    assert u.kind == "image" and u.path == "siteplan.png"
    # Two reference points 100 m apart on the map are really 250 m apart.
    from planner.gui.dialogs.place_image import PlaceAnswer

    window.tools["calibrate"].ask = lambda measured: PlaceAnswer(distance_m=250.0)
    window.set_tool("calibrate")
    assert window.tools["calibrate"].underlay == uid
    click(window, (0, 0))
    click(window, (100, 0))
    u2 = window.document.plan.underlays[uid]
    assert u2.m_per_px == pytest.approx(u.m_per_px * 2.5, rel=1e-6)
    # The first point stays where it was: origin scaled about it.
    assert u2.origin_m[0] == pytest.approx(u.origin_m[0] * 2.5, abs=0.01)


def test_void_calls_keep_none_alive():
    """Guards against Qt bindings that drop a reference to None on void calls (PySide6 6.12.0 on
    Python 3.11 aborts the app after a few thousand calls)."""
    from PySide6.QtCore import QObject

    o = QObject()
    before = sys.getrefcount(None)
    for _ in range(2000):
        o.setObjectName("x")
    assert sys.getrefcount(None) >= before - 10
