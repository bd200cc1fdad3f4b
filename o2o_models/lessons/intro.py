"""Lesson 00, the introduction: the map of the three legs, a warm-up panel and first checks."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import charts, groupbuy
from ..exercises import Feedback, check_choice, check_number
from ..gridchart import Axis, bound_chart, grid_frame
from ..scenarios import load_transactions, scenario, scenario_labels
from ..widgets import ModelPanel, slider

LEGS = pd.DataFrame({
    "leg": ["1. Acquire, then own the customer", "2. An official operations team", "3. Stable, large paid traffic"],
    "chinese": ["左边大众点评，右边微信小店", "官方运营团队", "稳定并且庞大的流量获取工具"],
    "what it solves": [
        "Group-buys bring first visits at a loss; members bought once are sold to again",
        "Merchants of uneven skill cannot run a store alone",
        "Big-ticket merchants keep a costly team that needs leads every month",
    ],
    "who needs it": ["Prepaid lifestyle services: restaurants, cinemas, leisure",
                     "Every small merchant; a choice the platform makes",
                     "Furniture, renovation: big-ticket, not prepaid"],
    "lesson": ["01_leg1_acquire_and_own", "02_leg2_operations_team", "03_leg3_stable_traffic"],
})
"""The article's three legs, what each solves, for whom, and where the lessons treat it."""

def voucher_waterfall(**values: float) -> pd.DataFrame:
    """`groupbuy.voucher_waterfall` for the panel's values (CNY)."""
    return groupbuy.voucher_waterfall(**values)


def _waterfall_chart(frame: pd.DataFrame) -> alt.LayerChart:
    return charts.waterfall(frame, title="Where a voucher's money goes on a group-buy 团购",
                            value_title="CNY per voucher")


def _show_waterfall(frame: pd.DataFrame, **values: float) -> tuple[alt.LayerChart, str]:
    margin = frame["amount_cny"].iloc[-1]
    verdict = "loses" if margin < 0 else "earns"
    summary = (f"The merchant {verdict} <b>{abs(margin):.1f} CNY</b> on each voucher: the platform keeps "
               f"<b>{-frame['amount_cny'].iloc[2]:.1f} CNY</b> as its rebate 返点.")
    return _waterfall_chart(frame), summary


def warmup_panel() -> ModelPanel:
    """Warm-up: a restaurant voucher's margin, with the discount and the rebate 返点 as sliders."""
    values = scenario("restaurant")
    controls = {
        "list_price": slider("List price 标价", values["list_price"], 50, 400, 10, "CNY"),
        "discount": slider("Discount 折扣", values["discount"], 0, 0.9, 0.05, "share of list price", percent=True),
        "commission": slider("Rebate 返点", values["commission"], 0, 0.5, 0.01, "share of voucher price",
                             percent=True),
        "unit_cost": slider("Unit cost 成本", values["unit_cost"], 0, 300, 5, "CNY"),
    }
    presets = {name: {k: scenario(name)[k] for k in controls} for name in ("restaurant", "cinema", "leisure")}
    return ModelPanel(controls, voucher_waterfall, _show_waterfall, presets=presets,
                      title="Warm-up: one group-buy voucher, step by step")


def warmup_site_chart() -> alt.TopLevelMixin:
    """The warm-up waterfall over a grid of rebates and discounts, for pages with no kernel."""
    values = scenario("restaurant")
    axes = [Axis("commission", "Rebate 返点 (share of voucher price)", 0.0, 0.3, 0.05, values["commission"]),
            Axis("discount", "Discount 折扣 (share of list price)", 0.2, 0.8, 0.1, values["discount"])]
    grid = grid_frame(voucher_waterfall, axes, list_price=values["list_price"], unit_cost=values["unit_cost"])
    return bound_chart(_waterfall_chart, grid, axes)


PANELS = [warmup_panel]
SITE_CHARTS = {"warmup_panel": warmup_site_chart}


def check_leg_for_furniture(answer: object) -> Feedback:
    """Exercise 1: which leg does a furniture showroom need most?"""
    return check_choice(answer, "3", {
        "1": "Not quite: leg 1 lives on prepayment (预付款). Furniture is paid on delivery, and a stranger "
             "will not prepay 8,000 CNY to a shop they do not know.",
        "2": "Operations help every merchant, but the article's point about big-ticket trades is their costly "
             "team: it needs steady leads every month.",
        "3": "Right: a furniture showroom runs a sizeable team and needs stable, large paid traffic (广点通) "
             "to pay for it; free sharing is too unstable.",
    })


def check_voucher_margin(answer: object) -> Feedback:
    """Exercise 2: the margin on a cinema ticket voucher, from the cinema scenario."""
    v = scenario("cinema")
    expected = float(groupbuy.voucher_margin(v["list_price"], v["discount"], v["commission"], v["unit_cost"]))
    return check_number(answer, expected, unit="CNY per voucher",
                        why="Margin = list price x (1 - discount) x (1 - rebate) - unit cost.")


def groupbuy_revenue_share() -> float:
    """Share of the restaurant's 2014 takings that came through group-buy vouchers."""
    log = load_transactions()
    return float(log.loc[log["channel"] == "groupbuy", "amount_cny"].sum() / log["amount_cny"].sum())


def check_groupbuy_share(answer: object) -> Feedback:
    """Exercise 3 (pandas): the group-buy share of revenue in the transaction log."""
    return check_number(answer, groupbuy_revenue_share(), unit="fraction of revenue",
                        why="Sum amount_cny where channel == 'groupbuy', divided by the sum of amount_cny.")


def merchants() -> pd.DataFrame:
    """The five scenario merchants: name in English and Chinese, prepaid or not, description."""
    return scenario_labels()[["name_en", "name_zh", "prepaid", "description"]]
