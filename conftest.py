"""Test-wide settings, for tests/ and the lessons nbval runs: self-checks run by the tests record no attempts."""

from __future__ import annotations

import os

import pytest

os.environ["O2O_PROGRESS"] = "off"  # set before any kernel starts, so the lessons' kernels inherit it


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every lesson nbval executes is a slow test (`make check` leaves them to `make test`)."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)
