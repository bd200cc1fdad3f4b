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


def test_breakeven_per_visitor_counts_only_those_who_follow() -> None:
    # 10 CNY lost on a visit; 3 in 10 visitors become members earning 30 CNY a month
    per_member = float(breakeven_retention(10, 30, 0.01))
    per_visitor = float(breakeven_retention(10, 30, 0.01, follow_rate=0.3))
    assert per_visitor == pytest.approx(10 * 1.01 / (0.3 * 30 + 10))
    assert float(retention_clv(30, per_visitor, 0.01)) * 0.3 == pytest.approx(10)
    assert per_visitor > per_member


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: retention_clv(100, 1.0, 0.1), r"retention=1 is outside \[0, 1\)"),
        (lambda: retention_clv(math.nan, 0.5, 0.1), "margin=nan"),
        (lambda: retention_clv(100, 0.5, -0.1), "discount_rate=-0.1"),
        (lambda: breakeven_retention(10, 0, 0.1), r"margin=0 is outside \(0, "),
        (lambda: breakeven_retention(10, 5, 0.1, follow_rate=0), "follow_rate=0"),
        (lambda: simulate_members(months=0), "months=0"),
        (lambda: simulate_members(follow_rate=1.2), "follow_rate=1.2"),
        (lambda: simulate_members(retention=0.99, referral_rate=0.5, trust=1), "would grow without limit"),
    ],
)
def test_bad_inputs_name_the_parameter(call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_the_member_recursion_by_hand() -> None:
    frame = simulate_members(
        months=3,
        new_customers=100,
        follow_rate=0.5,
        retention=0.5,
        member_margin_cny=10,
        purchase_margin_cny=20,
        referral_rate=0.1,
        trust=1.0,
        operator_cost_cny=1000,
    )
    # A1 = 0, M1 = 50; A2 = 25, R2 = 2.5, M2 = 25 + 50 + 2.5 = 77.5; A3 = 38.75, R3 = 3.875, M3 = 92.625
    assert frame["members"].tolist() == pytest.approx([50, 77.5, 92.625])
    assert frame["active"].tolist() == pytest.approx([0, 25, 38.75])
    assert frame["referred"].tolist() == pytest.approx([0, 2.5, 3.875])
    # profit = active x 10 + referred x 20 - 1000
    assert frame["member_profit_cny"].tolist() == pytest.approx([-1000, -1000 + 250 + 50, -1000 + 387.5 + 77.5])


def test_a_new_member_first_buys_the_month_after_joining() -> None:
    frame = simulate_members(
        months=2,
        new_customers=10,
        follow_rate=1,
        retention=0.9,
        member_margin_cny=5,
        referral_rate=0,
        operator_cost_cny=0,
    )
    assert frame["member_profit_cny"].tolist() == pytest.approx([0, 10 * 0.9 * 5])


@given(st.floats(0, 1), st.floats(0, 1))
def test_more_trust_never_lowers_referrals_or_members(t1, t2) -> None:
    low, high = sorted((t1, t2))
    a, b = simulate_members(trust=low), simulate_members(trust=high)
    assert (b["members"] >= a["members"] - 1e-9).all()


def test_members_converge_to_the_steady_state_without_referrals() -> None:
    frame = simulate_members(months=120, referral_rate=0, follow_rate=0.3, new_customers=300, retention=0.85)
    assert frame["members"].iloc[-1] == pytest.approx(0.3 * 300 / (1 - 0.85), rel=1e-6)
