"""The GUI's view of an evaluation: rows match the engine's JSON."""

from __future__ import annotations

import math

import pytest

from planner.gui.analysis.result import build_result, margin_db


def test_rows_follow_the_engine_json(example, design_json):
    data = design_json.to_json()
    r = build_result(design_json, 7, plan=example)
    assert r.revision == 7 and r.final
    assert [x.id for x in r.links] == [x["id"] for x in data["links"]]
    lk, raw = r.links[0], data["links"][0]
    assert lk.fibers == tuple(raw["path"]) and lk.path == tuple(raw["sites"])
    assert lk.load_bps == raw["load_bps"] and lk.key_rate_bps == raw["key_rate_bps"]
    assert lk.margin_db == pytest.approx(10 * math.log10(raw["key_rate_bps"] / raw["load_bps"]))
    d, rawd = r.demands[0], data["demands"][0]
    assert d.routes == tuple(tuple(x["links"]) for x in rawd["routes"])
    assert d.feasible == rawd["feasible"]
    assert {n.site for n in r.nodes} == set(data["trusted_nodes"])
    assert all(n.cost is not None and n.cost > 0 for n in r.nodes)
    costs = {c.item: c.amount for c in r.costs}
    assert costs["capex_total"] == data["cost"]["capex"]
    assert sum(v for k, v in costs.items() if k != "capex_total") == pytest.approx(data["cost"]["capex"], rel=1e-6)
    assert r.currency == data["cost"]["currency"]
    # every fiber a link uses is indexed back to the link
    by_fiber = r.links_of_fiber()
    assert all(lk.id in [x.id for x in by_fiber[f]] for lk in r.links for f in lk.fibers)


def test_margin_db():
    assert margin_db(1000.0, 100.0) == pytest.approx(10.0)
    assert margin_db(0.0, 100.0) == -math.inf
    assert margin_db(None, 100.0) is None and margin_db(10.0, 0.0) is None
