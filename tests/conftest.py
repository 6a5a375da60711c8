"""Shared test set-up. Qt must never try to open a display in tests (it would abort pytest)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """An isolated user data folder (autosave/recovery files) for the app."""
    d = tmp_path / "appdata"
    d.mkdir()
    monkeypatch.setenv("PLANNER_DATA_DIR", str(d))
    return d
