"""The PDF report: parses, has every section, shows the engine's numbers, Chinese, paper sizes,
progress and cancel, atomic writing to good and bad folders."""

from __future__ import annotations

import io
import os
import re

import pytest
from pypdf import PdfReader

from planner.errors import PlanError
from planner.reports import SECTIONS, ReportCancelled, render_report, write_report
from planner.reports.i18n import TEXT, Translator
from planner.reports.style import fmt_money_full, fmt_num, fmt_rate

DATE = "2026-05-01"
SECTION_KEYS = ["sec_summary", "sec_map", "sec_links", "sec_demands", "sec_nodes", "sec_bom", "sec_interfaces",
                "sec_rollout", "sec_costs", "sec_assumptions", "sec_methods"]


def _joined(pages: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(pages))


def test_pdf_parses_with_every_section_in_the_outline(harbor_pdf_en):
    reader = PdfReader(io.BytesIO(harbor_pdf_en))
    assert len(reader.pages) >= 8
    titles = [o["/Title"] for o in reader.outline if isinstance(o, dict)]
    tr = Translator("en")
    assert titles == [tr(k) for k in SECTION_KEYS]
    assert reader.metadata.title.startswith(tr("report_title"))


def test_pages_are_numbered_page_x_of_y_and_contents_lists_sections(harbor_pdf_en, pdf_text):
    pages = pdf_text(harbor_pdf_en)
    n = len(pages)
    for i, text in enumerate(pages[1:], start=2):
        assert f"page {i} of {n}" in text
    assert "page 1 of" not in pages[0]  # the cover is bare
    contents = pages[1]
    for key in SECTION_KEYS:
        assert Translator("en")(key) in contents


def test_numbers_equal_evaluate_json(harbor_pdf_en, harbor_json, pdf_text):
    text = _joined(pdf_text(harbor_pdf_en))
    for f in harbor_json["fibers"]:
        assert f"{f['id']} {f['from']} {f['to']}" in text
        assert fmt_num(f["loss_db"], 2) in text
    for d in harbor_json["demands"]:
        assert d["id"] in text
        assert fmt_rate(d["required_bps"]) in text
    for link in harbor_json.get("links") or []:
        assert link["id"] in text
        assert fmt_rate(link["key_rate_bps"]) in text
    cost = harbor_json.get("cost")
    if cost is not None:
        cap = cost["capex"]["total"] if isinstance(cost["capex"], dict) else cost["capex"]
        currency = (cost.get("currency") or cost["capex"].get("currency")) if isinstance(cost["capex"], dict) \
            else cost.get("currency", "")
        assert fmt_money_full(cap, currency) in text
    if harbor_json.get("demands") and all("feasible" in d for d in harbor_json["demands"]):
        ok = sum(d["feasible"] for d in harbor_json["demands"])
        assert f"{ok} of {len(harbor_json['demands'])}" in text


def test_rollout_phases_are_tabulated(harbor_pdf_en, harbor_data, pdf_text):
    phases = (harbor_data.rollout or {}).get("phases")
    if not phases:
        pytest.skip("the rollout engine gives no phases")
    text = _joined(pdf_text(harbor_pdf_en))
    last = phases[-1]
    assert fmt_money_full(last["cumulative_capex"], harbor_data.currency) in text


def test_chinese_report_is_in_chinese(harbor_pdf_zh, pdf_text):
    pages = pdf_text(harbor_pdf_zh)
    text = "".join(pages)
    tr = Translator("zh")
    assert tr("report_title") in text.replace("\n", "")
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    assert len(cjk) > 500
    reader = PdfReader(io.BytesIO(harbor_pdf_zh))
    fonts = {str(f.get_object()["/BaseFont"]) for p in reader.pages[:3]
             for f in (p["/Resources"].get("/Font") or {}).values()}
    assert "/STSong-Light" in fonts


def test_translation_tables_match():
    assert set(TEXT["en"]) == set(TEXT["zh"])
    field = re.compile(r"{(\w+)}")
    for key, en in TEXT["en"].items():
        assert set(field.findall(en)) == set(field.findall(TEXT["zh"][key])), key


def test_same_plan_and_date_give_the_same_document(harbor, harbor_data, harbor_pdf_en, pdf_text):
    again = render_report(harbor, date=DATE, data=harbor_data)
    assert pdf_text(again) == pdf_text(harbor_pdf_en)
    other = render_report(harbor, date="2027-01-01", data=harbor_data, sections=["summary"])
    assert "2027-01-01" in pdf_text(other)[2]


def test_letter_and_a4(harbor, harbor_data):
    letter = PdfReader(io.BytesIO(render_report(harbor, paper="Letter", date=DATE, data=harbor_data,
                                                sections=["summary", "demands"])))
    assert [round(float(v)) for v in letter.pages[2].mediabox[2:]] == [612, 792]
    a4 = PdfReader(io.BytesIO(render_report(harbor, paper="A4", date=DATE, data=harbor_data, sections=["summary"])))
    assert [round(float(v)) for v in a4.pages[2].mediabox[2:]] == [595, 842]


def test_terminal_detail_map_is_a_landscape_page(harbor_pdf_en, pdf_text):
    reader = PdfReader(io.BytesIO(harbor_pdf_en))
    pages = pdf_text(harbor_pdf_en)
    i = next(k for k, t in enumerate(pages) if k > 1 and "Terminal detail" in t)
    w, h = (float(v) for v in reader.pages[i].mediabox[2:])
    assert w > h
    for sid in ("toc", "tdc", "gate-ctl", "cus-insp", "bond-2"):
        assert sid in pages[i]


def test_long_tables_repeat_their_header(harbor_pdf_en, pdf_text):
    pages = [_joined([t]) for t in pdf_text(harbor_pdf_en)]
    with_fiber_rows = [t for t in pages if re.search(r"\bf-\d\d (jq|jy|sts|blk|bond|jn|jc|pa|relay|exch)-", t)]
    assert len(with_fiber_rows) >= 2  # the fiber budget table spans pages
    for t in with_fiber_rows:
        assert "Total dB" in t


def test_sections_subset_and_unknown_section(harbor, harbor_data, pdf_text):
    pdf = render_report(harbor, date=DATE, data=harbor_data, sections=["summary", "methods"])
    text = _joined(pdf_text(pdf))
    assert "Method notes and references" in text and "Bill of materials" not in text
    with pytest.raises(PlanError, match="unknown report section"):
        render_report(harbor, date=DATE, data=harbor_data, sections=["nonsense"])
    with pytest.raises(PlanError, match="language"):
        render_report(harbor, date=DATE, data=harbor_data, lang="fr")
    with pytest.raises(PlanError, match="paper"):
        render_report(harbor, date=DATE, data=harbor_data, paper="A3")
    assert set(SECTIONS) == {k[4:] for k in SECTION_KEYS}


def test_progress_reaches_one_and_cancel_leaves_no_file(tiny, tmp_path):
    plan, _ = tiny
    seen = []
    out = write_report(plan, tmp_path / "r.pdf", date=DATE, progress=lambda f, label: seen.append(f))
    assert out.read_bytes().startswith(b"%PDF")
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 5
    old = out.read_bytes()
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(ReportCancelled):
        write_report(plan, out, date="2030-01-01", cancel=cancel)
    assert out.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.pdf", "tiny.qkdplan"]


def test_missing_folder_gives_clear_error_and_no_file(tiny, tmp_path):
    plan, _ = tiny
    with pytest.raises(PlanError, match="does not exist"):
        write_report(plan, tmp_path / "nope" / "r.pdf", date=DATE)
    (tmp_path / "afile").write_text("x")
    with pytest.raises(PlanError):
        write_report(plan, tmp_path / "afile" / "r.pdf", date=DATE)
    assert not (tmp_path / "nope").exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_read_only_folder_gives_clear_error_and_no_file(tiny, tmp_path):
    plan, _ = tiny
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(PlanError, match="cannot write"):
            write_report(plan, ro / "r.pdf", date=DATE)
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o755)


def test_cli_report(tiny, tmp_path, capsys):
    from planner.cli import main

    _, path = tiny
    out = tmp_path / "cli.pdf"
    assert main(["report", str(path), "-o", str(out), "--lang", "zh", "--paper", "letter",
                 "--date", DATE]) == 0
    assert PdfReader(str(out)).pages[0].mediabox[2] == 612
    assert main(["report", str(path), "-o", str(tmp_path / "missing" / "r.pdf")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("qkd-planner: error:") and "does not exist" in err[-1]
    assert main(["report", str(path), "-o", str(out), "--date", "May 1st"]) == 2


def test_cli_report_numbers_equal_cli_evaluate_json(tiny, tmp_path, capsys, pdf_text):
    import json

    from planner.cli import main

    _, path = tiny
    assert main(["evaluate", str(path), "--json"]) == 0
    ev = json.loads(capsys.readouterr().out)
    out = tmp_path / "r.pdf"
    assert main(["report", str(path), "-o", str(out), "--date", DATE]) == 0
    text = _joined(pdf_text(out.read_bytes()))
    assert ev["links"] and ev["demands"][0]["feasible"]
    for link in ev["links"]:
        assert f"{link['id']} " in text and fmt_rate(link["key_rate_bps"]) in text
        qber = "\u2013" if link["qber"] is None else fmt_num(100 * link["qber"], 2)  # CV-QKD has no QBER
        assert fmt_num(link["loss_db"], 2) in text and qber in text
    d = ev["demands"][0]
    assert fmt_rate(d["end_to_end_bps"]) in text and fmt_rate(d["required_bps"]) in text
    assert fmt_money_full(ev["cost"]["capex"], ev["cost"]["currency"]) in text
    assert "Feasible: all 1 key demands are met" in text


def test_bom_total_equals_capex(harbor_data):
    from planner.reports.pdf import _bom_lines, _Ctx
    from planner.reports.style import fonts_for, make_styles

    fonts = fonts_for("en")
    ctx = _Ctx(harbor_data, Translator("en"), fonts, make_styles(fonts), 500, 700)
    lines = _bom_lines(ctx)
    itemised = sum(given[0] if given else qty * price for _, qty, _, price, *given in lines)
    parts = harbor_data.capex_parts
    rest = sum(parts[k] for k in ("installation", "coexistence", "kms", "training", "engineering"))
    assert itemised + rest == pytest.approx(harbor_data.capex_total, abs=0.05)  # parts are rounded to cents


def test_contents_page_numbers_are_the_pages_of_the_headings(harbor_pdf_en, pdf_text):
    reader = PdfReader(io.BytesIO(harbor_pdf_en))

    def flat(items):
        for o in items:
            if isinstance(o, list):
                yield from flat(o)
            else:
                yield o

    outline = [(o["/Title"], reader.get_destination_page_number(o) + 1) for o in flat(reader.outline)]
    assert len(outline) > len(SECTION_KEYS)  # sub-headings too
    contents = _joined([pdf_text(harbor_pdf_en)[1]])
    pos = 0
    for title, page in outline:  # in order: a title may appear twice (a section and a method note)
        m = re.compile(re.escape(title) + r"[ .]*?(\d+)").search(contents, pos)
        assert m is not None, title
        assert int(m.group(1)) == page, title
        pos = m.end()
        assert title in _joined([pdf_text(harbor_pdf_en)[page - 1]])


def test_contents_split_across_pages_when_long():
    from planner.reports.doc import Contents
    from planner.reports.style import fonts_for, make_styles

    fonts = fonts_for("en")
    styles = make_styles(fonts)
    entries = [(i % 3 != 0 and 1 or 0, f"Heading {i}") for i in range(80)]
    toc = Contents(entries, styles, fonts)
    _, h = toc.wrap(400, 700)
    first, rest = toc.split(400, 700)
    assert 0 < first.wrap(400, 700)[1] <= 700 < h
    assert first.entries + rest.entries == entries and rest.first == len(first.entries)
    assert first.shared is rest.shared
    assert toc.split(400, h + 1) == []


def test_cells_that_fit_are_plain_strings_and_long_ones_wrap():
    from reportlab.platypus import Paragraph

    from planner.reports.doc import table
    from planner.reports.style import fonts_for, make_styles

    fonts = fonts_for("zh")
    styles = make_styles(fonts)
    long = "a route through many junctions " * 4
    t = table(["Id", "Value"], [["f-01", "1.25"], ["码头", long], ["QKD 节点", "x"]], [60, 80], styles, fonts,
              numeric=(1,))
    cells = t._cellvalues
    assert cells[1] == ["f-01", "1.25"]
    assert cells[2][0] == "码头" and isinstance(cells[2][1], Paragraph)  # CJK alone: plain; too long: wraps
    assert isinstance(cells[3][0], Paragraph)  # mixed scripts need font runs
    fonts_used = {(c, r): s.fontname for r, row in enumerate(t._cellStyles) for c, s in enumerate(row)}
    assert fonts_used[(0, 2)] == "STSong-Light" and fonts_used[(0, 1)] == "Helvetica"
    assert t._cellStyles[1][1].alignment == "RIGHT"


def test_breach_detection_drill_shows_the_engine_rows(harbor_pdf_en, harbor_json, pdf_text):
    from planner.reports.pdf import DRILL_ROWS, drill_ranking
    from planner.reports.style import fmt_duration

    drill = harbor_json["attack_drill"]
    assert drill, "the example's links are drilled"
    text = _joined(pdf_text(harbor_pdf_en))
    part = text[text.rindex("Breach-detection drill"):]  # the section, not its contents entry
    part = part[:part.index("Bill of materials")]
    ranked = drill_ranking(drill)
    aborts = sum(r["aborts"] for r in drill)
    assert f"{aborts} of {len(drill)} QKD links detect the attack" in part
    for r in ranked[:DRILL_ROWS]:
        assert r["link"] in part
        if r["lost"]:
            assert fmt_duration(min(x["buffer_s"] for x in r["lost"])) in part
    for r in drill:  # every device model appears with its own numbers
        if r["qber_attacked"] is not None:
            assert r["link"] in part
            assert f"{fmt_num(100 * r['qber'], 1)} / {fmt_num(100 * r['qber_attacked'], 1)}" in part
    worst = next(r for r in ranked if r["aborts"] and r["lost"])
    assert f"over link {worst['link']} runs out of stored key" in part


def test_drill_ranking_puts_undetected_then_shortest_store_first():
    from planner.reports.pdf import drill_ranking

    rows = [
        {"link": "a", "aborts": True, "lost": []},
        {"link": "b", "aborts": True, "lost": [{"demand": "d1", "buffer_s": 900.0}]},
        {"link": "c", "aborts": False, "lost": []},
        {"link": "d", "aborts": True, "lost": [{"demand": "d2", "buffer_s": 60.0}, {"demand": "d3", "buffer_s": 5e4}]},
        {"link": "e", "aborts": True, "lost": [{"demand": "d1", "buffer_s": 900.0}, {"demand": "d4", "buffer_s": 900.0}]},
    ]
    assert [r["link"] for r in drill_ranking(rows)] == ["c", "d", "e", "b", "a"]


def test_chinese_report_translates_engine_words(harbor_pdf_zh, harbor_json, pdf_text):
    text = _joined(pdf_text(harbor_pdf_zh)).replace(" ", "")
    tr = Translator("zh")
    status = harbor_json["solver"]["status"]
    assert tr.word("solver_status", status).replace(" ", "") in text
    assert tr.word("solver", harbor_json["solver"]["method"]).replace(" ", "") in text
    assert tr("drill_title") in text and tr("col_on_store") in text
    assert "原文" in text  # the assumptions say source texts keep their language (they are English)
    before_sources = text[:text.rindex(tr("sec_assumptions"))]
    assert tr.word("status", "existing") in before_sources and tr.word("env", "buried") in before_sources
    for english in (f"{harbor_json['solver']['method']}，", "existing", "buried", "excessnoise", "attacked"):
        assert english not in before_sources


def test_translator_words_and_units():
    zh, en = Translator("zh"), Translator("en")
    assert en.word("solver_status", "time_limit") == "time limit reached"
    assert zh.word("env", "aerial") == "架空"
    assert zh.word("env", "tunnel_x") == "tunnel x"  # unknown values are shown as given
    assert zh.unit("EUR per QKD link") == "EUR/QKD 链路"
    assert zh.unit("EUR per QKD link sharing fiber with classical channels") == "EUR/与经典信道共纤的 QKD 链路"
    assert en.unit("EUR per QKD link") == "EUR per QKD link"


def test_summary_states_failure_and_drill_risk(harbor_pdf_en, harbor_data, pdf_text):
    from planner.reports.pdf import _Ctx, _resilience_rows
    from planner.reports.style import fonts_for, make_styles

    fonts = fonts_for("en")
    ctx = _Ctx(harbor_data, Translator("en"), fonts, make_styles(fonts), 500, 700)
    rows = _resilience_rows(ctx, harbor_data.resilience)
    summary = _joined([pdf_text(harbor_pdf_en)[2]])
    assert rows, "the example has single points of failure"
    assert f"{len(rows)} single failures" in summary and f"({rows[0][0]})" in summary
    assert summary.index(rows[0][3]) > summary.index(f"({rows[0][0]})")
    drill = harbor_data.attack_drill
    if all(r["aborts"] for r in drill):
        assert f"All {len(drill)} QKD links detect" in summary


def test_device_sources_said_once_when_shared():
    from planner.reports.pdf import _common_source

    assert _common_source([["a", "1", "X"], ["b", "2", "X"], ["c", "3", "X"], ["d", "4", "Y"]]) == "X"
    assert _common_source([["a", "1", "X"], ["b", "2", "X"], ["c", "3", "Y"]]) is None  # two rows: keep them
    assert _common_source([["a", "1", ""], ["b", "2", ""], ["c", "3", ""]]) is None


def test_greek_and_math_signs_use_the_symbol_base_font(harbor_pdf_en):
    from planner.reports.style import BASE, CJK, SYMBOL, fonts_for

    fonts = fonts_for("en")
    assert fonts.runs("\u2212log2(1\u2212\u03b7) 码头") == [("\u2212", SYMBOL), ("log2(1", BASE),
                                                             ("\u2212\u03b7", SYMBOL), (") ", BASE), ("码头", CJK)]
    assert fonts.single_font("\u221e") == "Symbol" and fonts.single_font("a\u03b7") is None
    assert '<font name="Symbol">\u03b7</font>' in fonts.markup("\u03b7 < 1")
    reader = PdfReader(io.BytesIO(harbor_pdf_en))
    used = {str(f.get_object()["/BaseFont"]) for p in reader.pages
            for f in (p["/Resources"].get("/Font") or {}).values()}
    assert "/Symbol" in used  # the method notes' PLOB formula


def test_reasons_are_in_the_report_language(tiny, pdf_text):
    from planner.model import Demand, Site, add
    from planner.network.evaluate import evaluate
    from planner.reports.data import gather

    plan = tiny[0]
    add("site", Site("gate", "Gate", "gate", 247_400.0, 3_985_100.0)).apply(plan)  # no fiber reaches it
    add("demand", Demand("d2", "crane", "gate", required_bps=512.0)).apply(plan)
    add("demand", Demand("d3", "tos", "crane", required_bps=1e12)).apply(plan)  # beyond any device
    ev = evaluate(plan, solver="heuristic").to_json()
    bad = {d["id"]: d for d in ev["demands"] if not d["feasible"]}
    assert (bad["d2"]["reason_code"], bad["d3"]["reason_code"]) == ("no_fiber_path", "rate_too_low")
    zh, en = Translator("zh"), Translator("en")
    for d in bad.values():
        assert en.reason(d) == d["reason"]  # English: the engine's own text
    assert zh.reason(bad["d2"]) == "crane 与 gate 之间没有光纤路径"
    assert zh.reason({"reason": "as given", "reason_code": "rate_too_low", "reason_args": {}}) == "as given"
    text = _joined(pdf_text(render_report(plan, lang="zh", date=DATE, sections=["demands"],
                                          data=gather(plan, include_phases=False, evaluation=ev))))
    text = text.replace(" ", "")
    assert zh.reason(bad["d3"]).replace(" ", "") in text and "ratetoolow" not in text


def test_rates_read_in_a_friendly_unit():
    assert [fmt_rate(x) for x in (3.0, 512.0, 12_340.0, 1.2e6, 2.5e9, 1e12)] == [
        "3 bit/s", "512 bit/s", "12.3 kbit/s", "1.20 Mbit/s", "2.50 Gbit/s", "1,000.00 Gbit/s"]
