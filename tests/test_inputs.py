"""Issue 13's reproducers, one test each: every one now gives a clear error or a correct result.

The issue was filed before the economics was reworked; where a function has gone
(``diffusion``, ``traffic.simulate_merchant_months``) the reproducer is run on the
function that does its work now, and where one has changed (``scorecard`` builds a
``Merchant``) on its current form. Every error names the parameter, its value and what
is allowed.
"""

from __future__ import annotations

import importlib
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from o2o_models import auctions, groupbuy, membership, operations, scenarios, strategy, traffic
from o2o_models.scenarios import DATA_DIR

INF = math.inf

# ±inf passed the checks although the message said [0, inf) -----------------------------------


def test_an_infinite_list_price_is_refused_not_turned_into_nan() -> None:
    with pytest.raises(ValueError, match=r"list_price=inf is outside \(0, 1e\+09\]: the list price"):
        groupbuy.voucher_waterfall(INF, 0.5, 0.1, 100)


def test_an_infinite_paid_budget_is_refused_before_any_draw() -> None:
    with pytest.raises(ValueError, match=r"paid_budget_cny=inf is outside \[0, 1e\+09\]"):
        traffic.simulate_leads(paid_budget_cny=INF, months=2, n_paths=2)


def test_infinite_bids_are_refused_not_priced_as_nan() -> None:
    with pytest.raises(ValueError, match=r"bids=inf \(element 0\) is outside \[0, 1e\+09\]"):
        auctions.vcg_prices([INF, INF, 1], [0.2, 0.2])


# Arrays that do not fit ------------------------------------------------------------------------


def test_mismatched_arrays_name_both_parameters() -> None:
    with pytest.raises(
        ValueError,
        match=r"list_price has shape \(2,\) and discount has shape \(3,\): they cannot "
        "be combined element by element",
    ):
        groupbuy.voucher_margin([200, 300], [0.5, 0.4, 0.3], 0.1, 100)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: membership.simulate_members(retention=[0.8, 0.9]), "retention"),
        (lambda: groupbuy.voucher_waterfall([200, 300], 0.5, 0.1, 100), "list_price"),
        (lambda: traffic.simulate_leads(h5_share=[0.2, 0.5], months=2, n_paths=2), "h5_share"),
        (
            lambda: operations.simulate_merchants(skill_mean=[0.4, 0.6], n_merchants=10, months=2),
            "skill_mean",
        ),
        (lambda: operations.compare_staffing(commission=[0.05, 0.1], n_merchants=10, months=2), "commission"),
    ],
)
def test_an_array_where_one_number_is_meant_is_named(call, name: str) -> None:
    with pytest.raises(TypeError, match=rf"{name}=\[.*\] is not a single number"):
        call()


# No validation, frames and scenario values -----------------------------------------------------


def test_skill_lift_checks_its_inputs() -> None:
    with pytest.raises(ValueError, match=r"skill=-1 is outside \[0, 1\]"):
        operations.skill_lift(-1, 2.0, -1)


def test_an_empty_staffing_comparison_is_named() -> None:
    frame = operations.compare_staffing(n_merchants=20, months=3)
    with pytest.raises(ValueError, match="comparison has no rows: pass the output of compare_staffing"):
        operations.staffing_return(frame.iloc[0:0])


def test_none_for_a_frame_is_named() -> None:
    with pytest.raises(TypeError, match="frame=NoneType is not a DataFrame"):
        traffic.losing_month_probability(None)


def test_a_fan_of_an_incomplete_frame_has_no_nan_and_stays_ordered() -> None:
    frame = traffic.simulate_leads(months=3, n_paths=2, seed=1)
    fan = traffic.lead_fan(frame.iloc[1:])
    quantiles = fan[list(traffic.QUANTILES)].to_numpy()
    assert np.isfinite(quantiles).all()
    assert (np.diff(quantiles, axis=1) >= 0).all()


def test_a_scenario_without_retention_is_refused_not_filled_in() -> None:
    values = scenarios.scenario("furniture")
    del values["retention"]
    with pytest.raises(ValueError, match="missing: retention"):
        strategy.scorecard(values, months=2, n_paths=2)


def test_a_misspelt_override_is_refused_with_the_closest_name() -> None:
    with pytest.raises(ValueError, match=r"'comission' \(did you mean 'commission'\?\)"):
        strategy.compare(("restaurant",), {"comission": 0.9}, months=2)


def test_an_empty_scenario_lists_every_missing_figure() -> None:
    with pytest.raises(ValueError, match="missing: list_price, unit_cost, cost_share, walk_ins"):
        strategy.scorecard({})


# Allowed values that overflowed ----------------------------------------------------------------


@pytest.mark.parametrize("spread", [1e-170, 1e-160])
def test_a_vanishing_skill_spread_is_refused_before_it_divides_by_zero(spread: float) -> None:
    with pytest.raises(ValueError, match=rf"skill_spread={spread:g} is outside \[1e-06, 0.5\]"):
        operations.simulate_merchants(n_merchants=10, months=2, skill_spread=spread)


def test_the_smallest_skill_spread_gives_merchants_who_all_trade_and_finite_profits() -> None:
    frame = operations.simulate_merchants(n_merchants=10, months=2, skill_spread=1e-6)
    assert np.isfinite(frame.to_numpy(dtype=float)).all()
    assert frame["survival_share"].iloc[0] == 1.0


def test_a_lifetime_value_that_would_overflow_is_refused() -> None:
    with pytest.raises(ValueError, match=r"margin=1e\+308 is outside \[-1e\+12, 1e\+12\]"):
        membership.retention_clv(1e308, 0.8, 0)


def test_an_infinite_value_of_a_click_is_refused() -> None:
    with pytest.raises(ValueError, match=r"value_high=inf is outside \[1, 1e\+06\]"):
        auctions.prices_by_bidders(value_high=INF)


def test_the_peak_of_an_s_curve_is_now_the_first_month_ahead_and_is_finite() -> None:
    # diffusion.bass_peak has gone; funnel.first_month_ahead reads a series of gains the same way
    from o2o_models.funnel import first_month_ahead

    assert first_month_ahead(pd.Series([-1e-320, 1e-320, 5.0])) == 2
    with pytest.raises(ValueError, match=r"gains=inf \(element 1\)"):
        first_month_ahead(pd.Series([-1.0, INF]))


# Loose coercion and wrong words ---------------------------------------------------------------


def test_text_is_not_taken_for_a_number() -> None:
    with pytest.raises(TypeError, match="list_price='200' is not a number"):
        groupbuy.voucher_margin("200", "0.5", "0.1", " 100 ")


def test_true_is_not_taken_for_a_rebate_of_one() -> None:
    with pytest.raises(TypeError, match="commission=True is a yes/no value, not a number"):
        groupbuy.voucher_margin(200, 0.5, True, 100)


def test_a_break_even_that_rounds_to_one_says_so_and_names_the_margin() -> None:
    with pytest.raises(ValueError) as error:
        membership.breakeven_retention(10, 1e-20, 0)
    message = str(error.value)
    assert "rounds to 1" in message and "margin = 1 x 1e-20" in message and "acquisition_loss=10" in message
    assert "is at least" not in message


def test_none_is_called_none_not_nan() -> None:
    with pytest.raises(TypeError, match="list_price=None is not a number"):
        groupbuy.voucher_margin(None, 0.5, 0.1, 100)


# Panels ------------------------------------------------------------------------------------


def _panel(lesson: str, factory: str):
    """A lesson's panel, imported here so that a lesson being rewritten fails only its own test."""
    return getattr(importlib.import_module(f"o2o_models.lessons.{lesson}"), factory)()


@pytest.mark.parametrize(
    ("lesson", "factory"), [("intro", "warmup_panel"), ("leg1", "prepay_panel"), ("leg3", "auction_panel")]
)
def test_a_nan_in_any_slider_is_refused_and_that_slider_is_named(lesson: str, factory: str) -> None:
    panel = _panel(lesson, factory)
    for name, control in panel.controls.items():
        if not isinstance(control.value, float):
            continue
        before = dict(panel.values)
        control.value = math.nan
        assert f"{name}=nan is outside" in panel.status.value
        assert panel.values == before


def test_set_values_changes_all_controls_or_none() -> None:
    panel = _panel("intro", "warmup_panel")
    before, drawn = dict(panel.values), panel.chart.datasets
    with pytest.raises(TypeError, match="discount=None is not a number"):
        panel.set_values(list_price=100, discount=None)
    assert panel.values == before
    assert panel.chart.datasets == drawn
    assert "discount=None" in panel.status.value and "no control changed" in panel.status.value


# Data files --------------------------------------------------------------------------------


def _scenario_text() -> str:
    return (DATA_DIR / "scenarios.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("encoding", "message"),
    [
        ("gbk", r"gbk_scenarios\.csv line \d+: byte 0x[0-9a-f]{2} is not UTF-8 text; save the file as UTF-8"),
        ("utf-16", r"utf-16_scenarios\.csv line 1: the file is UTF-16 text; save it as UTF-8"),
    ],
)
def test_a_file_in_another_encoding_is_named_with_its_line(tmp_path: Path, encoding: str, message: str) -> None:
    path = tmp_path / f"{encoding}_scenarios.csv"
    path.write_bytes(_scenario_text().encode(encoding))
    with pytest.raises(ValueError, match=message):
        scenarios.load_scenarios(path)


def test_the_line_of_a_gbk_byte_is_the_line_that_holds_it(tmp_path: Path) -> None:
    lines = _scenario_text().splitlines()
    first = next(number for number, line in enumerate(lines, start=1) if not line.isascii())
    path = tmp_path / "scenarios.csv"
    path.write_bytes("\n".join(lines).encode("gbk"))
    with pytest.raises(ValueError, match=rf"scenarios\.csv line {first}:"):
        scenarios.load_scenarios(path)


def test_a_binary_file_is_named_not_decoded(tmp_path: Path) -> None:
    path = tmp_path / "transactions.csv"
    path.write_bytes(bytes(range(256)))
    with pytest.raises(ValueError, match=r"transactions\.csv line 1: a NUL byte; this is not a text CSV file"):
        scenarios.load_transactions(path)


def test_a_transaction_entered_twice_is_named_with_both_lines(tmp_path: Path) -> None:
    lines = (DATA_DIR / "transactions.csv").read_text(encoding="utf-8").splitlines()[:30]
    known = next(number for number, line in enumerate(lines) if number and ",unknown," not in line)
    lines.insert(known + 1, lines[known])
    path = tmp_path / "transactions.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"transactions\.csv line {known + 2}: repeats line {known + 1} "):
        scenarios.load_transactions(path)


def test_two_walk_ins_alike_are_two_diners_not_a_repeat(tmp_path: Path) -> None:
    lines = (DATA_DIR / "transactions.csv").read_text(encoding="utf-8").splitlines()[:30]
    walk_in = next(number for number, line in enumerate(lines) if ",unknown," in line)
    lines.insert(walk_in + 1, lines[walk_in])
    path = tmp_path / "transactions.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(scenarios.load_transactions(path)) == len(lines) - 1


def test_the_scenario_cache_sees_an_edit_that_keeps_the_size_and_the_time(tmp_path: Path) -> None:
    path = tmp_path / "scenarios.csv"
    path.write_text(_scenario_text(), encoding="utf-8")
    assert scenarios.scenario("cinema", path)["trust"] == 0.9
    stat = path.stat()
    path.write_text(_scenario_text().replace("cinema,trust,0.9,", "cinema,trust,0.8,"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    assert scenarios.scenario("cinema", path)["trust"] == 0.8
