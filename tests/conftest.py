"""Settings every test shares."""

from __future__ import annotations

import altair as alt
import pytest


@pytest.fixture(autouse=True, scope="session")
def _site_grids_serialise() -> None:
    """A site chart's grid is bounded by `gridchart.MAX_GRID_ROWS` (and its page by the site's weight test), not by
    Altair's 5,000-row guard for charts drawn in a notebook: the site build lifts that guard, and so do the tests."""
    alt.data_transformers.disable_max_rows()
