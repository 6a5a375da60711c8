"""The document frame: page templates (cover, body), header and footer with "page X of Y", table of
contents and PDF outline, and tables that split across pages with their header row repeated.

Output is deterministic for the same input: the canvas runs with ``invariant=1`` (fixed creation
date and document id) and nothing reads the clock; the report date is passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    LongTable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    TableStyle,
)

from planner.reports.style import ACCENT, INK, MUTED, RULE, ZEBRA, Fonts, Styles

MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm


class ReportCancelled(Exception):  # noqa: N818 - a request, not an error
    """Raised inside ``write_report`` when the ``cancel`` callback returns True; nothing is written."""


def numbered_canvas_class(page_label: Callable[[int, int], str], footer_left: str, header_left: str,
                          header_right: str, fonts: Fonts, toc: Contents | None = None):
    """A canvas class that defers page output until the page count is known ("page X of Y") and,
    with ``toc``, writes the contents' page numbers then (one layout pass instead of two)."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []
            self._marks: dict[int, list[tuple[str, dict]]] = {}

        def bookmarkPage(self, key, **kw):  # noqa: N802 - reportlab API
            # the PDF page objects are made at save time: bind the destination then, to the right page
            self._marks.setdefault(len(self._saved), []).append((key, kw))

        def showPage(self):  # noqa: N802 - reportlab API
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved)
            marks = self._marks
            for i, state in enumerate(self._saved):
                self.__dict__.update(state)
                for key, kw in marks.get(i, ()):
                    super().bookmarkPage(key, **kw)
                if self._pageNumber > 1:  # the cover carries no header or footer
                    self._decorate(total)
                if toc is not None:
                    toc.draw_entries(self)
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
        self.contents: Contents | None = None

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
            if self.contents is not None:
                self.contents.record(level, text, self.page, key)

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


def heading_entries(story: Sequence) -> list[tuple[int, str]]:
    """(level, text) of every heading (a Paragraph in style ``h1``/``h2``) of ``story``, in order."""
    out: list[tuple[int, str]] = []
    for f in story:
        if isinstance(f, list | tuple):
            out += heading_entries(f)
            continue
        name = getattr(getattr(f, "style", None), "name", None)
        if name in ("h1", "h2") and isinstance(f, Paragraph):
            out.append((0 if name == "h1" else 1, f.getPlainText()))
    return out


class Contents(Flowable):
    """The table of contents in one layout pass.

    The headings are known before layout (``heading_entries``), so the contents reserve their exact
    height up front; the page numbers, dot leaders and links are written when the canvas saves
    (``numbered_canvas_class``), once every heading has been placed. A contents list longer than
    the frame splits across pages like any flowable.
    """

    def __init__(self, entries: Sequence[tuple[int, str]], styles: Styles, fonts: Fonts,
                 _shared: dict | None = None, _first: int = 0) -> None:
        super().__init__()
        self.entries = list(entries)
        self.styles, self.fonts = styles, fonts
        self.first = _first  # index of this part's first entry in the whole list
        # shared by the parts of a split contents: where each entry was drawn and each heading's page
        self.shared = _shared if _shared is not None else {"placed": {}, "pages": []}

    def _style(self, level: int):
        return self.styles.toc1 if level == 0 else self.styles.toc2

    def _heights(self) -> list[float]:
        return [float(self._style(level).leading) + (6.0 if level == 0 else 3.0) for level, _ in self.entries]

    def wrap(self, avail_width, avail_height):  # noqa: D102 - reportlab API
        self.width = avail_width
        return avail_width, sum(self._heights())

    def split(self, avail_width, avail_height):  # noqa: D102 - reportlab API
        heights, used, n = self._heights(), 0.0, 0
        while n < len(heights) and used + heights[n] <= avail_height:
            used += heights[n]
            n += 1
        if n == 0 or n == len(heights):
            return []
        return [Contents(self.entries[:n], self.styles, self.fonts, self.shared, self.first),
                Contents(self.entries[n:], self.styles, self.fonts, self.shared, self.first + n)]

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 - reportlab API
        top = y + sum(self._heights())
        for i, h in enumerate(self._heights()):
            top -= h
            self.shared["placed"][self.first + i] = (canvas.getPageNumber(), x, top, self.width, h)

    def draw(self) -> None:  # everything is written by draw_entries
        pass

    def record(self, level: int, text: str, page: int, key: str) -> None:
        """A heading was placed (called by ``ReportDoc.afterFlowable``)."""
        self.shared["pages"].append((level, text, page, key))

    def check(self, entries: Sequence[tuple[int, str]]) -> None:
        """The headings placed are the ones the contents reserved room for."""
        placed = [(level, text) for level, text, _, _ in self.shared["pages"]]
        if placed != list(entries):
            raise RuntimeError("table of contents out of step with the headings placed")

    def draw_entries(self, canv) -> None:
        """Write the entries placed on the canvas' current page (at save time)."""
        pages = self.shared["pages"]
        page = canv.getPageNumber()
        for i, (pno, x, y, width, height) in sorted(self.shared["placed"].items()):
            if pno != page or i >= len(pages):
                continue
            level, text, target, key = pages[i]
            st = self._style(level)
            size, indent = float(st.fontSize), float(st.leftIndent)
            base = y + (height - size) / 2 + 0.22 * size
            number = str(target)
            num_w = self.fonts.width(number, size)
            room = width - indent - num_w - 3 * size
            title = self.fonts.fit(text, size, room)
            canv.saveState()
            canv.setFillColor(st.textColor)
            self.fonts.draw(canv, x + indent, base, title, size)
            self.fonts.draw(canv, x + width, base, number, size, anchor="end")
            left = x + indent + self.fonts.width(title, size) + size * 0.6
            right = x + width - num_w - size * 0.6
            step = size * 0.75
            canv.setFont(self.fonts.regular, size)
            dot = right - step
            dots = []
            while dot >= left:
                dots.append(dot)
                dot -= step
            for d in dots:
                canv.drawString(d, base, ".")
            canv.restoreState()
            canv.linkAbsolute("", key, Rect=(x, y, x + width, y + height), thickness=0)


def heading(text: str, styles: Styles, fonts: Fonts, level: int = 1) -> Paragraph:
    return Paragraph(fonts.markup(text), styles.h1 if level == 1 else styles.h2)


def table(header: Sequence[str], rows: Sequence[Sequence], widths: Sequence[float], styles: Styles, fonts: Fonts,
          *, numeric: Sequence[int] = (), total_row: bool = False, row_colors: Sequence | None = None,
          font_size: float | None = None) -> LongTable:
    """A table that splits across pages with its header row repeated.

    ``widths`` are absolute column widths in points; ``numeric`` lists right-aligned columns.
    A cell whose text fits its column on one line per ``\\n`` in a single font (numbers, ids, short
    labels) is a plain string set with the table's cell font, which costs a fraction of a Paragraph to
    lay out and draw; longer or mixed-script text becomes a wrapped Paragraph (escaped, non-Latin runs
    in the CID font). ``row_colors`` optionally gives a background per data row (None: zebra).
    """
    numeric = set(numeric)
    size = float(font_size if font_size is not None else styles.cell.fontSize)
    leading = size * (styles.cell.leading / styles.cell.fontSize)
    cell_st, cell_r = _cell_styles(styles, font_size)
    avail = [float(w) - CELL_PAD_X * 2 for w in widths]
    other_font: list[tuple[int, int, str]] = []  # plain cells in the CID or Symbol font

    def make(v, col: int, row: int, head: bool = False):
        if isinstance(v, Flowable):
            return v
        text = "" if v is None else str(v)
        font = fonts.single_font(text, bold=head)
        if font is not None and all(stringWidth(line, font, size) <= avail[col] for line in text.split("\n")):
            if font not in (fonts.regular, fonts.bold):
                other_font.append((col, row, font))
            return text
        st = (styles.cell_head_right if col in numeric else styles.cell_head) if head else (
            cell_r if col in numeric else cell_st)
        return Paragraph(fonts.markup(text).replace("\n", "<br/>"), st)

    data = [[make(h, i, 0, True) for i, h in enumerate(header)]]
    data += [[make(v, i, k) for i, v in enumerate(r)] for k, r in enumerate(rows, start=1)]
    cmds = [
        ("FONT", (0, 0), (-1, -1), fonts.regular, size, leading),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("FONT", (0, 0), (-1, 0), fonts.bold, size, leading),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.4),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
    ]
    cmds += [("ALIGN", (col, 0), (col, -1), "RIGHT") for col in sorted(numeric)]
    cmds += [("FONTNAME", (col, row), (col, row), font) for col, row, font in other_font]
    for i in range(1, len(data)):
        bg = row_colors[i - 1] if row_colors is not None else (ZEBRA if i % 2 == 0 else None)
        if bg is not None:
            cmds.append(("BACKGROUND", (0, i), (-1, i), bg))
    if total_row and len(data) > 1:
        cmds += [("LINEABOVE", (0, -1), (-1, -1), 0.8, INK), ("BACKGROUND", (0, -1), (-1, -1), colors.white)]
    t = LongTable(data, colWidths=list(widths), repeatRows=1, splitByRow=1, hAlign="LEFT")
    t.setStyle(TableStyle(cmds))
    return t


CELL_PAD_X = 3.0


def _cell_styles(styles: Styles, font_size: float | None) -> tuple:
    """Body cell styles (left, right) at ``font_size`` (None: the styles' own size)."""
    if font_size is None or font_size == styles.cell.fontSize:
        return styles.cell, styles.cell_right
    return styles.sized("cell", float(font_size)), styles.sized("cell_right", float(font_size))


def widths_of(fractions: Sequence[float], total: float) -> list[float]:
    s = float(sum(fractions))
    return [total * f / s for f in fractions]


__all__ = ["NextPageTemplate", "PageBreak", "ReportCancelled", "ReportDoc", "Contents", "heading", "heading_entries",
           "numbered_canvas_class", "table", "widths_of"]
