"""Placing an image underlay by two known points: the similarity transform (pure) and the tool
driven with the mouse in the real window (scale, rotation and position, one undo step)."""

from __future__ import annotations

import math

import pytest
from gui_helpers import click, import_site_plan_image
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

from planner.gui.canvas.items import to_plan
from planner.gui.underlays import CalibrationError, Placement, calibrate, image_to_plan

# -- the transform (pure) ---------------------------------------------------------------------------

PIXELS = ((12.0, 7.0), (180.0, 95.0), (40.0, 160.0))  # two reference pixels and one off their line


def _near(p, q, tol=1e-6) -> bool:
    return math.dist(p, q) <= tol * max(1.0, math.hypot(*q))


@pytest.mark.parametrize("true_rotation", [0.0, 30.0, 90.0, 135.0, 180.0, 200.0, 270.0, 359.0, -75.0, -180.0])
@pytest.mark.parametrize("current_rotation", [0.0, 250.0, -40.0])
def test_two_true_points_give_scale_rotation_and_position(true_rotation, current_rotation):
    now = Placement((1200.0, -350.0), 0.8, current_rotation)
    truth = Placement((247310.5, 3985120.25), 0.125, true_rotation)
    p1, p2, _ = PIXELS
    placed = calibrate(now.origin_m, now.m_per_px, now.rotation_deg, now.to_plan(*p1), now.to_plan(*p2),
                       a_target_m=truth.to_plan(*p1), b_target_m=truth.to_plan(*p2))
    for px in PIXELS:  # the two reference pixels, and every other pixel with them
        assert _near(placed.to_plan(*px), truth.to_plan(*px))
    assert placed.m_per_px == pytest.approx(0.125, rel=1e-9)
    assert -180.0 < placed.rotation_deg <= 180.0
    turn = (placed.rotation_deg - true_rotation) % 360.0
    assert min(turn, 360.0 - turn) == pytest.approx(0.0, abs=1e-7)


def test_rotation_sign_matches_the_map():
    """Positive rotation turns the image counter-clockwise on the north-up map: at 90° the image's
    top edge (pixel x) points north and its left edge (pixel y, downwards) points east."""
    assert _near(image_to_plan((0.0, 0.0), 2.0, 90.0, 10, 0), (0.0, 20.0))
    assert _near(image_to_plan((0.0, 0.0), 2.0, 90.0, 0, 10), (20.0, 0.0))
    assert _near(image_to_plan((5.0, 5.0), 1.0, 0.0, 3, 4), (8.0, 1.0))  # y down on the image


@settings(max_examples=200, deadline=None)
@given(st.floats(-720, 720), st.floats(1e-3, 50), st.floats(-1e5, 1e5), st.floats(-1e5, 1e5),
       st.floats(-720, 720), st.floats(1e-3, 50))
def test_any_two_point_placement_keeps_the_image_unmirrored(rot0, mpp0, tx, ty, rot1, mpp1):
    """Two point pairs fix a similarity that keeps orientation: the three pixels keep their turning
    direction (a mirrored placement cannot come out; a mirrored scan must be mirrored first)."""
    now = Placement((10.0, 20.0), mpp0, rot0)
    truth = Placement((tx, ty), mpp1, rot1)
    p1, p2, p3 = PIXELS
    placed = calibrate(now.origin_m, now.m_per_px, now.rotation_deg, now.to_plan(*p1), now.to_plan(*p2),
                       a_target_m=truth.to_plan(*p1), b_target_m=truth.to_plan(*p2))

    def turning(pl):
        (x1, y1), (x2, y2), (x3, y3) = (pl.to_plan(*p) for p in PIXELS)
        return (x2 - x1) * (y3 - y1) - (y2 - y1) * (x3 - x1)

    assert placed.m_per_px > 0
    assert (turning(placed) > 0) == (turning(now) > 0)
    assert _near(placed.to_plan(*p3), truth.to_plan(*p3), 1e-6)


def test_a_mirrored_scan_cannot_be_placed_by_two_points():
    """True positions read off a mirrored scan (pixel y pointing north instead of south): the two
    reference points land where asked, but the image is only turned and scaled, never flipped, so
    a third point does not follow the mirror."""
    def mirrored_truth(px, py):
        return (px, py)

    now = Placement((0.0, 0.0), 1.0, 0.0)
    a, b = now.to_plan(0, 0), now.to_plan(100, 0)
    placed = calibrate(now.origin_m, 1.0, 0.0, a, b, a_target_m=mirrored_truth(0, 0),
                       b_target_m=mirrored_truth(100, 0))
    assert placed == Placement((0.0, 0.0), 1.0, 0.0)
    assert _near(placed.to_plan(0, 50), (0.0, -50.0))
    assert not _near(placed.to_plan(0, 50), mirrored_truth(0, 50))


def test_distance_only_keeps_the_rotation():
    placed = calibrate((100.0, 200.0), 0.5, 200.0, (0.0, 0.0), (30.0, 40.0), 100.0)
    assert placed.m_per_px == pytest.approx(1.0)
    assert placed.rotation_deg == 200.0
    assert placed.origin_m == pytest.approx((200.0, 400.0))  # scaled about the first point
    moved = calibrate((100.0, 200.0), 0.5, 200.0, (0.0, 0.0), (30.0, 40.0), 100.0, a_target_m=(5.0, -5.0))
    assert moved.origin_m == pytest.approx((205.0, 395.0))


@pytest.mark.parametrize(("args", "kwargs", "reason", "words"), [
    (((1.0, 1.0), (1.0, 1.0)), {"a_target_m": (0.0, 0.0), "b_target_m": (5.0, 0.0)}, "same_points",
     "two points on the image must differ"),
    (((1.0, 1.0), (1.0, 1.0)), {"distance_m": 10.0}, "same_points", "two points on the image must differ"),
    (((0.0, 0.0), (10.0, 0.0)), {"a_target_m": (3.0, 4.0), "b_target_m": (3.0, 4.0)}, "same_targets",
     "two true positions must differ"),
    (((0.0, 0.0), (10.0, 0.0)), {"distance_m": 0.0}, "bad_distance", "positive"),
    (((0.0, 0.0), (10.0, 0.0)), {"distance_m": -3.0}, "bad_distance", "positive"),
    (((0.0, 0.0), (10.0, 0.0)), {"distance_m": math.inf}, "bad_distance", "positive"),
    (((0.0, 0.0), (10.0, 0.0)), {}, "bad_distance", "positive"),
    (((0.0, math.nan), (10.0, 0.0)), {"distance_m": 5.0}, "not_finite", "finite"),
    (((0.0, 0.0), (10.0, 0.0)), {"a_target_m": (0.0, 0.0), "b_target_m": (math.inf, 0.0)}, "not_finite", "finite"),
    (((0.0, 0.0), (10.0, 0.0)), {"distance_m": 5.0, "a_target_m": (0.0, 0.0), "b_target_m": (1.0, 0.0)},
     "both_modes", "either"),
])
def test_degenerate_input_is_refused_with_a_clear_reason(args, kwargs, reason, words):
    with pytest.raises(CalibrationError, match=words) as info:
        calibrate((0.0, 0.0), 1.0, 0.0, *args, **kwargs)
    assert info.value.reason == reason


# -- the tool, with the mouse ---------------------------------------------------------------------


def answer_placement_dialog(mode: str, fields: dict[str, str] | None = None, seen: list | None = None) -> None:
    """When the placement dialog is up, choose ``mode``, type ``fields`` and press OK (it is modal:
    this runs from the dialog's own event loop). The dialog is noted in ``seen``."""
    from planner.gui.dialogs.place_image import PlaceImageDialog

    def act(tries: int = 0) -> None:
        dlg = next((w for w in QApplication.topLevelWidgets()
                    if isinstance(w, PlaceImageDialog) and w.isVisible()), None)
        if dlg is None:
            if tries < 200:
                QTimer.singleShot(10, lambda: act(tries + 1))
            return
        try:
            if seen is not None:
                seen.append((dlg.windowTitle(), dlg.measured.text()))
            QTest.mouseClick(dlg.mode_buttons[mode], Qt.MouseButton.LeftButton)
            for name, text in (fields or {}).items():
                QTest.keyClicks(dlg.findChild(QLineEdit, name), text)
            QTest.mouseClick(dlg.button_box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        finally:
            if dlg.isVisible():  # never leave a modal dialog behind (the test fails on its asserts)
                dlg.reject()

    QTimer.singleShot(0, act)


def at_pixel(w, dx: int, dy: int) -> tuple[float, float]:
    """Plan coordinates of the viewport pixel ``(dx, dy)`` from the viewport's centre (a click
    there gives exactly these coordinates)."""
    c = w.view.viewport().rect().center()
    return w.view.plan_pos(QPoint(c.x() + dx, c.y() + dy))


def image_pixel(w, uid: str, plan_xy) -> QPointF:
    """The image pixel shown at plan coordinates ``plan_xy``."""
    from planner.gui.canvas.items import to_scene

    item = w.scene.items_by_key[("underlay", uid)]
    return item.mapFromScene(to_scene(*plan_xy))


def shown_at(w, uid: str, pixel: QPointF) -> tuple[float, float]:
    """Plan coordinates where the scene draws image pixel ``pixel``."""
    return to_plan(w.scene.items_by_key[("underlay", uid)].mapToScene(pixel))


def expected(before, a, b, ta, tb) -> tuple[float, float]:
    """Scale and rotation the image must get (independent of ``calibrate``: from the vectors)."""
    k = math.dist(ta, tb) / math.dist(a, b)
    turn = math.degrees(math.atan2(tb[1] - ta[1], tb[0] - ta[0]) - math.atan2(b[1] - a[1], b[0] - a[0]))
    return before.m_per_px * k, (before.rotation_deg + turn + 180.0) % 360.0 - 180.0


def test_place_image_by_clicking_two_points_then_their_true_positions(window, tmp_path):
    uid = import_site_plan_image(window, tmp_path)
    before = window.document.plan.underlays[uid]
    window.set_tool("calibrate")
    assert window.tools["calibrate"].underlay == uid
    a, b = at_pixel(window, -150, -50), at_pixel(window, 150, 40)  # two points of the image
    ta, tb = at_pixel(window, 120, 90), at_pixel(window, -110, -100)  # where they truly are
    q1, q2 = image_pixel(window, uid, a), image_pixel(window, uid, b)
    steps = window.document.undo_stack.count()
    click(window, a)
    assert "second reference point" in window.statusBar().currentMessage()
    seen: list = []
    answer_placement_dialog("click", seen=seen)
    click(window, b)
    assert seen and seen[0][0] == "Place image by two points"
    assert "where point 1 truly is" in window.statusBar().currentMessage()
    assert window.document.plan.underlays[uid] == before  # nothing changes before both are given
    click(window, ta)
    assert "where point 2 truly is" in window.statusBar().currentMessage()
    click(window, tb)
    u = window.document.plan.underlays[uid]
    mpp, rot = expected(before, a, b, ta, tb)
    assert u.m_per_px == pytest.approx(mpp, rel=1e-9)
    assert u.rotation_deg == pytest.approx(rot, abs=1e-5) and abs(u.rotation_deg) > 100
    # the two image pixels now lie where they truly are (origin stored to the millimetre)
    assert math.dist(shown_at(window, uid, q1), ta) < 2e-3
    assert math.dist(shown_at(window, uid, q2), tb) < 2e-3
    assert "turned" in window.statusBar().currentMessage()
    assert not window.tools["calibrate"]._marks  # the temporary marks are gone
    # one undo step restores the old placement
    assert window.document.undo_stack.count() == steps + 1
    window.act_undo.trigger()
    assert window.document.plan.underlays[uid] == before
    assert math.dist(shown_at(window, uid, q1), a) < 1e-6
    assert math.dist(shown_at(window, uid, q2), b) < 1e-6
    window.act_redo.trigger()
    assert math.dist(shown_at(window, uid, q1), ta) < 2e-3


def test_place_image_by_typing_the_true_coordinates(window, tmp_path):
    uid = import_site_plan_image(window, tmp_path)
    before = window.document.plan.underlays[uid]
    window.set_tool("calibrate")
    a, b = at_pixel(window, -100, 30), at_pixel(window, 120, -20)
    ta, tb = (247350.0, 3985100.0), (247180.5, 3985020.25)  # surveyed coordinates, far away
    q1, q2 = image_pixel(window, uid, a), image_pixel(window, uid, b)
    click(window, a)
    answer_placement_dialog("positions", {"p1_east": "247,350", "p1_north": "3985100",
                                          "p2_east": "247180.5", "p2_north": "3985020.25"})
    click(window, b)
    u = window.document.plan.underlays[uid]
    mpp, rot = expected(before, a, b, ta, tb)
    assert (u.m_per_px, u.rotation_deg) == (pytest.approx(mpp, rel=1e-9), pytest.approx(rot, abs=1e-5))
    assert math.dist(shown_at(window, uid, q1), ta) < 2e-3
    assert math.dist(shown_at(window, uid, q2), tb) < 2e-3
    window.act_undo.trigger()
    assert window.document.plan.underlays[uid] == before


def test_escape_while_clicking_true_positions_changes_nothing(window, tmp_path):
    uid = import_site_plan_image(window, tmp_path)
    before = window.document.plan.underlays[uid]
    window.set_tool("calibrate")
    click(window, at_pixel(window, -50, 0))
    answer_placement_dialog("click")
    click(window, at_pixel(window, 50, 0))
    click(window, at_pixel(window, 0, 80))
    QTest.keyClick(window.view.viewport(), Qt.Key.Key_Escape)
    tool = window.tools["calibrate"]
    assert not tool.awaiting_targets and not tool.points and not tool._marks
    click(window, at_pixel(window, 10, 10))  # a fresh start: this is image point 1 again
    assert tool.points and not tool.awaiting_targets
    assert window.document.plan.underlays[uid] == before
