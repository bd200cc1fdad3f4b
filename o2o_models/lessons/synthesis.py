"""Lesson 04, the synthesis: the three legs together, merchant by merchant."""

from __future__ import annotations

import altair as alt
import ipywidgets as widgets
import pandas as pd

from .. import charts, groupbuy, operations, strategy
from ..exercises import Feedback, check_choice, check_number
from ..gridchart import Axis, bound_chart, grid_frame
from ..scenarios import SCENARIOS, load_scenarios, scenario
from ..widgets import ModelPanel, slider

MONTHS = 24
PATHS = 200
"""Traffic paths per panel redraw: enough for stable shares of losing months, fast to draw."""


def scorecards() -> pd.DataFrame:
    """All five merchants' scorecards (`strategy.compare`), rounded for reading, with the legs that fit."""
    table = strategy.compare(SCENARIOS, months=MONTHS).set_index("scenario")
    shown = table[["voucher_margin_cny", "prepay_conversion", "groupbuy_only_cny", "with_members_cny",
                   "paid_losing_share", "viral_losing_share"]].round(2)
    legs = table["fitting_legs"].str.findall(r"Leg \d").str.join(", ")
    return shown.assign(fitting_legs=legs)


def leg_profits(merchant: str, commission: float, trust: float, monthly_first_visits: float,
                paid_budget_cny: float) -> pd.DataFrame:
    """Profit over 24 months (CNY) of each way to get customers, for one merchant, with its scorecard."""
    values = {**scenario(merchant), "commission": commission, "trust": trust,
              "monthly_first_visits": monthly_first_visits, "paid_budget_cny": paid_budget_cny}
    card = strategy.scorecard(values, months=MONTHS, n_paths=PATHS)
    return pd.DataFrame({
        "way": ["group-buy 团购 only", "member 会员 + group-buy", "paid 付费流量 traffic", "viral 免费传播 traffic"],
        "profit_cny": [card["groupbuy_only_cny"], card["with_members_cny"],
                       MONTHS * card["paid_mean_profit_cny"], MONTHS * card["viral_mean_profit_cny"]],
        "losing_months": [None, None, card["paid_losing_share"], card["viral_losing_share"]],
        "fitting_legs": " ".join(strategy.fitting_legs(card)),
    })


def _legs_chart(frame: pd.DataFrame) -> alt.Chart:
    return charts.bars(frame, "way", "profit_cny", title="Which leg pays? Profit over 24 months by way of getting customers",
                       value_title="profit over 24 months (CNY; traffic: 24 x the mean month)",
                       sort=list(frame["way"]))


def _show_legs(frame: pd.DataFrame, **values: object) -> tuple[alt.Chart, str]:
    return _legs_chart(frame), frame["fitting_legs"].iloc[0]


def legs_panel() -> ModelPanel:
    """The synthesis panel: pick a merchant, move the rebate, trust and traffic, see which leg pays."""
    v = scenario("restaurant")
    controls = {
        "merchant": widgets.Dropdown(options=list(SCENARIOS), value="restaurant", description="Merchant 商家",
                                     style={"description_width": "22em"}, layout=widgets.Layout(width="46em")),
        "commission": slider("Rebate 返点", v["commission"], 0, 0.3, 0.01, "share of voucher price", percent=True),
        "trust": slider("Trust 信任", v["trust"], 0, 1, 0.05, "0 to 1"),
        "monthly_first_visits": slider("Traffic: group-buy visits", v["monthly_first_visits"], 0, 2000, 50,
                                       "per month"),
        "paid_budget_cny": slider("Traffic: paid budget 广点通", v["paid_budget_cny"], 0, 60000, 2000,
                                  "CNY per month"),
    }
    keys = ["commission", "trust", "monthly_first_visits", "paid_budget_cny"]
    presets = {name: {"merchant": name, **{k: scenario(name)[k] for k in keys}} for name in SCENARIOS}
    return ModelPanel(controls, leg_profits, _show_legs, presets=presets,
                      title="The three legs together: which one carries this merchant?")


def legs_site_chart() -> alt.TopLevelMixin:
    """The restaurant's legs over a grid of rebates and trust, for pages with no kernel."""
    v = scenario("restaurant")
    axes = [Axis("commission", "Rebate 返点 (share of voucher price)", 0.0, 0.3, 0.05, v["commission"]),
            Axis("trust", "Trust 信任 (0 to 1)", 0.0, 1.0, 0.25, 0.75)]
    grid = grid_frame(leg_profits, axes, merchant="restaurant", monthly_first_visits=v["monthly_first_visits"],
                      paid_budget_cny=v["paid_budget_cny"])
    return bound_chart(_legs_chart, grid, axes)


PANELS = [legs_panel]
SITE_CHARTS = {"legs_panel": legs_site_chart}


def ops_at_a_glance() -> pd.DataFrame:
    """Leg 2 for the platform: survival after 36 months and the return on staff, 0 against 5 staff per 100."""
    frame = operations.compare_staffing(staff_per_100_merchants=5)
    last = frame[frame["month"] == frame["month"].max()].set_index("staffing")["survival_share"].round(3)
    return pd.DataFrame({"survival after 36 months": last,
                         "return on staff": [round(operations.staffing_return(frame), 3) if s == operations.WITH_TEAM
                                             else None for s in last.index]})


def check_cinema_leg(answer: object) -> Feedback:
    """Exercise 1: which leg carries a cinema?"""
    return check_choice(answer, "1", {
        "1": "Right: a cinema sells prepaid tickets (预付款), strangers trust it enough to prepay through the "
             "platform, and its members come back: group-buy to acquire, members to own.",
        "2": "Operations help, but the platform decides on them; the cinema's own choice is how it gets customers.",
        "3": "Not for a cinema: a ticket is cheap and prepaid, and there is no large sales team to keep busy.",
    })


def members_gain(merchant: str = "restaurant") -> float:
    """How much more a merchant earns over 24 months with members than with group-buy alone, CNY."""
    card = strategy.scorecard(scenario(merchant), months=MONTHS)
    return card["with_members_cny"] - card["groupbuy_only_cny"]


def check_members_gain(answer: object) -> Feedback:
    """Exercise 2: the restaurant's gain from members over 24 months."""
    return check_number(answer, members_gain(), unit="CNY",
                        why="with_members_cny - groupbuy_only_cny from strategy.scorecard(scenario('restaurant')).")


def check_cinema_margin_at_30(answer: object) -> Feedback:
    """Exercise 3: the cinema's voucher margin if the platform's rebate rose to 30%."""
    v = scenario("cinema")
    expected = float(groupbuy.voucher_margin(v["list_price"], v["discount"], 0.3, v["unit_cost"]))
    return check_number(answer, expected, unit="CNY per voucher", why="80 x 0.5 x (1 - 0.3) - 18.")


def paid_clicks() -> pd.Series:
    """Paid clicks a month for each merchant: paid_budget_cny / cost_per_click_cny."""
    wide = load_scenarios().pivot(index="scenario", columns="parameter", values="value")
    return wide["paid_budget_cny"] / wide["cost_per_click_cny"]


def check_furniture_clicks(answer: object) -> Feedback:
    """Exercise 4 (pandas): the furniture showroom's paid clicks a month."""
    return check_number(answer, float(paid_clicks()["furniture"]), unit="clicks per month",
                        why="Pivot load_scenarios() to one column per parameter, then divide budget by price.")
