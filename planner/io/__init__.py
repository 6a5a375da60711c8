"""Files: ``.qkdplan`` plans, GeoJSON interchange, atomic writes (no Qt)."""

from planner.io.atomic import atomic_write_bytes, atomic_write_text
from planner.io.planfile import (
    FORMAT_NAME,
    SCHEMA_VERSION,
    dumps_plan,
    load_plan,
    plan_from_data,
    plan_to_data,
    save_plan,
)


def save_any(plan, path):
    """Save as GeoJSON when the name ends in .geojson, else as a ``.qkdplan``."""
    from pathlib import Path

    if Path(path).suffix.lower() in (".geojson", ".json"):
        from planner.io.geojson import save_geojson

        return save_geojson(plan, path)
    return save_plan(plan, path)


__all__ = ["FORMAT_NAME", "SCHEMA_VERSION", "atomic_write_bytes", "atomic_write_text", "dumps_plan",
           "load_plan", "plan_from_data", "plan_to_data", "save_any", "save_plan"]
