"""Elements of a plan: plain frozen dataclasses (no Qt, nothing of ours).

Coordinates are metres in the plan's local projected CRS (``PlanMeta.crs``). Geometry is stored
as tuples of floats, never as GUI objects. Elements are immutable: an edit replaces an element
with a changed copy (``dataclasses.replace``), which makes snapshots cheap and undo exact.
``extra`` keeps fields a file had that this version does not know, so saving never drops them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Point = tuple[float, float]

SITE_ROLES: tuple[str, ...] = (
    "data_centre",
    "terminal_ops",
    "crane_control",
    "yard_control",
    "customs",
    "gate",
    "warehouse",
    "control_centre",
    "port_authority",
    "office",
    "junction",
    "relay_site",
)
FIBER_STATUSES = ("existing", "planned")
ENVIRONMENTS = ("indoor", "buried", "aerial", "quay_crane")
GROUND_TYPES = ("duct", "soft", "paved", "quay")
SECTION_KINDS = ("berth", "yard", "gate", "customs", "bonded", "office", "rail", "other")
UNDERLAY_KINDS = ("image", "dxf", "geojson")
PROFILE_KINDS = ("aes256", "otp")


@dataclass(frozen=True)
class Site:
    """A point of the terminal: a system to protect, a building, or a passive junction.

    ``can_relay``: the site is a guarded building of a trusted party where a trusted node may be
    built (never assumed). ``relay_cost``: fit-out cost of a trusted node here (None: cost book).
    ``section``: explicit section id (None: derived from the section polygons).
    """

    id: str
    name: str
    role: str
    x_m: float
    y_m: float
    can_relay: bool = False
    relay_cost: float | None = None
    section: str | None = None
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def xy(self) -> Point:
        return (self.x_m, self.y_m)

    @property
    def is_junction(self) -> bool:
        """A passive point (duct chamber, splice closure): light passes, no device is installed."""
        return self.role == "junction"


@dataclass(frozen=True)
class Section:
    """A polygon of the terminal (berth, yard block, gate complex, bonded zone ...)."""

    id: str
    name: str
    polygon: tuple[Point, ...]
    priority: int = 1
    kind: str = "other"
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Fiber:
    """A fiber run between two sites (junctions included), drawn as a polyline.

    ``vertices`` are the interior bends; the ends are the sites' positions, so a fiber follows its
    sites when they move. ``length_m`` (measured) overrides the drawn length; ``loss_db`` (measured
    end-to-end) overrides the whole budget. ``attenuation_db_per_km`` None: from fiber type and
    wavelength. ``classical_channels`` share the fiber (Raman noise), each at ``launch_power_dbm``.
    """

    id: str
    a: str
    b: str
    vertices: tuple[Point, ...] = ()
    name: str = ""
    length_m: float | None = None
    fiber_type: str = "G.652.D"
    wavelength_nm: float = 1550.0
    attenuation_db_per_km: float | None = None
    splices: int = 0
    splice_loss_db: float = 0.1
    connectors: int = 2
    connector_loss_db: float = 0.3
    loss_db: float | None = None
    status: str = "existing"
    ground: str = "paved"
    duct: str | None = None
    environment: str = "buried"
    classical_channels: int = 0
    launch_power_dbm: float = 0.0
    classical_wavelength_nm: float = 1550.0
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class KeyProfile:
    """Where a demand's rate comes from (port-context.md, "Key demand").

    ``aes256``: streams × 256 bit / rekey interval; ``otp``: one-time pad at the data rate.
    """

    kind: str
    streams: int = 2
    interval_s: float = 1.0
    data_rate_bps: float = 0.0

    @property
    def required_bps(self) -> float:
        if self.kind == "aes256":
            return self.streams * 256.0 / self.interval_s
        return float(self.data_rate_bps)


@dataclass(frozen=True)
class Demand:
    """Two sites that need shared keys at ``required_bps`` (or as derived from ``profile``)."""

    id: str
    a: str
    b: str
    required_bps: float | None = None
    profile: KeyProfile | None = None
    priority: int = 1
    disjoint_paths: int = 1
    name: str = ""
    notes: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rate_bps(self) -> float:
        """The required secure key rate: explicit if given, else from the application profile."""
        if self.required_bps is not None:
            return float(self.required_bps)
        if self.profile is not None:
            return self.profile.required_bps
        return 0.0


@dataclass(frozen=True)
class Underlay:
    """A background layer: a site-plan image, a DXF drawing or a GeoJSON file.

    ``path`` is relative to the plan's folder. Images are placed by ``origin_m`` (position of the
    image's top-left pixel), ``m_per_px`` and ``rotation_deg``.
    """

    id: str
    kind: str
    path: str
    name: str = ""
    origin_m: Point = (0.0, 0.0)
    m_per_px: float = 1.0
    rotation_deg: float = 0.0
    opacity: float = 0.6
    locked: bool = True
    visible: bool = True
    layers: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanMeta:
    name: str = "Untitled plan"
    port: str = ""
    author: str = ""
    description: str = ""
    crs: str = "EPSG:32651"
    currency: str = "EUR"


@dataclass(frozen=True)
class DeviceSettings:
    """Which catalogue devices the plan allows (empty: all) and plan-specific devices.

    ``custom`` holds device descriptions with the catalogue's keys, as plain mappings; they are
    validated by the physics layer when the plan is loaded or evaluated.
    """

    allowed: tuple[str, ...] = ()
    custom: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class LossSettings:
    """Margins added to every fiber's budget, by environment zone, plus an ageing/repair margin.

    Defaults are planning assumptions (aerial runs showed QBER of 13% ± 10% on a mostly aerial
    70 km link; quay-side cranes add reels and drag chains), documented in docs/formats.md.
    """

    environment_margin_db: dict[str, float] = field(
        default_factory=lambda: {"indoor": 0.0, "buried": 0.2, "aerial": 2.0, "quay_crane": 1.5}
    )
    ageing_margin_db_per_km: float = 0.02
    link_margin_db: float = 1.0
    patch_panel_loss_db: float = 0.5


@dataclass(frozen=True)
class RolloutSettings:
    seed_section: str | None = None
    strategy: str = "contiguous"
    order: tuple[str, ...] = ()
    budget_per_year: float | None = None
    start_year: int = 2027
    years: int = 10
    discount_rate: float = 0.05
    key_store_bits: float = 1.0e8
