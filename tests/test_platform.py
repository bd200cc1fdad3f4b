"""What each leg brings WeChat: the platform's ad revenue from every slot, and the legs' values."""

from __future__ import annotations

import pytest

from o2o_models import funnel, platform, traffic
from o2o_models.scenarios import merchant

FURNITURE = merchant("furniture")


@pytest.mark.parametrize("swing", [0.0, 0.3])
def test_the_merchants_spend_is_the_traffic_simulations_to_the_yuan(swing: float) -> None:
    """Lessons 03 and 04 show the same monthly spend: the auction's clicks are the very draws of the simulation."""
    m = FURNITURE.replace(paid_volatility=swing)
    months = funnel.lead_months(m)
    simulated = months.loc[months["source"] == traffic.PAID, "spend_cny"].mean()
    assert platform.ad_revenue(m)["merchant_spend_cny"] == pytest.approx(simulated, rel=1e-12)


def test_revenue_from_every_slot_exceeds_the_merchants_own_spend() -> None:
    ads = platform.ad_revenue(FURNITURE)
    assert ads["revenue_cny"] > ads["merchant_spend_cny"] > 0
    assert ads["revenue_without_cny"] < ads["revenue_cny"]


def test_a_reserve_above_every_rivals_value_leaves_the_merchant_alone_at_the_reserve() -> None:
    ads = platform.ad_revenue(FURNITURE, reserve=FURNITURE.rival_value_high_cny)
    assert ads["price_per_click_cny"] == pytest.approx(FURNITURE.rival_value_high_cny)
    assert ads["revenue_cny"] == pytest.approx(ads["merchant_spend_cny"]) and ads["revenue_without_cny"] == 0


def test_taking_any_one_leg_away_loses_merchants_or_value() -> None:
    without = platform.without_each_leg(platform.platform_legs())
    assert without.loc["leg 1", "merchants left with no leg"] == ("restaurant", "cinema", "leisure")
    assert without.loc["leg 3", "merchants left with no leg"] == ("renovation",)
    assert without.loc["leg 2", "value lost (CNY)"] > 0
    assert (without["value lost (CNY)"] > 0).all()


def test_a_negative_reserve_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="reserve"):
        platform.ad_revenue(FURNITURE, reserve=-1)


def test_a_merchant_that_is_not_one_is_refused_by_name() -> None:
    with pytest.raises(TypeError, match="m=dict"):
        platform.ad_revenue({"trust": 0.5})


def test_a_merchant_with_no_budget_does_not_bid_so_the_platform_earns_what_its_rivals_pay() -> None:
    ads = platform.ad_revenue(FURNITURE.replace(paid_budget_cny=0))
    assert ads["price_per_click_cny"] == ads["merchant_spend_cny"] == ads["merchant_margin_cny"] == 0
    assert ads["revenue_cny"] == pytest.approx(ads["revenue_without_cny"]) and ads["revenue_cny"] > 0


def test_a_budget_never_lowers_the_platforms_revenue_below_the_rivals_alone() -> None:
    for budget in (0, 100, 30_000):
        ads = platform.ad_revenue(FURNITURE.replace(paid_budget_cny=budget), n_paths=200)
        assert ads["revenue_cny"] >= ads["revenue_without_cny"] - 1e-9


def test_a_merchant_with_no_budget_takes_no_slot_in_the_traffic_simulation() -> None:
    frame = traffic.simulate_leads(months=6, n_paths=20, paid_budget_cny=0)
    paid = frame[frame["source"] == traffic.PAID]
    assert (paid["slot"] == 0).all() and (paid["price_per_click_cny"] == 0).all() and (paid["leads"] == 0).all()


def test_leg_ones_rebates_count_the_vouchers_reviews_sell_month_by_month() -> None:
    restaurant = merchant("restaurant")
    rebates = platform.platform_legs(("restaurant",)).loc["restaurant", "leg 1: rebates (CNY)"]
    vouchers = funnel.leg1_months(restaurant)["buyers"].sum()  # it takes leg 1 with members
    assert rebates == round(restaurant.commission * restaurant.voucher_price * vouchers)
    assert rebates > funnel.HORIZON * restaurant.commission * restaurant.voucher_price * restaurant.voucher_buyers
