"""Unit conversions at the edges. SI inside; names carry units.

>>> km_to_m(2.5)
2500.0
>>> round(db_to_transmittance(10.0), 6)
0.1
>>> round(dbm_to_w(0.0), 6)
0.001
>>> rate_text(18_680_000.0), rate_text(999_700.0), rate_text(1e12)
('18.7 Mbit/s', '1000 kbit/s', '1 Tbit/s')
"""

from __future__ import annotations

import numpy as np

M_PER_KM = 1000.0
M_PER_FT = 0.3048
PLANCK_J_S = 6.62607015e-34
LIGHT_SPEED_M_S = 299_792_458.0


def km_to_m(length_km):
    return np.asarray(length_km, dtype=float) * M_PER_KM if np.ndim(length_km) else float(length_km) * M_PER_KM


def m_to_km(length_m):
    return np.asarray(length_m, dtype=float) / M_PER_KM if np.ndim(length_m) else float(length_m) / M_PER_KM


def db_to_transmittance(loss_db):
    """η = 10^(−loss/10)."""
    return np.power(10.0, -np.asarray(loss_db, dtype=float) / 10.0) if np.ndim(loss_db) else 10.0 ** (-float(loss_db) / 10.0)


def transmittance_to_db(transmittance):
    t = np.asarray(transmittance, dtype=float)
    with np.errstate(divide="ignore"):
        out = -10.0 * np.log10(t)
    return out if np.ndim(transmittance) else float(out)


def dbm_to_w(power_dbm):
    p = np.power(10.0, (np.asarray(power_dbm, dtype=float) - 30.0) / 10.0)
    return p if np.ndim(power_dbm) else float(p)


def photon_energy_j(wavelength_m):
    """E = h·c/λ."""
    e = PLANCK_J_S * LIGHT_SPEED_M_S / np.asarray(wavelength_m, dtype=float)
    return e if np.ndim(wavelength_m) else float(e)


def rate_text(bps: float | None) -> str:
    """A key rate as shown to people, three significant figures and a friendly unit: ``12.3 kbit/s``."""
    if bps is None:
        return "\u2013"
    value, unit = bps, "bit/s"
    for name, f in (("Tbit/s", 1e12), ("Gbit/s", 1e9), ("Mbit/s", 1e6), ("kbit/s", 1e3)):
        if abs(bps) >= f:
            value, unit = bps / f, name
            break
    return f"{value:.0f} {unit}" if abs(value) >= 100 else f"{value:.3g} {unit}"
