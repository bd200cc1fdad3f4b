"""Self-checks that teach: a direction and a named mistake, never the answer after one try.

A lesson declares its exercises as `Number`, `Choice` and `Function` questions and gathers
them in a `Workbook`; the notebook then calls three functions::

    lesson.check(1, answer)   # right, or too high / too low, with a hint if it is a known mistake
    lesson.hint(1)            # the method, with no numbers
    lesson.solution(1)        # the worked arithmetic and the answer, after one real attempt

Each number question states its precision (``places=2``: "to two decimals") and accepts
any answer within half a unit of the last place asked, so the precision it asks for is
the precision it judges. Answers may be a number, a one-value Series or array, or text
such as ``"0.15"``; choices accept ``"b"``, ``"B"``, ``"(b)"`` or ``2.0`` for option 2.
Expected values come from the models when a check runs, never from a copy in the text.
Each attempt is recorded for the trainer (`o2o_models.workshop.progress`; students can opt out).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from ..workshop import progress

_UNIT_SLIPS = (
    (
        100.0,
        "It looks like a percentage typed where a fraction was asked (or the other way round): write 15% as 0.15.",
    ),
    (0.01, "It looks like a fraction typed where a percentage was asked: write 0.15 as 15."),
    (1000.0, "It looks like yuan typed where thousands of yuan were asked (or the other way round)."),
    (0.001, "It looks like thousands of yuan typed where yuan were asked."),
    (-1.0, "The size is right but the sign is not: is it a loss or a gain?"),
)
_WORDS = {0: "a whole number", 1: "to one decimal", 2: "to two decimals", 3: "to three decimals"}


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


class Note(str):
    """Text a notebook shows as Markdown (a hint or a worked solution)."""

    def _repr_markdown_(self) -> str:
        return str(self)


def plain(value: float, unit: str = "", places: int = 2) -> str:
    """A number as a reader writes it: thousands separated, no exponent, at most ``places`` decimals.

    Examples
    --------
    >>> plain(36250.0, "CNY", 0), plain(0.15384, "", 3), plain(-10, "CNY per voucher")
    ('36,250 CNY', '0.154', '-10 CNY per voucher')
    """
    shown = f"{value:,.{max(places, 0)}f}"
    if "." in shown:
        shown = shown.rstrip("0").rstrip(".")
    return f"{shown} {unit}".strip()


def as_number(answer: object) -> float | None:
    """The student's answer as a float, or None if it is not one number.

    Accepts numbers, numpy scalars, 0-d and one-element arrays, one-value Series and
    DataFrames, and text such as ``"0.15"``, ``"15%"`` (read as 0.15) or ``"36,250"``.
    """
    if isinstance(answer, (pd.Series, pd.DataFrame, np.ndarray, list, tuple)):
        values = np.asarray(answer, dtype=object).reshape(-1)
        return as_number(values[0]) if values.size == 1 else None
    if isinstance(answer, (bool, np.bool_)):
        return None
    if isinstance(answer, (Real, np.number)):
        number = float(answer)
        return number if math.isfinite(number) else None
    if isinstance(answer, str):
        text = answer.strip().replace(",", "").replace("CNY", "").replace("¥", "").strip()
        scale = 0.01 if text.endswith("%") else 1.0
        try:
            number = float(text.rstrip("%")) * scale
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


@dataclass
class Question:
    """What every question shares: a key, a hint and a worked solution, and the attempts so far."""

    key: str
    hint: str
    working: Callable[[], str]
    attempts: int = field(default=0, init=False)

    def feedback(self, answer: object) -> Feedback:
        raise NotImplementedError

    def check(self, answer: object) -> Feedback:
        verdict = self.feedback(answer)
        if answer is not Ellipsis and answer is not None:
            self.attempts += 1
        return verdict


def _tolerance(places: int) -> float:
    return 0.5 * 10.0 ** (-places) * (1 + 1e-9)


@dataclass
class Number(Question):
    """A numeric question: the model's value, its unit and the precision asked.

    ``places`` is the last decimal place asked: 2 for "to two decimals", 0 for a whole
    number, -2 for "to the nearest 100". ``mistakes`` maps a known mistake's name to a
    function giving the value it produces and the hint that names it.
    """

    expected: Callable[[], float] = field(default=lambda: 0.0)
    unit: str = ""
    places: int = 2
    mistakes: Mapping[str, tuple[Callable[[], float], str]] = field(default_factory=dict)

    @property
    def precision(self) -> str:
        """The precision asked, in words: "to two decimals", "a whole number", "to the nearest 100"."""
        return (
            _WORDS.get(self.places, f"to {self.places} decimals")
            if self.places >= 0
            else f"to the nearest {10**-self.places:,}"
        )

    def feedback(self, answer: object) -> Feedback:
        if answer is None or answer is Ellipsis:
            return Feedback(
                False, f"No answer yet: replace the `...` with your answer ({self.unit}, {self.precision})."
            )
        value = as_number(answer)
        if value is None:
            return Feedback(False, f"{answer!r} is not one number: write one number ({self.unit}, {self.precision}).")
        expected, tolerance = float(self.expected()), _tolerance(self.places)
        if abs(value - expected) <= tolerance:
            return Feedback(True, f"Right: {plain(expected, self.unit, max(self.places, 0) + 1)}.")
        shown = plain(value, self.unit, max(self.places, 0) + 2)
        for produce, hint in self.mistakes.values():
            if abs(value - float(produce())) <= tolerance:
                return Feedback(False, f"{shown} is what you get if {hint}")
        for factor, hint in _UNIT_SLIPS:
            if expected != 0 and abs(value - expected * factor) <= abs(factor) * tolerance:
                return Feedback(False, f"{shown}: {hint}")
        return Feedback(False, f"{shown} is {'too high' if value > expected else 'too low'}.")


@dataclass
class Choice(Question):
    """A multiple-choice question: options ``a``, ``b``, ... each with why it is right or wrong."""

    expected: str = "a"
    explanations: Mapping[str, str] = field(default_factory=dict)

    def option(self, answer: object) -> str | None:
        """The option a student meant: ``"b"``, ``"B"``, ``"(b)"``, ``" b) "`` or ``2`` all mean b."""
        keys = list(self.explanations)
        number = as_number(answer) if not isinstance(answer, str) else None
        if number is not None and float(number).is_integer() and 1 <= number <= len(keys):
            return keys[int(number) - 1]
        if isinstance(answer, str):
            text = re.sub(r"[\s()\[\].:]", "", answer).lower()
            if text in keys:
                return text
            if text.isdigit() and 1 <= int(text) <= len(keys) and not keys[0].isdigit():
                return keys[int(text) - 1]
        return None

    def feedback(self, answer: object) -> Feedback:
        options = ", ".join(f'"{key}"' for key in self.explanations)
        if answer is None or answer is Ellipsis:
            return Feedback(False, f"No answer yet: choose one of {options}.")
        key = self.option(answer)
        if key is None:
            return Feedback(False, f"{answer!r} is not an option: choose one of {options}.")
        return Feedback(key == self.expected, self.explanations[key])


@dataclass
class Function(Question):
    """A question answered with a function: tried on cases the student has not seen.

    ``cases`` are keyword arguments; ``reference`` is the model's own version. The check
    names the first case where the student's function differs, and in which direction.
    """

    reference: Callable[..., Any] = field(default=lambda **_: 0.0)
    cases: Sequence[Mapping[str, Any]] = ()
    unit: str = ""
    rel_tol: float = 1e-6

    def feedback(self, answer: object) -> Feedback:
        if answer is None or answer is Ellipsis:
            return Feedback(False, "No answer yet: define your function, then pass it here by name.")
        if not callable(answer):
            return Feedback(False, f"{answer!r} is not a function: pass your function's name, without brackets.")
        for case in self.cases:
            shown = ", ".join(f"{name}={value!r}" for name, value in case.items())
            try:
                result = answer(**case)
                got = np.asarray(result, dtype=float)
            except Exception as error:  # noqa: BLE001 - any error in student code is reported, not raised
                return Feedback(False, f"Your function fails for {shown}: {type(error).__name__}: {error}")
            if result is None:
                return Feedback(
                    False,
                    "Your function returns nothing yet: finish its body (replace the `...`) and `return` the value.",
                )
            want = np.asarray(self.reference(**case), dtype=float)
            if got.shape != want.shape:
                return Feedback(False, f"For {shown} your function returns shape {got.shape}; expected {want.shape}.")
            if not np.allclose(got, want, rtol=self.rel_tol, atol=1e-9):
                direction = "too high" if np.nansum(got - want) > 0 else "too low"
                return Feedback(False, f"For {shown} your function's result is {direction}: try that case by hand.")
        return Feedback(True, f"Right on all {len(self.cases)} test cases. Your model is drawn in the panel below.")


class Workbook:
    """A lesson's exercises by number, with `check`, `hint` and `solution` for the notebook."""

    def __init__(self, lesson: str, questions: Mapping[int, Question]) -> None:
        self.lesson = lesson
        self.questions = dict(questions)

    def _question(self, number: object) -> Question:
        if number not in self.questions:
            raise ValueError(
                f"exercise={number!r} is not an exercise of this lesson; "
                f"choose one of {', '.join(map(str, self.questions))}"
            )
        return self.questions[number]  # type: ignore[index]

    def check(self, number: int, answer: object) -> Feedback:
        """Check ``answer`` to exercise ``number``: right, or the direction and any known mistake."""
        question = self._question(number)
        verdict = question.check(answer)
        if answer is Ellipsis or answer is None:
            return verdict
        progress.record_attempt(self.lesson, question.key, verdict.correct)
        if verdict.correct:
            return verdict
        return Feedback(False, f"{verdict.message} Try again, or run `lesson.hint({number})`.")

    def hint(self, number: int) -> Note:
        """The method for exercise ``number``, without numbers."""
        return Note(f"**Hint.** {self._question(number).hint}")

    def solution(self, number: int) -> Note:
        """The worked solution of exercise ``number``, once it has been tried at least once."""
        question = self._question(number)
        if question.attempts == 0:
            return Note(
                f"Try exercise {number} first: run `check({number}, answer)` with your own answer, "
                f"then ask again. `hint({number})` gives the method."
            )
        return Note(f"**Solution.** {question.working()}")
