"""Fundamental limits of repeaterless point-to-point key distribution, per channel use.

Both functions take the channel transmittance η (scalar or numpy array) and return bits per use.
"""

from __future__ import annotations

import numpy as np

from planner.physics._math import as_output, is_scalar_input

_LN2 = np.log(2.0)


def plob_bits_per_use(transmittance):
    """PLOB bound −log2(1−η) on the secret-key capacity of a pure-loss channel.

    Pirandola, Laurenza, Ottaviani, Banchi, Nat. Commun. 8, 15043 (2017), Eq. (19). ≈ 1.44·η for small η.
    η = 1 gives +inf (a lossless channel has unbounded capacity).

    >>> round(plob_bits_per_use(0.1), 5)
    0.152
    """
    scalar = is_scalar_input(transmittance)
    eta = np.clip(np.asarray(transmittance, dtype=float), 0.0, 1.0)
    with np.errstate(divide="ignore"):
        out = -np.log1p(-eta) / _LN2
    return as_output(out, scalar)


def tgw_bits_per_use(transmittance):
    """TGW bound log2((1+η)/(1−η)) (squashed entanglement of the pure-loss channel).

    Takeoka, Guha, Wilde, Nat. Commun. 5, 5235 (2014), Eq. (4). Weaker than PLOB (≈ 2.89·η at high loss).

    >>> round(tgw_bits_per_use(0.1), 5)
    0.28951
    """
    scalar = is_scalar_input(transmittance)
    eta = np.clip(np.asarray(transmittance, dtype=float), 0.0, 1.0)
    with np.errstate(divide="ignore"):
        out = (np.log1p(eta) - np.log1p(-eta)) / _LN2
    return as_output(out, scalar)
