"""Lesson 00, the introduction: the map of the three legs, the five merchants, a warm-up panel, first checks.

The warm-up panel is declared once (`o2o_models.interactive.panels.Panel`), which makes the
notebook's widget and the site's chart; the exercises' self-checks follow (`WORKBOOK`).

The panel declarations and the functions they name live in `panels`; the exercises' self-checks
and the reference answers only they use in `workbook`. This module is what the notebook calls.
"""

from __future__ import annotations

from ..common import exports, language, shown, source

# The capitals are read by tools (the site build, markup, benchmarks, tests); the rest is what the notebook calls.
from .panels import DECLARED, PANELS, SITE_CHARTS, TERMS, full_glossary, glossary, legs, merchants, warmup_panel
from .workbook import WORKBOOK

__all__, __dir__ = exports("legs", "merchants", "warmup_panel", "full_glossary", "shown")
check, hint, solution = WORKBOOK.check, WORKBOOK.hint, WORKBOOK.solution
