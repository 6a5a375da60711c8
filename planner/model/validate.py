"""Validation of a plan's elements and settings.

Every problem is a ``ValidationError`` naming the element and the field, worded for a planner.
``plan_problems`` lists them all (the GUI shows the list); ``validate_plan`` raises the first.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any

from planner.errors import ValidationError
from planner.model.elements import (
    ENVIRONMENTS,
    FIBER_STATUSES,
    GROUND_TYPES,
    PROFILE_KINDS,
    SECTION_KINDS,
    SITE_ROLES,
    UNDERLAY_KINDS,
    Demand,
    Fiber,
    Section,
    Site,
    Underlay,
)
from planner.model.plan import KINDS, Plan

#: Coordinates further than this from the CRS origin are refused (projected metres).
MAX_COORD_M = 1.0e8
MAX_ID_LENGTH = 200
#: Free-form values (unknown fields kept in ``extra``, cost overrides, custom devices) must stay
#: plain JSON: finite numbers, text, lists and objects with text keys, nested at most this deep.
MAX_FREE_DEPTH = 32
MAX_FREE_INT = 10**300
STRATEGIES = ("contiguous", "priority", "greedy", "manual")

#: Limits of numeric fields: (low, high, integer?). The same table documents the limits in docs/.
FIELD_LIMITS: dict[tuple[str, str], tuple[float, float, bool]] = {
    ("site", "relay_cost"): (0.0, 1.0e12, False),
    ("section", "priority"): (1, 100, True),
    ("fiber", "length_m"): (0.0, 1.0e6, False),
    ("fiber", "attenuation_db_per_km"): (0.1, 5.0, False),
    ("fiber", "splices"): (0, 10_000, True),
    ("fiber", "splice_loss_db"): (0.0, 3.0, False),
    ("fiber", "connectors"): (0, 1000, True),
    ("fiber", "connector_loss_db"): (0.0, 3.0, False),
    ("fiber", "loss_db"): (0.0, 200.0, False),
    ("fiber", "classical_channels"): (0, 400, True),
    ("fiber", "launch_power_dbm"): (-40.0, 30.0, False),
    ("fiber", "classical_wavelength_nm"): (1260.0, 1675.0, False),
    ("demand", "required_bps"): (1.0e-6, 1.0e12, False),
    ("demand", "priority"): (1, 100, True),
    ("demand", "disjoint_paths"): (1, 2, True),
    ("underlay", "m_per_px"): (1.0e-6, 1.0e4, False),
    ("underlay", "opacity"): (0.0, 1.0, False),
    ("underlay", "rotation_deg"): (-360.0, 360.0, False),
}


def _is_number(v: Any) -> bool:
    return isinstance(v, Real) and not isinstance(v, bool)


def check_number(kind: str, element_id: str, field: str, value: Any) -> None:
    """Raise if ``value`` is not a finite number within the field's limits."""
    lo, hi, integer = FIELD_LIMITS[(kind, field)]
    if not _is_number(value):
        raise ValidationError(f"must be a number, not {type(value).__name__}", element=element_id, field=field)
    if not math.isfinite(value):
        raise ValidationError("must be a finite number", element=element_id, field=field)
    if integer and int(value) != value:
        raise ValidationError("must be a whole number", element=element_id, field=field)
    if not lo <= value <= hi:
        raise ValidationError(f"{value:g} is outside the allowed range {lo:g} to {hi:g}",
                              element=element_id, field=field)


def _text_problem(text: str) -> str | None:
    """Why ``text`` cannot be written to a UTF-8 file (an unpaired surrogate), or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        return f"contains an invalid character (unpaired surrogate U+{ord(text[e.start]):04X})"
    return None


def json_problem(value: Any, depth: int = 0) -> str | None:
    """Why ``value`` is not plain, finite, writable JSON, or None when it is."""
    if depth > MAX_FREE_DEPTH:
        return f"is nested more than {MAX_FREE_DEPTH} levels deep"
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return "holds a number that is too large" if abs(value) > MAX_FREE_INT else None
    if isinstance(value, float):
        return None if math.isfinite(value) else "holds a number that is not finite (NaN or infinity)"
    if isinstance(value, str):
        return _text_problem(value)
    if isinstance(value, list | tuple):
        for v in value:
            if (p := json_problem(v, depth + 1)) is not None:
                return p
        return None
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                return f"has a key that is not text ({k!r})"
            if (p := _text_problem(k)) is not None or (p := json_problem(v, depth + 1)) is not None:
                return p
        return None
    return f"holds a value of type {type(value).__name__}, which a plan file cannot store"


def _check_json(element_id: str, field: str, value: Any) -> None:
    if (p := json_problem(value)) is not None:
        raise ValidationError(p, element=element_id, field=field)


def _check_point(element_id: str, field: str, p: Any) -> None:
    if (not isinstance(p, tuple | list) or len(p) != 2 or not all(_is_number(c) for c in p)):
        raise ValidationError("a point must be two numbers (x, y) in metres", element=element_id, field=field)
    if not all(math.isfinite(c) and abs(c) <= MAX_COORD_M for c in p):
        raise ValidationError(f"coordinates must be finite and within {MAX_COORD_M:g} m",
                              element=element_id, field=field)


def _check_choice(element_id: str, field: str, value: Any, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValidationError(f"{value!r} is not one of {', '.join(choices)}", element=element_id, field=field)


def _check_text(element_id: str, field: str, value: Any, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str):
        raise ValidationError("must be text", element=element_id, field=field)
    if (p := _text_problem(value)) is not None:
        raise ValidationError(p, element=element_id, field=field)


def _check_site_ref(plan: Plan, element_id: str, field: str, site_id: Any) -> None:
    if site_id not in plan.sites:
        raise ValidationError(f"refers to site {site_id!r}, which is not in the plan",
                              element=element_id, field=field)


def _validate_site(plan: Plan, s: Site) -> None:
    _check_text(s.id, "name", s.name)
    _check_choice(s.id, "role", s.role, SITE_ROLES)
    _check_point(s.id, "position", (s.x_m, s.y_m))
    if not isinstance(s.can_relay, bool):
        raise ValidationError("must be true or false", element=s.id, field="can_relay")
    if s.can_relay and s.role == "junction":
        raise ValidationError("a passive junction cannot hold a trusted node", element=s.id, field="can_relay")
    if s.relay_cost is not None:
        check_number("site", s.id, "relay_cost", s.relay_cost)
    if s.section is not None and s.section not in plan.sections:
        raise ValidationError(f"refers to section {s.section!r}, which is not in the plan",
                              element=s.id, field="section")


def _validate_section(plan: Plan, s: Section) -> None:
    from shapely.geometry import Polygon
    from shapely.validation import explain_validity

    _check_text(s.id, "name", s.name)
    _check_choice(s.id, "kind", s.kind, SECTION_KINDS)
    check_number("section", s.id, "priority", s.priority)
    if not isinstance(s.polygon, tuple | list) or len(s.polygon) < 3:
        raise ValidationError("a section needs at least 3 corners", element=s.id, field="polygon")
    for p in s.polygon:
        _check_point(s.id, "polygon", p)
    poly = Polygon(s.polygon)
    if not poly.is_valid:
        raise ValidationError(f"the polygon is invalid ({explain_validity(poly)})", element=s.id, field="polygon")
    if poly.area <= 0.0:
        raise ValidationError("the polygon has no area", element=s.id, field="polygon")


def _validate_fiber(plan: Plan, f: Fiber) -> None:
    _check_site_ref(plan, f.id, "from", f.a)
    _check_site_ref(plan, f.id, "to", f.b)
    if f.a == f.b:
        raise ValidationError("a fiber must join two different sites", element=f.id, field="to")
    for p in f.vertices:
        _check_point(f.id, "vertices", p)
    for name in ("length_m", "attenuation_db_per_km", "loss_db"):
        if getattr(f, name) is not None:
            check_number("fiber", f.id, name, getattr(f, name))
    for name in ("splices", "splice_loss_db", "connectors", "connector_loss_db", "classical_channels",
                 "launch_power_dbm", "classical_wavelength_nm"):
        check_number("fiber", f.id, name, getattr(f, name))
    _check_choice(f.id, "status", f.status, FIBER_STATUSES)
    _check_choice(f.id, "environment", f.environment, ENVIRONMENTS)
    _check_choice(f.id, "ground", f.ground, GROUND_TYPES)
    _check_choice(f.id, "fiber_type", f.fiber_type, ("G.652.D", "G.654.E"))
    if f.wavelength_nm not in (1310, 1550):
        raise ValidationError("the quantum channel wavelength must be 1310 or 1550 nm",
                              element=f.id, field="wavelength_nm")
    _check_text(f.id, "duct", f.duct, optional=True)
    _check_text(f.id, "name", f.name)
    if f.length_m is None and plan.fiber_drawn_length_m(f) < 0.01:
        raise ValidationError("the fiber has zero length: move a site or give a measured length_m",
                              element=f.id, field="length_m")


def _validate_demand(plan: Plan, d: Demand) -> None:
    _check_site_ref(plan, d.id, "from", d.a)
    _check_site_ref(plan, d.id, "to", d.b)
    if d.a == d.b:
        raise ValidationError("a demand must join two different sites", element=d.id, field="to")
    for end, field in ((d.a, "from"), (d.b, "to")):
        if plan.sites[end].is_junction:
            raise ValidationError(f"site {end!r} is a passive junction and cannot hold a QKD device",
                                  element=d.id, field=field)
    if d.required_bps is None and d.profile is None:
        raise ValidationError("give required_bps or an application profile", element=d.id, field="required_bps")
    if d.required_bps is not None:
        check_number("demand", d.id, "required_bps", d.required_bps)
    if d.profile is not None:
        p = d.profile
        _check_choice(d.id, "profile.kind", p.kind, PROFILE_KINDS)
        if p.kind == "aes256":
            if not (_is_number(p.streams) and int(p.streams) == p.streams and 1 <= p.streams <= 1_000_000):
                raise ValidationError("must be a whole number from 1 to 1000000", element=d.id, field="profile.streams")
            if not (_is_number(p.interval_s) and math.isfinite(p.interval_s) and 1e-3 <= p.interval_s <= 1e7):
                raise ValidationError("must be between 0.001 s and 1e7 s", element=d.id, field="profile.interval_s")
        elif not (_is_number(p.data_rate_bps) and math.isfinite(p.data_rate_bps) and 0 < p.data_rate_bps <= 1e12):
            raise ValidationError("must be a positive data rate up to 1e12 bit/s", element=d.id,
                                  field="profile.data_rate_bps")
    check_number("demand", d.id, "priority", d.priority)
    check_number("demand", d.id, "disjoint_paths", d.disjoint_paths)


def _validate_underlay(plan: Plan, u: Underlay) -> None:
    _check_choice(u.id, "kind", u.kind, UNDERLAY_KINDS)
    if not isinstance(u.path, str) or not u.path.strip():
        raise ValidationError("needs a file path", element=u.id, field="path")
    _check_text(u.id, "path", u.path)
    if "\x00" in u.path:
        raise ValidationError("a file path cannot contain a NUL character", element=u.id, field="path")
    for layer in u.layers:
        _check_text(u.id, "layers", layer)
    _check_point(u.id, "origin_m", u.origin_m)
    for name in ("m_per_px", "opacity", "rotation_deg"):
        check_number("underlay", u.id, name, getattr(u, name))


_VALIDATORS = {"site": _validate_site, "section": _validate_section, "fiber": _validate_fiber,
               "demand": _validate_demand, "underlay": _validate_underlay}


def validate_element(plan: Plan, kind: str, element: Any) -> None:
    """Check one element against the plan it lives in (references must resolve)."""
    if not isinstance(element.id, str) or not element.id.strip() or len(element.id) > MAX_ID_LENGTH:
        raise ValidationError(f"an id must be non-empty text of at most {MAX_ID_LENGTH} characters",
                              element=str(element.id)[:40], field="id")
    _check_text(element.id, "id", element.id)
    _VALIDATORS[kind](plan, element)
    for name in ("name", "notes"):
        if hasattr(element, name):
            _check_text(element.id, name, getattr(element, name))
    extra = getattr(element, "extra", {})
    if not isinstance(extra, dict):
        raise ValidationError("unknown fields must be a mapping", element=element.id, field="extra")
    for key, value in extra.items():
        _check_json(element.id, str(key), {key: value})


def _validate_settings(plan: Plan) -> list[ValidationError]:
    out: list[ValidationError] = []

    def bad(element: str, field: str, msg: str) -> None:
        out.append(ValidationError(msg, element=element, field=field))

    for env, margin in plan.loss.environment_margin_db.items():
        if env not in ENVIRONMENTS:
            bad("loss", f"environment_margin_db.{env}", f"unknown environment (use {', '.join(ENVIRONMENTS)})")
        elif not _is_number(margin) or not math.isfinite(margin) or not 0 <= margin <= 50:
            bad("loss", f"environment_margin_db.{env}", "must be a number of dB from 0 to 50")
    for name in ("ageing_margin_db_per_km", "link_margin_db", "patch_panel_loss_db"):
        v = getattr(plan.loss, name)
        if not _is_number(v) or not math.isfinite(v) or not 0 <= v <= 50:
            bad("loss", name, "must be a number of dB from 0 to 50")
    r = plan.rollout
    if r.seed_section is not None and r.seed_section not in plan.sections:
        bad("rollout", "seed_section", f"refers to section {r.seed_section!r}, which is not in the plan")
    if r.strategy not in STRATEGIES:
        bad("rollout", "strategy", f"{r.strategy!r} is not one of {', '.join(STRATEGIES)}")
    for sid in r.order:
        if sid not in plan.sections:
            bad("rollout", "order", f"refers to section {sid!r}, which is not in the plan")
    if r.budget_per_year is not None and (not _is_number(r.budget_per_year) or not math.isfinite(r.budget_per_year)
                                          or r.budget_per_year <= 0):
        bad("rollout", "budget_per_year", "must be a positive amount")
    if not (_is_number(r.years) and int(r.years) == r.years and 1 <= r.years <= 100):
        bad("rollout", "years", "must be a whole number of years from 1 to 100")
    if not (_is_number(r.discount_rate) and 0 <= r.discount_rate < 1):
        bad("rollout", "discount_rate", "must be a fraction from 0 to 1 (0.05 is 5%)")
    if not (_is_number(r.key_store_bits) and math.isfinite(r.key_store_bits) and 0 <= r.key_store_bits <= 1e15):
        bad("rollout", "key_store_bits", "must be a number of bits from 0 to 1e15")
    for i, dev in enumerate(plan.devices.allowed):
        if not isinstance(dev, str):
            bad("devices", f"allowed[{i}]", "must be a device id (text)")
    for i, dev in enumerate(plan.devices.custom):
        if (p := json_problem(dev)) is not None:
            bad("devices", f"custom[{i}]", p)
    for name in ("name", "port", "author", "description", "crs", "currency"):
        v = getattr(plan.meta, name)
        if not isinstance(v, str):
            bad("meta", name, "must be text")
        elif (p := _text_problem(v)) is not None:
            bad("meta", name, p)
    if not isinstance(plan.costs, dict):
        bad("costs", "costs", "must be an object (key: value)")
    else:
        for k, v in plan.costs.items():
            if (p := json_problem({k: v})) is not None:
                bad("costs", str(k), p)
    for k, v in plan.extra.items():
        if (p := json_problem({k: v})) is not None:
            bad(str(k), "", p)
    return out


def plan_problems(plan: Plan) -> list[ValidationError]:
    """Every problem of the plan, in file order."""
    problems: list[ValidationError] = []
    seen: dict[str, str] = {}
    for kind in KINDS:
        for key, element in plan.collection(kind).items():
            if element.id != key:
                problems.append(ValidationError(f"stored under a different id {key!r}", element=element.id, field="id"))
            if element.id in seen:
                problems.append(ValidationError(f"the id is used twice (a {seen[element.id]} and a {kind})",
                                                element=element.id, field="id"))
            seen.setdefault(element.id, kind)
            try:
                validate_element(plan, kind, element)
            except ValidationError as e:
                problems.append(e)
    problems += _validate_settings(plan)
    return problems


def validate_plan(plan: Plan) -> Plan:
    """Raise the first problem of the plan; return the plan when it is valid."""
    problems = plan_problems(plan)
    if problems:
        raise problems[0]
    return plan
