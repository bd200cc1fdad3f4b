"""Lesson 04: the synthesis panel responds, its site grid matches it, the checks explain."""

from __future__ import annotations

import pytest
from lessons_support import assert_every_slider_moves_the_chart, assert_grid_matches_live, grid_rows

from o2o_models.lessons import synthesis


def test_every_control_changes_the_chart_or_its_summary() -> None:
    assert_every_slider_moves_the_chart(synthesis.legs_panel)


def test_the_furniture_preset_says_leg_three() -> None:
    panel = synthesis.legs_panel()
    panel.preset.value = "furniture"
    assert panel.values["merchant"] == "furniture"
    assert panel.status.value.startswith("Leg 3")


def test_the_site_grid_holds_what_the_live_panel_computes() -> None:
    assert_grid_matches_live(synthesis.legs_panel(), grid_rows(synthesis.legs_site_chart()),
                             {"commission": 0.15, "trust": 0.5}, "profit_cny")


def test_scorecards_put_prepaid_merchants_on_leg_one_and_big_ticket_on_leg_three() -> None:
    table = synthesis.scorecards()
    assert (table.loc[["restaurant", "cinema", "leisure"], "fitting_legs"] == "Leg 1").all()
    assert (table.loc[["furniture", "renovation"], "fitting_legs"] == "Leg 3").all()


def test_checks_accept_the_model_answer_and_explain_a_wrong_one() -> None:
    assert synthesis.check_cinema_leg("1").correct and not synthesis.check_cinema_leg("3").correct
    assert synthesis.check_members_gain(synthesis.members_gain()).correct
    assert synthesis.check_cinema_margin_at_30(10).correct
    assert "too high" in synthesis.check_cinema_margin_at_30(18).message
    assert synthesis.check_furniture_clicks(20000 / 3).correct


def test_a_bad_value_shows_in_the_status_line() -> None:
    panel = synthesis.legs_panel()
    panel.controls["trust"].max = 2
    panel.set_values(trust=1.5)
    assert "trust=1.5" in panel.status.value
