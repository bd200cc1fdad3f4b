"""Vectorised Monte Carlo against a plain-Python loop of the same model, in the same run.

    python benchmarks/vectorised.py

For the two Monte Carlo models, the Leg 2 merchant simulation (10,000 merchants x 36
months) and the Leg 3 traffic simulation (500 paths x 24 months), runs the package's
numpy version and a plain-Python loop over merchants (or paths) fed the very same random
draws, checks that both give the same numbers, and prints the times and their ratio.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from o2o_models import funnel, operations, population  # noqa: E402
from o2o_models.scenarios import merchant  # noqa: E402

BUDGET_MERCHANTS_MS = 100.0


def merchants_loop(skill: np.ndarray, shocks: np.ndarray, p: dict) -> list[float]:
    """Survival share by month, one merchant at a time (the same model as operations._simulate)."""
    lift = 1 - math.exp(-p["staff_effectiveness"] * p["staff_per_100_merchants"] / 10)
    types = population.merchant_types().to_dict("records")
    terms = population.monthly_terms(len(shocks))
    survivors = [0] * len(shocks)
    for i, s in enumerate(skill.tolist()):
        kind = types[i % len(types)]
        skill_after = s + (1 - s) * lift
        follow = skill_after * kind["follow_rate"]
        retention = kind["retention"] ** (1 / skill_after) if skill_after > 0 and kind["retention"] > 0 else 0.0
        per_member = kind["member_sales_cny"] * (1 - p["commission"]) - kind["member_cost_cny"]
        cash, members = p["cash_months"] * kind["fixed_cost_cny"], 0.0
        for month, shock in enumerate(shocks[:, i].tolist()):
            new, base = (terms[name][month, i % len(types)] for name in ("new_customers", "base_margin_cny"))
            members = retention * members + follow * new
            margin = base + members * per_member + skill_after * kind["lead_margin_cny"]
            cash += shock * margin - kind["fixed_cost_cny"]
            if cash < 0:
                break
            survivors[month] += 1
    return [count / len(skill) for count in survivors]


def timed(function, repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def main() -> int:
    p = {**operations.DEFAULTS, "n_merchants": 10_000, "months": 36}
    seed = p.pop("seed")
    checked = operations._check(**p)
    skill, shocks = operations._draws(
        checked["n_merchants"],
        checked["months"],
        checked["skill_mean"],
        checked["skill_spread"],
        checked["demand_volatility"],
        seed,
    )
    vector_ms, frame = timed(lambda: operations.simulate_merchants(**p, seed=seed))
    loop_ms, shares = timed(lambda: merchants_loop(skill, shocks, checked), repeat=1)
    assert np.allclose(frame["survival_share"], shares), "the loop and numpy versions disagree"
    print("Leg 2 merchants, 10,000 x 36 months")
    print(
        f"  numpy {vector_ms:8.1f} ms   plain Python {loop_ms:8.1f} ms   ratio {loop_ms / vector_ms:5.0f}x"
        f"   budget < {BUDGET_MERCHANTS_MS:.0f} ms: {'within budget' if vector_ms < BUDGET_MERCHANTS_MS else 'OVER'}"
    )

    furniture = merchant("furniture")
    paths, months = 500, 36
    vector_ms, frame = timed(lambda: funnel.lead_months(furniture, months=months, n_paths=paths))
    leads, spend = frame["leads"].to_numpy(), frame["spend_cny"].to_numpy()
    worth = funnel.reviewed_lead_value(furniture, months)[frame["month"].to_numpy() - 1]  # w_t as reviews come in
    team = furniture.team_cost_cny

    def profit_loop() -> list[float]:
        return [lead * w - team - ad for lead, w, ad in zip(leads.tolist(), worth.tolist(), spend.tolist())]

    loop_ms, profits = timed(profit_loop, repeat=3)
    assert np.allclose(frame["profit_cny"], profits)
    print(f"Leg 3 traffic, {paths} paths x {months} months x 2 sources (profit step; draws shared)")
    print(f"  numpy (whole simulation) {vector_ms:6.1f} ms   plain-Python profit loop alone {loop_ms:6.1f} ms")
    return 0 if vector_ms < BUDGET_MERCHANTS_MS else 1


if __name__ == "__main__":
    sys.exit(main())
