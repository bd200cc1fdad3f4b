"""Lesson 01: every panel responds to its controls and presets, the site grid matches the live panel,
the break-even table agrees with the models, and the checks accept the model's answer and explain others."""

from __future__ import annotations

import pandas as pd
import pytest
from lessons_support import assert_every_slider_moves_the_chart, assert_grid_matches_live, chart_rows, grid_rows

from o2o_models import groupbuy, membership, trust
from o2o_models.lessons import leg1
from o2o_models.scenarios import scenario


@pytest.mark.parametrize("factory", leg1.PANELS, ids=lambda f: f.__name__)
def test_every_slider_of_every_panel_changes_the_chart_or_its_summary(factory) -> None:
    assert_every_slider_moves_the_chart(factory)


@pytest.mark.parametrize("factory", leg1.PANELS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("name", leg1.PREPAID)
def test_each_preset_loads_that_merchants_values(factory, name) -> None:
    panel = factory()
    panel.preset.value = name
    for key, value in panel.values.items():
        assert value == (name if key == "merchant" else pytest.approx(scenario(name)[key]))
    assert "⚠" not in panel.status.value


def test_the_voucher_waterfall_ends_at_the_models_margin_and_names_the_rebate() -> None:
    panel = leg1.voucher_panel()
    panel.set_values(discount=0.4)
    assert chart_rows(panel)[-1]["amount_cny"] == pytest.approx(float(groupbuy.voucher_margin(200, 0.4, 0.1, 100)))
    assert "16.7%" in panel.status.value


def test_the_breakeven_rebate_zeroes_the_voucher_margin() -> None:
    rebate = leg1.breakeven_rebate(200, 0.4, 100)
    assert float(groupbuy.voucher_margin(200, 0.4, rebate, 100)) == pytest.approx(0, abs=1e-9)
    assert leg1.breakeven_rebate(200, 0.6, 100) == 0.0


def test_the_deal_marker_sits_on_the_models_profit() -> None:
    panel = leg1.deal_panel()
    panel.set_values(cannibalised_share=0.1)
    row = chart_rows(panel)[0]
    assert row["chosen_profit_cny"] == pytest.approx(float(groupbuy.deal_profit(200, 0.5, 0.1, 100, 600, 0.1, 30)))
    assert "earns" in panel.status.value


def test_a_higher_rebate_lowers_the_members_profit_curve() -> None:
    panel = leg1.members_panel()
    last = lambda: pd.DataFrame(chart_rows(panel)).query("month == @leg1.MONTHS")["cumulative_profit_cny"].sum()
    before = last()
    panel.controls["commission"].value = 0.3
    assert last() < before


def test_the_rebate_shifts_both_strategies_alike_so_members_catch_up_in_the_same_month() -> None:
    values = {"trust": 0.7, "monthly_first_visits": 300, "follow_rate": 0.3, "retention": 0.85}
    low, high = (leg1.member_profits(commission=c, **values) for c in (0.0, 0.3))
    assert leg1.catch_up_month(low) == leg1.catch_up_month(high) == 14


def test_without_followers_members_never_catch_up() -> None:
    frame = leg1.member_profits(commission=0.1, trust=0.7, monthly_first_visits=300, follow_rate=0.0, retention=0.85)
    assert leg1.catch_up_month(frame) is None


def test_the_site_grid_holds_what_the_live_panel_computes() -> None:
    assert_grid_matches_live(leg1.members_panel(), grid_rows(leg1.members_site_chart()),
                             {"commission": 0.2, "retention": 0.8}, "cumulative_profit_cny")


def test_the_site_chart_filters_its_curves_and_catch_up_line_by_both_sliders() -> None:
    layers = leg1.members_site_chart().to_dict()["layer"]
    filtered = [layer for layer in layers if "transform" in layer]
    assert [layer["mark"]["type"] for layer in filtered] == ["line", "rule"]
    assert all("commission_slider" in f["transform"][0]["filter"] and "retention_slider" in f["transform"][0]["filter"]
               for f in filtered)


def test_the_breakeven_table_agrees_with_the_models() -> None:
    table = leg1.breakeven_table()
    assert list(table.index) == list(leg1.PREPAID)
    restaurant = table.loc["restaurant"]
    assert restaurant["voucher margin (CNY)"] == float(groupbuy.voucher_margin(200, 0.5, 0.1, 100))
    assert restaurant["CLV (CNY)"] == pytest.approx(float(membership.retention_clv(15, 0.85, 0.01)), abs=1e-3)
    assert restaurant["break-even retention r*"] == pytest.approx(
        float(membership.breakeven_retention(10, 15, 0.01)), abs=1e-3)
    assert 0 < restaurant["break-even retention r*"] < restaurant["retention"]
    assert (table.loc[["cinema", "leisure"], "break-even retention r*"] == 0).all()


def test_checks_accept_the_model_answer_and_explain_a_wrong_one() -> None:
    assert leg1.check_breakeven_rebate(1 - 100 / 120).correct
    assert leg1.check_breakeven_cannibalisation(20 / 130).correct
    assert leg1.check_catch_up_month(14).correct
    assert "too low" in leg1.check_catch_up_month(13).message
    assert leg1.check_member_clv(15 * 0.85 / 0.16).correct
    assert "too low" in leg1.check_member_clv(1).message
    assert leg1.check_breakeven_retention(20 * 1.01 / 35).correct
    assert leg1.check_prepay_share(float(trust.prepay_conversion(0.9, 100, 300))).correct
    assert "percentage" in leg1.check_prepay_share(63).message
    share = float(leg1.owned_revenue_share_by_quarter().loc[4])
    assert leg1.check_owned_share_q4(share).correct
    assert "too high" in leg1.check_owned_share_q4(share * 1.5).message


def test_unanswered_exercises_say_so() -> None:
    assert leg1.check_breakeven_rebate(...).message.startswith("No answer yet")


def test_members_own_a_growing_share_of_the_restaurants_revenue() -> None:
    shares = leg1.owned_revenue_share_by_quarter()
    assert list(shares.index) == [1, 2, 3, 4]
    assert shares.is_monotonic_increasing and 0 < shares.iloc[0] < shares.iloc[-1] < 1


def test_a_bad_value_shows_in_the_status_line_not_as_a_traceback() -> None:
    panel = leg1.prepay_panel()
    panel.controls["max_valuation"].min = 0
    panel.set_values(max_valuation=0)
    assert "max_valuation=0" in panel.status.value
