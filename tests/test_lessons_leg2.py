"""Lesson 02: every panel responds to its controls, the site chart holds what the live panel computes, a
student's own lift is drawn, and every sentence of the lesson that states a number or a direction is checked
here against the models, cell by cell (the cell ids of notebooks/02_leg2_operations_team.ipynb)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from lessons_support import (
    assert_every_slider_moves_the_chart,
    assert_grid_matches_live,
    chart_rows,
    grid_rows,
    lesson_cells,
    site_slider_starts,
)

from o2o_models import operations
from o2o_models.lessons import leg2
from o2o_models.lessons.common import plain_text

CELLS = lesson_cells("02_leg2_operations_team")
DEFAULTS = operations.DEFAULTS
TABLE = leg2.staffing()  # the returns chart's table: whole team sizes 1 to 20 at the default take


def by_size(table: pd.DataFrame = TABLE) -> pd.DataFrame:
    return table.set_index("staff_per_100_merchants")


def linear_lift(skill, staff_per_100_merchants, staff_effectiveness):
    return skill + (1 - skill) * min(1, staff_effectiveness * staff_per_100_merchants / 10)


# Panels ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("factory", leg2.PANELS, ids=lambda f: f.__name__)
def test_every_slider_of_every_panel_changes_the_chart_or_its_summary(factory) -> None:
    assert_every_slider_moves_the_chart(factory)


def test_the_panels_start_at_the_models_defaults() -> None:
    for factory in leg2.PANELS:
        for name, value in factory().values.items():
            if name in DEFAULTS:
                assert value == pytest.approx(DEFAULTS[name]), (factory.__name__, name)
    assert DEFAULTS["n_merchants"] == leg2.MERCHANTS and DEFAULTS["months"] == leg2.MONTHS


def test_the_histogram_counts_every_merchant_once_per_staffing() -> None:
    frame = leg2.skill_histogram(2, 0.5, 0.5, 0.2)
    assert (frame.groupby("staffing")["merchants"].sum() == leg2.MERCHANTS).all()


def test_the_skill_summary_is_the_models_mean_and_spread() -> None:
    panel = leg2.skill_panel()
    skills = operations.skill_distribution()
    for column in ("skill_before", "skill_after"):
        assert f"<b>{skills[column].mean():.2f}</b>" in panel.status.value
        assert f"<b>{skills[column].std():.3f}</b>" in panel.status.value


def test_the_lift_panel_draws_equation_1() -> None:
    rows = pd.DataFrame(chart_rows(leg2.lift_panel()))
    np.testing.assert_allclose(rows["skill_after"], operations.skill_lift(0.4, rows["staff_per_100_merchants"], 0.5))


def test_a_students_lift_is_drawn_beside_the_built_in_one_and_an_unfinished_one_is_explained() -> None:
    panel = leg2.lift_panel(your_lift=linear_lift)
    rows = pd.DataFrame(chart_rows(panel))
    assert set(rows["series"]) == {leg2.BUILT_IN, leg2.YOURS}
    mine = rows[rows["series"] == leg2.YOURS]
    np.testing.assert_allclose(mine["skill_after"], [linear_lift(0.4, k, 0.5) for k in mine["staff_per_100_merchants"]])
    assert "Your model: <b>0.150</b>" in panel.status.value
    assert "returns nothing yet" in leg2.lift_panel(your_lift=lambda **_: None).status.value
    assert "does not draw yet (ZeroDivisionError" in leg2.lift_panel(your_lift=lambda **_: 1 / 0).status.value
    assert "not a finite number" in leg2.lift_panel(your_lift=lambda **_: float("nan")).status.value
    assert leg2.check(3, linear_lift).correct
    assert not leg2.check(3, lambda skill, staff_per_100_merchants, staff_effectiveness: skill).correct


def test_a_vectorised_student_lift_passes_too() -> None:
    def vectorised(skill, staff_per_100_merchants, staff_effectiveness):
        return skill + (1 - skill) * np.minimum(1, staff_effectiveness * staff_per_100_merchants / 10)

    assert leg2.check(3, vectorised).correct


def test_the_survival_panel_is_compare_staffing_and_its_summary_the_average_return() -> None:
    panel = leg2.survival_panel()
    rows = pd.DataFrame(chart_rows(panel))
    frame = operations.compare_staffing()
    for label, run in leg2.LABELS.items():
        np.testing.assert_allclose(
            rows.loc[rows["staffing"] == run, "survival_share"],
            frame.loc[frame["staffing"] == label, "survival_share"],
        )
    assert f"<b>{operations.staffing_return(frame):+.0%}</b>" in panel.status.value
    assert "paid only for merchants still trading" in panel.status.value


def test_more_staff_lifts_survival_in_the_panel() -> None:
    panel = leg2.survival_panel()

    def last():
        rows = pd.DataFrame(chart_rows(panel))
        return rows.loc[(rows["month"] == 36) & (rows["staffing"] == leg2.HELPED), "survival_share"].iloc[0]

    before = last()
    panel.set_values(staff_per_100_merchants=10)
    assert last() > before


def test_the_site_grid_holds_what_the_live_panel_computes() -> None:
    assert_grid_matches_live(
        leg2.survival_panel(),
        grid_rows(leg2.survival_site_chart()),
        {"staff_per_100_merchants": 6, "commission": 0.1},
        "survival_share",
    )


def test_the_site_chart_starts_where_the_notebook_starts_and_offers_staff_and_take() -> None:
    chart = leg2.survival_site_chart()
    assert site_slider_starts(chart) == {
        "staff_per_100_merchants": DEFAULTS["staff_per_100_merchants"],
        "commission": DEFAULTS["commission"],
    }
    spec = chart.to_dict()
    assert plain_text(leg2.survival_summary(leg2.survival(2, 0.5, 0.2, 0.05))) in spec["description"]


def test_the_gain_and_returns_charts_draw_the_staffing_table_and_are_described_by_its_summary() -> None:
    summary = plain_text(leg2.returns_summary(TABLE))
    assert summary.startswith("The net gain peaks at 8 staff per 100 merchants")
    for chart, column, series, field in (
        (leg2.returns_chart(), "return_per_cny", leg2.MARGINAL, "marginal_return"),
        (leg2.gain_chart(), "net_gain_m_cny", "platform 平台 net gain", None),
    ):
        assert summary in chart.description
        rows = max((pd.DataFrame(rows) for rows in chart.spec["datasets"].values()), key=len)
        drawn = rows[rows["series"] == series].set_index("staff_per_100_merchants")[column]
        expected = by_size()[field] if field else by_size()["net_gain_cny"] / 1e6
        np.testing.assert_allclose(drawn, expected)
        peak = [rows for rows in chart.spec["datasets"].values() if len(rows) == 1 and "net_gain_cny" in rows[0]]
        assert peak[0][0]["staff_per_100_merchants"] == leg2.best_team(TABLE)


def test_a_higher_take_moves_the_charts_peak_right() -> None:
    assert "peaks at 14 staff" in leg2.returns_chart(commission=0.08).description


def test_the_lessons_helpers_stay_out_of_tab_completion() -> None:
    assert "WORKBOOK" not in dir(leg2) and "first_month_below_half" not in dir(leg2)
    public = {"check", "hint", "solution", "survival_panel", "lift_panel", "gain_chart", "returns_chart"}
    assert public <= set(dir(leg2))


# The lesson's claims, cell by cell -----------------------------------------------------------------


def test_title_lesson_01_comes_first_and_the_pandas_level_is_stated() -> None:
    text = CELLS["title"]
    assert "**You need:** [Lesson 01](01_leg1_acquire_and_own.ipynb)" in text
    assert "`idxmax()`" in text and "**Estimated time:** 80 minutes" in text
    assert CELLS["next"].startswith("**Next:** [Lesson 03")


def test_skill_intro_the_figures_are_the_models_defaults() -> None:
    text = CELLS["skill-intro"] + CELLS["skill-model"]
    assert "mean 0.5 and standard deviation 0.2" in text
    assert (DEFAULTS["skill_mean"], DEFAULTS["skill_spread"]) == (0.5, 0.2)
    assert "2 staff per 100 merchants of effectiveness 0.5" in text
    assert (DEFAULTS["staff_per_100_merchants"], DEFAULTS["staff_effectiveness"]) == (2.0, 0.5)


def test_skill_read_the_last_line_of_the_shown_model_is_equation_1() -> None:
    assert "the last line is equation (1)" in CELLS["skill-read"]
    shown = leg2.source(operations.skill_lift).splitlines()
    assert "check_range" in shown[1]
    assert shown[-1].strip() == "return before + (1 - before) * (1 - np.exp(-effect * staff / 10))"


def test_lift_notice_the_first_five_staff_add_more_than_the_next_five_and_only_e_times_k_counts() -> None:
    text = CELLS["lift-notice"]
    assert "the first five staff per 100 merchants add more skill than the next five" in text
    assert "only as the product" in text
    for skill, effect in itertools.product(np.arange(0, 0.96, 0.05), np.arange(0.1, 2.01, 0.1)):
        first, second = np.diff(operations.skill_lift(skill, [0, 5, 10], effect))
        assert first > second, (skill, effect)
        assert operations.skill_lift(skill, 10, effect) == pytest.approx(operations.skill_lift(skill, 5, 2 * effect))


def test_skill_derivation_the_gain_is_the_gap_times_l_and_a_merchant_at_0_2_gains_twice_one_at_0_6() -> None:
    assert "A merchant at skill 0.2 gains twice what one at 0.6 gains" in CELLS["skill-derivation"]
    gain = lambda s: float(operations.skill_lift(s, 4, 0.5)) - s  # noqa: E731
    assert gain(0.2) == pytest.approx(2 * gain(0.6))


def test_skill_notice_the_spread_shrinks_by_exp_minus_e_k_over_10() -> None:
    text = CELLS["skill-notice"]
    assert "The spread shrinks by the factor $e^{-ek/10}$" in text and "proportional to its gap" in text
    assert "by about a tenth ($e^{-0.1} \\approx 0.90$)" in text and f"{np.exp(-0.1):.2f}" == "0.90"
    for staff, effect in ((2, 0.5), (10, 1.0), (20, 2.0)):
        skills = operations.skill_distribution(staff_per_100_merchants=staff, staff_effectiveness=effect)
        assert skills["skill_after"].std() / skills["skill_before"].std() == pytest.approx(np.exp(-effect * staff / 10))
        gain = skills["skill_after"] - skills["skill_before"]
        np.testing.assert_allclose(gain, (1 - skills["skill_before"]) * (1 - np.exp(-effect * staff / 10)))


def test_skill_try_a_third_then_a_third_again_and_strong_merchants_gain_less() -> None:
    text = CELLS["skill-try"]
    assert "about a third of its width" in text and "a third of that again" in text and "the mean rises less" in text
    spread = lambda k, e: operations.skill_distribution(staff_per_100_merchants=k, staff_effectiveness=e)  # noqa: E731
    base = spread(0, 0.5)["skill_before"].std()
    assert spread(20, 0.5)["skill_after"].std() / base == pytest.approx(np.exp(-1))
    assert spread(20, 1.0)["skill_after"].std() / spread(20, 0.5)["skill_after"].std() == pytest.approx(np.exp(-1))
    assert 0.3 < np.exp(-1) < 0.4
    strong = leg2.skill_histogram(20, 1.0, 0.8, 0.2).groupby("staffing")["mean_skill"].first()
    middle = leg2.skill_histogram(20, 1.0, 0.5, 0.2).groupby("staffing")["mean_skill"].first()
    assert strong[leg2.HELPED] - strong[leg2.ALONE] < middle[leg2.HELPED] - middle[leg2.ALONE]


def test_skill_notice_a_wider_spread_puts_more_merchants_far_below_the_mean_and_the_weak_fail_first() -> None:
    assert "A wider spread (素质参差不齐) means more merchants far below the mean" in CELLS["skill-notice"]
    narrow, wide = (operations.skill_distribution(skill_spread=sd)["skill_before"] for sd in (0.1, 0.3))
    assert (wide < 0.3).mean() > (narrow < 0.3).mean()
    alone = operations.simulate_merchants(staff_per_100_merchants=0)
    assert alone["mean_skill"].iloc[-1] > operations.skill_distribution()["skill_before"].mean()


def test_survival_intro_the_figures_are_the_models_defaults() -> None:
    text = CELLS["survival-intro"]
    for shown, name, value in (
        ("$D$ = 60,000 CNY", "monthly_demand_cny", 60000),
        ("standard deviation 0.3", "demand_volatility", 0.3),
        ("$g$ = 25%", "gross_margin", 0.25),
        ("$c$ = 5%", "commission", 0.05),
        ("$F$ = 9,000 CNY", "fixed_cost_cny", 9000),
        ("$C_{i0}$ = 30,000 CNY", "cash_buffer_cny", 30000),
        ("$w$ = 8,000 CNY", "staff_monthly_cost_cny", 8000),
        ("*same* 2,000 merchants", "n_merchants", 2000),
    ):
        assert shown in text, shown
        assert DEFAULTS[name] == value, name
    assert "The model pays staff **only for the merchants still trading**" in text
    assert "every return in section 4 lower" in text
    frame = operations.simulate_merchants(staff_per_100_merchants=2)
    trading = 2000 * np.concatenate([[1.0], frame["survival_share"].to_numpy()[:-1]])
    np.testing.assert_allclose(frame["staff_cost_cny"], 2 / 100 * 8000 * trading)


def test_survival_model_the_call_is_the_panels_defaults() -> None:
    source = CELLS["survival-model"]
    for name in (
        "n_merchants",
        "months",
        "staff_per_100_merchants",
        "staff_effectiveness",
        "commission",
        "seed",
    ):
        value = DEFAULTS[name]
        assert f"{name}={value:g}" in source, name


def test_survival_read_the_shown_loop_pays_the_team_for_the_merchants_still_trading() -> None:
    assert "pays the team for the merchants still trading" in CELLS["survival-read"]
    assert "staff_per_merchant * trading.sum()" in leg2.source(operations._run)


def test_survival_site_the_site_reads_the_panels_summary_at_its_start() -> None:
    text = CELLS["survival-site"]
    assert text.startswith("<!--") and text.endswith("-->")
    assert plain_text(leg2.survival_summary(leg2.survival(2, 0.5, 0.2, 0.05))) in text
    assert "2 staff per 100 merchants of effectiveness 0.5, a skill spread of 0.2, a 5% take" in text
    assert [control.value for control in leg2.survival_panel().controls.values()] == [2, 0.5, 0.2, 0.05]


def test_survival_notice_more_staff_never_lowers_survival_and_the_team_shrinks_with_the_merchants() -> None:
    text = CELLS["survival-notice"]
    assert "more staff never lowers survival" in text and "The team's cost falls month by month" in text
    frame = operations.compare_staffing()
    helped = frame[frame["staffing"] == operations.WITH_TEAM].reset_index(drop=True)
    alone = frame[frame["staffing"] == operations.WITHOUT_TEAM].reset_index(drop=True)
    assert (helped["survival_share"] >= alone["survival_share"]).all()
    assert (helped["survival_share"] > alone["survival_share"]).any()
    for low, high in ((0, 2), (2, 5), (5, 20)):
        a, b = (operations.simulate_merchants(staff_per_100_merchants=k)["survival_share"] for k in (low, high))
        assert (b >= a).all()
    assert (np.diff(helped["staff_cost_cny"]) <= 0).all() and helped["staff_cost_cny"].iloc[-1] < helped[
        "staff_cost_cny"
    ].iloc[0]


def test_survival_notice_a_higher_take_means_fewer_survivors_alone_and_helped() -> None:
    assert "Raise the platform's take (返点): fewer merchants survive, alone and helped" in CELLS["survival-notice"]
    low, high = (leg2.survival(2, 0.5, 0.2, take) for take in (0.05, 0.15))
    last = lambda f: f[f["month"] == 36].set_index("staffing")["survival_share"]  # noqa: E731
    assert (last(high) < last(low)).all()


def test_survival_try_no_staff_makes_one_curve_and_says_there_is_nothing_to_pay() -> None:
    assert "Set the staff to 0: both curves become one" in CELLS["survival-try"]
    panel = leg2.survival_panel()
    panel.set_values(staff_per_100_merchants=0)
    rows = pd.DataFrame(chart_rows(panel))
    np.testing.assert_array_equal(
        rows.loc[rows["staffing"] == leg2.HELPED, "survival_share"],
        rows.loc[rows["staffing"] == leg2.ALONE, "survival_share"],
    )
    assert "no team to pay for" in panel.status.value


def test_returns_model_uses_the_returns_charts_sizes() -> None:
    assert "operations.staffing_table(range(1, 21))" in CELLS["returns-model"]
    assert tuple(range(1, 21)) == leg2.TEAM_SIZES
    pd.testing.assert_frame_equal(TABLE, operations.staffing_table(range(1, 21)))


def test_returns_derivation_the_marginal_return_is_below_the_average_from_the_first_staff_on() -> None:
    assert "below the average from the first staff member on" in CELLS["returns-derivation"]
    assert (TABLE["marginal_return"].iloc[1:] < TABLE["average_return"].iloc[1:]).all()


def test_returns_notice_the_average_is_highest_for_the_smallest_team_and_falls_at_every_step() -> None:
    assert (
        "The average return is highest for the smallest team, +83% at 1 staff per 100 merchants, and falls "
        "at every step" in CELLS["returns-notice"]
    )
    assert TABLE["average_return"].idxmax() == 0 and f"{TABLE['average_return'].iloc[0]:+.0%}" == "+83%"
    assert (np.diff(TABLE["average_return"]) < 0).all()


def test_returns_notice_the_net_gain_peaks_at_8_where_the_marginal_return_crosses_0() -> None:
    text = CELLS["returns-notice"]
    assert (
        "The net gain keeps rising up to 8 staff per 100 merchants (the dashed line), where it peaks at "
        "14.0 M CNY over the 36 months" in text
    )
    assert "the step from 8 to 9 has a negative one" in text
    table = by_size()
    assert leg2.best_team(TABLE) == 8 and f"{table.loc[8, 'net_gain_cny'] / 1e6:.1f}" == "14.0"
    assert (table.loc[:8, "marginal_return"] > 0).all() and table.loc[9, "marginal_return"] < 0
    assert (np.diff(table.loc[:8, "net_gain_cny"]) > 0).all()


def test_returns_notice_between_9_and_16_the_average_is_positive_but_each_extra_staff_member_loses() -> None:
    text = CELLS["returns-notice"]
    assert "Between 9 and 16 staff per 100 the average return is still positive" in text
    assert (
        "beyond 8, each extra 小二 costs more than the extra commission they bring: the marginal return is "
        "negative" in text
    )
    table = by_size()
    assert (table.loc[9:16, "average_return"] > 0).all() and (table.loc[17:, "average_return"] < 0).all()
    assert (table.loc[9:, "marginal_return"] < 0).all()


def test_returns_notice_the_two_lines_start_together() -> None:
    assert "the two lines start together" in CELLS["returns-notice"]
    assert TABLE["marginal_return"].iloc[0] == pytest.approx(TABLE["average_return"].iloc[0])


def test_takes_notice_the_higher_the_take_the_larger_the_best_team() -> None:
    text = CELLS["takes-notice"]
    assert "at a 3% take the best is the smallest team in the table, 1 per 100; at 10% it is 16 per 100" in text
    best = leg2.takes_table()["best team (staff per 100 merchants)"]
    assert list(best.index) == [0.03, 0.05, 0.08, 0.10]
    assert (np.diff(best) > 0).all() and best.loc[0.03] == 1 and best.loc[0.10] == 16


def test_takeaways_the_net_gain_peaks_long_after_the_average_return_is_highest() -> None:
    assert "long after the average return has passed its highest point" in CELLS["takeaways"]
    assert TABLE["average_return"].idxmax() < TABLE["net_gain_cny"].idxmax()


# Exercises ------------------------------------------------------------------------------------------


def test_ex2_working_and_known_mistakes() -> None:
    working = leg2.WORKBOOK.questions[2].working()
    assert "1 - e^-0.5 = 0.393" in working and f"{1 - np.exp(-0.5):.3f}" == "0.393"
    assert leg2.check(2, 0.64).correct and "divides by 10" in leg2.check(2, 1.0).message
    assert "gap to full skill" in leg2.check(2, 0.56).message


def test_ex3_working_same_slope_at_zero_and_the_gap_closed_at_10_over_e() -> None:
    assert "at k = 10/e staff per 100 merchants (20 at e = 0.5)" in leg2.WORKBOOK.questions[3].working()
    assert linear_lift(0.4, 20, 0.5) == 1 and linear_lift(0.4, 19.9, 0.5) < 1
    step = 1e-6
    built_in = (float(operations.skill_lift(0.4, step, 0.5)) - 0.4) / step
    assert built_in == pytest.approx((linear_lift(0.4, step, 0.5) - 0.4) / step, rel=1e-4)


def test_ex4_most_merchants_alone_have_gone_within_a_year_and_a_half() -> None:
    month = leg2.first_month_below_half(operations.compare_staffing())
    assert "within a year and a half" in leg2.WORKBOOK.questions[4].working() and month <= 18
    assert leg2.check(4, month).correct and not leg2.check(4, month + 1).correct
    helped = leg2.first_month_below_half(operations.compare_staffing(), operations.WITH_TEAM)
    assert "rows with the team" in leg2.check(4, helped).message


def test_ex5_the_marginal_return_is_negative_while_the_average_is_positive() -> None:
    working = leg2.WORKBOOK.questions[5].working()
    assert "**-0.25**" in working and "+0.33" in working
    assert leg2.check(5, -0.25).correct
    assert "average return of the team of 12" in leg2.check(5, 0.33).message
    assert "extra commission is divided by the extra cost" in leg2.check(5, 0.75).message


def test_ex6_the_best_team_on_the_half_grid_and_its_named_mistakes() -> None:
    table = operations.staffing_table(np.arange(0.5, 20.5, 0.5))
    best = table.loc[table["net_gain_cny"].idxmax(), "staff_per_100_merchants"]
    assert best == table.loc[table["marginal_return"] > 0, "staff_per_100_merchants"].max()
    assert leg2.check(6, best).correct
    assert "highest average return" in leg2.check(6, 0.5).message
    assert "first size whose marginal return is negative" in leg2.check(6, best + 0.5).message
    assert "The average return is highest at the smallest team" in leg2.WORKBOOK.questions[6].working()
    assert table["average_return"].idxmax() == 0


def test_ex7_twelve_staff_have_a_positive_average_but_lie_past_the_peak() -> None:
    table = by_size()
    assert f"about +{table.loc[12, 'average_return']:.0%}" in CELLS["ex7"]
    assert table.loc[12, "average_return"] > 0
    assert table.loc[12, "net_gain_cny"] < table["net_gain_cny"].max()
    assert (table.loc[leg2.best_team(TABLE) + 1 : 12, "marginal_return"] < 0).all()
    assert table["net_gain_cny"].idxmax() > table["average_return"].idxmax()  # (c) gives up positive margins
    assert leg2.check(7, "b").correct and not leg2.check(7, "a").correct and not leg2.check(7, "c").correct


def test_ex1_the_article_says_the_supply_chain() -> None:
    assert leg2.check(1, "(b)").correct and not leg2.check(1, "a").correct
