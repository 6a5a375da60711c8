"""Cost model: the cost book (unit prices with sources), CAPEX, OPEX per year and TCO (no Qt).

Sits below ``planner.network`` and ``planner.rollout``: nothing here imports them.
"""

from planner.costs.book import DEVICE_CLASSES, CostBook, cost_book_from_data, load_cost_book
from planner.costs.capex import (
    CAPEX_PARTS,
    BuildSet,
    CapexBreakdown,
    CostSummary,
    FiberItem,
    LinkItem,
    OpexBreakdown,
    capex,
    capex_breakdown,
    cost_summary,
    design_build_set,
    design_link_item,
    merge_builds,
    opex_breakdown,
    opex_per_year,
    plan_devices,
    tco,
    tco_schedule,
)

__all__ = [
    "CAPEX_PARTS", "DEVICE_CLASSES", "BuildSet", "CapexBreakdown", "CostBook", "CostSummary", "FiberItem",
    "LinkItem", "OpexBreakdown", "capex", "capex_breakdown", "cost_book_from_data", "cost_summary",
    "design_build_set", "design_link_item",
    "load_cost_book", "merge_builds", "opex_breakdown", "opex_per_year", "plan_devices", "tco", "tco_schedule",
]
