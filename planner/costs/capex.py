"""CAPEX, OPEX per year and total cost of ownership of a set of builds.

A ``BuildSet`` lists what is bought: QKD links (a device pair each), trusted nodes, endpoint
sites (key consumers), new fibers and, once per network, the central key management system.
``capex_breakdown`` prices it with a ``CostBook``. Every part is a sum over items plus the
engineering share (a fixed fraction), so the CAPEX of disjoint build sets adds up exactly:
a rollout that splits one design into phases pays the same total as building it at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from planner.costs.book import CostBook
from planner.errors import ValidationError
from planner.model.elements import Site

HOURS_PER_YEAR = 8760.0
#: Order of the CAPEX parts in breakdowns and reports.
CAPEX_PARTS = ("devices", "installation", "coexistence", "trusted_nodes", "kms", "fiber", "training",
               "engineering")


@dataclass(frozen=True)
class LinkItem:
    """One QKD link to buy: ``device`` (a catalogue ``Device``: id, price, price_class),
    whether its path carries classical channels (DWDM filter pair) and how many of its ends
    get a protection switch."""

    device: Any
    coexistence: bool = False
    switched_ends: int = 0
    id: str = ""


@dataclass(frozen=True)
class FiberItem:
    """A new fiber to build (status ``planned``): length and ground type."""

    length_m: float
    ground: str
    id: str = ""


@dataclass(frozen=True)
class BuildSet:
    """What a design (or a phase of it) buys. Sites are ``planner.model`` ``Site`` objects.

    ``endpoint_sites``: sites that consume keys (a key manager agent each). A site in both
    ``trusted_nodes`` and ``endpoint_sites`` is charged the node, not the agent. Training is
    charged once per distinct site of either list.
    """

    links: tuple[LinkItem, ...] = ()
    trusted_nodes: tuple[Site, ...] = ()
    endpoint_sites: tuple[Site, ...] = ()
    new_fibers: tuple[FiberItem, ...] = ()
    central_kms: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.links or self.trusted_nodes or self.endpoint_sites or self.new_fibers
                    or self.central_kms)

    @property
    def device_count(self) -> int:
        """QKD devices (two per link)."""
        return 2 * len(self.links)

    @property
    def new_fiber_m(self) -> float:
        return float(sum(f.length_m for f in self.new_fibers))


@dataclass(frozen=True)
class CapexBreakdown:
    """CAPEX by part (``CAPEX_PARTS``) and its total, in the book's currency."""

    parts: dict[str, float]
    total: float
    currency: str

    def to_json(self) -> dict[str, Any]:
        return {"parts": {k: round(v, 2) for k, v in self.parts.items()}, "total": round(self.total, 2),
                "currency": self.currency}


def capex_breakdown(book: CostBook, build: BuildSet) -> CapexBreakdown:
    """Price a build set.

    devices: Σ device-pair prices; installation: per link and per trusted node; coexistence:
    DWDM filter pairs and switches; trusted_nodes: fit-outs (``Site.relay_cost`` or the book);
    kms: central system (once) + an agent per endpoint site that is not a trusted node;
    fiber: ``new_fiber_cost`` of each new fiber; training: per distinct equipped site;
    engineering: ``engineering.fraction`` × the sum of the other parts.
    """
    parts = dict.fromkeys(CAPEX_PARTS, 0.0)
    for link in build.links:
        parts["devices"] += book.device_pair_price(link.device)
        parts["installation"] += book.get("installation.per_link")
        if link.coexistence:
            parts["coexistence"] += book.get("coexistence.dwdm_filter_pair")
        parts["coexistence"] += link.switched_ends * book.get("coexistence.optical_switch")
    node_ids = set()
    for site in build.trusted_nodes:
        node_ids.add(site.id)
        parts["trusted_nodes"] += book.relay_fit_out(site)
        parts["installation"] += book.get("installation.per_trusted_node")
    if build.central_kms:
        parts["kms"] += book.get("kms.central")
    endpoint_ids = {s.id for s in build.endpoint_sites}
    parts["kms"] += len(endpoint_ids - node_ids) * book.get("kms.endpoint_site")
    for f in build.new_fibers:
        parts["fiber"] += book.new_fiber_cost(f.length_m, f.ground)
    parts["training"] = len(endpoint_ids | node_ids) * book.get("training.per_site")
    parts["engineering"] = book.get("engineering.fraction") * sum(parts.values())
    return CapexBreakdown(parts=parts, total=float(sum(parts.values())), currency=book.currency)


def capex(book: CostBook, build: BuildSet) -> float:
    """Total CAPEX of a build set (``capex_breakdown(...).total``)."""
    return capex_breakdown(book, build).total


@dataclass(frozen=True)
class OpexBreakdown(CapexBreakdown):
    """OPEX per year by part and its total, in the book's currency."""


def opex_breakdown(book: CostBook, capex_total: float, *, devices: int, trusted_nodes: int,
                   leased_fiber_km: float = 0.0) -> OpexBreakdown:
    """Yearly operating cost: maintenance (``maintenance.fraction_per_year`` × CAPEX), power
    (devices × ``power.device_w`` + nodes × ``power.trusted_node_w``, 8,760 h/year, at
    ``power.price_per_kwh``) and dark-fiber lease (``lease.dark_fiber_per_km_year``)."""
    if capex_total < 0 or devices < 0 or trusted_nodes < 0 or leased_fiber_km < 0:
        raise ValidationError("CAPEX, counts and leased length must not be negative", element="costs")
    power_kw = (devices * book.get("power.device_w") + trusted_nodes * book.get("power.trusted_node_w")) / 1000.0
    parts = {
        "maintenance": book.get("maintenance.fraction_per_year") * capex_total,
        "power": power_kw * HOURS_PER_YEAR * book.get("power.price_per_kwh"),
        "lease": leased_fiber_km * book.get("lease.dark_fiber_per_km_year"),
    }
    return OpexBreakdown(parts=parts, total=float(sum(parts.values())), currency=book.currency)


def opex_per_year(book: CostBook, build: BuildSet, capex_total: float | None = None,
                  leased_fiber_km: float = 0.0) -> float:
    """Yearly OPEX of a build set once it runs (see ``opex_breakdown``)."""
    total = capex(book, build) if capex_total is None else capex_total
    return opex_breakdown(book, total, devices=build.device_count, trusted_nodes=len(build.trusted_nodes),
                          leased_fiber_km=leased_fiber_km).total


def _check_rate(discount_rate: float, years: int) -> None:
    if not 0 <= discount_rate < 1:
        raise ValidationError("must be a fraction from 0 to 1 (0.05 is 5%)", element="rollout",
                              field="discount_rate")
    if int(years) != years or years < 0:
        raise ValidationError("must be a whole number of years", element="rollout", field="years")


def tco(capex_total: float, opex_yearly: float, years: int, discount_rate: float) -> float:
    """Total cost of ownership: CAPEX paid now plus ``years`` of OPEX, each paid at the end of
    its year and discounted: TCO = C + Σ_{t=1..N} O/(1+r)^t (present value of an annuity,
    e.g. Brealey, Myers & Allen, Principles of Corporate Finance, ch. 2)."""
    _check_rate(discount_rate, years)
    r = discount_rate
    annuity = years if r == 0 else (1.0 - (1.0 + r) ** -years) / r
    return float(capex_total + opex_yearly * annuity)


def tco_schedule(capex_by_year: Sequence[float], opex_by_year: Sequence[float],
                 discount_rate: float) -> float:
    """Present value of a cash-flow schedule: year ``t`` (0-based) CAPEX discounted by
    (1+r)^t, its OPEX paid at the end of the year, by (1+r)^(t+1). Same formula as ``tco`` when
    everything is bought in year 0 and OPEX is constant."""
    _check_rate(discount_rate, max(len(capex_by_year), len(opex_by_year)))
    r = discount_rate
    pv = sum(c / (1.0 + r) ** t for t, c in enumerate(capex_by_year))
    pv += sum(o / (1.0 + r) ** (t + 1) for t, o in enumerate(opex_by_year))
    return float(pv)


def merge_builds(builds: Iterable[BuildSet]) -> BuildSet:
    """Union of build sets (sites deduplicated by id, links and fibers concatenated)."""
    links: list[LinkItem] = []
    fibers: list[FiberItem] = []
    nodes: dict[str, Site] = {}
    ends: dict[str, Site] = {}
    central = False
    for b in builds:
        links += b.links
        fibers += b.new_fibers
        nodes.update((s.id, s) for s in b.trusted_nodes)
        ends.update((s.id, s) for s in b.endpoint_sites)
        central = central or b.central_kms
    return BuildSet(links=tuple(links), trusted_nodes=tuple(nodes.values()), endpoint_sites=tuple(ends.values()),
                    new_fibers=tuple(fibers), central_kms=central)


@dataclass(frozen=True)
class CostSummary:
    """CAPEX, OPEX and TCO of a design, as the CLI and reports show them."""

    capex: CapexBreakdown
    opex: OpexBreakdown
    tco: float
    years: int
    discount_rate: float
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"capex": self.capex.to_json(), "opex_per_year": self.opex.to_json(), "tco": round(self.tco, 2),
                "years": self.years, "discount_rate": self.discount_rate, **self.extra}


def cost_summary(book: CostBook, build: BuildSet, *, years: int, discount_rate: float,
                 leased_fiber_km: float = 0.0) -> CostSummary:
    """CAPEX breakdown, yearly OPEX and TCO over ``years`` at ``discount_rate``."""
    cap = capex_breakdown(book, build)
    op = opex_breakdown(book, cap.total, devices=build.device_count, trusted_nodes=len(build.trusted_nodes),
                        leased_fiber_km=leased_fiber_km)
    return CostSummary(capex=cap, opex=op, tco=tco(cap.total, op.total, years, discount_rate), years=years,
                       discount_rate=discount_rate)


@dataclass(frozen=True)
class _UnknownDevice:
    id: str
    price: float | None = None
    price_class: str | None = None


def plan_devices(plan: Any) -> dict[str, Any]:
    """Devices a plan can name, for pricing: the bundled catalogue plus ``plan.devices.custom``."""
    from planner.physics.devices import device_from_dict, load_catalogue

    devices = dict(load_catalogue())
    for d in getattr(getattr(plan, "devices", None), "custom", ()):
        dev = device_from_dict(d, source="plan devices.custom")
        devices[dev.id] = dev
    return devices


def design_link_item(plan: Any, link: Any, devices: Mapping[str, Any] | None = None) -> LinkItem:
    """The priced item of a design's QKD link (duck-typed: ``id``, ``device``, ``path`` fiber ids).

    The DWDM filter pair is bought when any fiber of the path carries classical channels, as the
    network engine prices its candidates.
    """
    dev = (devices or {}).get(link.device) or _UnknownDevice(str(link.device))
    coex = any(plan.fibers[f].classical_channels > 0 for f in link.path if f in plan.fibers)
    return LinkItem(device=dev, coexistence=coex, id=str(link.id))


def design_build_set(plan: Any, design: Any, devices: Mapping[str, Any] | None = None) -> BuildSet:
    """What a network design buys, for ``capex_breakdown``: its links that are not prebuilt,
    its trusted nodes, every other site where a link ends (a key-consuming endpoint), its new
    fibers, and the central key management system when anything is built.

    Duck-typed on ``planner.network.design.Design`` (``links`` with ``a``, ``b``, ``device``,
    ``path``, ``prebuilt``; ``trusted_nodes``; ``new_fibers``) so this layer needs no import of
    the network engine. ``evaluate`` and the rollout both price designs with it, so their CAPEX
    agree. ``devices``: id → ``Device`` (default: ``plan_devices(plan)``).
    """
    if devices is None:
        devices = plan_devices(plan)
    links = [lk for lk in design.links if not getattr(lk, "prebuilt", False)]
    nodes = tuple(dict.fromkeys(design.trusted_nodes))
    node_set = set(nodes)
    ends = tuple(dict.fromkeys(s for lk in links for s in (lk.a, lk.b) if s not in node_set))
    fibers = tuple(FiberItem(plan.fiber_length_m(plan.fibers[f]), plan.fibers[f].ground, f)
                   for f in dict.fromkeys(design.new_fibers))
    build = BuildSet(links=tuple(design_link_item(plan, lk, devices) for lk in links),
                     trusted_nodes=tuple(plan.sites[s] for s in nodes),
                     endpoint_sites=tuple(plan.sites[s] for s in ends), new_fibers=fibers)
    return BuildSet(links=build.links, trusted_nodes=build.trusted_nodes, endpoint_sites=build.endpoint_sites,
                    new_fibers=build.new_fibers, central_kms=not build.is_empty)
