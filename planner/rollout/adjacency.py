"""Which terminal sections neighbour each other (for contiguous expansion).

Two sections are neighbours when either

1. their polygons touch or lie within ``gap_m`` of each other (roads and fences separate blocks
   that are next to each other on the ground), or
2. the fiber plant joins them directly: a fiber runs from a site of one section to a site of the
   other, possibly through sites that belong to no section (junctions, duct chambers).

The first rule follows the map, the second the cable; a port grows along both. Distances are
planar in the plan's projected CRS (metres).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import shapely
from shapely.geometry import Polygon

from planner.model import Plan

#: Default largest gap between two neighbouring section polygons (m): a quay road or a yard lane.
DEFAULT_GAP_M = 100.0


def section_polygons(plan: Plan) -> dict[str, Polygon | None]:
    out: dict[str, Polygon | None] = {}
    for sid, s in plan.sections.items():
        out[sid] = Polygon(s.polygon).buffer(0) if len(s.polygon) >= 3 else None
    return out


def section_distances(plan: Plan, polygons: dict[str, Polygon | None] | None = None) -> tuple[list[str], np.ndarray]:
    """Pairwise planar distance (m) between section polygons (inf where a polygon is missing)."""
    polys = polygons if polygons is not None else section_polygons(plan)
    ids = list(plan.sections)
    n = len(ids)
    geoms = np.array([polys[i] if polys[i] is not None else shapely.Point() for i in ids], dtype=object)
    dist = np.full((n, n), np.inf)
    if n:
        valid = np.array([polys[i] is not None for i in ids])
        for k in range(n):
            if valid[k]:
                d = shapely.distance(geoms[k], geoms)
                dist[k] = np.where(valid, d, np.inf)
        np.fill_diagonal(dist, 0.0)
    return ids, dist


def fiber_neighbours(plan: Plan, site_section: dict[str, str | None]) -> dict[str, set[str]]:
    """Sections joined by fiber, directly or through section-less sites."""
    adj: dict[str, list[str]] = defaultdict(list)
    for f in plan.fibers.values():
        if f.a in plan.sites and f.b in plan.sites:
            adj[f.a].append(f.b)
            adj[f.b].append(f.a)
    out: dict[str, set[str]] = defaultdict(set)
    for sid in plan.sections:
        start = [s for s, sec in site_section.items() if sec == sid]
        seen = set(start)
        stack = list(start)
        while stack:
            u = stack.pop()
            for v in adj.get(u, ()):
                if v in seen:
                    continue
                seen.add(v)
                sec = site_section.get(v)
                if sec is None:
                    stack.append(v)
                elif sec != sid:
                    out[sid].add(sec)
    return out


def section_adjacency(plan: Plan, site_section: dict[str, str | None] | None = None, *,
                      gap_m: float = DEFAULT_GAP_M) -> tuple[dict[str, set[str]], list[str], np.ndarray]:
    """Neighbours of every section (see module docstring) and the distance matrix used for ties."""
    if site_section is None:
        from planner.rollout.phases import site_sections

        site_section = site_sections(plan)
    ids, dist = section_distances(plan)
    nbr: dict[str, set[str]] = {sid: set() for sid in ids}
    close = np.argwhere(dist <= gap_m)
    for i, j in close:
        if i != j:
            nbr[ids[i]].add(ids[j])
    for sid, others in fiber_neighbours(plan, site_section).items():
        for o in others:
            nbr[sid].add(o)
            nbr[o].add(sid)
    return nbr, ids, dist
