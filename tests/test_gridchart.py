"""A kernel-free chart computes the same rows as the live model: filtered from a grid by its sliders."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from o2o_models.interactive.gridchart import (
    Axis,
    bound_chart,
    grid_frame,
    packed_summaries,
    site_usermeta,
    unpacked_summary,
)

PRICE = Axis("price", "Price (CNY)", 10, 30, 10, 20)
SHARE = Axis("share", "Share", 0.0, 0.5, 0.25, 0.25)


def _profits(price: float, share: float, months: int = 3) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": range(1, months + 1),
            "profit": [price * share * m for m in range(1, months + 1)],
            "who": "merchant 商家",
        }
    )


def _lines(frame: pd.DataFrame, y: str, title: str) -> alt.LayerChart:
    """Lines of ``y`` by month over a zero rule with data of its own, as the lessons' charts are drawn."""
    zero = alt.Chart(pd.DataFrame({"zero": [0]})).mark_rule().encode(y="zero:Q")
    line = alt.Chart(frame, title=title).mark_line().encode(x="month:Q", y=alt.Y(y, type="quantitative"), color="who:N")
    return alt.layer(zero, line)


def _fan(frame: pd.DataFrame) -> alt.LayerChart:
    """Two layers on the same rows, which Altair moves up to the layer chart."""
    base = alt.Chart(frame, title="Fan")
    return alt.layer(
        base.mark_area().encode(x="month:Q", y="p05:Q", y2="p95"),
        base.mark_line().encode(x="month:Q", y="p50:Q"),
    )


def test_the_grid_holds_the_live_model_rows_at_every_point() -> None:
    grid = grid_frame(_profits, [PRICE, SHARE], months=3)
    assert len(grid) == 3 * 3 * 3
    point = grid[(grid.price == 30) & (grid.share == 0.5)].drop(columns=["price", "share"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(point, _profits(30, 0.5))


def test_axis_values_step_from_low_to_high() -> None:
    assert list(SHARE.values) == [0.0, 0.25, 0.5]


def test_an_axis_default_outside_its_range_is_refused() -> None:
    with pytest.raises(ValueError, match="default=5"):
        Axis("price", "Price", 10, 30, 10, 5)


def test_an_axis_default_between_two_steps_is_refused_so_the_site_starts_where_the_notebook_does() -> None:
    with pytest.raises(ValueError, match="default=0.7 is not one of the slider's steps 0, 0.25, 0.5, 0.75, 1"):
        Axis("trust", "Trust", 0.0, 1.0, 0.25, 0.7)


def test_an_axis_named_like_a_vega_signal_is_refused() -> None:
    with pytest.raises(ValueError, match="'width'"):
        Axis("width", "Width", 0, 1, 0.5, 0.5)


def test_each_grid_layer_is_filtered_by_the_sliders_and_other_layers_are_not() -> None:
    grid = grid_frame(_profits, [PRICE, SHARE])
    chart = bound_chart(lambda f: _lines(f, "profit", "Profit"), grid, [PRICE, SHARE])
    spec = chart.to_dict()
    assert [p["name"] for p in spec["params"]] == ["price", "share"]
    assert spec["params"][0]["bind"]["input"] == "range"
    filtered = [layer for layer in spec["layer"] if "transform" in layer]
    assert len(filtered) == 1 and "datum['price'] - price" in filtered[0]["transform"][0]["filter"]
    assert any(layer.get("title") == "Profit" for layer in spec["layer"])


def test_layers_sharing_the_grid_are_filtered_once_at_the_top() -> None:
    grid = grid_frame(_profits, [PRICE, SHARE])
    fan = grid.assign(p05=grid.profit, p25=grid.profit, p50=grid.profit, p75=grid.profit, p95=grid.profit)
    chart = bound_chart(_fan, fan, [PRICE, SHARE])
    spec = chart.to_dict()
    assert "share" in spec["transform"][0]["filter"]
    assert all("transform" not in layer for layer in spec["layer"])


def test_packed_summaries_give_back_every_summary_as_it_was() -> None:
    summaries = [
        "After 36 months: <b>-8,448 CNY</b>; from month <b>25</b> (3.5% a month)",
        "After 36 months: <b>13,999 CNY</b>; from month <b>17</b> (0.0% a month)",
        "never ahead in 36 months",
    ]
    packed = packed_summaries(summaries)
    assert len(packed["skeletons"]) == 2
    assert [unpacked_summary(packed, i) for i in range(3)] == summaries


def test_the_page_finds_the_starting_summary_at_the_starting_point() -> None:
    meta = site_usermeta(
        [PRICE, SHARE], "Profit", [f"price {p:g} share {s:g}" for p in PRICE.values for s in SHARE.values]
    )
    grid = meta["o2o_grid"]
    assert unpacked_summary(grid["summaries"], grid["start"]) == "price 20 share 0.25"


def test_a_model_column_named_like_a_slider_is_refused_as_its_value_would_overwrite_it() -> None:
    def curve(price: float, share: float) -> pd.DataFrame:  # a curve over the lever's own values
        return pd.DataFrame({"share": [0.0, 0.25, 0.5], "profit": [1.0, 2.0, 3.0]})

    with pytest.raises(ValueError, match=r"column named like a slider, \['share'\]"):
        grid_frame(curve, [PRICE, SHARE])
