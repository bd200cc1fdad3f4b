"""Lesson 01, step 4b: owning customers means not fleecing them, and the routes members come by.

The member discount both costs margin and keeps members (`membership.surplus_retention`), so the
members' gain has a best discount inside the range (the panel). Reviews feed trust, and walk-ins
who follow the service account 服务号 are a route of their own (`funnel.leg1_months`): the table
compares the routes, to test whether the two platforms complement each other (互补而不是互博).
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ... import funnel, scenarios
from ...interactive import charts
from ...interactive.panels import Lever, Panel
from ...interactive.widgets import ModelPanel
from ...text import N_, _
from ..common import Shown
from ..figures import MONEY, SHARE
from .deal import PREPAID

DISCOUNTS = np.round(np.arange(0.0, 0.501, 0.025), 3)
"""The member discounts the panel's curve is drawn at, 0 to 50% of the list price."""

DISCOUNT_TITLE = "Give the rebate to members? The members' gain against the member discount"


def members_gain(merchant: scenarios.Merchant) -> float:
    """What members add to group-buy alone over the horizon, CNY, at the one discounting (`funnel.discount_factors`)."""
    months = funnel.leg1_months(merchant)
    return float(months["member_gain_cny"] @ funnel.discount_factors(merchant))


def discount_curve(member_discount: float, retention_sensitivity: float, merchant: str = "restaurant") -> pd.DataFrame:
    """The members' gain (CNY over `funnel.HORIZON` months) and retention at member discounts 0 to 50%.

    Each discount sets the margin per member purchase, :math:`P(1-\\delta)(1-s) - u`, and the
    retention, :math:`\\operatorname{logit} r = \\operatorname{logit} r_0 + \\beta\\,k\\,\\delta\\,P`
    (`Merchant.member_retention`). A discount that would let the member pool grow without limit
    is left out. ``best_discount`` is the grid's best; ``chosen_*`` the lever's.
    """
    m = scenarios.merchant(merchant).replace(retention_sensitivity=retention_sensitivity)
    rows = []
    for discount in DISCOUNTS:
        try:
            at = m.replace(member_discount=float(discount))
        except ValueError:  # the pool would grow without limit: no steady member base to value
            continue
        rows.append((float(discount), members_gain(at), at.member_retention))
    frame = pd.DataFrame(rows, columns=["discount_on_curve", "members_gain_cny", "member_retention"])
    chosen = m.replace(member_discount=member_discount)
    return frame.assign(
        series=_("members' gain over group-buy alone"),
        best_discount=float(frame.loc[frame["members_gain_cny"].idxmax(), "discount_on_curve"]),
        chosen_discount=member_discount,
        chosen_gain_cny=members_gain(chosen),
        chosen_retention=chosen.member_retention,
    )


def _discount_chart(frame: pd.DataFrame) -> alt.LayerChart:
    return charts.marked_lines(
        frame,
        "discount_on_curve",  # not the lever's name: the site's grid gives each point that column (gridchart.stack)
        "members_gain_cny",
        "series",
        title=_(DISCOUNT_TITLE),
        x_title=_("member discount (share of list price)"),
        y_title=_("members' gain over 36 months (CNY)"),
        rule=("best_discount", _("best member discount")),
        chosen=("chosen_discount", "chosen_gain_cny"),
        chosen_titles=(_("member discount"), _("members' gain (CNY)")),
    )


def _discount_summary(frame: pd.DataFrame) -> str:
    row = frame.iloc[0]
    return _(
        "At a <b>{chosen:.1%}</b> member discount members stay with probability <b>{kept:.3f}</b> a month and add "
        "<b>{gain:,.0f} CNY</b> over {months} months; the best discount on the curve is <b>{best:.1%}</b> "
        "(dashed line)."
    ).format(
        chosen=row["chosen_discount"],
        kept=row["chosen_retention"],
        gain=row["chosen_gain_cny"],
        months=funnel.HORIZON,
        best=row["best_discount"],
    )


DISCOUNT = Panel(
    title="Owning customers means not fleecing them: the member discount",
    chart_title=DISCOUNT_TITLE,
    levers=(
        Lever("merchant", options=PREPAID),
        Lever("member_discount", high=0.3, grid=(0.0, 0.3, 0.025)),
        Lever("retention_sensitivity"),
    ),
    compute=discount_curve,
    chart=_discount_chart,
    summary=_discount_summary,
    start="restaurant",
    presets=PREPAID,
    for_whom="the restaurant",
)
"""Step 4b: the members' gain against the member discount, with retention answering the member's saving."""


def discount_panel() -> ModelPanel:
    """Step 4b: the member discount that keeps members without giving the margin away."""
    return DISCOUNT.widget()


ROUTES = {
    N_("group-buy only"): "groupbuy_only_cny",
    N_("group-buy + members from its buyers"): "with_members_cny",
    N_("service account 服务号 only (walk-ins who follow)"): "service_only_cny",
    N_("both routes, one operator team"): "both_routes_cny",
}
"""`funnel.leg1_months`' routes, by the name the table gives them (translated where shown)."""
LAST_TRUST = N_("trust in the last month")
COMPLEMENT = N_("both less the two alone (互补 if positive)")
NO_REVIEWS = N_("review rate 0%")
OWN_RATE = N_("review rate {percent:g}% (the scenario's own)")


def routes_table(merchant: str = "restaurant") -> Shown:
    """Each route's gain over the baseline, CNY over the horizon (one discounting), with no reviews and at the
    scenario's own ``review_rate``.

    One column each: review rate 0, and the scenario's rate (its heading says so). The last rows are
    strangers' trust in the last month and the complementarity: both routes' gain less the sum of the two
    routes' gains alone (positive: 互补, the routes complement each other; negative: 互博, they fight).
    Row and column labels are in the reader's language; the gains are shown in whole CNY, trust as a
    percentage (`Shown`).
    """
    own = scenarios.merchant(merchant)
    columns = {}
    for heading, m in (
        (_(NO_REVIEWS), own.replace(review_rate=0.0)),
        (_(OWN_RATE).format(percent=100 * own.review_rate), own),
    ):
        months = funnel.leg1_months(m)
        factors = funnel.discount_factors(m)
        gains = {_(name): float((months[column] - months["baseline_cny"]) @ factors) for name, column in ROUTES.items()}
        routes = list(gains.values())
        gains[_(LAST_TRUST)] = float(months["trust"].iloc[-1])
        gains[_(COMPLEMENT)] = routes[3] - routes[1] - routes[2]
        columns[heading] = gains
    formats = {_(name): MONEY for name in (*ROUTES, COMPLEMENT)} | {_(LAST_TRUST): SHARE}
    return Shown(pd.DataFrame(columns).rename_axis(_(merchant)), formats=formats)
