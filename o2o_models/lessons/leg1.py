"""Lesson 01, leg 1: acquire with group-buys (团购), then own the customer as a member (会员).

Four panels, in the lesson's order: one voucher's waterfall (why "做了团购要亏本"), the
whole deal (cannibalisation against the advertising effect), members' cumulative profit
(the lesson's main curve, also drawn kernel-free) and prepayment under trust. Then the
break-even table and the exercises' checks. Every number comes from `o2o_models` models.
"""

from __future__ import annotations

import altair as alt
import ipywidgets as widgets
import numpy as np
import pandas as pd

from .. import charts, groupbuy, membership
from ..exercises import Feedback, check_number
from ..gridchart import Axis, bound_chart, grid_frame
from ..scenarios import load_transactions, scenario
from ..trust import prepay_conversion
from ..widgets import ModelPanel, slider

PREPAID = ("restaurant", "cinema", "leisure")
MONTHS = 36
GROUPBUY_ONLY = "group-buy only 团购"
WITH_MEMBERS = "member 会员 + group-buy"


def _presets(keys: list[str]) -> dict[str, dict[str, object]]:
    """Each prepaid merchant's values for the panel's controls (a ``merchant`` menu gets the name)."""
    return {name: {k: name if k == "merchant" else scenario(name)[k] for k in keys} for name in PREPAID}


def _rebate_slider(value: float, high: float = 0.5) -> widgets.FloatSlider:
    return slider("Rebate 返点", value, 0, high, 0.01, "share of voucher price", percent=True)


def _marker(frame: pd.DataFrame, x: str, y: str, colour: str, tooltips: dict[str, str]) -> alt.Chart:
    """A large point at the first row's (x, y); ``tooltips`` maps fields to titles."""
    return alt.Chart(frame.iloc[[0]]).mark_point(size=220, filled=True, opacity=1, color=colour, stroke="black").encode(
        x=alt.X(x, type="quantitative"), y=alt.Y(y, type="quantitative"),
        tooltip=[alt.Tooltip(field, type="quantitative", title=title, format=",.2f")
                 for field, title in tooltips.items()])


def _voucher_sliders(v: dict[str, float]) -> dict[str, widgets.FloatSlider]:
    return {
        "list_price": slider("List price 标价", v["list_price"], 50, 400, 10, "CNY"),
        "discount": slider("Discount 折扣", v["discount"], 0, 0.9, 0.05, "share of list price", percent=True),
        "commission": _rebate_slider(v["commission"]),
        "unit_cost": slider("Unit cost 成本", v["unit_cost"], 0, 300, 5, "CNY"),
    }


# Step 1: one voucher ----------------------------------------------------------------------------

def breakeven_rebate(list_price: float, discount: float, unit_cost: float) -> float:
    """The rebate 返点 at which one voucher's margin is zero, clipped to [0, 1] (0: no rebate is low enough).

    The margin falls in a straight line as the rebate rises: it is read from `groupbuy.voucher_margin`
    at rebates 0 and 1, and the line's zero is c* = 1 - unit_cost / (list_price x (1 - discount)).
    """
    at_zero, at_one = (float(groupbuy.voucher_margin(list_price, discount, c, unit_cost)) for c in (0.0, 1.0))
    return float(np.clip(at_zero / (at_zero - at_one), 0.0, 1.0))


def voucher_steps(list_price: float, discount: float, commission: float, unit_cost: float) -> pd.DataFrame:
    """`groupbuy.voucher_waterfall` (CNY per voucher), with the break-even rebate beside it."""
    return groupbuy.voucher_waterfall(list_price, discount, commission, unit_cost).assign(
        breakeven_rebate=breakeven_rebate(list_price, discount, unit_cost))


def _voucher_chart(frame: pd.DataFrame) -> alt.LayerChart:
    return charts.waterfall(frame, title="做了团购要亏本? Where the money of one group-buy voucher goes",
                            value_title="CNY per voucher")


def _show_voucher(frame: pd.DataFrame, **values: float) -> tuple[alt.LayerChart, str]:
    margin, rebate = frame["amount_cny"].iloc[-1], -frame["amount_cny"].iloc[2]
    limit = frame["breakeven_rebate"].iloc[0]
    verdict = ("At this discount it earns nothing even with no rebate." if limit <= 0 else
               f"At this discount it breaks even only while the rebate stays below <b>{limit:.1%}</b>.")
    return _voucher_chart(frame), (f"The merchant {'loses' if margin < 0 else 'earns'} <b>{abs(margin):.1f} CNY</b> "
                                   f"a voucher; the platform keeps <b>{rebate:.1f} CNY</b>. {verdict}")


def voucher_panel() -> ModelPanel:
    """One voucher as a waterfall: list price, discount, rebate, unit cost, margin."""
    controls = _voucher_sliders(scenario("restaurant"))
    return ModelPanel(controls, voucher_steps, _show_voucher, presets=_presets(list(controls)),
                      title="不做团购没客户，做了团购要亏本: one voucher, step by step")


# Step 2: the deal as a whole (Edelman, Jaffe and Kominers 2016) -----------------------------------

def deal_curve(list_price: float, discount: float, commission: float, unit_cost: float, vouchers_sold: float,
               later_value_new: float, cannibalised_share: float) -> pd.DataFrame:
    """Deal profit (CNY) against the cannibalised share 0, 0.05, ..., 1, with the chosen share marked."""
    share = np.linspace(0, 1, 21)
    deal = (list_price, discount, commission, unit_cost)
    return pd.DataFrame({
        "cannibalised_share": share,
        "deal_profit_cny": groupbuy.deal_profit(*deal, vouchers_sold, share, later_value_new),
        "series": "merchant 商家",
        "breakeven_share": float(groupbuy.breakeven_cannibalisation(*deal, later_value_new)),
        "chosen_share": cannibalised_share,
        "chosen_profit_cny": float(groupbuy.deal_profit(*deal, vouchers_sold, cannibalised_share, later_value_new)),
    })


def _show_deal(frame: pd.DataFrame, **values: float) -> tuple[alt.LayerChart, str]:
    line = charts.lines(frame, "cannibalised_share", "deal_profit_cny", "series",
                        title="Does the deal pay? Profit against the share of buyers who would have come anyway",
                        x_title="cannibalised share (fraction of voucher buyers)", y_title="deal profit (CNY)",
                        zero_rule=True)
    rule = alt.Chart(frame.iloc[[0]]).mark_rule(strokeDash=[6, 4], color=charts.OKABE_ITO["grey"], size=2).encode(
        x=alt.X("breakeven_share", type="quantitative"),
        tooltip=[alt.Tooltip("breakeven_share", type="quantitative", title="break-even share a*", format=".1%")])
    point = _marker(frame, "chosen_share", "chosen_profit_cny", charts.OKABE_ITO["orange"],
                    {"chosen_share": "cannibalised share", "chosen_profit_cny": "deal profit (CNY)"})
    row = frame.iloc[0]
    limit, chosen, profit = row["breakeven_share"], row["chosen_share"], row["chosen_profit_cny"]
    pays = ("It loses money even if every buyer is new." if limit <= 0 else
            f"It pays only while fewer than <b>{limit:.1%}</b> of buyers would have come anyway (dashed line).")
    verb = "earns" if profit >= 0 else "loses"
    summary = f"At {chosen:.0%} cannibalised the deal {verb} <b>{abs(profit):,.0f} CNY</b>. {pays}"
    return alt.layer(line, rule, point), summary


def deal_panel() -> ModelPanel:
    """The whole deal: new customers (advertising) against cannibalised full-price sales."""
    v = scenario("restaurant")
    controls = {
        **_voucher_sliders(v),
        "vouchers_sold": slider("Vouchers sold", v["vouchers_sold"], 0, 3000, 50, "vouchers"),
        "later_value_new": slider("Later value of a new customer", v["later_value_new"], 0, 200, 5, "CNY"),
        "cannibalised_share": slider("Buyers who would have come anyway", v["cannibalised_share"], 0, 1, 0.05,
                                     "share of buyers", percent=True),
    }
    return ModelPanel(controls, deal_curve, _show_deal, presets=_presets(list(controls)),
                      title="The whole deal: advertising effect versus cannibalisation")


# Step 3: own the customer (the lesson's main profit curve) ----------------------------------------

def member_profits(commission: float, trust: float, monthly_first_visits: float, follow_rate: float,
                   retention: float, merchant: str = "restaurant") -> pd.DataFrame:
    """Cumulative profit (CNY) by month: group-buy alone against group-buy plus members.

    The rebate 返点 acts through the voucher margin, trust through members' referrals and
    traffic through the group-buy first visits; the rest comes from the merchant's scenario.
    """
    v = scenario(merchant)
    margin = float(groupbuy.voucher_margin(v["list_price"], v["discount"], commission, v["unit_cost"]))
    frame = membership.simulate_members(
        months=MONTHS, monthly_first_visits=monthly_first_visits, voucher_margin_cny=margin,
        follow_rate=follow_rate, retention=retention, purchases_per_member=v["purchases_per_member"],
        margin_per_purchase_cny=v["margin_per_purchase_cny"], referral_rate=v["referral_rate"], trust=trust,
        marketing_cost_per_member_cny=v["marketing_cost_per_member_cny"], staff_cost_cny=v["staff_cost_cny"])
    curves = pd.concat([
        pd.DataFrame({"month": frame["month"], "strategy": GROUPBUY_ONLY,
                      "cumulative_profit_cny": frame["groupbuy_only_cumulative_cny"], "members": 0.0}),
        pd.DataFrame({"month": frame["month"], "strategy": WITH_MEMBERS,
                      "cumulative_profit_cny": frame["cumulative_profit_cny"], "members": frame["members"]}),
    ], ignore_index=True).round({"cumulative_profit_cny": 2})  # to the fen: lighter pages
    month = catch_up_month(curves)
    return curves.assign(catch_up_month=np.nan if month is None else float(month))


def catch_up_month(frame: pd.DataFrame) -> int | None:
    """The first month in which cumulative profit with members is at least group-buy alone's, or None."""
    wide = frame.pivot(index="month", columns="strategy", values="cumulative_profit_cny")
    ahead = wide[WITH_MEMBERS] >= wide[GROUPBUY_ONLY]
    return int(ahead.idxmax()) if ahead.any() else None


def _profit_chart(frame: pd.DataFrame) -> alt.LayerChart:
    curves = charts.lines(frame, "month", "cumulative_profit_cny", "strategy",
                          title="Cumulative profit: renting customers from the platform, or owning them",
                          x_title="month", y_title="cumulative profit (CNY)", zero_rule=True)
    first = frame[(frame["month"] == 1) & (frame["strategy"] == WITH_MEMBERS)]  # one row per set of values
    catch_up = alt.Chart(first, width=charts.WIDTH, height=charts.HEIGHT).mark_rule(
        strokeDash=[6, 4], size=2, color=charts.OKABE_ITO["green"]).encode(
        x=alt.X("catch_up_month", type="quantitative"),
        tooltip=[alt.Tooltip("catch_up_month", type="quantitative", title="members catch up in month")])
    return alt.layer(*curves.layer, catch_up)  # flat, so a kernel-free chart filters every grid layer


def _show_members(frame: pd.DataFrame, **values: object) -> tuple[alt.LayerChart, str]:
    last = frame[frame["month"] == MONTHS].set_index("strategy")
    alone, owned = last.loc[GROUPBUY_ONLY, "cumulative_profit_cny"], last.loc[WITH_MEMBERS, "cumulative_profit_cny"]
    month = frame["catch_up_month"].iloc[0]
    when = (f"members catch up in month <b>{month:.0f}</b> (dashed line)" if month > 0
            else f"members never catch up in {MONTHS} months")
    return _profit_chart(frame), (
        f"After {MONTHS} months: group-buy alone <b>{alone:,.0f} CNY</b>; with members <b>{owned:,.0f} CNY</b> "
        f"({owned - alone:+,.0f} CNY, {last.loc[WITH_MEMBERS, 'members']:,.0f} members); {when}.")


def members_panel() -> ModelPanel:
    """Leg 1's main panel: turn group-buy customers into members, and watch cumulative profit."""
    v = scenario("restaurant")
    controls = {
        "merchant": widgets.Dropdown(options=list(PREPAID), value="restaurant", description="Merchant 商家",
                                     style={"description_width": "22em"}, layout=widgets.Layout(width="46em")),
        "commission": _rebate_slider(v["commission"], high=0.3),
        "trust": slider("Trust 信任 (reviews as proof)", v["trust"], 0, 1, 0.05, "0 to 1"),
        "monthly_first_visits": slider("Traffic: group-buy first visits", v["monthly_first_visits"], 0, 2000, 50,
                                       "per month"),
        "follow_rate": slider("Follow the service account 服务号", v["follow_rate"], 0, 1, 0.05,
                              "share of visitors", percent=True),
        "retention": slider("Members who stay 留存", v["retention"], 0.5, 0.95, 0.01, "share per month",
                            percent=True),
    }
    return ModelPanel(controls, member_profits, _show_members, presets=_presets(list(controls)),
                      title="Own the customer: group-buy alone versus group-buy plus members")


def members_site_chart() -> alt.TopLevelMixin:
    """The restaurant's profit curves over a grid of rebates and retentions, for pages with no kernel."""
    v = scenario("restaurant")
    axes = [Axis("commission", "Rebate 返点 (share of voucher price)", 0.0, 0.3, 0.1, v["commission"]),
            Axis("retention", "Members who stay (share per month)", 0.6, 0.95, 0.05, v["retention"])]
    grid = grid_frame(member_profits, axes, trust=v["trust"], monthly_first_visits=v["monthly_first_visits"],
                      follow_rate=v["follow_rate"], merchant="restaurant").drop(columns="members")
    return bound_chart(_profit_chart, grid, axes)


# Step 4: what a member is worth, per merchant ------------------------------------------------------

def member_margin(merchant: str) -> float:
    """A member's monthly margin for a scenario, CNY: purchases x margin per purchase - marketing cost."""
    v = scenario(merchant)
    return v["purchases_per_member"] * v["margin_per_purchase_cny"] - v["marketing_cost_per_member_cny"]


def breakeven_table() -> pd.DataFrame:
    """Per prepaid merchant: the voucher, the deal, the member's value and the retention that repays it."""
    rows = []
    for name in PREPAID:
        v = scenario(name)
        voucher = float(groupbuy.voucher_margin(v["list_price"], v["discount"], v["commission"], v["unit_cost"]))
        margin = member_margin(name)
        curves = member_profits(**{k: v[k] for k in ("commission", "trust", "monthly_first_visits", "follow_rate",
                                                     "retention")}, merchant=name)
        rows.append({
            "merchant": name,
            "voucher margin (CNY)": voucher,
            "break-even rebate": breakeven_rebate(v["list_price"], v["discount"], v["unit_cost"]),
            "break-even a*": float(groupbuy.breakeven_cannibalisation(
                v["list_price"], v["discount"], v["commission"], v["unit_cost"], v["later_value_new"])),
            "member margin (CNY/month)": margin,
            "CLV (CNY)": float(membership.retention_clv(margin, v["retention"], v["discount_rate"])),
            "retention": v["retention"],
            "break-even retention r*": float(membership.breakeven_retention(max(0.0, -voucher), margin,
                                                                         v["discount_rate"])),
            "members catch up (month)": catch_up_month(curves),
        })
    return pd.DataFrame(rows).set_index("merchant").round(3)


# Step 5: trust endorsement and prepayment -----------------------------------------------------------

def prepay_curve(trust: float, max_valuation: float, list_price: float, discount: float) -> pd.DataFrame:
    """Share of strangers who prepay against the price asked, at this trust; marks the voucher price."""
    price = np.linspace(0, max_valuation, 41)
    voucher_price = list_price * (1 - discount)
    return pd.DataFrame({"price_cny": price, "conversion": prepay_conversion(trust, price, max_valuation),
                         "series": "platform 平台 endorsement",
                         "voucher_price_cny": voucher_price,
                         "voucher_conversion": float(prepay_conversion(trust, voucher_price, max_valuation))})


def _show_prepay(frame: pd.DataFrame, **values: float) -> tuple[alt.LayerChart, str]:
    curve = charts.lines(frame, "price_cny", "conversion", "series",
                         title="Trust endorsement 信任背书: who pays in advance at each price",
                         x_title="price paid in advance (CNY)", y_title="share of strangers who prepay")
    point = _marker(frame, "voucher_price_cny", "voucher_conversion", charts.OKABE_ITO["vermillion"],
                    {"voucher_price_cny": "voucher price (CNY)", "voucher_conversion": "share who prepay"})
    row = frame.iloc[0]
    return alt.layer(curve, point), (f"At the group-buy voucher price of <b>{row['voucher_price_cny']:.0f} CNY</b> "
                                     f"(vermillion point), <b>{row['voucher_conversion']:.0%}</b> of strangers prepay.")


def prepay_panel() -> ModelPanel:
    """How the platform's trust endorsement makes strangers prepay (预付款)."""
    v = scenario("restaurant")
    controls = {
        "trust": slider("Trust 信任", v["trust"], 0, 1, 0.05, "0 to 1"),
        "max_valuation": slider("Highest value a stranger puts on it", v["max_valuation"], 50, 500, 10, "CNY"),
        "list_price": slider("List price 标价", v["list_price"], 50, 400, 10, "CNY"),
        "discount": slider("Discount 折扣", v["discount"], 0, 0.9, 0.05, "share of list price", percent=True),
    }
    return ModelPanel(controls, prepay_curve, _show_prepay, presets=_presets(list(controls)),
                      title="Prepayment needs trust: the platform vouches for the merchant")


PANELS = [voucher_panel, deal_panel, members_panel, prepay_panel]
SITE_CHARTS = {"members_panel": members_site_chart}


# Exercises ------------------------------------------------------------------------------------

def check_breakeven_rebate(answer: object) -> Feedback:
    """Exercise 1: the highest rebate at which the restaurant's voucher breaks even at 40% off."""
    v = scenario("restaurant")
    return check_number(answer, breakeven_rebate(v["list_price"], 0.4, v["unit_cost"]), unit="share of voucher price",
                        why="Set P(1-d)(1-c) - u = 0: c* = 1 - u / (P(1-d)).")


def check_breakeven_cannibalisation(answer: object) -> Feedback:
    """Exercise 2: the restaurant's break-even cannibalised share."""
    v = scenario("restaurant")
    expected = float(groupbuy.breakeven_cannibalisation(v["list_price"], v["discount"], v["commission"],
                                                        v["unit_cost"], v["later_value_new"]))
    return check_number(answer, expected, unit="fraction of voucher buyers",
                        why="a* = (m + V) / ((P - u) + V) with m the voucher margin and V the later value.")


def check_catch_up_month(answer: object) -> Feedback:
    """Exercise 3: the month in which the restaurant's members curve catches up with group-buy alone."""
    expected = breakeven_table().loc["restaurant", "members catch up (month)"]
    return check_number(answer, expected, unit="months", rel_tol=0.03,
                        why="Read the first month where the green curve is at or above the vermillion one.")


def check_member_clv(answer: object) -> Feedback:
    """Exercise 4: the value of a restaurant member."""
    v = scenario("restaurant")
    expected = float(membership.retention_clv(member_margin("restaurant"), v["retention"], v["discount_rate"]))
    return check_number(answer, expected, unit="CNY",
                        why="CLV = m r / (1 + i - r), with m = purchases x margin - marketing cost per month.")


def check_breakeven_retention(answer: object) -> Feedback:
    """Exercise 5: the restaurant's break-even retention if the platform raised its rebate to 20%."""
    v = scenario("restaurant")
    loss = -float(groupbuy.voucher_margin(v["list_price"], v["discount"], 0.2, v["unit_cost"]))
    expected = float(membership.breakeven_retention(loss, member_margin("restaurant"), v["discount_rate"]))
    return check_number(answer, expected, unit="fraction per month",
                        why="r* = L (1 + i) / (m + L), with L the loss on a voucher at the 20% rebate.")


def check_prepay_share(answer: object) -> Feedback:
    """Exercise 6: share of strangers who prepay 100 CNY at trust 0.9 when values reach 300 CNY."""
    return check_number(answer, float(prepay_conversion(0.9, 100, 300)), unit="fraction of strangers",
                        why="conversion = 1 - price / (trust x max valuation).")


def owned_revenue_share_by_quarter() -> pd.Series:
    """Share of each 2014 quarter's revenue from customers the restaurant owns (members and their referrals)."""
    log = load_transactions()
    owned = log["amount_cny"].where(log["channel"] != "groupbuy", 0.0)
    quarter = log["date"].dt.quarter
    return owned.groupby(quarter).sum() / log["amount_cny"].groupby(quarter).sum()


def check_owned_share_q4(answer: object) -> Feedback:
    """Exercise 7 (pandas): the fourth quarter's share of revenue from owned customers."""
    return check_number(answer, float(owned_revenue_share_by_quarter().loc[4]), unit="fraction of revenue",
                        why="Per quarter: amount_cny where channel is member or referral, over all amount_cny.")
