"""Lesson 01, leg 1: acquire with group-buys (团购), then own the customer as a member (会员).

The lesson follows one merchant's funnel (`o2o_models.funnel`): one voucher's margin, the
strangers who trust enough to prepay, the deal against the sales it cannibalises, the
members who come back, and what a member is worth. Each step has a panel, declared
once (`o2o_models.interactive.panels.Panel`: its levers by name, the model call, the
chart, the summary, the presets), which makes the notebook's widget and the site's chart;
then the exercises' self-checks (`WORKBOOK`).

The panels live in `deal` (steps 1-3), `members` (steps 4-5) and `owning` (step 4b: the
member discount, the routes members come by), listed for the tools in `panels`; the exercises'
self-checks and the reference answers only they use in `workbook`. This module
is what the notebook calls.
"""

from __future__ import annotations

from ..common import exports, language, shown, source
from .deal import deal_panel, prepay_panel, voucher_panel
from .members import breakeven_table, clv_panel, members_panel
from .owning import discount_panel, routes_table

# The capitals are read by tools (the site build, markup, benchmarks, tests); the rest is what the notebook calls.
from .panels import DECLARED, PANELS, SITE_CHARTS, TERMS, glossary
from .workbook import WORKBOOK

__all__, __dir__ = exports(
    "voucher_panel",
    "prepay_panel",
    "deal_panel",
    "members_panel",
    "discount_panel",
    "routes_table",
    "clv_panel",
    "breakeven_table",
    "shown",
)
check, hint, solution = WORKBOOK.check, WORKBOOK.hint, WORKBOOK.solution
