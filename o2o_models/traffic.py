"""Stable, large traffic (稳定并且庞大的流量) for big-ticket merchants that cannot take prepayment.

A furniture or renovation merchant (大宗产品) keeps a sizeable team that works the leads
every month, so what it needs from a platform is leads it can count on: "没有哪个商家会把
风险压着不稳定的免费传播上" (no merchant stakes its risk on unstable free sharing). Two sources:

- Paid traffic (付费流量, 广点通): clicks bought with a budget at a price per click. Tencent
  sent half of big accounts' traffic to H5 pages rather than to the merchant's official
  account (公众账号); a click sent to H5 is worth only ``h5_relative_value`` of one that
  reaches the account.
- Free viral spread (免费传播, decentralised C2C sharing): no cost, but from month to month
  it swings with a mean-one lognormal shock of standard deviation ``viral_volatility``.

Leads turn into store visits at a rate raised by review trust (信任背书), visits into
orders; the team costs the same every month. Money is in CNY; counts are per month.
The defaults are the furniture merchant of ``data/scenarios.csv``. Bidding for rank
(竞价排名) lives in `o2o_models.auctions`; its prices are re-exported here.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from .auctions import gsp_prices, vcg_prices
from .shocks import mean_one_lognormal
from .validation import check_count, check_range, check_seed

__all__ = ["gsp_prices", "vcg_prices", "simulate_leads", "monthly_profit", "simulate_merchant_months",
           "lead_fan", "losing_month_probability", "PAID", "VIRAL"]

PAID = "paid 付费流量"
VIRAL = "viral 免费传播"
QUANTILES = {"p05": 0.05, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p95": 0.95}
MOST_LEADS = 1e9
"""Upper bound on budgets and mean leads, far above any merchant, so the Poisson draws stay exact."""


def simulate_leads(
    months: int = 24,
    n_paths: int = 500,
    paid_budget_cny: float = 20000,
    cost_per_click_cny: float = 3.0,
    h5_share: float = 0.5,
    h5_relative_value: float = 0.3,
    viral_mean_leads: float = 4000,
    viral_volatility: float = 1.0,
    seed: int | np.random.Generator = 2014,
) -> pd.DataFrame:
    """Monthly leads from paid traffic and from free viral spread, over many simulated paths.

    Parameters
    ----------
    months : int
        Months per path, 1 to 120.
    n_paths : int
        Simulated paths (possible futures), 1 to 20,000.
    paid_budget_cny : float
        Spending on paid traffic (广点通), CNY per month, in [0, 1e9].
    cost_per_click_cny : float
        Price of one paid click, CNY, at least 0.01 (one fen).
    h5_share : float
        Share of paid clicks sent to H5 pages instead of the official account, in [0, 1].
    h5_relative_value : float
        Worth of an H5 click relative to an official-account click, in [0, 1].
    viral_mean_leads : float
        Mean free leads from C2C sharing, per month, in [0, 1e9].
    viral_volatility : float
        Standard deviation of the mean-one shock to free leads, in [0, 10].
    seed : int or numpy.random.Generator
        The same seed gives the same paths.

    Returns
    -------
    DataFrame
        Tidy: ``path``, ``month``, ``source`` (categorical: `PAID` or `VIRAL`), ``leads``.
        Paid leads are counted in official-account equivalents, so they need not be whole.

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it.

    Notes
    -----
    Paid: clicks :math:`C \\sim \\mathrm{Poisson}(B/c)`, leads :math:`= C\\,(1 - h(1 - v_h))`.
    Viral: leads :math:`\\sim \\mathrm{Poisson}(\\mu S)`, :math:`S` lognormal with
    :math:`E[S] = 1`, :math:`\\mathrm{sd}(S) = \\sigma`. Both have mean :math:`B/c\\,(1-h(1-v_h))`
    and :math:`\\mu`; the paid coefficient of variation is about :math:`1/\\sqrt{B/c}`,
    the viral one about :math:`\\sigma`. Vectorised over paths and months.

    References
    ----------
    Illustrative; the H5 split follows the article (谌基平, 虎嗅 huxiu.com, 2014):
    "把微信大号的流量截成了两半，一半是导入H5网站，另外一部分才是导入商家的微信公众账号".

    Examples
    --------
    >>> frame = simulate_leads(months=2, n_paths=3)
    >>> frame.shape
    (12, 4)
    """
    horizon = check_count("months", months, 1, 120, "months per path")
    paths = check_count("n_paths", n_paths, 1, 20_000, "simulated paths")
    budget = float(check_range("paid_budget_cny", paid_budget_cny, 0, MOST_LEADS, "paid traffic budget, CNY a month"))
    cpc = float(check_range("cost_per_click_cny", cost_per_click_cny, 0.01, math.inf, "price of one click, CNY"))
    h5 = float(check_range("h5_share", h5_share, 0, 1, "share of paid clicks sent to H5 pages"))
    h5_value = float(check_range("h5_relative_value", h5_relative_value, 0, 1,
                                 "worth of an H5 click relative to an official-account click"))
    viral_mean = float(check_range("viral_mean_leads", viral_mean_leads, 0, MOST_LEADS, "mean free leads a month"))
    volatility = float(check_range("viral_volatility", viral_volatility, 0, 10, "sd of the shock to free leads"))
    rng = check_seed(seed)
    size = (paths, horizon)
    paid = rng.poisson(budget / cpc, size=size) * (1 - h5 * (1 - h5_value))
    viral = rng.poisson(viral_mean * mean_one_lognormal(rng, volatility, size)).astype(float)
    path, month = np.meshgrid(np.arange(paths), np.arange(1, horizon + 1), indexing="ij")
    return pd.DataFrame({
        "path": np.tile(path.ravel(), 2),
        "month": np.tile(month.ravel(), 2),
        "source": pd.Categorical.from_codes(np.repeat([0, 1], paths * horizon), categories=[PAID, VIRAL]),
        "leads": np.concatenate([paid.ravel(), viral.ravel()]),
    })


def monthly_profit(
    leads: ArrayLike,
    trust: ArrayLike = 0.5,
    max_visit_rate: ArrayLike = 0.05,
    close_rate: ArrayLike = 0.3,
    order_margin_cny: ArrayLike = 3000,
    team_cost_cny: ArrayLike = 60000,
    ad_spend_cny: ArrayLike = 0,
) -> NDArray[np.float64]:
    """A big-ticket merchant's profit in a month from its leads, CNY.

    Parameters
    ----------
    leads : array_like
        Leads in the month, >= 0.
    trust : array_like
        How far reviews make a stranger trust the merchant (信任背书), in [0, 1].
    max_visit_rate : array_like
        Share of leads who would visit the store at full trust, in [0, 1].
    close_rate : array_like
        Share of store visits that end in an order, in [0, 1].
    order_margin_cny : array_like
        Margin on one order, CNY, >= 0.
    team_cost_cny : array_like
        The team's cost, CNY per month, >= 0.
    ad_spend_cny : array_like
        Spending on paid traffic in the month, CNY, >= 0.

    Returns
    -------
    ndarray
        Profit, CNY per month; the inputs broadcast against each other.

    Raises
    ------
    ValueError
        If an input is NaN or out of range; the message names it.

    Notes
    -----
    visits = leads x max_visit_rate x trust; orders = visits x close_rate:

    .. math:: \\pi = L\\,v\\,\\tau\\,k\\,m - T - A

    Profit rises with trust (by :math:`L v k m` per unit), so more trust never lowers it.

    References
    ----------
    Illustrative. The team follows the article (谌基平, 虎嗅 huxiu.com, 2014): "商家一般都会
    设计一只数量不小的团队来进行运作" (merchants set up a sizeable team to run it).

    Examples
    --------
    10,000 leads x 5% x 0.5 trust x 20% close x 3,000 CNY = 150,000; less 60,000 and 20,000:

    >>> float(monthly_profit(10000, trust=0.5, max_visit_rate=0.05, close_rate=0.2, order_margin_cny=3000,
    ...                      team_cost_cny=60000, ad_spend_cny=20000))
    70000.0
    """
    count = check_range("leads", leads, 0, math.inf, "leads in the month")
    belief = check_range("trust", trust, 0, 1, "how far reviews make a stranger trust the merchant (信任背书)")
    visit = check_range("max_visit_rate", max_visit_rate, 0, 1, "share of leads who visit at full trust")
    close = check_range("close_rate", close_rate, 0, 1, "share of visits that end in an order")
    margin = check_range("order_margin_cny", order_margin_cny, 0, math.inf, "margin on one order, CNY")
    team = check_range("team_cost_cny", team_cost_cny, 0, math.inf, "the team's cost, CNY a month")
    spend = check_range("ad_spend_cny", ad_spend_cny, 0, math.inf, "paid traffic spending in the month, CNY")
    return count * visit * belief * close * margin - team - spend


def simulate_merchant_months(
    months: int = 24,
    n_paths: int = 500,
    paid_budget_cny: float = 20000,
    cost_per_click_cny: float = 3.0,
    h5_share: float = 0.5,
    h5_relative_value: float = 0.3,
    viral_mean_leads: float = 4000,
    viral_volatility: float = 1.0,
    trust: float = 0.5,
    max_visit_rate: float = 0.05,
    close_rate: float = 0.3,
    order_margin_cny: float = 3000,
    team_cost_cny: float = 60000,
    seed: int | np.random.Generator = 2014,
) -> pd.DataFrame:
    """`simulate_leads` with each month's profit: one merchant living on paid, one on viral leads.

    Parameters
    ----------
    months, n_paths, paid_budget_cny, cost_per_click_cny, h5_share, h5_relative_value
        As in `simulate_leads`.
    viral_mean_leads, viral_volatility, seed
        As in `simulate_leads`.
    trust, max_visit_rate, close_rate, order_margin_cny, team_cost_cny
        As in `monthly_profit`.

    Returns
    -------
    DataFrame
        ``path``, ``month``, ``source``, ``leads``, ``profit_cny`` (CNY per month).

    Raises
    ------
    ValueError
        If a parameter is out of range; the message names it.

    Notes
    -----
    A paid month bears the whole budget as ad spend, :math:`A = B`; a viral month costs
    nothing but the team, :math:`A = 0`. Profit is `monthly_profit` of the month's leads.

    References
    ----------
    Illustrative, as `simulate_leads` and `monthly_profit`.

    Examples
    --------
    >>> frame = simulate_merchant_months(months=2, n_paths=3)
    >>> list(frame.columns)
    ['path', 'month', 'source', 'leads', 'profit_cny']
    """
    frame = simulate_leads(months, n_paths, paid_budget_cny, cost_per_click_cny, h5_share, h5_relative_value,
                           viral_mean_leads, viral_volatility, seed)
    spend = np.where(frame["source"] == PAID, paid_budget_cny, 0.0)
    frame["profit_cny"] = monthly_profit(frame["leads"].to_numpy(), trust, max_visit_rate, close_rate,
                                         order_margin_cny, team_cost_cny, spend)
    return frame


def _check_frame(frame: object, columns: list[str], made_by: str) -> pd.DataFrame:
    """``frame`` itself, after checking it is a DataFrame with ``columns``."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"frame={type(frame).__name__} is not a DataFrame: pass the output of {made_by}")
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"frame lacks column(s) {', '.join(missing)}: pass the output of {made_by}")
    return frame


def lead_fan(frame: pd.DataFrame) -> pd.DataFrame:
    """Quantiles of leads across paths, per month and source, for a fan chart.

    Parameters
    ----------
    frame : DataFrame
        Output of `simulate_leads` or `simulate_merchant_months` (``month``, ``source``,
        ``leads``).

    Returns
    -------
    DataFrame
        ``month``, ``source``, ``p05``, ``p25``, ``p50``, ``p75``, ``p95`` (leads per month).

    Raises
    ------
    ValueError
        If ``frame`` is not a DataFrame with those columns.

    Notes
    -----
    Quantiles by linear interpolation (pandas' default). The band p05-p95 holds 90% of
    the simulated months: narrow for paid traffic, wide for viral.

    References
    ----------
    Illustrative.

    Examples
    --------
    >>> lead_fan(simulate_leads(months=3, n_paths=50)).shape
    (6, 7)
    """
    _check_frame(frame, ["month", "source", "leads"], "simulate_leads")
    grouped = frame.groupby(["month", "source"], observed=True, sort=True)["leads"]
    fan = grouped.quantile(list(QUANTILES.values())).unstack()
    fan.columns = list(QUANTILES)
    return fan.reset_index()


def losing_month_probability(frame: pd.DataFrame) -> pd.DataFrame:
    """Per source: the share of merchant-months that lose money, and the profit's mean and sd.

    Parameters
    ----------
    frame : DataFrame
        Output of `simulate_merchant_months` (``source``, ``profit_cny``).

    Returns
    -------
    DataFrame
        ``source``, ``losing_share`` (fraction of path-months with profit < 0),
        ``mean_profit_cny`` and ``sd_profit_cny`` (CNY per month, sd over all path-months).

    Raises
    ------
    ValueError
        If ``frame`` is not a DataFrame with those columns.

    Notes
    -----
    .. math:: P(\\pi < 0) \\approx \\frac{1}{N}\\sum_{\\text{path, month}} \\mathbf{1}[\\pi < 0]

    References
    ----------
    Illustrative.

    Examples
    --------
    >>> losing_month_probability(simulate_merchant_months()).round(2)["losing_share"].tolist()
    [0.0, 0.48]
    """
    _check_frame(frame, ["source", "profit_cny"], "simulate_merchant_months")
    profit = frame.groupby("source", observed=True, sort=True)["profit_cny"]
    return pd.DataFrame({
        "losing_share": (frame["profit_cny"] < 0).groupby(frame["source"], observed=True, sort=True).mean(),
        "mean_profit_cny": profit.mean(),
        "sd_profit_cny": profit.std(ddof=0),
    }).reset_index()
