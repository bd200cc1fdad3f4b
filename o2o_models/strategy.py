"""The three legs together: which leg carries which merchant.

`scorecard` runs every leg's model on one merchant's scenario and returns the figures
the synthesis lesson compares; `compare` does so for several merchants (by default a
restaurant, prepaid, against a furniture showroom, not prepaid); `fitting_legs` reads a
scorecard with three plain rules, each a sentence of the article:

- Leg 1, group-buy then members (团购引流 → 会员营销), fits a prepaid merchant (预付款) whose
  customers strangers trust enough to prepay, and whose members earn more than the
  group-buy loses: "商家不能无限制的依靠团购，而应该学会如何把团购的客户，变成自己的客户".
- Leg 2, an official operations team (官方运营), is a platform's choice, not a merchant's:
  the synthesis lesson shows it from `o2o_models.operations`, for all merchants at once.
- Leg 3, stable paid traffic (稳定并且庞大的流量), fits a merchant whose team needs leads every
  month, where paid traffic loses money in fewer months than free sharing:
  "没有哪个商家会把风险压着不稳定的免费传播上".

All figures are in CNY, per month or summed over ``months``; randomness is seeded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from . import groupbuy, membership, traffic, trust
from .scenarios import arguments_for, scenario
from .validation import check_count, check_range

PREPAY_ENOUGH = 0.3
"""Leg 1 needs at least this share of strangers willing to prepay (illustrative threshold)."""


def scorecard(
    values: Mapping[str, float], *, months: int = 24, n_paths: int = 500, seed: int = 2014
) -> dict[str, float]:
    """Every leg's headline figures for one merchant.

    Parameters
    ----------
    values : a scenario's parameters (`o2o_models.scenarios.scenario`), possibly changed:
        ``commission`` (the rebate 返点), ``trust`` and ``paid_budget_cny`` (traffic) act here.
    months : the horizon of the member simulation and of the traffic simulation.
    n_paths : simulated traffic paths (months x paths merchant-months).
    seed : the random seed of the traffic simulation.

    Returns
    -------
    dict
        ``prepaid`` (1 or 0); ``voucher_margin_cny`` (per voucher); ``prepay_conversion``
        (share of strangers who prepay at the voucher price); ``groupbuy_only_cny`` and
        ``with_members_cny`` (cumulative profit after ``months``); ``members`` (at the end);
        ``paid_mean_profit_cny`` and ``viral_mean_profit_cny`` (per month);
        ``paid_losing_share`` and ``viral_losing_share`` (share of losing months).

    Notes
    -----
    voucher margin = list_price (1 - discount)(1 - commission) - unit_cost;
    prepay conversion = clip(1 - price / (trust x max_valuation), 0, 1) at price = list_price (1 - discount);
    members and profits from `membership.simulate_members`; traffic from `traffic.simulate_merchant_months`.
    """
    check_count("months", months, 1, 120, "the horizon in months")
    check_range("prepaid", values["prepaid"], 0, 1, "1 if customers pay in advance (预付款), 0 if not")
    margin = float(groupbuy.voucher_margin(values["list_price"], values["discount"],
                                           values["commission"], values["unit_cost"]))
    price = values["list_price"] * (1 - values["discount"])
    members = membership.simulate_members(
        **arguments_for(membership.simulate_members, {**values, "months": months, "voucher_margin_cny": margin})
    )
    months_frame = traffic.simulate_merchant_months(
        **arguments_for(traffic.simulate_merchant_months, {**values, "months": months, "n_paths": n_paths,
                                                           "seed": seed})
    )
    losses = traffic.losing_month_probability(months_frame).set_index("source")
    paid, viral = traffic.PAID, traffic.VIRAL
    last = members.iloc[-1]
    return {
        "prepaid": float(values["prepaid"]),
        "voucher_margin_cny": margin,
        "prepay_conversion": float(trust.prepay_conversion(values["trust"], price, values["max_valuation"])),
        "groupbuy_only_cny": float(last["groupbuy_only_cumulative_cny"]),
        "with_members_cny": float(last["cumulative_profit_cny"]),
        "members": float(last["members"]),
        "paid_mean_profit_cny": float(losses.loc[paid, "mean_profit_cny"]),
        "viral_mean_profit_cny": float(losses.loc[viral, "mean_profit_cny"]),
        "paid_losing_share": float(losses.loc[paid, "losing_share"]),
        "viral_losing_share": float(losses.loc[viral, "losing_share"]),
    }


def fitting_legs(card: Mapping[str, float]) -> list[str]:
    """The legs that fit a merchant, each with the reason, by the module's three rules."""
    legs = []
    if card["prepaid"] and card["prepay_conversion"] >= PREPAY_ENOUGH and card["with_members_cny"] > card["groupbuy_only_cny"]:
        legs.append(
            f"Leg 1 (group-buy then members): {card['prepay_conversion']:.0%} of strangers prepay, and members turn "
            f"{card['groupbuy_only_cny']:,.0f} CNY from group-buy alone into {card['with_members_cny']:,.0f} CNY."
        )
    if card["paid_losing_share"] < card["viral_losing_share"] and card["paid_mean_profit_cny"] > 0:
        legs.append(
            f"Leg 3 (stable paid traffic): paid traffic loses money in {card['paid_losing_share']:.0%} of months, "
            f"free sharing in {card['viral_losing_share']:.0%}."
        )
    return legs or ["Neither leg pays at these settings: change the rebate, trust or traffic."]


def compare(
    names: Sequence[str] = ("restaurant", "furniture"),
    overrides: Mapping[str, float] | None = None,
    *,
    months: int = 24,
    seed: int = 2014,
) -> pd.DataFrame:
    """Scorecards of several merchants side by side, one row a merchant.

    ``overrides`` replaces scenario values for every merchant (for example a common
    ``commission``); columns are the `scorecard` keys plus ``scenario`` and ``fitting_legs``.
    """
    rows = []
    for name in names:
        values = {**scenario(name), **(overrides or {})}
        card = scorecard(values, months=months, seed=seed)
        rows.append({"scenario": name, **card, "fitting_legs": " ".join(fitting_legs(card))})
    return pd.DataFrame(rows)
