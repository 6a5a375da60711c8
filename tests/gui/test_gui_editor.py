"""The map editor driven like a user: real mouse and keyboard events on the real widgets."""

from __future__ import annotations

import pytest
from gui_helpers import click, drag, draw_two_sites_and_fiber, key
from gui_helpers import vp as window_vp
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QMessageBox

from planner.io import dumps_plan, load_plan


def test_draw_two_sites_and_a_fiber_and_see_its_length(window):
    fid = draw_two_sites_and_fiber(window, (-300, 0), (100, 300), bends=[(100, 0)])
    plan = window.document.plan
    f = plan.fibers[fid]
    # Clicks land on whole pixels at 1 m/px: the fiber runs -300,0 -> 100,0 -> 100,300.
    assert plan.fiber_length_m(f) == pytest.approx(700.0, abs=2.0)
    assert window.scene.selected_keys() == [("fiber", fid)]
    text = window.inspector.info["drawn_length"].text()
    assert text == f"{plan.fiber_length_m(f):,.1f} m"
    assert 698 <= float(text.split()[0].replace(",", "")) <= 702
    assert window.document.undo_stack.count() == 3  # two sites, one fiber


def test_drawing_shows_the_length_live_and_escape_cancels(window):
    draw_two_sites_and_fiber(window, (-200, 0), (200, 0), finish=False)
    tool = window.tools["draw_fiber"]
    QTest.mouseMove(window.view.viewport(), window_vp(window, 0, 150))
    assert tool._label is not None and tool._label.text().startswith("Length 2")
    key(window, Qt.Key.Key_Escape)
    assert tool.start is None and tool._preview is None
    assert not window.document.plan.fibers


def test_move_a_site_and_its_fibers_follow_then_undo_redo_exactly(window):
    fid = draw_two_sites_and_fiber(window, (-300, 0), (200, 0))
    plan = window.document.plan
    sid = plan.fibers[fid].a
    before = dumps_plan(plan)
    window.set_tool("select")
    drag(window, (-300, 0), (-300, -150))
    assert plan.sites[sid].xy == pytest.approx((-300, -150), abs=1.01)
    path = window.scene.items_by_key[("fiber", fid)].path()
    start = path.elementAt(0)
    assert (start.x, -start.y) == pytest.approx(plan.sites[sid].xy)
    assert plan.fiber_drawn_length_m(plan.fibers[fid]) == pytest.approx((500**2 + 150**2) ** 0.5, abs=2)
    after = dumps_plan(plan)
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dumps_plan(plan) == before
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert dumps_plan(plan) == after


def test_escape_during_a_drag_restores(window):
    draw_two_sites_and_fiber(window, (-300, 0), (200, 0))
    window.set_tool("select")
    before = dumps_plan(window.document.plan)
    vpw = window.view.viewport()
    QTest.mousePress(vpw, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, window_vp(window, 200, 0))
    QTest.mouseMove(vpw, window_vp(window, 250, 80))
    item = next(i for k, i in window.scene.items_by_key.items() if k[0] == "site" and i.pos().x() > 240)
    assert item is not None
    key(window, Qt.Key.Key_Escape)
    QTest.mouseRelease(vpw, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, window_vp(window, 250, 80))
    assert dumps_plan(window.document.plan) == before
    assert all(i.pos().x() < 240 for k, i in window.scene.items_by_key.items() if k[0] == "site")


def test_successive_nudges_merge_into_one_undo_step(window):
    draw_two_sites_and_fiber(window, (-300, 0), (200, 0))
    window.set_tool("select")
    click(window, (200, 0))
    n = window.document.undo_stack.count()
    for _ in range(5):
        key(window, Qt.Key.Key_Right)
    assert window.document.undo_stack.count() == n + 1
    site = window.document.plan.sites[window.scene.selected_keys()[0][1]]
    assert site.x_m == pytest.approx(205, abs=1.01)


def test_rubber_band_selects_several_and_delete_is_one_step(window):
    draw_two_sites_and_fiber(window, (-300, 0), (200, 0))
    window.set_tool("select")
    drag(window, (-400, 100), (300, -100))
    assert sorted(k for k, _ in window.scene.selected_keys()) == ["fiber", "site", "site"]
    assert window.inspector.title.text().startswith("3 elements")
    before = dumps_plan(window.document.plan)
    window.act_delete.trigger()
    assert not window.document.plan.sites and not window.document.plan.fibers
    window.act_undo.trigger()
    assert dumps_plan(window.document.plan) == before


def test_inspector_refuses_bad_values_inline_and_edits_all_selected(window, qtbot):
    draw_two_sites_and_fiber(window, (-300, 0), (200, 0))
    fid = next(iter(window.document.plan.fibers))
    splices = window.inspector.editors["splices"]
    assert isinstance(splices, QLineEdit)
    splices.setFocus()
    splices.selectAll()
    QTest.keyClicks(splices, "-4")
    err = window.inspector.errors["splices"]
    assert err.isVisibleTo(window.inspector) and "outside the allowed range" in err.text()
    QTest.keyClick(splices, Qt.Key.Key_Return)
    assert window.document.plan.fibers[fid].splices == 0  # refused, not committed
    splices.selectAll()
    QTest.keyClicks(splices, "6")
    assert not err.isVisibleTo(window.inspector)
    QTest.keyClick(splices, Qt.Key.Key_Return)
    assert window.document.plan.fibers[fid].splices == 6
    # Two sites selected: one edit renames both, as one undo step.
    window.scene.select_keys([("site", s) for s in window.document.plan.sites])
    name = window.inspector.editors["name"]
    assert name.text() == "" and name.placeholderText() == "(mixed)"
    n = window.document.undo_stack.count()
    name.setFocus()
    QTest.keyClicks(name, "Quay box")
    QTest.keyClick(name, Qt.Key.Key_Return)
    assert {s.name for s in window.document.plan.sites.values()} == {"Quay box"}
    assert window.document.undo_stack.count() == n + 1


def test_tree_and_map_selection_stay_in_sync_and_layers_hide(window):
    fid = draw_two_sites_and_fiber(window, (-300, 0), (200, 0))
    tree = window.layers
    tree.items[("fiber", fid)].setSelected(True)
    assert ("fiber", fid) in window.scene.selected_keys()
    window.scene.select_keys([("site", window.document.plan.fibers[fid].a)])
    assert [i.data(0, Qt.ItemDataRole.UserRole) for i in tree.selectedItems()] == \
        [("site", window.document.plan.fibers[fid].a)]
    tree.groups["fiber"].setCheckState(0, Qt.CheckState.Unchecked)
    assert not window.scene.items_by_key[("fiber", fid)].isVisible()
    tree.groups["fiber"].setCheckState(0, Qt.CheckState.Checked)
    assert window.scene.items_by_key[("fiber", fid)].isVisible()


def test_section_demand_vertices_and_delete_tools(window):
    plan = window.document.plan
    window.set_tool("draw_section")
    for p in [(-400, -300), (400, -300), (400, 300), (-400, 300)]:
        click(window, p)
    # A real double-click: the press above added the corner, the double-click closes the polygon.
    QTest.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      window_vp(window, -400, 300))
    assert len(plan.sections) == 1
    sec = next(iter(plan.sections.values()))
    assert len(sec.polygon) == 4
    # Two gates and a demand between them.
    window.set_site_role("gate")
    window.set_tool("add_site")
    click(window, (-200, 100))
    click(window, (200, 100))
    assert {s.role for s in plan.sites.values()} == {"gate"}
    window.set_tool("add_demand")
    a, b = list(plan.sites)
    click(window, (-200, 100))
    click(window, (200, 100))
    d = next(iter(plan.demands.values()))
    assert {d.a, d.b} == {a, b} and d.rate_bps == 512.0
    # Edit vertices: drag a corner, insert one, delete it.
    window.scene.select_keys([("section", sec.id)])
    window.set_tool("edit_vertices")
    drag(window, (400, 300), (450, 350))
    assert plan.sections[sec.id].polygon[2] == pytest.approx((450, 350), abs=1.01)
    QTest.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                      window_vp(window, 0, -300))
    assert len(plan.sections[sec.id].polygon) == 5
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier,
                     window_vp(window, 0, -300))
    assert len(plan.sections[sec.id].polygon) == 4
    # Delete tool: a site goes with its demand, in one step.
    window.set_tool("delete")
    click(window, (-200, 100))
    assert len(plan.sites) == 1 and not plan.demands
    window.act_undo.trigger()
    assert len(plan.sites) == 2 and len(plan.demands) == 1


def test_save_reopen_identical_and_title_marks_changes(window, tmp_path):
    draw_two_sites_and_fiber(window, (-300, 0), (200, 0), bends=[(0, 50)])
    assert window.isWindowModified()
    path = tmp_path / "plan.qkdplan"
    assert window._save_to(path)
    assert not window.isWindowModified() and window.windowTitle().startswith("plan.qkdplan")
    saved = path.read_text(encoding="utf-8")
    assert saved == dumps_plan(window.document.plan)
    assert window.load(path)
    assert dumps_plan(window.document.plan) == saved == dumps_plan(load_plan(path))
    assert window.recent_files()[0] == str(path.resolve())


@pytest.mark.parametrize("answer,expect_kept", [(QMessageBox.StandardButton.Cancel, True),
                                                (QMessageBox.StandardButton.Discard, False)])
def test_unsaved_changes_prompt(window, monkeypatch, answer, expect_kept):
    draw_two_sites_and_fiber(window, (-300, 0), (200, 0))
    asked = []

    def fake_question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(fake_question))
    window.act_new.trigger()
    assert len(asked) == 1 and "unsaved changes" in asked[0]
    assert bool(window.document.plan.sites) is expect_kept


def test_close_prompt_save_writes_the_file(window, monkeypatch, tmp_path):
    draw_two_sites_and_fiber(window, (-300, 0), (200, 0))
    path = tmp_path / "closing.qkdplan"
    window.document.path = path
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Save))
    assert window.close()
    assert load_plan(path).sites.keys() == window.document.plan.sites.keys()


def test_zoom_wheel_keeps_the_point_under_the_cursor(window):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent

    view = window.view
    pos = QPointF(300, 200)
    before = view.plan_pos(pos)
    ev = QWheelEvent(pos, view.viewport().mapToGlobal(pos), QPoint(0, 0), QPoint(0, 240),
                     Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    view.wheelEvent(ev)
    assert view.m_per_px() < 0.8
    assert view.plan_pos(pos) == pytest.approx(before, abs=2 * view.m_per_px())

