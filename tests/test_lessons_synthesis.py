"""Lesson 04: the legs panel responds to every control and preset and shows what `strategy` computes, the site
chart holds what the live panel computes, and every sentence of the lesson that states a number or a direction is
checked here against the models, cell by cell (the cell ids of notebooks/04_synthesis.ipynb)."""

from __future__ import annotations

import inspect

import pandas as pd
import pytest
from lessons_support import (
    assert_every_slider_moves_the_chart,
    assert_grid_matches_live,
    assert_no_warning,
    chart_rows,
    grid_rows,
    lesson_cells,
    site_slider_starts,
)

from o2o_models import operations, strategy
from o2o_models.interactive.gridchart import MAX_GRID_ROWS
from o2o_models.lessons import synthesis
from o2o_models.scenarios import SCENARIOS, merchant, scenario, scenario_labels

CELLS = lesson_cells("04_synthesis")
PREPAID = ("restaurant", "cinema", "leisure")
BIG_TICKET = ("furniture", "renovation")
RESTAURANT = merchant("restaurant")


@pytest.fixture(scope="module")
def cards() -> pd.DataFrame:
    return strategy.compare(SCENARIOS).set_index("scenario")


@pytest.fixture(scope="module")
def staff() -> pd.DataFrame:
    return operations.staffing_table(synthesis.STAFF_LEVELS).set_index("staff_per_100_merchants")


def card(m) -> dict[str, float]:
    return strategy.scorecard(m)


def legs(m) -> list[int]:
    return synthesis._legs_in(strategy.fitting_legs(card(m)))


def panel_rows(panel) -> pd.DataFrame:
    return pd.DataFrame(chart_rows(panel)).set_index("way")


# Panels ---------------------------------------------------------------------------------------------


def test_every_control_changes_the_chart_or_its_summary() -> None:
    assert_every_slider_moves_the_chart(synthesis.legs_panel)


@pytest.mark.parametrize("name", SCENARIOS)
def test_each_preset_loads_that_merchants_figures_and_shows_compares_verdict(name, cards) -> None:
    panel = synthesis.legs_panel()
    panel.preset.value = name
    for key, value in panel.values.items():
        assert value == name if key == "merchant" else value == pytest.approx(merchant(name).values()[key])
    assert_no_warning(panel)
    assert cards.loc[name, "fitting_legs"] in panel.status.value
    rows = panel_rows(panel)
    for way, column in zip(synthesis.WAYS, ("groupbuy_only_cny", "with_members_cny", "paid_cny", "viral_cny")):
        assert rows.loc[way, "gain_cny"] == pytest.approx(cards.loc[name, column])


def test_the_panel_chart_is_described_by_its_summary() -> None:
    panel = synthesis.legs_panel()
    assert panel.status.value.replace("<b>", "").replace("</b>", "")[:60] in panel.chart.spec["description"]


def test_the_panels_cached_scorecard_is_strategys_own_scorecard() -> None:
    for m in (
        RESTAURANT,
        RESTAURANT.replace(commission=0.25, groupbuy_views=1200),
        merchant("furniture").replace(trust=0.6, h5_share=0.55),
        merchant("renovation"),
    ):
        assert synthesis.scorecard_of(m) == strategy.scorecard(m)


def test_a_leg_one_slider_reuses_the_traffic_simulation() -> None:
    panel = synthesis.legs_panel()
    before = synthesis._traffic.cache_info()
    panel.set_values(commission=0.27)
    panel.set_values(groupbuy_views=1350)
    after = synthesis._traffic.cache_info()
    assert after.misses == before.misses and after.hits == before.hits + 2
    panel.set_values(trust=0.65)
    assert synthesis._traffic.cache_info().misses == after.misses + 1


def test_the_rebate_moves_both_group_buy_bars_by_the_same_amount_and_no_other() -> None:
    """Issue 9, finding 5: the members' bar does not "fall less"."""
    panel = synthesis.legs_panel()
    low = panel_rows(panel)
    panel.set_values(commission=0.2)
    high = panel_rows(panel)
    fall = low["gain_cny"] - high["gain_cny"]
    assert fall[synthesis.GROUPBUY] == pytest.approx(fall[synthesis.MEMBERS]) and fall[synthesis.GROUPBUY] > 0
    assert fall[synthesis.PAID] == 0 and fall[synthesis.VIRAL] == 0
    assert not any("falls less" in text for text in CELLS.values())


def test_a_students_rule_is_shown_beside_the_built_in_one_and_an_unfinished_one_is_explained() -> None:
    panel = synthesis.legs_panel(your_rule=synthesis._cautious_legs)
    panel.preset.value = "furniture"
    assert "<b>Your rule</b>: Your rule takes leg 3, then leg 1." in panel.status.value
    assert panel_rows(panel).loc[synthesis.PAID, "label"].endswith("fits your rule")
    for rule, words in (
        (lambda card: None, "returns nothing yet"),
        (lambda card: 1 / 0, "ZeroDivisionError"),
        (lambda card: ["Leg 1"], "should return a list of leg numbers"),
    ):
        unfinished = synthesis.legs_panel(your_rule=rule)
        assert words in unfinished.status.value and "<b>Built-in rule</b>: Leg 1" in unfinished.status.value
        assert_no_warning(unfinished)
    assert synthesis.check(4, synthesis._cautious_legs).correct


def test_a_bad_value_shows_in_the_status_line() -> None:
    panel = synthesis.legs_panel()
    panel.controls["trust"].max = 2
    panel.set_values(trust=1.5)
    assert "trust=1.5" in panel.status.value


def test_the_site_grid_holds_what_the_live_panel_computes() -> None:
    grid = grid_rows(synthesis.legs_site_chart())
    assert len(grid) < MAX_GRID_ROWS
    for point in (
        {"commission": 0.2, "trust": 0.9, "groupbuy_views": 300, "paid_budget_cny": 6000},
        {"commission": 0.0, "trust": 0.5, "groupbuy_views": 900, "paid_budget_cny": 0},
    ):
        assert_grid_matches_live(synthesis.legs_panel(), grid, point, "gain_cny")


def test_the_site_chart_starts_where_the_notebook_starts_and_offers_rebate_trust_and_traffic() -> None:
    chart = synthesis.legs_site_chart()
    assert site_slider_starts(chart) == {
        "commission": RESTAURANT.commission,
        "trust": RESTAURANT.trust,
        "groupbuy_views": RESTAURANT.groupbuy_views,
        "paid_budget_cny": RESTAURANT.paid_budget_cny,
    }
    spec = chart.to_dict()
    labels = " ".join(p["bind"]["name"] for p in spec["params"] if "bind" in p).lower()
    assert {"rebate", "trust", "traffic"} <= set(labels.replace(":", " ").split())
    assert (
        synthesis.legs_summary(synthesis.legs_panel().compute(**synthesis.legs_panel().values))
        .replace("<b>", "")
        .replace("</b>", "")
        in spec["description"]
    )


def test_the_panel_uses_as_many_paths_as_compare() -> None:
    assert synthesis.PATHS == inspect.signature(strategy.scorecard).parameters["n_paths"].default == 500
    assert "500 simulated paths" in CELLS["scorecard-intro"]


def test_the_lessons_helpers_stay_out_of_tab_completion() -> None:
    assert "WORKBOOK" not in dir(synthesis) and "_cautious_legs" not in dir(synthesis)
    assert {"check", "hint", "solution", "legs_panel", "scorecards"} <= set(dir(synthesis))


# The lesson's claims, cell by cell -----------------------------------------------------------------


def test_scorecard_table_is_compares_and_gives_each_merchant_its_leg(cards) -> None:
    table = synthesis.scorecards()
    assert list(table.columns) == list(SCENARIOS)
    assert table.loc["the leg that fits"].tolist() == ["leg 1"] * 3 + ["leg 3"] * 2
    assert (
        table.loc["member 会员 + group-buy: gain (CNY)", "cinema"] == f"{cards.loc['cinema', 'with_members_cny']:+,.0f}"
    )


def test_scorecard_notice_group_buy_alone_loses_every_month_and_members_gain_after_their_first_months(
    cards,
) -> None:
    text = CELLS["scorecard-notice"]
    assert "loses money for the three prepaid merchants in every month" in text
    assert "It loses money only in its first months" in text
    for name in PREPAID:
        assert cards.loc[name, "groupbuy_only_cny"] < 0 and cards.loc[name, "groupbuy_losing_share"] == 1
        assert cards.loc[name, "with_members_cny"] > 0 and 0 < cards.loc[name, "members_losing_share"] < 0.25


def test_scorecard_notice_traffic_loses_almost_every_month_for_the_prepaid_merchants(cards) -> None:
    assert "lose money for them in almost every month" in CELLS["scorecard-notice"]
    for name in PREPAID:
        assert cards.loc[name, "paid_losing_share"] > 0.95 and cards.loc[name, "viral_losing_share"] > 0.8
        m = merchant(name)
        assert m.lead_value < 10 and m.viral_mean_leads * m.lead_value < m.team_cost_cny


def test_scorecard_notice_few_strangers_prepay_a_big_ticket(cards) -> None:
    text = CELLS["scorecard-notice"]
    assert "4% for the furniture showroom's 7,200 CNY voucher, none for the renovation firm's 57,000 CNY" in text
    assert "Each furniture voucher still earns 1,840 CNY" in text
    furniture, renovation = merchant("furniture"), merchant("renovation")
    assert round(furniture.prepay_share, 2) == 0.04 and renovation.prepay_share == 0
    assert furniture.voucher_price == 7200 and renovation.voucher_price == 57000
    assert furniture.voucher_margin == 1840
    assert 0 < cards.loc["furniture", "groupbuy_only_cny"] < cards.loc["furniture", "viral_cny"]


def test_scorecard_notice_paid_traffic_is_steady_and_only_somewhat_richer(cards) -> None:
    text = CELLS["scorecard-notice"]
    assert "paid traffic never loses a month, while free sharing loses in more than half" in text
    assert "gains more than free sharing, but by less than a third" in text
    for name in BIG_TICKET:
        assert cards.loc[name, "paid_losing_share"] == 0 and cards.loc[name, "viral_losing_share"] > 0.5
        assert 0 < cards.loc[name, "paid_cny"] - cards.loc[name, "viral_cny"] < cards.loc[name, "paid_cny"] / 3


def test_rule_swap_a_furniture_showroom_with_the_restaurants_figures_gets_its_verdict(cards) -> None:
    assert 'strategy.compare(["furniture", "restaurant"], overrides=scenario("restaurant"))' in CELLS["rule-swap"]
    swapped = strategy.compare(["furniture", "restaurant"], overrides=scenario("restaurant"))["fitting_legs"]
    assert swapped.tolist() == [cards.loc["restaurant", "fitting_legs"]] * 2


def test_rule_notice_at_trust_point_six_a_fifth_prepay_and_leg_one_comes_first() -> None:
    assert "At trust 0.6 a fifth of strangers would prepay" in CELLS["rule-notice"]
    sweep = synthesis.trust_sweep("furniture", (0.5, 0.6, 0.7))
    assert sweep.loc[0.6, "strangers who prepay"] == pytest.approx(0.2)
    assert sweep.loc[0.6, "group-buy only: gain (CNY)"] > sweep.loc[0.6, "paid traffic: gain (CNY)"]
    assert sweep.loc[0.6, "the leg that fits"] == "leg 1, leg 3" and sweep.loc[0.5, "the leg that fits"] == "leg 3"


def test_ex1_the_built_in_rule_refuses_a_steady_leg_that_earns_less_than_free_sharing() -> None:
    assert "paid traffic gains 300,000 CNY" in CELLS["ex1"] and "free sharing gains 320,000 CNY" in CELLS["ex1"]
    case = {
        "groupbuy_only_cny": -1.0,
        "with_members_cny": -2.0,
        "paid_cny": 300e3,
        "viral_cny": 320e3,
        "groupbuy_losing_share": 1.0,
        "members_losing_share": 1.0,
        "paid_losing_share": 0.0,
        "viral_losing_share": 0.6,
    }
    assert strategy.fitting_legs(case)[0].startswith("Neither leg pays here: free sharing does better")
    assert synthesis.WORKBOOK.questions[1].expected == "b"


def test_panel_notice_only_the_members_bar_crosses_the_restaurants_line() -> None:
    assert "the dashed line sits at 0, and only group-buy plus members crosses it" in CELLS["panel-notice"]
    rows = panel_rows(synthesis.legs_panel())
    assert (rows["bar_to_beat_cny"] == 0).all()
    assert rows.index[rows["gain_cny"] > 0].tolist() == [synthesis.MEMBERS]


def test_panel_notice_each_point_of_rebate_costs_each_bar_about_11300() -> None:
    assert (
        "each point of rebate costs the restaurant about 11,300 CNY over 36 months on each bar" in CELLS["panel-notice"]
    )
    per_point = synthesis._restaurant_members_fall((0.10, 0.11))
    assert round(per_point, -2) == 11300
    assert per_point == pytest.approx(36 * RESTAURANT.voucher_buyers * RESTAURANT.voucher_price * 0.01)
    low, high = (card(RESTAURANT.replace(commission=c)) for c in (0.10, 0.11))
    assert low["groupbuy_only_cny"] - high["groupbuy_only_cny"] == pytest.approx(per_point)


def test_panel_notice_trust_pulls_the_group_buy_bars_apart_and_lifts_the_traffic_bars() -> None:
    text = CELLS["panel-notice"]
    assert "Trust pulls the restaurant's group-buy bars apart" in text and "Trust also lifts both traffic bars" in text
    low, high = card(RESTAURANT.replace(trust=0.6)), card(RESTAURANT.replace(trust=0.8))
    assert high["groupbuy_only_cny"] < low["groupbuy_only_cny"]
    assert high["with_members_cny"] > low["with_members_cny"]
    assert high["paid_cny"] > low["paid_cny"] and high["viral_cny"] > low["viral_cny"]


def test_panel_notice_at_trust_half_the_members_gain_shrinks_to_about_a_seventh() -> None:
    assert "about a seventh of what it is at 0.7" in CELLS["panel-notice"]
    ratio = card(RESTAURANT.replace(trust=0.5))["with_members_cny"] / card(RESTAURANT)["with_members_cny"]
    assert 0.12 < ratio < 0.16


def test_panel_notice_group_buy_views_scale_the_group_buy_bars_and_the_budget_the_paid_bar() -> None:
    assert "the paid budget moves the paid-traffic bar alone" in CELLS["panel-notice"]
    base = card(RESTAURANT)
    more = card(RESTAURANT.replace(groupbuy_views=1200))
    assert more["groupbuy_only_cny"] == pytest.approx(2 * base["groupbuy_only_cny"])
    assert more["with_members_cny"] != base["with_members_cny"]
    assert (more["paid_cny"], more["viral_cny"]) == (base["paid_cny"], base["viral_cny"])
    budget = card(RESTAURANT.replace(paid_budget_cny=6000))
    assert budget["paid_cny"] != base["paid_cny"]
    assert {k: budget[k] for k in ("groupbuy_only_cny", "with_members_cny", "viral_cny")} == {
        k: base[k] for k in ("groupbuy_only_cny", "with_members_cny", "viral_cny")
    }


def test_panel_try_furniture_with_trust_the_h5_split_and_a_distrusted_restaurant() -> None:
    text = CELLS["panel-try"]
    assert "raise trust to 0.6: leg 1 now fits, ahead of leg 3" in text
    assert "set the H5 split to 0: paid traffic's gain more than quadruples" in text
    assert "Set it to 60%: paid traffic now loses money in almost every month" in text
    assert "lower trust to 0.4: no leg beats doing nothing" in text
    furniture = merchant("furniture")
    assert legs(furniture.replace(trust=0.6)) == [1, 3]
    assert card(furniture.replace(h5_share=0.0))["paid_cny"] > 4 * card(furniture)["paid_cny"] > 0
    assert card(furniture.replace(h5_share=0.6))["paid_losing_share"] > 0.9
    distrusted = card(RESTAURANT.replace(trust=0.4))
    assert strategy.fitting_legs(distrusted)[0].startswith("Neither leg pays here: doing nothing does better")


def test_ex2_the_restaurants_members_lose_the_rebate_on_every_voucher() -> None:
    expected = synthesis._restaurant_members_fall()
    assert expected == pytest.approx(36 * RESTAURANT.voucher_buyers * RESTAURANT.voucher_price * 0.1)
    assert synthesis.WORKBOOK.questions[2].check(round(expected, -3)).correct


def test_ops_intro_is_lesson_twos_economy() -> None:
    assert "2,000 merchants of uneven skill over 36 months" in CELLS["ops-intro"]
    assert operations.DEFAULTS["n_merchants"] == 2000 and operations.DEFAULTS["months"] == 36
    assert "operations.staffing_table((1, 2, 3, 5, 7, 10, 15))" in CELLS["ops-table"]
    assert synthesis.STAFF_LEVELS == (1, 2, 3, 5, 7, 10, 15)


def test_ops_reading_names_the_best_average_and_the_largest_net_gain(staff) -> None:
    reading = synthesis.staffing_reading(staff.reset_index())
    best_net = staff["net_gain_cny"].idxmax()
    assert f"largest at **{best_net:g}** staff" in reading
    assert staff["average_return"].idxmax() == min(synthesis.STAFF_LEVELS)
    assert (staff.loc[:best_net, "marginal_return"] > 0).all()
    assert (staff.loc[best_net:, "marginal_return"].iloc[1:] < 0).all()


def test_ops_notice_and_ex3_the_average_return_is_positive_where_the_net_gain_falls(staff) -> None:
    assert "still positive where the net gain has already begun to fall" in CELLS["ops-notice"]
    assert "positive average return and a negative marginal return" in CELLS["ex3"]
    assert staff.loc[10, "average_return"] > 0 > staff.loc[10, "marginal_return"]
    assert staff.loc[10, "net_gain_cny"] < staff.loc[7, "net_gain_cny"]
    assert staff["average_return"].is_monotonic_decreasing
    assert synthesis.WORKBOOK.questions[3].expected == "b"


def test_ex4_try_the_cautious_rule_at_each_merchant() -> None:
    text = CELLS["ex4-try"]
    assert "choose the **restaurant**: the cautious merchant refuses leg 1" in text
    assert "Choose the **cinema**: its members lose money in fewer months, and your rule takes leg 1" in text
    assert "your rule takes leg 3 and also leg 1" in text and "still takes both steady legs" in text
    cautious = {name: synthesis._cautious_legs(card(merchant(name))) for name in ("restaurant", "cinema", "furniture")}
    assert cautious == {"restaurant": [], "cinema": [1], "furniture": [3, 1]}
    assert card(merchant("restaurant"))["members_losing_share"] > synthesis.CAUTION
    split = card(merchant("furniture").replace(h5_share=0.55))
    assert strategy.fitting_legs(split)[0].startswith("Neither leg pays here: free sharing does better")
    assert sorted(synthesis._cautious_legs(split)) == [1, 3]
    assert split["paid_losing_share"] < synthesis.CAUTION < split["viral_losing_share"]
    assert card(merchant("furniture"))["groupbuy_losing_share"] == 0


def test_ex4_a_rule_that_always_weighs_free_sharing_is_caught_by_the_unseen_cases() -> None:
    def always_free_sharing(card):
        bar = max(0.0, card["viral_cny"])
        numbers = {strategy.LEG1: 1, strategy.LEG3: 3}
        return [
            numbers[leg] for leg, (gain, losing, _) in strategy.leg_gains(card).items() if gain > bar and losing <= 0.10
        ]

    assert not synthesis.check(4, always_free_sharing).correct


def test_cautious_notice_leg_ones_losing_months_are_its_first_months() -> None:
    assert "Leg 1's losing months are its first months" in CELLS["cautious-notice"]
    from o2o_models import funnel

    for name in PREPAID:
        gains = funnel.leg1_months(merchant(name))
        losing = (gains["groupbuy_gain_cny"] + gains["member_gain_cny"] < 0).tolist()
        first = losing.index(False)
        assert first > 0 and not any(losing[first:]), name


def test_ex5_the_cinema_loses_the_largest_share_and_the_big_tickets_nothing() -> None:
    ranking = synthesis._ranking()
    assert ranking.index[0] == "cinema"
    assert (ranking.loc[list(BIG_TICKET), "share lost"] == 0).all()
    assert (ranking.loc[list(BIG_TICKET), "best way now"] == "paid_cny").all()
    assert "GAINS = " in CELLS["pandas-load"] and "max(" not in CELLS["pandas-load"]


def worked_code(number: int) -> str:
    return synthesis.WORKBOOK.questions[number].working().split("```python\n")[1].split("```")[0]


def test_ex4_and_ex5_the_worked_solutions_run_on_the_given_cells_and_give_the_checked_answers() -> None:
    space = {"strategy": strategy, "SCENARIOS": SCENARIOS}
    exec(worked_code(4), space)
    assert synthesis.check(4, space["cautious_legs"]).correct
    exec(CELLS["pandas-load"], space)
    name, share = eval(worked_code(5).strip().splitlines()[-1], {**space, **_run(worked_code(5), space)})
    assert name == "cinema" and synthesis.check(5, round(share, 2)).correct


def _run(code: str, space: dict) -> dict:
    exec(code, space)
    return space


def test_platforms_notice_the_articles_label_and_the_models_verdict_agree(cards) -> None:
    text = CELLS["platforms-notice"]
    assert "agree for all five merchants" in text and "more than half of strangers prepay the everyday" in text
    table = synthesis.platform_table()
    labels = scenario_labels().set_index("scenario")
    for name in SCENARIOS:
        row = table.iloc[list(SCENARIOS).index(name)]
        assert row["the leg that fits"] == ("leg 1" if labels.loc[name, "prepaid"] else "leg 3")
    assert (cards.loc[list(PREPAID), "prepay_conversion"] > 0.5).all()
    assert (cards.loc[list(BIG_TICKET), "prepay_conversion"] < 0.05).all()


def test_platforms_notice_operators_and_the_h5_split_cost_what_the_table_says() -> None:
    text = CELLS["platforms-notice"]
    assert "lose more than a million CNY each to the H5 split" in text
    table = synthesis.platform_table()
    costs = table["what it cost, 36 months (CNY)"]
    assert (costs.iloc[3:] > 1e6).all()
    assert (costs.iloc[:3] == round(36 * RESTAURANT.operator_cost_cny)).all()


def test_central_notice_rivals_raise_the_price_and_move_the_value_to_the_platform() -> None:
    text = CELLS["central-notice"]
    assert "Each extra rival raises the price per click" in text
    assert "With 30 rivals, paid traffic gains less than free sharing on average and rule (3) takes no leg" in text
    assert 'lesson.centralisation_table("furniture", (0, 10, 20, 30))' in CELLS["central-table"]
    table = synthesis.centralisation_table("furniture", (0, 10, 20, 30))
    assert table["price per click 点击单价 (CNY)"].is_monotonic_increasing
    assert table["platform's ad revenue (CNY)"].is_monotonic_increasing
    assert table["merchant's paid gain (CNY)"].is_monotonic_decreasing
    crowded = card(merchant("furniture").replace(rival_bidders=30))
    assert crowded["paid_cny"] < crowded["viral_cny"] and crowded["paid_losing_share"] == 0
    assert table.loc[30, "the leg that fits"] == "none"
    assert 3 in synthesis._cautious_legs(crowded)


def test_takeaways_prepaid_services_fit_leg_one_and_big_tickets_leg_three(cards) -> None:
    assert "The everyday prepaid services fit leg 1, the big-ticket trades leg 3" in CELLS["takeaways"]
    for name in SCENARIOS:
        expected = strategy.LEG1 if name in PREPAID else strategy.LEG3
        assert cards.loc[name, "fitting_legs"].startswith(expected)
