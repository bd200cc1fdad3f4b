"""One helper to check inputs at the public boundary, so every error reads alike.

An error names the parameter, the offending value, the allowed range and what the
parameter means, for example::

    ValueError: discount=1.2 is outside [0, 1): the fraction off the list price
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray


def _interval(low: float, high: float, low_open: bool, high_open: bool) -> str:
    def show(bound: float) -> str:
        if math.isinf(bound):
            return "inf" if bound > 0 else "-inf"
        return f"{bound:g}"

    left = "(" if low_open or math.isinf(low) else "["
    right = ")" if high_open or math.isinf(high) else "]"
    return f"{left}{show(low)}, {show(high)}{right}"


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
    value : a number or an array of numbers.
    low, high : the bounds of the allowed interval (``math.inf`` for none).
    meaning : what the parameter is, with its unit, e.g. ``"the fraction off the list price"``.
    low_open, high_open : exclude the bound itself.

    Raises
    ------
    ValueError
        If any element is not a number, NaN, or outside the interval; the message
        names the parameter, the first offending value and the interval.
    """
    interval = _interval(low, high, low_open, high_open)
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name}={value!r} is not a number; allowed {interval}: {meaning}"
        ) from None
    flat = array.reshape(-1)
    too_low = flat <= low if low_open else flat < low
    too_high = flat >= high if high_open else flat > high
    bad = np.isnan(flat) | too_low | too_high
    if bad.any():
        index = int(np.argmax(bad))
        where = f" (element {index})" if array.ndim else ""
        shown = f"{flat[index]:g}"
        raise ValueError(f"{name}={shown}{where} is outside {interval}: {meaning}")
    return array


def check_count(name: str, value: object, low: int, high: int, meaning: str) -> int:
    """Return ``value`` as an ``int`` after checking it is a whole number in ``[low, high]``.

    Raises
    ------
    ValueError
        If ``value`` is not a whole number (booleans included) or lies outside the range.
    """
    is_whole = isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        is_whole = True
    if not is_whole or not low <= value <= high:  # type: ignore[operator]
        raise ValueError(
            f"{name}={value!r} is outside the whole numbers {low} to {high}: {meaning}"
        )
    return int(value)  # type: ignore[call-overload]


def check_seed(seed: object) -> np.random.Generator:
    """Return a NumPy random generator from a seed (a whole number >= 0) or a Generator.

    Raises
    ------
    ValueError
        If ``seed`` is neither a ``numpy.random.Generator`` nor a whole number >= 0.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(
        check_count("seed", seed, 0, 2**63 - 1, "the random seed that makes a run repeatable")
    )
