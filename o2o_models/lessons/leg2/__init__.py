"""Lesson 02, leg 2: an official operations team (官方运营) for merchants of uneven skill.

The lesson follows `o2o_models.operations`: merchants of uneven skill, the staff (小二) who
lift it with diminishing returns, who survives with and without the team, and what the
team earns the platform, on average and at the margin. Each step has a panel, declared
once (`o2o_models.interactive.panels.Panel`: its levers by name, the model call, the
chart, the summary, the presets), which makes the notebook's widget and the site's chart;
then the exercises' self-checks (`WORKBOOK`).

The panels (steps 1-2) live in `panels`, the returns on the team (step 3) in `returns`; the
exercises' self-checks and the reference answers only they use in `workbook`. This module is
what the notebook calls.
"""

from __future__ import annotations

from ..common import exports, language, shown, source

# The capitals are read by tools (the site build, markup, benchmarks, tests); the rest is what the notebook calls.
from .panels import DECLARED, PANELS, SITE_CHARTS, TERMS, glossary, lift_panel, skill_panel, survival_panel
from .returns import gain_chart, returns_chart, takes_table
from .workbook import WORKBOOK

__all__, __dir__ = exports(
    "skill_panel", "lift_panel", "survival_panel", "gain_chart", "returns_chart", "takes_table", "shown"
)
check, hint, solution = WORKBOOK.check, WORKBOOK.hint, WORKBOOK.solution
