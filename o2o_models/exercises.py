"""Self-checks for the lessons' exercises: say whether an answer is right, and why not.

`check_number` compares a student's number with the model's and explains the gap: too
high or too low and by how much, or a likely slip of unit (a percentage typed as a
fraction, yuan typed as thousands of yuan, a sign the wrong way round).
`check_choice` does the same for a multiple-choice answer. Each returns a `Feedback`
that prints as a short message in a notebook.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real

from .validation import check_range

_UNIT_SLIPS = (
    (100.0, "It looks like a percentage typed where a fraction was asked (or the other way round): "
            "write 15% as 0.15."),
    (0.01, "It looks like a fraction typed where a percentage was asked: write 0.15 as 15."),
    (1000.0, "It looks like yuan typed where thousands of yuan were asked (or the other way round)."),
    (0.001, "It looks like thousands of yuan typed where yuan were asked."),
    (-1.0, "The size is right but the sign is not: is it a loss or a gain?"),
)


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``correct`` and a sentence that explains it."""

    correct: bool
    message: str

    def __str__(self) -> str:
        return ("✅ " if self.correct else "❌ ") + self.message

    def _repr_markdown_(self) -> str:
        return str(self)

    def __bool__(self) -> bool:
        return self.correct


def _close(answer: float, expected: float, rel_tol: float, abs_tol: float) -> bool:
    return math.isclose(answer, expected, rel_tol=rel_tol, abs_tol=abs_tol)


def check_number(
    answer: object,
    expected: float,
    *,
    unit: str,
    rel_tol: float = 0.02,
    abs_tol: float = 1e-9,
    why: str = "",
) -> Feedback:
    """Check a numeric answer against the model's value and explain any gap.

    Parameters
    ----------
    answer : what the student wrote.
    expected : the value the model computes.
    unit : the unit of the answer, named in the feedback (e.g. ``"CNY per voucher"``).
    rel_tol, abs_tol : how close counts as right (default within 2%).
    why : one sentence on the reasoning, added to the feedback either way.

    Returns
    -------
    Feedback
        Right; or too high / too low with the relative gap; or a likely unit slip.
    """
    check_range("expected", expected, -math.inf, math.inf, "the model's value")
    check_range("rel_tol", rel_tol, 0, 1, "the relative tolerance")
    tail = f" {why}" if why else ""
    if answer is None or answer is Ellipsis:
        return Feedback(False, f"No answer yet: replace the `...` with a number in {unit}.")
    if isinstance(answer, bool) or not isinstance(answer, Real) or math.isnan(float(answer)):
        return Feedback(False, f"{answer!r} is not a number: write a number in {unit}.")
    value = float(answer)
    if _close(value, expected, rel_tol, abs_tol):
        return Feedback(True, f"Right: {expected:,.4g} {unit}.{tail}")
    for factor, hint in _UNIT_SLIPS:
        if expected != 0 and _close(value, expected * factor, rel_tol, abs_tol):
            return Feedback(False, f"{value:,.4g} is not {unit} as asked. {hint}")
    direction = "high" if value > expected else "low"
    if expected != 0:
        gap = abs(value - expected) / abs(expected)
        size = f"{gap:.0%} too {direction}"
    else:
        size = f"too {direction}: the answer is 0"
    return Feedback(False, f"{value:,.4g} {unit} is {size}. Check each step of the equation.{tail}")


def check_choice(answer: object, expected: str, explanations: dict[str, str]) -> Feedback:
    """Check a multiple-choice answer (a letter or option key) and explain the choice made.

    ``explanations`` maps every option to why it is right or wrong.
    """
    if answer is None or answer is Ellipsis:
        return Feedback(False, f"No answer yet: choose one of {', '.join(sorted(explanations))}.")
    key = str(answer).strip()
    if key not in explanations:
        return Feedback(False, f"{answer!r} is not an option: choose one of {', '.join(sorted(explanations))}.")
    return Feedback(key == expected, explanations[key])
