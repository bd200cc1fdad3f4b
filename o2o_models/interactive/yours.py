"""A student's own function in a panel: called, its answer checked, and a failure told in plain words.

A lesson's panel can draw a student's model beside the built-in one (lesson 01's CLV, lesson 02's
lift, lesson 03's bid rule, lesson 04's rule). The panel calls the function through `answer_of`,
which tells a body that is still the ``...`` placeholder (it returns None or ``...``) from any
other failure, and shows `unfinished`'s status instead of the chart's line for it.
"""

from __future__ import annotations

from collections.abc import Callable

from ..text import _


class ReturnsNothing(Exception):
    """A student's function returned nothing (None, or the ``...`` placeholder): its body is not finished."""


def answer_of(function: Callable[..., object], **arguments: object) -> object:
    """What a student's ``function`` returns for ``arguments``, checked where a panel calls it.

    Raises
    ------
    ReturnsNothing
        If it returns None or ``...``: a body that is still the placeholder, or has no ``return``.
    """
    result = function(**arguments)
    if result is None or result is Ellipsis:
        raise ReturnsNothing(f"{getattr(function, '__name__', 'the function')} returned {result!r}")
    return result


def unfinished(error: Exception, what: str = "Your model", verb: str = "draw") -> str:
    """The status a panel shows when a student's function fails: what failed, and what to do.

    A function that returns nothing yet (`answer_of` raised `ReturnsNothing`) is told so in plain words.
    """
    if isinstance(error, ReturnsNothing):
        return _(
            "{what} returns nothing yet: finish its body (replace the ...), return the value, run its cell, "
            "then this one."
        ).format(what=_(what))
    return _("{what} does not {verb} yet ({kind}: {error}): finish it, run its cell, then this one.").format(
        what=_(what), verb=_(verb), kind=type(error).__name__, error=error
    )
