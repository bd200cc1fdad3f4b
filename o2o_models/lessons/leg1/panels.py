"""Lesson 01's panels, declared in `deal` (steps 1-3) and `members` (steps 4-5): the lists the tools read."""

from __future__ import annotations

import pandas as pd

from ...interactive.panels import site_charts
from ..common import words
from .deal import DEAL, PREPAY, VOUCHER, deal_panel, prepay_panel, voucher_panel
from .members import CLV, MEMBERS, clv_panel, members_panel
from .owning import DISCOUNT, discount_panel

TERMS = (
    "团购",
    "返点",
    "折扣",
    "标价",
    "毛利",
    "预付款",
    "信任背书",
    "转化率",
    "漏斗",
    "蚕食",
    "广告效应",
    "基准",
    "服务号",
    "微信小店",
    "会员",
    "留存",
    "C2C传播",
    "互补",
    "客户终身价值",
    "贴现率",
    "盈亏平衡",
    "非标准品",
    "定金",
)
"""The glossary terms this lesson uses."""


def glossary() -> pd.io.formats.style.Styler:
    """The glossary entries of the terms this lesson uses."""
    return words(TERMS)


DECLARED = {
    "voucher_panel": VOUCHER,
    "prepay_panel": PREPAY,
    "deal_panel": DEAL,
    "members_panel": MEMBERS,
    "discount_panel": DISCOUNT,
    "clv_panel": CLV,
}
"""Each panel's declaration, by the function a notebook calls."""
PANELS = [voucher_panel, prepay_panel, deal_panel, members_panel, discount_panel, clv_panel]
SITE_CHARTS = site_charts(DECLARED)
"""The charts the site shows for these panels, with no kernel (`scripts/build_site.py`)."""
