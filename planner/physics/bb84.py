"""Asymptotic decoy-state BB84 with weak coherent pulses (GLLP key rate).

Sources
- GLLP: Gottesman, Lo, Lütkenhaus, Preskill, Quantum Inf. Comput. 4, 325 (2004).
- Infinite decoys: Lo, Ma, Chen, PRL 94, 230504 (2005), Eqs. (1)–(5) (key rate, gains, errors).
- Vacuum + weak decoy: Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005), Eqs. (34) (Y1 lower bound) and
  (37) (e1 upper bound); the gain/error model of the channel is their Eqs. (6)–(9).

Conventions: ``eta`` is the *total* transmittance η = η_channel·η_Bob (Bob's detection efficiency
included), ``y0`` the background yield Y0 of all of Bob's detectors per pulse, ``e_det`` the
misalignment error, ``f`` the error-correction efficiency (≥ 1), ``q`` the sifting factor.
All functions are vectorised over numpy arrays (broadcasting) and never return NaN or negative rates.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from planner.physics._math import h2

E0 = 0.5  # error rate of background counts (random clicks)


class RateResult(NamedTuple):
    """Per-pulse output of a key-rate model (arrays, broadcast shape).

    ``detection_probability``: probability per pulse that Bob's detectors click (all detectors
    together; for two-receiver protocols the larger of the two sides), used for detector saturation
    and block-fill times.
    """

    key_per_pulse: np.ndarray
    qber: np.ndarray
    detection_probability: np.ndarray


def gain_and_error(eta, mu, y0, e_det):
    """Overall gain Q_μ and QBER E_μ of a coherent state of intensity μ.

    Lo–Ma–Chen 2005 Eqs. (3)–(4); Ma et al. 2005 Eqs. (6)–(9), kept in their exact form
    (Y_n = Y0 + η_n − Y0·η_n, without dropping the Y0·η term) so that the decoy bounds are
    consistent with the channel model:
    Q_μ = Y0 + (1 − Y0)(1 − e^(−ημ));  E_μ·Q_μ = e0·Y0 + e_det·(1 − Y0)(1 − e^(−ημ)).
    """
    det = (1.0 - y0) * -np.expm1(-eta * mu)  # (1 − Y0)(1 − e^(−ημ)), accurate for tiny ημ
    q_mu = y0 + det
    e_mu = (E0 * y0 + e_det * det) / np.maximum(q_mu, 1e-300)
    return q_mu, e_mu


def _single_photon_exact(eta, y0, e_det):
    """Y1 and e1 known exactly (infinite decoys), Lo–Ma–Chen 2005 Eqs. (2)–(3):
    Y1 = Y0 + η − Y0·η, e1 = (e0·Y0 + e_det·(1 − Y0)·η)/Y1."""
    y1 = y0 + eta - y0 * eta
    e1 = (E0 * y0 + e_det * (1.0 - y0) * eta) / np.maximum(y1, 1e-300)
    return y1, e1


def _vacuum_weak_bounds(eta, mu, nu, y0, e_det):
    """Lower bound on Y1 and upper bound on e1 from a vacuum and a weak decoy ν < μ.

    Ma, Qi, Zhao, Lo 2005 Eq. (34):
      Y1 ≥ Y1^L = μ/(μν − ν²) · [Q_ν e^ν − Q_μ e^μ ν²/μ² − (μ² − ν²)/μ² · Y0]
    and Eq. (37):  e1 ≤ e1^U = (E_ν Q_ν e^ν − e0·Y0) / (Y1^L ν).
    Y0 is measured by the vacuum decoy (asymptotically exact).
    """
    q_mu, _ = gain_and_error(eta, mu, y0, e_det)
    q_nu, e_nu = gain_and_error(eta, nu, y0, e_det)
    y1 = mu / (mu * nu - nu * nu) * (
        q_nu * np.exp(nu) - q_mu * np.exp(mu) * nu * nu / (mu * mu) - (mu * mu - nu * nu) / (mu * mu) * y0
    )
    y1 = np.maximum(y1, 0.0)
    e1 = (e_nu * q_nu * np.exp(nu) - E0 * y0) / np.maximum(y1 * nu, 1e-300)
    e1 = np.where(y1 > 0, np.clip(e1, 0.0, 0.5), 0.5)
    return y1, e1


def decoy_bb84_rate(eta, mu, y0, e_det, f=1.16, q=0.5, *, decoy="infinite", nu=0.1) -> RateResult:
    """Secure key per pulse of decoy-state BB84 (GLLP formula).

    R = q·{−Q_μ·f·H2(E_μ) + Q1·[1 − H2(e1)]},  Q1 = Y1·μ·e^(−μ)   (Lo–Ma–Chen 2005 Eq. (1)).

    ``decoy``:
    - ``"infinite"``: Y1, e1 exact (Lo–Ma–Chen 2005 Eqs. (2)–(3));
    - ``"vacuum+weak"``: Y1^L, e1^U from a vacuum and a weak decoy of intensity ``nu``
      (Ma, Qi, Zhao, Lo 2005 Eqs. (34), (37));
    - ``"none"``: GLLP without decoys: all multi-photon pulses are assumed tagged,
      Δ = P_multi/Q_μ with P_multi = 1 − (1+μ)e^(−μ); Q1 ≥ Q_μ(1−Δ), e1 ≤ E_μ/(1−Δ)
      (GLLP 2004 Sec. 8; Lo–Ma–Chen 2005 discussion of Fig. 1). Rate scales as O(η²).

    Negative values are clipped to zero. Returns key per pulse, QBER E_μ and Q_μ.

    >>> r = decoy_bb84_rate(10 ** (-2.1) * 0.045, 0.48, 1.7e-6, 0.033, 1.22)
    >>> bool(r.key_per_pulse > 0)
    True
    """
    eta = np.asarray(eta, dtype=float)
    q_mu, e_mu = gain_and_error(eta, mu, y0, e_det)
    if decoy == "infinite":
        y1, e1 = _single_photon_exact(eta, y0, e_det)
        q1 = y1 * mu * np.exp(-mu)
    elif decoy == "vacuum+weak":
        y1, e1 = _vacuum_weak_bounds(eta, mu, nu, y0, e_det)
        q1 = y1 * mu * np.exp(-mu)
    elif decoy == "none":
        p_multi = -np.expm1(-mu) - mu * np.exp(-mu)
        delta = p_multi / np.maximum(q_mu, 1e-300)
        ok = delta < 1.0
        q1 = np.where(ok, q_mu * (1.0 - delta), 0.0)
        e1 = np.where(ok, np.clip(e_mu / np.maximum(1.0 - delta, 1e-300), 0.0, 0.5), 0.5)
    else:
        raise ValueError(f"unknown decoy method {decoy!r}")
    r = q * (-q_mu * f * h2(e_mu) + q1 * (1.0 - h2(e1)))
    r = np.where(np.isfinite(r), np.maximum(r, 0.0), 0.0)
    return RateResult(r, np.clip(e_mu, 0.0, 0.5), q_mu)


def optimal_mu(eta, y0, e_det, f=1.16, q=0.5, *, decoy="infinite", nu=0.1,
               mu_min=1e-4, mu_max=1.0, iterations=40):
    """Signal intensity μ that maximises the key per pulse, per link (vectorised golden-section search).

    The GLLP rate is unimodal in μ for fixed η (Lo–Ma–Chen 2005, Fig. 1 discussion), so a golden-
    section search on [mu_min, mu_max] converges (two evaluations per step, 40 steps: |Δμ| < 1e-8). For the vacuum+weak
    method μ is kept above ν. Where no μ gives a positive rate the middle of the bracket is returned.
    """
    eta = np.asarray(eta, dtype=float)
    lo = np.full(eta.shape, max(mu_min, (nu * 1.05) if decoy == "vacuum+weak" else mu_min))
    hi = np.full(eta.shape, float(mu_max))
    g = (np.sqrt(5.0) - 1.0) / 2.0

    def rate(m):
        return decoy_bb84_rate(eta, m, y0, e_det, f, q, decoy=decoy, nu=nu).key_per_pulse

    for _ in range(iterations):
        c = hi - g * (hi - lo)
        d = lo + g * (hi - lo)
        left = rate(c) >= rate(d)  # the maximum lies in [lo, d], else in [c, hi]
        hi = np.where(left, d, hi)
        lo = np.where(left, lo, c)
    return (lo + hi) / 2.0
