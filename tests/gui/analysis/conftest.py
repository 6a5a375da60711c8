"""Fixtures of the analysis GUI tests: the example plan in a document and a scene."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from planner.io import load_plan  # noqa: E402
from planner.resources import example_plan  # noqa: E402


@pytest.fixture
def example():
    return load_plan(example_plan())


@pytest.fixture
def document(qapp, example):
    from planner.gui.document import PlanDocument

    doc = PlanDocument(example, example_plan())
    yield doc
    doc.deleteLater()


@pytest.fixture
def scene(document):
    from planner.gui.canvas.scene import PlanScene

    s = PlanScene(document)
    yield s
    s.clear()


def _quick(plan, cancelled):
    from planner.gui.analysis.worker import quick_stage

    return quick_stage(plan)


@pytest.fixture
def analysis(document, scene):
    """Live analysis with the loss-budget stage only (fast: no network design)."""
    from planner.gui.analysis.panel import MapAnalysis

    a = MapAnalysis(document, scene, evaluator=_quick, debounce_ms=50)
    yield a
    a.shutdown()
    a.panel.deleteLater()


@pytest.fixture
def full_analysis(document, scene):
    """Live analysis with the app's default evaluator (loss budgets, then the network design)."""
    from planner.gui.analysis.panel import MapAnalysis

    a = MapAnalysis(document, scene, debounce_ms=50)
    yield a
    a.shutdown()
    a.panel.deleteLater()


@pytest.fixture(scope="session")
def design_json():
    """The example plan's full evaluation (with the design), computed once per session."""
    from planner.gui.analysis.worker import DefaultEvaluator

    return list(DefaultEvaluator()(load_plan(example_plan()), lambda: False))[-1]


@pytest.fixture
def result(example, design_json):
    from planner.gui.analysis.result import build_result

    return build_result(design_json, 0, plan=example)
