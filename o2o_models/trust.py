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


REVIEW_SCALE = 2000.0
"""Reviews that close about 63% (1 - 1/e) of the gap between a merchant's first trust and full trust.

Illustrative: no source measures how fast 大众点评 reviews build a stranger's belief."""


def review_trust(start: ArrayLike, reviews: ArrayLike, scale: float = REVIEW_SCALE) -> NDArray[np.float64]:
    """The trust strangers give a merchant once it has ``reviews`` reviews, a fraction in [0, 1].

    Parameters
    ----------
    start : the trust with no reviews, in [0, 1].
    reviews : the reviews the merchant has gathered, >= 0.
    scale : the reviews that close 1 - 1/e of the gap to full trust, > 0 (`REVIEW_SCALE`).

    Returns
    -------
    ndarray
        trust = 1 - (1 - start) x exp(-reviews / scale): rising with each review, by less
        and less (saturating), never above 1; ``start`` with no reviews.

    Notes
    -----
    .. math:: \\tau(R) = 1 - (1 - \\tau_0)\\,e^{-R/K}

    Each review removes the same share of the remaining distrust: the article's loop of
    guiding customers back to 大众点评 to review (引导用户回到大众点评), the proof strangers read.

    References
    ----------
    Illustrative saturating form; the review loop follows the article (谌基平, 虎嗅 huxiu.com, 2014).

    Examples
    --------
    >>> round(float(review_trust(0.7, 2000)), 4)
    0.8896
    """
    first = check_range("start", start, 0, 1, "the trust with no reviews")
    gathered = check_range("reviews", reviews, 0, 1e12, "the reviews the merchant has gathered")
    size = check_range("scale", scale, 0, 1e12, "reviews that close 1 - 1/e of the gap to full trust", low_open=True)
    first, gathered, size = check_broadcast(start=first, reviews=gathered, scale=size)
    with np.errstate(over="ignore", under="ignore"):  # a tiny scale: every review closes the whole gap
        return 1 - (1 - first) * np.exp(-gathered / size)
