"""Specification of the three legs together (o2o_models.strategy)."""

from __future__ import annotations

import pytest

from o2o_models import groupbuy, membership
from o2o_models.scenarios import scenario
from o2o_models.strategy import compare, fitting_legs, scorecard


def test_the_scorecard_repeats_each_models_own_figures() -> None:
    values = scenario("restaurant")
    card = scorecard(values)
    margin = float(groupbuy.voucher_margin(values["list_price"], values["discount"], values["commission"],
                                           values["unit_cost"]))
    assert card["voucher_margin_cny"] == pytest.approx(margin)
    members = membership.simulate_members(
        months=24, monthly_first_visits=values["monthly_first_visits"], voucher_margin_cny=margin,
        follow_rate=values["follow_rate"], retention=values["retention"],
        purchases_per_member=values["purchases_per_member"],
        margin_per_purchase_cny=values["margin_per_purchase_cny"], referral_rate=values["referral_rate"],
        trust=values["trust"], marketing_cost_per_member_cny=values["marketing_cost_per_member_cny"],
        staff_cost_cny=values["staff_cost_cny"])
    assert card["with_members_cny"] == pytest.approx(members["cumulative_profit_cny"].iloc[-1])


def test_the_article_prepaid_merchants_fit_leg_one_and_big_ticket_merchants_fit_leg_three() -> None:
    table = compare(("cinema", "furniture")).set_index("scenario")
    assert table.loc["cinema", "fitting_legs"].startswith("Leg 1")
    assert table.loc["furniture", "fitting_legs"].startswith("Leg 3")


def test_a_higher_rebate_lowers_the_group_buy_margin_in_the_scorecard() -> None:
    low = compare(("restaurant",), {"commission": 0.05})["voucher_margin_cny"].iloc[0]
    high = compare(("restaurant",), {"commission": 0.2})["voucher_margin_cny"].iloc[0]
    assert high < low


def test_when_no_leg_pays_the_reading_says_so() -> None:
    card = {"prepaid": 0.0, "prepay_conversion": 0.0, "with_members_cny": -1.0, "groupbuy_only_cny": 0.0,
            "paid_losing_share": 1.0, "viral_losing_share": 0.5, "paid_mean_profit_cny": -10.0}
    assert fitting_legs(card) == ["Neither leg pays at these settings: change the rebate, trust or traffic."]


def test_bad_inputs_are_named() -> None:
    with pytest.raises(ValueError, match="months=0"):
        scorecard(scenario("cinema"), months=0)
    with pytest.raises(ValueError, match="commission=2"):
        compare(("cinema",), {"commission": 2})
