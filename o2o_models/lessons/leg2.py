"""Lesson 02, leg 2: an official operations team (官方运营) for merchants of uneven skill.

The lesson follows `o2o_models.operations`: merchants of uneven skill, the staff (小二) who
lift it with diminishing returns, who survives with and without the team, and what the
team earns the platform, on average and at the margin. Each step has a panel, declared
once (`o2o_models.interactive.panels.Panel`: its levers by name, the model call, the
chart, the summary, the presets), which makes the notebook's widget and the site's chart;
then the exercises' self-checks (`WORKBOOK`).

The module runs past the house length of about 300 lines: it keeps, in the order the
notebook meets them, each panel's model call, chart and summary beside its declaration,
and the Workbook, so that one file holds everything the lesson's notebook calls.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import altair as alt
import numpy as np
import pandas as pd

from .. import operations
from ..interactive import charts
from ..interactive.livechart import LiveChart
from ..interactive.panels import Lever, Panel, described, site_charts, unfinished
from ..interactive.text import _
from ..interactive.widgets import ModelPanel
from .common import source, words
from .exercises import Choice, Function, Number, Workbook

__all__ = [
    "skill_panel",
    "lift_panel",
    "survival_panel",
    "gain_chart",
    "returns_chart",
    "takes_table",
    "glossary",
    "check",
    "hint",
    "solution",
    "source",
]

DEFAULTS = operations.DEFAULTS
MERCHANTS = DEFAULTS["n_merchants"]
"""Merchants simulated in a panel: the model's default population, so panels and model calls agree."""
MONTHS = DEFAULTS["months"]
TEAM_SIZES = tuple(range(1, 21))
"""Team sizes (staff per 100 merchants) of the returns chart."""
HALF_STEPS = tuple(np.arange(0.5, 20.5, 0.5))
"""The finer grid of exercise 6."""
TAKES = (0.03, 0.05, 0.08, 0.10)
"""Platform takes compared in `takes_table`."""
ALONE = "merchant 商家 alone"
HELPED = "platform 平台 ops team helps"
LABELS = {operations.WITHOUT_TEAM: ALONE, operations.WITH_TEAM: HELPED}
TERMS = (
    "官方运营",
    "小二",
    "阿里小二",
    "素质参差不齐",
    "供应链",
    "淘宝",
    "天猫",
    "返点",
    "平均回报",
    "边际回报",
    "服务商",
)
"""The glossary terms this lesson uses."""


def __dir__() -> list[str]:
    return __all__


def glossary() -> pd.io.formats.style.Styler:
    """The glossary entries of the terms this lesson uses."""
    return words(TERMS)


# Step 1: merchants of uneven skill, and the lift ---------------------------------------------------

SKILL_TITLE = "素质参差不齐: merchants' skill before and after the operations team's help"
BINS = np.linspace(0, 1, 21)


def skill_histogram(
    staff_per_100_merchants: float, staff_effectiveness: float, skill_mean: float, skill_spread: float
) -> pd.DataFrame:
    """Merchants per skill band (width 0.05), alone and helped, from `operations.skill_distribution`."""
    skills = operations.skill_distribution(
        MERCHANTS, skill_mean, skill_spread, staff_per_100_merchants, staff_effectiveness
    )
    frames = []
    for column, label in (("skill_before", ALONE), ("skill_after", HELPED)):
        counts, _ = np.histogram(skills[column], bins=BINS)
        frames.append(
            pd.DataFrame(
                {
                    "skill_from": BINS[:-1],
                    "skill_to": BINS[1:],
                    "merchants": counts,
                    "staffing": label,
                    "mean_skill": skills[column].mean(),
                    "spread": skills[column].std(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _skill_chart(frame: pd.DataFrame) -> alt.Chart:
    """Overlaid histograms: the merchants alone as filled bars, helped as dashed outlines."""
    order = [ALONE, HELPED]
    colours = charts.colour_scale(order)
    legend = alt.Legend(orient="top", symbolStrokeWidth=2.5, labelLimit=0)
    return (
        alt.Chart(frame, title=_(SKILL_TITLE), width=charts.WIDTH, height=charts.HEIGHT)
        .mark_bar(strokeWidth=2.5)
        .encode(
            x=alt.X(
                "skill_from",
                type="quantitative",
                title=_("operating skill (0 = none, 1 = expert)"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            x2=alt.X2("skill_to"),
            y=alt.Y("merchants", type="quantitative", title=_("merchants"), stack=None),
            y2=alt.datum(0),
            color=alt.Color("staffing", type="nominal", title=None, scale=colours, legend=legend),
            stroke=alt.Stroke("staffing", type="nominal", title=None, scale=colours, legend=legend),
            strokeDash=alt.StrokeDash(
                "staffing", type="nominal", title=None, scale=charts.dash_scale(order), legend=legend
            ),
            fillOpacity=alt.FillOpacity(
                "staffing",
                type="nominal",
                title=None,
                legend=legend,
                scale=alt.Scale(domain=order, range=[0.55, 0.08]),
            ),
            tooltip=[
                alt.Tooltip("staffing", type="nominal", title=_("merchants")),
                alt.Tooltip("skill_from", type="quantitative", title=_("skill from"), format=".2f"),
                alt.Tooltip("skill_to", type="quantitative", title=_("skill to"), format=".2f"),
                alt.Tooltip("merchants", type="quantitative", title=_("merchants in the band")),
            ],
        )
    )


def _skill_summary(frame: pd.DataFrame) -> str:
    stats = frame.groupby("staffing")[["mean_skill", "spread"]].first()
    return _(
        "Mean skill <b>{alone:.2f}</b> alone, <b>{helped:.2f}</b> with the team; the spread (standard deviation) "
        "goes from <b>{spread_alone:.3f}</b> to <b>{spread_helped:.3f}</b>: the weakest merchants gain most."
    ).format(
        alone=stats.loc[ALONE, "mean_skill"],
        helped=stats.loc[HELPED, "mean_skill"],
        spread_alone=stats.loc[ALONE, "spread"],
        spread_helped=stats.loc[HELPED, "spread"],
    )


SKILLS = Panel(
    title="Uneven merchants 素质参差不齐, alone and with the team's help",
    chart_title=SKILL_TITLE,
    levers=(Lever("staff_per_100_merchants"), Lever("staff_effectiveness"), Lever("skill_mean"), Lever("skill_spread")),
    compute=skill_histogram,
    chart=_skill_chart,
    summary=_skill_summary,
)


def skill_panel() -> ModelPanel:
    """How staff lift the skill of merchants of uneven skill: the whole population as histograms."""
    return SKILLS.widget()


LIFT_TITLE = "One merchant's skill as the team grows"
LIFT_STAFF = np.arange(0, 21, 1.0)
BUILT_IN = "built-in lift (1): diminishing returns"
YOURS = "your model"


def lift_curve(skill: float, staff_effectiveness: float, your_lift: Callable[..., float] | None = None) -> pd.DataFrame:
    """One merchant's skill after help against staff per 100 merchants, 0 to 20: `operations.skill_lift`,
    and the student's model if it runs (a failing one is left out, and ``note`` says why)."""
    frames = [
        pd.DataFrame(
            {
                "staff_per_100_merchants": LIFT_STAFF,
                "series": BUILT_IN,
                "skill_after": operations.skill_lift(skill, LIFT_STAFF, staff_effectiveness),
            }
        )
    ]
    note = ""
    if your_lift is not None:
        try:
            mine = [
                your_lift(skill=skill, staff_per_100_merchants=float(k), staff_effectiveness=staff_effectiveness)
                for k in LIFT_STAFF
            ]
            mine = None if any(value is None for value in mine) else [float(value) for value in mine]
        except Exception as error:  # noqa: BLE001 - a student's unfinished model is reported, not raised
            note = unfinished(error)
        else:
            if mine is None:
                note = _("Your model returns nothing yet: finish its body (replace the `...`) and `return` the skill.")
            elif np.isfinite(mine).all():
                frames.append(
                    pd.DataFrame({"staff_per_100_merchants": LIFT_STAFF, "series": YOURS, "skill_after": mine})
                )
            else:
                note = _("Your model returns a value that is not a finite number for some team size: check it.")
    return pd.concat(frames, ignore_index=True).assign(skill_before=skill, note=note)


def _at(frame: pd.DataFrame, series: str, staff: float) -> float:
    rows = frame[(frame["series"] == series) & (frame["staff_per_100_merchants"] == staff)]
    return float(rows["skill_after"].iloc[0])


def _lift_chart(frame: pd.DataFrame) -> alt.LayerChart:
    return charts.lines(
        frame,
        "staff_per_100_merchants",
        "skill_after",
        "series",
        title=_(LIFT_TITLE),
        x_title=_("ops staff 小二 per 100 merchants"),
        y_title=_("skill after help (0 to 1)"),
        description=_(LIFT_TITLE),
    )


def _lift_summary(frame: pd.DataFrame) -> str:
    before = frame["skill_before"].iloc[0]
    first, second = (_at(frame, BUILT_IN, 5) - before, _at(frame, BUILT_IN, 10) - _at(frame, BUILT_IN, 5))
    summary = _(
        "A merchant of skill {before:.2f}: by the built-in lift (1) the first 5 staff per 100 merchants "
        "add <b>{first:.3f}</b>, the next 5 add <b>{second:.3f}</b>; at 10 it reaches <b>{at_10:.3f}</b>."
    ).format(before=before, first=first, second=second, at_10=_at(frame, BUILT_IN, 10))
    if YOURS in set(frame["series"]):
        mine = (_at(frame, YOURS, 5) - before, _at(frame, YOURS, 10) - _at(frame, YOURS, 5))
        summary += _(
            " Your model: <b>{first:.3f}</b> and <b>{second:.3f}</b>, reaching <b>{at_10:.3f}</b> at 10."
        ).format(first=mine[0], second=mine[1], at_10=_at(frame, YOURS, 10))
    return f"{summary} {frame['note'].iloc[0]}".strip()


LIFT = Panel(
    title="Diminishing returns: one merchant, more and more staff",
    chart_title=LIFT_TITLE,
    levers=(Lever("skill"), Lever("staff_effectiveness")),
    compute=lift_curve,
    chart=_lift_chart,
    summary=_lift_summary,
    structure=lambda frame: list(dict.fromkeys(frame["series"])),
)


def lift_panel(your_lift: Callable[..., float] | None = None) -> ModelPanel:
    """Equation (1) for one merchant; pass ``your_lift`` to draw your own model beside it."""
    return LIFT.widget(your_lift=your_lift)


# Step 2: who survives ------------------------------------------------------------------------------

SURVIVAL_TITLE = "Who survives: merchants still trading, alone and with an operations team"


def survival(
    staff_per_100_merchants: float, staff_effectiveness: float, skill_spread: float, commission: float
) -> pd.DataFrame:
    """Share of merchants still trading each month, alone and helped (`operations.compare_staffing`,
    same merchants and shocks), with the team's cost and extra commission over the horizon (CNY)."""
    frame = operations.compare_staffing(
        n_merchants=MERCHANTS,
        staff_per_100_merchants=staff_per_100_merchants,
        staff_effectiveness=staff_effectiveness,
        skill_spread=skill_spread,
        commission=commission,
    )
    helped = frame["staffing"].to_numpy() == operations.WITH_TEAM
    revenue = frame["platform_revenue_cny"].to_numpy()
    return pd.DataFrame(
        {
            "month": frame["month"],
            "staffing": np.where(helped, HELPED, ALONE),
            "survival_share": frame["survival_share"],
            "staff_cost_cny": frame["staff_cost_cny"].to_numpy()[helped].sum(),
            "extra_commission_cny": revenue[helped].sum() - revenue[~helped].sum(),
        }
    )


def _survival_chart(frame: pd.DataFrame) -> alt.LayerChart:
    return charts.lines(
        frame,
        "month",
        "survival_share",
        "staffing",
        title=_(SURVIVAL_TITLE),
        x_title=_("month"),
        y_title=_("share of merchants still trading"),
        description=_(SURVIVAL_TITLE),
    )


def survival_summary(frame: pd.DataFrame) -> str:
    """The survival panel's summary: who is left after the horizon, and what the team cost and brought."""
    last = frame[frame["month"] == frame["month"].max()].set_index("staffing")["survival_share"]
    cost, extra = frame["staff_cost_cny"].iloc[0], frame["extra_commission_cny"].iloc[0]
    head = _(
        "After {months:.0f} months <b>{helped:.1%}</b> of merchants still trade with the team, "
        "<b>{alone:.1%}</b> alone."
    ).format(months=frame["month"].max(), helped=last[HELPED], alone=last[ALONE])
    if cost == 0:
        return f"{head} " + _("With no staff there is no team to pay for, and no return to measure.")
    return f"{head} " + _(
        "The team costs <b>{cost:,.1f} M CNY</b> (paid only for merchants still trading) and brings "
        "<b>{extra:,.1f} M CNY</b> of extra commission: a net gain of <b>{net:+,.1f} M CNY</b>, an average return "
        "of <b>{average:+.0%}</b> on its cost."
    ).format(cost=cost / 1e6, extra=extra / 1e6, net=(extra - cost) / 1e6, average=(extra - cost) / cost)


SURVIVAL = Panel(
    title="Who survives on the platform: merchants alone, or helped by 小二",
    chart_title=SURVIVAL_TITLE,
    levers=(
        Lever("staff_per_100_merchants", grid=(0, 20, 2)),
        Lever("staff_effectiveness"),
        Lever("skill_spread"),
        Lever("platform_take", grid=(0.0, 0.2, 0.05)),
    ),
    compute=survival,
    chart=_survival_chart,
    summary=survival_summary,
    site_columns=("month", "staffing", "survival_share"),
)


def survival_panel() -> ModelPanel:
    """Leg 2's main panel: merchant survival alone and with the platform's operations staff."""
    return SURVIVAL.widget()


survival_site_chart = SURVIVAL.site_chart
DECLARED = {"skill_panel": SKILLS, "lift_panel": LIFT, "survival_panel": SURVIVAL}
"""Each panel's declaration, by the function a notebook calls."""
PANELS = [skill_panel, lift_panel, survival_panel]
SITE_CHARTS = site_charts(DECLARED)
"""The charts the site shows for these panels, with no kernel (`scripts/build_site.py`)."""


# Step 3: average and marginal return --------------------------------------------------------------

GAIN_TITLE = "The platform's net gain from its operations team"
RETURNS_TITLE = "Average and marginal return on staff 平均回报与边际回报"
AVERAGE = "average return: net gain / staff cost"
MARGINAL = "marginal return: extra net gain / extra staff cost"


@functools.lru_cache(maxsize=16)
def staffing(commission: float = DEFAULTS["commission"], levels: tuple[float, ...] = TEAM_SIZES) -> pd.DataFrame:
    """`operations.staffing_table` at ``levels`` and this take, other figures at their defaults (cached)."""
    return operations.staffing_table(levels, commission=commission)


def best_team(table: pd.DataFrame) -> float:
    """The team size (staff per 100 merchants) with the largest net gain in a `staffing_table`."""
    return float(table.loc[table["net_gain_cny"].idxmax(), "staff_per_100_merchants"])


def returns_summary(table: pd.DataFrame) -> str:
    """Where the net gain peaks (the marginal return crosses 0), against where the average return is highest."""
    sizes = table["staff_per_100_merchants"]
    peak = table.loc[table["net_gain_cny"].idxmax()]
    top = table.loc[table["average_return"].idxmax()]
    after = table[sizes > peak["staff_per_100_merchants"]]
    crossing = (
        _("it is the largest team in the table")
        if after.empty
        else _("its marginal return is positive up to there and negative beyond ({next:+.0%} for the next step)")
    ).format(next=after["marginal_return"].iloc[0] if len(after) else 0.0)
    falls = (
        _("falls at every step") if (np.diff(table["average_return"]) < 0).all() else _("does not fall at every step")
    )
    positive = table.loc[table["average_return"] > 0, "staff_per_100_merchants"]
    stays = _("; it stays positive up to {most:g} per 100").format(most=positive.max()) if len(positive) else ""
    return _(
        "The net gain peaks at <b>{peak:g}</b> staff per 100 merchants (<b>{gain:,.1f} M CNY</b> over {months} "
        "months): {crossing}. The average return is highest at <b>{top:g}</b> per 100 (<b>{top_return:+.0%}</b>) "
        "and {falls}{stays}."
    ).format(
        peak=peak["staff_per_100_merchants"],
        gain=peak["net_gain_cny"] / 1e6,
        months=MONTHS,
        crossing=crossing,
        top=top["staff_per_100_merchants"],
        top_return=top["average_return"],
        falls=falls,
        stays=stays,
    )


def _returns_frame(table: pd.DataFrame) -> pd.DataFrame:
    long = table.melt(
        id_vars=["staff_per_100_merchants"],
        value_vars=["average_return", "marginal_return"],
        var_name="series",
        value_name="return_per_cny",
    )
    return long.replace({"series": {"average_return": AVERAGE, "marginal_return": MARGINAL}})


def _peak_rule(table: pd.DataFrame) -> alt.Chart:
    peak = table.loc[[table["net_gain_cny"].idxmax()], ["staff_per_100_merchants", "net_gain_cny"]]
    return (
        alt.Chart(peak, width=charts.WIDTH, height=charts.HEIGHT)
        .mark_rule(strokeDash=[6, 4], size=2, color=charts.OKABE_ITO["grey"])
        .encode(
            x=alt.X("staff_per_100_merchants", type="quantitative"),
            tooltip=[
                alt.Tooltip("staff_per_100_merchants", type="quantitative", title=_("net gain peaks at (staff)")),
                alt.Tooltip("net_gain_cny", type="quantitative", title=_("net gain (CNY)"), format=",.0f"),
            ],
        )
    )


def gain_chart(commission: float = DEFAULTS["commission"]) -> LiveChart:
    """The platform's net gain from its team by team size, at a platform take; dashed at its peak."""
    table = staffing(float(commission))
    gain = table.assign(series="platform 平台 net gain", net_gain_m_cny=table["net_gain_cny"] / 1e6)
    title = _("{title}, platform take {take:.0%}").format(title=_(GAIN_TITLE), take=commission)
    lines = charts.lines(
        gain,
        "staff_per_100_merchants",
        "net_gain_m_cny",
        "series",
        title=title,
        x_title=_("ops staff 小二 per 100 merchants"),
        y_title=_("net gain over {months} months (M CNY)").format(months=MONTHS),
        description=title,
        zero_rule=True,
    )
    return LiveChart(described(alt.layer(*lines.layer, _peak_rule(table)), title, returns_summary(table)))


def returns_chart(commission: float = DEFAULTS["commission"]) -> LiveChart:
    """Average and marginal return by team size, at a platform take; dashed where the net gain peaks."""
    table = staffing(float(commission))
    title = _("{title}, platform take {take:.0%}").format(title=_(RETURNS_TITLE), take=commission)
    lines = charts.lines(
        _returns_frame(table),
        "staff_per_100_merchants",
        "return_per_cny",
        "series",
        title=title,
        x_title=_("ops staff 小二 per 100 merchants"),
        y_title=_("return per CNY of staff"),
        description=title,
        zero_rule=True,
    )
    return LiveChart(described(alt.layer(*lines.layer, _peak_rule(table)), title, returns_summary(table)))


def takes_table(takes: tuple[float, ...] = TAKES) -> pd.DataFrame:
    """For each platform take: the team size with the largest net gain, that gain, and the average return there."""
    rows = []
    for take in takes:
        table = staffing(float(take)).set_index("staff_per_100_merchants")
        best = best_team(table.reset_index())
        rows.append(
            {
                "platform take 返点": take,
                "best team (staff per 100 merchants)": best,
                "net gain there (M CNY)": table.loc[best, "net_gain_cny"] / 1e6,
                "average return there": table.loc[best, "average_return"],
                "marginal return of its last step": table.loc[best, "marginal_return"],
            }
        )
    return pd.DataFrame(rows).set_index("platform take 返点").round(3)


# Exercises ------------------------------------------------------------------------------------------


def _linear_lift(skill: float, staff_per_100_merchants: float, staff_effectiveness: float) -> float:
    """Constant returns: each staff member closes e/10 of the gap, until it is closed (exercise 3)."""
    return skill + (1 - skill) * min(1.0, staff_effectiveness * staff_per_100_merchants / 10)


def first_month_below_half(comparison: pd.DataFrame, staffing_label: str = operations.WITHOUT_TEAM) -> int:
    """The first month in which fewer than half the merchants (of one staffing) are still trading."""
    rows = comparison[comparison["staffing"] == staffing_label]
    return int(rows.loc[rows["survival_share"] < 0.5, "month"].min())


def _half_grid() -> pd.DataFrame:
    return staffing(DEFAULTS["commission"], HALF_STEPS)


def _first_negative_marginal() -> float:
    table = _half_grid()
    return float(table.loc[table["marginal_return"] < 0, "staff_per_100_merchants"].min())


def _last_positive_average() -> float:
    table = _half_grid()
    return float(table.loc[table["average_return"] > 0, "staff_per_100_merchants"].max())


# Exercise 5's platform: a team of 10 costs 1.0 M CNY and brings 1.45 M; 12 cost 1.2 M and bring 1.6 M.
EX5 = {"cost_10": 1.0, "extra_10": 1.45, "cost_12": 1.2, "extra_12": 1.6}


def _ex5_marginal() -> float:
    e = EX5
    return ((e["extra_12"] - e["cost_12"]) - (e["extra_10"] - e["cost_10"])) / (e["cost_12"] - e["cost_10"])


WORKBOOK = Workbook(
    "02_leg2_operations_team",
    {
        1: Choice(
            key="taobao-merchants-win",
            expected="b",
            explanations={
                "a": "Not according to the article: it asks how many merchants really win on front-end operations, "
                "and answers few: the 小二 run much of that for them.",
                "b": 'Right: "大部分都是依赖后端的供应链": most rely on their back-end supply chain, while Alibaba\'s '
                "小二 carry much of the front-end operations.",
                "c": "Advertising matters, but the article's point is a division of labour: supply chain for the "
                "merchant, storefront operations with the platform's staff.",
            },
            hint="Reread the second quotation: what does the article say most Taobao and Tmall merchants rely on?",
            working=lambda: (
                '**(b)**, the back-end supply chain: "大部分都是依赖后端的供应链，通过供应链死磕其他同行". '
                "The platform's 小二 handle much of the front end; WeChat merchants in 2014 had no such "
                "staff, which is the article's second leg."
            ),
        ),
        2: Number(
            key="skill-lift-0.4-k10-e0.5",
            unit="skill (0 to 1)",
            places=2,
            expected=lambda: float(operations.skill_lift(0.4, 10, 0.5)),
            mistakes={
                "the /10 left out": (
                    lambda: 0.4 + 0.6 * (1 - np.exp(-0.5 * 10)),
                    "the exponent is -e k instead of -e k / 10: staff are counted per 100 "
                    "merchants, and (1) divides by 10.",
                ),
                "the skill lifted, not the gap": (
                    lambda: 0.4 + 0.4 * (1 - np.exp(-0.5)),
                    "the share is applied to the skill s. The team closes a share of the gap to full skill, 1 - s.",
                ),
            },
            hint="Equation (1): first the share of the gap closed, 1 - exp(-e k / 10), then s + (1 - s) times it.",
            working=lambda: (
                "The share of the gap closed is 1 - exp(-0.5 x 10 / 10) = 1 - e^-0.5 = 0.393; the gap is "
                "1 - 0.4 = 0.6, so s' = 0.4 + 0.6 x 0.393 = "
                f"**{float(operations.skill_lift(0.4, 10, 0.5)):.3f}**, about 0.64."
            ),
        ),
        3: Function(
            key="constant-returns-lift",
            reference=_linear_lift,
            cases=[
                {"skill": 0.4, "staff_per_100_merchants": 10.0, "staff_effectiveness": 0.5},
                {"skill": 0.2, "staff_per_100_merchants": 30.0, "staff_effectiveness": 0.5},
                {"skill": 0.9, "staff_per_100_merchants": 0.0, "staff_effectiveness": 1.0},
                {"skill": 0.0, "staff_per_100_merchants": 4.0, "staff_effectiveness": 2.0},
                {"skill": 1.0, "staff_per_100_merchants": 5.0, "staff_effectiveness": 1.0},
            ],
            hint="The share of the gap closed is e k / 10, but never more than the whole gap: `min(1, ...)`. "
            "Then skill + (1 - skill) times that share.",
            working=lambda: (
                "```python\ndef linear_lift(skill, staff_per_100_merchants, staff_effectiveness):\n"
                "    share = min(1, staff_effectiveness * staff_per_100_merchants / 10)\n"
                "    return skill + (1 - skill) * share\n```\n"
                "Both models start with the same slope: the first staff member closes e/10 of the gap in "
                "each. The built-in lift (1) then flattens; yours rises in a straight line until the gap "
                "is closed, at k = 10/e staff per 100 merchants (20 at e = 0.5)."
            ),
        ),
        4: Number(
            key="first-month-below-half-alone",
            unit="month",
            places=0,
            expected=lambda: first_month_below_half(operations.compare_staffing()),
            mistakes={
                "the team's merchants": (
                    lambda: first_month_below_half(operations.compare_staffing(), operations.WITH_TEAM),
                    "the rows with the team are filtered. The question asks about the "
                    "merchants alone, staffing == operations.WITHOUT_TEAM.",
                )
            },
            hint="Keep the rows whose staffing is `operations.WITHOUT_TEAM`, then those with survival_share below 0.5, "
            "and take the smallest month.",
            working=lambda: (
                "```python\nalone = comparison[comparison['staffing'] == operations.WITHOUT_TEAM]\n"
                "answer = alone.loc[alone['survival_share'] < 0.5, 'month'].min()\n```\n"
                f"Month **{first_month_below_half(operations.compare_staffing())}**: within a year and a "
                "half, most merchants left alone have gone."
            ),
        ),
        5: Number(
            key="marginal-return-10-to-12",
            unit="CNY per extra CNY of staff",
            places=2,
            expected=_ex5_marginal,
            mistakes={
                "average taken for marginal": (
                    lambda: (EX5["extra_12"] - EX5["cost_12"]) / EX5["cost_12"],
                    "the average return of the team of 12 is taken for the marginal "
                    "return. The question asks what the two extra staff add: the "
                    "change in net gain over the change in cost.",
                ),
                "extra commission over extra cost": (
                    lambda: (EX5["extra_12"] - EX5["extra_10"]) / (EX5["cost_12"] - EX5["cost_10"]),
                    "the extra commission is divided by the extra cost. That is what each extra yuan brings "
                    "back; the return subtracts the yuan itself.",
                ),
            },
            hint="Net gain = extra commission - staff cost, at each size. The marginal return is the change in net "
            "gain divided by the change in staff cost.",
            working=lambda: (
                "Net gain: 1.45 - 1.0 = 0.45 M CNY with 10 staff, 1.6 - 1.2 = 0.4 M with 12. The marginal "
                "return is (0.4 - 0.45) / (1.2 - 1.0) = **-0.25**: the two extra staff lose 25 fen per yuan, "
                "although the average return of the team of 12 is still +0.33."
            ),
        ),
        6: Number(
            key="best-team-half-steps",
            unit="staff per 100 merchants",
            places=1,
            expected=lambda: best_team(_half_grid()),
            mistakes={
                "best average return": (
                    lambda: float(_half_grid().loc[_half_grid()["average_return"].idxmax(), "staff_per_100_merchants"]),
                    "you took the team with the highest average return. The net gain keeps "
                    "growing as long as the marginal return is positive.",
                ),
                "first negative marginal return": (
                    _first_negative_marginal,
                    "you took the first size whose marginal return is negative: "
                    "that step already lowers the net gain, so the peak is the "
                    "size before it.",
                ),
                "last positive average return": (
                    _last_positive_average,
                    "you took the largest team whose average return is still "
                    "positive: there the team as a whole stops paying for itself, "
                    "long after extra staff have stopped paying.",
                ),
                "the whole sizes": (
                    lambda: best_team(staffing()),
                    "you read the table of whole team sizes above. The question asks for the grid in steps of 0.5.",
                ),
            },
            hint="`table['net_gain_cny'].idxmax()` gives the row with the largest net gain; `.loc` that row's "
            "staff_per_100_merchants. Check that the marginal return turns negative just after it.",
            working=lambda: (
                "```python\ntable = operations.staffing_table(np.arange(0.5, 20.5, 0.5))\n"
                "answer = table.loc[table['net_gain_cny'].idxmax(), 'staff_per_100_merchants']\n"
                "table[table['marginal_return'] > 0]['staff_per_100_merchants'].max()  # the same\n```\n"
                f"**{best_team(_half_grid()):g}** staff per 100 merchants: the last step with a positive "
                "marginal return. The average return is highest at the smallest team."
            ),
        ),
        7: Choice(
            key="keep-twelve-staff",
            expected="b",
            explanations={
                "a": "Not so: a positive average return says the team as a whole pays for itself. The staff beyond the "
                "net gain's peak each cost more than the extra commission they bring: the marginal return there "
                "is negative, and cutting them raises the net gain.",
                "b": "Right: the net gain peaks where the marginal return crosses 0. Every staff member "
                "beyond it costs more than the extra commission they bring, although the average return is still "
                "positive.",
                "c": "Not so: the smallest team has the highest average return but a much smaller net gain. Cutting "
                "the team to it gives up staff whose marginal return is still positive.",
            },
            hint="Compare the net gain at 12 with the net gain at its peak, and look at the sign of the marginal "
            "return between them.",
            working=lambda: (
                "**(b)**: cut the team to the size where the net gain peaks. There the marginal return "
                "crosses 0; at 12 per 100 the average return is still positive, but the staff beyond the "
                "peak lose money at the margin."
            ),
        ),
    },
)

check, hint, solution = WORKBOOK.check, WORKBOOK.hint, WORKBOOK.solution
