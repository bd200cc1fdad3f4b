"""Random shocks shared by the Monte Carlo models."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray


def mean_one_lognormal(rng: np.random.Generator, sd: float, size: tuple[int, ...]) -> NDArray[np.float64]:
    """Lognormal shocks with mean 1 and standard deviation ``sd`` (``sd = 0`` gives ones).

    Notes
    -----
    With :math:`\\sigma^2 = \\ln(1 + sd^2)` and :math:`\\mu = -\\sigma^2/2`,
    :math:`e^{N(\\mu, \\sigma^2)}` has mean 1 and standard deviation ``sd``.
    """
    sigma2 = math.log1p(sd**2)
    return rng.lognormal(mean=-sigma2 / 2, sigma=math.sqrt(sigma2), size=size)
