"""Lesson 01's panels: each declaration (`o2o_models.interactive.panels.Panel`) beside the model call,
chart and summary it names, and the lesson's tables.

The module runs past the house length of about 300 lines: it keeps, in the order the notebook
meets them, each panel's model call, chart and summary beside its declaration.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import numpy as np
import pandas as pd

from ... import funnel, groupbuy, membership, scenarios
from ...interactive import charts
from ...interactive.panels import Lever, Panel, site_charts, unfinished
from ...interactive.text import _
from ...interactive.widgets import ModelPanel
from ...trust import prepay_conversion
from .. import common
from ..common import words

PREPAID = ("restaurant", "cinema", "leisure")
MONTHS = funnel.HORIZON
TERMS = (
    "团购",
    "返点",
    "折扣",
    "标价",
    "毛利",
    "预付款",
    "信任背书",
    "转化率",
    "漏斗",
    "蚕食",
    "广告效应",
    "基准",
    "服务号",
    "微信小店",
    "会员",
    "留存",
    "C2C传播",
    "客户终身价值",
    "贴现率",
    "盈亏平衡",
    "非标准品",
)
"""The glossary terms this lesson uses."""


def glossary() -> pd.io.formats.style.Styler:
    """The glossary entries of the terms this lesson uses."""
    return words(TERMS)


# Step 1: one voucher ------------------------------------------------------------------------------

VOUCHER_TITLE = "做了团购要亏本? Where the money of one group-buy voucher goes"


def voucher_steps(list_price: float, discount: float, commission: float, unit_cost: float) -> pd.DataFrame:
    """`groupbuy.voucher_waterfall` (CNY per voucher), with `groupbuy.breakeven_commission` beside it."""
    return groupbuy.voucher_waterfall(list_price, discount, commission, unit_cost).assign(
        breakeven_rebate=float(groupbuy.breakeven_commission(list_price, discount, unit_cost))
    )


def _voucher_chart(frame: pd.DataFrame) -> alt.LayerChart:
    return charts.waterfall(
        frame,
        title=_(VOUCHER_TITLE),
        value_title=_("CNY per voucher"),
        description=_("A waterfall from the list price to the margin of one voucher"),
    )


def _voucher_summary(frame: pd.DataFrame) -> str:
    margin, rebate = frame["amount_cny"].iloc[-1], -frame["amount_cny"].iloc[2]
    limit = frame["breakeven_rebate"].iloc[0]
    verdict = (
        _("At this discount it earns nothing even with no rebate.")
        if limit <= 0
        else _("It breaks even while the rebate stays at or below <b>{limit:.1%}</b>.").format(limit=limit)
    )
    return (
        _(
            "The merchant {verb} <b>{margin:,.1f} CNY</b> a voucher; the platform keeps <b>{rebate:,.1f} CNY</b>. "
        ).format(verb=_("loses") if margin < 0 else _("earns"), margin=abs(margin), rebate=rebate)
        + verdict
    )


VOUCHER = Panel(
    title="不做团购没客户，做了团购要亏本: one voucher, step by step",
    chart_title=VOUCHER_TITLE,
    levers=common.VOUCHER,
    compute=voucher_steps,
    chart=_voucher_chart,
    summary=_voucher_summary,
    start="restaurant",
    presets=PREPAID,
    structure=lambda frame: frame["kind"].tolist(),
)


def voucher_panel() -> ModelPanel:
    """One voucher as a waterfall: list price, discount, rebate, unit cost, margin."""
    return VOUCHER.widget()


# Step 2: who prepays ------------------------------------------------------------------------------

PREPAY_TITLE = "Trust endorsement 信任背书: who pays in advance at each price"


def prepay_curve(trust: float, max_valuation: float, discount: float, merchant: str = "restaurant") -> pd.DataFrame:
    """Share of strangers who prepay against the price asked; marks the voucher and its buyers a month."""
    m = scenarios.merchant(merchant).replace(trust=trust, max_valuation=max_valuation, discount=discount)
    price = np.linspace(0, max_valuation, 41)
    return pd.DataFrame(
        {
            "price_cny": price,
            "conversion": prepay_conversion(trust, price, max_valuation),
            "series": "platform 平台 endorsement",
            "voucher_price_cny": m.voucher_price,
            "voucher_conversion": m.prepay_share,
            "views": m.groupbuy_views,
            "buyers": m.voucher_buyers,
        }
    )


def _prepay_chart(frame: pd.DataFrame) -> alt.LayerChart:
    curve = charts.lines(
        frame,
        "price_cny",
        "conversion",
        "series",
        title=_(PREPAY_TITLE),
        x_title=_("price paid in advance (CNY)"),
        y_title=_("share of strangers who prepay"),
        description=_(PREPAY_TITLE),
    )
    point = charts.marker(
        frame,
        "price_cny",
        "voucher_price_cny",
        "voucher_conversion",
        charts.OKABE_ITO["vermillion"],
        {"voucher_price_cny": _("voucher price (CNY)"), "voucher_conversion": _("share who prepay")},
    )
    return alt.layer(curve, point)


def _prepay_summary(frame: pd.DataFrame) -> str:
    row = frame.iloc[0]
    return _(
        "At the voucher price of <b>{price:,.0f} CNY</b> (the diamond), <b>{share:.0%}</b> of strangers prepay: "
        "<b>{buyers:,.0f}</b> voucher buyers a month of the {views:,.0f} who see the deal."
    ).format(price=row["voucher_price_cny"], share=row["voucher_conversion"], buyers=row["buyers"], views=row["views"])


PREPAY = Panel(
    title="Prepayment needs trust: the platform vouches for the merchant",
    chart_title=PREPAY_TITLE,
    levers=(Lever("merchant", options=PREPAID), Lever("trust"), Lever("max_valuation"), Lever("discount")),
    compute=prepay_curve,
    chart=_prepay_chart,
    summary=_prepay_summary,
    start="restaurant",
    presets=PREPAID,
)


def prepay_panel() -> ModelPanel:
    """How the platform's trust endorsement makes strangers prepay (预付款), and so buy vouchers."""
    return PREPAY.widget()


# Step 3: the deal as a whole (Edelman, Jaffe and Kominers 2016) -----------------------------------

DEAL_TITLE = "Does the deal pay? A month's profit against the share of buyers who would have come anyway"


def deal_curve(
    commission: float, later_value_new: float, cannibalised_share: float, merchant: str = "restaurant"
) -> pd.DataFrame:
    """A month of the deal (the funnel's buyers): profit in CNY against the cannibalised share 0 to 1."""
    m = scenarios.merchant(merchant).replace(commission=commission)
    deal = (m.list_price, m.discount, m.commission, m.unit_cost)
    share = np.linspace(0, 1, 21)
    return pd.DataFrame(
        {
            "cannibalised_share": share,
            "deal_profit_cny": groupbuy.deal_profit(*deal, m.voucher_buyers, share, later_value_new),
            "series": "merchant 商家",
            "breakeven_share": float(groupbuy.breakeven_cannibalisation(*deal, later_value_new)),
            "chosen_share": cannibalised_share,
            "chosen_profit_cny": float(
                groupbuy.deal_profit(*deal, m.voucher_buyers, cannibalised_share, later_value_new)
            ),
            "buyers": m.voucher_buyers,
        }
    )


def _deal_chart(frame: pd.DataFrame) -> alt.LayerChart:
    line = charts.lines(
        frame,
        "cannibalised_share",
        "deal_profit_cny",
        "series",
        title=_(DEAL_TITLE),
        x_title=_("cannibalised share (fraction of voucher buyers)"),
        y_title=_("deal profit (CNY a month)"),
        description=_(DEAL_TITLE),
        zero_rule=True,
    )
    rule = (
        charts.first_row(frame, "cannibalised_share")
        .mark_rule(strokeDash=[6, 4], color=charts.OKABE_ITO["grey"], size=2)
        .encode(
            x=alt.X("breakeven_share", type="quantitative"),
            tooltip=[alt.Tooltip("breakeven_share", type="quantitative", title=_("break-even share a*"), format=".1%")],
        )
    )
    point = charts.marker(
        frame,
        "cannibalised_share",
        "chosen_share",
        "chosen_profit_cny",
        charts.OKABE_ITO["orange"],
        {"chosen_share": _("cannibalised share"), "chosen_profit_cny": _("deal profit (CNY a month)")},
    )
    return alt.layer(*line.layer, rule, point)


def _deal_summary(frame: pd.DataFrame) -> str:
    row = frame.iloc[0]
    limit, chosen, profit = row["breakeven_share"], row["chosen_share"], row["chosen_profit_cny"]
    pays = (
        _("It loses money even if every buyer is new.")
        if limit <= 0
        else _("It pays only while fewer than <b>{limit:.1%}</b> of buyers would have come anyway (dashed line).")
    ).format(limit=limit)
    return (
        _(
            "With {buyers:,.0f} buyers a month, {chosen:.0%} of them cannibalised, the deal {verb} "
            "<b>{profit:,.0f} CNY</b> a month. "
        ).format(
            buyers=row["buyers"], chosen=chosen, verb=_("earns") if profit >= 0 else _("loses"), profit=abs(profit)
        )
        + pays
    )


DEAL = Panel(
    title="The whole deal: advertising effect versus cannibalisation",
    chart_title=DEAL_TITLE,
    levers=(
        Lever("merchant", options=PREPAID),
        Lever("commission"),
        Lever("later_value_new"),
        Lever("cannibalised_share"),
    ),
    compute=deal_curve,
    chart=_deal_chart,
    summary=_deal_summary,
    start="restaurant",
    presets=PREPAID,
)


def deal_panel() -> ModelPanel:
    """The whole deal: new customers (the advertising effect) against cannibalised full-price sales."""
    return DEAL.widget()


# Step 4: own the customer (the lesson's main profit curves) ---------------------------------------

PROFIT_TITLE = "Cumulative profit: doing nothing, renting customers from the platform, or owning them"


def member_profits(
    commission: float,
    trust: float,
    groupbuy_views: float,
    follow_rate: float,
    retention: float,
    merchant: str = "restaurant",
) -> pd.DataFrame:
    """Cumulative profit (CNY) by month of leg 1's three strategies (`funnel.leg1_curves`).

    The rebate 返点 acts through the voucher margin, trust through who prepays and who
    believes a member's word, traffic through the strangers who see the deal; the rest
    is the merchant's own figures. ``overtakes_month`` is the first month the members
    strategy is ahead of doing nothing (NaN if never).
    """
    m = scenarios.merchant(merchant).replace(
        commission=commission,
        trust=trust,
        groupbuy_views=groupbuy_views,
        follow_rate=follow_rate,
        retention=retention,
    )
    return funnel.leg1_curves(m, MONTHS).drop(columns="profit_cny").round({"cumulative_profit_cny": 2})


def _profit_chart(frame: pd.DataFrame) -> alt.LayerChart:
    curves = charts.lines(
        frame,
        "month",
        "cumulative_profit_cny",
        "strategy",
        title=_(PROFIT_TITLE),
        x_title=_("month"),
        y_title=_("cumulative profit (CNY)"),
        description=_(PROFIT_TITLE),
        zero_rule=True,
    )
    overtakes = (
        charts.rows_where(frame, month=1, strategy=funnel.WITH_MEMBERS)  # one row per set of values
        .properties(width=charts.WIDTH, height=charts.HEIGHT)
        .mark_rule(strokeDash=[6, 4], size=2, color=charts.OKABE_ITO["green"])
        .encode(
            x=alt.X("overtakes_month", type="quantitative"),
            tooltip=[alt.Tooltip("overtakes_month", type="quantitative", title=_("members pay off in month"))],
        )
    )
    return charts.described(alt.layer(*curves.layer, overtakes), curves.description)


def members_summary(frame: pd.DataFrame) -> str:
    """The members panel's summary line: each strategy after the horizon, and when members pay off."""
    last = frame[frame["month"] == MONTHS].set_index("strategy")["cumulative_profit_cny"]
    members = frame.loc[(frame["month"] == MONTHS) & (frame["strategy"] == funnel.WITH_MEMBERS), "members"].iloc[0]
    month = frame["overtakes_month"].iloc[0]
    when = (
        _("group-buy plus members is ahead of doing nothing from month <b>{month:.0f}</b> (dashed line)")
        if month > 0
        else _("group-buy plus members never gets ahead of doing nothing in {months} months")
    ).format(month=month, months=MONTHS)
    return _(
        "After {months} months: no platform <b>{baseline:,.0f} CNY</b>; group-buy only <b>{groupbuy:,.0f}</b>; "
        "group-buy plus members <b>{with_members:,.0f}</b> ({members:,.0f} members). So {when}."
    ).format(
        months=MONTHS,
        baseline=last[funnel.BASELINE],
        groupbuy=last[funnel.GROUPBUY_ONLY],
        with_members=last[funnel.WITH_MEMBERS],
        members=members,
        when=when,
    )


MEMBERS = Panel(
    title="Own the customer: no platform, group-buy alone, or group-buy plus members",
    chart_title=PROFIT_TITLE,
    levers=(
        Lever("merchant", options=PREPAID),
        Lever("commission", high=0.3, grid=(0.0, 0.3, 0.1)),
        Lever("trust", low=0.4, grid=(0.5, 0.9, 0.2)),
        Lever("groupbuy_views", grid=(300, 900, 300)),
        Lever("follow_rate"),
        Lever("retention"),
    ),
    compute=member_profits,
    chart=_profit_chart,
    summary=members_summary,
    start="restaurant",
    presets=PREPAID,
    site_columns=("month", "strategy", "cumulative_profit_cny", "overtakes_month"),
    for_whom="the restaurant",
)


def members_panel() -> ModelPanel:
    """Leg 1's main panel: doing nothing, group-buy alone, and group-buy plus members."""
    return MEMBERS.widget()


members_site_chart = MEMBERS.site_chart


# Step 5: what a member is worth ---------------------------------------------------------------------

CLV_TITLE = "What a member is worth 会员价值: lifetime value against retention"


def clv_curve(
    merchant: str = "restaurant", months: float = 12, your_clv: Callable[..., float] | None = None
) -> pd.DataFrame:
    """A member's value (CNY) against retention: `membership.retention_clv`, and the student's model if it runs.

    A student's function that fails or returns no number is left out of the chart, and
    ``note`` says why.
    """
    m = scenarios.merchant(merchant)
    retention = np.round(np.arange(0.5, 0.951, 0.05), 2)
    frames = [
        pd.DataFrame(
            {
                "retention": retention,
                "series": "member 会员 value, for ever (6)",
                "value_cny": membership.retention_clv(m.member_margin, retention, m.discount_rate),
            }
        )
    ]
    note = ""
    if your_clv is not None:
        try:
            mine = [
                float(your_clv(margin=m.member_margin, retention=r, discount_rate=m.discount_rate, months=int(months)))
                for r in retention
            ]
        except Exception as error:  # noqa: BLE001 - a student's unfinished model is reported, not raised
            note = unfinished(error)
        else:
            frames.append(
                pd.DataFrame(
                    {
                        "retention": retention,
                        "value_cny": mine,
                        "series": f"your model: the first {int(months)} months",
                    }
                )
            )
    return pd.concat(frames, ignore_index=True).assign(note=note)


def _clv_chart(frame: pd.DataFrame) -> alt.LayerChart:
    return charts.lines(
        frame,
        "retention",
        "value_cny",
        "series",
        title=_(CLV_TITLE),
        x_title=_("retention 留存 (share of members who stay a month)"),
        y_title=_("value of a member (CNY)"),
        description=_(CLV_TITLE),
    )


def _clv_summary(frame: pd.DataFrame) -> str:
    at_85 = frame[np.isclose(frame["retention"], 0.85)].set_index("series")["value_cny"]
    shown = "; ".join(
        _("{name}: <b>{value:,.0f} CNY</b>").format(name=name, value=value) for name, value in at_85.items()
    )
    return (
        _("At 85% retention a member is worth {shown}. {note}").format(shown=shown, note=frame["note"].iloc[0]).strip()
    )


CLV = Panel(
    title="What a member is worth: the built-in CLV and your model",
    chart_title=CLV_TITLE,
    levers=(Lever("merchant", options=PREPAID),),
    compute=clv_curve,
    chart=_clv_chart,
    summary=_clv_summary,
    start="restaurant",
    structure=lambda frame: list(dict.fromkeys(frame["series"])),
)
CLV_YOURS = CLV.with_levers(*CLV.levers, Lever("months"))
"""The CLV panel with the horizon of the student's model as a slider."""


def clv_panel(your_clv: Callable[..., float] | None = None) -> ModelPanel:
    """Member value against retention; pass ``your_clv`` to draw your own model beside the built-in one."""
    return CLV.widget() if your_clv is None else CLV_YOURS.widget(your_clv=your_clv)


def breakeven_table() -> pd.DataFrame:
    """Per prepaid merchant: the voucher, the deal with and without members, and the retention that repays it."""
    rows = []
    for name in PREPAID:
        m = scenarios.merchant(name)
        deal = (m.list_price, m.discount, m.commission, m.unit_cost)
        gains = funnel.leg1_months(m)
        rows.append(
            {
                "merchant": name,
                "voucher margin m (CNY)": m.voucher_margin,
                "break-even rebate c*": float(groupbuy.breakeven_commission(m.list_price, m.discount, m.unit_cost)),
                "cannibalised a": m.cannibalised_share,
                "a* without members": float(groupbuy.breakeven_cannibalisation(*deal, 0.0)),
                "member margin (CNY/month)": m.member_margin,
                "CLV (CNY)": funnel.member_value(m),
                "V = f x CLV (CNY)": funnel.later_value(m),
                "a* with members": float(groupbuy.breakeven_cannibalisation(*deal, funnel.later_value(m))),
                "retention r": m.retention,
                "r* per member": funnel.breakeven_retention(m, per_visitor=False, with_operators=False),
                "r* per new customer": funnel.breakeven_retention(m, with_operators=False),
                "r* with operators' pay": funnel.breakeven_retention(m),
                "ahead of no platform (month)": funnel.first_month_ahead(
                    gains["groupbuy_gain_cny"] + gains["member_gain_cny"]
                ),
            }
        )
    return pd.DataFrame(rows).set_index("merchant").round(3)


DECLARED = {
    "voucher_panel": VOUCHER,
    "prepay_panel": PREPAY,
    "deal_panel": DEAL,
    "members_panel": MEMBERS,
    "clv_panel": CLV,
}
"""Each panel's declaration, by the function a notebook calls."""
PANELS = [voucher_panel, prepay_panel, deal_panel, members_panel, clv_panel]
SITE_CHARTS = site_charts(DECLARED)
"""The charts the site shows for these panels, with no kernel (`scripts/build_site.py`)."""
