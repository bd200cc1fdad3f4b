"""A site chart's grid packed for its page: a short text a grid point, unpacked by the page's script.

A kernel-free chart (`gridchart`) carries the model's rows at every point of its sliders' grid. Each
point repeats what does not change (the months, the strategies' names) and would spell every number
in full, so `pack_grid` keeps of each point only what differs:

- a column that is the same at every point is written once, in the spec (a Vega ``calculate``; one
  travels as a list where no other does, so that the page has one to flatten), and a dataset whose
  every column is so keeps one point's rows and no filter; a column that is constant within each
  point is one value a point (``scalars``);
- every other column is a list of integer counts a point: a number counted in a power-of-ten ``unit``,
  `SIGNIFICANT` digits of its column's largest value (finer than the chart's pixels; the summary line
  is written from exact values), a text as the index of its label. The positions where every point
  agrees are written once (``template``, the baseline's months), the others a point at a time as
  their ``order``-th differences (a running total's steps vary little from month to month), in
  base-64 VLQ, the source maps' code (`vlq`): five bits a character, the sixth saying "more follows",
  the lowest bit the sign, and "-0" a missing number; a text is the index of its ``labels``.

A dataset is a grid over the sliders whose columns it holds: all of them, or a part's (`gridparts`), whose
packing names its sliders (``axes``). The spec's dataset keeps the starting point's row. Before the chart
draws, the page's o2o-charts.js (``o2oCharts.unpackRows``) rebuilds every point's row from
``usermeta.o2o_grid.packed``, numbers and texts as they were; then Vega keeps the sliders' point (the
grid's filter, `gridchart.bound_chart`), flattens its lists into rows, numbers them (``o2o_i``) and adds
the columns written once, before any transform of the chart's own.
tests/test_gridpack.py runs the page's script in Node and asks it for Python's numbers at every point.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

SIGNIFICANT = 4
"""A packed number keeps about this many significant digits of its column's largest value."""

DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
"""Base 64: a character's value is its place here (the alphabet of source maps' VLQ)."""

MISSING = 1
"""The VLQ code of "-0", which stands for a missing number."""

ORDERS = (0, 1, 2)
"""The differences a column may travel as: its counts, their steps, or the steps' steps."""

LAGS = (1, 2, 3, 4)
"""How far back a difference looks: the row before, or the same series' row when two to four series alternate."""


def vlq(counts: Sequence[int | None]) -> str:
    """``counts`` as base-64 VLQ: ``2|n|`` plus the sign, five bits a character, low bits first; None is "-0"."""
    text = []
    for count in counts:
        code = MISSING if count is None else (abs(count) << 1) | (count < 0)
        while True:
            digit, code = code & 31, code >> 5
            text.append(DIGITS[digit | (32 if code else 0)])
            if not code:
                break
    return "".join(text)


def differences(counts: Sequence[int], order: int, lag: int = 1) -> list[int]:
    """``counts`` differenced ``order`` times, ``lag`` places back, from 0: ``order`` running sums give them back."""
    values = list(counts)
    for _ in range(order):
        values = [b - a for a, b in zip([0] * lag + values[:-lag], values)]
    return values


def _shortest(counts: list[list[int | None]]) -> dict[str, object]:
    """The counts of every point as the order and lag of differences that write them shortest."""
    missing = any(v is None for c in counts for v in c)
    ways = [(0, 1)] if missing else [(order, lag) for order in ORDERS for lag in (LAGS if order else (1,))]
    order, lag, points = min(
        ((order, lag, [vlq(differences(c, order, lag)) for c in counts]) for order, lag in ways),
        key=lambda found: sum(map(len, found[2])),
    )
    return {"order": order, "lag": lag, "points": points}


def _scale(values: np.ndarray) -> float:
    """The unit a numeric column counts in: a power of ten, about 10^-SIGNIFICANT of its largest value."""
    finite = np.abs(values[np.isfinite(values)])
    largest = float(finite.max()) if finite.size else 0.0
    if largest == 0:
        return 1.0
    return float(10.0 ** (math.ceil(math.log10(largest)) - SIGNIFICANT))


def _plain(value: object) -> object:
    """A value as JSON writes it: numpy scalars as Python's, NaN as null."""
    value = value.item() if isinstance(value, np.generic) else value
    return None if isinstance(value, float) and not math.isfinite(value) else value


def packed_counts(counts: list[list[int | None]]) -> dict[str, object]:
    """Every point's counts of one column, as the page unpacks them: see the module docstring."""
    packed: dict[str, object] = {}
    if len({len(c) for c in counts}) == 1:
        template = counts[0]
        varying = [j for j in range(len(template)) if any(c[j] != template[j] for c in counts)]
        packed = {"template": vlq(template), "varying": vlq(differences(varying, 1))}
        counts = [[c[j] for j in varying] for c in counts]
    return {**packed, **_shortest(counts)}


def _counted(values: list, unit: float | None) -> tuple[list[int | None], dict[str, object]]:
    """Numbers as counts of ``unit`` (None: texts as indices of their labels), and how the page turns them back."""
    if unit is not None:
        return [None if v is None or not math.isfinite(v) else int(round(v / unit)) for v in values], {"unit": unit}
    labels = [_plain(v) for v in dict.fromkeys(values)]
    return [labels.index(_plain(v)) for v in values], {"labels": labels}


def _listed(blocks: list[list], unit: float | None, start: int) -> tuple[dict[str, object], list]:
    """A list column: every point's values packed (`packed_counts`), and the starting point's values."""
    counts, back = _counted([v for b in blocks for v in b], unit)
    sizes = np.cumsum([0, *map(len, blocks)])
    packed = packed_counts([counts[a:b] for a, b in zip(sizes, sizes[1:])])
    return {**packed, **back}, [_plain(v) for v in blocks[start]]


def _numeric(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


def _literal(values: list) -> str:
    return json.dumps([_plain(v) for v in values])


def _point_of(values: Sequence[float], axes: Sequence[dict]) -> int:
    """The index of a grid point from its axes' values, the last axis stepping fastest."""
    point = 0
    for value, axis in zip(values, axes):
        point = point * axis["count"] + int(round((value - axis["low"]) / axis["step"]))
    return point


def start_values(meta: dict) -> dict[str, float]:
    """Each slider's value at the grid's starting point (``meta["start"]``, the last axis stepping fastest)."""
    values, rest = {}, meta["start"]
    for axis in reversed(meta["axes"]):
        values[axis["name"]] = axis["low"] + axis["step"] * (rest % axis["count"])
        rest //= axis["count"]
    return values


def pack_grid(spec: dict) -> dict:
    """A site chart's Vega-Lite ``spec`` with its grid packed (module docstring); unchanged without a grid.

    A spec has a grid when its ``usermeta.o2o_grid`` (`gridchart.site_usermeta`) names its axes; a
    dataset is packed when its rows hold every point of the axes whose columns it has.
    """
    meta = spec.get("usermeta", {}).get("o2o_grid")
    if not meta:
        return spec
    spec = copy.deepcopy(spec)
    meta = spec["usermeta"]["o2o_grid"]
    datasets = spec.get("datasets", {})
    for key, rows in list(datasets.items()):
        axes = [axis for axis in meta["axes"] if rows and axis["name"] in rows[0]]
        if not axes:
            continue
        names = [axis["name"] for axis in axes]
        points = math.prod(axis["count"] for axis in axes)
        predicate = " && ".join(f"abs(datum['{a['name']}'] - {a['name']}) < {a['step'] / 2}" for a in axes)
        frame = pd.DataFrame(rows)
        found = {_point_of(values, axes): block for values, block in frame.groupby(names, sort=False)}
        if sorted(found) != list(range(points)):
            continue  # not every point: left as it is
        groups = [found[point] for point in range(points)]
        first = _point_of([start_values(meta)[name] for name in names], axes)
        start = {name: _plain(groups[first][name].iloc[0]) for name in names}
        scalars, arrays, rebuild = {}, {}, {}
        for column in frame.columns.drop(names):
            blocks = [block[column].tolist() for block in groups]
            numeric = _numeric(frame[column])
            unit = _scale(frame[column].to_numpy(dtype=float)) if numeric else None
            if len(blocks[0]) > 1 and all(b == blocks[0] for b in blocks):
                rebuild[column] = f"{_literal(blocks[0])}[datum.o2o_i - 1]"
            elif all(len({json.dumps(_plain(v)) for v in b}) <= 1 for b in blocks):
                firsts = [_plain(b[0]) for b in blocks]
                if numeric or all(isinstance(v, str) for v in firsts):
                    counts, back = _counted(firsts, unit)
                    scalars[column] = {**_shortest([counts]), **back}
                else:
                    scalars[column] = firsts
                start[column] = firsts[first]
            else:
                arrays[column], start[column] = _listed(blocks, unit, first)
        if not arrays and not scalars:  # every point the same rows: one point's, with no filter
            datasets[key] = [{k: _plain(v) for k, v in row.items()} for row in groups[first].to_dict("records")]
            _unpack_views(spec, key, predicate, [])
            continue
        if rebuild and not arrays:  # a column every point shares travels as a list: the page flattens it
            column = next(iter(rebuild))
            del rebuild[column]
            blocks = [block[column].tolist() for block in groups]
            unit = _scale(frame[column].to_numpy(dtype=float)) if _numeric(frame[column]) else None
            arrays[column], start[column] = _listed(blocks, unit, first)
        datasets[key] = [start]
        meta.setdefault("packed", []).append({"dataset": key, "axes": names, "scalars": scalars, "arrays": arrays})
        unpack = [{"filter": predicate}]
        if arrays:
            unpack += [
                {"flatten": list(arrays)},
                {"window": [{"op": "row_number", "as": "o2o_i"}], "frame": [None, 0]},
                *({"calculate": expression, "as": column} for column, expression in rebuild.items()),
            ]
        _unpack_views(spec, key, predicate, unpack)
    return spec


def _unpack_views(node: dict, dataset: str, predicate: str, unpack: list[dict]) -> None:
    """In every view of ``node`` that reads ``dataset`` (or inherits it), unpack its rows before its own transforms."""
    reads = node.get("data", {}).get("name") == dataset
    transforms = [t for t in node.get("transform", []) if t != {"filter": predicate}]
    if reads:
        node["transform"] = [*unpack, *transforms]
    for layer in node.get("layer", []):
        if "data" in layer:
            _unpack_views(layer, dataset, predicate, unpack)
        elif not reads:
            layer["transform"] = [t for t in layer.get("transform", []) if t != {"filter": predicate}]
