"""Specification of member value and the member base (o2o_models.membership)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from o2o_models.membership import breakeven_retention, retention_clv, simulate_members


def test_textbook_clv() -> None:
    assert float(retention_clv(100, 0.8, 0.1)) == pytest.approx(100 * 0.8 / 0.3)


def test_clv_equals_the_discounted_sum_of_margins() -> None:
    t = np.arange(1, 2000)
    assert float(retention_clv(30, 0.9, 0.01)) == pytest.approx(float(np.sum(30 * 0.9**t / 1.01**t)))


@given(st.floats(0.01, 1000), st.floats(0, 0.99), st.floats(0, 0.99), st.floats(0, 1))
def test_higher_retention_never_lowers_clv(margin, r1, r2, rate) -> None:
    low, high = sorted((r1, r2))
    assert retention_clv(margin, high, rate) >= retention_clv(margin, low, rate) - 1e-9


@given(st.floats(0, 500), st.floats(1, 500), st.floats(0, 0.5))
def test_breakeven_retention_makes_clv_repay_the_loss(loss, margin, rate) -> None:
    if loss * rate >= margin:
        return
    r = breakeven_retention(loss, margin, rate)
    assert 0 <= float(r) < 1
    assert float(retention_clv(margin, r, rate)) == pytest.approx(loss, rel=1e-6, abs=1e-6)


def test_no_breakeven_when_discounting_eats_the_margin() -> None:
    with pytest.raises(ValueError, match="no retention below 1 breaks even"):
        breakeven_retention(acquisition_loss=100, margin=5, discount_rate=0.1)


@pytest.mark.parametrize(("call", "message"), [
    (lambda: retention_clv(100, 1.0, 0.1), r"retention=1 is outside \[0, 1\)"),
    (lambda: retention_clv(math.nan, 0.5, 0.1), "margin=nan"),
    (lambda: retention_clv(100, 0.5, -0.1), "discount_rate=-0.1"),
    (lambda: breakeven_retention(10, 0, 0.1), r"margin=0 is outside \(0, inf\)"),
    (lambda: simulate_members(months=0), "months=0"),
    (lambda: simulate_members(follow_rate=1.2), "follow_rate=1.2"),
])
def test_bad_inputs_name_the_parameter(call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_the_member_recursion_by_hand() -> None:
    frame = simulate_members(months=3, monthly_first_visits=100, voucher_margin_cny=-10, follow_rate=0.5,
                             retention=0.5, purchases_per_member=1, margin_per_purchase_cny=10,
                             referral_rate=0.1, trust=1.0, marketing_cost_per_member_cny=0, staff_cost_cny=0)
    # M1 = 50; R2 = 0.1 x 50 = 5, M2 = 25 + 50 + 5 = 80; R3 = 8, M3 = 40 + 50 + 8 = 98
    assert frame["members"].tolist() == pytest.approx([50, 80, 98])
    assert frame["referred"].tolist() == pytest.approx([0, 5, 8])
    assert frame["profit_cny"].tolist() == pytest.approx([-1000 + 500, -1000 + 800, -1000 + 980])
    assert frame["groupbuy_only_cumulative_cny"].tolist() == pytest.approx([-1000, -2000, -3000])


def test_cumulative_columns_are_running_sums() -> None:
    frame = simulate_members()
    np.testing.assert_allclose(frame["cumulative_profit_cny"], frame["profit_cny"].cumsum())
    np.testing.assert_allclose(frame["profit_cny"], frame["groupbuy_profit_cny"] + frame["member_profit_cny"])


@given(st.floats(0, 1), st.floats(0, 1))
def test_more_trust_never_lowers_referrals_or_members(t1, t2) -> None:
    low, high = sorted((t1, t2))
    a, b = simulate_members(trust=low), simulate_members(trust=high)
    assert (b["members"] >= a["members"] - 1e-9).all()


def test_members_converge_to_the_steady_state_without_referrals() -> None:
    frame = simulate_members(months=120, referral_rate=0, follow_rate=0.3, monthly_first_visits=300, retention=0.85)
    assert frame["members"].iloc[-1] == pytest.approx(0.3 * 300 / (1 - 0.85), rel=1e-6)
