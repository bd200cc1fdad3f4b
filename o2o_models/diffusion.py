"""Word of mouth as diffusion: the Bass model of how a new merchant's name spreads.

Some customers come on their own (innovation, coefficient ``p``: advertising, the
platform's listing); others because people they know already came (imitation,
coefficient ``q``: the C2C spread the article wants members to start). Of a market of
``m`` potential customers, the Bass model gives the cumulative number who have come.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from .validation import check_count, check_range


def _check(p: float, q: float, m: float) -> tuple[float, float, float]:
    return (
        float(check_range("p", p, 0, 1, "the coefficient of innovation per period", low_open=True)),
        float(check_range("q", q, 0, 1, "the coefficient of imitation (word of mouth) per period")),
        float(check_range("m", m, 0, math.inf, "the market potential, people", low_open=True)),
    )


def bass_adoption(p: float, q: float, m: float, periods: int) -> NDArray[np.float64]:
    """Cumulative adopters at t = 0, 1, ..., periods (closed form).

    Parameters
    ----------
    p : coefficient of innovation, per period, in (0, 1].
    q : coefficient of imitation (word of mouth), per period, in [0, 1].
    m : market potential, people, > 0.
    periods : the last period, 1 to 1000.

    Returns
    -------
    ndarray
        N(t) = m (1 - exp(-(p+q) t)) / (1 + (q/p) exp(-(p+q) t)), length periods + 1.

    Notes
    -----
    .. math:: N(t) = m\\,\\frac{1 - e^{-(p+q)t}}{1 + \\frac{q}{p} e^{-(p+q)t}}

    References
    ----------
    Bass, F. M. (1969), "A new product growth for model consumer durables",
    Management Science 15(5): 215-227.

    Examples
    --------
    >>> [round(float(x), 2) for x in bass_adoption(p=0.03, q=0.38, m=1000, periods=2)]
    [0.0, 35.76, 85.06]
    """
    p, q, m = _check(p, q, m)
    horizon = check_count("periods", periods, 1, 1000, "the number of periods")
    t = np.arange(horizon + 1, dtype=float)
    decay = np.exp(-(p + q) * t)
    return m * (1 - decay) / (1 + (q / p) * decay)


def bass_peak(p: float, q: float, m: float) -> tuple[float, float]:
    """When adoption is fastest, and how fast: (t*, peak adopters per period).

    Returns
    -------
    tuple
        (ln(q/p) / (p+q), m (p+q)^2 / (4q)) when q > p. When q <= p word of mouth is too
        weak to build up: adoption is fastest at the start, so (0.0, m p).

    Notes
    -----
    The adoption rate :math:`n(t) = dN/dt` peaks where :math:`dn/dt = 0`:
    :math:`t^* = \\ln(q/p)/(p+q)` and :math:`n(t^*) = m(p+q)^2/(4q)`.

    References
    ----------
    Bass (1969), Management Science 15(5): 215-227.

    Examples
    --------
    >>> t, rate = bass_peak(p=0.03, q=0.38, m=1000)
    >>> round(t, 3), round(rate, 2)
    (6.193, 110.59)
    """
    p, q, m = _check(p, q, m)
    if q <= p:
        return 0.0, m * p
    return math.log(q / p) / (p + q), m * (p + q) ** 2 / (4 * q)


def bass_frame(p: float, q: float, m: float, periods: int) -> pd.DataFrame:
    """`bass_adoption` as a chart-ready frame: ``period``, ``cumulative_adopters``, ``new_adopters``."""
    cumulative = bass_adoption(p, q, m, periods)
    return pd.DataFrame({
        "period": np.arange(len(cumulative)),
        "cumulative_adopters": cumulative,
        "new_adopters": np.diff(cumulative, prepend=0.0),
    })
