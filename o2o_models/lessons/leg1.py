"""Lesson 01, leg 1: acquire with group-buys, then own the customer as a member."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from .. import charts, groupbuy, membership, trust
from ..exercises import Feedback, check_number
from ..gridchart import Axis, bound_chart, grid_frame
from ..scenarios import load_transactions, scenario
from ..widgets import ModelPanel, slider

PREPAID = ("restaurant", "cinema", "leisure")
MONTHS = 36
GROUPBUY_ONLY = "group-buy only 团购"
WITH_MEMBERS = "member 会员 + group-buy"


def _presets(names: tuple[str, ...], keys: list[str]) -> dict[str, dict[str, float]]:
    return {name: {k: scenario(name)[k] for k in keys} for name in names}


# Step 1: the deal as a whole (Edelman, Jaffe and Kominers 2016) ---------------------------------

def deal_curve(list_price: float, discount: float, commission: float, unit_cost: float, vouchers_sold: float,
               later_value_new: float) -> pd.DataFrame:
    """Deal profit (CNY) against the cannibalised share 0, 0.05, ..., 1."""
    share = np.linspace(0, 1, 21)
    profit = groupbuy.deal_profit(list_price, discount, commission, unit_cost, vouchers_sold, share, later_value_new)
    breakeven = float(groupbuy.breakeven_cannibalisation(list_price, discount, commission, unit_cost,
                                                         later_value_new))
    return pd.DataFrame({"cannibalised_share": share, "deal_profit_cny": profit, "series": "merchant 商家",
                         "breakeven_share": breakeven})


def _show_deal(frame: pd.DataFrame, **values: float) -> tuple[alt.LayerChart, str]:
    chart = charts.lines(frame, "cannibalised_share", "deal_profit_cny", "series",
                         title="Does the deal pay? Profit against the share of buyers who would have come anyway",
                         x_title="cannibalised share (fraction of voucher buyers)", y_title="deal profit (CNY)",
                         zero_rule=True)
    share = frame["breakeven_share"].iloc[0]
    return chart, (f"The deal pays while fewer than <b>{share:.0%}</b> of voucher buyers would have come anyway "
                   "at full price.")


def deal_panel() -> ModelPanel:
    """The whole deal: new customers (advertising) against cannibalised full-price sales."""
    v = scenario("restaurant")
    controls = {
        "list_price": slider("List price 标价", v["list_price"], 50, 400, 10, "CNY"),
        "discount": slider("Discount 折扣", v["discount"], 0, 0.9, 0.05, "share of list price", percent=True),
        "commission": slider("Rebate 返点", v["commission"], 0, 0.5, 0.01, "share of voucher price", percent=True),
        "unit_cost": slider("Unit cost 成本", v["unit_cost"], 0, 300, 5, "CNY"),
        "vouchers_sold": slider("Vouchers sold", v["vouchers_sold"], 0, 3000, 50, "vouchers"),
        "later_value_new": slider("Later value of a new customer", v["later_value_new"], 0, 200, 5, "CNY"),
    }
    return ModelPanel(controls, deal_curve, _show_deal, presets=_presets(PREPAID, list(controls)),
                      title="The whole deal: advertising effect versus cannibalisation")


# Step 2: own the customer (the lesson's main profit curve) ------------------------------------

def member_profits(commission: float, trust: float, monthly_first_visits: float, follow_rate: float,
                   retention: float, merchant: str = "restaurant") -> pd.DataFrame:
    """Cumulative profit (CNY) by month: group-buy alone against group-buy plus members.

    The rebate 返点 acts through the voucher margin, trust through members' referrals,
    traffic through the group-buy first visits; the rest comes from the merchant's scenario.
    """
    v = scenario(merchant)
    margin = float(groupbuy.voucher_margin(v["list_price"], v["discount"], commission, v["unit_cost"]))
    frame = membership.simulate_members(
        months=MONTHS, monthly_first_visits=monthly_first_visits, voucher_margin_cny=margin,
        follow_rate=follow_rate, retention=retention, purchases_per_member=v["purchases_per_member"],
        margin_per_purchase_cny=v["margin_per_purchase_cny"], referral_rate=v["referral_rate"], trust=trust,
        marketing_cost_per_member_cny=v["marketing_cost_per_member_cny"], staff_cost_cny=v["staff_cost_cny"])
    return pd.concat([
        pd.DataFrame({"month": frame["month"], "strategy": GROUPBUY_ONLY,
                      "cumulative_profit_cny": frame["groupbuy_only_cumulative_cny"], "members": 0.0}),
        pd.DataFrame({"month": frame["month"], "strategy": WITH_MEMBERS,
                      "cumulative_profit_cny": frame["cumulative_profit_cny"], "members": frame["members"]}),
    ], ignore_index=True)


def _profit_chart(frame: pd.DataFrame) -> alt.LayerChart:
    return charts.lines(frame, "month", "cumulative_profit_cny", "strategy",
                        title="Cumulative profit: renting customers from the platform, or owning them",
                        x_title="month", y_title="cumulative profit (CNY)", zero_rule=True)


def _show_members(frame: pd.DataFrame, **values: float) -> tuple[alt.LayerChart, str]:
    last = frame[frame["month"] == MONTHS].set_index("strategy")
    gain = last.loc[WITH_MEMBERS, "cumulative_profit_cny"] - last.loc[GROUPBUY_ONLY, "cumulative_profit_cny"]
    return _profit_chart(frame), (
        f"After {MONTHS} months: group-buy alone <b>{last.loc[GROUPBUY_ONLY, 'cumulative_profit_cny']:,.0f} CNY</b>; "
        f"with members <b>{last.loc[WITH_MEMBERS, 'cumulative_profit_cny']:,.0f} CNY</b> "
        f"({gain:+,.0f} CNY, {last.loc[WITH_MEMBERS, 'members']:,.0f} members).")


def members_panel() -> ModelPanel:
    """Leg 1's main panel: turn group-buy customers into members, and watch cumulative profit."""
    v = scenario("restaurant")
    controls = {
        "commission": slider("Rebate 返点", v["commission"], 0, 0.3, 0.01, "share of voucher price", percent=True),
        "trust": slider("Trust 信任 (reviews as proof)", v["trust"], 0, 1, 0.05, "0 to 1"),
        "monthly_first_visits": slider("Traffic: group-buy visits", v["monthly_first_visits"], 0, 2000, 50,
                                       "per month"),
        "follow_rate": slider("Follow the service account 服务号", v["follow_rate"], 0, 1, 0.05,
                              "share of visitors", percent=True),
        "retention": slider("Members who stay 留存", v["retention"], 0.5, 0.95, 0.01, "share per month",
                            percent=True),
    }
    return ModelPanel(controls, member_profits, _show_members,
                      presets=_presets(("restaurant",), list(controls)),
                      title="Own the customer: group-buy alone versus group-buy plus members (restaurant)")


def members_site_chart() -> alt.TopLevelMixin:
    """The main profit curve over a grid of rebates and retentions, for pages with no kernel."""
    v = scenario("restaurant")
    axes = [Axis("commission", "Rebate 返点 (share of voucher price)", 0.0, 0.3, 0.05, v["commission"]),
            Axis("retention", "Members who stay (share per month)", 0.6, 0.95, 0.05, v["retention"])]
    grid = grid_frame(member_profits, axes, trust=v["trust"], monthly_first_visits=v["monthly_first_visits"],
                      follow_rate=v["follow_rate"])
    return bound_chart(_profit_chart, grid, axes)


# Step 3: the value of a member and the retention that repays the first visit -------------------

def breakeven_table() -> pd.DataFrame:
    """Per prepaid merchant: voucher margin, member margin, CLV and the break-even retention."""
    rows = []
    for name in PREPAID:
        v = scenario(name)
        margin = float(groupbuy.voucher_margin(v["list_price"], v["discount"], v["commission"], v["unit_cost"]))
        member_margin = v["purchases_per_member"] * v["margin_per_purchase_cny"] - v["marketing_cost_per_member_cny"]
        loss = max(0.0, -margin)
        rows.append({
            "merchant": name,
            "voucher margin (CNY)": round(margin, 2),
            "member margin (CNY/month)": round(member_margin, 2),
            "retention": v["retention"],
            "CLV (CNY)": round(float(membership.retention_clv(member_margin, v["retention"], v["discount_rate"])), 2),
            "break-even retention": round(float(membership.breakeven_retention(loss, member_margin,
                                                                               v["discount_rate"])), 4),
        })
    return pd.DataFrame(rows).set_index("merchant")


# Step 4: trust endorsement and prepayment ----------------------------------------------------

def prepay_curve(trust: float, max_valuation: float, list_price: float, discount: float) -> pd.DataFrame:
    """Share of strangers who prepay against the price asked, at this trust; marks the voucher price."""
    price = np.linspace(0, max_valuation, 41)
    return pd.DataFrame({"price_cny": price, "conversion": trust_conversion(trust, price, max_valuation),
                         "series": "member 会员 (strangers who prepay)",
                         "voucher_price_cny": list_price * (1 - discount),
                         "voucher_conversion": float(trust_conversion(trust, list_price * (1 - discount),
                                                                      max_valuation))})


def trust_conversion(trust_level: float, price: float | np.ndarray, max_valuation: float) -> np.ndarray:
    """`trust.prepay_conversion`, named for the lesson."""
    return trust.prepay_conversion(trust_level, price, max_valuation)


def _show_prepay(frame: pd.DataFrame, **values: float) -> tuple[alt.LayerChart, str]:
    curve = charts.lines(frame, "price_cny", "conversion", "series",
                         title="Trust endorsement 信任背书: who pays in advance at each price",
                         x_title="price paid in advance (CNY)", y_title="share of strangers who prepay")
    point = alt.Chart(frame.iloc[[0]]).mark_point(size=160, filled=True, color=charts.OKABE_ITO["vermillion"]).encode(
        x=alt.X("voucher_price_cny", type="quantitative"), y=alt.Y("voucher_conversion", type="quantitative"),
        tooltip=[alt.Tooltip("voucher_price_cny", type="quantitative", title="voucher price (CNY)"),
                 alt.Tooltip("voucher_conversion", type="quantitative", title="share who prepay", format=".0%")])
    row = frame.iloc[0]
    return alt.layer(curve, point), (f"At the voucher price of <b>{row['voucher_price_cny']:.0f} CNY</b>, "
                                     f"<b>{row['voucher_conversion']:.0%}</b> of strangers prepay.")


def prepay_panel() -> ModelPanel:
    """How the platform's trust endorsement makes strangers prepay (预付款)."""
    v = scenario("restaurant")
    controls = {
        "trust": slider("Trust 信任", v["trust"], 0, 1, 0.05, "0 to 1"),
        "max_valuation": slider("Highest value a stranger puts on it", v["max_valuation"], 50, 500, 10, "CNY"),
        "list_price": slider("List price 标价", v["list_price"], 50, 400, 10, "CNY"),
        "discount": slider("Discount 折扣", v["discount"], 0, 0.9, 0.05, "share of list price", percent=True),
    }
    return ModelPanel(controls, prepay_curve, _show_prepay, presets=_presets(PREPAID, list(controls)),
                      title="Prepayment needs trust: the platform vouches for the merchant")


PANELS = [deal_panel, members_panel, prepay_panel]
SITE_CHARTS = {"members_panel": members_site_chart}


# Exercises ---------------------------------------------------------------------------------

def check_breakeven_cannibalisation(answer: object) -> Feedback:
    """Exercise 1: the restaurant's break-even cannibalised share."""
    v = scenario("restaurant")
    expected = float(groupbuy.breakeven_cannibalisation(v["list_price"], v["discount"], v["commission"],
                                                        v["unit_cost"], v["later_value_new"]))
    return check_number(answer, expected, unit="fraction of voucher buyers",
                        why="a* = (m + V) / ((P - u) + V) with m the voucher margin and V the later value.")


def check_member_clv(answer: object) -> Feedback:
    """Exercise 2: the value of a restaurant member."""
    v = scenario("restaurant")
    margin = v["purchases_per_member"] * v["margin_per_purchase_cny"] - v["marketing_cost_per_member_cny"]
    expected = float(membership.retention_clv(margin, v["retention"], v["discount_rate"]))
    return check_number(answer, expected, unit="CNY",
                        why="CLV = m r / (1 + i - r), with m = purchases x margin - marketing cost per month.")


def check_breakeven_retention(answer: object) -> Feedback:
    """Exercise 3: the retention at which a member repays a 25 CNY first-visit loss at 15 CNY a month."""
    expected = float(membership.breakeven_retention(25, 15, 0.01))
    return check_number(answer, expected, unit="fraction per month",
                        why="r* = L (1 + i) / (m + L) with L = 25, m = 15, i = 0.01.")


def check_prepay_share(answer: object) -> Feedback:
    """Exercise 4: share of strangers who prepay 100 CNY at trust 0.9 when values reach 300 CNY."""
    expected = float(trust.prepay_conversion(0.9, 100, 300))
    return check_number(answer, expected, unit="fraction of strangers",
                        why="conversion = 1 - price / (trust x max valuation).")


def platform_fees_by_quarter() -> pd.Series:
    """The rebates 返点 the restaurant paid the platform in each quarter of 2014, CNY."""
    log = load_transactions()
    return log.groupby(log["date"].dt.quarter)["platform_fee_cny"].sum()


def check_platform_fees(answer: object) -> Feedback:
    """Exercise 5 (pandas): the rebates paid to the platform over the whole of 2014."""
    return check_number(answer, float(platform_fees_by_quarter().sum()), unit="CNY",
                        why="Sum platform_fee_cny over the year (only group-buy rows carry a fee).")
