"""Loss budget of an optical path.

loss_db = α·L + n_splice·a_splice + n_conn·a_conn + insertion + margins, and η = 10^(−loss/10)
(standard link-budget arithmetic, e.g. ITU-T G.652/G.654 attenuation figures; connector and splice
values from TIA-568 and the Fiber Optic Association guidance quoted in physics.md).
Every function accepts scalars or numpy arrays (one link or many).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.errors import ValidationError

# Typical cabled attenuation in dB/km by fiber type and wavelength (ITU-T G.652.D: 0.33–0.35 dB/km at
# 1310 nm, 0.19–0.22 at 1550 nm; G.654.E ultra-low-loss: 0.16–0.17 at 1550 nm). Upper-typical values
# are used so that a default budget is not optimistic.
FIBER_ATTENUATION_DB_PER_KM: dict[str, dict[int, float]] = {
    "G.652.D": {1310: 0.35, 1550: 0.22},
    "G.654.E": {1310: 0.32, 1550: 0.17},
}
FIBER_TYPES = tuple(FIBER_ATTENUATION_DB_PER_KM)
WAVELENGTHS_NM = (1310, 1550)


def fiber_attenuation_db_per_km(fiber_type: str, wavelength_nm: float) -> float:
    """Default attenuation for a fiber type at a quantum-channel wavelength (1310 or 1550 nm)."""
    try:
        table = FIBER_ATTENUATION_DB_PER_KM[fiber_type]
    except KeyError:
        raise ValidationError(
            f"unknown fiber type {fiber_type!r} (known: {', '.join(FIBER_TYPES)})", field="fiber_type"
        ) from None
    wl = int(round(float(wavelength_nm)))
    if wl not in table:
        raise ValidationError(
            f"wavelength {wavelength_nm} nm not supported (use 1310 or 1550)", field="wavelength_nm"
        )
    return table[wl]


@dataclass(frozen=True)
class LossBudget:
    """Breakdown of a path's loss in dB (scalars or arrays of equal shape)."""

    fiber_db: np.ndarray | float
    splice_db: np.ndarray | float
    connector_db: np.ndarray | float
    insertion_db: np.ndarray | float
    margin_db: np.ndarray | float
    total_db: np.ndarray | float
    patch_panel_db: np.ndarray | float = 0.0
    environment_db: np.ndarray | float = 0.0
    budget_db: np.ndarray | float | None = None  # the itemised sum (differs from total if measured)
    measured: np.ndarray | bool = False

    def as_dict(self, i: int | None = None) -> dict[str, float | bool]:
        """Breakdown as plain numbers (``i`` selects one path of an array budget)."""

        def pick(v):
            a = np.asarray(v)
            return a.item() if a.ndim == 0 else a.reshape(-1)[i if i is not None else 0].item()

        budget = self.total_db if self.budget_db is None else self.budget_db
        return {
            "fiber_db": float(pick(self.fiber_db)),
            "splice_db": float(pick(self.splice_db)),
            "connector_db": float(pick(self.connector_db)),
            "patch_panel_db": float(pick(self.patch_panel_db)),
            "insertion_db": float(pick(self.insertion_db)),
            "margin_db": float(pick(self.margin_db)),
            "environment_db": float(pick(self.environment_db)),
            "budget_db": float(pick(budget)),
            "measured": bool(pick(self.measured)),
            "total_db": float(pick(self.total_db)),
        }


# Environment-zone penalties in dB per path (planning allowances, not measurements): quay-side
# vibration and crane movement stress connectors and cause micro-bending; heat (sun-exposed ducts,
# reefer yards) raises attenuation slightly. Values follow the usual 0.5–3 dB system-margin
# practice of ITU-T G.Sup39 (optical system design and engineering considerations).
ENVIRONMENT_PENALTY_DB: dict[str, float] = {"normal": 0.0, "quay": 1.0, "heat": 0.5, "aerial": 3.0}
PATCH_PANEL_LOSS_DB = 0.75  # one patch panel = one mated connector pair at the TIA-568 maximum


def loss_budget(
    length_m,
    attenuation_db_per_km,
    splices=0,
    splice_loss_db=0.1,
    connectors=0,
    connector_loss_db=0.3,
    insertion_loss_db=0.0,
    margin_db=0.0,
    *,
    patch_panels=0,
    patch_panel_loss_db=PATCH_PANEL_LOSS_DB,
    environment_db=0.0,
    measured_loss_db=None,
) -> LossBudget:
    """Loss budget of a path: fiber + splices + connectors + patch panels + insertion + margins +
    environment penalty (all in dB). A ``measured_loss_db`` (scalar, array, NaN = not measured)
    overrides the itemised budget in ``total_db``; ``budget_db`` keeps the itemised sum.

    >>> round(loss_budget(10_000, 0.2, splices=4, connectors=2).total_db, 3)
    3.0
    >>> round(loss_budget(10_000, 0.2, patch_panels=2, measured_loss_db=4.2).total_db, 3)
    4.2
    """
    arrays = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (
            length_m, attenuation_db_per_km, splices, splice_loss_db, connectors,
            connector_loss_db, insertion_loss_db, margin_db))
    )
    length, alpha, n_s, a_s, n_c, a_c, ins, margin = arrays
    fiber = alpha * length / 1000.0
    splice = n_s * a_s
    conn = n_c * a_c
    total = fiber + splice + conn + ins + margin
    panels = np.asarray(patch_panels, dtype=float) * np.asarray(patch_panel_loss_db, dtype=float)
    env = np.asarray(environment_db, dtype=float)
    total = total + panels + env
    budget = total
    if measured_loss_db is not None:
        meas = np.asarray(measured_loss_db, dtype=float)
        measured = np.isfinite(meas) & np.ones_like(total, dtype=bool)
        total = np.where(measured, meas, total)
    else:
        measured = np.zeros_like(total, dtype=bool)
    scalar = all(np.ndim(v) == 0 for v in (length_m, attenuation_db_per_km, splices, splice_loss_db,
                                           connectors, connector_loss_db, insertion_loss_db, margin_db,
                                           patch_panels, patch_panel_loss_db, environment_db,
                                           measured_loss_db))
    ones = np.ones_like(total)

    def conv(a):
        return float(a) if scalar else a * ones

    return LossBudget(conv(fiber), conv(splice), conv(conn), conv(ins), conv(margin), conv(total),
                      patch_panel_db=conv(panels), environment_db=conv(env), budget_db=conv(budget),
                      measured=bool(measured) if scalar else measured * np.ones_like(total, dtype=bool))
