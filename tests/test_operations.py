"""Specification of the operations-team simulation (o2o_models.operations)."""

from __future__ import annotations

import csv
import inspect
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from o2o_models import funnel, operations
from o2o_models.operations import (
    COLUMNS,
    DEFAULTS,
    TEAM_GRID,
    WITH_TEAM,
    WITHOUT_TEAM,
    best_team_size,
    compare_staffing,
    return_on_staff,
    simulate_merchants,
    skill_distribution,
    skill_lift,
    staffing_return,
    staffing_table,
    survival_by_scenario,
)
from o2o_models.population import merchant_types, scenario_of, skilled_retention
from o2o_models.scenarios import SCENARIOS, merchant


def test_the_skill_lift_by_hand() -> None:
    # 10 staff per 100 merchants at effectiveness 1: the gap to full skill shrinks by 1 - e^-1
    assert float(skill_lift(0.4, 10, 1.0)) == pytest.approx(0.4 + 0.6 * (1 - np.exp(-1)))
    assert float(skill_lift(0.4, 0, 1.0)) == 0.4
    assert float(skill_lift(1.0, 5, 1.0)) == 1.0


def test_each_extra_staff_member_helps_less_than_the_one_before() -> None:
    gains = np.diff(skill_lift(0.3, np.arange(0, 21), 0.5))
    assert (gains > 0).all() and (np.diff(gains) < 0).all()


@given(st.floats(0, 100), st.floats(0, 100), st.floats(0, 10))
def test_more_ops_staff_never_lowers_mean_merchant_skill(k1, k2, effectiveness) -> None:
    low, high = sorted((k1, k2))
    a = skill_distribution(n_merchants=200, staff_per_100_merchants=low, staff_effectiveness=effectiveness)
    b = skill_distribution(n_merchants=200, staff_per_100_merchants=high, staff_effectiveness=effectiveness)
    assert b["skill_after"].mean() >= a["skill_after"].mean()
    assert (b["skill_after"] >= a["skill_after"]).all()


def test_skills_have_the_asked_mean_and_spread() -> None:
    skills = skill_distribution(n_merchants=50_000, skill_mean=0.4, skill_spread=0.15)["skill_before"]
    assert skills.mean() == pytest.approx(0.4, abs=0.005)
    assert skills.std() == pytest.approx(0.15, abs=0.005)
    assert skills.between(0, 1).all()


def test_the_histogram_and_the_simulation_draw_the_same_merchants() -> None:
    # With ten years of cash nobody leaves in month 1, so its mean skill is the whole population's.
    skills = skill_distribution(n_merchants=300, staff_per_100_merchants=4)
    frame = simulate_merchants(n_merchants=300, staff_per_100_merchants=4, cash_months=120)
    assert frame["mean_skill"].iloc[0] == pytest.approx(skills["skill_after"].mean())


def test_the_platforms_merchants_are_the_five_scenario_merchants_in_turn() -> None:
    types = merchant_types()
    assert types["scenario"].tolist() == list(SCENARIOS)
    assert scenario_of(7).tolist() == [0, 1, 2, 3, 4, 0, 1]
    restaurant, row = merchant("restaurant"), types.set_index("scenario").loc["restaurant"]
    new = restaurant.voucher_buyers - restaurant.cannibalised_buyers
    assert row["new_customers"] == pytest.approx(new)
    assert row["base_margin_cny"] == pytest.approx(
        (restaurant.walk_ins - restaurant.cannibalised_buyers) * restaurant.full_margin
        + restaurant.voucher_buyers * restaurant.voucher_margin
    )
    assert row["runs_members"] and not row["works_leads"]
    assert row["fixed_cost_cny"] == restaurant.fixed_cost_cny + restaurant.operator_cost_cny
    showroom = types.set_index("scenario").loc["furniture"]
    assert showroom["works_leads"] and showroom["lead_margin_cny"] == pytest.approx(
        merchant("furniture").viral_mean_leads * funnel.mean_lead_value(merchant("furniture"))
    )


def test_skill_divides_the_members_churn_hazard() -> None:
    assert float(skilled_retention(0.81, 0.5)) == pytest.approx(0.81**2)
    assert float(skilled_retention(0.8, 1.0)) == pytest.approx(0.8)
    assert float(skilled_retention(0.8, 0.0)) == 0.0 and float(skilled_retention(0.0, 0.5)) == 0.0
    assert (np.diff(skilled_retention(0.85, np.linspace(0.01, 1, 50))) > 0).all()


def test_a_losing_merchant_trades_until_its_cash_runs_out() -> None:
    # One renovation firm at skill 0.5, no shocks: 36,000 + 0.5 x 108,000 = 90,000 a month of margin against
    # 160,000 of fixed costs with its lead team, -70,000 a month; three months of costs, 480,000, last six months
    # (60,000 left); month 7 takes it below 0, so it leaves then.
    firm = merchant_types().set_index("scenario").loc["renovation"]
    monthly = firm["base_margin_cny"] + 0.5 * firm["lead_margin_cny"] - firm["fixed_cost_cny"]
    months = int(np.floor(3 * firm["fixed_cost_cny"] / -monthly)) + 1
    frame = simulate_merchants(n_merchants=5, skill_spread=1e-4, demand_volatility=0.0, staff_per_100_merchants=0)
    five = [survival_by_scenario(n_merchants=5, skill_spread=1e-4, demand_volatility=0.0, months=m) for m in (6, 7)]
    assert months == 7 and five[0].loc["renovation", WITHOUT_TEAM] == 1 and five[1].loc["renovation", WITHOUT_TEAM] == 0
    assert frame["survival_share"].iloc[months - 2] > frame["survival_share"].iloc[months - 1]


def test_the_platform_earns_the_vouchers_rebate_and_its_store_take_and_pays_its_team() -> None:
    frame = simulate_merchants(
        n_merchants=400, staff_per_100_merchants=3, staff_monthly_cost_cny=8000, demand_volatility=0.0
    )
    assert list(frame.columns) == COLUMNS
    types = merchant_types()
    vouchers = 80 * types["voucher_sales_cny"].sum()  # month 1: all 400 trade, 80 of each scenario
    store = frame["gmv_cny"].iloc[0] - vouchers
    assert frame["platform_revenue_cny"].iloc[0] == pytest.approx(
        80 * types["voucher_commission_cny"].sum() + 0.05 * store
    )
    trading_at_start = 400 * np.concatenate([[1.0], frame["survival_share"].to_numpy()[:-1]])
    np.testing.assert_allclose(frame["staff_cost_cny"], 3 / 100 * 8000 * trading_at_start)  # the team serves those left
    np.testing.assert_allclose(frame["platform_profit_cny"], frame["platform_revenue_cny"] - frame["staff_cost_cny"])


def test_survival_never_rises_and_survivors_are_the_more_skilled() -> None:
    frame = simulate_merchants()
    assert (np.diff(frame["survival_share"]) <= 0).all()
    assert frame["mean_skill"].iloc[-1] > skill_distribution()["skill_after"].mean()


@settings(max_examples=15, deadline=None)
@given(st.floats(0, 20), st.floats(0, 20))
def test_more_staff_never_lowers_survival_on_the_same_draws(k1, k2) -> None:
    low, high = sorted((k1, k2))
    a = simulate_merchants(n_merchants=300, staff_per_100_merchants=low)
    b = simulate_merchants(n_merchants=300, staff_per_100_merchants=high)
    assert (b["survival_share"] >= a["survival_share"]).all()


@settings(max_examples=15, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1))
def test_a_higher_commission_never_helps_merchants_survive(c1, c2) -> None:
    low, high = sorted((c1, c2))
    a = simulate_merchants(n_merchants=300, commission=low)
    b = simulate_merchants(n_merchants=300, commission=high)
    assert (b["survival_share"] <= a["survival_share"]).all()


def test_the_comparison_uses_the_same_merchants_with_and_without_the_team() -> None:
    frame = compare_staffing(staff_per_100_merchants=5)
    assert list(frame.columns) == [*COLUMNS, "staffing"]
    with_team = frame[frame["staffing"] == WITH_TEAM].drop(columns="staffing").reset_index(drop=True)
    without = frame[frame["staffing"] == WITHOUT_TEAM].drop(columns="staffing").reset_index(drop=True)
    assert with_team.equals(simulate_merchants(staff_per_100_merchants=5))
    assert without.equals(simulate_merchants(staff_per_100_merchants=0))


def test_return_on_staff_by_its_definition() -> None:
    frame = compare_staffing(staff_per_100_merchants=3)
    totals = frame.groupby("staffing")[["platform_revenue_cny", "staff_cost_cny"]].sum()
    cost = totals.loc[WITH_TEAM, "staff_cost_cny"]
    extra = totals.loc[WITH_TEAM, "platform_revenue_cny"] - totals.loc[WITHOUT_TEAM, "platform_revenue_cny"]
    assert return_on_staff(staff_per_100_merchants=3) == pytest.approx((extra - cost) / cost)
    assert staffing_return(frame) == return_on_staff(staff_per_100_merchants=3)


def test_a_team_that_changes_nothing_loses_exactly_its_cost() -> None:
    # Staff with no effect bring no extra commission: the return is -100%.
    assert return_on_staff(staff_per_100_merchants=3, staff_effectiveness=0) == -1


def test_the_staffing_table_repeats_the_return_at_each_level() -> None:
    table = staffing_table((2, 5)).set_index("staff_per_100_merchants")
    assert table.loc[5, "average_return"] == pytest.approx(return_on_staff(staff_per_100_merchants=5))
    np.testing.assert_allclose(table["net_gain_cny"], table["extra_commission_cny"] - table["staff_cost_cny"])


def test_the_marginal_return_is_the_extra_gain_per_extra_yuan_of_staff() -> None:
    table = staffing_table((2, 5))
    step = table.diff().iloc[1]
    assert table["marginal_return"].iloc[1] == pytest.approx(step["net_gain_cny"] / step["staff_cost_cny"])
    assert table["marginal_return"].iloc[0] == pytest.approx(table["average_return"].iloc[0])  # from no team


def test_the_net_gain_peaks_where_the_marginal_return_turns_negative_after_the_average_has_fallen() -> None:
    table = staffing_table(TEAM_GRID)
    best = table.loc[table["net_gain_cny"].idxmax()]
    rising = table[table["staff_per_100_merchants"] <= best["staff_per_100_merchants"]]
    falling = table[table["staff_per_100_merchants"] > best["staff_per_100_merchants"]]
    assert (rising["marginal_return"] > 0).all() and (falling["marginal_return"] < 0).all()
    assert table["average_return"].idxmax() < table["net_gain_cny"].idxmax()
    assert best_team_size() == best["staff_per_100_merchants"]


def test_the_best_team_is_one_figure_on_the_staff_levers_grid() -> None:
    assert tuple(np.arange(0.5, 20.5, 0.5)) == TEAM_GRID
    assert best_team_size() in TEAM_GRID and best_team_size(commission=0.1) > best_team_size(commission=0.03)


def test_the_team_saves_the_merchants_whose_survival_skill_decides() -> None:
    alone_and_helped = survival_by_scenario()
    assert (alone_and_helped.loc["leisure"] > 0.95).all()  # pays its way at almost any skill
    assert (alone_and_helped.loc["renovation"] < 0.05).all()  # fails at any skill
    assert (alone_and_helped[WITH_TEAM] >= alone_and_helped[WITHOUT_TEAM]).all()
    gains = alone_and_helped[WITH_TEAM] - alone_and_helped[WITHOUT_TEAM]
    assert gains.idxmax() == "furniture"


def test_every_default_of_the_platform_has_a_row_and_a_source_in_data() -> None:
    path = Path(inspect.getfile(operations)).parents[1] / "data" / "operations.csv"
    with path.open(encoding="utf-8") as handle:
        rows = {row["parameter"]: row for row in csv.DictReader(handle)}
    assert set(rows) == set(DEFAULTS) - {"seed"}
    for name, row in rows.items():
        assert float(row["value"]) == DEFAULTS[name], name
        assert row["source"].startswith("illustrative") or any(ch.isdigit() for ch in row["source"]), name


def test_simulations_are_reproducible_for_a_seed_and_differ_across_seeds() -> None:
    assert simulate_merchants(seed=1).equals(simulate_merchants(seed=1))
    assert not simulate_merchants(seed=1).equals(simulate_merchants(seed=2))
    assert simulate_merchants(seed=np.random.default_rng(1)).equals(simulate_merchants(seed=1))
    assert skill_distribution(seed=1).equals(skill_distribution(seed=1))
    assert not skill_distribution(seed=1).equals(skill_distribution(seed=2))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: simulate_merchants(staff_per_100_merchants=-1),
            r"staff_per_100_merchants=-1 is outside \[0, 100\]",
        ),
        (lambda: simulate_merchants(skill_mean=1.0), r"skill_mean=1 is outside \(0, 1\)"),
        (lambda: simulate_merchants(skill_spread=0), r"skill_spread=0 is outside \[1e-06, 0.5\]"),
        (lambda: simulate_merchants(skill_spread=0.45, skill_mean=0.2), "skill_spread=0.45 is too wide"),
        (lambda: simulate_merchants(n_merchants=0), "n_merchants=0"),
        (lambda: simulate_merchants(months=121), "months=121"),
        (lambda: simulate_merchants(commission=1.5), r"commission=1.5 is outside \[0, 1\]"),
        (lambda: simulate_merchants(cash_months=np.nan), "cash_months=nan"),
        (lambda: simulate_merchants(cash_months=-1), "cash_months=-1"),
        (lambda: simulate_merchants(demand_volatility=6), "demand_volatility=6"),
        (lambda: simulate_merchants(seed=1.5), "seed=1.5"),
        (lambda: skill_lift(1.2, 2, 0.5), "skill=1.2"),
        (lambda: skill_distribution(staff_effectiveness=-0.5), "staff_effectiveness=-0.5"),
        (
            lambda: return_on_staff(staff_per_100_merchants=0),
            "staff_per_100_merchants=0 leaves the team costing nothing",
        ),
        (
            lambda: return_on_staff(staff_monthly_cost_cny=0),
            "staff_monthly_cost_cny=0 leaves the team costing nothing",
        ),
        (lambda: staffing_return(compare_staffing(staff_per_100_merchants=0)), "the team cost nothing"),
        (lambda: staffing_table((5, 2)), "must be a non-empty, increasing list"),
        (lambda: staffing_table((2, 5), staff_per_100_merchants=3), "give the sizes as levels"),
        (lambda: compare_staffing(staff=3), r"unknown parameter\(s\) \['staff'\]"),
    ],
)
def test_bad_inputs_are_named(call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call()
