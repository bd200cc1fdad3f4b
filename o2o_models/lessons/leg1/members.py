"""Lesson 01, steps 4-5: own the customer as a member, what a member is worth, and the break-even table."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import numpy as np
import pandas as pd

from ... import funnel, groupbuy, membership, scenarios
from ...interactive import charts
from ...interactive.panels import Lever, Panel
from ...interactive.widgets import ModelPanel
from ...interactive.yours import answer_of, unfinished
from ...text import N_, _
from ..common import Shown
from ..figures import COUNT, MONEY, SHARE
from .deal import PREPAID

MONTHS = funnel.HORIZON


PROFIT_TITLE = "Cumulative profit: the baseline (no platform), renting customers from the platform, or owning them"


def member_profits(
    commission: float,
    trust: float,
    groupbuy_views: float,
    follow_rate: float,
    retention: float,
    merchant: str = "restaurant",
) -> pd.DataFrame:
    """Cumulative profit (CNY) by month: leg 1's three strategies and the service account alone (`funnel.leg1_curves`).

    The rebate 返点 acts through the voucher margin, trust through who prepays and who
    believes a member's word, traffic through the strangers who see the deal; the rest
    is the merchant's own figures. ``overtakes_month`` is the first month the members
    strategy is ahead of the baseline (NaN if never).
    """
    m = scenarios.merchant(merchant).replace(
        commission=commission,
        trust=trust,
        groupbuy_views=groupbuy_views,
        follow_rate=follow_rate,
        retention=retention,
    )
    return funnel.leg1_curves(m, MONTHS).drop(columns="profit_cny").round({"cumulative_profit_cny": 2})


def _profit_chart(frame: pd.DataFrame) -> alt.LayerChart:
    curves = charts.lines(
        frame,
        "month",
        "cumulative_profit_cny",
        "strategy",
        title=_(PROFIT_TITLE),
        x_title=_("month"),
        y_title=_("cumulative profit (CNY)"),
        description=_(PROFIT_TITLE),
        zero_rule=True,
    )
    overtakes = (
        charts.rows_where(frame, month=1, strategy=funnel.WITH_MEMBERS)  # one row per set of values
        .properties(width=charts.WIDTH, height=charts.HEIGHT)
        .mark_rule(strokeDash=[6, 4], size=2, color=charts.OKABE_ITO["green"])
        .encode(
            x=alt.X("overtakes_month", type="quantitative"),
            tooltip=[alt.Tooltip("overtakes_month", type="quantitative", title=_("members pay off in month"))],
        )
    )
    return charts.described(alt.layer(*curves.layer, overtakes), curves.description)


def members_summary(frame: pd.DataFrame) -> str:
    """The members panel's summary line: each strategy after the horizon, when members pay off, and the
    service account alone (`funnel.SERVICE_ONLY`) against the baseline."""
    last = frame[frame["month"] == MONTHS].set_index("strategy")["cumulative_profit_cny"]
    members = frame.loc[(frame["month"] == MONTHS) & (frame["strategy"] == funnel.WITH_MEMBERS), "members"].iloc[0]
    month = frame["overtakes_month"].iloc[0]
    when = (
        _("group-buy plus members is ahead of the baseline from month <b>{month:.0f}</b> (dashed line)")
        if month > 0
        else _("group-buy plus members never gets ahead of the baseline in {months} months")
    ).format(month=month, months=MONTHS)
    service = _(
        "The service account alone (walk-ins who follow, no group-buy): <b>{service:,.0f} CNY</b>, "
        "{gap:+,.0f} CNY against the baseline."
    ).format(service=last[funnel.SERVICE_ONLY], gap=last[funnel.SERVICE_ONLY] - last[funnel.BASELINE])
    return _(
        "After {months} months: the baseline <b>{baseline:,.0f} CNY</b>; group-buy only <b>{groupbuy:,.0f}</b>; "
        "group-buy plus members <b>{with_members:,.0f}</b> ({members:,.0f} members). So {when}."
    ).format(
        months=MONTHS,
        baseline=last[funnel.BASELINE],
        groupbuy=last[funnel.GROUPBUY_ONLY],
        with_members=last[funnel.WITH_MEMBERS],
        members=members,
        when=when,
    ) + (" " + service)


MEMBERS = Panel(
    title="Own the customer: the baseline, group-buy alone, or group-buy plus members",
    chart_title=PROFIT_TITLE,
    levers=(
        Lever("merchant", options=PREPAID),
        Lever("commission", high=0.3, grid=(0.0, 0.3, 0.025)),
        Lever("trust", low=0.4, grid=(0.4, 0.9, 0.05)),
        Lever("groupbuy_views", grid=(300, 900, 60)),
        Lever("follow_rate"),
        Lever("retention"),
    ),
    compute=member_profits,
    chart=_profit_chart,
    summary=members_summary,
    start="restaurant",
    presets=PREPAID,
    site_columns=("month", "strategy", "cumulative_profit_cny", "overtakes_month"),
    for_whom="the restaurant",
)


def members_panel() -> ModelPanel:
    """Leg 1's main panel: the baseline, group-buy alone, group-buy plus members, and the service account alone."""
    return MEMBERS.widget()


members_site_chart = MEMBERS.site_chart


# Step 5: what a member is worth ---------------------------------------------------------------------

CLV_TITLE = "What a member is worth 会员价值: lifetime value against retention"
BUILT_IN_CLV = N_("member 会员 value, for ever (6)")
YOUR_CLV = "your model: the first "


def clv_curve(
    merchant: str = "restaurant", months: float = 12, your_clv: Callable[..., float] | None = None
) -> pd.DataFrame:
    """A member's value (CNY) against retention: `membership.retention_clv`, and the student's model if it runs.

    A student's function that fails or returns no number is left out of the chart, and
    ``note`` says why.
    """
    m = scenarios.merchant(merchant)
    retention = np.round(np.arange(0.5, 0.951, 0.05), 2)
    frames = [
        pd.DataFrame(
            {
                "retention": retention,
                "series": BUILT_IN_CLV,
                "value_cny": membership.retention_clv(m.member_margin, retention, m.discount_rate),
            }
        )
    ]
    note = ""
    if your_clv is not None:
        try:
            mine = [
                float(
                    answer_of(
                        your_clv, margin=m.member_margin, retention=r, discount_rate=m.discount_rate, months=int(months)
                    )
                )
                for r in retention
            ]
        except Exception as error:  # noqa: BLE001 - a student's unfinished model is reported, not raised
            note = unfinished(error)
        else:
            frames.append(
                pd.DataFrame(
                    {
                        "retention": retention,
                        "value_cny": mine,
                        "series": f"{YOUR_CLV}{int(months)} months",
                    }
                )
            )
    return pd.concat(frames, ignore_index=True).assign(note=note)


def _clv_chart(frame: pd.DataFrame) -> alt.LayerChart:
    return charts.lines(
        frame,
        "retention",
        "value_cny",
        "series",
        title=_(CLV_TITLE),
        x_title=_("retention 留存 (share of members who stay a month)"),
        y_title=_("value of a member (CNY)"),
        description=_(CLV_TITLE),
    )


def _how_worth(series: str) -> str:
    """How a series of the CLV chart values a member, as the summary's sentence says it."""
    if series == BUILT_IN_CLV:
        return _("for ever, by equation (6)")
    months = series.removeprefix(YOUR_CLV)
    return _("over the first {months}, by your model").format(months=months)


def _clv_summary(frame: pd.DataFrame) -> str:
    at_85 = frame[np.isclose(frame["retention"], 0.85)].set_index("series")["value_cny"]
    shown = "; ".join(
        _("<b>{value:,.0f} CNY</b> {how}").format(value=value, how=_how_worth(name)) for name, value in at_85.items()
    )
    return (
        _("At 85% retention a member is worth {shown}. {note}").format(shown=shown, note=frame["note"].iloc[0]).strip()
    )


CLV = Panel(
    title="What a member is worth: the built-in CLV and your model",
    chart_title=CLV_TITLE,
    levers=(Lever("merchant", options=PREPAID),),
    compute=clv_curve,
    chart=_clv_chart,
    summary=_clv_summary,
    start="restaurant",
    structure=lambda frame: list(dict.fromkeys(frame["series"])),
)
CLV_YOURS = CLV.with_levers(*CLV.levers, Lever("months"))
"""The CLV panel with the horizon of the student's model as a slider."""


def clv_panel(your_clv: Callable[..., float] | None = None) -> ModelPanel:
    """Member value against retention; pass ``your_clv`` to draw your own model beside the built-in one."""
    return CLV.widget() if your_clv is None else CLV_YOURS.widget(your_clv=your_clv)


def breakeven_table() -> Shown:
    """Per prepaid merchant, a column each: the voucher, the deal with and without members, and the retention
    that repays it; CNY in CNY, shares (the rebate, the cannibalised share, retention) as percentages (`Shown`)."""
    rows = []
    for name in PREPAID:
        m = scenarios.merchant(name)
        deal = (m.list_price, m.discount, m.commission, m.unit_cost)
        share = {"cost_share": m.cost_share}
        gains = funnel.leg1_months(m)
        rows.append(
            {
                N_("merchant"): name,
                N_("voucher margin m (CNY)"): m.voucher_margin,
                N_("break-even rebate c*"): float(
                    groupbuy.breakeven_commission(m.list_price, m.discount, m.unit_cost, m.cost_share)
                ),
                N_("cannibalised a"): m.cannibalised_share,
                N_("a* without members"): float(groupbuy.breakeven_cannibalisation(*deal, 0.0, **share)),
                N_("member margin (CNY/month)"): m.member_margin,
                N_("CLV (CNY)"): funnel.member_value(m),
                N_("V = f × CLV (CNY)"): funnel.later_value(m),
                N_("a* with members"): float(groupbuy.breakeven_cannibalisation(*deal, funnel.later_value(m), **share)),
                N_("retention r"): m.member_retention,
                N_("r* per member"): funnel.breakeven_retention(m, per_visitor=False, with_operators=False),
                N_("r* per new customer"): funnel.breakeven_retention(m, with_operators=False),
                N_("r* with operators' pay"): funnel.breakeven_retention(m),
                N_("ahead of the baseline (month)"): funnel.first_month_ahead(
                    gains["groupbuy_gain_cny"] + gains["member_gain_cny"]
                ),
            }
        )
    table = pd.DataFrame(rows).set_index("merchant").round(3).T.rename_axis(index=None, columns="merchant")
    in_cny = {"voucher margin m (CNY)", "member margin (CNY/month)", "CLV (CNY)", "V = f × CLV (CNY)"}
    forms = {row: MONEY if row in in_cny else SHARE for row in table.index}
    return Shown(table, formats=forms | {"ahead of the baseline (month)": COUNT})
