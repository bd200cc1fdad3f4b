"""A kernel-free chart computes the same rows as the live model: filtered from a grid, or by formula in Vega."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import pytest

from o2o_models.interactive.gridchart import (
    Axis,
    bound_chart,
    check_formulas,
    check_points,
    formula_chart,
    formula_frame,
    grid_frame,
)

PRICE = Axis("price", "Price (CNY)", 10, 30, 10, 20)
SHARE = Axis("share", "Share", 0.0, 0.5, 0.25, 0.25)
GROWTH = Axis("growth", "Growth (a month)", 0.8, 1.2, 0.1, 1.0)
FORMULAS = {
    "profit": "price * share * datum.month",
    "stock": "growth == 1 ? datum.month : (1 - pow(growth, datum.month)) / (1 - growth)",
}


def _profits(price: float, share: float, months: int = 3) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": range(1, months + 1),
            "profit": [price * share * m for m in range(1, months + 1)],
            "who": "merchant 商家",
        }
    )


def _stock(price: float, share: float, growth: float, months: int = 6) -> pd.DataFrame:
    """A closed form and a recurrence: profit = price x share x month, stock_t = growth x stock_(t-1) + 1."""
    stock, level = [], 0.0
    for _ in range(months):
        level = growth * level + 1
        stock.append(level)
    month = np.arange(1, months + 1)
    return pd.DataFrame({"month": month, "profit": price * share * month, "stock": stock, "who": "merchant 商家"})


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


def _stock_chart(frame: pd.DataFrame) -> alt.LayerChart:
    return _lines(frame, "stock", "Stock")


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


def test_vega_computes_the_formulas_as_the_python_model_does_at_every_grid_point() -> None:
    axes = [PRICE, SHARE, GROWTH]
    rows = _stock(20, 0.25, 1.0).drop(columns=list(FORMULAS))
    for values in grid_frame(lambda **v: pd.DataFrame([v]), axes).to_dict("records"):
        computed = formula_frame(rows, axes, FORMULAS, values)
        pd.testing.assert_frame_equal(computed[list(FORMULAS)], _stock(**values)[list(FORMULAS)], rtol=1e-12)


def test_a_formula_that_differs_from_the_model_is_refused_with_the_point_it_fails_at() -> None:
    wrong = {**FORMULAS, "stock": "pow(growth, datum.month)"}
    with pytest.raises(ValueError, match="the formula for 'stock' gives .* at .*'growth': 0.8"):
        check_formulas(_stock, [PRICE, SHARE, GROWTH], wrong)


def test_the_model_rows_outside_the_formulas_must_not_move_with_the_sliders() -> None:
    with pytest.raises(ValueError, match="must not depend on the sliders"):
        check_formulas(_stock, [PRICE, SHARE, GROWTH], {"profit": FORMULAS["profit"]})


def test_check_points_cover_every_axis_end_and_default_together() -> None:
    points = check_points([PRICE, GROWTH], extra=0)
    assert len(points) == 9 and {"price": 10, "growth": 1.0} in points and {"price": 30, "growth": 1.2} in points


def test_a_formula_chart_holds_one_set_of_rows_and_recomputes_its_columns_from_the_sliders() -> None:
    axes = [PRICE, SHARE, GROWTH]
    chart = formula_chart(_stock_chart, _stock, axes, FORMULAS)
    spec = chart.to_dict()
    assert [p["name"] for p in spec["params"]] == ["price", "share", "growth"]
    model_rows = max(spec["datasets"].values(), key=len)
    assert len(model_rows) == len(_stock(20, 0.25, 1.0)) and "stock" not in model_rows[0]
    calculated = [t["as"] for layer in spec["layer"] for t in layer.get("transform", []) if "calculate" in t]
    assert calculated == list(FORMULAS)


def test_a_formula_chart_draws_the_models_curve_at_the_sliders_defaults() -> None:
    import vl_convert

    chart = formula_chart(_stock_chart, _stock, [PRICE, SHARE, GROWTH], FORMULAS)
    scenegraph = str(vl_convert.vegalite_to_scenegraph(chart.to_dict()))
    assert "'marktype': 'line'" in scenegraph
