"""Lesson 03, leg 3: stable, large paid traffic for big-ticket merchants, and bidding for rank."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import auctions, charts, traffic
from ..exercises import Feedback, check_number
from ..gridchart import Axis, bound_chart, grid_frame
from ..scenarios import arguments_for, scenario
from ..widgets import ModelPanel, slider

BIG_TICKET = ("furniture", "renovation")
PATHS = 300
"""Simulated paths per redraw: enough for smooth 5-95% bands, few enough for a fast redraw."""
MONTHS = 24
CTRS = (0.10, 0.06, 0.04)
"""Click-through rates of three ranked slots (illustrative)."""


def _merchant_months(merchant: str, **values: float) -> pd.DataFrame:
    base = arguments_for(traffic.simulate_merchant_months, scenario(merchant))
    return traffic.simulate_merchant_months(**{**base, **values, "months": MONTHS, "n_paths": PATHS})


def lead_fan(paid_budget_cny: float, viral_mean_leads: float, viral_volatility: float, trust: float,
             h5_share: float, merchant: str = "furniture") -> pd.DataFrame:
    """Quantiles of monthly leads by source, with each source's share of losing months."""
    months = _merchant_months(merchant, paid_budget_cny=paid_budget_cny, viral_mean_leads=viral_mean_leads,
                              viral_volatility=viral_volatility, trust=trust, h5_share=h5_share)
    losses = traffic.losing_month_probability(months)
    return traffic.lead_fan(months).merge(losses, on="source")


def _fan_chart(frame: pd.DataFrame) -> alt.LayerChart:
    return charts.fan(frame, "month", "source", title="Monthly leads: paid traffic 付费流量 against free sharing 免费传播",
                      x_title="month", y_title="leads per month (5-95% and 25-75% bands, median)")


def _show_fan(frame: pd.DataFrame, **values: float) -> tuple[alt.LayerChart, str]:
    by_source = frame.groupby("source", observed=True)[["losing_share", "mean_profit_cny"]].first()
    paid, viral = by_source.loc[traffic.PAID], by_source.loc[traffic.VIRAL]
    return _fan_chart(frame), (
        f"Months that lose money: <b>{paid['losing_share']:.0%}</b> on paid traffic "
        f"(mean profit {paid['mean_profit_cny']:,.0f} CNY a month), <b>{viral['losing_share']:.0%}</b> on free "
        f"sharing (mean {viral['mean_profit_cny']:,.0f} CNY a month).")


def traffic_panel() -> ModelPanel:
    """Leg 3's main panel: the spread of monthly leads, and how often each source loses money."""
    v = scenario("furniture")
    controls = {
        "paid_budget_cny": slider("Traffic: paid budget 广点通", v["paid_budget_cny"], 0, 60000, 2000, "CNY per month"),
        "viral_mean_leads": slider("Traffic: free leads", v["viral_mean_leads"], 0, 10000, 250, "mean per month"),
        "viral_volatility": slider("Free leads' volatility", v["viral_volatility"], 0, 2, 0.1, "sd of the shock"),
        "trust": slider("Trust 信任 (reviews)", v["trust"], 0, 1, 0.05, "0 to 1"),
        "h5_share": slider("Clicks sent to H5 pages", v["h5_share"], 0, 1, 0.05, "share of paid clicks", percent=True),
    }
    presets = {name: {k: scenario(name)[k] for k in controls} for name in BIG_TICKET}
    return ModelPanel(controls, lead_fan, _show_fan, presets=presets,
                      title="Stable traffic: a furniture showroom with a 60,000 CNY-a-month team")


def fan_site_chart() -> alt.TopLevelMixin:
    """The lead fan over a grid of paid budgets and H5 shares, for pages with no kernel."""
    v = scenario("furniture")
    axes = [Axis("paid_budget_cny", "Paid budget 广点通 (CNY per month)", 10000, 50000, 10000, 20000),
            Axis("h5_share", "Clicks sent to H5 pages (share)", 0.0, 1.0, 0.25, 0.5)]
    grid = grid_frame(lead_fan, axes, viral_mean_leads=v["viral_mean_leads"],
                      viral_volatility=v["viral_volatility"], trust=v["trust"])
    return bound_chart(_fan_chart, grid, axes)


def auction_prices(value_low: float, value_high: float, max_bidders: float) -> pd.DataFrame:
    """Mean price per click by number of bidders, for each slot and pricing rule."""
    frame = auctions.prices_by_bidders(max_bidders=int(max_bidders), ctrs=CTRS, value_low=value_low,
                                       value_high=value_high, n_draws=200)
    return frame.assign(series=frame["mechanism"] + " slot " + frame["slot"].astype(str))


def _show_auction(frame: pd.DataFrame, **values: float) -> tuple[alt.LayerChart, str]:
    chart = charts.lines(frame, "bidders", "price_per_click_cny", "series",
                         title="Bidding for rank 竞价排名: price per click as more advertisers bid",
                         x_title="advertisers bidding", y_title="mean price per click (CNY)")
    top = frame[(frame["slot"] == 1) & (frame["bidders"] == frame["bidders"].max())].set_index("mechanism")
    return chart, (f"With {int(frame['bidders'].max())} bidders the top slot costs "
                   f"<b>{top.loc['GSP', 'price_per_click_cny']:.2f} CNY</b> a click under GSP, "
                   f"<b>{top.loc['VCG', 'price_per_click_cny']:.2f} CNY</b> under VCG.")


def auction_panel() -> ModelPanel:
    """How competition for ranked slots raises the price of traffic (GSP against VCG)."""
    controls = {
        "value_low": slider("Lowest value of a click", 1, 0, 10, 0.5, "CNY"),
        "value_high": slider("Highest value of a click", 10, 2, 30, 1, "CNY"),
        "max_bidders": slider("Most advertisers", 12, 2, 20, 1, "bidders"),
    }
    return ModelPanel(controls, auction_prices, _show_auction, title="Bidding for rank 竞价排名")


PANELS = [traffic_panel, auction_panel]
SITE_CHARTS = {"traffic_panel": fan_site_chart}


def worked_auction(bids: tuple[float, ...] = (10, 4, 2), ctrs: tuple[float, ...] = (0.2, 0.1)) -> pd.DataFrame:
    """GSP and VCG prices and revenue for a small example, slot by slot."""
    gsp, vcg = auctions.gsp_prices(bids, ctrs), auctions.vcg_prices(bids, ctrs)
    table = pd.DataFrame({"slot": range(1, len(gsp) + 1), "click-through rate": ctrs[:len(gsp)],
                          "GSP price (CNY)": gsp.round(4), "VCG price (CNY)": vcg.round(4)}).set_index("slot")
    table = table.astype(object)  # the revenue row has no click-through rate
    table.loc["revenue per impression"] = ["", round(auctions.revenue(gsp, ctrs), 4), round(auctions.revenue(vcg, ctrs), 4)]
    return table


def check_gsp_top_price(answer: object) -> Feedback:
    """Exercise 1: the GSP price per click of the top slot with bids 8, 5, 3, 1."""
    expected = float(auctions.gsp_prices([8, 5, 3, 1], [0.2, 0.1])[0])
    return check_number(answer, expected, unit="CNY per click", why="Under GSP the top slot pays the second-highest bid.")


def check_vcg_top_price(answer: object) -> Feedback:
    """Exercise 2: the VCG price per click of the top slot with bids 8, 5, 3 and CTRs 0.2, 0.1."""
    expected = float(auctions.vcg_prices([8, 5, 3], [0.2, 0.1])[0])
    return check_number(answer, expected, unit="CNY per click",
                        why="p1 = [(0.2 - 0.1) x 5 + (0.1 - 0) x 3] / 0.2: the clicks it takes from those below.")


def check_h5_leads(answer: object) -> Feedback:
    """Exercise 3: leads a month from 30,000 CNY at 3 CNY a click, half sent to H5 worth 0.3 of a lead."""
    expected = 30000 / 3 * (1 - 0.5 * (1 - 0.3))
    return check_number(answer, expected, unit="leads per month", why="leads = clicks x (1 - h5_share x (1 - h5_value)).")


def worst_months(months: pd.DataFrame) -> pd.Series:
    """The worst monthly profit (CNY) each source produced in a simulation."""
    return months.groupby("source", observed=True)["profit_cny"].min()


def check_worst_viral_month(answer: object) -> Feedback:
    """Exercise 4 (pandas): the worst month on free sharing, furniture preset, seed 2014."""
    expected = float(worst_months(_merchant_months("furniture")).loc[traffic.VIRAL])
    return check_number(answer, expected, unit="CNY", why="Group by source and take the minimum of profit_cny.")


def furniture_months() -> pd.DataFrame:
    """The furniture showroom's simulated months (24 months x 300 paths, seed 2014)."""
    return _merchant_months("furniture")
