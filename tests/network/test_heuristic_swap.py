"""The trusted-node swap move of the heuristic on a hand-checked network where the hub of a group
of demands has to move as a whole (as on the 200-site metro plan, seed 1, of the benchmark).

Sites: trusted-node candidates H (fit-out 175 k) and W (100 k); ends A, B, C, D, Z. Every candidate
link costs 139 k; D–H also needs a planned fiber (85 k). Demands (largest rate first): C–H, A–H,
D–H, A–Z, B–Z. There is no link from A or B to Z, so A–Z and B–Z need a trusted node.

- Star at H (what routing one demand at a time builds): links A–H, B–H, C–H, D–H, H–Z and trusted
  node H: 5 × 139 + 85 + 175 = 955 k.
- Star at W (the optimum): links W–A, W–B, W–C, W–D, W–H, W–Z and trusted node W: 6 × 139 + 100 = 934 k.
No single demand can move from one star to the other without making the design dearer (each one
alone would pay a new hop to W or W's fit-out), so re-routing and closing H miss it; swapping H
for W moves the five demands together.
"""

from __future__ import annotations

import pytest

from planner.network.candidates import CandidateLink, LinkOption
from planner.network.heuristic import (
    Router,
    _close_relays,
    _reroute_pass,
    _state_cost,
    _state_of,
    _swap_relays,
    solve_heuristic,
)
from planner.network.milp import solve_milp
from planner.network.problem import Solution, build_problem, tidy

LINK_COST = 139_000.0
STAR_H = 5 * LINK_COST + 85_000.0 + 175_000.0
STAR_W = 6 * LINK_COST + 100_000.0


def _link(a: str, b: str, planned: tuple[str, ...] = ()) -> CandidateLink:
    option = LinkOption(device="dv", key_rate_bps=1e6, qber=0.02, loss_db=10.0, cost=LINK_COST, limited_by="loss")
    return CandidateLink(id=f"{a}-{b}", a=a, b=b, path=(a, b), fibers=(f"f{a}{b}",), loss_db=10.0, length_m=1000.0,
                         planned_fibers=planned, ducts=(f"D{a}{b}",), classical_channels=0, options=(option,))


@pytest.fixture
def prob():
    links = [_link("A", "H"), _link("B", "H"), _link("C", "H"), _link("D", "H", planned=("fDH",)), _link("H", "Z"),
             _link("A", "W"), _link("B", "W"), _link("C", "W"), _link("D", "W"), _link("H", "W"), _link("W", "Z")]
    demands = [("CH", "C", "H", 4096.0, 1), ("AH", "A", "H", 2048.0, 1), ("DH", "D", "H", 512.0, 1),
               ("AZ", "A", "Z", 256.0, 1), ("BZ", "B", "Z", 256.0, 1)]
    return build_problem(links, ["A", "B", "C", "D", "H", "W", "Z"], {"H", "W"}, {"H": 175_000.0, "W": 100_000.0},
                         demands, {"fDH": 85_000.0})


def _star_at_h(prob) -> Solution:
    idx = {s: i for i, s in enumerate(prob.nodes)}
    pair = {frozenset((prob.nodes[a], prob.nodes[b])): p for p, (a, b) in enumerate(zip(prob.pa, prob.pb, strict=True))}
    routes = {}
    for c, com in enumerate(prob.commodities):
        ends = (prob.nodes[com.s], prob.nodes[com.t])
        path = list(ends) if "H" in ends else [ends[0], "H", ends[1]]
        pairs = [pair[frozenset(hop)] for hop in zip(path, path[1:], strict=False)]
        routes[c] = [([idx[s] for s in path], pairs, com.req)]
    n = prob.n_nodes
    sol = Solution(option=[-1] * prob.n_pairs, open_relay=[False] * n, fiber_built=[], routes=routes, unmet={},
                   method="heuristic", status="feasible", gap=None, seconds=0.0)
    return tidy(prob, sol)


def test_star_costs_are_as_hand_checked(prob):
    assert _star_at_h(prob).total(prob) == pytest.approx(STAR_H)
    exact = solve_milp(prob, time_limit_s=30)
    assert exact.status == "optimal"
    assert exact.total(prob) == pytest.approx(STAR_W)


def test_only_the_swap_leaves_the_star_at_h(prob):
    router = Router(prob)
    order = list(range(len(prob.commodities)))
    st = _state_of(router, _star_at_h(prob))
    assert _state_cost(prob, st) == pytest.approx(STAR_H)
    assert not _reroute_pass(router, st, order, 1000)
    assert not _close_relays(router, st, order, 1000)
    assert _state_cost(prob, st) == pytest.approx(STAR_H)
    assert _swap_relays(router, st, order, 1000)
    assert _state_cost(prob, st) == pytest.approx(STAR_W)
    w = prob.nodes.index("W")
    assert all(w in nodes for paths in st.routes.values() for nodes, _, _ in paths)


def test_heuristic_finds_the_star_at_w(prob):
    sol = solve_heuristic(prob)
    assert not sol.unmet
    assert sol.total(prob) == pytest.approx(STAR_W)
    assert [prob.nodes[v] for v, is_open in enumerate(sol.open_relay) if is_open] == ["W"]
