"""Lesson 03, steps 1-3: paid traffic against free sharing, the lead fan panel and the H5 table."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ... import funnel, scenarios, traffic
from ...interactive import charts
from ...interactive.panels import Lever, Panel
from ...interactive.widgets import ModelPanel
from ...text import N_, Share, _
from ..common import Shown
from ..figures import COUNT, MONEY, SHARE

BIG_TICKET = ("furniture", "renovation")
NAMES = {"furniture": "the furniture showroom", "renovation": "the renovation firm"}
MONTHS = funnel.HORIZON
SOURCES = (traffic.PAID, traffic.VIRAL)
H5_SHARES = (0.0, 0.25, 0.5, 0.6, 0.75, 1.0)
"""The H5 shares compared in `h5_table`."""


FAN_TITLE = "Monthly leads: paid traffic 付费流量 against free sharing 免费传播"


def lead_fan(
    paid_budget_cny: float,
    viral_mean_leads: float,
    trust: float,
    h5_share: float,
    rival_bidders: float,
    rival_value_high_cny: float,
    merchant: str = "furniture",
    paid_volatility: float = 0.0,
    h5_split_month: float = 1,
) -> pd.DataFrame:
    """Quantiles of monthly leads by source, with each source's risk: `funnel.lead_fan` of the merchant.

    Besides the fan (``month``, ``source``, ``p05`` ... ``p95``, leads a month, rounded to
    whole leads) every row carries its source's ``losing_share`` and ``mean_profit_cny``
    (`funnel.lead_risk`; free sharing's mean is its exact expectation, `funnel.viral_gain`,
    as in the synthesis) and a ``label`` saying the first; and, for the whole panel, the
    lead's value and the paid auction's outcome: ``lead_value_cny``, ``top_slot_share``,
    ``no_slot_share``, ``price_per_click_cny`` (mean over the months a slot is won),
    ``paid_clicks`` and ``ad_spend_cny`` (means a month) and ``paid_budget_cny``.
    ``paid_volatility`` and ``h5_split_month`` are the merchant's figures of the same names: the
    swing of paid clicks, and the month the H5 split arrives. ``paid_margin_cny`` (what paid
    clicks add a month on top of free sharing) and ``both_losing_share`` (the losing months of one
    team working both sources) come from `funnel.one_team`.
    """
    m = scenarios.merchant(merchant).replace(
        paid_budget_cny=paid_budget_cny,
        viral_mean_leads=viral_mean_leads,
        trust=trust,
        h5_share=h5_share,
        rival_bidders=int(rival_bidders),
        rival_value_high_cny=rival_value_high_cny,
        paid_volatility=paid_volatility,
        h5_split_month=int(h5_split_month),
    )
    fan = funnel.lead_fan(m, MONTHS)
    fan[list(traffic.QUANTILES)] = fan[list(traffic.QUANTILES)].to_numpy().round()
    losing = _("{source}: {share:.0%} of months lose money")
    labels = [
        losing.format(source=_(name), share=Share(share)) for name, share in zip(fan["source"], fan["losing_share"])
    ]
    fan.insert(fan.columns.get_loc("lead_value_cny"), "label", labels)
    team = funnel.one_team(m, MONTHS)
    return fan.assign(
        merchant=merchant, both_losing_share=team["losing_share"], paid_margin_cny=team["paid_margin_cny"]
    )


def _fan_chart(frame: pd.DataFrame, *, live: bool = False) -> alt.LayerChart:
    """The fan of leads with each source's losing months written on it.

    ``live``: every layer draws ``frame`` itself, so that a slider move only swaps its rows
    (`charts.with_rows`). Otherwise (the site's grid) the labels get a small dataset of their
    own, since a label on every grid row would weigh on the page.
    """
    data = frame if live else frame.drop(columns="label")
    fan = charts.fan(
        data,
        "month",
        "source",
        title=_(FAN_TITLE),
        x_title=_("month"),
        y_title=_("leads a month (5-95% and 25-75% bands, median)"),
        description=_(FAN_TITLE),
    )
    first = frame[frame["month"] == 1]
    # on a phone (plot about 270 px) "free sharing 免费传播: 60% of months lose money" fits only at 10 px
    text = {"align": "left", "baseline": "top", "fontSize": {"expr": "width < 400 ? 10 : 13"}, "fontWeight": "bold"}
    # each label on a white halo, so that the grid lines and the bands it crosses do not strike it through
    looks = ({"stroke": "white", "strokeWidth": 4, "strokeJoin": "round"}, {"color": "#222222"})
    labels = [
        (charts.rows_where(frame, month=1, source=name) if live else alt.Chart(first[first["source"] == name]))
        .mark_text(**text, **look)
        .encode(x=alt.value(8), y=alt.value(6 + 18 * row), text=alt.Text("label", type="nominal"))
        for row, name in enumerate(SOURCES)
        for look in looks
    ]
    return alt.layer(fan, *labels).properties(description=FAN_TITLE)


def _live_fan_chart(frame: pd.DataFrame) -> alt.LayerChart:
    return _fan_chart(frame, live=True)


def fan_summary(frame: pd.DataFrame) -> str:
    """The traffic panel's summary: each source's losing months and mean profit, and the paid auction."""
    stats = frame.drop_duplicates("source").set_index("source")
    paid, viral, row = stats.loc[traffic.PAID], stats.loc[traffic.VIRAL], frame.iloc[0]
    if row["no_slot_share"] >= 1:
        auction = _("it wins no slot in any month")
    else:
        auction = _("it wins the top slot in {share:.0%} of months").format(share=Share(row["top_slot_share"]))
        if row["no_slot_share"] > 0:
            auction += _(" and no slot in {share:.0%}").format(share=Share(row["no_slot_share"]))
        auction += _(", at {price:.2f} CNY a click on average").format(price=row["price_per_click_cny"])
    # a month stops buying at its budget (`traffic.simulate_leads`), so the mean spend is within it
    spend = _("for {spend:,.0f} CNY of its {budget:,.0f} CNY budget").format(
        spend=row["ad_spend_cny"], budget=row["paid_budget_cny"]
    )
    return _(
        "Paid traffic loses money in <b>{paid_losing:.0%}</b> of months (mean <b>{paid_mean:,.0f} CNY</b> a month); "
        "free sharing in <b>{viral_losing:.0%}</b> (expected <b>{viral_mean:,.0f} CNY</b>). A lead is worth "
        "{lead:.2f} CNY to {whom}: {auction}. It buys {clicks:,.0f} clicks a month {spend}."
        " One team working both sources: the clicks add <b>{margin:,.0f} CNY</b> a month "
        "on top of free sharing, and the two together lose money in <b>{both:.0%}</b> of months."
    ).format(
        margin=row["paid_margin_cny"],
        both=Share(row["both_losing_share"]),
        paid_losing=Share(paid["losing_share"]),
        paid_mean=paid["mean_profit_cny"],
        viral_losing=Share(viral["losing_share"]),
        viral_mean=viral["mean_profit_cny"],
        lead=row["lead_value_cny"],
        whom=_(NAMES[row["merchant"]]),
        auction=auction,
        clicks=row["paid_clicks"],
        spend=spend,
    )


TRAFFIC = Panel(
    title="Stable traffic? Paid clicks against free sharing, for a merchant with a costly team",
    chart_title=FAN_TITLE,
    levers=(
        Lever("merchant", options=BIG_TICKET),
        Lever("paid_budget_cny", grid=(0, 60000, 6000)),
        Lever("viral_mean_leads"),
        Lever("trust", low=0.05, grid=(0.25, 0.75, 0.05)),
        Lever("h5_share", grid=(0.0, 1.0, 0.25)),
        Lever("rival_bidders"),
        Lever("rival_value_high_cny"),
        Lever("paid_volatility"),
        Lever("h5_split_month"),
    ),
    compute=lead_fan,
    chart=_live_fan_chart,
    summary=fan_summary,
    start="furniture",
    presets=BIG_TICKET,
    structure=lambda frame: sorted(set(frame["source"])),
    site_chart_of=_fan_chart,
    site_columns=("month", "source", *traffic.QUANTILES, "label"),
    for_whom="the furniture showroom",
)


def traffic_panel() -> ModelPanel:
    """Leg 3's main panel: the spread of monthly leads from each source, and how often each loses money."""
    return TRAFFIC.widget()


fan_site_chart = TRAFFIC.site_chart


def h5_table(merchant: str = "furniture", shares: tuple[float, ...] = H5_SHARES) -> Shown:
    """The paid source at each H5 share (`funnel.lead_months`): volume, clicks, spend, profit; shares shown as
    percentages, clicks as whole clicks, CNY in whole yuan (`Shown`)."""
    m = scenarios.merchant(merchant)
    rows = []
    for share in shares:
        months = funnel.lead_months(m.replace(h5_share=share), MONTHS)
        paid = months[months["source"] == traffic.PAID]
        rows.append(
            {
                N_("sent to H5 pages"): share,
                N_("top slot's clicks to official accounts"): m.click_volume * (1 - share),
                N_("paid clicks bought (mean a month)"): paid["leads"].mean(),
                N_("ad spend (mean CNY a month)"): paid["spend_cny"].mean(),
                N_("profit (mean CNY a month)"): paid["profit_cny"].mean(),
                N_("losing months"): (paid["profit_cny"] < 0).mean(),
            }
        )
    return Shown(pd.DataFrame(rows).set_index("sent to H5 pages").round(2), formats=H5_FORMS)


H5_FORMS = {
    "sent to H5 pages": SHARE,
    "top slot's clicks to official accounts": COUNT,
    "paid clicks bought (mean a month)": COUNT,
    "ad spend (mean CNY a month)": MONEY,
    "profit (mean CNY a month)": MONEY,
    "losing months": SHARE,
}
"""How `h5_table` writes each column."""
