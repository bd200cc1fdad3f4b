"""Lesson 03's exercises: the self-checks (`WORKBOOK`) and the reference answers only they use."""

from __future__ import annotations

import pandas as pd

from ... import auctions, funnel, scenarios, traffic
from ...text import _
from ..exercises import Choice, Function, Number, Workbook
from .leads import MONTHS


def _furniture() -> object:
    return scenarios.merchant("furniture")


EX1_PRICE = 5.0
"""The price per click exercises 1 and 3 take as given, CNY."""


def _paid_month(
    price: float = EX1_PRICE, h5_split: bool = True, whole_budget: bool = False, with_spend: bool = True
) -> float:
    """A paid month's expected profit at a given price (exercise 1), and the known mistakes' versions."""
    m = _furniture()
    volume = m.click_volume * (1 - m.h5_share) if h5_split else m.click_volume
    clicks = float(traffic.paid_clicks(m.paid_budget_cny, price, volume))
    spend = m.paid_budget_cny if whole_budget else price * clicks
    return float(traffic.monthly_profit(clicks, m.lead_value, m.team_cost_cny, spend if with_spend else 0.0))


def _breakeven_h5(price: float = EX1_PRICE, with_spend: bool = True) -> float:
    """The H5 share at which the slot's volume, bought at ``price``, just pays the team (exercise 3)."""
    m = _furniture()
    margin = m.lead_value - (price if with_spend else 0.0)
    return 1 - m.team_cost_cny / (m.click_volume * margin)


EX4_VALUES = (8.0, 5.0, 3.0, 1.0)
EX4_CTRS = (0.2, 0.1)


def _lead_months() -> pd.DataFrame:
    return funnel.lead_months(_furniture())


def _share_viral_below(threshold: float = -20000, source_name: str | None = traffic.VIRAL) -> float:
    months = _lead_months()
    if source_name is not None:
        months = months[months["source"] == source_name]
    return float((months["profit_cny"] < threshold).mean())


def _worst_month(source_name: str | None = traffic.PAID) -> float:
    months = _lead_months()
    if source_name is not None:
        months = months[months["source"] == source_name]
    return float(months["profit_cny"].min())


def _equilibrium_bids_by_hand(values: list[float], ctrs: list[float]) -> list[float]:
    """The worked solution of exercise 6, as a student would write it."""
    alpha = list(ctrs) + [0.0] * len(values)
    bids = list(values) + [0.0]
    for k in range(min(len(ctrs), len(values) - 1), 0, -1):
        bids[k] = ((alpha[k - 1] - alpha[k]) * values[k] + alpha[k] * bids[k + 1]) / alpha[k - 1]
    return bids[: len(values)]


def _working_paid_month() -> str:
    m, p = _furniture(), EX1_PRICE
    volume = m.click_volume * (1 - m.h5_share)
    clicks = float(traffic.paid_clicks(m.paid_budget_cny, p, volume))
    return _(
        "The budget would buy {paid_budget_cny:,.0f} / {p:g} = {affordable:,.0f} clicks, "
        "but after the H5 split the slot delivers only {click_volume:,.0f} × (1 − "
        "{h5_share:g}) = {volume:,.0f}: C = {clicks:,.0f}. They cost {clicks:,.0f} × "
        "{p:g} = {spend:,.0f} CNY. So by (2) π = {clicks:,.0f} × {lead_value:g} − "
        "{team_cost_cny:,.0f} − {spend:,.0f} = **{paid_month:,.0f} CNY** a month. "
        "Without the split the same budget would have bought {clicks_unsplit:,.0f} "
        "clicks."
    ).format(
        paid_budget_cny=m.paid_budget_cny,
        p=p,
        affordable=m.paid_budget_cny / p,
        click_volume=m.click_volume,
        h5_share=m.h5_share,
        volume=volume,
        clicks=clicks,
        spend=clicks * p,
        lead_value=m.lead_value,
        team_cost_cny=m.team_cost_cny,
        paid_month=_paid_month(),
        clicks_unsplit=float(traffic.paid_clicks(m.paid_budget_cny, p, m.click_volume)),
    )


def _working_breakeven_h5() -> str:
    m, p = _furniture(), EX1_PRICE
    margin = m.lead_value - p
    needed = m.team_cost_cny / margin
    return _(
        "Each click earns {lead_value:g} − {p:g} = {margin:g} CNY after its price. "
        "The team needs {team_cost_cny:,.0f} / {margin:g} ≈ {needed:,.0f} clicks a "
        "month, which is {needed:,.0f} / {click_volume:,.0f} ≈ {share:.2f} of the "
        "slot's clicks. So h* = 1 − {team_cost_cny:,.0f} / ({click_volume:,.0f} × "
        "{margin:g}), about **{breakeven_h5:.2f}**: just above the half of the "
        "article's picture, 截成了两半 (cut in two). The H5 split left paid traffic barely paying its way."
    ).format(
        lead_value=m.lead_value,
        p=p,
        margin=margin,
        team_cost_cny=m.team_cost_cny,
        needed=needed,
        click_volume=m.click_volume,
        share=needed / m.click_volume,
        breakeven_h5=_breakeven_h5(),
    )


def _working_equilibrium_price() -> str:
    (a1, a2), (_top, v2, v3, _last) = EX4_CTRS, EX4_VALUES
    price = float(auctions.gsp_equilibrium_prices(EX4_VALUES, EX4_CTRS)[0])
    return _(
        "By (6) with values {values}: p₁ = [({a1:g} − {a2:g}) × {v2:g} + ({a2:g} − 0) "
        "× {v3:g}] / {a1:g} = {paid:g} / {a1:g} = **{price:.2f} CNY** a click. The "
        "second advertiser bids exactly that (equation 7), below its value of {v2:g}: "
        "at truthful bids the top slot would pay {v2:g}."
    ).format(values=", ".join(f"{v:g}" for v in EX4_VALUES), a1=a1, a2=a2, v2=v2, v3=v3, paid=price * a1, price=price)


WORKBOOK = Workbook(
    "03_leg3_stable_traffic",
    {
        1: Number(
            key="paid-month-profit",
            unit="CNY a month",
            places=0,
            expected=_paid_month,
            mistakes={
                "H5 split forgotten": (
                    lambda: _paid_month(h5_split=False),
                    "the H5 split is forgotten. Half of the "
                    "slot's clicks go to H5 pages, so the slot delivers only half of them to the "
                    "official account: equation (3).",
                ),
                "whole budget spent": (
                    lambda: _paid_month(whole_budget=True),
                    "the whole budget is spent. The merchant pays only for the clicks it gets: price × clicks.",
                ),
                "ad spend left out": (
                    lambda: _paid_month(with_spend=False),
                    "the ad spend is left out: the clicks are paid for, A = p × C in equation (2).",
                ),
            },
            hint="First the clicks, equation (3): the smaller of budget / price and the slot's clicks after the "
            "H5 split. Then equation (2): leads × lead value − team − ad spend.",
            working=lambda: _working_paid_month(),
        ),
        2: Choice(
            key="viral-band-and-budget",
            expected="a",
            explanations={
                "a": "Right: each source draws from its own random stream, so the free leads of every month and "
                "path are the same numbers whatever the paid budget: only the paid band moves.",
                "b": "Not so: the model spawns separate random streams for the auction, the paid clicks and the free "
                "leads, so a paid setting never redraws the free leads.",
                "c": "No: the free leads do not depend on the paid budget at all; spending less changes only the "
                "paid clicks.",
            },
            hint="Which random numbers does the paid budget touch? `traffic.simulate_leads` says how its streams "
            "are made.",
            working=lambda: _("**(a)**: the viral band stays exactly where it was (common random numbers)."),
        ),
        3: Number(
            key="breakeven-h5-share",
            unit="fraction of the slot's clicks",
            places=2,
            expected=_breakeven_h5,
            mistakes={
                "ad spend left out": (
                    lambda: _breakeven_h5(with_spend=False),
                    "the ad spend is left out. Each click earns the lead value less its price: w - p per click.",
                )
            },
            hint="With the budget large enough, the month earns Q (1 - h)(w - p) - T. Set it to zero and solve for h.",
            working=lambda: _working_breakeven_h5(),
        ),
        4: Number(
            key="gsp-truthful-top-price",
            unit="CNY per click",
            places=2,
            expected=lambda: float(auctions.gsp_prices(EX4_VALUES, EX4_CTRS)[0]),
            mistakes={
                "own bid": (
                    lambda: EX4_VALUES[0],
                    "the winner pays its own bid. Under GSP the winner of a slot pays the next bid down.",
                ),
                "VCG price": (
                    lambda: float(auctions.vcg_prices(EX4_VALUES, EX4_CTRS)[0]),
                    "VCG is used. The question asks what GSP charges at these bids.",
                ),
            },
            hint="Equation (5): rank the bids; the top slot pays the second-highest bid.",
            working=lambda: _(
                "The bids ranked: {values}. Slot 1 pays the next bid down, **{top_price:.2f} "
                "CNY** a click (and slot 2 pays {second_price:g} CNY). The bid of "
                "{last_bid:g} CNY plays no part: with two slots only the first loser's bid "
                "sets a price."
            ).format(
                values=", ".join(f"{v:g}" for v in EX4_VALUES),
                top_price=float(auctions.gsp_prices(EX4_VALUES, EX4_CTRS)[0]),
                second_price=float(auctions.gsp_prices(EX4_VALUES, EX4_CTRS)[1]),
                last_bid=EX4_VALUES[-1],
            ),
        ),
        5: Number(
            key="gsp-equilibrium-top-price",
            unit="CNY per click",
            places=2,
            expected=lambda: float(auctions.gsp_equilibrium_prices(EX4_VALUES, EX4_CTRS)[0]),
            mistakes={
                "truthful bids": (
                    lambda: float(auctions.gsp_prices(EX4_VALUES, EX4_CTRS)[0]),
                    "advertisers bid their values. In equilibrium the second advertiser shades its bid: equation (7).",
                ),
                "own bid": (
                    lambda: EX4_VALUES[0],
                    "the winner pays its own bid. Under GSP it pays the next bid down.",
                ),
                "lower term left out": (
                    lambda: (EX4_CTRS[0] - EX4_CTRS[1]) * EX4_VALUES[1] / EX4_CTRS[0],
                    "only the clicks taken from the second advertiser are counted. The top slot "
                    "also pushes the third advertiser out of slot 2: equation (6) sums over "
                    "every advertiser below.",
                ),
                "not per click": (
                    lambda: EX4_CTRS[0] * float(auctions.vcg_prices(EX4_VALUES, EX4_CTRS)[0]),
                    "the payment per impression is given, not per click: divide by the slot's clicks, 0.2.",
                ),
            },
            hint="In the lowest equilibrium the top slot pays its VCG price, equation (6): the clicks it takes from "
            "each advertiser below, at their values, divided by its own clicks.",
            working=lambda: _working_equilibrium_price(),
        ),
        6: Function(
            key="equilibrium-bid-rule",
            reference=auctions.gsp_equilibrium_bids,
            cases=[
                {"values": [10.0, 4.0, 2.0], "ctrs": [200.0, 199.0]},
                {"values": [8.0, 5.0, 3.0, 1.0], "ctrs": [0.2, 0.1]},
                {"values": [9.0, 6.0], "ctrs": [0.1, 0.06, 0.04]},
                {"values": [5.0], "ctrs": [0.1, 0.06]},
                {"values": [7.0, 7.0, 3.0, 2.5, 1.0], "ctrs": [0.3, 0.1, 0.05]},
            ],
            hint="Work from the bottom up with equation (7): the advertiser ranked k + 1 bids "
            "[(α_k - α_(k+1)) v_(k+1) + α_(k+1) b_(k+2)] / α_k, with α = 0 below the last slot and b = 0 below "
            "the last advertiser. The top advertiser, and those who win no slot, bid their values.",
            working=lambda: _(
                "```python\ndef equilibrium_bids(values, ctrs):\n    alpha = list(ctrs) + [0.0] "
                "* len(values)   # no clicks below the last slot\n    bids = list(values) + "
                "[0.0]                 # no bid below the last advertiser\n    for k in "
                "range(min(len(ctrs), len(values) - 1), 0, -1):   # from the bottom up\n       "
                "bids[k] = ((alpha[k - 1] - alpha[k]) * values[k] + alpha[k] * bids[k + 1]) / "
                "alpha[k - 1]\n    return bids[:len(values)]\n```\nPython counts from 0, so "
                "`bids[k]` is the bid of the advertiser in slot k + 1, which is the price of "
                "slot k. Under GSP these bids charge every slot its VCG price, so in the "
                "panel your line lies on the VCG line and the two are drawn as one."
            ),
        ),
        7: Number(
            key="viral-months-losing-20000",
            unit="fraction of months",
            places=2,
            expected=_share_viral_below,
            labels=("source", lambda: sorted(_lead_months()["source"].unique())),
            mistakes={
                "any loss": (
                    lambda: _share_viral_below(0),
                    "every losing month is counted. The question asks for "
                    "months that lose more than 20,000 CNY: profit below -20,000.",
                ),
                "both sources": (
                    lambda: _share_viral_below(source_name=None),
                    "the paid months are counted too. Keep only the rows whose source is free sharing.",
                ),
            },
            hint="Keep the rows of free sharing (`months['source'] == traffic.VIRAL`), then take the mean of "
            "`profit_cny < -20000`: the mean of True/False values is a share.",
            working=lambda: _(
                "```python\nviral = months[months['source'] == traffic.VIRAL]\nanswer = "
                "(viral['profit_cny'] < -20000).mean()\n```\nAbout **{share_viral_below:.2f}**: "
                "in that share of months the free leads pay for less than two thirds of the "
                "team."
            ).format(share_viral_below=_share_viral_below()),
        ),
        8: Number(
            key="worst-paid-month",
            unit="CNY",
            places=-2,
            expected=_worst_month,
            labels=("source", lambda: sorted(_lead_months()["source"].unique())),
            mistakes={
                "both sources": (
                    lambda: _worst_month(None),
                    "the worst month of either source is taken. Keep only the rows of paid traffic.",
                )
            },
            hint="Keep the rows of paid traffic, then take the minimum of `profit_cny`.",
            working=lambda: _ex8_working(_worst_month()),
        ),
    },
)


def _ex8_working(worst: float) -> str:
    """Exercise 8's worked solution: paid traffic's worst month to the nearest 100, and to the yuan."""
    return _(
        "```python\nanswer = months.loc[months['source'] == traffic.PAID, "
        "'profit_cny'].min()\n```\nAbout **{worst_hundred:,.0f} CNY** ({worst_month:,.0f} to the yuan): in the "
        "worst of its {months} × 500 simulated months paid traffic still pays the team, while "
        "free sharing's worst month loses {viral_worst:,.0f} CNY."
    ).format(
        worst_hundred=round(worst, -2),
        worst_month=worst,
        months=MONTHS,
        viral_worst=-_worst_month(traffic.VIRAL),
    )
