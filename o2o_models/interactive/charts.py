"""Chart builders: a tidy DataFrame in, an Altair chart out, in one house style.

Every chart has a title, axis titles with units, tooltips and a ``description`` (its text
alternative, read by screen readers and shown where the chart cannot draw), and uses the
Okabe-Ito colour-blind-safe palette with one colour per concept across all lessons: the
platform is always blue, the merchant orange, members green (see `CONCEPT_COLOURS`).
Series never differ by colour alone: lines also differ in dash and point shape. A chart
builder computes no economics: it only draws what a model returned.

Reference: Okabe, M. and Ito, K. (2008), "Color Universal Design (CUD): how to make
figures and presentations that are friendly to colorblind people", J*FLY.

At about 390 lines the module runs past the house length (about 300): it holds the house style and the
row-swapping plumbing every panel's chart goes through (`records`, `with_rows`), one place.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
from altair.utils.core import sanitize_pandas_dataframe

from ..text import _

OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "grey": "#999999",
}

CONCEPT_COLOURS = {
    "platform 平台": OKABE_ITO["blue"],
    "merchant 商家": OKABE_ITO["orange"],
    "member 会员": OKABE_ITO["green"],
    "group-buy 团购": OKABE_ITO["vermillion"],
    "paid traffic 付费流量": OKABE_ITO["purple"],
    "free sharing 免费传播": OKABE_ITO["sky"],
    "other": OKABE_ITO["grey"],
}
"""One colour per concept, the same in every lesson."""

WIDTH = 560
HEIGHT = 300
DASHES = ([1, 0], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 4])
"""Stroke dashes, one per series in order: solid, dashed, dotted, dash-dot, ..."""
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down")
"""Point shapes, one per series in order."""


def dash_scale(categories: Sequence[str]) -> alt.Scale:
    """A dash for each category, in order, so lines differ without colour."""
    return alt.Scale(domain=list(categories), range=[DASHES[i % len(DASHES)] for i in range(len(categories))])


def shape_scale(categories: Sequence[str]) -> alt.Scale:
    """A point shape for each category, in order."""
    return alt.Scale(domain=list(categories), range=[SHAPES[i % len(SHAPES)] for i in range(len(categories))])


def described(chart: alt.TopLevelMixin, description: str) -> alt.TopLevelMixin:
    """Set the chart's text alternative in place (``properties`` would deep-copy every layer)."""
    chart.description = description
    return chart


def _quoted(text: str) -> str:
    """``text`` as a string literal of Vega's expression language."""
    return json.dumps(text, ensure_ascii=False)


def shown_label(values: Sequence[Hashable], field: str = "datum.label") -> str | None:
    """A Vega expression that writes each of ``values`` (the model's labels) in the reader's language.

    The data keep the model's labels, which the summaries, the site's grids and the code read; the
    legend, the axis and the tooltip show their translations (`text._`). None when nothing changes,
    as in English.
    """
    english = [str(value) for value in values if re.search("[A-Za-z]", str(value))]  # the rest is translated
    names = {value: _(value) for value in english if _(value) != value}
    if not names:
        return None
    expression = field
    for value, name in reversed(names.items()):
        expression = f"{field} === {_quoted(value)} ? {_quoted(name)} : ({expression})"
    return expression


def _shown_field(chart: alt.Chart, field: str, values: Sequence[Hashable]) -> tuple[alt.Chart, str]:
    """``chart`` with a field ``<field>_shown`` holding ``field``'s labels as the reader reads them."""
    expression = shown_label(values, f"datum[{json.dumps(field)}]")
    if expression is None:
        return chart, field
    return chart.transform_calculate(**{f"{field}_shown": expression}), f"{field}_shown"


def rows_where(frame: pd.DataFrame, **equal: object) -> alt.Chart:
    """A chart of the rows of ``frame`` whose columns equal the values given, picked in Vega.

    A mark drawn once per set of values (a rule, a marker, a label) reads the panel's one
    dataset this way, so that every layer draws the same rows and `with_rows` can swap them.
    """
    return alt.Chart(frame).transform_filter(
        " && ".join(f"datum.{k} == {json.dumps(v, ensure_ascii=False)}" for k, v in equal.items())
    )


def first_row(frame: pd.DataFrame, column: str) -> alt.Chart:
    """A chart of ``frame``'s first row, picked in Vega by ``column``'s first value (`rows_where`)."""
    return rows_where(frame, **{column: float(frame[column].iloc[0])})


def marker(frame: pd.DataFrame, first: str, x: str, y: str, colour: str, tooltips: dict[str, str]) -> alt.Chart:
    """A large diamond at (``x``, ``y``) of the row where ``first`` takes its first value (`first_row`).

    ``tooltips`` maps fields to their titles.
    """
    return (
        first_row(frame, first)
        .mark_point(size=220, filled=True, opacity=1, color=colour, stroke="black", shape="diamond")
        .encode(
            x=alt.X(x, type="quantitative"),
            y=alt.Y(y, type="quantitative"),
            tooltip=[
                alt.Tooltip(field, type="quantitative", title=title, format=",.2f") for field, title in tooltips.items()
            ],
        )
    )


def marked_lines(
    frame: pd.DataFrame,
    x: str,
    y: str,
    series: str,
    *,
    title: str,
    x_title: str,
    y_title: str,
    rule: tuple[str, str],
    chosen: tuple[str, str],
    chosen_titles: tuple[str, str],
) -> alt.LayerChart:
    """`lines` with a zero rule, a dashed vertical rule and the chosen point: a curve, its threshold, the choice.

    ``rule`` is ``(column, tooltip title)``: the x the dashed rule stands at, read from the first
    row. ``chosen`` is ``(x column, y column)`` of the diamond (`marker`), and ``chosen_titles``
    their tooltip titles. The chart's description is its title; its plot is `WIDTH` by `HEIGHT`, as `lines`'.
    """
    line = lines(frame, x, y, series, title=title, x_title=x_title, y_title=y_title, description=title, zero_rule=True)
    at, at_title = rule
    dashed = (
        first_row(frame, x)
        .mark_rule(strokeDash=[6, 4], color=OKABE_ITO["grey"], size=2)
        .encode(
            x=alt.X(at, type="quantitative"),
            tooltip=[alt.Tooltip(at, type="quantitative", title=at_title, format=".1%")],
        )
    )
    point = marker(frame, x, *chosen, OKABE_ITO["orange"], dict(zip(chosen, chosen_titles)))
    return described(alt.layer(*line.layer, dashed, point, width=WIDTH, height=HEIGHT), title)


def colour_scale(categories: Sequence[str]) -> alt.Scale:
    """A colour scale giving each category its concept colour, and no two categories one colour.

    Categories are matched to `CONCEPT_COLOURS` by their keys (``"member 会员"``) or by
    their first word (``"member 会员 + group-buy"``), so a model's labels keep their colour everywhere;
    a key outranks a first word, and a colour goes to one category only ("paid + free" does not take
    paid traffic's colour beside it). Categories left over take the Okabe-Ito colours no other uses.
    """
    by_word = {key.split()[0]: colour for key, colour in CONCEPT_COLOURS.items()}
    colours = {c: CONCEPT_COLOURS[c] for c in categories if c in CONCEPT_COLOURS}
    for c in categories:
        words = str(c).split()
        colour = by_word.get(words[0]) if words else None
        if c not in colours and colour is not None and colour not in colours.values():
            colours[c] = colour
    spare = iter(c for c in OKABE_ITO.values() if c not in colours.values())
    for c in categories:
        if c not in colours:
            colours[c] = next(spare, OKABE_ITO["grey"])
    return alt.Scale(domain=list(categories), range=[colours[c] for c in categories])


def _tooltips(frame: pd.DataFrame, fields: Sequence[str], titles: Sequence[str]) -> list[alt.Tooltip]:
    return [
        alt.Tooltip(
            field,
            type="quantitative" if pd.api.types.is_numeric_dtype(frame[field]) else "nominal",
            title=title,
            format=",.2f" if pd.api.types.is_float_dtype(frame[field]) else "",
        )
        for field, title in zip(fields, titles)
    ]


def lines(
    frame: pd.DataFrame,
    x: str,
    y: str,
    series: str,
    *,
    title: str,
    x_title: str,
    y_title: str,
    description: str,
    zero_rule: bool = False,
) -> alt.LayerChart:
    """Lines of ``y`` against ``x``, one per value of ``series``, with a tooltip per point.

    Series differ in colour, dash and point shape. ``zero_rule`` adds a grey rule at
    y = 0 (profit charts: above the line earns money).
    """
    categories = list(dict.fromkeys(frame[series]))
    columns = {"columns": 2} if len(categories) > 3 else {}  # four long names in one row run past the plot
    relabel = {"labelExpr": expression} if (expression := shown_label(categories)) else {}
    legend = alt.Legend(orient="top", symbolStrokeWidth=2.5, symbolSize=120, labelLimit=0, **columns, **relabel)
    base, shown = _shown_field(alt.Chart(frame, title=title, width=WIDTH, height=HEIGHT), series, categories)
    line = base.mark_line(point=True, strokeWidth=2.5).encode(
        x=alt.X(x, type="quantitative", title=x_title, scale=alt.Scale(nice=False)),
        y=alt.Y(y, type="quantitative", title=y_title),
        color=alt.Color(series, type="nominal", title=None, scale=colour_scale(categories), legend=legend),
        strokeDash=alt.StrokeDash(series, type="nominal", title=None, scale=dash_scale(categories), legend=legend),
        shape=alt.Shape(series, type="nominal", title=None, scale=shape_scale(categories), legend=legend),
        tooltip=_tooltips(frame.assign(**{shown: frame[series]}), [shown, x, y], [series, x_title, y_title]),
    )
    layers = [line]
    if zero_rule:
        layers.insert(
            0,
            alt.Chart(pd.DataFrame({"zero": [0]}))
            .mark_rule(color=OKABE_ITO["grey"])
            .encode(y=alt.Y("zero", type="quantitative")),
        )
    return described(alt.layer(*layers), description)


def bars(
    frame: pd.DataFrame,
    category: str,
    value: str,
    *,
    title: str,
    value_title: str,
    description: str,
    colour: str | None = None,
    sort: Sequence[str] | None = None,
) -> alt.Chart:
    """Horizontal bars of ``value`` by ``category``, each labelled on the axis.

    ``colour`` names a column to colour by.
    """
    colour_field = colour or category
    categories = list(dict.fromkeys(frame[colour_field]))
    return (
        alt.Chart(frame, title=title, width=WIDTH, height=alt.Step(28), description=description)
        .mark_bar()
        .encode(
            y=alt.Y(category, type="nominal", title=None, sort=list(sort) if sort else None),
            x=alt.X(value, type="quantitative", title=value_title),
            color=alt.Color(
                colour_field,
                type="nominal",
                title=None,
                scale=colour_scale(categories),
                legend=None if colour is None else alt.Legend(orient="top"),
            ),
            tooltip=_tooltips(frame, [category, value], [category, value_title]),
        )
    )


def waterfall(frame: pd.DataFrame, *, title: str, value_title: str, description: str) -> alt.LayerChart:
    """A waterfall: each step a bar from ``start_cny`` to ``end_cny``, totals in blue.

    ``frame`` has columns ``step`` (in order), ``amount_cny``, ``start_cny``, ``end_cny`` and
    ``kind`` (``"total"`` or ``"decrease"``/``"increase"``), as `groupbuy.voucher_waterfall` returns.
    """
    palette = {
        "total": OKABE_ITO["blue"],
        "decrease": OKABE_ITO["vermillion"],
        "increase": OKABE_ITO["green"],
    }
    kinds = {kind: palette[kind] for kind in dict.fromkeys(frame["kind"])}
    steps = list(dict.fromkeys(frame["step"]))  # once each, also on a grid of many vouchers
    base = alt.Chart(frame, title=title, width=WIDTH, height=HEIGHT)
    step_labels = {"labelExpr": expression} if (expression := shown_label(steps)) else {}
    kind_labels = {"labelExpr": expression} if (expression := shown_label(list(kinds))) else {}
    shown_base, shown = _shown_field(base, "step", steps)
    bar = shown_base.mark_bar(size=48).encode(
        x=alt.X("step", type="nominal", sort=steps, title=None, axis=alt.Axis(labelAngle=0, **step_labels)),
        y=alt.Y("start_cny", type="quantitative", title=value_title),
        y2=alt.Y2("end_cny"),
        color=alt.Color(
            "kind",
            type="nominal",
            title=None,
            scale=alt.Scale(domain=list(kinds), range=list(kinds.values())),
            legend=alt.Legend(orient="top", **kind_labels),
        ),
        tooltip=_tooltips(
            frame.assign(**{shown: frame["step"]}),
            [shown, "amount_cny", "end_cny"],
            [_("step"), _("change (CNY)"), _("running total (CNY)")],
        ),
    )
    # each amount sits just above its bar, on the page's own background: black on a dark bar is unreadable
    label = (
        base.transform_calculate(top_cny="max(datum.start_cny, datum.end_cny)")
        .mark_text(dy=-8, fontWeight="bold")
        .encode(
            x=alt.X("step", type="nominal", sort=steps),
            y=alt.Y("top_cny", type="quantitative"),
            text=alt.Text("amount_cny", type="quantitative", format=",.1f"),
        )
    )
    zero = alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule(color="black").encode(y=alt.Y("zero", type="quantitative"))
    return described(alt.layer(bar, label, zero), description)


def fan(
    frame: pd.DataFrame,
    x: str,
    series: str,
    *,
    title: str,
    x_title: str,
    y_title: str,
    description: str,
) -> alt.LayerChart:
    """A fan chart: 5-95% and 25-75% bands and the median line, one fan per ``series``.

    ``frame`` has columns ``x``, ``series``, ``p05``, ``p25``, ``p50``, ``p75``, ``p95``.
    The medians differ in dash as well as colour.
    """
    categories = list(dict.fromkeys(frame[series]))
    scale = colour_scale(categories)
    relabel = {"labelExpr": expression} if (expression := shown_label(categories)) else {}
    # in the reader's language; each swatch the median's line, dash and full colour, not the bands' pale fill
    legend = alt.Legend(
        orient="top", symbolType="stroke", symbolOpacity=1, symbolStrokeWidth=2.5, symbolSize=300, **relabel
    )
    base = alt.Chart(frame, title=title, width=WIDTH, height=HEIGHT)
    colour = alt.Color(series, type="nominal", title=None, scale=scale, legend=legend)
    x_enc = alt.X(x, type="quantitative", title=x_title, scale=alt.Scale(nice=False))  # the axis ends where the data do
    outer = base.mark_area(opacity=0.2).encode(
        x=x_enc, y=alt.Y("p05", type="quantitative", title=y_title), y2=alt.Y2("p95"), color=colour
    )
    inner = base.mark_area(opacity=0.35).encode(
        x=x_enc, y=alt.Y("p25", type="quantitative"), y2=alt.Y2("p75"), color=colour
    )
    median = base.mark_line(strokeWidth=2.5).encode(
        x=x_enc,
        y=alt.Y("p50", type="quantitative"),
        color=colour,
        strokeDash=alt.StrokeDash(series, type="nominal", title=None, scale=dash_scale(categories), legend=legend),
        tooltip=_tooltips(
            frame,
            [series, x, "p05", "p50", "p95"],
            [series, x_title, _("5th percentile"), _("median"), _("95th percentile")],
        ),
    )
    return described(alt.layer(outer, inner, median), description)


class Spec(dict):
    """A finished Vega-Lite spec that answers ``to_dict`` as an Altair chart does, so panels take either."""

    def to_dict(self, validate: bool = False, **_: Any) -> dict:
        return dict(self)


_TEMPLATES: dict[Hashable, tuple[dict, str]] = {}
_AS_IS, _CLEANED = "biu", "fO"
"""The NumPy dtype kinds `records` writes itself: whole numbers and flags as they are; floats,
objects (text) and categories with missing and non-finite values as None. Anything else
(dates, nullable dtypes) goes through Altair."""


def _plain(value: Any) -> Any:
    """A value as JSON can hold it: a missing or non-finite one as None, an array as a list."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value.tolist() if isinstance(value, np.ndarray) else value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """``frame``'s rows as the dicts Altair puts in a spec, built column by column.

    The same rows as Altair's ``sanitize_pandas_dataframe(frame).to_dict("records")``
    (NumPy scalars become Python ones, NaN and infinities None, categories their values),
    in about a tenth of the time: Altair copies the frame and converts it through pandas,
    which costs more than most models on every slider move.
    """
    kinds = ["O" if isinstance(column.dtype, pd.CategoricalDtype) else column.dtype.kind for _, column in frame.items()]
    if any(kind not in _AS_IS + _CLEANED for kind in kinds) or not all(isinstance(name, str) for name in frame.columns):
        return sanitize_pandas_dataframe(frame).to_dict(orient="records")
    columns = [
        column.tolist() if kind in _AS_IS else [_plain(value) for value in column.tolist()]
        for (_, column), kind in zip(frame.items(), kinds)
    ]
    names = list(frame.columns)
    return [dict(zip(names, row)) for row in zip(*columns)]


def with_rows(
    build: Callable[[pd.DataFrame], alt.TopLevelMixin],
    frame: pd.DataFrame,
    *,
    key: Hashable,
    description: str,
) -> Spec:
    """``build(frame)``'s spec, built by Altair once per ``key``; later calls only put in ``frame``'s rows.

    A slider move changes the rows a chart draws, not its structure, and building the
    Altair chart costs far more than the model: this keeps the spec of the first build
    and swaps its dataset. ``build`` must draw ``frame`` itself (every frame-dependent
    layer on that one dataset), and ``key`` must change whenever the structure would
    (for example with the categories the colour scale lists).

    Raises
    ------
    ValueError
        If no dataset of the first build holds ``frame``'s rows.
    """
    rows = records(frame)
    if key not in _TEMPLATES:
        spec = build(frame).to_dict(validate=False)
        main = next((name for name, values in spec.get("datasets", {}).items() if values == rows), None)
        if main is None:
            raise ValueError("the chart does not draw the frame it was given: with_rows cannot reuse it")
        _TEMPLATES[key] = (spec, main)
    spec, main = _TEMPLATES[key]
    return Spec({**spec, "datasets": {**spec["datasets"], main: rows}, "description": description})
