"""Lesson 00, the introduction: the map of the three legs, the five merchants, a warm-up panel, first checks.

The warm-up panel is declared once (`o2o_models.interactive.panels.Panel`), which makes the
notebook's widget and the site's chart; the exercises' self-checks follow (`WORKBOOK`).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import groupbuy, scenarios, strategy
from ..glossary import load_glossary
from ..interactive import charts
from ..interactive.panels import Lever, Panel, site_charts
from ..interactive.text import _
from ..interactive.widgets import ModelPanel
from .common import table, words
from .exercises import Choice, Number, Workbook

__all__ = ["legs", "merchants", "warmup_panel", "full_glossary", "glossary", "check", "hint", "solution"]

TERMS = (
    "O2O",
    "团购",
    "返点",
    "折扣",
    "标价",
    "毛利",
    "预付款",
    "信任背书",
    "官方运营",
    "小二",
    "广点通",
    "大宗产品",
    "大众生活类",
)
"""The glossary terms this lesson uses."""

LEGS = pd.DataFrame(
    {
        "leg": [
            "1. Acquire, then own the customer",
            "2. An official operations team",
            "3. Stable, large paid traffic",
        ],
        "中文": ["左边大众点评，右边微信小店", "官方运营团队", "稳定并且庞大的流量获取工具"],
        "what it solves": [
            "Group-buys bring first visits at a loss; members bought once are sold to again",
            "Merchants of uneven skill cannot run a store alone",
            "Big-ticket merchants keep a costly team that needs leads every month",
        ],
        "who needs it": [
            "Prepaid lifestyle services: restaurants, cinemas, leisure",
            "Every small merchant; a choice the platform makes",
            "Furniture, renovation: big-ticket, not prepaid",
        ],
        "lesson": ["01", "02", "03"],
    }
)
"""The article's three legs, what each solves, for whom, and where the lessons treat it."""


def __dir__() -> list[str]:
    return __all__


def legs() -> pd.io.formats.style.Styler:
    """The map of the three legs, every column shown in full."""
    return table(LEGS)


def merchants() -> pd.io.formats.style.Styler:
    """The five merchants: name in English and Chinese, prepaid or not, description, shown in full."""
    return table(scenarios.scenario_labels()[["name_en", "name_zh", "prepaid", "description"]])


def glossary() -> pd.io.formats.style.Styler:
    """The glossary entries of the terms this lesson uses."""
    return words(TERMS)


def full_glossary() -> pd.io.formats.style.Styler:
    """Every term of ``data/glossary.csv``, shown in full."""
    return table(load_glossary())


# The warm-up panel: one voucher --------------------------------------------------------------------

WARMUP_TITLE = "Where a voucher's money goes on a group-buy 团购"


def voucher_waterfall(list_price: float, discount: float, commission: float, unit_cost: float) -> pd.DataFrame:
    """`groupbuy.voucher_waterfall` for the panel's values (CNY per voucher)."""
    return groupbuy.voucher_waterfall(list_price, discount, commission, unit_cost)


def _waterfall_chart(frame: pd.DataFrame) -> alt.LayerChart:
    return charts.waterfall(
        frame,
        title=_(WARMUP_TITLE),
        value_title=_("CNY per voucher"),
        description=_("A waterfall from the list price to the margin of one voucher"),
    )


def _summary(frame: pd.DataFrame) -> str:
    margin = frame["amount_cny"].iloc[-1]
    return _(
        "The merchant {verb} <b>{margin:,.1f} CNY</b> on each voucher: "
        "the platform keeps <b>{rebate:,.1f} CNY</b> as its rebate 返点."
    ).format(verb=_("loses") if margin < 0 else _("earns"), margin=abs(margin), rebate=-frame["amount_cny"].iloc[2])


WARMUP = Panel(
    title="Warm-up: one group-buy voucher, step by step",
    chart_title=WARMUP_TITLE,
    levers=(
        Lever("list_price"),
        Lever("discount", grid=(0.2, 0.8, 0.1)),
        Lever("commission", grid=(0.0, 0.3, 0.05)),
        Lever("unit_cost"),
    ),
    compute=voucher_waterfall,
    chart=_waterfall_chart,
    summary=_summary,
    start="restaurant",
    presets=("restaurant", "cinema", "leisure"),
    structure=lambda frame: frame["kind"].tolist(),
    for_whom="the restaurant",
)
"""Warm-up: a restaurant voucher's margin; on the site, the rebate 返点 and the discount as sliders."""


def warmup_panel() -> ModelPanel:
    """Warm-up: a restaurant voucher's margin, with the discount and the rebate 返点 as sliders."""
    return WARMUP.widget()


warmup_site_chart = WARMUP.site_chart
DECLARED = {"warmup_panel": WARMUP}
PANELS = [warmup_panel]
SITE_CHARTS = site_charts(DECLARED)
"""The charts the site shows for these panels, with no kernel (`scripts/build_site.py`)."""


# Exercises -----------------------------------------------------------------------------------------


def _cinema_margin() -> float:
    return scenarios.merchant("cinema").voucher_margin


def _groupbuy_share() -> float:
    log = scenarios.load_transactions()
    return float(log.loc[log["channel"] == "groupbuy", "amount_cny"].sum() / log["amount_cny"].sum())


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
            working=lambda: f'**3.** The synthesis model agrees: "{furniture_verdict()}"',
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
                )
            },
            hint="Margin = list price x (1 - discount) x (1 - rebate) - unit cost.",
            working=lambda: (
                f"m = 80 x (1 - 0.5) x (1 - 0.1) - 18 = 40 x 0.9 - 18 = **{_cinema_margin():.0f} CNY** per "
                "voucher. Unlike the restaurant, the cinema earns on each voucher: an extra seat costs it little."
            ),
        ),
        3: Number(
            key="groupbuy-share-of-revenue",
            unit="fraction of revenue",
            places=2,
            expected=_groupbuy_share,
            hint="Sum `amount_cny` where `channel == 'groupbuy'`, and divide by the sum of all `amount_cny`.",
            working=lambda: (
                "```python\ngroupbuy = log.loc[log['channel'] == 'groupbuy', 'amount_cny'].sum()\n"
                "answer = groupbuy / log['amount_cny'].sum()\n```\n"
                f"About **{_groupbuy_share():.2f}**: a large share of the takings still comes through the "
                "platform, which keeps its rebate on every voucher."
            ),
        ),
    },
)

check, hint, solution = WORKBOOK.check, WORKBOOK.hint, WORKBOOK.solution
