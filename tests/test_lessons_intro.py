"""Lesson 00: the warm-up panel responds, its site grid matches it, and the checks explain."""

from __future__ import annotations

import pandas as pd
import pytest

from o2o_models import groupbuy
from o2o_models.lessons import intro


def _rows(panel) -> list[dict]:
    return next(iter(panel.chart.spec["datasets"].values()))


def test_moving_the_rebate_slider_redraws_a_smaller_margin() -> None:
    panel = intro.warmup_panel()
    before = _rows(panel)[-1]["amount_cny"]
    panel.controls["commission"].value = 0.3
    assert _rows(panel)[-1]["amount_cny"] < before
    assert "rebate" in panel.status.value


def test_the_cinema_preset_earns_on_each_voucher() -> None:
    panel = intro.warmup_panel()
    panel.preset.value = "cinema"
    assert _rows(panel)[-1]["amount_cny"] == pytest.approx(18.0)


def test_the_site_grid_holds_what_the_live_panel_computes() -> None:
    panel = intro.warmup_panel()
    spec = intro.warmup_site_chart().to_dict()
    grid = pd.DataFrame(next(iter(spec["datasets"].values())))
    point = grid[(grid.commission.round(6) == 0.2) & (grid.discount.round(6) == 0.6)]
    live = panel.compute(**{**panel.values, "commission": 0.2, "discount": 0.6})
    assert point["amount_cny"].tolist() == pytest.approx(live["amount_cny"].tolist())


def test_the_checks_accept_the_model_answer_and_explain_a_wrong_one() -> None:
    assert intro.check_leg_for_furniture("3").correct
    assert "prepayment" in intro.check_leg_for_furniture("1").message
    assert intro.check_voucher_margin(18).correct
    assert "too high" in intro.check_voucher_margin(36).message
    assert intro.check_groupbuy_share(intro.groupbuy_revenue_share()).correct
    assert "percentage" in intro.check_groupbuy_share(intro.groupbuy_revenue_share() * 100).message


def test_the_warmup_matches_the_model() -> None:
    frame = intro.voucher_waterfall(list_price=200, discount=0.5, commission=0.1, unit_cost=100)
    assert frame["amount_cny"].iloc[-1] == float(groupbuy.voucher_margin(200, 0.5, 0.1, 100))


def test_a_bad_value_shows_in_the_status_line() -> None:
    panel = intro.warmup_panel()
    panel.set_values(discount=0.9, list_price=50)
    panel.controls["list_price"].min = 0
    panel.set_values(list_price=0)
    assert "list_price=0" in panel.status.value
