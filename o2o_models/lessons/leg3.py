"""Lesson 03, leg 3: stable, large paid traffic (稳定并且庞大的流量) for big-ticket merchants, and bidding for rank.

The lesson follows one big-ticket merchant's leads through `o2o_models.funnel.lead_months`:
paid clicks bought in a ranked auction (`o2o_models.traffic`, priced by
`o2o_models.auctions.slot_and_price`) against free leads from sharing, each on its own
random stream. Then it opens the auction: GSP at truthful bids, VCG, and GSP's lowest
envy-free equilibrium, side by side. Each step has a panel, declared once
(`o2o_models.interactive.panels.Panel`: its levers by name, the model call, the chart, the
summary, the presets), which makes the notebook's widget and the site's chart; then the
exercises' self-checks (`WORKBOOK`).

The module runs past the house length of about 300 lines: it keeps, in the order the
notebook meets them, each panel's model call, chart and summary beside its declaration,
the lesson's tables, and the Workbook, so that one file holds everything the notebook calls.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import numpy as np
import pandas as pd

from .. import auctions, funnel, scenarios, traffic
from ..interactive import charts
from ..interactive.panels import Lever, Panel, site_charts, unfinished
from ..interactive.text import _
from ..interactive.widgets import ModelPanel
from .common import source, words
from .exercises import Choice, Function, Number, Workbook

__all__ = [
    "traffic_panel",
    "h5_table",
    "worked_auction",
    "who_keeps_its_bid",
    "auction_panel",
    "glossary",
    "check",
    "hint",
    "solution",
    "source",
]

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


def __dir__() -> list[str]:
    return __all__


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


# Exercises ------------------------------------------------------------------------------------------


def _furniture() -> object:
    return scenarios.merchant("furniture")


EX1_PRICE = 5.0
"""The price per click exercises 1 and 3 take as given, CNY."""


def _paid_month(
    price: float = EX1_PRICE, h5_split: bool = True, whole_budget: bool = False, with_spend: bool = True
) -> float:
    """A paid month's expected profit at a given price (exercise 1), and the known mistakes' versions."""
    m = _furniture()
    volume = m.click_volume * (1 - m.h5_share) if h5_split else m.click_volume
    clicks = float(traffic.paid_clicks(m.paid_budget_cny, price, volume))
    spend = m.paid_budget_cny if whole_budget else price * clicks
    return float(traffic.monthly_profit(clicks, m.lead_value, m.team_cost_cny, spend if with_spend else 0.0))


def _breakeven_h5(price: float = EX1_PRICE, with_spend: bool = True) -> float:
    """The H5 share at which the slot's volume, bought at ``price``, just pays the team (exercise 3)."""
    m = _furniture()
    margin = m.lead_value - (price if with_spend else 0.0)
    return 1 - m.team_cost_cny / (m.click_volume * margin)


EX4_VALUES = (8.0, 5.0, 3.0, 1.0)
EX4_CTRS = (0.2, 0.1)


def _lead_months() -> pd.DataFrame:
    return funnel.lead_months(_furniture())


def _share_viral_below(threshold: float = -20000, source_name: str | None = traffic.VIRAL) -> float:
    months = _lead_months()
    if source_name is not None:
        months = months[months["source"] == source_name]
    return float((months["profit_cny"] < threshold).mean())


def _worst_month(source_name: str | None = traffic.PAID) -> float:
    months = _lead_months()
    if source_name is not None:
        months = months[months["source"] == source_name]
    return float(months["profit_cny"].min())


def _equilibrium_bids_by_hand(values: list[float], ctrs: list[float]) -> list[float]:
    """The worked solution of exercise 6, as a student would write it."""
    alpha = list(ctrs) + [0.0] * len(values)
    bids = list(values) + [0.0]
    for k in range(min(len(ctrs), len(values) - 1), 0, -1):
        bids[k] = ((alpha[k - 1] - alpha[k]) * values[k] + alpha[k] * bids[k + 1]) / alpha[k - 1]
    return bids[: len(values)]


def _working_paid_month() -> str:
    m, p = _furniture(), EX1_PRICE
    volume = m.click_volume * (1 - m.h5_share)
    clicks = float(traffic.paid_clicks(m.paid_budget_cny, p, volume))
    return (
        f"The budget would buy {m.paid_budget_cny:,.0f} / {p:g} = {m.paid_budget_cny / p:,.0f} clicks, but after "
        f"the H5 split the slot delivers only {m.click_volume:,.0f} x (1 - {m.h5_share:g}) = {volume:,.0f}: "
        f"C = {clicks:,.0f}. They cost {clicks:,.0f} x {p:g} = {clicks * p:,.0f} CNY. So by (2) "
        f"π = {clicks:,.0f} x {m.lead_value:g} - {m.team_cost_cny:,.0f} - {clicks * p:,.0f} = "
        f"**{_paid_month():,.0f} CNY** a month. Without the split the same budget would have bought "
        f"{float(traffic.paid_clicks(m.paid_budget_cny, p, m.click_volume)):,.0f} clicks."
    )


def _working_breakeven_h5() -> str:
    m, p = _furniture(), EX1_PRICE
    margin = m.lead_value - p
    needed = m.team_cost_cny / margin
    return (
        f"Each click earns {m.lead_value:g} - {p:g} = {margin:g} CNY after its price. The team needs "
        f"{m.team_cost_cny:,.0f} / {margin:g} ≈ {needed:,.0f} clicks a month, which is {needed:,.0f} / "
        f"{m.click_volume:,.0f} ≈ {needed / m.click_volume:.2f} of the slot's clicks. So "
        f"h* = 1 - {m.team_cost_cny:,.0f} / ({m.click_volume:,.0f} x {margin:g}), about "
        f"**{_breakeven_h5():.2f}**: just above the half that the article reports. The H5 split left paid "
        "traffic barely paying its way."
    )


def _working_equilibrium_price() -> str:
    (a1, a2), (_, v2, v3, _) = EX4_CTRS, EX4_VALUES
    price = float(auctions.gsp_equilibrium_prices(EX4_VALUES, EX4_CTRS)[0])
    return (
        f"By (6) with values {', '.join(f'{v:g}' for v in EX4_VALUES)}: p₁ = [({a1:g} - {a2:g}) x {v2:g} + "
        f"({a2:g} - 0) x {v3:g}] / {a1:g} = {price * a1:g} / {a1:g} = **{price:.2f} CNY** a click. The second "
        f"advertiser bids exactly that (equation 7), below its value of {v2:g}: at truthful bids the top slot "
        f"would pay {v2:g}."
    )


WORKBOOK = Workbook(
    "03_leg3_stable_traffic",
    {
        1: Number(
            key="paid-month-profit",
            unit="CNY a month",
            places=0,
            expected=_paid_month,
            mistakes={
                "H5 split forgotten": (
                    lambda: _paid_month(h5_split=False),
                    "the H5 split is forgotten. Half of the "
                    "slot's clicks go to H5 pages, so the slot delivers only half of them to the "
                    "official account: equation (3).",
                ),
                "whole budget spent": (
                    lambda: _paid_month(whole_budget=True),
                    "the whole budget is spent. The merchant pays only for the clicks it gets: price x clicks.",
                ),
                "ad spend left out": (
                    lambda: _paid_month(with_spend=False),
                    "the ad spend is left out: the clicks are paid for, A = p x C in equation (2).",
                ),
            },
            hint="First the clicks, equation (3): the smaller of budget / price and the slot's clicks after the "
            "H5 split. Then equation (2): leads x lead value - team - ad spend.",
            working=lambda: _working_paid_month(),
        ),
        2: Choice(
            key="viral-band-and-budget",
            expected="a",
            explanations={
                "a": "Right: each source draws from its own random stream, so the free leads of every month and "
                "path are the same numbers whatever the paid budget: only the paid band moves.",
                "b": "Not so: the model spawns separate random streams for the auction, the paid clicks and the free "
                "leads, so a paid setting never redraws the free leads.",
                "c": "No: the free leads do not depend on the paid budget at all; spending less changes only the "
                "paid clicks.",
            },
            hint="Which random numbers does the paid budget touch? `traffic.simulate_leads` says how its streams "
            "are made.",
            working=lambda: "**(a)**: the viral band stays exactly where it was (common random numbers).",
        ),
        3: Number(
            key="breakeven-h5-share",
            unit="fraction of the slot's clicks",
            places=2,
            expected=_breakeven_h5,
            mistakes={
                "ad spend left out": (
                    lambda: _breakeven_h5(with_spend=False),
                    "the ad spend is left out. Each click earns the lead value less its price: w - p per click.",
                )
            },
            hint="With the budget large enough, the month earns Q (1 - h)(w - p) - T. Set it to zero and solve for h.",
            working=lambda: _working_breakeven_h5(),
        ),
        4: Number(
            key="gsp-truthful-top-price",
            unit="CNY per click",
            places=2,
            expected=lambda: float(auctions.gsp_prices(EX4_VALUES, EX4_CTRS)[0]),
            mistakes={
                "own bid": (
                    lambda: EX4_VALUES[0],
                    "the winner pays its own bid. Under GSP the winner of a slot pays the next bid down.",
                ),
                "VCG price": (
                    lambda: float(auctions.vcg_prices(EX4_VALUES, EX4_CTRS)[0]),
                    "VCG is used. The question asks what GSP charges at these bids.",
                ),
            },
            hint="Equation (5): rank the bids; the top slot pays the second-highest bid.",
            working=lambda: (
                f"The bids ranked: {', '.join(f'{v:g}' for v in EX4_VALUES)}. Slot 1 pays the next bid "
                f"down, **{float(auctions.gsp_prices(EX4_VALUES, EX4_CTRS)[0]):.2f} CNY** a click (and slot 2 "
                f"pays {float(auctions.gsp_prices(EX4_VALUES, EX4_CTRS)[1]):g} CNY). The bid of "
                f"{EX4_VALUES[-1]:g} CNY plays no part: with two slots only the first loser's bid sets a "
                "price."
            ),
        ),
        5: Number(
            key="gsp-equilibrium-top-price",
            unit="CNY per click",
            places=2,
            expected=lambda: float(auctions.gsp_equilibrium_prices(EX4_VALUES, EX4_CTRS)[0]),
            mistakes={
                "truthful bids": (
                    lambda: float(auctions.gsp_prices(EX4_VALUES, EX4_CTRS)[0]),
                    "advertisers bid their values. In equilibrium the second advertiser shades its bid: equation (7).",
                ),
                "own bid": (
                    lambda: EX4_VALUES[0],
                    "the winner pays its own bid. Under GSP it pays the next bid down.",
                ),
                "lower term left out": (
                    lambda: (EX4_CTRS[0] - EX4_CTRS[1]) * EX4_VALUES[1] / EX4_CTRS[0],
                    "only the clicks taken from the second advertiser are counted. The top slot "
                    "also pushes the third advertiser out of slot 2: equation (6) sums over "
                    "every advertiser below.",
                ),
                "not per click": (
                    lambda: EX4_CTRS[0] * float(auctions.vcg_prices(EX4_VALUES, EX4_CTRS)[0]),
                    "the payment per impression is given, not per click: divide by the slot's clicks, 0.2.",
                ),
            },
            hint="In the lowest equilibrium the top slot pays its VCG price, equation (6): the clicks it takes from "
            "each advertiser below, at their values, divided by its own clicks.",
            working=lambda: _working_equilibrium_price(),
        ),
        6: Function(
            key="equilibrium-bid-rule",
            reference=auctions.gsp_equilibrium_bids,
            cases=[
                {"values": [10.0, 4.0, 2.0], "ctrs": [200.0, 199.0]},
                {"values": [8.0, 5.0, 3.0, 1.0], "ctrs": [0.2, 0.1]},
                {"values": [9.0, 6.0], "ctrs": [0.1, 0.06, 0.04]},
                {"values": [5.0], "ctrs": [0.1, 0.06]},
                {"values": [7.0, 7.0, 3.0, 2.5, 1.0], "ctrs": [0.3, 0.1, 0.05]},
            ],
            hint="Work from the bottom up with equation (7): the advertiser ranked k + 1 bids "
            "[(α_k - α_(k+1)) v_(k+1) + α_(k+1) b_(k+2)] / α_k, with α = 0 below the last slot and b = 0 below "
            "the last advertiser. The top advertiser, and those who win no slot, bid their values.",
            working=lambda: (
                "```python\ndef equilibrium_bids(values, ctrs):\n"
                "    alpha = list(ctrs) + [0.0] * len(values)   # no clicks below the last slot\n"
                "    bids = list(values) + [0.0]                 # no bid below the last advertiser\n"
                "    for k in range(min(len(ctrs), len(values) - 1), 0, -1):   # from the bottom up\n"
                "        bids[k] = ((alpha[k - 1] - alpha[k]) * values[k] + alpha[k] * bids[k + 1]) "
                "/ alpha[k - 1]\n"
                "    return bids[:len(values)]\n```\n"
                "Python counts from 0, so `bids[k]` is the bid of the advertiser in slot k + 1, which "
                "is the price of slot k. Under GSP these bids charge every slot its VCG price, so in the "
                "panel your line lies on the VCG line and the two are drawn as one."
            ),
        ),
        7: Number(
            key="viral-months-losing-20000",
            unit="fraction of months",
            places=2,
            expected=_share_viral_below,
            mistakes={
                "any loss": (
                    lambda: _share_viral_below(0),
                    "every losing month is counted. The question asks for "
                    "months that lose more than 20,000 CNY: profit below -20,000.",
                ),
                "both sources": (
                    lambda: _share_viral_below(source_name=None),
                    "the paid months are counted too. Keep only the rows whose source is free sharing.",
                ),
            },
            hint="Keep the rows of free sharing (`months['source'] == traffic.VIRAL`), then take the mean of "
            "`profit_cny < -20000`: the mean of True/False values is a share.",
            working=lambda: (
                "```python\nviral = months[months['source'] == traffic.VIRAL]\n"
                "answer = (viral['profit_cny'] < -20000).mean()\n```\n"
                f"About **{_share_viral_below():.2f}**: in that share of months the free leads pay for "
                "less than two thirds of the team."
            ),
        ),
        8: Number(
            key="worst-paid-month",
            unit="CNY",
            places=-2,
            expected=_worst_month,
            mistakes={
                "both sources": (
                    lambda: _worst_month(None),
                    "the worst month of either source is taken. Keep only the rows of paid traffic.",
                )
            },
            hint="Keep the rows of paid traffic, then take the minimum of `profit_cny`.",
            working=lambda: (
                "```python\nanswer = months.loc[months['source'] == traffic.PAID, 'profit_cny'].min()\n```\n"
                f"About **{_worst_month():,.0f} CNY**: in the worst of its {MONTHS} x 500 simulated months "
                "paid traffic still pays the team, while free sharing's worst month loses "
                f"{-_worst_month(traffic.VIRAL):,.0f} CNY."
            ),
        ),
    },
)

check, hint, solution = WORKBOOK.check, WORKBOOK.hint, WORKBOOK.solution
