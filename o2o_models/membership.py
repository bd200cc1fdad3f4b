"""Owning the customer: members (会员) that a merchant keeps after the group-buy visit.

The article's remedy for "做了团购要亏本": bring group-buy customers into the merchant's
own service account (微信服务号), sell to them again in its WeChat store (微信小店), and let
them bring friends (C2C传播) with the platform's reviews as proof. This module values a
retained member (customer lifetime value), finds the retention that repays a loss-making
first visit, and simulates a member base month by month.

Money is in CNY; rates are per month unless said otherwise.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from .validation import check_count, check_range

INF = math.inf


def retention_clv(margin: ArrayLike, retention: ArrayLike, discount_rate: ArrayLike) -> NDArray[np.float64]:
    """Present value of a retained member, CNY.

    Parameters
    ----------
    margin : the merchant's margin from a member in each period the member stays, CNY.
    retention : the share of members who stay each period, in [0, 1).
    discount_rate : the rate at which later money is discounted, per period, in [0, 1].

    Returns
    -------
    ndarray
        CLV = margin x retention / (1 + discount_rate - retention), CNY.

    Notes
    -----
    The margin arrives at the end of each period the member stays; the acquisition
    period is not counted:

    .. math:: \\mathrm{CLV} = \\sum_{t=1}^{\\infty} \\frac{m\\,r^t}{(1+i)^t} = \\frac{m\\,r}{1 + i - r}.

    References
    ----------
    Gupta, S. and Lehmann, D. R. (2003), "Customers as assets", Journal of Interactive
    Marketing 17(1): 9-24. Gupta, S., Lehmann, D. R. and Stuart, J. A. (2004), "Valuing
    customers", Journal of Marketing Research 41(1): 7-18.

    Examples
    --------
    >>> round(float(retention_clv(margin=100, retention=0.8, discount_rate=0.1)), 4)
    266.6667
    """
    m = check_range("margin", margin, -INF, INF, "the margin per period from a member, CNY")
    r = check_range("retention", retention, 0, 1, "the share of members who stay each period", high_open=True)
    i = check_range("discount_rate", discount_rate, 0, 1, "the discount rate per period")
    return m * r / (1 + i - r)


def breakeven_retention(
    acquisition_loss: ArrayLike, margin: ArrayLike, discount_rate: ArrayLike
) -> NDArray[np.float64]:
    """The retention at which a member's value repays the loss on the first visit.

    Parameters
    ----------
    acquisition_loss : the loss the merchant takes on the first (group-buy) visit, CNY, >= 0.
    margin : the margin per period from a member, CNY, > 0.
    discount_rate : the discount rate per period, in [0, 1].

    Returns
    -------
    ndarray
        r* = acquisition_loss x (1 + discount_rate) / (margin + acquisition_loss), in [0, 1).

    Raises
    ------
    ValueError
        If no retention below 1 breaks even, which happens when
        acquisition_loss x discount_rate >= margin.

    Notes
    -----
    Solving :math:`m r / (1 + i - r) = L` for :math:`r` gives :math:`r^* = L(1+i)/(m+L)`.

    Examples
    --------
    >>> round(float(breakeven_retention(acquisition_loss=10, margin=30, discount_rate=0.01)), 4)
    0.2525
    """
    loss = check_range("acquisition_loss", acquisition_loss, 0, INF, "the loss on the first visit, CNY")
    m = check_range("margin", margin, 0, INF, "the margin per period from a member, CNY", low_open=True)
    i = check_range("discount_rate", discount_rate, 0, 1, "the discount rate per period")
    needed = loss * (1 + i) / (m + loss)
    if np.any(needed >= 1):
        index = int(np.argmax(np.broadcast_to(needed >= 1, needed.shape).reshape(-1)))
        raise ValueError(
            f"no retention below 1 breaks even: acquisition_loss x discount_rate "
            f"({np.broadcast_to(loss, needed.shape).reshape(-1)[index]:g} x "
            f"{np.broadcast_to(i, needed.shape).reshape(-1)[index]:g}) is at least margin="
            f"{np.broadcast_to(m, needed.shape).reshape(-1)[index]:g}; raise the margin or cut the loss"
        )
    return needed


def simulate_members(
    months: int = 24,
    monthly_first_visits: float = 300,
    voucher_margin_cny: float = -5,
    follow_rate: float = 0.3,
    retention: float = 0.85,
    purchases_per_member: float = 0.4,
    margin_per_purchase_cny: float = 30,
    referral_rate: float = 0.02,
    trust: float = 0.6,
    marketing_cost_per_member_cny: float = 1.0,
    staff_cost_cny: float = 6000,
) -> pd.DataFrame:
    """A merchant's member base month by month (expected values, no randomness).

    Parameters
    ----------
    months : horizon, 1 to 120.
    monthly_first_visits : group-buy first visits a month (traffic from the platform).
    voucher_margin_cny : the merchant's margin on one group-buy visit (`groupbuy.voucher_margin`).
    follow_rate : share of first visitors who follow the service account 服务号, in [0, 1].
    retention : share of members who stay each month, in [0, 1).
    purchases_per_member : WeChat-store 微信小店 purchases per member a month, >= 0.
    margin_per_purchase_cny : margin on one member purchase, CNY, >= 0.
    referral_rate : friends a member brings a month at full trust, in [0, 1].
    trust : how far the platform's reviews make a member's word believed (信任背书), in [0, 1].
    marketing_cost_per_member_cny : member marketing cost a month, CNY, >= 0.
    staff_cost_cny : the operators who run the programme ("再请那么一两个运营人员"), CNY a month.

    Returns
    -------
    DataFrame
        One row a month: ``month``, ``first_visits``, ``referred``, ``new_members``,
        ``members``, ``purchases``, ``groupbuy_profit_cny``, ``member_profit_cny``,
        ``profit_cny``, ``cumulative_profit_cny`` and ``groupbuy_only_cumulative_cny``.

    Notes
    -----
    With :math:`M_0 = 0`, for :math:`t = 1, \\dots, T`:

    .. math::
        R_t &= \\rho\\,\\tau\\,M_{t-1} \\quad\\text{(referrals: word of mouth with reviews as proof)}\\\\
        M_t &= r\\,M_{t-1} + f\\,G + R_t\\\\
        \\pi_t &= G\\,m_v + M_t\\,(k\\,m_p - c) - S

    where :math:`G` is first visits, :math:`f` the follow rate, :math:`\\rho` the referral
    rate, :math:`\\tau` trust, :math:`k` purchases per member, :math:`m_p` the margin per
    purchase, :math:`c` the marketing cost per member and :math:`S` the staff cost.
    Growth is explosive when :math:`r + \\rho\\tau \\ge 1`; that is allowed.

    References
    ----------
    Illustrative cohort model in the spirit of Gupta, Lehmann and Stuart (2004); the
    funnel follows the article (谌基平, 虎嗅 huxiu.com, 2014).

    Examples
    --------
    >>> frame = simulate_members(months=2, monthly_first_visits=100, follow_rate=0.5, retention=0.5,
    ...                          referral_rate=0.0)
    >>> frame["members"].tolist()
    [50.0, 75.0]
    """
    horizon = check_count("months", months, 1, 120, "the horizon in months")
    visits = float(check_range("monthly_first_visits", monthly_first_visits, 0, INF, "first visits a month"))
    margin_v = float(check_range("voucher_margin_cny", voucher_margin_cny, -INF, INF, "margin per group-buy visit, CNY"))
    follow = float(check_range("follow_rate", follow_rate, 0, 1, "share of first visitors who follow the account"))
    keep = float(check_range("retention", retention, 0, 1, "share of members who stay each month", high_open=True))
    buys = float(check_range("purchases_per_member", purchases_per_member, 0, INF, "purchases per member a month"))
    margin_p = float(check_range("margin_per_purchase_cny", margin_per_purchase_cny, 0, INF, "margin per purchase, CNY"))
    refer = float(check_range("referral_rate", referral_rate, 0, 1, "friends a member brings a month"))
    belief = float(check_range("trust", trust, 0, 1, "how far the platform's reviews make a member believed"))
    marketing = float(check_range("marketing_cost_per_member_cny", marketing_cost_per_member_cny, 0, INF,
                                  "marketing cost per member a month, CNY"))
    staff = float(check_range("staff_cost_cny", staff_cost_cny, 0, INF, "operators' cost a month, CNY"))

    members = np.empty(horizon)
    referred = np.empty(horizon)
    previous = 0.0
    for t in range(horizon):
        referred[t] = refer * belief * previous
        previous = keep * previous + follow * visits + referred[t]
        members[t] = previous
    groupbuy_profit = np.full(horizon, visits * margin_v)
    member_profit = members * (buys * margin_p - marketing) - staff
    profit = groupbuy_profit + member_profit
    return pd.DataFrame({
        "month": np.arange(1, horizon + 1),
        "first_visits": np.full(horizon, visits),
        "referred": referred,
        "new_members": follow * visits + referred,
        "members": members,
        "purchases": buys * members,
        "groupbuy_profit_cny": groupbuy_profit,
        "member_profit_cny": member_profit,
        "profit_cny": profit,
        "cumulative_profit_cny": np.cumsum(profit),
        "groupbuy_only_cumulative_cny": np.cumsum(groupbuy_profit),
    })
