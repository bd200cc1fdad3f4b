"""Write data/transactions.csv: a synthetic 2014 transaction log of one restaurant.

Group-buy diners pay a voucher (团购券) at list_price*(1-discount) and the platform keeps the
rebate 返点 commission*voucher price. A share follow_rate of them follow the service account
服务号 and become members, who buy at full price (visits and 微信小店 items) with no rebate,
stay each month with probability `retention` and bring friends (referrals) who also join.
Every figure comes from the "restaurant" row of data/scenarios.csv, read by o2o_models.scenarios.

Month by month (t = 1..12), with N = monthly_first_visits:
    group-buy first visits  ~ Poisson(N), each follows with probability follow_rate;
    members kept            ~ Binomial(members_{t-1}, retention);
    referred friends        ~ Poisson(referral_rate * trust) per member of month t-1;
    member purchases        ~ Poisson(purchases_per_member) per member of month t, on or after the day they joined.
A member purchase costs Gamma(shape 4) with mean margin_per_purchase_cny / (1 - unit_cost/list_price),
i.e. the member margin at the set menu's cost share, rounded to whole yuan.

Usage: python scripts/make_transactions.py [--output data/transactions.csv] [--seed 2014]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from o2o_models.scenarios import DATA_DIR, TRANSACTION_COLUMNS, scenario
from o2o_models.validation import check_seed

YEAR = 2014
SPEND_SHAPE = 4.0


def _days(rng: np.random.Generator, month: int, first_day: np.ndarray) -> np.ndarray:
    """Random dates in `month` of YEAR, each on or after its first_day (1-based day of month)."""
    start = np.datetime64(f"{YEAR}-{month:02d}-01")
    length = int(((start.astype("datetime64[M]") + 1).astype("datetime64[D]") - start).astype(int))
    return start + (rng.integers(first_day, length + 1) - 1).astype("timedelta64[D]")


def make_transactions(values: dict[str, float], seed: int | np.random.Generator = 2014) -> pd.DataFrame:
    """Simulate one restaurant's 2014 transactions from scenario values (see the module docstring)."""
    rng = check_seed(seed)
    voucher_price = values["list_price"] * (1 - values["discount"])
    mean_spend = values["margin_per_purchase_cny"] / (1 - values["unit_cost"] / values["list_price"])
    members = np.empty(0, dtype=np.int64)
    next_id = 1
    parts = []

    def add(dates, customers, channel, amounts, fees):
        parts.append(pd.DataFrame({"date": dates, "customer_id": customers, "channel": channel,
                                   "amount_cny": amounts, "platform_fee_cny": fees,
                                   "voucher": channel == "groupbuy"}))

    def spend(count):
        return np.maximum(1.0, np.round(rng.gamma(SPEND_SHAPE, mean_spend / SPEND_SHAPE, count)))

    for month in range(1, 13):
        first_visits = rng.poisson(values["monthly_first_visits"])
        diners = np.arange(next_id, next_id + first_visits)
        next_id += first_visits
        diner_dates = _days(rng, month, np.ones(first_visits, dtype=np.int64))
        add(diner_dates, diners, "groupbuy", np.full(first_visits, voucher_price),
            np.full(first_visits, values["commission"] * voucher_price))
        follows = rng.random(first_visits) < values["follow_rate"]

        referred = int(rng.poisson(values["referral_rate"] * values["trust"], members.size).sum())
        friends = np.arange(next_id, next_id + referred)
        next_id += referred
        friend_dates = _days(rng, month, np.ones(referred, dtype=np.int64))
        add(friend_dates, friends, "referral", spend(referred), np.zeros(referred))

        kept = members[rng.random(members.size) < values["retention"]]
        members = np.concatenate([kept, diners[follows], friends])
        joined = np.concatenate([np.full(kept.size, np.datetime64(f"{YEAR}-{month:02d}-01")),
                                 diner_dates[follows], friend_dates])
        purchases = rng.poisson(values["purchases_per_member"], members.size)
        buyers = np.repeat(members, purchases)
        first_day = np.repeat((joined - joined.astype("datetime64[M]")).astype(np.int64) + 1, purchases)
        add(_days(rng, month, first_day), buyers, "member", spend(buyers.size), np.zeros(buyers.size))

    log = pd.concat(parts, ignore_index=True).sort_values("date", kind="stable", ignore_index=True)
    log["date"] = log["date"].dt.strftime("%Y-%m-%d")
    log["customer_id"] = [f"C{number:05d}" for number in log["customer_id"]]
    return log[list(TRANSACTION_COLUMNS)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DATA_DIR / "transactions.csv")
    parser.add_argument("--seed", type=int, default=2014)
    arguments = parser.parse_args()
    log = make_transactions(scenario("restaurant"), seed=arguments.seed)
    log.to_csv(arguments.output, index=False, float_format="%.2f", lineterminator="\n")
    print(f"wrote {len(log)} rows to {arguments.output}")


if __name__ == "__main__":
    main()
