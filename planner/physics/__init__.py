"""Optical loss, QKD key-rate models, bounds and coexistence noise (no Qt).

Public API (see docs/physics.md):
- ``planner.physics.loss``: ``loss_budget``, ``fiber_attenuation_db_per_km``
- ``planner.physics.devices``: ``Device``, ``device_from_dict``, ``load_catalogue``, ``load_device_file``
- ``planner.physics.link``: ``link_performance``, ``LinkPerformance``
- ``planner.physics.bounds``: ``plob_bits_per_use``, ``tgw_bits_per_use``
- ``planner.physics.noise``: Raman coexistence noise (an estimate)
- ``planner.physics.attacks``: ``intercept_resend_qber``
"""

from planner.physics.attacks import intercept_resend_qber
from planner.physics.bounds import plob_bits_per_use, tgw_bits_per_use
from planner.physics.devices import Device, device_from_dict, load_catalogue, load_device_file
from planner.physics.link import LinkPerformance, link_performance
from planner.physics.loss import LossBudget, fiber_attenuation_db_per_km, loss_budget

__all__ = [
    "Device", "LinkPerformance", "LossBudget", "device_from_dict", "fiber_attenuation_db_per_km",
    "intercept_resend_qber", "link_performance", "load_catalogue", "load_device_file", "loss_budget",
    "plob_bits_per_use", "tgw_bits_per_use",
]
