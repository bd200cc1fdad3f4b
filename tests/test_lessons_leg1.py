"""Lesson 01: every panel responds to its sliders, the site grid matches the live panel, checks explain."""

from __future__ import annotations

import pandas as pd
import pytest
from lessons_support import assert_every_slider_moves_the_chart, assert_grid_matches_live, chart_rows, grid_rows

from o2o_models import groupbuy
from o2o_models.lessons import leg1

_rows = chart_rows


@pytest.mark.parametrize("factory", leg1.PANELS, ids=lambda f: f.__name__)
def test_every_slider_of_every_panel_changes_the_chart_or_its_summary(factory) -> None:
    assert_every_slider_moves_the_chart(factory)


def test_a_higher_rebate_lowers_the_members_profit_curve() -> None:
    panel = leg1.members_panel()
    last = lambda: pd.DataFrame(_rows(panel)).query("month == @leg1.MONTHS")["cumulative_profit_cny"].sum()
    before = last()
    panel.controls["commission"].value = 0.3
    assert last() < before


def test_the_site_grid_holds_what_the_live_panel_computes() -> None:
    assert_grid_matches_live(leg1.members_panel(), grid_rows(leg1.members_site_chart()),
                             {"commission": 0.2, "retention": 0.8}, "cumulative_profit_cny")


def test_presets_load_each_prepaid_merchant() -> None:
    panel = leg1.deal_panel()
    panel.preset.value = "cinema"
    assert panel.values["list_price"] == 80


def test_the_breakeven_table_agrees_with_the_models() -> None:
    table = leg1.breakeven_table()
    assert table.loc["restaurant", "voucher margin (CNY)"] == float(groupbuy.voucher_margin(200, 0.5, 0.1, 100))
    assert 0 < table.loc["restaurant", "break-even retention"] < table.loc["restaurant", "retention"]


def test_checks_accept_the_model_answer_and_explain_a_wrong_one() -> None:
    assert leg1.check_breakeven_cannibalisation(20 / 130).correct
    assert leg1.check_breakeven_retention(25 * 1.01 / 40).correct
    assert leg1.check_prepay_share(1 - 100 / 270).correct
    assert "too low" in leg1.check_member_clv(1).message
    assert leg1.check_platform_fees(float(leg1.platform_fees_by_quarter().sum())).correct


def test_a_bad_value_shows_in_the_status_line_not_as_a_traceback() -> None:
    panel = leg1.prepay_panel()
    panel.controls["max_valuation"].min = 0
    panel.set_values(max_valuation=0)
    assert "max_valuation=0" in panel.status.value
