"""Fonts, paragraph styles, colours, table styling and number formatting of the report.

English text uses the PDF base fonts (Helvetica), which cover Latin-1 only; Greek letters, arrows and
math signs are set in the base font Symbol, and any other character outside (CJK in a site name) in
the built-in CID font ``STSong-Light``, so user text in any script prints. Chinese reports set their
Chinese runs in ``STSong-Light`` and Latin runs in Helvetica.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Group, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.rl_codecs import RL_Codecs

CJK_FONT = "STSong-Light"
SYMBOL_FONT = "Symbol"
PAPERS = {"A4": A4, "LETTER": LETTER}

# palette (print-friendly, distinguishable in grey scale by lightness)
INK = colors.HexColor("#1d2731")
MUTED = colors.HexColor("#5b6770")
ACCENT = colors.HexColor("#0b5d7a")
ACCENT_LIGHT = colors.HexColor("#e3eff4")
RULE = colors.HexColor("#b8c4cc")
ZEBRA = colors.HexColor("#f3f6f8")
GOOD = colors.HexColor("#2e7d32")
WARN = colors.HexColor("#e09b00")
BAD = colors.HexColor("#c62828")
GOOD_BG = colors.HexColor("#e6f2e7")
WARN_BG = colors.HexColor("#fff4dc")
BAD_BG = colors.HexColor("#fbe6e6")


def register_fonts() -> None:
    """Register the CID font once per process (reportlab keeps a registry; idempotent)."""
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))


def _latin1(ch: str) -> bool:
    return ord(ch) < 256 or ch in "\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac\u2122"


def _symbol(ch: str) -> bool:
    """``ch`` is in the PDF base font Symbol (Greek letters, arrows, math operators such as − ≤ ∞)."""
    try:
        ch.encode("symbol")
    except LookupError:  # reportlab's codecs not registered yet
        RL_Codecs.register()
        return _symbol(ch)
    except UnicodeEncodeError:
        return False
    return True


BASE, SYMBOL, CJK = 0, 1, 2


def _kind(ch: str) -> int:
    return BASE if _latin1(ch) else SYMBOL if _symbol(ch) else CJK


@dataclass(frozen=True)
class Fonts:
    """Base fonts for Latin text; Greek letters, arrows and math signs go to the base font Symbol,
    and every other run outside Latin-1 to the CID font ``STSong-Light``. Base fonts are in every
    PDF viewer; a viewer substituting STSong may lack its Greek and math glyphs, so they never use it.

    ``cjk_only`` marks a Chinese report: CJK line breaking and more leading. Latin runs stay in
    Helvetica even there (better digits, and viewers without STSong's Latin glyphs still show them).
    """

    regular: str
    bold: str
    cjk_only: bool

    def markup(self, text: str) -> str:
        """Escape ``text`` for a Paragraph; runs outside the base font's range get their font."""
        return "".join(self._run(run, kind) for run, kind in self.runs(text))

    @staticmethod
    def runs(text) -> list[tuple[str, int]]:
        """``text`` split into (run, kind) pieces; kind is ``BASE``, ``SYMBOL`` or ``CJK``."""
        text = "" if text is None else str(text)
        out: list[tuple[str, int]] = []
        run: list[str] = []
        run_kind = BASE
        for ch in text:
            kind = _kind(ch)
            if run and kind != run_kind:
                out.append(("".join(run), run_kind))
                run = []
            run_kind = kind
            run.append(ch)
        if run:
            out.append(("".join(run), run_kind))
        return out

    @staticmethod
    def _run(s: str, kind: int) -> str:
        if kind == BASE:
            return escape(s)
        return f'<font name="{SYMBOL_FONT if kind == SYMBOL else CJK_FONT}">{escape(s)}</font>'

    def _font(self, kind: int, bold: bool) -> str:
        if kind == BASE:
            return self.bold if bold else self.regular
        return SYMBOL_FONT if kind == SYMBOL else CJK_FONT

    def single_font(self, text: str, bold: bool = False) -> str | None:
        """The one font that sets all of ``text``, or None for mixed runs (a Paragraph with font
        tags is needed)."""
        kinds = {_kind(c) for c in text}
        if len(kinds) > 1:
            return None
        return self._font(kinds.pop() if kinds else BASE, bold)

    def font_for(self, text: str, bold: bool = False) -> str:
        """A single font for a string without mixed runs (the CID font for mixed ones)."""
        return self.single_font(str(text), bold) or CJK_FONT

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Width of ``text`` set in mixed runs."""
        return sum(stringWidth(r, self._font(kind, bold), size) for r, kind in self.runs(text))

    def draw(self, canv, x: float, y: float, text: str, size: float, anchor: str = "start",
             bold: bool = False) -> None:
        """Draw mixed-run ``text`` on a pdfgen canvas (fill colour as set by the caller)."""
        w = self.width(text, size, bold)
        x = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
        for r, kind in self.runs(text):
            font = self._font(kind, bold)
            canv.setFont(font, size)
            canv.drawString(x, y, r)
            x += stringWidth(r, font, size)

    def string(self, x: float, y: float, text: str, size: float, color, anchor: str = "start",
               bold: bool = False) -> Group:
        """A reportlab graphics Group drawing mixed-run ``text``."""
        w = self.width(text, size, bold)
        x = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
        g = Group()
        for r, kind in self.runs(text):
            font = self._font(kind, bold)
            g.add(String(x, y, r, fontName=font, fontSize=size, fillColor=color))
            x += stringWidth(r, font, size)
        return g

    def fit(self, text: str, size: float, width: float, bold: bool = False) -> str:
        """``text`` shortened with an ellipsis to fit ``width``."""
        if self.width(text, size, bold) <= width:
            return text
        while text and self.width(text + "\u2026", size, bold) > width:
            text = text[:-1]
        return text.rstrip() + "\u2026"


def fonts_for(lang: str) -> Fonts:
    register_fonts()
    return Fonts("Helvetica", "Helvetica-Bold", lang == "zh")


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    caption: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    verdict: ParagraphStyle
    toc1: ParagraphStyle
    toc2: ParagraphStyle
    _variants: dict = field(default_factory=dict, compare=False, repr=False)

    def sized(self, name: str, size: float) -> ParagraphStyle:
        """Style ``name`` at font size ``size`` with the same relative leading (made once per size)."""
        key = (name, size)
        st = self._variants.get(key)
        if st is None:
            base = getattr(self, name)
            st = ParagraphStyle(f"{base.name}_{size:g}", parent=base, fontSize=size,
                                leading=size * base.leading / base.fontSize)
            self._variants[key] = st
        return st


def make_styles(f: Fonts) -> Styles:
    cjk = f.cjk_only
    lead = 1.45 if cjk else 1.3  # CJK lines need more leading
    body = ParagraphStyle("body", fontName=f.regular, fontSize=9.5, leading=9.5 * lead, textColor=INK,
                          spaceAfter=5, wordWrap="CJK" if cjk else None)
    cell = ParagraphStyle("cell", parent=body, fontSize=7.6, leading=7.6 * 1.25 if not cjk else 7.6 * 1.4,
                          spaceAfter=0)
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=8 * lead, textColor=MUTED),
        caption=ParagraphStyle("caption", parent=body, fontSize=7.8, leading=7.8 * lead, textColor=MUTED,
                               spaceBefore=2, spaceAfter=8),
        h1=ParagraphStyle("h1", parent=body, fontName=f.bold, fontSize=16, leading=20, textColor=ACCENT,
                          spaceBefore=0, spaceAfter=8),
        h2=ParagraphStyle("h2", parent=body, fontName=f.bold, fontSize=11.5, leading=15, textColor=INK,
                          spaceBefore=10, spaceAfter=4, keepWithNext=1),
        title=ParagraphStyle("title", parent=body, fontName=f.bold, fontSize=26, leading=32, textColor=ACCENT,
                             alignment=TA_LEFT, spaceAfter=6),
        subtitle=ParagraphStyle("subtitle", parent=body, fontSize=13, leading=18, textColor=MUTED, spaceAfter=20),
        cell=cell,
        cell_right=ParagraphStyle("cell_r", parent=cell, alignment=TA_RIGHT),
        cell_head=ParagraphStyle("cell_h", parent=cell, fontName=f.bold, textColor=colors.white),
        cell_head_right=ParagraphStyle("cell_hr", parent=cell, fontName=f.bold, textColor=colors.white,
                                       alignment=TA_RIGHT),
        verdict=ParagraphStyle("verdict", parent=body, fontName=f.bold, fontSize=12, leading=12 * lead,
                               alignment=TA_LEFT, spaceAfter=0),
        toc1=ParagraphStyle("toc1", parent=body, fontSize=10.5, leading=16, leftIndent=0, firstLineIndent=0),
        toc2=ParagraphStyle("toc2", parent=body, fontSize=9, leading=13, leftIndent=14, firstLineIndent=0,
                            textColor=MUTED),
    )


CENTER = TA_CENTER
MM = mm


# -- number formatting (deterministic, locale-independent) ---------------------------------------
def fmt_num(x, decimals: int = 0) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "\u2013"
    return f"{x:,.{decimals}f}"


def fmt_money(x, currency: str) -> str:
    if x is None:
        return "\u2013"
    x = float(x)
    if abs(x) >= 1e6:
        return f"{currency} {x / 1e6:,.2f} M"
    return f"{currency} {x:,.0f}"


def fmt_money_full(x, currency: str) -> str:
    return "\u2013" if x is None else f"{currency} {float(x):,.0f}"


def fmt_rate(bps) -> str:
    """Key rate with a readable unit: 512 bit/s, 12.3 kbit/s, 1.20 Mbit/s, 2.50 Gbit/s."""
    if bps is None or (isinstance(bps, float) and not math.isfinite(bps)):
        return "\u2013"
    b = float(bps)
    if b >= 1e9:
        return f"{b / 1e9:,.2f} Gbit/s"
    if b >= 1e6:
        return f"{b / 1e6:.2f} Mbit/s"
    if b >= 1e4:
        return f"{b / 1e3:.1f} kbit/s"
    if b >= 1e3:
        return f"{b / 1e3:.2f} kbit/s"
    if b >= 10:
        return f"{b:.0f} bit/s"
    return f"{b:.2g} bit/s"


def fmt_pct(x, decimals: int = 0) -> str:
    if x is None:
        return "\u2013"
    return f"{100.0 * float(x):.{decimals}f}%"


def fmt_duration(seconds, units: tuple[str, str, str, str] = ("s", "min", "h", "d")) -> str:
    """A duration in the largest fitting unit; ``units`` names seconds, minutes, hours and days."""
    if seconds is None:
        return "\u2013"
    s = float(seconds)
    if not math.isfinite(s):
        return "\u221e"
    sec, mins, hours, days = units
    if s < 120:
        return f"{s:.0f} {sec}"
    if s < 7200:
        return f"{s / 60:.0f} {mins}"
    if s < 172800:
        return f"{s / 3600:.1f} {hours}"
    return f"{s / 86400:.1f} {days}"


def fmt_bits(bits) -> str:
    """An amount of key: 512 bit, 64 kbit, 100 Mbit (decimal prefixes, as key rates)."""
    if bits is None:
        return "\u2013"
    b = float(bits)
    for scale, unit in ((1e9, "Gbit"), (1e6, "Mbit"), (1e3, "kbit")):
        if b >= scale:
            return f"{b / scale:,.4g} {unit}"
    return f"{b:,.0f} bit"
