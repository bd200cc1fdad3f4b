"""Lesson 03's panels: each declaration (`o2o_models.interactive.panels.Panel`) beside the model call,
chart and summary it names, and the lesson's tables.

The module runs past the house length of about 300 lines: it keeps, in the order the notebook
meets them, each panel's model call, chart and summary beside its declaration.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import numpy as np
import pandas as pd

from ... import auctions, funnel, scenarios, traffic
from ...interactive import charts
from ...interactive.panels import Lever, Panel, site_charts, unfinished
from ...interactive.text import _
from ...interactive.widgets import ModelPanel
from ..common import words

BIG_TICKET = ("furniture", "renovation")
NAMES = {"furniture": "the furniture showroom", "renovation": "the renovation firm"}
MONTHS = funnel.HORIZON
SOURCES = (traffic.PAID, traffic.VIRAL)
CTRS = traffic.SLOT_CTRS
"""Clicks per impression of the three ranked slots: the slots the merchant bids for in `traffic`."""
AUCTION_DRAWS = 200
"""Simulated auctions per number of advertisers in the auction panel."""
YOUR_DRAWS = 50
"""Auctions per number of advertisers when the panel also runs a student's bid rule, once per auction."""
EXAMPLE_VALUES = (10.0, 4.0, 2.0)
EXAMPLE_CLICKS = (200.0, 199.0)
"""Edelman, Ostrovsky and Schwarz's (2007) example: three advertisers, two slots, clicks an hour."""
ADVERTISERS = ("A", "B", "C", "D", "E", "F")
H5_SHARES = (0.0, 0.25, 0.5, 0.6, 0.75, 1.0)
"""The H5 shares compared in `h5_table`."""
TERMS = (
    "大宗产品",
    "流量",
    "付费流量",
    "免费传播",
    "广点通",
    "微信大号",
    "H5网站",
    "公众账号",
    "信任背书",
    "信任",
    "亏损月份",
    "竞价排名",
    "点击单价",
    "广义第二价格拍卖",
    "VCG机制",
    "均衡",
    "去中心化",
    "中心化",
    "ROI",
)
"""The glossary terms this lesson uses."""


def glossary() -> pd.io.formats.style.Styler:
    """The glossary entries of the terms this lesson uses."""
    return words(TERMS)


# Step 1-3: paid traffic against free sharing --------------------------------------------------------

FAN_TITLE = "Monthly leads: paid traffic 付费流量 against free sharing 免费传播"


def lead_fan(
    paid_budget_cny: float,
    viral_mean_leads: float,
    trust: float,
    h5_share: float,
    rival_bidders: float,
    rival_value_high_cny: float,
    merchant: str = "furniture",
) -> pd.DataFrame:
    """Quantiles of monthly leads by source, with each source's risk: `funnel.lead_fan` of the merchant.

    Besides the fan (``month``, ``source``, ``p05`` ... ``p95``, leads a month, rounded to
    whole leads) every row carries its source's ``losing_share`` and ``mean_profit_cny``
    (`funnel.lead_risk`; free sharing's mean is its exact expectation, `funnel.viral_gain`,
    as in the synthesis) and a ``label`` saying the first; and, for the whole panel, the
    lead's value and the paid auction's outcome: ``lead_value_cny``, ``top_slot_share``,
    ``no_slot_share``, ``price_per_click_cny`` (mean over the months a slot is won),
    ``paid_clicks`` and ``ad_spend_cny`` (means a month) and ``paid_budget_cny``.
    """
    m = scenarios.merchant(merchant).replace(
        paid_budget_cny=paid_budget_cny,
        viral_mean_leads=viral_mean_leads,
        trust=trust,
        h5_share=h5_share,
        rival_bidders=int(rival_bidders),
        rival_value_high_cny=rival_value_high_cny,
    )
    fan = funnel.lead_fan(m, MONTHS)
    fan[list(traffic.QUANTILES)] = fan[list(traffic.QUANTILES)].to_numpy().round()
    losing = _("{source}: {share:.0%} of months lose money")
    labels = [losing.format(source=name, share=share) for name, share in zip(fan["source"], fan["losing_share"])]
    fan.insert(fan.columns.get_loc("lead_value_cny"), "label", labels)
    return fan.assign(merchant=merchant)


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
    labels = [
        (charts.rows_where(frame, month=1, source=name) if live else alt.Chart(first[first["source"] == name]))
        .mark_text(align="left", baseline="top", fontSize=13, fontWeight="bold", color="#222222")
        .encode(x=alt.value(8), y=alt.value(6 + 18 * row), text=alt.Text("label", type="nominal"))
        for row, name in enumerate(SOURCES)
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
        auction = _("it wins the top slot in {share:.0%} of months").format(share=row["top_slot_share"])
        if row["no_slot_share"] > 0:
            auction += _(" and no slot in {share:.0%}").format(share=row["no_slot_share"])
        auction += _(", at {price:.2f} CNY a click on average").format(price=row["price_per_click_cny"])
    return _(
        "Paid traffic loses money in <b>{paid_losing:.0%}</b> of months (mean <b>{paid_mean:,.0f} CNY</b> a month); "
        "free sharing in <b>{viral_losing:.0%}</b> (mean <b>{viral_mean:,.0f} CNY</b>). A lead is worth "
        "{lead:.2f} CNY to {whom}: {auction}. It buys {clicks:,.0f} clicks a month for {spend:,.0f} CNY of its "
        "{budget:,.0f} CNY budget."
    ).format(
        paid_losing=paid["losing_share"],
        paid_mean=paid["mean_profit_cny"],
        viral_losing=viral["losing_share"],
        viral_mean=viral["mean_profit_cny"],
        lead=row["lead_value_cny"],
        whom=_(NAMES[row["merchant"]]),
        auction=auction,
        clicks=row["paid_clicks"],
        spend=row["ad_spend_cny"],
        budget=row["paid_budget_cny"],
    )


TRAFFIC = Panel(
    title="Stable traffic? Paid clicks against free sharing, for a merchant with a costly team",
    chart_title=FAN_TITLE,
    levers=(
        Lever("merchant", options=BIG_TICKET),
        Lever("paid_budget_cny", grid=(10000, 40000, 10000)),
        Lever("viral_mean_leads"),
        Lever("trust", low=0.05, grid=(0.3, 0.7, 0.2)),
        Lever("h5_share", grid=(0.0, 1.0, 0.25)),
        Lever("rival_bidders"),
        Lever("rival_value_high_cny"),
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


def h5_table(merchant: str = "furniture", shares: tuple[float, ...] = H5_SHARES) -> pd.DataFrame:
    """The paid source at each H5 share (`funnel.lead_months`): volume, clicks, spend, profit."""
    m = scenarios.merchant(merchant)
    rows = []
    for share in shares:
        months = funnel.lead_months(m.replace(h5_share=share), MONTHS)
        paid = months[months["source"] == traffic.PAID]
        rows.append(
            {
                "sent to H5 pages": share,
                "top slot's clicks to official accounts": m.click_volume * (1 - share),
                "paid clicks bought (mean a month)": paid["leads"].mean(),
                "ad spend (mean CNY a month)": paid["spend_cny"].mean(),
                "profit (mean CNY a month)": paid["profit_cny"].mean(),
                "losing months": (paid["profit_cny"] < 0).mean(),
            }
        )
    return pd.DataFrame(rows).set_index("sent to H5 pages").round(2)


# Step 4: bidding for rank ------------------------------------------------------------------------------


def worked_auction(
    values: tuple[float, ...] = EXAMPLE_VALUES, clicks: tuple[float, ...] = EXAMPLE_CLICKS
) -> pd.DataFrame:
    """Each advertiser's slot, bids and price per click under GSP at truthful bids, GSP in equilibrium and VCG.

    ``values`` are listed from highest to lowest; ``clicks`` are each slot's clicks an
    hour. The last row is the platform's revenue an hour under each rule (`auctions.revenue`).
    """
    ranked = np.asarray(values, dtype=float)
    slots = min(len(clicks), len(ranked))
    truthful = auctions.gsp_prices(ranked, clicks)
    equilibrium_bids = auctions.gsp_equilibrium_bids(ranked, clicks)
    equilibrium = auctions.gsp_equilibrium_prices(ranked, clicks)
    vcg = auctions.vcg_prices(ranked, clicks)

    def by_slot(prices: np.ndarray) -> list[object]:
        return [round(float(p), 4) for p in prices] + ["-"] * (len(ranked) - slots)

    table = pd.DataFrame(
        {
            "value per click (CNY)": ranked,
            "slot": [str(k) for k in range(1, slots + 1)] + ["none"] * (len(ranked) - slots),
            "clicks an hour": [clicks[k] for k in range(slots)] + [0.0] * (len(ranked) - slots),
            "truthful bid (CNY)": ranked,
            "GSP price at truthful bids (CNY)": by_slot(truthful),
            "equilibrium bid (CNY)": equilibrium_bids.round(4),
            "GSP price at equilibrium bids (CNY)": by_slot(equilibrium),
            "VCG price (CNY)": by_slot(vcg),
        },
        index=pd.Index(ADVERTISERS[: len(ranked)], name="advertiser"),
    ).astype(object)
    table.loc["revenue (CNY an hour)"] = [
        "",
        "",
        "",
        "",
        auctions.revenue(truthful, clicks),
        "",
        auctions.revenue(equilibrium, clicks),
        auctions.revenue(vcg, clicks),
    ]
    return table


def _surplus_by_slot(value: float, others: np.ndarray, clicks: np.ndarray) -> np.ndarray:
    """An advertiser's surplus an hour in each slot, the others' bids fixed: to sit in slot j it bids just
    above the j-th highest other bid, and under GSP pays that bid (0 when no one bids below it)."""
    ranked = -np.sort(-others)
    below = np.concatenate([ranked, np.zeros(len(clicks))])[: len(clicks)]
    return clicks * (value - below)


def who_keeps_its_bid(
    values: tuple[float, ...] = EXAMPLE_VALUES, clicks: tuple[float, ...] = EXAMPLE_CLICKS
) -> pd.DataFrame:
    """For truthful and for equilibrium bids under GSP: each advertiser's surplus, and its best other slot.

    An advertiser keeps its bid when no other slot (nor no slot, surplus 0), with the
    others' bids unchanged, gives it more. Surplus is CNY an hour: clicks x (value - price).
    """
    worth, rates = np.asarray(values, dtype=float), np.asarray(clicks, dtype=float)
    rows = []
    for profile, bids in (("truthful", worth), ("equilibrium", auctions.gsp_equilibrium_bids(worth, rates))):
        order = np.argsort(-bids, kind="stable")
        for advertiser in range(len(worth)):
            rank = int(np.flatnonzero(order == advertiser)[0])
            surplus = _surplus_by_slot(worth[advertiser], np.delete(bids, advertiser), rates)
            here = float(surplus[rank]) if rank < len(rates) else 0.0
            options = {f"slot {k + 1}": float(s) for k, s in enumerate(surplus) if k != rank}
            if rank < len(rates):
                options["no slot"] = 0.0
            best = max(options, key=options.get)
            rows.append(
                {
                    "bids": profile,
                    "advertiser": ADVERTISERS[advertiser],
                    "slot": f"slot {rank + 1}" if rank < len(rates) else "no slot",
                    "surplus there (CNY an hour)": here,
                    "best other choice": best,
                    "surplus there if it moves": options[best],
                    "keeps its bid": "yes" if here >= options[best] - 1e-9 else "no",
                }
            )
    return pd.DataFrame(rows).set_index(["bids", "advertiser"]).round(2)


AUCTION_TITLE = "Bidding for rank 竞价排名: price per click as more advertisers bid"
TRUTHFUL, EQUILIBRIUM = auctions.GSP_TRUTHFUL, auctions.VCG
YOURS = "your bids under GSP"
RULE_STYLES = {
    TRUTHFUL: (charts.OKABE_ITO["blue"], charts.DASHES[0]),
    EQUILIBRIUM: (charts.OKABE_ITO["orange"], charts.DASHES[1]),
    f"{TRUTHFUL} = {EQUILIBRIUM}": (charts.OKABE_ITO["green"], charts.DASHES[2]),
    YOURS: (charts.OKABE_ITO["vermillion"], charts.DASHES[3]),
    f"{EQUILIBRIUM} = {YOURS}": (charts.OKABE_ITO["purple"], charts.DASHES[4]),
}
"""Each pricing rule of the auction chart, alone or shared by rules that charge the same: colour and dash."""


def _ranked_values(value_low: float, value_high: float, max_bidders: int, n_draws: int) -> dict[int, np.ndarray]:
    """Values per click in each simulated auction, ranked high to low: the draws `auctions.prices_by_bidders`
    makes with the same seed, so a student's rule is tried on the very auctions the built-in lines average."""
    rng = np.random.default_rng(funnel.SEED)
    return {
        n: -np.sort(-rng.uniform(value_low, value_high, size=(n_draws, n)), axis=1) for n in range(1, max_bidders + 1)
    }


def _your_prices(
    your_bids: Callable[..., object], value_low: float, value_high: float, max_bidders: int
) -> pd.DataFrame:
    """Mean GSP price per click by slot when every advertiser bids by ``your_bids`` (values ranked high to low)."""
    frames = []
    for bidders, auctions_run in _ranked_values(value_low, value_high, max_bidders, YOUR_DRAWS).items():
        prices = np.zeros((len(auctions_run), len(CTRS)))
        for row, ranked in enumerate(auctions_run):
            bids = your_bids(values=ranked.tolist(), ctrs=list(CTRS))
            if bids is None or bids is Ellipsis:
                raise ValueError("it returns nothing: finish its body (replace the `...`) and `return` the bids")
            if np.ndim(bids) != 1 or len(bids) != bidders:
                raise ValueError(
                    f"for {bidders} advertisers it returns {np.size(bids)} bid(s); give one per advertiser"
                )
            charged = auctions.gsp_prices(bids, CTRS)
            prices[row, : len(charged)] = charged
        frames.append(
            pd.DataFrame(
                {
                    "bidders": bidders,
                    "slot": np.arange(1, len(CTRS) + 1),
                    "mechanism": YOURS,
                    "price_per_click_cny": prices.mean(axis=0),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _one_line_per_price(frame: pd.DataFrame) -> pd.DataFrame:
    """One line per slot and price path: rules whose prices agree in every auction size share one line, whose
    ``rule`` names all of them, so no line hides under another. ``slot_name`` names the slot and its clicks."""
    bidders, slots = np.unique(frame["bidders"]), np.unique(frame["slot"])
    prices = {}  # rule -> price per click by slot (rows) and number of bidders (columns)
    for rule in (TRUTHFUL, EQUILIBRIUM, YOURS):
        part = frame[frame["mechanism"] == rule]
        if not part.empty:
            grid = np.full((len(slots), len(bidders)), np.nan)
            grid[np.searchsorted(slots, part["slot"]), np.searchsorted(bidders, part["bidders"])] = part[
                "price_per_click_cny"
            ]
            prices[rule] = grid
    columns: dict[str, list] = {
        "bidders": [],
        "slot": [],
        "slot_name": [],
        "rule": [],
        "price_per_click_cny": [],
    }
    for row, slot in enumerate(slots):
        groups: list[list[str]] = []
        for rule, grid in prices.items():
            same = next((g for g in groups if np.allclose(prices[g[0]][row], grid[row], rtol=0, atol=1e-9)), None)
            if same is None:
                groups.append([rule])
            else:
                same.append(rule)
        for group in groups:
            columns["bidders"] += bidders.tolist()
            columns["slot"] += [int(slot)] * len(bidders)
            columns["slot_name"] += [f"slot {slot}: {CTRS[slot - 1]:.2f} clicks per impression"] * len(bidders)
            columns["rule"] += [" = ".join(group)] * len(bidders)
            columns["price_per_click_cny"] += prices[group[0]][row].tolist()
    return pd.DataFrame(columns)


def auction_prices(
    value_low: float, value_high: float, max_bidders: float, your_bids: Callable[..., object] | None = None
) -> pd.DataFrame:
    """Mean price per click by number of advertisers and slot (`auctions.prices_by_bidders`), one line per price.

    Without ``your_bids``: GSP at truthful bids, and VCG (= GSP in its lowest envy-free
    equilibrium). With it: VCG beside GSP at the student's equilibrium bids, on the same
    auctions; a rule that fails or returns the wrong number of bids is left out and
    ``note`` says why. ``revenue_*`` columns: the platform's revenue per 1,000 impressions
    at the most advertisers (`auctions.revenue`).
    """
    most = int(max_bidders)
    draws = AUCTION_DRAWS if your_bids is None else YOUR_DRAWS
    built = auctions.prices_by_bidders(
        max_bidders=most, ctrs=CTRS, value_low=value_low, value_high=value_high, n_draws=draws, seed=funnel.SEED
    )
    note = ""
    if your_bids is not None:
        built = built[built["mechanism"] == EQUILIBRIUM]
        try:
            built = pd.concat([built, _your_prices(your_bids, value_low, value_high, most)], ignore_index=True)
        except Exception as error:  # noqa: BLE001 - a student's unfinished model is reported, not raised
            note = unfinished(error, "Your bid rule")
    at_most = built[built["bidders"] == most].sort_values("slot")
    by_slot = {
        rule: at_most.loc[at_most["mechanism"] == rule, "price_per_click_cny"].to_numpy()
        for rule in sorted(set(at_most["mechanism"]))
    }
    revenue = {f"revenue_{rule}": 1000 * auctions.revenue(prices, CTRS) for rule, prices in by_slot.items()}
    top = {f"top_{rule}": float(prices[0]) for rule, prices in by_slot.items()}
    return _one_line_per_price(built).assign(note=note, most=most, **revenue, **top)


def auction_summary(frame: pd.DataFrame) -> str:
    """The auction panel's summary: the top slot's price and the platform's revenue under each rule shown."""
    row = frame.iloc[0]
    parts = []
    for rule in (TRUTHFUL, EQUILIBRIUM, YOURS):
        if f"revenue_{rule}" in frame.columns:
            parts.append(
                _(
                    "{rule}: top slot <b>{top:.2f} CNY</b> a click, revenue <b>{revenue:,.0f} CNY</b> "
                    "per 1,000 impressions"
                ).format(rule=rule, top=row[f"top_{rule}"], revenue=row[f"revenue_{rule}"])
            )
    return (
        _("With {most:.0f} advertisers, {parts}. {note}")
        .format(most=row["most"], parts="; ".join(parts), note=row["note"])
        .strip()
    )


def _auction_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """A line per slot and price path: rules differ by colour and dash, slots by point shape and height.

    One view, not one small chart per slot, so the chart can take the width of a page or a phone.
    Truthful GSP is drawn first: where a dashed line runs along it, both stay visible.
    """
    rules = [rule for rule in RULE_STYLES if rule in set(frame["rule"])]
    colour, dash = (alt.Scale(domain=rules, range=[RULE_STYLES[rule][k] for rule in rules]) for k in range(2))
    slots = list(dict.fromkeys(frame.sort_values("slot")["slot_name"]))
    legend = alt.Legend(orient="top", symbolStrokeWidth=2.5, symbolSize=120, labelLimit=0, columns=1)
    lines = (
        alt.Chart(frame, title=_(AUCTION_TITLE), width=charts.WIDTH, height=charts.HEIGHT)
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X("bidders", type="quantitative", title=_("advertisers bidding")),
            y=alt.Y("price_per_click_cny", type="quantitative", title=_("mean price per click (CNY)")),
            color=alt.Color("rule", type="nominal", title=None, scale=colour, legend=legend),
            strokeDash=alt.StrokeDash("rule", type="nominal", title=None, scale=dash, legend=legend),
            shape=alt.Shape(
                "slot_name",
                type="nominal",
                title=None,
                scale=charts.shape_scale(slots),
                legend=alt.Legend(orient="top", labelLimit=0, columns=1),
            ),
            detail=alt.Detail("slot_name", type="nominal"),  # a line per slot, not one zigzag per rule
            tooltip=[
                alt.Tooltip("slot_name", type="nominal", title=_("slot")),
                alt.Tooltip("rule", type="nominal", title=_("pricing rule")),
                alt.Tooltip("bidders", type="quantitative", title=_("advertisers bidding")),
                alt.Tooltip(
                    "price_per_click_cny",
                    type="quantitative",
                    title=_("mean price per click (CNY)"),
                    format=",.2f",
                ),
            ],
        )
    )
    truthful = f"datum.rule == '{TRUTHFUL}'"
    return alt.layer(lines.transform_filter(truthful), lines.transform_filter(f"!({truthful})"))


AUCTION = Panel(
    title="Bidding for rank 竞价排名: GSP and VCG",
    chart_title=AUCTION_TITLE,
    levers=(Lever("value_low"), Lever("value_high"), Lever("max_bidders")),
    compute=auction_prices,
    chart=_auction_chart,
    summary=auction_summary,
    structure=lambda frame: sorted(set(frame["rule"])),
)
AUCTION_YOURS = AUCTION.with_levers(
    Lever("value_low"),
    Lever("value_high"),
    Lever("max_bidders", high=10, start=10),
    title="Bidding for rank 竞价排名: GSP and VCG and your bid rule",
)
"""The auction panel running a student's bid rule: fewer advertisers, as each auction calls the rule."""


def auction_panel(your_bids: Callable[..., object] | None = None) -> ModelPanel:
    """Prices per click as more advertisers bid; pass ``your_bids`` to draw GSP at your equilibrium bid rule."""
    return AUCTION.widget() if your_bids is None else AUCTION_YOURS.widget(your_bids=your_bids)


DECLARED = {"traffic_panel": TRAFFIC, "auction_panel": AUCTION}
"""Each panel's declaration, by the function a notebook calls."""
PANELS = [traffic_panel, auction_panel]
SITE_CHARTS = site_charts(DECLARED)
"""The charts the site shows for these panels, with no kernel (`scripts/build_site.py`)."""
