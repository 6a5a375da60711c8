"""A frozen, GUI-ready view of one evaluation: rows for the tables, numbers for the map.

Built in the worker thread from ``Evaluation.to_json()`` (the public ``--json`` structure, the same
numbers the CLI prints and the report renders), so the GUI thread only looks things up. Fields the
engine does not provide are simply absent: the views show what there is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

Key = tuple[str, str]


def first(d: dict[str, Any], *names: str, default: Any = None) -> Any:
    """The first present, non-None value of ``names`` in ``d``."""
    for n in names:
        v = d.get(n)
        if v is not None:
            return v
    return default


def margin_db(rate_bps: float | None, needed_bps: float | None) -> float | None:
    """Key-rate margin 10·log10(rate / needed) in dB; None when either is unknown or zero."""
    if rate_bps is None or needed_bps is None or needed_bps <= 0:
        return None
    if rate_bps <= 0:
        return -math.inf
    return 10.0 * math.log10(rate_bps / needed_bps)


@dataclass(frozen=True)
class LinkRow:
    id: str
    a: str
    b: str
    device: str
    length_m: float | None
    loss_db: float | None
    key_rate_bps: float | None
    qber: float | None
    load_bps: float | None
    fibers: tuple[str, ...]
    path: tuple[str, ...]
    limited_by: str = ""

    @property
    def margin_db(self) -> float | None:
        return margin_db(self.key_rate_bps, self.load_bps)


@dataclass(frozen=True)
class DemandRow:
    id: str
    a: str
    b: str
    required_bps: float
    priority: int
    feasible: bool | None
    end_to_end_bps: float | None
    route: tuple[str, ...]
    links: tuple[str, ...]
    relays: tuple[str, ...]
    reason: str
    routes: tuple[tuple[str, ...], ...] = ()  # link ids of each (disjoint) route
    reason_code: str | None = None  # the reason as a code and its figures, for the translated text
    reason_args: tuple[tuple[str, object], ...] = ()

    @property
    def margin_db(self) -> float | None:
        return margin_db(self.end_to_end_bps, self.required_bps) if self.feasible is not None else None


@dataclass(frozen=True)
class NodeRow:
    site: str
    name: str
    demands: int
    cost: float | None


@dataclass(frozen=True)
class CostRow:
    item: str
    amount: float
    note: str = ""


@dataclass(frozen=True)
class AnalysisResult:
    """Everything the views need from one evaluation of plan revision ``revision``."""

    revision: int
    evaluation: Any
    data: dict[str, Any]
    fibers: dict[str, dict[str, Any]]
    links: tuple[LinkRow, ...]
    demands: tuple[DemandRow, ...]
    nodes: tuple[NodeRow, ...]
    costs: tuple[CostRow, ...]
    currency: str
    seconds: float
    site_names: dict[str, str] = field(default_factory=dict)
    final: bool = True

    @property
    def link_by_id(self) -> dict[str, LinkRow]:
        return {r.id: r for r in self.links}

    @property
    def demand_by_id(self) -> dict[str, DemandRow]:
        return {r.id: r for r in self.demands}

    def links_of_fiber(self) -> dict[str, list[LinkRow]]:
        out: dict[str, list[LinkRow]] = {}
        for r in self.links:
            for f in r.fibers:
                out.setdefault(f, []).append(r)
        return out

    @property
    def trusted_sites(self) -> frozenset[str]:
        return frozenset(n.site for n in self.nodes)

    def infeasible(self) -> list[str]:
        return [d.id for d in self.demands if d.feasible is False]

    def name(self, site_id: str) -> str:
        return self.site_names.get(site_id) or site_id


def _float(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _ids(v: Any) -> tuple[str, ...]:
    if not v:
        return ()
    if isinstance(v, str):
        return (v,)
    out = []
    for x in v:
        if isinstance(x, (list, tuple)):
            out.extend(str(y) for y in x)
        elif isinstance(x, dict):
            i = first(x, "id", "link", "site")
            if i is not None:
                out.append(str(i))
        else:
            out.append(str(x))
    return tuple(dict.fromkeys(out))


def _node_costs(plan: Any, nodes) -> dict[str, float]:
    """Fit-out CAPEX of each trusted node from the cost book (``CostBook.trusted_node_capex``)."""
    ids = [n for n in nodes if isinstance(n, str)]
    if plan is None or not ids:
        return {}
    try:
        from planner.costs import load_cost_book

        book = load_cost_book(plan)
        return {s: float(book.trusted_node_capex(plan.sites[s])) for s in ids if s in plan.sites}
    except Exception:  # noqa: BLE001 - a missing price leaves the cell empty; the engine reports errors
        return {}


def _route_links(d: dict[str, Any]) -> tuple[str, ...]:
    if d.get("routes"):
        out: list[str] = []
        for r in d["routes"]:
            out += _ids(r.get("links") if isinstance(r, dict) else r)
        return tuple(dict.fromkeys(out))
    return _ids(first(d, "links", "paths", default=()))


def _routes(d: dict[str, Any]) -> tuple[tuple[str, ...], ...]:
    if d.get("routes"):
        return tuple(_ids(r.get("links") if isinstance(r, dict) else r) for r in d["routes"])
    links = _ids(first(d, "links", default=()))
    return (links,) if links else ()


def _costs(data: dict[str, Any]) -> tuple[tuple[CostRow, ...], str]:
    """Cost rows: the CAPEX parts and total of ``cost`` (any other numeric leaves as a fallback)."""
    cost = data.get("cost") or data.get("costs") or {}
    if not isinstance(cost, dict):
        return (), ""
    currency = str(cost.get("currency", ""))
    rows: list[CostRow] = []
    if isinstance(cost.get("parts"), dict):
        for k, raw in cost["parts"].items():
            v = _float(raw)
            if v is not None:
                rows.append(CostRow(str(k), v))
        total = _float(first(cost, "capex", "total"))
        if total is not None:
            rows.append(CostRow("capex_total", total))
        return tuple(rows), currency

    def walk(prefix: str, obj: Any) -> None:
        if isinstance(obj, dict):
            for k, v in obj.items():
                if k != "currency":
                    walk(f"{prefix}.{k}" if prefix else str(k), v)
        elif not isinstance(obj, bool) and (v := _float(obj)) is not None:
            rows.append(CostRow(prefix, v))

    walk("", cost)
    return tuple(rows), currency


def build_result(evaluation: Any, revision: int, seconds: float = 0.0, plan: Any = None, *,
                 final: bool = True) -> AnalysisResult:
    """Turn an ``Evaluation`` (anything with ``to_json()``) into an ``AnalysisResult``."""
    data = evaluation.to_json() if hasattr(evaluation, "to_json") else dict(evaluation)
    fibers = {str(f["id"]): f for f in data.get("fibers", ()) if "id" in f}
    demand_rate = {}
    demands = []
    for d in data.get("demands", ()):
        required = _float(first(d, "required_bps", "rate_bps")) or 0.0
        demand_rate[str(d["id"])] = required
        feasible = d.get("feasible")
        demands.append(DemandRow(
            id=str(d["id"]), a=str(first(d, "a", "from", default="")), b=str(first(d, "b", "to", default="")),
            required_bps=required, priority=int(d.get("priority", 1) or 1),
            feasible=None if feasible is None else bool(feasible),
            end_to_end_bps=_float(first(d, "end_to_end_bps", "rate_bps_achieved")),
            route=_ids(first(d, "route", "path", default=())),
            links=_route_links(d),
            relays=_ids(first(d, "relays", "trusted_nodes", "nodes", default=())),
            reason=str(d.get("reason") or ""), routes=_routes(d), reason_code=d.get("reason_code"),
            reason_args=tuple((d.get("reason_args") or {}).items())))
    load: dict[str, float] = {}
    for d in demands:
        for lid in d.links:
            load[lid] = load.get(lid, 0.0) + d.required_bps
    known = set(plan.fibers) if plan is not None else None

    def fibers_of(raw) -> tuple[str, ...]:
        if raw.get("fibers"):
            return _ids(raw["fibers"])
        path = _ids(raw.get("path"))  # the engine's design gives the fiber ids as ``path``
        return path if known is None or set(path) <= known else ()

    def sites_of(raw) -> tuple[str, ...]:
        if raw.get("sites"):
            return _ids(raw["sites"])
        path = _ids(raw.get("path"))
        return path if known is not None and not set(path) <= known else ()

    links = []
    for raw in data.get("links", ()):
        lid = str(first(raw, "id", default=f"{raw.get('a')}~{raw.get('b')}"))
        links.append(LinkRow(
            id=lid, a=str(first(raw, "a", "from", default="")), b=str(first(raw, "b", "to", default="")),
            device=str(first(raw, "device", default="")),
            length_m=_float(raw.get("length_m")), loss_db=_float(first(raw, "loss_db", "total_loss_db")),
            key_rate_bps=_float(raw.get("key_rate_bps")), qber=_float(raw.get("qber")),
            load_bps=_float(first(raw, "load_bps", "demand_bps", default=load.get(lid))),
            fibers=fibers_of(raw), path=sites_of(raw),
            limited_by=str(raw.get("limited_by") or "")))
    names = {sid: s.name for sid, s in plan.sites.items()} if plan is not None else {}
    relays_of: dict[str, int] = {}
    for d in demands:
        for s in d.relays:
            relays_of[s] = relays_of.get(s, 0) + 1
    node_cost = _node_costs(plan, data.get("trusted_nodes", ()))
    nodes = []
    for n in data.get("trusted_nodes", ()):
        if isinstance(n, dict):
            sid = str(first(n, "site", "id", default=""))
            nodes.append(NodeRow(sid, str(n.get("name") or names.get(sid, sid)),
                                 int(first(n, "demands", default=relays_of.get(sid, 0)) if not isinstance(
                                     n.get("demands"), list) else len(n["demands"])),
                                 _float(first(n, "cost", "capex"))))
        else:
            sid = str(n)
            nodes.append(NodeRow(sid, names.get(sid, sid), relays_of.get(sid, 0), node_cost.get(sid)))
    costs, currency = _costs(data)
    if not currency and plan is not None:
        currency = plan.meta.currency
    return AnalysisResult(revision=revision, evaluation=evaluation, data=data, fibers=fibers,
                          links=tuple(links), demands=tuple(demands), nodes=tuple(nodes), costs=costs,
                          currency=currency, seconds=seconds, site_names=names, final=final)
