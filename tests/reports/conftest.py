"""Shared fixtures: the example plan's engine results are computed once per test session."""

from __future__ import annotations

import io
import json

import pytest

from planner.io import load_plan
from planner.model import Demand, Fiber, Plan, PlanMeta, Section, Site, add
from planner.resources import example_plan

DATE = "2026-05-01"


@pytest.fixture(scope="session")
def harbor_path():
    return example_plan("harbor.qkdplan")


@pytest.fixture(scope="session")
def harbor(harbor_path):
    return load_plan(harbor_path)


@pytest.fixture(scope="session")
def harbor_eval(harbor):
    """One evaluation of the example (the solver runs up to its time limit: do it once)."""
    from planner.network.evaluate import evaluate

    return evaluate(harbor)


@pytest.fixture(scope="session")
def harbor_data(harbor, harbor_eval):
    from planner.reports.data import gather

    return gather(harbor, include_phases=True, evaluation=harbor_eval)


@pytest.fixture(scope="session")
def harbor_json(harbor_eval):
    """The ``evaluate --json`` document of that evaluation, as the CLI prints it."""
    return json.loads(json.dumps(harbor_eval.to_json(), indent=2, ensure_ascii=False))


@pytest.fixture(scope="session")
def harbor_pdf_en(harbor, harbor_data):
    from planner.reports import render_report

    return render_report(harbor, date=DATE, data=harbor_data)


@pytest.fixture(scope="session")
def harbor_pdf_zh(harbor, harbor_data):
    from planner.reports import render_report

    return render_report(harbor, lang="zh", date=DATE, data=harbor_data)


def tiny_plan() -> Plan:
    """A crane cabinet and a TOS 600 m apart over one fiber, one demand: evaluates in milliseconds."""
    plan = Plan(meta=PlanMeta(name="Tiny berth", port="Test port", crs="EPSG:32651"))
    x0, y0 = 247_000.0, 3_985_000.0
    add("section", Section("sec", "Berth", ((x0, y0), (x0 + 800, y0), (x0 + 800, y0 + 300), (x0, y0 + 300)), 3,
                           "berth")).apply(plan)
    add("site", Site("crane", "Crane cabinet", "crane_control", x0 + 50, y0 + 20)).apply(plan)
    add("site", Site("tos", "Terminal operations", "terminal_ops", x0 + 650, y0 + 250, can_relay=True)).apply(plan)
    add("fiber", Fiber("f1", "crane", "tos", vertices=((x0 + 650, y0 + 20),))).apply(plan)
    add("demand", Demand("d1", "crane", "tos", required_bps=512.0, name="Crane control")).apply(plan)
    return plan


@pytest.fixture
def tiny(tmp_path):
    from planner.io import save_plan

    plan = tiny_plan()
    path = tmp_path / "tiny.qkdplan"
    save_plan(plan, path)
    return plan, path


@pytest.fixture(scope="session")
def pdf_text():
    """Text of each page of a PDF (pypdf)."""
    from pypdf import PdfReader

    def extract(pdf: bytes) -> list[str]:
        return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]

    return extract
