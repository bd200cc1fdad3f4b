"""A kernel-free chart whose rows come in parts, each part over only the sliders it reads.

A grid over every slider (`gridchart`) grows with the product of their steps: lesson 04's four
sliders at 11 to 13 positions would be 17,303 points, each a lead simulation. Its model splits:
leg 1's rows read the rebate, trust and the deal's traffic, leg 3's trust, that traffic and the
paid budget. So each part is a grid of its own sliders only (1,573 and 1,331 points), drawn as
its own dataset and filtered by its own sliders (`bound_parts`); the page finds each part's point
and draws their rows together, as if from one grid.

The summary line is made the same way. Each part gives, at each of its points, a *piece* of text
and a *rank* (a number, or None when the piece does not count). `RankedLines` says how the page
writes the line from the parts' pieces, and `RankedLines.compose` writes it in Python, as
``o2oCharts.summaryAt`` in scripts/site/o2o-charts.js does in the page:

1. the pieces that rank, highest first (equal ranks in the parts' order), each line after the last
   with ``gap`` between (a space; nothing in Chinese, `o2o_models.text.sentence_gap`);
2. when every part ranks, ``together`` after them, with the ranks' sum where ``SUM`` stood;
3. when no part ranks, the piece of part ``alone`` by itself;
4. all of it where ``"\\u0000"`` stands in ``frame``.

Lesson 04's verdict (`o2o_models.strategy.fitting_legs`) is such a line: the legs that fit, best
gain first, "both fit, and their gains add up to ..." when both do, and what does better when none does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd

from .gridchart import Axis, grid_blocks, grid_usermeta, packed_summaries, slider_filter, stack, unpacked_summary

SPOT = "\u0000"
"""Where a `RankedLines` text takes its lines or its sum."""


class _Sum(float):
    """Stands for the ranks' sum in a text formatted with ``{gain:+,.0f}``: the page writes the number there.

    A float (0), so that a function checking its number takes it, and formats as `SPOT`.
    """

    def __format__(self, spec: str) -> str:
        if spec != "+,.0f":
            raise ValueError(f"the page writes a sum as '+,.0f' only, not {spec!r}: change the text or o2o-charts.js")
        return SPOT


SUM = _Sum(0.0)
"""Format a text with ``SUM`` in place of a number (``{gain:+,.0f}``) to make a `RankedLines.together`."""


def signed(number: float) -> str:
    """A number as ``{:+,.0f}`` writes it: its sign always, whole, thousands separated by commas."""
    return f"{number:+,.0f}"


@dataclass(frozen=True)
class RankedLines:
    """How a summary line is written from its parts' pieces: see the module docstring."""

    frame: str
    together: str
    alone: int
    gap: str = " "

    def compose(self, pieces: Sequence[tuple[str, float | None]]) -> str:
        """The summary line of the parts' ``pieces``, ``(text, rank)`` each, in the parts' order."""
        ranked = sorted((p for p in pieces if p[1] is not None), key=lambda p: p[1], reverse=True)
        if not ranked:
            lines = [pieces[self.alone][0]]
        else:
            lines = [text for text, _rank in ranked]
            if len(ranked) == len(pieces):
                lines.append(self.together.replace(SPOT, signed(sum(rank for _text, rank in ranked))))
        return self.frame.replace(SPOT, self.gap.join(lines))


@dataclass(frozen=True)
class Part:
    """One part of a grid: its sliders, its rows at every point of them, and each point's piece of the summary."""

    axes: tuple[Axis, ...]
    rows: pd.DataFrame
    pieces: tuple[tuple[str, float | None], ...]


@dataclass(frozen=True)
class SitePart:
    """Rows of a panel's frame that read only some of its grid levers, and their piece of the summary line.

    ``levers`` are the model arguments of the grid levers the rows read (the others stay at the panel's
    start while the part's grid is built); ``rows(frame)`` picks the part's rows of ``compute``'s frame;
    ``piece(**values)`` is the part's ``(text, rank)`` at the levers' values (`RankedLines`).
    tests check, for each part, that its rows do not change with the levers it leaves out.
    """

    levers: tuple[str, ...]
    rows: Callable[[pd.DataFrame], pd.DataFrame]
    piece: Callable[..., tuple[str, float | None]]


def grid_parts(
    compute: Callable[..., pd.DataFrame],
    axes: Sequence[Axis],
    values: Mapping[str, object],
    declared: Sequence[SitePart],
    keep: Sequence[str] = (),
) -> list[Part]:
    """Each declared part over its own levers' axes, ``compute``'s other arguments at ``values``.

    A part's rows keep the columns ``keep`` (all when empty) and its axes'; its pieces come from the same
    grid points, each beside its rows (what the model keeps for one point serves both).
    """
    made = []
    for part in declared:
        own = tuple(axis for axis in axes if axis.name in part.levers)
        fixed = {name: value for name, value in values.items() if name not in part.levers}
        blocks, pieces = [], []
        for point, frame in grid_blocks(compute, own, **fixed):
            blocks.append((point, part.rows(frame)))
            pieces.append(part.piece(**fixed, **point))
        rows = stack(blocks)
        made.append(Part(own, rows[[*keep, *(axis.name for axis in own)]] if keep else rows, tuple(pieces)))
    return made


def parts_usermeta(axes: Sequence[Axis], title: str, parts: Sequence[Part], rule: RankedLines) -> dict[str, object]:
    """`gridchart.site_usermeta` for a grid of parts: each part's pieces and ranks instead of one summary a point."""
    return grid_usermeta(
        axes,
        title,
        {
            "frame": rule.frame,
            "together": rule.together,
            "alone": rule.alone,
            "gap": rule.gap,
            "parts": [
                {
                    "axes": [axis.name for axis in part.axes],
                    "pieces": packed_summaries([text for text, _rank in part.pieces]),
                    "ranks": [rank for _text, rank in part.pieces],
                }
                for part in parts
            ],
        },
    )


def summary_at(meta: dict, values: dict[str, float]) -> str:
    """The summary line a page shows at the sliders' ``values``: a grid's own (`gridchart.site_usermeta`) or
    composed from its parts' pieces (`parts_usermeta`)."""
    axes = meta["axes"]
    summaries = meta["summaries"]

    def point(names: Sequence[str]) -> int:
        found = 0
        for axis in (a for a in axes if a["name"] in names):
            found = found * axis["count"] + int(round((values[axis["name"]] - axis["low"]) / axis["step"]))
        return found

    if "parts" not in summaries:
        return unpacked_summary(summaries, point([a["name"] for a in axes]))
    rule = RankedLines(summaries["frame"], summaries["together"], summaries["alone"], summaries["gap"])
    pieces = []
    for part in summaries["parts"]:
        at = point(part["axes"])
        pieces.append((unpacked_summary(part["pieces"], at), part["ranks"][at]))
    return rule.compose(pieces)


def bound_parts(
    chart_for: Callable[[pd.DataFrame], alt.LayerChart], parts: Sequence[Part], axes: Sequence[Axis]
) -> alt.LayerChart:
    """Draw ``chart_for`` of every part's rows together, with a browser slider per axis; each part filtered by its own.

    ``chart_for`` draws layers from the parts' rows stacked; each such layer is drawn once a part, from
    that part's rows (one dataset a part), kept to its sliders' point. Layers with data of their own are
    left as they are.
    """
    union = pd.concat([part.rows for part in parts], ignore_index=True)
    chart = chart_for(union)
    if not isinstance(chart, alt.LayerChart):
        raise TypeError("a chart of grid parts must be layered (alt.layer): each layer is drawn once a part")
    chart = chart.copy()
    shared = chart.data is union
    if shared:
        chart.data = alt.Undefined
    layers = []
    for layer in chart.layer:
        if layer.data is union or (shared and layer.data is alt.Undefined):
            for part in parts:
                drawn = layer.copy()
                drawn.data = part.rows
                layers.append(drawn.transform_filter(slider_filter(part.axes)))
        else:
            layers.append(layer)
    chart.layer = layers
    return chart.add_params(*(axis.param() for axis in axes))
