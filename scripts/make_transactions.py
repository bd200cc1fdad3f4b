"""Write data/transactions.csv: a synthetic 2014 transaction log of one restaurant.

The log follows the restaurant's funnel (o2o_models.funnel), with every figure from the
"restaurant" row of data/scenarios.csv, read as a checked Merchant:

- walk-ins pay the list price and are not in the merchant's CRM (客户并没有真正进入商家的CRM库),
  so their customer_id is "unknown";
- group-buy diners pay a voucher (团购券) at list_price*(1-discount) and the platform keeps the
  rebate 返点 commission*voucher price; a share cannibalised_share of them are regulars who
  would have walked in, the rest are new customers;
- a share follow_rate of new customers follow the service account 服务号 and become members;
  from the next month members buy at the member price, with no rebate, stay each month with
  probability `retention` and bring friends (referrals) who buy once and join too.

Month by month (t = 1..12), with N = the merchant's voucher_buyers and aN its cannibalised_buyers:
    walk-in purchases       ~ Poisson(walk_ins - a N);
    group-buy diners        ~ Poisson(N), each new with probability 1 - aN/N, then following with probability
    follow_rate;
    members kept            ~ Binomial(members_{t-1}, retention);
    purchases               ~ Poisson(purchases_per_member) per kept member;
    referred friends        ~ Poisson(referral_rate * trust) per kept member.
A purchase costs Gamma(shape 4) with mean the price paid (list price for walk-ins, the member
price list_price*(1-member_discount) for members and referred friends), rounded to whole yuan.

Usage: python scripts/make_transactions.py [--output data/transactions.csv] [--seed 2014]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from o2o_models.merchant import Merchant
from o2o_models.scenarios import DATA_DIR, TRANSACTION_COLUMNS, UNKNOWN, merchant
from o2o_models.validation import check_seed

YEAR = 2014
SPEND_SHAPE = 4.0


def _days(rng: np.random.Generator, month: int, count: int) -> np.ndarray:
    """``count`` random dates in ``month`` of YEAR."""
    start = np.datetime64(f"{YEAR}-{month:02d}-01")
    length = int(((start.astype("datetime64[M]") + 1).astype("datetime64[D]") - start).astype(int))
    return start + rng.integers(0, length, count).astype("timedelta64[D]")


def make_transactions(restaurant: Merchant, seed: int | np.random.Generator = 2014) -> pd.DataFrame:
    """Simulate one restaurant's 2014 transactions from its figures (see the module docstring)."""
    rng = check_seed(seed)
    voucher_price = restaurant.voucher_price
    member_price = restaurant.list_price * (1 - restaurant.member_discount)
    regulars = restaurant.cannibalised_buyers
    new_share = 1 - regulars / restaurant.voucher_buyers
    members = np.empty(0, dtype=np.int64)
    next_id = 1
    parts = []

    def add(dates, customers, channel, amounts, fees):
        parts.append(
            pd.DataFrame(
                {
                    "date": dates,
                    "customer_id": customers,
                    "channel": channel,
                    "amount_cny": amounts,
                    "platform_fee_cny": fees,
                    "voucher": channel == "groupbuy",
                }
            )
        )

    def spend(mean, count):
        return np.maximum(1.0, np.round(rng.gamma(SPEND_SHAPE, mean / SPEND_SHAPE, count)))

    for month in range(1, 13):
        walk_ins = rng.poisson(max(0.0, restaurant.walk_ins - regulars))
        add(
            _days(rng, month, walk_ins),
            np.zeros(walk_ins, dtype=np.int64),
            "walk_in",
            spend(restaurant.list_price, walk_ins),
            np.zeros(walk_ins),
        )

        diners_count = rng.poisson(restaurant.voucher_buyers)
        diners = np.arange(next_id, next_id + diners_count)
        next_id += diners_count
        add(
            _days(rng, month, diners_count),
            diners,
            "groupbuy",
            np.full(diners_count, voucher_price),
            np.full(diners_count, restaurant.commission * voucher_price),
        )
        new = rng.random(diners_count) < new_share
        follows = new & (rng.random(diners_count) < restaurant.follow_rate)

        kept = members[rng.random(members.size) < restaurant.member_retention]
        purchases = rng.poisson(restaurant.purchases_per_member, kept.size)
        buyers = np.repeat(kept, purchases)
        add(
            _days(rng, month, buyers.size),
            buyers,
            "member",
            spend(member_price, buyers.size),
            np.zeros(buyers.size),
        )

        referred = int(rng.poisson(restaurant.referral_rate * restaurant.trust, kept.size).sum())
        friends = np.arange(next_id, next_id + referred)
        next_id += referred
        add(
            _days(rng, month, referred),
            friends,
            "referral",
            spend(member_price, referred),
            np.zeros(referred),
        )
        members = np.concatenate([kept, diners[follows], friends])

    log = pd.concat(parts, ignore_index=True).sort_values("date", kind="stable", ignore_index=True)
    log["date"] = log["date"].dt.strftime("%Y-%m-%d")
    log["customer_id"] = [f"C{number:05d}" if number else UNKNOWN for number in log["customer_id"]]
    return log[list(TRANSACTION_COLUMNS)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DATA_DIR / "transactions.csv")
    parser.add_argument("--seed", type=int, default=2014)
    arguments = parser.parse_args()
    log = make_transactions(merchant("restaurant"), seed=arguments.seed)
    log.to_csv(arguments.output, index=False, float_format="%.2f", lineterminator="\n")
    print(f"wrote {len(log)} rows to {arguments.output}")


if __name__ == "__main__":
    main()
