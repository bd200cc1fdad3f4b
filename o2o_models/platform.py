"""The three legs from WeChat's side: what each leg brings the platform across its merchants.

The article asks what WeChat needs to enter O2O's dense middle ("没有这三条腿，很难切入O2O的茂密区").
`strategy` answers merchant by merchant; this module adds the answers up for the platform,
over the horizon (CNY, not discounted), for the merchants of ``data/scenarios.csv``:

- **Leg 1** (团购 then 会员) brings the platform its rebate on every voucher a merchant that takes
  leg 1 sells, in the form of leg 1 it takes (with members or group-buy alone):
  :math:`R_1 = c\\,P(1-d)\\sum_t N_t`, :math:`N_t` month t's vouchers as reviews raise trust (`funnel.leg1_months`).
- **Leg 2** (官方运营, the platform's staff) is worth what the merchant's own operators cost, when the
  platform's staff run the member programme instead and that programme then pays the merchant
  more than its best other form of leg 1: :math:`V_2 = T\\,O` for those merchants, 0 for the others.
- **Leg 3** (付费流量) brings ad revenue from every slot of the merchant's auction, not only what the
  merchant pays: `ad_revenue` with the merchant bidding, less the same auctions without it (its
  rivals then move up and pay less), for a merchant that takes leg 3.

Simplifications, stated: rival advertisers buy every click their slot delivers (no budgets);
clicks are their expected counts, no Poisson noise, and ``paid_volatility`` is left out (its
shock has mean one); leg 2's value is the operators' pay it replaces, not lesson 02's sales lift.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import funnel, strategy, traffic
from .auctions import _prices, slot_and_price
from .merchant import Merchant
from .scenarios import SCENARIOS, merchant
from .shocks import mean_one_lognormal
from .text import N_, _
from .validation import MONEY, SEED, check_count, check_frame, check_number, check_seed

LEGS = (N_("leg 1"), N_("leg 2"), N_("leg 3"))
"""The three legs as a table names them, in order; a table's list of legs is a tuple of these."""
TAKES = "legs the merchant takes"
PLATFORM_COLUMNS = (
    TAKES,
    "leg 1: rebates (CNY)",
    "leg 2: operators' value (CNY)",
    "leg 3: ad revenue, every slot (CNY)",
)
"""The columns of `platform_legs`, in order: the merchant's legs, then what each leg brings WeChat."""


def ad_revenue(
    m: Merchant,
    months: int = funnel.HORIZON,
    n_paths: int = funnel.PATHS,
    seed: int = SEED,
    reserve: float = 0.0,
) -> dict[str, float]:
    """The platform's ad revenue from one merchant's auction, CNY a month, with the merchant and without it.

    Parameters
    ----------
    m : Merchant
        The merchant; its auction figures (rivals, their values, its lead value month by month,
        `funnel.reviewed_lead_value`, budget, click volume, the H5 split and its month) are read.
    months, n_paths : int
        Horizon (1 to 120) and simulated paths (1 to 20,000).
    seed : int
        The seed of `traffic.simulate_leads`: the rivals' values are the very draws its auction uses.
    reserve : float
        Reserve price per click, CNY, >= 0 (`auctions.slot_and_price`): bids below it win nothing.

    Returns
    -------
    dict
        Means a month: ``price_per_click_cny`` (the merchant's, over the months it wins a slot),
        ``merchant_spend_cny``, ``revenue_cny`` (every slot, the merchant bidding while its budget lasts),
        ``revenue_without_cny`` (every slot, the rivals alone), ``merchant_margin_cny`` (what its
        clicks earn it over their price, :math:`C\\,(w - p)`).

    Notes
    -----
    Slot :math:`k` delivers :math:`Q_k = Q\\,(1-h_t)\\,\\alpha_k/\\alpha_1` clicks and pays its
    equilibrium (VCG) price :math:`p_k` per click; the merchant, bidding month t's lead value
    :math:`w_t`, buys :math:`C = \\min(N, \\lfloor B/p \\rfloor)` of the slot's :math:`N \\sim \\mathrm{Poisson}(Q_k)`
    clicks (`traffic.bought_clicks`): the very draws of
    `traffic.simulate_leads` (its auction, its clicks and its shock to the clicks, from the same seed), so the
    spend and the margin here are `funnel.lead_months`' to the yuan. It bids while its budget lasts and then leaves
    the auction, so for the share :math:`s = \\min(C/Q_k, 1)` of the month the slots are sold with it
    (revenue :math:`R_{with} = \\sum_k Q_k\\,p_k`) and for the rest without it (its rivals move up,
    :math:`R_{without}`). The platform earns what the merchant pays, :math:`pC`, and its rivals' share:

    .. math:: R = p\\,C + s\\,(R_{with} - Q_k\\,p) + (1 - s)\\,R_{without} \\ge R_{without},

    which is :math:`s\\,R_{with} + (1 - s)\\,R_{without}` whenever the clicks drawn stay within the slot's.

    A merchant with no budget (:math:`B = 0`) does not bid at all: it takes no slot, and the
    revenue is the rivals' alone. A budget never lowers the platform's revenue: VCG revenue
    rises with every bid.

    Examples
    --------
    >>> from o2o_models.scenarios import merchant
    >>> round(ad_revenue(merchant("furniture"))["merchant_spend_cny"], -2)
    20400.0
    """
    if not isinstance(m, Merchant):
        raise TypeError(
            _("m={kind} is not a Merchant: pass o2o_models.scenarios.merchant(name)").format(kind=type(m).__name__)
        )
    horizon = check_count("months", months, 1, 120, "the horizon in months")
    paths = check_count("n_paths", n_paths, 1, 20_000, "simulated paths")
    floor = check_number("reserve", reserve, 0, MONEY, "the reserve price per click, CNY (0: none)")
    check_seed(seed)
    if paths * horizon * (m.rival_bidders + 1) > traffic.MOST_DRAWS:
        raise ValueError(
            _(
                "n_paths x months x (rival_bidders + 1) = {paths} x {horizon} x {bidders} "
                "auction draws, more than {most_draws:,} fit in memory: lower n_paths"
            ).format(paths=paths, horizon=horizon, bidders=m.rival_bidders + 1, most_draws=traffic.MOST_DRAWS)
        )
    auction_rng, paid_rng, _viral_rng, shock_rng = np.random.default_rng(seed).spawn(4)  # `traffic.simulate_leads`'
    rivals = auction_rng.uniform(m.rival_value_low_cny, m.rival_value_high_cny, size=(paths, horizon, m.rival_bidders))
    ctrs = np.asarray(traffic.SLOT_CTRS)
    split = np.arange(1, horizon + 1) >= m.h5_split_month
    volume = (m.click_volume * (1 - m.h5_share * split))[None, :, None] * ctrs / ctrs[0]  # Q_k a month
    if m.paid_volatility > 0:  # the month's shock Z moves every slot's clicks
        volume = volume * mean_one_lognormal(shock_rng, m.paid_volatility, (paths, horizon))[..., None]
    worth = np.broadcast_to(funnel.reviewed_lead_value(m, horizon), (paths, horizon))  # w_t, CNY a click
    slot, price = slot_and_price(worth, rivals, ctrs, floor)
    if m.paid_budget_cny == 0:  # no budget, no bid: it takes no slot, and its rivals fill them all
        slot, price = np.zeros_like(slot), np.zeros_like(price)
    without = _slot_revenue(rivals, volume, ctrs, floor)
    won = slot > 0
    slot_volume = np.where(won, np.take_along_axis(volume, np.maximum(slot - 1, 0)[..., None], -1)[..., 0], 0.0)
    clicks = traffic.bought_clicks(paid_rng, m.paid_budget_cny, price, slot_volume)
    spend = price * clicks
    bidding = np.concatenate([rivals, worth[..., None]], -1)
    with_merchant = _slot_revenue(bidding, volume, ctrs, floor) if m.paid_budget_cny > 0 else without
    bought = np.where(slot_volume > 0, clicks / np.where(slot_volume > 0, slot_volume, 1.0), 0.0)
    present = np.minimum(bought, 1.0)  # s = C / Q_k, at most the whole month
    others = with_merchant - slot_volume * price  # what the rivals pay while the merchant bids
    return {
        "price_per_click_cny": float(price[won].mean()) if won.any() else 0.0,
        "merchant_spend_cny": float(spend.mean()),
        "revenue_cny": float((spend + present * others + (1 - present) * without).mean()),
        "revenue_without_cny": float(without.mean()),
        "merchant_margin_cny": float((clicks * (worth - price)).mean()),
    }


def _slot_revenue(values: np.ndarray, volume: np.ndarray, ctrs: np.ndarray, reserve: float) -> np.ndarray:
    """Every filled slot's clicks times its equilibrium price, per path-month (bidders on the last axis)."""
    ranked = -np.sort(-values, axis=-1)[..., : len(ctrs) + 1]
    _, vcg = _prices(ranked, ctrs, reserve)
    eligible = (ranked >= reserve).sum(axis=-1, keepdims=True)
    filled = np.arange(len(ctrs)) < np.minimum(eligible, len(ctrs))
    return (np.where(filled, vcg[..., : len(ctrs)], 0.0) * volume[..., : len(ctrs)]).sum(axis=-1)


def platform_legs(names: Sequence[str] = SCENARIOS, months: int = funnel.HORIZON) -> pd.DataFrame:
    """What each leg brings WeChat from each merchant over the horizon (CNY), beside the merchant's verdict.

    Columns: ``legs the merchant takes`` (a tuple of `LEGS`, ``()`` for none: `strategy.fitting_legs`, with
    leg 2 where the platform's staff make its member programme pay), ``leg 1: rebates``, ``leg 2: operators' value`` and
    ``leg 3: ad revenue, every slot`` (see the module docstring), one row a merchant.

    Examples
    --------
    >>> int(platform_legs(("restaurant",)).loc["restaurant", "leg 3: ad revenue, every slot (CNY)"])
    0
    """
    if isinstance(names, (str, bytes)) or not isinstance(names, Sequence) or not names:
        raise TypeError(
            _("names={names!r} is not a list of scenario names, e.g. ('restaurant', 'furniture')").format(names=names)
        )
    horizon = check_count("months", months, 1, 120, "the horizon in months")
    rows = {}
    for name in names:
        m = merchant(name)
        card = strategy.scorecard(m, months=horizon)
        takes = sorted(strategy.legs_that_fit(card))
        route = "buyers" if card["with_members_cny"] >= card["groupbuy_only_cny"] else "groupbuy_only_buyers"
        vouchers = float(funnel.leg1_months(m, horizon)[route].sum())  # month by month, as reviews raise trust
        rebates = m.commission * m.voucher_price * vouchers if 1 in takes else 0.0
        staffed = strategy.scorecard(m.replace(operator_cost_cny=0.0), months=horizon)["with_members_cny"]
        best_leg1 = max(0.0, card["groupbuy_only_cny"], card["with_members_cny"])
        operators = horizon * m.operator_cost_cny if staffed > best_leg1 else 0.0
        if operators:
            takes = sorted({*takes, 1, 2})
        ads = ad_revenue(m, horizon) if 3 in takes else None
        rows[name] = {
            N_("legs the merchant takes"): tuple(LEGS[leg - 1] for leg in takes),
            N_("leg 1: rebates (CNY)"): round(rebates),
            N_("leg 2: operators' value (CNY)"): round(operators),
            N_("leg 3: ad revenue, every slot (CNY)"): round(
                horizon * (ads["revenue_cny"] - ads["revenue_without_cny"])
            )
            if ads
            else 0,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def without_each_leg(table: pd.DataFrame) -> pd.DataFrame:
    """Take one leg away: the merchants left with no leg, and the platform's value lost (CNY, `platform_legs`).

    One row a leg: ``merchants it serves`` and ``merchants left with no leg`` (tuples of merchant names) and
    ``value lost (CNY)``, that leg's column of ``table`` added up.

    Examples
    --------
    Leg 2's staff run leg 1's member programme, so a merchant with legs 1 and 2 alone has no leg
    without leg 1.

    >>> without_each_leg(platform_legs(("restaurant",))).loc["leg 1", "merchants left with no leg"]
    ('restaurant',)
    """
    values = [column for column in PLATFORM_COLUMNS if column != TAKES]
    check_frame("table", table, PLATFORM_COLUMNS, "platform_legs", numeric=values)
    columns = dict(zip(LEGS, values, strict=True))
    takes = table[TAKES]
    for name, legs in takes.items():
        if not isinstance(legs, tuple) or not set(legs) <= set(LEGS):
            raise ValueError(
                _("table[{column!r}] of {name!r} is {legs!r}: a tuple of legs, e.g. ('leg 1', 'leg 2'), or ()").format(
                    column=TAKES, name=name, legs=legs
                )
            )
    rows = {}
    for leg, column in columns.items():
        left_out = {leg, "leg 2"} if leg == "leg 1" else {leg}  # leg 2's staff run leg 1's members
        stranded = tuple(name for name, legs in takes.items() if legs and set(legs) <= left_out)
        served = tuple(name for name, legs in takes.items() if leg in legs)
        rows[leg] = {
            N_("merchants it serves"): served,
            N_("merchants left with no leg"): stranded,
            N_("value lost (CNY)"): int(table[column].sum()),
        }
    return pd.DataFrame.from_dict(rows, orient="index")
