"""Reports and exports of a plan (no Qt): the PDF feasibility and rollout report and data exports.

- ``write_report(plan, path, *, lang="en", paper="A4", sections=None, include_phases=True,
  date=None, progress=None, cancel=None) -> Path``: the PDF (reportlab).
- ``write_export(plan, path, fmt)``: CSV tables, one XLSX workbook or a GeoJSON of results.
"""

from planner.reports.doc import ReportCancelled
from planner.reports.exports import EXPORT_FORMATS, export_tables, write_export
from planner.reports.pdf import SECTIONS, render_report, write_report

__all__ = ["EXPORT_FORMATS", "SECTIONS", "ReportCancelled", "export_tables", "render_report", "write_export",
           "write_report"]
