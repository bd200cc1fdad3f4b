"""Panels redraw in place, reset, take presets, refuse bad values, show errors, and leave a static image."""

from __future__ import annotations

import base64
import math

import altair as alt
import ipywidgets as widgets
import pandas as pd
import pytest

from o2o_models.interactive.livechart import VEGALITE_MIME, LiveChart
from o2o_models.interactive.widgets import ModelPanel, slider


def _compute(price: float, share: float) -> pd.DataFrame:
    if price > 90:
        raise ValueError(f"price={price} is outside [0, 90]: the price in CNY")
    return pd.DataFrame({"month": [1, 2, 3], "profit": [price * share * m for m in (1, 2, 3)]})


def _show(frame: pd.DataFrame, **values: float) -> tuple[alt.Chart, str]:
    chart = alt.Chart(frame, title="Profit").mark_line().encode(x="month:Q", y="profit:Q")
    return chart, f"profit in month 3: {frame.profit.iloc[-1]:.1f} CNY"


def _panel() -> ModelPanel:
    controls = {
        "price": slider("Price 价格", 50, 0, 100, 1, "CNY"),
        "share": slider("Share", 0.5, 0, 1, 0.05, "fraction", percent=True),
    }
    return ModelPanel(controls, _compute, _show, presets={"cheap": {"price": 10, "share": 0.2}}, title="Test")


def _datasets(chart: LiveChart) -> list[dict]:
    return next(iter(chart.spec["datasets"].values()))


def test_moving_a_slider_sends_only_new_rows_and_updates_the_summary() -> None:
    panel = _panel()
    drawn_spec = dict(panel.chart.spec)
    panel.controls["price"].value = 60
    assert panel.chart.datasets["o2o_rows_0"][-1]["profit"] == pytest.approx(90.0)
    changing = ("datasets", "description")  # the data and the text alternative that follows them
    assert {k: v for k, v in panel.chart.spec.items() if k not in changing} == {
        k: v for k, v in drawn_spec.items() if k not in changing
    }
    assert "90.0 CNY" in panel.status.value


def test_a_new_chart_structure_replaces_the_whole_spec() -> None:
    chart = LiveChart(_show(_compute(10, 0.5))[0])
    other = _show(_compute(10, 0.5))[0].mark_bar()
    chart.update(other)
    assert chart.spec["mark"]["type"] == "bar"


def test_a_preset_sets_every_control_and_reset_restores_the_defaults() -> None:
    panel = _panel()
    panel.preset.value = "cheap"
    assert panel.values == {"price": 10, "share": 0.2}
    assert _datasets(panel.chart)[-1]["profit"] == pytest.approx(6.0)
    panel.reset()
    assert panel.values == {"price": 50, "share": 0.5}
    assert panel.preset.value == "(custom)"


def test_a_model_error_shows_in_the_status_line_and_the_chart_keeps_its_last_state() -> None:
    panel = _panel()
    before = _datasets(panel.chart)
    panel.controls["price"].value = 95
    assert "price=95" in panel.status.value
    assert _datasets(panel.chart) == before


def test_set_values_rejects_a_control_the_panel_does_not_have() -> None:
    with pytest.raises(ValueError, match="unknown control"):
        _panel().set_values(discount=0.3)


def test_the_stored_output_carries_the_widget_the_vega_lite_json_and_a_png() -> None:
    data, _ = _panel()._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert data[VEGALITE_MIME]["title"] == "Profit"
    assert base64.b64decode(data["image/png"]).startswith(b"\x89PNG")


def test_a_non_finite_value_is_refused_and_its_control_named_in_the_status_line() -> None:
    panel = _panel()
    drawn = _datasets(panel.chart)
    panel.controls["share"].value = math.nan  # a slider clamps inf to its max, but lets NaN through
    assert "share=nan is outside [0, 1]: Share (fraction); kept 0.5" in panel.status.value
    assert panel.values == {"price": 50, "share": 0.5}
    assert _datasets(panel.chart) == drawn


def test_an_infinite_value_typed_into_a_box_is_refused_too() -> None:
    controls = {
        "price": widgets.FloatText(value=50, description="Price 价格 (CNY)"),
        "share": slider("Share", 0.5, 0, 1, 0.05, "fraction"),
    }
    panel = ModelPanel(controls, _compute, _show)
    panel.controls["price"].value = -math.inf
    assert "price=-inf is outside (-inf, inf): Price 价格 (CNY); kept 50" in panel.status.value
    assert panel.values == {"price": 50, "share": 0.5}


def test_set_values_refuses_a_value_out_of_its_controls_range_and_changes_nothing() -> None:
    panel = _panel()
    with pytest.raises(ValueError, match=r"price=500 is outside \[0, 100\]: Price 价格 \(CNY\)"):
        panel.set_values(share=0.2, price=500)
    assert panel.values == {"price": 50, "share": 0.5}
    assert "price=500" in panel.status.value and "no control changed" in panel.status.value


@pytest.mark.parametrize("bad", [None, "60", True, [60, 70]])
def test_set_values_refuses_what_is_not_a_number_and_changes_nothing(bad: object) -> None:
    panel = _panel()
    with pytest.raises(TypeError, match="price="):
        panel.set_values(share=0.2, price=bad)
    assert panel.values == {"price": 50, "share": 0.5}


def test_a_whole_number_control_takes_whole_numbers_only() -> None:
    controls = {
        "bidders": widgets.IntSlider(value=5, min=1, max=20, description="Bidders"),
        "price": slider("Price 价格", 50, 0, 100, 1, "CNY"),
    }
    panel = ModelPanel(controls, lambda bidders, price: _compute(price, bidders / 10), _show)
    with pytest.raises(ValueError, match=r"bidders=2.5 is outside the whole numbers 1 to 20: Bidders"):
        panel.set_values(price=60, bidders=2.5)
    panel.set_values(bidders=10.0, price=60)
    assert panel.values == {"bidders": 10, "price": 60}


def test_a_value_a_menu_refuses_puts_every_control_back() -> None:
    controls = {
        "price": slider("Price 价格", 50, 0, 100, 1, "CNY"),
        "share": widgets.Dropdown(options=[0.2, 0.5], value=0.5, description="Share"),
    }
    panel = ModelPanel(controls, _compute, _show)
    with pytest.raises(ValueError, match="share=0.3 is refused by its control"):
        panel.set_values(price=60, share=0.3)
    assert panel.values == {"price": 50, "share": 0.5}


def test_a_preset_with_a_bad_value_changes_nothing_and_says_why() -> None:
    controls = {
        "price": slider("Price 价格", 50, 0, 100, 1, "CNY"),
        "share": slider("Share", 0.5, 0, 1, 0.05, "fraction", percent=True),
    }
    panel = ModelPanel(controls, _compute, _show, presets={"broken": {"price": 10, "share": math.nan}})
    panel.preset.value = "broken"
    assert panel.values == {"price": 50, "share": 0.5}
    assert "share=nan" in panel.status.value


def test_a_type_error_from_the_model_shows_in_the_status_line() -> None:
    def compute(price: float, share: float) -> pd.DataFrame:
        if share > 0.9:
            raise TypeError("share=0.95 is not a single number")
        return _compute(price, share)

    panel = ModelPanel(
        {
            "price": slider("Price 价格", 50, 0, 100, 1, "CNY"),
            "share": slider("Share", 0.5, 0, 1, 0.05, "fraction"),
        },
        compute,
        _show,
    )
    panel.controls["share"].value = 0.95
    assert "share=0.95 is not a single number" in panel.status.value


def test_a_typed_percentage_sets_its_fraction() -> None:
    panel = _panel()
    panel.boxes["share"].value = "60%"
    assert panel.controls["share"].value == 0.6
    assert panel.boxes["share"].value == "60%"
    panel.boxes["share"].value = "0.25"
    assert panel.controls["share"].value == 0.25 and panel.boxes["share"].value == "25%"


def test_a_typed_value_out_of_range_is_refused_with_a_warning_not_clamped() -> None:
    panel = _panel()
    panel.boxes["share"].value = "150%"
    assert panel.controls["share"].value == 0.5
    assert "⚠ share=1.5 is outside [0, 1]: Share (fraction); kept 50%" in panel.status.value
    assert panel.boxes["share"].value == "50%"


def test_typed_text_that_is_no_number_is_refused_and_named() -> None:
    panel = _panel()
    panel.boxes["price"].value = "cheap"
    assert panel.controls["price"].value == 50
    assert "Price 价格 (CNY): 'cheap' is not a number" in panel.status.value


def test_a_moved_slider_lands_on_its_step_without_float_noise() -> None:
    panel = _panel()
    panel.controls["price"].value = 20.000000000000004  # what the browser sends for min + k * step
    panel.controls["share"].value = 0.15000000000000002
    assert panel.values == {"price": 20.0, "share": 0.15}


def test_after_a_slider_moves_the_preset_menu_says_custom_and_the_preset_loads_again() -> None:
    panel = _panel()
    panel.preset.value = "cheap"
    panel.controls["share"].value = 0.4
    assert panel.preset.value == "(custom)"
    panel.preset.value = "cheap"
    assert panel.values == {"price": 10, "share": 0.2}


def test_choosing_a_merchant_loads_its_figures_so_merchant_and_preset_never_disagree() -> None:
    controls = {
        "merchant": widgets.Dropdown(options=["cheap", "dear"], value="cheap"),
        "price": slider("Price 价格", 10, 0, 100, 1, "CNY"),
    }
    presets = {"cheap": {"merchant": "cheap", "price": 10}, "dear": {"merchant": "dear", "price": 90}}
    compute = lambda merchant, price: _compute(price, 0.5)  # noqa: E731
    panel = ModelPanel(controls, compute, _show, presets=presets, leader="merchant")
    panel.controls["merchant"].value = "dear"
    assert panel.values == {"merchant": "dear", "price": 90} and panel.preset.value == "dear"
    panel.controls["price"].value = 30
    assert panel.preset.value == "(custom)" and panel.values["merchant"] == "dear"


def test_float_noise_from_the_browser_moves_nothing_and_keeps_the_preset_shown() -> None:
    panel = _panel()
    panel.preset.value = "cheap"
    panel.controls["price"].value = 10.000000000000002
    assert panel.preset.value == "cheap" and panel.values == {"price": 10, "share": 0.2}
