"""Prices the network optimiser minimises, taken from the cost book (``planner.costs``).

The optimiser's objective is the build cost that depends on its choices:

- a QKD link: ``CostBook.link_capex`` (device pair, installation, DWDM filters when the path shares
  fiber with classical channels);
- a trusted node: ``CostBook.trusted_node_capex`` (the site's ``relay_cost`` or the book's fit-out,
  plus installation);
- a new (``planned``) fiber: ``CostBook.new_fiber_cost`` (trench by ground type, cable, splices).

Parts that do not change the choice (central key management, engineering as a fraction of the
rest) are added by ``planner.costs.capex_breakdown`` when an evaluation prices the whole build.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from planner.model import Plan


@dataclass(frozen=True)
class Pricing:
    """Unit prices for one plan, read from the cost book with the plan's overrides."""

    book: Any

    @classmethod
    def for_plan(cls, plan: Plan, book: Any = None) -> Pricing:
        if book is None:
            from planner.costs import load_cost_book

            book = load_cost_book(plan)
        return cls(book=book)

    def link(self, device: Any, *, coexistence: bool = False) -> float:
        return float(self.book.link_capex(device, coexistence=coexistence))

    def trusted_node(self, site: Any) -> float:
        return float(self.book.trusted_node_capex(site))

    def new_fiber(self, length_m: float, ground: str) -> float:
        return float(self.book.new_fiber_cost(length_m, ground))

    @property
    def currency(self) -> str:
        return str(getattr(self.book, "currency", ""))
