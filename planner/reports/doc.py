"""The document frame: page templates (cover, body), header and footer with "page X of Y", table of
contents and PDF outline, and tables that split across pages with their header row repeated.

Output is deterministic for the same input: the canvas runs with ``invariant=1`` (fixed creation
date and document id) and nothing reads the clock; the report date is passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    LongTable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from planner.reports.style import ACCENT, INK, MUTED, RULE, ZEBRA, Fonts, Styles

MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm


class ReportCancelled(Exception):  # noqa: N818 - a request, not an error
    """Raised inside ``write_report`` when the ``cancel`` callback returns True; nothing is written."""


def numbered_canvas_class(page_label: Callable[[int, int], str], footer_left: str, header_left: str,
                          header_right: str, fonts: Fonts):
    """A canvas class that defers page output until the page count is known ("page X of Y")."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab API
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                if self._pageNumber > 1:  # the cover carries no header or footer
                    self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            w, h = self._pagesize
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN_X, h - MARGIN_TOP + 6 * mm, w - MARGIN_X, h - MARGIN_TOP + 6 * mm)
            self.line(MARGIN_X, MARGIN_BOTTOM - 7 * mm, w - MARGIN_X, MARGIN_BOTTOM - 7 * mm)
            self.setFillColor(MUTED)
            top, bottom = h - MARGIN_TOP + 8 * mm, MARGIN_BOTTOM - 11 * mm
            fonts.draw(self, MARGIN_X, top, fonts.fit(header_left, 7.5, (w - 2 * MARGIN_X) * 0.6), 7.5)
            fonts.draw(self, w - MARGIN_X, top, header_right, 7.5, anchor="end")
            fonts.draw(self, MARGIN_X, bottom, footer_left, 7.5)
            fonts.draw(self, w - MARGIN_X, bottom, page_label(self._pageNumber, total), 7.5, anchor="end")
            self.restoreState()

    return NumberedCanvas


class ReportDoc(BaseDocTemplate):
    """Cover page template plus body pages; headings (styles ``h1``/``h2``) feed the TOC and outline."""

    def __init__(self, buffer, *, pagesize, title: str, author: str, subject: str,
                 on_flowable: Callable[[], None] | None = None, **kw):
        super().__init__(buffer, pagesize=pagesize, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title, author=author,
                         subject=subject, creator="QKD Rollout Planner", invariant=1, **kw)
        w, h = pagesize
        body = Frame(MARGIN_X, MARGIN_BOTTOM, w - 2 * MARGIN_X, h - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover = Frame(MARGIN_X + 4 * mm, 25 * mm, w - 2 * MARGIN_X - 8 * mm, h - 60 * mm, id="cover",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        lw, lh = h, w  # landscape pages for wide maps
        wide = Frame(MARGIN_X, MARGIN_BOTTOM, lw - 2 * MARGIN_X, lh - MARGIN_TOP - MARGIN_BOTTOM, id="wide",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [cover], onPage=_cover_band),
                               PageTemplate("body", [body]),
                               PageTemplate("landscape", [wide], pagesize=(lw, lh))])
        self._on_flowable = on_flowable
        self._heading_seq = 0

    @property
    def body_width(self) -> float:
        return self.pagesize[0] - 2 * MARGIN_X

    @property
    def body_height(self) -> float:
        return self.pagesize[1] - MARGIN_TOP - MARGIN_BOTTOM

    @property
    def wide_size(self) -> tuple[float, float]:
        """Frame width and height of a landscape page."""
        return self.pagesize[1] - 2 * MARGIN_X, self.pagesize[0] - MARGIN_TOP - MARGIN_BOTTOM

    def afterFlowable(self, flowable):  # noqa: N802 - reportlab API
        if self._on_flowable is not None:
            self._on_flowable()
        style = getattr(flowable, "style", None)
        name = getattr(style, "name", None)
        if name in ("h1", "h2") and isinstance(flowable, Paragraph):
            level = 0 if name == "h1" else 1
            text = flowable.getPlainText()
            key = getattr(flowable, "_bookmark", None)
            if key is None:
                self._heading_seq += 1
                key = f"h{self._heading_seq}"
                flowable._bookmark = key
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
            self.notify("TOCEntry", (level, text, self.page, key))

    def handle_documentBegin(self):  # noqa: N802 - reportlab API
        self._heading_seq = 0
        super().handle_documentBegin()


def _cover_band(canv, doc) -> None:
    w, h = doc.pagesize
    canv.saveState()
    canv.setFillColor(ACCENT)
    canv.rect(0, h - 16 * mm, w, 16 * mm, stroke=0, fill=1)
    canv.rect(0, 0, w, 6 * mm, stroke=0, fill=1)
    canv.restoreState()


def make_toc(styles: Styles) -> TableOfContents:
    toc = TableOfContents()
    toc.levelStyles = [styles.toc1, styles.toc2]
    toc.dotsMinLevel = 0
    return toc


def heading(text: str, styles: Styles, fonts: Fonts, level: int = 1) -> Paragraph:
    return Paragraph(fonts.markup(text), styles.h1 if level == 1 else styles.h2)


def table(header: Sequence[str], rows: Sequence[Sequence], widths: Sequence[float], styles: Styles, fonts: Fonts,
          *, numeric: Sequence[int] = (), total_row: bool = False, row_colors: Sequence | None = None,
          font_size: float | None = None) -> LongTable:
    """A table that splits across pages with its header row repeated.

    ``widths`` are fractions of the available width or absolute points (values > 1); ``numeric`` lists
    right-aligned columns; cells are wrapped Paragraphs (strings are escaped, non-Latin runs handled).
    ``row_colors`` optionally gives a background per data row (None: zebra).
    """
    numeric = set(numeric)
    cell, cell_r = styles.cell, styles.cell_right
    if font_size is not None:
        from reportlab.lib.styles import ParagraphStyle

        cell = ParagraphStyle("cell_s", parent=cell, fontSize=font_size, leading=font_size * 1.25)
        cell_r = ParagraphStyle("cell_rs", parent=cell_r, fontSize=font_size, leading=font_size * 1.25)

    def para(v, col, head=False):
        if isinstance(v, Paragraph):
            return v
        st = (styles.cell_head_right if col in numeric else styles.cell_head) if head else (
            cell_r if col in numeric else cell)
        return Paragraph(fonts.markup("" if v is None else str(v)).replace("\n", "<br/>"), st)

    data = [[para(h, i, True) for i, h in enumerate(header)]]
    data += [[para(v, i) for i, v in enumerate(r)] for r in rows]
    cmds = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.4),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for i in range(1, len(data)):
        bg = row_colors[i - 1] if row_colors is not None else (ZEBRA if i % 2 == 0 else None)
        if bg is not None:
            cmds.append(("BACKGROUND", (0, i), (-1, i), bg))
    if total_row and len(data) > 1:
        cmds += [("LINEABOVE", (0, -1), (-1, -1), 0.8, INK), ("BACKGROUND", (0, -1), (-1, -1), colors.white)]
    t = LongTable(data, colWidths=list(widths), repeatRows=1, splitByRow=1, hAlign="LEFT")
    t.setStyle(TableStyle(cmds))
    return t


def widths_of(fractions: Sequence[float], total: float) -> list[float]:
    s = float(sum(fractions))
    return [total * f / s for f in fractions]


__all__ = ["NextPageTemplate", "PageBreak", "ReportCancelled", "ReportDoc", "heading", "make_toc",
           "numbered_canvas_class", "table", "widths_of"]
