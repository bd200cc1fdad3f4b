"""Bidding for rank (竞价排名): what advertisers pay per click for ranked slots.

Slots on a results page are ranked; slot ``k`` gets a click-through rate ``ctrs[k]``
(clicks per impression), highest first. Advertisers bid per click. Two pricing rules:

- Generalised second price (GSP), as search engines run it: the k-th highest bidder gets
  slot k and pays the (k+1)-th highest bid per click.
- Vickrey-Clarke-Groves (VCG): each pays the externality it imposes on those below.

At the same bids GSP raises at least as much as VCG (Edelman, Ostrovsky and Schwarz 2007).
Money is in CNY per click.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from .validation import check_count, check_range, check_seed


def _ranked(bids: ArrayLike, ctrs: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Bids sorted high to low and checked ctrs (positive, non-increasing)."""
    b = np.atleast_1d(check_range("bids", bids, 0, math.inf, "bids per click, CNY"))
    c = np.atleast_1d(check_range("ctrs", ctrs, 0, 1, "click-through rates of the slots", low_open=True))
    if b.ndim != 1 or c.ndim != 1 or len(b) == 0 or len(c) == 0:
        raise ValueError("bids and ctrs must be non-empty lists of numbers")
    if np.any(np.diff(c) > 0):
        raise ValueError(f"ctrs={c.tolist()} must be non-increasing: slot 1 is the best slot")
    return np.sort(b)[::-1], c


def gsp_prices(bids: ArrayLike, ctrs: ArrayLike) -> NDArray[np.float64]:
    """Per-click prices under the generalised second price auction, in slot order.

    Parameters
    ----------
    bids : each advertiser's bid per click, CNY, >= 0.
    ctrs : the slots' click-through rates, in (0, 1], non-increasing.

    Returns
    -------
    ndarray
        Length min(bidders, slots): slot k pays the (k+1)-th highest bid, 0 where none.

    Notes
    -----
    .. math:: p_k^{GSP} = b_{(k+1)}

    References
    ----------
    Edelman, B., Ostrovsky, M. and Schwarz, M. (2007), "Internet advertising and the
    generalized second-price auction", American Economic Review 97(1): 242-259.

    Examples
    --------
    >>> gsp_prices([10, 4, 2], [0.2, 0.1]).tolist()
    [4.0, 2.0]
    """
    b, c = _ranked(bids, ctrs)
    filled = min(len(b), len(c))
    below = np.append(b, 0.0)
    return below[1:filled + 1].copy()


def vcg_prices(bids: ArrayLike, ctrs: ArrayLike) -> NDArray[np.float64]:
    """Per-click prices under Vickrey-Clarke-Groves, in slot order.

    Returns
    -------
    ndarray
        p_k = (1/ctr_k) x sum over j >= k of (ctr_j - ctr_{j+1}) x b_(j+1), with ctr 0
        beyond the last slot and bid 0 beyond the last bidder.

    Notes
    -----
    .. math:: p_k^{VCG} = \\frac{1}{\\alpha_k}\\sum_{j \\ge k} (\\alpha_j - \\alpha_{j+1})\\, b_{(j+1)}

    References
    ----------
    Varian, H. R. (2007), "Position auctions", International Journal of Industrial
    Organization 25(6): 1163-1178.

    Examples
    --------
    >>> [round(p, 6) for p in vcg_prices([10, 4, 2], [0.2, 0.1]).tolist()]
    [3.0, 2.0]
    """
    b, c = _ranked(bids, ctrs)
    filled = min(len(b), len(c))
    alpha = np.append(c[:filled], 0.0)
    next_bid = np.append(b, 0.0)[1:filled + 1]
    externality = (alpha[:-1] - alpha[1:]) * next_bid
    return np.cumsum(externality[::-1])[::-1] / alpha[:-1]


def revenue(prices: ArrayLike, ctrs: ArrayLike) -> float:
    """Expected revenue per impression: sum of ctr_k x price_k over the filled slots, CNY."""
    p = np.atleast_1d(check_range("prices", prices, 0, math.inf, "prices per click, CNY"))
    c = np.atleast_1d(check_range("ctrs", ctrs, 0, 1, "click-through rates of the slots"))
    return float(np.sum(p * c[:len(p)]))


def prices_by_bidders(
    max_bidders: int = 12,
    ctrs: ArrayLike = (0.10, 0.06, 0.04),
    value_low: float = 1.0,
    value_high: float = 10.0,
    n_draws: int = 400,
    seed: int = 2014,
) -> pd.DataFrame:
    """Mean price per click by slot as more advertisers bid (truthful bids).

    For each number of bidders n = 1..max_bidders, draws ``n_draws`` sets of values
    Uniform(value_low, value_high), bids them, and averages GSP and VCG prices by slot
    (an empty slot counts as price 0). Vectorised over the draws: the same formulas as
    `gsp_prices` and `vcg_prices`, applied to every draw at once.

    Returns
    -------
    DataFrame
        Long format: ``bidders``, ``slot`` (1 = top), ``mechanism`` ("GSP"/"VCG"),
        ``price_per_click_cny``.

    Examples
    --------
    >>> frame = prices_by_bidders(max_bidders=3, n_draws=50)
    >>> sorted(frame["mechanism"].unique().tolist())
    ['GSP', 'VCG']
    """
    most = check_count("max_bidders", max_bidders, 1, 50, "the largest number of bidders")
    draws = check_count("n_draws", n_draws, 1, 100_000, "simulated auctions per number of bidders")
    low = float(check_range("value_low", value_low, 0, math.inf, "the lowest value per click, CNY"))
    high = float(check_range("value_high", value_high, low, math.inf, "the highest value per click, CNY"))
    rng = check_seed(seed)
    _, c = _ranked([0.0], ctrs)
    alpha = np.append(c, 0.0)
    frames = []
    for n in range(1, most + 1):
        ranked = -np.sort(-rng.uniform(low, high, size=(draws, n)), axis=1)
        padded = np.hstack([ranked, np.zeros((draws, len(c) + 1))])
        next_bid = padded[:, 1:len(c) + 1]  # the bid one rank below each slot, 0 where none
        externality = (alpha[:-1] - alpha[1:]) * next_bid
        vcg = np.cumsum(externality[:, ::-1], axis=1)[:, ::-1] / alpha[:-1]
        for mechanism, prices in (("GSP", next_bid), ("VCG", vcg)):
            frames.append(pd.DataFrame({"bidders": n, "slot": np.arange(1, len(c) + 1), "mechanism": mechanism,
                                        "price_per_click_cny": prices.mean(axis=0)}))
    return pd.concat(frames, ignore_index=True)
