"""Lesson 02's exercises: the self-checks (`WORKBOOK`) and the reference answers only they use."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ... import operations
from ...text import _
from ..exercises import Choice, Function, Number, Workbook
from .returns import best_team, staffing

EX6_TAKE = 0.06
"""Exercise 6's take on the store's sales: one the table of takes leaves out."""


def _linear_lift(skill: float, staff_per_100_merchants: float, staff_effectiveness: float) -> float:
    """Constant returns: each staff member closes e/10 of the gap, until it is closed (exercise 3)."""
    return skill + (1 - skill) * min(1.0, staff_effectiveness * staff_per_100_merchants / 10)


def first_month_below_half(comparison: pd.DataFrame, staffing_label: str = operations.WITHOUT_TEAM) -> int:
    """The first month in which fewer than half the merchants (of one staffing) are still trading."""
    rows = comparison[comparison["staffing"] == staffing_label]
    return int(rows.loc[rows["survival_share"] < 0.5, "month"].min())


def _half_grid() -> pd.DataFrame:
    return staffing(EX6_TAKE, operations.TEAM_GRID)


def _best_average(table: pd.DataFrame) -> float:
    """The team size with the highest average return in ``table``."""
    return float(table.loc[table["average_return"].idxmax(), "staff_per_100_merchants"])


def _first_negative_marginal() -> float:
    """The step just past the peak: the first size beyond the best team whose marginal return is negative."""
    table = _half_grid()
    past = table["staff_per_100_merchants"] > best_team(table)
    return float(table.loc[past & (table["marginal_return"] < 0), "staff_per_100_merchants"].min())


def _last_positive_average() -> float:
    table = _half_grid()
    return float(table.loc[table["average_return"] > 0, "staff_per_100_merchants"].max())


# Exercise 5's platform: a team of 10 costs 1.0 M CNY and brings 1.45 M; 12 cost 1.2 M and bring 1.6 M.
EX5 = {"cost_10": 1.0, "extra_10": 1.45, "cost_12": 1.2, "extra_12": 1.6}


def _ex5_marginal() -> float:
    e = EX5
    return ((e["extra_12"] - e["cost_12"]) - (e["extra_10"] - e["cost_10"])) / (e["cost_12"] - e["cost_10"])


WORKBOOK = Workbook(
    "02_leg2_operations_team",
    {
        1: Choice(
            key="taobao-merchants-win",
            expected="b",
            explanations={
                "a": "Not according to the article: it asks how many merchants really win on front-end operations, "
                "and answers few: the 小二 run much of that for them.",
                "b": 'Right: "大部分都是依赖后端的供应链": most rely on their back-end supply chain, while Alibaba\'s '
                "小二 carry much of the front-end operations.",
                "c": "Advertising matters, but the article's point is a division of labour: supply chain for the "
                "merchant, storefront operations with the platform's staff.",
            },
            hint="Reread the second quotation: what does the article say most Taobao and Tmall merchants rely on?",
            working=lambda: _(
                '**(b)**, the back-end supply chain: "大部分都是依赖后端的供应链，通过供应链死磕其他同行". The '
                "platform's 小二 handle much of the front end; WeChat merchants in 2014 had no "
                "such staff, which is the article's second leg."
            ),
        ),
        2: Number(
            key="skill-lift-0.4-k10-e0.5",
            unit="skill (0 to 1)",
            places=2,
            expected=lambda: float(operations.skill_lift(0.4, 10, 0.5)),
            mistakes={
                "the /10 left out": (
                    lambda: 0.4 + 0.6 * (1 - np.exp(-0.5 * 10)),
                    "the exponent is -e k instead of -e k / 10: staff are counted per 100 "
                    "merchants, and (1) divides by 10.",
                ),
                "the skill lifted, not the gap": (
                    lambda: 0.4 + 0.4 * (1 - np.exp(-0.5)),
                    "the share is applied to the skill s. The team closes a share of the gap to full skill, 1 - s.",
                ),
            },
            hint="Equation (1): first the share of the gap closed, 1 - exp(-e k / 10), then s + (1 - s) times it.",
            working=lambda: _(
                "The share of the gap closed is 1 − exp(−0.5 × 10 / 10) = 1 − e^−0.5 = 0.393; "
                "the gap is 1 − 0.4 = 0.6, so s' = 0.4 + 0.6 × 0.393 = **{lifted:.3f}**, about "
                "0.64."
            ).format(lifted=float(operations.skill_lift(0.4, 10, 0.5))),
        ),
        3: Function(
            key="constant-returns-lift",
            reference=_linear_lift,
            cases=[
                {"skill": 0.4, "staff_per_100_merchants": 10.0, "staff_effectiveness": 0.5},
                {"skill": 0.2, "staff_per_100_merchants": 30.0, "staff_effectiveness": 0.5},
                {"skill": 0.9, "staff_per_100_merchants": 0.0, "staff_effectiveness": 1.0},
                {"skill": 0.0, "staff_per_100_merchants": 4.0, "staff_effectiveness": 2.0},
                {"skill": 1.0, "staff_per_100_merchants": 5.0, "staff_effectiveness": 1.0},
            ],
            hint="The share of the gap closed is e k / 10, but never more than the whole gap: `min(1, ...)`. "
            "Then skill + (1 - skill) times that share.",
            working=lambda: _(
                "```python\ndef linear_lift(skill, staff_per_100_merchants, "
                "staff_effectiveness):\n    share = min(1, staff_effectiveness * "
                "staff_per_100_merchants / 10)\n    return skill + (1 - skill) * "
                "share\n```\nBoth models start with the same slope: the first staff member "
                "closes e/10 of the gap in each. The built-in lift (1) then flattens; yours "
                "rises in a straight line until the gap is closed, at k = 10/e staff per 100 "
                "merchants (20 at e = 0.5)."
            ),
        ),
        4: Number(
            key="first-month-below-half-alone",
            unit="month",
            places=0,
            expected=lambda: first_month_below_half(operations.compare_staffing()),
            mistakes={
                "the team's merchants": (
                    lambda: first_month_below_half(operations.compare_staffing(), operations.WITH_TEAM),
                    "the rows with the team are filtered. The question asks about the "
                    "merchants alone, staffing == operations.WITHOUT_TEAM.",
                )
            },
            hint="Keep the rows whose staffing is `operations.WITHOUT_TEAM`, then those with survival_share below 0.5, "
            "and take the smallest month.",
            working=lambda: _(
                "```python\nalone = comparison[comparison['staffing'] == "
                "operations.WITHOUT_TEAM]\nanswer = alone.loc[alone['survival_share'] < 0.5, "
                "'month'].min()\n```\nMonth **{month}**: within a year and a half, "
                "most merchants left alone have gone."
            ).format(month=first_month_below_half(operations.compare_staffing())),
        ),
        5: Number(
            key="marginal-return-10-to-12",
            unit="CNY per extra CNY of staff",
            places=2,
            expected=_ex5_marginal,
            mistakes={
                "average taken for marginal": (
                    lambda: (EX5["extra_12"] - EX5["cost_12"]) / EX5["cost_12"],
                    "the average return of the team of 12 is taken for the marginal "
                    "return. The question asks what the two extra staff add: the "
                    "change in net gain over the change in cost.",
                ),
                "extra commission over extra cost": (
                    lambda: (EX5["extra_12"] - EX5["extra_10"]) / (EX5["cost_12"] - EX5["cost_10"]),
                    "the extra commission is divided by the extra cost. That is what each extra yuan brings "
                    "back; the return subtracts the yuan itself.",
                ),
            },
            hint="Net gain = extra commission - staff cost, at each size. The marginal return is the change in net "
            "gain divided by the change in staff cost.",
            working=lambda: _(
                "Net gain: 1.45 − 1.0 = 0.45 M CNY with 10 staff, 1.6 − 1.2 = 0.4 M with 12. "
                "The marginal return is (0.4 − 0.45) / (1.2 − 1.0) = **−0.25**: the two extra "
                "staff lose 25 fen per yuan, although the average return of the team of 12 is "
                "still +0.33."
            ),
        ),
        6: Number(
            key="best-team-half-steps",
            unit="staff per 100 merchants",
            places=1,
            expected=lambda: best_team(_half_grid()),
            mistakes={
                "best average return": (
                    lambda: _best_average(_half_grid()),
                    "you took the team with the highest average return. The net gain keeps "
                    "growing as long as the marginal return is positive.",
                ),
                "first negative marginal return": (
                    _first_negative_marginal,
                    "you took the first size whose marginal return is negative: "
                    "that step already lowers the net gain, so the peak is the "
                    "size before it.",
                ),
                "last positive average return": (
                    _last_positive_average,
                    "you took the largest team whose average return is still "
                    "positive: there the team as a whole stops paying for itself, "
                    "long after extra staff have stopped paying.",
                ),
                "the default take": (
                    lambda: best_team(staffing()),
                    "you read the table at the default 5% take. The question asks for a 6% take: build the table "
                    "with commission=0.06.",
                ),
            },
            hint="`table['net_gain_cny'].idxmax()` gives the row with the largest net gain; `.loc` that row's "
            "staff_per_100_merchants. Check that the marginal return turns negative just after it.",
            working=lambda: _(
                "```python\ntable = operations.staffing_table(operations.TEAM_GRID, "
                "commission=0.06)\nanswer = table.loc[table['net_gain_cny'].idxmax(), "
                "'staff_per_100_merchants']\ntable[table['marginal_return'] > "
                "0]['staff_per_100_merchants'].max()  # the same\n```\n**{best_team:g}** staff "
                "per 100 merchants: the last step with a positive marginal return "
                "(`operations.best_team_size(commission=0.06)` gives the same). The average "
                "return is highest at {best_average:g} staff per 100, far below it."
            ).format(best_team=best_team(_half_grid()), best_average=_best_average(_half_grid())),
        ),
        7: Choice(
            key="keep-twelve-staff",
            expected="b",
            explanations={
                "a": "Not so: a positive average return says the team as a whole pays for itself. The staff beyond the "
                "net gain's peak each cost more than the extra commission they bring: the marginal return there "
                "is negative, and cutting them raises the net gain.",
                "b": "Right: the net gain peaks where the marginal return crosses 0. Every staff member "
                "beyond it costs more than the extra commission they bring, although the average return is still "
                "positive.",
                "c": "Not so: the smallest team has the highest average return but a much smaller net gain. Cutting "
                "the team to it gives up staff whose marginal return is still positive.",
            },
            hint="Compare the net gain at 12 with the net gain at its peak, and look at the sign of the marginal "
            "return between them.",
            working=lambda: _(
                "**(b)**: cut the team to the size where the net gain peaks. There the "
                "marginal return crosses 0; at 12 per 100 the average return is still "
                "positive, but the staff beyond the peak lose money at the margin."
            ),
        ),
    },
)
