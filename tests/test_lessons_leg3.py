"""Lesson 03: the panels respond, the site grid matches the live panel, the checks explain."""

from __future__ import annotations

import pytest
from lessons_support import assert_every_slider_moves_the_chart, assert_grid_matches_live, grid_rows

from o2o_models import traffic
from o2o_models.lessons import leg3


@pytest.mark.parametrize("factory", leg3.PANELS, ids=lambda f: f.__name__)
def test_every_slider_of_every_panel_changes_the_chart_or_its_summary(factory) -> None:
    assert_every_slider_moves_the_chart(factory)


def test_the_site_grid_holds_what_the_live_panel_computes() -> None:
    assert_grid_matches_live(leg3.traffic_panel(), grid_rows(leg3.fan_site_chart()),
                             {"paid_budget_cny": 30000, "h5_share": 0.25}, "p50")


def test_sending_clicks_to_h5_lowers_the_paid_median() -> None:
    low = leg3.lead_fan(20000, 4000, 1.0, 0.5, 0.0)
    high = leg3.lead_fan(20000, 4000, 1.0, 0.5, 1.0)
    paid = lambda f: f[f["source"] == traffic.PAID]["p50"].mean()
    assert paid(high) < paid(low)


def test_the_renovation_preset_applies() -> None:
    panel = leg3.traffic_panel()
    panel.preset.value = "renovation"
    assert panel.values["paid_budget_cny"] == leg3.scenario("renovation")["paid_budget_cny"]


def test_the_worked_auction_matches_the_textbook_example() -> None:
    table = leg3.worked_auction()
    assert table.loc[1, "GSP price (CNY)"] == 4 and table.loc[1, "VCG price (CNY)"] == 3
    assert table.loc["revenue per impression", "GSP price (CNY)"] >= table.loc["revenue per impression", "VCG price (CNY)"]


def test_checks_accept_the_model_answer_and_explain_a_wrong_one() -> None:
    assert leg3.check_gsp_top_price(5).correct and not leg3.check_gsp_top_price(8).correct
    assert leg3.check_vcg_top_price(4).correct
    assert leg3.check_h5_leads(6500).correct
    assert "too high" in leg3.check_h5_leads(10000).message
    worst = leg3.worst_months(leg3.furniture_months()).loc[traffic.VIRAL]
    assert leg3.check_worst_viral_month(worst).correct
    assert "sign" in leg3.check_worst_viral_month(-worst).message
