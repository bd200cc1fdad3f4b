"""Mean-one lognormal shocks have the mean and spread asked for."""

from __future__ import annotations

import numpy as np
import pytest

from o2o_models.shocks import mean_one_lognormal


@pytest.mark.parametrize("sd", [0.3, 1.0])
def test_shocks_have_mean_one_and_the_asked_standard_deviation(sd: float) -> None:
    draws = mean_one_lognormal(np.random.default_rng(1), sd, (400_000,))
    assert draws.mean() == pytest.approx(1.0, abs=0.01)
    assert draws.std() == pytest.approx(sd, rel=0.03)


def test_no_spread_gives_ones() -> None:
    assert (mean_one_lognormal(np.random.default_rng(1), 0.0, (5,)) == 1).all()
