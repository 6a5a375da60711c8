"""The cost book: unit prices of everything a QKD rollout buys, with a source for every number.

Defaults live in ``resources/costs.json`` (one entry per key: ``value``, ``unit``, ``source``;
a source is a citation or says "assumption"). A plan overrides any key in its ``costs`` object,
either with flat dotted keys (``{"fiber.trench_per_m.quay": 140}``) or nested objects
(``{"fiber": {"trench_per_m": {"quay": 140}}}``). Besides the default keys a plan may set:

- ``device_price.<device id>``: price of one link's device pair for that catalogue device;
- ``device_price_class.<low|medium|high>``: price of every device of that class;
- ``currency`` (text) and ``price_year`` (whole year).

Unknown keys are kept out of the book and reported as warnings; a wrong type, a negative number,
NaN or infinity is refused with a ``ValidationError`` naming the key (element ``costs``).

This module sits below the network engine: it imports nothing from ``planner.network`` or
``planner.rollout`` (the engine imports the book for its objective).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from planner.errors import FileFormatError, ValidationError
from planner.model.elements import GROUND_TYPES, Site

COSTS_FORMAT = "qkd-planner-costs"
DEVICE_CLASSES = ("low", "medium", "high")
#: Fallback class of a catalogue device that has neither a price nor a price class.
DEFAULT_DEVICE_CLASS = "medium"
#: Keys whose value must be strictly positive (a zero would divide or mean "never fails").
_POSITIVE = {"usd_to_eur", "fiber.splice_spacing_m", "reliability.device_mtbf_h",
             "reliability.node_mtbf_h"}
#: Keys that are fractions from 0 to 1.
_FRACTION = {"maintenance.fraction_per_year"}
#: Keys that are whole counts.
_INTEGER = {"fiber.end_splices"}
#: Upper bound of every money amount or rate (catches unit slips such as cents or a typo).
_MAX_VALUE = 1.0e12
_PATTERN_PREFIXES = ("device_price.", "device_price_class.")


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


def _number(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(f"must be a number, got {type(value).__name__}", element="costs", field=key)
    try:
        x = float(value)
    except OverflowError:
        raise ValidationError("is implausibly large", element="costs", field=key) from None
    if not math.isfinite(x):
        raise ValidationError(f"must be a finite number, got {value!r}", element="costs", field=key)
    if x < 0:
        raise ValidationError(f"must not be negative, got {value!r}", element="costs", field=key)
    if x > _MAX_VALUE:
        raise ValidationError(f"is implausibly large ({value!r})", element="costs", field=key)
    if key in _POSITIVE and x == 0:
        raise ValidationError("must be greater than 0", element="costs", field=key)
    if key in _FRACTION and x > 1:
        raise ValidationError(f"is a fraction from 0 to 1 (0.1 is 10%), got {value!r}",
                              element="costs", field=key)
    if key in _INTEGER and not x.is_integer():
        raise ValidationError(f"must be a whole number, got {value!r}", element="costs", field=key)
    return x


@dataclass(frozen=True)
class CostBook:
    """Unit prices (``values``, key -> number in ``currency`` of ``price_year``) and their sources.

    Built by ``load_cost_book``; immutable. ``overridden`` lists the keys a plan changed (their
    source then reads "plan"). ``warnings`` lists ignored unknown override keys.
    """

    currency: str
    price_year: int
    values: Mapping[str, float]
    sources: Mapping[str, str] = field(default_factory=dict)
    units: Mapping[str, str] = field(default_factory=dict)
    overridden: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    # -- access -------------------------------------------------------------------------------
    def get(self, key: str) -> float:
        try:
            return self.values[key]
        except KeyError:
            raise ValidationError("is not a key of the cost book", element="costs", field=key) from None

    def source(self, key: str) -> str:
        return self.sources.get(key, "")

    # -- devices --------------------------------------------------------------------------------
    def device_pair_price(self, device: Any) -> float:
        """Price of one QKD link's equipment (transmitter + receiver) for a catalogue device.

        Precedence: ``device_price.<id>`` > ``device_price_class.<class>`` > the catalogue's
        ``price`` > ``device_default_class.<class>`` (class: the device's ``price_class``, else
        ``medium``). ``device`` is a ``planner.physics.devices.Device`` or anything with ``id``,
        ``price`` and ``price_class``.
        """
        dev_id = getattr(device, "id", None)
        cls = getattr(device, "price_class", None) or DEFAULT_DEVICE_CLASS
        by_id = self.values.get(f"device_price.{dev_id}")
        if by_id is not None:
            return by_id
        by_class = self.values.get(f"device_price_class.{cls}")
        if by_class is not None:
            return by_class
        price = getattr(device, "price", None)
        if price is not None:
            return float(price)
        return self.get(f"device_default_class.{cls}")

    def device_price_source(self, device: Any) -> str:
        """Where ``device_pair_price`` took the number from (for reports)."""
        dev_id = getattr(device, "id", None)
        cls = getattr(device, "price_class", None) or DEFAULT_DEVICE_CLASS
        if f"device_price.{dev_id}" in self.values:
            return f"cost book device_price.{dev_id}"
        if f"device_price_class.{cls}" in self.values:
            return f"cost book device_price_class.{cls}"
        if getattr(device, "price", None) is not None:
            return f"device catalogue price of {dev_id}"
        return self.source(f"device_default_class.{cls}")

    def link_capex(self, device: Any, *, coexistence: bool = False, switched_ends: int = 0) -> float:
        """Equipment and installation of one QKD link: device pair, installation, a DWDM filter
        pair when the path carries classical channels, protection switches (before engineering)."""
        cost = self.device_pair_price(device) + self.get("installation.per_link")
        if coexistence:
            cost += self.get("coexistence.dwdm_filter_pair")
        return cost + switched_ends * self.get("coexistence.optical_switch")

    # -- sites ----------------------------------------------------------------------------------
    def relay_fit_out(self, site: Site | None = None) -> float:
        """Fit-out of a trusted node: the site's ``relay_cost`` when set, else secure room +
        key management server + power from the book."""
        if site is not None and site.relay_cost is not None:
            return float(site.relay_cost)
        return (self.get("trusted_node.secure_room") + self.get("trusted_node.kms_server")
                + self.get("trusted_node.power"))

    def trusted_node_capex(self, site: Site | None = None) -> float:
        """A trusted node built at ``site``: fit-out plus its installation (before engineering)."""
        return self.relay_fit_out(site) + self.get("installation.per_trusted_node")

    # -- fiber ----------------------------------------------------------------------------------
    def fiber_cost_per_m(self, ground: str) -> float:
        """Per-metre cost of a new fiber: trenching for the ground type, cable, blowing."""
        if ground not in GROUND_TYPES:
            raise ValidationError(f"unknown ground type {ground!r} (use {', '.join(GROUND_TYPES)})",
                                  element="costs", field="ground")
        return (self.get(f"fiber.trench_per_m.{ground}") + self.get("fiber.cable_per_m")
                + self.get("fiber.blowing_per_m"))

    def splice_count(self, length_m: float) -> int:
        """Splices of a new fiber: one per end (``fiber.end_splices``) plus one per closure every
        ``fiber.splice_spacing_m`` of cable."""
        spacing = self.get("fiber.splice_spacing_m")
        joints = max(0, math.ceil(float(length_m) / spacing) - 1)
        return int(self.get("fiber.end_splices")) + joints

    def new_fiber_cost(self, length_m: float, ground: str) -> float:
        """Cost of building a fiber of ``length_m`` in ``ground`` (trench, cable, blowing, splices)."""
        length = float(length_m)
        if not math.isfinite(length) or length < 0:
            raise ValidationError(f"a fiber length must be a finite number ≥ 0, got {length_m!r}",
                                  element="costs", field="length_m")
        return length * self.fiber_cost_per_m(ground) + self.splice_count(length) * self.get("fiber.splice_each")

    def to_json(self) -> dict[str, Any]:
        """The book as printed by reports and ``--json``: currency, year, every value and source."""
        return {
            "currency": self.currency,
            "price_year": self.price_year,
            "items": {k: {"value": v, "unit": self.units.get(k, ""), "source": self.sources.get(k, "")}
                      for k, v in self.values.items()},
            "overridden": list(self.overridden),
        }


def _read_defaults(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_constant=_refuse_constant)
    except OSError as e:
        raise FileFormatError(f"cannot read the cost book: {e.strerror or e}", source=str(path)) from None
    except (UnicodeDecodeError, ValueError) as e:
        raise FileFormatError(f"not a valid cost book: {e}", source=str(path)) from None
    except RecursionError:
        raise FileFormatError("not a valid cost book: the JSON is nested too deeply", source=str(path)) from None
    if not isinstance(data, dict) or data.get("format") != COSTS_FORMAT or not isinstance(data.get("items"), dict):
        raise FileFormatError(f"not a cost book (expected format {COSTS_FORMAT!r} with 'items')",
                              source=str(path))
    return data


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def cost_book_from_data(data: Mapping[str, Any], overrides: Mapping[str, Any] | None = None, *,
                        source: str | None = None, warnings: list[str] | None = None) -> CostBook:
    """Build a book from parsed defaults (the ``costs.json`` structure) and plan overrides."""
    values: dict[str, float] = {}
    sources: dict[str, str] = {}
    units: dict[str, str] = {}
    for key, entry in data["items"].items():
        if not isinstance(entry, Mapping) or "value" not in entry:
            raise FileFormatError(f"item {key!r} needs a 'value'", source=source)
        src = entry.get("source")
        if not isinstance(src, str) or not src.strip():
            raise FileFormatError(f"item {key!r} needs a 'source' (a citation or 'assumption')", source=source)
        try:
            values[key] = _number(key, entry["value"])
        except ValidationError as e:
            raise FileFormatError(f"item {key!r}: {e.message}", source=source) from None
        sources[key] = src
        units[key] = str(entry.get("unit", ""))
    currency = data.get("currency", "EUR")
    price_year = data.get("price_year", 2025)
    if not isinstance(currency, str) or not currency.strip():
        raise FileFormatError("'currency' must be a currency code such as EUR", source=source)
    if isinstance(price_year, bool) or not isinstance(price_year, int | float) \
            or not (1900 <= price_year <= 2200) or not float(price_year).is_integer():
        raise FileFormatError("'price_year' must be a year such as 2025", source=source)
    notes: list[str] = []
    changed: list[str] = []
    if overrides:
        if not isinstance(overrides, Mapping):
            raise ValidationError("must be an object of cost-book keys", element="costs")
        for key, value in _flatten(overrides).items():
            if key == "currency":
                if not isinstance(value, str) or not value.strip() or len(value) > 10:
                    raise ValidationError("must be a currency code such as EUR", element="costs", field=key)
                currency = value.strip()
                changed.append(key)
            elif key == "price_year":
                if isinstance(value, bool) or not isinstance(value, int | float) or not 1900 <= value <= 2200 \
                        or not float(value).is_integer():
                    raise ValidationError(f"must be a year such as 2025, got {value!r}", element="costs", field=key)
                price_year = int(value)
                changed.append(key)
            elif key in values or key.startswith(_PATTERN_PREFIXES):
                if key.startswith("device_price_class.") and key.split(".", 1)[1] not in DEVICE_CLASSES:
                    raise ValidationError(f"unknown device class (use {', '.join(DEVICE_CLASSES)})",
                                          element="costs", field=key)
                values[key] = _number(key, value)
                sources[key] = "plan"
                units.setdefault(key, "")
                changed.append(key)
            else:
                notes.append(f"costs: unknown cost-book key {key!r} ignored (see docs/costs.md)")
    if warnings is not None:
        warnings.extend(notes)
    return CostBook(currency=str(currency), price_year=int(price_year), values=MappingProxyType(values),
                    sources=MappingProxyType(sources), units=MappingProxyType(units),
                    overridden=tuple(changed), warnings=tuple(notes))


def load_cost_book(plan: Any = None, *, path: str | Path | None = None,
                   warnings: list[str] | None = None) -> CostBook:
    """The cost book: defaults (``resources/costs.json`` or ``path``) merged with ``plan.costs``.

    Unknown override keys are reported in ``warnings`` (and ``CostBook.warnings``); bad values
    raise ``ValidationError`` with element ``costs`` and the key as field.
    """
    if path is None:
        from planner.resources import resource_path

        path = resource_path("costs.json")
    p = Path(path)
    data = _read_defaults(p)
    overrides = getattr(plan, "costs", None) if plan is not None else None
    book = cost_book_from_data(data, overrides, source=str(p), warnings=warnings)
    meta = getattr(plan, "meta", None)
    if meta is not None and meta.currency != book.currency and warnings is not None:
        warnings.append(f"the plan's currency is {meta.currency} but the cost book's is {book.currency}: "
                        f"amounts are in {book.currency} (set costs.currency or convert the prices)")
    return book
