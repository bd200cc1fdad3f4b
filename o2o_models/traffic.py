"""Stable, large traffic (稳定并且庞大的流量): leads for a merchant whose team must be paid every month.

A furniture or renovation merchant (大宗产品) keeps a sizeable team that works the leads,
so what it needs from a platform is leads it can count on: "没有哪个商家会把风险压着不稳定的
免费传播上" (no merchant stakes its risk on unstable free sharing). Two sources:

- Paid traffic (付费流量, 广点通): the merchant bids for ranked slots against rival
  advertisers whose values of a click change from month to month. It wins the slot its
  value earns in GSP's equilibrium and pays that slot's price (`auctions.slot_and_price`),
  so a crowded auction raises the price per click or pushes it down the page. Its budget
  buys ``budget / price`` clicks, but no more than the large accounts deliver to official
  accounts: Tencent sent a share ``h5_share`` of that traffic to H5 pages instead
  ("把微信大号的流量截成了两半"), which cuts the volume, from the month ``h5_split_month`` on (a
  sudden policy change, as the article tells it). The volume itself can swing: a mean-one
  lognormal shock of coefficient of variation ``paid_volatility`` (platform policy, auction
  crowding) multiplies the slot's clicks each month; 0 gives Poisson-only paid leads.
- Free viral spread (免费传播, decentralised C2C sharing): no cost, but from month to month
  it swings with a mean-one lognormal shock of standard deviation ``viral_volatility``.

A lead is worth ``lead_value`` (visit rate x trust x close rate x margin); the team costs
the same every month. Each source draws from its own random stream, so changing the paid
budget never changes the viral draws (common random numbers). Money is in CNY; counts
are per month.

At about 500 lines the module runs past the house length (about 300): the paid auction's clicks
and free sharing's shocks are drawn from the same lead simulation's random streams, which one
module keeps apart.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from .auctions import slot_and_price
from .shocks import mean_one_lognormal
from .text import N_, _
from .validation import (
    MONEY,
    PER_CLICK,
    SEED,
    check_broadcast,
    check_count,
    check_frame,
    check_generator,
    check_number,
    check_range,
    check_seed,
)

PAID = N_("paid traffic 付费流量")
VIRAL = N_("free sharing 免费传播")
QUANTILES = {"p05": 0.05, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p95": 0.95}
SLOT_CTRS = (0.10, 0.06, 0.04)
"""Click-through rates of the three ranked slots the merchant bids for (illustrative)."""
PATHS = 500
"""Simulated paths (possible futures) behind every leg-3 figure in every lesson and the synthesis.

One count, so the same merchant loses money in the same share of months everywhere: over 500
paths of 36 months the standard error of a share of losing months is at most 0.4 percentage points."""
KEPT_DRAWS = 8
"""Auction outcomes and free-lead draws kept per stream (see `simulate_leads`, Notes), for runs of at most
`KEPT_PATH_MONTHS` path-months (under 2 MB each): a slider that moves one stream redraws only that one."""
KEPT_PATH_MONTHS = 100_000
MOST_DRAWS = 10_000_000
"""Upper bound on the rivals' values drawn in one simulation, n_paths x months x (rival_bidders + 1): memory."""


def lead_value(
    max_visit_rate: ArrayLike, trust: ArrayLike, close_rate: ArrayLike, margin_cny: ArrayLike
) -> NDArray[np.float64]:
    """Expected margin of one lead, CNY: what a click that brings a lead is worth to the merchant.

    Parameters
    ----------
    max_visit_rate : array_like
        Share of leads who would visit the store at full trust, in [0, 1].
    trust : array_like
        How far reviews make a stranger trust the merchant (信任背书), in [0, 1].
    close_rate : array_like
        Share of store visits that end in a purchase, in [0, 1].
    margin_cny : array_like
        Margin on one purchase, CNY, in [0, 1e9].

    Returns
    -------
    ndarray
        CNY per lead; the inputs broadcast.

    Raises
    ------
    ValueError
        If an input is NaN or out of range; the message names it.

    Notes
    -----
    .. math:: w = v\\,\\tau\\,k\\,m

    Trust raises the share of leads who walk in: "越是能够便捷的让用户获得商家的信任背书，
    用户愿意进店的机会就越大".

    References
    ----------
    Illustrative; the trust channel follows the article (谌基平, 虎嗅 huxiu.com, 2014).

    Examples
    --------
    >>> float(lead_value(0.05, 0.5, 0.3, 3000))
    22.5
    """
    visit = check_range("max_visit_rate", max_visit_rate, 0, 1, "share of leads who visit at full trust")
    belief = check_range("trust", trust, 0, 1, "how far reviews make a stranger trust the merchant (信任背书)")
    close = check_range("close_rate", close_rate, 0, 1, "share of visits that end in a purchase")
    margin = check_range("margin_cny", margin_cny, 0, MONEY, "margin on one purchase, CNY")
    visit, belief, close, margin = check_broadcast(
        max_visit_rate=visit, trust=belief, close_rate=close, margin_cny=margin
    )
    return visit * belief * close * margin


def paid_clicks(
    paid_budget_cny: ArrayLike, price_per_click_cny: ArrayLike, slot_volume: ArrayLike
) -> NDArray[np.float64]:
    """Clicks a budget buys in a month, CNY / (CNY per click), capped by the slot's clicks.

    Parameters
    ----------
    paid_budget_cny : array_like
        The most the merchant spends on paid traffic, CNY per month, in [0, 1e9].
    price_per_click_cny : array_like
        Price of one click in the slot won, CNY, >= 0 (0: the clicks are free).
    slot_volume : array_like
        Clicks the slot delivers to the merchant's official account a month, >= 0.

    Returns
    -------
    ndarray
        Expected clicks a month; the inputs broadcast.

    Notes
    -----
    .. math:: C = \\min\\left(\\frac{B}{p},\\ Q_{slot}\\right)

    References
    ----------
    Illustrative.

    Examples
    --------
    >>> paid_clicks(30000, 3.0, [20000, 4000]).tolist()
    [10000.0, 4000.0]
    """
    budget = check_range("paid_budget_cny", paid_budget_cny, 0, MONEY, "paid traffic budget, CNY a month")
    price = check_range("price_per_click_cny", price_per_click_cny, 0, MONEY, "price of one click, CNY")
    volume = check_range("slot_volume", slot_volume, 0, MONEY, "clicks the slot delivers a month")
    budget, price, volume = check_broadcast(paid_budget_cny=budget, price_per_click_cny=price, slot_volume=volume)
    with np.errstate(divide="ignore", over="ignore"):
        affordable = np.where(price > 0, budget / np.where(price > 0, price, 1.0), np.inf)
    return np.minimum(affordable, volume)


def bought_clicks(
    rng: np.random.Generator, paid_budget_cny: ArrayLike, price_per_click_cny: ArrayLike, slot_volume: ArrayLike
) -> NDArray[np.float64]:
    """The clicks a month's budget buys, drawn: :math:`C = \\min(N, \\lfloor B/p \\rfloor)`, :math:`N \\sim
    \\mathrm{Poisson}(Q_k)`.

    The slot's clicks arrive at random around what it delivers, :math:`Q_k` (``slot_volume``), and the
    budget stops buying at :math:`B/p` (`paid_clicks`), so a month never spends more than its budget.
    `simulate_leads` and `o2o_models.platform.ad_revenue` draw the same clicks from the same stream.

    Examples
    --------
    >>> bought_clicks(np.random.default_rng(0), 300, 3.0, [20000.0, 40.0]).tolist()[0]
    100.0
    """
    arrived = check_generator(rng).poisson(
        check_range("slot_volume", slot_volume, 0, MONEY, "clicks the slot delivers a month")
    )
    return np.floor(paid_clicks(paid_budget_cny, price_per_click_cny, arrived))


def simulate_leads(
    months: int = 36,
    n_paths: int = PATHS,
    paid_budget_cny: float = 30000,
    click_volume: float = 8000,
    h5_share: float = 0.5,
    rival_bidders: int = 10,
    rival_value_low_cny: float = 1.0,
    rival_value_high_cny: float = 6.0,
    lead_value_cny: float | ArrayLike = 22.5,
    viral_mean_leads: float = 2500,
    viral_volatility: float = 1.0,
    seed: int | np.random.Generator = SEED,
    paid_volatility: float = 0.0,
    h5_split_month: int = 1,
) -> pd.DataFrame:
    """Monthly leads from paid traffic and from free sharing, over many simulated paths.

    Parameters
    ----------
    months : int
        Months per path, 1 to 120.
    n_paths : int
        Simulated paths (possible futures), 1 to 20,000.
    paid_budget_cny : float
        The most spent on paid traffic (广点通), CNY per month, in [0, 1e9].
    click_volume : float
        Clicks a month the platform's large accounts deliver from the top slot, before the
        H5 split, in [0, 1e9].
    h5_share : float
        Share of that traffic sent to H5 pages instead of official accounts, in [0, 1].
    rival_bidders : int
        Other advertisers bidding for the same slots, 0 to 50.
    rival_value_low_cny, rival_value_high_cny : float
        Each month every rival values a click at Uniform(low, high), CNY, 0 <= low <= high.
    lead_value_cny : float or array_like
        What a lead is worth to the merchant, CNY (`lead_value`): its value of a click and its bid,
        in [0, 1e9]; one value, or one a month (``months`` of them, as reviews raise trust:
        `o2o_models.funnel.reviewed_lead_value`).
    viral_mean_leads : float
        Mean free leads from C2C sharing, per month, in [0, 1e9].
    viral_volatility : float
        Standard deviation of the mean-one shock to free leads, in [0, 10].
    seed : int or numpy.random.Generator
        The same seed gives the same paths.
    paid_volatility : float
        Coefficient of variation of the mean-one shock to the slot's paid clicks each month
        (platform policy, auction crowding), in [0, 10]; 0 gives Poisson-only paid leads.
    h5_split_month : int
        The month the H5 split starts, 1 to 121: before it no traffic goes to H5 pages
        (1: split from the start; 121: never within the longest horizon).

    Returns
    -------
    DataFrame
        Tidy: ``path``, ``month``, ``source`` (categorical: `PAID` or `VIRAL`), ``leads``,
        ``slot`` (paid: 1 = top, 0 = none; viral: 0), ``price_per_click_cny`` and
        ``spend_cny`` (0 for viral leads).

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it.

    Notes
    -----
    Paid, each month t: rivals draw values; the merchant, bidding its value of a click :math:`w_t`
    (``lead_value_cny``: that month's, or the one value every month), wins slot :math:`k` and pays
    :math:`p` (`auctions.slot_and_price` with ``SLOT_CTRS``; with no budget it does not bid
    and wins none); the slot delivers
    :math:`Q_k = Q\\,(1-h_t)\\,\\alpha_k/\\alpha_1\\,Z` clicks, with :math:`h_t = h` from month
    ``h5_split_month`` on and 0 before it, and :math:`Z` a mean-one lognormal shock of sd
    ``paid_volatility`` (1 when it is 0); the merchant buys
    :math:`C = \\min(N, \\lfloor B/p \\rfloor)` of the slot's :math:`N \\sim \\mathrm{Poisson}(Q_k)`
    clicks and spends :math:`pC`, never more than its budget. Each click is a lead.
    Viral: leads :math:`\\sim \\mathrm{Poisson}(\\mu S)`, :math:`S` lognormal with :math:`E[S] = 1`,
    :math:`\\mathrm{sd}(S) = \\sigma`. Four independent streams (the auction, the paid clicks, the
    viral leads, the paid volume's shock) are spawned from ``seed``, so a zero ``paid_volatility``
    gives the very paths of a model without it. With a whole-number seed the auction's outcome and
    the free leads are kept (`KEPT_DRAWS`) for the figures each stream reads, so a change of the
    budget or the H5 split reruns no auction and draws no free lead, and gives the very paths a
    fresh run gives.

    References
    ----------
    Illustrative; the H5 split follows the article (谌基平, 虎嗅 huxiu.com, 2014):
    "把微信大号的流量截成了两半，一半是导入H5网站，另外一部分才是导入商家的微信公众账号".
    Equilibrium prices: Edelman, Ostrovsky and Schwarz (2007).

    Examples
    --------
    >>> frame = simulate_leads(months=2, n_paths=3)
    >>> frame.shape
    (12, 7)
    """
    horizon = check_count("months", months, 1, 120, "months per path")
    paths = check_count("n_paths", n_paths, 1, 20_000, "simulated paths")
    budget = check_number("paid_budget_cny", paid_budget_cny, 0, MONEY, "paid traffic budget, CNY a month")
    volume = check_number("click_volume", click_volume, 0, MONEY, "clicks a month from the top slot")
    h5 = check_number("h5_share", h5_share, 0, 1, "share of the traffic sent to H5 pages")
    rivals = check_count("rival_bidders", rival_bidders, 0, 50, "other advertisers bidding for the slots")
    if paths * horizon * (rivals + 1) > MOST_DRAWS:
        raise ValueError(
            _(
                "n_paths x months x (rival_bidders + 1) = {paths} x {horizon} x {bidders} = "
                "{draws:,} auction draws, more than {most_draws:,} fit in memory: lower "
                "n_paths"
            ).format(
                paths=paths,
                horizon=horizon,
                bidders=rivals + 1,
                draws=paths * horizon * (rivals + 1),
                most_draws=MOST_DRAWS,
            )
        )
    low = check_number("rival_value_low_cny", rival_value_low_cny, 0, PER_CLICK, "a rival's lowest value of a click")
    high = check_number(
        "rival_value_high_cny",
        rival_value_high_cny,
        low,
        PER_CLICK,
        "a rival's highest value of a click, at least rival_value_low_cny",
    )
    worth = _lead_values(lead_value_cny, horizon)
    viral_mean = check_number("viral_mean_leads", viral_mean_leads, 0, MONEY, "mean free leads a month")
    volatility = check_number("viral_volatility", viral_volatility, 0, 10, "sd of the shock to free leads")
    paid_cv = check_number("paid_volatility", paid_volatility, 0, 10, "sd of the shock to paid clicks")
    split = check_count("h5_split_month", h5_split_month, 1, 121, "the month the H5 split starts")
    size = (paths, horizon)
    streams = check_seed(seed).spawn(4)
    if isinstance(seed, np.random.Generator) or paths * horizon > KEPT_PATH_MONTHS:
        auction_rng, paid_rng, viral_rng, _spare = streams
        slot, price = _auction(auction_rng, size, rivals, low, high, worth)
        viral = _free_leads(viral_rng, size, viral_mean, volatility)
    else:
        paid_rng = streams[1]
        slot, price = _kept_auction(int(seed), size, rivals, low, high, worth)
        viral = _kept_free_leads(int(seed), size, viral_mean, volatility)
    if budget == 0:  # no budget, no bid: the merchant takes no slot and pays nothing
        slot, price = np.zeros_like(slot), np.zeros_like(price)
    slot_ctr = np.concatenate([[0.0], SLOT_CTRS])[slot]  # 0 without a slot
    split_months = np.arange(1, horizon + 1) >= split  # the months the H5 split has started
    slot_volume = volume * (1 - h5 * split_months) * slot_ctr / SLOT_CTRS[0]
    if paid_cv > 0:
        slot_volume = slot_volume * mean_one_lognormal(streams[3], paid_cv, size)
    clicks = bought_clicks(paid_rng, budget, price, slot_volume)
    path, month = np.meshgrid(np.arange(paths), np.arange(1, horizon + 1), indexing="ij")
    return pd.DataFrame(
        {
            "path": np.tile(path.ravel(), 2),
            "month": np.tile(month.ravel(), 2),
            "source": pd.Categorical.from_codes(np.repeat([0, 1], paths * horizon), categories=[PAID, VIRAL]),
            "leads": np.concatenate([clicks.ravel(), viral.ravel()]),
            "slot": np.concatenate([slot.ravel(), np.zeros(paths * horizon, dtype=int)]),
            "price_per_click_cny": np.concatenate([price.ravel(), np.zeros(paths * horizon)]),
            "spend_cny": np.concatenate([(price * clicks).ravel(), np.zeros(paths * horizon)]),
        }
    )


def _lead_values(lead_value_cny: float | ArrayLike, horizon: int) -> float | tuple[float, ...]:
    """A lead's value, CNY: one number, or one a month as a tuple (a key the kept auctions can keep)."""
    worth = check_range("lead_value_cny", lead_value_cny, 0, MONEY, "what a lead is worth, CNY")
    if worth.ndim == 0:
        return float(worth)
    if worth.shape != (horizon,):
        raise ValueError(
            _(
                "lead_value_cny has shape {worth_shape}: give one value, or one a month "
                "({horizon} for months={horizon})"
            ).format(worth_shape=worth.shape, horizon=horizon)
        )
    return tuple(worth.tolist())


def _auction(
    rng: np.random.Generator,
    size: tuple[int, int],
    rivals: int,
    low: float,
    high: float,
    worth: float | tuple[float, ...],
) -> tuple[NDArray, NDArray]:
    """The slot won and the price per click in each path-month: rivals draw their values, GSP's equilibrium prices."""
    return slot_and_price(worth, rng.uniform(low, high, size=size + (rivals,)), SLOT_CTRS)


def _free_leads(rng: np.random.Generator, size: tuple[int, int], mean: float, volatility: float) -> NDArray:
    """Free leads in each path-month: Poisson around the mean times a mean-one lognormal shock."""
    return rng.poisson(mean * mean_one_lognormal(rng, volatility, size)).astype(float)


@functools.lru_cache(maxsize=KEPT_DRAWS)
def _kept_auction(seed: int, *figures: object) -> tuple[NDArray, NDArray]:
    outcome = _auction(np.random.default_rng(seed).spawn(3)[0], *figures)
    for array in outcome:
        array.setflags(write=False)
    return outcome


@functools.lru_cache(maxsize=KEPT_DRAWS)
def _kept_free_leads(seed: int, *figures: object) -> NDArray:
    leads = _free_leads(np.random.default_rng(seed).spawn(3)[2], *figures)
    leads.setflags(write=False)
    return leads


def monthly_profit(
    leads: ArrayLike, lead_value_cny: ArrayLike, team_cost_cny: ArrayLike, ad_spend_cny: ArrayLike = 0
) -> NDArray[np.float64]:
    """The lead business's profit in a month, CNY: what the leads earn less the team and the ads.

    Parameters
    ----------
    leads : array_like
        Leads in the month, in [0, 1e18]: free leads swing far above their mean, so a
        simulated month can bring more than 1e9.
    lead_value_cny : array_like
        What a lead is worth, CNY (`lead_value`), in [0, 1e9].
    team_cost_cny : array_like
        The team that works the leads, CNY per month, in [0, 1e9].
    ad_spend_cny : array_like
        Spending on paid traffic in the month, CNY, in [0, 1e18]: the clicks bought are a random
        count, so a month can cost more than the budget.

    Returns
    -------
    ndarray
        Profit, CNY per month; the inputs broadcast.

    Raises
    ------
    ValueError
        If an input is NaN or out of range; the message names it.

    Notes
    -----
    .. math:: \\pi = L\\,w - T - A

    References
    ----------
    Illustrative. The team follows the article (谌基平, 虎嗅 huxiu.com, 2014): "商家一般都会
    设计一只数量不小的团队来进行运作" (merchants set up a sizeable team to run it).

    Examples
    --------
    >>> float(monthly_profit(4000, 22.5, team_cost_cny=60000, ad_spend_cny=20000))
    10000.0
    """
    count = check_range("leads", leads, 0, 1e18, "leads in the month")
    worth = check_range("lead_value_cny", lead_value_cny, 0, MONEY, "what a lead is worth, CNY")
    team = check_range("team_cost_cny", team_cost_cny, 0, MONEY, "the team's cost, CNY a month")
    spend = check_range("ad_spend_cny", ad_spend_cny, 0, 1e18, "paid traffic spending in the month, CNY")
    count, worth, team, spend = check_broadcast(
        leads=count, lead_value_cny=worth, team_cost_cny=team, ad_spend_cny=spend
    )
    return count * worth - team - spend


def lead_fan(frame: pd.DataFrame) -> pd.DataFrame:
    """Quantiles of leads across paths, per month and source, for a fan chart.

    Parameters
    ----------
    frame : DataFrame
        Output of `simulate_leads` (``month``, ``source``, ``leads``).

    Returns
    -------
    DataFrame
        ``month``, ``source``, ``p05``, ``p25``, ``p50``, ``p75``, ``p95`` (leads per month).

    Raises
    ------
    ValueError, TypeError
        If ``frame`` is not a non-empty DataFrame with those columns.

    Notes
    -----
    Quantiles by linear interpolation (pandas' default). The band p05-p95 holds 90% of
    the simulated months.

    References
    ----------
    Illustrative.

    Examples
    --------
    >>> lead_fan(simulate_leads(months=3, n_paths=50)).shape
    (6, 7)
    """
    check_frame("frame", frame, ["month", "source", "leads"], "simulate_leads", numeric=["month", "leads"])
    month_codes, months = pd.factorize(frame["month"], sort=True)
    source_codes, sources = pd.factorize(frame["source"], sort=True)
    group = month_codes * len(sources) + source_codes  # month by month, sources in order within each
    counts = np.bincount(group, minlength=len(months) * len(sources))
    present = np.flatnonzero(counts)
    order = np.argsort(group, kind="stable")
    leads = frame["leads"].to_numpy(dtype=float)[order]
    if counts[present].min() == counts[present].max():  # as many paths in every group: sort them row by row
        ranked = np.sort(leads.reshape(len(present), -1), axis=1).ravel()
    else:
        ranked = leads[np.lexsort((leads, group[order]))]
    first, size = (np.cumsum(counts) - counts)[present], counts[present]
    fan = {"month": months[present // len(sources)], "source": sources[present % len(sources)]}
    for name, share in QUANTILES.items():  # linear interpolation between the ranked leads, as pandas does
        position = first + share * (size - 1)
        below = np.floor(position).astype(int)
        above = np.minimum(below + 1, first + size - 1)
        fan[name] = ranked[below] + (position - below) * (ranked[above] - ranked[below])
    return pd.DataFrame(fan)


def losing_month_probability(frame: pd.DataFrame) -> pd.DataFrame:
    """Per source: the share of merchant-months that lose money, and the profit's mean and sd.

    Parameters
    ----------
    frame : DataFrame
        Simulated months with ``source`` and ``profit_cny`` (`o2o_models.funnel.lead_months`).

    Returns
    -------
    DataFrame
        ``source``, ``losing_share`` (fraction of path-months with profit < 0),
        ``mean_profit_cny`` and ``sd_profit_cny`` (CNY per month, sd over all path-months).

    Raises
    ------
    ValueError, TypeError
        If ``frame`` is not a non-empty DataFrame with those columns.

    Notes
    -----
    .. math:: P(\\pi < 0) \\approx \\frac{1}{N}\\sum_{\\text{path, month}} \\mathbf{1}[\\pi < 0]

    References
    ----------
    Illustrative.

    Examples
    --------
    >>> months = pd.DataFrame({"source": ["paid", "paid", "viral", "viral"],
    ...                        "profit_cny": [100.0, 300.0, -50.0, 450.0]})
    >>> losing_month_probability(months)["losing_share"].tolist()
    [0.0, 0.5]
    """
    check_frame("frame", frame, ["source", "profit_cny"], "o2o_models.funnel.lead_months", numeric=["profit_cny"])
    codes, sources = pd.factorize(frame["source"], sort=True)
    profit = frame["profit_cny"].to_numpy(dtype=float)
    months = np.bincount(codes)
    mean = np.bincount(codes, profit) / months
    return pd.DataFrame(
        {
            "source": sources,
            "losing_share": np.bincount(codes, profit < 0) / months,
            "mean_profit_cny": mean,
            "sd_profit_cny": np.sqrt(np.bincount(codes, (profit - mean[codes]) ** 2) / months),
        }
    )
