"""Entanglement-based BBM92 with a parametric down-conversion (PDC) source.

Source: Ma, Fung, Lo, "Quantum key distribution with entangled photon sources", PRA 76, 012307 (2007),
Sec. III (model): thermal pair statistics P(n) = (n+1)·λ^n/(1+λ)^(n+2) (λ is half the expected
number of pairs per pulse), threshold detectors, squashing to qubits. Gain and QBER (their
"Q_λ" and "E_λ" expressions):
  Q_λ = 1 − (1−Y0A)/(1+η_A λ)² − (1−Y0B)/(1+η_B λ)² + (1−Y0A)(1−Y0B)/(1+η_A λ+η_B λ−η_A η_B λ)²
  E_λ Q_λ = e0·Q_λ − 2(e0 − e_d)·η_A η_B λ(1+λ) / [(1+η_A λ)(1+η_B λ)(1+η_A λ+η_B λ−η_A η_B λ)]
Key rate with one-way post-processing (Koashi–Preskill, basis-independent source), their Sec. IV:
  R = q·Q_λ·[1 − f·H2(E_λ) − H2(E_λ)].
Source in the middle: each arm sees half the channel loss, η_A = η_B = √η_ch·η_det. Source at one
end (inside Alice's box): η_A = η_det, η_B = η_ch·η_det.
"""

from __future__ import annotations

import numpy as np

from planner.physics._math import h2
from planner.physics.bb84 import E0, RateResult


def bbm92_gain_error(eta_a, eta_b, lam, y0a, y0b, e_det):
    """Coincidence gain Q_λ and QBER E_λ of Ma–Fung–Lo 2007 (PDC source, threshold detectors)."""
    a = 1.0 + eta_a * lam
    b = 1.0 + eta_b * lam
    c = 1.0 + eta_a * lam + eta_b * lam - eta_a * eta_b * lam
    q = 1.0 - (1.0 - y0a) / a**2 - (1.0 - y0b) / b**2 + (1.0 - y0a) * (1.0 - y0b) / c**2
    q = np.maximum(q, 0.0)
    eq = E0 * q - 2.0 * (E0 - e_det) * eta_a * eta_b * lam * (1.0 + lam) / (a * b * c)
    e = eq / np.maximum(q, 1e-300)
    return q, np.clip(e, 0.0, 0.5)


def bbm92_rate(eta_channel, eta_det, lam, y0, e_det, f=1.16, q=0.5, *, source_position="middle") -> RateResult:
    """Key per pulse of BBM92 (Ma–Fung–Lo 2007). ``eta_channel`` excludes detector efficiency.

    ``y0`` is the background yield of each receiver (Alice's and Bob's detectors alike).
    ``detection_probability`` returned is the larger single-side click probability (for saturation).
    """
    eta_channel = np.asarray(eta_channel, dtype=float)
    if source_position == "middle":
        eta_a = np.sqrt(eta_channel) * eta_det
        eta_b = eta_a
    elif source_position == "end":
        eta_a = np.full_like(eta_channel, eta_det)
        eta_b = eta_channel * eta_det
    else:
        raise ValueError(f"unknown source position {source_position!r}")
    gain, err = bbm92_gain_error(eta_a, eta_b, lam, y0, y0, e_det)
    r = q * gain * (1.0 - f * h2(err) - h2(err))
    r = np.where(np.isfinite(r), np.maximum(r, 0.0), 0.0)
    # single-side click probability: 1 − (1−Y0)/(1+η λ)² (thermal marginal, Ma–Fung–Lo Sec. III)
    click_a = 1.0 - (1.0 - y0) / (1.0 + eta_a * lam) ** 2
    click_b = 1.0 - (1.0 - y0) / (1.0 + eta_b * lam) ** 2
    return RateResult(r, err, np.maximum(click_a, click_b))
