"""Bidding for rank (竞价排名): what advertisers pay per click for ranked ad slots.

The article expects WeChat to sell paid traffic through ranked listings, and so "就会存在流量
价格的竞争" (there will be competition over the price of traffic). A results page has ranked
slots; slot k gets ``ctrs[k]`` clicks (per impression, or per hour: only the ratios matter
for prices), best slot first. Advertisers bid per click. Two pricing rules:

- Generalised second price (GSP), as search engines run it: the k-th highest bidder gets
  slot k and pays the (k+1)-th highest bid per click.
- Vickrey-Clarke-Groves (VCG): each winner pays, in total, the clicks its presence takes
  away from the bidders below it, valued at their bids.

At the same bids GSP charges at least VCG in every slot. But bidding one's value is a
dominant strategy only under VCG: under GSP advertisers shade their bids. In the lowest
envy-free equilibrium of GSP (Edelman, Ostrovsky and Schwarz 2007; Varian 2007) each
advertiser pays exactly its VCG price, so the two rules raise the same revenue:
`gsp_equilibrium_bids`, `gsp_equilibrium_prices`. Money is in CNY per click.

A winner's price comes from the bids below it, never from its own: an advertiser that values
clicks more wins a better slot, not a dearer price for the same slot. A platform that wants
more from advertisers who need steady traffic has two levers: fewer clicks to sell (scarcer
slots, as the H5 split made them) and a ``reserve`` price. With a reserve :math:`r` every
function here drops the bids below :math:`r` (they win nothing) and prices each slot as if an
extra bidder bid :math:`r` below the others: the last winner pays :math:`r`, each winner at least
:math:`r` (Edelman and Schwarz 2010; Varian 2007, section 6).

At about 480 lines the module runs past the house length (about 300): GSP at truthful bids, VCG
and GSP's lowest envy-free equilibrium stand side by side, with the reserve price, so a student
compares the rules in one file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from .text import N_, _
from .validation import MONEY, PER_CLICK, SEED, check_count, check_number, check_range, check_seed

GSP_TRUTHFUL = N_("GSP at truthful bids")
VCG = N_("VCG = GSP in equilibrium")


def _check_ctrs(ctrs: ArrayLike) -> NDArray[np.float64]:
    """The slots' click-through rates as a 1-d array: positive and non-increasing."""
    rates = np.atleast_1d(check_range("ctrs", ctrs, 0, MONEY, "clicks a slot receives, best slot first", low_open=True))
    if rates.ndim != 1 or rates.size == 0:
        raise ValueError(
            _("ctrs has shape {rates_shape}: give one click-through rate per slot, a flat list").format(
                rates_shape=rates.shape
            )
        )
    if np.any(np.diff(rates) > 0):
        raise ValueError(_("ctrs={rates} must be non-increasing: slot 1 is the best slot").format(rates=rates.tolist()))
    return rates


def _check_bids(bids: ArrayLike) -> NDArray[np.float64]:
    """The bids as a 1-d array of numbers >= 0, sorted from highest to lowest."""
    offers = np.atleast_1d(check_range("bids", bids, 0, MONEY, "each advertiser's bid per click, CNY"))
    if offers.ndim != 1:
        raise ValueError(
            _("bids has shape {offers_shape}: give one bid per advertiser, a flat list").format(
                offers_shape=offers.shape
            )
        )
    return -np.sort(-offers)


def _check_reserve(reserve: float) -> float:
    """The reserve price per click, CNY, >= 0 (0: none)."""
    return check_number("reserve", reserve, 0, MONEY, "the reserve price per click, CNY (0: none)")


def _prices(ranked: NDArray[np.float64], ctrs: NDArray[np.float64], reserve: float = 0.0) -> tuple[NDArray, NDArray]:
    """GSP and VCG prices for every slot, from bids ranked high to low along the last axis.

    Works on one auction (shape ``(bidders,)``) or many at once (``(auctions, bidders)``).
    A slot with no bidder below it, or no bidder at all, has price ``reserve`` (0 by default):
    every bid below the reserve counts as the reserve, as if the platform bid it.
    """
    slots = len(ctrs)
    padding = np.zeros(ranked.shape[:-1] + (slots + 1,))
    bid_below = np.maximum(np.concatenate([ranked, padding], axis=-1)[..., 1 : slots + 1], reserve)
    alpha = np.append(ctrs, 0.0)
    clicks_taken = (alpha[:-1] - alpha[1:]) * bid_below  # slot j's harm to the bidder one rank down
    vcg = np.cumsum(clicks_taken[..., ::-1], axis=-1)[..., ::-1] / ctrs
    return bid_below, vcg


def gsp_prices(bids: ArrayLike, ctrs: ArrayLike, reserve: float = 0.0) -> NDArray[np.float64]:
    """Per-click prices under the generalised second price auction, in slot order.

    Parameters
    ----------
    bids : array_like
        Each advertiser's bid per click, CNY, >= 0, in any order.
    ctrs : array_like
        Clicks each slot receives (a rate per impression, or clicks per hour), > 0 and
        non-increasing: slot 1 is the best.
    reserve : float
        Reserve price per click, CNY, >= 0 (0: none): a bid below it wins nothing, and every
        winner pays at least it.

    Returns
    -------
    ndarray
        CNY per click, length min(bidders, slots): the k-th highest bidder takes slot k and
        pays the (k+1)-th highest bid, 0 when no one bids below it.

    Raises
    ------
    ValueError
        If a bid is negative or NaN, or ``ctrs`` is not positive and non-increasing.

    Notes
    -----
    With bids ranked :math:`b_{(1)} \\ge b_{(2)} \\ge \\dots`:

    .. math:: p_k^{GSP} = b_{(k+1)}

    References
    ----------
    Edelman, B., Ostrovsky, M. and Schwarz, M. (2007), "Internet advertising and the
    generalized second-price auction: selling billions of dollars worth of keywords",
    American Economic Review 97(1): 242-259.

    Examples
    --------
    >>> gsp_prices([10, 4, 2], [200, 100]).tolist()
    [4.0, 2.0]

    A reserve of 3 leaves the bid of 2 out: the second slot pays the reserve.

    >>> gsp_prices([10, 4, 2], [200, 100], reserve=3).tolist()
    [4.0, 3.0]
    """
    ranked, rates, floor = _check_bids(bids), _check_ctrs(ctrs), _check_reserve(reserve)
    ranked = ranked[ranked >= floor]  # a bid below the reserve wins nothing
    gsp, _vcg = _prices(ranked, rates, floor)
    return gsp[: min(len(ranked), len(rates))]


def vcg_prices(bids: ArrayLike, ctrs: ArrayLike, reserve: float = 0.0) -> NDArray[np.float64]:
    """Per-click prices under the Vickrey-Clarke-Groves mechanism, in slot order.

    Parameters
    ----------
    bids : array_like
        Each advertiser's bid per click, CNY, >= 0, in any order.
    ctrs : array_like
        Clicks each slot receives, > 0 and non-increasing.
    reserve : float
        Reserve price per click, CNY, >= 0 (0: none): a bid below it wins nothing, and every
        winner pays at least it.

    Returns
    -------
    ndarray
        CNY per click, length min(bidders, slots).

    Raises
    ------
    ValueError
        If a bid is negative or NaN, or ``ctrs`` is not positive and non-increasing.

    Notes
    -----
    The winner of slot k pushes every bidder below it down one slot. Its total payment is
    the clicks they lose, valued at their bids; per click:

    .. math:: p_k^{VCG} = \\frac{1}{\\alpha_k}\\sum_{j \\ge k} (\\alpha_j - \\alpha_{j+1})\\, b_{(j+1)}

    with :math:`\\alpha` = ``ctrs``, :math:`\\alpha_j = 0` beyond the last slot and
    :math:`b_{(j)} = 0` beyond the last bidder. Each term is at most
    :math:`(\\alpha_j - \\alpha_{j+1})\\, b_{(k+1)}`, so :math:`p_k^{VCG} \\le p_k^{GSP}`.

    References
    ----------
    Varian, H. R. (2007), "Position auctions", International Journal of Industrial
    Organization 25(6): 1163-1178.

    Examples
    --------
    Slot 1 takes 100 clicks from the bidder at 4 and 100 from the bidder at 2:
    (100 x 4 + 100 x 2) / 200 = 3 per click.

    >>> vcg_prices([10, 4, 2], [200, 100]).tolist()
    [3.0, 2.0]
    """
    ranked, rates, floor = _check_bids(bids), _check_ctrs(ctrs), _check_reserve(reserve)
    ranked = ranked[ranked >= floor]  # a bid below the reserve wins nothing
    _gsp, vcg = _prices(ranked, rates, floor)
    return vcg[: min(len(ranked), len(rates))]


def _check_values(values: ArrayLike) -> NDArray[np.float64]:
    """Each advertiser's value per click as a flat 1-d array of numbers >= 0, in the given order."""
    worth = np.atleast_1d(check_range("values", values, 0, MONEY, "each advertiser's value of a click, CNY"))
    if worth.ndim != 1:
        raise ValueError(
            _("values has shape {worth_shape}: give one value per advertiser, a flat list").format(
                worth_shape=worth.shape
            )
        )
    return worth


def gsp_equilibrium_bids(values: ArrayLike, ctrs: ArrayLike, reserve: float = 0.0) -> NDArray[np.float64]:
    """Bids in the lowest envy-free equilibrium of GSP, one per advertiser, in the order of ``values``.

    Parameters
    ----------
    values : array_like
        Each advertiser's value of a click, CNY, >= 0 (what a click earns it), in any order.
    ctrs : array_like
        Clicks each slot receives, > 0 and non-increasing.
    reserve : float
        Reserve price per click, CNY, >= 0 (0: none): a bid below it wins nothing, and every
        winner pays at least it.

    Returns
    -------
    ndarray
        Bid per click, CNY, for each advertiser, same order and length as ``values``.

    Raises
    ------
    ValueError
        If a value is negative or not finite, or ``ctrs`` is not positive and non-increasing.

    Notes
    -----
    Rank values :math:`v_{(1)} \\ge v_{(2)} \\ge \\dots` and let :math:`\\alpha_j = 0` beyond
    the last slot. The advertiser ranked :math:`k \\ge 2` bids the price at which it would be
    indifferent between its own slot, at its own price, and the slot above, at that bid:

    .. math:: b_{(k)} = \\frac{1}{\\alpha_{k-1}} \\sum_{j \\ge k} (\\alpha_{j-1} - \\alpha_j)\\, v_{(j)}

    Every bid is at most the bidder's value (bids are shaded), advertisers without a slot
    bid their value, and the top advertiser's bid, which it never pays, is set to its value.
    Under GSP slot k then pays :math:`b_{(k+1)}`, which is exactly its VCG price at
    truthful values (`gsp_equilibrium_prices`).

    References
    ----------
    Edelman, B., Ostrovsky, M. and Schwarz, M. (2007), American Economic Review 97(1):
    242-259, Theorem 1. Varian, H. R. (2007), "Position auctions", International Journal
    of Industrial Organization 25(6): 1163-1178.

    Examples
    --------
    Values 10, 4 and 2 for two slots with 200 and 100 clicks: the second bidder bids
    (100 x 4 + 100 x 2) / 200 = 3, below its value of 4.

    >>> gsp_equilibrium_bids([4, 10, 2], [200, 100]).tolist()
    [3.0, 10.0, 2.0]
    """
    worth, rates, floor = _check_values(values), _check_ctrs(ctrs), _check_reserve(reserve)
    if worth.size == 0:
        return worth
    order = np.argsort(-worth, kind="stable")
    _gsp, vcg = _prices(worth[order], rates, floor)  # vcg[k] is what slot k+1's winner pays: the bid of rank k+2
    ranked_bids = worth[order].copy()
    shaded = max(0, min(len(rates), int((worth >= floor).sum()) - 1))  # below the reserve: bid the value, win nothing
    ranked_bids[1 : shaded + 1] = vcg[:shaded]
    bids = np.empty_like(worth)
    bids[order] = ranked_bids
    return bids


def gsp_equilibrium_prices(values: ArrayLike, ctrs: ArrayLike, reserve: float = 0.0) -> NDArray[np.float64]:
    """Per-click prices, in slot order, when advertisers bid `gsp_equilibrium_bids` under GSP.

    Parameters
    ----------
    values : array_like
        Each advertiser's value of a click, CNY, >= 0, in any order.
    ctrs : array_like
        Clicks each slot receives, > 0 and non-increasing.
    reserve : float
        Reserve price per click, CNY, >= 0 (0: none): a bid below it wins nothing, and every
        winner pays at least it.

    Returns
    -------
    ndarray
        CNY per click, length min(advertisers, slots): slot k pays the bid ranked k + 1,
        which equals its VCG price at truthful values.

    Raises
    ------
    ValueError
        If a value is negative or not finite, or ``ctrs`` is not positive and non-increasing.

    Notes
    -----
    .. math:: p_k^{GSP,\\,eq} = b_{(k+1)}
              = \\frac{1}{\\alpha_k}\\sum_{j \\ge k} (\\alpha_j - \\alpha_{j+1})\\, v_{(j+1)} = p_k^{VCG}

    so GSP's equilibrium revenue equals VCG's: the gap at truthful bids is not what a
    platform would earn.

    References
    ----------
    Edelman, Ostrovsky and Schwarz (2007); Varian (2007), as in `gsp_equilibrium_bids`.

    Examples
    --------
    >>> gsp_equilibrium_prices([10, 4, 2], [200, 100]).tolist()
    [3.0, 2.0]
    """
    return gsp_prices(gsp_equilibrium_bids(values, ctrs, reserve), ctrs, reserve)


def slot_and_price(
    own_value: ArrayLike, rival_values: ArrayLike, ctrs: ArrayLike, reserve: float = 0.0
) -> tuple[NDArray, NDArray]:
    """The slot one advertiser wins in GSP's equilibrium, and its price per click, for many auctions at once.

    Parameters
    ----------
    own_value : array_like
        The advertiser's value of a click, CNY, >= 0; broadcast against the auctions.
    rival_values : array_like
        Rivals' values of a click, CNY, >= 0, along the last axis (shape ``(..., rivals)``);
        one auction per leading index.
    ctrs : array_like
        Clicks each slot receives, > 0 and non-increasing.
    reserve : float
        Reserve price per click, CNY, >= 0 (0: none): a bid below it wins nothing, and every
        winner pays at least it.

    Returns
    -------
    (slot, price) : tuple of ndarray
        ``slot`` is 1 for the top slot, 0 when the advertiser wins none; ``price`` is CNY per
        click, 0 without a slot. Shape: ``rival_values.shape[:-1]``.

    Raises
    ------
    ValueError
        If a value is negative or not finite, or ``ctrs`` is not positive and non-increasing.

    Notes
    -----
    The equilibrium is efficient: the advertiser's rank is one plus the rivals who value a
    click more (ties go to it), and it pays the VCG price of that slot,
    :math:`\\frac{1}{\\alpha_k}\\sum_{j \\ge k}(\\alpha_j - \\alpha_{j+1})\\,v_{(j+1)}`, which
    never exceeds its own value.

    References
    ----------
    Edelman, Ostrovsky and Schwarz (2007); Varian (2007), as in `gsp_equilibrium_bids`.

    Examples
    --------
    >>> slot, price = slot_and_price(10, [[4, 2]], [200, 100])
    >>> slot.tolist(), price.tolist()
    ([1], [3.0])
    """
    own = check_range("own_value", own_value, 0, MONEY, "the advertiser's value of a click, CNY")
    rivals = check_range("rival_values", rival_values, 0, MONEY, "the rivals' values of a click, CNY")
    rates, floor = _check_ctrs(ctrs), _check_reserve(reserve)
    if rivals.ndim == 0:
        raise ValueError(_("rival_values must hold the rivals' values along its last axis, e.g. [[4, 2]]"))
    try:
        own = np.broadcast_to(own, rivals.shape[:-1])
    except ValueError:
        raise ValueError(
            _(
                "own_value has shape {own_shape} but rival_values holds {rivals_shape} "
                "auction(s): give one value, or one per auction"
            ).format(own_shape=own.shape, rivals_shape=rivals.shape[:-1] or "one")
        ) from None
    rank = (rivals > own[..., None]).sum(axis=-1)  # rivals above it: 0 means the top slot
    ordered = -np.sort(-np.concatenate([rivals, own[..., None]], axis=-1), axis=-1)
    _gsp, vcg = _prices(ordered[..., : len(rates) + 1], rates, floor)  # the bids down to one below the last slot
    has_slot = (rank < len(rates)) & (own >= floor)
    price = np.where(
        has_slot, np.take_along_axis(vcg, np.minimum(rank, len(rates) - 1)[..., None], axis=-1)[..., 0], 0.0
    )
    return np.where(has_slot, rank + 1, 0), price


def revenue(prices: ArrayLike, ctrs: ArrayLike) -> float:
    """The auctioneer's revenue: price per click times clicks, summed over filled slots.

    Parameters
    ----------
    prices : array_like
        Price per click of each filled slot, in slot order, CNY, >= 0 (from `gsp_prices`
        or `vcg_prices`).
    ctrs : array_like
        Clicks each slot receives, > 0 and non-increasing; at least as many as ``prices``.

    Returns
    -------
    float
        CNY per impression when ``ctrs`` are rates per impression (CNY per hour when they
        are clicks per hour).

    Raises
    ------
    ValueError
        If a price is negative or NaN, ``ctrs`` is invalid, or there are more prices than slots.

    Notes
    -----
    .. math:: R = \\sum_k \\alpha_k\\, p_k

    References
    ----------
    Edelman, Ostrovsky and Schwarz (2007), as in `gsp_prices`.

    Examples
    --------
    >>> revenue([4, 2], [200, 100])
    1000.0
    """
    paid = np.atleast_1d(check_range("prices", prices, 0, MONEY, "price per click of each filled slot, CNY"))
    rates = _check_ctrs(ctrs)
    if paid.ndim != 1 or len(paid) > len(rates):
        raise ValueError(
            _("prices has {paid_size} entries but ctrs only {count} slots: one price per filled slot").format(
                paid_size=paid.size, count=len(rates)
            )
        )
    return float(np.sum(paid * rates[: len(paid)]))


def prices_by_bidders(
    max_bidders: int = 12,
    ctrs: ArrayLike = (0.10, 0.06, 0.04),
    value_low: float = 1.0,
    value_high: float = 10.0,
    n_draws: int = 400,
    seed: int | np.random.Generator = SEED,
) -> pd.DataFrame:
    """Mean price per click in each slot as more advertisers bid: GSP at truthful bids against VCG.

    Parameters
    ----------
    max_bidders : int
        The largest number of advertisers, 1 to 50; every n from 1 up is simulated.
    ctrs : array_like
        Clicks each slot receives, > 0 and non-increasing.
    value_low, value_high : float
        Each advertiser's value of a click is Uniform(value_low, value_high), CNY,
        0 <= value_low <= value_high <= 1e6.
    n_draws : int
        Simulated auctions per number of bidders, 1 to 100,000.
    seed : int or numpy.random.Generator
        The same seed gives the same table.

    Returns
    -------
    DataFrame
        Long format: ``bidders``, ``slot`` (1 = top), ``mechanism`` (`GSP_TRUTHFUL` or
        `VCG`), ``price_per_click_cny``.

    Raises
    ------
    ValueError
        If a parameter is out of range.

    Notes
    -----
    `GSP_TRUTHFUL`: every advertiser bids its value and GSP charges the next bid down, a
    benchmark no advertiser would keep to. `VCG`: the VCG prices at truthful values, which
    are also GSP's prices in its lowest envy-free equilibrium (`gsp_equilibrium_prices`),
    so this line is what a GSP platform earns once advertisers shade their bids. An empty
    slot counts as price 0. Vectorised over the draws; loops over the number of bidders.

    References
    ----------
    Illustrative; pricing rules as in Edelman, Ostrovsky and Schwarz (2007) and Varian (2007).

    Examples
    --------
    >>> frame = prices_by_bidders(max_bidders=3, n_draws=50)
    >>> frame.shape
    (18, 4)
    """
    most = check_count("max_bidders", max_bidders, 1, 50, "the largest number of advertisers bidding")
    rates = _check_ctrs(ctrs)
    low = check_number("value_low", value_low, 0, PER_CLICK, "the lowest value of a click, CNY")
    high = check_number(
        "value_high", value_high, low, PER_CLICK, "the highest value of a click, CNY, at least value_low"
    )
    draws = check_count("n_draws", n_draws, 1, 100_000, "simulated auctions per number of bidders")
    rng = check_seed(seed)
    means = np.empty((most, 2, len(rates)))  # bidders x (GSP truthful, VCG) x slot
    for bidders in range(1, most + 1):
        ranked = -np.sort(-rng.uniform(low, high, size=(draws, bidders)), axis=1)
        means[bidders - 1] = [prices.mean(axis=0) for prices in _prices(ranked, rates)]
    return pd.DataFrame(
        {
            "bidders": np.repeat(np.arange(1, most + 1), 2 * len(rates)),
            "slot": np.tile(np.arange(1, len(rates) + 1), 2 * most),
            "mechanism": np.tile(np.repeat([GSP_TRUTHFUL, VCG], len(rates)), most).astype(object),
            "price_per_click_cny": means.ravel(),
        }
    )
