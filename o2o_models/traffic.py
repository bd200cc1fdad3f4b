"""Stable, large traffic (稳定并且庞大的流量) for big-ticket merchants that cannot take prepayment.

A furniture or renovation merchant (大宗产品) keeps a sizeable team that works the leads
every month, so what it needs from a platform is leads it can count on. Two sources:

- Paid traffic (付费流量, 广点通): clicks bought with a budget at a price per click. Tencent
  sent part of big accounts' traffic to H5 pages rather than to the merchant's official
  account (公众账号); a click sent to H5 is worth only ``h5_relative_value`` of one that
  reaches the account.
- Free viral spread (免费传播, decentralised C2C sharing): no cost, but from month to month
  it swings with a mean-one lognormal shock of standard deviation ``viral_volatility``.

Leads turn into store visits at a rate raised by review trust (信任背书), visits into
orders; the team costs the same every month. Money is in CNY; counts are per month.
Bidding for rank (竞价排名) lives in `o2o_models.auctions`; its prices are re-exported here.
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
INF = math.inf


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
    months : months per path, 1 to 120.
    n_paths : simulated paths, 1 to 20,000.
    paid_budget_cny : spending on paid traffic (广点通) a month, CNY, >= 0.
    cost_per_click_cny : price of one paid click, CNY, > 0.
    h5_share : share of paid clicks sent to H5 pages, not the official account, in [0, 1].
    h5_relative_value : worth of an H5 click relative to an official-account click, in [0, 1].
    viral_mean_leads : mean free leads a month from C2C sharing, >= 0.
    viral_volatility : standard deviation of the mean-one shock to free leads, >= 0.
    seed : random seed (or a numpy Generator); the same seed gives the same paths.

    Returns
    -------
    DataFrame
        Tidy: ``path``, ``month``, ``source`` (categorical: `PAID` or `VIRAL`), ``leads``.

    Notes
    -----
    Paid: :math:`C \\sim \\mathrm{Poisson}(B/c)`, leads :math:`= C\\,(1 - h(1 - v_h))`.
    Viral: leads :math:`\\sim \\mathrm{Poisson}(\\mu\\,S)` with :math:`S` lognormal,
    :math:`E[S] = 1`, :math:`\\mathrm{sd}(S) = \\sigma`.

    References
    ----------
    Illustrative; the H5 split follows the article (谌基平, 虎嗅 huxiu.com, 2014):
    "把微信大号的流量截成了两半，一半是导入H5网站，另外一部分才是导入商家的微信公众账号".
    """
    horizon = check_count("months", months, 1, 120, "months per path")
    paths = check_count("n_paths", n_paths, 1, 20_000, "simulated paths")
    budget = float(check_range("paid_budget_cny", paid_budget_cny, 0, INF, "paid traffic budget a month, CNY"))
    cpc = float(check_range("cost_per_click_cny", cost_per_click_cny, 0, INF, "price of one click, CNY", low_open=True))
    h5 = float(check_range("h5_share", h5_share, 0, 1, "share of paid clicks sent to H5 pages"))
    h5_value = float(check_range("h5_relative_value", h5_relative_value, 0, 1, "worth of an H5 click"))
    viral_mean = float(check_range("viral_mean_leads", viral_mean_leads, 0, INF, "mean free leads a month"))
    volatility = float(check_range("viral_volatility", viral_volatility, 0, 10, "sd of the shock to free leads"))
    rng = check_seed(seed)
    size = (paths, horizon)
    paid = rng.poisson(budget / cpc, size=size) * (1 - h5 * (1 - h5_value))
    viral = rng.poisson(viral_mean * mean_one_lognormal(rng, volatility, size)).astype(float)
    path, month = np.meshgrid(np.arange(paths), np.arange(1, horizon + 1), indexing="ij")
    return pd.DataFrame({
        "path": np.concatenate([path.ravel(), path.ravel()]),
        "month": np.concatenate([month.ravel(), month.ravel()]),
        "source": pd.Categorical.from_codes(np.repeat([0, 1], paths * horizon), categories=[PAID, VIRAL]),
        "leads": np.concatenate([paid.ravel(), viral.ravel()]),
    })


def monthly_profit(
    leads: ArrayLike,
    trust: float = 0.6,
    max_visit_rate: float = 0.05,
    close_rate: float = 0.2,
    order_margin_cny: float = 3000,
    team_cost_cny: float = 60000,
    ad_spend_cny: ArrayLike = 0,
) -> NDArray[np.float64]:
    """A big-ticket merchant's profit in a month from its leads, CNY.

    Parameters
    ----------
    leads : leads in the month, >= 0.
    trust : how far reviews make a stranger trust the merchant (信任背书), in [0, 1].
    max_visit_rate : share of leads who visit the store at full trust, in [0, 1].
    close_rate : share of store visits that end in an order, in [0, 1].
    order_margin_cny : margin on one order, CNY, >= 0.
    team_cost_cny : the team's monthly cost, CNY, >= 0.
    ad_spend_cny : spending on paid traffic in the month, CNY, >= 0.

    Returns
    -------
    ndarray
        profit = leads x max_visit_rate x trust x close_rate x order_margin - team_cost - ad_spend.

    Notes
    -----
    .. math:: \\pi = L\\,v\\,\\tau\\,k\\,m - T - A

    More trust never lowers profit: it raises the share of leads who come to the store.

    Examples
    --------
    >>> float(monthly_profit(10000, trust=0.5, max_visit_rate=0.05, close_rate=0.2, order_margin_cny=3000,
    ...                      team_cost_cny=60000, ad_spend_cny=20000))
    70000.0
    """
    count = check_range("leads", leads, 0, INF, "leads in the month")
    belief = check_range("trust", trust, 0, 1, "how far reviews make a stranger trust the merchant")
    visit = check_range("max_visit_rate", max_visit_rate, 0, 1, "share of leads who visit at full trust")
    close = check_range("close_rate", close_rate, 0, 1, "share of visits that end in an order")
    margin = check_range("order_margin_cny", order_margin_cny, 0, INF, "margin on one order, CNY")
    team = check_range("team_cost_cny", team_cost_cny, 0, INF, "the team's monthly cost, CNY")
    spend = check_range("ad_spend_cny", ad_spend_cny, 0, INF, "paid traffic spending in the month, CNY")
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
    """`simulate_leads` with each month's profit: a merchant living on paid or on viral leads.

    Paid months bear the budget as ad spend; viral months cost nothing but the team.
    Parameters are those of `simulate_leads` and `monthly_profit`.

    Returns
    -------
    DataFrame
        ``path``, ``month``, ``source``, ``leads``, ``profit_cny``.
    """
    frame = simulate_leads(months, n_paths, paid_budget_cny, cost_per_click_cny, h5_share, h5_relative_value,
                           viral_mean_leads, viral_volatility, seed)
    spend = np.where(frame["source"] == PAID, paid_budget_cny, 0.0)
    frame["profit_cny"] = monthly_profit(frame["leads"].to_numpy(), trust, max_visit_rate, close_rate,
                                         order_margin_cny, team_cost_cny, spend)
    return frame


def lead_fan(frame: pd.DataFrame) -> pd.DataFrame:
    """Quantiles of leads per month and source, for a fan chart.

    ``frame`` is `simulate_leads` output: every path has every month, for every source.

    Returns
    -------
    DataFrame
        ``month``, ``source``, ``p05``, ``p25``, ``p50``, ``p75``, ``p95``.
    """
    source_code, sources = pd.factorize(frame["source"], sort=True)
    path_code, _ = pd.factorize(frame["path"])
    month_code, months = pd.factorize(frame["month"], sort=True)
    leads = np.full((len(sources), path_code.max() + 1, len(months)), np.nan)
    leads[source_code, path_code, month_code] = frame["leads"].to_numpy()
    levels = np.quantile(leads, [0.05, 0.25, 0.5, 0.75, 0.95], axis=1)  # (quantile, source, month)
    fan = pd.DataFrame({"month": np.repeat(np.asarray(months), len(sources)),
                        "source": np.tile(np.asarray(sources), len(months))})
    for name, level in zip(["p05", "p25", "p50", "p75", "p95"], levels):
        fan[name] = level.T.ravel()
    return fan


def losing_month_probability(frame: pd.DataFrame) -> pd.DataFrame:
    """Per source: the share of merchant-months with a loss, and the profit's mean and sd.

    Returns
    -------
    DataFrame
        ``source``, ``losing_share`` (fraction of months with profit < 0),
        ``mean_profit_cny``, ``sd_profit_cny``.
    """
    profit = frame.groupby("source", sort=True, observed=True)["profit_cny"]
    return pd.DataFrame({
        "losing_share": profit.apply(lambda p: float((p < 0).mean())),
        "mean_profit_cny": profit.mean(),
        "sd_profit_cny": profit.std(ddof=0),
    }).reset_index()
