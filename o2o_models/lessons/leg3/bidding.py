"""Lesson 03, step 4: bidding for rank, the worked auction, who keeps its bid, and the auction panel.

A little over 300 lines: the worked auction, the table of who keeps its bid and the panel read the same
draws of rival values, so they stay in one module.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import numpy as np
import pandas as pd

from ... import auctions, funnel, traffic
from ...interactive import charts
from ...interactive.panels import Lever, Panel
from ...interactive.widgets import ModelPanel
from ...interactive.yours import answer_of, unfinished
from ...text import N_, _
from ..common import Shown
from ..figures import COUNT, MONEY, PRICE

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


REVENUE = N_("revenue (CNY an hour)")
"""The last column of `worked_auction`: the platform's revenue under each rule."""


def worked_auction(
    values: tuple[float, ...] = EXAMPLE_VALUES, clicks: tuple[float, ...] = EXAMPLE_CLICKS
) -> pd.DataFrame:
    """Each advertiser's slot, bids and price per click under GSP at truthful bids, GSP in equilibrium and VCG.

    ``values`` are listed from highest to lowest; ``clicks`` are each slot's clicks an
    hour. A column an advertiser, so the table fits a cell; the last column is the platform's revenue an
    hour under each rule (`auctions.revenue`). Prices are shown to the fen (`Shown`).
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
            N_("value per click (CNY)"): ranked,
            N_("slot"): [str(k) for k in range(1, slots + 1)] + ["none"] * (len(ranked) - slots),
            N_("clicks an hour"): [clicks[k] for k in range(slots)] + [0.0] * (len(ranked) - slots),
            N_("truthful bid (CNY)"): ranked,
            N_("GSP price at truthful bids (CNY)"): by_slot(truthful),
            N_("equilibrium bid (CNY)"): equilibrium_bids.round(4),
            N_("GSP price at equilibrium bids (CNY)"): by_slot(equilibrium),
            N_("VCG price (CNY)"): by_slot(vcg),
        },
        index=pd.Index(ADVERTISERS[: len(ranked)], name="advertiser"),
    ).astype(object)
    table.loc[REVENUE] = [
        "",
        "",
        "",
        "",
        auctions.revenue(truthful, clicks),
        "",
        auctions.revenue(equilibrium, clicks),
        auctions.revenue(vcg, clicks),
    ]
    forms = dict.fromkeys(table.columns, PRICE) | {"slot": None, "clicks an hour": COUNT, REVENUE: MONEY}
    return Shown(table.T.rename_axis(index=None, columns="advertiser"), formats=forms)


def _surplus_by_slot(value: float, others: np.ndarray, clicks: np.ndarray) -> np.ndarray:
    """An advertiser's surplus an hour in each slot, the others' bids fixed: to sit in slot j it bids just
    above the j-th highest other bid, and under GSP pays that bid (0 when no one bids below it)."""
    ranked = -np.sort(-others)
    below = np.concatenate([ranked, np.zeros(len(clicks))])[: len(clicks)]
    return clicks * (value - below)


def _slot_name(rank: int) -> str:
    """The slot at 0-based ``rank`` as a table names it, in the reader's language: "slot 1", 第 1 个广告位."""
    return _("slot {number}").format(number=rank + 1)


def who_keeps_its_bid(
    values: tuple[float, ...] = EXAMPLE_VALUES, clicks: tuple[float, ...] = EXAMPLE_CLICKS
) -> pd.DataFrame:
    """For truthful and for equilibrium bids under GSP: each advertiser's surplus, and its best other slot.

    An advertiser keeps its bid when no other slot (nor no slot, surplus 0), with the
    others' bids unchanged, gives it more. Surplus is CNY an hour: clicks x (value - price).
    """
    worth, rates = np.asarray(values, dtype=float), np.asarray(clicks, dtype=float)
    rows = []
    for profile, bids in ((N_("truthful"), worth), (N_("equilibrium"), auctions.gsp_equilibrium_bids(worth, rates))):
        order = np.argsort(-bids, kind="stable")
        for advertiser in range(len(worth)):
            rank = int(np.flatnonzero(order == advertiser)[0])
            surplus = _surplus_by_slot(worth[advertiser], np.delete(bids, advertiser), rates)
            here = float(surplus[rank]) if rank < len(rates) else 0.0
            options = {_slot_name(k): float(s) for k, s in enumerate(surplus) if k != rank}
            if rank < len(rates):
                options[_("no slot")] = 0.0
            best = max(options, key=options.get)
            rows.append(
                {
                    N_("bids"): profile,
                    N_("advertiser"): ADVERTISERS[advertiser],
                    N_("slot"): _slot_name(rank) if rank < len(rates) else _("no slot"),
                    N_("surplus there (CNY an hour)"): here,
                    N_("best other choice"): best,
                    N_("surplus there if it moves"): options[best],
                    N_("keeps its bid"): N_("yes") if here >= options[best] - 1e-9 else N_("no"),
                }
            )
    surplus = ("surplus there (CNY an hour)", "surplus there if it moves")
    return Shown(pd.DataFrame(rows).set_index(["bids", "advertiser"]).round(2), formats=dict.fromkeys(surplus, PRICE))


AUCTION_TITLE = "Bidding for rank 竞价排名: price per click as more advertisers bid"
TRUTHFUL, EQUILIBRIUM = auctions.GSP_TRUTHFUL, auctions.VCG
YOURS = N_("your bids under GSP")
PARTLY = N_("your bids charge GSP's equilibrium prices in this slot only")
RULE_STYLES = {
    TRUTHFUL: (charts.OKABE_ITO["blue"], charts.DASHES[0]),
    EQUILIBRIUM: (charts.OKABE_ITO["orange"], charts.DASHES[1]),
    f"{TRUTHFUL} = {EQUILIBRIUM}": (charts.OKABE_ITO["green"], charts.DASHES[2]),
    YOURS: (charts.OKABE_ITO["vermillion"], charts.DASHES[3]),
    f"{EQUILIBRIUM} = {YOURS}": (charts.OKABE_ITO["purple"], charts.DASHES[4]),
    PARTLY: (charts.OKABE_ITO["sky"], charts.DASHES[5]),
}
"""Each pricing rule of the auction chart, alone or shared by rules that charge the same: colour and dash."""


def rule_shown(rule: str) -> str:
    """A pricing rule's name (a key of `RULE_STYLES`) in the reader's language, each rule it joins translated."""
    for first in (TRUTHFUL, EQUILIBRIUM):
        if rule.startswith(f"{first} = "):
            return f"{_(first)} = {rule_shown(rule[len(first) + 3 :])}"
    return _(rule)


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
            bids = answer_of(your_bids, values=ranked.tolist(), ctrs=list(CTRS))
            if np.ndim(bids) != 1 or len(bids) != bidders:
                raise ValueError(
                    _("for {bidders} advertisers it returns {count} bid(s); give one per advertiser").format(
                        bidders=bidders, count=np.size(bids)
                    )
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
    ``rule`` names all of them, so no line hides under another; a student's rule that charges the equilibrium's
    prices in some slots only is named so there (`PARTLY`), not called the equilibrium. ``rule_name`` is ``rule``
    in the reader's language (`rule_shown`); ``slot_name`` names the slot and its clicks."""
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
        "rule_name": [],
        "price_per_click_cny": [],
    }
    everywhere = YOURS in prices and np.allclose(prices[EQUILIBRIUM], prices[YOURS], rtol=0, atol=1e-9)
    for row, slot in enumerate(slots):
        groups: list[list[str]] = []
        for rule, grid in prices.items():
            same = next((g for g in groups if np.allclose(prices[g[0]][row], grid[row], rtol=0, atol=1e-9)), None)
            if same is None:
                groups.append([rule])
            else:
                same.append(rule)
        for group in groups:
            name = " = ".join(group)
            if name == f"{EQUILIBRIUM} = {YOURS}" and not everywhere:
                name = PARTLY  # a wrong bid rule that matches in this slot alone is not called VCG's
            columns["bidders"] += bidders.tolist()
            columns["slot"] += [int(slot)] * len(bidders)
            columns["slot_name"] += [
                _("slot {slot}: {ctr:.2f} clicks per impression").format(slot=slot, ctr=CTRS[slot - 1])
            ] * len(bidders)
            columns["rule"] += [name] * len(bidders)
            columns["rule_name"] += [rule_shown(name)] * len(bidders)
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
                ).format(rule=_(rule), top=row[f"top_{rule}"], revenue=row[f"revenue_{rule}"])
            )
    return (
        _("With {most:.0f} advertisers, {parts}. {note}")
        .format(most=row["most"], parts=_("; ").join(parts), note=row["note"])
        .strip()
    )


def _auction_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """A line per slot and price path: rules differ by colour and dash, slots by point shape and height.

    One view, not one small chart per slot, so the chart can take the width of a page or a phone.
    Truthful GSP is drawn first: where a dashed line runs along it, both stay visible.
    """
    rules = [rule for rule in RULE_STYLES if rule in set(frame["rule"])]
    colour, dash = (
        alt.Scale(domain=[rule_shown(rule) for rule in rules], range=[RULE_STYLES[rule][k] for rule in rules])
        for k in range(2)
    )
    slots = list(dict.fromkeys(frame.sort_values("slot")["slot_name"]))
    legend = alt.Legend(orient="top", symbolStrokeWidth=2.5, symbolSize=120, labelLimit=0, columns=1)
    lines = (
        alt.Chart(frame, title=_(AUCTION_TITLE), width=charts.WIDTH, height=charts.HEIGHT)
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X(
                "bidders",
                type="quantitative",
                title=_("advertisers bidding"),
                axis=alt.Axis(tickMinStep=1, format="d"),  # whole advertisers: no tick at 1.5
            ),
            y=alt.Y("price_per_click_cny", type="quantitative", title=_("mean price per click (CNY)")),
            color=alt.Color("rule_name", type="nominal", title=None, scale=colour, legend=legend),
            strokeDash=alt.StrokeDash("rule_name", type="nominal", title=None, scale=dash, legend=legend),
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
                alt.Tooltip("rule_name", type="nominal", title=_("pricing rule")),
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
    levers=(Lever("value_low", grid=(0.0, 5.0, 0.5)), Lever("value_high", grid=(6, 30, 2)), Lever("max_bidders")),
    compute=auction_prices,
    chart=_auction_chart,
    summary=auction_summary,
    structure=lambda frame: sorted(set(frame["rule"])),
)
AUCTION_YOURS = AUCTION.with_levers(
    Lever("value_low"),
    Lever("value_high"),
    Lever("max_bidders", high=10, start=10),
    title=N_("Bidding for rank 竞价排名: GSP and VCG and your bid rule"),
)
"""The auction panel running a student's bid rule: fewer advertisers, as each auction calls the rule."""


def auction_panel(your_bids: Callable[..., object] | None = None) -> ModelPanel:
    """Prices per click as more advertisers bid; pass ``your_bids`` to draw GSP at your equilibrium bid rule."""
    return AUCTION.widget() if your_bids is None else AUCTION_YOURS.widget(your_bids=your_bids)
