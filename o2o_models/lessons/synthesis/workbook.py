"""Lesson 04's exercises: the self-checks (`WORKBOOK`) and the reference answers only they use."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ... import funnel, scenarios, strategy
from ...text import N_, _
from ..exercises import Choice, Function, Number, Workbook
from .panels import LEG_NUMBERS, MONTHS
from .tables import BEST_TEAM

CAUTION = 0.10
"""The cautious merchant's limit (exercise 4): a way that loses money in more than this share of months is refused."""


def _restaurant_members_fall(rebates: tuple[float, float] = (0.1, 0.2), price: str = "voucher") -> float:
    """How much the restaurant's group-buy-plus-members gain falls over 36 months when the rebate rises, CNY."""
    m = scenarios.merchant("restaurant")
    if price == "list":  # the known mistake: the rebate charged on the list price
        return MONTHS * m.voucher_buyers * m.list_price * (rebates[1] - rebates[0])
    if price == "first month":  # the known mistake: month 1's vouchers every month, as if reviews built no trust
        return MONTHS * m.voucher_buyers * m.voucher_price * (rebates[1] - rebates[0])
    low, high = (strategy.scorecard(m.replace(commission=c))["with_members_cny"] for c in rebates)
    return float(low - high)


def _cautious_legs(card: Mapping[str, float]) -> list[int]:
    """The reference answer of exercise 4: the legs a cautious merchant takes, best first."""
    sharing_is_safe = card["viral_losing_share"] <= CAUTION
    bar = max(0.0, card["viral_cny"]) if sharing_is_safe else 0.0
    passing = [
        (gain, LEG_NUMBERS[leg])
        for leg, (gain, losing, form) in strategy.leg_gains(card).items()
        if gain > bar and losing <= CAUTION
    ]
    return [number for gain, number in sorted(passing, reverse=True)]


def _card(
    groupbuy: float,
    members: float,
    paid: float,
    viral: float,
    groupbuy_losing: float,
    members_losing: float,
    paid_losing: float,
    viral_losing: float,
) -> dict[str, dict[str, float]]:
    return {
        "card": {
            "groupbuy_only_cny": groupbuy,
            "with_members_cny": members,
            "paid_cny": paid,
            "viral_cny": viral,
            "groupbuy_losing_share": groupbuy_losing,
            "members_losing_share": members_losing,
            "paid_losing_share": paid_losing,
            "viral_losing_share": viral_losing,
        }
    }


CAUTIOUS_CASES = [
    _card(-300e3, 200e3, -100e3, -50e3, 1.0, 0.05, 0.9, 0.9),  # leg 1, safe
    _card(-300e3, 200e3, -100e3, -50e3, 1.0, 0.19, 0.9, 0.9),  # leg 1 too risky
    _card(-300e3, 200e3, -100e3, -50e3, 1.0, 0.10, 0.9, 0.9),  # exactly at the limit
    _card(150e3, 100e3, 20e3, 50e3, 0.0, 0.5, 0.0, 0.05),  # leg 1 at its better form, group-buy alone
    _card(-10e3, -20e3, 300e3, 320e3, 1.0, 1.0, 0.0, 0.6),  # free sharing richer but too risky to count
    _card(-10e3, -20e3, 300e3, 320e3, 1.0, 1.0, 0.0, 0.05),  # free sharing richer and safe
    _card(-5e3, 400e3, 500e3, 100e3, 1.0, 0.0, 0.02, 0.3),  # both legs pass, paid first
    _card(-5e3, -1e3, -2e3, -3e3, 1.0, 1.0, 1.0, 1.0),  # nothing pays
]


GAIN_COLUMNS = ["groupbuy_only_cny", "with_members_cny", "paid_cny", "viral_cny"]
"""The scorecard's gains of the four ways (`strategy.WAYS`, in that order): code's keys, shown as they are."""
WAY_OF = dict(zip(GAIN_COLUMNS, strategy.WAYS))


def _gains_at_20() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every merchant's four gains now and with every rebate at 20% (exercise 5): kept scorecards (`strategy`)."""
    now = strategy.compare(scenarios.SCENARIOS).set_index("scenario")[GAIN_COLUMNS]
    return now, strategy.compare(scenarios.SCENARIOS, {"commission": 0.2}).set_index("scenario")[GAIN_COLUMNS]


def _largest_share_lost(kind: str = "right") -> float:
    now, raised = _gains_at_20()
    columns = GAIN_COLUMNS[:2] if kind == "leg 1 only" else GAIN_COLUMNS
    before, after = now[columns].max(axis=1), raised[columns].max(axis=1)
    share = (before - after) / (after if kind == "after" else before)
    share = share[np.isfinite(share)]
    return float(share.mean() if kind == "mean" else share.max())


def _ranking() -> pd.DataFrame:
    now, raised = _gains_at_20()
    best, best_after = now.max(axis=1), raised.max(axis=1)
    return pd.DataFrame(
        {
            N_("best way now"): now.idxmax(axis=1).map(WAY_OF),
            N_("best gain now (CNY)"): best.round().astype(int),
            N_("best gain at 20% (CNY)"): best_after.round().astype(int),
            N_("share lost"): ((best - best_after) / best).round(2),
        }
    ).sort_values("share lost", ascending=False)


WORKBOOK = Workbook(
    "04_synthesis",
    {
        1: Choice(
            key="rule-compares-gains",
            expected="a",
            explanations={
                "a": "Right: the team is paid whether clicks are bought or not, so paid traffic is judged at the "
                "margin. On top of free sharing the clicks add 300,000 + 36 × 60,000 = 2,460,000 CNY, and one team "
                "working both sources never loses a month: leg 3 fits.",
                "b": "That compares two totals that each carry the whole team, a fixed cost: the average-versus-"
                "marginal mistake of lesson 02. The rule asks what the clicks add on top of free sharing.",
                "c": "Free sharing alone loses in most months, but the rule caps the losing months of the lead "
                "business the merchant would run: one team with both sources, which never loses a month.",
            },
            hint="Read `fitting_legs` above: what do paid clicks add on top of free sharing, and how often does "
            "one team working both sources lose money?",
            working=lambda: _(
                "**(a)**. The clicks add `paid_cny + 36 * team` = 300,000 + 2,160,000 = "
                "2,460,000 CNY > 0; one team with both sources gains 2,780,000 CNY and loses "
                "money in 0% of months, within the cap of {most_losing_share:.0%}."
            ).format(most_losing_share=strategy.MOST_LOSING_SHARE),
        ),
        2: Number(
            key="rebate-moves-members",
            unit="CNY",
            places=-3,
            expected=_restaurant_members_fall,
            mistakes={
                "rebate on the list price": (
                    lambda: _restaurant_members_fall(price="list"),
                    "the rebate is charged on the list price. The platform takes its "
                    "share of the voucher price, P(1 - d).",
                ),
                "month 1's vouchers every month": (
                    lambda: _restaurant_members_fall(price="first month"),
                    "that is (5) with month 1's vouchers in every month. Reviews raise trust month by month, so "
                    "more strangers prepay: add up the vouchers of the 36 months, or read both gains on the panel.",
                ),
                "one month": (
                    lambda: _restaurant_members_fall() / MONTHS,
                    "you counted one month. The gains on the panel are added up over 36 months.",
                ),
            },
            hint="The rebate enters only the voucher margin (1), paid on every voucher: equation (5) gives the fall "
            "for each bar. Or read both gains on the panel.",
            working=lambda: _(
                "By (5), with the vouchers of the {months} months: {vouchers:,.1f} vouchers ({voucher_buyers:,.1f} "
                "in month 1, more each month as reviews raise trust) × {voucher_price:,.0f} CNY voucher price × "
                "0.10 = {restaurant_members_fall:,.0f} CNY: about **{fall_thousand:,.0f} CNY** to the nearest 1,000. "
                "Group-buy alone falls a little less: members buy "
                "without paying the rebate, and without their reviews it sells fewer vouchers."
            ).format(
                months=MONTHS,
                vouchers=funnel.leg1_months(scenarios.merchant("restaurant"))["buyers"].sum(),
                voucher_buyers=scenarios.merchant("restaurant").voucher_buyers,
                voucher_price=scenarios.merchant("restaurant").voucher_price,
                restaurant_members_fall=_restaurant_members_fall(),
                fall_thousand=round(_restaurant_members_fall(), -3),
            ),
        ),
        3: Choice(
            key="average-or-marginal",
            expected="b",
            explanations={
                "a": "No: a positive average return says the whole team earns more than it costs, not that the last "
                "staff added do. That is the marginal return.",
                "b": "Right: the marginal return is negative, so the staff added after {best_team:g} cost more "
                "than the commission they bring: the net gain falls, although the average return is still positive.",
                "c": "The table already has what is needed: the marginal return compares the extra commission with the "
                "extra staff cost (staff are paid only for merchants still trading).",
            },
            fields={"best_team": BEST_TEAM},
            hint="Which return, average or marginal, compares the extra staff cost with the extra commission it buys?",
            working=lambda: _(
                "**(b)**. Going from {best_team:g} to 10 staff per 100 merchants the net gain "
                "falls: the marginal return there is below zero, while the average return "
                "still counts the profitable first staff."
            ).format(best_team=BEST_TEAM),
        ),
        4: Function(
            key="cautious-legs",
            reference=_cautious_legs,
            cases=CAUTIOUS_CASES,
            hint="Judge leg 1 at its better form, as `strategy.leg_gains` does (shown in section 2), and leg 3 as paid "
            "traffic. The bar a leg must beat is max(0, viral_cny) only when free sharing loses money in at most 10% "
            "of months; otherwise it is 0.",
            working=lambda: _(
                "```python\ndef cautious_legs(card):\n    bar = max(0.0, card['viral_cny']) if "
                "card['viral_losing_share'] <= 0.10 else 0.0\n    if card['with_members_cny'] "
                ">= card['groupbuy_only_cny']:  # leg 1 at its better form\n        leg1 = "
                "(card['with_members_cny'], card['members_losing_share'])\n    else:\n        "
                "leg1 = (card['groupbuy_only_cny'], card['groupbuy_losing_share'])\n    leg3 = "
                "(card['paid_cny'], card['paid_losing_share'])\n    passing = [(gain, number) "
                "for number, (gain, losing) in ((1, leg1), (3, leg3))\n               if gain "
                "> bar and losing <= 0.10]\n    return [number for gain, number in "
                "sorted(passing, reverse=True)]\n```\nThe cautious restaurant refuses leg 1 "
                "(its members lose money in their first months), while a showroom whose paid "
                "traffic is steady takes leg 3 even where free sharing earns more on average."
            ),
        ),
        5: Number(
            key="largest-share-lost-at-20",
            unit="fraction of the best gain",
            places=2,
            expected=_largest_share_lost,
            mistakes={
                "divided by the gain after": (
                    lambda: _largest_share_lost("after"),
                    "you divided by the best gain *after* the rise. The share lost is of the gain before it.",
                ),
                "averaged over merchants": (
                    lambda: _largest_share_lost("mean"),
                    "you averaged the five shares. The question asks for the largest.",
                ),
                "leg 1 only": (
                    lambda: _largest_share_lost("leg 1 only"),
                    "you compared leg 1's gain only. Take each merchant's best way, whichever it is.",
                ),
            },
            hint="`now[GAINS].max(axis=1)` is each merchant's best gain now; do the same for `raised`, then "
            "(before - after) / before. `.max()` gives the largest share and `.idxmax()` the row it is in.",
            working=lambda: _(
                "```python\nbest_now = now[GAINS].max(axis=1)\n"
                "best_raised = raised[GAINS].max(axis=1)\n"
                "lost = (best_now - best_raised) / best_now\n"
                "now.loc[lost.idxmax(), 'scenario'], lost.max()\n```\n"
                "The {merchant} loses most, about **{share:.2f}** of its best gain. "
                "The ranking, largest share lost first:\n\n{ranking}\n\n"
                "The big-ticket merchants lose nothing: their best way, paid traffic, pays the platform no "
                "rebate."
            ).format(
                merchant=_(_ranking().index[0]),
                share=_largest_share_lost(),
                ranking=_ranking()
                .rename(index=_, columns=_)
                .rename_axis(index=_)
                .replace({way: _(way) for way in WAY_OF.values()})
                .to_markdown(floatfmt=".2f", intfmt=","),
            ),
        ),
    },
)
