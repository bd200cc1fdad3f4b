"""Specification of the operations-team simulation (o2o_models.operations)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from o2o_models.operations import (WITH_TEAM, WITHOUT_TEAM, compare_staffing, return_on_staff, simulate_merchants,
                                   skill_distribution, skill_lift)


def test_the_skill_lift_by_hand() -> None:
    # 10 staff per 100 merchants at effectiveness 1: the gap to 1 shrinks by 1 - e^-1
    assert float(skill_lift(np.array(0.4), 10, 1.0)) == pytest.approx(0.4 + 0.6 * (1 - np.exp(-1)))
    assert float(skill_lift(np.array(0.4), 0, 1.0)) == 0.4


@given(st.floats(0, 100), st.floats(0, 100), st.floats(0, 10))
def test_more_ops_staff_never_lowers_mean_merchant_skill(k1, k2, effectiveness) -> None:
    low, high = sorted((k1, k2))
    a = skill_distribution(staff_per_100_merchants=low, staff_effectiveness=effectiveness, n_merchants=200)
    b = skill_distribution(staff_per_100_merchants=high, staff_effectiveness=effectiveness, n_merchants=200)
    assert b["skill_after"].mean() >= a["skill_after"].mean() - 1e-12


def test_skills_have_the_asked_mean_and_spread() -> None:
    skills = skill_distribution(n_merchants=50_000, skill_mean=0.4, skill_spread=0.15)["skill_before"]
    assert skills.mean() == pytest.approx(0.4, abs=0.005)
    assert skills.std() == pytest.approx(0.15, abs=0.005)


def test_survival_never_rises_over_time() -> None:
    frame = simulate_merchants()
    assert (np.diff(frame["survival_share"]) <= 0).all()
    assert list(frame.columns) == ["month", "survival_share", "mean_skill", "gmv_cny", "platform_revenue_cny",
                                   "staff_cost_cny", "platform_profit_cny"]


@settings(max_examples=15, deadline=None)
@given(st.floats(0, 20), st.floats(0, 20))
def test_more_staff_never_lowers_survival_on_the_same_draws(k1, k2) -> None:
    low, high = sorted((k1, k2))
    a = simulate_merchants(n_merchants=300, staff_per_100_merchants=low)
    b = simulate_merchants(n_merchants=300, staff_per_100_merchants=high)
    assert (b["survival_share"] >= a["survival_share"]).all()


def test_the_comparison_uses_the_same_merchants_with_and_without_the_team() -> None:
    frame = compare_staffing(staff_per_100_merchants=5)
    without = frame[frame["staffing"] == WITHOUT_TEAM].drop(columns="staffing").reset_index(drop=True)
    assert without.equals(simulate_merchants(staff_per_100_merchants=0))
    assert (frame[frame["staffing"] == WITH_TEAM]["survival_share"].to_numpy()
            >= without["survival_share"].to_numpy()).all()


def test_return_on_staff_by_its_definition() -> None:
    frame = compare_staffing(staff_per_100_merchants=3)
    totals = frame.groupby("staffing")[["platform_revenue_cny", "staff_cost_cny"]].sum()
    cost = totals.loc[WITH_TEAM, "staff_cost_cny"]
    extra = totals.loc[WITH_TEAM, "platform_revenue_cny"] - totals.loc[WITHOUT_TEAM, "platform_revenue_cny"]
    assert return_on_staff(staff_per_100_merchants=3) == pytest.approx((extra - cost) / cost)


def test_simulations_are_reproducible_for_a_seed() -> None:
    assert simulate_merchants(seed=1).equals(simulate_merchants(seed=1))
    assert not simulate_merchants(seed=1).equals(simulate_merchants(seed=2))


@pytest.mark.parametrize(("call", "message"), [
    (lambda: simulate_merchants(staff_per_100_merchants=-1), "staff_per_100_merchants=-1"),
    (lambda: simulate_merchants(skill_mean=1.0), r"skill_mean=1 is outside \(0, 1\)"),
    (lambda: simulate_merchants(skill_spread=0.45, skill_mean=0.2), "skill_spread=0.45 is too wide"),
    (lambda: simulate_merchants(n_merchants=0), "n_merchants=0"),
    (lambda: return_on_staff(staff_per_100_merchants=0), "staff_per_100_merchants=0 leaves no team"),
    (lambda: compare_staffing(staff=3), "unknown parameter"),
])
def test_bad_inputs_are_named(call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call()
