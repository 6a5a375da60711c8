"""Drill picks made while the first analysis of a plan is still running: remembered, announced and
drilled when the result arrives (the real main window, its analysis controller, real clicks)."""

from __future__ import annotations

import math
import shutil
import threading

import pytest
from gui_helpers import click, set_view, vp

from planner.errors import Cancelled
from planner.resources import example_plan


class HeldEvaluator:
    """Evaluates to ``result``, but only once ``release()`` is called: until then the analysis is
    running (a stale job stops when its cancel flag is set)."""

    def __init__(self, result) -> None:
        self.result = result
        self.gate = threading.Event()

    def __call__(self, plan, cancelled):
        while not self.gate.wait(0.005):
            if cancelled():
                raise Cancelled
        return self.result

    def release(self) -> None:
        self.gate.set()


@pytest.fixture
def held(window, design_json):
    """The window's analysis evaluates through a ``HeldEvaluator`` (20 ms debounce)."""
    ctl = window.analysis.analysis.controller
    ev = HeldEvaluator(design_json)
    ctl.evaluator = ev
    ctl.timer.setInterval(20)
    yield ev
    ev.release()
    window.analysis.shutdown()


def open_drill(qtbot, window):
    integ = window.analysis
    integ.docks["drill"].show()
    integ.docks["drill"].raise_()
    qtbot.waitUntil(integ.drill.isVisible, timeout=2000)
    return integ.drill


def load_while_held(qtbot, window, path=None):
    """Open a plan; wait until its first analysis is running (and the view has been fitted)."""
    assert window.load(path or example_plan())
    ctl = window.analysis.analysis.controller
    qtbot.waitUntil(lambda: ctl.busy, timeout=5000)


def click_fiber(window, fid: str) -> None:
    """Click the middle of the fiber's longest segment, zoomed in so nothing else is in reach."""
    plan = window.document.plan
    pts = plan.fiber_points(plan.fibers[fid])
    a, b = max(zip(pts, pts[1:], strict=False), key=lambda s: math.dist(*s))
    mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    set_view(window, 0.5, mid)
    assert window.view.key_at(vp(window, *mid)) == ("fiber", fid)
    window.set_tool("select")
    click(window, mid)


def click_site(window, sid: str) -> None:
    xy = window.document.plan.sites[sid].xy
    set_view(window, 0.5, xy)
    window.set_tool("select")
    click(window, xy)


def lost_rows(design_json):
    return [r for r in design_json.to_json()["failures"]["fibers"] if r["lost"]]


def test_a_pick_before_the_first_analysis_runs_when_it_arrives(qtbot, window, held, design_json):
    drill = open_drill(qtbot, window)
    load_while_held(qtbot, window)
    assert drill.result is None
    first, second = lost_rows(design_json)[0], lost_rows(design_json)[3]
    click_fiber(window, first["fiber"])
    assert drill.pending == ("fiber", first["fiber"])
    assert drill.outcome is None
    text = drill.summary.text()
    assert first["fiber"] in text and "runs as soon as the analysis is ready" in text
    # the announcement follows the interface language
    assert window.analysis.set_language("zh")
    assert "分析完成后将立即运行演练" in drill.summary.text()
    assert window.analysis.set_language("en")
    # a newer pick replaces the older one
    click_fiber(window, second["fiber"])
    assert drill.pending == ("fiber", second["fiber"])
    assert second["fiber"] in drill.summary.text() and first["fiber"] not in drill.summary.text()
    held.release()
    qtbot.waitUntil(lambda: drill.outcome is not None, timeout=5000)
    assert drill.pending is None
    assert drill.outcome.target == second["fiber"]
    assert sorted(drill.outcome.lost) == sorted(x["demand"] for x in second["lost"])
    assert "runs as soon as" not in drill.summary.text()
    assert drill.table.rowCount() >= len(second["lost"])
    # the cut fiber is drawn red
    assert window.scene.items_by_key[("fiber", second["fiber"])].pen().color().name() == "#d7263d"


def test_a_site_picked_early_is_drilled_only_if_it_is_a_trusted_node(qtbot, window, held, design_json):
    drill = open_drill(qtbot, window)
    load_while_held(qtbot, window)
    nodes = design_json.to_json()["trusted_nodes"]
    click_site(window, "toc")  # a terminal's operations centre: not a trusted node of the design
    assert drill.pending == ("node", "toc")
    held.release()
    qtbot.waitUntil(lambda: drill.result is not None, timeout=5000)
    assert drill.outcome is None and drill.pending is None
    assert "is not a trusted node" in drill.summary.text()
    # once the analysis is there, a trusted node is drilled at once
    click_site(window, nodes[0])
    qtbot.waitUntil(lambda: drill.outcome is not None, timeout=2000)
    assert (drill.outcome.action, drill.outcome.target) == ("node", nodes[0])


def test_leaving_the_drill_drops_a_pending_pick(qtbot, window, held, design_json):
    drill = open_drill(qtbot, window)
    load_while_held(qtbot, window)
    fid = lost_rows(design_json)[0]["fiber"]
    click_fiber(window, fid)
    assert drill.pending == ("fiber", fid)
    window.analysis.docks["drill"].hide()
    assert drill.pending is None
    held.release()
    qtbot.waitUntil(lambda: drill.result is not None, timeout=5000)
    assert drill.outcome is None
    assert window.analysis.analysis.styler.highlight is None


def test_opening_another_plan_drops_a_pending_pick(qtbot, window, held, design_json, tmp_path):
    drill = open_drill(qtbot, window)
    load_while_held(qtbot, window)
    fid = lost_rows(design_json)[0]["fiber"]
    click_fiber(window, fid)
    assert drill.pending == ("fiber", fid)
    other = tmp_path / "copy.qkdplan"
    shutil.copy(example_plan(), other)
    assert window.load(other)
    assert drill.pending is None and drill.result is None and drill.summary.text() == ""
    held.release()
    qtbot.waitUntil(lambda: drill.result is not None, timeout=5000)
    assert drill.outcome is None
