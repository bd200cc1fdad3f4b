"""Lesson 00's panels: each declaration (`o2o_models.interactive.panels.Panel`) beside the model call,
chart and summary it names, and the lesson's tables.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ... import groupbuy, scenarios
from ...glossary import load_glossary
from ...interactive import charts
from ...interactive.panels import Panel, site_charts
from ...interactive.widgets import ModelPanel
from ...text import N_, _, language_in_use
from ..common import VOUCHER, glossary_table, table, words

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
        N_("leg"): [
            N_("1. Acquire, then own the customer"),
            N_("2. An official operations team"),
            N_("3. Stable, large paid traffic"),
        ],
        "中文": ["左边大众点评，右边微信小店", "官方运营团队", "稳定并且庞大的流量获取工具"],
        N_("what it solves"): [
            N_("Group-buys bring first visits at a loss; members bought once are sold to again"),
            N_("Merchants of uneven skill cannot run a store alone"),
            N_("Big-ticket merchants keep a costly team that needs leads every month"),
        ],
        N_("who needs it"): [
            N_("Prepaid lifestyle services: restaurants, cinemas, leisure"),
            N_("Every small merchant; a choice the platform makes"),
            N_("Furniture, renovation: big-ticket, not prepaid"),
        ],
        N_("lesson"): ["01", "02", "03"],
    }
)
"""The article's three legs, what each solves, for whom, and where the lessons treat it (read in the reader's
language when shown: `common.table`)."""


def legs() -> pd.io.formats.style.Styler:
    """The map of the three legs, every column shown in full."""
    return table(LEGS)


def merchants() -> pd.io.formats.style.Styler:
    """The five merchants: name in English and Chinese, prepaid or not, description (in the reader's language:
    ``description_zh`` in a Chinese lesson), shown in full."""
    labels = scenarios.scenario_labels()
    if language_in_use() == "zh":
        labels = labels.assign(description=labels["description_zh"])
    return table(labels[list(MERCHANT_COLUMNS)], as_is=("name_en", "name_zh", "description"))


MERCHANT_COLUMNS = (N_("name_en"), N_("name_zh"), N_("prepaid"), N_("description"))
"""The columns of the merchants' table, their names messages (英文名, 中文名, 预付, 简介 in Chinese)."""


def glossary() -> pd.io.formats.style.Styler:
    """The glossary entries of the terms this lesson uses."""
    return words(TERMS)


def full_glossary() -> pd.io.formats.style.Styler:
    """Every term of ``data/glossary.csv``, shown in full."""
    return glossary_table(load_glossary())


# The warm-up panel: one voucher --------------------------------------------------------------------

WARMUP_TITLE = "Where a voucher's money goes on a group-buy 团购"


def voucher_waterfall(
    list_price: float, discount: float, commission: float, unit_cost: float, cost_share: float = 0.0
) -> pd.DataFrame:
    """`groupbuy.voucher_waterfall` for the panel's values (CNY per voucher)."""
    return groupbuy.voucher_waterfall(list_price, discount, commission, unit_cost, cost_share)


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
    levers=VOUCHER,
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
