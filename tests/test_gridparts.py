"""A kernel-free chart in parts: each part a grid of its own sliders, the summary line written from their pieces.

``o2o_models.interactive.gridparts`` builds it; the page's ``scripts/site/o2o-charts.js`` finds each part's point
and writes the line (``o2oCharts.summaryAt``), which tests/test_gridpack.py runs in Node against Python's.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from o2o_models.interactive.gridchart import Axis, grid_frame
from o2o_models.interactive.gridparts import SUM, Part, RankedLines, bound_parts, parts_usermeta, summary_at

RULE = RankedLines(frame="<b>Verdict</b>: \u0000", together="Both: \u0000 CNY.", alone=1)
PRICE = Axis("price", "Price (CNY)", 10, 30, 10, 20)
SHARE = Axis("share", "Share", 0.0, 0.2, 0.1, 0.1)
BUDGET = Axis("budget", "Budget (CNY)", 0, 2, 1, 1)
AXES = (PRICE, SHARE, BUDGET)


def test_the_pieces_that_rank_come_highest_first_and_together_adds_their_ranks() -> None:
    assert RULE.compose([("one.", 5.0), ("three.", 7.25)]) == "<b>Verdict</b>: three. one. Both: +12 CNY."
    assert RULE.compose([("one.", -2000.0), ("three.", -1500.0)]) == "<b>Verdict</b>: three. one. Both: -3,500 CNY."


def test_a_sum_halfway_between_two_whole_numbers_goes_to_the_even_one_as_python_writes_it() -> None:
    assert RULE.compose([("one.", 5.0), ("three.", 7.5)]).endswith("Both: +12 CNY.")
    assert RULE.compose([("one.", 5.0), ("three.", 8.5)]).endswith("Both: +14 CNY.")


def test_a_chinese_rule_writes_its_sentences_with_no_space_between() -> None:
    rule = RankedLines(frame="\u0000", together="合计 \u0000 元。", alone=1, gap="")
    assert rule.compose([("一。", 5.0), ("三。", 7.0)]) == "三。一。合计 +12 元。"


def test_equal_ranks_keep_the_parts_order() -> None:
    assert RULE.compose([("one.", 5.0), ("three.", 5.0)]).startswith("<b>Verdict</b>: one. three.")


def test_one_ranked_piece_stands_alone_without_together() -> None:
    assert RULE.compose([("", None), ("three.", 2.0)]) == "<b>Verdict</b>: three."
    assert RULE.compose([("one.", 2.0), ("nothing fits.", None)]) == "<b>Verdict</b>: one."


def test_with_no_ranked_piece_the_alone_part_speaks() -> None:
    assert RULE.compose([("", None), ("nothing fits.", None)]) == "<b>Verdict</b>: nothing fits."


def test_the_sum_slot_is_a_number_written_only_as_the_page_can_write_it() -> None:
    assert f"{SUM:+,.0f} CNY" == "\u0000 CNY"
    assert float(SUM) == 0.0
    with pytest.raises(ValueError, match="'\\+,.0f' only"):
        f"{SUM:.2f}"


def _part(axes: tuple[Axis, ...], who: str, bar: float) -> Part:
    """A part whose rows are the sum of its sliders' values, and whose piece ranks when the sum passes ``bar``."""

    def rows(**values: float) -> pd.DataFrame:
        return pd.DataFrame({"who": [who], "gain": [sum(values.values())]})

    grid = grid_frame(rows, axes)
    pieces = tuple((f"{who} {gain:.1f}.", gain if gain > bar else None) for gain in grid["gain"])
    return Part(axes, grid, pieces)


PARTS = (_part((PRICE, SHARE), "one", 20), _part((SHARE, BUDGET), "three", 2))


def _chart(frame: pd.DataFrame) -> alt.LayerChart:
    zero = alt.Chart(pd.DataFrame({"gain": [0.0]})).mark_rule().encode(x="gain:Q")
    return alt.layer(alt.Chart(frame).mark_bar().encode(x="gain:Q", y="who:N"), zero)


def test_each_part_is_its_own_dataset_filtered_by_its_own_sliders_only() -> None:
    spec = bound_parts(_chart, PARTS, AXES).to_dict()
    bars = [layer for layer in spec["layer"] if layer["mark"]["type"] == "bar"]
    assert len(bars) == 2 and len({layer["data"]["name"] for layer in bars}) == 2
    filters = [layer["transform"][-1]["filter"] for layer in bars]
    assert "price" in filters[0] and "share" in filters[0] and "budget" not in filters[0]
    assert "price" not in filters[1] and "share" in filters[1] and "budget" in filters[1]
    (rule,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert "transform" not in rule  # a layer with data of its own is left as it is
    assert [p["name"] for p in spec["params"]] == ["price", "share", "budget"]


def test_a_chart_of_parts_must_be_layered() -> None:
    with pytest.raises(TypeError, match="must be layered"):
        bound_parts(lambda frame: alt.Chart(frame).mark_bar(), PARTS, AXES)


def test_the_summary_at_any_point_is_composed_from_each_parts_piece_at_its_own_point() -> None:
    meta = parts_usermeta(AXES, "Gains", PARTS, RULE)["o2o_grid"]
    assert summary_at(meta, {"price": 30, "share": 0.2, "budget": 2}) == (
        "<b>Verdict</b>: one 30.2. three 2.2. Both: +32 CNY."
    )
    assert summary_at(meta, {"price": 10, "share": 0.0, "budget": 0}) == "<b>Verdict</b>: three 0.0."
