"""Lesson 04, the synthesis: the three legs together, merchant by merchant, decided by the numbers.

Every figure comes from `o2o_models.strategy` (one scorecard per merchant, read through
`o2o_models.funnel`) and `o2o_models.operations` (leg 2, the platform's team). The legs
panel draws a scorecard's four ways of getting customers with their risk and the
built-in verdict, and beside it the verdict of a student's own rule (declared once,
`o2o_models.interactive.panels.Panel`, it makes the notebook's widget and the site's
chart); the tables gather the lesson's comparisons; the Workbook holds the exercises'
self-checks.

The module runs past the house length of about 300 lines: it keeps the panel, the tables
and the Workbook the notebook calls in one file, in the order the notebook meets them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import altair as alt
import numpy as np
import pandas as pd

from .. import funnel, scenarios, strategy, traffic
from ..interactive import charts
from ..interactive.panels import Lever, Panel, site_charts, unfinished
from ..interactive.text import _
from ..interactive.widgets import ModelPanel
from .common import source, words
from .exercises import Choice, Function, Note, Number, Workbook

__all__ = [
    "scorecards",
    "trust_sweep",
    "legs_panel",
    "staffing_reading",
    "platform_table",
    "centralisation_table",
    "glossary",
    "check",
    "hint",
    "solution",
    "source",
]

MONTHS = funnel.HORIZON
CAUTION = 0.10
"""The cautious merchant's limit (exercise 4): a way that loses money in more than this share of months is refused."""
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

GROUPBUY, MEMBERS, PAID, VIRAL = (
    "group-buy 团购 only",
    "member 会员 + group-buy",
    "paid 付费流量 traffic",
    "viral 免费传播 sharing",
)
WAYS = (GROUPBUY, MEMBERS, PAID, VIRAL)
"""The rows of `strategy.gains_table`, in its order."""
LEG_NUMBERS = {strategy.LEG1: 1, strategy.LEG3: 3}


def __dir__() -> list[str]:
    return __all__


def glossary() -> pd.io.formats.style.Styler:
    """The glossary entries of the terms this lesson uses, every column shown in full."""
    return words(TERMS)


def _legs_in(verdict: Sequence[str]) -> list[int]:
    """The leg numbers a `strategy.fitting_legs` reading names, best first (empty when no leg fits)."""
    return [number for line in verdict for leg, number in LEG_NUMBERS.items() if line.startswith(leg)]


def _leg_list(verdict: Sequence[str]) -> str:
    """A verdict as a table shows it: "leg 1", "leg 3, leg 1" or "none"."""
    return ", ".join(f"leg {n}" for n in _legs_in(verdict)) or "none"


# Section 1: five merchants, one scorecard ---------------------------------------------------------


def scorecards() -> pd.DataFrame:
    """`strategy.compare` of all five merchants, one column a merchant, written for reading.

    Gains are over doing nothing (the merchant alone), added up over 36 months, in CNY;
    "losing months" is the share of months in which that way earns less than doing nothing.
    """
    table = strategy.compare(scenarios.SCENARIOS).set_index("scenario")
    rows = {
        "strangers who prepay 预付款": table["prepay_conversion"].map("{:.0%}".format),
        "voucher buyers a month": table["voucher_buyers"].map("{:,.0f}".format),
    }
    for way, gain, losing in zip(
        WAYS,
        ("groupbuy_only_cny", "with_members_cny", "paid_cny", "viral_cny"),
        ("groupbuy_losing_share", "members_losing_share", "paid_losing_share", "viral_losing_share"),
    ):
        rows[f"{way}: gain (CNY)"] = table[gain].map("{:+,.0f}".format)
        rows[f"{way}: losing months"] = table[losing].map("{:.0%}".format)
    rows["the leg that fits"] = [_leg_list(strategy.fitting_legs(row.to_dict())) for _, row in table.iterrows()]
    return pd.DataFrame(rows).T.rename_axis(index=None, columns=None)


def trust_sweep(name: str = "furniture", trusts: Sequence[float] = (0.5, 0.6, 0.7)) -> pd.DataFrame:
    """One merchant's scorecard at several levels of strangers' trust: prepayment as a result of the model."""
    rows = []
    for trust in trusts:
        m = scenarios.merchant(name).replace(trust=trust)
        card = strategy.scorecard(m)
        rows.append(
            {
                "trust 信任": trust,
                "voucher price (CNY)": m.voucher_price,
                "strangers who prepay": round(card["prepay_conversion"], 3),
                "voucher buyers a month": round(card["voucher_buyers"], 1),
                "group-buy only: gain (CNY)": round(card["groupbuy_only_cny"]),
                "paid traffic: gain (CNY)": round(card["paid_cny"]),
                "free sharing: gain (CNY)": round(card["viral_cny"]),
                "the leg that fits": _leg_list(strategy.fitting_legs(card)),
            }
        )
    return pd.DataFrame(rows).set_index("trust 信任")


# Section 3: the legs panel ------------------------------------------------------------------------


def _your_verdict(your_rule: Callable[..., object] | None, card: Mapping[str, float]) -> tuple[list[int], str]:
    """The legs a student's rule takes, and a note when it cannot be read (never an exception)."""
    if your_rule is None:
        return [], ""
    try:
        result = your_rule(card=dict(card))
    except Exception as error:  # noqa: BLE001 - a student's unfinished rule is reported, not raised
        return [], unfinished(error, "Your rule", "run")
    if result is None:
        return [], _("Your rule returns nothing yet: finish its body (replace the `...`) and `return` a list.")
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
    return ", then ".join(f"leg {n}" for n in legs) if legs else "no leg"


def leg_profits(
    merchant: str,
    commission: float,
    trust: float,
    groupbuy_views: float,
    paid_budget_cny: float,
    h5_share: float,
    your_rule: Callable[..., object] | None = None,
) -> pd.DataFrame:
    """Each way of getting customers for one merchant: gain over doing nothing in 36 months (CNY) and its risk.

    The rows are `strategy.gains_table` of the merchant's scorecard, with the leg each
    rule takes: ``fits`` (the built-in `strategy.fitting_legs`) and ``yours`` (a student's
    ``your_rule(card=...)``, which returns leg numbers such as ``[1]``); ``bar_to_beat_cny``
    is the gain a leg must beat, max(0, free sharing).
    """
    m = scenarios.merchant(merchant).replace(
        commission=commission,
        trust=trust,
        groupbuy_views=groupbuy_views,
        paid_budget_cny=paid_budget_cny,
        h5_share=h5_share,
    )
    card = strategy.scorecard(m)
    frame = strategy.gains_table(card)
    verdict = strategy.fitting_legs(card)
    leg1_way = GROUPBUY if strategy.leg_gains(card)[strategy.LEG1][2] == "group-buy alone" else MEMBERS
    way_of = {1: leg1_way, 3: PAID}
    built_in = {way_of[n] for n in _legs_in(verdict)}
    yours, note = _your_verdict(your_rule, card)
    labels = []
    for way, losing in zip(frame["way"], frame["losing_share"]):
        label = _("loses in {share:.0%} of months").format(share=losing)
        if way in built_in:
            label += " · " + _("fits")
        if way in {way_of[n] for n in yours}:
            label += " · " + _("fits your rule")
        labels.append(label)
    return frame.assign(
        label=labels,
        fits=frame["way"].isin(built_in),
        bar_to_beat_cny=max(0.0, card["viral_cny"]),
        verdict=" ".join(verdict),
        your_verdict="" if your_rule is None else (note or _("Your rule takes {legs}.").format(legs=_named(yours))),
    )


LEGS_TITLE = "Which leg pays? Each way's gain over doing nothing in 36 months, and how often it loses"
PLOT_WIDTH = 380


def _legs_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Bars of each way's gain, its risk as text beside it, and the gain a leg must beat as a dashed rule.

    Every layer reads the same rows, so the chart carries one dataset.
    """
    scale = charts.colour_scale(list(WAYS))
    gain_title = "gain over doing nothing, 36 months (CNY)"
    base = alt.Chart(frame)
    y = alt.Y("way", type="nominal", sort=list(WAYS), title=None, axis=alt.Axis(labelLimit=0))
    bars = base.mark_bar().encode(
        y=y,
        x=alt.X("gain_cny", type="quantitative", title=gain_title, axis=alt.Axis(format="~s", tickCount=6)),
        color=alt.Color("way", type="nominal", scale=scale, legend=None),
        tooltip=[
            alt.Tooltip("way", type="nominal", title=_("way")),
            alt.Tooltip("gain_cny", type="quantitative", title=gain_title, format="+,.0f"),
            alt.Tooltip("losing_share", type="quantitative", title=_("share of losing months"), format=".0%"),
        ],
    )
    risk = base.mark_text(align="left", baseline="middle", fontSize=12).encode(
        y=y, x=alt.value(PLOT_WIDTH + 8), text=alt.Text("label", type="nominal")
    )
    beat = (
        base.transform_filter(alt.datum.way == VIRAL)
        .mark_rule(strokeDash=[6, 4], size=2, color="black")
        .encode(
            x=alt.X("bar_to_beat_cny", type="quantitative"),
            tooltip=[
                alt.Tooltip(
                    "bar_to_beat_cny",
                    type="quantitative",
                    format="+,.0f",
                    title=_("a leg must beat this: doing nothing (0) or free sharing, the better"),
                )
            ],
        )
    )
    return alt.layer(bars, beat, risk, title=LEGS_TITLE).properties(width=PLOT_WIDTH, height=4 * 34)


CHART_COLUMNS = ["way", "gain_cny", "losing_share", "label", "fits", "bar_to_beat_cny"]


def legs_summary(frame: pd.DataFrame) -> str:
    """The panel's summary line: the built-in verdict, and the student's beside it."""
    row = frame.iloc[0]
    summary = _("<b>Built-in rule</b>: {verdict}").format(verdict=row["verdict"])
    if row["your_verdict"]:
        summary += " " + _("<b>Your rule</b>: {verdict}").format(verdict=row["your_verdict"])
    return summary


LEGS = Panel(
    title="The three legs together: which one carries this merchant?",
    chart_title=LEGS_TITLE,
    levers=(
        Lever("merchant", options=tuple(scenarios.SCENARIOS)),
        Lever("commission", high=0.3, grid=(0.0, 0.3, 0.1)),
        Lever("trust", grid=(0.5, 0.9, 0.2)),
        Lever("groupbuy_views", grid=(300, 900, 300)),
        Lever("paid_budget_cny", step=1000, grid=(0, 6000, 3000)),
        Lever("h5_share"),
    ),
    compute=leg_profits,
    chart=_legs_chart,
    summary=legs_summary,
    start="restaurant",
    presets=tuple(scenarios.SCENARIOS),
    columns=CHART_COLUMNS,
    for_whom="the restaurant",
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


# Section 4: leg 2 belongs to the platform --------------------------------------------------------

STAFF_LEVELS = (1, 2, 3, 5, 7, 10, 15)
"""Team sizes the lesson compares, in staff (小二) per 100 merchants."""


def staffing_reading(table: pd.DataFrame) -> Note:
    """What `operations.staffing_table` says, in words: the best average return against the largest net gain."""
    by_size = table.set_index("staff_per_100_merchants")
    best_average = by_size["average_return"].idxmax()
    best_net = by_size["net_gain_cny"].idxmax()
    falls = by_size.index[by_size["marginal_return"] < 0]
    after = f"it turns negative from {falls[0]:g} staff on" if len(falls) else "it stays positive at every size shown"
    return Note(
        f"The **average return** (平均回报, the whole net gain per yuan of staff) is highest at "
        f"**{best_average:g}** staff per 100 merchants ({by_size.loc[best_average, 'average_return']:.2f}). "
        f"The **marginal return** (边际回报, the net gain the last staff added bring per yuan they cost) "
        f"is what decides the next hire: {after}. So the platform's net gain is largest at **{best_net:g}** staff "
        f"per 100 merchants, {by_size.loc[best_net, 'net_gain_cny'] / 1e6:,.1f} million CNY over {MONTHS} months, "
        f"although the average return there is only {by_size.loc[best_net, 'average_return']:.2f}. Stopping at the "
        f"best average return would leave "
        f"{(by_size.loc[best_net, 'net_gain_cny'] - by_size.loc[best_average, 'net_gain_cny']) / 1e6:,.1f} million "
        "CNY on the table."
    )


# Section 6: which platform fits which merchant, and centralisation ---------------------------------

TOOLS = {1: "大众点评 in WeChat + 服务号 + 微信小店", 3: "广点通 ads; later 竞价排名"}
"""The 2014 WeChat tool for each leg, as the article names them."""


def platform_table() -> pd.DataFrame:
    """Per merchant: the article's label, the model's prepayment and verdict, the 2014 tool and what it lacked.

    What it lacked costs the merchant, over 36 months: for leg 1 the pay of its own
    operators (the gain of group-buy plus members without it, less with it); for leg 3
    the H5 split (paid traffic's gain with no split, less with the split).
    """
    labels = scenarios.scenario_labels().set_index("scenario")
    table = strategy.compare(scenarios.SCENARIOS).set_index("scenario")
    rows = []
    for name, row in table.iterrows():
        m, card = scenarios.merchant(name), row.to_dict()
        legs = _legs_in(strategy.fitting_legs(card))
        if legs and legs[0] == 1:
            lacking = "官方运营: the merchant pays its own operators"
            cost = strategy.scorecard(m.replace(operator_cost_cny=0.0))["with_members_cny"] - card["with_members_cny"]
        elif legs:
            lacking = f"traffic: {m.h5_share:.0%} of it sent to H5 pages"
            cost = strategy.scorecard(m.replace(h5_share=0.0))["paid_cny"] - card["paid_cny"]
        else:
            lacking, cost = "a leg that beats free sharing", 0.0
        rows.append(
            {
                "merchant": f"{labels.loc[name, 'name_en'].lower()} {labels.loc[name, 'name_zh']}",
                "the article: prepaid?": "yes" if labels.loc[name, "prepaid"] else "no",
                "strangers who prepay": f"{row['prepay_conversion']:.0%}",
                "the leg that fits": _leg_list(strategy.fitting_legs(card)),
                "the 2014 WeChat tool": TOOLS[legs[0]] if legs else "none",
                "what was missing": lacking,
                "what it cost, 36 months (CNY)": round(cost),
            }
        )
    return pd.DataFrame(rows).set_index("merchant")


RIVALS = (0, 5, 10, 20)


def centralisation_table(name: str = "furniture", rivals: Sequence[int] = RIVALS) -> pd.DataFrame:
    """Paid traffic as more advertisers bid for the same slots: the price, who gets the value, the verdict."""
    rows = []
    for count in rivals:
        m = scenarios.merchant(name).replace(rival_bidders=count)
        leads = funnel.lead_months(m, MONTHS)
        paid = leads[leads["source"] == traffic.PAID]
        card = strategy.scorecard(m)
        rows.append(
            {
                "rival bidders": count,
                "price per click 点击单价 (CNY)": round(float(paid["price_per_click_cny"].mean()), 2),
                "platform's ad revenue (CNY)": round(float(paid["spend_cny"].sum()) / funnel.PATHS),
                "merchant's paid gain (CNY)": round(card["paid_cny"]),
                "paid: losing months": f"{card['paid_losing_share']:.0%}",
                "free sharing: gain (CNY)": round(card["viral_cny"]),
                "free sharing: losing months": f"{card['viral_losing_share']:.0%}",
                "the leg that fits": _leg_list(strategy.fitting_legs(card)),
            }
        )
    return pd.DataFrame(rows).set_index("rival bidders")


# Exercises ------------------------------------------------------------------------------------------


def _restaurant_members_fall(rebates: tuple[float, float] = (0.1, 0.2), price: str = "voucher") -> float:
    """How much the restaurant's group-buy-plus-members gain falls over 36 months when the rebate rises, CNY."""
    m = scenarios.merchant("restaurant")
    if price == "list":  # the known mistake: the rebate charged on the list price
        return MONTHS * m.voucher_buyers * m.list_price * (rebates[1] - rebates[0])
    low, high = (strategy.scorecard(m.replace(commission=c))["with_members_cny"] for c in rebates)
    return float(low - high)


def _cautious_legs(card: Mapping[str, float]) -> list[int]:
    """The reference answer of exercise 4: the legs a cautious merchant takes, best first."""
    sharing_is_safe = card["viral_losing_share"] <= CAUTION
    bar = max(0.0, card["viral_cny"]) if sharing_is_safe else 0.0
    passing = [
        (gain, LEG_NUMBERS[leg])
        for leg, (gain, losing, form) in strategy.leg_gains(card).items()
        if gain > bar and losing <= CAUTION
    ]
    return [number for gain, number in sorted(passing, reverse=True)]


def _card(
    groupbuy: float,
    members: float,
    paid: float,
    viral: float,
    groupbuy_losing: float,
    members_losing: float,
    paid_losing: float,
    viral_losing: float,
) -> dict[str, dict[str, float]]:
    return {
        "card": {
            "groupbuy_only_cny": groupbuy,
            "with_members_cny": members,
            "paid_cny": paid,
            "viral_cny": viral,
            "groupbuy_losing_share": groupbuy_losing,
            "members_losing_share": members_losing,
            "paid_losing_share": paid_losing,
            "viral_losing_share": viral_losing,
        }
    }


CAUTIOUS_CASES = [
    _card(-300e3, 200e3, -100e3, -50e3, 1.0, 0.05, 0.9, 0.9),  # leg 1, safe
    _card(-300e3, 200e3, -100e3, -50e3, 1.0, 0.19, 0.9, 0.9),  # leg 1 too risky
    _card(-300e3, 200e3, -100e3, -50e3, 1.0, 0.10, 0.9, 0.9),  # exactly at the limit
    _card(150e3, 100e3, 20e3, 50e3, 0.0, 0.5, 0.0, 0.05),  # leg 1 at its better form, group-buy alone
    _card(-10e3, -20e3, 300e3, 320e3, 1.0, 1.0, 0.0, 0.6),  # free sharing richer but too risky to count
    _card(-10e3, -20e3, 300e3, 320e3, 1.0, 1.0, 0.0, 0.05),  # free sharing richer and safe
    _card(-5e3, 400e3, 500e3, 100e3, 1.0, 0.0, 0.02, 0.3),  # both legs pass, paid first
    _card(-5e3, -1e3, -2e3, -3e3, 1.0, 1.0, 1.0, 1.0),  # nothing pays
]


GAIN_COLUMNS = ["groupbuy_only_cny", "with_members_cny", "paid_cny", "viral_cny"]


def _gains_at_20() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every merchant's four gains now and with every rebate at 20% (exercise 5): kept scorecards (`strategy`)."""
    now = strategy.compare(scenarios.SCENARIOS).set_index("scenario")[GAIN_COLUMNS]
    return now, strategy.compare(scenarios.SCENARIOS, {"commission": 0.2}).set_index("scenario")[GAIN_COLUMNS]


def _largest_share_lost(kind: str = "right") -> float:
    now, raised = _gains_at_20()
    columns = GAIN_COLUMNS[:2] if kind == "leg 1 only" else GAIN_COLUMNS
    before, after = now[columns].max(axis=1), raised[columns].max(axis=1)
    share = (before - after) / (after if kind == "after" else before)
    share = share[np.isfinite(share)]
    return float(share.mean() if kind == "mean" else share.max())


def _ranking() -> pd.DataFrame:
    now, raised = _gains_at_20()
    best, best_after = now.max(axis=1), raised.max(axis=1)
    return pd.DataFrame(
        {
            "best way now": now.idxmax(axis=1),
            "best gain now (CNY)": best.round().astype(int),
            "best gain at 20% (CNY)": best_after.round().astype(int),
            "share lost": ((best - best_after) / best).round(2),
        }
    ).sort_values("share lost", ascending=False)


WORKBOOK = Workbook(
    "04_synthesis",
    {
        1: Choice(
            key="rule-compares-gains",
            expected="b",
            explanations={
                "a": "Not under the built-in rule: it compares gains, not risk. Paid traffic's steadiness shows in its "
                "label, but does not decide.",
                "b": "Right: a leg fits when its gain beats both doing nothing and free sharing. 300,000 CNY is below "
                "free sharing's 320,000, so leg 3 does not fit, however steady it is. Exercise 4 asks what a "
                "cautious merchant would do instead.",
                "c": "Free sharing is not a leg, but it is the alternative every merchant has for free: a leg "
                "must beat it.",
            },
            hint="Read `fitting_legs` above: which two numbers does a leg's gain have to beat?",
            working=lambda: (
                "**(b)**. `bar = max(0, viral_cny)` is 320,000 CNY and paid traffic's 300,000 is below it. "
                "The losing months do not enter the rule."
            ),
        ),
        2: Number(
            key="rebate-moves-members",
            unit="CNY",
            places=-3,
            expected=_restaurant_members_fall,
            mistakes={
                "rebate on the list price": (
                    lambda: _restaurant_members_fall(price="list"),
                    "the rebate is charged on the list price. The platform takes its "
                    "share of the voucher price, P(1 - d).",
                ),
                "one month": (
                    lambda: _restaurant_members_fall() / MONTHS,
                    "you counted one month. The gains on the panel are added up over 36 months.",
                ),
            },
            hint="The rebate enters only the voucher margin (1), paid on every voucher: equation (5) gives the fall "
            "for each bar. Or read both gains on the panel.",
            working=lambda: (
                f"By (5): {MONTHS} months x {scenarios.merchant('restaurant').voucher_buyers:,.1f} vouchers a "
                f"month x {scenarios.merchant('restaurant').voucher_price:,.0f} CNY voucher price x 0.10 = "
                f"**{_restaurant_members_fall():,.0f} CNY**, and group-buy "
                "alone falls by exactly the same amount: members buy without paying the rebate."
            ),
        ),
        3: Choice(
            key="average-or-marginal",
            expected="b",
            explanations={
                "a": "No: a positive average return says the whole team earns more than it costs, not that the last "
                "staff added do. That is the marginal return.",
                "b": "Right: the marginal return is negative, so the staff added after 7 cost more than the commission "
                "they bring: the net gain falls, although the average return is still positive.",
                "c": "The table already has what is needed: the marginal return compares the extra commission with the "
                "extra staff cost (staff are paid only for merchants still trading).",
            },
            hint="Which return, average or marginal, compares the extra staff cost with the extra commission it buys?",
            working=lambda: (
                "**(b)**. Going from 7 to 10 staff per 100 merchants the net gain falls: the marginal return "
                "there is below zero, while the average return still counts the profitable first staff."
            ),
        ),
        4: Function(
            key="cautious-legs",
            reference=_cautious_legs,
            cases=CAUTIOUS_CASES,
            hint="Judge leg 1 at its better form, as `strategy.leg_gains` does (shown in section 2), and leg 3 as paid "
            "traffic. The bar a leg must beat is max(0, viral_cny) only when free sharing loses money in at most 10% "
            "of months; otherwise it is 0.",
            working=lambda: (
                "```python\ndef cautious_legs(card):\n"
                "    bar = max(0.0, card['viral_cny']) if card['viral_losing_share'] <= 0.10 else 0.0\n"
                "    if card['with_members_cny'] >= card['groupbuy_only_cny']:  # leg 1 at its better form\n"
                "        leg1 = (card['with_members_cny'], card['members_losing_share'])\n"
                "    else:\n"
                "        leg1 = (card['groupbuy_only_cny'], card['groupbuy_losing_share'])\n"
                "    leg3 = (card['paid_cny'], card['paid_losing_share'])\n"
                "    passing = [(gain, number) for number, (gain, losing) in ((1, leg1), (3, leg3))\n"
                "               if gain > bar and losing <= 0.10]\n"
                "    return [number for gain, number in sorted(passing, reverse=True)]\n```\n"
                "The cautious restaurant refuses leg 1 (its members lose money in their first months), while "
                "a showroom whose paid traffic is steady takes leg 3 even where free sharing earns more on "
                "average."
            ),
        ),
        5: Number(
            key="largest-share-lost-at-20",
            unit="fraction of the best gain",
            places=2,
            expected=_largest_share_lost,
            mistakes={
                "divided by the gain after": (
                    lambda: _largest_share_lost("after"),
                    "you divided by the best gain *after* the rise. The share lost is of the gain before it.",
                ),
                "averaged over merchants": (
                    lambda: _largest_share_lost("mean"),
                    "you averaged the five shares. The question asks for the largest.",
                ),
                "leg 1 only": (
                    lambda: _largest_share_lost("leg 1 only"),
                    "you compared leg 1's gain only. Take each merchant's best way, whichever it is.",
                ),
            },
            hint="`now[GAINS].max(axis=1)` is each merchant's best gain now; do the same for `raised`, then "
            "(before - after) / before. `.max()` gives the largest share and `.idxmax()` the row it is in.",
            working=lambda: (
                "```python\nbest_now = now[GAINS].max(axis=1)\n"
                "best_raised = raised[GAINS].max(axis=1)\n"
                "lost = (best_now - best_raised) / best_now\n"
                "now.loc[lost.idxmax(), 'scenario'], lost.max()\n```\n"
                f"The {_ranking().index[0]} loses most, about **{_largest_share_lost():.2f}** of its best gain. "
                "The ranking, largest share lost first:\n\n"
                + _ranking().to_markdown(floatfmt=".2f", intfmt=",")
                + "\n\n"
                "The big-ticket merchants lose nothing: their best way, paid traffic, pays the platform no "
                "rebate."
            ),
        ),
    },
)

check, hint, solution = WORKBOOK.check, WORKBOOK.hint, WORKBOOK.solution
