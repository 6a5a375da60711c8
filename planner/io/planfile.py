"""``.qkdplan`` files: UTF-8 JSON, versioned, validated on load, saved atomically.

Layout (see docs/formats.md)::

    {"format": "qkd-rollout-planner", "schema_version": 1,
     "meta": {...}, "devices": {...}, "loss": {...}, "rollout": {...}, "costs": {...},
     "sections": [...], "sites": [...], "fibers": [...], "demands": [...], "underlays": [...]}

Keys are written in a stable order with one element per block, so plans diff well in version
control. No pickle, no eval: only ``json`` with NaN/Infinity refused.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from planner.errors import FileFormatError, PlanError, SchemaVersionError, ValidationError
from planner.io.atomic import atomic_write_text
from planner.io.codec import (
    ELEMENT_CLASSES,
    SETTINGS_EXTRA,
    from_dict,
    plan_extra_to_data,
    settings_from_data,
    settings_to_data,
    to_dict,
)
from planner.model import Plan, validate_plan
from planner.model.plan import COLLECTION, KINDS

FORMAT_NAME = "qkd-rollout-planner"
SCHEMA_VERSION = 1
#: Input limits (docs/limits.md): larger files or plans are refused before parsing.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ELEMENTS = 200_000
MAX_JSON_DEPTH = 64
PLAN_SUFFIX = ".qkdplan"

#: Migrations from schema version N to N+1, applied in turn on load (none yet: version 1 is the first).
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
_TOP_KEYS = ("format", "schema_version", "meta", "devices", "loss", "rollout", "costs",
             *(COLLECTION[k] for k in KINDS))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed (numbers must be finite)")


def _depth(value: Any, limit: int) -> int:
    """Nesting depth of a JSON value, stopping past ``limit``."""
    stack = [(value, 1)]
    deepest = 0
    while stack:
        v, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > limit:
            return deepest
        if isinstance(v, dict):
            stack.extend((c, d + 1) for c in v.values())
        elif isinstance(v, list):
            stack.extend((c, d + 1) for c in v)
    return deepest


def read_capped(path: str | os.PathLike, *, what: str = "file", max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, refusing it before reading when it is larger than ``max_bytes``.

    Never reads more than ``max_bytes + 1`` bytes, so a file that grows while it is read, or a
    device such as ``/dev/zero`` reported as empty, cannot exhaust memory.
    """
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise FileFormatError("file not found", source=str(p)) from None
    except OSError as e:
        raise FileFormatError(f"cannot read: {e.strerror or e}", source=str(p)) from None
    if stat.S_ISDIR(st.st_mode):
        raise FileFormatError("is a folder, not a file", source=str(p))
    if not stat.S_ISREG(st.st_mode):
        raise FileFormatError("is not a regular file (a device or a pipe?)", source=str(p))
    too_big = FileFormatError(
        f"the {what} is {_mb(max(st.st_size, max_bytes + 1))}, over the limit of {_mb(max_bytes)}",
        source=str(p))
    if st.st_size > max_bytes:
        raise too_big
    try:
        with open(p, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as e:
        raise FileFormatError(f"cannot read: {e.strerror or e}", source=str(p)) from None
    if len(raw) > max_bytes:
        raise too_big
    return raw


def _mb(n: int) -> str:
    """A size in MiB as the limits are documented (docs/limits.md)."""
    return f"{n / 2**20:.0f} MiB" if n >= 10 * 2**20 else f"{n / 2**20:.1f} MiB"


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        dup = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise ValueError(f"the key \"{dup[:60]}\" appears twice in one object")
    return out


def parse_json(raw: bytes, source: str, *, what: str = "file") -> Any:
    """Parse JSON defensively: UTF-8, no NaN/Infinity, no duplicate keys, depth cap, digit cap."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise FileFormatError(f"not UTF-8 text (byte {e.start})", source=source) from None
    if not text.strip():
        raise FileFormatError(f"the {what} is empty", source=source)
    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as e:
        hint = " (the file looks truncated)" if e.pos >= len(text.rstrip()) - 1 else ""
        raise FileFormatError(f"not valid JSON at line {e.lineno}, column {e.colno}: {e.msg}{hint}",
                              source=source) from None
    except ValueError as e:
        msg = str(e)
        if "integer string conversion" in msg:
            msg = "a number has too many digits"
        raise FileFormatError(f"not valid JSON: {msg}", source=source) from None
    except RecursionError:
        raise FileFormatError(f"the JSON is nested too deeply (limit {MAX_JSON_DEPTH} levels)",
                              source=source) from None
    if _depth(data, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise FileFormatError(f"the JSON is nested too deeply (limit {MAX_JSON_DEPTH} levels)", source=source)
    return data


def read_json(path: str | os.PathLike, *, what: str = "file", max_bytes: int = MAX_FILE_BYTES) -> Any:
    """Read a JSON file defensively: size cap (before reading), UTF-8, no NaN/Infinity, no duplicate
    keys, depth cap."""
    return parse_json(read_capped(path, what=what, max_bytes=max_bytes), str(Path(path)), what=what)


def plan_from_data(data: Any, *, warnings: list[str] | None = None) -> Plan:
    """Build and validate a plan from the parsed JSON of a ``.qkdplan`` file."""
    if not isinstance(data, dict):
        raise FileFormatError("a plan file must hold a JSON object")
    if data.get("format") != FORMAT_NAME:
        raise FileFormatError(f"not a plan file (\"format\" must be \"{FORMAT_NAME}\")", field="format")
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise FileFormatError("\"schema_version\" must be a whole number from 1", field="schema_version")
    if version > SCHEMA_VERSION:
        raise SchemaVersionError(
            f"written by a newer version of the planner (schema {version}; this version reads up to "
            f"{SCHEMA_VERSION}): please update the app", field="schema_version")
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1

    plan = Plan()
    plan.extra = {k: v for k, v in data.items() if k not in _TOP_KEYS and k != SETTINGS_EXTRA}
    if plan.extra and warnings is not None:
        warnings.append(f"unknown top-level field(s) kept as they are: {', '.join(plan.extra)}")
    settings_from_data(plan, data, warnings=warnings)
    if "costs" in data:
        if not isinstance(data["costs"], dict):
            raise ValidationError("must be an object", element="costs")
        plan.costs = dict(data["costs"])
    collections: dict[str, list[Any]] = {}
    for kind in ELEMENT_CLASSES:
        items = data.get(COLLECTION[kind], [])
        if not isinstance(items, list):
            raise ValidationError("must be a list", element=COLLECTION[kind])
        collections[kind] = items
    if sum(len(items) for items in collections.values()) > MAX_ELEMENTS:
        raise FileFormatError(f"the plan has more than {MAX_ELEMENTS} elements (the limit)")
    for kind, cls in ELEMENT_CLASSES.items():
        coll = plan.collection(kind)
        for i, item in enumerate(collections[kind]):
            el = from_dict(cls, item, element=f"{COLLECTION[kind]}[{i}]", warnings=warnings)
            if el.id in coll:
                raise ValidationError(f"two {COLLECTION[kind]} share this id", element=el.id, field="id")
            coll[el.id] = el
    return validate_plan(plan)


def plan_to_data(plan: Plan) -> dict[str, Any]:
    data: dict[str, Any] = {"format": FORMAT_NAME, "schema_version": SCHEMA_VERSION}
    data.update(settings_to_data(plan))
    data["costs"] = dict(plan.costs)
    for kind in KINDS:
        data[COLLECTION[kind]] = [to_dict(e) for e in plan.collection(kind).values()]
    for k, v in plan_extra_to_data(plan).items():
        data.setdefault(k, v)
    return data


def dumps_plan(plan: Plan) -> str:
    """The plan as ``.qkdplan`` text (not validated: autosave writes plans being edited).

    Raises ``PlanError`` (never ``ValueError``) when a value cannot be written as JSON.
    """
    try:
        text = json.dumps(plan_to_data(plan), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        text.encode("utf-8")
    except (ValueError, TypeError, RecursionError) as e:
        raise PlanError(f"the plan cannot be written as JSON: {_short(e)}") from None
    return text


def _short(e: BaseException) -> str:
    msg = str(e) or type(e).__name__
    return msg if len(msg) <= 120 else msg[:117] + "..."


def load_plan(path: str | os.PathLike, *, warnings: list[str] | None = None) -> Plan:
    """Load a ``.qkdplan`` file, or a ``.geojson`` file (converted on the fly).

    A ``.geojson``/``.json`` file that is not a ``.qkdplan`` document is read as GeoJSON, so its
    errors speak of GeoJSON.
    """
    p = Path(path)
    geo = p.suffix.lower() in (".geojson", ".json")
    data = read_json(p, what="GeoJSON file" if geo else "plan file")
    try:
        if geo and not (isinstance(data, dict) and "format" in data and "type" not in data):
            from planner.io.geojson import plan_from_geojson

            return plan_from_geojson(data, warnings=warnings)
        return plan_from_data(data, warnings=warnings)
    except PlanError as e:
        raise e.with_source(str(p)) from None


def save_plan(plan: Plan, path: str | os.PathLike, *, backup: bool = True) -> Path:
    """Validate and save atomically; the previous file is kept as ``<name>.bak``.

    The text is loaded back before it is written: a plan that would not load again (for example a
    polygon that becomes invalid once coordinates are rounded to the millimetre) is refused with
    the reason instead of being saved.
    """
    validate_plan(plan)
    text = dumps_plan(plan)
    try:
        plan_from_data(json.loads(text))
    except PlanError as e:
        raise PlanError(f"not saved: the file would not load again ({e.message})", element=e.element,
                        field=e.field, source=str(path)) from None
    return atomic_write_text(path, text, backup=backup)
