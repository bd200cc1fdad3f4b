"""How a lesson's table writes its figures: as a reader expects them, never as a float prints.

A table a lesson shows keeps its numbers for code (``table["net_gain_cny"].max()``); only what the reader
sees is written, a column at a time, in one of these forms:

- `MONEY`, CNY: thousands separators, whole yuan in a column that reaches 1,000 CNY and to the fen (at
  most two decimals, the fewest that show the column) in one that does not, so ``206730.733`` reads
  ``206,731`` and a member's value ``221.478`` reads ``221.48``; `PRICE`, CNY a click or a unit, to the
  fen where a figure needs it, whatever else the column holds (``2.01``, ``5.50``, and ``1,198.00`` beside them);
- `SHARE`, a fraction shown as a percentage: ``0.7`` reads ``70%``, ``0.035`` reads ``3.5%`` (one
  decimal only where a figure of the column needs it);
- `COUNT`, people, clicks, months: a whole number with separators, ``8,000``;
- `RATIO`, a plain number (a return per yuan, a skill, staff per 100 merchants): the fewest decimals, at
  most two, that show the column, ``1.02``, ``0.5``.

A text (a name, "yes") is left as it is, and a missing figure reads "–". `written` writes one column;
`form_of` is the convention that names a column's form from its name, as the models name their columns
(``*_cny``, ``price_*_cny``, ``*_share``, ``*_conversion``, ``trust``, ``*_return``): a table with labels of its own
names its forms (`o2o_models.lessons.common.Shown`'s ``formats``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from numbers import Real

from ..text import Share

MISSING = "–"
"""What a table shows for a figure it does not have (NaN)."""

Form = Callable[[Sequence[object]], list[object]]
"""A column's figures -> what the reader reads in each cell (texts are passed through)."""


def _is_figure(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def _fewest_decimals(values: Sequence[float], most: int) -> int:
    """The fewest decimals, up to ``most``, at which every value reads as it does at ``most``."""
    for decimals in range(most + 1):
        if all(math.isclose(round(v, decimals), round(v, most), abs_tol=1e-9) for v in values):
            return decimals
    return most


def _writer(style: Callable[[list[float]], str]) -> Form:
    """A form from the format its figures choose together: one format a column, so its decimals line up.

    A share is written as a `Share`, so that one that is neither none nor all never reads 0% or 100%."""

    def write(column: Sequence[object]) -> list[object]:
        figures = [float(v) for v in column if _is_figure(v) and math.isfinite(float(v))]
        pattern = style(figures) if figures else "{:,.0f}"
        return [
            (MISSING if math.isnan(float(v)) else pattern.format(Share(v)) if math.isfinite(float(v)) else str(v))
            if _is_figure(v)
            else v
            for v in column
        ]

    return write


def _money(figures: list[float]) -> str:
    if max(abs(v) for v in figures) >= 1000:
        return "{:,.0f}"
    return f"{{:,.{_fewest_decimals(figures, 2)}f}}"


def _share(figures: list[float]) -> str:
    return f"{{:.{_fewest_decimals([100 * v for v in figures], 1)}%}}"


def _ratio(figures: list[float]) -> str:
    return f"{{:,.{_fewest_decimals(figures, 2)}f}}"


def _price(figures: list[float]) -> str:
    """Whole yuan when every figure is one, else to the fen: 5.50 CNY a click, never 5.5."""
    return "{:,.0f}" if _fewest_decimals(figures, 2) == 0 else "{:,.2f}"


MONEY: Form = _writer(_money)
PRICE: Form = _writer(_price)

SHARE: Form = _writer(_share)
COUNT: Form = _writer(lambda figures: "{:,.0f}")
RATIO: Form = _writer(_ratio)
FORMS = {"money": MONEY, "price": PRICE, "share": SHARE, "count": COUNT, "ratio": RATIO}
"""The forms by the names a lesson's code gives them (``lesson.shown(table, "share")``)."""


def written(column: Sequence[object], form: Form | None = None) -> list[object]:
    """The cells of ``column`` as the reader reads them, in ``form`` (`RATIO` when none is given).

    Examples
    --------
    >>> written([206730.733, -9429.4], MONEY)
    ['206,731', '-9,429']
    >>> written([4.27922, 4.8], MONEY), written([2.01, 2.0, 1198.0], PRICE)
    (['4.28', '4.80'], ['2.01', '2.00', '1,198.00'])
    >>> written([0.035, 0.7], SHARE), written([0.7, 0.25], SHARE)
    (['3.5%', '70.0%'], ['70%', '25%'])
    >>> written([0.9998, 0.0278, 0.0, 1.0], SHARE), written([0.9996, 0.5], SHARE)
    (['>99.9%', '2.8%', '0.0%', '100.0%'], ['>99%', '50%'])
    >>> written([8000.0, 5945.6], COUNT)
    ['8,000', '5,946']
    >>> written([0.5, 1.0, float("nan"), "none"])
    ['0.5', '1.0', '–', 'none']
    """
    return (form or RATIO)(list(column))


def form_of(column: object) -> Form | None:
    """The form the models' naming gives a column: ``*_cny`` money (a ``price`` to the fen), ``*_share``,
    ``*_conversion`` and ``trust`` shares, ``*_return``, ``*skill`` and ``staff_per_*`` ratios, the `COUNTED`
    counts; None for any other name (a merchant's, a heading's)."""
    if not isinstance(column, str) or not column.isidentifier():
        return None
    if column.endswith("_cny"):
        return PRICE if "price" in column else MONEY
    if column.endswith(("_share", "_conversion")) or column == "trust":
        return SHARE
    if column.endswith(("_return", "skill")) or column.startswith("staff_per_"):
        return RATIO
    return COUNT if column.endswith(COUNTED) else None


COUNTED = ("month", "months", "path", "slot", "leads", "buyers", "members", "customers", "clicks")
"""The endings of the models' names for what they count: ``month``, ``new_customers``, ``groupbuy_only_buyers``."""
