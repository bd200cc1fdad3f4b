"""One merchant's funnel: the single path from a merchant's figures to each leg's profit.

Every lesson and the synthesis read a `~o2o_models.merchant.Merchant` through these
functions, so the same figures give the same numbers everywhere::

    scenario -> Merchant -> funnel -> each leg's figures -> verdict (`o2o_models.strategy`)

The funnel, a month at a time (money in CNY, people per month):

1. **Without the platform** (the baseline, 不做团购没客户): ``walk_ins`` full-price purchases,
   less the fixed costs that empty tables do not pay: :math:`B = W(P-u) - F`.
2. **Group-buy** (团购, leg 1, acquire): ``groupbuy_views`` strangers see the deal; the share
   `trust.prepay_conversion` who trust the merchant enough pay the voucher price in
   advance (预付款); of these buyers :math:`N`, a share :math:`a` would have come anyway at
   full price (at most the :math:`W` who walk in). Against the baseline the month's deals
   earn Edelman, Jaffe and Kominers'
   profit with no later value, :math:`N m - aN(P-u)` (`groupbuy.deal_profit`): the later
   value of a new customer comes only through step 3.
3. **Members** (会员, leg 1, own): a share ``follow_rate`` of the :math:`(1-a)N` new
   customers follow the service account and buy again; they stay with a retention that
   answers the member discount (`Merchant.member_retention`, a logit on the member's saving);
   members bring friends, believed in proportion to trust (`membership.simulate_members`);
   operators are paid. Served customers review the merchant (``review_rate``), and reviews
   raise strangers' trust month by month (`trust.review_trust`); walk-ins who follow the
   service account are a route of their own (`leg1_months`).
4. **Leads** (leg 3): paid clicks bought in a ranked auction, and free leads from sharing;
   a lead is worth :math:`w_t` in month t, ``lead_value`` raised as reviews build trust
   (`reviewed_lead_value`); a team works them (`traffic.simulate_leads`), over
   `PATHS` simulated paths from `SEED` in every lesson. `lead_risk` charges the team to each
   source alone; `one_team` lets one team work both, so the team is a fixed cost and paid
   clicks add :math:`L_{paid}\\,(w - p)` on top of free sharing (leg 3 at the margin).

Each leg's profit is an increment over the baseline: what the merchant gains by doing it.
One discounting holds everywhere: month t's CNY weighs `discount_factors` (``discount_rate``,
0 in every scenario) in the CLV, the cumulative curves and the scorecard.
Leg 3's simulation is the costly step: `lead_fan` and `lead_risk` keep it for the figures it
reads (`LEAD_FIGURES`), so a change of any other figure (the rebate, the retention) reuses it.

At about 670 lines the module runs past the house length (about 300): it is the one path, and a
reader follows a merchant's figures through every leg here, in the order above, and nowhere
else; its steps share the merchant's checks and the kept leg-3 simulations (`LEAD_FIGURES`).
"""

from __future__ import annotations

import math
from collections import OrderedDict

import numpy as np
import pandas as pd

from . import groupbuy, membership, traffic
from . import trust as trust_model
from .merchant import Merchant
from .text import N_, _
from .traffic import PATHS
from .validation import SEED, check_count, check_flag, check_range, check_seed

HORIZON = 36
"""Months every lesson and the synthesis add profits over."""

BASELINE = N_("baseline 基准 (no platform)")
GROUPBUY_ONLY = N_("group-buy 团购 only")
WITH_MEMBERS = N_("member 会员 + group-buy")
STRATEGIES = (BASELINE, GROUPBUY_ONLY, WITH_MEMBERS)
"""Leg 1's strategies, in the order the lessons draw them."""
SERVICE_ONLY = N_("service account 服务号 only")
"""The route with no group-buy: walk-ins who follow the service account (``service_only_cny``), in `leg1_curves`."""
_COLUMNS = {
    BASELINE: "baseline_cny",
    GROUPBUY_ONLY: "groupbuy_only_cny",
    WITH_MEMBERS: "with_members_cny",
    SERVICE_ONLY: "service_only_cny",
}
LEAD_FIGURES = (
    "paid_budget_cny",
    "click_volume",
    "h5_share",
    "rival_bidders",
    "rival_value_low_cny",
    "rival_value_high_cny",
    "viral_mean_leads",
    "viral_volatility",
    "paid_volatility",
    "h5_split_month",
    "team_cost_cny",
    "max_visit_rate",
    "trust",
    "close_rate",
    "list_price",
    "unit_cost",
    "cost_share",
    "review_rate",
)
"""The figures `lead_months` reads (the last seven through `reviewed_lead_value`), and no others while
``review_rate`` is 0: its summaries (`lead_fan`, `lead_risk`) are kept for these figures, the horizon, the
paths and the seed, and for `TRUST_FIGURES` too once reviews build trust."""
TRUST_FIGURES = (
    "walk_ins",
    "groupbuy_views",
    "cannibalised_share",
    "discount",
    "max_valuation",
    "follow_rate",
    "retention",
    "retention_sensitivity",
    "member_discount",
    "purchases_per_member",
    "referral_rate",
)
"""The other figures `leg1_months`' ``trust`` reads (the customers served, who review): leg 3 reads them
through `reviewed_lead_value` when ``review_rate`` is above 0, and not at all when it is 0."""
LEADS_KEPT = 256
"""Lead simulations kept, their summaries only (about 11 kB each): enough for a lesson's slider positions, and
for the site's lesson 04 grid, which visits its 121 settings of trust and the deal's traffic at every rebate."""


def _merchant(merchant: object) -> Merchant:
    if not isinstance(merchant, Merchant):
        raise TypeError(
            _(
                "merchant={kind} is not a Merchant: build one with "
                "o2o_models.scenarios.merchant(name) or Merchant.from_values(values)"
            ).format(kind=type(merchant).__name__)
        )
    return merchant


def baseline_profit(merchant: Merchant) -> float:
    """The merchant's profit a month without any platform, CNY: :math:`W(P-u) - F`.

    Examples
    --------
    >>> from o2o_models.scenarios import merchant
    >>> baseline_profit(merchant("restaurant"))
    -5000.0
    """
    m = _merchant(merchant)
    return m.walk_ins * m.full_margin - m.fixed_cost_cny


def deal(merchant: Merchant) -> dict[str, float]:
    """One month of the group-buy deal: who sees it, who prepays, who is new, what it earns.

    Returns
    -------
    dict
        ``views``, ``prepay_share``, ``buyers``, ``cannibalised`` (buyers who would have
        paid full price), ``new_customers`` (people a month); ``voucher_margin_cny`` (CNY
        per voucher); ``deal_profit_cny`` (CNY a month against the baseline, no later value).

    Notes
    -----
    :math:`N = V_{views}\\,q(\\tau, P(1-d), \\bar v)`; profit :math:`N[(1-a)m - a((P-u) - m)]`,
    with the cannibalised buyers :math:`aN` capped at the walk-ins :math:`W` (`Merchant.cannibalised_buyers`).

    Examples
    --------
    >>> from o2o_models.scenarios import merchant
    >>> round(deal(merchant("restaurant"))["deal_profit_cny"])
    -9429
    """
    m = _merchant(merchant)
    buyers, cannibalised = m.voucher_buyers, m.cannibalised_buyers
    share = cannibalised / buyers if buyers > 0 else m.cannibalised_share
    return {
        "views": m.groupbuy_views,
        "prepay_share": m.prepay_share,
        "buyers": buyers,
        "cannibalised": cannibalised,
        "new_customers": buyers - cannibalised,
        "voucher_margin_cny": m.voucher_margin,
        "deal_profit_cny": float(
            groupbuy.deal_profit(m.list_price, m.discount, m.commission, m.unit_cost, buyers, share, 0.0, m.cost_share)
        ),
    }


def member_value(merchant: Merchant) -> float:
    """A member's lifetime value, CNY: `membership.retention_clv` of the merchant's member margin."""
    m = _merchant(merchant)
    return float(membership.retention_clv(m.member_margin, m.member_retention, m.discount_rate))


def later_value(merchant: Merchant) -> float:
    """The advertising effect members give a new customer, CNY: :math:`V = f \\times \\mathrm{CLV}`.

    Edelman, Jaffe and Kominers' later value of a new customer, made real by owning the
    customer: a new customer follows with probability ``follow_rate`` and is then worth
    `member_value`. Referrals and the operators' pay are left out.
    """
    m = _merchant(merchant)
    return m.follow_rate * member_value(m)


def members(merchant: Merchant, months: int = HORIZON) -> pd.DataFrame:
    """The member pool the merchant's deals feed: `membership.simulate_members` on its figures."""
    m = _merchant(merchant)
    return _pool(m, months, deal(m)["new_customers"])


def _pool(m: Merchant, months: int, new_customers: float) -> pd.DataFrame:
    return membership.simulate_members(
        months=months,
        new_customers=new_customers,
        follow_rate=m.follow_rate,
        retention=m.member_retention,
        member_margin_cny=m.member_margin,
        purchase_margin_cny=m.member_purchase_margin,
        referral_rate=m.referral_rate,
        trust=m.trust,
        operator_cost_cny=m.operator_cost_cny,
    )


def discount_factors(merchant: Merchant, months: int = HORIZON) -> np.ndarray:
    """Each month's discount factor :math:`(1+i)^{-t}`, t = 1 ... months, at the merchant's ``discount_rate``.

    The one discounting of every lesson: the CLV (`member_value`), the cumulative curves
    (`strategy_curves`) and the scorecard (`o2o_models.strategy.scorecard`) all weigh month t's
    CNY by this factor; at ``discount_rate`` 0 (every scenario's) they add CNY as they come.

    Examples
    --------
    >>> from o2o_models.scenarios import merchant
    >>> discount_factors(merchant("restaurant").replace(discount_rate=0.01), 2).round(4).tolist()
    [0.9901, 0.9803]
    """
    m = _merchant(merchant)
    horizon = check_count("months", months, 1, 120, "the horizon in months")
    return (1 + m.discount_rate) ** -np.arange(1.0, horizon + 1)


def _route(m: Merchant, horizon: int, *, deal_on: bool, deal_members: bool, walk_in_members: bool) -> dict:
    """One leg-1 route month by month, trust fed by reviews: see `leg1_months`.

    Scalar arithmetic, month after month (each month's trust needs the last month's reviews):
    `trust.review_trust` and `trust.prepay_conversion` written out, so a slider move stays fast.
    """
    price, reach0, full, voucher = m.voucher_price, m.max_valuation, m.full_margin, m.voucher_margin
    keep, refer, follow, staff = m.member_retention, m.referral_rate, m.follow_rate, m.operator_cost_cny
    runs_members = deal_members or walk_in_members
    walk_in_new = follow * m.walk_in_new_share * m.walk_ins if walk_in_members else 0.0
    rows = []
    pool = reviews = 0.0
    for _month in range(horizon):
        belief = 1 - (1 - m.trust) * math.exp(-reviews / trust_model.REVIEW_SCALE)
        reach = belief * reach0
        prepay = 1.0 if price == 0 else (min(1.0, max(0.0, 1 - price / reach)) if reach > 0 else 0.0)
        buyers = m.groupbuy_views * prepay if deal_on else 0.0
        cannibalised = min(m.cannibalised_share * buyers, m.walk_ins)
        active = keep * pool
        referred = refer * belief * active
        joined = (follow * (buyers - cannibalised) if deal_members else 0.0) + walk_in_new
        pool = active + joined + referred if runs_members else 0.0
        reviews += m.review_rate * (m.walk_ins - cannibalised + buyers + m.purchases_per_member * active + referred)
        member = active * m.member_margin + referred * m.member_purchase_margin - staff if runs_members else 0.0
        rows.append((belief, buyers, buyers - cannibalised, pool, buyers * voucher - cannibalised * full, member))
    return dict(zip(("trust", "buyers", "new", "members", "deal", "member"), np.array(rows).T))


def leg1_months(merchant: Merchant, months: int = HORIZON) -> pd.DataFrame:
    """Leg 1 month by month: the funnel's counts, trust as reviews build it, and each route's profit.

    Returns
    -------
    DataFrame
        One row a month: ``month``; ``trust`` (strangers' trust that month, with members),
        ``buyers``, ``new_customers``, ``members`` (group-buy plus members); ``groupbuy_only_buyers``
        (the vouchers group-buy alone sells, its trust raised by its buyers' and walk-ins' reviews only);
        ``groupbuy_gain_cny`` (group-buy alone over the baseline) and ``member_gain_cny``
        (what members add to it, the extra deal profit their reviews bring included);
        the month's profit of each strategy, CNY: ``baseline_cny``, ``groupbuy_only_cny``
        (baseline + deals), ``with_members_cny`` (+ members from group-buy buyers); and two
        routes that test complementarity (互补而不是互博): ``service_only_cny`` (members from
        walk-ins who follow the service account 服务号, no group-buy) and ``both_routes_cny``
        (group-buy, with members from its buyers and from walk-ins, one operator team).

    Notes
    -----
    Month t, with trust :math:`\\tau_t` from the reviews of months before
    (`trust.review_trust`, :math:`R_t = R_{t-1} + \\text{review\\_rate} \\times` served customers):
    :math:`N_t = V q(\\tau_t)`, new customers :math:`N_t - \\min(aN_t, W)`, and the member pool
    of `membership.simulate_members` at the retention `Merchant.member_retention`, fed by
    :math:`f` of the new customers (and :math:`f\\,w\\,W` walk-in newcomers on the service
    route, :math:`w` = ``walk_in_new_share``). With ``review_rate`` 0 trust stays at ``trust``
    and every month's deal is the same (`deal`).

    Examples
    --------
    >>> from o2o_models.scenarios import merchant
    >>> leg1_months(merchant("cinema"), months=12).shape
    (12, 13)
    """
    m = _merchant(merchant)
    horizon = check_count("months", months, 1, 120, "the horizon in months")
    alone = _route(m, horizon, deal_on=True, deal_members=False, walk_in_members=False)
    members = _route(m, horizon, deal_on=True, deal_members=True, walk_in_members=False)
    service = _route(m, horizon, deal_on=False, deal_members=False, walk_in_members=True)
    both = _route(m, horizon, deal_on=True, deal_members=True, walk_in_members=True)
    base = baseline_profit(m)
    with_members = base + members["deal"] + members["member"]
    return pd.DataFrame(
        {
            "month": np.arange(1, horizon + 1),
            "trust": members["trust"],
            "buyers": members["buyers"],
            "new_customers": members["new"],
            "members": members["members"],
            "groupbuy_only_buyers": alone["buyers"],
            "groupbuy_gain_cny": alone["deal"],
            "member_gain_cny": with_members - base - alone["deal"],
            "baseline_cny": base,
            "groupbuy_only_cny": base + alone["deal"],
            "with_members_cny": with_members,
            "service_only_cny": base + service["member"],
            "both_routes_cny": base + both["deal"] + both["member"],
        }
    )


def reviewed_lead_value(merchant: Merchant, months: int = HORIZON) -> np.ndarray:
    """A lead's value month by month as reviews raise trust, CNY: `traffic.lead_value` at `leg1_months`' ``trust``.

    Dianping's reviews back a big-ticket merchant's leads (more store visits per lead), the
    article's link from leg 1's platform to leg 3:

    .. math:: w_t = v_{max}\\,\\tau_t\\,c\\,\\max(0, P(1-s)-u)

    CNY a lead: :math:`v_{max}` ``max_visit_rate`` and :math:`c` ``close_rate`` (fractions),
    :math:`\\tau_t` month t's trust (a fraction, from the reviews of the months before), the
    full margin in CNY. At ``review_rate`` 0 every month's value is `Merchant.lead_value`, to the
    last digit. Leg 3 reads it: the merchant bids :math:`w_t` for month t's clicks and each lead
    earns it (`lead_months`).

    Examples
    --------
    >>> from o2o_models.scenarios import merchant
    >>> reviewed_lead_value(merchant("furniture"), 3).round(4).tolist()  # 22.5 CNY at first, as reviews come in
    [22.5, 22.5029, 22.5059]
    """
    m = _merchant(merchant)
    horizon = check_count("months", months, 1, 120, "the horizon in months")
    if m.review_rate == 0:  # trust stays where it starts: the constant, exactly
        return np.full(horizon, m.lead_value)
    belief = _route(m, horizon, deal_on=True, deal_members=True, walk_in_members=False)["trust"]
    return traffic.lead_value(m.max_visit_rate, belief, m.close_rate, max(0.0, m.full_margin))


def _lead_worth(m: Merchant, horizon: int) -> float | np.ndarray:
    """A lead's value, CNY: `Merchant.lead_value` without reviews, else one a month (`reviewed_lead_value`)."""
    return m.lead_value if m.review_rate == 0 else reviewed_lead_value(m, horizon)


def _tidy_strategies(wide: pd.DataFrame, factors: np.ndarray, drawn: tuple[str, ...] = STRATEGIES) -> pd.DataFrame:
    """`leg1_months`' profit columns of the ``drawn`` strategies as rows: month, strategy, profit and
    cumulative (discounted) profit, CNY."""
    profits = wide[[_COLUMNS[name] for name in drawn]].to_numpy()  # in the order drawn
    return pd.DataFrame(
        {
            "month": np.tile(wide["month"].to_numpy(), len(drawn)),
            "strategy": np.repeat(np.array(drawn, dtype=object), len(wide)),
            "profit_cny": profits.T.ravel(),
            "cumulative_profit_cny": np.cumsum(profits * factors[:, None], axis=0).T.ravel(),
        }
    )


def strategy_curves(merchant: Merchant, months: int = HORIZON) -> pd.DataFrame:
    """Cumulative profit of leg 1's three strategies, tidy, for a chart.

    Returns
    -------
    DataFrame
        ``month``, ``strategy`` (`BASELINE`, `GROUPBUY_ONLY`, `WITH_MEMBERS`), ``profit_cny``
        (that month) and ``cumulative_profit_cny`` (months 1 to ``month``, each weighed by its
        `discount_factors`: a plain sum at ``discount_rate`` 0), CNY.
    """
    return _tidy_strategies(leg1_months(merchant, months), discount_factors(merchant, months))


def leg1_curves(merchant: Merchant, months: int = HORIZON) -> pd.DataFrame:
    """`strategy_curves` and the service account alone, with the member pool and the month members pay off.

    From one `leg1_months`.

    Returns
    -------
    DataFrame
        The columns of `strategy_curves`, with the rows of `STRATEGIES` and then of `SERVICE_ONLY`
        (members from walk-ins who follow, no group-buy: ``service_only_cny``); ``members`` (the
        pool at the month's end on the `WITH_MEMBERS` rows, 0 on the others) and ``overtakes_month``:
        the first month group-buy plus members is ahead of the baseline (`first_month_ahead` of its
        gains), NaN if it never is, on every row.

    Examples
    --------
    >>> from o2o_models.scenarios import merchant
    >>> float(leg1_curves(merchant("restaurant"))["overtakes_month"].iloc[0])
    17.0
    """
    wide = leg1_months(merchant, months)
    factors = discount_factors(merchant, months)
    drawn = (*STRATEGIES, SERVICE_ONLY)
    curves = _tidy_strategies(wide, factors, drawn)
    month = first_month_ahead((wide["groupbuy_gain_cny"] + wide["member_gain_cny"]) * factors)
    pool = np.where(curves["strategy"] == WITH_MEMBERS, np.tile(wide["members"].to_numpy(), len(drawn)), 0.0)
    return curves.assign(members=pool, overtakes_month=np.nan if month is None else float(month))


def first_month_ahead(gains: pd.Series) -> int | None:
    """The first month (1, 2, ...) whose cumulative gain is at least 0, or None if none is.

    Examples
    --------
    >>> first_month_ahead(pd.Series([-5.0, 2.0, 4.0]))
    3
    """
    values = check_range("gains", gains, -1e30, 1e30, "each month's gain, CNY")
    if values.ndim != 1:
        raise ValueError(
            _("gains has shape {values_shape}: give one gain a month, a flat list").format(values_shape=values.shape)
        )
    ahead = np.cumsum(values) >= 0
    return int(np.argmax(ahead)) + 1 if ahead.any() else None


def lead_months(merchant: Merchant, months: int = HORIZON, n_paths: int = PATHS, seed: int = SEED) -> pd.DataFrame:
    """Leg 3 month by month over simulated paths: paid traffic against free sharing.

    Reads only the merchant's `LEAD_FIGURES`.

    Returns
    -------
    DataFrame
        The columns of `traffic.simulate_leads` and ``profit_cny``: the lead business's
        gain over the baseline that month, CNY, :math:`L_t\\,w_t - T - A_t` (leads x that
        month's lead value `reviewed_lead_value` - team - ad spend).
    """
    m = _merchant(merchant)
    horizon = check_count("months", months, 1, 120, "months per path")
    worth = _lead_worth(m, horizon)
    frame = traffic.simulate_leads(
        months=months,
        n_paths=n_paths,
        paid_budget_cny=m.paid_budget_cny,
        click_volume=m.click_volume,
        h5_share=m.h5_share,
        rival_bidders=m.rival_bidders,
        rival_value_low_cny=m.rival_value_low_cny,
        rival_value_high_cny=m.rival_value_high_cny,
        lead_value_cny=worth,
        viral_mean_leads=m.viral_mean_leads,
        viral_volatility=m.viral_volatility,
        seed=seed,
        paid_volatility=m.paid_volatility,
        h5_split_month=m.h5_split_month,
    )
    if not isinstance(worth, float):  # each row's month's value
        worth = worth[frame["month"].to_numpy() - 1]
    frame["profit_cny"] = traffic.monthly_profit(
        frame["leads"].to_numpy(), worth, m.team_cost_cny, frame["spend_cny"].to_numpy()
    )
    return frame


def _lead_summary(merchant: Merchant, months: int, n_paths: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The fan and the risk of `lead_months`, simulated once for each set of `LEAD_FIGURES`, horizon, paths and seed."""
    horizon = check_count("months", months, 1, 120, "months per path")
    paths = check_count("n_paths", n_paths, 1, 20_000, "simulated paths")
    if isinstance(seed, np.random.Generator):  # its draws differ from call to call: nothing to keep
        return _summarise_leads(merchant, lead_months(merchant, horizon, paths, seed))
    check_seed(seed)
    figures = LEAD_FIGURES + (TRUST_FIGURES if merchant.review_rate > 0 else ())
    key = (*(getattr(merchant, name) for name in figures), horizon, paths, int(seed))
    if key in _LEAD_SUMMARIES:
        _LEAD_SUMMARIES.move_to_end(key)
        return _LEAD_SUMMARIES[key]
    summary = _summarise_leads(merchant, lead_months(merchant, horizon, paths, int(seed)))
    _LEAD_SUMMARIES[key] = summary
    if len(_LEAD_SUMMARIES) > LEADS_KEPT:
        _LEAD_SUMMARIES.popitem(last=False)
    return summary


_LEAD_SUMMARIES: OrderedDict[tuple, tuple[pd.DataFrame, pd.DataFrame, dict]] = OrderedDict()


def _summarise_leads(merchant: Merchant, months: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """`lead_fan`, `lead_risk` and `one_team` of simulated lead months, each built at once (a slider move waits)."""
    risk = traffic.losing_month_probability(months)
    sources = risk["source"].astype(str).to_numpy()
    horizon = int(months["month"].max())
    free = viral_gain(merchant, horizon)
    mean = np.where(sources == traffic.VIRAL, free, risk["mean_profit_cny"].to_numpy())
    risk = pd.DataFrame(
        {
            "source": sources,
            "losing_share": risk["losing_share"].to_numpy(),
            "mean_profit_cny": mean,
            "sd_profit_cny": risk["sd_profit_cny"].to_numpy(),
        }
    )
    fan = traffic.lead_fan(months)
    fan_sources = fan["source"].astype(str).to_numpy()
    row_of = {source: row for row, source in enumerate(sources)}
    rows = np.array([row_of[source] for source in fan_sources])  # each fan row's source's row of the risk
    paid = (months["source"] == traffic.PAID).to_numpy()
    slot = months["slot"].to_numpy()[paid]
    won = slot > 0
    prices = months["price_per_click_cny"].to_numpy()[paid][won]
    fan = pd.DataFrame(
        {
            "month": fan["month"].to_numpy(),
            "source": fan_sources,
            **{name: fan[name].to_numpy() for name in traffic.QUANTILES},
            **{name: risk[name].to_numpy()[rows] for name in ("losing_share", "mean_profit_cny", "sd_profit_cny")},
            "lead_value_cny": reviewed_lead_value(merchant, horizon)[fan["month"].to_numpy() - 1],
            "top_slot_share": float((slot == 1).mean()),
            "no_slot_share": float((~won).mean()),
            "price_per_click_cny": float(prices.mean()) if won.any() else 0.0,
            "paid_clicks": float(months["leads"].to_numpy()[paid].mean()),
            "ad_spend_cny": float(months["spend_cny"].to_numpy()[paid].mean()),
            "paid_budget_cny": merchant.paid_budget_cny,
        }
    )
    profit = months["profit_cny"].to_numpy()
    paid_margin = profit[paid] + merchant.team_cost_cny  # the clicks' margin, L w - A: the team is paid anyway
    both = paid_margin + profit[~paid]  # the same path-months, in the same order (`traffic.simulate_leads`)
    team = {
        "mean_profit_cny": float(paid_margin.mean()) + free,
        "losing_share": float((both < 0).mean()),
        "paid_margin_cny": float(paid_margin.mean()),
        "worst_paid_margin_cny": float(paid_margin.min()),
    }
    return fan, risk, team


def lead_risk(merchant: Merchant, months: int = HORIZON, n_paths: int = PATHS, seed: int = SEED) -> pd.DataFrame:
    """Each lead source's risk for the merchant: how often it loses money, and its mean profit a month.

    Returns
    -------
    DataFrame
        One row a source (`traffic.PAID`, `traffic.VIRAL`): ``source``, ``losing_share`` and
        ``sd_profit_cny`` (`traffic.losing_month_probability` of `lead_months`), and
        ``mean_profit_cny``: paid traffic's simulated mean, free sharing's exact expectation
        (`viral_gain`), since a heavy-tailed shock makes a simulated mean depend on the paths.
        CNY a month, as gains over the baseline.

    Notes
    -----
    Kept for the merchant's `LEAD_FIGURES` (see `lead_fan`): a change of any other figure simulates nothing.

    Examples
    --------
    >>> from o2o_models.scenarios import merchant
    >>> round(float(lead_risk(merchant("furniture")).set_index("source").loc[traffic.VIRAL, "mean_profit_cny"]))
    7655
    """
    return _lead_summary(_merchant(merchant), months, n_paths, seed)[1].copy()


def lead_fan(merchant: Merchant, months: int = HORIZON, n_paths: int = PATHS, seed: int = SEED) -> pd.DataFrame:
    """Leg 3's leads as a fan, month by month and source by source, with each source's risk and the paid auction.

    Returns
    -------
    DataFrame
        One row a month and source: ``month``, ``source``, ``p05`` ... ``p95`` (`traffic.lead_fan`:
        quantiles of leads a month across the paths); the source's ``losing_share``,
        ``mean_profit_cny`` and ``sd_profit_cny`` (`lead_risk`); and, the same on every row,
        ``lead_value_cny`` (CNY a lead that month, `reviewed_lead_value`), the paid auction's ``top_slot_share`` and
        ``no_slot_share`` (shares of months), ``price_per_click_cny`` (mean over the months a
        slot is won), ``paid_clicks`` and ``ad_spend_cny`` (means a month) and ``paid_budget_cny``.

    Notes
    -----
    The simulation behind it is kept (`LEADS_KEPT` of them) for the merchant's `LEAD_FIGURES`,
    ``months``, ``n_paths`` and ``seed``: the same figures give the same fan without simulating again.

    Examples
    --------
    >>> from o2o_models.scenarios import merchant
    >>> lead_fan(merchant("furniture")).shape
    (72, 17)
    """
    return _lead_summary(_merchant(merchant), months, n_paths, seed)[0].copy()


def one_team(merchant: Merchant, months: int = HORIZON, n_paths: int = PATHS, seed: int = SEED) -> dict[str, float]:
    """Leg 3 at the margin: one team works every lead that comes, free and paid, CNY a month.

    The team is a fixed cost: it is paid whether paid clicks are bought or not, so a click is
    worth buying while it earns more than it costs, :math:`w > p`. The merchant bids its value
    :math:`w` in the auction (`traffic.simulate_leads`), so it wins a slot only at a price below
    :math:`w`, and every click it buys adds :math:`w - p`. A month with both sources earns

    .. math:: \\pi_{both} = (L_{free} + L_{paid})\\,w - A - T = \\pi_{free} + (L_{paid}\\,w - A).

    Returns
    -------
    dict
        ``mean_profit_cny``: the mean gain a month over the baseline with both sources (free
        sharing's part exact, `viral_gain`); ``losing_share``: the share of simulated path-months
        it loses money; ``paid_margin_cny``: what paid clicks add on top of free sharing, the mean of
        :math:`L_{paid}\\,w - A`, and ``worst_paid_margin_cny``, its worst simulated month.
        Kept with `lead_risk` for the merchant's `LEAD_FIGURES`.

    Examples
    --------
    >>> from o2o_models.scenarios import merchant
    >>> round(one_team(merchant("furniture"))["paid_margin_cny"])
    69852
    """
    return dict(_lead_summary(_merchant(merchant), months, n_paths, seed)[2])


def mean_lead_value(merchant: Merchant, months: int = HORIZON) -> float:
    """A lead's mean value over the horizon, CNY: :math:`\\bar w = \\frac{1}{T}\\sum_t w_t` (`reviewed_lead_value`).

    The one lead value of free sharing, in leg 3 (`viral_gain`) and in leg 2
    (`o2o_models.population.merchant_types`): `Merchant.lead_value` while ``review_rate`` is 0.

    Examples
    --------
    >>> from o2o_models.scenarios import merchant
    >>> mean_lead_value(merchant("furniture").replace(review_rate=0))
    22.5
    """
    m = _merchant(merchant)
    horizon = check_count("months", months, 1, 120, "the horizon in months")
    worth = _lead_worth(m, horizon)
    return worth if isinstance(worth, float) else float(worth.mean())


def viral_gain(merchant: Merchant, months: int = HORIZON) -> float:
    """Free sharing's expected gain a month over the baseline, CNY, exactly: :math:`\\mu\\,\\bar w - T`.

    Free leads are Poisson with mean :math:`\\mu S` and the shock :math:`S` has mean 1, so
    their mean is :math:`\\mu` whatever the volatility; a simulation of a heavy-tailed
    shock needs many paths to find it, this needs none. :math:`\\bar w` is `mean_lead_value`: the mean
    over the ``months`` of `reviewed_lead_value` (`Merchant.lead_value` while ``review_rate`` is 0).

    Examples
    --------
    >>> from o2o_models.scenarios import merchant
    >>> viral_gain(merchant("furniture").replace(review_rate=0))  # 3,000 leads x 22.5 CNY - 60,000
    7500.0
    """
    m = _merchant(merchant)
    return m.viral_mean_leads * mean_lead_value(m, months) - m.team_cost_cny


def breakeven_retention(merchant: Merchant, *, per_visitor: bool = True, with_operators: bool = True) -> float:
    """The retention at which the members a deal yields repay what the deal loses, a fraction.

    Parameters
    ----------
    merchant : Merchant
    per_visitor : bool
        True: only ``follow_rate`` of new customers become members. False: per member.
    with_operators : bool
        True: the operators' pay is spread over the month's new customers and repaid too.

    Returns
    -------
    float
        `membership.breakeven_retention` at the loss per new customer
        :math:`L = (a(P-u) - m)/(1-a)` (plus :math:`S/((1-a)N)` with operators), 0 when
        nothing is lost.

    Raises
    ------
    ValueError
        If no retention below 1 repays the loss, or the deal brings no new customers.
    """
    m = _merchant(merchant)
    per_visitor = check_flag("per_visitor", per_visitor, "True: only follow_rate of new customers become members")
    with_operators = check_flag("with_operators", with_operators, "True: the operators' pay is repaid too")
    month_deal = deal(m)
    new = month_deal["new_customers"]
    if new <= 0:
        raise ValueError(
            _(
                "the deal brings no new customers: groupbuy_views={groupbuy_views:g} x prepay "
                "share {prepay_share:.3g} = {buyers:.3g} buyers, of whom {cannibalised:.3g} "
                "would have come anyway (cannibalised_share={cannibalised_share:g}); there is "
                "nothing for members to repay the deal with"
            ).format(
                groupbuy_views=m.groupbuy_views,
                prepay_share=m.prepay_share,
                buyers=month_deal["buyers"],
                cannibalised=month_deal["cannibalised"],
                cannibalised_share=m.cannibalised_share,
            )
        )
    loss = max(0.0, -month_deal["deal_profit_cny"] / new)
    if with_operators:
        loss += m.operator_cost_cny / new
    if loss == 0:
        return 0.0
    if loss > membership.MARGIN:
        raise ValueError(
            _(
                "the loss to repay per new customer, {loss:.3g} CNY, is beyond {margin:g}: "
                "the deal brings only {new:.3g} new customers a month (groupbuy_views, trust, "
                "cannibalised_share) against its loss and "
                "operator_cost_cny={operator_cost_cny:g}"
            ).format(loss=loss, margin=membership.MARGIN, new=new, operator_cost_cny=m.operator_cost_cny)
        )
    follow = m.follow_rate if per_visitor else 1.0
    if m.member_margin <= 0 or follow == 0:
        raise ValueError(
            _(
                "a member earns {member_margin:g} CNY a month (purchases_per_member x margin "
                "per purchase - marketing_cost_per_member_cny) and follow_rate={follow:g} of "
                "new customers follow: no retention repays a loss"
            ).format(member_margin=m.member_margin, follow=follow)
        )
    return float(membership.breakeven_retention(loss, m.member_margin, m.discount_rate, follow_rate=follow))
