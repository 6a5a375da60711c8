"""QKD device descriptions: the catalogue (``resources/devices.json``) and single device files.

The parameter keys are a public contract, documented in docs/devices.md. ``device_from_dict``
checks every key (type, unit range, finiteness, protocol) and raises ``DeviceError`` naming the
device and the key. Omitted optional keys take the defaults listed in ``FIELDS``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from planner.errors import DeviceError, FileFormatError

PROTOCOLS = ("decoy-bb84", "decoy-bb84-finite", "bbm92", "cv-qkd", "tf-qkd")
DV_PROTOCOLS = ("decoy-bb84", "decoy-bb84-finite", "bbm92", "tf-qkd")
CATALOGUE_FORMAT = "qkd-planner-devices"
MAX_FILE_BYTES = 5_000_000

# Shor–Preskill threshold for BB84 with one-way post-processing (Shor, Preskill, PRL 85, 441 (2000)):
# the asymptotic key vanishes near 11 % QBER; BBM92 and SNS-TF have the same error-rate threshold.
BB84_QBER_THRESHOLD = 0.11


@dataclass(frozen=True)
class _Spec:
    kind: str  # "float", "int", "str", "enum"
    default: Any = None
    required_for: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False
    choices: tuple[str, ...] = ()
    nullable: bool = False
    unit: str = ""


_ALL = PROTOCOLS
FIELDS: dict[str, _Spec] = {
    "id": _Spec("str", required_for=_ALL),
    "protocol": _Spec("enum", required_for=_ALL, choices=PROTOCOLS),
    "name": _Spec("str", nullable=True),
    "rep_rate_hz": _Spec("float", required_for=_ALL, low=0, low_open=True, high=1e12, unit="Hz"),
    "mu": _Spec("float", required_for=("decoy-bb84", "decoy-bb84-finite", "tf-qkd"), low=0, low_open=True, high=10),
    "nu": _Spec("float", default=0.1, low=0, high=10),
    "detector_efficiency": _Spec("float", required_for=_ALL, low=0, low_open=True, high=1),
    "background_yield": _Spec("float", required_for=DV_PROTOCOLS, low=0, high=1, high_open=True),
    "misalignment_error": _Spec("float", required_for=DV_PROTOCOLS, low=0, high=0.5),
    "ec_efficiency": _Spec("float", default=1.16, low=1, high=3),
    "sifting_factor": _Spec("float", default=0.5, low=0, low_open=True, high=1),
    "decoy": _Spec("enum", default="vacuum+weak", choices=("infinite", "vacuum+weak", "none")),
    "block_size_bits": _Spec("float", required_for=("decoy-bb84-finite",), low=1e3, high=1e15, unit="bit"),
    "vacuum_intensity": _Spec("float", default=2e-4, low=0, high=1),
    "signal_probability": _Spec("float", default=0.5, low=0, low_open=True, high=1, high_open=True),
    "decoy_probability": _Spec("float", default=0.3, low=0, low_open=True, high=1, high_open=True),
    "epsilon_sec": _Spec("float", default=1e-10, low=0, low_open=True, high=1, high_open=True),
    "epsilon_cor": _Spec("float", default=1e-15, low=0, low_open=True, high=1, high_open=True),
    "max_block_time_s": _Spec("float", default=86400.0, low=0, low_open=True, unit="s"),
    "dead_time_s": _Spec("float", nullable=True, low=0, high=1, unit="s"),
    "max_count_rate_hz": _Spec("float", nullable=True, low=0, low_open=True, unit="Hz"),
    "detector_count": _Spec("int", default=2, low=1, high=64),
    "pair_rate": _Spec("float", required_for=("bbm92",), low=0, low_open=True, high=1),
    "source_position": _Spec("enum", default="middle", choices=("middle", "end")),
    "send_probability": _Spec("float", default=0.05, low=0, low_open=True, high=0.5),
    "modulation_variance": _Spec("float", required_for=("cv-qkd",), low=0, low_open=True, high=1e6, unit="SNU"),
    "excess_noise": _Spec("float", required_for=("cv-qkd",), low=0, high=2, unit="SNU"),
    "excess_noise_reference": _Spec("enum", default="input", choices=("input", "output")),
    "electronic_noise": _Spec("float", default=0.0, low=0, high=10, unit="SNU"),
    "reconciliation_efficiency": _Spec("float", required_for=("cv-qkd",), low=0, low_open=True, high=1),
    "detection": _Spec("enum", default="homodyne", choices=("homodyne", "heterodyne")),
    "max_loss_db": _Spec("float", nullable=True, low=0, high=200, unit="dB"),
    "insertion_loss_db": _Spec("float", default=0.0, low=0, high=50, unit="dB"),
    "wavelength_nm": _Spec("float", default=1550.0, low=700, high=1700, unit="nm"),
    "filter_bandwidth_nm": _Spec("float", default=0.8, low=0, low_open=True, high=100, unit="nm"),
    "detection_window_s": _Spec("float", nullable=True, low=0, low_open=True, high=1, unit="s"),
    "price": _Spec("float", nullable=True, low=0, unit="EUR"),
    "price_class": _Spec("enum", nullable=True, choices=("low", "medium", "high")),
    "use": _Spec("enum", default="planning", choices=("planning", "reference")),
    "source": _Spec("str", nullable=True),
    "notes": _Spec("str", nullable=True),
}
# "sources" (a mapping key -> citation) is handled separately.


@dataclass(frozen=True)
class Device:
    """One QKD system model. Field meanings and units: docs/devices.md (public contract)."""

    id: str
    protocol: str
    rep_rate_hz: float
    detector_efficiency: float
    name: str | None = None
    mu: float | None = None
    nu: float = 0.1
    background_yield: float | None = None
    misalignment_error: float | None = None
    ec_efficiency: float = 1.16
    sifting_factor: float = 0.5
    decoy: str = "vacuum+weak"
    block_size_bits: float | None = None
    vacuum_intensity: float = 2e-4
    signal_probability: float = 0.5
    decoy_probability: float = 0.3
    epsilon_sec: float = 1e-10
    epsilon_cor: float = 1e-15
    max_block_time_s: float = 86400.0
    dead_time_s: float | None = None
    max_count_rate_hz: float | None = None
    detector_count: int = 2
    pair_rate: float | None = None
    source_position: str = "middle"
    send_probability: float = 0.05
    modulation_variance: float | None = None
    excess_noise: float | None = None
    excess_noise_reference: str = "input"
    electronic_noise: float = 0.0
    reconciliation_efficiency: float | None = None
    detection: str = "homodyne"
    max_loss_db: float | None = None
    insertion_loss_db: float = 0.0
    wavelength_nm: float = 1550.0
    filter_bandwidth_nm: float = 0.8
    detection_window_s: float | None = None
    price: float | None = None
    price_class: str | None = None
    #: ``planning``: a product class the optimiser may choose; ``reference``: a literature parameter
    #: set for checks and the link calculator, chosen only when a plan lists it in ``devices.allowed``.
    use: str = "planning"
    source: str | None = None
    notes: str | None = None
    sources: tuple[tuple[str, str], ...] = ()

    @property
    def display_name(self) -> str:
        return self.name or self.id

    @property
    def qber_threshold(self) -> float | None:
        """QBER above which the system aborts (no key): 11 % for the BB84-type protocols
        (Shor–Preskill bound, PRL 85, 441 (2000); BBM92 and SNS-TF share it); None for CV-QKD,
        which has no bit error rate (it aborts on excess noise instead)."""
        return None if self.protocol == "cv-qkd" else BB84_QBER_THRESHOLD

    @property
    def window_s(self) -> float:
        """Detection window per pulse (s): ``detection_window_s`` or one pulse period."""
        return self.detection_window_s if self.detection_window_s else 1.0 / self.rep_rate_hz

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict with the public keys (omits unset optional values)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "sources":
                if value:
                    out["sources"] = dict(value)
                continue
            if value is None:
                continue
            out[f.name] = value
        return out


def _fail(msg: str, device_id: str | None, key: str | None, source: str | None) -> DeviceError:
    return DeviceError(msg, element=device_id, field=key, source=source)


def _check_value(key: str, spec: _Spec, value: Any, device_id: str | None, source: str | None) -> Any:
    if value is None:
        if spec.nullable:
            return None
        raise _fail("must not be null", device_id, key, source)
    if spec.kind in ("str", "enum"):
        if not isinstance(value, str):
            raise _fail(f"must be a string, got {type(value).__name__}", device_id, key, source)
        if spec.kind == "enum" and value not in spec.choices:
            raise _fail(f"unknown value {value!r} (expected one of: {', '.join(spec.choices)})",
                        device_id, key, source)
        if spec.kind == "str" and key == "id" and not value.strip():
            raise _fail("must not be empty", device_id, key, source)
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(f"must be a number, got {type(value).__name__}", device_id, key, source)
    if spec.kind == "int" and not (isinstance(value, int) or float(value).is_integer()):
        raise _fail(f"must be an integer, got {value!r}", device_id, key, source)
    try:
        x = float(value)
    except OverflowError:
        raise _fail("the number is too large", device_id, key, source) from None
    if not math.isfinite(x):
        raise _fail(f"must be a finite number, got {value!r}", device_id, key, source)
    unit = f" {spec.unit}" if spec.unit else ""
    if spec.low is not None and (x < spec.low or (spec.low_open and x == spec.low)):
        rel = ">" if spec.low_open else "≥"
        raise _fail(f"out of range: {value!r}{unit} (must be {rel} {spec.low:g}{unit})", device_id, key, source)
    if spec.high is not None and (x > spec.high or (spec.high_open and x == spec.high)):
        rel = "<" if spec.high_open else "≤"
        hint = " (a fraction, not a percentage)" if spec.high == 1 and x > 1 and not spec.unit else ""
        raise _fail(f"out of range: {value!r}{unit} (must be {rel} {spec.high:g}{unit}){hint}",
                    device_id, key, source)
    return int(x) if spec.kind == "int" else x


def device_from_dict(d: Mapping, source: str | None = None) -> Device:
    """Build and validate a ``Device`` from a mapping of the public keys.

    Raises ``DeviceError`` naming the device id and the offending key: missing required key,
    unknown key, wrong type, NaN/inf, out of range (e.g. ``detector_efficiency`` 45), unknown protocol.
    """
    if not isinstance(d, Mapping):
        raise DeviceError(f"a device must be a JSON object, got {type(d).__name__}", source=source)
    raw_id = d.get("id")
    device_id = raw_id if isinstance(raw_id, str) and raw_id.strip() else None
    for key in d:
        if key not in FIELDS and key != "sources":
            raise _fail(f"unknown key {key!r} (see docs/devices.md)", device_id, str(key), source)
    for key in ("id", "protocol"):
        if key not in d:
            raise _fail("missing required key", device_id, key, source)
    protocol = _check_value("protocol", FIELDS["protocol"], d["protocol"], device_id, source)
    values: dict[str, Any] = {}
    for key, spec in FIELDS.items():
        if key in d:
            values[key] = _check_value(key, spec, d[key], device_id, source)
        elif protocol in spec.required_for:
            raise _fail(f"missing required key for protocol {protocol!r}", device_id, key, source)
    src = d.get("sources", {})
    if not isinstance(src, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in src.items()):
        raise _fail("must map parameter keys to citation strings", device_id, "sources", source)
    for k in src:
        if k not in FIELDS:
            raise _fail(f"cites unknown key {k!r}", device_id, "sources", source)
    values["sources"] = tuple(sorted(src.items()))
    # cross-field rules
    mu, nu = values.get("mu"), values.get("nu", 0.1)
    if protocol in ("decoy-bb84", "decoy-bb84-finite") and mu is not None:
        needs_nu = protocol == "decoy-bb84-finite" or values.get("decoy", "vacuum+weak") == "vacuum+weak"
        if needs_nu and not (0 < nu < mu):
            raise _fail(f"decoy intensity must satisfy 0 < nu < mu (nu={nu:g}, mu={mu:g})", device_id, "nu", source)
    if protocol == "decoy-bb84-finite":
        mu3 = values.get("vacuum_intensity", 2e-4)
        if not (mu3 < nu and mu > nu + mu3):
            raise _fail("finite-key intensities need mu > nu + vacuum_intensity and nu > vacuum_intensity",
                        device_id, "vacuum_intensity", source)
        if values.get("signal_probability", 0.5) + values.get("decoy_probability", 0.3) >= 1:
            raise _fail("signal_probability + decoy_probability must be < 1", device_id, "decoy_probability", source)
    return Device(**values)


def _read_json(path: Path) -> Any:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileFormatError(f"cannot read device file: {exc.strerror or exc}", source=str(path)) from None
    if size > MAX_FILE_BYTES:
        raise FileFormatError(f"file too large ({size} bytes)", source=str(path))
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise FileFormatError("not a UTF-8 text file", source=str(path)) from None
    except json.JSONDecodeError as exc:
        raise FileFormatError(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
                              source=str(path)) from None
    except RecursionError:
        raise FileFormatError("the JSON is nested too deeply", source=str(path)) from None
    except OSError as exc:
        raise FileFormatError(f"cannot read device file: {exc.strerror or exc}", source=str(path)) from None


def load_device_file(path) -> Device:
    """One device as a JSON object with the public keys (the ``--device-file`` of linkcalc)."""
    p = Path(path)
    return device_from_dict(_read_json(p), source=str(p))


def devices_from_catalogue_data(data: Any, source: str | None = None) -> dict[str, Device]:
    """Validate a parsed catalogue: {"format": "qkd-planner-devices", "version": 1, "devices": [...]}."""
    if not isinstance(data, Mapping) or not isinstance(data.get("devices"), list):
        raise FileFormatError("a device catalogue is an object with a 'devices' list", source=source)
    if data.get("format", CATALOGUE_FORMAT) != CATALOGUE_FORMAT:
        raise FileFormatError(f"unknown catalogue format {data.get('format')!r}", source=source)
    out: dict[str, Device] = {}
    for entry in data["devices"]:
        dev = device_from_dict(entry, source=source)
        if dev.id in out:
            raise DeviceError("duplicate device id", element=dev.id, field="id", source=source)
        out[dev.id] = dev
    return out


def load_catalogue(path=None) -> dict[str, Device]:
    """Device catalogue by id; default: the bundled ``resources/devices.json``."""
    if path is None:
        from planner.resources import resource_path

        path = resource_path("devices.json")
    p = Path(path)
    return devices_from_catalogue_data(_read_json(p), source=str(p))
