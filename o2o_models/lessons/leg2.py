"""Lesson 02, leg 2: an official operations team (官方运营) for merchants of uneven skill."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from .. import charts, operations
from ..exercises import Feedback, check_choice, check_number
from ..gridchart import Axis, bound_chart, grid_frame
from ..livechart import LiveChart
from ..widgets import ModelPanel, slider

MERCHANTS = 2000
"""Merchants simulated in a panel: enough for smooth curves, few enough for a fast redraw."""

BINS = np.linspace(0, 1, 21)


def skill_histogram(staff_per_100_merchants: float, staff_effectiveness: float, skill_mean: float,
                    skill_spread: float) -> pd.DataFrame:
    """Merchants per skill band (width 0.05), before and after the team's help."""
    skills = operations.skill_distribution(MERCHANTS, skill_mean, skill_spread, staff_per_100_merchants,
                                           staff_effectiveness)
    frames = []
    for column, label in (("skill_before", operations.WITHOUT_TEAM), ("skill_after", operations.WITH_TEAM)):
        counts, _ = np.histogram(skills[column], bins=BINS)
        frames.append(pd.DataFrame({"skill_from": BINS[:-1], "skill_to": BINS[1:], "merchants": counts,
                                    "staffing": label, "mean_skill": skills[column].mean()}))
    return pd.concat(frames, ignore_index=True)


def _show_skills(frame: pd.DataFrame, **values: float) -> tuple[alt.Chart, str]:
    scale = alt.Scale(domain=[operations.WITHOUT_TEAM, operations.WITH_TEAM],
                      range=[charts.OKABE_ITO["grey"], charts.CONCEPT_COLOURS["platform 平台"]])
    chart = alt.Chart(frame, title="Merchants' skill 素质, before and after the operations team's help",
                      width=charts.WIDTH, height=charts.HEIGHT).mark_bar(opacity=0.6).encode(
        x=alt.X("skill_from", type="quantitative", title="operating skill (0 = none, 1 = expert)", scale=alt.Scale(domain=[0, 1])),
        x2=alt.X2("skill_to"),
        y=alt.Y("merchants", type="quantitative", title="merchants", stack=None),
        y2=alt.datum(0),
        color=alt.Color("staffing", type="nominal", title=None, scale=scale, legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("staffing", type="nominal"), alt.Tooltip("skill_from", type="quantitative", title="skill from"),
                 alt.Tooltip("merchants", type="quantitative")])
    means = frame.groupby("staffing")["mean_skill"].first()
    return chart, (f"Mean skill <b>{means[operations.WITHOUT_TEAM]:.2f}</b> alone, "
                   f"<b>{means[operations.WITH_TEAM]:.2f}</b> with the team.")


def skill_panel() -> ModelPanel:
    """How staff lift skill, with diminishing returns, across merchants of uneven skill."""
    controls = {
        "staff_per_100_merchants": slider("Ops staff 小二", 2, 0, 20, 0.5, "per 100 merchants"),
        "staff_effectiveness": slider("Staff effectiveness", 0.5, 0, 2, 0.1, "e in 1 - exp(-e k / 10)"),
        "skill_mean": slider("Mean skill", 0.5, 0.1, 0.9, 0.05, "0 to 1"),
        "skill_spread": slider("Skill spread 参差不齐", 0.2, 0.05, 0.3, 0.01, "standard deviation"),
    }
    return ModelPanel(controls, skill_histogram, _show_skills, title="Uneven merchants 素质参差不齐, with and without help")


def survival(staff_per_100_merchants: float, staff_effectiveness: float, skill_spread: float,
             commission: float) -> pd.DataFrame:
    """Share of merchants still trading each month, with and without the team (same merchants)."""
    frame = operations.compare_staffing(n_merchants=MERCHANTS, staff_per_100_merchants=staff_per_100_merchants,
                                        staff_effectiveness=staff_effectiveness, skill_spread=skill_spread,
                                        commission=commission)
    ratio = operations.staffing_return(frame) if staff_per_100_merchants > 0 else float("nan")
    return frame[["month", "staffing", "survival_share"]].assign(return_on_staff=ratio)


def _survival_chart(frame: pd.DataFrame) -> alt.LayerChart:
    return charts.lines(frame.replace({operations.WITH_TEAM: "platform 平台 ops team 运营团队",
                                       operations.WITHOUT_TEAM: "merchant 商家 alone"}),
                        "month", "survival_share", "staffing",
                        title="Who survives: merchants still trading, with and without an operations team",
                        x_title="month", y_title="share of merchants still trading")


def _show_survival(frame: pd.DataFrame, **values: float) -> tuple[alt.LayerChart, str]:
    last = frame[frame["month"] == frame["month"].max()].set_index("staffing")
    ratio = frame["return_on_staff"].iloc[0]
    verdict = ("no team, so no return to measure" if np.isnan(ratio)
               else f"the platform's return on its staff <b>{ratio:+.0%}</b>")
    return _survival_chart(frame), (
        f"After 36 months <b>{last.loc[operations.WITH_TEAM, 'survival_share']:.0%}</b> survive with the team, "
        f"<b>{last.loc[operations.WITHOUT_TEAM, 'survival_share']:.0%}</b> without; {verdict}.")


def survival_panel() -> ModelPanel:
    """Leg 2's main panel: merchant survival with and without the platform's operations staff."""
    controls = {
        "staff_per_100_merchants": slider("Ops staff 小二", 2, 0, 20, 0.5, "per 100 merchants"),
        "staff_effectiveness": slider("Staff effectiveness", 0.5, 0, 2, 0.1, "e in 1 - exp(-e k / 10)"),
        "skill_spread": slider("Skill spread 参差不齐", 0.2, 0.05, 0.3, 0.01, "standard deviation"),
        "commission": slider("Platform take 返点", 0.05, 0, 0.2, 0.01, "share of sales", percent=True),
    }
    return ModelPanel(controls, survival, _show_survival,
                      title="Who survives on the platform: merchants alone, or helped by 小二")


def survival_site_chart() -> alt.TopLevelMixin:
    """Survival over a grid of staffing levels and platform takes, for pages with no kernel."""
    axes = [Axis("staff_per_100_merchants", "Ops staff 小二 (per 100 merchants)", 0, 20, 2, 2),
            Axis("commission", "Platform take 返点 (share of sales)", 0.0, 0.2, 0.05, 0.05)]
    grid = grid_frame(survival, axes, staff_effectiveness=0.5, skill_spread=0.2)
    return bound_chart(_survival_chart, grid, axes)


PANELS = [skill_panel, survival_panel]
SITE_CHARTS = {"survival_panel": survival_site_chart}


def return_by_staffing(levels: tuple[float, ...] = (0.5, 1, 2, 5, 10, 20)) -> pd.DataFrame:
    """The platform's return on its team at several staffing levels (default parameters)."""
    return pd.DataFrame({
        "staff per 100 merchants": levels,
        "return on staff": [round(operations.return_on_staff(staff_per_100_merchants=k), 4) for k in levels],
    }).set_index("staff per 100 merchants")


def return_chart() -> LiveChart:
    """The return on staff as the team grows: diminishing returns, with a best size."""
    levels = np.arange(0.5, 20.5, 0.5)
    frame = pd.DataFrame({"staff_per_100_merchants": levels, "series": "platform 平台",
                          "return_on_staff": [operations.return_on_staff(staff_per_100_merchants=k) for k in levels]})
    return LiveChart(charts.lines(frame, "staff_per_100_merchants", "return_on_staff", "series",
                                  title="The platform's return on its operations staff",
                                  x_title="ops staff per 100 merchants", y_title="return on staff (fraction)",
                                  zero_rule=True))


def check_skill_lift(answer: object) -> Feedback:
    """Exercise 1: a merchant of skill 0.4 helped by 10 staff per 100 merchants at effectiveness 0.5."""
    expected = float(operations.skill_lift(np.array(0.4), 10, 0.5))
    return check_number(answer, expected, unit="skill (0 to 1)", why="s' = s + (1 - s)(1 - exp(-e k / 10)).")


def check_survival_with_team(answer: object) -> Feedback:
    """Exercise 2: the share of merchants still trading after 36 months at the panel's defaults."""
    frame = survival(2, 0.5, 0.2, 0.05)
    expected = float(frame.query("staffing == @operations.WITH_TEAM and month == 36")["survival_share"].iloc[0])
    return check_number(answer, expected, unit="fraction of merchants", rel_tol=0.02,
                        why="Read it from the panel's summary at its default settings (press Reset).")


def check_taobao(answer: object) -> Feedback:
    """Exercise 3: where, according to the article, do most Taobao and Tmall merchants win?"""
    return check_choice(answer, "b", {
        "a": "Not according to the article: it asks how many merchants really win on front-end operations, "
             "and answers few: the 小二 run much of that for them.",
        "b": "Right: \"大部分都是依赖后端的供应链\" — most rely on their back-end supply chain, while Alibaba's "
             "小二 carry much of the front-end operations.",
        "c": "Advertising matters, but the article's point is the division of labour: supply chain for the "
             "merchant, storefront operations with the platform's staff.",
    })


def first_month_below_half(comparison: pd.DataFrame) -> int:
    """The first month in which fewer than half the merchants without a team are still trading."""
    alone = comparison[comparison["staffing"] == operations.WITHOUT_TEAM]
    return int(alone.loc[alone["survival_share"] < 0.5, "month"].min())


def check_first_month_below_half(answer: object) -> Feedback:
    """Exercise 4 (pandas): from compare_staffing at its defaults."""
    expected = first_month_below_half(operations.compare_staffing())
    return check_number(answer, expected, unit="month", rel_tol=0, abs_tol=0.5,
                        why="Filter staffing == 'no ops team' and survival_share < 0.5, then take the smallest month.")
