"""Optical loss, QKD key-rate models, bounds and coexistence noise (no Qt, nothing of ours but units)."""
