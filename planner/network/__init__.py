"""Fiber graph, QKD links, key routing, trusted-node placement and resilience (no Qt)."""
