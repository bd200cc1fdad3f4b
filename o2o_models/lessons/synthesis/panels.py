"""Lesson 04's scorecards (section 1) and its legs panel (section 3): the declaration
(`o2o_models.interactive.panels.Panel`) beside the model call, chart and summary it names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import altair as alt
import pandas as pd

from ... import funnel, scenarios, strategy
from ...interactive import charts
from ...interactive.gridparts import SPOT, SUM, RankedLines, SitePart
from ...interactive.panels import Lever, Panel, site_charts
from ...interactive.widgets import ModelPanel
from ...interactive.yours import answer_of, unfinished
from ...text import N_, Share, _, language_in_use, sentence_gap, sentences
from ..common import words

MONTHS = funnel.HORIZON
TERMS = (
    "团购",
    "返点",
    "预付款",
    "信任背书",
    "会员",
    "付费流量",
    "免费传播",
    "基准",
    "亏损月份",
    "官方运营",
    "小二",
    "平均回报",
    "边际回报",
    "大众生活类",
    "大宗产品",
    "广点通",
    "H5网站",
    "竞价排名",
    "点击单价",
    "中心化",
    "去中心化",
)
"""The glossary terms this lesson uses."""

WAYS = strategy.WAYS
GROUPBUY, MEMBERS, PAID, VIRAL, BOTH = WAYS
LEG1_WAYS, LEG3_WAYS = WAYS[:2], WAYS[2:]
"""Leg 1's rows read the rebate, trust and the deal's traffic; leg 3's (the lead business) trust, that
traffic (through reviews) and the paid budget: the site's grid has a part for each (`LEGS`)."""
LEG_NUMBERS = {strategy.LEG1: 1, strategy.LEG3: 3}


def glossary() -> pd.io.formats.style.Styler:
    """The glossary entries of the terms this lesson uses, every column shown in full."""
    return words(TERMS)


# Section 3: the legs panel ------------------------------------------------------------------------


def _your_verdict(your_rule: Callable[..., object] | None, card: Mapping[str, float]) -> tuple[list[int], str]:
    """The legs a student's rule takes, and a note when it cannot be read (never an exception)."""
    if your_rule is None:
        return [], ""
    try:
        result = answer_of(your_rule, card=dict(card))
    except Exception as error:  # noqa: BLE001 - a student's unfinished rule is reported, not raised
        return [], unfinished(error, "Your rule", "run")
    try:
        legs = None if isinstance(result, (str, bytes)) else [int(leg) for leg in result]
    except (TypeError, ValueError):
        legs = None
    if legs is None or any(leg not in (1, 3) for leg in legs):
        return (
            [],
            _(
                "Your rule returned {result!r}: it should return a list of leg numbers such as [1], [3, 1] or []."
            ).format(result=result),
        )
    return legs, ""


def _named(legs: Sequence[int]) -> str:
    return _(", then ").join(_("leg {number}").format(number=n) for n in legs) if legs else _("no leg")


def _card(
    merchant: str, commission: float, trust: float, groupbuy_views: float, paid_budget_cny: float, h5_share: float
) -> dict[str, float]:
    """The scorecard of ``merchant`` with the panel's levers set (kept: asking again computes nothing)."""
    m = scenarios.merchant(merchant).replace(
        commission=commission,
        trust=trust,
        groupbuy_views=groupbuy_views,
        paid_budget_cny=paid_budget_cny,
        h5_share=h5_share,
    )
    return strategy.scorecard(m)


def leg_profits(
    merchant: str,
    commission: float,
    trust: float,
    groupbuy_views: float,
    paid_budget_cny: float,
    h5_share: float,
    your_rule: Callable[..., object] | None = None,
) -> pd.DataFrame:
    """Each way of getting customers for one merchant: gain over the baseline in 36 months (CNY) and its risk.

    The rows are `strategy.gains_table` of the merchant's scorecard, with the leg each
    rule takes: ``fits`` (the built-in `strategy.fitting_legs`) and ``yours`` (a student's
    ``your_rule(card=...)``, which returns leg numbers such as ``[1]``; the built-in rule's leg 3
    is paid clicks on top of free sharing, one team, and the student's leg 3 is paid traffic);
    ``bar_to_beat_cny`` is the gain a leg must beat: the baseline, 0.
    """
    card = _card(merchant, commission, trust, groupbuy_views, paid_budget_cny, h5_share)
    frame = strategy.gains_table(card)
    leg1_way = GROUPBUY if strategy.leg_gains(card)[strategy.LEG1][2] == "group-buy alone" else MEMBERS
    way_of = {1: leg1_way, 3: PAID}
    built_in = {{**way_of, 3: BOTH}[n] for n in strategy.legs_that_fit(card)}
    yours, note = _your_verdict(your_rule, card)
    labels = []
    for way, losing in zip(frame["way"], frame["losing_share"]):
        label = _("{way}: loses in {share:.0%} of months").format(way=_(way), share=Share(losing))
        if way in built_in:
            label += " · " + _("fits")
        if way in {way_of[n] for n in yours}:
            label += " · " + _("fits your rule")
        labels.append(label)
    return frame.assign(
        label=labels,
        fits=frame["way"].isin(built_in),
        bar_to_beat_cny=0.0,
        verdict=sentences(strategy.fitting_legs(card)),
        your_verdict=""
        if your_rule is None
        else (note or _("<b>Your rule</b> takes {legs}.").format(legs=_named(yours))),
    )


def _leg1_piece(**values: object) -> tuple[str, float | None]:
    """Leg 1's line of the verdict and its gain when it fits; nothing when it does not (`strategy.fitting_legs`)."""
    card = _card(**values)
    gains = strategy.fitting_gains(card)
    return (strategy.leg_line(card, 1), gains[1]) if 1 in gains else ("", None)


def _leg3_piece(**values: object) -> tuple[str, float | None]:
    """Leg 3's line of the verdict and its gain when it fits; else what the verdict says when no leg fits."""
    card = _card(**values)
    gains = strategy.fitting_gains(card)
    return (strategy.leg_line(card, 3), gains[3]) if 3 in gains else (strategy.no_leg_line(card), None)


BUILT_IN = N_("<b>Built-in rule</b>: {verdict}")


def _verdict_rule() -> RankedLines:
    """The built-in verdict as the page writes it from the legs' pieces: `strategy.fitting_legs`' order and lines."""
    return RankedLines(
        frame=_(BUILT_IN).format(verdict=SPOT),
        together=strategy.together_line({"months": float(MONTHS)}, SUM),
        alone=1,  # with no leg that fits, leg 3's piece says what does better
        gap=sentence_gap(),
    )


LEGS_TITLE = "Which leg pays? Each way's gain over the baseline in 36 months, and how often it loses"
PLOT_WIDTH = 520


ROW_HEIGHT = 52
"""Each way's row: its name and risk as a line of text, and its bar under that line."""


def _gain_labels() -> dict[str, str]:
    """The gain axis' labels as the reader counts large sums: thousands (300k) in English, 万 (30万) in Chinese."""
    if language_in_use() == "zh":
        return {"labelExpr": "datum.value === 0 ? '0' : format(datum.value / 10000, ',~g') + '万'"}
    return {"labelExpr": "datum.value === 0 ? '0' : format(datum.value, '~s')"}  # an axis' own "~s" writes 0k


def _legs_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Each way as a line of text (its name, how often it loses, whether it fits) over its bar of gain.

    The text sits inside the plot above each bar, so the chart keeps its width for the bars
    at any size (a phone's 340 px too); a dashed rule marks the gain a leg must beat, and passes
    behind the text (each line on a white halo). Every
    layer reads the same rows, so the chart carries one dataset.
    """
    scale = charts.colour_scale(list(WAYS))
    gain_title = _("gain over the baseline, 36 months (CNY)")
    base = alt.Chart(frame)
    y = alt.Y("way", type="nominal", sort=list(WAYS), title=None, axis=None, scale=alt.Scale(paddingInner=0))
    bars = base.mark_bar(size=ROW_HEIGHT * 0.4, yOffset=ROW_HEIGHT * 0.18).encode(
        y=y,
        x=alt.X(
            "gain_cny",
            type="quantitative",
            title=gain_title,
            axis=alt.Axis(**_gain_labels(), tickCount={"expr": "width < 480 ? 4 : 8"}, labelOverlap=True),
        ),
        color=alt.Color("way", type="nominal", scale=scale, legend=None),
        tooltip=[
            alt.Tooltip("label", type="nominal", title=_("way")),
            alt.Tooltip("gain_cny", type="quantitative", title=gain_title, format="+,.0f"),
            alt.Tooltip("losing_share", type="quantitative", title=_("share of losing months"), format=".0%"),
        ],
    )
    text = {
        "align": "left",
        "baseline": "middle",
        "fontSize": {"expr": "width < 400 ? 11 : 12"},
        "dy": -ROW_HEIGHT * 0.2,
    }
    label = {"y": y, "x": alt.value(2), "text": alt.Text("label", type="nominal")}
    # each line of text on a white halo, so that the rule it crosses does not strike it through
    halo = base.mark_text(**text, stroke="white", strokeWidth=4, strokeJoin="round").encode(**label)
    risk = base.mark_text(**text).encode(**label)
    beat = (
        base.transform_filter(alt.datum.way == VIRAL)
        .mark_rule(strokeDash=[6, 4], size=2, color="black")
        .encode(
            x=alt.X("bar_to_beat_cny", type="quantitative"),
            y=alt.value(0),
            y2=alt.value(len(WAYS) * ROW_HEIGHT),
            tooltip=[
                alt.Tooltip(
                    "bar_to_beat_cny",
                    type="quantitative",
                    format="+,.0f",
                    title=_("a leg must beat this: the baseline (0)"),
                )
            ],
        )
    )
    return alt.layer(bars, beat, halo, risk, title=_(LEGS_TITLE)).properties(
        width=PLOT_WIDTH, height=len(WAYS) * ROW_HEIGHT
    )


CHART_COLUMNS = ["way", "gain_cny", "losing_share", "label", "fits", "bar_to_beat_cny"]


def legs_summary(frame: pd.DataFrame) -> str:
    """The panel's summary line: the built-in verdict, and the student's beside it."""
    row = frame.iloc[0]
    summary = _(BUILT_IN).format(verdict=row["verdict"])
    if row["your_verdict"]:
        summary += " " + row["your_verdict"]  # "Your rule takes leg 1.", or what keeps it from running
    return summary


LEGS = Panel(
    title="The three legs together: which one carries this merchant?",
    chart_title=LEGS_TITLE,
    levers=(
        Lever("merchant", options=tuple(scenarios.SCENARIOS)),
        Lever("commission", high=0.3, grid=(0.0, 0.3, 0.025)),
        Lever("trust", grid=(0.4, 0.9, 0.05)),
        Lever("groupbuy_views", grid=(300, 900, 60)),
        Lever("paid_budget_cny", step=500, grid=(0, 6000, 500)),
        Lever("h5_share"),
    ),
    compute=leg_profits,
    chart=_legs_chart,
    summary=legs_summary,
    start="restaurant",
    presets=tuple(scenarios.SCENARIOS),
    columns=CHART_COLUMNS,
    for_whom="the restaurant",
    site_parts=(
        SitePart(
            ("commission", "trust", "groupbuy_views"), lambda frame: frame[frame["way"].isin(LEG1_WAYS)], _leg1_piece
        ),
        SitePart(
            ("trust", "groupbuy_views", "paid_budget_cny"),
            lambda frame: frame[frame["way"].isin(LEG3_WAYS)],
            _leg3_piece,
        ),
    ),
    site_summary=_verdict_rule,
)


def legs_panel(your_rule: Callable[..., object] | None = None) -> ModelPanel:
    """Pick a merchant, move the rebate, trust and traffic: each way's gain and risk, and the verdict.

    Pass ``your_rule`` (a function of a scorecard returning leg numbers) to see its verdict
    beside the built-in one.
    """
    return LEGS.widget(your_rule=your_rule)


legs_site_chart = LEGS.site_chart
DECLARED = {"legs_panel": LEGS}
"""Each panel's declaration, by the function a notebook calls."""
PANELS = [legs_panel]
SITE_CHARTS = site_charts(DECLARED)
"""The charts the site shows for these panels, with no kernel (`scripts/build_site.py`)."""
