"""Lesson 02's panels (steps 1-2): merchants of uneven skill, the lift, and who survives, each declaration
(`o2o_models.interactive.panels.Panel`) beside the model call, chart and summary it names.

A little over 300 lines: the three panels draw one population of merchants, and splitting them would
split the simulation they share.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import numpy as np
import pandas as pd

from ... import operations
from ...interactive import charts
from ...interactive.panels import Lever, Panel, site_charts
from ...interactive.widgets import ModelPanel
from ...interactive.yours import answer_of, unfinished
from ...text import N_, Share, _
from ..common import words

DEFAULTS = operations.DEFAULTS
MERCHANTS = DEFAULTS["n_merchants"]
"""Merchants simulated in a panel: the model's default population, so panels and model calls agree."""
ALONE = N_("merchant 商家 with no ops team")
HELPED = N_("platform 平台 ops team helps")
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
    relabel = {"labelExpr": expression} if (expression := charts.shown_label(order)) else {}
    legend = alt.Legend(orient="top", symbolStrokeWidth=2.5, labelLimit=0, **relabel)  # in the reader's language
    base = alt.Chart(frame, title=_(SKILL_TITLE), width=charts.WIDTH, height=charts.HEIGHT)
    shown = charts.shown_label(order, 'datum["staffing"]')
    if shown:
        base = base.transform_calculate(staffing_shown=shown)
    return base.mark_bar(strokeWidth=2.5).encode(
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
            alt.Tooltip("staffing_shown" if shown else "staffing", type="nominal", title=_("merchants")),
            alt.Tooltip("skill_from", type="quantitative", title=_("skill from"), format=".2f"),
            alt.Tooltip("skill_to", type="quantitative", title=_("skill to"), format=".2f"),
            alt.Tooltip("merchants", type="quantitative", title=_("merchants in the band")),
        ],
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
    levers=(
        Lever("staff_per_100_merchants", grid=(0, 10, 0.5)),
        Lever("staff_effectiveness"),
        Lever("skill_mean"),
        Lever("skill_spread", grid=(0.05, 0.3, 0.025)),
    ),
    compute=skill_histogram,
    chart=_skill_chart,
    summary=_skill_summary,
)


def skill_panel() -> ModelPanel:
    """How staff lift the skill of merchants of uneven skill: the whole population as histograms."""
    return SKILLS.widget()


LIFT_TITLE = "One merchant's skill as the team grows"
LIFT_STAFF = np.arange(0, 21, 1.0)
BUILT_IN = N_("built-in lift (1): diminishing returns")
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
                float(
                    answer_of(
                        your_lift,
                        skill=skill,
                        staff_per_100_merchants=float(k),
                        staff_effectiveness=staff_effectiveness,
                    )
                )
                for k in LIFT_STAFF
            ]
        except Exception as error:  # noqa: BLE001 - a student's unfinished model is reported, not raised
            note = unfinished(error)
        else:
            if np.isfinite(mine).all():
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
    levers=(Lever("skill", grid=(0.0, 1.0, 0.05)), Lever("staff_effectiveness", grid=(0.0, 2.0, 0.1))),
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
    ).format(months=frame["month"].max(), helped=Share(last[HELPED]), alone=Share(last[ALONE]))
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
        Lever("staff_per_100_merchants", grid=(0, 10, 1)),
        Lever("staff_effectiveness"),
        Lever("skill_spread"),
        Lever("platform_take", grid=(0.0, 0.2, 0.01)),
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
