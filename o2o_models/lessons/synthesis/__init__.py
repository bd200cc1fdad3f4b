"""Lesson 04, the synthesis: the three legs together, merchant by merchant, decided by the numbers.

Every figure comes from `o2o_models.strategy` (one scorecard per merchant, read through
`o2o_models.funnel`) and `o2o_models.operations` (leg 2, the platform's team). The legs
panel draws a scorecard's four ways of getting customers with their risk and the
built-in verdict, and beside it the verdict of a student's own rule (declared once,
`o2o_models.interactive.panels.Panel`, it makes the notebook's widget and the site's
chart); the tables gather the lesson's comparisons; the Workbook holds the exercises'
self-checks.

The legs panel lives in `panels`, the scorecards and the tables of sections 4 and 6 in `tables`;
the exercises' self-checks and the reference answers only they use in `workbook`. This module
is what the notebook calls.
"""

from __future__ import annotations

from ..common import exports, language, prose, shown, source

# The capitals are read by tools (the site build, markup, benchmarks, tests); the rest is what the notebook calls.
from .panels import DECLARED, PANELS, SITE_CHARTS, TERMS, glossary, legs_panel
from .tables import (
    centralisation_table,
    platform_table,
    reserve_table,
    scorecards,
    staff_levels,
    staffing_reading,
    trust_sweep,
    wechat_table,
    without_each_leg,
)
from .workbook import WORKBOOK

__all__, __dir__ = exports(
    "scorecards",
    "trust_sweep",
    "legs_panel",
    "staff_levels",
    "staffing_reading",
    "platform_table",
    "centralisation_table",
    "reserve_table",
    "wechat_table",
    "without_each_leg",
    "shown",
    "prose",
)
check, hint, solution = WORKBOOK.check, WORKBOOK.hint, WORKBOOK.solution
