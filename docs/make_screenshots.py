"""Regenerate docs/screenshots/*.png: the main window on the bundled example in several states.

    python docs/make_screenshots.py [--out docs/screenshots]

Runs offscreen (no display needed); settings and autosave files go to a temporary folder.
States: overview (whole plan), terminal (zoomed on the sections, a fiber selected with the
inspector), drawing a fiber (live length), underlay (a DXF site drawing behind the plan), dark theme.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def make_dxf(plan, path: Path) -> None:
    """A stand-in site drawing: quay edges, yard block outlines and roads around the sections."""
    import ezdxf

    doc = ezdxf.new()
    msp = doc.modelspace()
    for sec in plan.sections.values():
        xs = [p[0] for p in sec.polygon]
        ys = [p[1] for p in sec.polygon]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        msp.add_lwpolyline([(x0 - 15, y0 - 15), (x1 + 15, y0 - 15), (x1 + 15, y1 + 15), (x0 - 15, y1 + 15)],
                           close=True, dxfattribs={"layer": "ROADS"})
        if sec.kind == "yard":
            step = (x1 - x0) / 8
            for i in range(1, 8):
                msp.add_line((x0 + i * step, y0 + 10), (x0 + i * step, y1 - 10), dxfattribs={"layer": "BLOCKS"})
        if sec.kind == "berth":
            msp.add_line((x0 - 60, y0 - 40), (x1 + 60, y0 - 40), dxfattribs={"layer": "QUAY"})
            for i in range(6):
                cx = x0 + (i + 0.5) * (x1 - x0) / 6
                msp.add_arc((cx, y0 - 40), 12, 180, 360, dxfattribs={"layer": "QUAY"})
    doc.saveas(path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "screenshots"))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="qkd-shots-"))
    os.environ["PLANNER_DATA_DIR"] = str(tmp / "data")

    from PySide6.QtCore import QPointF, QRectF, QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from planner.gui.app import grab_window, make_application
    from planner.gui.canvas.items import to_scene
    from planner.gui.main_window import MainWindow
    from planner.resources import example_plan

    app = make_application(theme_name="light")
    plan_file = tmp / "harbor.qkdplan"
    shutil.copy(example_plan(), plan_file)
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings, autosave=False)
    w.resize(1440, 900)
    w.load(plan_file)
    w.show()
    plan = w.document.plan

    def settle() -> None:
        for _ in range(3):
            app.processEvents()
        w.view.labels.relayout()  # the debounced label layout, now
        app.processEvents()

    def shot(name: str) -> None:
        settle()
        path = grab_window(w, out / f"{name}.png")
        print(f"wrote {path}")

    def terminal_rect() -> QRectF:
        r = QRectF()
        for sec in plan.sections.values():
            if sec.kind in ("berth", "yard", "gate"):
                for x, y in sec.polygon:
                    r = r.united(QRectF(to_scene(x, y), to_scene(x, y)).adjusted(-1, -1, 1, 1))
        return r

    # 1. Overview of the whole plan.
    w.view.zoom_to_fit()
    shot("overview")

    # 2. The terminal, one fiber selected, inspector showing it.
    w.view.zoom_to_rect(terminal_rect(), 0.04)
    # The longest fiber run that lies wholly inside the terminal view, so the selection is in sight.
    term = terminal_rect()

    def inside(f) -> bool:
        return all(term.contains(to_scene(x, y)) for x, y in plan.fiber_points(f))

    fid = max((f for f in plan.fibers.values() if inside(f)), key=lambda f: w.scene.items_by_key[
        ("fiber", f.id)].path().length()).id
    w.scene.select_keys([("fiber", fid)])
    w.layers.groups["demand"].setExpanded(False)
    w.layers.groups["section"].setExpanded(False)
    w.layers.groups["fiber"].setExpanded(True)
    shot("fiber-selected")

    # 3. Drawing a fiber: from one site, a bend, the pointer on the way (live length).
    w.scene.select_keys([])
    w.set_tool("draw_fiber")
    sites = [s for s in plan.sites.values() if s.role == "yard_control"]
    a = sites[0]
    vp = w.view.viewport()
    pa = w.view.mapFromScene(to_scene(a.x_m, a.y_m))
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pa)
    bend = pa + (QPointF(0, 120).toPoint())
    QTest.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, bend)
    QTest.mouseMove(vp, bend + QPointF(260, 30).toPoint())
    shot("drawing-fiber")
    w.tools["draw_fiber"].cancel()
    w.set_tool("select")

    # 4. A DXF site drawing as underlay behind the plan.
    make_dxf(plan, tmp / "terminal-site-plan.dxf")
    uid = w.import_underlay("dxf", tmp / "terminal-site-plan.dxf", layers=())
    w.document.edit("underlay", uid, opacity=0.9)
    w.layers.groups["underlay"].setExpanded(True)
    w.view.zoom_to_rect(terminal_rect(), 0.04)
    w.scene.select_keys([("underlay", uid)])
    shot("underlay")

    # 5. Dark theme.
    w.scene.select_keys([])
    w.set_theme("dark")
    w.view.zoom_to_rect(terminal_rect(), 0.04)
    shot("dark")
    w.set_theme("light")
    w.document.undo_stack.setClean()
    w.close()
    QApplication.processEvents()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
