"""Lesson 01, leg 1: acquire with group-buys (团购), then own the customer as a member (会员).

The lesson follows one merchant's funnel (`o2o_models.funnel`): one voucher's margin, the
strangers who trust enough to prepay, the deal against the sales it cannibalises, the
members who come back, and what a member is worth. Each step has a panel built on the
same model functions the notebook shows, and the exercises' self-checks.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import ipywidgets as widgets
import numpy as np
import pandas as pd

from .. import funnel, groupbuy, membership, scenarios
from ..interactive import charts
from ..interactive.gridchart import Axis, bound_chart, grid_frame
from ..interactive.widgets import ModelPanel, slider
from ..merchant import Merchant
from ..trust import prepay_conversion
from .common import described, described_rows, presets, source, voucher_controls, words
from .exercises import Choice, Function, Number, Workbook

__all__ = [
    "voucher_panel",
    "prepay_panel",
    "deal_panel",
    "members_panel",
    "clv_panel",
    "breakeven_table",
    "glossary",
    "check",
    "hint",
    "solution",
    "source",
]

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


def __dir__() -> list[str]:
    return __all__


def glossary() -> pd.io.formats.style.Styler:
    """The glossary entries of the terms this lesson uses."""
    return words(TERMS)


def _menu() -> widgets.Dropdown:
    return widgets.Dropdown(
        options=list(PREPAID),
        value="restaurant",
        description="Merchant 商家",
        style={"description_width": "22em"},
        layout=widgets.Layout(width="46em"),
    )


def _rebate_slider(value: float, high: float = 0.5) -> widgets.FloatSlider:
    return slider("Rebate 返点", value, 0, high, 0.01, "share of voucher price", percent=True)


def _first_row(frame: pd.DataFrame, column: str) -> alt.Chart:
    """A chart of ``frame``'s first row, picked in Vega, so every layer draws the same rows (`described_rows`)."""
    return alt.Chart(frame).transform_filter(f"datum.{column} == {float(frame[column].iloc[0])!r}")


def _marker(frame: pd.DataFrame, first: str, x: str, y: str, colour: str, tooltips: dict[str, str]) -> alt.Chart:
    """A large point at (x, y) of the row where ``first`` takes its first value; ``tooltips`` maps fields to titles."""
    return (
        _first_row(frame, first)
        .mark_point(size=220, filled=True, opacity=1, color=colour, stroke="black", shape="diamond")
        .encode(
            x=alt.X(x, type="quantitative"),
            y=alt.Y(y, type="quantitative"),
            tooltip=[
                alt.Tooltip(field, type="quantitative", title=title, format=",.2f") for field, title in tooltips.items()
            ],
        )
    )


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
        title=VOUCHER_TITLE,
        value_title="CNY per voucher",
        description="A waterfall from the list price to the margin of one voucher",
    )


def _show_voucher(frame: pd.DataFrame, **values: float) -> tuple[alt.LayerChart, str]:
    margin, rebate = frame["amount_cny"].iloc[-1], -frame["amount_cny"].iloc[2]
    limit = frame["breakeven_rebate"].iloc[0]
    verdict = (
        "At this discount it earns nothing even with no rebate."
        if limit <= 0
        else f"It breaks even while the rebate stays at or below <b>{limit:.1%}</b>."
    )
    summary = (
        f"The merchant {'loses' if margin < 0 else 'earns'} <b>{abs(margin):,.1f} CNY</b> a voucher; "
        f"the platform keeps <b>{rebate:,.1f} CNY</b>. {verdict}"
    )
    return described_rows(_voucher_chart, frame, VOUCHER_TITLE, summary, structure=frame["kind"].tolist()), summary


def voucher_panel() -> ModelPanel:
    """One voucher as a waterfall: list price, discount, rebate, unit cost, margin."""
    controls = voucher_controls(scenarios.merchant("restaurant"))
    return ModelPanel(
        controls,
        voucher_steps,
        _show_voucher,
        presets=presets(PREPAID, list(controls)),
        title="不做团购没客户，做了团购要亏本: one voucher, step by step",
    )


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
        title=PREPAY_TITLE,
        x_title="price paid in advance (CNY)",
        y_title="share of strangers who prepay",
        description=PREPAY_TITLE,
    )
    point = _marker(
        frame,
        "price_cny",
        "voucher_price_cny",
        "voucher_conversion",
        charts.OKABE_ITO["vermillion"],
        {"voucher_price_cny": "voucher price (CNY)", "voucher_conversion": "share who prepay"},
    )
    return alt.layer(curve, point)


def _show_prepay(frame: pd.DataFrame, **values: object) -> tuple[charts.Spec, str]:
    row = frame.iloc[0]
    summary = (
        f"At the voucher price of <b>{row['voucher_price_cny']:,.0f} CNY</b> (the diamond), "
        f"<b>{row['voucher_conversion']:.0%}</b> of strangers prepay: <b>{row['buyers']:,.0f}</b> voucher "
        f"buyers a month of the {row['views']:,.0f} who see the deal."
    )
    return described_rows(_prepay_chart, frame, PREPAY_TITLE, summary), summary


def prepay_panel() -> ModelPanel:
    """How the platform's trust endorsement makes strangers prepay (预付款), and so buy vouchers."""
    m = scenarios.merchant("restaurant")
    controls = {
        "merchant": _menu(),
        "trust": slider("Trust 信任", m.trust, 0, 1, 0.05, "0 to 1"),
        "max_valuation": slider("Highest value a stranger puts on it", m.max_valuation, 50, 500, 10, "CNY"),
        "discount": slider("Discount 折扣", m.discount, 0, 0.9, 0.05, "share of list price", percent=True),
    }
    return ModelPanel(
        controls,
        prepay_curve,
        _show_prepay,
        presets=presets(PREPAID, list(controls)),
        title="Prepayment needs trust: the platform vouches for the merchant",
    )


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
        title=DEAL_TITLE,
        x_title="cannibalised share (fraction of voucher buyers)",
        y_title="deal profit (CNY a month)",
        description=DEAL_TITLE,
        zero_rule=True,
    )
    rule = (
        _first_row(frame, "cannibalised_share")
        .mark_rule(strokeDash=[6, 4], color=charts.OKABE_ITO["grey"], size=2)
        .encode(
            x=alt.X("breakeven_share", type="quantitative"),
            tooltip=[alt.Tooltip("breakeven_share", type="quantitative", title="break-even share a*", format=".1%")],
        )
    )
    point = _marker(
        frame,
        "cannibalised_share",
        "chosen_share",
        "chosen_profit_cny",
        charts.OKABE_ITO["orange"],
        {"chosen_share": "cannibalised share", "chosen_profit_cny": "deal profit (CNY a month)"},
    )
    return alt.layer(*line.layer, rule, point)


def _show_deal(frame: pd.DataFrame, **values: object) -> tuple[charts.Spec, str]:
    row = frame.iloc[0]
    limit, chosen, profit = row["breakeven_share"], row["chosen_share"], row["chosen_profit_cny"]
    pays = (
        "It loses money even if every buyer is new."
        if limit <= 0
        else f"It pays only while fewer than <b>{limit:.1%}</b> of buyers would have come anyway (dashed line)."
    )
    summary = (
        f"With {row['buyers']:,.0f} buyers a month, {chosen:.0%} of them cannibalised, the deal "
        f"{'earns' if profit >= 0 else 'loses'} <b>{abs(profit):,.0f} CNY</b> a month. {pays}"
    )
    return described_rows(_deal_chart, frame, DEAL_TITLE, summary), summary


def deal_panel() -> ModelPanel:
    """The whole deal: new customers (the advertising effect) against cannibalised full-price sales."""
    m = scenarios.merchant("restaurant")
    controls = {
        "merchant": _menu(),
        "commission": _rebate_slider(m.commission),
        "later_value_new": slider("Later value of a new customer", 0, 0, 200, 5, "CNY"),
        "cannibalised_share": slider(
            "Buyers who would have come anyway",
            m.cannibalised_share,
            0,
            1,
            0.05,
            "share of buyers",
            percent=True,
        ),
    }
    figures = {
        name: {**values, "later_value_new": 0.0}
        for name, values in presets(PREPAID, ["merchant", "commission", "cannibalised_share"]).items()
    }
    return ModelPanel(
        controls,
        deal_curve,
        _show_deal,
        presets=figures,
        title="The whole deal: advertising effect versus cannibalisation",
    )


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
        title=PROFIT_TITLE,
        x_title="month",
        y_title="cumulative profit (CNY)",
        description=PROFIT_TITLE,
        zero_rule=True,
    )
    first = f"datum.month == 1 && datum.strategy == '{funnel.WITH_MEMBERS}'"  # one row per set of values
    overtakes = (
        alt.Chart(frame, width=charts.WIDTH, height=charts.HEIGHT)
        .transform_filter(first)
        .mark_rule(strokeDash=[6, 4], size=2, color=charts.OKABE_ITO["green"])
        .encode(
            x=alt.X("overtakes_month", type="quantitative"),
            tooltip=[alt.Tooltip("overtakes_month", type="quantitative", title="members pay off in month")],
        )
    )
    return charts.described(alt.layer(*curves.layer, overtakes), curves.description)


def members_summary(frame: pd.DataFrame) -> str:
    """The members panel's summary line: each strategy after the horizon, and when members pay off."""
    last = frame[frame["month"] == MONTHS].set_index("strategy")["cumulative_profit_cny"]
    members = frame.loc[(frame["month"] == MONTHS) & (frame["strategy"] == funnel.WITH_MEMBERS), "members"].iloc[0]
    month = frame["overtakes_month"].iloc[0]
    when = (
        f"group-buy plus members is ahead of doing nothing from month <b>{month:.0f}</b> (dashed line)"
        if month > 0
        else f"group-buy plus members never gets ahead of doing nothing in {MONTHS} months"
    )
    return (
        f"After {MONTHS} months: no platform <b>{last[funnel.BASELINE]:,.0f} CNY</b>; group-buy only "
        f"<b>{last[funnel.GROUPBUY_ONLY]:,.0f}</b>; group-buy plus members <b>{last[funnel.WITH_MEMBERS]:,.0f}</b>"
        f" ({members:,.0f} members). So {when}."
    )


def _show_members(frame: pd.DataFrame, **values: object) -> tuple[charts.Spec, str]:
    summary = members_summary(frame)
    return described_rows(_profit_chart, frame, PROFIT_TITLE, summary), summary


def members_panel() -> ModelPanel:
    """Leg 1's main panel: doing nothing, group-buy alone, and group-buy plus members."""
    m = scenarios.merchant("restaurant")
    controls = {
        "merchant": _menu(),
        "commission": _rebate_slider(m.commission, high=0.3),
        "trust": slider("Trust 信任 (reviews as proof)", m.trust, 0.4, 1, 0.05, "0 to 1"),
        "groupbuy_views": slider("Traffic: strangers who see the deal", m.groupbuy_views, 0, 2000, 50, "per month"),
        "follow_rate": slider(
            "Follow the service account 服务号",
            m.follow_rate,
            0,
            1,
            0.05,
            "share of new customers",
            percent=True,
        ),
        "retention": slider("Members who stay 留存", m.retention, 0.5, 0.95, 0.01, "share per month", percent=True),
    }
    return ModelPanel(
        controls,
        member_profits,
        _show_members,
        presets=presets(PREPAID, list(controls)),
        title="Own the customer: no platform, group-buy alone, or group-buy plus members",
    )


def members_site_chart() -> alt.TopLevelMixin:
    """The restaurant's curves over a grid of rebates, trust and traffic, for pages with no kernel."""
    m = scenarios.merchant("restaurant")
    axes = [
        Axis("commission", "Rebate 返点 (share of voucher price)", 0.0, 0.3, 0.1, m.commission),
        Axis("trust", "Trust 信任 (0 to 1)", 0.5, 0.9, 0.2, m.trust),
        Axis("groupbuy_views", "Traffic: strangers who see the deal (a month)", 300, 900, 300, m.groupbuy_views),
    ]
    grid = grid_frame(
        member_profits, axes, follow_rate=m.follow_rate, retention=m.retention, merchant="restaurant"
    ).drop(columns="members")
    at_defaults = member_profits(m.commission, m.trust, m.groupbuy_views, m.follow_rate, m.retention)
    return described(
        bound_chart(_profit_chart, grid, axes),
        f"{PROFIT_TITLE}, for the restaurant",
        members_summary(at_defaults),
    )


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
            note = (
                f"Your model does not draw yet ({type(error).__name__}: {error}): finish it, run its cell, "
                "then this one."
            )
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
        title=CLV_TITLE,
        x_title="retention 留存 (share of members who stay a month)",
        y_title="value of a member (CNY)",
        description=CLV_TITLE,
    )


def _show_clv(frame: pd.DataFrame, **values: object) -> tuple[charts.Spec, str]:
    at_85 = frame[np.isclose(frame["retention"], 0.85)].set_index("series")["value_cny"]
    shown = "; ".join(f"{name}: <b>{value:,.0f} CNY</b>" for name, value in at_85.items())
    summary = f"At 85% retention a member is worth {shown}. {frame['note'].iloc[0]}".strip()
    return described_rows(
        _clv_chart, frame, CLV_TITLE, summary, structure=list(dict.fromkeys(frame["series"]))
    ), summary


def clv_panel(your_clv: Callable[..., float] | None = None) -> ModelPanel:
    """Member value against retention; pass ``your_clv`` to draw your own model beside the built-in one."""
    controls = {"merchant": _menu()}
    if your_clv is not None:
        controls["months"] = slider("Your model's horizon", 12, 1, 60, 1, "months")
    return ModelPanel(
        controls,
        lambda **v: clv_curve(**v, your_clv=your_clv),
        _show_clv,
        title="What a member is worth: the built-in CLV and your model",
    )


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


PANELS = [voucher_panel, prepay_panel, deal_panel, members_panel, clv_panel]
SITE_CHARTS = {"members_panel": members_site_chart}


# Exercises ------------------------------------------------------------------------------------------


def _restaurant() -> Merchant:
    return scenarios.merchant("restaurant")


def _clv_within(margin: float, retention: float, discount_rate: float, months: int) -> float:
    """A member's value over the first ``months`` months only (the reference answer of exercise 6)."""
    ratio = retention / (1 + discount_rate)
    return float(margin * ratio * (1 - ratio**months) / (1 - ratio))


def _first_year_share() -> float:
    m = _restaurant()
    return _clv_within(m.member_margin, m.retention, m.discount_rate, 12) / funnel.member_value(m)


def _owned_share_q4() -> float:
    log = scenarios.load_transactions()
    quarter = log["date"].dt.quarter
    owned = log["amount_cny"].where(log["channel"].isin(["member", "referral"]), 0.0)
    return float(owned[quarter == 4].sum() / log.loc[quarter == 4, "amount_cny"].sum())


def _not_groupbuy_share_q4() -> float:
    log = scenarios.load_transactions()
    q4 = log[log["date"].dt.quarter == 4]
    return float(q4.loc[q4["channel"] != "groupbuy", "amount_cny"].sum() / q4["amount_cny"].sum())


def _ahead_month() -> float:
    gains = funnel.leg1_months(_restaurant())
    return float(funnel.first_month_ahead(gains["groupbuy_gain_cny"] + gains["member_gain_cny"]))


def _ahead_of_groupbuy_only() -> float:
    gains = funnel.leg1_months(_restaurant())
    return float(funnel.first_month_ahead(gains["member_gain_cny"]))


WORKBOOK = Workbook(
    "01_leg1_acquire_and_own",
    {
        1: Number(
            key="breakeven-rebate-40-off",
            unit="share of the voucher price",
            places=2,
            expected=lambda: float(groupbuy.breakeven_commission(200, 0.4, 100)),
            mistakes={
                "rebate on the list price": (
                    lambda: (200 * 0.6 - 100) / 200,
                    "the rebate is charged on the list price. The platform takes its share of the voucher price, "
                    "P(1 - d), not of the list price.",
                )
            },
            hint="Set the margin (1) to zero and solve for c: equation (2).",
            working=lambda: (
                "The voucher price is 200 x (1 - 0.4) = 120 CNY, so by (2) c* = 1 - 100 / 120 = 1/6, "
                "about **0.17**. At the usual 10% rebate the voucher now earns 120 x 0.9 - 100 = 8 CNY."
            ),
        ),
        2: Number(
            key="prepay-share-trust-0.9",
            unit="fraction of strangers",
            places=2,
            expected=lambda: float(prepay_conversion(0.9, 100, 300)),
            mistakes={
                "trust left out": (
                    lambda: 1 - 100 / 300,
                    "trust is left out. A stranger only counts on a share τ of the value: prepay when τ v ≥ p.",
                )
            },
            hint="Use equation (3): the share is 1 - p / (τ v̄).",
            working=lambda: "By (3): 1 - 100 / (0.9 x 300) = 1 - 100/270 = **0.63**.",
        ),
        3: Number(
            key="a-star-restaurant-v30",
            unit="fraction of voucher buyers",
            places=2,
            expected=lambda: float(groupbuy.breakeven_cannibalisation(200, 0.5, 0.1, 100, 30)),
            mistakes={
                "rebate left out": (
                    lambda: (0 + 30) / (100 + 30),
                    "the rebate is left out of the voucher margin m: m = P(1 - d)(1 - c) - u, with c = 10%.",
                ),
                "V missing below the line": (
                    lambda: (-10 + 30) / 100,
                    "V is missing from the denominator of (5): a* = (m + V) / ((P - u) + V).",
                ),
            },
            hint="First the voucher margin m from (1), then equation (5).",
            working=lambda: (
                "m = 200 x 0.5 x 0.9 - 100 = -10 CNY, so by (5) a* = (-10 + 30) / (100 + 30) = 20/130, "
                "about **0.15**: if more than 15% of buyers would have come anyway, the deal loses money."
            ),
        ),
        4: Number(
            key="members-ahead-month",
            unit="month",
            places=0,
            expected=_ahead_month,
            mistakes={
                "ahead of group-buy only": (
                    _ahead_of_groupbuy_only,
                    "you read where the members curve passes "
                    "group-buy only. The question compares it with doing nothing: "
                    "the no-platform curve.",
                )
            },
            hint="Read the panel's summary at the restaurant's figures (Reset), or the month where the green curve "
            "first reaches the orange one.",
            working=lambda: (
                f"Month **{_ahead_month():.0f}**: `funnel.first_month_ahead` of the monthly gains of "
                "group-buy plus members over doing nothing. The rebate does not move the month at which "
                "members pass group-buy alone, only the level."
            ),
        ),
        5: Number(
            key="restaurant-member-clv",
            unit="CNY",
            places=0,
            expected=lambda: funnel.member_value(_restaurant()),
            mistakes={
                "month 0 counted": (
                    lambda: funnel.member_value(_restaurant()) * 1.01 / 0.85,
                    "the joining month is counted. A member who joins this month first buys "
                    "next month: the sum in (6) starts at t = 1.",
                )
            },
            hint="The member margin m_M = k (P(1 - δ) - u) - c_m, then equation (6).",
            working=lambda: (
                f"m_M = 0.5 x (200 x 0.9 - 100) - 1 = 39 CNY a month, so by (6) "
                f"CLV = 39 x 0.85 / (1 + 0.01 - 0.85) = 33.15 / 0.16, about "
                f"**{funnel.member_value(_restaurant()):,.0f} CNY**."
            ),
        ),
        6: Function(
            key="finite-horizon-clv",
            reference=_clv_within,
            cases=[
                {"margin": 39.0, "retention": 0.85, "discount_rate": 0.01, "months": 12},
                {"margin": 10.0, "retention": 0.5, "discount_rate": 0.0, "months": 1},
                {"margin": 25.0, "retention": 0.9, "discount_rate": 0.02, "months": 60},
                {"margin": -5.0, "retention": 0.7, "discount_rate": 0.01, "months": 3},
            ],
            hint="Add up margin x (retention / (1 + discount_rate)) ** t for t = 1, 2, ..., months. "
            "`np.arange(1, months + 1)` gives the t's.",
            working=lambda: (
                "```python\ndef clv_within(margin, retention, discount_rate, months):\n"
                "    t = np.arange(1, months + 1)\n"
                "    return np.sum(margin * (retention / (1 + discount_rate)) ** t)\n```\n"
                f"Within a year a restaurant member is worth about {_first_year_share():.0%} of the for-ever "
                "value (6): most of a member's value comes early, because members leave."
            ),
        ),
        7: Number(
            key="owned-share-q4",
            unit="fraction of revenue",
            places=2,
            expected=_owned_share_q4,
            mistakes={
                "walk-ins counted as owned": (
                    _not_groupbuy_share_q4,
                    "walk-ins are counted as owned. The "
                    "merchant cannot reach a walk-in again: only members and the "
                    "friends they refer are its own customers.",
                )
            },
            hint="Filter the fourth quarter with `log['date'].dt.quarter == 4`; owned channels are 'member' and "
            "'referral'; divide their amount_cny by the quarter's total.",
            working=lambda: (
                "```python\nq4 = log[log['date'].dt.quarter == 4]\n"
                "owned = q4.loc[q4['channel'].isin(['member', 'referral']), 'amount_cny'].sum()\n"
                "answer = owned / q4['amount_cny'].sum()\n```\n"
                f"About **{_owned_share_q4():.2f}**: the member pool's share grows through the year."
            ),
        ),
        8: Choice(
            key="lever-that-leaves-the-crossing",
            expected="a",
            explanations={
                "a": "Right: the rebate changes only the deal's term, which both group-buy strategies share, so the "
                "month members pass group-buy alone stays the same; it moves when members pass doing nothing.",
                "b": "Not retention: it decides how long members keep buying, so it moves every curve with members.",
                "c": "Not the follow rate: it decides how many members there are.",
            },
            hint="Which lever acts only on the group-buy term of the monthly profit, shared by both group-buy "
            "strategies?",
            working=lambda: "**(a)** the rebate: both group-buy curves fall by the same amount each month.",
        ),
    },
)

check, hint, solution = WORKBOOK.check, WORKBOOK.hint, WORKBOOK.solution
