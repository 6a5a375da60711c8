"""Phased rollout: from a seed section to the whole port, with costs, schedule and availability (no Qt).

``simulate(plan) -> Simulation`` is the entry point; see ``planner.rollout.simulate``.
"""

from planner.rollout.availability import (
    AvailabilityResult,
    Component,
    DemandRoutes,
    simulate_availability,
)
from planner.rollout.phases import STRATEGIES, Phase, build_phases, schedule_years, section_order
from planner.rollout.simulate import Simulation, availability_routes, simulate
from planner.rollout.view import DemandNeed, DesignView, LinkNeed, view_from_design

__all__ = [
    "STRATEGIES", "AvailabilityResult", "Component", "DemandNeed", "DemandRoutes", "DesignView", "LinkNeed",
    "Phase", "Simulation", "availability_routes", "build_phases", "schedule_years", "section_order", "simulate",
    "simulate_availability", "view_from_design",
]
