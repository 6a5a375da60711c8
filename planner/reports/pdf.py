"""The feasibility and rollout report as a PDF: ``write_report(plan, path, ...)``.

Sections (keys for ``sections=``): ``summary``, ``map``, ``links``, ``demands``, ``nodes``, ``bom``,
``interfaces``, ``rollout``, ``costs``, ``assumptions``, ``methods``. The cover and the table of
contents are always present. Each section renders from the engine's results gathered in
``planner.reports.data``; nothing is recomputed or invented here.

The document is built in memory and written atomically (``planner.io.atomic``): a failure or a
cancellation leaves no partial file and keeps an older report of the same name intact.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from planner import __version__
from planner.errors import PlanError
from planner.model import Plan
from planner.reports import charts, mapdraw
from planner.reports.data import ReportData, gather
from planner.reports.doc import (
    Contents,
    ReportCancelled,
    ReportDoc,
    heading,
    heading_entries,
    numbered_canvas_class,
    table,
    widths_of,
)
from planner.reports.i18n import LANGUAGES, Translator
from planner.reports.methods import method_notes
from planner.reports.style import (
    ACCENT_LIGHT,
    BAD,
    BAD_BG,
    GOOD,
    GOOD_BG,
    MM,
    MUTED,
    PAPERS,
    WARN_BG,
    Fonts,
    Styles,
    fmt_bits,
    fmt_duration,
    fmt_money,
    fmt_money_full,
    fmt_num,
    fmt_pct,
    fmt_rate,
    fonts_for,
    make_styles,
)

SECTIONS = ("summary", "map", "links", "demands", "nodes", "bom", "interfaces", "rollout", "costs",
            "assumptions", "methods")
#: Sections that always start on a new page (the others follow on when space allows).
NEW_PAGE = ("summary", "map", "links", "demands", "rollout", "assumptions")
#: Attenuation of the reference fiber of the key-rate chart (G.652.D at 1550 nm, physics.md).
CHART_ALPHA_DB_PER_KM = 0.2

Progress = Callable[[float, str], None]


class _Ctx:
    def __init__(self, data: ReportData, tr: Translator, fonts: Fonts, styles: Styles, width: float,
                 height: float) -> None:
        self.data, self.tr, self.fonts, self.st = data, tr, fonts, styles
        self.width, self.height = width, height
        self.wide = (width, height)
        self.plan = data.plan
        self.cur = data.currency

    def p(self, text: str, style=None) -> Paragraph:
        return Paragraph(self.fonts.markup(text), style or self.st.body)

    def h1(self, key: str) -> Paragraph:
        return heading(self.tr(key), self.st, self.fonts, 1)

    def h2(self, text: str) -> Paragraph:
        return heading(text, self.st, self.fonts, 2)

    def table(self, header, rows, fractions, **kw):
        return table(header, rows, widths_of(fractions, self.width), self.st, self.fonts, **kw)

    def missing(self, key: str) -> Paragraph:
        return self.p(self.tr("not_available", what=self.tr(key)), self.st.small)

    def money(self, x) -> str:
        return fmt_money(x, self.cur)

    def duration(self, seconds) -> str:
        tr = self.tr
        return fmt_duration(seconds, (tr("dur_s"), tr("dur_min"), tr("dur_h"), tr("dur_d")))

    def site_name(self, sid: str) -> str:
        s = self.plan.sites.get(sid)
        return s.name if s is not None else sid


# -- cover and summary ----------------------------------------------------------------------------
def _cover(c: _Ctx, date: str) -> list:
    tr, plan = c.tr, c.plan
    out: list = [Spacer(1, 28 * MM), Paragraph(c.fonts.markup(tr("report_title")), c.st.title),
                 Paragraph(c.fonts.markup(tr("report_subtitle")), c.st.subtitle),
                 Paragraph(c.fonts.markup(plan.meta.name), ParagraphStyle("cover_name", parent=c.st.h1)),
                 Spacer(1, 6 * MM)]
    rows = [(tr("cover_port"), plan.meta.port or tr("dash")), (tr("cover_author"), plan.meta.author or tr("dash")),
            (tr("cover_date"), date), (tr("cover_version"), tr("cover_version_value", version=__version__)),
            (tr("cover_crs"), plan.meta.crs)]
    t = Table([[c.p(k, c.st.small), c.p(v)] for k, v in rows], colWidths=[38 * MM, c.width - 46 * MM],
              hAlign="LEFT")
    t.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, ACCENT_LIGHT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 4),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    out.append(t)
    if plan.meta.description:
        out += [Spacer(1, 8 * MM), c.p(plan.meta.description)]
    out += [Spacer(1, 10 * MM), c.p(tr("cover_note"), c.st.small)]
    return out


def _verdict(c: _Ctx) -> tuple[str, Any, Any]:
    """(text, colour, background) of the verdict."""
    d = c.data
    n = len(d.demands)
    if not d.has_routing:
        return c.tr("verdict_pending", what=c.tr("missing_links")), MUTED, WARN_BG
    ok = sum(1 for x in d.demands if x.get("feasible"))
    k = len(d.trusted_nodes or [])
    if ok == n:
        if k == 0:
            return c.tr("verdict_ok_direct", n=n), GOOD, GOOD_BG
        return c.tr("verdict_ok_nodes", n=n, k=k), GOOD, GOOD_BG
    return c.tr("verdict_partial", n=n, m=n - ok, ok=ok, k=k), BAD, BAD_BG


def _capex_total(c: _Ctx) -> float | None:
    return c.data.capex_total


def _opex_total(c: _Ctx) -> float | None:
    run = c.data.running or {}
    return (run.get("opex_per_year") or {}).get("total")


def _summary(c: _Ctx) -> list:
    tr, d, plan = c.tr, c.data, c.plan
    out: list = [c.h1("sec_summary")]
    text, col, bg = _verdict(c)
    box = Table([[Paragraph(c.fonts.markup(text), c.st.verdict)]], colWidths=[c.width])
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), bg), ("LINEBEFORE", (0, 0), (0, -1), 4, col),
                             ("LEFTPADDING", (0, 0), (-1, -1), 10), ("TOPPADDING", (0, 0), (-1, -1), 8),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 9)]))
    out += [box, Spacer(1, 4 * MM)]
    total_km = sum(float(f.get("length_m") or 0) for f in d.fibers) / 1000.0
    endpoints = {x for dm in plan.demands.values() for x in (dm.a, dm.b)}
    out.append(c.p(tr("sum_scope", sites=len(plan.sites), endpoints=len(endpoints), fibers=len(plan.fibers),
                      km=fmt_num(total_km, 1), demands=len(plan.demands),
                      bps=fmt_rate(sum(dm.rate_bps for dm in plan.demands.values())))))
    rows = []
    if d.has_routing:
        ok = sum(1 for x in d.demands if x.get("feasible"))
        rows.append((tr("kf_demands"), tr("kf_demands_value", ok=ok, n=len(d.demands))))
    if d.trusted_nodes is not None:
        rows.append((tr("kf_nodes"), str(len(d.trusted_nodes))))
    if d.links is not None:
        rows.append((tr("kf_links"), str(len(d.links))))
    cap, opx = _capex_total(c), _opex_total(c)
    if cap is not None:
        rows.append((tr("kf_capex"), fmt_money_full(cap, c.cur)))
    if opx is not None:
        rows.append((tr("kf_opex"), fmt_money_full(opx, c.cur)))
    run = d.running or {}
    if run.get("tco") is not None:
        rows.append((tr("kf_tco", years=run["years"], rate=fmt_pct(run["discount_rate"], 1)),
                     fmt_money_full(run["tco"], c.cur)))
    sol = d.solver
    if sol:
        gap = sol.get("gap")
        rows.append((tr("kf_solver"), tr("kf_solver_value", method=tr.word("solver", sol.get("method", "?")),
                                         status=tr.word("solver_status", sol.get("status", "?")),
                                         gap=fmt_pct(gap, 2) if gap is not None else tr("dash"),
                                         seconds=fmt_num(sol.get("seconds"), 2))))
    if rows:
        t = Table([[c.p(k, c.st.small), c.p(v, c.st.h2 if i < 0 else c.st.body)] for i, (k, v) in enumerate(rows)],
                  colWidths=[c.width * 0.45, c.width * 0.55], hAlign="LEFT")
        t.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, ACCENT_LIGHT),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        out += [t, Spacer(1, 4 * MM)]
    if cap is not None:
        out.append(c.p(tr("sum_capex", capex=c.money(cap))))
    if opx is not None:
        out.append(c.p(tr("sum_opex", opex=c.money(opx))))
    tl = _timeline_sentence(c)
    if tl:
        out.append(c.p(tl))
    out += [c.p(t) for t in _risk_sentences(c)]
    bad = [x for x in d.demands if d.has_routing and not x.get("feasible")]
    if bad:
        out.append(c.p(tr("sum_infeasible_intro"), c.st.h2))
        rows = [[x["id"], _demand_name(c, x), tr.reason(x) or tr("dash")] for x in bad]
        out.append(c.table([tr("col_demand"), tr("col_name"), tr("col_reason")], rows, [1, 3, 4]))
    for key in d.missing:
        if key != "missing_rollout" or c.data.rollout is None:
            pass
    return out


def _risk_sentences(c: _Ctx) -> list[str]:
    """One sentence each on single failures and on the breach-detection drill (details in "Trusted
    nodes and resilience")."""
    out = []
    res = c.data.resilience
    if isinstance(res, dict):
        rows = _resilience_rows(c, res)
        if rows:
            out.append(c.tr("sum_failures", n=len(rows), element=rows[0][0], time=rows[0][3]))
        else:
            out.append(c.tr("res_none"))
    drill = c.data.attack_drill
    if drill:
        hidden = [str(r["link"]) for r in drill if not r.get("aborts")]
        if hidden:
            out.append(c.tr("sum_drill_hidden", n=len(hidden), total=len(drill), ids=", ".join(hidden)))
        else:
            out.append(c.tr("sum_drill_ok", total=len(drill)))
    return out


def _timeline_sentence(c: _Ctx) -> str | None:
    ro = c.data.rollout
    if not ro or not ro.get("phases"):
        return None
    ph = ro["phases"]
    first = next((p for p in ph if (p.get("coverage") or 0) > 0), None)
    if first is None:
        return None
    last = ph[-1]
    return c.tr("sum_timeline", year=first.get("year", "?"), index=first.get("index", "?"),
                cov1=fmt_pct(first.get("coverage")), last_cov=fmt_pct(last.get("coverage")),
                last_year=last.get("year", "?"), phases=len(ph))


def _demand_name(c: _Ctx, d: dict) -> str:
    dm = c.plan.demands.get(d["id"])
    return (dm.name if dm is not None and dm.name else f"{d['a']} \u2013 {d['b']}")


# -- map ------------------------------------------------------------------------------------------
def _map(c: _Ctx) -> list:
    """One portrait page (overview and legend); with remote sites, a landscape terminal detail."""
    tr, d, plan = c.tr, c.data, c.plan
    style = mapdraw.MapStyle(fiber_margin=d.fiber_margin() if d.links is not None else {},
                             trusted=frozenset(d.trusted_nodes or []), have_links=d.links is not None)
    overview, detail = mapdraw.split_extent(plan)
    out: list = [c.h1("sec_map")]
    caption = tr("map_caption", crs=plan.meta.crs)
    if detail is None:
        m = mapdraw.MapView(plan, overview, c.width, c.height * 0.68, tr, c.fonts, style, font_size=6.2)
        out += [m.drawing(), Spacer(1, 3 * MM), mapdraw.legend(plan, tr, c.fonts, style, c.width, columns=2)]
        if m.unlabelled:
            caption += " " + tr("map_unlabelled", ids=", ".join(sorted(m.unlabelled)))
        out.append(c.p(caption, c.st.caption))
        return out
    outside = {s.id for s in plan.sites.values()
               if not (detail[0] <= s.x_m <= detail[2] and detail[1] <= s.y_m <= detail[3])}
    ov = mapdraw.MapView(plan, overview, c.width, c.height * 0.66, tr, c.fonts, style, label_only=outside,
                         inner_box=detail, font_size=6.8, marker_r=3.4, section_labels=False)
    out += [c.p(tr("map_overview"), c.st.h2), ov.drawing(), Spacer(1, 3 * MM),
            mapdraw.legend(plan, tr, c.fonts, style, c.width * 0.8, columns=2)]
    if ov.unlabelled:
        out.append(c.p(tr("map_unlabelled", ids=", ".join(sorted(ov.unlabelled))), c.st.caption))
    ww, wh = c.wide
    det = mapdraw.MapView(plan, detail, ww, wh - 30 * MM, tr, c.fonts, style, font_size=6.6, marker_r=3.4)
    det_drawing = det.drawing()
    if det.unlabelled:
        caption += " " + tr("map_unlabelled", ids=", ".join(sorted(det.unlabelled)))
    out += [NextPageTemplate("landscape"), PageBreak(), c.p(tr("map_detail"), c.st.h2), det_drawing,
            c.p(caption, c.st.caption), NextPageTemplate("body")]
    return out


# -- links ----------------------------------------------------------------------------------------
def _links(c: _Ctx) -> list:
    tr, d = c.tr, c.data
    out: list = [c.h1("sec_links")]
    fib = {f["id"]: f for f in d.fibers}
    if d.links is None:
        out.append(c.missing("missing_links"))
    else:
        out.append(c.p(tr("links_intro")))
        loads, margins = d.link_load_bps(), d.link_margin()
        rows, colours = [], []
        for lk in d.links:
            path = lk.get("path") or []
            length = lk.get("length_m")
            if length is None:
                length = sum(float(fib.get(f, {}).get("length_m") or 0) for f in path)
            m = margins.get(lk["id"], math.inf)
            margin = "\u2013" if math.isinf(m) else f"{m:,.0f}\u00d7" if m >= 100 else f"{m:,.1f}\u00d7"
            dev = lk.get("device") or tr("dash")
            qber = lk.get("qber")
            rows.append([lk["id"], " \u00b7 ".join(path) + _loss_parts(lk), fmt_num(length / 1000.0, 2),
                         _loss_cell(lk, path, fib), dev,
                         fmt_num(100.0 * qber, 2) if qber is not None else tr("dash"),
                         fmt_rate(lk.get("key_rate_bps")), fmt_rate(loads.get(lk["id"])) if loads.get(lk["id"]) else tr("dash"),
                         margin])
            colours.append(BAD_BG if m < 1.0 else None)
        out.append(c.table([tr("col_link"), tr("col_path"), tr("col_length_km"), tr("col_loss_db"),
                            tr("col_device"), tr("col_qber"), tr("col_rate"), tr("col_load"), tr("col_margin")],
                           rows, [1.35, 2.0, 0.75, 0.7, 1.75, 0.7, 1.05, 0.95, 0.75], numeric=(2, 3, 5, 6, 7, 8),
                           font_size=7.0))
        chart = _rate_chart(c)
        if chart:
            out += [CondPageBreak(110 * MM), c.h2(tr("chart_rate_title")), *chart]
    out += [CondPageBreak(40 * MM), c.h2(tr("fibers_title")), c.p(tr("fibers_intro"), c.st.small)]
    rows = []
    for f in d.fibers:
        b = f.get("budget") or {}
        pf = c.plan.fibers.get(f["id"])
        measured = bool(b.get("measured"))
        rows.append([f["id"], f.get("from", ""), f.get("to", ""), tr.word("status", pf.status) if pf else "",
                     tr.word("env", pf.environment) if pf else "", fmt_num(f["length_m"] / 1000.0, 3),
                     fmt_num(b.get("fiber_db"), 2), fmt_num(b.get("splice_db"), 2), fmt_num(b.get("connector_db"), 2),
                     fmt_num(b.get("margin_db"), 2), fmt_num(f["loss_db"], 2) + (" *" if measured else "")])
    out.append(c.table([tr("col_fiber"), tr("col_from"), tr("col_to"), tr("col_status"), tr("col_env"),
                        tr("col_length_km"), tr("col_atten"), tr("col_splice"), tr("col_conn"), tr("col_margin_db"),
                        tr("col_total_db")], rows, [0.75, 0.95, 0.95, 0.85, 1.0, 0.85, 0.75, 0.95, 0.75, 0.85, 0.8],
                       numeric=tuple(range(5, 11)), font_size=7.0))
    return out


def _loss_cell(lk: dict, path: Sequence[str], fib: dict) -> str:
    loss = lk.get("loss_db")
    return "\u2013" if loss is None else fmt_num(loss, 2)


def _loss_parts(lk: dict) -> str:
    """A second line under the path: the loss as fibers + patch panels + link margin (+ insertion)."""
    parts = lk.get("loss") or {}
    keys = ("fibers_db", "patch_panels_db", "link_margin_db", "insertion_db")
    shown = [fmt_num(parts[k], 2) for k in keys if parts.get(k)]
    return f"\n{' + '.join(shown)} dB" if len(shown) > 1 else ""


def _rate_chart(c: _Ctx) -> list | None:
    d = c.data
    used = [x for x in d.devices_used() if d.catalogue and x in d.catalogue]
    if not used:
        return None
    import numpy as np

    from planner.physics.link import link_performance

    alpha = CHART_ALPHA_DB_PER_KM
    pts_x = [float(lk.get("loss_db") or 0) / alpha for lk in d.links or []]
    span = max(pts_x + [10.0]) * 1.35
    xs = np.linspace(0.0, span, 181)
    series, top_rate = [], 0.0
    for dev_id in used:
        dev = d.catalogue[dev_id]
        perf = link_performance(dev, xs * alpha, length_m=xs * 1000.0)
        series.append((dev.display_name, xs.tolist(), np.asarray(perf.key_rate_bps, dtype=float).tolist()))
        if dev.rep_rate_hz > top_rate:
            top_rate, plob = dev.rep_rate_hz, np.asarray(perf.plob_bps, dtype=float).tolist()
    bounds = [(f"{c.tr('chart_plob')} ({fmt_num(top_rate / 1e6, 0)} MHz)", xs.tolist(), plob)]
    points = []
    for lk in d.links or []:
        if lk.get("device") in used and lk.get("key_rate_bps"):
            points.append((float(lk.get("loss_db") or 0) / alpha, float(lk["key_rate_bps"]),
                           str(used.index(lk["device"]))))
    drawing = charts.rate_chart(series, bounds, points, width=c.width, height=82 * MM, fonts=c.fonts,
                                x_label=c.tr("chart_distance"), y_label=c.tr("chart_rate_axis"),
                                points_label=c.tr("chart_links"))
    return [drawing, c.p(c.tr("chart_rate_caption", alpha=f"{alpha:g}"), c.st.caption)]


# -- demands --------------------------------------------------------------------------------------
def _demands(c: _Ctx) -> list:
    tr, d = c.tr, c.data
    out: list = [c.h1("sec_demands"), c.p(tr("demands_intro"))]
    rows, colours = [], []
    for x in d.demands:
        feas = x.get("feasible")
        met = tr("dash") if feas is None else (tr("yes") if feas else tr("no"))
        route = " \u2013 ".join(x.get("route") or []) or tr("dash")
        relays = ", ".join(x.get("relays") or []) or tr("dash")
        if feas is False and x.get("reason"):
            route = tr.reason(x)
        rows.append([x["id"], _demand_name(c, x), fmt_rate(x.get("required_bps")), fmt_rate(x.get("end_to_end_bps")),
                     met, route, relays])
        colours.append(BAD_BG if feas is False else None)
    out.append(c.table([tr("col_demand"), tr("col_name"), tr("col_required"), tr("col_delivered"), tr("col_feasible"),
                        tr("col_route"), tr("col_relays")], rows, [0.75, 2.4, 0.95, 0.95, 0.5, 2.4, 1.2],
                       numeric=(2, 3), row_colors=colours if any(colours) else None))
    if not d.has_routing:
        out.append(c.missing("missing_links"))
    return out


# -- trusted nodes and resilience -----------------------------------------------------------------
def _nodes(c: _Ctx) -> list:
    tr, d = c.tr, c.data
    out: list = [c.h1("sec_nodes")]
    if d.trusted_nodes is None:
        out.append(c.missing("missing_links"))
    elif not d.trusted_nodes:
        out.append(c.p(tr("nodes_none")))
    else:
        out.append(c.p(tr("nodes_intro")))
        relayed: dict[str, list[str]] = {}
        for x in d.demands:
            for r in x.get("relays") or []:
                relayed.setdefault(r, []).append(x["id"])
        rows = []
        for det in d.trusted_node_details:
            sid = det.get("id") or det.get("site")
            site = c.plan.sites.get(sid)
            cost = det.get("cost")
            if cost is None and c.data.cost_book is not None and site is not None:
                cost = c.data.cost_book.trusted_node_capex(site)
            rows.append([sid, c.site_name(sid), tr.role(site.role) if site else "", fmt_money_full(cost, c.cur),
                         ", ".join(relayed.get(sid, [])) or tr("dash")])
        out.append(c.table([tr("col_site"), tr("col_name"), tr("col_role"), tr("col_cost"), tr("col_demands_served")],
                           rows, [1.0, 2.6, 1.2, 1.2, 2.4], numeric=(3,)))
    out += [c.h2(tr("res_title"))]
    res = d.resilience
    if res is None:
        out.append(c.missing("missing_resilience"))
        return out
    out.append(c.p(tr("res_intro")))
    out += _disjoint_sentences(c)
    rows = _resilience_rows(c, res)
    if not rows:
        out.append(c.p(tr("res_none")))
    else:
        out.append(c.table([tr("col_failure"), tr("col_kind"), tr("col_lost"), tr("col_buffer")], rows,
                           [1.1, 0.9, 3.8, 1.1]))
    out += _drill(c)
    return out


#: Links shown in the breach-detection drill (the most critical first; all are in ``evaluate --json``).
DRILL_ROWS = 8


def _store_s(row: dict) -> float:
    """Shortest time a demand losing service over this link lives on stored key (inf: none loses)."""
    return min((float(x["buffer_s"]) for x in row.get("lost") or [] if x.get("buffer_s") is not None),
               default=math.inf)


def drill_ranking(rows: Sequence[dict]) -> list[dict]:
    """Drill rows, most critical first: links where the attack goes undetected, then aborting links by
    the shortest key store among the demands they take down, then by how many demands they take down."""
    return sorted(rows, key=lambda r: (bool(r.get("aborts")), _store_s(r), -len(r.get("lost") or []),
                                       str(r.get("link"))))


def _drill(c: _Ctx) -> list:
    """Breach-detection drill: an intercept-resend attack on one link at a time (the engine's
    ``attack_drill``): QBER under attack, whether the link aborts, who lives on stored key, how long."""
    tr, drill = c.tr, c.data.attack_drill
    out: list = [c.h2(tr("drill_title"))]
    if drill is None:
        out.append(c.missing("missing_drill"))
        return out
    if not drill:
        out.append(c.p(tr("drill_none")))
        return out
    store = (c.data.resilience or {}).get("key_store_bits") if isinstance(c.data.resilience, dict) else None
    store = store if store is not None else c.plan.rollout.key_store_bits
    out.append(c.p(tr("drill_intro", store=fmt_bits(store))))
    ranked = drill_ranking(drill)
    aborting = [r for r in drill if r.get("aborts")]
    hidden = [str(r["link"]) for r in ranked if not r.get("aborts")]
    out.append(c.p(tr("drill_detected", aborts=len(aborting), total=len(drill))))
    if hidden:
        out.append(c.p(tr("drill_undetected", ids=", ".join(hidden)), c.st.body))
    worst = next((r for r in ranked if r.get("aborts") and math.isfinite(_store_s(r))), None)
    if worst is not None:
        lost = min((x for x in worst["lost"] if x.get("buffer_s") is not None), key=lambda x: x["buffer_s"])
        out.append(c.p(tr("drill_shortest", demand=lost["demand"], link=worst["link"],
                          time=c.duration(lost["buffer_s"]))))
    harmless = sum(1 for r in aborting if not r.get("lost"))
    if harmless:
        out.append(c.p(tr("drill_rerouted", n=harmless)))
    shown = ranked[:DRILL_ROWS]
    for dev in dict.fromkeys(str(r.get("device")) for r in ranked):  # at least one link of each device model
        if not any(str(r.get("device")) == dev for r in shown):
            shown.append(next(r for r in ranked if str(r.get("device")) == dev))
    rows, colours = [], []
    for r in shown:
        q, qa, th = r.get("qber"), r.get("qber_attacked"), r.get("threshold")
        if qa is None or th is None:  # CV-QKD: excess noise
            qcell, thcell, frac = tr("drill_excess_noise"), tr("dash"), tr("drill_any")
        else:
            qcell = tr("drill_qber_value", now=fmt_num(100 * float(q or 0), 1), attacked=fmt_num(100 * float(qa), 1))
            thcell = fmt_pct(th, 0)
            frac = fmt_pct(r.get("min_detected_fraction"), 0) if r.get("aborts") else tr("dash")
        lost = [str(x.get("demand")) for x in r.get("lost") or []]
        if not r.get("aborts"):
            on_store, lasts = tr("drill_not_detected"), tr("dash")
        elif not lost:
            on_store, lasts = tr("none"), tr("dash")
        else:
            on_store, lasts = ", ".join(lost), c.duration(_store_s(r))
        rows.append([str(r.get("link")), str(r.get("device") or tr("dash")), qcell, thcell, frac,
                     tr("yes") if r.get("aborts") else tr("no"), on_store, lasts])
        colours.append(BAD_BG if not r.get("aborts") else WARN_BG if math.isfinite(_store_s(r))
                       and _store_s(r) < DRILL_SHORT_S else None)
    out.append(c.table([tr("col_link"), tr("col_device"), tr("col_qber_attack"), tr("col_abort_above"),
                        tr("col_detect_from"), tr("col_aborts"), tr("col_on_store"), tr("col_buffer")], rows,
                       [1.35, 1.55, 1.05, 0.65, 0.75, 0.6, 1.2, 0.85], numeric=(2, 3, 4, 7),
                       row_colors=colours if any(x is not None for x in colours) else None, font_size=7.0))
    out.append(c.p(tr("drill_caption"), c.st.caption))
    if len(ranked) > len(shown):
        out.append(c.p(tr("drill_more", n=len(ranked) - len(shown), total=len(ranked)), c.st.caption))
    return out


#: A key store that lasts less than this is highlighted in the drill (a working day's repair time).
DRILL_SHORT_S = 8 * 3600.0


def _resilience_rows(c: _Ctx, res: Any) -> list[list[str]]:
    """Rows (failure, kind, demands losing service, key store time) from the engine's analysis:
    ``failures`` with ``fibers``, ``ducts`` and ``trusted_nodes`` lists, each entry naming the
    element and the demands it takes down (``lost``, with ``buffer_s``). The most urgent come first:
    shortest key store, then most demands lost (a stable sort keeps ducts, fibers, nodes in turn)."""
    tr = c.tr
    kinds = (("ducts", "duct", tr("res_kind_duct")), ("fibers", "fiber", tr("res_kind_fiber")),
             ("trusted_nodes", "site", tr("res_kind_node")))
    found = []
    for key, ident, label in kinds:
        for it in (res.get(key) if isinstance(res, dict) else None) or []:
            lost = it.get("lost") or []
            if not lost:
                continue
            names = [x.get("demand", "?") if isinstance(x, dict) else str(x) for x in lost]
            buffers = [float(x["buffer_s"]) for x in lost if isinstance(x, dict) and x.get("buffer_s") is not None]
            shortest = min(buffers) if buffers else math.inf
            found.append((shortest, -len(names), [str(it.get(ident) or it.get("id")), label, ", ".join(names),
                                                  c.duration(shortest) if buffers else "\u2013"]))
    found.sort(key=lambda x: (x[0], x[1]))
    return [row for _, _, row in found]


def _disjoint_sentences(c: _Ctx) -> list:
    demands = [x for x in c.data.demands if (x.get("disjoint_paths") or 1) >= 2 and "resilient" in x]
    ok = [x["id"] for x in demands if x.get("resilient")]
    bad = [x["id"] for x in demands if not x.get("resilient")]
    out = []
    if ok:
        out.append(c.p(c.tr("res_disjoint_ok", ids=", ".join(ok))))
    if bad:
        out.append(c.p(c.tr("res_disjoint_bad", ids=", ".join(bad))))
    return out


# -- bill of materials ----------------------------------------------------------------------------
def _bom_lines(c: _Ctx) -> list[tuple] | None:
    """(item, quantity, unit, unit price[, line total]) from the engine's links, trusted nodes and new
    fibers; a new fiber's total is the cost book's (trench, cable, blowing and splices)."""
    d, tr, book = c.data, c.tr, c.data.cost_book
    if d.links is None or book is None:
        return None
    lines: list[tuple] = []
    counts: dict[str, int] = {}
    for lk in d.links:
        if lk.get("device"):
            counts[lk["device"]] = counts.get(lk["device"], 0) + 1
    for dev_id in sorted(counts):
        dev = (d.catalogue or {}).get(dev_id)
        price = book.device_pair_price(dev) if dev is not None else None
        lines.append((tr("bom_device", name=dev.display_name if dev else dev_id), counts[dev_id], tr("unit_pair"), price))
    for sid in d.trusted_nodes or []:
        site = c.plan.sites.get(sid)
        lines.append((tr("bom_node", site=c.site_name(sid)), 1, tr("unit_node"),
                      book.relay_fit_out(site) if site is not None else None))
    new = d.new_fibers
    if new is None:  # an engine without the list: planned fibers that a link uses
        used = {f for lk in d.links for f in (lk.get("path") or [])}
        new = [fid for fid, f in c.plan.fibers.items() if f.status == "planned" and fid in used]
    lengths = {f["id"]: float(f["length_m"]) for f in d.fibers}
    for fid in new:
        f = c.plan.fibers.get(fid)
        if f is not None:
            length = lengths.get(fid, c.plan.fiber_length_m(f))
            cost = book.new_fiber_cost(length, f.ground)
            lines.append((tr("bom_fiber", fiber=fid, ground=tr.word("ground", f.ground)), round(length), tr("unit_m"),
                          cost / max(length, 1e-9), cost))
    return lines


def _bom(c: _Ctx) -> list:
    tr = c.tr
    out: list = [c.h1("sec_bom")]
    lines = _bom_lines(c)
    if lines is None:
        out.append(c.missing("missing_links" if c.data.links is None else "missing_costs"))
        return out
    out.append(c.p(tr("bom_intro")))
    rows = []
    total = 0.0
    for item, qty, unit, price, *given in lines:
        line_total = given[0] if given else (None if price is None else qty * price)
        total += line_total or 0.0
        rows.append([item, fmt_num(qty), unit, fmt_money_full(price, c.cur), fmt_money_full(line_total, c.cur)])
    parts = c.data.capex_parts
    if parts:
        for key in ("installation", "coexistence", "kms", "training", "engineering"):
            if parts.get(key):
                rows.append([_part_label(c, key), "", "", "", fmt_money_full(parts[key], c.cur)])
                total += float(parts[key])
    rows.append([tr("total"), "", "", "", fmt_money_full(total, c.cur)])
    out.append(c.table([tr("col_item"), tr("col_qty"), tr("col_unit"), tr("col_unit_price"), tr("col_total_price")],
                       rows, [4.2, 0.8, 0.7, 1.4, 1.5], numeric=(1, 3, 4), total_row=True))
    return out


PART_LABELS = {
    "en": {"devices": "QKD devices", "installation": "Installation", "coexistence": "Coexistence filters and switches",
           "trusted_nodes": "Trusted-node fit-outs", "kms": "Key management system", "fiber": "New fiber",
           "training": "Staff training", "engineering": "Engineering and project management",
           "maintenance": "Maintenance", "power": "Power", "lease": "Dark-fiber lease"},
    "zh": {"devices": "QKD 设备", "installation": "安装", "coexistence": "共纤滤波器与光开关",
           "trusted_nodes": "可信节点改造", "kms": "密钥管理系统", "fiber": "新建光纤", "training": "人员培训",
           "engineering": "工程与项目管理", "maintenance": "维护", "power": "电力", "lease": "暗光纤租赁"},
}


def _part_label(c: _Ctx, key: str) -> str:
    return PART_LABELS.get(c.tr.lang, PART_LABELS["en"]).get(key, key.replace("_", " "))


# -- interfaces -----------------------------------------------------------------------------------
def _interfaces(c: _Ctx) -> list:
    tr, d = c.tr, c.data
    out: list = [c.h1("sec_interfaces")]
    if d.links is None:
        out.append(c.missing("missing_links"))
        return out
    out.append(c.p(tr("if_intro")))
    trusted = set(d.trusted_nodes or [])
    nodes: dict[str, dict[str, list[str]]] = {}
    for lk in d.links:
        for s in (lk["a"], lk["b"]):
            nodes.setdefault(s, {"links": [], "km": [], "apps": []})["links"].append(lk["id"])
    for x in d.demands:
        for s in (x["a"], x["b"]):
            if s in nodes:
                nodes[s]["apps"].append(x["id"])
        route = x.get("route") or []
        if x.get("relays"):
            for u, v in zip(route, route[1:], strict=False):
                for s, o in ((u, v), (v, u)):
                    if s in nodes and o not in nodes[s]["km"]:
                        nodes[s]["km"].append(o)
    rows = []
    for sid in sorted(nodes, key=lambda s: (s not in trusted, s)):
        n = nodes[sid]
        funcs = tr("if_trusted") if sid in trusted else tr("if_endpoint")
        apps = ", ".join(n["apps"]) if n["apps"] else tr("dash")
        rows.append([sid, funcs, ", ".join(n["links"]), ", ".join(sorted(n["km"])) or tr("dash"), apps])
    out.append(c.table([tr("col_node"), tr("col_functions"), tr("col_qkd_links"), tr("col_km_links"), tr("col_apps")],
                       rows, [1.0, 1.6, 1.9, 1.5, 1.8]))
    return out


# -- rollout --------------------------------------------------------------------------------------
def _rollout(c: _Ctx) -> list:
    tr, ro = c.tr, c.data.rollout
    out: list = [c.h1("sec_rollout")]
    if not ro or not ro.get("phases"):
        out.append(c.missing("missing_rollout"))
        return out
    out.append(c.p(tr("rollout_intro")))
    secs = c.plan.sections
    rows = []
    for ph in ro["phases"]:
        names = [secs[s].name if s in secs else str(s) for s in ph.get("sections") or []]
        rows.append([str(ph.get("index", "")), str(ph.get("year", "")), "; ".join(names),
                     str(len(ph.get("demands") or [])), ", ".join(ph.get("trusted_nodes") or []) or tr("dash"),
                     fmt_money_full(ph.get("capex"), c.cur), fmt_money_full(ph.get("cumulative_capex"), c.cur),
                     fmt_pct(ph.get("coverage"))])
    out.append(c.table([tr("col_phase"), tr("col_year"), tr("col_sections"), tr("col_new_demands"),
                        tr("col_new_nodes"), tr("col_capex"), tr("col_cum_capex"), tr("col_coverage")],
                       rows, [0.55, 0.55, 2.7, 0.9, 1.3, 1.25, 1.25, 0.85], numeric=(3, 5, 6, 7)))
    pts = [(f"{ph.get('index', i + 1)}\n", float(ph.get("cumulative_capex") or 0), float(ph.get("coverage") or 0))
           for i, ph in enumerate(ro["phases"])]
    pts = [(f"{i + 1} ({ph.get('year', '')})", p[1], p[2]) for i, (ph, p) in enumerate(zip(ro["phases"], pts, strict=True))]
    out += [CondPageBreak(80 * MM), c.h2(tr("chart_rollout_title")),
            charts.rollout_chart(pts, width=c.width, height=70 * MM, fonts=c.fonts, currency=c.cur,
                                 cost_label=tr("col_cum_capex"), coverage_label=tr("col_coverage")),
            c.p(tr("chart_rollout_caption"), c.st.caption)]
    av = ro.get("availability")
    if av is not None:
        val = av.get("mean", av.get("value")) if isinstance(av, dict) else av
        if val is not None:
            out.append(c.p(tr("rollout_availability", value=fmt_pct(val, 3))))
    return out


# -- costs ----------------------------------------------------------------------------------------
def _costs(c: _Ctx) -> list:
    tr, cost = c.tr, c.data.cost
    out: list = [c.h1("sec_costs")]
    if not cost:
        out.append(c.missing("missing_costs"))
        return out
    book = c.data.cost_book
    out.append(c.p(tr("costs_intro", currency=c.cur, year=book.price_year if book else "")))
    parts = c.data.capex_parts
    total = float(c.data.capex_total or sum(parts.values()) or 0.0)
    rows = [[_part_label(c, k), fmt_money_full(v, c.cur), fmt_pct(v / total if total else None, 1)]
            for k, v in parts.items() if v]
    rows.append([tr("kf_capex"), fmt_money_full(total, c.cur), "100%"])
    out.append(c.table([tr("col_category"), tr("col_amount"), tr("col_share")], rows, [3, 1.5, 0.8],
                       numeric=(1, 2), total_row=True))
    items = [(_part_label(c, k), float(v)) for k, v in parts.items() if v]
    if items:
        out += [c.h2(tr("chart_costs_title")), charts.bar_chart(items, width=c.width, fonts=c.fonts, currency=c.cur)]
    run = c.data.running or {}
    op = run.get("opex_per_year")
    if isinstance(op, dict):
        out.append(c.h2(tr("cost_opex")))
        rows = [[_part_label(c, k), fmt_money_full(v, c.cur)] for k, v in (op.get("parts") or {}).items()]
        rows.append([tr("kf_opex"), fmt_money_full(op.get("total"), c.cur)])
        out.append(c.table([tr("col_category"), tr("col_amount")], rows, [3, 1.5], numeric=(1,), total_row=True))
    if run.get("tco") is not None:
        label = tr("kf_tco", years=run["years"], rate=fmt_pct(run["discount_rate"], 1))
        out += [c.h2(tr("cost_tco")), c.p(f"{label}: {fmt_money_full(run['tco'], c.cur)}")]
    return out


# -- assumptions and methods ----------------------------------------------------------------------
def _assumptions(c: _Ctx) -> list:
    tr, plan, d = c.tr, c.plan, c.data
    out: list = [c.h1("sec_assumptions"), c.h2(tr("as_loss"))]
    loss = plan.loss
    src = tr("as_plan_setting")
    rows = [[tr("as_loss_env", env=tr.word("env", env)), f"{v:g} dB", src]
            for env, v in loss.environment_margin_db.items()]
    rows += [[tr("as_loss_ageing"), f"{loss.ageing_margin_db_per_km:g} dB/km", src],
             [tr("as_loss_link"), f"{loss.link_margin_db:g} dB", src],
             [tr("as_loss_patch"), f"{loss.patch_panel_loss_db:g} dB", src]]
    out.append(c.table([tr("col_parameter"), tr("col_value"), tr("col_source")], rows, [2.2, 1.0, 3.8]))
    # devices
    out.append(c.h2(tr("as_devices")))
    used = d.devices_used()
    if d.catalogue is None:
        out.append(c.missing("missing_devices"))
    elif not used:
        out.append(c.missing("missing_links"))
    else:
        out.append(c.p(tr("as_devices_intro"), c.st.small))
        for dev_id in used:
            dev = d.catalogue.get(dev_id)
            if dev is None:
                continue
            sources = dict(dev.sources)
            rows = []
            for k, v in dev.to_dict().items():
                if k in ("id", "name", "sources", "source", "notes"):
                    continue
                rows.append([k, _fmt_param(v), sources.get(k, dev.source or "")])
            common = _common_source(rows)
            block = [CondPageBreak(45 * MM), Paragraph(c.fonts.markup(f"{dev.display_name} ({dev.id})"), c.st.body)]
            if common:  # one source behind most figures: said once, not on every row
                block.append(c.p(tr("as_devices_common", source=common, same=tr("as_same_source")), c.st.small))
                rows = [[k, v, tr("as_same_source") if src == common else src] for k, v, src in rows]
            block.append(c.table([tr("col_parameter"), tr("col_value"), tr("col_source")], rows, [1.7, 1.1, 4.2],
                                 font_size=6.8))
            out += [*block, Spacer(1, 2 * MM)]
    # cost book
    out.append(c.h2(tr("as_costbook")))
    book = d.cost_book
    if book is None:
        out.append(c.missing("missing_costs"))
    else:
        out.append(c.p(tr("as_costbook_intro"), c.st.small))
        rows = []
        for k in sorted(book.values):
            src = book.source(k)
            if k in book.overridden:
                src = tr("as_plan_override") + (f" ({src})" if src else "")
            rows.append([k, f"{book.values[k]:,.4g}", tr.unit(book.units.get(k, "")), src])
        out.append(c.table([tr("col_parameter"), tr("col_value"), tr("col_unit"), tr("col_source")], rows,
                           [2.0, 0.8, 1.4, 4.0], numeric=(1,), font_size=6.8))
    # rollout settings
    ro = plan.rollout
    out.append(c.h2(tr("as_rollout")))
    rows = [[tr("as_seed"), ro.seed_section or tr("dash")], [tr("as_strategy"), tr.word("strategy", ro.strategy)],
            [tr("as_budget"), fmt_money_full(ro.budget_per_year, c.cur) if ro.budget_per_year else tr("dash")],
            [tr("as_start"), str(ro.start_year)], [tr("as_years"), str(ro.years)],
            [tr("as_discount"), fmt_pct(ro.discount_rate, 1)], [tr("as_keystore"), fmt_bits(ro.key_store_bits)]]
    out.append(c.table([tr("col_parameter"), tr("col_value")], rows, [2.2, 4.8]))
    return out


def _common_source(rows: Sequence[Sequence[str]]) -> str | None:
    """The source text shared by at least three rows and most of them, else None."""
    counts: dict[str, int] = {}
    for *_, src in rows:
        if src:
            counts[src] = counts.get(src, 0) + 1
    if not counts:
        return None
    src, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return src if n >= 3 and n * 2 >= len(rows) else None


def _fmt_param(v) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


def _methods(c: _Ctx) -> list:
    out: list = [c.h1("sec_methods"), c.p(c.tr("methods_intro"))]
    for title, body, refs in method_notes(c.tr.lang):
        block = [c.h2(title), c.p(body)]
        block += [c.p(r, c.st.small) for r in refs]
        out += block
    return out


BUILDERS: dict[str, Callable[[_Ctx], list]] = {
    "summary": _summary, "map": _map, "links": _links, "demands": _demands, "nodes": _nodes, "bom": _bom,
    "interfaces": _interfaces, "rollout": _rollout, "costs": _costs, "assumptions": _assumptions,
    "methods": _methods,
}


# -- public ---------------------------------------------------------------------------------------
def _date_text(date) -> str:
    if date is None:
        return _dt.date.today().isoformat()
    if isinstance(date, _dt.datetime):
        return date.date().isoformat()
    if isinstance(date, _dt.date):
        return date.isoformat()
    return str(date)


def render_report(plan: Plan, *, lang: str = "en", paper: str = "A4", sections: Sequence[str] | None = None,
                  include_phases: bool = True, date=None, progress: Progress | None = None,
                  cancel: Callable[[], bool] | None = None, data: ReportData | None = None,
                  evaluation: Any = None) -> bytes:
    """The report as PDF bytes (see ``write_report``)."""
    if lang not in LANGUAGES:
        raise PlanError(f"unknown report language {lang!r} (use {' or '.join(LANGUAGES)})", field="lang")
    size = PAPERS.get(str(paper).upper())
    if size is None:
        raise PlanError(f"unknown paper size {paper!r} (use A4 or Letter)", field="paper")
    chosen = list(SECTIONS if sections is None else sections)
    for s in chosen:
        if s not in SECTIONS:
            raise PlanError(f"unknown report section {s!r} (known: {', '.join(SECTIONS)})", field="sections")
    if not include_phases and "rollout" in chosen:
        chosen.remove("rollout")
    steps = len(chosen) + 3
    done = [0]

    def step(label: str) -> None:
        if cancel is not None and cancel():
            raise ReportCancelled("report cancelled")
        done[0] += 1
        if progress is not None:
            progress(min(done[0] / steps, 1.0), label)

    step("engine")
    if data is None:
        data = gather(plan, include_phases=include_phases and "rollout" in chosen, evaluation=evaluation)
    tr = Translator(lang)
    fonts = fonts_for(lang)
    styles = make_styles(fonts)
    date_text = _date_text(date)
    buf = io.BytesIO()

    def check_cancel() -> None:
        if cancel is not None and cancel():
            raise ReportCancelled("report cancelled")

    doc = ReportDoc(buf, pagesize=size, title=f"{tr('report_title')}: {plan.meta.name}", author=plan.meta.author,
                    subject=plan.meta.port, on_flowable=check_cancel)
    ctx = _Ctx(data, tr, fonts, styles, doc.body_width, doc.body_height)
    ctx.wide = doc.wide_size
    body: list = []
    for key in chosen:
        step(key)
        brk = PageBreak() if key in NEW_PAGE else CondPageBreak(doc.body_height * 0.4)
        body += [brk, *BUILDERS[key](ctx)]
    entries = heading_entries(body)
    contents = Contents(entries, styles, fonts)
    doc.contents = contents
    story: list = [*_cover(ctx, date_text), NextPageTemplate("body"), PageBreak(),
                   Paragraph(fonts.markup(tr("contents")), ParagraphStyle("contents", parent=styles.h1)),
                   contents, *body]
    step("layout")
    canvasmaker = numbered_canvas_class(lambda p, n: tr("page_of", page=p, pages=n), date_text, plan.meta.name,
                                        tr("report_title"), fonts, toc=contents)
    doc.build(story, canvasmaker=canvasmaker)
    contents.check(entries)
    step("done")
    return buf.getvalue()


def write_report(plan: Plan, path, *, lang: str = "en", paper: str = "A4", sections: Sequence[str] | None = None,
                 include_phases: bool = True, date=None, progress: Progress | None = None,
                 cancel: Callable[[], bool] | None = None, evaluation: Any = None) -> Path:
    """Write the PDF report of ``plan`` to ``path`` and return the path.

    ``lang``: ``en`` or ``zh``; ``paper``: ``A4`` or ``Letter``; ``sections``: keys of ``SECTIONS``
    (None: all); ``include_phases``: the rollout section; ``date``: the report date (a
    ``datetime.date`` or text; None: today) — the same plan and date give the same document.
    ``progress(fraction, label)`` is called as the work advances; ``cancel()`` returning True stops
    it with ``ReportCancelled``. The file is written atomically: on any error or cancellation no
    partial file is left. A missing or read-only folder raises ``PlanError``. ``evaluation``: an
    ``evaluate(plan)`` result the caller already has (the desktop app's), so the solver is not rerun.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():  # fail before the work, not after
        raise PlanError(f"the folder {folder} does not exist", source=str(target))
    pdf = render_report(plan, lang=lang, paper=paper, sections=sections, include_phases=include_phases, date=date,
                        progress=progress, cancel=cancel, evaluation=evaluation)
    if cancel is not None and cancel():
        raise ReportCancelled("report cancelled")
    from planner.io.atomic import atomic_write_bytes

    return atomic_write_bytes(target, pdf)
