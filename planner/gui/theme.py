"""Light and dark palettes (Fusion style) and the map's colours.

Map colours are chosen for contrast on both palettes and for colour-blind readers (Okabe-Ito hues);
``MapColors`` is what scene items read, so a theme switch restyles the map too.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

#: Colour of each site role's badge (icons and map markers).
ROLE_COLORS: dict[str, str] = {
    "data_centre": "#0072B2",
    "terminal_ops": "#009E73",
    "crane_control": "#D55E00",
    "yard_control": "#E69F00",
    "customs": "#CC79A7",
    "gate": "#56B4E9",
    "warehouse": "#8C6D31",
    "control_centre": "#117733",
    "port_authority": "#332288",
    "office": "#6F6F6F",
    "junction": "#4D4D4D",
    "relay_site": "#AA3377",
}

#: Fill of each section kind (drawn translucent).
SECTION_COLORS: dict[str, str] = {
    "berth": "#4C9BE8",
    "yard": "#C9A227",
    "gate": "#3DAA8C",
    "customs": "#C26DBC",
    "bonded": "#D9822B",
    "office": "#8A8A8A",
    "rail": "#7B6A58",
    "other": "#9AA5B1",
}


@dataclass(frozen=True)
class MapColors:
    background: str
    grid: str
    fiber_existing: str
    fiber_planned: str
    demand: str
    selection: str
    label: str
    label_halo: str
    underlay: str
    preview: str


LIGHT_MAP = MapColors(background="#F4F6F8", grid="#DCE1E6", fiber_existing="#1F4E79",
                      fiber_planned="#E8710A", demand="#9C27B0", selection="#00A2FF",
                      label="#1B1F24", label_halo="#FFFFFF", underlay="#8B96A3", preview="#00A2FF")
DARK_MAP = MapColors(background="#1C2026", grid="#2B313A", fiber_existing="#7FB3E6",
                     fiber_planned="#FFA040", demand="#D58BE8", selection="#3FC1FF",
                     label="#E8EBEF", label_halo="#14171C", underlay="#5D6773", preview="#3FC1FF")


def dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor("#2B2F36"), QColor("#1E2228"), QColor("#E6E9ED")
    p.setColor(QPalette.ColorRole.Window, window)
    p.setColor(QPalette.ColorRole.WindowText, text)
    p.setColor(QPalette.ColorRole.Base, base)
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#262A31"))
    p.setColor(QPalette.ColorRole.ToolTipBase, QColor("#3A3F47"))
    p.setColor(QPalette.ColorRole.ToolTipText, text)
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8B929C"))
    p.setColor(QPalette.ColorRole.Text, text)
    p.setColor(QPalette.ColorRole.Button, QColor("#343942"))
    p.setColor(QPalette.ColorRole.ButtonText, text)
    p.setColor(QPalette.ColorRole.BrightText, QColor("#FF6B6B"))
    p.setColor(QPalette.ColorRole.Highlight, QColor("#2F7FD1"))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#FFFFFF"))
    p.setColor(QPalette.ColorRole.Link, QColor("#5EA9F2"))
    p.setColor(QPalette.ColorRole.Mid, QColor("#3C424B"))
    p.setColor(QPalette.ColorRole.Dark, QColor("#16191D"))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6B717A"))
    return p


def light_palette() -> QPalette:
    p = QPalette()
    p.setColor(QPalette.ColorRole.Window, QColor("#EEF0F3"))
    p.setColor(QPalette.ColorRole.WindowText, QColor("#1B1F24"))
    p.setColor(QPalette.ColorRole.Base, QColor("#FFFFFF"))
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#F5F7F9"))
    p.setColor(QPalette.ColorRole.Text, QColor("#1B1F24"))
    p.setColor(QPalette.ColorRole.Button, QColor("#F4F5F7"))
    p.setColor(QPalette.ColorRole.ButtonText, QColor("#1B1F24"))
    p.setColor(QPalette.ColorRole.Highlight, QColor("#2F7FD1"))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#FFFFFF"))
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8A9099"))
    p.setColor(QPalette.ColorRole.ToolTipBase, QColor("#FFFFFF"))
    p.setColor(QPalette.ColorRole.ToolTipText, QColor("#1B1F24"))
    return p


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def map_colors() -> MapColors:
    return DARK_MAP if is_dark() else LIGHT_MAP


def apply_theme(app: QApplication, theme: str = "light") -> None:
    """``theme``: ``light``, ``dark`` or ``system`` (keep the platform's palette)."""
    app.setStyle("Fusion")
    if theme == "dark":
        app.setPalette(dark_palette())
    elif theme == "light":
        app.setPalette(light_palette())
