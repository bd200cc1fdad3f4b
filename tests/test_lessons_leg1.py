"""Lesson 01: every panel responds to its controls and presets, the site chart holds what the live panel
computes, and every sentence of the lesson that states a number or a direction is checked here against the
models, cell by cell (the cell ids of notebooks/01_leg1_acquire_and_own.ipynb)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from claims import claim, find_claim, summary_claim
from lessons_support import (
    LESSONS,
    assert_every_slider_moves_the_chart,
    assert_grid_matches_live,
    assert_no_warning,
    cell_text,
    chart_rows,
    grid_rows,
    site_slider_starts,
    solution_text,
)

from o2o_models import funnel, groupbuy, text, trust
from o2o_models.lessons import leg1
from o2o_models.lessons.leg1 import owning
from o2o_models.lessons.leg1.deal import PREPAID, prepay_curve
from o2o_models.lessons.leg1.members import members_site_chart
from o2o_models.scenarios import SCENARIOS, load_scenarios, merchant

NOTEBOOK = LESSONS["leg1"]
RESTAURANT = merchant("restaurant")
CINEMA = merchant("cinema")


def said(cell_id: str, template: str):
    """The claim ``template`` locates in this lesson's cell ``cell_id``."""
    return claim(NOTEBOOK, cell_id, template)


def ahead_of_nothing(m) -> int | None:
    gains = funnel.leg1_months(m)
    return funnel.first_month_ahead(gains["groupbuy_gain_cny"] + gains["member_gain_cny"])


def ahead_of_groupbuy_only(m) -> int | None:
    return funnel.first_month_ahead(funnel.leg1_months(m)["member_gain_cny"])


def deal_figures(m) -> tuple[float, float, float, float]:
    return m.list_price, m.discount, m.commission, m.unit_cost


def breakeven_share(m, later_value: float) -> float:
    """a*: the share of regulars at which the deal breaks even, with a later value of each new customer."""
    return float(groupbuy.breakeven_cannibalisation(*deal_figures(m), later_value))


# Panels ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("factory", leg1.PANELS, ids=lambda f: f.__name__)
def test_every_slider_of_every_panel_changes_the_chart_or_its_summary(factory) -> None:
    assert_every_slider_moves_the_chart(factory)


@pytest.mark.parametrize("factory", [p for p in leg1.PANELS if p is not leg1.clv_panel], ids=lambda f: f.__name__)
@pytest.mark.parametrize("name", PREPAID)
def test_each_preset_loads_that_merchants_figures(factory, name) -> None:
    panel = factory()
    panel.preset.value = name
    for key, value in panel.values.items():
        if key == "merchant":
            assert value == name
        elif key != "later_value_new":
            assert value == pytest.approx(merchant(name).values()[key])
    assert_no_warning(panel)


def test_the_voucher_waterfall_ends_at_the_models_margin() -> None:
    panel = leg1.voucher_panel()
    panel.set_values(discount=0.4)
    assert chart_rows(panel)[-1]["amount_cny"] == pytest.approx(float(groupbuy.voucher_margin(200, 0.4, 0.1, 100)))
    text = panel.status.value
    margin = float(groupbuy.voucher_margin(200, 0.4, 0.1, 100))
    summary_claim("voucher_panel", text, "The merchant {~} {} CNY a voucher").states(margin, margin)
    summary_claim("voucher_panel", text, "the platform keeps {} CNY").states(200 * (1 - 0.4) * 0.1)
    summary_claim("voucher_panel", text, "breaks even while the rebate stays at or below {}").states(
        float(groupbuy.breakeven_commission(200, 0.4, 100))
    )


def test_the_prepay_panel_counts_the_funnels_voucher_buyers() -> None:
    panel = leg1.prepay_panel()
    summary_claim(
        "prepay_panel", panel.status.value, "{} of strangers prepay: {} voucher buyers a month of the {}"
    ).states(RESTAURANT.prepay_share, RESTAURANT.voucher_buyers, RESTAURANT.groupbuy_views)


def test_the_deal_panel_is_a_month_of_the_funnels_buyers() -> None:
    panel = leg1.deal_panel()
    panel.set_values(later_value_new=80)
    row = chart_rows(panel)[0]
    expected = groupbuy.deal_profit(200, 0.5, 0.1, 100, RESTAURANT.voucher_buyers, 0.2, 80)
    assert row["chosen_profit_cny"] == pytest.approx(float(expected))


def test_the_members_panel_draws_the_funnels_three_strategies_and_the_service_account_alone() -> None:
    rows = pd.DataFrame(chart_rows(leg1.members_panel()))
    curves = funnel.strategy_curves(RESTAURANT)
    assert list(rows["strategy"].unique()) == [*funnel.STRATEGIES, funnel.SERVICE_ONLY]
    merged = rows.merge(curves, on=["month", "strategy"])
    assert len(merged) == len(curves)
    np.testing.assert_allclose(merged["cumulative_profit_cny_x"], merged["cumulative_profit_cny_y"], atol=0.01)
    service = rows[rows["strategy"] == funnel.SERVICE_ONLY]["cumulative_profit_cny"].to_numpy()
    np.testing.assert_allclose(service, funnel.leg1_months(RESTAURANT)["service_only_cny"].cumsum(), atol=0.01)


def test_the_members_panels_summary_ends_with_the_service_account_alone_against_the_baseline() -> None:
    """The route of `owning.routes_table` (服务号 only, no 微信小店 deal) is a line of the chart and its summary."""
    panel = leg1.members_panel()
    for name in PREPAID:
        panel.preset.value = name
        months = funnel.leg1_months(merchant(name))
        service, baseline = months["service_only_cny"].sum(), months["baseline_cny"].sum()
        assert panel.status.value.endswith(
            f"The service account alone (walk-ins who follow, no group-buy): <b>{service:,.0f} CNY</b>, "
            f"{service - baseline:+,.0f} CNY against the baseline."
        )


def test_a_students_clv_model_is_drawn_beside_the_built_in_one_and_an_unfinished_one_is_explained() -> None:
    def mine(margin, retention, discount_rate, months):
        t = np.arange(1, months + 1)
        return np.sum(margin * (retention / (1 + discount_rate)) ** t)

    panel = leg1.clv_panel(your_clv=mine)
    assert len(set(r["series"] for r in chart_rows(panel))) == 2
    unfinished = leg1.clv_panel(your_clv=lambda **_: None)
    assert "Your model returns nothing yet" in unfinished.status.value and "NoneType" not in unfinished.status.value
    assert leg1.check(6, mine).correct


@pytest.mark.slow  # builds the site's grid of every slider position
def test_the_site_grid_holds_what_the_live_panel_computes() -> None:
    assert_grid_matches_live(
        leg1.members_panel(),
        grid_rows(members_site_chart()),
        {"commission": 0.2, "trust": 0.9, "groupbuy_views": 300},
        "cumulative_profit_cny",
    )


@pytest.mark.slow  # builds the site's grid of every slider position
def test_the_site_chart_starts_where_the_notebook_starts_and_offers_rebate_trust_and_traffic() -> None:
    chart = members_site_chart()
    assert site_slider_starts(chart) == {
        "commission": RESTAURANT.commission,
        "trust": RESTAURANT.trust,
        "groupbuy_views": RESTAURANT.groupbuy_views,
    }
    summary_claim("members_site_chart", chart.to_dict()["description"], "ahead of the baseline from month {}").states(
        ahead_of_nothing(RESTAURANT)
    )


def test_the_lessons_helpers_stay_out_of_tab_completion() -> None:
    assert "WORKBOOK" not in dir(leg1) and "_ahead_month" not in dir(leg1)
    assert {"check", "hint", "solution", "members_panel"} <= set(dir(leg1))


# The lesson's claims, cell by cell -----------------------------------------------------------------


def test_voucher_try_the_cinema_and_leisure_vouchers_bear_a_deeper_discount_than_the_restaurants() -> None:
    """At no rebate a voucher stops earning at the discount d = 1 - u / P (equation (1) at c = 0)."""
    deepest = {
        name: 1 - merchant(name).unit_cost / merchant(name).list_price for name in ("restaurant", "cinema", "leisure")
    }
    said("voucher-try", "their vouchers bear a {~} discount than the restaurant's before they stop earning").states(
        min(deepest["cinema"], deepest["leisure"]) - deepest["restaurant"]
    )


def test_voucher_notice_half_price_brings_in_the_unit_cost_and_a_point_of_rebate_costs_one_yuan() -> None:
    said("voucher-notice", "At {} price the restaurant's voucher brings in exactly what the meal costs").states(
        1 - RESTAURANT.discount
    )
    assert RESTAURANT.voucher_price == RESTAURANT.unit_cost
    said("voucher-notice", "at {} price each point of rebate costs the restaurant {} CNY a voucher").states(
        1 - RESTAURANT.discount, RESTAURANT.voucher_price * 0.01
    )


def test_voucher_notice_cinema_and_leisure_vouchers_earn_and_bear_about_half_their_price() -> None:
    sentence = said("voucher-notice", "a cinema or leisure voucher {~} money and can bear a rebate of {} its price")
    for name in ("cinema", "leisure"):
        m = merchant(name)
        sentence.states(
            m.voucher_margin, float(groupbuy.breakeven_commission(m.list_price, m.discount, m.unit_cost, m.cost_share))
        )


def test_prepay_notice_no_trust_no_prepayment_and_big_tickets_are_not_prepaid() -> None:
    nobody = float(trust.prepay_conversion(0, RESTAURANT.voucher_price, RESTAURANT.max_valuation))
    said("prepay-notice", "At trust {} {} prepays, whatever the price").states(0, nobody)
    furniture, renovation = merchant("furniture"), merchant("renovation")
    big_tickets = "A {} CNY furniture coupon or a {} CNY renovation package is another matter"
    said("prepay-notice", big_tickets).states(furniture.voucher_price, renovation.voucher_price)
    said("prepay-notice", "an unknown shop, {} prepays").states(max(furniture.prepay_share, renovation.prepay_share))


def test_prepay_notice_a_deeper_discount_moves_the_diamond_left_and_up_and_trust_lifts_the_curve() -> None:
    said("prepay-notice", "a deeper discount slides the diamond left and up the curve").states()
    said("prepay-notice", "more trust lifts the whole curve").states()
    shallow, deep = prepay_curve(0.7, 400, 0.3), prepay_curve(0.7, 400, 0.6)
    assert deep["voucher_price_cny"].iloc[0] < shallow["voucher_price_cny"].iloc[0]  # left: a lower price
    assert deep["voucher_conversion"].iloc[0] > shallow["voucher_conversion"].iloc[0]  # up: more prepay
    assert (prepay_curve(0.9, 400, 0.5)["conversion"] >= prepay_curve(0.5, 400, 0.5)["conversion"]).all()


def test_deal_notice_without_later_value_the_restaurants_deal_always_loses_and_members_fix_it() -> None:
    said("deal-notice", "With $V = {}$ the restaurant's deal {~} money whatever the share of regulars").states(
        0, RESTAURANT.voucher_margin + 0
    )
    said("deal-notice", "$m + V$ is {~}, so $a^* = {}$").states(
        RESTAURANT.voucher_margin + 0, breakeven_share(RESTAURANT, 0.0)
    )
    lifted = breakeven_share(RESTAURANT, funnel.later_value(RESTAURANT))
    said("deal-notice", "puts $a^*$ well {~} its cannibalised share").states(lifted - RESTAURANT.cannibalised_share)
    assert lifted > RESTAURANT.cannibalised_share + 0.1  # "well" above


def test_deal_notice_the_cinema_earns_on_a_voucher_and_its_deal_earns_without_members() -> None:
    sentence = "A cinema voucher {~} money, and a regular who trades down to it costs the cinema little"
    said("deal-notice", sentence).states(CINEMA.voucher_margin)
    assert CINEMA.full_margin - CINEMA.voucher_margin < CINEMA.voucher_margin + 10  # 44 - 18 = 26 CNY
    profit = funnel.deal(CINEMA)["deal_profit_cny"]
    said("deal-notice", "its deal {~} {} CNY a month even without members").states(profit, profit)


def test_members_notice_the_three_curves_as_described() -> None:
    months = funnel.leg1_months(RESTAURANT)
    said("members-notice", "Without the platform the restaurant {~} money {} month").states(
        months["baseline_cny"].max(), (months["baseline_cny"] < 0).mean()
    )
    said("members-notice", "Group-buy alone (vermillion) makes it {~}").states(months["groupbuy_gain_cny"].max())
    said("members-notice", "Group-buy plus members (green) starts {~} still").states(
        months["with_members_cny"].iloc[0] - months["groupbuy_only_cny"].iloc[0]
    )
    gains = months["groupbuy_gain_cny"] + months["member_gain_cny"]
    said("members-notice", "the strategy gets {~} of the baseline").states(gains.sum())
    service = "The service account alone (orange: walk-ins who follow it, no group-buy) ends {~} the baseline"
    said("members-notice", service).states((months["service_only_cny"] - months["baseline_cny"]).sum())
    assert ahead_of_nothing(RESTAURANT) is not None and ahead_of_nothing(RESTAURANT) <= funnel.HORIZON


def test_members_notice_the_rebate_leaves_the_passing_of_group_buy_alone_but_moves_the_passing_of_nothing() -> None:
    low, high = (RESTAURANT.replace(commission=c) for c in (0.0, 0.2))
    moved = funnel.leg1_months(high) - funnel.leg1_months(low)
    said("members-notice", "The rebate moves both group-buy curves {~} by almost the same amount").states(
        moved["groupbuy_only_cny"].max()
    )
    np.testing.assert_allclose(moved["groupbuy_only_cny"], moved["with_members_cny"], rtol=0.02)
    said("members-notice", "members' reviews sell a few more vouchers, each paying it").states()
    assert (moved["with_members_cny"] <= moved["groupbuy_only_cny"] + 1e-9).all()
    said("members-notice", "members pass group-buy alone in the same month whatever the rebate").states()
    assert ahead_of_groupbuy_only(low) == ahead_of_groupbuy_only(high)
    assert ahead_of_nothing(low) != ahead_of_nothing(high)


def test_members_notice_trust_works_twice() -> None:
    low, high = RESTAURANT.replace(trust=0.6), RESTAURANT.replace(trust=0.9)
    said("members-notice", "Trust works twice: {~} strangers prepay").states(high.voucher_buyers - low.voucher_buyers)
    assert funnel.members(high)["referred"].sum() > funnel.members(low)["referred"].sum()


def test_members_try_no_followers_never_pay_and_the_cinemas_members_pay_sooner() -> None:
    follow = said("members-try", "Set the follow rate to {}: the members strategy can never get ahead").figures()[0]
    for retention in (0.5, 0.8, 0.95):
        assert ahead_of_nothing(RESTAURANT.replace(follow_rate=follow.value, retention=retention)) is None
    said("members-try", "its members pay off {~}").states(ahead_of_nothing(RESTAURANT) - ahead_of_nothing(CINEMA))


def test_value_notice_per_member_modest_per_new_customer_with_operators_little_to_spare() -> None:
    per_member = funnel.breakeven_retention(RESTAURANT, per_visitor=False, with_operators=False)
    with_operators = funnel.breakeven_retention(RESTAURANT)
    said("value-notice", "Per member, a modest retention repays the restaurant's deal").states()
    assert per_member <= 0.5
    said("value-notice", "the restaurant needs {} members to stay from month to month").states(with_operators)
    said("value-notice", "its actual retention clears that bar with little to spare").states()
    assert with_operators < RESTAURANT.member_retention < with_operators + 0.1


def test_value_notice_members_lift_every_a_star_above_its_cannibalised_share() -> None:
    table = leg1.breakeven_table().T  # a row a merchant
    for name in table.index:
        m = merchant(name)
        said("value-notice", "every merchant's $a^*$ rises {~} its cannibalised share").states(
            breakeven_share(m, funnel.later_value(m)) - m.cannibalised_share
        )
    assert (table["a* with members"] > table["cannibalised a"]).all()
    for name in ("cinema", "leisure"):
        said("value-notice", "The cinema and the leisure venue {~} on the voucher itself").states(
            merchant(name).voucher_margin
        )
        said("value-notice", "so their members pay off {~}").states(
            ahead_of_nothing(RESTAURANT) - ahead_of_nothing(merchant(name))
        )
    assert (
        table.loc[["cinema", "leisure"], "ahead of the baseline (month)"]
        < table.loc["restaurant", "ahead of the baseline (month)"]
    ).all()


def test_ex6_solution_most_of_a_members_value_comes_in_the_first_year() -> None:
    t = np.arange(1, 13)
    ratio = RESTAURANT.member_retention / (1 + RESTAURANT.discount_rate)
    first_year = np.sum(RESTAURANT.member_margin * ratio**t)
    share = first_year / funnel.member_value(RESTAURANT)
    worked = find_claim(
        f"{NOTEBOOK} (exercise 6's solution)", "ex6", solution_text(leg1, 6), "worth {} of the for-ever"
    )
    worked.states(share)
    assert share > 0.5  # "most of a member's value comes early"


def test_ex8_the_rebate_is_the_lever_that_leaves_the_crossing() -> None:
    assert leg1.check(8, "a").correct
    base = ahead_of_groupbuy_only(RESTAURANT)
    assert ahead_of_groupbuy_only(RESTAURANT.replace(retention=0.7)) != base
    assert ahead_of_groupbuy_only(RESTAURANT.replace(follow_rate=0.2)) != base


def test_members_intro_the_logit_gives_the_restaurant_its_retention_at_its_member_discount() -> None:
    said("members-intro", "retention rises with the member's saving").states()
    assert RESTAURANT.replace(member_discount=0).member_retention == pytest.approx(RESTAURANT.retention)
    assert RESTAURANT.member_retention > RESTAURANT.retention


def test_members_intro_one_discounting_and_the_headline_sign_it_sets() -> None:
    said("members-intro", "`discount_rate`, which is 0 in every scenario").states()
    assert all(merchant(name).discount_rate == 0 for name in SCENARIOS)

    def after_36_months(m):
        curves = funnel.strategy_curves(m)
        return curves.loc[(curves["month"] == 36) & (curves["strategy"] == funnel.WITH_MEMBERS)].iloc[0]

    plain = after_36_months(RESTAURANT)["cumulative_profit_cny"]
    discounted = after_36_months(RESTAURANT.replace(discount_rate=0.01))["cumulative_profit_cny"]
    sentence = "discounted at {} a month, the restaurant's cumulative profit with members after {} months is {} CNY"
    said("members-intro", sentence).states(0.01, 36, discounted)
    said("members-intro", "after {} months is {} CNY, not {} CNY").states(36, discounted, plain)
    assert 0 < discounted < plain / 5


def test_discount_notice_the_members_gain_peaks_inside_the_range() -> None:
    curve = owning.discount_curve(RESTAURANT.member_discount, RESTAURANT.retention_sensitivity)
    gain = curve.set_index("discount_on_curve")["members_gain_cny"]
    best = curve["best_discount"].iloc[0]
    sentence = "members add {} CNY over {} months with no member discount, {} CNY at its {} discount, and most, {} CNY"
    said("discount-notice", sentence).states(gain[0.0], 36, gain[0.1], RESTAURANT.member_discount, gain.max())
    said("discount-notice", "at a {} discount (dashed line)").states(best)
    assert 0 < best < 0.3 and gain[0.0] < gain[0.1] < gain.max()  # not highest at 0
    said("discount-notice", "fleecing members costs more than it saves").states()
    said("discount-notice", "at {} off members add only {} CNY").states(0.45, gain[0.45])
    assert gain.index.max() == 0.45  # past it the member pool would grow without limit (`Merchant`'s check)
    flat = owning.discount_curve(0.1, 0.0)
    said("discount-notice", "Set the retention's answer $\\beta$ to {} and the best discount is {}").states(
        0, flat["best_discount"].iloc[0]
    )


def test_routes_intro_every_scenario_reviews_at_one_illustrative_rate() -> None:
    said("routes-intro", "a share `review_rate` of them do ({} in every scenario, illustrative").states(
        RESTAURANT.review_rate
    )
    assert {merchant(name).review_rate for name in SCENARIOS} == {RESTAURANT.review_rate}
    assert load_scenarios().query("parameter == 'review_rate'")["source"].str.startswith("illustrative").all()


def test_routes_notice_the_two_routes_complement_each_other() -> None:
    table = leg1.routes_table()
    assert list(table.columns) == ["review rate 0%", "review rate 1% (the scenario's own)"]
    none, some = table["review rate 0%"], table["review rate 1% (the scenario's own)"]
    service = "The service account alone {~} money for the restaurant"
    said("routes-notice", service).states(none["service account 服务号 only (walk-ins who follow)"])
    extra = none["both less the two alone (互补 if positive)"]
    said("routes-notice", "both routes together gain {} CNY more than the two alone").states(extra)
    assert extra == pytest.approx(36 * RESTAURANT.operator_cost_cny)  # "one operator team serves every member"
    said("routes-notice", "The two platforms complement each other").states()
    assert (table.loc["both less the two alone (互补 if positive)"] > 0).all()
    said("routes-notice", "trust rises from {} to {} in three years").states(
        RESTAURANT.trust, some["trust in the last month"]
    )
    said("routes-notice", "members from group-buy gain {~}").states(
        some["group-buy + members from its buyers"] - none["group-buy + members from its buyers"]
    )
    said("routes-notice", "Group-buy alone loses {~}, though").states(none["group-buy only"] - some["group-buy only"])
    said("routes-intro", "at the restaurant's own rate, {} of served customers reviewing").states(
        RESTAURANT.review_rate
    )
    said("routes-notice", "With {} reviewing").states(RESTAURANT.review_rate)
    said("routes-intro", "$K$ = {} reviews").states(trust.REVIEW_SCALE)


def test_takeaways_the_best_member_discount_is_not_zero() -> None:
    best = owning.discount_curve(RESTAURANT.member_discount, RESTAURANT.retention_sensitivity)["best_discount"].iloc[0]
    said("takeaways", "so the restaurant's best member discount is {}, not {}").states(best, 0)


def test_the_routes_table_compares_no_reviews_with_the_scenarios_own_rate_in_the_readers_language() -> None:
    for name in SCENARIOS:
        assert (
            owning.routes_table(name).columns[1]
            == f"review rate {100 * merchant(name).review_rate:g}% (the scenario's own)"
        )
    english = owning.routes_table()
    try:
        text.language("zh")
        chinese = owning.routes_table()
    finally:
        text.language("en")
    assert list(chinese.columns) == ["评价率 0%", "评价率 1%（情景本身的）"]
    assert chinese.index[0] == "仅团购" and not set(chinese.index) & set(english.index)
    assert (english.index.name, chinese.index.name) == ("restaurant", "餐饮")  # whose routes, in either language
    np.testing.assert_allclose(chinese.to_numpy(), english.to_numpy())


STRATEGY_COUNTS = {3: ("Three strategies", "三种策略"), 4: ("Four strategies", "四种策略")}


@pytest.mark.parametrize("edition", [0, 1], ids=["en", "zh"])
def test_members_intro_defines_every_line_the_members_chart_draws(edition: int) -> None:
    drawn = funnel.leg1_curves(RESTAURANT)["strategy"].unique()
    count = STRATEGY_COUNTS[len(drawn)][edition]
    intro = cell_text(("", "zh/")[edition] + "01_leg1_acquire_and_own", "members-intro")
    assert count in intro, f"the members chart draws {len(drawn)} lines: say '{count}'"
    listed = intro.split(count, 1)[1].split("\n\n", 1)[0]
    assert sum(line.startswith("- **") for line in listed.splitlines()) == len(drawn)
