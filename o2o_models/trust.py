"""Trust endorsement (信任背书): how many strangers pay in advance (预付款).

A stranger does not know the merchant. The platform's name and its reviews raise the
probability ``trust`` that the stranger believes the merchant will deliver. A stranger
who values the offer at ``v`` prepays the price ``p`` when the expected value covers it,
``trust x v >= p``. With valuations spread evenly between 0 and ``max_valuation``, the
share who prepay follows in closed form.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .validation import MONEY, check_broadcast, check_range


def prepay_conversion(trust: ArrayLike, price: ArrayLike, max_valuation: ArrayLike) -> NDArray[np.float64]:
    """Share of strangers who pay in advance, a fraction in [0, 1].

    Parameters
    ----------
    trust : the probability a stranger believes the merchant will deliver, in [0, 1]:
        raised by the platform's endorsement and reviews (信任背书).
    price : what the stranger pays in advance, CNY, >= 0.
    max_valuation : the highest value a stranger puts on the offer, CNY, > 0.

    Returns
    -------
    ndarray
        conversion = clip(1 - price / (trust x max_valuation), 0, 1); 0 where trust is 0 and
        the price is not; 1 where the price is 0 (nothing is risked).

    Notes
    -----
    With :math:`v \\sim U(0, \\bar v)`, a stranger prepays when :math:`t v \\ge p`, so

    .. math:: \\Pr(t v \\ge p) = \\max\\left(0, 1 - \\frac{p}{t \\bar v}\\right).

    Conversion never falls as trust rises and never rises as the price rises.

    References
    ----------
    Illustrative model of a risky prepayment with uniform valuations; the trust channel
    follows the article (谌基平, 虎嗅 huxiu.com, 2014): "需要有一个有足够知名度的平台帮用户做信任背书，
    用户的支付率才会高".

    Examples
    --------
    >>> float(prepay_conversion(trust=0.8, price=100, max_valuation=250))
    0.5
    """
    belief = check_range("trust", trust, 0, 1, "the probability a stranger believes the merchant will deliver")
    paid = check_range("price", price, 0, MONEY, "the price paid in advance, CNY")
    top = check_range(
        "max_valuation",
        max_valuation,
        0,
        MONEY,
        "the highest value a stranger puts on the offer, CNY",
        low_open=True,
    )
    belief, paid, top = check_broadcast(trust=belief, price=paid, max_valuation=top)
    reach = belief * top
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        share = np.where(reach > 0, 1 - paid / np.where(reach > 0, reach, 1), 0.0)
    return np.where(paid == 0, 1.0, np.clip(share, 0.0, 1.0))  # a free offer is taken whatever the trust
