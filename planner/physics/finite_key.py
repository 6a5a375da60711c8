"""Finite-key decoy-state BB84 (one signal, two decoys), composable security against general attacks.

Source: Lim, Curty, Walenta, Xu, Zbinden, "Concise security bounds for practical decoy-state quantum
key distribution", PRA 89, 022307 (2014). Equation numbers below refer to that paper:
- key length ℓ = s_X,0 + s_X,1·(1 − h(φ_X)) − λ_EC − 6·log2(21/ε_sec) − log2(2/ε_cor)     (Eq. 1)
- vacuum events  s_X,0 ≥ τ0·(μ2·n⁻_X,μ3 − μ3·n⁺_X,μ2)/(μ2 − μ3)                           (Eq. 2)
- single photons s_X,1 ≥ τ1·μ1·[n⁻_X,μ2 − n⁺_X,μ3 − (μ2²−μ3²)/μ1²·(n⁺_X,μ1 − s_X,0/τ0)]
                          / [μ1(μ2 − μ3) − μ2² + μ3²]                                     (Eq. 3)
- single-photon errors in Z  v_Z,1 ≤ τ1·(m⁺_Z,μ2 − m⁻_Z,μ3)/(μ2 − μ3)                       (Eq. 4)
- phase error φ_X ≤ v_Z,1/s_Z,1 + γ(ε_sec, v_Z,1/s_Z,1, s_Z,1, s_X,1),
  γ(a,b,c,d) = sqrt((c+d)(1−b)b/(c·d·ln 2) · log2((c+d)/(c·d·(1−b)·b) · 21²/a²))          (Eq. 5)
- Hoeffding: n^±_X,k = e^(μk)/p_k · (n_X,k ± sqrt(n_X/2 · ln(21/ε_sec))), τ_n = Σ_k p_k e^(−μk) μk^n/n!.

The expected counts come from the same channel model as the asymptotic rate (Ma et al. 2005
Eqs. (6)–(9)): n_X,k = N·q_X²·p_k·Q_k, m_Z,k = N·(1−q_X)²·p_k·Q_k·E_k, with N the number of pulses
needed to collect n_X = ``block_size_bits`` detections in the key basis X.
"""

from __future__ import annotations

import numpy as np

from planner.physics._math import h2
from planner.physics.bb84 import RateResult, gain_and_error

_LN2 = np.log(2.0)


def _gamma(a, b, c, d):
    """γ(a, b, c, d) of Lim et al. 2014 Eq. (5) (a = ε_sec), vectorised (0 where c or d vanish)."""
    b = np.clip(b, 1e-12, 0.5)
    c = np.maximum(c, 1e-300)
    d = np.maximum(d, 1e-300)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        first = (c + d) * (1.0 - b) * b / (c * d * _LN2)
        inner = (c + d) / (c * d * (1.0 - b) * b) * (21.0 ** 2 / a ** 2)
        return np.sqrt(np.maximum(first * np.log2(np.maximum(inner, 1.0)), 0.0))


def finite_key_bb84(eta, mu1, mu2, y0, e_det, f=1.16, *, block_size_bits=1e7, mu3=2e-4,
                    p1=0.5, p2=0.3, q_x=0.7071067811865476, eps_sec=1e-10, eps_cor=1e-15):
    """Finite-key decoy BB84 of Lim et al. 2014: key per pulse, QBER and pulses per block.

    ``block_size_bits`` is n_X, the number of key-basis detections in one block (after sifting).
    ``q_x`` is the probability that Alice (and Bob) choose the key basis X, ``p1, p2`` the
    probabilities of the signal μ1 and decoy μ2 (the weakest intensity μ3 gets 1 − p1 − p2).
    Requires μ1 > μ2 + μ3 and μ2 > μ3 ≥ 0 (Lim et al. 2014, protocol description).

    Returns ``(RateResult, pulses_per_block)``; key per pulse = max(ℓ, 0)/N.
    """
    eta = np.asarray(eta, dtype=float)
    mus = (float(mu1), float(mu2), float(mu3))
    p3 = 1.0 - p1 - p2
    ps = (float(p1), float(p2), float(p3))
    q_z = 1.0 - q_x
    gains, errs = [], []
    for m in mus:
        qk, ek = gain_and_error(eta, m, y0, e_det)
        gains.append(qk)
        errs.append(ek)
    p_click = sum(p * g for p, g in zip(ps, gains, strict=True))  # detection probability per pulse
    p_x = q_x * q_x * p_click
    n_x = float(block_size_bits)
    pulses = n_x / np.maximum(p_x, 1e-300)
    n_xk = [pulses * q_x * q_x * p * g for p, g in zip(ps, gains, strict=True)]
    n_zk = [pulses * q_z * q_z * p * g for p, g in zip(ps, gains, strict=True)]
    m_zk = [n * e for n, e in zip(n_zk, errs, strict=True)]
    m_x = sum(n * e for n, e in zip(n_xk, errs, strict=True))
    n_z = sum(n_zk)
    m_z = sum(m_zk)
    e_obs = m_x / n_x

    ln_term = np.log(21.0 / eps_sec)

    def plus_minus(counts, total):
        dev = np.sqrt(total / 2.0 * ln_term)
        plus = [np.exp(m) / p * (c + dev) for m, p, c in zip(mus, ps, counts, strict=True)]
        minus = [np.exp(m) / p * np.maximum(c - dev, 0.0) for m, p, c in zip(mus, ps, counts, strict=True)]
        return plus, minus

    tau0 = sum(p * np.exp(-m) for m, p in zip(mus, ps, strict=True))
    tau1 = sum(p * np.exp(-m) * m for m, p in zip(mus, ps, strict=True))
    m1, m2, m3 = mus
    denom = m1 * (m2 - m3) - m2 * m2 + m3 * m3

    def s0_s1(counts, total):
        plus, minus = plus_minus(counts, total)
        s0 = np.maximum(tau0 * (m2 * minus[2] - m3 * plus[1]) / (m2 - m3), 0.0)
        s1 = tau1 * m1 * (minus[1] - plus[2] - (m2 * m2 - m3 * m3) / (m1 * m1) * (plus[0] - s0 / tau0)) / denom
        return s0, np.maximum(s1, 0.0)

    s_x0, s_x1 = s0_s1(n_xk, n_x)
    _, s_z1 = s0_s1(n_zk, n_z)
    m_plus, m_minus = plus_minus(m_zk, m_z)
    v_z1 = np.maximum(tau1 * (m_plus[1] - m_minus[2]) / (m2 - m3), 0.0)
    ratio = v_z1 / np.maximum(s_z1, 1e-300)
    phi = np.where(s_z1 > 0, ratio + _gamma(eps_sec, ratio, s_z1, s_x1), 0.5)
    phi = np.clip(np.nan_to_num(phi, nan=0.5, posinf=0.5), 0.0, 0.5)
    lam_ec = n_x * f * h2(e_obs)
    ell = s_x0 + s_x1 * (1.0 - h2(phi)) - lam_ec - 6.0 * np.log2(21.0 / eps_sec) - np.log2(2.0 / eps_cor)
    ell = np.where(np.isfinite(ell) & (s_z1 > 0) & (phi < 0.5), np.maximum(ell, 0.0), 0.0)
    key = ell / pulses
    return RateResult(key, np.clip(e_obs, 0.0, 0.5), p_click), pulses
