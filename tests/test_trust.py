"""Specification of prepayment under trust (o2o_models.trust)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from o2o_models.trust import prepay_conversion

shares = st.floats(0, 1)


def test_textbook_value_half_of_strangers_prepay() -> None:
    # prepay when 0.8 v >= 100, v ~ U(0, 250): P(v >= 125) = 0.5
    assert float(prepay_conversion(0.8, 100, 250)) == pytest.approx(0.5)


def test_no_trust_means_no_prepayment_but_everyone_takes_a_free_offer() -> None:
    assert float(prepay_conversion(0.0, 50, 100)) == 0.0
    assert float(prepay_conversion(0.5, 0, 100)) == 1.0
    assert float(prepay_conversion(0.0, 0, 100)) == 1.0  # nothing is risked


@given(shares, shares, st.floats(0, 500), st.floats(1, 1000))
def test_more_trust_never_lowers_first_visit_conversion(t1, t2, price, top) -> None:
    low, high = sorted((t1, t2))
    assert prepay_conversion(high, price, top) >= prepay_conversion(low, price, top) - 1e-12


@given(shares, st.floats(0, 500), st.floats(0, 500), st.floats(1, 1000))
def test_a_higher_price_never_raises_conversion(belief, p1, p2, top) -> None:
    low, high = sorted((p1, p2))
    assert prepay_conversion(belief, high, top) <= prepay_conversion(belief, low, top) + 1e-12


@given(shares, st.floats(0, 500), st.floats(1, 1000))
def test_conversion_is_a_share(belief, price, top) -> None:
    assert 0 <= float(prepay_conversion(belief, price, top)) <= 1


def test_bad_inputs_are_named() -> None:
    with pytest.raises(ValueError, match=r"trust=1.5 is outside \[0, 1\]"):
        prepay_conversion(1.5, 100, 200)
    with pytest.raises(ValueError, match=r"max_valuation=0 is outside \(0, "):
        prepay_conversion(0.5, 100, 0)
