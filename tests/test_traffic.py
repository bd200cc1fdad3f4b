"""Specification of paid versus viral traffic (o2o_models.traffic)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from o2o_models.traffic import (PAID, VIRAL, lead_fan, losing_month_probability, monthly_profit,
                                simulate_leads, simulate_merchant_months)


def test_leads_are_tidy_with_both_sources_for_every_path_and_month() -> None:
    frame = simulate_leads(months=6, n_paths=10)
    assert list(frame.columns) == ["path", "month", "source", "leads"]
    assert len(frame) == 2 * 6 * 10
    assert set(frame["source"]) == {PAID, VIRAL}


def test_paid_leads_average_budget_over_price_less_the_h5_split() -> None:
    frame = simulate_leads(n_paths=2000, paid_budget_cny=30000, cost_per_click_cny=3, h5_share=0.5,
                           h5_relative_value=0.3)
    paid = frame[frame["source"] == PAID]["leads"]
    assert paid.mean() == pytest.approx(10000 * (1 - 0.5 * 0.7), rel=0.005)


def test_sending_no_clicks_to_h5_keeps_every_lead() -> None:
    frame = simulate_leads(n_paths=2000, paid_budget_cny=30000, cost_per_click_cny=3, h5_share=0.0)
    assert frame[frame["source"] == PAID]["leads"].mean() == pytest.approx(10000, rel=0.005)


def test_paid_leads_are_steadier_than_viral_leads_at_the_defaults() -> None:
    frame = simulate_leads()
    cv = frame.groupby("source", observed=True)["leads"].agg(lambda x: x.std() / x.mean())
    assert cv[PAID] < cv[VIRAL] / 10


def test_viral_leads_average_their_mean() -> None:
    frame = simulate_leads(n_paths=4000, viral_mean_leads=1000, viral_volatility=1.0)
    assert frame[frame["source"] == VIRAL]["leads"].mean() == pytest.approx(1000, rel=0.03)


def test_profit_by_hand() -> None:
    # 10,000 leads x 5% visit x 0.5 trust x 20% close x 3,000 = 150,000; less 60,000 team, 20,000 ads
    assert float(monthly_profit(10000, 0.5, 0.05, 0.2, 3000, 60000, 20000)) == pytest.approx(70000)


@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1e5))
def test_more_trust_never_lowers_monthly_profit(t1, t2, leads) -> None:
    low, high = sorted((t1, t2))
    assert monthly_profit(leads, trust=high) >= monthly_profit(leads, trust=low) - 1e-6


@settings(max_examples=20, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1))
def test_more_trust_never_raises_the_share_of_losing_months(t1, t2) -> None:
    low, high = sorted((t1, t2))
    share = lambda t: losing_month_probability(simulate_merchant_months(trust=t, n_paths=50)).set_index("source")[
        "losing_share"]
    assert (share(high) <= share(low) + 1e-12).all()


def test_paid_months_bear_the_budget_and_viral_months_do_not() -> None:
    frame = simulate_merchant_months(months=3, n_paths=5, paid_budget_cny=20000)
    expected = monthly_profit(frame["leads"].to_numpy(), 0.5, 0.05, 0.3, 3000, 60000,
                              np.where(frame["source"] == PAID, 20000, 0))
    np.testing.assert_allclose(frame["profit_cny"], expected)


def test_simulations_are_reproducible_for_a_seed_and_differ_across_seeds() -> None:
    assert simulate_merchant_months(seed=3).equals(simulate_merchant_months(seed=3))
    assert not simulate_merchant_months(seed=3).equals(simulate_merchant_months(seed=4))


def test_the_fan_orders_its_quantiles() -> None:
    fan = lead_fan(simulate_leads(months=4, n_paths=200))
    assert list(fan.columns) == ["month", "source", "p05", "p25", "p50", "p75", "p95"]
    assert len(fan) == 8
    values = fan[["p05", "p25", "p50", "p75", "p95"]].to_numpy()
    assert (np.diff(values, axis=1) >= 0).all()


def test_the_fan_matches_pandas_quantiles() -> None:
    frame = simulate_leads(months=3, n_paths=101)
    fan = lead_fan(frame).set_index(["month", "source"])
    expected = frame.groupby(["month", "source"], observed=True)["leads"].quantile(0.25)
    for key, value in expected.items():
        assert fan.loc[key, "p25"] == pytest.approx(value)


def test_at_the_furniture_defaults_paid_traffic_never_loses_and_viral_often_does() -> None:
    losses = losing_month_probability(simulate_merchant_months()).set_index("source")
    assert losses.loc[PAID, "losing_share"] == 0
    assert losses.loc[VIRAL, "losing_share"] > 0.3


@pytest.mark.parametrize(("call", "message"), [
    (lambda: simulate_leads(h5_share=1.5), "h5_share=1.5"),
    (lambda: simulate_leads(cost_per_click_cny=0), r"cost_per_click_cny=0 is outside \(0, inf\)"),
    (lambda: simulate_leads(months=0), "months=0"),
    (lambda: simulate_leads(seed=-3), "seed=-3"),
    (lambda: monthly_profit(100, trust=-0.1), "trust=-0.1"),
    (lambda: monthly_profit(np.nan), "leads=nan"),
])
def test_bad_inputs_are_named(call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call()
