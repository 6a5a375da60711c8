"""Continuous-variable QKD with Gaussian-modulated coherent states (GG02), reverse reconciliation.

Sources: Grosshans, Grangier, PRL 88, 057902 (2002) (protocol); formulas from the review of
Laudenbach et al., Adv. Quantum Technol. 1, 1800011 (2018), Sec. 4.1 (Eqs. (66)–(81)), and
Lodewyck et al., PRA 76, 042305 (2007), Sec. III (trusted detector noise χ_hom, χ_het).
All noises in shot-noise units (SNU). Collective attacks, asymptotic.

Excess-noise convention: ``excess_noise`` ξ is referred to the channel INPUT (ξ_in, the usual
convention of Lodewyck 2007 and Laudenbach 2018). A device may instead state the noise measured at
Bob (``excess_noise_reference = "output"``): then ξ_in = ξ_out/T, i.e. the noise seen at Bob stays
constant with distance. With constant ξ_in the rate decays smoothly and, for ξ_in below about 0.03
SNU with β = 0.95, never reaches exactly zero; constant ξ_out gives a hard maximum distance.

  V = V_A + 1, χ_line = 1/T − 1 + ξ, χ_hom = (1 + v_el)/η − 1, χ_het = [1 + (1−η) + 2v_el]/η,
  χ_tot = χ_line + χ_det/T
  I_AB = (1/2)·log2((V + χ_tot)/(1 + χ_tot)) (homodyne), log2(...) (heterodyne)
  χ_BE = G((λ1−1)/2) + G((λ2−1)/2) − G((λ3−1)/2) − G((λ4−1)/2)
  λ1,2² = [A ± sqrt(A² − 4B)]/2, A = V²(1−2T) + 2T + T²(V + χ_line)², B = T²(Vχ_line + 1)²
  homodyne:  C = [V√B + T(V + χ_line) + Aχ_hom]/[T(V + χ_tot)], D = √B·(V + √B χ_hom)/[T(V + χ_tot)]
  heterodyne: C = [Aχ_het² + B + 1 + 2χ_het(V√B + T(V + χ_line)) + 2T(V² − 1)]/[T(V + χ_tot)]²,
              D = [(V + √B χ_het)/(T(V + χ_tot))]²
  λ3,4² = [C ± sqrt(C² − 4D)]/2,  K = β·I_AB − χ_BE  bits per symbol.
Sanity limit: pure loss, η = 1, v_el = 0, β = 1, V_A → ∞, homodyne: K → ½·log2(1/(1−T)) = ½·PLOB.
"""

from __future__ import annotations

import numpy as np

from planner.physics._math import g_entropy
from planner.physics.bb84 import RateResult


def _sym_eigs(s, p):
    """Roots λ_± with λ² = [s ± sqrt(s² − 4p)]/2 (clipped so rounding never gives NaN)."""
    disc = np.sqrt(np.maximum(s * s - 4.0 * p, 0.0))
    l1 = np.sqrt(np.maximum((s + disc) / 2.0, 1.0))
    l2 = np.sqrt(np.maximum((s - disc) / 2.0, 1.0))
    return l1, l2


def gg02_rate(transmittance, modulation_variance, excess_noise, detector_efficiency=1.0,
              electronic_noise=0.0, reconciliation_efficiency=0.95, *, detection="homodyne",
              excess_noise_reference="input") -> RateResult:
    """Secret key per symbol of GG02 with reverse reconciliation (see module docstring).

    ``transmittance`` T is the channel transmittance (Bob's detector efficiency is trusted and
    enters χ_hom/χ_het). Returns the key per symbol, NaN as QBER (CV-QKD has no bit error rate),
    and zeros as detection probability (homodyne detectors do not saturate in this model).
    """
    # Below 1e-30 (300 dB) no CV-QKD key exists; the floor keeps 1/T and its squares finite.
    t = np.clip(np.asarray(transmittance, dtype=float), 1e-30, 1.0 - 1e-15)
    v = modulation_variance + 1.0
    xi = np.asarray(excess_noise, dtype=float)
    if excess_noise_reference == "output":
        xi = xi / t
    elif excess_noise_reference != "input":
        raise ValueError(f"unknown excess-noise reference {excess_noise_reference!r}")
    eta, vel = detector_efficiency, electronic_noise
    chi_line = 1.0 / t - 1.0 + xi
    if detection == "homodyne":
        chi_det = (1.0 + vel) / eta - 1.0
    elif detection == "heterodyne":
        chi_det = (1.0 + (1.0 - eta) + 2.0 * vel) / eta
    else:
        raise ValueError(f"unknown detection {detection!r}")
    chi_tot = chi_line + chi_det / t
    ratio = (v + chi_tot) / (1.0 + chi_tot)
    i_ab = (0.5 if detection == "homodyne" else 1.0) * np.log2(ratio)
    a = v * v * (1.0 - 2.0 * t) + 2.0 * t + t * t * (v + chi_line) ** 2
    b = t * t * (v * chi_line + 1.0) ** 2
    sb = np.sqrt(b)
    l1, l2 = _sym_eigs(a, b)
    if detection == "homodyne":
        c = (v * sb + t * (v + chi_line) + a * chi_det) / (t * (v + chi_tot))
        d = sb * (v + sb * chi_det) / (t * (v + chi_tot))
    else:
        c = (a * chi_det**2 + b + 1.0 + 2.0 * chi_det * (v * sb + t * (v + chi_line))
             + 2.0 * t * (v * v - 1.0)) / (t * (v + chi_tot)) ** 2
        d = ((v + sb * chi_det) / (t * (v + chi_tot))) ** 2
    l3, l4 = _sym_eigs(c, d)
    chi_be = (g_entropy((l1 - 1) / 2) + g_entropy((l2 - 1) / 2)
              - g_entropy((l3 - 1) / 2) - g_entropy((l4 - 1) / 2))
    k = reconciliation_efficiency * i_ab - chi_be
    k = np.where(np.isfinite(k), np.maximum(k, 0.0), 0.0)
    shape = np.shape(k)
    return RateResult(k, np.full(shape, np.nan), np.zeros(shape))
