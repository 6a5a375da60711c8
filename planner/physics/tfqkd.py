"""Twin-field QKD, sending-or-not-sending (SNS) variant, asymptotic with infinitely many decoys.

Source: Wang, Yu, Hu, "Twin-field quantum key distribution with large misalignment error",
PRA 98, 062323 (2018), Eqs. (1)–(4) (key rate of the SNS protocol) and Sec. III (channel model);
the rate ∝ √η scaling that beats the PLOB bound is that of Lucamarini, Yuan, Dynes, Shields,
Nature 557, 400 (2018).

Alice and Bob each "send" a phase-randomised coherent pulse of intensity μ with probability ε or
send nothing; the relay (Charlie) in the middle interferes the pulses. Each arm's transmittance is
η_s = √η_ch·η_det (η_ch is the whole Alice–Bob channel, the relay sits in the middle). With dark
count probability p_d per detector (Y0 = 2·p_d for Charlie's two detectors):
  one-detector click probability for a total incoming intensity x: 1 − (1 − 2p_d)·e^(−η_s x)
  S_Z = (1−ε)²·2p_d + 2ε(1−ε)·[1 − (1−2p_d)e^(−η_s μ)] + ε²·[1 − (1−2p_d)e^(−2η_s μ)]
  E_Z = [(1−ε)²·2p_d + ε²·(1 − (1−2p_d)e^(−2η_s μ))]/S_Z   (both or neither sent → bit error)
  n1 = 2ε(1−ε)·μe^(−μ)·s1,  s1 = 1 − (1−2p_d)(1−η_s)  (untagged single-photon events, exact
       with infinite decoys), phase error e1 = (p_d + e_d·η_s)/s1
  R = n1·[1 − H2(e1)] − f·S_Z·H2(E_Z)  per pulse pair.
No actively-odd-parity pairing (AOPP) is modelled, so the rate is conservative.
"""

from __future__ import annotations

import numpy as np

from planner.physics._math import h2
from planner.physics.bb84 import RateResult


def sns_tf_rate(eta_channel, eta_det, mu, y0, e_det, f=1.16, *, send_probability=0.05) -> RateResult:
    """Key per pulse of SNS twin-field QKD (see module docstring). ``y0`` = 2·p_d at Charlie."""
    eta_channel = np.asarray(eta_channel, dtype=float)
    eps = float(send_probability)
    pd = y0 / 2.0
    eta_s = np.sqrt(eta_channel) * eta_det
    one = 1.0 - (1.0 - 2.0 * pd) * np.exp(-eta_s * mu)
    two = 1.0 - (1.0 - 2.0 * pd) * np.exp(-2.0 * eta_s * mu)
    none = 2.0 * pd
    wrong = (1.0 - eps) ** 2 * none + eps**2 * two
    s_z = wrong + 2.0 * eps * (1.0 - eps) * one
    e_z = wrong / np.maximum(s_z, 1e-300)
    s1 = 1.0 - (1.0 - 2.0 * pd) * (1.0 - eta_s)
    e1 = (pd + e_det * eta_s) / np.maximum(s1, 1e-300)
    n1 = 2.0 * eps * (1.0 - eps) * mu * np.exp(-mu) * s1
    r = n1 * (1.0 - h2(e1)) - f * s_z * h2(e_z)
    r = np.where(np.isfinite(r), np.maximum(r, 0.0), 0.0)
    return RateResult(r, np.clip(e_z, 0.0, 0.5), s_z)
