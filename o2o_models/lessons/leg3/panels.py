"""Lesson 03's panels, declared in `leads` (steps 1-3) and `bidding` (step 4): the lists the tools read."""

from __future__ import annotations

import pandas as pd

from ...interactive.panels import site_charts
from ..common import words
from .bidding import AUCTION, auction_panel
from .leads import TRAFFIC, traffic_panel

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


DECLARED = {"traffic_panel": TRAFFIC, "auction_panel": AUCTION}
"""Each panel's declaration, by the function a notebook calls."""
PANELS = [traffic_panel, auction_panel]
SITE_CHARTS = site_charts(DECLARED)
"""The charts the site shows for these panels, with no kernel (`scripts/build_site.py`)."""
