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

    def as_dict(self) -> dict[str, float]:
        return {
            "fiber_db": float(self.fiber_db),
            "splice_db": float(self.splice_db),
            "connector_db": float(self.connector_db),
            "insertion_db": float(self.insertion_db),
            "margin_db": float(self.margin_db),
            "total_db": float(self.total_db),
        }


def loss_budget(
    length_m,
    attenuation_db_per_km,
    splices=0,
    splice_loss_db=0.1,
    connectors=0,
    connector_loss_db=0.3,
    insertion_loss_db=0.0,
    margin_db=0.0,
) -> LossBudget:
    """Loss budget of a path: fiber + splices + connectors + insertion + margins (all in dB).

    >>> round(loss_budget(10_000, 0.2, splices=4, connectors=2).total_db, 3)
    3.0
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
    scalar = all(np.ndim(v) == 0 for v in (length_m, attenuation_db_per_km, splices, splice_loss_db,
                                           connectors, connector_loss_db, insertion_loss_db, margin_db))
    conv = float if scalar else (lambda a: a)
    return LossBudget(conv(fiber), conv(splice), conv(conn), conv(ins * np.ones_like(total)),
                      conv(margin * np.ones_like(total)), conv(total))
