"""Lesson 02: the panels respond, the site grid matches the live panel, the checks explain."""

from __future__ import annotations

import numpy as np
import pytest
from lessons_support import assert_every_slider_moves_the_chart, assert_grid_matches_live, chart_rows, grid_rows

from o2o_models import operations
from o2o_models.lessons import leg2


@pytest.mark.parametrize("factory", leg2.PANELS, ids=lambda f: f.__name__)
def test_every_slider_of_every_panel_changes_the_chart_or_its_summary(factory) -> None:
    assert_every_slider_moves_the_chart(factory)


def test_more_staff_lifts_survival_in_the_panel() -> None:
    panel = leg2.survival_panel()
    last = lambda: [r["survival_share"] for r in chart_rows(panel) if r["month"] == 36 and "ops team" in r["staffing"]]
    before = last()
    panel.controls["staff_per_100_merchants"].value = 10
    assert last()[0] > before[0]


def test_no_staff_says_there_is_no_return_to_measure() -> None:
    panel = leg2.survival_panel()
    panel.controls["staff_per_100_merchants"].value = 0
    assert "no return to measure" in panel.status.value


def test_the_histogram_counts_every_merchant_once_per_staffing() -> None:
    frame = leg2.skill_histogram(2, 0.5, 0.5, 0.2)
    assert (frame.groupby("staffing")["merchants"].sum() == leg2.MERCHANTS).all()


def test_the_site_grid_holds_what_the_live_panel_computes() -> None:
    assert_grid_matches_live(leg2.survival_panel(), grid_rows(leg2.survival_site_chart()),
                             {"staff_per_100_merchants": 6, "commission": 0.1}, "survival_share")


def test_the_return_table_agrees_with_the_model() -> None:
    table = leg2.return_by_staffing((2,))
    assert table.iloc[0, 0] == pytest.approx(operations.return_on_staff(staff_per_100_merchants=2), abs=1e-4)


def test_checks_accept_the_model_answer_and_explain_a_wrong_one() -> None:
    assert leg2.check_skill_lift(0.4 + 0.6 * (1 - np.exp(-0.5))).correct
    assert "too low" in leg2.check_skill_lift(0.4).message
    assert leg2.check_taobao("b").correct and not leg2.check_taobao("a").correct
    month = leg2.first_month_below_half(operations.compare_staffing())
    assert leg2.check_first_month_below_half(month).correct
    assert not leg2.check_first_month_below_half(month + 1).correct
