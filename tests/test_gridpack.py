"""A packed grid gives back, in the page's own script, the model's numbers at every grid point.

``o2o_models.interactive.gridpack`` writes each site chart's grid compactly; the page's
``scripts/site/o2o-charts.js`` (``o2oCharts.unpackRows``) rebuilds the rows before the chart draws.
These tests run that script in Node on the packed spec and compare what it rebuilds with the rows
Python computed: every axis value and text exactly, every number to half its column's unit.
"""

from __future__ import annotations

import dataclasses
import importlib
import itertools
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import pytest
from test_gridparts import AXES as PART_AXES
from test_gridparts import PARTS, RULE, _chart

from o2o_models.interactive.gridchart import Axis, bound_chart, grid_frame, site_usermeta
from o2o_models.interactive.gridpack import DIGITS, differences, pack_grid, vlq
from o2o_models.interactive.gridparts import bound_parts, parts_usermeta, summary_at

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "site" / "o2o-charts.js"
NODE = shutil.which("node")
LESSONS = ("intro", "leg1", "leg2", "leg3", "synthesis")

needs_node = pytest.mark.skipif(NODE is None, reason="no node here to run the page's script")


def _in_node(tmp_path: Path, expression: str, **values: object) -> object:
    """``expression`` evaluated in Node after the page's script, with ``values`` bound as constants."""
    program = tmp_path / "program.js"
    bound = "".join(f"const {name} = {json.dumps(value)};\n" for name, value in values.items())
    program.write_text(
        f"{SCRIPT.read_text(encoding='utf-8')}\n{bound}console.log(JSON.stringify({expression}));", encoding="utf-8"
    )
    result = subprocess.run([NODE, str(program)], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(result.stdout)


def _unpacked(tmp_path: Path, spec: dict) -> dict[str, pd.DataFrame]:
    """Each packed dataset of ``spec`` as the page rebuilds it, one row per grid row (lists flattened)."""
    grid = spec["usermeta"]["o2o_grid"]
    rebuilt = _in_node(
        tmp_path,
        "Object.fromEntries(grid.packed.map(p => [p.dataset, o2oCharts.unpackRows(grid, p)]))",
        grid=grid,
    )
    frames = {}
    for packed in grid["packed"]:
        lists = list(packed["arrays"])
        frame = pd.DataFrame(rebuilt[packed["dataset"]])
        frames[packed["dataset"]] = (frame.explode(lists) if lists else frame).reset_index(drop=True)
    return frames


def _missing(value: object) -> object:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def assert_page_gives_back_the_grid(tmp_path: Path, spec: dict) -> None:
    """Every packed dataset of ``spec``, rebuilt by the page's script, is its rows (numbers to half their unit)."""
    packed_spec = pack_grid(spec)
    meta = packed_spec["usermeta"]["o2o_grid"]
    if not meta.get("packed"):
        return  # no dataset varies within a point: its rows travel as they are
    for dataset, rebuilt in _unpacked(tmp_path, packed_spec).items():
        original = pd.DataFrame(spec["datasets"][dataset])
        packed = next(p for p in meta["packed"] if p["dataset"] == dataset)
        assert len(rebuilt) == len(original)
        for column in rebuilt.columns:
            want, got = original[column].tolist(), rebuilt[column].tolist()
            packing = packed["arrays"].get(column) or packed["scalars"].get(column)
            unit = packing.get("unit") if isinstance(packing, dict) else None
            if unit is None and column not in [a["name"] for a in meta["axes"]]:
                assert [_missing(w) for w in want] == [_missing(g) for g in got], column  # NaN travels as null
                continue
            want = np.array([np.nan if w is None else w for w in want], dtype=float)
            got = np.array([np.nan if g is None else g for g in got], dtype=float)
            tolerance = (unit or 0) / 2 * (1 + 1e-9) + 1e-9 * np.nanmax(np.abs(want), initial=1)
            np.testing.assert_allclose(got, want, rtol=0, atol=tolerance, equal_nan=True, err_msg=column)


def test_vlq_writes_five_bits_a_character_with_the_sign_lowest_and_minus_zero_for_a_missing_number() -> None:
    assert vlq([0, 1, -1, 15, 16, None]) == "ACDegBB"
    assert set(vlq(range(-5000, 5000, 7))) <= set(DIGITS)


def test_differences_of_each_order_add_back_up_to_the_counts() -> None:
    counts = [3, 5, 9, 9, 2]
    assert differences(counts, 0) == counts
    assert differences(counts, 1) == [3, 2, 4, 0, -7]
    assert np.cumsum(np.cumsum(differences(counts, 2))).tolist() == counts


@needs_node
def test_the_page_reads_back_every_number_vlq_writes(tmp_path: Path) -> None:
    numbers = [0, 1, -1, 31, -32, 1023, -1024, 10**6, -(10**9), None, 7]
    assert _in_node(tmp_path, "o2oCharts.unvlq(text)", text=vlq(numbers)) == numbers


def _profits(price: float, share: float, months: int = 6) -> pd.DataFrame:
    """Two running totals, a text that changes with the point, a missing number and a month list all points share."""
    month = np.arange(1, months + 1)
    return pd.DataFrame(
        {
            "month": np.concatenate([month, month]),
            "who": ["merchant 商家"] * months + ["platform"] * months,
            "profit": np.concatenate([price * share * month, 100.0 * month]),
            "note": "loses" if price * share < 5 else "pays",
            "state": ["low" if price * share * m < 10 else "high" for m in month] * 2,
            "month_ahead": np.nan if share == 0 else 3.0,
        }
    )


AXES = [Axis("price", "Price (CNY)", 10, 30, 5, 20), Axis("share", "Share", 0.0, 0.5, 0.1, 0.2)]


@needs_node
def test_the_page_rebuilds_a_small_grid_as_python_computed_it(tmp_path: Path) -> None:
    grid = grid_frame(_profits, AXES)
    chart = bound_chart(
        lambda frame: alt.Chart(frame).mark_line().encode(x="month:Q", y="profit:Q", color="who:N"), grid, AXES
    )
    summaries = ["s"] * math.prod(len(a.values) for a in AXES)
    spec = chart.properties(usermeta=site_usermeta(AXES, "Profit", summaries)).to_dict()
    assert_page_gives_back_the_grid(tmp_path, spec)
    packed = pack_grid(spec)["usermeta"]["o2o_grid"]["packed"][0]
    assert set(packed["scalars"]) == {"note", "month_ahead"} and set(packed["arrays"]) == {"profit", "state"}
    assert "template" in packed["arrays"]["profit"]  # the platform's months are written once
    steps = [next(iter(step)) for step in pack_grid(spec)["transform"]]
    assert steps[:3] == ["filter", "flatten", "window"]  # the sliders' point first, then its rows


@pytest.mark.slow  # builds every lesson's site grid
@needs_node
@pytest.mark.parametrize("lesson", LESSONS)
def test_every_lessons_site_chart_is_rebuilt_by_the_page_as_python_computed_it(tmp_path: Path, lesson: str) -> None:
    alt.data_transformers.disable_max_rows()
    sys.path.insert(0, str(ROOT / "scripts"))
    panels = importlib.import_module(f"o2o_models.lessons.{lesson}.panels")
    for make in panels.SITE_CHARTS.values():
        assert_page_gives_back_the_grid(tmp_path, make().to_dict())


@needs_node
def test_a_curve_every_point_shares_keeps_its_rows_beside_a_value_that_moves(tmp_path: Path) -> None:
    def curve(price: float, share: float) -> pd.DataFrame:  # lesson 01's member discount: one curve, a chosen point
        return pd.DataFrame({"discount": [0.0, 0.1, 0.2], "gain": [1.0, 3.0, 2.0], "chosen": price * share})

    grid = grid_frame(curve, AXES)
    chart = bound_chart(lambda frame: alt.Chart(frame).mark_line().encode(x="discount:Q", y="gain:Q"), grid, AXES)
    summaries = ["s"] * math.prod(len(a.values) for a in AXES)
    spec = chart.properties(usermeta=site_usermeta(AXES, "Gain", summaries)).to_dict()
    assert_page_gives_back_the_grid(tmp_path, spec)
    assert list(pack_grid(spec)["usermeta"]["o2o_grid"]["packed"][0]["arrays"]) == ["discount"]


@needs_node
def test_the_page_writes_a_sum_as_python_writes_it(tmp_path: Path) -> None:
    numbers = [0.0, -0.0, 0.4, -0.4, 0.5, 1.5, 2.5, -2.5, 12.5, 999.5, 1000.5, 1234567.49, -7654321.51, 1e12 + 0.5]
    assert _in_node(tmp_path, "numbers.map(o2oCharts.signed)", numbers=numbers) == [f"{n:+,.0f}" for n in numbers]


@needs_node
@pytest.mark.parametrize("gap", [" ", ""], ids=["english-space", "chinese-no-space"])
def test_the_page_rebuilds_each_part_and_writes_every_summary_as_python_does(tmp_path: Path, gap: str) -> None:
    meta = parts_usermeta(PART_AXES, "Gains", PARTS, dataclasses.replace(RULE, gap=gap))
    spec = bound_parts(_chart, PARTS, PART_AXES).properties(usermeta=meta).to_dict()
    assert_page_gives_back_the_grid(tmp_path, spec)
    assert [p["axes"] for p in pack_grid(spec)["usermeta"]["o2o_grid"]["packed"]] == [
        ["price", "share"],
        ["share", "budget"],
    ]
    points = [dict(zip([a.name for a in PART_AXES], p)) for p in itertools.product(*(a.values for a in PART_AXES))]
    steps = [{a.name: int(round((p[a.name] - a.low) / a.step)) for a in PART_AXES} for p in points]
    written = _in_node(
        tmp_path,
        "steps.map((s) => o2oCharts.summaryAt(grid, new Map(Object.entries(s))))",
        steps=steps,
        grid=meta["o2o_grid"],
    )
    assert written == [summary_at(meta["o2o_grid"], p) for p in points]
    assert len(set(written)) > 10  # the pieces, their order and the sum all vary over the grid
