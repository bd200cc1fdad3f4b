"""Lesson 03: every panel responds to its controls and presets, the site chart holds what the live panel
computes, the auction panel draws a student's bid rule, and every sentence of the lesson that states a number
or a direction is checked here against the models, cell by cell (the cell ids of
notebooks/03_leg3_stable_traffic.ipynb)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from lessons_support import (
    assert_every_slider_moves_the_chart,
    assert_grid_matches_live,
    assert_no_warning,
    chart_rows,
    grid_rows,
    lesson_cells,
)

from o2o_models import auctions, funnel, traffic
from o2o_models.interactive.gridchart import MAX_GRID_ROWS
from o2o_models.lessons import leg3
from o2o_models.scenarios import merchant

CELLS = lesson_cells("03_leg3_stable_traffic")
FURNITURE = merchant("furniture")
DEFAULTS = {
    "paid_budget_cny": FURNITURE.paid_budget_cny,
    "viral_mean_leads": FURNITURE.viral_mean_leads,
    "trust": FURNITURE.trust,
    "h5_share": FURNITURE.h5_share,
    "rival_bidders": FURNITURE.rival_bidders,
    "rival_value_high_cny": FURNITURE.rival_value_high_cny,
}


def fan(**changes) -> pd.DataFrame:
    """The traffic panel's frame at the furniture showroom's figures, with some changed."""
    return leg3.lead_fan(**{**DEFAULTS, **changes})


def stats(frame: pd.DataFrame, source: str) -> pd.Series:
    return frame[frame["source"] == source].iloc[0]


def band(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    return frame.loc[frame["source"] == source, ["month", *traffic.QUANTILES]].reset_index(drop=True)


def paid_months(m=FURNITURE) -> pd.DataFrame:
    months = funnel.lead_months(m, n_paths=leg3.PATHS)
    return months[months["source"] == traffic.PAID]


def right_bids(values, ctrs):
    return leg3._equilibrium_bids_by_hand(values, ctrs)


# Panels ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("factory", leg3.PANELS, ids=lambda f: f.__name__)
def test_every_slider_of_every_panel_changes_the_chart_or_its_summary(factory) -> None:
    assert_every_slider_moves_the_chart(factory)


@pytest.mark.parametrize("name", leg3.BIG_TICKET)
def test_each_preset_loads_that_merchants_figures(name) -> None:
    panel = leg3.traffic_panel()
    panel.preset.value = name
    assert panel.values["merchant"] == name
    for key, value in panel.values.items():
        if key != "merchant":
            assert value == pytest.approx(merchant(name).values()[key])
    assert_no_warning(panel)
    assert leg3.NAMES[name] in panel.status.value


def test_the_traffic_panel_draws_the_funnels_lead_months() -> None:
    panel = leg3.traffic_panel()
    rows = pd.DataFrame(chart_rows(panel))
    months = funnel.lead_months(FURNITURE, n_paths=leg3.PATHS)
    expected = traffic.lead_fan(months).round(0)
    expected["source"] = expected["source"].astype(str)
    merged = rows.merge(expected, on=["month", "source"])
    assert len(merged) == 2 * funnel.HORIZON
    np.testing.assert_allclose(merged["p50_x"], merged["p50_y"])
    risk = traffic.losing_month_probability(months).set_index("source")
    assert f"<b>{risk.loc[traffic.VIRAL, 'losing_share']:.0%}</b> (mean" in panel.status.value


def test_moving_a_paid_setting_never_moves_the_viral_band_nor_the_free_leads_the_paid_band() -> None:
    panel = leg3.traffic_panel()
    before = band(pd.DataFrame(chart_rows(panel)), traffic.VIRAL)
    for changes in (
        {"paid_budget_cny": 10000},
        {"h5_share": 0.8},
        {"rival_bidders": 25},
        {"rival_value_high_cny": 30},
    ):
        panel.reset()
        panel.set_values(**changes)
        pd.testing.assert_frame_equal(band(pd.DataFrame(chart_rows(panel)), traffic.VIRAL), before)
    panel.reset()
    paid_before = band(pd.DataFrame(chart_rows(panel)), traffic.PAID)
    panel.set_values(viral_mean_leads=8000)
    pd.testing.assert_frame_equal(band(pd.DataFrame(chart_rows(panel)), traffic.PAID), paid_before)


def test_the_merchant_menu_runs_the_renovation_firms_own_funnel() -> None:
    panel = leg3.traffic_panel()
    panel.set_values(merchant="renovation")
    assert_no_warning(panel)
    worth = merchant("renovation").replace(trust=FURNITURE.trust).lead_value
    assert f"A lead is worth {worth:.2f} CNY to the renovation firm" in panel.status.value


@pytest.fixture(scope="module")
def site_chart():
    return leg3.fan_site_chart()


def test_the_site_grid_holds_what_the_live_panel_computes(site_chart) -> None:
    assert_grid_matches_live(
        leg3.traffic_panel(),
        grid_rows(site_chart),
        {"paid_budget_cny": 20000, "trust": 0.7, "h5_share": 0.25},
        "p50",
    )


def test_the_site_chart_starts_where_the_notebook_starts_and_offers_traffic_and_trust(site_chart) -> None:
    chart = site_chart
    spec = chart.to_dict()
    params = {p["name"]: p["value"] for p in spec["params"]}
    assert params == {
        "paid_budget_cny": FURNITURE.paid_budget_cny,
        "trust": FURNITURE.trust,
        "h5_share": FURNITURE.h5_share,
    }
    labels = " ".join(p["bind"]["name"] for p in spec["params"]).lower()
    assert "traffic" in labels and "trust" in labels
    assert leg3.fan_summary(fan()).replace("<b>", "").replace("</b>", "") in spec["description"]
    grid = grid_rows(chart)
    assert len(grid) < MAX_GRID_ROWS
    assert {"losing months" in label or "lose money" in label for label in spec_labels(spec)} == {True}


def spec_labels(spec: dict) -> list[str]:
    """The losing-month labels the chart's text layers carry."""
    return [row["label"] for rows in spec["datasets"].values() for row in rows if "label" in row]


def test_the_losing_months_are_written_on_the_chart_itself() -> None:
    frame = fan()
    labels = set(frame["label"])
    assert labels == {
        f"{traffic.PAID}: 0% of months lose money",
        f"{traffic.VIRAL}: {stats(frame, traffic.VIRAL)['losing_share']:.0%} of months lose money",
    }


def lines(panel) -> set[tuple[int, str]]:
    return {(r["slot"], r["rule"]) for r in chart_rows(panel)}


def test_no_line_of_the_auction_chart_hides_under_another() -> None:
    for panel in (leg3.auction_panel(), leg3.auction_panel(your_bids=lambda values, ctrs: values)):
        rows = pd.DataFrame(chart_rows(panel))
        for slot, part in rows.groupby("slot"):
            wide = part.pivot(index="bidders", columns="rule", values="price_per_click_cny")
            for first in wide.columns:
                for second in wide.columns:
                    if first < second:
                        assert not np.allclose(wide[first], wide[second]), (slot, first, second)
        assert set(rows["rule"]) <= set(leg3.RULE_STYLES)
        styles = list(leg3.RULE_STYLES.values())
        assert len({str(dash) for _, dash in styles}) == len({colour for colour, _ in styles}) == len(styles)
        shapes = panel.chart.spec["layer"][0]["encoding"]["shape"]  # and the slots differ by point shape
        assert shapes["field"] == "slot_name" and len(set(shapes["scale"]["range"])) == len(leg3.CTRS)


def test_a_students_bid_rule_is_drawn_on_the_same_auctions_and_a_right_one_lies_on_the_vcg_line() -> None:
    assert leg3.check(6, right_bids).correct
    panel = leg3.auction_panel(your_bids=right_bids)
    assert lines(panel) == {(k, f"{leg3.EQUILIBRIUM} = {leg3.YOURS}") for k in (1, 2, 3)}
    assert "your bids under GSP: top slot" in panel.status.value


def test_a_wrong_bid_rule_is_drawn_apart_and_an_unfinished_one_is_explained() -> None:
    truthful = leg3.auction_panel(your_bids=lambda values, ctrs: values)
    assert {(1, leg3.YOURS), (1, leg3.EQUILIBRIUM), (3, f"{leg3.EQUILIBRIUM} = {leg3.YOURS}")} <= lines(truthful)
    for unfinished in (
        lambda values, ctrs: ...,
        lambda values, ctrs: None,
        lambda values, ctrs: 1 / 0,
        lambda values, ctrs: values[:1],
    ):
        panel = leg3.auction_panel(your_bids=unfinished)
        assert "Your bid rule does not draw yet" in panel.status.value
        assert lines(panel) == {(k, leg3.EQUILIBRIUM) for k in (1, 2, 3)}


def test_the_student_panel_uses_the_draws_of_prices_by_bidders() -> None:
    draws = leg3._ranked_values(1, 10, 3, leg3.YOUR_DRAWS)
    built = auctions.prices_by_bidders(
        max_bidders=3, ctrs=leg3.CTRS, value_low=1, value_high=10, n_draws=leg3.YOUR_DRAWS, seed=leg3.SEED
    )
    vcg = built[(built["mechanism"] == auctions.VCG) & (built["bidders"] == 3)]["price_per_click_cny"].to_numpy()
    mine = np.mean([auctions.vcg_prices(values, leg3.CTRS) for values in draws[3]], axis=0)
    np.testing.assert_allclose(mine, vcg)


def test_the_lessons_helpers_stay_out_of_tab_completion() -> None:
    assert "WORKBOOK" not in dir(leg3) and "_paid_month" not in dir(leg3)
    assert {"check", "hint", "solution", "traffic_panel", "auction_panel", "source"} <= set(dir(leg3))


# The lesson's claims, cell by cell -----------------------------------------------------------------


def test_title_a_furniture_coupon_almost_nobody_prepays_and_a_team_of_60000() -> None:
    text = CELLS["title"]
    assert "7,200 CNY coupon" in text and "60,000 CNY every month" in text
    assert FURNITURE.voucher_price == 7200 and FURNITURE.prepay_share < 0.05
    assert FURNITURE.team_cost_cny == 60000
    assert "lesson 02](02_leg2_operations_team.ipynb)" in text and "00 → 01 → 02 → 03 → 04" in text


def test_leads_read_the_showrooms_lead_and_the_leads_it_needs_for_its_team() -> None:
    text = CELLS["leads-read"]
    assert "5% of leads" in text and "trust is 0.5" in text and "30% of visits" in text
    assert "3,000 CNY" in text and "22.5 CNY" in text and "about 2,667 leads" in text
    m = FURNITURE
    assert (m.max_visit_rate, m.trust, m.close_rate, m.full_margin, m.lead_value) == (
        0.05,
        0.5,
        0.3,
        3000,
        22.5,
    )
    assert round(m.team_cost_cny / m.lead_value) == 2667


def test_sources_intro_each_source_has_its_own_random_stream() -> None:
    assert "**own random stream**" in CELLS["sources-intro"]
    low, high = (funnel.lead_months(FURNITURE.replace(paid_budget_cny=b), n_paths=50) for b in (10000, 30000))
    viral = lambda f: f.loc[f["source"] == traffic.VIRAL, "leads"].to_numpy()  # noqa: E731
    np.testing.assert_array_equal(viral(low), viral(high))


def test_sources_funnel_the_showroom_wins_the_top_slot_in_the_months_model_cell() -> None:
    assert "The showroom wins the top slot" in CELLS["sources-funnel"]
    assert "np.random.default_rng(1)" in CELLS["sources-auction"]
    rivals = np.random.default_rng(1).uniform(
        FURNITURE.rival_value_low_cny, FURNITURE.rival_value_high_cny, size=(1, FURNITURE.rival_bidders)
    )
    slot, _ = auctions.slot_and_price(FURNITURE.lead_value, rivals, traffic.SLOT_CTRS)
    assert slot.tolist() == [1]
    assert FURNITURE.lead_value > 3 * FURNITURE.rival_value_high_cny
    assert "500 paths of 36 months" in CELLS["sources-funnel"] and "200 paths" in CELLS["sources-funnel"]
    assert leg3.PATHS == 200 and funnel.HORIZON == 36


def test_sources_notice_paid_never_loses_free_sharing_mostly_does_with_about_the_same_mean() -> None:
    assert "paid traffic loses money in no month" in CELLS["sources-notice"]
    assert "more than half of all months" in CELLS["sources-notice"]
    frame = fan()
    paid, viral = stats(frame, traffic.PAID), stats(frame, traffic.VIRAL)
    assert paid["losing_share"] == 0 and viral["losing_share"] > 0.5
    assert abs(paid["mean_profit_cny"] - viral["mean_profit_cny"]) < 0.1 * FURNITURE.team_cost_cny
    expected_viral = FURNITURE.viral_mean_leads * FURNITURE.lead_value - FURNITURE.team_cost_cny
    assert abs(paid["mean_profit_cny"] - expected_viral) < 0.1 * FURNITURE.team_cost_cny


def test_sources_notice_the_volume_not_the_budget_sets_the_paid_clicks() -> None:
    assert "buys the slot's 4,000 clicks every month" in CELLS["sources-notice"]
    volume = FURNITURE.click_volume * (1 - FURNITURE.h5_share)
    paid = paid_months()
    assert volume == 4000
    assert (paid["price_per_click_cny"] * volume <= FURNITURE.paid_budget_cny).all()
    assert paid["price_per_click_cny"].std() > 0.2  # the price does move from month to month


def test_sources_notice_above_24000_the_budget_buys_nothing_more() -> None:
    assert "Above 24,000 CNY the budget buys nothing more" in CELLS["sources-notice"]
    assert "no click costs more than 6 CNY, the rivals' highest value" in CELLS["sources-notice"]
    assert FURNITURE.rival_value_high_cny == 6 and 6 * 4000 == 24000
    assert paid_months()["price_per_click_cny"].max() <= 6
    pd.testing.assert_frame_equal(
        band(fan(paid_budget_cny=24000), traffic.PAID), band(fan(paid_budget_cny=60000), traffic.PAID)
    )
    assert stats(fan(paid_budget_cny=22000), traffic.PAID)["paid_clicks"] < 4000


def test_sources_notice_a_small_budget_or_a_larger_h5_share_breaks_stable() -> None:
    assert "At a budget of 16,000 CNY, or with 60% of the clicks sent to H5 pages" in CELLS["sources-notice"]
    assert stats(fan(paid_budget_cny=16000), traffic.PAID)["losing_share"] > 0.5
    assert stats(fan(h5_share=0.6), traffic.PAID)["losing_share"] > 0.5


def test_sources_notice_trust_at_04_a_stable_loss_and_at_01_no_slot_in_most_months() -> None:
    text = CELLS["sources-notice"]
    assert "At trust 0.4 paid traffic loses money in almost every month" in text
    assert "At trust 0.1 a lead is worth 4.5 CNY" in text
    low = fan(trust=0.4)
    assert stats(low, traffic.PAID)["losing_share"] > 0.99 > stats(low, traffic.VIRAL)["losing_share"]
    lowest = fan(trust=0.1)
    assert lowest["lead_value_cny"].iloc[0] == pytest.approx(4.5)
    assert lowest["lead_value_cny"].iloc[0] < FURNITURE.rival_value_high_cny
    assert lowest["no_slot_share"].iloc[0] > 0.5


def test_sources_notice_rivals_raise_the_price_then_push_the_showroom_down_the_page() -> None:
    text = CELLS["sources-notice"]
    assert (
        "raise the price per click a little" in text and "at a highest value of 20 CNY almost every paid month" in text
    )
    assert "At 30 CNY they push the showroom down the page, or off it, in most months" in text
    base, crowded = fan(), fan(rival_bidders=30)
    assert (
        base["price_per_click_cny"].iloc[0]
        < crowded["price_per_click_cny"].iloc[0]
        < 1.25 * base["price_per_click_cny"].iloc[0]
    )
    dear = fan(rival_value_high_cny=20)
    assert dear["price_per_click_cny"].iloc[0] > 2 * base["price_per_click_cny"].iloc[0]
    assert stats(dear, traffic.PAID)["losing_share"] > 0.99
    assert fan(rival_value_high_cny=30)["top_slot_share"].iloc[0] < 0.5


def test_sources_notice_the_bands_move_only_with_their_own_source() -> None:
    assert "each source has its own random stream" in CELLS["sources-notice"]
    base = fan()
    for changes in ({"paid_budget_cny": 12000}, {"h5_share": 0.9}, {"rival_bidders": 3}):
        pd.testing.assert_frame_equal(band(fan(**changes), traffic.VIRAL), band(base, traffic.VIRAL))
    pd.testing.assert_frame_equal(band(fan(viral_mean_leads=500), traffic.PAID), band(base, traffic.PAID))


def test_h5_notice_no_split_earns_several_times_half_barely_pays_and_sixty_percent_loses() -> None:
    text = CELLS["h5-notice"]
    assert "earns several times what it earns at the article's half" in text
    assert "still pay the team, barely" in text and "loses money in almost every month" in text
    table = leg3.h5_table()
    profit, losing = table["profit (mean CNY a month)"], table["losing months"]
    assert (
        table.loc[0.0, "paid clicks bought (mean a month)"] < table.loc[0.0, "top slot's clicks to official accounts"]
    )
    assert profit[0.0] > 3 * profit[0.5]
    assert 0 < profit[0.5] < 0.25 * FURNITURE.team_cost_cny and losing[0.5] < 0.05
    assert losing[0.6] > 0.9
    assert FURNITURE.h5_share == 0.5


def test_h5_notice_at_sixty_percent_more_budget_changes_nothing() -> None:
    assert "a bigger budget changes nothing" in CELLS["h5-notice"]
    assert leg3.h5_table().loc[0.6, "ad spend (mean CNY a month)"] < FURNITURE.paid_budget_cny
    pd.testing.assert_frame_equal(
        band(fan(h5_share=0.6), traffic.PAID), band(fan(h5_share=0.6, paid_budget_cny=60000), traffic.PAID)
    )


def test_auction_intro_credits_and_the_traffic_model_charges_the_equilibrium_price() -> None:
    text = CELLS["auction-intro"]
    for name in (
        "Google brought to search advertising in 2002",
        "Overture",
        "Vickrey 1961",
        "Clarke 1971",
        "Groves 1973",
        "Edelman, Ostrovsky and Schwarz (2007)",
        "Varian (2007)",
        "`auctions.slot_and_price`",
    ):
        assert name in text
    values = np.array([[4.0, 2.0, 1.0]])
    slot, price = auctions.slot_and_price(10, values, (200, 199))
    assert price[0] == pytest.approx(auctions.gsp_equilibrium_prices([10, 4, 2, 1], (200, 199))[0])


def test_example_the_eos_numbers_and_who_keeps_its_bid() -> None:
    assert (
        "10, 4 and 2 CNY" in CELLS["example-intro"] and "200 clicks an hour, slot 2 gets 199" in CELLS["example-intro"]
    )
    assert leg3.EXAMPLE_VALUES == (10, 4, 2) and leg3.EXAMPLE_CLICKS == (200, 199)
    text = CELLS["example-notice"]
    assert "A pays 4 CNY a click in slot 1" in text and "pay only C's 2 CNY" in text
    assert "B shades its bid to 2.01 CNY" in text and "800 CNY an hour" in text and "1,198 at truthful bids" in text
    table, keeps = leg3.worked_auction(), leg3.who_keeps_its_bid()
    assert (
        table.loc["A", "GSP price at truthful bids (CNY)"] == 4
        and table.loc["B", "GSP price at truthful bids (CNY)"] == 2
    )
    assert keeps.loc[("truthful", "A"), "keeps its bid"] == "no"
    assert keeps.loc[("truthful", "A"), "best other choice"] == "slot 2"
    assert table.loc["B", "equilibrium bid (CNY)"] == pytest.approx(2.01)
    assert table.loc["A", "GSP price at equilibrium bids (CNY)"] == pytest.approx(2.01)
    assert (keeps["keeps its bid"].loc["equilibrium"] == "yes").all()
    revenue = table.loc["revenue (CNY an hour)"]
    assert revenue["GSP price at equilibrium bids (CNY)"] == pytest.approx(800) == revenue["VCG price (CNY)"]
    assert revenue["GSP price at truthful bids (CNY)"] == pytest.approx(1198)


def test_example_notice_b_is_exactly_indifferent_at_the_lowest_bids() -> None:
    assert "B is exactly indifferent" in CELLS["example-notice"]
    b_here = 199 * (4 - 2)
    b_above = 200 * (4 - float(auctions.gsp_equilibrium_prices(leg3.EXAMPLE_VALUES, leg3.EXAMPLE_CLICKS)[0]))
    assert b_here == pytest.approx(b_above)
    assert "Had it bid less, A would pay less for slot 1, and B would rather have A's slot" in CELLS["example-notice"]
    assert b_here < 200 * (4 - 2.0)  # a lower price for slot 1: B would envy A


def test_bidders_intro_the_panels_slots_are_the_traffic_models() -> None:
    assert "0.10, 0.06 and 0.04 clicks per impression" in CELLS["bidders-intro"]
    assert leg3.CTRS == traffic.SLOT_CTRS == (0.10, 0.06, 0.04)


def test_bidders_notice_free_with_one_prices_climb_gsp_above_vcg_except_the_last_slot() -> None:
    text = CELLS["bidders-notice"]
    assert "With one advertiser every slot is free" in text and "Prices climb as advertisers join" in text
    assert "In slot 3 both rules charge the first loser's value, so they are one line" in text
    frame = leg3.auction_prices(1, 10, 12)
    assert (frame.loc[frame["bidders"] == 1, "price_per_click_cny"] == 0).all()
    line = lambda slot, rule: frame[(frame["slot"] == slot) & (frame["rule"] == rule)].set_index("bidders")  # noqa: E731
    top = line(1, leg3.EQUILIBRIUM)["price_per_click_cny"]
    assert top[2] < top[4] < top[8] < top[12]
    for slot in (1, 2):
        truthful, vcg = line(slot, leg3.TRUTHFUL), line(slot, leg3.EQUILIBRIUM)
        later = truthful.index > slot
        assert (truthful.loc[later, "price_per_click_cny"] > vcg.loc[later, "price_per_click_cny"]).all()
    assert set(frame.loc[frame["slot"] == 3, "rule"]) == {f"{leg3.TRUTHFUL} = {leg3.EQUILIBRIUM}"}


def test_bidders_notice_truthful_bids_overstate_revenue_and_a_crowd_makes_clicks_dear() -> None:
    assert "the revenues agree" in CELLS["bidders-notice"] and "the more the platform" in CELLS["bidders-notice"]
    crowded, thin = leg3.auction_prices(1, 10, 12).iloc[0], leg3.auction_prices(1, 10, 4).iloc[0]
    assert crowded[f"revenue_{leg3.TRUTHFUL}"] > crowded[f"revenue_{leg3.EQUILIBRIUM}"]
    assert crowded[f"revenue_{leg3.EQUILIBRIUM}"] > thin[f"revenue_{leg3.EQUILIBRIUM}"]
    values = np.random.default_rng(0).uniform(1, 10, size=8)
    assert auctions.revenue(auctions.gsp_equilibrium_prices(values, leg3.CTRS), leg3.CTRS) == pytest.approx(
        auctions.revenue(auctions.vcg_prices(values, leg3.CTRS), leg3.CTRS)
    )


def test_exercise_statements_use_the_models_figures() -> None:
    m = FURNITURE
    assert "8,000 clicks a month" in CELLS["ex1"] and "30,000 CNY" in CELLS["ex1"] and "22.5 CNY" in CELLS["ex1"]
    assert "60,000 CNY" in CELLS["ex1"] and "half of them" in CELLS["ex1"]
    assert (m.click_volume, m.paid_budget_cny, m.lead_value, m.team_cost_cny, m.h5_share) == (
        8000,
        30000,
        22.5,
        60000,
        0.5,
    )
    assert "8,000 clicks" in CELLS["ex3"]
    for cell in ("ex4", "ex5"):
        assert "8, 5, 3 and 1 CNY" in CELLS[cell]
    assert leg3.EX4_VALUES == (8, 5, 3, 1) and "0.2 and 0.1 clicks per impression" in CELLS["ex4"]
    assert "500 simulated paths of 36 months" in CELLS["pandas-intro"]


def test_ex3_solution_the_breakeven_is_just_above_the_articles_half() -> None:
    share = leg3.WORKBOOK.questions[3].expected()
    assert "just above the half" in leg3.WORKBOOK.questions[3].working()
    assert FURNITURE.h5_share < share < 0.6


def test_ex7_and_ex8_solutions_as_stated() -> None:
    assert "less than two thirds of the team" in leg3.WORKBOOK.questions[7].working()
    assert -20000 + FURNITURE.team_cost_cny == pytest.approx(2 / 3 * FURNITURE.team_cost_cny)
    assert "paid traffic still pays the team" in leg3.WORKBOOK.questions[8].working()
    months = funnel.lead_months(FURNITURE)
    assert months.loc[months["source"] == traffic.PAID, "profit_cny"].min() > 0


def test_takeaways_free_sharing_can_earn_about_as_much_and_still_lose_in_most_months() -> None:
    assert "can earn about as much on average and still lose money in most months" in CELLS["takeaways"]
    frame = fan()
    paid, viral = stats(frame, traffic.PAID), stats(frame, traffic.VIRAL)
    assert viral["losing_share"] > 0.5
    assert abs(viral["mean_profit_cny"] - paid["mean_profit_cny"]) < 0.1 * FURNITURE.team_cost_cny


def test_ex6_the_student_panel_runs_fewer_auctions_per_point_as_stated() -> None:
    assert "50 per point" in CELLS["ex6"] and leg3.YOUR_DRAWS == 50 < leg3.AUCTION_DRAWS
    assert "on the same simulated auctions" in CELLS["ex6"]


def test_the_glossary_is_linked_by_lesson_and_this_lessons_words_close_it() -> None:
    assert "[lesson 00](00_introduction.ipynb)" in CELLS["title"] and "#glossary" not in CELLS["title"]
    assert CELLS["words"] == "lesson.glossary()"
