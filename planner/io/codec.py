"""Conversion between plan elements and plain JSON values, with type checks.

Shared by the ``.qkdplan`` and GeoJSON formats. Field names in files are the dataclass field names,
except a fiber's or demand's ends, written ``from`` and ``to``. Unknown fields are kept in the
element's ``extra`` (and reported as warnings); wrong types are refused with the element and field.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from functools import cache
from numbers import Real
from typing import Any

from planner.errors import ValidationError
from planner.model import (
    Demand,
    DeviceSettings,
    Fiber,
    KeyProfile,
    LossSettings,
    PlanMeta,
    RolloutSettings,
    Section,
    Site,
    Underlay,
)

#: File names of fields whose Python names differ.
RENAMES = {"a": "from", "b": "to"}
UNRENAMES = {v: k for k, v in RENAMES.items()}
#: Coordinates are written to the millimetre: files stay readable and diff-friendly.
COORD_DECIMALS = 3


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _round(v: float) -> float:
    r = round(float(v), COORD_DECIMALS)
    return 0.0 if r == 0 else r


def _encode(value: Any, field: str) -> Any:
    if dataclasses.is_dataclass(value):
        return to_dict(value)
    if isinstance(value, tuple):
        if field in ("vertices", "polygon", "origin_m") or (value and isinstance(value[0], tuple)):
            if field == "origin_m":
                return [_round(c) for c in value]
            return [[_round(c) for c in p] for p in value]
        return [_encode(v, field) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v, field) for k, v in value.items()}
    if field in ("x_m", "y_m"):
        return _round(value)
    return value


def to_dict(obj: Any) -> dict[str, Any]:
    """Plain JSON value of an element or settings object; None fields are left out."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        if f.name == "extra":
            continue
        v = getattr(obj, f.name)
        if v is None:
            continue
        out[RENAMES.get(f.name, f.name)] = _encode(v, f.name)
    extra = getattr(obj, "extra", None)
    if extra:
        for k, v in extra.items():
            out.setdefault(k, v)
    return out


def _type_name(tp: Any) -> str:
    return {float: "a number", int: "a whole number", str: "text", bool: "true or false"}.get(tp, str(tp))


def _decode(value: Any, tp: Any, element: str, field: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _decode(value, args[0], element, field)
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, Real):
            raise ValidationError(f"must be a number, not {_json_type(value)}", element=element, field=field)
        try:
            f = float(value)
        except OverflowError:
            raise ValidationError("the number is too large", element=element, field=field) from None
        if not math.isfinite(f):
            raise ValidationError("must be a finite number", element=element, field=field)
        return f
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, Real):
            raise ValidationError(f"must be a whole number, not {_json_type(value)}", element=element, field=field)
        if isinstance(value, float) and (not math.isfinite(value) or value != int(value)):
            raise ValidationError("must be a whole number", element=element, field=field)
        if abs(value) > 10**15:
            raise ValidationError("the number is too large", element=element, field=field)
        return int(value)
    if tp is str:
        if not isinstance(value, str):
            raise ValidationError(f"must be text, not {_json_type(value)}", element=element, field=field)
        return value
    if tp is bool:
        if not isinstance(value, bool):
            raise ValidationError(f"must be true or false, not {_json_type(value)}", element=element, field=field)
        return value
    if origin is tuple:
        args = typing.get_args(tp)
        if not isinstance(value, list):
            raise ValidationError(f"must be a list, not {_json_type(value)}", element=element, field=field)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(v, args[0], element, field) for v in value)
        if len(value) != len(args):
            raise ValidationError(f"must have {len(args)} items", element=element, field=field)
        return tuple(_decode(v, a, element, field) for v, a in zip(value, args, strict=True))
    if origin is dict:
        if not isinstance(value, dict):
            raise ValidationError(f"must be an object, not {_json_type(value)}", element=element, field=field)
        _, vt = typing.get_args(tp)
        if vt is Any:
            return dict(value)
        return {str(k): _decode(v, vt, element, f"{field}.{k}") for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        return from_dict(tp, value, element=element, prefix=f"{field}.")
    if tp is Any:
        return value
    raise TypeError(f"unsupported field type {tp}")  # pragma: no cover - programming error


def _json_type(v: Any) -> str:
    if v is None:
        return "null"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "an object"}.get(type(v), type(v).__name__)


def from_dict(cls: type, data: Any, *, element: str | None = None, prefix: str = "",
              warnings: list[str] | None = None, unknown: dict[str, Any] | None = None) -> Any:
    """Build ``cls`` from a JSON object, checking each field's type; unknown keys go to ``extra``
    (or, for classes without ``extra``, into the ``unknown`` mapping the caller passes)."""
    if not isinstance(data, dict):
        raise ValidationError(f"must be an object, not {_json_type(data)}", element=element,
                              field=prefix.rstrip(".") or None)
    hints = _hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    ident = element
    if "id" in fields:
        ident = data.get("id")
        if not isinstance(ident, str) or not ident.strip():
            raise ValidationError("needs an \"id\" (non-empty text)", element=element, field="id")
    kwargs: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in data.items():
        name = UNRENAMES.get(key, key)
        if name not in fields or name == "extra" or (key in RENAMES and RENAMES[key] in data):
            # unknown, or the Python name of a renamed field ("a") beside its file name ("from"):
            # kept as an unknown field rather than silently overriding the real one
            extra[key] = value
            continue
        kwargs[name] = _decode(value, hints[name], ident, prefix + key)
    for name, f in fields.items():
        if (name not in kwargs and f.default is dataclasses.MISSING
                and f.default_factory is dataclasses.MISSING):
            raise ValidationError(f"the field \"{RENAMES.get(name, name)}\" is missing", element=ident,
                                  field=prefix + RENAMES.get(name, name))
    if extra:
        if "extra" in fields:
            kwargs["extra"] = extra
        elif unknown is not None:
            unknown.update(extra)
        if warnings is not None:
            warnings.append(f"{ident or cls.__name__}: unknown field(s) kept as they are: {', '.join(map(str, extra))}")
    return cls(**kwargs)


#: Key of ``Plan.extra`` that keeps unknown fields of the settings objects (meta, devices, loss,
#: rollout), which have no ``extra`` of their own; they are merged back into those objects on save.
SETTINGS_EXTRA = "_settings_extra"


def settings_from_data(plan: Any, data: dict[str, Any], *, warnings: list[str] | None = None) -> None:
    """Read the settings objects present in ``data`` into ``plan``, keeping their unknown fields."""
    kept: dict[str, dict[str, Any]] = {}
    for name, cls in SETTINGS_CLASSES.items():
        if name in data:
            unknown: dict[str, Any] = {}
            setattr(plan, name, from_dict(cls, data[name], element=name, warnings=warnings, unknown=unknown))
            if unknown:
                kept[name] = unknown
    if kept:
        plan.extra[SETTINGS_EXTRA] = kept


def settings_to_data(plan: Any) -> dict[str, dict[str, Any]]:
    """The settings objects as JSON, with the unknown fields they were read with."""
    kept = plan.extra.get(SETTINGS_EXTRA)
    out: dict[str, dict[str, Any]] = {}
    for name in SETTINGS_CLASSES:
        d = to_dict(getattr(plan, name))
        if isinstance(kept, dict) and isinstance(kept.get(name), dict):
            for k, v in kept[name].items():
                d.setdefault(k, v)
        out[name] = d
    return out


def plan_extra_to_data(plan: Any) -> dict[str, Any]:
    """``Plan.extra`` without the settings' unknown fields (written inside the settings instead)."""
    return {k: v for k, v in plan.extra.items() if k != SETTINGS_EXTRA}


ELEMENT_CLASSES = {"site": Site, "section": Section, "fiber": Fiber, "demand": Demand, "underlay": Underlay}
SETTINGS_CLASSES = {"meta": PlanMeta, "devices": DeviceSettings, "loss": LossSettings,
                    "rollout": RolloutSettings}
__all__ = ["ELEMENT_CLASSES", "SETTINGS_CLASSES", "SETTINGS_EXTRA", "KeyProfile", "from_dict",
           "plan_extra_to_data", "settings_from_data", "settings_to_data", "to_dict"]
