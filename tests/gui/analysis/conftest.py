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


@pytest.fixture
def analysis(document, scene):
    from planner.gui.analysis.panel import MapAnalysis

    a = MapAnalysis(document, scene, debounce_ms=50)
    yield a
    a.shutdown()
    a.panel.deleteLater()
