"""Every bad input gets the same clear sentence: parameter, value, allowed range, meaning."""

from __future__ import annotations

import ast
import importlib
import inspect
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from o2o_models import groupbuy, merchant, validation
from o2o_models.validation import (
    check_broadcast,
    check_card,
    check_count,
    check_flag,
    check_frame,
    check_number,
    check_range,
    check_seed,
)


def test_a_value_in_range_comes_back_as_a_float_array() -> None:
    out = check_range("discount", [0.1, 0.5], 0, 1, "the fraction off the list price", high_open=True)
    assert out.dtype == float
    np.testing.assert_array_equal(out, [0.1, 0.5])


def test_out_of_range_names_parameter_value_interval_and_meaning() -> None:
    with pytest.raises(ValueError) as error:
        check_range("discount", 1.2, 0, 1, "the fraction off the list price", high_open=True)
    assert str(error.value) == "discount=1.2 is outside [0, 1): the fraction off the list price"


def test_the_first_bad_element_of_an_array_is_named_with_its_position() -> None:
    with pytest.raises(ValueError, match=r"retention=1 \(element 2\) is outside \[0, 1\)"):
        check_range("retention", [0.5, 0.9, 1.0], 0, 1, "share kept", high_open=True)


@pytest.mark.parametrize("bad", [math.nan, [0.2, math.nan]])
def test_nan_is_always_rejected(bad: object) -> None:
    with pytest.raises(ValueError, match="trust=nan"):
        check_range("trust", bad, 0, 1, "trust")


@pytest.mark.parametrize(("bad", "shown"), [(math.inf, "inf"), (-math.inf, "-inf"), ([1.0, math.inf], "inf")])
def test_infinity_is_outside_even_an_unbounded_interval(bad: object, shown: str) -> None:
    with pytest.raises(ValueError, match=rf"unit_cost={shown}.* is outside \(-inf, inf\)"):
        check_range("unit_cost", bad, -math.inf, math.inf, "CNY")


@pytest.mark.parametrize(
    "bad", ["cheap", "200", " 100 ", b"1", None, {}, [1, "a"], complex(1, 1), object(), np.array(["1", "2"])]
)
def test_text_none_and_other_things_are_not_numbers(bad: object) -> None:
    with pytest.raises(TypeError, match=r"price=.* is not a number; allowed \[0, inf\): CNY"):
        check_range("price", bad, 0, math.inf, "CNY")


@pytest.mark.parametrize("bad", [True, np.bool_(False), [True, False]])
def test_yes_no_values_are_not_numbers(bad: object) -> None:
    with pytest.raises(TypeError, match="commission=.* yes/no value"):
        check_range("commission", bad, 0, 1, "rebate")


def test_a_ragged_list_and_a_number_too_large_for_a_float_are_named() -> None:
    with pytest.raises(ValueError, match="bids=.* not a number or a rectangular array"):
        check_range("bids", [[1], [1, 2]], 0, 10, "CNY")
    with pytest.raises(ValueError, match="bids=.* is too large"):
        check_range("bids", 10**400, 0, 10, "CNY")


def test_fractions_and_numpy_numbers_are_numbers() -> None:
    assert check_range("share", Fraction(1, 4), 0, 1, "share") == 0.25
    assert check_range("share", [np.float32(0.5), np.int64(1)], 0, 1, "share").tolist() == [0.5, 1.0]


def test_a_negative_zero_comes_back_as_zero() -> None:
    # numpy's uniform(0.0, -0.0) refuses "high - low < 0": no -0.0 reaches a sampler
    assert math.copysign(1, float(check_range("value_high", -0.0, 0, 10, "CNY"))) == 1
    assert math.copysign(1, check_number("value_high", -0.0, 0, 10, "CNY")) == 1


def test_open_bounds_exclude_the_bound_itself() -> None:
    with pytest.raises(ValueError, match=r"list_price=0 is outside \(0, inf\)"):
        check_range("list_price", 0, 0, math.inf, "CNY", low_open=True)


def test_a_single_number_is_one_number() -> None:
    assert check_number("retention", 0.8, 0, 1, "share kept", high_open=True) == 0.8
    with pytest.raises(TypeError, match=r"retention=\[0.8, 0.9\] is not a single number; allowed \[0, 1\)"):
        check_number("retention", [0.8, 0.9], 0, 1, "share kept", high_open=True)


def test_counts_must_be_whole_numbers_in_range() -> None:
    assert check_count("months", 12.0, 1, 120, "horizon") == 12
    assert check_count("months", np.int64(12), 1, 120, "horizon") == 12
    for bad in (0, 121, 2.5, math.nan, math.inf):
        with pytest.raises(ValueError, match="months="):
            check_count("months", bad, 1, 120, "horizon")
    for bad in (True, "12", None, [12]):
        with pytest.raises(TypeError, match="months=.* is not a whole number"):
            check_count("months", bad, 1, 120, "horizon")


def test_a_flag_is_true_or_false() -> None:
    assert check_flag("per_visitor", np.bool_(True), "per visitor") is True
    for bad in ("yes", 1, None):
        with pytest.raises(TypeError, match="per_visitor=.* is not True or False"):
            check_flag("per_visitor", bad, "per visitor")


def test_a_seed_gives_a_repeatable_generator_and_a_generator_passes_through() -> None:
    assert check_seed(7).random() == check_seed(7).random()
    rng = np.random.default_rng(1)
    assert check_seed(rng) is rng
    with pytest.raises(ValueError, match="seed=-1"):
        check_seed(-1)
    with pytest.raises(TypeError, match="seed='7'"):
        check_seed("7")


def test_arrays_that_cannot_be_combined_are_named_both() -> None:
    price, share = check_broadcast(list_price=np.array([200.0, 300.0]), discount=np.array(0.5))
    assert share.tolist() == [0.5, 0.5]
    with pytest.raises(ValueError, match=r"list_price has shape \(2,\) and discount has shape \(3,\)"):
        check_broadcast(list_price=np.ones(2), commission=np.array(0.1), discount=np.ones(3))


def test_a_frame_must_have_rows_columns_and_finite_numbers() -> None:
    frame = pd.DataFrame({"month": [1, 2], "leads": [3.0, 4.0]})
    assert check_frame("frame", frame, ["month", "leads"], "simulate_leads", numeric=["leads"]) is frame
    with pytest.raises(TypeError, match="frame=list is not a DataFrame: pass the output of simulate_leads"):
        check_frame("frame", [1], ["leads"], "simulate_leads")
    with pytest.raises(ValueError, match="frame lacks column.* source"):
        check_frame("frame", frame, ["source"], "simulate_leads")
    with pytest.raises(ValueError, match="frame has no rows"):
        check_frame("frame", frame.iloc[0:0], ["leads"], "simulate_leads")
    with pytest.raises(ValueError, match=r"frame\['leads'\] is nan in row 1"):
        check_frame("frame", frame.assign(leads=[3.0, math.nan]), ["leads"], "simulate_leads", numeric=["leads"])
    with pytest.raises(TypeError, match=r"frame\['leads'\] holds object values"):
        check_frame("frame", frame.assign(leads=["3", 4]), ["leads"], "simulate_leads", numeric=["leads"])
    with pytest.raises(ValueError, match="column.* leads more than once"):
        check_frame("frame", pd.concat([frame, frame[["leads"]]], axis=1), ["leads"], "simulate_leads")


def test_a_card_must_hold_every_figure_as_a_finite_number() -> None:
    assert check_card("card", {"paid_cny": 5, "extra": "x"}, ["paid_cny"], "scorecard") == {"paid_cny": 5.0}
    with pytest.raises(TypeError, match="card=list is not a mapping"):
        check_card("card", [], ["paid_cny"], "scorecard")
    with pytest.raises(ValueError, match="card lacks paid_cny"):
        check_card("card", {}, ["paid_cny"], "scorecard")
    with pytest.raises(ValueError, match=r"card\['paid_cny'\]=nan"):
        check_card("card", {"paid_cny": math.nan}, ["paid_cny"], "scorecard")


@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(st.floats(), st.integers(-(2**60), 2**60), st.floats().map(np.float64)),
    low=st.sampled_from([-math.inf, -1.0, 0.0, 0.5]),
    high=st.sampled_from([1.0, 1e9, math.inf]),
    low_open=st.booleans(),
    high_open=st.booleans(),
)
def test_a_plain_number_is_judged_as_the_same_number_in_an_array(value, low, high, low_open, high_open) -> None:
    """The quick path for plain numbers accepts and refuses exactly what the array path does."""

    def judged(candidate):
        try:
            return float(
                check_range("x", candidate, low, high, "a test", low_open=low_open, high_open=high_open).reshape(-1)[0]
            )
        except ValueError as error:
            return str(error).replace(" (element 0)", "")

    assert judged(value) == judged(np.array([value]))
    if isinstance(judged(value), float):
        assert check_number("x", value, low, high, "a test", low_open=low_open, high_open=high_open) == judged(value)


@settings(max_examples=300, deadline=None)
@given(
    values=st.lists(st.one_of(st.floats(), st.integers(-(2**53), 2**53)), min_size=1, max_size=8),
    low=st.sampled_from([-math.inf, -1.0, 0.0, 0.5]),
    high=st.sampled_from([1.0, 1e9, math.inf]),
    low_open=st.booleans(),
    high_open=st.booleans(),
)
def test_an_array_is_judged_element_by_element(values, low, high, low_open, high_open) -> None:
    """The quick path for arrays (their least and greatest element) refuses exactly the arrays with a bad element."""

    def inside(x: float) -> bool:
        return math.isfinite(x) and (x > low if low_open else x >= low) and (x < high if high_open else x <= high)

    floats = [float(v) for v in values]
    if all(inside(x) for x in floats):
        out = check_range("x", values, low, high, "a test", low_open=low_open, high_open=high_open)
        assert out.tolist() == floats and not np.signbit(out[out == 0]).any()
    else:
        first = next(i for i, x in enumerate(floats) if not inside(x))
        with pytest.raises(ValueError, match=rf"\(element {first}\)"):
            check_range("x", values, low, high, "a test", low_open=low_open, high_open=high_open)


def test_a_checked_array_is_a_new_array() -> None:
    given_array = np.array([0.2, 0.4])
    checked = check_range("share", given_array, 0, 1, "a share")
    checked[0] = 0.9
    assert given_array[0] == 0.2


MODEL_MODULES = ("auctions", "groupbuy", "membership", "merchant", "operations", "traffic", "trust")


@pytest.mark.parametrize("name", MODEL_MODULES)
def test_the_bounds_and_the_seed_are_written_once_in_validation(name) -> None:
    """Issue 17, finding 7: MONEY and PEOPLE were defined in two modules, 1e9 and 2014 typed in five more."""
    module = importlib.import_module(f"o2o_models.{name}")
    numbers = [
        node.value
        for node in ast.walk(ast.parse(inspect.getsource(module)))
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
    ]
    assert not {1e6, 1e8, 1e9, 2014} & set(numbers), f"{name} writes a bound or the seed itself"


def test_the_merchants_figures_and_the_voucher_share_validations_bounds() -> None:
    assert merchant.FIELDS["list_price"].high == validation.MONEY and groupbuy.MONEY is validation.MONEY
    assert merchant.FIELDS["walk_ins"].high == validation.PEOPLE and groupbuy.PEOPLE is validation.PEOPLE
    assert merchant.FIELDS["rival_value_high_cny"].high == validation.PER_CLICK
