"""Random shocks shared by the Monte Carlo models."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from .text import _
from .validation import check_count, check_generator, check_number

MOST_DRAWS = 2**24
"""Upper bound on the shocks drawn at once (128 MiB of floats)."""


def mean_one_lognormal(rng: np.random.Generator, sd: float, size: tuple[int, ...]) -> NDArray[np.float64]:
    """Lognormal shocks with mean 1 and standard deviation ``sd`` (``sd = 0`` gives ones).

    Notes
    -----
    With :math:`\\sigma^2 = \\ln(1 + sd^2)` and :math:`\\mu = -\\sigma^2/2`,
    :math:`e^{N(\\mu, \\sigma^2)}` has mean 1 and standard deviation ``sd``, in [0, 10].
    """
    rng = check_generator(rng)
    sd = check_number("sd", sd, 0, 10, "the standard deviation of the mean-one shocks")
    shape = size if isinstance(size, tuple) else (size,)
    shape = tuple(check_count("size", n, 0, MOST_DRAWS, "the number of shocks along each axis") for n in shape)
    if math.prod(shape) > MOST_DRAWS:
        raise ValueError(
            _("size={shape} asks for {count:,} shocks, more than {most_draws:,}").format(
                shape=shape, count=math.prod(shape), most_draws=MOST_DRAWS
            )
        )
    sigma2 = math.log1p(sd**2)
    return rng.lognormal(mean=-sigma2 / 2, sigma=math.sqrt(sigma2), size=shape)
