"""Specifications for the calibration data (data/) and its loader (o2o_models.scenarios)."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from o2o_models import scenarios
from o2o_models.scenarios import (
    DATA_DIR,
    SCENARIOS,
    SCHEMA,
    TRANSACTION_COLUMNS,
    UNKNOWN,
    load_scenarios,
    load_transactions,
    merchant,
    scenario,
    scenario_labels,
    scenario_names,
)

REPO = Path(__file__).resolve().parents[1]
SCENARIO_LINES = (DATA_DIR / "scenarios.csv").read_text(encoding="utf-8").splitlines()


def voucher_price(values: dict[str, float]) -> float:
    """The prepaid price of one voucher, CNY."""
    return values["list_price"] * (1 - values["discount"])


def write(tmp_path: Path, lines: list[str], name: str = "scenarios.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def line_of(scenario_name: str, parameter: str) -> int:
    """1-based line number of a row in the shipped scenarios.csv."""
    prefix = f"{scenario_name},{parameter},"
    return next(i for i, text in enumerate(SCENARIO_LINES, start=1) if text.startswith(prefix))


def replace_field(line: int, field: str, new: str) -> list[str]:
    """The shipped file's lines with one field of one line replaced."""
    lines = list(SCENARIO_LINES)
    row = next(csv.DictReader(io.StringIO(f"{lines[0]}\n{lines[line - 1]}\n")))
    row[field] = new
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=list(row), lineterminator="").writerow(row)
    lines[line - 1] = buffer.getvalue()
    return lines


def test_the_package_finds_data_beside_itself_from_any_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(load_scenarios()) == len(SCENARIOS) * len(SCHEMA)


def test_every_scenario_loads_with_every_model_parameter():
    assert scenario_names() == list(SCENARIOS)
    for name in SCENARIOS:
        values = scenario(name)
        assert list(values) == list(SCHEMA)
        assert all(isinstance(value, float) for value in values.values())
        merchant(name)  # and makes a checked merchant


def test_every_value_lies_in_its_allowed_range():
    for row in load_scenarios().itertuples():
        allowed = SCHEMA[row.parameter]
        above = row.value > allowed.low if allowed.low_open else row.value >= allowed.low
        below = row.value < allowed.high if allowed.high_open else row.value <= allowed.high
        assert above and below, (row.scenario, row.parameter, row.value)


def test_every_row_has_the_schema_unit_and_a_source():
    table = load_scenarios()
    assert (table["unit"] == table["parameter"].map(lambda p: SCHEMA[p].unit)).all()
    assert table["source"].str.len().gt(0).all()
    cited = ~table["source"].str.lower().str.startswith("illustrative")
    assert table.loc[cited, "source"].str.contains(r"(?:19|20)\d\d").all()


def test_the_labels_prepaid_flag_is_what_the_model_says_strangers_do():
    """Prepayment is a result of trust and price (trust.prepay_conversion), and the labels agree with it."""
    labels = scenario_labels().set_index("scenario")
    assert list(labels.index) == list(SCENARIOS)
    assert list(labels.index[labels["prepaid"]]) == ["restaurant", "cinema", "leisure"]
    for name in SCENARIOS:
        share = merchant(name).prepay_share
        assert share > 0.5 if labels.loc[name, "prepaid"] else share < 0.05, name
    assert labels.loc["restaurant", "name_zh"] == "餐饮"


@pytest.mark.parametrize(
    ("line", "field", "new", "message"),
    [
        (line_of("restaurant", "discount"), "value", "abc", "field 'value': 'abc' is not a number"),
        (line_of("restaurant", "discount"), "value", "1.2", re.escape("discount=1.2 is outside [0, 1)")),
        (line_of("cinema", "trust"), "value", "nan", "field 'value': 'nan' is not a finite number"),
        (
            line_of("cinema", "rival_bidders"),
            "value",
            "0.5",
            "rival_bidders=0.5 is outside the whole numbers",
        ),
        (line_of("leisure", "list_price"), "value", "0", re.escape("list_price=0 is outside (0, ")),
        (
            line_of("furniture", "trust"),
            "scenario",
            "pizza",
            "field 'scenario': 'pizza' is not a known scenario; "
            "known: restaurant, cinema, leisure, furniture, renovation",
        ),
        (
            line_of("furniture", "trust"),
            "parameter",
            "trsut",
            "field 'parameter': 'trsut' is not a model parameter",
        ),
        (
            line_of("renovation", "list_price"),
            "unit",
            "yuan",
            "field 'unit': 'yuan' is not the unit of list_price",
        ),
        (line_of("renovation", "trust"), "source", "", "field 'source': the source is empty"),
        (
            line_of("renovation", "trust"),
            "source",
            "my uncle said so",
            "field 'source': 'my uncle said so' is neither",
        ),
    ],
)
def test_a_bad_row_names_the_file_line_field_and_value(tmp_path, line, field, new, message):
    path = write(tmp_path, replace_field(line, field, new))
    with pytest.raises(ValueError, match=rf"scenarios\.csv line {line}, .*{message}"):
        load_scenarios(path)


def test_a_repeated_row_names_both_lines(tmp_path):
    line = line_of("cinema", "discount")
    lines = SCENARIO_LINES + [SCENARIO_LINES[line - 1]]
    with pytest.raises(
        ValueError,
        match=rf"line {len(lines)}, field 'parameter': 'discount' for scenario "
        rf"'cinema' repeats line {line}",
    ):
        load_scenarios(write(tmp_path, lines))


def test_a_missing_parameter_names_the_scenario_and_parameter(tmp_path):
    line = line_of("leisure", "retention")
    lines = SCENARIO_LINES[: line - 1] + SCENARIO_LINES[line:]
    with pytest.raises(
        ValueError,
        match=r"scenarios\.csv lines \d+-\d+, field 'parameter': "
        r"scenario 'leisure' lacks retention",
    ):
        load_scenarios(write(tmp_path, lines))


def test_a_missing_column_is_named_on_line_1(tmp_path):
    lines = [text.rsplit(",", 1)[0] if i == 0 else text for i, text in enumerate(SCENARIO_LINES)]
    with pytest.raises(ValueError, match=r"scenarios\.csv line 1: .*missing column\(s\) source"):
        load_scenarios(write(tmp_path, lines))


def test_an_unknown_scenario_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="scenario='pizza' is not a known scenario; known: restaurant, cinema"):
        scenario("pizza")


def test_a_bad_label_file_names_line_and_field(tmp_path):
    lines = (DATA_DIR / "scenario_names.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("cinema,Cinema,电影,1,", "cinema,Cinema,电影,yes,")
    with pytest.raises(ValueError, match=r"scenario_names\.csv line 3, field 'prepaid': 'yes' is neither 0 nor 1"):
        scenario_labels(write(tmp_path, lines, "scenario_names.csv"))


def test_transactions_file_is_what_the_seeded_script_writes(tmp_path):
    output = tmp_path / "transactions.csv"
    subprocess.run(
        [sys.executable, str(REPO / "scripts" / "make_transactions.py"), "--output", str(output)],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    assert output.read_bytes() == (DATA_DIR / "transactions.csv").read_bytes()


def test_transactions_have_the_documented_columns_and_channels():
    log = load_transactions()
    assert tuple(log.columns) == TRANSACTION_COLUMNS
    assert 5000 <= len(log) <= 15000
    assert set(log["channel"]) == {"walk_in", "groupbuy", "member", "referral"}
    assert log["date"].dt.year.eq(2014).all() and log["date"].is_monotonic_increasing
    assert pd.api.types.is_bool_dtype(log["voucher"])


def test_only_group_buy_pays_the_platform_its_rebate():
    log = load_transactions()
    values = scenario("restaurant")
    group_buy = log[log["channel"] == "groupbuy"]
    assert group_buy["voucher"].all()
    assert np.allclose(group_buy["amount_cny"], voucher_price(values))
    assert np.allclose(group_buy["platform_fee_cny"], values["commission"] * voucher_price(values))
    assert log.loc[log["channel"] != "groupbuy", "platform_fee_cny"].eq(0).all()


def test_known_customers_first_arrive_by_group_buy_or_referral_and_walk_ins_stay_unknown():
    log = load_transactions()
    known = log[log["customer_id"] != UNKNOWN]
    assert set(known.drop_duplicates("customer_id")["channel"]) == {"groupbuy", "referral"}
    assert log.loc[log["channel"] == "walk_in", "customer_id"].eq(UNKNOWN).all()


def test_the_log_follows_the_restaurants_funnel():
    log = load_transactions()
    restaurant = merchant("restaurant")
    monthly = log.groupby([log["date"].dt.month, "channel"]).size().unstack().mean()
    assert monthly["groupbuy"] == pytest.approx(restaurant.voucher_buyers, rel=0.05)
    assert monthly["walk_in"] == pytest.approx(restaurant.walk_ins - restaurant.cannibalised_buyers, rel=0.05)


def test_a_bad_transaction_row_names_the_file_line_and_field(tmp_path):
    lines = (DATA_DIR / "transactions.csv").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines) if ",groupbuy," in text)
    lines[line] = lines[line].replace("groupbuy", "coupon", 1)
    path = write(tmp_path, lines, "transactions.csv")
    with pytest.raises(
        ValueError, match=rf"transactions\.csv line {line + 1}, field 'channel': 'coupon' is not one of"
    ):
        load_transactions(path)


def test_a_missing_default_data_folder_says_how_to_fix_it(tmp_path, monkeypatch):
    monkeypatch.setattr(scenarios, "DATA_DIR", tmp_path / "nowhere")
    with pytest.raises(FileNotFoundError, match="pass path= explicitly"):
        load_scenarios()


def test_the_data_readme_lists_every_figure_with_its_unit_and_range():
    from o2o_models.merchant import FIELDS

    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| ([^|]+) \|", text, flags=re.M))
    for name, allowed in FIELDS.items():
        assert rows.get(name, "").strip() == allowed.unit, name


def _no_file_may_be_opened(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError(f"a file was opened: {args[:1]}")

    monkeypatch.setattr(io, "open", refuse)
    monkeypatch.setattr("builtins.open", refuse)
    monkeypatch.setattr(Path, "read_bytes", refuse)
    monkeypatch.setattr(Path, "read_text", refuse)


def test_a_second_merchant_call_reads_no_file_and_checks_nothing(monkeypatch):
    """Issue 17, finding 5: every slider move re-read and hashed data/scenarios.csv."""
    first = merchant("restaurant")
    checks = []
    monkeypatch.setattr(scenarios.Merchant, "__post_init__", lambda self: checks.append(self))
    _no_file_may_be_opened(monkeypatch)
    assert merchant("restaurant") is first and scenario("restaurant") == first.values()
    assert checks == []


def test_an_edited_scenario_file_is_read_again(tmp_path):
    lines = (DATA_DIR / "scenarios.csv").read_text(encoding="utf-8").splitlines()
    path = write(tmp_path, lines)
    assert merchant("cinema", path).trust == 0.9
    write(tmp_path, [line.replace("cinema,trust,0.9,", "cinema,trust,0.85,") for line in lines])
    assert merchant("cinema", path).trust == 0.85 and scenario("cinema", path)["trust"] == 0.85


def test_an_unknown_or_unhashable_name_is_refused_before_the_file_is_read():
    for name in ("bakery", ["cinema"], None):
        with pytest.raises(ValueError, match="is not a known scenario"):
            merchant(name)
