"""Hypothesis strategies shared by the fuzz tests: hostile JSON values and mutations of valid plans.

Imported by the fuzz test modules (pytest puts this folder on ``sys.path``) and by
``benchmarks/fuzz_long.py``. ``FUZZ_EXAMPLES`` (environment variable) scales every fuzz test:
the regular suite runs the default, the long run raises it.
"""

from __future__ import annotations

import copy
import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from planner.model import (
    Demand,
    Fiber,
    KeyProfile,
    Plan,
    Section,
    Site,
    Underlay,
    add,
)

#: Examples per loader in the regular suite (≥ 2,000); the long run (benchmarks/fuzz_long.py) sets
#: more. A loader's tests split them with ``share``.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2000"))


def share(fraction: float) -> int:
    """A test's part of a loader's ``EXAMPLES`` (the parts of one loader add up to 1)."""
    return max(20, round(EXAMPLES * fraction))


def fuzz_settings(n: int | None = None):
    """Settings for one fuzz test: ``n`` examples (default ``EXAMPLES``), no deadline, derandomised
    unless ``FUZZ_RANDOM`` is set (the long run explores new inputs each time)."""
    return settings(
        max_examples=n if n is not None else EXAMPLES,
        deadline=None,
        derandomize=not os.environ.get("FUZZ_RANDOM"),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.filter_too_much],
        database=None,
    )


# -- hostile leaves ----------------------------------------------------------------------------
NASTY_NUMBERS = [0, -0.0, -1, 1e-320, 5e-324, 1e308, -1e308, 1.7976931348623157e308, 10**15, 10**15 + 1,
                 10**20, -(10**20), 10**300, 10**400, 2**63, 2**64 + 1, 1e16, 0.5, 1e-9]
NASTY_TEXT = ["", " ", "\x00", "site-a", "site-b", "j", "sec", "f1", "d1", "junction", "planned",
              "../../../../etc/passwd", "/etc/passwd", "C:\\Windows\\win.ini", "__import__('os')",
              "{{7*7}}", "\u202e", "é" * 300, "x" * 5000, "NaN", "Infinity", "1e999", "null",
              "EPSG:4326", "EPSG:32651", "EPSG:999999", "+proj=longlat", "aes256", "otp"]

leaf_finite = st.one_of(
    st.none(), st.booleans(), st.integers(), st.sampled_from(NASTY_NUMBERS),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12), st.sampled_from(NASTY_TEXT),
)
#: Values a JSON parser could never produce but a caller (GUI, script) could: NaN and infinities.
leaf_any = st.one_of(leaf_finite, st.sampled_from([float("nan"), float("inf"), float("-inf")]))


_JSON_CACHE: dict[tuple[int, int], Any] = {}


def json_values(leaves=leaf_finite, max_leaves: int = 12):
    """Nested JSON values built from ``leaves`` (cached: building a recursive strategy is costly)."""
    key = (id(leaves), max_leaves)
    if key not in _JSON_CACHE:
        _JSON_CACHE[key] = (leaves, _json_values(leaves, max_leaves))
    return _JSON_CACHE[key][1]


def _json_values(leaves, max_leaves: int):
    return st.recursive(
        leaves,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.one_of(st.text(max_size=8), st.sampled_from(NASTY_TEXT[:12])), children,
                            max_size=4),
        ),
        max_leaves=max_leaves,
    )


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path (tuple of keys / indices) inside a JSON value, the root included."""
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, prefix + (i,))
    return out


def _get(value: Any, path: tuple) -> Any:
    for k in path:
        value = value[k]
    return value


_NUMERIC_EDGE = st.sampled_from(NASTY_NUMBERS)
_ADD_KEYS = ["owner", "id", "from", "to", "extra", "x_m", "layer", "type", "polygon", "__class__", "format"]
MUTATIONS = ("replace", "replace", "replace", "delete", "add_key", "duplicate", "wrap", "deep",
             "swap_type", "numeric_edge")


@st.composite
def mutated(draw, base: dict, leaves=leaf_finite, max_mutations: int = 4) -> Any:
    """``base`` (a valid JSON document) with 1..``max_mutations`` random hostile edits."""
    doc = copy.deepcopy(base)
    # Paths and operations are picked uniformly (hypothesis' own choices lean to the first item,
    # which would be the document root); the values come from the strategies.
    rnd = draw(st.randoms(use_true_random=False))
    for _ in range(draw(st.integers(1, max_mutations))):
        path = rnd.choice(_paths(doc))
        op = rnd.choice(MUTATIONS)
        target = _get(doc, path)
        parent = _get(doc, path[:-1]) if path else None
        if op == "replace":
            new: Any = draw(json_values(leaves))
        elif op == "numeric_edge":
            new = draw(_NUMERIC_EDGE) if rnd.random() < 0.5 else draw(leaves)
        elif op == "wrap":
            new = [target]
        elif op == "deep":
            new = target
            for _ in range(rnd.randint(2, 40)):
                new = [new] if rnd.random() < 0.5 else {"k": new}
        elif op == "swap_type":
            new = {dict: lambda t: list(t.values()), list: lambda t: {str(i): v for i, v in enumerate(t)},
                   str: lambda t: [t], bool: lambda t: int(t), int: str, float: str,
                   type(None): lambda t: {}}[type(target)](target)
        elif op == "delete":
            if parent is None:
                continue
            del parent[path[-1]]
            continue
        elif op == "add_key":
            if isinstance(target, dict):
                target[rnd.choice(_ADD_KEYS)] = draw(json_values(leaves))
            elif isinstance(target, list):
                target.append(draw(json_values(leaves)))
            continue
        else:  # duplicate: repeat an element of a list (duplicate ids), or a key's value elsewhere
            if isinstance(parent, list):
                parent.append(copy.deepcopy(target))
            continue
        if parent is None:
            doc = new
        else:
            parent[path[-1]] = new
    return doc


# -- valid base plans --------------------------------------------------------------------------
def small_plan() -> Plan:
    """A small valid plan using every element kind and optional field shape."""
    plan = Plan()
    add("section", Section("sec", "Berth 1", ((0, 0), (500, 0), (500, 300), (0, 300)), 3, "berth")).apply(plan)
    add("site", Site("site-a", "Crane", "crane_control", 10, 10)).apply(plan)
    add("site", Site("site-b", "TOS", "terminal_ops", 400, 200, can_relay=True, relay_cost=120000.0,
                     section="sec")).apply(plan)
    add("site", Site("j", "Chamber", "junction", 200, 10)).apply(plan)
    add("fiber", Fiber("f1", "site-a", "j", splices=2, environment="quay_crane")).apply(plan)
    add("fiber", Fiber("f2", "j", "site-b", vertices=((200.0, 200.0),), length_m=420.0,
                       status="planned")).apply(plan)
    add("demand", Demand("d1", "site-a", "site-b", required_bps=512.0, disjoint_paths=2)).apply(plan)
    add("demand", Demand("d2", "site-b", "site-a", profile=KeyProfile("aes256", 4, 10.0))).apply(plan)
    add("underlay", Underlay("u1", "image", "site.png", origin_m=(0.0, 300.0), m_per_px=0.25)).apply(plan)
    plan.costs = {"trench_per_m": 120.0}
    return plan

