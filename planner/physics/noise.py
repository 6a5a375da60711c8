"""Spontaneous Raman scattering from classical channels sharing the fiber with a quantum channel.

This is an ESTIMATE for planning: the Raman coefficient depends on the fiber and on the exact
wavelength plan (Stokes/anti-Stokes side, detuning), and the planner only knows the classical
wavelength and launch power. Override ``raman_coefficient_per_km_nm`` when a measured value exists.

Model (Eraerds, Walenta, Legré, Gisin, Zbinden, NJP 12, 063027 (2010), Sec. 3, forward and backward
Raman power; same form in Patel et al., PRX 2, 041010 (2012)), for one classical channel of launch
power P, fiber length L (km), attenuation α (1/km, equal at both wavelengths), effective Raman
coefficient ρ (1/(km·nm)) and filter bandwidth Δλ (nm) in front of the quantum receiver:
  co-propagating (launched at the quantum transmitter's end):   P_f = P·ρ·Δλ·L·e^(−αL)
  counter-propagating (launched at the quantum receiver's end): P_b = P·ρ·Δλ·(1 − e^(−2αL))/(2α)
Noise clicks per detection window: p_R = η_det·P_R·Δt/(h·c/λ_q)  (adds to the background yield Y0
of DV systems). For CV-QKD the photons per mode n_R = P_R/(h·ν·Δν) (Δν the filter bandwidth in Hz)
per polarisation mode, half of it in the local oscillator's polarisation, raise the excess noise
seen at Bob by ξ_R = 2·n_R·½ = n_R (SNU).

Defaults (documented estimates): ρ = 3e-9 /(km·nm) when the quantum channel is within 100 nm of the
classical one (C-band quantum with C-band data: the order of magnitude measured by Eraerds et al.
2010, Fig. 3, near the 1550 nm pump), ρ = 3e-11 /(km·nm) for a 1310 nm quantum channel with
C-band classical traffic (far anti-Stokes tail, about two orders of magnitude weaker, which is why
field systems put the quantum channel at 1310 nm, e.g. Patel et al. 2012).
"""

from __future__ import annotations

import numpy as np

from planner.units import LIGHT_SPEED_M_S, PLANCK_J_S

RAMAN_COEFF_NEAR_PER_KM_NM = 3e-9
RAMAN_COEFF_FAR_PER_KM_NM = 3e-11
DEFAULT_FILTER_BANDWIDTH_NM = 0.8  # a 100 GHz DWDM channel filter
CLASSICAL_DIRECTIONS = ("co", "counter", "both")


def default_raman_coefficient(quantum_wavelength_nm, classical_wavelength_nm):
    """Documented default ρ (1/(km·nm)) for a wavelength plan (see module docstring; an estimate)."""
    detuning = np.abs(np.asarray(quantum_wavelength_nm, dtype=float) - np.asarray(classical_wavelength_nm, dtype=float))
    return np.where(detuning <= 100.0, RAMAN_COEFF_NEAR_PER_KM_NM, RAMAN_COEFF_FAR_PER_KM_NM)


def raman_power_w(launch_power_w, length_m, attenuation_db_per_km, *, raman_coefficient_per_km_nm,
                  filter_bandwidth_nm=DEFAULT_FILTER_BANDWIDTH_NM, direction="both"):
    """Raman power (W) reaching the quantum receiver inside its filter, per classical channel.

    ``direction``: ``co`` (classical launched at the quantum transmitter's end), ``counter`` (at the
    receiver's end) or ``both`` (half of the channels each way: mean of the two). Eraerds et al. 2010.
    """
    if direction not in CLASSICAL_DIRECTIONS:
        raise ValueError(f"unknown classical direction {direction!r}")
    p = np.asarray(launch_power_w, dtype=float)
    length_km = np.asarray(length_m, dtype=float) / 1000.0
    alpha = np.maximum(np.asarray(attenuation_db_per_km, dtype=float), 1e-9) * np.log(10.0) / 10.0
    k = p * raman_coefficient_per_km_nm * filter_bandwidth_nm
    forward = k * length_km * np.exp(-alpha * length_km)
    backward = k * -np.expm1(-2.0 * alpha * length_km) / (2.0 * alpha)
    if direction == "co":
        return forward
    if direction == "counter":
        return backward
    return 0.5 * (forward + backward)


def raman_background_yield(raman_w, detection_window_s, detector_efficiency, quantum_wavelength_nm=1550.0):
    """Extra background clicks per detection window from Raman power (adds to Y0): η·P·Δt/(hc/λ)."""
    photon_j = PLANCK_J_S * LIGHT_SPEED_M_S / (np.asarray(quantum_wavelength_nm, dtype=float) * 1e-9)
    p = detector_efficiency * np.asarray(raman_w, dtype=float) * detection_window_s / photon_j
    return np.clip(p, 0.0, 1.0)


def raman_excess_noise_snu(raman_w, filter_bandwidth_nm=DEFAULT_FILTER_BANDWIDTH_NM, quantum_wavelength_nm=1550.0):
    """Excess noise at Bob (SNU, output-referred) from Raman photons in the LO's mode: ξ_R = n_R."""
    lam_m = np.asarray(quantum_wavelength_nm, dtype=float) * 1e-9
    photon_j = PLANCK_J_S * LIGHT_SPEED_M_S / lam_m
    bandwidth_hz = LIGHT_SPEED_M_S * filter_bandwidth_nm * 1e-9 / (lam_m * lam_m)
    return np.asarray(raman_w, dtype=float) / (photon_j * bandwidth_hz)


def classical_raman_w(classical_channels, launch_power_dbm, length_m, attenuation_db_per_km, *,
                      quantum_wavelength_nm=1550.0, classical_wavelength_nm=1550.0,
                      raman_coefficient_per_km_nm=None, filter_bandwidth_nm=DEFAULT_FILTER_BANDWIDTH_NM,
                      direction="both"):
    """Total Raman power at the quantum receiver from N classical channels (0 without traffic)."""
    n = np.asarray(classical_channels, dtype=float)
    p_w = np.power(10.0, (np.asarray(launch_power_dbm, dtype=float) - 30.0) / 10.0)
    rho = (default_raman_coefficient(quantum_wavelength_nm, classical_wavelength_nm)
           if raman_coefficient_per_km_nm is None else raman_coefficient_per_km_nm)
    per = raman_power_w(p_w, length_m, attenuation_db_per_km, raman_coefficient_per_km_nm=rho,
                        filter_bandwidth_nm=filter_bandwidth_nm, direction=direction)
    return np.where(n > 0, n * per, 0.0)
