"""evaluate(cancel=...) stops long work cooperatively with planner.errors.Cancelled."""

from __future__ import annotations

import threading

import pytest

from planner.errors import Cancelled
from planner.io import load_plan
from planner.network.cancel import cancel_scope, check_cancelled
from planner.network.evaluate import evaluate
from planner.resources import example_plan


def test_cancelled_before_start():
    with pytest.raises(Cancelled):
        evaluate(load_plan(example_plan()), cancel=lambda: True)


def test_cancelled_during_the_heuristic():
    plan = load_plan(example_plan())
    calls = {"n": 0}

    def cancel() -> bool:  # let the evaluation get going, then ask it to stop
        calls["n"] += 1
        return calls["n"] > 5

    with pytest.raises(Cancelled):
        evaluate(plan, solver="heuristic", cancel=cancel)
    assert calls["n"] == 6  # it stopped at the first poll after the request


def test_scope_is_per_thread_and_restored():
    seen = []

    def other_thread():
        check_cancelled()  # no scope here: never cancelled
        seen.append("ok")

    with cancel_scope(lambda: True):
        t = threading.Thread(target=other_thread)
        t.start()
        t.join()
        with pytest.raises(Cancelled):
            check_cancelled()
    check_cancelled()
    assert seen == ["ok"]


def test_not_cancelled_gives_the_same_result():
    plan = load_plan(example_plan())
    a = evaluate(plan, solver="heuristic", cancel=lambda: False).to_json()
    b = evaluate(plan, solver="heuristic").to_json()
    for r in (a, b):
        r["solver"].pop("seconds", None)
    assert a["links"] == b["links"] and a["cost"] == b["cost"]


def test_cancelled_inside_the_exact_solver():
    """HiGHS polls the caller between simplex iterations and branch-and-bound nodes: a request to
    stop ends the solve at the next poll, not at the solver's time limit."""
    from planner.network.design import prepare
    from planner.network.heuristic import solve_heuristic
    from planner.network.milp import solve_milp

    prob = prepare(load_plan(example_plan())).problem
    start = solve_heuristic(prob)
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 100

    with cancel_scope(cancel), pytest.raises(Cancelled):
        solve_milp(prob, time_limit_s=60, incumbent=start)
    assert 100 < calls["n"] <= 110  # a whole solve polls about 500 times
