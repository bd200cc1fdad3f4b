"""Specification of the three legs together (o2o_models.strategy): verdicts follow from the numbers."""

from __future__ import annotations

import fractions

import pytest

from o2o_models import funnel, strategy, traffic
from o2o_models.scenarios import SCENARIOS, merchant, scenario
from o2o_models.strategy import BOTH, LEG1, LEG3, MOST_LOSING_SHARE, compare, fitting_legs, gains_table, scorecard


@pytest.fixture(scope="module")
def cards() -> dict[str, dict[str, float]]:
    return {name: scorecard(scenario(name)) for name in SCENARIOS}


def test_the_scorecard_adds_up_the_funnels_own_months() -> None:
    m = merchant("restaurant")
    card = scorecard(m)
    leg1 = funnel.leg1_months(m)
    assert card["groupbuy_only_cny"] == pytest.approx(leg1["groupbuy_gain_cny"].sum())
    assert card["with_members_cny"] == pytest.approx((leg1["groupbuy_gain_cny"] + leg1["member_gain_cny"]).sum())
    leads = funnel.lead_months(m)
    paid = leads[leads["source"] == traffic.PAID]["profit_cny"]
    assert card["paid_cny"] == pytest.approx(funnel.HORIZON * paid.mean())
    assert card["paid_losing_share"] == pytest.approx((paid < 0).mean())


def test_free_sharings_gain_is_its_exact_expectation_not_a_noisy_mean() -> None:
    furniture = merchant("furniture")
    card = scorecard(furniture, n_paths=50)
    assert card["viral_cny"] == funnel.HORIZON * (3000 * funnel.mean_lead_value(furniture) - 60000)
    assert scorecard(furniture, n_paths=200, seed=1)["viral_cny"] == card["viral_cny"]


def test_the_articles_prepaid_merchants_fit_leg_one_and_big_ticket_merchants_fit_leg_three(cards) -> None:
    for name in ("restaurant", "cinema", "leisure"):
        assert fitting_legs(cards[name])[0].startswith(LEG1), name
    for name in ("furniture", "renovation"):
        assert fitting_legs(cards[name])[0].startswith(LEG3), name


def test_the_prepaid_merchants_fit_one_leg_and_the_furniture_showroom_a_combination(cards) -> None:
    for name in ("restaurant", "cinema", "leisure", "renovation"):
        assert len(fitting_legs(cards[name])) == 1, name
    *legs, together = fitting_legs(cards["furniture"])
    assert [line.split(":")[0] for line in legs] == [LEG3, LEG1]
    assert together.startswith(f"{BOTH}: both fit")


def test_the_verdicts_sentences_follow_one_another_as_the_language_writes_them() -> None:
    from o2o_models import text

    assert ". Leg 1" in compare(("furniture",))["fitting_legs"].iloc[0]
    text.language("zh")
    try:
        verdict = compare(("furniture",))["fitting_legs"].iloc[0]
    finally:
        text.language("en")
    assert "。第 1 条腿" in verdict and "。 " not in verdict


def test_one_team_working_both_sources_adds_the_paid_clicks_margin_to_free_sharing(cards) -> None:
    furniture, m = cards["furniture"], merchant("furniture")
    team = funnel.HORIZON * m.team_cost_cny
    assert furniture["paid_on_free_cny"] == pytest.approx(furniture["paid_cny"] + team)
    assert furniture["paid_and_viral_cny"] == pytest.approx(furniture["viral_cny"] + furniture["paid_on_free_cny"])
    assert furniture["paid_and_viral_cny"] == pytest.approx(2_790_269, abs=1)
    assert furniture["paid_and_viral_losing_share"] == 0
    months = funnel.lead_months(m)
    paid = months.loc[months["source"] == traffic.PAID, "profit_cny"].to_numpy()
    free = months.loc[months["source"] == traffic.VIRAL, "profit_cny"].to_numpy()
    assert funnel.one_team(m)["losing_share"] == ((paid + m.team_cost_cny + free) < 0).mean()


def test_leg_three_still_fits_the_showroom_with_more_free_leads_or_crowded_auctions() -> None:
    for change in ({"viral_mean_leads": 3100}, {"rival_bidders": 30}, {"h5_share": 0.55}):
        card = scorecard(merchant("furniture").replace(**change))
        assert fitting_legs(card)[0].startswith(LEG3), change
    more_free = scorecard(merchant("furniture").replace(viral_mean_leads=3100))
    assert more_free["viral_cny"] > more_free["paid_cny"] and more_free["viral_losing_share"] > 0.5


def test_a_lead_business_that_loses_in_too_many_months_is_not_taken() -> None:
    card = scorecard(merchant("furniture").replace(paid_volatility=1.0))
    assert card["paid_and_viral_losing_share"] > MOST_LOSING_SHARE
    assert not any(line.startswith(LEG3) for line in fitting_legs(card))


def test_a_fraction_in_the_card_is_read_as_a_number() -> None:
    card = scorecard(merchant("furniture"))
    assert fitting_legs({**card, "paid_cny": fractions.Fraction(1, 2)})[0].startswith(LEG3)


def test_the_verdict_depends_on_the_figures_not_the_name() -> None:
    """A furniture merchant given every figure of the restaurant gets the restaurant's verdict."""
    restaurant_figures = scenario("restaurant")
    as_furniture = compare(("furniture",), restaurant_figures)["fitting_legs"].iloc[0]
    as_restaurant = compare(("restaurant",))["fitting_legs"].iloc[0]
    assert as_furniture == as_restaurant
    assert (
        compare(("restaurant",), scenario("furniture"))["fitting_legs"].iloc[0]
        == compare(("furniture",))["fitting_legs"].iloc[0]
    )


def test_group_buy_pays_a_big_ticket_merchant_little_because_strangers_will_not_prepay(cards) -> None:
    furniture = cards["furniture"]
    assert furniture["prepay_conversion"] < 0.05
    assert furniture["groupbuy_only_cny"] < furniture["paid_cny"]
    assert max(furniture["groupbuy_only_cny"], furniture["with_members_cny"]) < furniture["viral_cny"]
    # with a restaurant's trust in it, more strangers would prepay and group-buy would pay more
    trusted = scorecard(merchant("furniture").replace(trust=1.0))
    assert trusted["prepay_conversion"] > furniture["prepay_conversion"]
    assert trusted["groupbuy_only_cny"] > furniture["groupbuy_only_cny"]


def test_group_buy_alone_loses_money_for_the_restaurant_and_the_venue_but_not_the_cinema(cards) -> None:
    for name in ("restaurant", "leisure"):
        assert cards[name]["groupbuy_only_cny"] < 0 < cards[name]["with_members_cny"], name
    # the film's share shrinks with the ticket's price: a cheap ticket gives up little margin
    assert 0 < cards["cinema"]["groupbuy_only_cny"] < cards["cinema"]["with_members_cny"]


def test_free_sharing_loses_money_in_more_months_than_paid_traffic(cards) -> None:
    for name in ("furniture", "renovation"):
        assert cards[name]["viral_losing_share"] > 0.5 > cards[name]["paid_losing_share"], name


def test_the_h5_split_makes_paid_traffic_barely_pay_the_furniture_team() -> None:
    split, whole = (scorecard(merchant("furniture").replace(h5_share=h)) for h in (0.5, 0.0))
    assert 0 < split["paid_cny"] < whole["paid_cny"] / 3


def test_a_higher_rebate_lowers_the_group_buy_gain_but_not_the_traffic() -> None:
    low, high = (compare(("restaurant",), {"commission": c}).iloc[0] for c in (0.05, 0.2))
    assert high["groupbuy_only_cny"] < low["groupbuy_only_cny"]
    fall_alone = low["groupbuy_only_cny"] - high["groupbuy_only_cny"]
    fall_members = low["with_members_cny"] - high["with_members_cny"]
    assert fall_alone <= fall_members < 1.02 * fall_alone  # members' reviews sell a few more vouchers
    assert high["paid_cny"] == low["paid_cny"]


def test_when_no_leg_beats_the_alternatives_the_reading_says_so() -> None:
    card = {
        "groupbuy_only_cny": -5.0,
        "with_members_cny": -1.0,
        "paid_cny": 3.0,
        "viral_cny": 10.0,
        "groupbuy_losing_share": 1.0,
        "members_losing_share": 1.0,
        "paid_losing_share": 0.1,
        "viral_losing_share": 0.05,
        "paid_and_viral_cny": 7.0,
        "paid_and_viral_losing_share": 0.05,
    }
    (reading,) = fitting_legs(card)
    assert reading.startswith("Neither leg pays here: free sharing does better")


def test_the_gains_table_lists_every_way_with_its_risk(cards) -> None:
    table = gains_table(cards["cinema"])
    assert table["gain_cny"].tolist() == [
        cards["cinema"][k]
        for k in ("groupbuy_only_cny", "with_members_cny", "paid_cny", "viral_cny", "paid_and_viral_cny")
    ]
    assert table["losing_share"].between(0, 1).all()


def test_bad_inputs_are_named() -> None:
    with pytest.raises(ValueError, match="months=0"):
        scorecard(scenario("cinema"), months=0)
    with pytest.raises(ValueError, match="commission=2"):
        compare(("cinema",), {"commission": 2})
    with pytest.raises(ValueError, match="did you mean 'commission'"):
        compare(("restaurant",), {"comission": 0.9})
    with pytest.raises(ValueError, match="missing: list_price"):
        scorecard({})


def test_a_rebate_move_simulates_no_traffic_and_the_same_merchant_computes_nothing(monkeypatch) -> None:
    """Issue 17, finding 5: the lesson kept its own cache of "figures leg 3 never reads"."""
    m = merchant("cinema").replace(h5_share=0.45)
    sims, months = [], []
    real_sim, real_months = traffic.simulate_leads, funnel.leg1_months
    monkeypatch.setattr(traffic, "simulate_leads", lambda **kwargs: sims.append(1) or real_sim(**kwargs))
    monkeypatch.setattr(funnel, "leg1_months", lambda *args: months.append(1) or real_months(*args))
    card = scorecard(m)
    assert (len(sims), len(months)) == (1, 1)
    assert scorecard(m.values()) == card and (len(sims), len(months)) == (1, 1)
    cheaper = scorecard(m.replace(commission=0.05))
    assert (len(sims), len(months)) == (1, 2)
    assert cheaper["paid_cny"] == card["paid_cny"] and cheaper["groupbuy_only_cny"] > card["groupbuy_only_cny"]


def test_a_kept_scorecard_is_the_one_computed_afresh_and_its_reader_cannot_change_it() -> None:
    m = merchant("leisure").replace(trust=0.75)
    card = scorecard(m)
    card["paid_cny"] = 0.0
    kept = scorecard(m)
    assert kept["paid_cny"] != 0.0
    assert kept == strategy._scorecard(m, funnel.HORIZON, funnel.PATHS, funnel.SEED)


def test_the_scorecards_traffic_is_the_funnels_lead_risk() -> None:
    m = merchant("furniture").replace(rival_bidders=20)
    card, risk = scorecard(m), funnel.lead_risk(m).set_index("source")
    assert card["paid_cny"] == funnel.HORIZON * risk.loc[traffic.PAID, "mean_profit_cny"]
    assert card["viral_cny"] == funnel.HORIZON * risk.loc[traffic.VIRAL, "mean_profit_cny"]
    assert card["paid_losing_share"] == risk.loc[traffic.PAID, "losing_share"]
    assert card["viral_losing_share"] == risk.loc[traffic.VIRAL, "losing_share"]


def test_a_verdict_never_says_all_months_or_none_of_a_share_that_is_neither(cards) -> None:
    card = {**cards["cinema"], "paid_and_viral_losing_share": 0.9998, "viral_losing_share": 0.0004}
    line = strategy.leg_line(card, 3)
    assert "in >99% of months" in line and "losing <1%" in line
    assert "100%" not in line and " 0%" not in line
