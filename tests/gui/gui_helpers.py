"""Helpers to drive the map like a user (real mouse and key events on the viewport)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QTransform
from PySide6.QtTest import QTest

from planner.gui.canvas.items import to_scene


def set_view(w, m_per_px: float, centre_m) -> None:
    """Show the map at ``m_per_px`` metres per pixel, centred on plan coordinates ``centre_m``."""
    w.view.setTransform(QTransform.fromScale(1 / m_per_px, 1 / m_per_px))
    w.view.centerOn(centre_m[0], -centre_m[1])


def vp(w, x_m: float, y_m: float) -> QPoint:
    """Viewport pixel of plan coordinates."""
    return w.view.mapFromScene(to_scene(x_m, y_m))


def click(w, p, button=Qt.MouseButton.LeftButton) -> None:
    QTest.mouseMove(w.view.viewport(), vp(w, *p))
    QTest.mouseClick(w.view.viewport(), button, Qt.KeyboardModifier.NoModifier, vp(w, *p))


def drag(w, a, b, steps: int = 5) -> None:
    vpw = w.view.viewport()
    QTest.mousePress(vpw, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, vp(w, *a))
    for i in range(1, steps + 1):
        t = i / steps
        QTest.mouseMove(vpw, vp(w, a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t))
    QTest.mouseRelease(vpw, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, vp(w, *b))


def key(w, k, mods=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(w.view.viewport(), k, mods)


def draw_two_sites_and_fiber(w, a, b, bends=(), finish=True) -> str | None:
    """Add two sites with the site tool, then draw a fiber a -> bends -> b with the fiber tool."""
    w.set_tool("add_site")
    click(w, a)
    click(w, b)
    w.set_tool("draw_fiber")
    click(w, a)
    for p in bends:
        click(w, p)
    if not finish:
        return None
    click(w, b)
    fibers = list(w.document.plan.fibers)
    return fibers[-1] if fibers else None


def import_site_plan_image(w, tmp_path) -> str:
    """Save the plan in a folder with a 200x100 site-plan PNG beside it and import that image as an
    underlay; returns the underlay id."""
    plan_dir = tmp_path / "plan"
    plan_dir.mkdir()
    w._save_to(plan_dir / "p.qkdplan")
    img = QImage(200, 100, QImage.Format.Format_RGB32)
    img.fill(QColor("#88aa88"))
    img.save(str(plan_dir / "siteplan.png"))
    return w.import_underlay("image", plan_dir / "siteplan.png")
