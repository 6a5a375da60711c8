"""CAPEX / OPEX / TCO of build sets."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.costs import (
    BuildSet,
    FiberItem,
    LinkItem,
    capex,
    capex_breakdown,
    cost_summary,
    load_cost_book,
    merge_builds,
    opex_breakdown,
    tco,
    tco_schedule,
)
from planner.errors import ValidationError
from planner.model.elements import Site


@dataclass(frozen=True)
class Dev:
    id: str
    price: float | None = None
    price_class: str | None = None


BOOK = load_cost_book()


def site(i: int, cost: float | None = None) -> Site:
    return Site(f"s{i}", f"s{i}", "data_centre", float(i), 0.0, can_relay=True, relay_cost=cost)


def test_breakdown_by_hand():
    dev = Dev("x", price=100_000)
    build = BuildSet(links=(LinkItem(dev, coexistence=True), LinkItem(dev)), trusted_nodes=(site(1, 50_000),),
                     endpoint_sites=(site(1), site(2), site(3)), new_fibers=(FiberItem(1000, "soft"),),
                     central_kms=True)
    b = capex_breakdown(BOOK, build)
    g = BOOK.get
    assert b.parts["devices"] == 200_000
    assert b.parts["installation"] == 2 * g("installation.per_link") + g("installation.per_trusted_node")
    assert b.parts["coexistence"] == g("coexistence.dwdm_filter_pair")
    assert b.parts["trusted_nodes"] == 50_000
    assert b.parts["kms"] == g("kms.central") + 2 * g("kms.endpoint_site")  # s1 is a node
    assert b.parts["fiber"] == pytest.approx(BOOK.new_fiber_cost(1000, "soft"))
    assert b.parts["training"] == 3 * g("training.per_site")
    others = sum(v for k, v in b.parts.items() if k != "engineering")
    assert b.parts["engineering"] == pytest.approx(g("engineering.fraction") * others)
    assert b.total == pytest.approx(others * (1 + g("engineering.fraction")))
    assert BuildSet().is_empty and capex(BOOK, BuildSet()) == 0


@given(st.lists(st.tuples(st.floats(0, 1e6), st.booleans()), max_size=8),
       st.lists(st.floats(0, 20_000), max_size=5), st.integers(0, 6), st.integers(1, 7))
def test_capex_is_additive_over_disjoint_splits(links, fibers, n_nodes, cut):
    """Splitting a design into phases never changes the total (what the rollout relies on)."""
    ls = tuple(LinkItem(Dev(f"d{i}", price=p), coexistence=c) for i, (p, c) in enumerate(links))
    fs = tuple(FiberItem(x, "paved") for x in fibers)
    nodes = tuple(site(i) for i in range(n_nodes))
    whole = BuildSet(links=ls, trusted_nodes=nodes, endpoint_sites=nodes, new_fibers=fs, central_kms=True)
    a = BuildSet(links=ls[:cut], trusted_nodes=nodes[:cut], endpoint_sites=nodes[:cut], new_fibers=fs[:cut],
                 central_kms=True)
    b = BuildSet(links=ls[cut:], trusted_nodes=nodes[cut:], endpoint_sites=nodes[cut:], new_fibers=fs[cut:])
    assert capex(BOOK, a) + capex(BOOK, b) == pytest.approx(capex(BOOK, whole), rel=1e-12, abs=1e-6)
    merged = merge_builds([a, b])
    assert capex(BOOK, merged) == pytest.approx(capex(BOOK, whole), rel=1e-12, abs=1e-6)


def test_opex_parts():
    o = opex_breakdown(BOOK, 1_000_000, devices=4, trusted_nodes=1, leased_fiber_km=0)
    assert o.parts["maintenance"] == pytest.approx(BOOK.get("maintenance.fraction_per_year") * 1e6)
    kw = (4 * BOOK.get("power.device_w") + BOOK.get("power.trusted_node_w")) / 1000
    assert o.parts["power"] == pytest.approx(kw * 8760 * BOOK.get("power.price_per_kwh"))
    with pytest.raises(ValidationError):
        opex_breakdown(BOOK, -1, devices=0, trusted_nodes=0)


def test_tco_formula():
    assert tco(100.0, 10.0, 3, 0.0) == pytest.approx(130.0)
    # by hand: 100 + 10/1.1 + 10/1.21 + 10/1.331
    assert tco(100.0, 10.0, 3, 0.1) == pytest.approx(100 + 10 / 1.1 + 10 / 1.21 + 10 / 1.331)
    assert tco_schedule([100.0], [10.0, 10.0, 10.0], 0.1) == pytest.approx(tco(100.0, 10.0, 3, 0.1))
    assert tco_schedule([0, 110.0], [], 0.1) == pytest.approx(100.0)
    with pytest.raises(ValidationError) as e:
        tco(1, 1, 3, 1.5)
    assert e.value.field == "discount_rate"


def test_cost_summary_json():
    build = BuildSet(links=(LinkItem(Dev("x", price=1000)),), central_kms=True)
    s = cost_summary(BOOK, build, years=10, discount_rate=0.05).to_json()
    assert set(s) >= {"capex", "opex_per_year", "tco", "years", "discount_rate"}
    assert s["tco"] > s["capex"]["total"]
