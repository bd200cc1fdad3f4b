"""Specification of paid against viral traffic (o2o_models.traffic)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from o2o_models import auctions, traffic
from o2o_models.traffic import (
    PAID,
    SLOT_CTRS,
    VIRAL,
    lead_fan,
    lead_value,
    losing_month_probability,
    monthly_profit,
    paid_clicks,
    simulate_leads,
)


def paid(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["source"] == PAID]


def viral(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["source"] == VIRAL]


def test_leads_are_tidy_with_both_sources_for_every_path_and_month() -> None:
    frame = simulate_leads(months=6, n_paths=10)
    assert list(frame.columns) == [
        "path",
        "month",
        "source",
        "leads",
        "slot",
        "price_per_click_cny",
        "spend_cny",
    ]
    assert len(frame) == 2 * 6 * 10
    assert len(frame.drop_duplicates(["path", "month", "source"])) == len(frame)


def test_a_lead_is_worth_visit_rate_trust_close_rate_and_margin() -> None:
    # 5% would visit at full trust x 0.5 trust x 30% close x 3,000 CNY = 22.5 CNY a lead
    assert float(lead_value(0.05, 0.5, 0.3, 3000)) == pytest.approx(22.5)


def test_a_budget_buys_budget_over_price_clicks_up_to_what_the_slot_delivers() -> None:
    assert paid_clicks(30000, 3, 20000).tolist() == pytest.approx(10000)
    assert paid_clicks(30000, 3, 4000).tolist() == pytest.approx(4000)
    assert paid_clicks(0, 3, 4000).tolist() == 0
    assert paid_clicks(500, 0, 4000).tolist() == 4000  # free clicks: the slot's whole volume


def test_the_price_each_month_is_the_equilibrium_price_of_the_slot_won() -> None:
    frame = paid(simulate_leads(months=2, n_paths=3, rival_bidders=4, seed=5))
    rng = np.random.default_rng(5).spawn(3)[0]
    rivals = rng.uniform(1.0, 6.0, size=(3, 2, 4))
    slot, price = auctions.slot_and_price(22.5, rivals, SLOT_CTRS)
    assert frame["slot"].tolist() == slot.ravel().tolist()
    np.testing.assert_allclose(frame["price_per_click_cny"], price.ravel())


def test_with_no_rivals_the_top_slot_is_free_and_the_merchant_takes_all_its_clicks() -> None:
    frame = paid(simulate_leads(n_paths=500, rival_bidders=0, click_volume=8000, h5_share=0.5))
    assert (frame["price_per_click_cny"] == 0).all() and (frame["slot"] == 1).all()
    assert frame["leads"].mean() == pytest.approx(8000 * 0.5, rel=0.01)


def test_the_h5_split_cuts_the_volume_of_paid_clicks() -> None:
    # A budget far above the volume: every click the slot delivers is bought
    whole, split = (
        paid(simulate_leads(n_paths=500, paid_budget_cny=1e6, h5_share=h))["leads"].mean() for h in (0.0, 0.5)
    )
    assert split == pytest.approx(whole / 2, rel=0.01)


def test_more_rivals_raise_the_price_per_click() -> None:
    prices = [paid(simulate_leads(n_paths=300, rival_bidders=n))["price_per_click_cny"].mean() for n in (2, 5, 10, 20)]
    assert np.all(np.diff(prices) > 0)


def test_rivals_who_value_clicks_more_push_the_merchant_down_the_page_or_off_it() -> None:
    frame = paid(
        simulate_leads(
            n_paths=200,
            rival_bidders=10,
            rival_value_low_cny=20,
            rival_value_high_cny=40,
            lead_value_cny=22.5,
        )
    )
    assert (frame["slot"] == 0).mean() > 0.5
    assert (frame.loc[frame["slot"] == 0, "leads"] == 0).all()


@pytest.mark.parametrize("budget", [500.0, 3000.0, 30000.0])
def test_no_month_spends_more_than_its_budget_and_a_budget_that_binds_buys_what_it_affords(budget: float) -> None:
    """The month's clicks arrive around what the slot delivers; the budget stops buying at B/p, so a
    Poisson draw around B/p no longer spends 30,003 CNY of a 30,000 CNY budget."""
    frame = paid(simulate_leads(n_paths=200, paid_budget_cny=budget, click_volume=8000))
    bought = frame[frame["slot"] > 0]
    assert (bought["spend_cny"] <= budget + 1e-6).all()
    affordable = np.floor(budget / bought["price_per_click_cny"])
    assert (bought["leads"] <= affordable).all() and (bought["leads"] == bought["leads"].round()).all()
    if budget == 500.0:  # far below the slot's clicks: every month buys just what the budget affords
        assert (bought["leads"] == affordable).all()


def test_no_month_pays_more_per_click_than_a_lead_is_worth() -> None:
    frame = paid(simulate_leads(n_paths=300, rival_bidders=20, rival_value_high_cny=30))
    assert (frame["price_per_click_cny"] <= 22.5 + 1e-9).all()


def test_viral_leads_average_their_mean() -> None:
    frame = simulate_leads(n_paths=4000, viral_mean_leads=1000, viral_volatility=1.0)
    assert viral(frame)["leads"].mean() == pytest.approx(1000, rel=0.03)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**32))
def test_paid_leads_vary_less_than_viral_leads_at_the_defaults_whatever_the_seed(seed) -> None:
    frame = simulate_leads(n_paths=200, seed=seed)
    cv = lambda part: part["leads"].std() / part["leads"].mean()  # noqa: E731
    assert cv(paid(frame)) < cv(viral(frame))


def test_changing_the_paid_budget_never_changes_the_viral_draws() -> None:
    low, high = (viral(simulate_leads(n_paths=100, paid_budget_cny=b))["leads"].to_numpy() for b in (1e4, 3e4))
    np.testing.assert_array_equal(low, high)


def test_profit_by_hand() -> None:
    # 4,000 leads x 22.5 CNY = 90,000; less a 60,000 team and 20,000 of ads
    assert float(monthly_profit(4000, 22.5, 60000, 20000)) == pytest.approx(10000)


@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1e5), st.floats(0, 1), st.floats(0, 1))
def test_more_trust_never_lowers_what_a_lead_is_worth(t1, t2, margin, visit, close) -> None:
    low, high = sorted((t1, t2))
    assert float(lead_value(visit, high, close, margin)) >= float(lead_value(visit, low, close, margin)) - 1e-9


def test_simulations_are_reproducible_for_a_seed_and_differ_across_seeds() -> None:
    assert simulate_leads(seed=3).equals(simulate_leads(seed=3))
    assert not simulate_leads(seed=3).equals(simulate_leads(seed=4))
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


@st.composite
def simulated_months(draw: st.DrawFn) -> pd.DataFrame:
    """Months of any shape a user might pass: groups of equal or unequal size, sources as text or categories."""
    rows = draw(
        st.lists(
            st.tuples(
                st.integers(1, 4),
                st.sampled_from(["paid", "viral", "other"]),
                st.floats(0, 1e6),
                st.floats(-1e6, 1e6),
            ),
            min_size=1,
            max_size=40,
        )
    )
    frame = pd.DataFrame(rows, columns=["month", "source", "leads", "profit_cny"])
    if draw(st.booleans()):
        frame["source"] = pd.Categorical(frame["source"], categories=["viral", "paid", "other", "unused"])
    return frame


@settings(max_examples=60, deadline=None)
@given(simulated_months())
def test_the_fan_is_pandas_linear_quantiles_by_month_and_source(frame: pd.DataFrame) -> None:
    expected = (
        frame.groupby(["month", "source"], observed=True)["leads"].quantile([0.05, 0.25, 0.5, 0.75, 0.95]).unstack()
    )
    fan = lead_fan(frame).set_index(["month", "source"])
    assert fan.index.equals(expected.index)
    np.testing.assert_allclose(fan.to_numpy(), expected.to_numpy(), rtol=1e-12, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(simulated_months())
def test_losing_months_are_pandas_group_shares_and_moments(frame: pd.DataFrame) -> None:
    by_source = frame.groupby("source", observed=True)["profit_cny"]
    risk = losing_month_probability(frame).set_index("source")
    assert list(risk.index) == list(by_source.mean().index)
    np.testing.assert_allclose(risk["losing_share"], by_source.apply(lambda p: (p < 0).mean()), rtol=1e-12)
    np.testing.assert_allclose(risk["mean_profit_cny"], by_source.mean(), rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(risk["sd_profit_cny"], by_source.std(ddof=0), rtol=1e-9, atol=1e-6)


def test_losing_share_counts_the_months_below_zero() -> None:
    frame = simulate_leads(months=6, n_paths=20)
    frame["profit_cny"] = monthly_profit(frame["leads"], 22.5, 60000, frame["spend_cny"])
    free = viral(frame)["profit_cny"]
    row = losing_month_probability(frame).set_index("source").loc[VIRAL]
    assert row["losing_share"] == (free < 0).sum() / len(free)
    assert row["sd_profit_cny"] == pytest.approx(free.std(ddof=0))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: simulate_leads(h5_share=1.5), "h5_share=1.5"),
        (lambda: simulate_leads(paid_budget_cny=-5), "paid_budget_cny=-5"),
        (lambda: simulate_leads(viral_mean_leads=np.nan), "viral_mean_leads=nan"),
        (lambda: simulate_leads(rival_bidders=2.5), "rival_bidders=2.5"),
        (lambda: simulate_leads(rival_value_low_cny=7, rival_value_high_cny=5), "rival_value_high_cny=5"),
        (lambda: simulate_leads(months=0), "months=0"),
        (lambda: simulate_leads(seed=-3), "seed=-3"),
        (lambda: monthly_profit(np.nan, 1, 0), "leads=nan"),
        (lambda: lead_value(0.1, 1.2, 0.5, 100), "trust=1.2"),
        (
            lambda: losing_month_probability(simulate_leads(months=1, n_paths=1)),
            "frame lacks column.* profit_cny",
        ),
    ],
)
def test_bad_inputs_are_named(call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_a_frame_is_needed_where_a_frame_is_meant() -> None:
    with pytest.raises(TypeError, match="frame=list is not a DataFrame"):
        lead_fan([1, 2])


def counting(monkeypatch, name: str) -> list:
    calls = []
    real = getattr(traffic, name)
    monkeypatch.setattr(traffic, name, lambda *args: calls.append(args) or real(*args))
    return calls


def test_a_budget_or_h5_move_reruns_no_auction_and_draws_no_free_lead(monkeypatch) -> None:
    auctions_run, free_draws = counting(monkeypatch, "slot_and_price"), counting(monkeypatch, "mean_one_lognormal")
    first = simulate_leads(months=12, n_paths=40, seed=913)
    moved = simulate_leads(months=12, n_paths=40, seed=913, paid_budget_cny=12000, h5_share=0.3)
    assert (len(auctions_run), len(free_draws)) == (1, 1)
    np.testing.assert_array_equal(viral(moved)["leads"], viral(first)["leads"])
    simulate_leads(months=12, n_paths=40, seed=913, lead_value_cny=9.0, viral_mean_leads=100)
    assert (len(auctions_run), len(free_draws)) == (2, 2)


def test_kept_draws_give_the_paths_a_fresh_run_gives() -> None:
    kept = [simulate_leads(months=5, n_paths=30, seed=58, rival_bidders=3) for _ in range(2)]
    fresh = simulate_leads(months=5, n_paths=30, seed=np.random.default_rng(58), rival_bidders=3)
    pd.testing.assert_frame_equal(kept[0], fresh)
    pd.testing.assert_frame_equal(kept[1], fresh)


def test_a_large_run_is_not_kept() -> None:
    traffic._kept_auction.cache_clear()
    traffic._kept_free_leads.cache_clear()
    simulate_leads(months=120, n_paths=traffic.KEPT_PATH_MONTHS // 120 + 1, rival_bidders=0)
    assert traffic._kept_auction.cache_info().currsize == traffic._kept_free_leads.cache_info().currsize == 0


def test_a_zero_paid_volatility_gives_the_poisson_only_paid_leads() -> None:
    base = simulate_leads(months=6, n_paths=40)
    pd.testing.assert_frame_equal(base, simulate_leads(months=6, n_paths=40, paid_volatility=0.0))


def test_a_paid_volatility_swings_the_paid_clicks_and_leaves_the_free_leads_alone() -> None:
    calm, swung = (simulate_leads(months=12, n_paths=200, paid_volatility=cv) for cv in (0.0, 0.5))
    paid = lambda f: f.loc[f["source"] == PAID, "leads"]  # noqa: E731
    assert paid(swung).std() > 5 * paid(calm).std()
    np.testing.assert_array_equal(
        swung.loc[swung["source"] == VIRAL, "leads"], calm.loc[calm["source"] == VIRAL, "leads"]
    )


def test_the_h5_split_cuts_the_paid_clicks_from_its_month_on() -> None:
    frame = simulate_leads(months=12, n_paths=200, h5_split_month=7, paid_budget_cny=1e6)
    paid = frame[frame["source"] == PAID].groupby("month")["leads"].mean()
    assert paid.loc[7:].mean() == pytest.approx(0.5 * paid.loc[:6].mean(), rel=0.02)
    never = simulate_leads(months=12, n_paths=50, h5_split_month=13, h5_share=0.5)
    whole = simulate_leads(months=12, n_paths=50, h5_share=0.0)
    pd.testing.assert_frame_equal(never, whole)
