"""Panels redraw in place, reset, take presets, show errors, and leave a static image."""

from __future__ import annotations

import base64

import altair as alt
import pandas as pd
import pytest

from o2o_models.livechart import VEGALITE_MIME, LiveChart
from o2o_models.widgets import ModelPanel, slider


def _compute(price: float, share: float) -> pd.DataFrame:
    if price > 90:
        raise ValueError(f"price={price} is outside [0, 90]: the price in CNY")
    return pd.DataFrame({"month": [1, 2, 3], "profit": [price * share * m for m in (1, 2, 3)]})


def _show(frame: pd.DataFrame, **values: float) -> tuple[alt.Chart, str]:
    chart = alt.Chart(frame, title="Profit").mark_line().encode(x="month:Q", y="profit:Q")
    return chart, f"profit in month 3: {frame.profit.iloc[-1]:.1f} CNY"


def _panel() -> ModelPanel:
    controls = {"price": slider("Price 价格", 50, 0, 100, 1, "CNY"),
                "share": slider("Share", 0.5, 0, 1, 0.05, "fraction", percent=True)}
    return ModelPanel(controls, _compute, _show, presets={"cheap": {"price": 10, "share": 0.2}}, title="Test")


def _datasets(chart: LiveChart) -> list[dict]:
    return next(iter(chart.spec["datasets"].values()))


def test_moving_a_slider_sends_only_new_rows_and_updates_the_summary() -> None:
    panel = _panel()
    drawn_spec = dict(panel.chart.spec)
    panel.controls["price"].value = 60
    assert panel.chart.datasets["o2o_rows_0"][-1]["profit"] == pytest.approx(90.0)
    assert {k: v for k, v in panel.chart.spec.items() if k != "datasets"} == \
           {k: v for k, v in drawn_spec.items() if k != "datasets"}
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
