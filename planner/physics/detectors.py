"""Single-photon detector saturation (dead time and maximum count rate).

Model: non-paralysable dead time τ per detector (standard counting statistics, e.g. Müller,
Nucl. Instrum. Methods 112, 47 (1973); as used for QKD receivers in Rusca et al., APL 112, 171104
(2018) and Yuan et al., J. Lightwave Technol. 36, 3427 (2018)): an incident click rate c per
detector is registered as m = c/(1 + c·τ), further capped at the detector's maximum count rate.
The key rate scales with the fraction s = m/c of clicks kept (dead time removes detections evenly).

A link is reported as ``detector``-limited when the incident click rate per detector exceeds what
the detector can count, c > c_max = min(1/τ, max_count_rate), i.e. when more than half of the
clicks are lost to dead time. Otherwise (and whenever the key rate is zero) it is ``loss``-limited.
"""

from __future__ import annotations

import numpy as np


def saturation(click_probability, rep_rate_hz, *, detector_count=2, dead_time_s=None, max_count_rate_hz=None):
    """Return (kept fraction s, detector-limited mask, registered clicks/s over all detectors)."""
    c = np.asarray(click_probability, dtype=float) * rep_rate_hz / max(detector_count, 1)
    m = c.copy()
    c_max = np.inf
    if dead_time_s:
        m = c / (1.0 + c * dead_time_s)
        c_max = 1.0 / dead_time_s
    if max_count_rate_hz:
        m = np.minimum(m, max_count_rate_hz)
        c_max = min(c_max, max_count_rate_hz)
    s = np.where(c > 0, m / np.maximum(c, 1e-300), 1.0)
    return s, c > c_max, m * max(detector_count, 1)
