"""Counts the fuzz cases each loader saw and prints the totals after the run."""

from __future__ import annotations

from collections import Counter

import pytest

_COUNTS: Counter[str] = Counter()


@pytest.fixture(scope="session")
def fuzz_count() -> Counter[str]:
    """``fuzz_count[loader] += 1`` once per generated case."""
    return _COUNTS


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """One folder per module for fuzz cases that need a file (rewritten by every case)."""
    return tmp_path_factory.mktemp("fuzz")


def pytest_terminal_summary(terminalreporter) -> None:
    if _COUNTS:
        total = sum(_COUNTS.values())
        per = "; ".join(f"{k} {v}" for k, v in sorted(_COUNTS.items()))
        terminalreporter.write_line(f"fuzz cases run: {total} ({per})")
