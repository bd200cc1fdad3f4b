"""Leg 2's merchants: the five scenario merchants, each with a spread of operating skill.

Lesson 02's platform hosts merchants of the five scenarios (`o2o_models.scenarios.SCENARIOS`)
in equal numbers: merchant ``i`` is of the scenario ``i mod 5``. Every merchant of a scenario
has that scenario's figures (`o2o_models.merchant.Merchant`), read through the same
quantities as leg 1 and leg 3, except its operating skill :math:`s' \\in [0, 1]`. Skill
runs what the article says merchants cannot do alone (商家只需要留心 ... 再请那么一两个运营人员;
大宗产品 ... 需要有专门的运营团队): a merchant at skill 1 reaches its scenario's figures, one at
skill :math:`s'` reaches

- the follow rate :math:`f' = s' f` (new customers it gets to follow the service account 服务号);
- the retention :math:`r' = r_\\delta^{1/s'}` (its members' monthly churn hazard :math:`-\\ln r_\\delta`
  divided by skill, so :math:`r' = 0` at skill 0), where :math:`r_\\delta` is the scenario's member
  retention at its member discount :math:`\\delta` (`o2o_models.merchant.Merchant.member_retention`,
  the logit of leg 1: :math:`\\operatorname{logit} r_\\delta = \\operatorname{logit} r_0 + \\beta q \\delta P`).
  The discount sets how likely a member of a well-run merchant is to stay; skill scales the
  hazard once, after the logit, so neither counts twice and :math:`r_0` (no discount) is never
  read as the retention at the discount;
- the lead follow-up :math:`s'`: the share of its free leads (``viral_mean_leads``, worth
  :math:`v` each: `o2o_models.funnel.mean_lead_value`, the mean lead value leg 3 reads, raised as
  reviews build trust) its team turns into sales.

A month of a merchant of scenario :math:`j` with :math:`M` members, before the demand shock,
in CNY (`base_margin_cny` is the month of the deal against no deal, plus the walk-ins):

.. math::
    \\pi = (W - A)(P(1 - c_f) - u) + N m + M\\,[q P(1-\\delta)(1-c_s-c_f) - q u - k_m] + s' L v - K

with :math:`A` the cannibalised voucher buyers, :math:`N` the voucher buyers, :math:`m` the
voucher margin, :math:`q` purchases per member, :math:`\\delta` the member discount,
:math:`c_s` the platform's take on members' purchases in the WeChat store (微信小店),
:math:`c_f` the share of the price paid that is a cost (``cost_share``: the cinema's film),
:math:`k_m` the member marketing cost, :math:`L` the free leads, :math:`v` a lead's value and
:math:`K` the fixed costs: ``fixed_cost_cny``, plus the operators (``operator_cost_cny``) if
the merchant runs a member programme, plus the lead team (``team_cost_cny``) if it works
leads. It runs the programme, or works the leads, when that pays at full skill: steady-state
members :math:`(N - A) f / (1 - r_\\delta)` times the member margin above the operators' pay;
:math:`L v` above the team's. Referrals are left out.

Reviews raise strangers' trust month by month (`o2o_models.funnel.leg1_months`), so :math:`N`, :math:`A`
and the terms they enter are month t's: `monthly_terms` reads leg 1's voucher buyers :math:`N_t`
(its route with members if the merchant runs a programme, else group-buy alone), so leg 2's
merchants sell the vouchers leg 1 sells. Trust is the scenario's at full skill: a less skilled
merchant's fewer members leave fewer reviews, which the model leaves out.

References
----------
The figures and their sources: ``data/scenarios.csv``. The skill relations are illustrative.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from . import funnel
from .scenarios import SCENARIOS, merchant
from .validation import check_count, check_range

TYPE_COLUMNS = (
    "scenario",
    "base_margin_cny",
    "voucher_sales_cny",
    "voucher_commission_cny",
    "new_customers",
    "follow_rate",
    "retention",
    "member_sales_cny",
    "member_cost_cny",
    "lead_margin_cny",
    "runs_members",
    "works_leads",
    "fixed_cost_cny",
)


@functools.lru_cache(maxsize=1)
def merchant_types() -> pd.DataFrame:
    """Each scenario merchant's month as leg 2 reads it, one row a scenario, in `SCENARIOS` order.

    The terms with voucher buyers in them are month 1's, at the starting trust; `monthly_terms` gives
    them month by month as reviews raise trust. The choices (``runs_members``, ``works_leads``) are
    made on month 1's figures.

    Returns
    -------
    DataFrame
        ``scenario``; CNY a month: ``base_margin_cny`` (walk-ins not taken by the deal at full
        margin, plus the vouchers' margin: :math:`(W - A)(P(1 - c_f) - u) + N m`), ``voucher_sales_cny``
        (:math:`N P(1 - d)`), ``voucher_commission_cny``
        (the platform's rebate 返点 on the vouchers, :math:`c N P(1 - d)`); ``new_customers``
        (:math:`N - A` a month); ``follow_rate`` and ``retention`` at full skill (``retention`` is
        :math:`r_\\delta`, the member retention at the scenario's member discount); CNY per member
        a month: ``member_sales_cny`` (:math:`q P (1 - \\delta)`) and ``member_cost_cny``
        (:math:`q (u + c_f P(1 - \\delta)) + k_m`); ``lead_margin_cny`` (:math:`L v` a month at full skill);
        ``runs_members`` and ``works_leads`` (True where that pays at full skill, before the
        store take); ``fixed_cost_cny`` (:math:`K`, the fixed costs with the operators and lead
        team it pays).

    Examples
    --------
    >>> bool(merchant_types().set_index("scenario").loc["cinema", "runs_members"])
    True
    """
    rows = []
    for name in SCENARIOS:
        m = merchant(name)
        members_at_full_skill = (m.voucher_buyers - m.cannibalised_buyers) * m.follow_rate / (1 - m.member_retention)
        runs_members = members_at_full_skill * m.member_margin > m.operator_cost_cny
        lead_margin = m.viral_mean_leads * funnel.mean_lead_value(m)  # leg 3's free-sharing value, w-bar
        member_price = m.list_price * (1 - m.member_discount)
        works_leads = lead_margin > m.team_cost_cny
        rows.append(
            {
                "scenario": name,
                "base_margin_cny": (m.walk_ins - m.cannibalised_buyers) * m.full_margin
                + m.voucher_buyers * m.voucher_margin,
                "voucher_sales_cny": m.voucher_buyers * m.voucher_price,
                "voucher_commission_cny": m.commission * m.voucher_buyers * m.voucher_price,
                "new_customers": m.voucher_buyers - m.cannibalised_buyers,
                "follow_rate": m.follow_rate if runs_members else 0.0,
                "retention": m.member_retention,
                "member_sales_cny": m.purchases_per_member * member_price,
                "member_cost_cny": m.purchases_per_member * (m.unit_cost + m.cost_share * member_price)
                + m.marketing_cost_per_member_cny,
                "lead_margin_cny": lead_margin if works_leads else 0.0,
                "runs_members": bool(runs_members),
                "works_leads": bool(works_leads),
                "fixed_cost_cny": m.fixed_cost_cny
                + (m.operator_cost_cny if runs_members else 0.0)
                + (m.team_cost_cny if works_leads else 0.0),
            }
        )
    return pd.DataFrame(rows, columns=list(TYPE_COLUMNS))


MONTHLY_COLUMNS = ("base_margin_cny", "voucher_sales_cny", "voucher_commission_cny", "new_customers")
"""The columns of `merchant_types` that voucher buyers enter, month by month in `monthly_terms`."""


@functools.lru_cache(maxsize=4)
def monthly_terms(months: int) -> dict[str, NDArray[np.float64]]:
    """`MONTHLY_COLUMNS` month by month as reviews raise trust: each an array (months, scenario).

    Month t's voucher buyers :math:`N_t` are leg 1's (`o2o_models.funnel.leg1_months`: ``buyers`` for a
    merchant that runs a member programme, ``groupbuy_only_buyers`` otherwise), :math:`A_t = \\min(aN_t, W)`;
    the terms are `merchant_types`' with :math:`N_t` and :math:`A_t`. With ``review_rate`` 0 every month's
    row is `merchant_types`'.

    Examples
    --------
    >>> terms = monthly_terms(36)
    >>> terms["new_customers"].shape
    (36, 5)
    >>> bool(terms["new_customers"][-1, 0] > terms["new_customers"][0, 0])  # the restaurant's reviews
    True
    """
    count = check_count("months", months, 1, 120, "the horizon in months")
    columns: dict[str, list[NDArray[np.float64]]] = {name: [] for name in MONTHLY_COLUMNS}
    for name, runs_members in zip(SCENARIOS, merchant_types()["runs_members"]):
        m = merchant(name)
        led = funnel.leg1_months(m, count)
        buyers = led["buyers" if runs_members else "groupbuy_only_buyers"].to_numpy(dtype=float)
        cannibalised = np.minimum(m.cannibalised_share * buyers, m.walk_ins)
        columns["base_margin_cny"].append((m.walk_ins - cannibalised) * m.full_margin + buyers * m.voucher_margin)
        columns["voucher_sales_cny"].append(buyers * m.voucher_price)
        columns["voucher_commission_cny"].append(m.commission * buyers * m.voucher_price)
        columns["new_customers"].append(buyers - cannibalised)
    return {name: np.stack(values, axis=1) for name, values in columns.items()}


def scenario_of(n_merchants: int) -> NDArray[np.int64]:
    """The scenario (row of `merchant_types`) of each of ``n_merchants`` merchants: ``i mod 5``.

    Examples
    --------
    >>> scenario_of(7).tolist()
    [0, 1, 2, 3, 4, 0, 1]
    """
    count = check_count("n_merchants", n_merchants, 0, 100_000, "merchants on the platform")
    return np.arange(count) % len(SCENARIOS)


def skilled_retention(retention: ArrayLike, skill: ArrayLike) -> NDArray[np.float64]:
    """A member's monthly retention at a merchant of skill ``skill``: :math:`r^{1/s'}`, 0 at skill 0.

    Parameters
    ----------
    retention : array_like
        Retention at full skill, a fraction per month in [0, 1): the member retention at the
        merchant's member discount (`o2o_models.merchant.Merchant.member_retention`), not ``r0``.
    skill : array_like
        The merchant's skill after help, in [0, 1].

    Returns
    -------
    ndarray
        :math:`r' = e^{\\ln r / s'}`: the churn hazard :math:`-\\ln r` divided by skill.

    Examples
    --------
    >>> round(float(skilled_retention(0.81, 0.5)), 4)
    0.6561
    """
    kept = check_range("retention", retention, 0, 1, "the share of members who stay each month", high_open=True)
    s = check_range("skill", skill, 0, 1, "a merchant's skill after help (0 = none, 1 = expert)")
    kept, s = np.broadcast_arrays(kept, s)
    hazard = -np.log(np.where(kept > 0, kept, 1.0))  # the churn hazard at full skill
    return np.where((s > 0) & (kept > 0), np.exp(-hazard / np.where(s > 0, s, 1.0)), 0.0)
