"""A hostile student at every public function of the model modules.

Each function is called with arguments drawn from its allowed ranges, mixed with what a
student might type into an exercise or a trainer into a scenario file: NaN, infinities,
negatives, zero, huge and tiny numbers, text, None, booleans, empty and mismatched arrays,
broken frames, mappings and data files. Only two outcomes pass:

- a result that is finite and keeps the function's invariants (shares in [0, 1], counts
  >= 0, ordered quantiles, prices no higher than values, ...); or
- a ValueError or TypeError whose message names an argument given a hostile value (a
  missing data file may raise FileNotFoundError naming it).

``make test`` runs 25 examples a function. The issue's bar is 200 a function::

    O2O_FUZZ_EXAMPLES=200 .venv/bin/python -m pytest tests/test_fuzz.py

``test_every_public_function_is_fuzzed`` fails when a model module gains a public
function without a case here.
"""

from __future__ import annotations

import inspect
import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from numbers import Real
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from o2o_models import (
    auctions,
    funnel,
    groupbuy,
    membership,
    merchant,
    operations,
    platform,
    population,
    scenarios,
    shocks,
    strategy,
    traffic,
    trust,
)
from o2o_models.merchant import FIELDS, Merchant

MODULES = (
    groupbuy,
    trust,
    membership,
    operations,
    population,
    traffic,
    auctions,
    merchant,
    funnel,
    strategy,
    platform,
    scenarios,
    shocks,
)
EXAMPLES = int(os.environ.get("O2O_FUZZ_EXAMPLES", "25"))
TOLERANCE = 1e-9

# What a hostile student types ------------------------------------------------------------

EDGE_NUMBERS = [
    math.nan,
    math.inf,
    -math.inf,
    -1.0,
    -1e-300,
    -0.0,
    0,
    0.0,
    5e-324,
    1e-320,
    1e-170,
    1e-9,
    0.5,
    1,
    1 + 1e-12,
    2,
    12.5,
    100,
    1e6,
    1e9,
    1e10,
    1e100,
    1e308,
    -1e308,
    2**63,
    np.float32(0.25),
    np.int64(7),
    np.float64(math.nan),
]
JUNK = [
    None,
    "200",
    " 100 ",
    "",
    "abc",
    b"1",
    True,
    False,
    np.bool_(True),
    [],
    [0.8, 0.9],
    [[0.1, 0.2]],
    [1, "a"],
    [[1], [1, 2]],
    {},
    {"a": 1},
    complex(1, 1),
    10**400,
    -(10**400),
    Fraction(1, 3),
    np.array([]),
    np.array([0.2, math.nan]),
    pd.Series([1.0, 2.0, 3.0]),
    np.array(["1", "2"]),
    object(),
]
HOSTILE = st.one_of(
    st.sampled_from(EDGE_NUMBERS + JUNK),
    st.floats(),
    st.integers(-(2**70), 2**70),
    st.lists(st.floats(), max_size=4),
    st.lists(st.floats(0, 1), min_size=2, max_size=2),  # two elements beside arrays of three
)


@dataclass(frozen=True)
class Blame:
    """A drawn value together with the names an error about it may use."""

    value: object
    names: tuple[str, ...]


@dataclass(frozen=True)
class DataFile:
    """A scenario, label or transaction file, well formed or broken, made in a temporary folder."""

    kind: str
    variant: str


@dataclass(frozen=True)
class Arg:
    """How to draw one argument: from its allowed values, or hostile; optional ones may be left out."""

    valid: st.SearchStrategy
    hostile: st.SearchStrategy | None = HOSTILE  # None: no hostile value to try (the object under test)
    optional: bool = False


def _no_invariant(result: object, kwargs: dict) -> None:
    return None


@dataclass(frozen=True)
class Case:
    """One public function, its arguments, and what must hold of its result."""

    function: Callable
    args: dict[str, Arg]
    invariant: Callable[[object, dict], None] = _no_invariant
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # other names an error may give an argument
    nan_columns: tuple[str, ...] = ()  # result columns documented to hold NaN
    extra_keywords: bool = False  # the function takes **parameters


def reals(low: float, high: float, *, low_open: bool = False, high_open: bool = False) -> st.SearchStrategy:
    """Numbers in an interval; its finite ends, unless open, are drawn often."""
    ends = [end for end, is_open in ((low, low_open), (high, high_open)) if not is_open and math.isfinite(end)]
    numbers = st.floats(low, high, exclude_min=low_open, exclude_max=high_open)
    return st.one_of(numbers, st.sampled_from(ends)) if ends else numbers


def arrays(numbers: st.SearchStrategy) -> st.SearchStrategy:
    """A number, or a list of three of them (arguments that broadcast)."""
    return st.one_of(numbers, st.lists(numbers, min_size=3, max_size=3))


def seeds() -> st.SearchStrategy:
    return st.one_of(st.integers(0, 2**63 - 1), st.integers(0, 99).map(np.random.default_rng))


FLAG = Arg(st.booleans(), HOSTILE.filter(lambda value: not isinstance(value, (bool, np.bool_))), optional=True)
FRACTION = reals(0, 1)
MONEY = reals(0, 1e9)
SEED = Arg(seeds(), optional=True)

# Invariants ---------------------------------------------------------------------------------


def finite_everywhere(result: object, nan_columns: tuple[str, ...] = (), where: str = "result") -> None:
    """Every number in ``result`` (nested in frames, arrays, mappings, sequences) is finite."""
    if isinstance(result, pd.DataFrame):
        for column in result.columns:
            data = result[column]
            if pd.api.types.is_numeric_dtype(data) and not pd.api.types.is_bool_dtype(data):
                values = data.to_numpy(dtype=float)
                if column in nan_columns:
                    values = values[~np.isnan(values)]
                assert np.isfinite(values).all(), f"{where}[{column!r}] holds {data.tolist()[:8]}"
            else:
                assert data.dtype.kind in "OUbM" or isinstance(data.dtype, pd.CategoricalDtype), data.dtype
    elif isinstance(result, (np.ndarray, np.generic)):
        assert result.dtype.kind in "iufb", f"{where} has dtype {result.dtype}"
        assert np.isfinite(result.astype(float)).all(), f"{where} = {result}"
    elif isinstance(result, Mapping):
        for key, value in result.items():
            finite_everywhere(value, nan_columns, f"{where}[{key!r}]")
    elif isinstance(result, (list, tuple)):
        for index, value in enumerate(result):
            finite_everywhere(value, nan_columns, f"{where}[{index}]")
    elif isinstance(result, Merchant):
        finite_everywhere(result.values(), nan_columns, where)
    elif isinstance(result, Real):
        assert math.isfinite(result), f"{where} = {result}"
    else:
        assert result is None or isinstance(result, str), f"{where} is a {type(result).__name__}"


def between(values: object, low: float, high: float, what: str) -> None:
    array = np.asarray(values, dtype=float)
    inside = np.all(array >= low - TOLERANCE) and np.all(array <= high + TOLERANCE)
    assert inside, f"{what} = {array} not in [{low}, {high}]"


def share(values: object, what: str = "share") -> None:
    between(values, 0, 1, what)


def not_negative(values: object, what: str = "count") -> None:
    between(values, 0, math.inf, what)


def columns_not_negative(frame: pd.DataFrame, columns: tuple[str, ...]) -> None:
    for column in columns:
        not_negative(frame[column], column)


def relative(a: object, b: object) -> float:
    """Slack for comparing floats of the size of ``a`` and ``b``."""
    return TOLERANCE * (1 + np.maximum(np.abs(np.asarray(a, dtype=float)), np.abs(np.asarray(b, dtype=float))))


def margin_below_full_margin(result: object, kw: dict) -> None:
    full = np.asarray(kw["list_price"], dtype=float) - np.asarray(kw["unit_cost"], dtype=float)
    assert np.all(result <= full + relative(result, full))


def waterfall_adds_up(result: pd.DataFrame, kw: dict) -> None:
    assert len(result) == 5 and set(result["kind"]) == {"total", "decrease"}
    steps = result.iloc[1:4]
    assert np.allclose(steps["end_cny"] - steps["start_cny"], steps["amount_cny"], rtol=1e-9, atol=1e-6)
    assert (steps["amount_cny"] <= 0).all()


def members_invariant(result: pd.DataFrame, kw: dict) -> None:
    columns_not_negative(result, ("active", "referred", "joined", "members"))
    assert np.allclose(result["members"], result["active"] + result["joined"], rtol=1e-9, atol=1e-6)
    assert result["month"].tolist() == list(range(1, len(result) + 1))


def merchants_invariant(result: pd.DataFrame, kw: dict) -> None:
    for _, run in result.groupby("staffing") if "staffing" in result else [(None, result)]:
        share(run["survival_share"], "survival_share")
        assert run["survival_share"].is_monotonic_decreasing
        columns_not_negative(run, ("gmv_cny", "platform_revenue_cny", "staff_cost_cny"))
        alive = run["survival_share"] > 0
        share(run.loc[alive, "mean_skill"], "mean_skill")
        assert run.loc[alive, "mean_skill"].notna().all(), "mean_skill is NaN while merchants trade"


def skills_invariant(result: pd.DataFrame, kw: dict) -> None:
    share(result["skill_before"], "skill_before")
    share(result["skill_after"], "skill_after")
    assert (result["skill_after"] >= result["skill_before"] - TOLERANCE).all()


def skill_lift_invariant(result: object, kw: dict) -> None:
    share(result, "skill after help")
    assert np.all(result >= np.asarray(kw["skill"], dtype=float) - TOLERANCE)


def staffing_table_invariant(result: pd.DataFrame, kw: dict) -> None:
    assert (result["staff_cost_cny"] > 0).all() and result["staff_cost_cny"].is_monotonic_increasing


def leads_invariant(result: pd.DataFrame, kw: dict) -> None:
    columns_not_negative(result, ("leads", "price_per_click_cny", "spend_cny"))
    assert (result["leads"] == np.round(result["leads"])).all()
    between(result["slot"], 0, len(traffic.SLOT_CTRS), "slot")
    worth = kw.get("lead_value_cny", inspect.signature(traffic.simulate_leads).parameters["lead_value_cny"].default)
    assert (result["price_per_click_cny"] <= worth + relative(worth, worth)).all(), "a click costs more than its worth"


def ad_revenue_invariant(result: dict, kw: dict) -> None:
    for key in ("price_per_click_cny", "merchant_spend_cny", "revenue_cny", "revenue_without_cny"):
        not_negative(result[key], key)
    assert result["merchant_margin_cny"] >= -TOLERANCE, "the merchant pays more for its clicks than they earn"
    floor = result["revenue_without_cny"]
    assert result["revenue_cny"] >= floor - relative(floor, floor), "a bidder lowers the platform's revenue"


def platform_legs_invariant(result: pd.DataFrame, kw: dict) -> None:
    assert list(result.columns) == list(platform.PLATFORM_COLUMNS)
    assert list(result.index) == list(dict.fromkeys(kw["names"]))
    columns_not_negative(result, platform.PLATFORM_COLUMNS[1:])


def without_leg_invariant(result: pd.DataFrame, kw: dict) -> None:
    assert list(result.index) == list(platform.LEGS)
    not_negative(result["value lost (CNY)"], "value lost")


def clicks_invariant(result: np.ndarray, kw: dict) -> None:
    not_negative(result, "clicks")
    assert np.all(result <= np.asarray(kw["slot_volume"], dtype=float) + TOLERANCE), "more clicks than the slot has"


def bought_invariant(result: np.ndarray, kw: dict) -> None:
    not_negative(result, "clicks")
    price, budget = (np.asarray(kw[name], dtype=float) for name in ("price_per_click_cny", "paid_budget_cny"))
    assert np.all(price * result <= budget + TOLERANCE * (1 + budget)), "over budget"


def fan_is_ordered(result: pd.DataFrame, kw: dict) -> None:
    quantiles = result[list(traffic.QUANTILES)].to_numpy()
    assert np.all(np.diff(quantiles, axis=1) >= -TOLERANCE), "quantiles out of order"


def losing_invariant(result: pd.DataFrame, kw: dict) -> None:
    share(result["losing_share"], "losing_share")
    not_negative(result["sd_profit_cny"], "sd_profit_cny")


def ranked(values: object) -> np.ndarray:
    return -np.sort(-np.atleast_1d(np.asarray(values, dtype=float)))


def gsp_invariant(result: np.ndarray, kw: dict) -> None:
    bids, slots = ranked(kw["bids"]), len(np.atleast_1d(kw["ctrs"]))
    assert result.shape == (min(len(bids), slots),)
    not_negative(result, "price")
    assert np.all(result <= bids[: len(result)] + relative(result, 0)), "a winner pays more than its bid"


def vcg_invariant(result: np.ndarray, kw: dict) -> None:
    gsp_invariant(result, kw)
    gsp = auctions.gsp_prices(kw["bids"], kw["ctrs"])
    assert np.all(result <= gsp + relative(result, gsp)), "VCG charges more than GSP at the same bids"


def equilibrium_bids_invariant(result: np.ndarray, kw: dict) -> None:
    worth = np.atleast_1d(np.asarray(kw["values"], dtype=float))
    assert result.shape == worth.shape
    assert np.all((result >= -TOLERANCE) & (result <= worth + relative(worth, 0))), "a bid above the value"


def equilibrium_prices_invariant(result: np.ndarray, kw: dict) -> None:
    worth, slots = ranked(kw["values"]), len(np.atleast_1d(kw["ctrs"]))
    assert result.shape == (min(len(worth), slots),)
    not_negative(result, "price")
    assert np.all(result <= worth[: len(result)] + relative(worth[: len(result)], 0)), "a price above the value"


def slot_invariant(result: tuple, kw: dict) -> None:
    slot, price = result
    between(slot, 0, len(np.atleast_1d(kw["ctrs"])), "slot")
    assert np.all(price[slot == 0] == 0)
    own = np.broadcast_to(np.asarray(kw["own_value"], dtype=float), price.shape)
    assert np.all((price >= 0) & (price <= own + relative(own, 0))), "a price above the advertiser's value"


def revenue_invariant(result: float, kw: dict) -> None:
    not_negative(result, "revenue")


def prices_by_bidders_invariant(result: pd.DataFrame, kw: dict) -> None:
    high = kw.get("value_high", 10.0)
    between(result["price_per_click_cny"], 0, float(high), "price_per_click_cny")


def merchant_invariant(result: Merchant, kw: dict) -> None:
    assert isinstance(result, Merchant)
    share(result.prepay_share, "prepay_share")
    not_negative(result.voucher_buyers, "voucher_buyers")
    not_negative(result.lead_value, "lead_value")
    finite_everywhere([result.voucher_margin, result.member_margin, result.full_margin])


def check_field_invariant(result: float, kw: dict) -> None:
    allowed = FIELDS[kw["name"]]
    between(result, allowed.low, allowed.high, kw["name"])


def deal_invariant(result: dict, kw: dict) -> None:
    share(result["prepay_share"], "prepay_share")
    for key in ("views", "buyers", "cannibalised", "new_customers"):
        not_negative(result[key], key)
    assert result["cannibalised"] <= result["buyers"] + relative(result["buyers"], 0)


def leg1_invariant(result: pd.DataFrame, kw: dict) -> None:
    columns_not_negative(result, ("buyers", "new_customers", "members"))


def curves_invariant(result: pd.DataFrame, kw: dict) -> None:
    for _, curve in result.groupby("strategy"):
        weights = (1 + kw["merchant"].discount_rate) ** -curve["month"].to_numpy(dtype=float)  # the one discounting
        present = np.cumsum(curve["profit_cny"].to_numpy() * weights)
        assert np.allclose(present, curve["cumulative_profit_cny"], rtol=1e-9, atol=1e-3)


def leg1_curves_invariant(result: pd.DataFrame, kw: dict) -> None:
    curves_invariant(result, kw)
    not_negative(result["members"], "members")
    ahead = result["overtakes_month"]
    assert ahead.nunique(dropna=False) == 1 and (ahead.isna().all() or (ahead >= 1).all())


def lead_fan_invariant(result: pd.DataFrame, kw: dict) -> None:
    fan_is_ordered(result, kw)
    losing_invariant(result, kw)
    for key in ("top_slot_share", "no_slot_share"):
        share(result[key], key)
    columns_not_negative(result, ("price_per_click_cny", "paid_clicks", "ad_spend_cny", *traffic.QUANTILES))


def first_month_invariant(result: int | None, kw: dict) -> None:
    assert result is None or 1 <= result <= len(kw["gains"])


def retention_invariant(result: object, kw: dict) -> None:
    assert np.all((np.asarray(result) >= 0) & (np.asarray(result) < 1)), f"retention {result} not in [0, 1)"


def card_invariant(result: dict, kw: dict) -> None:
    for key, value in result.items():
        if key.endswith("losing_share") or key == "prepay_conversion":
            share(value, key)
    for key in ("voucher_buyers", "members"):
        not_negative(result[key], key)


def compare_invariant(result: pd.DataFrame, kw: dict) -> None:
    for row in result.to_dict("records"):
        card_invariant(row, kw)


def gains_invariant(result: dict, kw: dict) -> None:
    for _gain, losing, form in result.values():
        share(losing, "losing share")
        assert isinstance(form, str)


def legs_invariant(result: list, kw: dict) -> None:
    assert result and all(isinstance(line, str) and line for line in result)


def leg_numbers_invariant(result: list, kw: dict) -> None:
    """Each of legs 1 and 3 at most once, and as many as the verdict writes out (a third line names both)."""
    assert set(result) <= {1, 3} and len(set(result)) == len(result)
    assert len(strategy.fitting_legs(kw["card"])) == {0: 1, 1: 1, 2: 3}[len(result)]


def fitting_gains_invariant(result: dict, kw: dict) -> None:
    """The legs that fit, best gain first, each gaining more than the baseline."""
    assert list(result) == strategy.legs_that_fit(kw["card"]) and all(gain > 0 for gain in result.values())


def line_invariant(result: str, kw: dict) -> None:
    assert isinstance(result, str) and result.endswith(".")


def gains_table_invariant(result: pd.DataFrame, kw: dict) -> None:
    share(result["losing_share"], "losing_share")


def lognormal_invariant(result: np.ndarray, kw: dict) -> None:
    size = kw["size"]
    assert result.shape == (tuple(size) if isinstance(size, tuple) else (size,))
    assert np.all(result > 0) or result.size == 0 or kw["sd"] == 0


# Merchants, mappings, frames and files ------------------------------------------------------

SCENARIO_BASES = {name: scenarios.merchant(name) for name in scenarios.SCENARIOS}


def field_values(name: str) -> st.SearchStrategy:
    allowed = FIELDS[name]
    if allowed.whole:
        return st.integers(int(allowed.low), int(allowed.high))
    return reals(allowed.low, allowed.high, low_open=allowed.low_open, high_open=allowed.high_open)


@st.composite
def field_changes(draw: st.DrawFn, most: int = 4) -> dict[str, float]:
    names = draw(st.lists(st.sampled_from(list(FIELDS)), unique=True, max_size=most))
    return {name: draw(field_values(name)) for name in names}


@st.composite
def merchants(draw: st.DrawFn) -> Merchant:
    """A scenario's merchant with a few figures, or any number of them, changed within their ranges."""
    base = SCENARIO_BASES[draw(st.sampled_from(list(SCENARIO_BASES)))]
    try:
        return base.replace(**draw(field_changes(most=draw(st.sampled_from([4, len(FIELDS)])))))
    except ValueError:  # the changes broke a rule spanning several figures
        return base


def typo(name: str) -> str:
    return name[:-2] + name[-1] if len(name) > 3 else name + "x"


@st.composite
def broken_values(draw: st.DrawFn) -> Blame:
    """A merchant's figures with one dropped, misspelt, replaced by junk or joined by an unknown one."""
    values = dict(draw(merchants()).values())
    key = draw(st.sampled_from(list(values)))
    how = draw(st.sampled_from(["drop", "misspell", "junk", "extra"]))
    if how == "drop":
        del values[key]
        return Blame(values, (key,))
    if how == "misspell":
        values[typo(key)] = values.pop(key)
        return Blame(values, (key, typo(key)))
    if how == "junk":
        values[key] = draw(HOSTILE)
        return Blame(values, (key,))
    values["colour"] = 1.0
    return Blame(values, ("colour",))


OF_MERCHANT = {param: tuple(FIELDS) for param in ("merchant", "values", "name", "value")}
"""An error about a merchant, its figures or one figure may name the figure at fault."""
NOT_A_MAPPING = st.sampled_from([None, [], "restaurant", 5, pd.Series([1.0]), ("list_price", 200)])
MERCHANT_VALUES = Arg(merchants().map(lambda m: dict(m.values())), st.one_of(broken_values(), NOT_A_MAPPING))
MERCHANT = Arg(merchants(), st.one_of(NOT_A_MAPPING, merchants().map(lambda m: dict(m.values()))))


@st.composite
def broken_overrides(draw: st.DrawFn) -> Blame:
    changes = draw(field_changes(most=2))
    key = draw(st.sampled_from(list(FIELDS)))
    if draw(st.booleans()):
        changes[typo(key)] = 0.1
        return Blame(changes, (key, typo(key)))
    changes[key] = draw(HOSTILE)
    return Blame(changes, (key,))


@cache
def sample_frames() -> dict[str, pd.DataFrame]:
    """Small outputs of the simulations whose frames other functions read."""
    cinema = scenarios.merchant("cinema")
    return {
        "leads": traffic.simulate_leads(months=3, n_paths=4, seed=1),
        "lead_months": funnel.lead_months(cinema, months=3, n_paths=4, seed=1),
        "staffing": operations.compare_staffing(n_merchants=50, months=6, seed=1),
        "platform": platform.platform_legs(("restaurant", "furniture"), months=3),
    }


@st.composite
def broken_frames(draw: st.DrawFn, kind: str) -> pd.DataFrame:
    frame = sample_frames()[kind].copy()
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    column = draw(st.sampled_from(list(frame.columns)))
    how = draw(st.sampled_from(["drop", "empty", "first", "rest", "nan", "inf", "text", "flags", "twice", "half"]))
    if how == "drop":
        return frame.drop(columns=column)
    if how == "empty":
        return frame.iloc[0:0]
    if how == "first":
        return frame.iloc[:1]
    if how == "rest":
        return frame.iloc[1:]
    if how == "half":
        return frame.iloc[: len(frame) // 2]
    if how == "twice":
        return pd.concat([frame, frame[[column]]], axis=1)
    target = draw(st.sampled_from(numeric))
    row = draw(st.integers(0, len(frame) - 1))
    if how in ("nan", "inf"):
        frame[target] = frame[target].astype(float)
        frame.loc[frame.index[row], target] = math.nan if how == "nan" else -math.inf
    elif how == "text":
        frame[target] = frame[target].astype(object)
        frame.loc[frame.index[row], target] = "12"
    else:
        frame[target] = frame[target] > 0
    return frame


def frames(kind: str) -> Arg:
    not_frames = st.sampled_from([None, [1, 2], {"month": [1]}, pd.Series([1.0]), pd.DataFrame()])
    return Arg(st.builds(lambda: sample_frames()[kind]), st.one_of(broken_frames(kind), not_frames))


CARD_KEYS = (
    "voucher_margin_cny",
    "prepay_conversion",
    "voucher_buyers",
    "baseline_cny",
    "groupbuy_only_cny",
    "with_members_cny",
    "paid_cny",
    "viral_cny",
    "groupbuy_losing_share",
    "members_losing_share",
    "paid_losing_share",
    "viral_losing_share",
    "paid_and_viral_cny",
    "paid_and_viral_losing_share",
    "paid_on_free_cny",
    "members",
)
GAIN = st.floats(-1e12, 1e12)


def card_value(key: str) -> st.SearchStrategy:
    if key.endswith("losing_share") or key == "prepay_conversion":
        return FRACTION
    return reals(0, 1e9) if key in ("voucher_buyers", "members") else GAIN


VALID_CARDS = st.fixed_dictionaries({key: card_value(key) for key in CARD_KEYS})


@st.composite
def broken_cards(draw: st.DrawFn) -> Blame:
    card = draw(VALID_CARDS)
    key = draw(st.sampled_from(CARD_KEYS))
    if draw(st.booleans()):
        del card[key]
    else:
        card[key] = draw(st.one_of(HOSTILE, st.sampled_from([1.5, -0.1])))
    return Blame(card, ("card", key))


CARD = Arg(VALID_CARDS, st.one_of(broken_cards(), NOT_A_MAPPING))

DATA_KINDS = {
    "scenarios": "scenarios.csv",
    "labels": "scenario_names.csv",
    "transactions": "transactions.csv",
}
FILE_VARIANTS = (
    "utf8",
    "gbk",
    "utf16",
    "latin1",
    "binary",
    "nul",
    "empty",
    "header_only",
    "duplicate_row",
    "semicolons",
    "huge_field",
    "crlf",
    "bom",
    "missing_column",
    "bad_number",
    "truncated",
)


def write_variant(folder: Path, kind: str, variant: str) -> Path:
    """The shipped file ``kind``, rewritten as ``variant``."""
    text = (scenarios.DATA_DIR / DATA_KINDS[kind]).read_text(encoding="utf-8")
    lines = text.splitlines()
    if kind == "transactions":
        lines = lines[:40]
        known = next(i for i, line in enumerate(lines) if i and ",unknown," not in line)
    else:
        known = 2
    path = folder / f"{variant}_{DATA_KINDS[kind]}"
    body = "\n".join(lines) + "\n"
    encoded = {
        "gbk": lambda: body.encode("gbk", errors="replace"),
        "utf16": lambda: body.encode("utf-16"),
        "latin1": lambda: body.replace("a", "é", 3).encode("latin-1", errors="replace"),
        "binary": lambda: bytes(range(256)) * 8,
        "nul": lambda: body.replace("\n", "\n\x00", 2).encode(),
        "empty": lambda: b"",
        "header_only": lambda: (lines[0] + "\n").encode(),
        "duplicate_row": lambda: "\n".join([*lines[: known + 1], lines[known], *lines[known + 1 :]]).encode(),
        "semicolons": lambda: body.replace(",", ";").encode(),
        "huge_field": lambda: "\n".join([*lines[:2], lines[2] + "x" * 200_000, *lines[3:]]).encode(),
        "crlf": lambda: body.replace("\n", "\r\n").encode(),
        "bom": lambda: b"\xef\xbb\xbf" + body.encode(),
        "missing_column": lambda: "\n".join(line.rsplit(",", 1)[0] for line in lines).encode(),
        "bad_number": lambda: body.replace(",0.", ",0,,", 1).replace(",2014-01-0", ",2014-13-0", 1).encode(),
        "truncated": lambda: body[: len(body) // 2].encode(),
    }.get(variant, body.encode)()
    path.write_bytes(encoded)
    return path


def paths(kind: str) -> Arg:
    good = st.sampled_from([None, DataFile(kind, "utf8")])
    broken = st.one_of(
        st.sampled_from(FILE_VARIANTS).map(lambda variant: DataFile(kind, variant)),
        st.sampled_from([DataFile(kind, "missing"), DataFile(kind, "folder"), 5, b"scenarios.csv", [], 1.5]),
    )
    return Arg(good, broken, optional=True)


SCENARIO_NAME = Arg(
    st.sampled_from(scenarios.SCENARIOS),
    st.sampled_from(["pizza", "Restaurant", "", None, 5, ["restaurant"], ("cinema",), b"cinema"]),
)
NAMES = Arg(
    st.lists(st.sampled_from(scenarios.SCENARIOS), min_size=1, max_size=2, unique=True).map(tuple),
    st.sampled_from(["restaurant", ("pizza",), (), [None], None, 5, ("restaurant", 5)]),
)

# The cases: every public function -----------------------------------------------------------

VOUCHER_NUMBERS = {
    "list_price": reals(0, 1e9, low_open=True),
    "discount": reals(0, 1, high_open=True),
    "commission": FRACTION,
    "unit_cost": MONEY,
}
VOUCHER = {name: Arg(arrays(numbers)) for name, numbers in VOUCHER_NUMBERS.items()}
SCALAR_VOUCHER = {name: Arg(numbers) for name, numbers in VOUCHER_NUMBERS.items()}
SIMULATE_MERCHANTS = {
    "n_merchants": Arg(st.integers(1, 300), optional=True),
    "months": Arg(st.integers(1, 24), optional=True),
    "staff_per_100_merchants": Arg(reals(0, 100), optional=True),
    "skill_mean": Arg(reals(0.01, 0.99), optional=True),
    "skill_spread": Arg(reals(0.001, 0.3), optional=True),
    "staff_effectiveness": Arg(reals(0, 10), optional=True),
    "demand_volatility": Arg(reals(0, 5), optional=True),
    "cash_months": Arg(reals(0, 120), optional=True),
    "commission": Arg(FRACTION, optional=True),
    "staff_monthly_cost_cny": Arg(MONEY, optional=True),
    "seed": SEED,
}
CTRS = Arg(
    st.lists(reals(1e-6, 1e6), min_size=1, max_size=4).map(lambda rates: sorted(rates, reverse=True)),
    st.one_of(HOSTILE, st.sampled_from([[0.1, 0.2], [0.2, 0.0], [[0.2, 0.1]]])),
)
VALUES = Arg(st.lists(reals(0, 1e6), max_size=6))
SMALL_RUN = {"months": Arg(st.integers(1, 12)), "n_paths": Arg(st.integers(1, 20)), "seed": SEED}
MERCHANT_MONTHS = {"merchant": MERCHANT, "months": Arg(st.integers(1, 120), optional=True)}
"""A merchant and, optionally, a horizon of up to ten years: the funnel's month-by-month functions."""

CASES: dict[str, Case] = {
    "groupbuy.voucher_margin": Case(groupbuy.voucher_margin, VOUCHER, margin_below_full_margin),
    "groupbuy.voucher_waterfall": Case(groupbuy.voucher_waterfall, SCALAR_VOUCHER, waterfall_adds_up),
    "groupbuy.deal_profit": Case(
        groupbuy.deal_profit,
        {
            **VOUCHER,
            "vouchers_sold": Arg(arrays(reals(0, 1e8))),
            "cannibalised_share": Arg(arrays(FRACTION)),
            "later_value_new": Arg(arrays(MONEY)),
        },
    ),
    "groupbuy.breakeven_cannibalisation": Case(
        groupbuy.breakeven_cannibalisation,
        {**VOUCHER, "later_value_new": Arg(arrays(MONEY))},
        lambda r, kw: share(r),
    ),
    "groupbuy.breakeven_commission": Case(
        groupbuy.breakeven_commission,
        {name: VOUCHER[name] for name in ("list_price", "discount", "unit_cost")},
        lambda r, kw: share(r),
    ),
    "trust.prepay_conversion": Case(
        trust.prepay_conversion,
        {
            "trust": Arg(arrays(FRACTION)),
            "price": Arg(arrays(MONEY)),
            "max_valuation": Arg(arrays(reals(0, 1e9, low_open=True))),
        },
        lambda r, kw: share(r),
    ),
    "membership.surplus_retention": Case(
        membership.surplus_retention,
        {
            "base_retention": Arg(arrays(reals(0, 1, high_open=True))),
            "sensitivity": Arg(arrays(reals(0, 10))),
            "surplus": Arg(arrays(reals(-1e12, 1e12))),
        },
        lambda r, kw: share(r, "retention"),
    ),
    "trust.review_trust": Case(
        trust.review_trust,
        {
            "start": Arg(arrays(FRACTION)),
            "reviews": Arg(arrays(reals(0, 1e12))),
            "scale": Arg(reals(0, 1e12, low_open=True), optional=True),
        },
        lambda r, kw: share(r, "trust"),
    ),
    "membership.retention_clv": Case(
        membership.retention_clv,
        {
            "margin": Arg(arrays(reals(-1e9, 1e9))),
            "retention": Arg(arrays(reals(0, 1, high_open=True))),
            "discount_rate": Arg(arrays(FRACTION)),
        },
    ),
    "membership.breakeven_retention": Case(
        membership.breakeven_retention,
        {
            "acquisition_loss": Arg(arrays(MONEY)),
            "margin": Arg(arrays(reals(0, 1e9, low_open=True))),
            "discount_rate": Arg(arrays(FRACTION)),
            "follow_rate": Arg(arrays(reals(0, 1, low_open=True)), optional=True),
        },
        retention_invariant,
    ),
    "membership.simulate_members": Case(
        membership.simulate_members,
        {
            "months": Arg(st.integers(1, 120), optional=True),
            "new_customers": Arg(reals(0, 1e8), optional=True),
            "follow_rate": Arg(FRACTION, optional=True),
            "retention": Arg(reals(0, 0.9), optional=True),
            "member_margin_cny": Arg(reals(-1e9, 1e9), optional=True),
            "purchase_margin_cny": Arg(reals(-1e9, 1e9), optional=True),
            "referral_rate": Arg(FRACTION, optional=True),
            "trust": Arg(FRACTION, optional=True),
            "operator_cost_cny": Arg(MONEY, optional=True),
        },
        members_invariant,
    ),
    "operations.skill_lift": Case(
        operations.skill_lift,
        {
            "skill": Arg(arrays(FRACTION)),
            "staff_per_100_merchants": Arg(arrays(reals(0, 100))),
            "staff_effectiveness": Arg(arrays(reals(0, 10))),
        },
        skill_lift_invariant,
    ),
    "operations.simulate_merchants": Case(
        operations.simulate_merchants, SIMULATE_MERCHANTS, merchants_invariant, nan_columns=("mean_skill",)
    ),
    "operations.compare_staffing": Case(
        operations.compare_staffing,
        SIMULATE_MERCHANTS,
        merchants_invariant,
        nan_columns=("mean_skill",),
        extra_keywords=True,
    ),
    "operations.staffing_return": Case(operations.staffing_return, {"comparison": frames("staffing")}),
    "operations.best_team_size": Case(
        operations.best_team_size,
        {name: arg for name, arg in SIMULATE_MERCHANTS.items() if name not in ("staff_per_100_merchants", "months")},
        lambda r, kw: between(r, min(operations.TEAM_GRID), max(operations.TEAM_GRID), "best team size"),
        extra_keywords=True,
    ),
    "operations.survival_by_scenario": Case(
        operations.survival_by_scenario,
        SIMULATE_MERCHANTS,
        lambda r, kw: share(r.stack().dropna(), "survival share"),
        extra_keywords=True,
    ),
    "population.merchant_types": Case(
        population.merchant_types, {}, lambda r, kw: columns_not_negative(r, ("new_customers", "fixed_cost_cny"))
    ),
    "population.scenario_of": Case(
        population.scenario_of,
        {"n_merchants": Arg(st.integers(0, 1000))},
        lambda r, kw: between(r, 0, len(population.SCENARIOS) - 1, "scenario"),
    ),
    "population.skilled_retention": Case(
        population.skilled_retention,
        {"retention": Arg(arrays(reals(0, 0.999))), "skill": Arg(arrays(FRACTION))},
        lambda r, kw: share(r, "retention"),
    ),
    "operations.return_on_staff": Case(
        operations.return_on_staff,
        SIMULATE_MERCHANTS,
        lambda r, kw: between(r, -1, math.inf, "return"),
        extra_keywords=True,
    ),
    "operations.staffing_table": Case(
        operations.staffing_table,
        {
            "levels": Arg(
                st.lists(reals(0.5, 100), min_size=1, max_size=4, unique=True).map(sorted).map(tuple),
                st.one_of(HOSTILE, st.sampled_from([(2, 1), (0, 1), (), ((1, 2),), (1, 1)])),
                optional=True,
            ),
            **{name: arg for name, arg in SIMULATE_MERCHANTS.items() if name != "staff_per_100_merchants"},
        },
        staffing_table_invariant,
        extra_keywords=True,
    ),
    "operations.skill_distribution": Case(
        operations.skill_distribution,
        {
            name: SIMULATE_MERCHANTS[name]
            for name in (
                "n_merchants",
                "skill_mean",
                "skill_spread",
                "staff_per_100_merchants",
                "staff_effectiveness",
                "seed",
            )
        },
        skills_invariant,
    ),
    "traffic.lead_value": Case(
        traffic.lead_value,
        {
            "max_visit_rate": Arg(arrays(FRACTION)),
            "trust": Arg(arrays(FRACTION)),
            "close_rate": Arg(arrays(FRACTION)),
            "margin_cny": Arg(arrays(MONEY)),
        },
        lambda r, kw: between(r, 0, 1e9, "lead value"),
    ),
    "traffic.paid_clicks": Case(
        traffic.paid_clicks,
        {
            "paid_budget_cny": Arg(arrays(MONEY)),
            "price_per_click_cny": Arg(arrays(MONEY)),
            "slot_volume": Arg(arrays(MONEY)),
        },
        clicks_invariant,
    ),
    "traffic.bought_clicks": Case(
        traffic.bought_clicks,
        {
            "rng": Arg(st.integers(0, 99).map(np.random.default_rng)),
            "paid_budget_cny": Arg(arrays(MONEY)),
            "price_per_click_cny": Arg(arrays(MONEY)),
            "slot_volume": Arg(arrays(reals(0, 1e6))),
        },
        bought_invariant,
    ),
    "traffic.simulate_leads": Case(
        traffic.simulate_leads,
        {
            **SMALL_RUN,
            "paid_budget_cny": Arg(MONEY, optional=True),
            "click_volume": Arg(MONEY, optional=True),
            "h5_share": Arg(FRACTION, optional=True),
            "rival_bidders": Arg(st.integers(0, 50), optional=True),
            "rival_value_low_cny": Arg(reals(0, 3), optional=True),
            "rival_value_high_cny": Arg(reals(3, 1e6), optional=True),
            "lead_value_cny": Arg(MONEY, optional=True),
            "viral_mean_leads": Arg(MONEY, optional=True),
            "viral_volatility": Arg(reals(0, 10), optional=True),
        },
        leads_invariant,
    ),
    "traffic.monthly_profit": Case(
        traffic.monthly_profit,
        {
            "leads": Arg(arrays(MONEY)),
            "lead_value_cny": Arg(arrays(reals(0, 1e6))),
            "team_cost_cny": Arg(arrays(MONEY)),
            "ad_spend_cny": Arg(arrays(MONEY), optional=True),
        },
    ),
    "traffic.lead_fan": Case(traffic.lead_fan, {"frame": frames("leads")}, fan_is_ordered),
    "traffic.losing_month_probability": Case(
        traffic.losing_month_probability, {"frame": frames("lead_months")}, losing_invariant
    ),
    "auctions.gsp_prices": Case(auctions.gsp_prices, {"bids": VALUES, "ctrs": CTRS}, gsp_invariant),
    "auctions.vcg_prices": Case(auctions.vcg_prices, {"bids": VALUES, "ctrs": CTRS}, vcg_invariant),
    "auctions.gsp_equilibrium_bids": Case(
        auctions.gsp_equilibrium_bids, {"values": VALUES, "ctrs": CTRS}, equilibrium_bids_invariant
    ),
    "auctions.gsp_equilibrium_prices": Case(
        auctions.gsp_equilibrium_prices, {"values": VALUES, "ctrs": CTRS}, equilibrium_prices_invariant
    ),
    "auctions.slot_and_price": Case(
        auctions.slot_and_price,
        {
            "own_value": Arg(arrays(reals(0, 1e6))),
            "rival_values": Arg(
                st.lists(st.lists(reals(0, 1e6), min_size=0, max_size=4), min_size=3, max_size=3).filter(
                    lambda rows: len({len(row) for row in rows}) == 1
                )
            ),
            "ctrs": CTRS,
        },
        slot_invariant,
    ),
    "auctions.revenue": Case(
        auctions.revenue,
        {"prices": Arg(st.lists(reals(0, 1e6), max_size=1)), "ctrs": CTRS},
        revenue_invariant,
    ),
    "auctions.prices_by_bidders": Case(
        auctions.prices_by_bidders,
        {
            "max_bidders": Arg(st.integers(1, 12), optional=True),
            "ctrs": Arg(CTRS.valid, CTRS.hostile, optional=True),
            "value_low": Arg(reals(0, 5), optional=True),
            "value_high": Arg(reals(5, 1e6), optional=True),
            "n_draws": Arg(st.integers(1, 200), optional=True),
            "seed": SEED,
        },
        prices_by_bidders_invariant,
    ),
    "merchant.check_field": Case(
        merchant.check_field,
        {
            "name": Arg(st.sampled_from(list(FIELDS)), st.sampled_from(["comission", "", None, 5, "list price"])),
            "value": Arg(reals(0, 1)),
        },
        check_field_invariant,
        aliases=OF_MERCHANT,
    ),
    "merchant.Merchant": Case(
        lambda **kw: Merchant(**kw), {name: Arg(field_values(name)) for name in FIELDS}, merchant_invariant
    ),
    "merchant.Merchant.from_values": Case(
        Merchant.from_values, {"values": MERCHANT_VALUES}, merchant_invariant, aliases=OF_MERCHANT
    ),
    "merchant.Merchant.replace": Case(
        lambda merchant, **changes: merchant.replace(**changes),
        {
            "merchant": Arg(merchants(), None),
            **{
                name: Arg(field_values(name), optional=True)
                for name in ("list_price", "discount", "commission", "retention", "rival_bidders")
            },
        },
        merchant_invariant,
        aliases=OF_MERCHANT,
        extra_keywords=True,
    ),
    "merchant.Merchant.values": Case(lambda merchant: merchant.values(), {"merchant": Arg(merchants(), None)}),
    "funnel.baseline_profit": Case(funnel.baseline_profit, {"merchant": MERCHANT}, aliases=OF_MERCHANT),
    "funnel.deal": Case(funnel.deal, {"merchant": MERCHANT}, deal_invariant, aliases=OF_MERCHANT),
    "funnel.member_value": Case(funnel.member_value, {"merchant": MERCHANT}, aliases=OF_MERCHANT),
    "funnel.later_value": Case(funnel.later_value, {"merchant": MERCHANT}, aliases=OF_MERCHANT),
    "funnel.members": Case(
        funnel.members,
        MERCHANT_MONTHS,
        members_invariant,
        aliases=OF_MERCHANT,
    ),
    "funnel.leg1_months": Case(
        funnel.leg1_months,
        MERCHANT_MONTHS,
        leg1_invariant,
        aliases=OF_MERCHANT,
    ),
    "funnel.strategy_curves": Case(
        funnel.strategy_curves,
        MERCHANT_MONTHS,
        curves_invariant,
        aliases=OF_MERCHANT,
    ),
    "funnel.leg1_curves": Case(
        funnel.leg1_curves,
        MERCHANT_MONTHS,
        leg1_curves_invariant,
        aliases=OF_MERCHANT,
        nan_columns=("overtakes_month",),
    ),
    "funnel.lead_fan": Case(
        funnel.lead_fan, {"merchant": MERCHANT, **SMALL_RUN}, lead_fan_invariant, aliases=OF_MERCHANT
    ),
    "funnel.lead_risk": Case(
        funnel.lead_risk, {"merchant": MERCHANT, **SMALL_RUN}, losing_invariant, aliases=OF_MERCHANT
    ),
    "funnel.discount_factors": Case(
        funnel.discount_factors,
        MERCHANT_MONTHS,
        lambda r, kw: share(r, "discount factor"),
        aliases=OF_MERCHANT,
    ),
    "funnel.reviewed_lead_value": Case(
        funnel.reviewed_lead_value,
        MERCHANT_MONTHS,
        lambda r, kw: not_negative(r, "lead value"),
        aliases=OF_MERCHANT,
    ),
    "funnel.first_month_ahead": Case(
        funnel.first_month_ahead,
        {"gains": Arg(st.lists(st.floats(-1e12, 1e12), min_size=1, max_size=40).map(pd.Series))},
        first_month_invariant,
    ),
    "funnel.lead_months": Case(
        funnel.lead_months,
        {"merchant": MERCHANT, **SMALL_RUN},
        lambda r, kw: leads_invariant(
            r, {"lead_value_cny": funnel.reviewed_lead_value(kw["merchant"], kw["months"]).max()}
        ),
        aliases=OF_MERCHANT,
    ),
    "funnel.viral_gain": Case(
        funnel.viral_gain,
        MERCHANT_MONTHS,
        aliases=OF_MERCHANT,
    ),
    "funnel.mean_lead_value": Case(
        funnel.mean_lead_value,
        MERCHANT_MONTHS,
        lambda result, kw: not_negative(result, "mean lead value"),
        aliases=OF_MERCHANT,
    ),
    "funnel.one_team": Case(funnel.one_team, {"merchant": MERCHANT, **SMALL_RUN}, aliases=OF_MERCHANT),
    "funnel.breakeven_retention": Case(
        funnel.breakeven_retention,
        {"merchant": MERCHANT, "per_visitor": FLAG, "with_operators": FLAG},
        retention_invariant,
        aliases=OF_MERCHANT,
    ),
    "strategy.scorecard": Case(
        strategy.scorecard,
        {"values": Arg(st.one_of(MERCHANT_VALUES.valid, merchants()), MERCHANT_VALUES.hostile), **SMALL_RUN},
        card_invariant,
        aliases=OF_MERCHANT,
    ),
    "strategy.leg_gains": Case(strategy.leg_gains, {"card": CARD}, gains_invariant),
    "strategy.fitting_legs": Case(strategy.fitting_legs, {"card": CARD}, legs_invariant),
    "strategy.legs_that_fit": Case(strategy.legs_that_fit, {"card": CARD}, leg_numbers_invariant),
    "strategy.fitting_gains": Case(strategy.fitting_gains, {"card": CARD}, fitting_gains_invariant),
    "strategy.leg_line": Case(strategy.leg_line, {"card": CARD, "leg": Arg(st.sampled_from([1, 3]))}, line_invariant),
    "strategy.no_leg_line": Case(strategy.no_leg_line, {"card": CARD}, line_invariant),
    "strategy.together_line": Case(
        strategy.together_line, {"card": CARD, "gain": Arg(reals(-1e12, 1e12))}, line_invariant
    ),
    "strategy.gains_table": Case(strategy.gains_table, {"card": CARD}, gains_table_invariant),
    "strategy.compare": Case(
        strategy.compare,
        {
            "names": Arg(NAMES.valid, NAMES.hostile, optional=False),
            "overrides": Arg(field_changes(most=2), st.one_of(broken_overrides(), NOT_A_MAPPING), optional=True),
            "months": Arg(st.integers(1, 6)),
            "seed": SEED,
        },
        compare_invariant,
        aliases={"names": ("scenario",), "overrides": tuple(FIELDS)},
    ),
    "platform.ad_revenue": Case(
        platform.ad_revenue,
        {"m": MERCHANT, **SMALL_RUN, "reserve": Arg(reals(0, 100), optional=True)},
        ad_revenue_invariant,
        aliases={"m": tuple(FIELDS)},
    ),
    "platform.platform_legs": Case(
        platform.platform_legs,
        {"names": NAMES, "months": Arg(st.integers(1, 3), optional=False)},
        platform_legs_invariant,
        aliases={"names": ("scenario",)},
    ),
    "platform.without_each_leg": Case(platform.without_each_leg, {"table": frames("platform")}, without_leg_invariant),
    "scenarios.load_scenarios": Case(scenarios.load_scenarios, {"path": paths("scenarios")}),
    "scenarios.scenario": Case(
        scenarios.scenario,
        {"name": SCENARIO_NAME, "path": paths("scenarios")},
        aliases={"name": ("scenario",)},
    ),
    "scenarios.merchant": Case(
        scenarios.merchant,
        {"name": SCENARIO_NAME, "path": paths("scenarios")},
        merchant_invariant,
        aliases={"name": ("scenario",)},
    ),
    "scenarios.scenario_names": Case(scenarios.scenario_names, {"path": paths("scenarios")}),
    "scenarios.scenario_labels": Case(scenarios.scenario_labels, {"path": paths("labels")}),
    "scenarios.load_transactions": Case(scenarios.load_transactions, {"path": paths("transactions")}),
    "shocks.mean_one_lognormal": Case(
        shocks.mean_one_lognormal,
        {
            "rng": Arg(st.integers(0, 99).map(np.random.default_rng)),
            "sd": Arg(reals(0, 10)),
            "size": Arg(
                st.lists(st.integers(0, 20), min_size=1, max_size=3).map(tuple),
                st.one_of(HOSTILE, st.sampled_from([(-1,), (10**9, 10**9), (2.5,), ("3",), (True,)])),
            ),
        },
        lognormal_invariant,
    ),
}

# The fuzz -----------------------------------------------------------------------------------

UNKNOWN_KEYWORDS = st.sampled_from([{"staff": 3}, {"n_merchant": 100}, {"colour": "red"}, {"seed_": 1}])


def public_callables() -> set[str]:
    """Every public function of the model modules, and the public methods of `Merchant`."""
    found = set()
    for module in MODULES:
        short = module.__name__.rsplit(".", 1)[1]
        for name, member in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and member.__module__ == module.__name__:
                found.add(f"{short}.{name}")
    found.add("merchant.Merchant")
    found |= {
        f"merchant.Merchant.{name}"
        for name, member in vars(Merchant).items()
        if not name.startswith("_") and (inspect.isfunction(member) or isinstance(member, classmethod))
    }
    return found


def test_every_public_function_is_fuzzed() -> None:
    missing = public_callables() - set(CASES)
    assert not missing, f"add a fuzz case for {sorted(missing)}"


class DataFiles(dict):
    """The data files by `DataFile`, shown briefly in a falsifying example."""

    def __repr__(self) -> str:
        return f"<{len(self)} data files>"


@pytest.fixture(scope="module")
def data_files(tmp_path_factory: pytest.TempPathFactory) -> DataFiles:
    folder = tmp_path_factory.mktemp("data_files")
    made = DataFiles(
        {
            DataFile(kind, variant): write_variant(folder, kind, variant)
            for kind in DATA_KINDS
            for variant in FILE_VARIANTS
        }
    )
    for kind, name in DATA_KINDS.items():
        made[DataFile(kind, "missing")] = folder / "no_such_folder" / name
        (folder / f"folder_{name}").mkdir()
        made[DataFile(kind, "folder")] = folder / f"folder_{name}"
    return made


def names_in(message: str, names: set[str]) -> set[str]:
    return {name for name in names if re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", message)}


def plausible(value: object) -> bool:
    """Could this hostile value be an allowed one (a finite number, or a list of them)?"""
    if isinstance(value, (bool, np.bool_, str, bytes)) or value is None:
        return False
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        return False
    return array.ndim <= 1 and bool(np.isfinite(array).all())


@pytest.mark.parametrize("name", sorted(CASES))
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="O2O_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def test_a_hostile_student_gets_a_sound_result_or_a_named_error(
    name: str, data: st.DataObject, data_files: DataFiles
) -> None:
    case = CASES[name]
    kwargs: dict[str, object] = {}
    suspects: set[str] = set()
    can_be_hostile = [param for param, arg in case.args.items() if arg.hostile is not None]
    plans = ["all allowed", "one hostile", "several hostile"] if can_be_hostile else ["all allowed"]
    plan = data.draw(st.sampled_from(plans), label="plan")
    chosen = data.draw(st.sampled_from(can_be_hostile), label="the hostile one") if plan == "one hostile" else None
    for param, arg in case.args.items():
        kinds = ["valid"] + (["default"] if arg.optional else [])
        if plan == "several hostile" and arg.hostile is not None:
            kinds += ["valid", "hostile"]
        kind = "hostile" if param == chosen else data.draw(st.sampled_from(kinds), label=f"{param}: how")
        if kind == "default":
            continue
        value = data.draw(arg.valid if kind == "valid" else arg.hostile, label=param)
        if isinstance(value, Blame):
            suspects |= {param, *value.names}
            value = value.value
        elif kind == "hostile":
            suspects.add(param)
        if isinstance(value, DataFile):
            if kind == "hostile":
                suspects.add(data_files[value].name)  # a file's errors name the file
            value = data_files[value]
        kwargs[param] = value
    if case.extra_keywords and data.draw(st.booleans(), label="unknown keyword"):
        extra = data.draw(UNKNOWN_KEYWORDS)
        kwargs.update(extra)
        suspects |= set(extra)
    try:
        result = case.function(**kwargs)
    except (ValueError, TypeError) as error:
        event(f"refused: {type(error).__name__}")
        message = str(error)
        if names_in(message, suspects.union(*(case.aliases.get(s, ()) for s in suspects))):
            return
        # Otherwise every hostile value must have been an allowed number (0.5 is a hostile
        # count but an allowed share) and the error about a clash of allowed values must
        # still name an argument, as "rival_value_low_cny=9 is above rival_value_high_cny=5".
        anyone = names_in(message, set(case.args).union(*case.aliases.values()))
        implausible = [s for s in suspects if s in kwargs and not plausible(kwargs[s])]
        assert anyone and not implausible, (
            f"{type(error).__name__}: {message!r} names none of the hostile arguments {sorted(suspects)}"
        )
        return
    except FileNotFoundError as error:
        event("refused: FileNotFoundError")
        assert "path" in kwargs and names_in(str(error), {Path(str(kwargs["path"])).name}), error
        return
    event("a result")
    finite_everywhere(result, case.nan_columns)
    case.invariant(result, kwargs)
