"""Specification of paid versus viral traffic (o2o_models.traffic)."""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from o2o_models.scenarios import scenario
from o2o_models.traffic import (PAID, VIRAL, lead_fan, losing_month_probability, monthly_profit,
                                simulate_leads, simulate_merchant_months)


def coefficient_of_variation(frame):
    return frame.groupby("source", observed=True)["leads"].agg(lambda leads: leads.std() / leads.mean())


def test_leads_are_tidy_with_both_sources_for_every_path_and_month() -> None:
    frame = simulate_leads(months=6, n_paths=10)
    assert list(frame.columns) == ["path", "month", "source", "leads"]
    assert len(frame) == 2 * 6 * 10
    assert set(frame["source"]) == {PAID, VIRAL}
    assert len(frame.drop_duplicates(["path", "month", "source"])) == len(frame)


def test_paid_leads_average_budget_over_price_less_the_h5_split() -> None:
    # 30,000 CNY at 3 CNY a click = 10,000 clicks; half go to H5 worth 0.3: 10,000 x (1 - 0.5 x 0.7) = 6,500
    frame = simulate_leads(n_paths=2000, paid_budget_cny=30000, cost_per_click_cny=3, h5_share=0.5,
                           h5_relative_value=0.3)
    assert frame[frame["source"] == PAID]["leads"].mean() == pytest.approx(6500, rel=0.002)


def test_sending_no_clicks_to_h5_keeps_every_lead() -> None:
    frame = simulate_leads(n_paths=2000, paid_budget_cny=30000, cost_per_click_cny=3, h5_share=0.0)
    assert frame[frame["source"] == PAID]["leads"].mean() == pytest.approx(10000, rel=0.002)


def test_viral_leads_average_their_mean() -> None:
    frame = simulate_leads(n_paths=4000, viral_mean_leads=1000, viral_volatility=1.0)
    assert frame[frame["source"] == VIRAL]["leads"].mean() == pytest.approx(1000, rel=0.03)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32))
def test_paid_leads_vary_less_than_viral_leads_at_the_defaults_whatever_the_seed(seed) -> None:
    cv = coefficient_of_variation(simulate_leads(seed=seed))
    assert cv[PAID] < cv[VIRAL]


def test_the_coefficients_of_variation_match_poisson_and_the_shock() -> None:
    # Paid: Poisson clicks with mean 20,000 / 3, so cv = 1 / sqrt(6,667) ~ 0.012.
    # Viral: cv^2 = 1 / 4,000 + 1.0^2 (Poisson noise on top of the shock), cv ~ 1.0.
    cv = coefficient_of_variation(simulate_leads(n_paths=4000))
    assert cv[PAID] == pytest.approx(1 / np.sqrt(20000 / 3), rel=0.02)
    assert cv[VIRAL] == pytest.approx(np.sqrt(1 / 4000 + 1.0), rel=0.05)


def test_profit_by_hand() -> None:
    # 10,000 leads x 5% visit x 0.5 trust x 20% close x 3,000 = 150,000; less 60,000 team, 20,000 ads
    assert float(monthly_profit(10000, 0.5, 0.05, 0.2, 3000, 60000, 20000)) == pytest.approx(70000)


def test_profit_broadcasts_over_leads_and_trust() -> None:
    profit = monthly_profit(np.array([[0.0], [1000.0]]), trust=np.array([0.0, 1.0]), team_cost_cny=0)
    np.testing.assert_allclose(profit, [[0, 0], [0, 1000 * 0.05 * 0.3 * 3000]])


@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1e5), st.floats(0, 1), st.floats(0, 1))
def test_more_trust_never_lowers_monthly_profit(t1, t2, leads, visit, close) -> None:
    low, high = sorted((t1, t2))
    assert (monthly_profit(leads, high, visit, close) >= monthly_profit(leads, low, visit, close) - 1e-6).all()


@settings(max_examples=20, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1))
def test_more_trust_never_raises_the_share_of_losing_months(t1, t2) -> None:
    low, high = sorted((t1, t2))
    share = lambda t: losing_month_probability(simulate_merchant_months(trust=t, n_paths=50)).set_index("source")[
        "losing_share"]
    assert (share(high) <= share(low)).all()


def test_paid_months_bear_the_budget_and_viral_months_do_not() -> None:
    frame = simulate_merchant_months(months=3, n_paths=5, paid_budget_cny=20000)
    expected = monthly_profit(frame["leads"].to_numpy(), 0.5, 0.05, 0.3, 3000, 60000,
                              np.where(frame["source"] == PAID, 20000, 0))
    np.testing.assert_allclose(frame["profit_cny"], expected)


def test_the_defaults_are_the_furniture_merchant_of_the_scenario_file() -> None:
    furniture = scenario("furniture")
    for function in (simulate_leads, monthly_profit, simulate_merchant_months):
        for name, parameter in inspect.signature(function).parameters.items():
            if name in furniture:
                assert parameter.default == furniture[name], (function.__name__, name)


def test_at_the_furniture_defaults_paid_traffic_never_loses_and_viral_often_does() -> None:
    # Paid: 6,667 clicks x 0.65 = 4,333 leads x 22.5 CNY a lead = 97,500 against 80,000 of costs.
    # Viral: 4,000 leads on average = 90,000 against 60,000, but a month below 2,667 leads loses.
    losses = losing_month_probability(simulate_merchant_months()).set_index("source")
    assert losses.loc[PAID, "losing_share"] == 0
    assert losses.loc[PAID, "mean_profit_cny"] == pytest.approx(20000 / 3 * 0.65 * 22.5 - 80000, rel=0.01)
    assert losses.loc[VIRAL, "losing_share"] > 0.3


def test_simulations_are_reproducible_for_a_seed_and_differ_across_seeds() -> None:
    assert simulate_merchant_months(seed=3).equals(simulate_merchant_months(seed=3))
    assert not simulate_merchant_months(seed=3).equals(simulate_merchant_months(seed=4))
    assert simulate_leads(seed=np.random.default_rng(3)).equals(simulate_leads(seed=3))


def test_the_fan_orders_its_quantiles() -> None:
    fan = lead_fan(simulate_leads(months=4, n_paths=200))
    assert list(fan.columns) == ["month", "source", "p05", "p25", "p50", "p75", "p95"]
    assert len(fan) == 8
    assert (np.diff(fan[["p05", "p25", "p50", "p75", "p95"]].to_numpy(), axis=1) >= 0).all()


def test_the_fan_holds_the_quantiles_of_each_month_and_source() -> None:
    frame = simulate_leads(months=3, n_paths=101)
    fan = lead_fan(frame).set_index(["month", "source"])
    viral_month_2 = np.sort(frame.query("month == 2 and source == @VIRAL")["leads"].to_numpy())
    assert fan.loc[(2, VIRAL), "p50"] == viral_month_2[50]  # the middle of 101 paths
    assert fan.loc[(2, VIRAL), "p25"] == viral_month_2[25]


def test_losing_share_counts_the_months_below_zero() -> None:
    frame = simulate_merchant_months(months=6, n_paths=20)
    viral = frame[frame["source"] == VIRAL]["profit_cny"]
    row = losing_month_probability(frame).set_index("source").loc[VIRAL]
    assert row["losing_share"] == (viral < 0).sum() / len(viral)
    assert row["sd_profit_cny"] == pytest.approx(viral.std(ddof=0))


@pytest.mark.parametrize(("call", "message"), [
    (lambda: simulate_leads(h5_share=1.5), r"h5_share=1.5 is outside \[0, 1\]"),
    (lambda: simulate_leads(cost_per_click_cny=0), r"cost_per_click_cny=0 is outside \[0.01, inf\)"),
    (lambda: simulate_leads(paid_budget_cny=-5), "paid_budget_cny=-5"),
    (lambda: simulate_leads(viral_mean_leads=np.nan), "viral_mean_leads=nan"),
    (lambda: simulate_leads(viral_volatility=11), "viral_volatility=11"),
    (lambda: simulate_leads(months=0), "months=0"),
    (lambda: simulate_leads(n_paths=2.5), "n_paths=2.5"),
    (lambda: simulate_leads(seed=-3), "seed=-3"),
    (lambda: monthly_profit(100, trust=-0.1), r"trust=-0.1 is outside \[0, 1\]"),
    (lambda: monthly_profit(np.nan), "leads=nan"),
    (lambda: monthly_profit(100, close_rate=2), "close_rate=2"),
    (lambda: simulate_merchant_months(team_cost_cny=-1), "team_cost_cny=-1"),
    (lambda: lead_fan([1, 2]), "frame=list is not a DataFrame"),
    (lambda: losing_month_probability(simulate_leads(months=1, n_paths=1)), "frame lacks column.* profit_cny"),
])
def test_bad_inputs_are_named(call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call()
