"""Lesson 02: every panel responds to its controls, the site chart holds what the live panel computes, a
student's own lift is drawn, and every sentence of the lesson that states a number or a direction is checked
here against the models, cell by cell (the cell ids of notebooks/02_leg2_operations_team.ipynb)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from claims import claim, find_claim, read_figure, summary_claim
from lessons_support import (
    LESSONS,
    assert_every_slider_moves_the_chart,
    assert_grid_matches_live,
    chart_rows,
    grid_rows,
    lesson_cells,
    site_slider_starts,
    solution_text,
)

from o2o_models import operations, population
from o2o_models.lessons import leg2
from o2o_models.lessons.common import plain_text
from o2o_models.lessons.leg2 import returns as leg2_returns
from o2o_models.lessons.leg2.panels import (
    ALONE,
    BUILT_IN,
    HELPED,
    LABELS,
    MERCHANTS,
    YOURS,
    skill_histogram,
    survival,
    survival_site_chart,
    survival_summary,
)
from o2o_models.lessons.leg2.returns import MARGINAL, MONTHS, TEAM_SIZES, returns_summary
from o2o_models.lessons.synthesis import tables as synthesis_tables
from o2o_models.scenarios import merchant

NOTEBOOK = LESSONS["leg2"]
CELLS = lesson_cells(NOTEBOOK)
DEFAULTS = operations.DEFAULTS
TABLE = operations.staffing_table(operations.TEAM_GRID)  # the returns chart's table: every half staff member to 20


def by_size(table: pd.DataFrame = TABLE) -> pd.DataFrame:
    return table.set_index("staff_per_100_merchants")


def said(cell_id: str, template: str):
    """The claim ``template`` locates in this lesson's cell ``cell_id``."""
    return claim(NOTEBOOK, cell_id, template)


def worked(number: int, template: str):
    """The claim ``template`` locates in the worked solution of exercise ``number``."""
    return find_claim(f"{NOTEBOOK} (solution)", f"ex{number}", solution_text(leg2, number), template)


def best_team(table: pd.DataFrame = TABLE) -> float:
    return table.loc[table["net_gain_cny"].idxmax(), "staff_per_100_merchants"]


def first_month_below_half(staffing: str = operations.WITHOUT_TEAM) -> int:
    comparison = operations.compare_staffing()
    rows = comparison[comparison["staffing"] == staffing]
    return int(rows.loc[rows["survival_share"] < 0.5, "month"].min())


def last_month(frame: pd.DataFrame) -> pd.Series:
    return frame[frame["month"] == DEFAULTS["months"]].set_index("staffing")["survival_share"]


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
    assert DEFAULTS["n_merchants"] == MERCHANTS and DEFAULTS["months"] == MONTHS


def test_the_histogram_counts_every_merchant_once_per_staffing() -> None:
    frame = skill_histogram(2, 0.5, 0.5, 0.2)
    assert (frame.groupby("staffing")["merchants"].sum() == MERCHANTS).all()


def test_the_skill_summary_is_the_models_mean_and_spread() -> None:
    panel = leg2.skill_panel()
    skills = operations.skill_distribution()
    before, after = skills["skill_before"], skills["skill_after"]
    summary = "Mean skill {} alone, {} with the team; the spread (standard deviation) goes from {} to {}"
    summary_claim("skill_panel", panel.status.value, summary).states(
        before.mean(), after.mean(), before.std(), after.std()
    )


def test_the_lift_panel_draws_equation_1() -> None:
    rows = pd.DataFrame(chart_rows(leg2.lift_panel()))
    effect = DEFAULTS["staff_effectiveness"]
    np.testing.assert_allclose(rows["skill_after"], operations.skill_lift(0.4, rows["staff_per_100_merchants"], effect))


def test_a_students_lift_is_drawn_beside_the_built_in_one_and_an_unfinished_one_is_explained() -> None:
    panel = leg2.lift_panel(your_lift=linear_lift)
    rows = pd.DataFrame(chart_rows(panel))
    assert set(rows["series"]) == {BUILT_IN, YOURS}
    mine = rows[rows["series"] == YOURS]
    e = DEFAULTS["staff_effectiveness"]
    np.testing.assert_allclose(mine["skill_after"], [linear_lift(0.4, k, e) for k in mine["staff_per_100_merchants"]])
    summary_claim("lift_panel", panel.status.value, "Your model: {} and {}, reaching {} at {}").states(
        linear_lift(0.4, 5, e) - 0.4,
        linear_lift(0.4, 10, e) - linear_lift(0.4, 5, e),
        linear_lift(0.4, 10, e),
        10,
    )
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
    for label, run in LABELS.items():
        np.testing.assert_allclose(
            rows.loc[rows["staffing"] == run, "survival_share"],
            frame.loc[frame["staffing"] == label, "survival_share"],
        )
    summary_claim("survival_panel", panel.status.value, "an average return of {} on its cost").states(
        operations.staffing_return(frame)
    )
    assert "paid only for merchants still trading" in panel.status.value


def test_more_staff_lifts_survival_in_the_panel() -> None:
    panel = leg2.survival_panel()

    def last():
        rows = pd.DataFrame(chart_rows(panel))
        return rows.loc[(rows["month"] == 36) & (rows["staffing"] == HELPED), "survival_share"].iloc[0]

    before = last()
    panel.set_values(staff_per_100_merchants=10)
    assert last() > before


@pytest.mark.slow  # builds the site's grid of every slider position
def test_the_site_grid_holds_what_the_live_panel_computes() -> None:
    assert_grid_matches_live(
        leg2.survival_panel(),
        grid_rows(survival_site_chart()),
        {"staff_per_100_merchants": 6, "commission": 0.1},
        "survival_share",
    )


@pytest.mark.slow  # builds the site's grid of every slider position
def test_the_site_chart_starts_where_the_notebook_starts_and_offers_staff_and_take() -> None:
    chart = survival_site_chart()
    assert site_slider_starts(chart) == {
        "staff_per_100_merchants": DEFAULTS["staff_per_100_merchants"],
        "commission": DEFAULTS["commission"],
    }
    spec = chart.to_dict()
    assert plain_text(survival_summary(survival(2, 1.5, 0.2, 0.05))) in spec["description"]


def test_the_gain_and_returns_charts_draw_the_staffing_table_and_are_described_by_its_summary() -> None:
    summary = plain_text(returns_summary(TABLE))
    assert summary.startswith("The net gain peaks at 8 staff per 100 merchants")
    for chart, column, series, field in (
        (leg2.returns_chart(), "return_per_cny", MARGINAL, "marginal_return"),
        (leg2.gain_chart(), "net_gain_m_cny", "platform 平台 net gain", None),
    ):
        assert summary in chart.description
        rows = max((pd.DataFrame(rows) for rows in chart.spec["datasets"].values()), key=len)
        drawn = rows[rows["series"] == series].set_index("staff_per_100_merchants")[column]
        expected = by_size()[field] if field else by_size()["net_gain_cny"] / 1e6
        np.testing.assert_allclose(drawn, expected)
        peak = [rows for rows in chart.spec["datasets"].values() if len(rows) == 1 and "net_gain_cny" in rows[0]]
        assert peak[0][0]["staff_per_100_merchants"] == leg2_returns.best_team(TABLE)


def test_a_higher_take_moves_the_charts_peak_right() -> None:
    higher = best_team(operations.staffing_table(operations.TEAM_GRID, commission=0.08))
    summary_claim("returns_chart", leg2.returns_chart(commission=0.08).description, "peaks at {} staff").states(higher)
    assert higher > best_team()


def test_the_lessons_helpers_stay_out_of_tab_completion() -> None:
    assert "WORKBOOK" not in dir(leg2) and "first_month_below_half" not in dir(leg2)
    public = {"check", "hint", "solution", "survival_panel", "lift_panel", "gain_chart", "returns_chart"}
    assert public <= set(dir(leg2))


# The lesson's claims, cell by cell -----------------------------------------------------------------


def test_title_lesson_01_comes_first_and_the_pandas_level_is_stated() -> None:
    text = CELLS["title"]
    assert "(01_leg1_acquire_and_own.ipynb)" in text.split("You need")[1] and "`idxmax()`" in text
    time = said("title", "Estimated time: {} minutes: {} of reading and panels, {} of exercises")
    total, reading, exercises = time.figures()
    assert total.value == reading.value + exercises.value, time.sentence
    assert CELLS["next"].startswith("**Next:**") and "(03_leg3_stable_traffic.ipynb)" in CELLS["next"]


def test_skill_intro_the_figures_are_the_models_defaults() -> None:
    said("skill-intro", "a Beta distribution with mean {} and standard deviation {}").states(
        DEFAULTS["skill_mean"], DEFAULTS["skill_spread"]
    )
    said("skill-intro", "the model's default team, {} staff per 100 merchants of effectiveness {}").states(
        DEFAULTS["staff_per_100_merchants"], DEFAULTS["staff_effectiveness"]
    )
    said("skill-intro", "for a merchant of skill {} with").states(0.4)
    assert "skill=0.4, staff_per_100_merchants=2, staff_effectiveness=1.5" in CELLS["skill-model"]


def test_skill_read_the_last_line_of_the_shown_model_is_equation_1() -> None:
    said("skill-read", "the last line is equation ({})").states(1)
    shown = leg2.source(operations.skill_lift).splitlines()
    assert "check_range" in shown[1]
    assert shown[-1].strip() == "return before + (1 - before) * (1 - np.exp(-effect * staff / 10))"


def test_lift_notice_the_first_five_staff_add_more_than_the_next_five_and_only_e_times_k_counts() -> None:
    grid = list(itertools.product(np.arange(0, 0.96, 0.05), np.arange(0.1, 2.01, 0.1)))
    steps = [np.diff(operations.skill_lift(skill, [0, 5, 10], effect)) for skill, effect in grid]
    said("lift-notice", "the first {} staff per 100 merchants add {~} skill than the next {}").states(
        5, min(first - second for first, second in steps), 5
    )
    said("lift-notice", "at every skill below {} and every effectiveness above {}").states(1, 0)
    said("lift-notice", "enter (1) only as the product").states()
    said("lift-notice", "{} as effective staff do the work of {} as many").states(2, 2)
    for skill, effect in grid:
        assert operations.skill_lift(skill, 10, effect) == pytest.approx(operations.skill_lift(skill, 5, 2 * effect))


def test_skill_derivation_the_gain_is_the_gap_times_l_and_a_merchant_at_0_2_gains_twice_one_at_0_6() -> None:
    gain = lambda s: float(operations.skill_lift(s, 4, 0.5)) - s  # noqa: E731
    said("skill-derivation", "A merchant at skill {} gains {} what one at {} gains").states(
        0.2, gain(0.2) / gain(0.6), 0.6
    )


def test_skill_notice_the_spread_shrinks_by_exp_minus_e_k_over_10() -> None:
    for staff, effect in ((2, 0.5), (10, 1.0), (20, 2.0)):
        skills = operations.skill_distribution(staff_per_100_merchants=staff, staff_effectiveness=effect)
        factor = skills["skill_after"].std() / skills["skill_before"].std()
        said("skill-notice", "The spread {~} by the factor").states(factor - 1)
        assert factor == pytest.approx(np.exp(-effect * staff / 10))
        gain = skills["skill_after"] - skills["skill_before"]
        said("skill-notice", "a merchant's gain is proportional to its gap").states()
        np.testing.assert_allclose(gain, (1 - skills["skill_before"]) * (1 - np.exp(-effect * staff / 10)))
    start = operations.skill_distribution()
    factor = start["skill_after"].std() / start["skill_before"].std()
    said("skill-notice", "at the panel's start, {} staff per 100 merchants of effectiveness {}, by {} (").states(
        DEFAULTS["staff_per_100_merchants"], DEFAULTS["staff_effectiveness"], 1 - factor
    )
    said("skill-notice", "\\approx {}$)").states(factor)


def test_skill_try_a_third_then_a_third_again_and_strong_merchants_gain_less() -> None:
    spread = lambda k, e: operations.skill_distribution(staff_per_100_merchants=k, staff_effectiveness=e)  # noqa: E731
    base = spread(0, 0.5)["skill_before"].std()
    staff = said(
        "skill-try", "Set the effectiveness to {} and the staff to {} per 100 merchants: the spread falls to {} of its"
    )
    staff.states(0.5, 20, spread(20, 0.5)["skill_after"].std() / base)
    effect = said("skill-try", "Set the effectiveness to {}: {} of that again")
    _, again = effect.slots
    effect.states(1.0, 1 / 3)  # the words as written; the "about" of the sentence before carries over:
    assert read_figure("about " + again[1]).holds(
        spread(20, 1.0)["skill_after"].std() / spread(20, 0.5)["skill_after"].std()
    )
    mean_gain = {}
    for mean in (0.5, 0.8):
        skills = operations.skill_distribution(staff_per_100_merchants=20, staff_effectiveness=1.0, skill_mean=mean)
        mean_gain[mean] = skills["skill_after"].mean() - skills["skill_before"].mean()
    said(
        "skill-try", "set the mean skill to {}: strong merchants have {~} left to gain, and the mean rises {~}"
    ).states(0.8, (1 - 0.8) - (1 - 0.5), mean_gain[0.8] - mean_gain[0.5])


def test_skill_notice_a_wider_spread_puts_more_merchants_far_below_the_mean_and_the_weak_fail_first() -> None:
    narrow, wide = (operations.skill_distribution(skill_spread=sd)["skill_before"] for sd in (0.1, 0.3))
    said("skill-notice", "A wider spread (素质参差不齐) means {~} merchants far below the mean").states(
        (wide < 0.3).mean() - (narrow < 0.3).mean()
    )
    said("skill-notice", "who are most likely to fail without it").states()
    alone = operations.simulate_merchants(staff_per_100_merchants=0)
    assert alone["mean_skill"].iloc[-1] > operations.skill_distribution()["skill_before"].mean()


def test_survival_intro_the_figures_are_the_models_defaults_and_the_scenarios() -> None:
    for template, name in (
        ("(lognormal, standard deviation {})", "demand_volatility"),
        ("the platform's take $c$ = {} on members' purchases", "commission"),
        ("It starts with cash worth {} months of $K$", "cash_months"),
        ("at $w$ = {} CNY a month each", "staff_monthly_cost_cny"),
    ):
        said("survival-intro", template).states(DEFAULTS[name])
    said("survival-merchants-read", "the model runs the same {} merchants").states(DEFAULTS["n_merchants"])
    types = population.merchant_types().set_index("scenario")
    said("survival-intro", "the restaurants, cinemas and leisure venues run members").states()
    assert types.loc[["restaurant", "cinema", "leisure"], "runs_members"].all()
    assert not types.loc[["restaurant", "cinema", "leisure"], "works_leads"].any()
    said("survival-intro", "the furniture showrooms and renovation firms work leads").states()
    assert types.loc[["furniture", "renovation"], "works_leads"].all()
    assert not types.loc[["furniture", "renovation"], "runs_members"].any()
    said("survival-intro", "a merchant at half skill loses members {} as fast").states(2)
    half = population.skilled_retention(0.8, 0.5)
    assert -np.log(half) == pytest.approx(2 * -np.log(0.8))
    said("survival-intro", "The model pays staff only for the merchants still trading").states()
    frame = operations.simulate_merchants(staff_per_100_merchants=2)
    trading = DEFAULTS["n_merchants"] * np.concatenate([[1.0], frame["survival_share"].to_numpy()[:-1]])
    staff_cost = 2 / 100 * DEFAULTS["staff_monthly_cost_cny"]
    np.testing.assert_allclose(frame["staff_cost_cny"], staff_cost * trading)
    comparison = operations.compare_staffing()
    helped = comparison[comparison["staffing"] == operations.WITH_TEAM]
    alone = comparison[comparison["staffing"] == operations.WITHOUT_TEAM]
    extra = helped["platform_revenue_cny"].sum() - alone["platform_revenue_cny"].sum()
    every_merchant = staff_cost * DEFAULTS["n_merchants"] * DEFAULTS["months"]
    said("survival-intro", "would make the team dearer and every return in section 4 {~}").states(
        (extra - every_merchant) / every_merchant - operations.staffing_return(comparison)
    )


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
    said("survival-read", "pays the team for the merchants still trading").states()
    assert "staff_per_merchant * trading.sum()" in leg2.source(operations._simulate)


def test_survival_site_the_site_reads_the_panels_summary_at_its_start() -> None:
    text = CELLS["survival-site"]
    assert text.startswith("<!--") and text.endswith("-->")
    start = "({} staff per 100 merchants of effectiveness {}, a skill spread of {}, a {} take)"
    said("survival-site", start).states(2, 1.5, 0.2, 0.05)
    assert [control.value for control in leg2.survival_panel().controls.values()] == [2, 1.5, 0.2, 0.05]
    comparison = operations.compare_staffing(skill_spread=0.2)
    helped = comparison[comparison["staffing"] == operations.WITH_TEAM]
    alone = comparison[comparison["staffing"] == operations.WITHOUT_TEAM]
    survivors = last_month(comparison)
    said("survival-site", "After {} months {} of merchants still trade with the team, {} alone").states(
        DEFAULTS["months"], survivors[operations.WITH_TEAM], survivors[operations.WITHOUT_TEAM]
    )
    cost = helped["staff_cost_cny"].sum()
    extra = helped["platform_revenue_cny"].sum() - alone["platform_revenue_cny"].sum()
    said("survival-site", "The team costs {} M CNY").states(cost / 1e6)
    said("survival-site", "brings {} M CNY of extra commission: a net gain of {} M CNY").states(
        extra / 1e6, (extra - cost) / 1e6
    )
    said("survival-site", "an average return of {} on its cost").states(operations.staffing_return(comparison))


def test_survival_notice_more_staff_never_lowers_survival_and_the_team_shrinks_with_the_merchants() -> None:
    frame = operations.compare_staffing()
    helped = frame[frame["staffing"] == operations.WITH_TEAM].reset_index(drop=True)
    alone = frame[frame["staffing"] == operations.WITHOUT_TEAM].reset_index(drop=True)
    gap = helped["survival_share"] - alone["survival_share"]
    said("survival-notice", "the team keeps as large a share trading in {} month").states((gap >= 0).mean())
    first = int(helped.loc[(gap > 0).idxmax(), "month"])
    said("survival-notice", "and a {~} one from month {} on").states(gap.sum(), first)
    assert (gap[helped["month"] >= first] > 0).all() and (gap[helped["month"] < first] == 0).all()
    lowered = []
    for low, high in ((0, 2), (2, 5), (5, 20)):
        a, b = (operations.simulate_merchants(staff_per_100_merchants=k)["survival_share"] for k in (low, high))
        lowered.extend(b < a)
    said("survival-notice", "more staff {} lowers survival").states(np.mean(lowered))
    cost = helped["staff_cost_cny"]
    said("survival-notice", "The team's cost {~} month by month").states(cost.iloc[-1] - cost.iloc[0])
    assert (np.diff(cost) <= 0).all()


def test_survival_notice_a_higher_take_means_fewer_survivors_alone_and_helped() -> None:
    low, high = (last_month(operations.compare_staffing(commission=take)) for take in (0.05, 0.15))
    said("survival-notice", "Raise the platform's take on the store: {~} merchants survive, alone and helped").states(
        (high - low).max()
    )


def test_survivors_table_is_survival_by_scenario_at_the_default_team() -> None:
    assert "operations.survival_by_scenario(staff_per_100_merchants=2)" in CELLS["survivors-table"]
    assert DEFAULTS["staff_per_100_merchants"] == 2
    said("survivors-intro", "after {} months, with the team and without").states(DEFAULTS["months"])


def test_survivors_notice_most_cinemas_survive_alone_renovation_cannot_be_saved_showrooms_gain_most() -> None:
    shares = operations.survival_by_scenario()
    helped, alone = shares[operations.WITH_TEAM], shares[operations.WITHOUT_TEAM]
    said("survivors-notice", "Most cinemas survive, {} with the team and {} alone").states(
        helped["cinema"], alone["cinema"]
    )
    types = population.merchant_types().set_index("scenario")
    cinema = types.loc["cinema"]
    said("survivors-notice", "with the film taking {} of each ticket").states(merchant("cinema").cost_share)
    said("survivors-notice", "their walk-ins and vouchers pay most of their costs, and members the rest").states()
    assert 0.5 * cinema["fixed_cost_cny"] < cinema["base_margin_cny"] < cinema["fixed_cost_cny"]
    firm = types.loc["renovation"]
    said("survivors-notice", "The renovation firms fail with or without it").states()
    assert firm["base_margin_cny"] + firm["lead_margin_cny"] < firm["fixed_cost_cny"]  # even at full skill
    assert max(helped["renovation"], alone["renovation"]) < 0.05
    said("survivors-notice", "The furniture showrooms gain most: {} survive with the team, {} alone").states(
        helped["furniture"], alone["furniture"]
    )
    assert (helped - alone).idxmax() == "furniture"
    said("survivors-notice", "The restaurants {} fail, helped or not").states(
        1 - max(helped["restaurant"], alone["restaurant"])
    )
    restaurant = types.loc["restaurant"]
    assert restaurant["base_margin_cny"] < restaurant["fixed_cost_cny"]  # members must pay the rest


def test_survival_try_no_staff_makes_one_curve_and_says_there_is_nothing_to_pay() -> None:
    staff = said("survival-try", "Set the staff to {}: both curves become one").figures()[0]
    panel = leg2.survival_panel()
    panel.set_values(staff_per_100_merchants=staff.value)
    rows = pd.DataFrame(chart_rows(panel))
    np.testing.assert_array_equal(
        rows.loc[rows["staffing"] == HELPED, "survival_share"],
        rows.loc[rows["staffing"] == ALONE, "survival_share"],
    )
    said("survival-try", "the summary says there is no team to pay for").states()
    assert "no team to pay for" in panel.status.value


def test_returns_model_uses_the_returns_charts_sizes() -> None:
    assert "operations.staffing_table(operations.TEAM_GRID)" in CELLS["returns-model"]
    assert operations.TEAM_GRID == TEAM_SIZES
    said("returns-intro", "here at every half staff member from {} to {} per 100 merchants").states(0.5, 20)
    assert tuple(np.arange(0.5, 20.5, 0.5)) == TEAM_SIZES


def test_returns_derivation_the_marginal_return_is_below_the_average_at_most_steps() -> None:
    below = (TABLE["marginal_return"] < TABLE["average_return"]).iloc[1:]
    said("returns-derivation", "the marginal return is below the average at {} steps").states(below.mean())
    assert not below.all()  # "Survival makes it lumpy": at some step the marginal return jumps above the average
    jumps = TABLE.index[1:][~below.to_numpy()]
    said("returns-derivation", "and the average rises a little").states()
    assert (np.diff(TABLE["average_return"])[jumps - 1] > 0).all()


def test_returns_notice_the_average_is_highest_for_the_smallest_team_and_falls_with_small_rises() -> None:
    average = TABLE.set_index("staff_per_100_merchants")["average_return"]
    said(
        "returns-notice", "The average return is highest for the smallest team, {} at {} staff per 100 merchants"
    ).states(average.max(), average.idxmax())
    assert average.idxmax() == average.index.min()
    said("returns-notice", "and {~} as the team grows").states(average.iloc[-1] - average.iloc[0])
    said("returns-notice", "with small rises where a group of merchants crosses").states()
    assert (np.diff(average) > 0).any()


def test_returns_notice_the_net_gain_peaks_at_the_best_team_where_the_marginal_return_crosses_0() -> None:
    table, best = by_size(), best_team()
    said(
        "returns-notice", "keeps rising up to {} staff per 100 merchants (the dashed line), where it peaks at {} M CNY"
    ).states(best, table["net_gain_cny"].max() / 1e6)
    said("returns-notice", "M CNY over the {} months").states(DEFAULTS["months"])
    said("returns-notice", "every step up to there has a {~} marginal return").states(
        table.loc[:best, "marginal_return"].min()
    )
    said("returns-notice", "every step beyond has a {~} one").states(table.loc[best + 0.5 :, "marginal_return"].max())
    assert (np.diff(table.loc[:best, "net_gain_cny"]) > 0).all()
    said("returns-notice", "is the platform's best team; lesson 04 quotes the same figure").states()
    assert operations.best_team_size() == best == synthesis_tables.BEST_TEAM


def test_returns_notice_past_the_peak_the_average_is_positive_but_each_extra_staff_member_loses() -> None:
    table, best = by_size(), best_team()
    last_paying = table.index[table["average_return"] > 0].max()
    said(
        "returns-notice", "Up to {} staff per 100, the largest team in the table, the average return is still {~}"
    ).states(last_paying, table.loc[best:last_paying, "average_return"].min())
    assert last_paying == max(operations.TEAM_GRID)
    beyond = table.loc[best + 0.5 :, "marginal_return"].max()
    said("returns-notice", "beyond {}, each extra 小二 costs {~} than the extra commission").states(best, -beyond)
    said("returns-notice", "they bring: the marginal return is {~}").states(beyond)


def test_returns_notice_the_two_lines_start_together() -> None:
    said("returns-notice", "the two lines start together").states()
    assert TABLE["marginal_return"].iloc[0] == pytest.approx(TABLE["average_return"].iloc[0])


def test_takes_notice_up_to_8_percent_the_higher_the_take_the_larger_the_best_team() -> None:
    best = leg2.takes_table()["best team (staff per 100 merchants)"]
    rising = best.loc[:0.08]
    said("takes-notice", "Up to an {} take, the {~} the take, the {~} the best team").states(
        rising.index[-1], np.diff(rising.index).min(), np.diff(rising).min()
    )
    ends = "at a {} take the best is {} per 100; at {} it is {} per 100"
    said("takes-notice", ends).states(rising.index[0], rising.iloc[0], rising.index[-1], rising.iloc[-1])
    said("takes-notice", "At {} it is {} per 100, a little {~}").states(
        best.index[-1], best.iloc[-1], best.iloc[-1] - best.iloc[-2]
    )
    survivors = [last_month(operations.compare_staffing(commission=take)) for take in best.index[-2:]]
    said("takes-notice", "so {~} merchants survive for the team to help").states((survivors[1] - survivors[0]).max())
    for take in best.index:
        assert best[take] == operations.best_team_size(commission=take), take


def test_takeaways_the_net_gain_peaks_long_after_the_average_return_is_highest() -> None:
    said("takeaways", "The net gain peaks where the marginal return crosses {}").states(0)
    said("takeaways", "long after the average return has passed its highest point").states()


def test_takeaways_the_take_and_whom_the_team_saves_are_the_models() -> None:
    best = leg2.takes_table()["best team (staff per 100 merchants)"]
    said("takeaways", "the {~} the team worth having, up to where its take costs").states(
        best.loc[0.08] - best.loc[0.03]
    )
    assert best.loc[0.10] < best.loc[0.08]  # "up to where": beyond, a higher take shrinks the best team
    shares = operations.survival_by_scenario()
    gains = shares[operations.WITH_TEAM] - shares[operations.WITHOUT_TEAM]
    said("takeaways", "it saves furniture showrooms by following up their leads and some cinemas").states()
    assert gains.idxmax() == "furniture" and gains["cinema"] > 0
    types = population.merchant_types().set_index("scenario")
    assert types.loc["furniture", "works_leads"] and types.loc["cinema", "runs_members"]
    said("takeaways", "leisure venues need almost no help and renovation firms cannot be saved").states()
    assert gains["leisure"] < 0.05 and shares.loc["leisure"].min() > 0.95
    assert shares.loc["renovation"].max() < 0.05
    assert TABLE["average_return"].idxmax() < TABLE["net_gain_cny"].idxmax()


# Exercises ------------------------------------------------------------------------------------------


def test_ex2_working_and_known_mistakes() -> None:
    worked(2, "1 − e^−0.5 = {};").states(1 - np.exp(-0.5))
    assert leg2.check(2, 0.64).correct and "divides by 10" in leg2.check(2, 1.0).message
    assert "gap to full skill" in leg2.check(2, 0.56).message


def test_ex3_working_same_slope_at_zero_and_the_gap_closed_at_10_over_e() -> None:
    worked(3, "staff per 100 merchants ({} at e = {})").states(10 / 0.5, 0.5)
    assert linear_lift(0.4, 20, 0.5) == 1 and linear_lift(0.4, 19.9, 0.5) < 1
    step = 1e-6
    built_in = (float(operations.skill_lift(0.4, step, 0.5)) - 0.4) / step
    assert built_in == pytest.approx((linear_lift(0.4, step, 0.5) - 0.4) / step, rel=1e-4)


def test_ex4_most_merchants_alone_have_gone_within_a_year_and_a_half() -> None:
    month = first_month_below_half()
    worked(4, "Month {}: within a year and a half").states(month)
    assert month <= 18
    assert leg2.check(4, month).correct and not leg2.check(4, month + 1).correct
    helped = first_month_below_half(operations.WITH_TEAM)
    assert "rows with the team" in leg2.check(4, helped).message


def test_ex5_the_marginal_return_is_negative_while_the_average_is_positive() -> None:
    worked(5, "/ (1.2 − 1.0) = {}:").states((0.4 - 0.45) / (1.2 - 1.0))
    worked(5, "the team of 12 is still {}.").states(0.4 / 1.2)
    assert leg2.check(5, -0.25).correct
    assert "average return of the team of 12" in leg2.check(5, 0.33).message
    assert "extra commission is divided by the extra cost" in leg2.check(5, 0.75).message


def test_ex6_the_best_team_at_a_six_percent_take_and_its_named_mistakes() -> None:
    table = operations.staffing_table(operations.TEAM_GRID, commission=0.06)
    best = best_team(table)
    assert best == operations.best_team_size(commission=0.06) != operations.best_team_size()
    assert 0.06 not in leg2.takes_table().index
    assert "operations.staffing_table(operations.TEAM_GRID, commission=0.06)" in CELLS["ex6"]
    assert best == table.loc[table["marginal_return"] > 0, "staff_per_100_merchants"].max()
    worked(6, "{} staff per 100 merchants: the last step with a positive marginal return").states(best)
    assert leg2.check(6, best).correct
    highest_average = table.loc[table["average_return"].idxmax(), "staff_per_100_merchants"]
    assert "highest average return" in leg2.check(6, highest_average).message
    assert "first size whose marginal return is negative" in leg2.check(6, best + 0.5).message
    assert "default 5% take" in leg2.check(6, operations.best_team_size()).message
    worked(6, "The average return is highest at {} staff per 100, far {~} it").states(
        highest_average, highest_average - best
    )


def test_ex7_twelve_staff_have_a_positive_average_but_lie_past_the_peak() -> None:
    table = by_size()
    said("ex7", "a team of {} staff per 100 merchants has an average return of {}").states(
        12, table.loc[12, "average_return"]
    )
    assert table.loc[12, "net_gain_cny"] < table["net_gain_cny"].max()
    assert (table.loc[best_team() + 1 : 12, "marginal_return"] < 0).all()
    assert table["net_gain_cny"].idxmax() > table["average_return"].idxmax()  # (c) gives up positive margins
    assert leg2.check(7, "b").correct and not leg2.check(7, "a").correct and not leg2.check(7, "c").correct


def test_ex1_the_article_says_the_supply_chain() -> None:
    assert leg2.check(1, "(b)").correct and not leg2.check(1, "a").correct


def test_survival_intro_full_skill_keeps_lesson_01s_retention_at_the_member_discount() -> None:
    said("survival-intro", "the retention $r$ of lesson 01 (at its member discount, after lesson 01's logit").states()
    types = population.merchant_types().set_index("scenario")
    for name in types.index:
        m = merchant(name)
        assert types.loc[name, "retention"] == pytest.approx(m.member_retention), name  # r_delta, not r0
        assert m.member_retention > m.retention, name  # the discount raises retention above r0
        at_half = population.skilled_retention(m.member_retention, 0.5)
        assert at_half == pytest.approx(m.member_retention**2), name  # "twice as fast": the hazard doubles


def test_the_skill_charts_legend_and_tooltip_name_the_merchants_in_chinese_in_a_chinese_lesson() -> None:
    from o2o_models import text
    from o2o_models.lessons.leg2 import panels

    try:
        text.language("zh")
        spec = panels._skill_chart(panels.skill_histogram(2, 1.5, 0.5, 0.2)).to_dict()
    finally:
        text.language("en")
    assert "商家，没有运营团队" in spec["encoding"]["color"]["legend"]["labelExpr"]
    assert spec["encoding"]["tooltip"][0]["field"] == "staffing_shown"
    assert any("平台运营团队帮忙" in step.get("calculate", "") for step in spec["transform"])
