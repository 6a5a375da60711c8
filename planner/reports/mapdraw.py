"""Vector map of the plan for the report, drawn with reportlab graphics (no raster, no Qt).

Sections are tinted polygons; sites are markers by role; fibers are lines coloured by the key-rate
margin of the QKD links running over them (grey when the engine gives no links), planned fibers
dashed; trusted nodes are ringed. Every map has a scale bar and a grid-north arrow.

Ports have remote sites (port authority, customs headquarters, data centres) kilometres away from
the terminal: when the sites' extent is much larger than the terminal's, the map is split into an
overview of everything (the terminal marked as a rectangle) and a terminal detail.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect
from reportlab.lib import colors

from planner.model import Plan
from planner.reports.i18n import Translator
from planner.reports.style import BAD, GOOD, INK, MUTED, WARN, Fonts

Box = tuple[float, float, float, float]  # x0, y0, x1, y1

# role -> (colour, shape); shapes: s square, t triangle, d diamond, c circle, j junction dot
ROLE_STYLE: dict[str, tuple[colors.Color, str]] = {
    "data_centre": (colors.HexColor("#6a1b9a"), "s"),
    "terminal_ops": (colors.HexColor("#0b5d7a"), "s"),
    "control_centre": (colors.HexColor("#00838f"), "s"),
    "port_authority": (colors.HexColor("#1565c0"), "s"),
    "crane_control": (colors.HexColor("#ef6c00"), "t"),
    "yard_control": (colors.HexColor("#a1887f"), "t"),
    "customs": (colors.HexColor("#c62828"), "d"),
    "gate": (colors.HexColor("#2e7d32"), "d"),
    "warehouse": (colors.HexColor("#795548"), "s"),
    "office": (colors.HexColor("#546e7a"), "c"),
    "relay_site": (colors.HexColor("#263238"), "c"),
    "junction": (colors.HexColor("#9e9e9e"), "j"),
}
SECTION_FILL = {
    "berth": colors.HexColor("#dcebf5"),
    "yard": colors.HexColor("#eceff1"),
    "gate": colors.HexColor("#e8f5e9"),
    "customs": colors.HexColor("#fdecea"),
    "bonded": colors.HexColor("#fff3e0"),
    "office": colors.HexColor("#ede7f6"),
    "rail": colors.HexColor("#efebe9"),
    "other": colors.HexColor("#f5f5f5"),
}
FIBER_EXISTING = colors.HexColor("#455a64")
FIBER_PLANNED = colors.HexColor("#ef6c00")
FIBER_UNUSED = colors.HexColor("#b0bec5")
#: Height of the strip under a map that holds the scale bar and the north arrow.
STRIP = 15.0
LABEL_PRIORITY = ("data_centre", "port_authority", "terminal_ops", "control_centre", "customs", "gate",
                  "relay_site", "warehouse", "yard_control", "office", "crane_control")


@dataclass
class MapStyle:
    """What the engine says about fibers and sites, for colouring."""

    fiber_margin: dict[str, float] = field(default_factory=dict)  # fiber id -> worst link margin
    trusted: frozenset[str] = frozenset()
    have_links: bool = False


def margin_colour(margin: float) -> colors.Color:
    if margin >= 2.0:
        return GOOD
    if margin >= 1.0:
        return WARN
    return BAD


def split_extent(plan: Plan) -> tuple[Box, Box | None]:
    """(overview box, detail box or None): the detail is the dense cluster of sites (the terminal).

    Sites are sorted by distance from the median site; the cluster ends at the first jump of more
    than 1.5× in that distance past the median. A detail is drawn when the full extent is more than
    three times the cluster's.
    """
    pts = [s.xy for s in plan.sites.values()]
    for sec in plan.sections.values():
        pts.extend(sec.polygon)
    full = _bbox(pts) if pts else (0.0, 0.0, 1.0, 1.0)
    sites = list(plan.sites.values())
    if len(sites) < 6:
        return _pad(full, 0.06), None
    xs = sorted(s.x_m for s in sites)
    ys = sorted(s.y_m for s in sites)
    mx, my = xs[len(xs) // 2], ys[len(ys) // 2]
    ds = sorted((math.hypot(s.x_m - mx, s.y_m - my), s.id) for s in sites)
    cut = len(ds)
    for i in range(len(ds) // 2, len(ds) - 1):
        d0, d1 = ds[i][0], ds[i + 1][0]
        if d1 > 1.5 * max(d0, 1.0) and d1 - d0 > 200.0:
            cut = i + 1
            break
    core_ids = {sid for _, sid in ds[:cut]}
    core_pts = [plan.sites[i].xy for i in core_ids]
    core = _bbox(core_pts)
    # sections mostly inside the core box belong to the terminal: grow the box to hold them whole
    for sec in plan.sections.values():
        sb = _bbox(sec.polygon)
        cx, cy = (sb[0] + sb[2]) / 2, (sb[1] + sb[3]) / 2
        if core[0] <= cx <= core[2] and core[1] <= cy <= core[3]:
            core = (min(core[0], sb[0]), min(core[1], sb[1]), max(core[2], sb[2]), max(core[3], sb[3]))
    fw, fh = full[2] - full[0], full[3] - full[1]
    cw, ch = core[2] - core[0], core[3] - core[1]
    if max(fw, fh) <= 3.0 * max(cw, ch, 1.0):
        return _pad(full, 0.06), None
    return _pad(full, 0.08), _pad(core, 0.04)


def _bbox(pts: Iterable[tuple[float, float]]) -> Box:
    pts = list(pts)
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return (min(xs), min(ys), max(xs), max(ys))


def _pad(b: Box, frac: float) -> Box:
    w, h = b[2] - b[0], b[3] - b[1]
    m = max(w, h, 50.0) * frac
    return (b[0] - m, b[1] - m, b[2] + m, b[3] + m)


def _nice_length(target_m: float) -> float:
    k = 10 ** math.floor(math.log10(max(target_m, 1e-9)))
    for f in (5, 2, 1):
        if f * k <= target_m:
            return f * k
    return k


def _fmt_len(m: float) -> str:
    return f"{m / 1000:g} km" if m >= 1000 else f"{m:g} m"


class MapView:
    """One map frame: world box -> drawing of ``width`` points (height from the box's aspect, capped)."""

    def __init__(self, plan: Plan, box: Box, width: float, max_height: float, tr: Translator, fonts: Fonts,
                 style: MapStyle, *, label_all: bool = True, label_only: set[str] | None = None,
                 inner_box: Box | None = None, font_size: float = 5.8, marker_r: float = 3.0,
                 section_labels: bool = True) -> None:
        self.plan, self.tr, self.fonts, self.st = plan, tr, fonts, style
        bw, bh = box[2] - box[0], box[3] - box[1]
        scale = min(width / bw, max_height / bh)
        # grow the world box to the frame's aspect so the frame is filled
        self.w = width
        self.h = min(max_height, bh * scale)
        scale = min(self.w / bw, self.h / bh)
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        hw, hh = self.w / scale / 2, self.h / scale / 2
        self.box = (cx - hw, cy - hh, cx + hw, cy + hh)
        self.scale = scale
        self.label_all = label_all
        self.label_only = label_only
        self.inner_box = inner_box
        self.fs = font_size
        self.marker_r = marker_r
        self.section_labels = section_labels
        self.taken: list[Box] = []
        self.unlabelled: list[str] = []

    def p(self, x: float, y: float) -> tuple[float, float]:
        return ((x - self.box[0]) * self.scale, (y - self.box[1]) * self.scale)

    def inside(self, x: float, y: float) -> bool:
        b = self.box
        return b[0] <= x <= b[2] and b[1] <= y <= b[3]

    # -- drawing --------------------------------------------------------------------------------
    def drawing(self) -> Drawing:
        """The map (frame of ``w`` × ``h``) above a strip with the scale bar and the north arrow."""
        from shapely.geometry import LineString
        from shapely.geometry import Polygon as SPolygon
        from shapely.geometry import box as sbox

        d = Drawing(self.w, self.h + STRIP)
        g = Group()
        g.transform = (1, 0, 0, 1, 0, STRIP)
        frame = sbox(*self.box)
        g.add(Rect(0, 0, self.w, self.h, fillColor=colors.HexColor("#fbfcfd"), strokeColor=None))
        # sections
        labels_sec: list[tuple[str, float, float, float]] = []
        for sec in self.plan.sections.values():
            if len(sec.polygon) < 3:
                continue
            poly = SPolygon(sec.polygon)
            if not poly.is_valid:
                poly = poly.buffer(0)
            clip = poly.intersection(frame)
            if clip.is_empty:
                continue
            for part in getattr(clip, "geoms", [clip]):
                if part.geom_type != "Polygon":
                    continue
                pts = [c for xy in part.exterior.coords[:-1] for c in self.p(*xy)]
                g.add(Polygon(pts, fillColor=SECTION_FILL.get(sec.kind, SECTION_FILL["other"]),
                              strokeColor=colors.HexColor("#90a4ae"), strokeWidth=0.4))
            x0, y0, x1, y1 = clip.bounds
            px0, _ = self.p(x0, y0)
            px1, py1 = self.p(x1, y1)
            if self.section_labels:
                labels_sec.append((sec.name, px0, py1, px1 - px0))
        # fibers
        for f in self.plan.fibers.values():
            if f.a not in self.plan.sites or f.b not in self.plan.sites:
                continue
            clip = LineString(self.plan.fiber_points(f)).intersection(frame)
            if clip.is_empty:
                continue
            if self.st.have_links:
                m = self.st.fiber_margin.get(f.id)
                col, width = (FIBER_UNUSED, 0.8) if m is None else (margin_colour(m), 1.6)
            else:
                col, width = (FIBER_PLANNED if f.status == "planned" else FIBER_EXISTING), 1.0
            for part in getattr(clip, "geoms", [clip]):
                if part.geom_type != "LineString":
                    continue
                pts = [c for xy in part.coords for c in self.p(*xy)]
                pl = PolyLine(pts, strokeColor=col, strokeWidth=width, strokeLineCap=1, strokeLineJoin=1)
                if f.status == "planned":
                    pl.strokeDashArray = [3, 2]
                g.add(pl)
        # the terminal's detail area on an overview: a box that hides the crowded sites inside it
        hidden: set[str] = set()
        if self.inner_box is not None:
            ib = self.inner_box
            x0, y0 = self.p(ib[0], ib[1])
            x1, y1 = self.p(ib[2], ib[3])
            g.add(Rect(x0, y0, x1 - x0, y1 - y0, fillColor=colors.Color(1, 1, 1, 0.7), strokeColor=INK,
                       strokeWidth=0.9, strokeDashArray=[2.5, 1.5]))
            txt = self.tr("map_detail_area")
            tw = self.fonts.width(txt, self.fs, bold=True)
            lx = min(max(x0, 2), self.w - tw - 2)
            g.add(Rect(lx - 1, y1 + 1, tw + 2, self.fs + 2.5, fillColor=colors.Color(1, 1, 1, 0.85), strokeColor=None))
            g.add(self.fonts.string(lx, y1 + 2.5, txt, self.fs, INK, bold=True))
            self.taken.append((lx, y1 + 1, lx + tw, y1 + self.fs + 3))
            self.taken.append((x0, y0, x1, y1))
            hidden = {s.id for s in self.plan.sites.values()
                      if ib[0] <= s.x_m <= ib[2] and ib[1] <= s.y_m <= ib[3]}
        # sites (junctions first, then others, trusted on top)
        sites = [s for s in self.plan.sites.values() if self.inside(s.x_m, s.y_m) and s.id not in hidden]
        sites.sort(key=lambda s: (not s.is_junction, s.id in self.st.trusted))
        for s in sites:
            x, y = self.p(s.x_m, s.y_m)
            r = 1.3 if s.is_junction else self.marker_r
            if s.id in self.st.trusted:
                g.add(Circle(x, y, r + 2.6, fillColor=colors.white, strokeColor=INK, strokeWidth=1.2))
            g.add(marker(s.role, x, y, r))
            self.taken.append((x - r, y - r, x + r, y + r))
        # section labels (top-left inside the polygon), then site labels
        for name, x0, ytop, wpx in labels_sec:
            fs = self.fs * 0.95
            txt = self.fonts.fit(name, fs, wpx - 5)
            if len(txt) < 4:
                continue
            bx = (x0 + 2, ytop - fs - 3.2, x0 + 3 + self.fonts.width(txt, fs), ytop - 1.4)
            if bx[1] < 0 or bx[3] > self.h or self._hits(bx):
                continue
            # a light plate under the name keeps fibers running along or across the section edge off the text
            g.add(Rect(bx[0], bx[1], bx[2] - bx[0], bx[3] - bx[1], fillColor=colors.Color(1, 1, 1, 0.75),
                       strokeColor=None))
            g.add(self.fonts.string(bx[0] + 0.5, bx[1] + 1.4, txt, fs, MUTED))
            self.taken.append(bx)
        self._site_labels(g, sites)
        g.add(Rect(0, 0, self.w, self.h, fillColor=None, strokeColor=colors.HexColor("#78909c"), strokeWidth=0.6))
        d.add(g)
        self._scale_bar(d)
        self._north(d)
        return d

    def _hits(self, b: Box) -> bool:
        return any(b[0] < t[2] and t[0] < b[2] and b[1] < t[3] and t[1] < b[3] for t in self.taken)

    def _site_labels(self, g: Group, sites) -> None:
        def prio(s):
            trusted = s.id in self.st.trusted
            role = LABEL_PRIORITY.index(s.role) if s.role in LABEL_PRIORITY else len(LABEL_PRIORITY)
            return (not trusted, role, s.id)

        cands = [s for s in sites if not s.is_junction and (self.label_only is None or s.id in self.label_only)]
        for s in sorted(cands, key=prio):
            x, y = self.p(s.x_m, s.y_m)
            text = s.id
            w = self.fonts.width(text, self.fs)
            h = self.fs
            off = self.marker_r + 1.6 if s.id not in self.st.trusted else self.marker_r + 3.6
            options = [(x + off, y - h / 3), (x - off - w, y - h / 3), (x - w / 2, y + off),
                       (x - w / 2, y - off - h * 0.8), (x + off * 0.8, y + off * 0.6),
                       (x - off * 0.8 - w, y + off * 0.6), (x + off * 0.8, y - off * 0.6 - h * 0.8),
                       (x - off * 0.8 - w, y - off * 0.6 - h * 0.8)]
            for lx, ly in options:
                b = (lx - 0.6, ly - 0.9, lx + w + 0.6, ly + h * 0.85)
                if b[0] < 1 or b[1] < 1 or b[2] > self.w - 1 or b[3] > self.h - 1 or self._hits(b):
                    continue
                g.add(Rect(b[0], b[1], b[2] - b[0], b[3] - b[1], fillColor=colors.Color(1, 1, 1, 0.8),
                           strokeColor=None))
                g.add(self.fonts.string(lx, ly, text, self.fs, INK))
                self.taken.append(b)
                break
            else:
                self.unlabelled.append(s.id)

    def _scale_bar(self, d: Drawing) -> None:
        length = _nice_length(self.w / self.scale / 5)
        px = length * self.scale
        x0, y0 = 0.5, 3.5
        for i in range(4):
            d.add(Rect(x0 + i * px / 4, y0, px / 4, 3, fillColor=INK if i % 2 == 0 else colors.white,
                       strokeColor=INK, strokeWidth=0.4))
        d.add(self.fonts.string(x0 + px + 4, y0 - 0.3, f"0 \u2013 {_fmt_len(length)}", 6.5, INK))

    def _north(self, d: Drawing) -> None:
        x, y = self.w - 4, 1.5
        d.add(Polygon([x, y + 11, x - 3.5, y, x, y + 2.5], fillColor=INK, strokeColor=INK, strokeWidth=0.3))
        d.add(Polygon([x, y + 11, x + 3.5, y, x, y + 2.5], fillColor=colors.white, strokeColor=INK, strokeWidth=0.3))
        d.add(self.fonts.string(x - 7, y + 2.5, self.tr("map_grid_north"), 7, INK, anchor="end", bold=True))


def marker(role: str, x: float, y: float, r: float):
    col, shape = ROLE_STYLE.get(role, (colors.HexColor("#546e7a"), "c"))
    kw = {"fillColor": col, "strokeColor": colors.white, "strokeWidth": 0.5}
    if shape == "s":
        return Rect(x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r, **kw)
    if shape == "t":
        return Polygon([x, y + r * 1.15, x - r * 1.05, y - r * 0.8, x + r * 1.05, y - r * 0.8], **kw)
    if shape == "d":
        return Polygon([x, y + r * 1.2, x - r * 1.1, y, x, y - r * 1.2, x + r * 1.1, y], **kw)
    if shape == "j":
        return Circle(x, y, r, fillColor=col, strokeColor=None)
    return Circle(x, y, r, **kw)


def legend(plan: Plan, tr: Translator, fonts: Fonts, style: MapStyle, width: float, *, columns: int = 1) -> Drawing:
    """Legend of the roles present in the plan, the fiber colouring and the trusted-node ring."""
    roles = [r for r in ROLE_STYLE if any(s.role == r for s in plan.sites.values())]
    roles += sorted({s.role for s in plan.sites.values()} - set(roles))
    fs = 7.2
    lh = 11.5
    site_rows: list[tuple[str, object]] = [("role", r) for r in roles]
    if style.trusted:
        site_rows.append(("trusted", tr("map_trusted")))
    if style.have_links:
        line_rows = [("line", (GOOD, False, tr("map_margin_good"))), ("line", (WARN, False, tr("map_margin_ok"))),
                     ("line", (BAD, False, tr("map_margin_bad"))), ("line", (FIBER_UNUSED, False, tr("map_fiber_unused"))),
                     ("line", (MUTED, True, tr("map_fiber_planned")))]
    else:
        line_rows = [("line", (FIBER_EXISTING, False, tr("map_fiber_existing"))),
                     ("line", (FIBER_PLANNED, True, tr("map_fiber_planned")))]
    blocks = [[("head", tr("map_legend_sites")), *site_rows], [("head", tr("map_legend_lines")), *line_rows]]
    if columns == 1:
        blocks = [blocks[0] + blocks[1]]
    h = max(len(b) for b in blocks) * lh + 4
    d = Drawing(width, h)
    col_w = width / len(blocks)
    for bi, rows in enumerate(blocks):
        x0 = bi * col_w
        y = h - lh
        for kind, v in rows:
            if kind == "head":
                d.add(fonts.string(x0, y, v, fs + 0.5, INK, bold=True))
            elif kind == "role":
                d.add(marker(v, x0 + 6, y + 2.5, 1.4 if v == "junction" else 3.2))
                d.add(fonts.string(x0 + 16, y, tr.role(v), fs, INK))
            elif kind == "trusted":
                d.add(Circle(x0 + 6, y + 2.5, 5.6, fillColor=colors.white, strokeColor=INK, strokeWidth=1.2))
                d.add(marker("data_centre", x0 + 6, y + 2.5, 3.0))
                d.add(fonts.string(x0 + 16, y, v, fs, INK))
            else:
                col, dashed, txt = v
                ln = Line(x0, y + 2.5, x0 + 12, y + 2.5, strokeColor=col, strokeWidth=1.6)
                if dashed:
                    ln.strokeDashArray = [3, 2]
                d.add(ln)
                d.add(fonts.string(x0 + 16, y, txt, fs, INK))
            y -= lh
    return d
