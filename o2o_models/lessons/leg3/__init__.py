"""Lesson 03, leg 3: stable, large paid traffic (稳定并且庞大的流量) for big-ticket merchants, and bidding for rank.

The lesson follows one big-ticket merchant's leads through `o2o_models.funnel.lead_months`:
paid clicks bought in a ranked auction (`o2o_models.traffic`, priced by
`o2o_models.auctions.slot_and_price`) against free leads from sharing, each on its own
random stream. Then it opens the auction: GSP at truthful bids, VCG, and GSP's lowest
envy-free equilibrium, side by side. Each step has a panel, declared once
(`o2o_models.interactive.panels.Panel`: its levers by name, the model call, the chart, the
summary, the presets), which makes the notebook's widget and the site's chart; then the
exercises' self-checks (`WORKBOOK`).

The panels live in `leads` (steps 1-3) and `bidding` (step 4), listed for the tools in `panels`;
the exercises' self-checks and the reference answers only they use in `workbook`. This module
is what the notebook calls.
"""

from __future__ import annotations

from ..common import exports, language, shown, source
from .bidding import auction_panel, who_keeps_its_bid, worked_auction
from .leads import h5_table, traffic_panel

# The capitals are read by tools (the site build, markup, benchmarks, tests); the rest is what the notebook calls.
from .panels import DECLARED, PANELS, SITE_CHARTS, TERMS, glossary
from .workbook import WORKBOOK

__all__, __dir__ = exports("traffic_panel", "h5_table", "worked_auction", "who_keeps_its_bid", "auction_panel", "shown")
check, hint, solution = WORKBOOK.check, WORKBOOK.hint, WORKBOOK.solution
