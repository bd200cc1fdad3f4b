"""The official operations team (官方运营): platform staff who help merchants of uneven skill.

Alibaba's 小二 run much of a Taobao merchant's storefront for it. The article's merchants
are "素质参差不齐" (of very uneven quality); left alone on WeChat, many fail. This module
simulates a population of merchants on a platform, with and without an operations team:

1. Each merchant's skill ``s`` in (0, 1) is drawn from a Beta distribution with mean
   ``skill_mean`` and standard deviation ``skill_spread``.
2. Staff lift skill with diminishing returns: ``s' = s + (1 - s)(1 - exp(-e k / 10))``,
   with ``k`` staff per 100 merchants and effectiveness ``e``.
3. Monthly sales (GMV) = ``monthly_demand_cny x s' x shock``, the shock lognormal with mean 1.
4. A merchant keeps ``gross_margin x (1 - commission)`` of sales, pays ``fixed_cost_cny``;
   its cash starts at ``cash_buffer_cny`` and it leaves the platform the month cash turns negative.
5. The platform earns ``commission`` on the sales of merchants still there and pays its staff.

Money is in CNY per month. Randomness comes only from ``seed``.
"""

from __future__ import annotations

import inspect
import math

import numpy as np
import pandas as pd

from .shocks import mean_one_lognormal
from .validation import check_count, check_range, check_seed

INF = math.inf
WITH_TEAM = "with ops team 运营团队"
WITHOUT_TEAM = "no ops team"


def _beta_parameters(mean: float, sd: float) -> tuple[float, float]:
    """Beta(a, b) with the given mean and sd (method of moments)."""
    variance = sd**2
    if variance >= mean * (1 - mean):
        raise ValueError(
            f"skill_spread={sd:g} is too wide for skill_mean={mean:g}: a skill in (0, 1) with that mean "
            f"has a standard deviation below {math.sqrt(mean * (1 - mean)):.3f}"
        )
    common = mean * (1 - mean) / variance - 1
    return mean * common, (1 - mean) * common


def skill_lift(skill: np.ndarray, staff_per_100_merchants: float, staff_effectiveness: float) -> np.ndarray:
    """Skill after the operations team's help: s + (1 - s)(1 - exp(-e k / 10))."""
    return skill + (1 - skill) * (1 - np.exp(-staff_effectiveness * staff_per_100_merchants / 10))


def _draws(n_merchants: int, months: int, skill_mean: float, skill_spread: float, demand_volatility: float,
           seed: int | np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The merchants' skills and monthly demand shocks: the same for every staffing level (common numbers)."""
    rng = check_seed(seed)
    a, b = _beta_parameters(skill_mean, skill_spread)
    skill = rng.beta(a, b, size=n_merchants)
    shocks = mean_one_lognormal(rng, demand_volatility, (months, n_merchants))
    return skill, shocks


def _check(n_merchants, months, staff_per_100_merchants, skill_mean, skill_spread, staff_effectiveness,
           monthly_demand_cny, demand_volatility, gross_margin, fixed_cost_cny, cash_buffer_cny, commission,
           staff_monthly_cost_cny) -> dict:
    return {
        "n_merchants": check_count("n_merchants", n_merchants, 1, 100_000, "merchants on the platform"),
        "months": check_count("months", months, 1, 120, "months simulated"),
        "staff_per_100_merchants": float(check_range("staff_per_100_merchants", staff_per_100_merchants, 0, 100,
                                                     "operations staff (小二) per 100 merchants")),
        "skill_mean": float(check_range("skill_mean", skill_mean, 0, 1, "the merchants' mean skill",
                                        low_open=True, high_open=True)),
        "skill_spread": float(check_range("skill_spread", skill_spread, 0, 0.5, "the sd of merchant skill",
                                          low_open=True)),
        "staff_effectiveness": float(check_range("staff_effectiveness", staff_effectiveness, 0, 10,
                                                 "skill gained per staff member per 10 merchants")),
        "monthly_demand_cny": float(check_range("monthly_demand_cny", monthly_demand_cny, 0, INF,
                                                "monthly sales of a fully skilled merchant, CNY")),
        "demand_volatility": float(check_range("demand_volatility", demand_volatility, 0, 5,
                                               "the sd of the mean-one monthly demand shock")),
        "gross_margin": float(check_range("gross_margin", gross_margin, 0, 1, "the merchant's gross margin on sales")),
        "fixed_cost_cny": float(check_range("fixed_cost_cny", fixed_cost_cny, 0, INF, "fixed cost a month, CNY")),
        "cash_buffer_cny": float(check_range("cash_buffer_cny", cash_buffer_cny, 0, INF, "starting cash, CNY")),
        "commission": float(check_range("commission", commission, 0, 1, "the platform's take on sales (返点)")),
        "staff_monthly_cost_cny": float(check_range("staff_monthly_cost_cny", staff_monthly_cost_cny, 0, INF,
                                                    "the monthly cost of one staff member, CNY")),
    }


def _run(skill: np.ndarray, shocks: np.ndarray, p: dict) -> pd.DataFrame:
    lifted = skill_lift(skill, p["staff_per_100_merchants"], p["staff_effectiveness"])
    keep = p["gross_margin"] * (1 - p["commission"])
    cash = np.full(len(skill), p["cash_buffer_cny"])
    alive = np.ones(len(skill), dtype=bool)
    rows = []
    staff_cost = p["staff_per_100_merchants"] * len(skill) / 100 * p["staff_monthly_cost_cny"]
    for month, shock in enumerate(shocks, start=1):
        gmv = np.where(alive, p["monthly_demand_cny"] * lifted * shock, 0.0)
        cash = cash + np.where(alive, keep * gmv - p["fixed_cost_cny"], 0.0)
        total_gmv = float(gmv.sum())
        alive &= cash >= 0
        revenue = p["commission"] * total_gmv
        rows.append((month, alive.mean(), float(lifted[alive].mean()) if alive.any() else math.nan,
                     total_gmv, revenue, staff_cost, revenue - staff_cost))
    return pd.DataFrame(rows, columns=["month", "survival_share", "mean_skill", "gmv_cny", "platform_revenue_cny",
                                       "staff_cost_cny", "platform_profit_cny"])


def simulate_merchants(
    n_merchants: int = 2000,
    months: int = 36,
    staff_per_100_merchants: float = 2.0,
    skill_mean: float = 0.5,
    skill_spread: float = 0.2,
    staff_effectiveness: float = 0.5,
    monthly_demand_cny: float = 60000,
    demand_volatility: float = 0.3,
    gross_margin: float = 0.25,
    fixed_cost_cny: float = 9000,
    cash_buffer_cny: float = 30000,
    commission: float = 0.05,
    staff_monthly_cost_cny: float = 8000,
    seed: int | np.random.Generator = 2014,
) -> pd.DataFrame:
    """A platform's merchants month by month, helped by ``staff_per_100_merchants`` staff.

    Parameters
    ----------
    n_merchants : merchants on the platform, 1 to 100,000.
    months : months simulated, 1 to 120.
    staff_per_100_merchants : operations staff (小二) per 100 merchants, in [0, 100].
    skill_mean, skill_spread : mean and sd of merchant skill in (0, 1) (素质参差不齐).
    staff_effectiveness : e in the lift 1 - exp(-e k / 10), in [0, 10].
    monthly_demand_cny : monthly sales of a fully skilled merchant, CNY.
    demand_volatility : sd of the mean-one lognormal monthly demand shock.
    gross_margin : the merchant's gross margin on sales, in [0, 1].
    fixed_cost_cny : the merchant's fixed cost a month, CNY.
    cash_buffer_cny : the merchant's starting cash, CNY.
    commission : the platform's take on sales (返点), in [0, 1].
    staff_monthly_cost_cny : the monthly cost of one staff member, CNY.
    seed : random seed (or numpy Generator).

    Returns
    -------
    DataFrame
        One row a month: ``month``, ``survival_share``, ``mean_skill`` (of merchants still
        there), ``gmv_cny``, ``platform_revenue_cny``, ``staff_cost_cny``, ``platform_profit_cny``.

    Raises
    ------
    ValueError
        For a parameter out of range, or a ``skill_spread`` too wide for ``skill_mean``.

    Notes
    -----
    .. math::
        s_i \\sim \\mathrm{Beta}, \\quad s_i' = s_i + (1-s_i)(1-e^{-e k/10}), \\quad
        \\mathrm{GMV}_{it} = D\\,s_i'\\,\\varepsilon_{it}, \\quad
        C_{it} = C_{i,t-1} + g(1-c)\\,\\mathrm{GMV}_{it} - F

    and merchant :math:`i` leaves once :math:`C_{it} < 0`. Vectorised over merchants.

    References
    ----------
    Illustrative. The operations team follows the article (谌基平, 虎嗅 huxiu.com, 2014):
    "有千千万万的阿里小二在帮助商家运营着他们的网店".
    """
    p = _check(n_merchants, months, staff_per_100_merchants, skill_mean, skill_spread, staff_effectiveness,
               monthly_demand_cny, demand_volatility, gross_margin, fixed_cost_cny, cash_buffer_cny, commission,
               staff_monthly_cost_cny)
    skill, shocks = _draws(p["n_merchants"], p["months"], p["skill_mean"], p["skill_spread"],
                           p["demand_volatility"], seed)
    return _run(skill, shocks, p)


DEFAULTS = {name: p.default for name, p in inspect.signature(simulate_merchants).parameters.items()}
"""`simulate_merchants`'s default arguments, shared by `compare_staffing` and `return_on_staff`."""


def compare_staffing(**parameters: float) -> pd.DataFrame:
    """`simulate_merchants` with the team and with none, on the same random draws.

    Takes `simulate_merchants`'s keyword arguments. Using the same skills and shocks
    (common random numbers) means every difference comes from the staff alone.

    Returns
    -------
    DataFrame
        Long format: ``staffing`` (`WITH_TEAM` or `WITHOUT_TEAM`) and the columns of
        `simulate_merchants`.
    """
    unknown = set(parameters) - set(DEFAULTS)
    if unknown:
        raise ValueError(f"unknown parameter(s) {sorted(unknown)}; simulate_merchants takes {sorted(DEFAULTS)}")
    values = {**DEFAULTS, **parameters}
    seed = values.pop("seed")
    p = _check(**values)
    skill, shocks = _draws(p["n_merchants"], p["months"], p["skill_mean"], p["skill_spread"],
                           p["demand_volatility"], seed)
    with_team = _run(skill, shocks, p).assign(staffing=WITH_TEAM)
    without = _run(skill, shocks, {**p, "staff_per_100_merchants": 0.0}).assign(staffing=WITHOUT_TEAM)
    return pd.concat([with_team, without], ignore_index=True)


def staffing_return(comparison: pd.DataFrame) -> float:
    """The platform's return on its team from a `compare_staffing` frame, a fraction.

    (extra commission revenue from staffing - total staff cost) / total staff cost.

    Raises
    ------
    ValueError
        If the team cost nothing (no staff): there is no return to compute.
    """
    totals = comparison.groupby("staffing")[["platform_revenue_cny", "staff_cost_cny"]].sum()
    cost = totals.loc[WITH_TEAM, "staff_cost_cny"]
    if cost == 0:
        raise ValueError("staff_per_100_merchants=0 leaves no team to earn a return: choose a value in (0, 100]")
    extra = totals.loc[WITH_TEAM, "platform_revenue_cny"] - totals.loc[WITHOUT_TEAM, "platform_revenue_cny"]
    return float((extra - cost) / cost)


def return_on_staff(**parameters: float) -> float:
    """The platform's return on its operations team over the horizon, a fraction.

    Takes `simulate_merchants`'s keyword arguments; compares the same merchants with and
    without the team (`compare_staffing`) and applies `staffing_return`.

    Notes
    -----
    .. math:: \\mathrm{return} = \\frac{\\sum_t c\\,(\\mathrm{GMV}^{team}_t - \\mathrm{GMV}^{none}_t) - \\sum_t W_t}{\\sum_t W_t}

    with :math:`c` the commission and :math:`W_t` the staff's pay in month :math:`t`.

    Raises
    ------
    ValueError
        If ``staff_per_100_merchants`` is 0: there is no team to earn a return.
    """
    if parameters.get("staff_per_100_merchants", DEFAULTS["staff_per_100_merchants"]) == 0:
        raise ValueError("staff_per_100_merchants=0 leaves no team to earn a return: choose a value in (0, 100]")
    return staffing_return(compare_staffing(**parameters))


def skill_distribution(
    n_merchants: int = 2000,
    skill_mean: float = 0.5,
    skill_spread: float = 0.2,
    staff_per_100_merchants: float = 2.0,
    staff_effectiveness: float = 0.5,
    seed: int | np.random.Generator = 2014,
) -> pd.DataFrame:
    """Each merchant's skill before and after the team's help (same draws as `simulate_merchants`).

    Returns
    -------
    DataFrame
        ``merchant``, ``skill_before``, ``skill_after``.
    """
    p = _check(n_merchants, 1, staff_per_100_merchants, skill_mean, skill_spread, staff_effectiveness,
               0, 0, 0, 0, 0, 0, 0)
    skill, _ = _draws(p["n_merchants"], 1, p["skill_mean"], p["skill_spread"], 0.0, seed)
    return pd.DataFrame({"merchant": np.arange(len(skill)), "skill_before": skill,
                         "skill_after": skill_lift(skill, p["staff_per_100_merchants"], p["staff_effectiveness"])})

