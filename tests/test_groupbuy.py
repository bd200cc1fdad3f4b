"""Specification of group-buy unit economics (o2o_models.groupbuy)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from o2o_models.groupbuy import breakeven_cannibalisation, deal_profit, voucher_margin, voucher_waterfall

prices = st.floats(1, 10_000)
fractions = st.floats(0, 1)
discounts = st.floats(0, 0.99)
costs = st.floats(0, 5_000)


def test_the_articles_restaurant_loses_money_on_each_voucher() -> None:
    # 200 CNY menu, half off, 10% rebate, 100 CNY of food: 200 x 0.5 x 0.9 - 100 = -10
    assert float(voucher_margin(200, 0.5, 0.1, 100)) == pytest.approx(-10.0)


def test_no_discount_and_no_rebate_leaves_the_full_margin() -> None:
    assert float(voucher_margin(80, 0, 0, 30)) == 50


@given(prices, discounts, fractions, fractions, costs)
def test_higher_commission_never_raises_margin(price, discount, c1, c2, cost) -> None:
    low, high = sorted((c1, c2))
    assert voucher_margin(price, discount, high, cost) <= voucher_margin(price, discount, low, cost) + 1e-9


@given(prices, discounts, discounts, fractions, costs)
def test_deeper_discount_never_raises_margin(price, d1, d2, commission, cost) -> None:
    low, high = sorted((d1, d2))
    assert voucher_margin(price, high, commission, cost) <= voucher_margin(price, low, commission, cost) + 1e-9


def test_margins_are_vectorised_over_rebates() -> None:
    np.testing.assert_allclose(voucher_margin(100, 0.5, [0.0, 0.1, 0.2], 30), [20, 15, 10])


def test_the_waterfall_steps_add_up_to_the_margin() -> None:
    frame = voucher_waterfall(200, 0.5, 0.1, 100)
    assert frame["step"].iloc[0].startswith("List price") and frame["step"].iloc[-1].startswith("Margin")
    assert frame["amount_cny"].iloc[1:4].sum() + 200 == pytest.approx(frame["amount_cny"].iloc[-1])
    assert frame["end_cny"].iloc[3] == pytest.approx(float(voucher_margin(200, 0.5, 0.1, 100)))
    assert list(frame["kind"]) == ["total", "decrease", "decrease", "decrease", "total"]


def test_a_deal_of_only_new_customers_earns_margin_plus_later_value() -> None:
    assert float(deal_profit(200, 0.5, 0.1, 100, 10, 0.0, 50)) == pytest.approx(10 * (-10 + 50))


def test_a_deal_of_only_cannibalised_customers_loses_the_full_price_margin_gap() -> None:
    # each would have paid 200 for 100 of cost (margin 100) and now yields -10
    assert float(deal_profit(200, 0.5, 0.1, 100, 10, 1.0, 50)) == pytest.approx(-10 * 110)


@given(prices, discounts, fractions, costs, st.floats(0, 1000), fractions, fractions)
def test_more_cannibalisation_never_raises_deal_profit(price, discount, commission, cost, later, a1, a2) -> None:
    assume(price >= cost)  # a merchant whose full-price sales earn money
    low, high = sorted((a1, a2))
    args = (price, discount, commission, cost, 100)
    assert deal_profit(*args, high, later) <= deal_profit(*args, low, later) + 1e-6


def test_the_breakeven_cannibalisation_makes_the_deal_profit_zero() -> None:
    share = float(breakeven_cannibalisation(200, 0.5, 0.1, 100, 50))
    assert share == pytest.approx(40 / 150)
    assert float(deal_profit(200, 0.5, 0.1, 100, 100, share, 50)) == pytest.approx(0, abs=1e-9)


def test_breakeven_cannibalisation_is_clipped_to_a_share() -> None:
    assert float(breakeven_cannibalisation(200, 0.9, 0.5, 150, 0)) == 0.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"discount": 1.2}, r"discount=1.2 is outside \[0, 1\)"),
        ({"discount": 1.0}, r"discount=1 is outside \[0, 1\)"),
        ({"list_price": -5}, r"list_price=-5 is outside \(0, "),
        ({"commission": math.nan}, r"commission=nan"),
        ({"unit_cost": -1}, r"unit_cost=-1"),
    ],
)
def test_bad_inputs_name_the_parameter_and_the_range(kwargs, message) -> None:
    args = {"list_price": 200, "discount": 0.5, "commission": 0.1, "unit_cost": 100, **kwargs}
    with pytest.raises(ValueError, match=message):
        voucher_margin(**args)


def test_deal_inputs_are_checked_too() -> None:
    with pytest.raises(ValueError, match="cannibalised_share=1.5"):
        deal_profit(200, 0.5, 0.1, 100, 10, 1.5, 0)
    with pytest.raises(ValueError, match="vouchers_sold=-1"):
        deal_profit(200, 0.5, 0.1, 100, -1, 0.5, 0)
