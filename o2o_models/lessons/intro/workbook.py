"""Lesson 00's exercises: the self-checks (`WORKBOOK`) and the reference answers only they use."""

from __future__ import annotations

from ... import groupbuy, scenarios, strategy
from ...text import _
from ..exercises import Choice, Number, Workbook


def _cinema_margin() -> float:
    return scenarios.merchant("cinema").voucher_margin


def _groupbuy_share() -> float:
    log = scenarios.load_transactions()
    return float(log.loc[log["channel"] == "groupbuy", "amount_cny"].sum() / log["amount_cny"].sum())


def _cinema_margin_without_rebate() -> float:
    """The slip of exercise 2: the cinema's voucher margin with the rebate left out."""
    cinema = scenarios.merchant("cinema")
    return float(groupbuy.voucher_margin(cinema.list_price, cinema.discount, 0.0, cinema.unit_cost))


def _groupbuy_share_of_rows() -> float:
    """The slip of exercise 3: the share of the log's rows (sales) that are group-buys, not of the revenue."""
    log = scenarios.load_transactions()
    return float((log["channel"] == "groupbuy").mean())


def furniture_verdict() -> str:
    """The furniture showroom's verdict at its own figures (`strategy.fitting_legs`)."""
    return strategy.fitting_legs(strategy.scorecard(scenarios.merchant("furniture")))[0]


WORKBOOK = Workbook(
    "00_introduction",
    {
        1: Choice(
            key="leg-for-furniture",
            expected="3",
            explanations={
                "1": "Not quite: leg 1 lives on prepayment (预付款). A stranger will not prepay thousands of yuan to a "
                "shop they do not know, so a furniture deal finds few buyers.",
                "2": "Operations help every merchant, but they are the platform's choice. The article's point about "
                "big-ticket trades is their costly team: it needs steady leads every month.",
                "3": "Right: a furniture showroom runs a sizeable team and needs stable, large paid traffic "
                "(广点通) to "
                "pay for it; free sharing is too unstable. Lesson 04 shows the numbers agree.",
            },
            hint="Which merchants pay in advance, and which keep a large team that needs leads every month?",
            working=lambda: _('**3.** The synthesis model agrees: "{furniture_verdict}"').format(
                furniture_verdict=furniture_verdict()
            ),
        ),
        2: Number(
            key="cinema-voucher-margin",
            unit="CNY per voucher",
            places=0,
            expected=_cinema_margin,
            mistakes={
                "rebate on the list price": (
                    lambda: 80 * 0.5 - 0.1 * 80 - 18,
                    "the rebate is charged on the list price. The platform keeps 10% of the voucher price, 40 CNY.",
                ),
                "rebate forgotten": (
                    _cinema_margin_without_rebate,
                    "the rebate is left out. The platform keeps 10% of the 40 CNY the buyer pays before the "
                    "cinema sees it: multiply by (1 - rebate).",
                ),
            },
            hint="Margin = list price × (1 − discount) × (1 − rebate) − unit cost.",
            working=lambda: _(
                "m = 80 × (1 − 0.5) × (1 − 0.1) − 18 = 40 × 0.9 − 18 = **{cinema_margin:.0f} "
                "CNY** per voucher. Unlike the restaurant, the cinema earns on each voucher: its cost is the "
                "film's share of what the voucher sells for, and an empty seat costs it nothing more."
            ).format(cinema_margin=_cinema_margin()),
        ),
        3: Number(
            key="groupbuy-share-of-revenue",
            unit="fraction of revenue",
            places=2,
            expected=_groupbuy_share,
            mistakes={
                "rows counted, not revenue": (
                    _groupbuy_share_of_rows,
                    "you count the sales (rows) that are group-buys instead of adding up their revenue: sum "
                    "`amount_cny` over those rows, and divide by the sum over all rows.",
                )
            },
            hint="Sum `amount_cny` where `channel == 'groupbuy'`, and divide by the sum of all `amount_cny`.",
            working=lambda: _(
                "```python\ngroupbuy = log.loc[log['channel'] == 'groupbuy', "
                "'amount_cny'].sum()\nanswer = groupbuy / log['amount_cny'].sum()\n```\nAbout "
                "**{groupbuy_share:.2f}**: a large share of the takings still comes through "
                "the platform, which keeps its rebate on every voucher."
            ).format(groupbuy_share=_groupbuy_share()),
        ),
    },
)
