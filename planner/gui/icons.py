"""SVG icons from ``resources/icons`` (through ``planner.resources``), tinted to the palette.

Tool icons draw with ``currentColor``; it is replaced by the palette's text colour so the same
files serve the light and dark themes. Icons are rendered at several sizes and device pixel
ratios, so they stay crisp on high-DPI screens.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from planner.resources import resource_path

SIZES = (16, 20, 24, 32, 48, 64)


def _svg_bytes(name: str) -> bytes:
    path = resource_path("icons", f"{name}.svg")
    return path.read_bytes()


def _render(data: bytes, size: int, ratio: float = 1.0) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(data))
    px = max(1, round(size * ratio))
    image = QImage(px, px, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, px, px))
    painter.end()
    pm = QPixmap.fromImage(image)
    pm.setDevicePixelRatio(ratio)
    return pm


def _tinted(name: str, color: str) -> bytes:
    return _svg_bytes(name).replace(b"currentColor", color.encode("ascii"))


@cache
def _icon(name: str, color: str, disabled: str) -> QIcon:
    icon = QIcon()
    data, data_off = _tinted(name, color), _tinted(name, disabled)
    for size in SIZES:
        for ratio in (1.0, 2.0):
            icon.addPixmap(_render(data, size, ratio), QIcon.Mode.Normal)
            icon.addPixmap(_render(data_off, size, ratio), QIcon.Mode.Disabled)
    return icon


def icon(name: str) -> QIcon:
    """Icon ``resources/icons/<name>.svg`` tinted for the current palette."""
    pal = QGuiApplication.palette()
    color = pal.color(QPalette.ColorRole.WindowText).name()
    disabled = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText).name()
    return _icon(name, color, disabled)


@cache
def role_pixmap(role: str, size: int, ratio: float) -> QPixmap:
    """Map marker of a site role (``resources/icons/roles/<role>.svg``), ``size`` logical pixels."""
    return _render(_svg_bytes(f"roles/{role}"), size, ratio)


@cache
def role_icon(role: str) -> QIcon:
    icon_ = QIcon()
    for size in SIZES:
        for ratio in (1.0, 2.0):
            icon_.addPixmap(role_pixmap(role, size, ratio))
    return icon_


def app_icon() -> QIcon:
    icon_ = QIcon()
    data = _svg_bytes("app")
    for size in (16, 24, 32, 48, 64, 128, 256):
        icon_.addPixmap(_render(data, size))
    return icon_


def icon_size(px: int = 20) -> QSize:
    return QSize(px, px)
