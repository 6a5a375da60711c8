"""Effect of a simple eavesdropping attack on the error rate (for the planner's attack drill)."""

from __future__ import annotations

import numpy as np

from planner.physics._math import as_output, is_scalar_input

# An intercept-resend attack in a random basis on a BB84 qubit causes an error with probability
# 1/2 (wrong basis) × 1/2 (random outcome) = 1/4 on the sifted bits it touches
# (Bennett, Bessette, Brassard, Salvail, Smolin, J. Cryptology 5, 3 (1992); Gisin et al.,
# Rev. Mod. Phys. 74, 145 (2002), Sec. II.C.3).
INTERCEPT_RESEND_ERROR = 0.25


def intercept_resend_qber(qber, fraction):
    """QBER seen when a ``fraction`` (0..1) of the pulses is intercepted and resent in a random basis.

    Touched bits err with probability 1/4 independently of the existing errors, so
    QBER' = QBER + fraction·(1/4)·(1 − 2·QBER) (an error is flipped back when both occur),
    which is ≈ QBER + 0.25·fraction for small QBER. Result clipped to [0, 0.5].

    >>> round(intercept_resend_qber(0.02, 1.0), 4)
    0.26
    """
    scalar = is_scalar_input(qber, fraction)
    e = np.clip(np.asarray(qber, dtype=float), 0.0, 0.5)
    f = np.clip(np.asarray(fraction, dtype=float), 0.0, 1.0)
    out = np.clip(e + f * INTERCEPT_RESEND_ERROR * (1.0 - 2.0 * e), 0.0, 0.5)
    return as_output(out, scalar)
