"""Small vectorised helpers shared by the key-rate models (entropies, safe logs, array plumbing)."""

from __future__ import annotations

import numpy as np

_TINY = 1e-300


def h2(p):
    """Binary Shannon entropy H2(p) = −p·log2 p − (1−p)·log2(1−p), vectorised, H2(0) = H2(1) = 0.

    Arguments outside [0, 1] are clipped (a rounding error must not produce NaN).

    >>> round(float(h2(0.11)), 4)
    0.4999
    """
    p = np.clip(np.asarray(p, dtype=float), 0.0, 1.0)
    q = 1.0 - p
    return -(p * np.log2(np.maximum(p, _TINY)) + q * np.log2(np.maximum(q, _TINY)))


def g_entropy(x):
    """Entropy of a thermal state with mean photon number x (bits): G(x) = (x+1)·log2(x+1) − x·log2 x.

    Used with symplectic eigenvalues λ as G((λ−1)/2) (Laudenbach et al. 2018, Eq. (9)).
    """
    x = np.maximum(np.asarray(x, dtype=float), 0.0)
    return (x + 1.0) * np.log2(x + 1.0) - x * np.log2(np.maximum(x, _TINY))


def is_scalar_input(*values) -> bool:
    """True when every argument is a Python/NumPy scalar (results are then returned as floats)."""
    return all(np.ndim(v) == 0 for v in values)


def as_output(value, scalar: bool):
    """Return ``value`` as a float for scalar input, otherwise as a float ndarray."""
    arr = np.asarray(value, dtype=float)
    return float(arr) if scalar else arr
