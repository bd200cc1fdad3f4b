"""Group-buy (团购) unit economics: why "不做团购没客户，做了团购要亏本".

A group-buy platform (大众点评, 美团) sells the merchant's offer as a voucher at a deep
discount and keeps a rebate (返点) on each voucher sold. This module gives the
merchant's margin on one voucher, its waterfall, and the profit of a whole deal once
some buyers would have paid full price anyway (Edelman, Jaffe and Kominers 2016).

All money is in CNY; ``discount``, ``commission`` and ``cannibalised_share`` are fractions.
Amounts go up to ``validation.MONEY`` and counts up to ``validation.PEOPLE``, so no result overflows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from .text import N_
from .validation import MONEY, PEOPLE, check_broadcast, check_number, check_range

LATER_VALUE = "discounted profit from a new customer's later visits, CNY"
COST_SHARE = "the share of what the customer pays that goes on as a cost (a cinema's film rental)"


def _check_voucher(
    list_price: ArrayLike,
    discount: ArrayLike,
    commission: ArrayLike,
    unit_cost: ArrayLike,
    cost_share: ArrayLike = 0.0,
    *,
    scalar: bool = False,
) -> list:
    """The five voucher figures checked: floats if ``scalar``, else arrays broadcast to one shape."""
    check = check_number if scalar else check_range
    figures = {
        "list_price": check("list_price", list_price, 0, MONEY, "the list price 标价 in CNY", low_open=True),
        "discount": check("discount", discount, 0, 1, "the fraction off the list price", high_open=True),
        "commission": check(
            "commission", commission, 0, 1, "the platform rebate 返点, a fraction of the voucher price"
        ),
        "unit_cost": check("unit_cost", unit_cost, 0, MONEY, "the merchant's cost of serving one voucher, CNY"),
        "cost_share": check("cost_share", cost_share, 0, 1, COST_SHARE),
    }
    return list(figures.values()) if scalar else check_broadcast(**figures)


def voucher_margin(
    list_price: ArrayLike, discount: ArrayLike, commission: ArrayLike, unit_cost: ArrayLike, cost_share: ArrayLike = 0.0
) -> NDArray[np.float64]:
    """Merchant profit on one redeemed voucher, CNY.

    Parameters
    ----------
    list_price : the list price 标价 of what the voucher buys, CNY, > 0.
    discount : the fraction off the list price, in [0, 1).
    commission : the platform's rebate 返点, a fraction of the voucher price, in [0, 1].
    unit_cost : the merchant's variable cost of serving the voucher, CNY, >= 0.
    cost_share : the share of what the customer pays that the merchant pays on, in [0, 1]
        (a cinema's film rental, a share of the box office); 0 by default.

    Returns
    -------
    ndarray
        margin = list_price x (1 - discount) x (1 - commission - cost_share) - unit_cost,
        CNY per voucher.

    Raises
    ------
    ValueError
        If any argument is NaN or outside its range.

    Notes
    -----
    .. math:: m = P(1-d)(1-c-s) - u

    The voucher price is :math:`P(1-d)`; the platform keeps :math:`c` of it and the
    merchant pays :math:`s` of it on (a film's share of the ticket), besides the cost
    :math:`u` of serving the purchase. A full-price purchase earns :math:`P(1-s) - u`.

    References
    ----------
    Edelman, B., Jaffe, S. and Kominers, S. D. (2016), "To Groupon or not to Groupon: the
    profitability of deep discounts", Marketing Letters 27(1): 39-53.

    Examples
    --------
    >>> float(voucher_margin(list_price=200, discount=0.5, commission=0.1, unit_cost=100))
    -10.0
    """
    price, off, rebate, cost, share = _check_voucher(list_price, discount, commission, unit_cost, cost_share)
    return price * (1 - off) * (1 - rebate - share) - cost


def voucher_waterfall(
    list_price: float, discount: float, commission: float, unit_cost: float, cost_share: float = 0.0
) -> pd.DataFrame:
    """The voucher margin as a waterfall: list price -> discount -> rebate -> unit cost -> margin.

    The unit cost step is the voucher's whole variable cost, :math:`u + sP(1-d)` (`voucher_margin`).

    Returns
    -------
    DataFrame
        One row a step, in order: ``step`` (English and Chinese), ``amount_cny`` (the
        change; the first and last rows are totals), ``start_cny`` and ``end_cny`` (the
        bar's ends) and ``kind`` (``"total"`` or ``"decrease"``).

    Examples
    --------
    >>> voucher_waterfall(200, 0.5, 0.1, 100)["amount_cny"].tolist()
    [200.0, -100.0, -10.0, -100.0, -10.0]
    """
    price, off, rebate, cost, share = _check_voucher(
        list_price, discount, commission, unit_cost, cost_share, scalar=True
    )
    cost += share * price * (1 - off)
    discount_cny = price * off
    rebate_cny = price * (1 - off) * rebate
    margin = price - discount_cny - rebate_cny - cost
    changes = [-discount_cny, -rebate_cny, -cost]
    ends = np.cumsum([price, *changes])
    return pd.DataFrame(
        {
            "step": [
                N_("List price 标价"),
                N_("Discount 折扣"),
                N_("Platform rebate 返点"),
                N_("Unit cost 成本"),
                N_("Margin 毛利"),
            ],
            "amount_cny": [price, *changes, margin],
            "start_cny": [0.0, *ends[:-1], 0.0],
            "end_cny": [price, *ends[1:], margin],
            "kind": [N_("total"), N_("decrease"), N_("decrease"), N_("decrease"), N_("total")],
        }
    )


def deal_profit(
    list_price: ArrayLike,
    discount: ArrayLike,
    commission: ArrayLike,
    unit_cost: ArrayLike,
    vouchers_sold: ArrayLike,
    cannibalised_share: ArrayLike,
    later_value_new: ArrayLike,
    cost_share: ArrayLike = 0.0,
) -> NDArray[np.float64]:
    """Profit of running a deal versus not running it, CNY.

    A share ``cannibalised_share`` of voucher buyers would have come anyway and paid full
    price: on each, the merchant gives up the full-price margin less the voucher margin. The rest
    are new customers: each brings the voucher margin now and ``later_value_new`` from
    later full-price visits (the deal's advertising effect).

    Parameters
    ----------
    list_price, discount, commission, unit_cost, cost_share : as in `voucher_margin`.
    vouchers_sold : vouchers redeemed in the deal, >= 0.
    cannibalised_share : share of buyers who would have paid full price anyway, in [0, 1].
    later_value_new : discounted profit from a new customer's later visits, CNY, >= 0.

    Returns
    -------
    ndarray
        The deal's incremental profit, CNY.

    Notes
    -----
    .. math:: \\Pi = N\\,[(1-a)(m + V) - a((P(1-s) - u) - m)]

    with :math:`m` the voucher margin, :math:`a` the cannibalised share and :math:`V`
    the later value of a new customer.

    A simplified accounting in the spirit of Edelman, Jaffe and Kominers (2016), not their
    model: every voucher sold is redeemed here. Their model also has vouchers bought and
    never used, paid for without being served; they are left out.

    References
    ----------
    Edelman, Jaffe and Kominers (2016), Marketing Letters 27(1): 39-53.

    Examples
    --------
    >>> float(deal_profit(200, 0.5, 0.1, 100, vouchers_sold=100, cannibalised_share=0.2, later_value_new=50))
    1000.0
    """
    price, off, rebate, cost, cut = _check_voucher(list_price, discount, commission, unit_cost, cost_share)
    sold = check_range("vouchers_sold", vouchers_sold, 0, PEOPLE, "vouchers redeemed in the deal")
    share = check_range(
        "cannibalised_share",
        cannibalised_share,
        0,
        1,
        "the share of buyers who would have paid full price anyway",
    )
    later = check_range("later_value_new", later_value_new, 0, MONEY, LATER_VALUE)
    check_broadcast(
        list_price=price,
        discount=off,
        commission=rebate,
        unit_cost=cost,
        vouchers_sold=sold,
        cannibalised_share=share,
        later_value_new=later,
        cost_share=cut,
    )
    margin = voucher_margin(price, off, rebate, cost, cut)
    full_margin = price * (1 - cut) - cost
    return sold * ((1 - share) * (margin + later) - share * (full_margin - margin))


def breakeven_cannibalisation(
    list_price: ArrayLike,
    discount: ArrayLike,
    commission: ArrayLike,
    unit_cost: ArrayLike,
    later_value_new: ArrayLike,
    cost_share: ArrayLike = 0.0,
) -> NDArray[np.float64]:
    """The cannibalised share at which a deal just breaks even, clipped to [0, 1].

    Below it the deal pays. A result of 0 means the deal loses money even when every
    buyer is new; 1 means it pays even when every buyer would have come anyway.

    Notes
    -----
    Setting `deal_profit` to zero: :math:`a^* = (m + V) / ((P(1-s) - u) + V)`.

    Examples
    --------
    >>> round(float(breakeven_cannibalisation(200, 0.5, 0.1, 100, later_value_new=50)), 4)
    0.2667
    """
    price, off, rebate, cost, cut = _check_voucher(list_price, discount, commission, unit_cost, cost_share)
    later = check_range("later_value_new", later_value_new, 0, MONEY, LATER_VALUE)
    check_broadcast(list_price=price, discount=off, commission=rebate, unit_cost=cost, later_value_new=later)
    margin = voucher_margin(price, off, rebate, cost, cut)
    full_margin = price * (1 - cut) - cost
    denominator = full_margin + later
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        share = np.where(denominator > 0, (margin + later) / np.where(denominator > 0, denominator, 1), 0.0)
    return np.clip(share, 0.0, 1.0)


def breakeven_commission(
    list_price: ArrayLike, discount: ArrayLike, unit_cost: ArrayLike, cost_share: ArrayLike = 0.0
) -> NDArray[np.float64]:
    """The highest rebate 返点 at which one voucher still breaks even, a fraction of the voucher price.

    Parameters
    ----------
    list_price, discount, unit_cost, cost_share : array_like
        As in `voucher_margin`.

    Returns
    -------
    ndarray
        c* = 1 - cost_share - unit_cost / (list_price x (1 - discount)), clipped to [0, 1]: 0 means no
        rebate is low enough, 1 that the voucher pays even if the platform keeps it all.

    Raises
    ------
    ValueError
        If an input is NaN or out of range; the message names it.

    Notes
    -----
    The margin falls in a straight line as the rebate rises; setting `voucher_margin` to zero:

    .. math:: c^* = 1 - s - \\frac{u}{P(1-d)}

    References
    ----------
    Follows from Edelman, Jaffe and Kominers (2016); see `voucher_margin`.

    Examples
    --------
    >>> round(float(breakeven_commission(200, 0.4, 100)), 4)
    0.1667
    """
    price, off, _, cost, cut = _check_voucher(list_price, discount, 0.0, unit_cost, cost_share)
    voucher_price = voucher_margin(price, off, 0.0, 0.0)  # P(1 - d)
    with np.errstate(divide="ignore", over="ignore"):  # a price that rounds to 0: any cost loses
        cost_ratio = np.where(
            voucher_price > 0,
            cost / np.where(voucher_price > 0, voucher_price, 1.0),
            np.where(cost > 0, np.inf, 0.0),
        )
    return np.clip(1 - cut - cost_ratio, 0.0, 1.0)
