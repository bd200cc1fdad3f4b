"""Charts that stay interactive with no kernel: a model's results for every slider position.

A rendered lesson page has no Python behind it. The model a live panel calls is evaluated
at build time at every point of a grid of its sliders' values (`grid_frame`); each browser
slider then filters the rows to its value (`bound_chart`). Rows grow with the product of
the sliders' steps, so a chart with three or four sliders (rebate, trust, traffic) packs its
rows for the page (`gridpack.pack_grid`). A slider starts
where the notebook's panel starts: an `Axis` refuses a default that is not one of its steps.
`o2o_models.interactive.panels.Panel.site_chart` makes the axes
from a panel's levers.

The grid's packing for the page, and the Vega steps and page script that unpack it, are
`o2o_models.interactive.gridpack`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

MAX_GRID_ROWS = 250_000
"""Above this many rows a grid takes too long to build and weighs too much on its page: use fewer steps.
Packed for the page (`gridpack.pack_grid`), a number that changes from point to point costs one to
three characters, so lesson 01's members chart, 226,512 rows (four curves of 36 months at 13 x 11 x 11
settings), weighs about 0.1 MB; the site's tests weigh each page."""


RESERVED = {
    "width",
    "height",
    "padding",
    "autosize",
    "background",
    "datum",
    "event",
    "item",
    "parent",
    "group",
    "cursor",
    "unit",
    "PI",
    "E",
    "NaN",
    "Infinity",
    "undefined",
    "null",
    "true",
    "false",
}
"""Names Vega uses itself: no slider can take them."""


@dataclass(frozen=True)
class Axis:
    """One slider of a kernel-free chart: a model argument and the values it steps through.

    ``low``, ``high`` and ``step`` describe the slider; its values are
    ``low, low + step, ..., high``. ``default`` is where the slider starts: the value the
    notebook's panel starts at, so it must be one of the steps. ``name`` is the model's
    argument and the slider's name in Vega expressions.
    """

    name: str
    label: str
    low: float
    high: float
    step: float
    default: float
    percent: bool = False

    @property
    def values(self) -> np.ndarray:
        count = int(round((self.high - self.low) / self.step)) + 1
        return np.round(self.low + self.step * np.arange(count), 10)

    def __post_init__(self) -> None:
        if not self.name.isidentifier() or self.name in RESERVED:
            raise ValueError(f"Axis {self.name!r}: the name must be a Python identifier and not one of Vega's own")
        if not self.low <= self.default <= self.high or self.step <= 0:
            raise ValueError(
                f"Axis {self.name!r}: default={self.default} must lie in [{self.low}, {self.high}] "
                f"and step={self.step} must be positive"
            )
        if not np.isclose(self.values, self.default, rtol=0, atol=self.step * 1e-6).any():
            raise ValueError(
                f"Axis {self.name!r}: default={self.default} is not one of the slider's steps "
                f"{', '.join(f'{v:g}' for v in self.values)}: the site's chart would not start where the "
                f"notebook starts; choose low and step so that it is"
            )

    def param(self) -> alt.Parameter:
        """The browser slider for this axis."""
        return alt.param(
            name=self.name,
            value=self.default,
            bind=alt.binding_range(min=self.low, max=self.high, step=self.step, name=f"{self.label} "),
        )


def grid_blocks(
    frame_for: Callable[..., pd.DataFrame], axes: Sequence[Axis], **fixed: object
) -> Iterator[tuple[dict[str, float], pd.DataFrame]]:
    """Each grid point's values and ``frame_for(**fixed, **values)``, the last axis stepping fastest."""
    for point in itertools.product(*(axis.values for axis in axes)):
        values = {axis.name: float(value) for axis, value in zip(axes, point)}
        yield values, frame_for(**fixed, **values)


def stack(blocks: Sequence[tuple[dict[str, float], pd.DataFrame]]) -> pd.DataFrame:
    """The blocks' rows in one frame, each with one column per axis holding that axis' value.

    Raises
    ------
    ValueError
        If a block has a column named like an axis holding other values (the axis' would overwrite them), or the grid
        would exceed `MAX_GRID_ROWS` rows.
    """
    for values, block in blocks:
        if clash := sorted(n for n in set(values) & set(block.columns) if not np.allclose(block[n], values[n])):
            raise ValueError(f"the model's rows have a column named like a slider, {clash}: rename the column")
    grid = pd.concat([block.assign(**values) for values, block in blocks], ignore_index=True)
    if len(grid) > MAX_GRID_ROWS:
        raise ValueError(f"the grid has {len(grid)} rows, more than {MAX_GRID_ROWS}: use fewer slider steps")
    return grid


def grid_frame(frame_for: Callable[..., pd.DataFrame], axes: Sequence[Axis], **fixed: object) -> pd.DataFrame:
    """Evaluate ``frame_for(**fixed, axis=value, ...)`` at every grid point and stack the results (`stack`)."""
    return stack(list(grid_blocks(frame_for, axes, **fixed)))


NUMBER = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)")
"""A number as a summary writes it (thousands separated by commas), with its sign."""


def packed_summaries(summaries: Sequence[str]) -> dict[str, list[str]]:
    """The summary line of every grid point, small enough for a page.

    Summaries differ mostly in their numbers, so each is kept as the index of its text with
    the numbers taken out (its ``skeleton``) and its numbers: ``points[i]`` is
    ``"k|n1|n2|..."``, the summary of point ``i`` is ``skeletons[k]`` with its ``\u0000`` marks
    replaced by ``n1, n2, ...`` in turn (`unpacked_summary`, and the site's o2o-charts.js).
    """
    skeletons: dict[str, int] = {}
    points = []
    for summary in summaries:
        parts = NUMBER.split(summary)
        skeleton = "\u0000".join(parts[0::2])
        index = skeletons.setdefault(skeleton, len(skeletons))
        points.append("|".join([str(index), *parts[1::2]]))
    return {"skeletons": list(skeletons), "points": points}


def unpacked_summary(packed: dict[str, list[str]], point: int) -> str:
    """Summary ``point`` of `packed_summaries`, as it was."""
    index, *numbers = packed["points"][point].split("|")
    texts = packed["skeletons"][int(index)].split("\u0000")
    return "".join(text + number for text, number in zip(texts, [*numbers, ""]))


def site_usermeta(axes: Sequence[Axis], title: str, summaries: Sequence[str]) -> dict[str, object]:
    """What the site's page needs besides the chart: the sliders' steps and formats, the title, every point's summary.

    A page finds the summary of the sliders' values at point ``sum(index_i * stride_i)``,
    ``index_i = round((value_i - low_i) / step_i)``, the last axis stepping fastest (`grid_blocks`).
    """
    return grid_usermeta(axes, title, packed_summaries(summaries))


def grid_usermeta(axes: Sequence[Axis], title: str, summaries: Mapping[str, object]) -> dict[str, object]:
    """`site_usermeta` with its ``summaries`` given as the page reads them (packed, or a grid of parts')."""
    start = 0
    for axis in axes:
        start = start * len(axis.values) + int(round((axis.default - axis.low) / axis.step))
    return {
        "o2o_grid": {
            "start": start,
            "axes": [
                {"name": a.name, "low": a.low, "step": a.step, "count": len(a.values), "percent": a.percent}
                for a in axes
            ],
            "title": title,
            "summaries": dict(summaries),
        }
    }


def slider_filter(axes: Sequence[Axis]) -> str:
    """A Vega expression true for the rows at the sliders' values: each axis' column within half a step of its slider's.

    Half a step, not equality: the slider's value and the column's are floats that may differ in their last digits.
    """
    return " && ".join(f"abs(datum['{a.name}'] - {a.name}) < {a.step / 2}" for a in axes)


def bound_chart(
    chart_for: Callable[[pd.DataFrame], alt.TopLevelMixin], grid: pd.DataFrame, axes: Sequence[Axis]
) -> alt.TopLevelMixin:
    """Draw ``chart_for(grid)`` with a browser slider per axis that picks the grid's rows.

    Every layer drawn from the grid (its data has every axis column) is filtered to the
    sliders' values; layers with data of their own (a zero line, say) are left as they are.
    """
    params = [axis.param() for axis in axes]
    predicate = slider_filter(axes)
    chart = chart_for(grid)

    def from_grid(layer: alt.Chart) -> bool:
        return isinstance(layer.data, pd.DataFrame) and all(a.name in layer.data.columns for a in axes)

    if isinstance(chart, alt.LayerChart) and not from_grid(chart):
        # layers with data of their own: filter those that hold the grid
        chart = chart.copy()
        chart.layer = [layer.transform_filter(predicate) if from_grid(layer) else layer for layer in chart.layer]
        return chart.add_params(*params)
    # a single chart, or layers sharing the grid (Altair moves shared data up to the layer chart)
    return chart.transform_filter(predicate).add_params(*params)
