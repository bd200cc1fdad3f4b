"""One small set of checks at the public boundary, so every error reads alike.

An error names the parameter, the offending value, the allowed range and what the
parameter means, for example::

    ValueError: discount=1.2 is outside [0, 1): the fraction off the list price
    TypeError: retention=[0.8, 0.9] is not a single number; allowed [0, 1): the share of members who stay

A value of the wrong kind (text, ``None``, ``True``, a list where one number is meant)
raises ``TypeError``; a number that is NaN, infinite or out of range, or arrays whose
shapes do not match, raise ``ValueError``. Infinity is never accepted: an interval
written ``[0, inf)`` excludes it, and no model can compute with it.

Every message, and the parameter's meaning in it, is in the reader's language (`o2o_models.text`):
a meaning is an English text the caller writes (``scripts/messages.py`` finds the literal ones in
the calls of these checks), looked up when the message is written, never on the way to success.
At about 370 lines the module runs past the house length (about 300): each message is one
template with named fields, so that a translation can keep its figures, and the checks stay together.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from numbers import Real

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from .text import _

MONEY = 1e9
"""Upper bound on any amount in CNY, and on any count a simulation draws a month: far above any
merchant, so sums, products and Poisson draws stay exact."""
PEOPLE = 1e8
"""Upper bound on a merchant's count of people, clicks or purchases a month."""
PER_CLICK = 1e6
"""Upper bound on the value or price of one click, CNY."""
SEED = 2014
"""The seed every simulation starts from unless given another: the same inputs give the same draws everywhere."""


def _interval(low: float, high: float, low_open: bool, high_open: bool) -> str:
    def show(bound: float) -> str:
        if math.isinf(bound):
            return "inf" if bound > 0 else "-inf"
        return f"{bound:g}"

    left = "(" if low_open or math.isinf(low) else "["
    right = ")" if high_open or math.isinf(high) else "]"
    return f"{left}{show(low)}, {show(high)}{right}"


def shown(value: object, limit: int = 60) -> str:
    """A short ``repr`` of ``value`` for an error message."""
    text = repr(value.tolist()) if isinstance(value, np.ndarray) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _numbers(name: str, value: object, interval: str, meaning: str) -> NDArray[np.float64]:
    """``value`` as a float array, or a TypeError/ValueError that names ``name``, the interval and the meaning."""

    def allowed() -> str:  # the meaning looked up only for a message
        return f"{interval}: {_(meaning)}"

    def not_a_number() -> str:  # built only on failure: showing a large array costs more than checking it
        return _("{name}={value} is not a number; allowed {allowed}").format(
            name=name, value=shown(value), allowed=allowed()
        )

    if isinstance(value, (str, bytes, Mapping)) or value is None:
        raise TypeError(not_a_number())
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(
            _("{name}={value!r} is a yes/no value, not a number; allowed {allowed}").format(
                name=name, value=value, allowed=allowed()
            )
        )
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):  # ragged nested lists
        raise ValueError(
            _("{name}={value} is not a number or a rectangular array of numbers; allowed {allowed}").format(
                name=name, value=shown(value), allowed=allowed()
            )
        ) from None
    if array.dtype.kind == "O":
        elements = array.reshape(-1)
        if not all(isinstance(e, Real) and not isinstance(e, (bool, np.bool_)) for e in elements):
            raise TypeError(not_a_number())
        try:
            return np.array([float(e) for e in elements], dtype=float).reshape(array.shape)
        except OverflowError:
            raise ValueError(
                _("{name}={value} is too large; allowed {allowed}").format(
                    name=name, value=shown(value), allowed=allowed()
                )
            ) from None
    if array.dtype.kind == "b":
        raise TypeError(
            _("{name}={value} holds yes/no values, not numbers; allowed {allowed}").format(
                name=name, value=shown(value), allowed=allowed()
            )
        )
    if array.dtype.kind not in "iuf":
        raise TypeError(not_a_number())
    return array.astype(float, copy=False)


def _plain_in_range(value: object, low: float, high: float, low_open: bool, high_open: bool) -> bool:
    """Whether ``value`` is a Python (or NumPy) float, or a modest int, inside the interval.

    The common case, decided without building an array or a message: a model checks a
    few hundred such numbers on every slider move. Anything else takes the full check.
    """
    if type(value) is int:
        if not -(2**53) <= value <= 2**53:
            return False
    elif type(value) not in (float, np.float64) or not math.isfinite(value):
        return False
    return (value > low if low_open else value >= low) and (value < high if high_open else value <= high)


def check_range(
    name: str,
    value: ArrayLike,
    low: float,
    high: float,
    meaning: str,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> NDArray[np.float64]:
    """Return ``value`` as a float array after checking every element lies in range.

    Parameters
    ----------
    name : the parameter's name as the caller wrote it, e.g. ``"discount"``.
    value : a number or an array of numbers (not text, ``None`` or booleans).
    low, high : the bounds of the allowed interval (``math.inf`` for none).
    meaning : what the parameter is, with its unit, e.g. ``"the fraction off the list price"``.
    low_open, high_open : exclude the bound itself.

    Raises
    ------
    TypeError
        If ``value`` is not a number or an array of numbers.
    ValueError
        If any element is NaN, infinite or outside the interval; the message names the
        parameter, the first offending value and the interval.
    """
    if _plain_in_range(value, low, high, low_open, high_open):
        return np.array(float(value) + 0.0)
    interval = _interval(low, high, low_open, high_open)
    array = _numbers(name, value, interval, meaning)
    flat = array.reshape(-1)
    bounds = (flat.min(), flat.max()) if flat.size else ()  # a NaN makes both NaN, and so not in range
    if bounds and all(_plain_in_range(float(bound), low, high, low_open, high_open) for bound in bounds):
        return array + 0.0  # a new array, and -0.0 becomes 0.0: numpy's samplers refuse uniform(0.0, -0.0)
    too_low = flat <= low if low_open else flat < low
    too_high = flat >= high if high_open else flat > high
    bad = ~np.isfinite(flat) | too_low | too_high
    if bad.any():
        index = int(np.argmax(bad))
        where = _(" (element {index})").format(index=index) if array.ndim else ""
        raise ValueError(
            _("{name}={value:g}{where} is outside {interval}: {meaning}").format(
                name=name, value=flat[index], where=where, interval=interval, meaning=_(meaning)
            )
        )
    return array + 0.0  # -0.0 becomes 0.0: numpy's samplers refuse uniform(0.0, -0.0)


def check_number(
    name: str,
    value: object,
    low: float,
    high: float,
    meaning: str,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a ``float`` after checking it is one number in range (see `check_range`).

    Raises
    ------
    TypeError
        If ``value`` is not a single number (an array of several is refused too).
    ValueError
        If it is NaN, infinite or outside the interval.
    """
    if _plain_in_range(value, low, high, low_open, high_open):
        return float(value) + 0.0
    array = check_range(name, value, low, high, meaning, low_open=low_open, high_open=high_open)
    if array.ndim:
        raise TypeError(
            _("{name}={value} is not a single number; allowed {interval}: {meaning}").format(
                name=name, value=shown(value), interval=_interval(low, high, low_open, high_open), meaning=_(meaning)
            )
        )
    return float(array)


def check_count(name: str, value: object, low: int, high: int, meaning: str) -> int:
    """Return ``value`` as an ``int`` after checking it is a whole number in ``[low, high]``.

    Raises
    ------
    TypeError
        If ``value`` is not a number (text, ``None``, booleans, lists).
    ValueError
        If it is not a whole number or lies outside the range.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(
            _("{name}={value} is not a whole number; allowed {low} to {high}: {meaning}").format(
                name=name, value=shown(value), low=low, high=high, meaning=_(meaning)
            )
        )
    whole = isinstance(value, (int, np.integer)) or float(value).is_integer()
    if not whole or not low <= value <= high:
        raise ValueError(
            _("{name}={value} is outside the whole numbers {low} to {high}: {meaning}").format(
                name=name, value=shown(value), low=low, high=high, meaning=_(meaning)
            )
        )
    return int(value)


def check_flag(name: str, value: object, meaning: str) -> bool:
    """Return ``value`` after checking it is ``True`` or ``False``.

    Raises
    ------
    TypeError
        If ``value`` is anything else (``"yes"``, 1, ``None``).
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(
            _("{name}={value} is not True or False: {meaning}").format(
                name=name, value=shown(value), meaning=_(meaning)
            )
        )
    return bool(value)


def check_seed(seed: object) -> np.random.Generator:
    """Return a NumPy random generator from a seed (a whole number >= 0) or a Generator.

    Raises
    ------
    TypeError, ValueError
        If ``seed`` is neither a ``numpy.random.Generator`` nor a whole number >= 0.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(check_count("seed", seed, 0, 2**63 - 1, "the random seed that makes a run repeatable"))


def check_generator(rng: object) -> np.random.Generator:
    """``rng`` itself, once it is a NumPy random generator.

    Raises
    ------
    TypeError
        If ``rng`` is not a ``numpy.random.Generator``.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            _("rng={kind} is not a numpy.random.Generator: pass numpy.random.default_rng(seed)").format(
                kind=type(rng).__name__
            )
        )
    return rng


def check_broadcast(**arrays: NDArray[np.float64]) -> list[NDArray[np.float64]]:
    """The arrays, by parameter name, broadcast to one shape.

    Raises
    ------
    ValueError
        Naming the first two parameters whose shapes cannot be combined element by element.
    """
    try:
        return list(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        pass
    seen: dict[str, tuple[int, ...]] = {}
    for name, array in arrays.items():
        for other, shape in seen.items():
            try:
                np.broadcast_shapes(shape, array.shape)
            except ValueError:
                raise ValueError(
                    _(
                        "{other} has shape {shape} and {name} has shape {name_shape}: they cannot be combined "
                        "element by element; give arrays of the same length, or a single number"
                    ).format(other=other, shape=shape, name=name, name_shape=array.shape)
                ) from None
        seen[name] = array.shape
    raise ValueError(
        _("the shapes {shapes} cannot be combined").format(shapes=dict((n, a.shape) for n, a in arrays.items()))
    )


def check_frame(
    name: str, frame: object, columns: Iterable[str], made_by: str, *, numeric: Iterable[str] = ()
) -> pd.DataFrame:
    """``frame`` itself, after checking it is a non-empty DataFrame with ``columns``.

    ``numeric`` columns must hold finite real numbers.

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame, or a numeric column holds text or yes/no values.
    ValueError
        If a column is missing, the frame has no rows, or a numeric column holds NaN or infinity.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(
            _("{name}={kind} is not a DataFrame: pass the output of {made_by}").format(
                name=name, kind=type(frame).__name__, made_by=made_by
            )
        )
    columns = list(columns)
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(
            _("{name} lacks column(s) {columns}: pass the output of {made_by}").format(
                name=name, columns=", ".join(missing), made_by=made_by
            )
        )
    twice = [column for column in columns if isinstance(frame[column], pd.DataFrame)]
    if twice:
        raise ValueError(
            _("{name} has the column(s) {columns} more than once: pass the output of {made_by}").format(
                name=name, columns=", ".join(twice), made_by=made_by
            )
        )
    if frame.empty:
        raise ValueError(_("{name} has no rows: pass the output of {made_by}").format(name=name, made_by=made_by))
    for column in numeric:
        data = frame[column]
        if not (pd.api.types.is_numeric_dtype(data) and not pd.api.types.is_bool_dtype(data)):
            raise TypeError(
                _("{name}[{column!r}] holds {kind} values, not numbers: pass the output of {made_by}").format(
                    name=name, column=column, kind=data.dtype, made_by=made_by
                )
            )
        values = data.to_numpy(dtype=float, na_value=np.nan)
        if not np.isfinite(values).all():
            row = int(np.argmax(~np.isfinite(values)))
            raise ValueError(
                _(
                    "{name}[{column!r}] is {value:g} in row {row}: every value must be a finite number; "
                    "pass the output of {made_by}"
                ).format(name=name, column=column, value=values[row], row=row, made_by=made_by)
            )
    return frame


def check_card(name: str, card: object, keys: Iterable[str], made_by: str) -> dict[str, float]:
    """The numbers ``keys`` of a mapping (a scorecard), each checked to be a finite number.

    Raises
    ------
    TypeError
        If ``card`` is not a mapping, or one of its values is not a number.
    ValueError
        If a key is missing, or a value is NaN or infinite.
    """
    if not isinstance(card, Mapping):
        raise TypeError(
            _("{name}={kind} is not a mapping: pass the output of {made_by}").format(
                name=name, kind=type(card).__name__, made_by=made_by
            )
        )
    missing = [key for key in keys if key not in card]
    if missing:
        raise ValueError(
            _("{name} lacks {keys}: pass the output of {made_by}").format(
                name=name, keys=", ".join(missing), made_by=made_by
            )
        )
    return {key: _card_number(f"{name}[{key!r}]", card[key], made_by) for key in keys}


def _card_number(name: str, value: object, made_by: str) -> float:
    if _plain_in_range(value, -math.inf, math.inf, False, False):
        return float(value) + 0.0
    return check_number(name, value, -math.inf, math.inf, _("from {made_by}").format(made_by=made_by))
