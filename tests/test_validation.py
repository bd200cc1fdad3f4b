"""Every bad input gets the same clear sentence: parameter, value, allowed range, meaning."""

from __future__ import annotations

import math

import numpy as np
import pytest

from o2o_models.validation import check_count, check_range, check_seed


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


def test_text_is_not_a_number() -> None:
    with pytest.raises(ValueError, match="price='cheap' is not a number"):
        check_range("price", "cheap", 0, math.inf, "CNY")


def test_open_bounds_exclude_the_bound_itself() -> None:
    with pytest.raises(ValueError, match=r"list_price=0 is outside \(0, inf\)"):
        check_range("list_price", 0, 0, math.inf, "CNY", low_open=True)


def test_counts_must_be_whole_numbers_in_range() -> None:
    assert check_count("months", 12.0, 1, 120, "horizon") == 12
    for bad in (0, 121, 2.5, True, "12"):
        with pytest.raises(ValueError, match="months="):
            check_count("months", bad, 1, 120, "horizon")


def test_a_seed_gives_a_repeatable_generator_and_a_generator_passes_through() -> None:
    assert check_seed(7).random() == check_seed(7).random()
    rng = np.random.default_rng(1)
    assert check_seed(rng) is rng
    with pytest.raises(ValueError, match="seed=-1"):
        check_seed(-1)
