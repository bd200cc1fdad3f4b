"""Calibration scenarios for the lessons, read from ``data/`` and checked row by row.

Five merchants from the 2014 article (谌基平, 虎嗅 huxiu.com): three whose customers prepay
(预付款: restaurant 餐饮, cinema 电影, leisure 休闲娱乐) and two big-ticket trades that do not
(furniture 家具, renovation 装修). A scenario gives one value for every figure of a merchant
(`SCHEMA`, the `o2o_models.merchant.FIELDS`); `merchant` turns it into the checked value
every leg reads::

    restaurant = merchant("restaurant")
    restaurant.voucher_margin      # -10.0 CNY a voucher

Every row of ``data/scenarios.csv`` carries a unit and a source: a citation with its year, or the
word "illustrative". A bad row raises ValueError naming the file, its line (header = line 1), the
field and the value.

At about 440 lines the module runs past the house length (about 300): most of it reads and
checks the data files, naming the file, the row and the field of a bad figure.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import math
import os
import re
from pathlib import Path

import pandas as pd

from .merchant import FIELDS, Merchant, check_field
from .resources import data_dir
from .text import _
from .validation import check_range

DATA_DIR = data_dir()
SCENARIOS = ("restaurant", "cinema", "leisure", "furniture", "renovation")
CHANNELS = ("walk_in", "groupbuy", "member", "referral")
UNKNOWN = "unknown"
"""The customer_id of a walk-in: someone the merchant cannot reach again, not in its CRM."""
SCENARIO_COLUMNS = ("scenario", "parameter", "value", "unit", "source")
LABEL_COLUMNS = ("scenario", "name_en", "name_zh", "prepaid", "description")
TRANSACTION_COLUMNS = ("date", "customer_id", "channel", "amount_cny", "platform_fee_cny", "voucher")


SCHEMA = FIELDS
"""Every parameter a scenario gives: the figures of a `Merchant`, with range, unit and meaning."""


def _shown(path: Path) -> str:
    """The path as a reader would type it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _fail(path: Path, line: int, field: str, message: str) -> ValueError:
    return ValueError(
        _("{path} line {line}, field {field!r}: {message}").format(
            path=_shown(path), line=line, field=field, message=message
        )
    )


def _data_file(path: str | Path | None, name: str) -> Path:
    if path is not None:
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(
                _("path={path!r} is not a file path: give a str or pathlib.Path, or None for data/{name}").format(
                    path=path, name=name
                )
            )
        file = Path(path)
        if file.is_dir():
            raise ValueError(
                _("path={file} is a folder, not a CSV file like {name}").format(file=_shown(file), name=name)
            )
        if not file.is_file():
            raise FileNotFoundError(_("path={file}: there is no such file").format(file=_shown(file)))
        return file
    default = DATA_DIR / name
    if not default.is_file():
        raise FileNotFoundError(
            _(
                "no {name} at {default}: o2o_models reads data/ beside its package folder; "
                "reinstall the package (it ships data/ inside it) or pass path= explicitly"
            ).format(name=name, default=default)
        )
    return default


def _read_text(path: Path) -> str:
    """The file's text, or a ValueError naming the file and the line where it is not UTF-8 text."""
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError(
            _("{path} line 1: the file is UTF-16 text; save it as UTF-8 (in Excel: CSV UTF-8)").format(
                path=_shown(path)
            )
        )
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise ValueError(
            _("{path} line {line}: a NUL byte; this is not a text CSV file (save it as CSV UTF-8)").format(
                path=_shown(path), line=line
            )
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ValueError(
            _(
                "{path} line {line}: byte {raw:#04x} is not UTF-8 text; save the file as "
                "UTF-8 (in Excel: CSV UTF-8), not GBK, Latin-1 or another encoding"
            ).format(path=_shown(path), line=line, raw=raw[error.start])
        ) from None


def _read_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV file as (line number, {column: stripped text}), after checking the header."""
    reader = csv.DictReader(io.StringIO(_read_text(path), newline=""))
    try:
        header = list(reader.fieldnames or [])
        missing = ", ".join(column for column in columns if column not in header)
        unexpected = ", ".join(column for column in header if column not in columns)
        if missing or unexpected:
            raise ValueError(
                _(
                    "{path} line 1: the header must be {columns}; missing column(s) {missing}; "
                    "unexpected column(s) {unexpected}"
                ).format(
                    path=_shown(path),
                    columns=",".join(columns),
                    missing=missing or _("none"),
                    unexpected=unexpected or _("none"),
                )
            )
        rows = []
        for record in reader:
            if None in record:
                raise ValueError(
                    _("{path} line {line_num}: more fields than the header").format(
                        path=_shown(path), line_num=reader.line_num
                    )
                )
            rows.append((reader.line_num, {key: (text or "").strip() for key, text in record.items()}))
    except csv.Error as error:
        raise ValueError(
            _("{path} line {line_num}: {error}; is this a CSV file?").format(
                path=_shown(path), line_num=reader.line_num, error=error
            )
        ) from None
    if not rows:
        raise ValueError(_("{path} holds a header but no rows").format(path=_shown(path)))
    return rows


def _number(path: Path, line: int, field: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise _fail(path, line, field, _("{text!r} is not a number").format(text=text)) from None
    if not math.isfinite(value):
        raise _fail(path, line, field, _("{text!r} is not a finite number").format(text=text))
    return value


def _zero_or_one(path: Path, line: int, field: str, text: str) -> int:
    if text not in ("0", "1"):
        raise _fail(
            path,
            line,
            field,
            _("{text!r} is neither 0 nor 1: 1 if customers pay in advance (预付款)").format(text=text),
        )
    return int(text)


def _scenario_name(path: Path, line: int, name: str) -> str:
    if name not in SCENARIOS:
        raise _fail(
            path,
            line,
            "scenario",
            _("{name!r} is not a known scenario; known: {scenarios}").format(name=name, scenarios=", ".join(SCENARIOS)),
        )
    return name


def _check_value(path: Path, line: int, parameter: str, text: str) -> float:
    value = _number(path, line, "value", text)
    try:
        check_field(parameter, value)
    except ValueError as error:
        raise _fail(path, line, "value", str(error)) from None
    return value


def _check_source(path: Path, line: int, source: str) -> None:
    if not source:
        raise _fail(path, line, "source", _("the source is empty; cite a paper or dated fact, or write 'illustrative'"))
    if not (source.lower().startswith("illustrative") or re.search(r"(19|20)\d\d", source)):
        raise _fail(
            path,
            line,
            "source",
            _("{source!r} is neither a citation with a year nor marked 'illustrative'").format(source=source),
        )


def load_scenarios(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check the calibration scenarios.

    Parameters
    ----------
    path : str or Path, optional
        A CSV file with columns scenario, parameter, value, unit, source (long format, one
        row a figure). Default: ``data/scenarios.csv`` beside the package.

    Returns
    -------
    pandas.DataFrame
        Columns scenario (str), parameter (str), value (float, in the parameter's unit),
        unit (str), source (str), in file order.

    Raises
    ------
    ValueError
        Naming file, line (header = line 1), field and value: a missing column, an unknown
        scenario or parameter, a value not a number or outside ``SCHEMA``'s range, a unit
        not ``SCHEMA``'s, an empty or undated source not marked "illustrative", a repeated
        row, a scenario lacking a parameter.
    FileNotFoundError
        If the file does not exist.

    Notes
    -----
    Ranges, units and meanings are the models' (``SCHEMA``). Sources are per row; see data/README.md.

    Examples
    --------
    >>> table = load_scenarios()
    >>> sorted(table["scenario"].unique()) == sorted(SCENARIOS)
    True
    """
    path = _data_file(path, "scenarios.csv")
    records, first_line, lines_of = [], {}, {}
    for line, row in _read_rows(path, SCENARIO_COLUMNS):
        name = _scenario_name(path, line, row["scenario"])
        parameter = row["parameter"]
        if parameter not in SCHEMA:
            raise _fail(
                path,
                line,
                "parameter",
                _("{parameter!r} is not a model parameter; known: {schema}").format(
                    parameter=parameter, schema=", ".join(SCHEMA)
                ),
            )
        if (name, parameter) in first_line:
            raise _fail(
                path,
                line,
                "parameter",
                _("{parameter!r} for scenario {name!r} repeats line {first_line}").format(
                    parameter=parameter, name=name, first_line=first_line[name, parameter]
                ),
            )
        first_line[name, parameter] = line
        lines_of.setdefault(name, []).append(line)
        value = _check_value(path, line, parameter, row["value"])
        if row["unit"] != SCHEMA[parameter].unit:
            raise _fail(
                path,
                line,
                "unit",
                _("{unit!r} is not the unit of {parameter}; expected {expected!r}").format(
                    unit=row["unit"], parameter=parameter, expected=SCHEMA[parameter].unit
                ),
            )
        _check_source(path, line, row["source"])
        records.append((name, parameter, value, row["unit"], row["source"]))
    for name, lines in lines_of.items():
        missing = [parameter for parameter in SCHEMA if (name, parameter) not in first_line]
        if missing:
            raise ValueError(
                _("{path} lines {first}-{last}, field 'parameter': scenario {name!r} lacks {missing}").format(
                    path=_shown(path), first=lines[0], last=lines[-1], name=name, missing=", ".join(missing)
                )
            )
    return pd.DataFrame.from_records(records, columns=list(SCENARIO_COLUMNS))


def scenario(name: str, path: str | Path | None = None) -> dict[str, float]:
    """Return one scenario's values, keyed by the models' argument names.

    Parameters
    ----------
    name : str
        One of ``SCENARIOS``: restaurant, cinema, leisure (prepaid); furniture, renovation (not).
    path : str or Path, optional
        Scenario file, as in `load_scenarios`.

    Returns
    -------
    dict[str, float]
        Every parameter of ``SCHEMA``, in its order, in its unit.

    Raises
    ------
    ValueError
        If the name is unknown (listing the known ones), absent from the file, or the file is bad.

    Examples
    --------
    >>> values = scenario("restaurant")
    >>> values["list_price"], 0 <= values["discount"] < 1
    (200.0, True)
    """
    file = _scenario_file(name, path)
    by_scenario = _values_by_scenario(file.resolve(), _version(file))
    if name not in by_scenario:
        raise ValueError(_("{file} has no rows for scenario {name!r}").format(file=_shown(file), name=name))
    return dict(by_scenario[name])


def _scenario_file(name: object, path: str | Path | None) -> Path:
    """The scenario file to read ``name`` from, after checking the name is a known scenario."""
    if not isinstance(name, str) or name not in SCENARIOS:
        raise ValueError(
            _("scenario={name!r} is not a known scenario; known: {scenarios}").format(
                name=name, scenarios=", ".join(SCENARIOS)
            )
        )
    return _data_file(path, "scenarios.csv")


def _version(file: Path) -> tuple[int, ...]:
    """What tells one version of a file from the next without reading it: its ``stat``.

    Size and modification time can be kept across an edit (``os.utime``); the inode change
    time (``st_ctime_ns``) cannot be set back, so an edit always moves it.
    """
    stat = file.stat()
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


@functools.lru_cache(maxsize=8)
def _values_by_scenario(file: Path, version: tuple[int, ...]) -> dict[str, dict[str, float]]:
    """Every scenario's values, read and checked once per version of the file (panels ask often)."""
    table = load_scenarios(file)
    return {
        name: {parameter: float(value) for parameter, value in zip(rows["parameter"], rows["value"])}
        for name, rows in table.groupby("scenario", sort=False)
    }


def merchant(name: str, path: str | Path | None = None) -> Merchant:
    """One scenario as a checked `Merchant`, the value every leg's model reads.

    The file is read and the merchant checked once per version of the file (its ``stat``):
    a second call reads no file and checks nothing, and returns the same (immutable) value.

    Raises
    ------
    ValueError
        As `scenario`, or if the figures break a rule of `Merchant` (naming them).

    Examples
    --------
    >>> merchant("cinema").trust
    0.9
    """
    file = _scenario_file(name, path)
    return _merchant(file.resolve(), _version(file), name)


@functools.lru_cache(maxsize=64)
def _merchant(file: Path, version: tuple[int, ...], name: str) -> Merchant:
    return Merchant.from_values(scenario(name, file))


def scenario_names(path: str | Path | None = None) -> list[str]:
    """Return the scenarios the file holds, in the order of ``SCENARIOS``.

    Raises
    ------
    ValueError
        If the file is bad (see `load_scenarios`).

    Examples
    --------
    >>> scenario_names()
    ['restaurant', 'cinema', 'leisure', 'furniture', 'renovation']
    """
    present = set(load_scenarios(path)["scenario"])
    return [name for name in SCENARIOS if name in present]


def scenario_labels(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check the scenarios' display names.

    Parameters
    ----------
    path : str or Path, optional
        A CSV file with columns scenario, name_en, name_zh, prepaid (0/1), description.
        Default: ``data/scenario_names.csv`` beside the package.

    Returns
    -------
    pandas.DataFrame
        The same columns; prepaid as bool.

    Raises
    ------
    ValueError
        Naming file, line, field and value: a missing column, an unknown or repeated scenario,
        an empty name or description, prepaid other than 0 or 1.

    Examples
    --------
    >>> scenario_labels().set_index("scenario").loc["cinema", "name_zh"]
    '电影'
    """
    path = _data_file(path, "scenario_names.csv")
    records, first_line = [], {}
    for line, row in _read_rows(path, LABEL_COLUMNS):
        name = _scenario_name(path, line, row["scenario"])
        if name in first_line:
            raise _fail(
                path,
                line,
                "scenario",
                _("{name!r} repeats line {first_line}").format(name=name, first_line=first_line[name]),
            )
        first_line[name] = line
        for field in ("name_en", "name_zh", "description"):
            if not row[field]:
                raise _fail(path, line, field, _("is empty for scenario {name!r}").format(name=name))
        prepaid = bool(_zero_or_one(path, line, "prepaid", row["prepaid"]))
        records.append((name, row["name_en"], row["name_zh"], prepaid, row["description"]))
    return pd.DataFrame.from_records(records, columns=list(LABEL_COLUMNS))


def load_transactions(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check the synthetic 2014 transaction log of one restaurant.

    Parameters
    ----------
    path : str or Path, optional
        Default: ``data/transactions.csv``, written by ``scripts/make_transactions.py``.

    Returns
    -------
    pandas.DataFrame
        date (datetime64), customer_id (str; "unknown" for walk-ins), channel ("walk_in",
        "groupbuy", "member" or "referral"),
        amount_cny (float, CNY the customer paid), platform_fee_cny (float, CNY rebate 返点
        paid to the platform), voucher (bool, True exactly for group-buy rows).

    Raises
    ------
    ValueError
        Naming file, line, field and value: a missing column, a date not YYYY-MM-DD, an empty
        customer_id, an unknown channel, an amount below 0, a fee outside [0, amount_cny], a
        voucher flag not True/False or not True exactly on group-buy rows.

    Examples
    --------
    >>> log = load_transactions()
    >>> bool(log.loc[log["voucher"], "channel"].eq("groupbuy").all())
    True
    """
    path = _data_file(path, "transactions.csv")
    records, first_line = [], {}
    for line, row in _read_rows(path, TRANSACTION_COLUMNS):
        try:
            date = datetime.date.fromisoformat(row["date"])
        except ValueError:
            raise _fail(
                path, line, "date", _("{date!r} is not an ISO date (YYYY-MM-DD)").format(date=row["date"])
            ) from None
        if not row["customer_id"]:
            raise _fail(path, line, "customer_id", _("is empty"))
        if row["channel"] not in CHANNELS:
            raise _fail(
                path,
                line,
                "channel",
                _("{channel!r} is not one of {channels}").format(channel=row["channel"], channels=", ".join(CHANNELS)),
            )
        amount = _number(path, line, "amount_cny", row["amount_cny"])
        fee = _number(path, line, "platform_fee_cny", row["platform_fee_cny"])
        for field, value, high in (("amount_cny", amount, math.inf), ("platform_fee_cny", fee, amount)):
            try:
                check_range(field, value, 0, high, "CNY, at least 0 and a fee no more than the amount paid")
            except ValueError as error:
                raise _fail(path, line, field, str(error)) from None
        if row["voucher"] not in ("True", "False"):
            raise _fail(
                path, line, "voucher", _("{voucher!r} is neither True nor False").format(voucher=row["voucher"])
            )
        voucher = row["voucher"] == "True"
        if voucher != (row["channel"] == "groupbuy"):
            raise _fail(
                path,
                line,
                "voucher",
                _(
                    "{voucher} disagrees with channel {channel!r}: exactly the group-buy rows are paid by voucher"
                ).format(voucher=row["voucher"], channel=row["channel"]),
            )
        record = (date, row["customer_id"], row["channel"], amount, fee, voucher)
        if row["customer_id"] != UNKNOWN:  # walk-ins are anonymous: two alike are two diners
            if record in first_line:
                raise ValueError(
                    _(
                        "{path} line {line}: repeats line {first_line} (customer {customer_id}, "
                        "{date}, {amount:g} CNY): a transaction entered twice"
                    ).format(
                        path=_shown(path),
                        line=line,
                        first_line=first_line[record],
                        customer_id=row["customer_id"],
                        date=row["date"],
                        amount=amount,
                    )
                )
            first_line[record] = line
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=list(TRANSACTION_COLUMNS))
    frame["date"] = pd.to_datetime(frame["date"])
    return frame
