"""Lesson 03: every panel responds to its controls and presets, the site chart holds what the live panel
computes, the auction panel draws a student's bid rule, and every sentence of the lesson that states a number
or a direction is checked here against the models, cell by cell (the cell ids of
notebooks/03_leg3_stable_traffic.ipynb)."""

from __future__ import annotations

import inspect
import re

import numpy as np
import pandas as pd
import pytest
from claims import claim, find_claim, summary_claim
from lessons_support import (
    LESSONS,
    ROOT,
    assert_every_slider_moves_the_chart,
    assert_grid_matches_live,
    assert_no_warning,
    chart_rows,
    grid_rows,
    lesson_cells,
    solution_text,
)

from o2o_models import auctions, funnel, traffic
from o2o_models.interactive.gridchart import MAX_GRID_ROWS
from o2o_models.lessons import leg3
from o2o_models.lessons.leg3.bidding import (
    AUCTION_DRAWS,
    CTRS,
    EQUILIBRIUM,
    EXAMPLE_CLICKS,
    EXAMPLE_VALUES,
    PARTLY,
    RULE_STYLES,
    TRUTHFUL,
    YOUR_DRAWS,
    YOURS,
    _ranked_values,
    auction_prices,
)
from o2o_models.lessons.leg3.leads import BIG_TICKET, NAMES, fan_site_chart, fan_summary, lead_fan
from o2o_models.lessons.leg3.workbook import _equilibrium_bids_by_hand
from o2o_models.scenarios import SCENARIOS, load_scenarios, merchant

NOTEBOOK = LESSONS["leg3"]
CELLS = lesson_cells(NOTEBOOK)
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
    return lead_fan(**{**DEFAULTS, **changes})


def stats(frame: pd.DataFrame, source: str) -> pd.Series:
    return frame[frame["source"] == source].iloc[0]


def band(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    return frame.loc[frame["source"] == source, ["month", *traffic.QUANTILES]].reset_index(drop=True)


def paid_months(m=FURNITURE) -> pd.DataFrame:
    months = funnel.lead_months(m, n_paths=funnel.PATHS)
    return months[months["source"] == traffic.PAID]


def said(cell_id: str, template: str):
    """The claim ``template`` locates in this lesson's cell ``cell_id``."""
    return claim(NOTEBOOK, cell_id, template)


def worked(number: int, template: str):
    """The claim ``template`` locates in the worked solution of exercise ``number``."""
    return find_claim(f"{NOTEBOOK} (solution)", f"ex{number}", solution_text(leg3, number), template)


def source_of(parameter: str) -> str:
    """The furniture showroom's source for one figure, from data/scenarios.csv."""
    rows = load_scenarios()
    return rows.loc[(rows["scenario"] == "furniture") & (rows["parameter"] == parameter), "source"].item()


def months_of(**changes) -> pd.DataFrame:
    """The showroom's simulated months (`funnel.lead_months`, the panel's paths), with some figures changed."""
    return funnel.lead_months(FURNITURE.replace(**changes), n_paths=funnel.PATHS)


def losing(months: pd.DataFrame, source: str) -> float:
    return float((months.loc[months["source"] == source, "profit_cny"] < 0).mean())


def leads(months: pd.DataFrame, source: str) -> np.ndarray:
    return months.loc[months["source"] == source, "leads"].to_numpy()


def paid(months: pd.DataFrame) -> pd.DataFrame:
    return months[months["source"] == traffic.PAID]


def right_bids(values, ctrs):
    return _equilibrium_bids_by_hand(values, ctrs)


# Panels ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("factory", leg3.PANELS, ids=lambda f: f.__name__)
def test_every_slider_of_every_panel_changes_the_chart_or_its_summary(factory) -> None:
    assert_every_slider_moves_the_chart(factory)


@pytest.mark.parametrize("name", BIG_TICKET)
def test_each_preset_loads_that_merchants_figures(name) -> None:
    panel = leg3.traffic_panel()
    panel.preset.value = name
    assert panel.values["merchant"] == name
    for key, value in panel.values.items():
        if key != "merchant":
            assert value == pytest.approx(merchant(name).values()[key])
    assert_no_warning(panel)
    assert NAMES[name] in panel.status.value


def test_the_traffic_panel_draws_the_funnels_lead_months() -> None:
    panel = leg3.traffic_panel()
    rows = pd.DataFrame(chart_rows(panel))
    months = funnel.lead_months(FURNITURE, n_paths=funnel.PATHS)
    expected = traffic.lead_fan(months).round(0)
    expected["source"] = expected["source"].astype(str)
    merged = rows.merge(expected, on=["month", "source"])
    assert len(merged) == 2 * funnel.HORIZON
    np.testing.assert_allclose(merged["p50_x"], merged["p50_y"])
    risk = traffic.losing_month_probability(months).set_index("source")
    summary = "Paid traffic loses money in {} of months (mean {} CNY a month); free sharing in {} (expected {} CNY)"
    summary_claim("traffic_panel", panel.status.value, summary).states(
        risk.loc[traffic.PAID, "losing_share"],
        risk.loc[traffic.PAID, "mean_profit_cny"],
        risk.loc[traffic.VIRAL, "losing_share"],
        funnel.viral_gain(FURNITURE),
    )


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
    summary_claim("traffic_panel", panel.status.value, "A lead is worth {} CNY to the renovation firm").states(worth)


@pytest.fixture(scope="module")
def site_chart():
    return fan_site_chart()


@pytest.mark.slow  # builds the site's grid of every slider position
def test_the_site_grid_holds_what_the_live_panel_computes(site_chart) -> None:
    assert_grid_matches_live(
        leg3.traffic_panel(),
        grid_rows(site_chart),
        {"paid_budget_cny": 24000, "trust": 0.7, "h5_share": 0.25},  # a point of the site's grid
        "p50",
    )


@pytest.mark.slow  # builds the site's grid of every slider position
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
    assert fan_summary(fan()).replace("<b>", "").replace("</b>", "") in spec["description"]
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
        assert set(rows["rule"]) <= set(RULE_STYLES)
        styles = list(RULE_STYLES.values())
        assert len({str(dash) for _, dash in styles}) == len({colour for colour, _ in styles}) == len(styles)
        shapes = panel.chart.spec["layer"][0]["encoding"]["shape"]  # and the slots differ by point shape
        assert shapes["field"] == "slot_name" and len(set(shapes["scale"]["range"])) == len(CTRS)


def test_a_students_bid_rule_is_drawn_on_the_same_auctions_and_a_right_one_lies_on_the_vcg_line() -> None:
    assert leg3.check(6, right_bids).correct
    panel = leg3.auction_panel(your_bids=right_bids)
    assert lines(panel) == {(k, f"{EQUILIBRIUM} = {YOURS}") for k in (1, 2, 3)}
    assert "your bids under GSP: top slot" in panel.status.value


def test_a_wrong_bid_rule_is_drawn_apart_and_an_unfinished_one_is_explained() -> None:
    truthful = leg3.auction_panel(your_bids=lambda values, ctrs: values)
    assert {(1, YOURS), (1, EQUILIBRIUM), (3, PARTLY)} <= lines(truthful)  # not called the equilibrium
    for unfinished, words in (
        (lambda values, ctrs: ..., "returns nothing yet"),
        (lambda values, ctrs: None, "returns nothing yet"),
        (lambda values, ctrs: 1 / 0, "does not draw yet"),
        (lambda values, ctrs: values[:1], "does not draw yet"),
    ):
        panel = leg3.auction_panel(your_bids=unfinished)
        assert f"Your bid rule {words}" in panel.status.value
        assert lines(panel) == {(k, EQUILIBRIUM) for k in (1, 2, 3)}


def test_the_student_panel_uses_the_draws_of_prices_by_bidders() -> None:
    draws = _ranked_values(1, 10, 3, YOUR_DRAWS)
    built = auctions.prices_by_bidders(
        max_bidders=3, ctrs=CTRS, value_low=1, value_high=10, n_draws=YOUR_DRAWS, seed=funnel.SEED
    )
    vcg = built[(built["mechanism"] == auctions.VCG) & (built["bidders"] == 3)]["price_per_click_cny"].to_numpy()
    mine = np.mean([auctions.vcg_prices(values, CTRS) for values in draws[3]], axis=0)
    np.testing.assert_allclose(mine, vcg)


def test_the_lessons_helpers_stay_out_of_tab_completion() -> None:
    assert "WORKBOOK" not in dir(leg3) and "_paid_month" not in dir(leg3)
    assert {"check", "hint", "solution", "traffic_panel", "auction_panel", "source"} <= set(dir(leg3))


# The lesson's claims, cell by cell -----------------------------------------------------------------


def test_title_a_furniture_coupon_almost_nobody_prepays_and_a_team_of_60000() -> None:
    said("title", "almost no stranger prepays a {} CNY coupon").states(FURNITURE.voucher_price)
    said("title", "{} stranger prepays").states(FURNITURE.prepay_share)
    said("title", "the team costs {} CNY every month").states(FURNITURE.team_cost_cny)
    text = CELLS["title"]
    assert "(02_leg2_operations_team.ipynb)" in text and "00 → 01 → 02 → 03 → 04" in text


def test_leads_read_the_showrooms_lead_and_the_leads_it_needs_for_its_team() -> None:
    m = FURNITURE
    said("leads-read", "{} of leads would visit at full trust, trust is {}, {} of visits end in an order").states(
        m.max_visit_rate, m.trust, m.close_rate
    )
    said("leads-read", "an order earns {} CNY, so a lead is worth {} CNY").states(m.full_margin, m.lead_value)
    said("leads-read", "The team costs {} CNY a month: the showroom needs {} leads a month").states(
        m.team_cost_cny, m.team_cost_cny / m.lead_value
    )


def test_sources_intro_each_source_has_its_own_random_stream() -> None:
    said("sources-intro", "Each source draws from its own random stream").states()
    low, high = (funnel.lead_months(FURNITURE.replace(paid_budget_cny=b), n_paths=50) for b in (10000, 30000))
    viral = lambda f: f.loc[f["source"] == traffic.VIRAL, "leads"].to_numpy()  # noqa: E731
    np.testing.assert_array_equal(viral(low), viral(high))


def test_sources_funnel_the_showroom_wins_the_top_slot_in_the_months_model_cell() -> None:
    assert "np.random.default_rng(1)" in CELLS["sources-auction"]
    rivals = np.random.default_rng(1).uniform(
        FURNITURE.rival_value_low_cny, FURNITURE.rival_value_high_cny, size=(1, FURNITURE.rival_bidders)
    )
    slot, _ = auctions.slot_and_price(FURNITURE.lead_value, rivals, traffic.SLOT_CTRS)
    said("sources-funnel", "The showroom wins the top slot: a click is worth far more").states()
    assert slot.tolist() == [1]
    assert FURNITURE.lead_value > 3 * FURNITURE.rival_value_high_cny
    default_paths = inspect.signature(funnel.lead_months).parameters["n_paths"].default
    assert default_paths == funnel.PATHS
    said("sources-funnel", "({} paths of {} months, `funnel.PATHS`, the same in every lesson").states(
        default_paths, funnel.HORIZON
    )


def test_sources_notice_paid_never_loses_free_sharing_mostly_does_with_about_the_same_mean() -> None:
    months = months_of()
    said("sources-notice", "paid traffic loses money in {} month, while free sharing loses in {} of all months").states(
        losing(months, traffic.PAID), losing(months, traffic.VIRAL)
    )
    paid_mean = paid(months)["profit_cny"].mean()
    viral_mean = funnel.viral_gain(FURNITURE)
    said(
        "sources-notice", "on average paid traffic earns {} CNY a month, and free sharing is expected to earn {}"
    ).states(paid_mean, viral_mean)
    expected_viral = FURNITURE.viral_mean_leads * funnel.mean_lead_value(FURNITURE) - FURNITURE.team_cost_cny
    assert viral_mean == pytest.approx(expected_viral)


def test_sources_notice_gives_the_sample_mean_a_student_computes_beside_free_sharings_expectation() -> None:
    months = months_of()
    sampled = months.loc[months["source"] == traffic.VIRAL, "profit_cny"].mean()
    said("sources-notice", "the {} simulated paths average {} CNY").states(months["path"].nunique(), sampled)
    assert abs(sampled - funnel.viral_gain(FURNITURE)) > 500  # far enough apart that a student asks why


def test_sources_notice_the_volume_not_the_budget_sets_the_paid_clicks() -> None:
    volume = FURNITURE.click_volume * (1 - FURNITURE.h5_share)
    said("sources-notice", "the showroom buys the slot's {} clicks every month").states(volume)
    months = paid(months_of())
    assert (months["price_per_click_cny"] * volume <= FURNITURE.paid_budget_cny).all()
    assert months["price_per_click_cny"].std() > 0.2  # the price does move from month to month


def test_sources_notice_above_24000_the_budget_buys_almost_nothing_more() -> None:
    volume = FURNITURE.click_volume * (1 - FURNITURE.h5_share)
    enough = FURNITURE.rival_value_high_cny * volume
    said("sources-notice", "Above {} CNY the budget buys almost nothing more").states(enough)
    dearest = said("sources-notice", "no click costs {} CNY, the rivals' highest value").figures()[0]
    assert dearest.value == FURNITURE.rival_value_high_cny
    prices = paid(months_of())["price_per_click_cny"]
    assert not any(dearest.holds(price) for price in prices)  # "no click costs more than 6 CNY"
    said("sources-notice", "so {} CNY buys the {} clicks the slot delivers on average").states(enough, volume)
    bought = paid(months_of(paid_budget_cny=enough))["leads"].mean()
    assert bought == pytest.approx(volume, rel=1e-4)
    more = paid(months_of(paid_budget_cny=60000))["leads"].mean()
    assert bought < more < bought * 1.0001, "a larger budget buys only a lucky month's few extra clicks"
    assert paid(months_of(paid_budget_cny=enough - 2000))["leads"].mean() < volume


def test_sources_notice_the_paid_bands_steadiness_is_assumed_until_its_clicks_swing() -> None:
    said("sources-notice", "the slot's clicks vary only by chance (`paid_volatility` {}").states(
        FURNITURE.paid_volatility
    )
    swing = said("sources-notice", "Give them a swing of {}, as a platform's policy")
    swing.states(0.2)
    said("sources-notice", "paid traffic loses money in {} of months; give them").states(
        losing(months_of(paid_volatility=0.2), traffic.PAID)
    )
    said("sources-notice", "give them free sharing's swing of {}").states(FURNITURE.viral_volatility)
    said("sources-notice", "it loses in as many months as free sharing").states()
    same = months_of(paid_volatility=FURNITURE.viral_volatility)
    assert losing(same, traffic.PAID) == pytest.approx(losing(same, traffic.VIRAL), abs=0.01)


def test_margin_notice_paid_clicks_add_to_free_sharing_and_one_team_never_loses() -> None:
    team = funnel.one_team(FURNITURE)
    said("margin-notice", "the paid clicks add {} CNY a month").states(team["paid_margin_cny"])
    said("margin-notice", "in the worst simulated month they add {}").states(team["worst_paid_margin_cny"])
    said("margin-notice", "every click earns more than its price").states()
    assert (paid(months_of())["price_per_click_cny"] < FURNITURE.lead_value).all()
    said("margin-notice", "One team working both sources loses money in {} month").states(team["losing_share"])
    months = months_of()
    both = paid(months)["profit_cny"].to_numpy() + FURNITURE.team_cost_cny
    both += months.loc[months["source"] == traffic.VIRAL, "profit_cny"].to_numpy()
    assert (both < 0).mean() == team["losing_share"]


def test_sources_notice_a_small_budget_or_a_larger_h5_share_breaks_stable() -> None:
    sentence = said("sources-notice", "At a budget of {} CNY, or with {} of the clicks sent to H5 pages")
    budget, h5 = (figure.value for figure in sentence.figures())
    said("sources-notice", "sent to H5 pages, paid traffic loses money in {} months").states(
        losing(months_of(paid_budget_cny=budget), traffic.PAID)
    )
    said("sources-notice", "sent to H5 pages, paid traffic loses money in {} months").states(
        losing(months_of(h5_share=h5), traffic.PAID)
    )


def test_sources_notice_reviews_raise_trust_and_paid_traffics_gain_slowly() -> None:
    reviewed = FURNITURE.replace(review_rate=0.05)
    trust = funnel.leg1_months(reviewed)["trust"].to_numpy()
    sentence = (
        "With a review rate of {} instead of the scenarios' illustrative {}, trust rises from {} to {} after {} months"
    )
    said("sources-notice", sentence).states(
        reviewed.review_rate, FURNITURE.review_rate, FURNITURE.trust, trust[-1], funnel.HORIZON
    )
    assert {merchant(name).review_rate for name in SCENARIOS} == {FURNITURE.review_rate}
    said("sources-notice", "paid traffic earns {} CNY a month instead of {}").states(
        paid(months_of(review_rate=0.05))["profit_cny"].mean(), paid(months_of())["profit_cny"].mean()
    )
    assert trust[-1] - trust[0] < 0.02  # "its reviews build trust slowly"
    assert funnel.reviewed_lead_value(reviewed)[-1] > FURNITURE.lead_value


def test_sources_notice_trust_at_04_a_stable_loss_and_at_01_no_slot_in_most_months() -> None:
    trust = said("sources-notice", "At trust {} paid traffic loses money in {} month: stable")
    low = months_of(trust=trust.figures()[0].value)
    trust.states(0.4, losing(low, traffic.PAID))
    assert losing(low, traffic.PAID) > losing(low, traffic.VIRAL)  # "stable, but a stable loss"
    lowest = FURNITURE.replace(trust=0.1)
    said("sources-notice", "At trust {} a lead is worth {} CNY, less than many rivals").states(
        lowest.trust, lowest.lead_value
    )
    assert lowest.lead_value < FURNITURE.rival_value_high_cny
    said("sources-notice", "the showroom wins no slot in {} months").states(
        (paid(months_of(trust=0.1))["slot"] == 0).mean()
    )


def test_sources_notice_rivals_raise_the_price_then_push_the_showroom_down_the_page() -> None:
    price = lambda months: paid(months).loc[lambda f: f["slot"] > 0, "price_per_click_cny"].mean()  # noqa: E731
    base, crowded = price(months_of()), price(months_of(rival_bidders=30))
    said("sources-notice", "More rival bidders {~} the price per click a little").states(crowded - base)
    assert crowded < 1.25 * base  # "a little"
    said("sources-notice", "at a highest value of {} CNY {} paid month loses money").states(
        20, losing(months_of(rival_value_high_cny=20), traffic.PAID)
    )
    assert price(months_of(rival_value_high_cny=20)) > 2 * base  # "raise it a lot"
    said("sources-notice", "At {} CNY they push the showroom down the page, or off it, in {} months").states(
        30, (paid(months_of(rival_value_high_cny=30))["slot"] != 1).mean()
    )


def test_sources_notice_the_bands_move_only_with_their_own_source() -> None:
    said("sources-notice", "each source has its own random stream").states()
    base = months_of()
    for changes in ({"paid_budget_cny": 12000}, {"h5_share": 0.9}, {"rival_bidders": 3}):
        np.testing.assert_array_equal(leads(months_of(**changes), traffic.VIRAL), leads(base, traffic.VIRAL))
    np.testing.assert_array_equal(leads(months_of(viral_mean_leads=500), traffic.PAID), leads(base, traffic.PAID))


def test_h5_notice_barely_enough_before_the_split_a_chicken_rib_after() -> None:
    none, half, sixty = (paid(months_of(h5_share=share)) for share in (0.0, FURNITURE.h5_share, 0.6))
    said("h5-notice", 'The article puts "勉强应付" (barely enough) *before* the split').states()
    assert "原本流量数还能勉强应付的广点通，顿时成了鸡肋" in CELLS["h5-intro"]  # 原本: before; 顿时: at once, after
    said("h5-notice", "With no split the budget, not the volume, limits the clicks").states()
    assert none["leads"].mean() < FURNITURE.click_volume
    said("h5-notice", "paid traffic earns {} times what it earns at the article's {}").states(
        none["profit_cny"].mean() / half["profit_cny"].mean(), FURNITURE.h5_share
    )
    assert "illustrative" in source_of("click_volume")
    said("h5-notice", "At {}, the slot's clicks still pay the team, with little to spare").states(FURNITURE.h5_share)
    assert 0 < half["profit_cny"].mean() < 0.25 * FURNITURE.team_cost_cny
    assert (half["profit_cny"] < 0).mean() < 0.05
    said("h5-notice", "Ten points more and paid traffic, charged the whole team, loses money in {} month").states(
        (sixty["profit_cny"] < 0).mean()
    )
    said("h5-notice", "its clicks still add {} CNY a month").states(
        funnel.one_team(FURNITURE.replace(h5_share=0.6))["paid_margin_cny"]
    )


def test_h5_notice_a_split_arriving_in_month_13_leaves_paid_traffic_between_the_two() -> None:
    sudden = said("h5-notice", "Let it arrive in month {}")
    month = int(sudden.figures()[0].value)
    later = paid(months_of(h5_split_month=month))
    said("h5-notice", "paid traffic earns {} CNY a month over the {} months").states(
        later["profit_cny"].mean(), funnel.HORIZON
    )
    before = later[later["month"] < month]["profit_cny"].mean()
    after = later[later["month"] >= month]["profit_cny"].mean()
    assert after < later["profit_cny"].mean() < before


def test_h5_notice_the_half_is_the_articles_picture_labelled_illustrative() -> None:
    said("h5-notice", "The half is the article's picture").states()
    assert source_of("h5_share").startswith("illustrative")
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    cited = readme[readme.index("- **Cited**") : readme.index("- **Illustrative**")]
    assert "h5_share" not in cited and "`h5_share`" in readme


def test_h5_notice_at_sixty_percent_more_budget_changes_nothing() -> None:
    sixty = said("h5-notice", "At an H5 share of {} the showroom spends {~} than its budget")
    share = sixty.figures()[0].value
    sixty.states(0.6, paid(months_of(h5_share=share))["spend_cny"].mean() - FURNITURE.paid_budget_cny)
    said("h5-notice", "a bigger budget changes nothing").states()
    np.testing.assert_array_equal(
        leads(months_of(h5_share=share), traffic.PAID),
        leads(months_of(h5_share=share, paid_budget_cny=60000), traffic.PAID),
    )


def test_auction_intro_credits_and_the_traffic_model_charges_the_equilibrium_price() -> None:
    said("auction-intro", "the rule Google brought to search advertising in {}").states(2002)
    said("auction-intro", "(VCG机制; Vickrey {}, Clarke {}, Groves {})").states(1961, 1971, 1973)
    said("auction-intro", "Edelman, Ostrovsky and Schwarz ({}) and Varian ({})").states(2007, 2007)
    said("auction-intro", "Overture soon adopted").states()
    said("auction-intro", "the price the traffic model of section 2 charges").states()
    assert "`auctions.slot_and_price`" in CELLS["auction-intro"]
    values = np.array([[4.0, 2.0, 1.0]])
    slot, price = auctions.slot_and_price(10, values, (200, 199))
    assert price[0] == pytest.approx(auctions.gsp_equilibrium_prices([10, 4, 2, 1], (200, 199))[0])


def example() -> tuple[tuple[float, ...], tuple[float, ...]]:
    values = said("example-intro", "value a click at {}, {} and {} CNY").figures()
    clicks = said("example-intro", "slot 1 gets {} clicks an hour, slot 2 gets {}").figures()
    return tuple(v.value for v in values), tuple(c.value for c in clicks)


def test_example_the_eos_numbers_and_who_keeps_its_bid() -> None:
    values, clicks = example()
    assert (values, clicks) == (EXAMPLE_VALUES, EXAMPLE_CLICKS)  # the tables below use these
    truthful = auctions.gsp_prices(values, clicks)
    said("example-notice", "At truthful bids A pays {} CNY a click in slot {}").states(truthful[0], 1)
    said("example-notice", "lose {} click an hour and pay only C's {} CNY").states(clicks[0] - clicks[1], values[2])
    top, second = clicks[0] * (values[0] - truthful[0]), clicks[1] * (values[0] - values[2])
    said("example-notice", "it earns {~} there, so it does not keep its truthful bid").states(second - top)
    keeps = leg3.who_keeps_its_bid()
    assert keeps.loc[("truthful", "A"), "keeps its bid"] == "no"
    assert keeps.loc[("truthful", "A"), "best other choice"] == "slot 2"
    bids = auctions.gsp_equilibrium_bids(values, clicks)
    equilibrium = auctions.gsp_equilibrium_prices(values, clicks)
    said("example-notice", "B shades its bid to {} CNY. A then pays {} a click").states(bids[1], equilibrium[0])
    assert (keeps["keeps its bid"].loc["equilibrium"] == "yes").all()
    np.testing.assert_allclose(equilibrium, auctions.vcg_prices(values, clicks))
    said("example-notice", "the platform earns {} CNY an hour, as under VCG, against {} at truthful bids").states(
        auctions.revenue(equilibrium, clicks), auctions.revenue(truthful, clicks)
    )
    table = leg3.worked_auction()
    assert table.loc["VCG price (CNY)", "revenue (CNY an hour)"] == pytest.approx(auctions.revenue(equilibrium, clicks))


def test_example_notice_b_is_exactly_indifferent_at_the_lowest_bids() -> None:
    values, clicks = example()
    slot_one = float(auctions.gsp_equilibrium_prices(values, clicks)[0])
    said("example-notice", "B is exactly indifferent between its own slot and slot 1 at {} CNY").states(slot_one)
    b_here = clicks[1] * (values[1] - values[2])
    assert b_here == pytest.approx(clicks[0] * (values[1] - slot_one))
    said("example-notice", "Had it bid less, A would pay {~} for slot 1, and B would rather have A's slot").states(
        values[2] - slot_one
    )
    assert b_here < clicks[0] * (values[1] - values[2])  # at a lower price for slot 1, B would envy A


def test_bidders_intro_the_panels_slots_are_the_traffic_models() -> None:
    said("bidders-intro", "for three slots with {}, {} and {} clicks per impression").states(*traffic.SLOT_CTRS)
    assert CTRS == traffic.SLOT_CTRS


def prices(most: int) -> pd.DataFrame:
    return auctions.prices_by_bidders(
        max_bidders=most,
        ctrs=traffic.SLOT_CTRS,
        value_low=1,
        value_high=10,
        n_draws=AUCTION_DRAWS,
        seed=funnel.SEED,
    )


def test_bidders_notice_free_with_one_prices_climb_gsp_above_vcg_except_the_last_slot() -> None:
    frame = prices(12)
    line = lambda slot, rule: frame[(frame["slot"] == slot) & (frame["mechanism"] == rule)].set_index("bidders")  # noqa: E731
    said("bidders-notice", "With {} advertiser every slot is free").states(1)
    assert (frame.loc[frame["bidders"] == 1, "price_per_click_cny"] == 0).all()
    top = line(1, auctions.VCG)["price_per_click_cny"]
    said("bidders-notice", "Prices {~} as advertisers join").states(np.diff(top.loc[[2, 4, 8, 12]]).min())
    for slot in (1, 2):
        truthful, vcg = line(slot, auctions.GSP_TRUTHFUL), line(slot, auctions.VCG)
        later = truthful.index > slot
        gap = truthful.loc[later, "price_per_click_cny"] - vcg.loc[later, "price_per_click_cny"]
        said("bidders-notice", "At truthful bids GSP's line lies {~} VCG's in slots {} and {}").states(gap.min(), 1, 2)
    last = line(3, auctions.GSP_TRUTHFUL)["price_per_click_cny"] - line(3, auctions.VCG)["price_per_click_cny"]
    said("bidders-notice", "In slot {} both rules charge the first loser's value, so they are one line").states(3)
    np.testing.assert_allclose(last, 0, atol=1e-9)


def test_bidders_notice_truthful_bids_overstate_revenue_and_a_crowd_makes_clicks_dear() -> None:
    crowded, thin = auction_prices(1, 10, 12).iloc[0], auction_prices(1, 10, 4).iloc[0]
    said("bidders-notice", "Truthful bids overstate what a GSP platform earns").states()
    assert crowded[f"revenue_{TRUTHFUL}"] > crowded[f"revenue_{EQUILIBRIUM}"]
    said("bidders-notice", "the revenues agree").states()
    values = np.random.default_rng(0).uniform(1, 10, size=8)
    assert auctions.revenue(auctions.gsp_equilibrium_prices(values, CTRS), CTRS) == pytest.approx(
        auctions.revenue(auctions.vcg_prices(values, CTRS), CTRS)
    )
    said("bidders-notice", "the {~} merchants want steady traffic, the {~} the platform that sells it earns").states(
        12 - 4, crowded[f"revenue_{EQUILIBRIUM}"] - thin[f"revenue_{EQUILIBRIUM}"]
    )


def test_exercise_statements_use_the_models_figures() -> None:
    m = FURNITURE
    said("ex1", "The slot delivers {} clicks a month, but the H5 split sends {} of them to H5 pages").states(
        m.click_volume, m.h5_share
    )
    said("ex1", "Its budget is {} CNY a month, a lead is worth {} CNY and the team costs {} CNY").states(
        m.paid_budget_cny, m.lead_value, m.team_cost_cny
    )
    said("ex3", "a fraction of the slot's {} clicks").states(m.click_volume)
    bids = [figure.value for figure in said("ex4", "Four advertisers bid {}, {}, {} and {} CNY").figures()]
    values = [figure.value for figure in said("ex5", "value a click at {}, {}, {} and {} CNY").figures()]
    clicks = [figure.value for figure in said("ex4", "two slots that get {} and {} clicks per impression").figures()]
    assert values == bids  # "the same four advertisers"
    assert leg3.check(4, round(float(auctions.gsp_prices(bids, clicks)[0]), 2)).correct
    assert leg3.check(5, round(float(auctions.gsp_equilibrium_prices(values, clicks)[0]), 2)).correct
    said("pandas-intro", "the showroom's {} simulated paths of {} months").states(
        inspect.signature(funnel.lead_months).parameters["n_paths"].default, funnel.HORIZON
    )


def test_ex3_solution_the_breakeven_is_just_above_the_articles_half() -> None:
    price = said("ex3", "Keep the price at {} CNY a click").figures()[0].value
    share = 1 - FURNITURE.team_cost_cny / (FURNITURE.click_volume * (FURNITURE.lead_value - price))
    assert leg3.check(3, round(share, 2)).correct
    worked(3, "So h* = 1 − 60,000 / (8,000 × 17.5), {}:").states(share)
    worked(3, "just above the {} of the article's picture, 截成了两半 (cut in two)").states(FURNITURE.h5_share)
    assert FURNITURE.h5_share < share < 0.6


def test_ex7_and_ex8_solutions_as_stated() -> None:
    months = funnel.lead_months(FURNITURE)
    viral = months.loc[months["source"] == traffic.VIRAL, "profit_cny"]
    paid_for = (viral[viral < -20000] + FURNITURE.team_cost_cny) / FURNITURE.team_cost_cny  # the leads' share
    worked(7, "{}: in that share of months the free leads pay for {} of the team").states(
        (viral < -20000).mean(), paid_for.max()
    )
    worst = months.loc[months["source"] == traffic.PAID, "profit_cny"].min()
    worked(8, "{} CNY ({} to the yuan)").states(worst, worst)
    worked(8, "the yuan): in the worst of its {} × {} simulated months paid traffic still pays the team").states(
        funnel.HORIZON, inspect.signature(funnel.lead_months).parameters["n_paths"].default
    )
    assert worst > 0
    worked(8, "free sharing's worst month loses {} CNY").states(-viral.min())


def test_takeaways_free_sharing_alone_loses_in_most_months_and_one_team_adds_the_clicks() -> None:
    said("takeaways", "costs nothing and still loses money in {} months when it must pay the team alone").states(
        losing(months_of(), traffic.VIRAL)
    )
    said("takeaways", "the merchant buys clicks while a click earns more than it costs").states()
    assert funnel.one_team(FURNITURE)["worst_paid_margin_cny"] > 0
    said("takeaways", "Free and paid leads add up").states()


def test_ex6_the_student_panel_runs_fewer_auctions_per_point_as_stated() -> None:
    said("ex6", "on the same simulated auctions ({} per point").states(YOUR_DRAWS)
    assert YOUR_DRAWS < AUCTION_DRAWS


def test_the_glossary_is_linked_by_lesson_and_this_lessons_words_close_it() -> None:
    assert "(00_introduction.ipynb)" in CELLS["title"] and "#glossary" not in CELLS["title"]
    assert CELLS["words"] == "lesson.glossary()"


def test_the_auction_chart_ticks_whole_advertisers() -> None:
    axis = leg3.auction_panel().chart.spec["layer"][0]["encoding"]["x"]["axis"]
    assert axis["tickMinStep"] == 1 and axis["format"] == "d"


def test_a_traffic_summary_never_spends_more_than_the_budget_without_saying_why() -> None:
    panel = leg3.traffic_panel()
    for budget in (2000, 10000, 30000, 60000):
        panel.set_values(paid_budget_cny=budget)
        said = re.search(r"for ([\d,]+) CNY (of its|on average against its) [\d,]+ CNY budget", panel.status.value)
        spend, how = float(said.group(1).replace(",", "")), said.group(2)
        assert spend <= budget if how == "of its" else "clicks come at random" in panel.status.value


def test_the_auction_panel_with_a_students_bid_rule_has_its_title_in_chinese_in_a_chinese_lesson() -> None:
    from o2o_models import text
    from o2o_models.lessons.leg3 import bidding

    try:
        text.language("zh")
        title = text._(bidding.AUCTION_YOURS.title)
    finally:
        text.language("en")
    assert title == "竞价排名：广义第二价格拍卖 (GSP)、VCG 拍卖与你的出价规则"
