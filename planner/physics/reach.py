"""Maximum loss at which a device still produces key (for catalogue listings and planning)."""

from __future__ import annotations

import numpy as np

from planner.physics.devices import Device
from planner.physics.link import link_performance


def max_reach_db(device: Device, *, resolution_db=0.01, upper_db=200.0) -> float:
    """Largest channel loss (dB, insertion loss excluded) with a positive key rate, by scanning then
    bisecting (the rate is non-increasing in loss). Capped by ``max_loss_db`` through the model.
    Returns 0.0 when even a lossless channel gives no key."""
    grid = np.arange(0.0, upper_db + 0.5, 0.5)
    rate = link_performance(device, grid).key_rate_bps
    pos = np.nonzero(rate > 0)[0]
    if pos.size == 0:
        return 0.0
    lo = float(grid[pos[-1]])
    hi = min(lo + 0.5, upper_db)
    while hi - lo > resolution_db:
        mid = (lo + hi) / 2.0
        if link_performance(device, mid).key_rate_bps > 0:
            lo = mid
        else:
            hi = mid
    return lo
