"""Charts that stay interactive with no kernel: a model's results for every slider position.

A rendered lesson page has no Python behind it. Two ways keep its chart interactive:

- **A grid** (`grid_frame`, `bound_chart`): the model a live panel calls is evaluated at
  build time at every point of a grid of its sliders' values; each browser slider then
  filters the rows to its value. Rows grow with the product of the sliders' steps, so a
  chart with three sliders (rebate, trust, traffic) takes coarse steps.
- **A formula** (`formula_chart`): where the model is closed-form, the page carries the
  rows of one slider position and Vega expressions that recompute the model's columns
  from the sliders, so a slider can take fine steps at no cost in bytes. The expressions
  are checked against the Python model at grid points when the chart is made
  (`check_formulas`), with Vega itself doing the arithmetic (`formula_frame`).

Either way a slider starts where the notebook's panel starts: an `Axis` refuses a
default that is not one of its steps. A slider's Vega parameter is named after its axis,
so a formula reads ``datum.month * trust``.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd
import vl_convert

MAX_GRID_ROWS = 20_000
"""Above this many rows a page grows past its weight budget: use fewer steps. A row costs about
40-60 bytes on the page (CSV), so a page with a grid this size is near its budget; the site's
tests weigh each page."""

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


def grid_frame(frame_for: Callable[..., pd.DataFrame], axes: Sequence[Axis], **fixed: object) -> pd.DataFrame:
    """Evaluate ``frame_for(**fixed, axis=value, ...)`` at every grid point and stack the results.

    Each block of rows gets one column per axis holding that axis' value.

    Raises
    ------
    ValueError
        If the grid would exceed `MAX_GRID_ROWS` rows.
    """
    blocks = []
    for point in itertools.product(*(axis.values for axis in axes)):
        values = {axis.name: float(value) for axis, value in zip(axes, point)}
        block = frame_for(**fixed, **values)
        blocks.append(block.assign(**values))
    grid = pd.concat(blocks, ignore_index=True)
    if len(grid) > MAX_GRID_ROWS:
        raise ValueError(f"the grid has {len(grid)} rows, more than {MAX_GRID_ROWS}: use fewer slider steps")
    return grid


def _predicate(axes: Sequence[Axis]) -> str:
    return " && ".join(f"abs(datum['{a.name}'] - {a.name}) < {a.step / 2}" for a in axes)


def bound_chart(
    chart_for: Callable[[pd.DataFrame], alt.TopLevelMixin], grid: pd.DataFrame, axes: Sequence[Axis]
) -> alt.TopLevelMixin:
    """Draw ``chart_for(grid)`` with a browser slider per axis that picks the grid's rows.

    Every layer drawn from the grid (its data has every axis column) is filtered to the
    sliders' values; layers with data of their own (a zero line, say) are left as they are.
    """
    params = [axis.param() for axis in axes]
    predicate = _predicate(axes)
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


def formula_frame(
    rows: pd.DataFrame, axes: Sequence[Axis], formulas: Mapping[str, str], point: Mapping[str, float]
) -> pd.DataFrame:
    """``rows`` with each formula's column as Vega computes it with the sliders at ``point``.

    The formulas run in Vega itself (vl-convert's embedded engine), in order, so a
    formula may use the columns of those before it.
    """
    fields = [*rows.columns, *formulas]
    joined = " + '|' + ".join(f"('' + datum[{json.dumps(f)}])" for f in fields)
    spec = {
        "data": {"values": json.loads(rows.to_json(orient="records", double_precision=15))},
        "params": [{"name": a.name, "value": float(point[a.name])} for a in axes],
        "transform": [{"calculate": expression, "as": column} for column, expression in formulas.items()]
        + [
            {"window": [{"op": "row_number", "as": "o2o_row"}]},
            {"calculate": f"datum.o2o_row + '|' + {joined}", "as": "o2o_out"},
        ],
        "mark": "text",
        "encoding": {"text": {"field": "o2o_out", "type": "nominal"}},
    }
    items: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, dict):
            if node.get("marktype") == "text" and node.get("role") == "mark":
                items.extend(item["text"] for item in node.get("items", []))
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(vl_convert.vegalite_to_scenegraph(spec)["scenegraph"])
    parsed = sorted((int(text.split("|")[0]), text.split("|")[1:]) for text in items)
    computed = pd.DataFrame([values[len(rows.columns) :] for _, values in parsed], columns=list(formulas))
    return rows.reset_index(drop=True).join(computed.apply(pd.to_numeric, errors="coerce").astype(float))


def check_points(axes: Sequence[Axis], extra: int = 12, seed: int = 0) -> list[dict[str, float]]:
    """Each axis' low, default and high in every combination, and ``extra`` grid points drawn at random."""
    ends = [sorted({a.low, a.default, a.high}) for a in axes]
    points = [dict(zip((a.name for a in axes), p)) for p in itertools.product(*ends)]
    rng = np.random.default_rng(seed)
    points += [{a.name: float(rng.choice(a.values)) for a in axes} for _ in range(extra)]
    return points


def check_formulas(
    frame_for: Callable[..., pd.DataFrame],
    axes: Sequence[Axis],
    formulas: Mapping[str, str],
    points: Sequence[Mapping[str, float]] | None = None,
    *,
    rtol: float = 1e-9,
    atol: float = 1e-6,
    **fixed: object,
) -> None:
    """Check that Vega's formulas give the Python model's columns at each point (default `check_points`).

    Raises
    ------
    ValueError
        If a formula's column differs from the model's anywhere, or if the model's other
        columns change with the sliders (the page holds those rows once).
    """
    rows = None
    for point in points if points is not None else check_points(axes):
        model = frame_for(**fixed, **point).reset_index(drop=True)
        plain = model.drop(columns=list(formulas))
        if rows is None:
            rows = plain
        elif not plain.equals(rows):
            raise ValueError(
                f"at {dict(point)} the model's columns other than the formulas' changed: "
                "they must not depend on the sliders"
            )
        vega = formula_frame(rows, axes, formulas, point)
        for column in formulas:
            expected, got = model[column].to_numpy(dtype=float), vega[column].to_numpy(dtype=float)
            close = np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
            if not close.all():
                row = int(np.argmin(close))
                raise ValueError(
                    f"the formula for {column!r} gives {got[row]!r} at {dict(point)}, row {row}, "
                    f"where the model gives {expected[row]!r}"
                )


def _with_formulas(chart: alt.TopLevelMixin, rows: pd.DataFrame, formulas: Mapping[str, str]) -> alt.TopLevelMixin:
    """Each part of ``chart`` drawn from the model's rows gets the plain rows and the formulas instead."""
    chart = chart.copy()
    if isinstance(chart, alt.LayerChart):
        chart.layer = [_with_formulas(layer, rows, formulas) for layer in chart.layer]
    data = chart.data
    if isinstance(data, pd.DataFrame) and set(formulas) <= set(data.columns):
        if not data.index.isin(rows.index).all():
            raise ValueError("a chart layer re-indexes the model's rows: filter them, keeping their index")
        calculate = [
            alt.CalculateTransform(calculate=expression, **{"as": column}) for column, expression in formulas.items()
        ]
        chart.data = rows.loc[data.index]
        chart.transform = calculate + ([] if chart.transform is alt.Undefined else list(chart.transform))
    return chart


def formula_chart(
    chart_for: Callable[[pd.DataFrame], alt.TopLevelMixin],
    frame_for: Callable[..., pd.DataFrame],
    axes: Sequence[Axis],
    formulas: Mapping[str, str],
    *,
    points: Sequence[Mapping[str, float]] | None = None,
    **fixed: object,
) -> alt.TopLevelMixin:
    """Draw ``chart_for`` of the model's rows with the columns in ``formulas`` computed in the browser.

    Parameters
    ----------
    chart_for : the chart of a frame, as for a live panel.
    frame_for : the model: ``frame_for(**fixed, axis=value, ...)`` returns its rows.
    axes : the sliders; each is a variable of the formulas, by its name.
    formulas : column -> Vega expression over ``datum.<column>`` and the sliders, such as
        ``"datum.month * trust"``; each replaces that column of the model's rows.
    points : where to check the formulas against the model (default `check_points`).

    Notes
    -----
    The page holds the rows of the sliders' defaults without the formulas' columns. A
    layer drawn from those rows (or from a subset of them that keeps their index) is
    recomputed; anything derived from them in pandas would stay fixed, so derive it with
    Vega-Lite transforms instead.

    Raises
    ------
    ValueError
        If a formula differs from the model (`check_formulas`) or names no column of it.
    """
    defaults = {a.name: a.default for a in axes}
    sample = frame_for(**fixed, **defaults).reset_index(drop=True)
    unknown = set(formulas) - set(sample.columns)
    if unknown:
        raise ValueError(f"formulas for {sorted(unknown)} name no column of the model's rows")
    check_formulas(frame_for, axes, formulas, points, **fixed)
    chart = _with_formulas(chart_for(sample), sample.drop(columns=list(formulas)), formulas)
    return chart.add_params(*(axis.param() for axis in axes))
