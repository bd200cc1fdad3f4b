"""Lesson 01's exercises: the self-checks (`WORKBOOK`) and the reference answers only they use."""

from __future__ import annotations

from ... import funnel, groupbuy, membership, scenarios
from ...merchant import Merchant
from ...text import Share, _
from ...trust import prepay_conversion
from ..exercises import Choice, Function, Number, Workbook


def _restaurant() -> Merchant:
    return scenarios.merchant("restaurant")


def _clv_within(margin: float, retention: float, discount_rate: float, months: int) -> float:
    """A member's value over the first ``months`` months only (the reference answer of exercise 6)."""
    ratio = retention / (1 + discount_rate)
    return float(margin * ratio * (1 - ratio**months) / (1 - ratio))


def _first_year_share() -> float:
    m = _restaurant()
    return _clv_within(m.member_margin, m.member_retention, m.discount_rate, 12) / funnel.member_value(m)


def _exercise_clv() -> float:
    """Exercise 5's CLV at the figures it states: 39 CNY a month, 85% stay, 1% a month (equation 6)."""
    return float(membership.retention_clv(0.5 * (200 * 0.9 - 100) - 1, 0.85, 0.01))


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
            working=lambda: _(
                "The voucher price is 200 × (1 − 0.4) = 120 CNY, so by (2) c* = 1 − 100 / 120 "
                "= 1/6, about **0.17**. At the usual 10% rebate the voucher now earns 120 × "
                "0.9 − 100 = 8 CNY."
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
            working=lambda: _("By (3): 1 − 100 / (0.9 × 300) = 1 − 100/270 = **0.63**."),
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
            working=lambda: _(
                "m = 200 × 0.5 × 0.9 − 100 = −10 CNY, so by (5) a* = (−10 + 30) / (100 + 30) "
                "= 20/130, about **0.15**: if more than 15% of buyers would have come anyway, "
                "the deal loses money."
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
                    "group-buy only. The question compares it with the baseline: "
                    "the no-platform curve.",
                )
            },
            hint="Read the panel's summary at the restaurant's figures (Reset), or the month where the green curve "
            "first reaches the orange one.",
            working=lambda: _(
                "Month **{ahead_month:.0f}**: `funnel.first_month_ahead` of the monthly gains "
                "of group-buy plus members over the baseline. The rebate does not move the "
                "month at which members pass group-buy alone, only the level."
            ).format(ahead_month=_ahead_month()),
        ),
        5: Number(
            key="restaurant-member-clv",
            unit="CNY",
            places=0,
            expected=_exercise_clv,
            mistakes={
                "month 0 counted": (
                    lambda: _exercise_clv() * 1.01 / 0.85,
                    "the joining month is counted. A member who joins this month first buys "
                    "next month: the sum in (6) starts at t = 1.",
                ),
                "no discounting": (
                    lambda: _clv_within(_restaurant().member_margin, _restaurant().retention, 0.0, 10_000),
                    "the later months are not discounted. A yuan next month is worth less than one today: "
                    "divide by (1 + d - r), with the monthly discount rate d, as in (6).",
                ),
            },
            hint="The member margin m_M = k (P(1 - δ) - u) - c_m, then equation (6).",
            working=lambda: _(
                "m_M = 0.5 × (200 × 0.9 − 100) − 1 = 39 CNY a month, so by (6) CLV = 39 × "
                "0.85 / (1 + 0.01 − 0.85) = 33.15 / 0.16, about **{exercise_clv:,.0f} CNY**. "
                "(The lessons' own discounting is 0 a month: at it the restaurant's member is "
                "worth {member_value:,.0f} CNY.)"
            ).format(exercise_clv=_exercise_clv(), member_value=funnel.member_value(_restaurant())),
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
            hint="Add up margin × (retention / (1 + discount_rate)) ** t for t = 1, 2, ..., months. "
            "`np.arange(1, months + 1)` gives the t's.",
            working=lambda: _(
                "```python\ndef clv_within(margin, retention, discount_rate, months):\n    t = "
                "np.arange(1, months + 1)\n    return np.sum(margin * (retention / (1 + "
                "discount_rate)) ** t)\n```\nWithin a year a restaurant member is worth about "
                "{first_year_share:.0%} of the for-ever value (6): most of a member's value "
                "comes early, because members leave."
            ).format(first_year_share=Share(_first_year_share())),
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
            working=lambda: _(
                "```python\nq4 = log[log['date'].dt.quarter == 4]\nowned = "
                "q4.loc[q4['channel'].isin(['member', 'referral']), "
                "'amount_cny'].sum()\nanswer = owned / q4['amount_cny'].sum()\n```\nAbout "
                "**{owned_share_q4:.2f}**: the member pool's share grows through the year."
            ).format(owned_share_q4=_owned_share_q4()),
        ),
        8: Choice(
            key="lever-that-leaves-the-crossing",
            expected="a",
            explanations={
                "a": "Right: the rebate changes only the deal's term, which both group-buy strategies share, so the "
                "month members pass group-buy alone stays the same; it moves when members pass the baseline.",
                "b": "Not retention: it decides how long members keep buying, so it moves every curve with members.",
                "c": "Not the follow rate: it decides how many members there are.",
            },
            hint="Which lever acts only on the group-buy term of the monthly profit, shared by both group-buy "
            "strategies?",
            working=lambda: _(
                "**(a)** the rebate: both group-buy curves fall by almost the same amount each month (members' "
                "reviews sell a few more vouchers, each paying it), so members pass group-buy alone in the same month."
            ),
        ),
    },
)
