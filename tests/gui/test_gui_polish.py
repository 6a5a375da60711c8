"""Map polish: decluttered site labels, headless runs that never block, application naming, layer
tree texts, recovery of the file being opened, highlight of a selected image underlay."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from gui_helpers import import_site_plan_image
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QTransform

from planner.gui.canvas.labels import (
    JUNCTION_LABEL_MAX_M_PER_PX,
    LEFT,
    PAD_PX,
    RIGHT,
    LabelRequest,
    label_rect,
    place_labels,
)
from planner.io import dumps_plan
from planner.resources import example_plan


def set_view(w, m_per_px: float, centre_m) -> None:
    w.view.setTransform(QTransform.fromScale(1 / m_per_px, 1 / m_per_px))
    w.view.centerOn(centre_m[0], -centre_m[1])


# -- label placement (pure) -----------------------------------------------------------------------


def _overlap(a, b, pad=0.0) -> bool:
    return a[0] - pad < b[2] and b[0] - pad < a[2] and a[1] - pad < b[3] and b[1] - pad < a[3]


def test_overlapping_labels_give_way_by_priority():
    # Three sites in a tight row, labels beside them only: the low-priority middle one gives way.
    hi = LabelRequest(0, 0, 5, 60, 12, (2,))
    mid = LabelRequest(12, 0, 5, 60, 12, (0,))
    hi2 = LabelRequest(24, 0, 5, 60, 12, (1,))
    chosen = place_labels([hi, mid, hi2], positions=(RIGHT, LEFT), bounds=(-200, -200, 200, 200))
    assert chosen[0] is not None and chosen[2] is not None
    assert chosen[1] is None
    assert chosen[0] == LEFT  # its right side holds the middle marker
    # Without the high-priority neighbours, the middle one is labelled (to the right).
    assert place_labels([mid]) == [RIGHT]
    # With four positions, the middle one finds room above.
    assert place_labels([hi, mid, hi2])[1] is not None


def test_labels_stay_inside_the_viewport():
    r = LabelRequest(195, 100, 5, 60, 12, (1,))
    pos = place_labels([r], bounds=(0, 0, 200, 200))[0]
    assert pos is not None
    x0, y0, x1, y1 = label_rect(r, pos)
    assert 0 <= x0 and x1 <= 200
    # A label that fits nowhere inside is hidden, not cut.
    assert place_labels([LabelRequest(5, 5, 5, 300, 12, (1,))], bounds=(0, 0, 200, 200)) == [None]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 400), st.floats(0, 300), st.floats(10, 150), st.integers(0, 3)),
                min_size=1, max_size=40))
def test_placed_labels_never_overlap_labels_or_other_markers(sites):
    reqs = [LabelRequest(x, y, 6, w, 12, (p, i)) for i, (x, y, w, p) in enumerate(sites)]
    assert not any(r.over_markers for r in reqs)
    chosen = place_labels(reqs)
    rects = {i: label_rect(r, pos) for i, (r, pos) in enumerate(zip(reqs, chosen, strict=True))
             if pos is not None}
    for i, a in rects.items():
        for j, b in rects.items():
            if i < j:
                assert not _overlap(a, b, PAD_PX - 1e-9)
        for j, r in enumerate(reqs):
            if j != i:
                assert not _overlap(a, (r.x - r.half, r.y - r.half, r.x + r.half, r.y + r.half))
    # Greedy by priority: the highest-priority site always gets its label (nothing placed before it).
    top = max(range(len(reqs)), key=lambda i: reqs[i].priority)
    others = [r for k, r in enumerate(reqs) if k != top]
    blocked = all(any(_overlap(label_rect(reqs[top], p), (r.x - r.half, r.y - r.half, r.x + r.half,
                                                          r.y + r.half)) for r in others) for p in range(4))
    assert chosen[top] is not None or blocked


# -- labels on the map ----------------------------------------------------------------------------


def _terminal(window):
    from planner.gui.canvas.items import to_scene

    window.load(example_plan())
    r = QRectF()
    for sec in window.document.plan.sections.values():
        if sec.kind in ("berth", "yard", "gate"):
            for x, y in sec.polygon:
                r = r.united(QRectF(to_scene(x, y), to_scene(x, y)).adjusted(-1, -1, 1, 1))
    window.view.zoom_to_rect(r, 0.04)
    window.view.labels.relayout()
    return r


def _label_rects(window):
    """View rectangles of the shown labels and of all visible markers, by site id."""
    labels, markers = {}, {}
    view = window.view
    for (kind, sid), item in window.scene.items_by_key.items():
        if kind != "site" or not item.isVisible():
            continue
        markers[sid] = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        if item.show_label:
            labels[sid] = view.mapFromScene(item._halo.sceneBoundingRect()).boundingRect()
    return labels, markers


def test_terminal_labels_do_not_pile_up(window, qtbot):
    _terminal(window)
    labels, markers = _label_rects(window)
    assert len(labels) >= 10, "the terminal view names its main sites"
    vp = window.view.viewport().rect()
    ids = list(labels)
    for i, a in enumerate(ids):
        assert vp.contains(labels[a]), f"label of {a} cut by the edge"
        for b in ids[i + 1:]:
            assert not labels[a].intersects(labels[b]), f"labels of {a} and {b} overlap"
        for s, m in markers.items():
            if s != a:
                assert not labels[a].adjusted(1, 1, -1, -1).intersects(m), f"label of {a} covers {s}"
    plan = window.document.plan
    # At this zoom junction names are not shown, the sites holding demands are.
    assert window.view.m_per_px() > JUNCTION_LABEL_MAX_M_PER_PX
    assert not any(plan.sites[s].role == "junction" for s in labels)
    assert "toc" in labels and "tdc" in labels


def test_junction_labels_at_close_zoom_and_long_names_elided(window, qtbot):
    _terminal(window)
    plan = window.document.plan
    jid = next(s.id for s in plan.sites.values() if s.role == "junction")
    j = plan.sites[jid]
    set_view(window, JUNCTION_LABEL_MAX_M_PER_PX / 4, (j.x_m, j.y_m))
    window.view.labels.relayout()
    assert window.scene.items_by_key[("site", jid)].show_label
    # A long name is elided on the map; the tooltip keeps it whole.
    long_id = max(plan.sites, key=lambda s: len(plan.sites[s].name))
    item = window.scene.items_by_key[("site", long_id)]
    full = plan.sites[long_id].name
    assert item.label_text() != full and item.label_text().endswith("\u2026")
    assert full in item.toolTip()


def test_labels_relayout_on_zoom_and_edits_but_never_on_paint(window, qtbot):
    _terminal(window)
    placer = window.view.labels
    n = placer.layouts
    for _ in range(3):
        window.view.viewport().repaint()
    assert not placer.pending() and placer.layouts == n
    # Several zoom steps in a row make one layout after the debounce.
    for _ in range(4):
        window.view.zoom_by(1.1)
    assert placer.pending()
    qtbot.waitUntil(lambda: placer.layouts == n + 1, timeout=2000)
    assert not placer.pending()
    # Renaming a site relayouts (its label changed size).
    sid = "blk-2"
    window.document.edit("site", sid, name="Block 2")
    assert placer.pending()
    qtbot.waitUntil(lambda: not placer.pending(), timeout=2000)
    assert window.scene.items_by_key[("site", sid)].label_text() == "Block 2"
    # Hiding a role hides its labels.
    window.scene.set_layer_visible("role:yard_control", False)
    placer.relayout()
    assert not any(window.scene.items_by_key[("site", s)].show_label
                   for s, site in window.document.plan.sites.items() if site.role == "yard_control")


def test_selected_site_is_labelled_first(window, qtbot):
    _terminal(window)
    plan = window.document.plan
    hidden = [s for s in plan.sites if plan.sites[s].role != "junction"
              and window.scene.items_by_key[("site", s)].isVisible()
              and not window.scene.items_by_key[("site", s)].show_label
              and window.view.viewport().rect().contains(
                  window.view.mapFromScene(window.scene.items_by_key[("site", s)].pos()))]
    assert hidden, "the example's crane row is too dense to label every crane"
    # Even a crane in the dense row (its label may then cover a neighbour's marker).
    window.scene.select_keys([("site", hidden[0])])
    window.view.labels.relayout()
    assert window.scene.items_by_key[("site", hidden[0])].show_label
    # Labels still never overlap each other.
    labels, _ = _label_rects(window)
    ids = list(labels)
    assert not any(labels[a].intersects(labels[b]) for i, a in enumerate(ids) for b in ids[i + 1:])


# -- headless runs --------------------------------------------------------------------------------


def _run(args, tmp_path, timeout=90):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PLANNER_DATA_DIR=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    return subprocess.run([sys.executable, "-m", "planner", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


@pytest.mark.parametrize("content", ['{"format": "qkd-rollout-planner", "schema_version": 1, "sites": [',
                                     '{"format": "qkd-rollout-planner", "schema_version": 1, '
                                     '"sites": [{"id": "a", "role": "moon_base", "x_m": 0, "y_m": 0}]}'])
def test_smoke_on_a_broken_plan_exits_2_at_once(tmp_path, content):
    bad = tmp_path / "broken.qkdplan"
    bad.write_text(content, encoding="utf-8")
    r = _run([str(bad), "--smoke"], tmp_path)  # a modal dialog would hang until the timeout
    assert r.returncode == 2, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("qkd-planner: error: ") and "broken.qkdplan" in lines[0]
    assert "Traceback" not in r.stderr + r.stdout


def test_headless_guard_closes_any_dialog(qtbot):
    from PySide6.QtWidgets import QMessageBox

    from planner.gui.app import HeadlessGuard

    guard = HeadlessGuard(deadline_s=60)
    try:
        box = QMessageBox(QMessageBox.Icon.Critical, "Engine error", "the solver crashed")
        result = box.exec()  # would wait for a click forever without the guard
    finally:
        guard.close()
    assert result != QMessageBox.StandardButton.Ok
    assert guard.messages == ["Engine error: the solver crashed"]
    assert not guard.deadline.is_alive() or guard.deadline.finished.is_set()


def test_application_is_named_after_its_desktop_entry(qtbot):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    from planner.gui.app import APP_ID, make_application
    from planner.resources import resource_path

    make_application(theme_name="light")
    assert QGuiApplication.desktopFileName() == APP_ID == "qkd-rollout-planner"
    assert QCoreApplication.applicationName() == APP_ID == QCoreApplication.organizationName()
    assert QGuiApplication.applicationDisplayName() == "QKD Rollout Planner"
    desktop = resource_path().parent / "packaging" / "linux" / f"{APP_ID}.desktop"
    if desktop.is_file():  # a source checkout
        assert "Name=QKD Rollout Planner" in desktop.read_text(encoding="utf-8")


# -- layers tree ----------------------------------------------------------------------------------


def test_layer_tree_names_fiber_and_demand_ends(window, qtbot):
    window.load(example_plan())
    plan = window.document.plan
    fid, f = next(iter(plan.fibers.items()))
    item = window.layers.items[("fiber", fid)]
    assert item.text(0) == f"{fid} \u2014 {plan.sites[f.a].name} \u2192 {plan.sites[f.b].name}"
    did, d = next(iter(plan.demands.items()))
    assert window.layers.items[("demand", did)].text(0).startswith(f"{did} \u2014 {plan.sites[d.a].name} \u2192")
    # Typing the id finds the row.
    window.layers.groups["fiber"].setExpanded(True)
    window.layers.setFocus()
    window.layers.keyboardSearch(fid)
    assert window.layers.currentItem() is item
    # Renaming an end site relabels its fibers; undo restores.
    window.document.edit("site", f.a, name="Renamed end")
    assert item.text(0) == f"{fid} \u2014 Renamed end \u2192 {plan.sites[f.b].name}"
    window.act_undo.trigger()
    assert "Renamed end" not in item.text(0)


# -- recovery of the file being opened ------------------------------------------------------------


def _crashed_session(window, path):
    """Open ``path``, change it, autosave, then 'die' (lock released, files left behind)."""
    from planner.gui.recovery import Autosaver

    window.load(path)
    saver = Autosaver(window.document, interval_ms=60_000)
    window.document.edit("site", next(iter(window.document.plan.sites)), name="Edited before the crash")
    assert saver.autosave()
    content = dumps_plan(window.document.plan)
    saver.timer.stop()
    window.document.undo_stack.cleanChanged.disconnect(saver._on_clean)
    saver.lock.unlock()
    window.document.undo_stack.setClean()
    return content


def test_recovery_is_offered_when_opening_its_file(window, data_dir, tmp_path, monkeypatch):
    import shutil

    from PySide6.QtWidgets import QMessageBox

    from planner.gui.app import _offer_recovery
    from planner.gui.recovery import find_recoveries

    plan_file = tmp_path / "harbor.qkdplan"
    shutil.copy(example_plan(), plan_file)
    other = tmp_path / "other.qkdplan"
    shutil.copy(example_plan(), other)
    content = _crashed_session(window, plan_file)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes))
    # Opening another file: not offered, kept for later.
    assert not _offer_recovery(window, for_file=other) and not asked
    assert len(find_recoveries()) == 1
    # Opening its own file (by another spelling of the path): offered and restored.
    assert _offer_recovery(window, for_file=tmp_path / "." / "harbor.qkdplan")
    assert asked and "harbor.qkdplan" in asked[0]
    assert dumps_plan(window.document.plan) == content and window.isWindowModified()
    assert window.document.path is not None and window.document.path.resolve() == plan_file.resolve()
    assert find_recoveries() == []


# -- underlay highlight ---------------------------------------------------------------------------


def test_selected_image_underlay_is_highlighted(window, tmp_path):
    uid = import_site_plan_image(window, tmp_path)
    window.document.edit("underlay", uid, locked=False)
    item = window.scene.items_by_key[("underlay", uid)]
    assert not item.is_highlighted()
    before = window.view.grab().toImage()
    window.scene.select_keys([("underlay", uid)])
    item = window.scene.items_by_key[("underlay", uid)]
    assert item.is_highlighted()
    after = window.view.grab().toImage()
    # The frame is drawn in the selection colour on the image's edge.
    edge = window.view.mapFromScene(item.mapToScene(item.boundingRect().topLeft()))
    from planner.gui.theme import map_colors

    sel = QColor(map_colors().selection)
    px = QColor(after.pixel(edge.x() + 20, edge.y() + 1))
    assert abs(px.hue() - sel.hue()) < 20 and px != QColor(before.pixel(edge.x() + 20, edge.y() + 1))
    window.scene.select_keys([])
    assert not item.is_highlighted()
