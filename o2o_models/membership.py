"""Owning the customer: members (会员) that a merchant keeps after the group-buy visit.

The article's remedy for "做了团购要亏本": bring group-buy customers into the merchant's
own service account (微信服务号), sell to them again in its WeChat store (微信小店), and let
them bring friends (C2C传播) with the platform's reviews as proof. This module values a
retained member (customer lifetime value), finds the retention that repays a loss-making
first visit, and simulates a member base month by month.

Money is in CNY; rates are per month unless said otherwise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from .text import _
from .validation import MONEY, PEOPLE, check_broadcast, check_count, check_number, check_range

MARGIN = 1e12
"""Upper bound on a margin or a loss per member or per first visit, CNY: far above any merchant's."""


SURPLUS = MARGIN
"""Upper bound on a member's monthly surplus, CNY: as wide as a margin, since a merchant's allowed figures
(up to 100 purchases a month at up to `validation.MONEY` each) can give more than `validation.MONEY`."""


def surplus_retention(base_retention: ArrayLike, sensitivity: ArrayLike, surplus: ArrayLike) -> NDArray[np.float64]:
    """The share of members who stay each month, given what membership gives them: a logit.

    Parameters
    ----------
    base_retention : array_like
        The share who stay when membership gives them nothing (no member discount), in [0, 1).
    sensitivity : array_like
        How much a CNY of monthly surplus raises the log-odds of staying, per CNY, in [0, 10].
    surplus : array_like
        What a member saves a month by being one, CNY, in [-1e12, 1e12]: purchases a month x
        member discount x list price. Negative surplus (members fleeced) lowers retention.

    Returns
    -------
    ndarray
        r = 1 / (1 + exp(-(logit(base_retention) + sensitivity x surplus))), in [0, 1]; 0 where
        base_retention is 0.

    Notes
    -----
    A binary logit of staying on the member's surplus, the standard churn model:

    .. math:: \\log\\frac{r}{1-r} = \\log\\frac{r_0}{1-r_0} + \\beta\\,s, \\qquad s = k\\,\\delta\\,P,

    with :math:`k` purchases a month, :math:`\\delta` the member discount and :math:`P` the list
    price. A member discount raises retention; fleecing members (a smaller discount, down
    to none) lowers it: the article's "与其把这部分返点费用给到平台，不如给到自己的会员客户" and
    its warning against "反复宰割老客户". The sensitivity in the scenarios is illustrative.

    References
    ----------
    Neslin, S. A., Gupta, S., Kamakura, W., Lu, J. and Mason, C. H. (2006), "Defection
    detection: measuring and understanding the predictive accuracy of customer churn
    models", Journal of Marketing Research 43(2): 204-211 (logit churn models); retention
    as the lever of customer value: Gupta and Lehmann (2003), see `retention_clv`.

    Examples
    --------
    >>> round(float(surplus_retention(0.775, 0.05, 10)), 4)
    0.8503
    """
    r0 = check_range(
        "base_retention", base_retention, 0, 1, "the share who stay with no member discount", high_open=True
    )
    beta = check_range("sensitivity", sensitivity, 0, 10, "log-odds of staying per CNY of monthly surplus")
    s = check_range("surplus", surplus, -SURPLUS, SURPLUS, "a member's monthly surplus, CNY")
    r0, beta, s = check_broadcast(base_retention=r0, sensitivity=beta, surplus=s)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):  # odds beyond a float: retention rounds to 1
        odds = r0 / (1 - r0) * np.exp(np.clip(beta * s, -700, 700))
        return np.where(np.isinf(odds), 1.0, odds / (1 + odds))


def retention_clv(margin: ArrayLike, retention: ArrayLike, discount_rate: ArrayLike) -> NDArray[np.float64]:
    """Present value of a retained member, CNY.

    Parameters
    ----------
    margin : array_like
        The merchant's margin from a member in each month the member stays, CNY, in
        [-1e12, 1e12].
    retention : array_like
        The share of members who stay each month, in [0, 1).
    discount_rate : array_like
        The rate at which later money is discounted, per month, in [0, 1].

    Returns
    -------
    ndarray
        CLV = margin x retention / (1 + discount_rate - retention), CNY; the inputs broadcast.

    Raises
    ------
    ValueError
        If an input is NaN or out of range; the message names it.

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
    m = check_range("margin", margin, -MARGIN, MARGIN, "the margin a month from a member, CNY")
    r = check_range("retention", retention, 0, 1, "the share of members who stay each month", high_open=True)
    i = check_range("discount_rate", discount_rate, 0, 1, "the discount rate per month")
    m, r, i = check_broadcast(margin=m, retention=r, discount_rate=i)
    return m * r / (1 + i - r)


def breakeven_retention(
    acquisition_loss: ArrayLike, margin: ArrayLike, discount_rate: ArrayLike, follow_rate: ArrayLike = 1.0
) -> NDArray[np.float64]:
    """The retention at which the members a first visit yields repay the loss on that visit.

    Parameters
    ----------
    acquisition_loss : array_like
        The loss on one first visit that the members must repay, CNY, in [0, 1e12].
    margin : array_like
        The margin a month from a member, CNY, in (0, 1e12].
    discount_rate : array_like
        The discount rate per month, in [0, 1].
    follow_rate : array_like
        The share of first visitors who become members, in (0, 1]; 1 gives the break-even
        per member.

    Returns
    -------
    ndarray
        r* = acquisition_loss x (1 + discount_rate) / (follow_rate x margin + acquisition_loss),
        in [0, 1).

    Raises
    ------
    ValueError
        If an input is out of range, or no retention below 1 breaks even, which happens when
        acquisition_loss x discount_rate >= follow_rate x margin.

    Notes
    -----
    A first visitor becomes a member with probability :math:`f`, worth `retention_clv`.
    Solving :math:`f\\,m\\,r / (1 + i - r) = L` for :math:`r`:

    .. math:: r^* = \\frac{L\\,(1+i)}{f\\,m + L}

    References
    ----------
    Follows from the CLV of Gupta and Lehmann (2003); see `retention_clv`.

    Examples
    --------
    Per member, then per visitor when only 3 in 10 visitors follow:

    >>> round(float(breakeven_retention(acquisition_loss=10, margin=30, discount_rate=0.01)), 4)
    0.2525
    >>> round(float(breakeven_retention(10, 30, 0.01, follow_rate=0.3)), 4)
    0.5316
    """
    loss = check_range("acquisition_loss", acquisition_loss, 0, MARGIN, "the loss on a first visit, CNY")
    m = check_range("margin", margin, 0, MARGIN, "the margin a month from a member, CNY", low_open=True)
    i = check_range("discount_rate", discount_rate, 0, 1, "the discount rate per month")
    f = check_range("follow_rate", follow_rate, 0, 1, "the share of first visitors who become members", low_open=True)
    loss, m, i, f = check_broadcast(acquisition_loss=loss, margin=m, discount_rate=i, follow_rate=f)
    with np.errstate(under="ignore"):
        needed = np.where(loss > 0, loss * (1 + i) / np.where(loss > 0, f * m + loss, 1.0), 0.0)
    if np.any(needed >= 1):
        k = int(np.argmax((needed >= 1).reshape(-1)))
        at = (loss.reshape(-1)[k], i.reshape(-1)[k], f.reshape(-1)[k], m.reshape(-1)[k])
        if at[0] * at[1] >= at[2] * at[3] and at[0] * at[1] > 0:
            raise ValueError(
                _(
                    "no retention below 1 breaks even: acquisition_loss x discount_rate = {loss:g} "
                    "x {rate:g} = {cost:g} a month is at least follow_rate x margin = {follow:g} x "
                    "{margin:g} = {earned:g}; raise the margin or cut the loss"
                ).format(loss=at[0], rate=at[1], cost=at[0] * at[1], follow=at[2], margin=at[3], earned=at[2] * at[3])
            )
        raise ValueError(
            _(
                "the break-even retention rounds to 1: follow_rate x margin = {follow:g} x "
                "{margin:g} is too small beside acquisition_loss={loss:g} for a retention below 1 "
                "to repay it; raise the margin or cut the loss"
            ).format(follow=at[2], margin=at[3], loss=at[0])
        )
    return needed


def simulate_members(
    months: int = 36,
    new_customers: float = 250,
    follow_rate: float = 0.4,
    retention: float = 0.85,
    member_margin_cny: float = 39,
    purchase_margin_cny: float = 80,
    referral_rate: float = 0.03,
    trust: float = 0.7,
    operator_cost_cny: float = 6000,
) -> pd.DataFrame:
    """A merchant's member pool month by month, in expected values (no randomness).

    Parameters
    ----------
    months : int
        The horizon, 1 to 120.
    new_customers : float
        New customers a month (from group-buy deals), in [0, 1e8].
    follow_rate : float
        Share of new customers who follow the service account 服务号 and become members, in [0, 1].
    retention : float
        Share of members who stay each month, in [0, 1).
    member_margin_cny : float
        A member's margin a month: purchases in the WeChat store 微信小店 x margin per purchase
        - marketing cost, CNY, in [-1e12, 1e12].
    purchase_margin_cny : float
        Margin on a referred friend's first purchase, CNY, in [-1e9, 1e9].
    referral_rate : float
        Friends a member brings a month at full trust, in [0, 1].
    trust : float
        How far the platform's reviews make a member's word believed (信任背书), in [0, 1].
    operator_cost_cny : float
        The operators who run the programme ("再请那么一两个运营人员"), CNY a month, in [0, 1e9].

    Returns
    -------
    DataFrame
        One row a month: ``month``, ``active`` (members who stayed from last month and buy),
        ``referred`` (friends they bring), ``joined`` (new members), ``members`` (at the
        month's end) and ``member_profit_cny`` (CNY that month, after the operators' pay).

    Raises
    ------
    ValueError
        If a parameter is out of range, or ``retention x (1 + referral_rate x trust) >= 1``:
        the pool would grow without limit.

    Notes
    -----
    With :math:`M_0 = 0`, for :math:`t = 1, \\dots, T`:

    .. math::
        A_t &= r\\,M_{t-1}, \\qquad R_t = \\rho\\,\\tau\\,A_t, \\qquad M_t = A_t + f\\,n + R_t,\\\\
        \\pi_t &= A_t\\,m_M + R_t\\,m_p - S,

    so :math:`M_t = f n\\,(1 - g^t)/(1 - g)` with :math:`g = r(1 + \\rho\\tau) < 1`. A member
    who joins in month t first buys in month t + 1, as in `retention_clv`: with no
    referrals, one joiner's discounted margins sum to the CLV.

    References
    ----------
    Illustrative cohort model in the spirit of Gupta, Lehmann and Stuart (2004); the
    funnel follows the article (谌基平, 虎嗅 huxiu.com, 2014).

    Examples
    --------
    >>> frame = simulate_members(months=3, new_customers=100, follow_rate=0.5, retention=0.5, referral_rate=0)
    >>> frame["members"].tolist()
    [50.0, 75.0, 87.5]
    """
    horizon = check_count("months", months, 1, 120, "the horizon in months")
    new = check_number("new_customers", new_customers, 0, PEOPLE, "new customers a month")
    follow = check_number("follow_rate", follow_rate, 0, 1, "share of new customers who follow the account")
    keep = check_number("retention", retention, 0, 1, "share of members who stay each month", high_open=True)
    margin = check_number("member_margin_cny", member_margin_cny, -MARGIN, MARGIN, "a member's margin a month, CNY")
    first = check_number(
        "purchase_margin_cny",
        purchase_margin_cny,
        -MONEY,
        MONEY,
        "margin on a referred friend's first purchase, CNY",
    )
    refer = check_number("referral_rate", referral_rate, 0, 1, "friends a member brings a month")
    belief = check_number("trust", trust, 0, 1, "how far the platform's reviews make a member believed")
    staff = check_number("operator_cost_cny", operator_cost_cny, 0, MONEY, "operators' cost a month, CNY")
    growth = keep * (1 + refer * belief)
    if growth >= 1:
        raise ValueError(
            _(
                "retention x (1 + referral_rate x trust) = {growth:.3g} is at least 1: the "
                "member pool would grow without limit; lower retention or referral_rate"
            ).format(growth=growth)
        )
    t = np.arange(1, horizon + 1)
    members = follow * new * (1 - growth**t) / (1 - growth)
    active = keep * np.concatenate([[0.0], members[:-1]])
    referred = refer * belief * active
    return pd.DataFrame(
        {
            "month": t,
            "active": active,
            "referred": referred,
            "joined": follow * new + referred,
            "members": members,
            "member_profit_cny": active * margin + referred * first - staff,
        }
    )
