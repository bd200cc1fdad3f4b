"""The official operations team (官方运营): platform staff who help merchants of uneven skill.

Alibaba's 小二 run much of a Taobao merchant's storefront for it. The article's merchants
are "素质参差不齐" (of very uneven quality); left alone on WeChat, many fail. This module
simulates the platform's merchants, the five scenario merchants with a spread of skill
(`o2o_models.population`), with and without an operations team:

1. Each merchant's skill ``s`` in (0, 1) is drawn from a Beta distribution with mean
   ``skill_mean`` and standard deviation ``skill_spread``.
2. Staff lift skill with diminishing returns: ``s' = s + (1 - s)(1 - exp(-e k / 10))``,
   with ``k`` staff per 100 merchants and effectiveness ``e``.
3. Skill runs what the article says merchants cannot do alone: the follow rate ``s' f``,
   the members' retention ``r^(1/s')`` and the share ``s'`` of free leads followed up
   (`o2o_models.population`). ``r`` is the scenario's member retention at its member
   discount (`o2o_models.merchant.Merchant.member_retention`, leg 1's logit on the member's
   surplus), not the retention ``r0`` with no discount: the discount sets how likely a
   member of a fully skilled merchant is to stay, and skill divides the churn hazard
   ``-ln r`` once, after the logit. Members accumulate month by month: ``M_t = r' M_{t-1} + f' n_t``,
   with month t's new customers ``n_t`` as reviews raise trust (`o2o_models.population.monthly_terms`).
4. A merchant's month: its scenario's margins (walk-ins, vouchers, members' purchases in the
   WeChat store after the platform's take ``commission``, leads followed up) times a
   lognormal demand shock with mean 1, less its fixed costs. Its cash starts at
   ``cash_months`` months of fixed costs; it leaves the month its cash turns negative.
5. The platform earns the vouchers' rebate 返点 and ``commission`` on members' store purchases
   of the merchants still trading, and pays ``staff_per_100_merchants`` staff for every 100
   merchants still trading.

Money is in CNY per month. Randomness comes only from ``seed``; `compare_staffing` runs
the same merchants and shocks with and without the team (common random numbers). The
platform's best team size is `best_team_size`, computed once for every lesson.

At about 680 lines the module runs past the house length (about 300): leg 2's simulation, its
staffing table, its survival by merchant and the best team size share one set of checked
figures and seeded draws (`_checked_population`).
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from .population import MONTHLY_COLUMNS, merchant_types, monthly_terms, scenario_of, skilled_retention
from .shocks import mean_one_lognormal
from .text import N_, _
from .validation import MONEY, SEED, check_broadcast, check_count, check_frame, check_number, check_range, check_seed

WITH_TEAM = N_("with ops team 运营团队")
WITHOUT_TEAM = N_("no ops team")
"""The two runs' names in ``staffing`` (the code's; a lesson's table shows them in the reader's language)."""
COLUMNS = [
    "month",
    "survival_share",
    "mean_skill",
    "gmv_cny",
    "platform_revenue_cny",
    "staff_cost_cny",
    "platform_profit_cny",
]
RANGES = {  # every parameter's allowed interval [low, high] and meaning, for the error messages
    "n_merchants": (1, 100_000, "merchants at the start"),
    "months": (1, 120, "months simulated"),
    "staff_per_100_merchants": (0, 100, "operations staff (小二) per 100 merchants"),
    "skill_mean": (0, 1, "the merchants' mean skill"),
    "skill_spread": (1e-6, 0.5, "the standard deviation of merchant skill"),
    "staff_effectiveness": (0, 10, "how much each staff member helps"),
    "demand_volatility": (0, 5, "the standard deviation of the mean-one monthly demand shock"),
    "cash_months": (0, 120, "a merchant's starting cash, in months of its fixed costs"),
    "commission": (0, 1, "the platform's take on members' purchases in the WeChat store 微信小店, a fraction"),
    "staff_monthly_cost_cny": (0, MONEY, "the cost of one staff member, CNY a month"),
}
COUNTS = ("n_merchants", "months")
OPEN_BOUNDS = {"skill_mean": {"low_open": True, "high_open": True}}


def _check(**values: object) -> dict:
    """The given parameters of `simulate_merchants` (by name, not the seed), checked against `RANGES`."""
    checked = {}
    for name, value in values.items():
        if name in COUNTS:
            checked[name] = check_count(name, value, *RANGES[name])
        else:
            checked[name] = check_number(name, value, *RANGES[name], **OPEN_BOUNDS.get(name, {}))
    if "skill_mean" in checked:
        _beta_parameters(checked["skill_mean"], checked["skill_spread"])
    return checked


def skill_lift(skill: ArrayLike, staff_per_100_merchants: ArrayLike, staff_effectiveness: ArrayLike) -> NDArray:
    """A merchant's skill after the operations team's help.

    Parameters
    ----------
    skill : array_like
        Skill before help, in [0, 1] (0 = none, 1 = expert).
    staff_per_100_merchants, staff_effectiveness : array_like
        Operations staff (小二) per 100 merchants, in [0, 100]; how much each helps, in [0, 10].

    Returns
    -------
    ndarray
        Skill after help, in [skill, 1]; the inputs broadcast.

    Raises
    ------
    ValueError
        If an input is NaN or out of range; the message names it.

    Notes
    -----
    The team closes a share of the gap to full skill, with diminishing returns in staff:
    :math:`s' = s + (1 - s)(1 - e^{-e k / 10})`.

    References
    ----------
    Illustrative.

    Examples
    --------
    Ten staff per 100 merchants at effectiveness 1 close 1 - e^-1 = 63% of the gap:

    >>> round(float(skill_lift(0.4, 10, 1.0)), 4)
    0.7793
    """
    before = check_range("skill", skill, 0, 1, "a merchant's skill before help (0 = none, 1 = expert)")
    staff = check_range("staff_per_100_merchants", staff_per_100_merchants, *RANGES["staff_per_100_merchants"])
    effect = check_range("staff_effectiveness", staff_effectiveness, *RANGES["staff_effectiveness"])
    before, staff, effect = check_broadcast(skill=before, staff_per_100_merchants=staff, staff_effectiveness=effect)
    return before + (1 - before) * (1 - np.exp(-effect * staff / 10))


def _beta_parameters(mean: float, sd: float) -> tuple[float, float]:
    """Beta(a, b) with the given mean and sd (method of moments)."""
    if sd**2 >= mean * (1 - mean):
        raise ValueError(
            _(
                "skill_spread={sd:g} is too wide for skill_mean={mean:g}: a skill in (0, 1) "
                "with that mean has a standard deviation below {value:.3f}"
            ).format(sd=sd, mean=mean, value=math.sqrt(mean * (1 - mean)))
        )
    common = mean * (1 - mean) / sd**2 - 1
    return mean * common, (1 - mean) * common


def _checked_population(parameters: Mapping[str, Any]) -> tuple[dict[str, Any], np.ndarray, np.ndarray]:
    """The figures (`DEFAULTS` with ``parameters`` over them), checked, and their seeded draws (`_draws`).

    Returns ``(figures, skill, shocks)``. An unknown parameter is named first, then a bad seed,
    before any clash of other figures.
    """
    unknown = sorted(set(parameters) - set(DEFAULTS))
    if unknown:
        raise ValueError(
            _("unknown parameter(s) {unknown}; simulate_merchants takes {defaults}").format(
                unknown=unknown, defaults=sorted(DEFAULTS)
            )
        )
    values = {**DEFAULTS, **parameters}
    seed = check_seed(values.pop("seed"))
    p = _check(**values)
    skill, shocks = _draws(
        p["n_merchants"], p["months"], p["skill_mean"], p["skill_spread"], p["demand_volatility"], seed
    )
    return p, skill, shocks


def _draws(
    n_merchants: int,
    months: int,
    skill_mean: float,
    skill_spread: float,
    demand_volatility: float,
    seed: int | np.random.Generator,
) -> tuple[NDArray, NDArray]:
    """The merchants' skills and monthly demand shocks: the same for every staffing level."""
    rng = check_seed(seed)
    skill = rng.beta(*_beta_parameters(skill_mean, skill_spread), size=n_merchants)
    return skill, mean_one_lognormal(rng, demand_volatility, (months, n_merchants))


def _simulate(skill: NDArray, shocks: NDArray, p: dict) -> tuple[pd.DataFrame, NDArray]:
    """Month by month, vectorised over merchants (see `o2o_models.population` for each term):
    the months, and who still trades at the end."""
    types = merchant_types()
    kind = scenario_of(len(skill))
    column = {name: types[name].to_numpy(dtype=float)[kind] for name in types.columns if name != "scenario"}
    lifted = skill_lift(skill, p["staff_per_100_merchants"], p["staff_effectiveness"])
    follow, retention = lifted * column["follow_rate"], skilled_retention(column["retention"], lifted)
    member_margin = column["member_sales_cny"] * (1 - p["commission"]) - column["member_cost_cny"]
    staff_per_merchant = p["staff_per_100_merchants"] / 100 * p["staff_monthly_cost_cny"]
    cash = p["cash_months"] * column["fixed_cost_cny"]
    terms = monthly_terms(len(shocks))  # the voucher buyers' terms, month by month as reviews raise trust
    members = np.zeros(len(skill))
    trading = np.ones(len(skill), dtype=bool)
    rows = []
    for month, shock in enumerate(shocks, start=1):
        column.update({name: terms[name][month - 1][kind] for name in MONTHLY_COLUMNS})
        staff_cost = staff_per_merchant * trading.sum()  # the team serves the merchants still trading
        members = retention * members + follow * column["new_customers"]
        margin = column["base_margin_cny"] + members * member_margin + lifted * column["lead_margin_cny"]
        cash += np.where(trading, shock * margin - column["fixed_cost_cny"], 0.0)
        store = np.where(trading, shock * members * column["member_sales_cny"], 0.0).sum()
        vouchers = np.where(trading, shock * column["voucher_sales_cny"], 0.0).sum()
        revenue = np.where(trading, shock * column["voucher_commission_cny"], 0.0).sum() + p["commission"] * store
        trading &= cash >= 0  # a merchant trades through the month its cash runs out, then leaves
        mean_skill = lifted[trading].mean() if trading.any() else math.nan
        rows.append((month, trading.mean(), mean_skill, vouchers + store, revenue, staff_cost, revenue - staff_cost))
    return pd.DataFrame(rows, columns=COLUMNS), trading


def _run(skill: NDArray, shocks: NDArray, p: dict) -> pd.DataFrame:
    """The months of `_simulate`."""
    return _simulate(skill, shocks, p)[0]


def simulate_merchants(
    n_merchants: int = 2000,
    months: int = 36,
    staff_per_100_merchants: float = 2.0,
    skill_mean: float = 0.5,
    skill_spread: float = 0.2,
    staff_effectiveness: float = 1.5,
    demand_volatility: float = 0.3,
    cash_months: float = 3.0,
    commission: float = 0.05,
    staff_monthly_cost_cny: float = 8000,
    seed: int | np.random.Generator = SEED,
) -> pd.DataFrame:
    """A platform's merchants month by month, helped by ``staff_per_100_merchants`` staff.

    Parameters
    ----------
    n_merchants, months : int
        Merchants at the start, 1 to 100,000; months simulated, 1 to 120.
    staff_per_100_merchants, staff_effectiveness : float
        Operations staff (小二) per 100 merchants, in [0, 100]; how much each helps, in [0, 10].
    skill_mean, skill_spread : float
        Mean, in (0, 1), and standard deviation, in [1e-6, 0.5], of merchant skill (素质参差不齐);
        the spread must be below sqrt(mean (1 - mean)).
    demand_volatility : float
        The standard deviation of the mean-one lognormal monthly shock to a merchant's
        margins, in [0, 5].
    cash_months : float
        A merchant's starting cash, in months of its fixed costs, in [0, 120].
    commission : float
        The platform's take on members' purchases in the WeChat store (微信小店), in [0, 1].
        The vouchers' rebate 返点 is each scenario's own ``commission``.
    staff_monthly_cost_cny : float
        The cost of one staff member, CNY per month, in [0, 1e9].
    seed : int or numpy.random.Generator
        The same seed gives the same merchants and shocks.

    Returns
    -------
    DataFrame
        One row a month: ``month``; ``survival_share`` (fraction still trading at the month's
        end); ``mean_skill`` (mean skill after help of those still trading, NaN once none
        are); ``gmv_cny`` (sales through the platform that month: vouchers and members'
        purchases in the WeChat store); ``platform_revenue_cny`` (the vouchers' rebate plus
        ``commission`` on the store's sales); ``staff_cost_cny``; ``platform_profit_cny``
        (revenue - staff cost), all CNY.

    Raises
    ------
    ValueError
        If a parameter is out of range, or ``skill_spread`` is too wide for ``skill_mean``.

    Notes
    -----
    .. math::
        s_i \\sim \\mathrm{Beta}, \\quad s_i' = s_i + (1-s_i)(1-e^{-e k/10}), \\quad
        M_{it} = r^{1/s_i'} M_{i,t-1} + s_i' f n_t, \\quad
        C_{it} = C_{i,t-1} + \\varepsilon_{it}\\,\\pi_i(M_{it}) - K, \\quad C_{i0} = c_K K

    with each merchant's scenario figures (:math:`f, r, n, K` and the month's margin
    :math:`\\pi_i` of `o2o_models.population`; :math:`r` is the member retention at the
    scenario's member discount) and :math:`c_K` = ``cash_months``. The
    platform earns :math:`\\varepsilon_{it}` times the vouchers' rebate and ``commission``
    on members' store purchases of each merchant trading.

    Merchant :math:`i` trades in month :math:`t` if :math:`C_{i,t-1} \\ge 0`. The team
    serves the merchants still trading: with :math:`N_t` of them at the month's start it
    costs :math:`W_t = k N_t / 100 \\times w`, so it shrinks as merchants leave. ``mean_skill`` is of
    survivors: the weak leave first, so it
    rises over time, and a bigger team, by keeping weaker merchants alive, can lower it
    even though it raises every merchant's skill (see `skill_distribution` for the whole
    population).

    References
    ----------
    Illustrative. The operations team follows the article (谌基平, 虎嗅 huxiu.com, 2014):
    "有千千万万的阿里小二在帮助商家运营着他们的网店".

    Examples
    --------
    >>> frame = simulate_merchants(n_merchants=100, months=12)
    >>> frame.shape
    (12, 7)
    >>> bool(frame["survival_share"].is_monotonic_decreasing)
    True
    """
    seed = check_seed(seed)
    p = _check(
        n_merchants=n_merchants,
        months=months,
        staff_per_100_merchants=staff_per_100_merchants,
        skill_mean=skill_mean,
        skill_spread=skill_spread,
        staff_effectiveness=staff_effectiveness,
        demand_volatility=demand_volatility,
        cash_months=cash_months,
        commission=commission,
        staff_monthly_cost_cny=staff_monthly_cost_cny,
    )
    skill, shocks = _draws(
        p["n_merchants"], p["months"], p["skill_mean"], p["skill_spread"], p["demand_volatility"], seed
    )
    return _run(skill, shocks, p)


DEFAULTS = {name: p.default for name, p in inspect.signature(simulate_merchants).parameters.items()}
"""`simulate_merchants`'s default arguments, by name."""


def compare_staffing(**parameters: float | int | np.random.Generator) -> pd.DataFrame:
    """`simulate_merchants` with the team and with none, on the same merchants and shocks.

    Parameters
    ----------
    **parameters
        Any keyword arguments of `simulate_merchants` (the rest take its defaults).

    Returns
    -------
    DataFrame
        Long format: ``staffing`` (`WITH_TEAM` or `WITHOUT_TEAM`) and the columns of
        `simulate_merchants`, the team's months first.

    Raises
    ------
    ValueError
        For an unknown keyword or a parameter out of range.

    Notes
    -----
    Common random numbers: both runs share every skill draw and demand shock, so every
    difference between them comes from the staff alone. The run without a team has
    ``staff_per_100_merchants = 0`` and so no staff cost.

    References
    ----------
    Illustrative; see `simulate_merchants`.

    Examples
    --------
    >>> compare_staffing(months=12).shape
    (24, 8)
    """
    p, skill, shocks = _checked_population(parameters)
    with_team = _run(skill, shocks, p).assign(staffing=WITH_TEAM)
    without = _run(skill, shocks, {**p, "staff_per_100_merchants": 0.0}).assign(staffing=WITHOUT_TEAM)
    return pd.concat([with_team, without], ignore_index=True)


def staffing_return(comparison: pd.DataFrame) -> float:
    """The platform's return on its team, from a `compare_staffing` frame, a fraction.

    Parameters
    ----------
    comparison : DataFrame
        Output of `compare_staffing`.

    Returns
    -------
    float
        (extra commission revenue the team brings - total staff cost) / total staff cost,
        over the whole horizon: 0.75 means each CNY spent on staff returns 1.75 CNY.

    Raises
    ------
    ValueError
        If the team cost nothing (no staff, or staff paid nothing): there is no return to compute.

    Notes
    -----
    .. math:: \\rho = \\frac{\\sum_t (R^{team}_t - R^{none}_t) - \\sum_t W_t}{\\sum_t W_t}

    with :math:`R_t` the platform's revenue (the vouchers' rebate and the store take) in month :math:`t`.

    References
    ----------
    Illustrative.

    Examples
    --------
    >>> round(staffing_return(compare_staffing(staff_per_100_merchants=2)), 2)
    1.93
    """
    money = ["platform_revenue_cny", "staff_cost_cny"]
    check_frame("comparison", comparison, ["staffing", *money], "compare_staffing", numeric=money)
    absent = [label for label in (WITH_TEAM, WITHOUT_TEAM) if not (comparison["staffing"] == label).any()]
    if absent:
        raise ValueError(
            _("comparison has no rows with staffing {labels}: pass the output of compare_staffing").format(
                labels=_(" or ").join(map(repr, absent))
            )
        )
    if (comparison[money] < 0).to_numpy().any():
        raise ValueError(_("comparison holds a negative revenue or staff cost: pass the output of compare_staffing"))
    totals = comparison.groupby("staffing")[money].sum()
    cost = float(totals.loc[WITH_TEAM, "staff_cost_cny"])
    if cost == 0:
        raise ValueError(
            _(
                "the team cost nothing (staff_per_100_merchants=0 or "
                "staff_monthly_cost_cny=0): there is no return on it to compute"
            )
        )
    extra = float(totals.loc[WITH_TEAM, "platform_revenue_cny"] - totals.loc[WITHOUT_TEAM, "platform_revenue_cny"])
    if not math.isfinite((extra - cost) / cost):
        raise ValueError(
            _(
                "comparison: a staff cost of {cost:g} CNY is too small beside {extra:g} CNY "
                "of extra commission to give a return; pass the output of compare_staffing"
            ).format(cost=cost, extra=extra)
        )
    return (extra - cost) / cost


def return_on_staff(**parameters: float | int | np.random.Generator) -> float:
    """The platform's return on its operations team over the horizon, a fraction.

    Parameters
    ----------
    **parameters
        Any keyword arguments of `simulate_merchants`; ``staff_per_100_merchants`` and
        ``staff_monthly_cost_cny`` must be above 0.

    Returns
    -------
    float
        `staffing_return` of `compare_staffing` at these parameters.

    Raises
    ------
    ValueError
        If ``staff_per_100_merchants`` or ``staff_monthly_cost_cny`` is 0 (no team cost, so
        no return), or for any error of `compare_staffing`.

    Notes
    -----
    As `staffing_return`: (extra commission from staffing - staff cost) / staff cost.

    References
    ----------
    Illustrative.

    Examples
    --------
    >>> round(return_on_staff(staff_per_100_merchants=2), 2)
    1.93
    """
    comparison = compare_staffing(**parameters)  # checks every parameter
    for name in ("staff_per_100_merchants", "staff_monthly_cost_cny"):
        if parameters.get(name, DEFAULTS[name]) == 0:
            raise ValueError(
                _(
                    "{name}=0 leaves the team costing nothing, so there is no return on it: choose a value above 0"
                ).format(name=name)
            )
    return staffing_return(comparison)


def staffing_table(
    levels: tuple[float, ...] = (1, 2, 3, 5, 7, 10, 15, 20), **parameters: float | int | np.random.Generator
) -> pd.DataFrame:
    """The platform's gain from its team at several sizes, with the average and the marginal return.

    Parameters
    ----------
    levels : tuple of float
        Staff per 100 merchants, each in (0, 100], increasing.
    **parameters
        Any other keyword arguments of `simulate_merchants` (not ``staff_per_100_merchants``).

    Returns
    -------
    DataFrame
        One row a level: ``staff_per_100_merchants``; over the horizon, CNY: ``staff_cost_cny``,
        ``extra_commission_cny`` (against no team) and ``net_gain_cny`` (their difference);
        ``average_return`` (net gain / staff cost) and ``marginal_return`` (the extra net
        gain per extra CNY of staff, from the level before, or from no team for the first).

    Raises
    ------
    ValueError
        If a level is out of range or the levels do not increase, or for an error of
        `simulate_merchants`.

    Notes
    -----
    With :math:`R(k)` the extra commission and :math:`W(k)` the staff cost at :math:`k`:

    .. math::
        \\text{average} = \\frac{R(k) - W(k)}{W(k)}, \\qquad
        \\text{marginal} = \\frac{\\Delta R - \\Delta W}{\\Delta W}

    The net gain grows while the marginal return is positive, and peaks where it turns
    negative; the average return peaks earlier. Every level runs on the same merchants and
    shocks (common random numbers).

    References
    ----------
    Illustrative; see `simulate_merchants`.

    Examples
    --------
    >>> table = staffing_table((2, 5), n_merchants=200, months=12)
    >>> list(table.columns)[:3]
    ['staff_per_100_merchants', 'staff_cost_cny', 'extra_commission_cny']
    """
    if "staff_per_100_merchants" in parameters:
        raise ValueError(_("staffing_table sets staff_per_100_merchants itself: give the sizes as levels"))
    sizes = np.atleast_1d(check_range("levels", levels, 0, 100, "staff per 100 merchants", low_open=True))
    if sizes.ndim != 1 or sizes.size == 0 or np.any(np.diff(sizes) <= 0):
        raise ValueError(
            _("levels={sizes} must be a non-empty, increasing list of staff per 100 merchants").format(
                sizes=sizes.tolist()
            )
        )
    p, skill, shocks = _checked_population(parameters)
    if p["staff_monthly_cost_cny"] == 0:
        raise ValueError(
            _(
                "staff_monthly_cost_cny=0 leaves the team costing nothing, so there is no "
                "return on it: choose a value above 0"
            )
        )
    totals = [
        _run(skill, shocks, {**p, "staff_per_100_merchants": float(k)})[
            ["platform_revenue_cny", "staff_cost_cny"]
        ].sum()
        for k in (0.0, *sizes)
    ]
    revenue = np.array([t["platform_revenue_cny"] for t in totals])
    cost = np.array([t["staff_cost_cny"] for t in totals])
    extra = revenue - revenue[0]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        average = (extra - cost) / cost
        marginal = np.diff(extra - cost) / np.diff(cost)
    if np.any(np.diff(cost) <= 0) or not (np.isfinite(average[1:]).all() and np.isfinite(marginal).all()):
        raise ValueError(
            _(
                "levels={sizes} are too close together, or "
                "staff_monthly_cost_cny={staff_monthly_cost_cny:g} too small, to tell the "
                "team's cost at each size apart"
            ).format(sizes=sizes.tolist(), staff_monthly_cost_cny=p["staff_monthly_cost_cny"])
        )
    return pd.DataFrame(
        {
            "staff_per_100_merchants": sizes,
            "staff_cost_cny": cost[1:],
            "extra_commission_cny": extra[1:],
            "net_gain_cny": (extra - cost)[1:],
            "average_return": average[1:],
            "marginal_return": marginal,
        }
    )


def skill_distribution(
    n_merchants: int = 2000,
    skill_mean: float = 0.5,
    skill_spread: float = 0.2,
    staff_per_100_merchants: float = 2.0,
    staff_effectiveness: float = 1.5,
    seed: int | np.random.Generator = SEED,
) -> pd.DataFrame:
    """Each merchant's skill before and after the team's help, for a histogram.

    Parameters
    ----------
    n_merchants, skill_mean, skill_spread, staff_per_100_merchants, staff_effectiveness, seed
        As in `simulate_merchants`; the same seed draws the same merchants.

    Returns
    -------
    DataFrame
        ``merchant`` (0, 1, ...), ``skill_before``, ``skill_after`` (both in [0, 1]).

    Raises
    ------
    ValueError
        If a parameter is out of range, or ``skill_spread`` is too wide for ``skill_mean``.

    Notes
    -----
    :math:`s_i \\sim \\mathrm{Beta}(a, b)` with :math:`a = m\\,\\nu`, :math:`b = (1-m)\\,\\nu`,
    :math:`\\nu = m(1-m)/\\sigma^2 - 1` (method of moments), and :math:`s_i'` by `skill_lift`.

    References
    ----------
    Illustrative.

    Examples
    --------
    >>> skills = skill_distribution(n_merchants=5)
    >>> bool((skills["skill_after"] >= skills["skill_before"]).all())
    True
    """
    seed = check_seed(seed)
    p = _check(
        n_merchants=n_merchants,
        skill_mean=skill_mean,
        skill_spread=skill_spread,
        staff_per_100_merchants=staff_per_100_merchants,
        staff_effectiveness=staff_effectiveness,
    )
    skill, _ = _draws(p["n_merchants"], 1, p["skill_mean"], p["skill_spread"], 0.0, seed)
    return pd.DataFrame(
        {
            "merchant": np.arange(len(skill)),
            "skill_before": skill,
            "skill_after": skill_lift(skill, p["staff_per_100_merchants"], p["staff_effectiveness"]),
        }
    )


TEAM_GRID = tuple(float(k) for k in np.arange(0.5, 20.5, 0.5))
"""Team sizes searched for the best one: 0.5 to 20 staff per 100 merchants, the staff lever's step."""


def best_team_size(**parameters: float | int | np.random.Generator) -> float:
    """The team size with the largest net gain to the platform, in staff per 100 merchants.

    Parameters
    ----------
    **parameters
        Any keyword arguments of `simulate_merchants` except ``staff_per_100_merchants``.

    Returns
    -------
    float
        The size in `TEAM_GRID` (steps of 0.5) where `staffing_table`'s ``net_gain_cny`` is
        largest: the one figure every lesson quotes.

    Raises
    ------
    ValueError
        For any error of `staffing_table`.

    Notes
    -----
    :math:`k^* = \\arg\\max_k\\, R(k) - W(k)` over the grid; the marginal return is positive up to
    :math:`k^*` and negative on the next step.

    References
    ----------
    Illustrative; see `simulate_merchants`.

    Examples
    --------
    >>> best_team_size()
    8.0
    """
    table = staffing_table(TEAM_GRID, **parameters)
    return float(table.loc[table["net_gain_cny"].idxmax(), "staff_per_100_merchants"])


def survival_by_scenario(**parameters: float | int | np.random.Generator) -> pd.DataFrame:
    """The share of each scenario's merchants still trading after the horizon, with the team and without.

    Parameters
    ----------
    **parameters
        Any keyword arguments of `simulate_merchants`.

    Returns
    -------
    DataFrame
        Indexed by ``scenario`` (`o2o_models.population.merchant_types` order; with fewer than five
        merchants, only the scenarios they are of): ``WITH_TEAM`` and ``WITHOUT_TEAM``, shares in
        [0, 1], on the same merchants and shocks.

    Raises
    ------
    ValueError
        For an unknown keyword or a parameter out of range.

    References
    ----------
    Illustrative; see `simulate_merchants`.

    Examples
    --------
    >>> survival_by_scenario(months=12).loc["leisure"].tolist()
    [1.0, 1.0]
    """
    p, skill, shocks = _checked_population(parameters)
    kind, names = scenario_of(p["n_merchants"]), merchant_types()["scenario"]
    present = sorted(set(kind.tolist()))  # fewer than five merchants leave some scenarios out
    shares = {}
    for label, staff in ((WITH_TEAM, p["staff_per_100_merchants"]), (WITHOUT_TEAM, 0.0)):
        trading = _simulate(skill, shocks, {**p, "staff_per_100_merchants": staff})[1]
        shares[label] = [float(trading[kind == j].mean()) for j in present]
    return pd.DataFrame(shares, index=pd.Index(names.iloc[present], name="scenario"))
